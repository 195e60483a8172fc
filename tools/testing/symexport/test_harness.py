# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the symexport harness, on fake kernel trees.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import dataclasses
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
import harness_printer  # noqa: E402
import harness_proc  # noqa: E402
import harness_apt  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness_steps  # noqa: E402
import harness_run  # noqa: E402
import harness  # noqa: E402

HERE = Path(__file__).resolve().parent
SUBDIR = Path("lib/symexport")


def write(path, text):
	"""Create PATH (and its parents) holding TEXT."""
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)
	return path


def make_tree(root, version=(6, 12), kunit_py="import sys\nsys.exit(0)\n"):
	"""Create a fake kernel tree at ROOT with a kunit.py stub."""
	write(root / "Makefile", f"# SPDX-License-Identifier: GPL-2.0\n"
	      f"VERSION = {version[0]}\nPATCHLEVEL = {version[1]}\n"
	      "SUBLEVEL = 0\nEXTRAVERSION =\n")
	write(root / "lib/Kconfig", "config FAKE\n\tbool\n")
	write(root / "lib/Makefile", "obj-y += fake.o")	# no final newline
	write(root / harness_kernels.KUNIT_PY, kunit_py)
	return root


def make_project(root):
	"""Create a fake project checkout at ROOT, with build artifacts."""
	write(root / "Kconfig", "config SYMEXPORT_KUNIT_TEST\n\tbool\n")
	write(root / "Makefile", "obj-y += providers/ consumers/ kunit/\n")
	write(root / ".kunitconfig", "CONFIG_KUNIT=y\n")
	write(root / "kunit/Makefile", "obj-y += a_test.o\n")
	write(root / "kunit/a_test.c", "/* test */\n")
	write(root / "kunit/sub/helper.h", "/* helper */\n")
	write(root / "providers/p.c", "/* provider */\n")
	write(root / "consumers/c.c", "/* consumer */\n")
	write(root / "configs/modversions.kunitconfig", "CONFIG_MODVERSIONS=y\n")
	for junk in ("kunit/a_test.o", "kunit/.a_test.o.cmd", "kunit/a_test.c~",
		     "providers/p.ko", "consumers/c.mod.c"):
		write(root / junk, "junk\n")
	(root / "kunit/modctl").write_bytes(b"\x7fELF\x02\x01\x01")
	return root


def snapshot(root):
	"""Map every file under ROOT to its mtime in nanoseconds."""
	return {p: p.stat().st_mtime_ns for p in Path(root).rglob("*")
		if p.is_file()}


def process_gone(pid, wait=3.0):
	"""True once PID no longer exists or is a zombie (killed, unreaped)."""
	deadline = time.monotonic() + wait
	while True:
		try:
			stat = Path(f"/proc/{pid}/stat").read_bytes()
		except OSError:
			return True
		if stat[stat.rfind(b")") + 2:].split()[0] == b"Z":
			return True
		if time.monotonic() > deadline:
			return False
		time.sleep(0.05)


def kill_survivors(pids):
	"""SIGKILL those of PIDS still running (after a failed test)."""
	for pid in pids:
		if not process_gone(pid, wait=0):
			with contextlib.suppress(ProcessLookupError):
				os.kill(pid, signal.SIGKILL)


def options(**overrides):
	"""Return run options as parse_options() would, with OVERRIDES."""
	opts = harness.parse_options("run", "", [])
	for key, value in overrides.items():
		setattr(opts, key, value)
	return opts


class TempDirTest(unittest.TestCase):
	"""Gives each test a temporary directory, self.tmp."""

	def setUp(self):
		self._tmp = tempfile.TemporaryDirectory(prefix="symexport-test-")
		self.tmp = Path(self._tmp.name)

	def tearDown(self):
		self._tmp.cleanup()


class InstallTest(TempDirTest):
	"""install_project() and the hook into the parent directory."""

	def setUp(self):
		super().setUp()
		self.tree = make_tree(self.tmp / "linux")
		self.project = make_project(self.tmp / "project")
		self.target = self.tree / SUBDIR

	def install(self):
		return harness_tree.install_project(self.project, self.tree, str(SUBDIR))

	def test_install_copies_sources_only(self):
		self.install()
		installed = sorted(p.relative_to(self.target).as_posix()
				   for p in self.target.rglob("*") if p.is_file())
		self.assertEqual(installed, [
			".kunitconfig", "Kconfig", "Makefile",
			"configs/modversions.kunitconfig", "consumers/c.c",
			"kunit/Makefile", "kunit/a_test.c", "kunit/sub/helper.h",
			"providers/p.c"])

	def test_install_twice_changes_nothing(self):
		self.assertTrue(self.install())
		for path in snapshot(self.tree):
			os.utime(path, ns=(10**18, 10**18))
		before = snapshot(self.tree)
		self.assertEqual(self.install(), [])
		self.assertEqual(snapshot(self.tree), before)
		kconfig = (self.tree / "lib/Kconfig").read_text().splitlines()
		makefile = (self.tree / "lib/Makefile").read_text().splitlines()
		self.assertEqual(kconfig.count('source "lib/symexport/Kconfig"'), 1)
		self.assertEqual(makefile, ["obj-y += fake.o", "obj-y += symexport/"])

	def test_changed_file_is_rewritten(self):
		self.install()
		write(self.project / "providers/p.c", "/* new */\n")
		self.assertEqual(self.install(), [self.target / "providers/p.c"])
		self.assertEqual((self.target / "providers/p.c").read_text(),
				 "/* new */\n")

	def test_removed_file_is_removed(self):
		self.install()
		(self.project / "kunit/sub/helper.h").unlink()
		(self.project / "kunit/sub").rmdir()
		self.install()
		self.assertFalse((self.target / "kunit/sub").exists())
		self.assertTrue((self.target / "kunit/a_test.c").exists())

	def test_existing_hook_with_other_spacing_is_kept(self):
		write(self.tree / "lib/Makefile", "obj-y\t+=  symexport/\n")
		self.install()
		self.assertEqual((self.tree / "lib/Makefile").read_text(),
				 "obj-y\t+=  symexport/\n")

	def test_bad_subdir_is_refused(self):
		for subdir in ("symexport", "/lib/symexport", "lib/../symexport"):
			with self.assertRaises(harness_kernels.HarnessError) as ctx:
				harness_tree.install_project(self.project, self.tree, subdir)
			self.assertEqual(ctx.exception.code, 2)
			self.assertIn("lib/symexport", str(ctx.exception))

	def test_parent_without_kconfig_is_refused(self):
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.install_project(self.project, self.tree, "nolib/symexport")
		self.assertIn("no Kconfig", str(ctx.exception))


class KernelTreeTest(TempDirTest):
	"""Version parsing and refusal of unusable trees."""

	def assert_refused(self, tree, *words):
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.validate_kernel_tree(tree)
		self.assertEqual(ctx.exception.code, 2)
		for word in words:
			self.assertIn(word, str(ctx.exception))
		self.assertNotIn("\n", str(ctx.exception))

	def test_version_is_parsed(self):
		tree = make_tree(self.tmp / "linux")
		self.assertEqual(harness_tree.read_kernel_version(tree), (6, 12))
		self.assertEqual(harness_tree.validate_kernel_tree(tree), (6, 12))

	def test_minimum_version_is_accepted(self):
		tree = make_tree(self.tmp / "linux", version=harness_kernels.MIN_KERNEL)
		self.assertEqual(harness_tree.validate_kernel_tree(tree), (6, 1))

	def test_old_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux", version=(5, 15))
		self.assert_refused(tree, "5.15", "6.1", "linux-source-7.3")

	def test_non_kernel_dir_is_refused(self):
		write(self.tmp / "Makefile", "all:\n")
		self.assert_refused(self.tmp, "not a kernel source tree",
				    "linux-source-7.3")

	def test_missing_dir_is_refused(self):
		self.assert_refused(self.tmp / "nope", "no kernel tree",
				    "--kernel-src", "linux-source-7.3")

	def test_configured_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux")
		write(tree / ".config", "CONFIG_UML=y\n")
		self.assert_refused(tree, "make mrproper")

	def test_build_dir_inside_project_is_refused(self):
		project = make_project(self.tmp / "project")
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.check_build_dir(project / "build", project)
		self.assertIn("--build-dir", str(ctx.exception))
		harness_tree.check_build_dir(self.tmp / "build", project)

	def test_tarball_is_unpacked_into_place(self):
		src = write(self.tmp / "src/linux-source-6.12/Makefile", "VERSION = 6\n")
		tarball = self.tmp / "linux.tar"
		with tarfile.open(tarball, "w") as tar:
			tar.add(src.parent, arcname="linux-source-6.12")
		tree = self.tmp / "cache/linux-source-6.12"
		with contextlib.redirect_stdout(io.StringIO()):
			harness_tree.extract_tarball(tarball, tree)
		self.assertEqual((tree / "Makefile").read_text(), "VERSION = 6\n")
		self.assertEqual(sorted(p.name for p in tree.parent.iterdir()),
				 [".linux-source-6.12.lock", "linux-source-6.12"])

	def run_script(self, *args):
		env = dict(os.environ, SYMEXPORT_NO_INSTALL="1",
			   XDG_CACHE_HOME=str(self.tmp / "cache"))
		return subprocess.run([sys.executable, str(HERE / "run"), *args],
				      capture_output=True, text=True, env=env,
				      stdin=subprocess.DEVNULL, timeout=30)

	def test_run_script_refuses_bad_trees_with_one_line(self):
		old = make_tree(self.tmp / "old", version=(5, 15))
		for tree, words in ((self.tmp / "nonexistent", "no kernel tree"),
				    (self.tmp, "not a kernel source tree"),
				    (old, "6.1 or newer")):
			proc = self.run_script("--kernel-src", str(tree))
			self.assertEqual(proc.returncode, 2, proc.stderr)
			self.assertEqual(proc.stdout, "")
			self.assertEqual(len(proc.stderr.splitlines()), 1)
			self.assertIn(words, proc.stderr)


class UmlXstateFixTest(TempDirTest):
	"""UML_XSTATE_FIX: applied once to Debian's trees, never elsewhere."""

	OLD = ("void arch_init_registers(int pid)\n{\n" +
	       harness_tree.UML_XSTATE_FIX[1] + "}\n")

	def test_fix_is_applied_once(self):
		path = write(self.tmp / harness_tree.UML_XSTATE_FIX[0], self.OLD)
		with contextlib.redirect_stdout(io.StringIO()) as out:
			self.assertTrue(harness_tree.fix_tree(self.tmp))
			self.assertFalse(harness_tree.fix_tree(self.tmp))
		text = path.read_text()
		self.assertIn("PTRACE_SETREGSET, pid, NT_X86_XSTATE", text)
		self.assertEqual(text.count("have_xstate_support = 1;"), 1)
		self.assertEqual(out.getvalue().count("symexport: fixed "), 1)

	def test_tree_without_the_old_text_is_left_alone(self):
		path = write(self.tmp / harness_tree.UML_XSTATE_FIX[0], "other\n")
		self.assertFalse(harness_tree.fix_tree(self.tmp))
		self.assertEqual(path.read_text(), "other\n")
		self.assertFalse(harness_tree.fix_tree(self.tmp / "nothing"))

	def test_debian_tree_is_fixed_and_given_tree_is_not(self):
		with mock.patch.dict(os.environ,
				     {"XDG_CACHE_HOME": str(self.tmp / "cache")}):
			tree = make_tree(harness_tree.default_kernel_src())
			write(tree / harness_tree.UML_XSTATE_FIX[0], self.OLD)
			mine = make_tree(self.tmp / "mine")
			write(mine / harness_tree.UML_XSTATE_FIX[0], self.OLD)
			with contextlib.redirect_stdout(io.StringIO()), \
			     mock.patch.object(harness_tree, "ensure_build_tools"):
				harness_tree.prepare_kernel_tree(None)
				harness_tree.prepare_kernel_tree(str(mine))
		self.assertNotIn(harness_tree.UML_XSTATE_FIX[1],
				 (tree / harness_tree.UML_XSTATE_FIX[0]).read_text())
		self.assertIn(harness_tree.UML_XSTATE_FIX[1],
			      (mine / harness_tree.UML_XSTATE_FIX[0]).read_text())


class ResultsTest(TempDirTest):
	"""Parsing kunit.py's JSON."""

	RESULTS = {
		"name": "KUnit Test Group",
		"sub_groups": [
			{"name": "symexport_resolution", "sub_groups": [], "test_cases": [
				{"name": "gpl_export", "status": "PASS"},
				{"name": "data_export", "status": "SKIP"},
			]},
			{"name": "symexport_refcount", "test_cases": [
				{"name": "two_consumers", "status": "FAIL"},
			], "sub_groups": [
				{"name": "load_param", "sub_groups": [], "test_cases": [
					{"name": "order 1", "status": "PASS"},
					{"name": "order 2", "status": "ERROR"},
				]},
			]},
		],
		"test_cases": [],
	}

	def test_nested_groups_are_counted(self):
		path = write(self.tmp / "r.json", json.dumps(self.RESULTS))
		cases = harness_results.load_cases(path)
		self.assertEqual([(c.name, c.status) for c in cases], [
			("symexport_resolution.gpl_export", "PASS"),
			("symexport_resolution.data_export", "SKIP"),
			("symexport_refcount.two_consumers", "FAIL"),
			("symexport_refcount.load_param.order 1", "PASS"),
			("symexport_refcount.load_param.order 2", "ERROR"),
		])
		self.assertEqual(harness_results.tally(cases), (2, 2, 1))

	def test_unusable_json_gives_none(self):
		self.assertIsNone(harness_results.load_cases(self.tmp / "missing.json"))
		self.assertIsNone(harness_results.load_cases(write(self.tmp / "e.json", "")))
		self.assertIsNone(harness_results.load_cases(write(self.tmp / "b.json", "{")))


HANG_STUB = """\
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", '''
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
if {setsid}:
	os.setsid()	# as UML does
open({pidfile!r} + ".tmp", "w").write(f"{{os.getppid()}} {{os.getpid()}}")
os.rename({pidfile!r} + ".tmp", {pidfile!r})
while True:
	time.sleep(1)
'''])
print("stub: hanging", flush=True)
while True:
	time.sleep(1)
"""


class ProcessTest(TempDirTest):
	"""run_process(): timeouts and signals kill every process kunit.py made."""


	def test_a_reused_pid_is_not_the_process_seen(self):
		me = os.getpid()
		table = {me: ("R", os.getppid(), 0, 0)}
		started = harness_proc.start_time(me)
		self.assertIsNotNone(started)
		self.assertEqual(harness_proc.still_running({me: started}, table), {me})
		# The same pid, started at another time: somebody else's now.
		self.assertEqual(harness_proc.still_running({me: started + 1}, table),
				 set())
		self.assertEqual(harness_proc.still_running({me: started}, {}), set())
	def hang_stub(self, setsid):
		self.pidfile = self.tmp / "pids"
		tree = make_tree(self.tmp / "linux", kunit_py=HANG_STUB.format(
			setsid=setsid, pidfile=str(self.pidfile)))
		return [sys.executable, harness_kernels.KUNIT_PY, "run"], tree

	def read_pids(self):
		return [int(pid) for pid in self.pidfile.read_text().split()]

	def check_timeout_kills_all(self, setsid):
		cmd, tree = self.hang_stub(setsid)
		start = time.monotonic()
		with contextlib.redirect_stdout(io.StringIO()) as out:
			result = harness_proc.run_process(cmd, tree, 2, self.tmp / "log")
		self.assertTrue(result.timed_out)
		self.assertLess(time.monotonic() - start, 8)
		self.assertIn("stub: hanging", result.tail)
		self.assertIn("stub: hanging", out.getvalue())
		self.assertIn("stub: hanging", (self.tmp / "log").read_text())
		for pid in self.read_pids():
			self.assertTrue(process_gone(pid), f"process {pid} survived")

	def test_timeout_kills_process_group(self):
		self.check_timeout_kills_all(setsid=False)

	def test_timeout_kills_child_that_left_session(self):
		self.check_timeout_kills_all(setsid=True)

	def test_sigterm_kills_all_and_exits_143(self):
		cmd, tree = self.hang_stub(setsid=True)
		driver = subprocess.Popen(
			[sys.executable, "-c", textwrap.dedent(f"""\
				import sys
				sys.dont_write_bytecode = True
				sys.path.insert(0, {str(HERE)!r})
				import harness_proc
				harness_proc.run_process({cmd!r}, {str(tree)!r}, 60,
						    {str(self.tmp / 'log')!r})
				""")],
			stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
		deadline = time.monotonic() + 10
		while not self.pidfile.exists() and time.monotonic() < deadline:
			time.sleep(0.05)
		driver.send_signal(signal.SIGTERM)
		self.assertEqual(driver.wait(timeout=10), 128 + signal.SIGTERM)
		for pid in self.read_pids():
			self.assertTrue(process_gone(pid), f"process {pid} survived")


# The kunit.py, make and objcopy stubs read their orders from fake.json in
# the kernel tree (their working directory) and append each command line,
# with their working directory, to the file named by its "calls".
KUNIT_STUB = """\
import json, os, subprocess, sys, time
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["kunit.py", os.getcwd()] + args) + "\\n")

def opt(name):
	return [a.split("=", 1)[1] for a in args if a.startswith(name + "=")]

build_dir = opt("--build_dir")[0]
# The configuration: its fragment's name (configs/NAME.kunitconfig).
fragments = opt("--kunitconfig")[1:]
config = os.path.basename(fragments[0]).split(".")[0] if fragments else "main"
if args[0] == "build":
	print(f"stub: building {config}", flush=True)
	child = None
	if config in conf.get("build_child", ()):
		# Left in a session of its own, as UML does; shows whether
		# another tree's clean-up killed it.
		pids = conf["pids"] + "." + config
		child = subprocess.Popen([sys.executable, "-c", "\\n".join([
			"import os, sys, time",
			"os.setsid()",
			"open(sys.argv[1] + '.tmp', 'w').write(str(os.getpid()))",
			"os.rename(sys.argv[1] + '.tmp', sys.argv[1])",
			"while True: time.sleep(1)"]), pids])
		while not os.path.exists(pids):
			time.sleep(0.01)
	time.sleep(conf.get("build_sleeps", {}).get(config,
						    conf.get("build_sleep", 0)))
	print(f"stub: built {config}", flush=True)
	if child is not None and child.poll() is not None:
		print("stub: my child was killed", flush=True)
		sys.exit(5)
	if config in conf.get("build_fails", ["main"] if conf.get("build_status")
			      else []):
		sys.exit(conf.get("build_status", 2))
	os.makedirs(os.path.join(build_dir, "include/config"), exist_ok=True)
	with open(os.path.join(build_dir, "include/config/kernel.release"),
		  "w") as f:
		f.write(conf.get("release", "6.12.117") + "\\n")
	sys.exit(0)
assert args[0] == "exec", args
globs = [a for a in args[1:] if not a.startswith("-")]
if "--list_tests" in args:
	print("[02:12:23] Starting KUnit Kernel (1/1)...")
	print("TAP version 14")
	for number, name in enumerate(conf["listed"]):
		print(("[02:12:24] " if number % 2 == 0 else "") + name)
	print("# Totals: pass:0 fail:0 skip:0 total:0")
	sys.exit(0)
time.sleep(conf.get("exec_sleep", 0))
boot = "own" if "symexport.own_boot=1" in opt("--kernel_args") else config
if boot in conf.get("crash", ()):
	if conf.get("kernel_log", True):
		with open(os.path.join(build_dir, "test.log"), "w") as log:
			log.write("booting\\nKernel panic - not syncing: fake\\n")
	print("stub: the kernel crashed", flush=True)
	sys.exit(1)
if boot == "own":
	assert len(globs) == 1, globs
	suite, case = globs[0].split(".")
	suites = [[suite, [[case, "PASS"]]]]
else:
	suites = conf[boot]
flaky = conf.get("flaky")	# one case's status in the Nth main boot
if flaky and boot == "main":
	count = 0
	if os.path.exists(flaky["counter"]):
		count = int(open(flaky["counter"]).read())
	with open(flaky["counter"], "w") as f:
		f.write(str(count + 1))
	status = flaky["statuses"][count % len(flaky["statuses"])]
	suites = [[suite, [[name, status if suite + "." + name == flaky["case"]
			    else old] for name, old in cases]]
		  for suite, cases in suites]
results = conf.get("results") or {"name": "KUnit Test Group", "sub_groups": [
	{"name": suite, "sub_groups": [], "test_cases": [
		{"name": name, "status": status} for name, status in cases]}
	for suite, cases in suites], "test_cases": []}
print("stub: running", flush=True)
if config in conf.get("console", {}):
	with open(os.path.join(build_dir, "test.log"), "w") as log:
		log.write("\\n".join(conf["console"][config]) + "\\n")
with open(opt("--json")[0], "w") as out:
	json.dump(results, out)
sys.exit(conf.get("exec_status", 0))
"""

# Simulates the passes of harness_config.EXT_PASSES like kbuild and modpost would.
# The provider's CRCs are zero unless the build dir is the modversions one.
# As kbuild does, modpost is skipped (no messages, only the .ko files are
# linked again) while M's Module.symvers exists and the last successful
# modpost had the same command line; a failed modpost leaves both alone.
MAKE_STUB = """\
import glob, json, os, sys, time
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["make", os.getcwd()] + args) + "\\n")
var = dict(a.split("=", 1) for a in args if "=" in a)
m = var["M"]
build_dir = args[args.index("-C") + 1]
modversions = build_dir.endswith("-modversions")
time.sleep(conf.get("make_sleeps", {}).get(
	"modversions" if modversions else "main", 0))
symvers = var.get("KBUILD_EXTRA_SYMBOLS")
symdump = os.path.join(m, "Module.symvers")
cmd_file = os.path.join(m, ".Module.symvers.cmd")
key = json.dumps(sorted(var.items()))
modpost = not (os.path.isfile(symdump) and os.path.isfile(cmd_file) and
	       open(cmd_file).read() == key)

def write(name, data=b"\\x7fELF fake\\n"):
	with open(os.path.join(m, name), "wb") as f:
		f.write(data)

def modpost_succeeded(text=""):
	if modpost:
		with open(symdump, "w") as f:
			f.write(text)
		with open(cmd_file, "w") as f:
			f.write(key)

if not os.path.isfile(os.path.join(m, "Kbuild")):
	print("make: *** no Kbuild in " + m)
	sys.exit(2)
if symvers and not os.path.isfile(symvers):
	print("make: no " + symvers)
	sys.exit(3)
if m.endswith("providers/external"):
	if conf.get("provider_fails"):
		print("symexport_ext_provider.c:1: error: fake")
		sys.exit(2)
	write("symexport_ext_provider.ko")
	write("symexport_ext_dup.ko")
	write("symexport_ext_formod.ko")
	write("symexport_ext_noflags.ko")
	write("symexport_ext_oldgpl.ko")
	crcs = ("0x1234abcd", "0x0badc0de", "0x5eed5eed", "0x10ec10ec") \\
		if modversions else ("0x00000000",) * 4
	lines = [f"{crc}\\tsymexport_ext_{name}\\t{m}/symexport_ext_provider\\t"
		 f"EXPORT_SYMBOL{gpl}\\t{ns}\\n" for crc, (name, gpl, ns) in zip(crcs, (
			("add", "", ""), ("gpl_mul", "_GPL", ""),
			("ns_add", "", "SYMEXPORT_NS"),
			("add_with_a_name_too_long_for_struct_modversion_info",
			 "", "")))]
	modpost_succeeded(conf.get("symvers", "".join(lines)))
	sys.exit(0)
if m.endswith("consumers/external"):
	kos = ("symexport_ext_gpl_user.ko", "symexport_ext_weak.ko",
	       "symexport_ext_ns_user.ko", "symexport_ext_unversioned_user.ko",
	       "symexport_ext_formod_listed.ko", "symexport_ext_formod_glob_user.ko",
	       "symexport_ext_formod_unlisted.ko", "symexport_ext_formod_dash.ko",
	       "symexport_ext_formod_proprietary.ko")
	if symvers and modpost:
		if glob.glob(os.path.join(m, "*.ko")):
			print("make: stale .ko files in " + m)
			sys.exit(3)
		if not conf.get("negative_succeeds"):
			for ko in kos[:2]:
				print(f"ERROR: modpost: GPL-incompatible module {ko} "
				      "uses GPL-only symbol 'symexport_ext_gpl_mul'")
			print("ERROR: modpost: module symexport_ext_ns_user uses "
			      "symbol symexport_ext_ns_add from namespace "
			      "SYMEXPORT_NS, but does not import it.")
			print("make[2]: *** [scripts/Makefile.modpost:145: "
			      "Module.symvers] Error 1")
			sys.exit(2)
	elif var.get("KBUILD_MODPOST_WARN") == "1" and modpost:
		print('WARNING: modpost: "symexport_ext_gpl_mul" '
		      f'[{m}/{kos[0]}] undefined!')
	modpost_succeeded()
	for ko in kos:
		write(ko)
	write("symexport_ext_formod_import.ko",
	      b"\\x7fELF\\0import_ns=MODULE:symexport_ext_formod_listed\\0")
	sys.exit(0)
if m.endswith("consumers/external_oot"):
	kos = ("symexport_ext_consumer.ko", "symexport_ext_stripped.ko")
	if not symvers and modpost and not conf.get("negative_succeeds"):
		if glob.glob(os.path.join(m, "*.ko")):
			print("make: stale .ko files in " + m)
			sys.exit(3)
		for ko in kos:
			print(f'ERROR: modpost: "symexport_ext_add" [{m}/{ko}] '
			      "undefined!")
		sys.exit(2)
	modpost_succeeded()
	for ko in kos:
		write(ko, b"\\x7fELF __versions\\0vermagic=6.12.117 mod_unload \\0")
	release = open(os.path.join(build_dir, "include/config/kernel.release")
		       ).read().strip()
	write("symexport_ext_vermagic.ko", b"\\x7fELF\\0\\0vermagic=" +
	      conf.get("vermagic", release).encode() + b" mod_unload \\0end")
	sys.exit(0)
assert m.endswith("consumers/external_stale"), m
modpost_succeeded()
write("symexport_ext_stale_user.ko")
"""

OBJCOPY_STUB = """\
import json, os, sys
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps([os.path.basename(sys.argv[0]), os.getcwd()] +
			       args) + "\\n")
assert args[0] == "--remove-section=__versions", args
assert all(arg.startswith("--remove-section=") for arg in args[:-1]), args
with open(args[-1], "rb") as f:
	data = f.read()
with open(args[-1], "wb") as f:
	f.write(data.replace(b"__versions", b""))
"""

TAINT_CASES = ["symexport_taint.proprietary_loads_tainted",
	       "symexport_taint.conflict_refused"]
MODVERSIONS_CASES = ["matching_crc_loads", "crc_mismatch_refused_einval"]
FAKE_CONF = {
	"main": [["symexport_unload", [["a", "PASS"], ["b", "PASS"]]],
		 ["symexport_taint", [["proprietary_loads_tainted", "SKIP"],
				      ["conflict_refused", "SKIP"]]]],
	"modversions": [["symexport_modversions",
			 [[name, "PASS"] for name in MODVERSIONS_CASES]]],
	"listed": TAINT_CASES,
}
# The main boot of a kernel without MODVERSIONS skips these.
MODVERSIONS_SKIPS = ["symexport_modversions",
		     [[name, "SKIP"] for name in MODVERSIONS_CASES]]
BUILD_CASES = [
	"symexport_build.modpost_refuses_gpl_incompatible_module_using_"
	"gpl_only_symbol",
	"symexport_build.modpost_refuses_weak_gpl_only_reference_from_"
	"gpl_incompatible_module",
	"symexport_build.modpost_refuses_namespaced_symbol_without_import",
	"symexport_build.modpost_warn_turns_undefined_symbol_into_warning",
	"symexport_build.consumer_build_without_kbuild_extra_symbols_fails_"
	"undefined",
	"symexport_build.consumer_builds_with_kbuild_extra_symbols",
	"symexport_build.module_symvers_lists_each_export",
]
CRC_CASE = "symexport_build.module_symvers_records_crcs_with_modversions"
# The directory of each make pass, in order.
PASS_DIRS = ["providers/external", "consumers/external", "consumers/external",
	     "consumers/external_oot", "consumers/external_oot",
	     "consumers/external_stale"]
EXT_SOURCES = {
	"providers/external": ("symexport_ext_provider.c",
			       "symexport_ext_provider.h", "symexport_ext_dup.c",
			       "symexport_ext_formod.c", "symexport_ext_formod.h",
			       "symexport_ext_noflags.c", "symexport_ext_oldgpl.c"),
	"consumers/external": ("symexport_ext_gpl_user.c", "symexport_ext_weak.c",
			       "symexport_ext_ns_user.c",
			       "symexport_ext_unversioned_user.c",
			       "symexport_ext_formod_listed.c",
			       "symexport_ext_formod_glob_user.c",
			       "symexport_ext_formod_unlisted.c",
			       "symexport_ext_formod_dash.c",
			       "symexport_ext_formod_proprietary.c",
			       "symexport_ext_formod_import.c"),
	"consumers/external_oot": ("symexport_ext_consumer.c",
				   "symexport_ext_stripped.c",
				   "symexport_ext_vermagic.c"),
	"consumers/external_stale": ("symexport_ext_stale_user.c",),
}


def add_external(project):
	"""Give the fake project PROJECT its external-module sources."""
	for top, names in EXT_SOURCES.items():
		write(project / top / "Kbuild", "obj-m += fake.o\n")
		for name in names:
			write(project / top / name, f"/* {name} */\n")
	write(project / "providers/symexport_ns.h", "/* namespace */\n")
	return project


def symvers_text(crcs=("0x00000000",) * 4, module="/b/symexport-ext/"
		 "providers/external/symexport_ext_provider"):
	"""Return a Module.symvers as modpost writes it for the provider."""
	return "".join(
		f"{crc}\t{name}\t{module}\t{kind}\t{ns}\n" for crc, (name, kind, ns)
		in zip(crcs, harness_ext.SYMVERS_EXPORTS))


REAL_CONFIGURATIONS = harness_config.CONFIGURATIONS

# The fake kernels compile nothing: no ccache, and so no background build
# waits for the main one (that is tested on its own).
_NO_CCACHE = mock.patch.dict(os.environ, {"SYMEXPORT_CCACHE": "0"})


def setUpModule():
	_NO_CCACHE.start()


def tearDownModule():
	_NO_CCACHE.stop()

# The main configuration, with the taint suite's own boots only (the fake
# kernel has no other suite that needs them).
TEST_MAIN = dataclasses.replace(harness_config.CONFIGURATIONS[0],
				own_boot_globs=("symexport_taint.*",))


def use_configurations(test, configurations):
	"""Make CONFIGURATIONS the configurations for the rest of TEST, in
	every module that reads them."""
	for module in (harness_config, harness_run, harness):
		patch = mock.patch.object(module, "CONFIGURATIONS",
					  configurations)
		patch.start()
		test.addCleanup(patch.stop)


class FakeKernelTest(TempDirTest):
	"""A fake kernel tree whose kunit.py, make and objcopy are stubs.

	Only the main configuration runs, unless a test calls both_configs().
	"""

	def setUp(self):
		super().setUp()
		self.tree = make_tree(self.tmp / "linux", kunit_py=KUNIT_STUB)
		self.build = self.tmp / "build"
		self.build2 = self.tmp / "build-modversions"
		self.calls_file = self.tmp / "calls"
		self.ext = self.build / harness_kernels.EXT_STAGE
		self.ext2 = self.build2 / harness_kernels.EXT_STAGE
		for name, stub in (("make", MAKE_STUB), ("objcopy", OBJCOPY_STUB),
				   ("aarch64-linux-gnu-objcopy", OBJCOPY_STUB)):
			path = write(self.tmp / "bin" / name,
				     f"#!{sys.executable} -S\n{stub}")
			path.chmod(0o755)
		path = f"{self.tmp / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
		patches = (mock.patch.dict(os.environ, {"PATH": path}),
			   mock.patch.object(harness_tree, "ensure_build_tools"))
		for patch in patches:
			patch.start()
			self.addCleanup(patch.stop)
		use_configurations(self, (TEST_MAIN,))

	def both_configs(self):
		use_configurations(self, self.real_configurations)

	real_configurations = (TEST_MAIN, harness_config.CONFIGURATIONS[1])

	def configure(self, **conf):
		conf = dict(FAKE_CONF, calls=str(self.calls_file), **conf)
		write(self.tree / "fake.json", json.dumps(conf))

	def calls(self):
		"""Return the stubs' calls as (program, args) pairs."""
		calls = [json.loads(line) for line in
			 self.calls_file.read_text().splitlines()]
		for program, cwd, *_ in calls:
			self.assertEqual(cwd, str(self.tree), program)
		return [(program, args) for program, _, *args in calls]

	def steps(self):
		"""Return the calls in short: ("kunit.py", action), ("make", dir
		below EXT_STAGE) or ("objcopy", file name)."""
		short = []
		for program, args in self.calls():
			if program == "kunit.py":
				short.append((program, args[0]))
			elif program == "make":
				short.append((program, args[3].split(
					harness_kernels.EXT_STAGE + "/")[1]))
			else:
				short.append((program, Path(args[-1]).name))
		return short

	def run_suite(self, external=True, **overrides):
		project = make_project(self.tmp / "project")
		if external:
			add_external(project)
		opts = options(kernel_src=str(self.tree), build_dir=str(self.build),
			       **overrides)
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			result = harness_run.run_suite(opts, project)
		return result, out.getvalue()

	def run_main(self, main, *args):
		"""Run main_run or main_check on the real project."""
		out = io.StringIO()
		with mock.patch.object(harness, "run_harness_tests",
				       return_value=(0, 0)), \
		     contextlib.redirect_stdout(out):
			status = main(["--kernel-src", str(self.tree),
				       "--build-dir", str(self.build), *args])
		return status, out.getvalue()

	def own_boots(self, calls):
		return [args for program, args in calls if program == "kunit.py"
			and f"--kernel_args={harness_config.OWN_BOOT_ARG}" in args]


MAIN_STEPS = ([("kunit.py", "build")] +
	      [("make", top) for top in PASS_DIRS[:5]] +
	      [("objcopy", "symexport_ext_stripped.ko"),
	       ("make", PASS_DIRS[5])])


class RunSuiteTest(FakeKernelTest):
	"""run_suite() end to end: build, external passes, boots, merge."""

	def test_passing_run(self):
		self.configure(main=[["s", [["a", "PASS"]]]], listed=[])
		result, out = self.run_suite(external=False, jobs=3,
					     kunit_args=["--x=y"])
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1], "1 passed, 0 failed, 0 skipped")
		build = f"--build_dir={self.build}"
		(_, building), (_, booting), (_, listing) = self.calls()
		self.assertEqual(building, [
			"build", "--kunitconfig=lib/symexport", build, "--jobs=3"])
		self.assertEqual(booting[:4], ["exec", "--kunitconfig=lib/symexport",
					       build, "--timeout=300"])
		self.assertTrue(booting[4].startswith("--json="))
		self.assertEqual(booting[5:], ["--x=y"])	# no ext_dir
		self.assertFalse(os.path.exists(booting[4][len("--json="):]))
		# The main boot had no symexport_taint case: they are listed.
		self.assertEqual(listing, ["exec", "--kunitconfig=lib/symexport",
					   build, "--timeout=300", "--list_tests",
					   "symexport_taint.*"])
		self.assertFalse(self.ext.exists())
		log = (self.build / harness_kernels.RUN_LOG).read_text()
		self.assertIn("stub: building", log)
		self.assertIn("stub: running", log)

	def test_full_run_merges_own_boots_and_build_cases(self):
		stale = write(self.ext / "consumers/external/symexport_ext_weak.ko",
			      "old\n")
		json_file = self.tmp / "out.json"
		self.configure()
		result, out = self.run_suite(jobs=2, json=str(json_file))
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 "11 passed, 0 failed, 0 skipped")
		self.assertEqual(sorted((c.name, c.status) for c in result.cases),
				 sorted([(name, "PASS") for name in TAINT_CASES +
					 BUILD_CASES] + [("symexport_unload.a", "PASS"),
							 ("symexport_unload.b", "PASS")]))
		self.assertNotEqual(stale.read_text(), "old\n")
		# Own-boot cases come from the main boot's skips: no listing.
		self.assertEqual(self.steps(), MAIN_STEPS + [("kunit.py", "exec")] * 3)
		calls = self.calls()
		symvers = self.ext / "providers/external/Module.symvers"
		stale_symvers = self.ext / harness_ext.STALE_SYMVERS
		make = ["ARCH=um", "-C", str(self.build)]
		self.assertEqual([args for program, args in calls
				  if program == "make"], [
			make + [f"M={self.ext}/providers/external", "-j", "2",
				"modules"],
			make + [f"M={self.ext}/consumers/external", "-j", "2",
				f"KBUILD_EXTRA_SYMBOLS={symvers}", "modules"],
			make + [f"M={self.ext}/consumers/external", "-j", "2",
				"KBUILD_MODPOST_WARN=1", "modules"],
			make + [f"M={self.ext}/consumers/external_oot", "-j", "2",
				"modules"],
			make + [f"M={self.ext}/consumers/external_oot", "-j", "2",
				f"KBUILD_EXTRA_SYMBOLS={symvers}", "modules"],
			make + [f"M={self.ext}/consumers/external_stale", "-j",
				"2", f"KBUILD_EXTRA_SYMBOLS={stale_symvers}",
				"modules"]])
		oot = self.ext / "consumers/external_oot"
		self.assertEqual(calls[6][1], [
			"--remove-section=__versions",
			"--remove-section=__version_ext_crcs",
			"--remove-section=__version_ext_names",
			str(oot / "symexport_ext_stripped.ko")])
		self.assertEqual((oot / "symexport_ext_stripped.ko").read_bytes(),
				 b"\x7fELF \0vermagic=6.12.117 mod_unload \0")
		self.assertEqual((oot / "symexport_ext_vermagic.ko").read_bytes(),
				 b"\x7fELF\0\0vermagic=9.99.999 mod_unload \0end")
		self.assertEqual(stale_symvers.read_text().splitlines(),
				 ["0xffffffff" + line[10:] if line.split("\t")[1]
				  in harness_ext.STALE_SYMBOLS else line for line in
				  symvers.read_text().splitlines()])
		self.assertIn("0xffffffff\tsymexport_ext_add\t",
			      stale_symvers.read_text())
		ext_arg = f"--kernel_args=symexport.ext_dir={self.ext}"
		main = calls[8][1]
		self.assertEqual(main[5:], [ext_arg])
		own = self.own_boots(calls)
		self.assertEqual(own, [args for _, args in calls[9:]])
		for args, name in zip(own, TAINT_CASES):
			self.assertEqual(args[5:], [
				ext_arg, f"--kernel_args={harness_config.OWN_BOOT_ARG}",
				name])
		self.assertIn(f"[main] booting for {TAINT_CASES[1]} (2/2)", out)
		self.assertIn("symexport: [main] building external modules", out)
		self.assertIn("symexport: [main] external pass 7/7: the provider's "
			      "Module.symvers", out)
		self.assertIn("symexport_ext_vermagic.ko: vermagic 6.12.117 -> "
			      "9.99.999", out)
		merged = harness_results.load_results(json_file)
		self.assertEqual(
			sorted((c.name, c.status) for c in
			       harness_results.collect_cases(merged)),
			sorted((c.name, c.status) for c in result.cases))
		self.assertEqual(merged["sub_groups"][-1]["name"], "symexport_build")
		# Again, warm: kbuild skips modpost when its output and command
		# line are those of its last success, unless the harness deletes
		# the output; the build cases need modpost's messages.
		result, out = self.run_suite(jobs=2)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 "11 passed, 0 failed, 0 skipped")
		self.assertIn('WARNING: modpost: "symexport_ext_gpl_mul"', out)

	def split_calls(self):
		"""Return the calls of the main and of the modversions
		configuration, each in order."""
		main, other = [], []
		for call in self.calls():
			(other if any(str(self.build2) in arg for arg in call[1])
			 else main).append(call)
		return main, other

	def short(self, calls):
		"""Return steps() of CALLS."""
		with mock.patch.object(self, "calls", return_value=calls):
			return self.steps()

	def check_modversions_run(self, serial):
		self.both_configs()
		json_file = self.tmp / "out.json"
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS])
		result, out = self.run_suite(jobs=2, json=str(json_file),
					     serial=serial)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 "14 passed, 0 failed, 0 skipped")
		statuses = {c.name: c.status for c in result.cases}
		for name in MODVERSIONS_CASES:
			self.assertEqual(statuses["symexport_modversions." + name],
					 "PASS")
		# The modversions configuration adds only its CRC case, last.
		self.assertEqual(sorted(name for name in statuses
					if name.startswith("symexport_build.")),
				 sorted(BUILD_CASES + [CRC_CASE]))
		self.assertEqual([c.name for c in result.cases
				  if c.name.startswith("symexport_build.")][-1],
				 CRC_CASE)
		main_calls, calls2 = self.split_calls()
		calls = self.calls()
		if serial:
			self.assertEqual(calls, main_calls + calls2)
		self.assertEqual(self.short(main_calls),
				 MAIN_STEPS + [("kunit.py", "exec")] * 3)
		self.assertEqual(self.short(calls2),
				 MAIN_STEPS + [("kunit.py", "exec")])
		main_config = "--kunitconfig=lib/symexport"
		config = "--kunitconfig=lib/symexport/configs/modversions.kunitconfig"
		build2 = f"--build_dir={self.build2}"
		self.assertEqual(calls2[0][1],
				 ["build", main_config, config, build2, "--jobs=2"])
		for _, args in calls2[1:7]:
			if args[0] == "ARCH=um":
				self.assertEqual(args[2], str(self.build2))
				self.assertTrue(args[3].startswith(f"M={self.ext2}/"))
		symvers2 = (self.ext2 / "providers/external/Module.symvers")
		self.assertIn("0x1234abcd\tsymexport_ext_add", symvers2.read_text())
		self.assertIn(f"{~0x1234abcd & 0xffffffff:#010x}\tsymexport_ext_add",
			      (self.ext2 / harness_ext.STALE_SYMVERS).read_text())
		boot = calls[-1][1]	# the modversions boot comes last
		self.assertEqual(boot[:5],
				 ["exec", main_config, config, build2, "--timeout=300"])
		self.assertEqual(boot[6:], [
			"--kernel_args=symexport.missing_crc=load",
			f"--kernel_args=symexport.ext_dir={self.ext2}",
			"symexport_modversions.*"])
		self.assertIn("[modversions] building the kernel", out)
		self.assertIn("[modversions] booting for symexport_modversions.*",
			      out)
		merged = harness_results.load_results(json_file)
		self.assertIn(("symexport_modversions.matching_crc_loads", "PASS"),
			      [(c.name, c.status) for c in
			       harness_results.collect_cases(merged)])
		return out

	def test_modversions_configuration_replaces_skips(self):
		out = self.check_modversions_run(serial=False)
		# Its output comes in one block, just before its boot.
		lines = out.splitlines()
		start = lines.index("symexport: [modversions] output of its "
				    "background build:")
		end = lines.index("symexport: [modversions] booting for "
				  "symexport_modversions.*")
		self.assertLess(lines.index("symexport: [main] booting for every "
					    "suite"), start)
		block = lines[start + 1:end]
		self.assertEqual(block[0], "symexport: [modversions] building "
				 "the kernel")
		self.assertIn("stub: building modversions", block)
		self.assertEqual(len([line for line in block if line.startswith(
			"symexport: [modversions] external pass ")]),
			len([p for p in harness_config.EXT_PASSES
			     if "since" not in p]))
		for line in lines[:start]:
			self.assertNotIn(str(self.build2), line.replace(
				"(output shown before its boot; log: "
				f"{self.build2}", ""))
			self.assertNotIn("stub: building modversions", line)
		self.assertFalse([line for line in block if "[main]" in line or
				  "stub: building main" in line])
		self.assertIn("stub: building modversions",
			      (self.build2 / harness_kernels.RUN_LOG).read_text())
		self.assertNotIn("stub: building modversions",
				 (self.build / harness_kernels.RUN_LOG).read_text())

	def test_serial_keeps_the_old_order(self):
		out = self.check_modversions_run(serial=True)
		self.assertNotIn("background", out)

	def test_configurations_build_concurrently(self):
		self.both_configs()
		# The modversions passes start while the main build runs,
		# and run on after it ends.
		# Long enough that a loaded machine's overhead (seconds) cannot
		# make concurrent look serial, nor serial look concurrent.
		sleeps = dict(build_sleeps={"main": 3.0, "modversions": 0.1},
			      make_sleeps={"modversions": 0.6})
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS],
			       build_child=["modversions"],
			       pids=str(self.tmp / "pids"), **sleeps)
		start = time.monotonic()
		result, out = self.run_suite()
		elapsed = time.monotonic() - start
		self.assertTrue(result.ok, out)
		# The main steps' clean-ups left the modversions build's
		# processes alone; its own clean-up killed its child.
		self.assertNotIn("my child was killed", out)
		self.assertNotIn("killed by signal", out)
		self.assertLess(elapsed, 3.0 + 0.1 + 0.6 * len(PASS_DIRS), out)
		self.assertTrue(process_gone(int(Path(
			f"{self.tmp / 'pids'}.modversions").read_text())))

	def test_timeout_kills_both_trees(self):
		self.both_configs()
		pids = self.tmp / "pids"
		self.configure(main=[MODVERSIONS_SKIPS], listed=[],
			       build_sleep=60, build_child=["main", "modversions"],
			       pids=str(pids))
		start = time.monotonic()
		result, out = self.run_suite(external=False, timeout=2)
		self.assertLess(time.monotonic() - start, 8)
		self.assertFalse(result.ok)
		self.assertIn("kunit.py build timed out", out)
		self.assertIn("[modversions] output of its background build", out)
		for config in ("main", "modversions"):
			pid = int(Path(f"{pids}.{config}").read_text())
			self.assertTrue(process_gone(pid), f"{config}: {pid} survived")
		self.assertEqual(harness_proc.LIVE_TREES, {})
		table = harness_proc.process_table()
		self.assertEqual({pid for pid in harness_proc.our_children(table)
				  if table[pid][0] != "Z"}, set())

	def check_signal_kills_every_tree(self, signum, again=False,
					  close_stdout=False):
		"""SIGNUM to run (main_run) while the main build and two
		background builds hang: every process they started, and the
		children that left their session, must be gone when it exits
		with 128 + SIGNUM.  AGAIN: the signal comes twice (Ctrl-C
		pressed again during the clean-up); CLOSE_STDOUT: stdout's
		reader goes away with it (Ctrl-C on "run | tee log")."""
		pids = self.tmp / "pids"
		self.configure(main=[MODVERSIONS_SKIPS], listed=[],
			       build_sleep=60, build_child=["main", "modversions"],
			       pids=str(pids))
		project = make_project(self.tmp / "project")
		driver = subprocess.Popen(
			[sys.executable, "-c", textwrap.dedent(f"""\
				import sys
				sys.dont_write_bytecode = True
				sys.path.insert(0, {str(HERE)!r})
				import harness, harness_tree
				harness_tree.ensure_build_tools = lambda arch="um": None
				run_suite = harness.run_suite
				harness.run_suite = lambda opts: run_suite(
					opts, {str(project)!r})
				sys.exit(harness.main_run([
					"--kernel-src", {str(self.tree)!r},
					"--build-dir", {str(self.build)!r}]))
				""")],
			stdout=subprocess.PIPE if close_stdout else
			subprocess.DEVNULL, stderr=subprocess.DEVNULL,
			stdin=subprocess.DEVNULL)
		self.addCleanup(driver.wait)
		self.addCleanup(driver.kill)
		files = [Path(f"{pids}.{config}") for config in
			 ("main", "modversions")]
		deadline = time.monotonic() + 10
		while not all(f.exists() for f in files) and \
		      time.monotonic() < deadline:
			time.sleep(0.05)
		# Every kunit.py (main, modversions, force_unload) and child.
		started = set()
		while len(started) < 5 and time.monotonic() < deadline:
			started = harness_proc.descendants(harness_proc.process_table(),
						      [driver.pid])
			time.sleep(0.05)
		self.assertGreaterEqual(len(started), 5, started)
		self.addCleanup(kill_survivors, started)
		driver.send_signal(signum)
		if close_stdout:
			driver.stdout.close()
		if again:
			time.sleep(0.05)
			driver.send_signal(signum)
		status = driver.wait(timeout=30)
		for pid in started | {int(f.read_text()) for f in files}:
			self.assertTrue(process_gone(pid), f"{pid} survived")
		self.assertEqual(status, 128 + signum)

	def test_sigterm_kills_every_tree(self):
		self.check_signal_kills_every_tree(signal.SIGTERM)

	def test_sigint_kills_every_tree(self):
		self.check_signal_kills_every_tree(signal.SIGINT)

	def test_second_sigint_does_not_cut_the_clean_up_short(self):
		self.check_signal_kills_every_tree(signal.SIGINT, again=True)

	def test_second_sigterm_does_not_cut_the_clean_up_short(self):
		self.check_signal_kills_every_tree(signal.SIGTERM, again=True)

	def test_sigint_kills_every_tree_when_stdout_goes(self):
		self.check_signal_kills_every_tree(signal.SIGINT,
						   close_stdout=True)

	def test_background_build_failure_fails_the_run(self):
		self.both_configs()
		self.configure(main=[MODVERSIONS_SKIPS], listed=[],
			       build_fails=["modversions"])
		status, out = self.run_main(harness.main_run)
		self.assertEqual(status, harness_kernels.EXIT_FAIL, out)
		self.assertIn("[modversions] kunit.py build exited with status 2; "
			      "last", out)
		self.assertIn(str(self.build2 / harness_kernels.RUN_LOG), out)
		self.assertRegex(out, "ERROR +symexport_modversions")

	def test_filter_glob_selects_the_configurations(self):
		self.both_configs()
		self.configure(main=[MODVERSIONS_SKIPS], listed=[])
		result, out = self.run_suite(external=False, kunit_args=[
			"symexport_modversions.crc*"])
		for calls in self.split_calls():
			self.assertEqual(self.short(calls), [("kunit.py", "build"),
							     ("kunit.py", "exec")])
		self.assertEqual(self.calls()[-1][1][-1], "symexport_modversions.*")
		# Only the cases the glob selects are merged.
		self.assertEqual([(c.name, c.status) for c in result.cases], [
			("symexport_modversions.matching_crc_loads", "SKIP"),
			("symexport_modversions.crc_mismatch_refused_einval",
			 "PASS")])
		self.calls_file.unlink()
		result, out = self.run_suite(external=False, kunit_args=[
			"symexport_unload.*"])
		self.assertEqual(self.steps(), [("kunit.py", "build"),
						("kunit.py", "exec")])
		self.assertIn("[modversions] left out by the filter glob", out)

	def test_modversions_failures_turn_its_skips_into_errors(self):
		self.both_configs()
		for conf, why in ((dict(crash=["modversions"]),
				   "the modversions boot: kunit.py exec exited "
				   "with status 1"),
				  (dict(build_fails=["modversions"]),
				   "[modversions] kunit.py build exited with "
				   "status 2")):
			with self.subTest(why):
				self.configure(main=[MODVERSIONS_SKIPS], listed=[],
					       **conf)
				result, out = self.run_suite(external=False)
				self.assertFalse(result.ok)
				self.assertIn(why, out)
				self.assertEqual(out.splitlines()[-1],
						 "0 passed, 2 failed, 0 skipped")
				self.assertRegex(out, "ERROR +symexport_modversions"
						 ".matching_crc_loads")

	def test_modpost_that_lets_modules_through_fails_their_cases(self):
		bad = symvers_text().replace("EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL")
		self.configure(negative_succeeds=True, symvers=bad, listed=[],
			       main=FAKE_CONF["main"][:1])
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		for case, ko in zip(BUILD_CASES[:3], ("gpl_user", "weak",
						      "ns_user")):
			self.assertIn(f"  FAIL   {case}: make succeeded and wrote "
				      f"symexport_ext_{ko}.ko", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[4]}: make succeeded and "
			      "wrote symexport_ext_consumer.ko", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[6]}: {self.ext}/providers/"
			      "external/Module.symvers: line 2 (symexport_ext_"
			      "gpl_mul): export type is 'EXPORT_SYMBOL', expected "
			      "'EXPORT_SYMBOL_GPL'", out)
		self.assertEqual(out.splitlines()[-1], "4 passed, 5 failed, 0 skipped")

	def test_vermagic_not_found_stops_the_run(self):
		self.configure(vermagic="6.1.0")
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		self.assertIn("symexport: error: [main] patch_vermagic: "
			      f"{self.ext}/consumers/external_oot/symexport_ext_"
			      "vermagic.ko has 0 times 'vermagic=6.12.117 ', not "
			      "once", out)
		self.assertEqual(self.steps(), MAIN_STEPS[:6])

	def test_no_own_boot_cases(self):
		self.configure(main=[["symexport_unload", [["a", "PASS"]]]],
			       listed=[])
		result, out = self.run_suite(external=False)
		self.assertTrue(result.ok, out)
		calls = self.calls()
		self.assertEqual(len(calls), 3)
		self.assertIn("--list_tests", calls[-1][1])
		self.assertEqual(self.own_boots(calls), [])
		self.assertEqual(out.splitlines()[-1], "1 passed, 0 failed, 0 skipped")

	def test_filter_glob_limits_own_boots(self):
		self.configure()
		result, out = self.run_suite(external=False,
					     kunit_args=["symexport_unload.*"])
		calls = self.calls()
		self.assertEqual(calls[-1][1][-1], "symexport_unload.*")
		self.assertEqual(len(calls), 2)
		self.calls_file.unlink()
		result, out = self.run_suite(external=False, kunit_args=[
			"--raw_output", f"{TAINT_CASES[1][:-3]}*"])
		own = self.own_boots(self.calls())
		self.assertEqual([args[-1] for args in own], [TAINT_CASES[1]])
		self.assertRegex(out, f"SKIP +{TAINT_CASES[0]}")
		self.assertTrue(result.ok, out)

	def test_build_failure_stops_the_run(self):
		self.configure(build_status=2)
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		self.assertIn("kunit.py build exited with status 2", out)
		self.assertIn("    stub: building", out)
		self.assertEqual([p for p, _ in self.calls()], ["kunit.py"])
		self.assertEqual(out.splitlines()[-1], "0 passed, 0 failed, 0 skipped")

	def test_provider_pass_failure_stops_the_run(self):
		self.configure(provider_fails=True)
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		self.assertIn("make failed with status 2: symexport_ext_provider.c:1:"
			      " error: fake", out)
		self.assertEqual([p for p, _ in self.calls()], ["kunit.py", "make"])

	def test_failed_and_skipped_cases_are_listed(self):
		json_file = self.tmp / "out.json"
		self.configure(results=ResultsTest.RESULTS, exec_status=1, listed=[])
		result, out = self.run_suite(external=False, json=str(json_file))
		self.assertFalse(result.ok)
		self.assertRegex(out, r"FAIL +symexport_refcount.two_consumers")
		self.assertRegex(out, r"ERROR +symexport_refcount.load_param.order 2")
		self.assertRegex(out, r"SKIP +symexport_resolution.data_export")
		self.assertEqual(out.splitlines()[-1], "2 passed, 2 failed, 1 skipped")
		self.assertEqual(json.loads(json_file.read_text()), ResultsTest.RESULTS)

	def test_crash_prints_kernel_log_tail(self):
		self.configure(crash=["main"])
		result, out = self.run_suite(external=False)
		self.assertFalse(result.ok)
		self.assertIn("kunit.py exec exited with status 1", out)
		self.assertIn("    Kernel panic - not syncing: fake", out)
		self.assertEqual(out.splitlines()[-1], "0 passed, 0 failed, 0 skipped")
		self.assertEqual(len(self.calls()), 2)

	def test_crash_without_kernel_log_prints_run_log_tail(self):
		self.configure(crash=["main"], kernel_log=False)
		result, out = self.run_suite(external=False)
		self.assertFalse(result.ok)
		self.assertIn("no test results", out)
		self.assertIn(harness_kernels.RUN_LOG, out)
		self.assertIn("    stub: the kernel crashed", out)

	def test_own_boot_crash_is_an_error(self):
		self.configure(crash=["own"])
		result, out = self.run_suite(external=False)
		self.assertFalse(result.ok)
		self.assertIn(f"the boot for {TAINT_CASES[0]}: kunit.py exec "
			      "exited with status 1", out)
		self.assertEqual(len(self.own_boots(self.calls())), 2)
		self.assertRegex(out, f"ERROR +{TAINT_CASES[1]}")
		self.assertEqual(out.splitlines()[-1], "2 passed, 2 failed, 0 skipped")

	def test_timeout_covers_the_whole_run(self):
		# Room for the stubs to start on a loaded machine: the build
		# must finish inside the limit, the boot must not.
		self.configure(build_sleep=0.3, exec_sleep=30)
		start = time.monotonic()
		result, out = self.run_suite(external=False, timeout=4)
		self.assertLess(time.monotonic() - start, 15)
		self.assertFalse(result.ok)
		self.assertIn("kunit.py exec timed out: the run's limit is 4 s", out)
		self.assertEqual([p for p, _ in self.calls()],
				 ["kunit.py", "kunit.py"])


class ConfigurationTest(FakeKernelTest):
	"""Configurations with boots of their own, a report group, and the
	console check."""

	def test_builtin_provider_has_only_the_duplicate_export_pass(self):
		config = {c.name: c for c in REAL_CONFIGURATIONS}["builtin_provider"]
		self.assertTrue(config.external)
		self.assertEqual(config.ext_passes,
				 harness_config.BUILTIN_PROVIDER_EXT_PASSES)
		(ext_pass,) = config.ext_passes
		self.assertEqual(ext_pass["dir"], harness_kernels.EXT_PROVIDER_DIR)
		self.assertIn("*.ko", ext_pass["remove"])
		(case,) = ext_pass["cases"]
		self.assertTrue(harness_ext.records_case(config, case["name"]))
		self.assertFalse(harness_ext.records_case(
			config, "consumer_builds_with_kbuild_extra_symbols"))
		expected = case["expect_output"][0]
		old = [f"ERROR: modpost: /b/symexport-ext/providers/external/"
		       f"{harness_config.DUP_OF_VMLINUX.on((6, 12))}"]
		new = ["ERROR: modpost: symexport_ext_dup.ko: symbol "
		       "'symexport_provider_add' exported twice. Previous export "
		       "was in vmlinux"]
		self.assertTrue(harness_ext.output_has(old, expected.on((6, 12))))
		self.assertTrue(harness_ext.output_has(new, expected.on((7, 3))))
		self.assertFalse(harness_ext.output_has(old, expected.on((7, 3))))

	FORCE = harness_config.Configuration(
		"force", "configs/force.kunitconfig", "-force", "symexport_force.*",
		(), own_boot_globs=("symexport_force.forced_*",))
	DEBUG = harness_config.Configuration(
		"debug", "configs/debug.kunitconfig", "-debug", "*", (),
		report_group="debug", kernel_args=("symexport.x=1",),
		proves=("symexport_leak.*",), in_run=False)

	def use(self, *configurations):
		use_configurations(self, (TEST_MAIN,) + configurations)

	def statuses(self, result):
		return {case.name: case.status for case in result.cases}

	def test_configuration_skips_keep_main_results_and_get_own_boots(self):
		self.use(self.FORCE)
		self.configure(
			main=[["symexport_force", [["plain", "PASS"],
						   ["forced_a", "SKIP"]]]],
			force=[["symexport_force", [["plain", "SKIP"],
						    ["forced_a", "SKIP"]]]])
		result, out = self.run_suite(external=False)
		self.assertTrue(result.ok, out)
		self.assertEqual({name: status for name, status in
				  self.statuses(result).items()
				  if name.startswith("symexport_force.")}, {
			"symexport_force.plain": "PASS",
			"symexport_force.forced_a": "PASS"})
		own = self.own_boots(self.calls())
		own = [args for args in own
		       if f"--build_dir={self.build}-force" in args]
		self.assertEqual(len(own), 1)
		self.assertEqual(own[0][-1], "symexport_force.forced_a")

	def test_report_group_reports_every_suite_again(self):
		self.use(self.FORCE, self.DEBUG)
		self.configure(
			main=[["symexport_unload", [["a", "PASS"]]],
			      ["symexport_leak", [["l", "SKIP"]]],
			      ["symexport_force", [["forced_a", "SKIP"]]],
			      ["symexport_taint", [["t", "SKIP"]]]],
			force=[["symexport_force", [["forced_a", "SKIP"]]]],
			debug=[["symexport_unload", [["a", "PASS"],
						     ["c", "SKIP"]]],
			       ["symexport_leak", [["l", "PASS"]]],
			       ["symexport_force", [["forced_a", "SKIP"]]],
			       ["symexport_taint", [["t", "SKIP"]]]])
		result, out = self.run_suite(external=False, all=False)
		self.assertNotIn("-debug", json.dumps(self.calls()))
		self.calls_file.unlink()
		result, out = self.run_suite(external=False, all=True)
		statuses = self.statuses(result)
		# Skips of what another configuration or an own boot proves
		# are left out; any other skip stays.
		self.assertEqual({name: status for name, status in statuses.items()
				  if name.startswith("debug.")}, {
			"debug.symexport_unload.a": "PASS",
			"debug.symexport_unload.c": "SKIP",
			"debug.symexport_leak.l": "PASS"})
		# The main boot's skip of a case only it proves is gone.
		self.assertNotIn("symexport_leak.l", statuses)
		self.assertEqual(statuses["symexport_force.forced_a"], "PASS")
		self.assertEqual(statuses["symexport_taint.t"], "PASS")
		debug_boots = [args for program, args in self.calls()
			       if program == "kunit.py" and args[0] == "exec" and
			       f"--build_dir={self.build}-debug" in args]
		self.assertEqual(len(debug_boots), 1)
		self.assertIn("--kernel_args=symexport.x=1", debug_boots[0])

	def test_report_group_that_does_not_build_fails_only_what_it_proves(self):
		self.use(self.FORCE, self.DEBUG)
		self.configure(
			main=[["symexport_unload", [["a", "PASS"]]],
			      ["symexport_leak", [["l", "SKIP"]]],
			      ["symexport_force", [["forced_a", "SKIP"]]]],
			force=[["symexport_force", [["forced_a", "PASS"]]]],
			build_fails=["debug"], build_status=2)
		result, out = self.run_suite(external=False, all=True)
		statuses = self.statuses(result)
		self.assertEqual(statuses["debug.boot"], "ERROR")
		self.assertEqual(statuses["symexport_leak.l"], "ERROR")
		self.assertEqual(statuses["symexport_force.forced_a"], "PASS")
		self.assertFalse(result.ok)

	def test_report_groups_for_one_suite_prove_it_between_them(self):
		groups = [harness_config.Configuration(
			name, f"configs/{name}.kunitconfig", "-" + name,
			"symexport_b.*", (), report_group=name,
			proves=("symexport_b.*",), in_run=False)
			for name in ("b1", "b2")]
		self.use(*groups)
		self.configure(
			main=[["symexport_b", [["x", "SKIP"], ["y", "SKIP"],
					       ["z", "SKIP"]]]],
			b1=[["symexport_b", [["x", "PASS"], ["y", "SKIP"],
					     ["z", "SKIP"]]]],
			b2=[["symexport_b", [["x", "PASS"], ["y", "PASS"],
					     ["z", "SKIP"]]]])
		result, out = self.run_suite(external=False, all=True)
		statuses = {name: status for name, status in
			    self.statuses(result).items() if "symexport_b." in name}
		# z: no configuration ran it, so the main boot's skip stays.
		self.assertEqual(statuses, {
			"symexport_b.z": "SKIP",
			"b1.symexport_b.x": "PASS",
			"b2.symexport_b.x": "PASS", "b2.symexport_b.y": "PASS"})
		boots = [args[-1] for program, args in self.calls()
			 if program == "kunit.py" and args[0] == "exec" and
			 "--build_dir=" + str(self.build) + "-b1" in args]
		self.assertEqual(boots, ["symexport_b.*"])

	def test_console_problem_after_ktap_start_fails_its_configuration(self):
		self.use(self.FORCE)
		self.configure(
			main=[["symexport_unload", [["a", "PASS"]]]],
			force=[["symexport_force", [["forced_a", "PASS"]]]],
			console={
				"main": ["WARNING: CPU: 0 PID: 1 at early boot",
					 "KTAP version 1", "ok 1 a",
					 "unloading symexport_provider"],
				"force": ["KTAP version 1",
					  "BUG: KASAN: slab-use-after-free in x",
					  "WARNING: CPU: 0 PID: 9 at y"]})
		result, out = self.run_suite(external=False)
		self.assertFalse(result.ok)
		statuses = self.statuses(result)
		self.assertEqual(statuses["symexport_console.main_boots_print_no_"
					  "warning_bug_or_leak"], "PASS")
		self.assertEqual(statuses["symexport_console.force_boots_print_no_"
					  "warning_bug_or_leak"], "FAIL")
		self.assertIn('the force boot printed "BUG: KASAN: slab-use-after-'
			      'free in x" (2 such lines in all', out)

	def test_uml_fp_trap_is_explained_once(self):
		self.use(self.FORCE)
		trap = ["KTAP version 1",
			"userspace - " + harness_tree.UML_FP_TRAP]
		self.configure(
			main=[["symexport_unload", [["a", "FAIL"]]]],
			force=[["symexport_force", [["forced_a", "FAIL"]]]],
			console={"main": trap, "force": trap})
		result, out = self.run_suite(external=False)
		self.assertFalse(result.ok)
		self.assertEqual(out.count(harness_tree.UML_FP_HINT), 1)
		self.assertIn(harness_tree.UML_XSTATE_FIX[0], harness_tree.UML_FP_HINT)

	def test_standalone_kunitconfigs_follow_the_main_one(self):
		"""A whole kunitconfig has every option of the main one, and
		differs only in symexport's own module options."""
		def settings(path):
			return dict(line.split("=", 1) for line in
				    path.read_text().splitlines()
				    if line.startswith("CONFIG_"))
		main = settings(harness_kernels.PROJECT_ROOT / ".kunitconfig")
		standalone = [c for c in REAL_CONFIGURATIONS if c.standalone]
		self.assertTrue(standalone)
		for config in standalone:
			mine = settings(harness_kernels.PROJECT_ROOT / config.kunitconfig)
			self.assertEqual(sorted(mine), sorted(main), config.name)
			for key, value in main.items():
				if value != "m":
					self.assertEqual(mine[key], value,
							 f"{config.name}: {key}")
		self.assertEqual(harness_steps.kunitconfig_args(options(), standalone[0]), [
			"--kunitconfig=lib/symexport/" + standalone[0].kunitconfig])

	def test_console_problems(self):
		lines = ["WARNING: at boot", "TAP version 14", "ok 1 x",
			 "[    1.5] WARNING: possible circular locking dependency "
			 "detected", "BUG: sleeping function called",
			 "kmemleak: 2 new suspected memory leaks (see x)",
			 "unreferenced object 0x1234 (size 8):",
			 "    # a WARNING: in a message", "Kernel panic - not x"]
		self.assertEqual(harness_results.console_problems(lines), lines[3:7] +
				 lines[8:])
		self.assertIsNone(harness_results.console_problems(["WARNING: x"]))


class MainTest(FakeKernelTest):
	"""run and check on the real project, with the stubs."""

	def test_check_passes_when_own_boots_replace_skips(self):
		self.configure()
		with mock.patch.object(harness, "check_style", return_value=(2, 0)):
			status, out = self.run_main(harness.main_check)
		self.assertEqual(status, 0, out)
		self.assertNotIn("skipped cases are failures", out)
		self.assertEqual(out.splitlines()[-1], "13 passed, 0 failed")
		for name in ("providers/external/symexport_ext_provider.c",
			     "providers/external/Kbuild", "providers/symexport_ns.h",
			     "consumers/external_oot/Kbuild",
			     "consumers/external_stale/Kbuild"):
			self.assertTrue((self.ext / name).is_file(), name)
		self.assertTrue((self.tree / "lib/symexport/configs/"
				 "modversions.kunitconfig").is_file())

	def test_run_fails_when_modpost_lets_a_module_through(self):
		self.configure(negative_succeeds=True, listed=[],
			       main=FAKE_CONF["main"][:1])
		status, out = self.run_main(harness.main_run)
		self.assertEqual(status, 1, out)
		self.assertIn(f"FAIL symexport_build.{BUILD_CASES[0][16:]}: make "
			      "succeeded and wrote symexport_ext_gpl_user.ko", out)


class ArchTest(FakeKernelTest):
	"""--arch: kunit.py's --arch, --cross_compile and --qemu_args, the
	QEMU kunitconfig, and ARCH= (and CROSS_COMPILE=) for make."""

	SHARE = ("--qemu_args=-fsdev local,id=symexport,path=/,"
		 "security_model=none,readonly=on,multidevs=remap -device "
		 "{},fsdev=symexport,mount_tag=symexport")
	QEMU_CONFIG = "--kunitconfig=lib/symexport/configs/qemu.kunitconfig"

	def check_arch_run(self, arch, kunit_arch, device, make_tail):
		self.configure()
		result, out = self.run_suite(jobs=2, arch=arch)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 "11 passed, 0 failed, 0 skipped")
		objcopy = harness_kernels.CROSS_COMPILE.get(arch, "") + "objcopy"
		self.assertEqual(self.steps(), [
			(objcopy, name) if program == "objcopy" else (program, name)
			for program, name in MAIN_STEPS] + [("kunit.py", "exec")] * 3)
		build = f"--build_dir={self.build}"
		kunit = [args for program, args in self.calls()
			 if program == "kunit.py"]
		self.assertEqual(kunit[0], ["build", *kunit_arch,
					    self.QEMU_CONFIG, build, "--jobs=2"])
		for args in kunit[1:]:
			self.assertEqual(args[:len(kunit_arch) + 5], [
				"exec", *kunit_arch, self.QEMU_CONFIG, build,
				"--timeout=300", self.SHARE.format(device)])
		make = [args for program, args in self.calls() if program == "make"]
		self.assertEqual(len(make), len(PASS_DIRS))
		for args, top in zip(make, PASS_DIRS):
			self.assertEqual(args[:4 + len(make_tail)], [
				f"ARCH={arch}", "-C", str(self.build),
				f"M={self.ext}/{top}", *make_tail])

	def test_x86_64_boots_qemu_with_the_9p_share(self):
		self.check_arch_run("x86_64", ["--arch=x86_64"], "virtio-9p-pci",
				    ["-j", "2"])

	def test_arm64_cross_compiles_and_boots_qemu_with_the_9p_share(self):
		self.check_arch_run("arm64", ["--arch=arm64",
					      "--cross_compile=aarch64-linux-gnu-"],
				    "virtio-9p-device",
				    ["-j", "2", "CROSS_COMPILE=aarch64-linux-gnu-"])


class ArchCommandTest(unittest.TestCase):
	"""--arch in the command lines, the kunitconfigs and the build dirs."""

	QEMU_CONFIG = ArchTest.QEMU_CONFIG

	def test_make_command_per_arch(self):
		ext_pass = {"dir": "d", "make_args": ("X=1",)}
		root = Path("/ext")
		self.assertEqual(harness_ext.make_command("/b", root, ext_pass, 2), [
			"make", "ARCH=um", "-C", "/b", "M=/ext/d", "-j", "2", "X=1",
			"modules"])
		self.assertEqual(harness_ext.make_command("/b", root, ext_pass, 2,
						      "arm64"), [
			"make", "ARCH=arm64", "-C", "/b", "M=/ext/d", "-j", "2",
			"CROSS_COMPILE=aarch64-linux-gnu-", "X=1", "modules"])

	def test_fragments_merge_into_the_qemu_kunitconfig(self):
		opts = options(arch="x86_64")
		self.assertEqual(harness_steps.kunitconfig_args(opts), [self.QEMU_CONFIG])
		self.assertEqual(
			harness_steps.kunitconfig_args(opts, harness_config.CONFIGURATIONS[1]),
			[self.QEMU_CONFIG, "--kunitconfig=lib/symexport/configs/"
			 "modversions.kunitconfig"])
		self.assertEqual(harness_steps.kunitconfig_args(options()),
				 ["--kunitconfig=lib/symexport"])

	def test_qemu_leaves_out_the_standalone_configurations(self):
		names = [config.name for config in harness_config.selected_configurations(
			options(arch="arm64", all=True))]
		self.assertEqual(names, ["main", "modversions", "namespace_imports",
					 "force_unload", "debug"])
		self.assertIn("builtin", [
			config.name for config in
			harness_config.selected_configurations(options(all=True))])

	def test_missing_qemu_and_cross_compiler_are_installed(self):
		have = set(harness_kernels.BUILD_TOOLS) | {"qemu-system-x86_64"}

		def which(cmd):
			return f"/usr/bin/{cmd}" if cmd in have else None
		with mock.patch.object(harness_apt.shutil, "which", which), \
		     mock.patch.object(harness_apt, "apt_install") as install, \
		     contextlib.redirect_stdout(io.StringIO()):
			harness_apt.ensure_build_tools("x86_64")
			install.assert_not_called()
			harness_apt.ensure_build_tools("arm64")
			install.assert_called_once_with([
				"binutils-aarch64-linux-gnu", "gcc-aarch64-linux-gnu",
				"qemu-system-arm"])
			install.reset_mock()
			harness_apt.ensure_build_tools()
			install.assert_not_called()

	def test_missing_qemu_without_apt_names_the_package(self):
		with mock.patch.object(harness_apt.shutil, "which", return_value=None), \
		     mock.patch.dict(os.environ, {"SYMEXPORT_NO_INSTALL": "1"}), \
		     contextlib.redirect_stdout(io.StringIO()), \
		     self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_apt.ensure_build_tools("x86_64")
		self.assertIn("qemu-system-x86", str(ctx.exception))
		self.assertEqual(ctx.exception.code, 2)

	def test_default_build_dir_names_the_arch(self):
		self.assertEqual(harness_tree.default_build_dir((6, 12), "x86_64").name,
				 "build-6.12-x86_64")
		self.assertEqual(harness_tree.default_build_dir((6, 12)).name,
				 "build-6.12-um")

	def test_unknown_arch_is_refused(self):
		with contextlib.redirect_stderr(io.StringIO()), \
		     self.assertRaises(SystemExit):
			harness.parse_options("run", "", ["--arch", "riscv"])


class RepeatTest(FakeKernelTest):
	"""run --repeat K: boots K times, builds once, reports changes."""

	FLAKY = "symexport_lifetime.x"

	def configure_lifetime(self, statuses):
		self.configure(main=[["symexport_lifetime", [["x", "PASS"],
							       ["y", "PASS"]]],
				     FAKE_CONF["main"][1], MODVERSIONS_SKIPS],
			       flaky={"counter": str(self.tmp / "counter"),
				      "case": self.FLAKY, "statuses": statuses})

	def test_changed_case_fails_the_run(self):
		self.configure_lifetime(["PASS", "FAIL", "PASS"])
		json_file = self.tmp / "out.json"
		status, out = self.run_main(harness.main_run, "--repeat", "3",
					    "--json", str(json_file))
		self.assertEqual(status, harness_kernels.EXIT_FAIL, out)
		self.assertIn("symexport: repeat: 3 runs\n"
			      f"  {self.FLAKY}: PASS FAIL PASS\n", out)
		self.assertRegex(out, f"FAIL +{self.FLAKY}: changed between "
				 "runs: PASS FAIL PASS")
		self.assertEqual((self.tmp / "counter").read_text(), "3")
		# Worst status of each case, each counted once.
		self.assertEqual(out.splitlines()[-1],
				 "10 passed, 1 failed, 2 skipped")
		top = json.loads(json_file.read_text())
		self.assertEqual(top["symexport_repeat"], {
			"runs": 3, "changed": {self.FLAKY: ["PASS", "FAIL", "PASS"]}})
		self.assertIn((self.FLAKY, "PASS"), [
			(c.name, c.status) for c in harness_results.collect_cases(top)])

	def test_stable_run_builds_once_per_configuration(self):
		self.both_configs()
		self.configure_lifetime(["PASS"])
		json_file = self.tmp / "out.json"
		status, out = self.run_main(harness.main_run, "--repeat", "3",
					    "--json", str(json_file))
		self.assertEqual(status, harness_kernels.EXIT_OK, out)
		self.assertIn("symexport: repeat: 3 runs\n"
			      "no case changed its result in 3 runs\n", out)
		self.assertEqual(out.splitlines()[-1],
				 "14 passed, 0 failed, 0 skipped")
		steps = self.steps()
		self.assertEqual(steps.count(("kunit.py", "build")), 2)
		self.assertEqual(len([s for s in steps if s[0] == "make"]),
				 2 * len(PASS_DIRS))
		# Each round: the main boot, 2 own boots, the modversions boot.
		self.assertEqual(steps.count(("kunit.py", "exec")), 3 * 4)
		self.assertEqual(len(self.own_boots(self.calls())), 3 * 2)
		self.assertEqual([args[-1] for _, args in self.calls()
				  if str(self.build2) in " ".join(args) and
				  args[0] == "exec"], ["symexport_modversions.*"] * 3)
		top = json.loads(json_file.read_text())
		self.assertEqual(top["symexport_repeat"],
				 {"runs": 3, "changed": {}})

	def test_repeat_is_run_only_and_positive(self):
		self.assertEqual(options().repeat, 1)
		self.assertEqual(harness.parse_options(
			"run", "", ["--repeat", "4"], repeat=True).repeat, 4)
		for prog, argv, repeat in (("run", ["--repeat", "0"], True),
					   ("check", ["--repeat", "2"], False)):
			with self.assertRaises(SystemExit), \
			     contextlib.redirect_stderr(io.StringIO()):
				harness.parse_options(prog, "", argv, repeat)

	def test_repeat_changes(self):
		Case = harness_results.Case
		changed, worst = harness_results.repeat_changes([
			[Case("a", "PASS"), Case("b", "PASS"), Case("c", "SKIP")],
			[Case("a", "PASS"), Case("b", "SKIP"), Case("c", "SKIP")],
			[Case("a", "PASS"), Case("b", "PASS")]])
		self.assertEqual(changed, {"b": ["PASS", "SKIP", "PASS"],
					   "c": ["SKIP", "SKIP", "-"]})
		self.assertEqual([(c.name, c.status) for c in worst],
				 [("a", "PASS"), ("b", "SKIP"), ("c", "ERROR")])


class ExternalTest(TempDirTest):
	"""Staging, expectations and the own-boot helpers."""

	def test_staging_copies_sources_and_keeps_build_output(self):
		project = add_external(make_project(self.tmp / "project"))
		write(project / "consumers/external/old.o", "junk\n")
		write(project / "providers/symexport_provider.h", "/* p */\n")
		ext = self.tmp / "ext"
		changed = harness_tree.stage_external(project, ext)
		self.assertEqual(len(changed), 27)
		self.assertFalse((ext / "consumers/external/old.o").exists())
		self.assertFalse((ext / "consumers/c.c").exists())
		self.assertFalse((ext / "providers/p.c").exists())
		self.assertEqual(sorted(p.name for p in (ext / "providers").iterdir()),
				 ["external", "symexport_ns.h", "symexport_provider.h"])
		for name in ("a.ko", ".a.o.cmd", "Module.symvers"):
			write(ext / "consumers/external_oot" / name, "built\n")
		write(ext / "consumers/external_oot/stale.c", "/* gone */\n")
		write(ext / harness_ext.STALE_SYMVERS, "stale\n")
		(project / "providers/symexport_provider.h").unlink()
		before = snapshot(project)
		self.assertEqual(harness_tree.stage_external(project, ext), [
			ext / "consumers/external_oot/stale.c",
			ext / "providers/symexport_provider.h"])
		self.assertEqual(snapshot(project), before)
		self.assertEqual(sorted(p.name for p in
					(ext / "consumers/external_oot").iterdir()), [
			".a.o.cmd", "Kbuild", "Module.symvers", "a.ko",
			"symexport_ext_consumer.c", "symexport_ext_stripped.c",
			"symexport_ext_vermagic.c"])
		self.assertTrue((ext / harness_ext.STALE_SYMVERS).is_file())

	def test_unmet_expectations_are_explained(self):
		spec = {"expect_success": False, "expect_output": ("refused",),
			"expect_absent": ("x.ko",)}
		result = harness_proc.ProcessResult(0, False, [], 0.0,
					       ["a", "", "b", "c", "d", "e", "f"])
		write(self.tmp / "x.ko", "")
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make succeeded and wrote x.ko")
		result.returncode = 2
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "modpost did not print 'refused': b | c | d | e | f")
		result.output.append("ERROR: refused")
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make wrote x.ko")
		(self.tmp / "x.ko").unlink()
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp))
		spec = {"expect_output": (("[", "undefined!"),),
			"expect_present": ("y.ko",)}
		result.output = ["[", "undefined!"]
		self.assertIn("did not print '[ ... undefined!'",
			      harness_ext.unmet_expectation(spec, result, self.tmp))
		result.output = ["WARNING: \"s\" [m.ko] undefined!"]
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make did not write y.ko")

	def test_test_list_is_parsed(self):
		lines = ["[02:12:23] Starting KUnit Kernel (1/1)...",
			 "TAP version 14", "[02:12:24] symexport_taint.a_b",
			 "symexport_taint.c", "  symexport_taint.a_b  ",
			 "symexport_unload.d", "symexport_taint.e f",
			 "[02:12:25] Elapsed time: 1.2s"]
		self.assertEqual(harness_results.parse_test_list(lines, "symexport_taint.*"),
				 ["symexport_taint.a_b", "symexport_taint.c"])

	def test_own_boot_cases_are_the_main_boots_skips(self):
		top = {"name": "KUnit Test Group", "test_cases": [], "sub_groups": [
			{"name": "symexport_taint", "test_cases": [
				{"name": "a", "status": "SKIP"},
				{"name": "b", "status": "PASS"},
				{"name": "c", "status": "SKIP"}], "sub_groups": [
				{"name": "p", "test_cases": [
					{"name": "p 1", "status": "SKIP"},
					{"name": "p 2", "status": "SKIP"}]}]},
			{"name": "symexport_unload", "test_cases": [
				{"name": "d", "status": "SKIP"}]}]}
		self.assertEqual(harness_results.skipped_cases(top, "symexport_taint.*"), [
			"symexport_taint.a", "symexport_taint.c",
			"symexport_taint.p"])
		self.assertEqual(harness_results.skipped_cases(top, "symexport_taint.b"), [])
		self.assertIsNone(harness_results.skipped_cases(top, "symexport_stress.*"))

	def test_filter_globs(self):
		self.assertTrue(harness_results.glob_matches("symexport_taint", "symexport_taint.x"))
		self.assertTrue(harness_results.glob_matches("*.x*", "symexport_taint.xy"))
		self.assertFalse(harness_results.glob_matches("symexport_taint.y", "symexport_taint.x"))
		self.assertFalse(harness_results.glob_matches("symexport_t", "symexport_taint.x"))
		self.assertTrue(harness_results.may_overlap("symexport_taint.*", "symexport*"))
		self.assertTrue(harness_results.may_overlap("symexport_taint.*", "*.x"))
		self.assertFalse(harness_results.may_overlap("symexport_taint.*", "symexport_unload.*"))
		self.assertEqual(harness_results.user_filter_glob(["--raw_output", "a.*", "b"]), "a.*")
		self.assertIsNone(harness_results.user_filter_glob(["--raw_output"]))

	def test_configurations(self):
		main, modversions = harness_config.CONFIGURATIONS[:2]
		self.assertTrue(harness_config.config_wanted(main, ["symexport_unload.*"]))
		self.assertTrue(harness_config.config_wanted(modversions, []))
		self.assertTrue(harness_config.config_wanted(modversions, ["*"]))
		self.assertFalse(harness_config.config_wanted(modversions,
						       ["symexport_unload.*"]))
		self.assertTrue(harness_ext.records_case(main, "anything"))
		self.assertTrue(harness_ext.records_case(modversions, CRC_CASE[16:]))
		self.assertFalse(harness_ext.records_case(modversions,
						      BUILD_CASES[0][16:]))
		self.assertEqual(harness_config.config_build_dir(Path("/c/b-um"),
							  modversions),
				 Path("/c/b-um-modversions"))
		opts = options(kunitconfig=["my.config"])
		self.assertEqual(harness_steps.kunitconfig_args(opts, main),
				 ["--kunitconfig=my.config"])
		self.assertEqual(harness_steps.kunitconfig_args(opts, modversions), [
			"--kunitconfig=lib/symexport",
			"--kunitconfig=lib/symexport/configs/modversions.kunitconfig"])

	def test_put_case_replaces_or_adds(self):
		top = json.loads(json.dumps(ResultsTest.RESULTS))
		harness_results.put_case(top, ("symexport_resolution",),
				 {"name": "data_export", "status": "PASS"})
		harness_results.put_case(top, ("symexport_taint",),
				 {"name": "t", "status": "PASS"})
		cases = [(c.name, c.status) for c in harness_results.collect_cases(top)]
		self.assertIn(("symexport_resolution.data_export", "PASS"), cases)
		self.assertNotIn(("symexport_resolution.data_export", "SKIP"), cases)
		self.assertEqual(cases[-1], ("symexport_taint.t", "PASS"))
		self.assertEqual(len(cases), 6)


class RecordCasesTest(TempDirTest):
	"""Which configuration records which build case."""

	def test_cases_are_recorded_by_their_configuration(self):
		run = harness_run.SuiteRun(options(), self.tmp, self.tmp, self.tmp)
		main, modversions, *_ = run.configs
		ext_pass = harness_config.EXT_PASSES[-1]
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			run.record_cases(main, ext_pass, lambda spec: None)
			run.record_cases(modversions, ext_pass,
					 lambda spec: "CRC is 0x00000000")
		self.assertEqual([(c.name, c.status, c.reason)
				  for c in run.build_cases], [
			(BUILD_CASES[6], "PASS", ""),
			(CRC_CASE, "FAIL", "CRC is 0x00000000")])
		self.assertTrue(run.ok)
		with contextlib.redirect_stdout(out):
			run.record_cases(modversions, harness_config.EXT_PASSES[1],
					 lambda spec: "make succeeded")
		self.assertEqual(len(run.build_cases), 2)
		self.assertFalse(run.ok)
		self.assertIn(f"symexport: error: [modversions] {BUILD_CASES[0]} "
			      "does not hold in this configuration: make "
			      "succeeded", out.getvalue())


class ExtConfigTest(TempDirTest):
	"""External modules are rebuilt from scratch for a new .config."""

	def test_stamp_follows_the_config(self):
		build, ext = self.tmp / "b", self.tmp / "b" / "ext"
		ext.mkdir(parents=True)
		(build / ".config").write_text("CONFIG_A=y\n")
		self.assertTrue(harness_ext.ext_config_changed(build, ext))
		self.assertFalse(harness_ext.ext_config_changed(build, self.tmp / "none"))
		harness_ext.ext_config_record(build, ext)
		self.assertFalse(harness_ext.ext_config_changed(build, ext))
		(build / ".config").write_text("CONFIG_A=y\nCONFIG_MODVERSIONS=y\n")
		self.assertTrue(harness_ext.ext_config_changed(build, ext))


class HeartbeatTest(TempDirTest):
	"""A long step says now and then that it is still going."""

	def test_line(self):
		self.assertEqual(harness_printer.heartbeat_line("[main] building the kernel",
							 95.4),
				 "[main] building the kernel: still going after "
				 "1 min 35 s")

	def test_supervise_beats_while_the_command_runs(self):
		out = io.StringIO()
		with mock.patch.object(harness_proc, "HEARTBEAT_INTERVAL", 0.3), \
		     mock.patch.object(sys, "stdout", out), \
		     open(self.tmp / "log", "w") as log:
			result = harness_proc.supervise(["sleep", "1"], self.tmp, 10, log,
						   heartbeat="sleeping")
		self.assertEqual(result.returncode, 0)
		self.assertIn("symexport: sleeping: still going after 0 min 00 s",
			      out.getvalue())


class KernelVersionTest(TempDirTest):
	"""What exists only on some kernels: configurations, hooks."""

	def test_extended_modversions_is_built_from_6_14(self):
		def names(version):
			return [config.name for config in
				harness_config.selected_configurations(options(
					all=True, kernel_version=version))]
		self.assertNotIn("modversions_extended", names((6, 12)))
		self.assertIn("modversions_extended", names((7, 3)))
		self.assertNotIn("modversions_extended", [
			config.name for config in
			harness_config.selected_configurations(options(
				all=False, kernel_version=(7, 3)))])

	def test_namespace_imports_builds_only_passes_without_ns_errors(self):
		# modpost -N warns where the other consumer passes expect errors.
		self.assertEqual([p["what"] for p in
				  harness_config.NAMESPACE_IMPORTS_EXT_PASSES],
				 ["the provider",
				  "the consumers, with KBUILD_MODPOST_WARN=1"])
		config = next(c for c in harness_config.CONFIGURATIONS
			      if c.name == "namespace_imports")
		self.assertFalse(config.in_run)
		self.assertEqual(config.report_group, "namespace_imports")

	def test_flags_table_hooks_change_modules_on_7(self):
		ext = self.tmp / "ext"
		(ext / harness_kernels.EXT_PROVIDER_DIR).mkdir(parents=True)
		for version, calls in (((6, 12), 0), ((7, 3), 2)):
			run = harness_run.SuiteRun(options(kernel_version=version),
					       self.tmp, self.tmp, self.tmp)
			main = run.configs[0]
			with mock.patch.object(harness_ext, "objcopy") as objcopy, \
			     contextlib.redirect_stdout(io.StringIO()):
				harness_ext.hook_strip_flagstab(run, main, ext)
				harness_ext.hook_add_obsolete_ksymtab_gpl(run, main,
									  ext)
			self.assertEqual(objcopy.call_count, calls, version)
		first, second = objcopy.call_args_list
		self.assertEqual(first.args, (run, ext / harness_ext.NOFLAGS_MODULE,
					      "--remove-section=__kflagstab"))
		self.assertEqual(second.args[1], ext / harness_ext.OLDGPL_MODULE)
		# Removed first, so that a second run does not add it twice.
		self.assertEqual(second.args[2],
				 "--remove-section=__ksymtab_gpl")
		self.assertIn("--set-section-flags=__ksymtab_gpl=alloc,readonly",
			      second.args)

	def test_module_namespace_pass_only_on_7(self):
		modns = [p for p in harness_config.EXT_PASSES
			 if p.get("dir") == harness_kernels.EXT_MODNS_DIR]
		self.assertEqual([p["since"] for p in modns],
				 [harness_kernels.FOR_MODULES_SINCE])


class PostProcessTest(TempDirTest):
	"""The version-magic patch, the stale CRC and the Module.symvers check."""

	KO = b"\x7fELF\x02\x01\0\0name=x\0vermagic=6.12.117 mod_unload \0tail"

	def test_vermagic_is_patched_once(self):
		ko = self.tmp / "m.ko"
		ko.write_bytes(self.KO)
		ko.chmod(0o640)
		self.assertEqual(harness_ext.patch_vermagic(ko, "6.12.117"), "9.99.999")
		data = ko.read_bytes()
		self.assertEqual(data, self.KO.replace(b"6.12.117", b"9.99.999"))
		self.assertEqual(len(data), len(self.KO))
		self.assertEqual(ko.stat().st_mode & 0o777, 0o640)
		os.utime(ko, ns=(10**18, 10**18))
		self.assertEqual(harness_ext.patch_vermagic(ko, "6.12.117"), "9.99.999")
		self.assertEqual(ko.read_bytes(), data)
		self.assertEqual(ko.stat().st_mtime_ns, 10**18)
		self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["m.ko"])

	def test_vermagic_patch_refuses_what_it_cannot_find(self):
		ko = self.tmp / "m.ko"
		ko.write_bytes(self.KO)
		with self.assertRaisesRegex(harness_ext.StepError,
					    "has 0 times 'vermagic=6.1.0 ', not "
					    "once"):
			harness_ext.patch_vermagic(ko, "6.1.0")
		ko.write_bytes(self.KO * 2)
		with self.assertRaisesRegex(harness_ext.StepError, "has 2 times"):
			harness_ext.patch_vermagic(ko, "6.12.117")
		with self.assertRaisesRegex(harness_ext.StepError, "cannot read"):
			harness_ext.patch_vermagic(self.tmp / "none.ko", "6.12.117")
		self.assertEqual(ko.read_bytes(), self.KO * 2)

	def test_other_release(self):
		self.assertEqual(harness_ext.other_release("6.12.117"), "9.99.999")
		self.assertEqual(harness_ext.other_release("6.12.0-rc1+"), "9.99.9-rc9+")
		self.assertEqual(harness_ext.other_release("9.99.999"), "8.88.888")
		with self.assertRaises(harness_ext.StepError):
			harness_ext.other_release("abc")

	def test_crc_is_complemented(self):
		text = symvers_text(("0x00000000", "0x1234abcd", "0x00000000"))
		stale = harness_ext.complement_crc(text, "symexport_ext_add")
		lines, old = stale.splitlines(), text.splitlines()
		self.assertEqual(lines[0], "0xffffffff" + old[0][10:])
		self.assertEqual(lines[1:], old[1:])
		self.assertTrue(stale.endswith("\n"))
		self.assertEqual(harness_ext.complement_crc(text, "symexport_ext_gpl_mul")
				 .splitlines()[1][:10], "0xedcb5432")
		with self.assertRaisesRegex(harness_ext.StepError, "0 lines for x"):
			harness_ext.complement_crc(text, "x")
		with self.assertRaisesRegex(harness_ext.StepError, "2 lines"):
			harness_ext.complement_crc(text + text, "symexport_ext_add")

	def test_module_symvers_is_checked(self):
		zero = symvers_text()
		crcs = symvers_text(("0x1234abcd", "0x0badc0de", "0x00000001",
				     "0x10ec10ec"))
		self.assertIsNone(harness_ext.symvers_mismatch(zero, False))
		self.assertIsNone(harness_ext.symvers_mismatch(crcs, True))
		self.assertEqual(harness_ext.symvers_mismatch(crcs.splitlines()[0], False),
				 "line 1 (symexport_ext_add): CRC is 0x1234abcd, "
				 "expected 0x00000000 (no MODVERSIONS); 0 lines for "
				 "symexport_ext_gpl_mul, not one; 0 lines for "
				 "symexport_ext_ns_add, not one; 0 lines for "
				 "symexport_ext_add_with_a_name_too_long_for_"
				 "struct_modversion_info, not one")
		self.assertEqual(harness_ext.symvers_mismatch(zero, True), "; ".join(
			f"line {n} ({name}): CRC is 0x00000000, expected a non-zero "
			"CRC (MODVERSIONS)" for n, (name, _, _) in
			enumerate(harness_ext.SYMVERS_EXPORTS, 1)))
		bad = (zero.replace("EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL")
		       .replace("SYMEXPORT_NS", "")
		       .replace("0x00000000\tsymexport_ext_add\t",
				"0\tsymexport_ext_add\t"))
		self.assertEqual(harness_ext.symvers_mismatch(bad, False),
				 "line 1 (symexport_ext_add): CRC '0' is not 0x%08x; "
				 "line 2 (symexport_ext_gpl_mul): export type is "
				 "'EXPORT_SYMBOL', expected 'EXPORT_SYMBOL_GPL'; "
				 "line 3 (symexport_ext_ns_add): namespace is '', "
				 "expected 'SYMEXPORT_NS'")
		other = symvers_text(module="/b/providers/symexport_provider")
		self.assertIn("line 1 (symexport_ext_add): module is "
			      "'/b/providers/symexport_provider', expected "
			      "'*/providers/external/symexport_ext_provider'",
			      harness_ext.symvers_mismatch(other, False))
		# Since 6.13 the module is named relative to M=.
		self.assertIn("module is '/b/symexport-ext/providers/external/"
			      "symexport_ext_provider', expected "
			      "'symexport_ext_provider'",
			      harness_ext.symvers_mismatch(zero, False, (7, 3)))
		relative = symvers_text(module="symexport_ext_provider")
		self.assertIsNone(harness_ext.symvers_mismatch(relative, False, (7, 3)))
		self.assertIn("2 lines for symexport_ext_add, not one (lines 1, 5)",
			      harness_ext.symvers_mismatch(zero + zero, False))
		short = zero.replace("\tEXPORT_SYMBOL_GPL\t\n", "\tEXPORT_SYMBOL_GPL\n")
		self.assertIn("line 2 (symexport_ext_gpl_mul) has 4 tab-separated "
			      "fields, not 5", harness_ext.symvers_mismatch(short, False))


class CheckTest(unittest.TestCase):
	"""main_check() tallies: skipped KUnit cases fail."""

	def check(self, cases, ok, unit=(5, 0), style=(0, 0)):
		suite = harness_results.SuiteResult(ok, [harness_results.Case(*c) for c in cases])
		out = io.StringIO()
		with mock.patch.object(harness, "run_suite", return_value=suite), \
		     mock.patch.object(harness, "run_harness_tests",
				       return_value=unit), \
		     mock.patch.object(harness, "check_style",
				       return_value=style), \
		     contextlib.redirect_stdout(out):
			status = harness.main_check(["--kernel", "6.12",
						     "--arch", "um"])
		return status, out.getvalue()

	def test_check_runs_every_target_and_tabulates_them(self):
		suites = {
			("7.3", "um"): harness_results.SuiteResult(True, [
				harness_results.Case("s.a", "PASS"), harness_results.Case("s.b", "PASS")]),
			("6.12", "um"): harness_results.SuiteResult(True, [
				harness_results.Case("s.a", "PASS"), harness_results.Case("s.b", "PASS")]),
			("6.1", "um"): harness_results.SuiteResult(True, [
				harness_results.Case("s.a", "PASS"), harness_results.Case("s.b", "FAIL")]),
			("7.3", "x86_64"): harness_results.SuiteResult(True, [
				harness_results.Case("s.a", "PASS"),
				harness_results.Case("symexport_modversions.c", "SKIP")]),
			("7.3", "arm64"): harness_results.SuiteResult(True, [
				harness_results.Case("s.a", "PASS")]),
		}
		seen = []

		def fake_run_suite(opts):
			seen.append((opts.kernel, harness_kernels.arch_of(opts), opts.json,
				     getattr(opts, "only", None)))
			return suites[(opts.kernel, harness_kernels.arch_of(opts))]
		out = io.StringIO()
		with mock.patch.object(harness, "run_suite", fake_run_suite), \
		     mock.patch.object(harness, "run_harness_tests",
				       return_value=(1, 0)), \
		     mock.patch.object(harness, "check_style",
				       return_value=(0, 0)), \
		     contextlib.redirect_stdout(out):
			status = harness.main_check(["--json", "r.json"])
		self.assertEqual(status, 1)
		self.assertEqual(seen, [
			("7.3", "um", "r-7.3.json", None),
			("7.3", "x86_64", "r-7.3-x86_64.json", ("main",)),
			("7.3", "arm64", "r-7.3-arm64.json", ("main",)),
			("6.12", "um", "r-6.12.json", None),
			("6.1", "um", "r-6.1.json", None)])
		text = out.getvalue()
		self.assertIn("1 skipped cases need a configuration that x86_64 "
			      "does not build here", text)
		self.assertIn("every case per kernel and machine (1 differ;", text)
		table = text[text.index("every case per kernel"):].splitlines()
		self.assertEqual(table[1].split(), ["7.3", "7.3-x86_64", "7.3-arm64",
						    "6.12", "6.1", "case"])
		self.assertEqual(table[2].split(), ["PASS", "-", "-", "PASS", "FAIL",
						    "s.b"])
		self.assertEqual(table[3].split(), ["PASS"] * 5 + ["s.a"])
		self.assertEqual(text.splitlines()[-1], "8 passed, 1 failed")

	def test_check_targets_narrow_down_with_kernel_and_arch(self):
		def labels(argv):
			opts = harness.parse_options("check", "", argv)
			return [t.label for t in harness.check_targets(opts)]
		self.assertEqual(labels([]), ["7.3", "7.3-x86_64", "7.3-arm64",
					      "6.12", "6.1"])
		self.assertEqual(labels(["--kernel", "7.3"]),
				 ["7.3", "7.3-x86_64", "7.3-arm64"])
		self.assertEqual(labels(["--kernel", "6.1"]), ["6.1"])
		self.assertEqual(labels(["--arch", "um"]), ["7.3", "6.12", "6.1"])
		self.assertEqual(labels(["--arch", "arm64"]), ["7.3-arm64"])
		self.assertEqual(labels(["--kernel", "6.1", "--arch", "x86_64"]),
				 ["6.1-x86_64"])
		self.assertEqual(labels(["--kernel-src", "/t"]), ["7.3"])
		self.assertEqual(labels(["--kernel-src", "/t", "--arch", "arm64"]),
				 ["7.3-arm64"])

	def test_ci_builds_only_the_main_configuration_of_long_term_kernels(self):
		opts = harness.parse_options("check", "", ["--ci"])
		only = {t.label: t.only for t in harness.check_targets(opts)}
		self.assertEqual(only, {"7.3": ("main", "modversions", "force_unload"),
					"6.12": ("main",), "6.1": ("main",)})
		opts = harness.parse_options("check", "", [])
		self.assertEqual({t.label: t.only for t in
				  harness.check_targets(opts)}["6.1"], None)

	def test_left_out_cases_are_skips_only_other_configurations_run(self):
		main = [c for c in harness_config.CONFIGURATIONS if c.name == "main"]
		cases = [harness_results.Case(n, s) for n, s in (
			("symexport_modversions.matching_crc_loads", "SKIP"),
			("symexport_force_unload.forced_removal_x", "SKIP"),
			("symexport_force_unload.removal_not_forced_x", "PASS"),
			("symexport_kmemleak.x", "SKIP"),
			("symexport_builtin.x", "SKIP"),
			("symexport_unload.x", "SKIP"),
			("symexport_taint.x", "SKIP"))]
		kept, left = harness_config.left_out_cases(cases, main)
		self.assertEqual([c.name for c in kept], [
			"symexport_force_unload.removal_not_forced_x",
			"symexport_unload.x", "symexport_taint.x"])
		self.assertEqual(len(left), 4)
		kept, left = harness_config.left_out_cases(cases, harness_config.CONFIGURATIONS)
		self.assertEqual((len(kept), left), (7, []))

	def test_all_passed(self):
		status, out = self.check([("s.a", "PASS"), ("s.b", "PASS")], True)
		self.assertEqual(status, 0)
		self.assertEqual(out.splitlines()[-1], "7 passed, 0 failed")

	def test_style_problem_fails_check(self):
		status, out = self.check([("s.a", "PASS")], True, style=(1, 1))
		self.assertEqual(status, 1)
		self.assertEqual(out.splitlines()[-1], "7 passed, 1 failed")

	def test_check_style_reports_each_problem(self):
		out = io.StringIO()
		with mock.patch("submission.lint", return_value=[
				"checkpatch: kunit/a.c:1: WARNING: x"]), \
		     mock.patch("submission.undocumented_cases",
				return_value=["symexport_x.y"]), \
		     contextlib.redirect_stdout(out):
			result = harness.check_style(options(kernel_src="/tree"))
		self.assertEqual(result, (0, 2))
		self.assertIn("    checkpatch: kunit/a.c:1: WARNING: x", out.getvalue())
		self.assertIn("symexport_x.y", out.getvalue())

	def test_bad_input_stops_check_with_status_2(self):
		out, err = io.StringIO(), io.StringIO()
		with mock.patch.object(harness, "run_suite",
				       side_effect=harness_kernels.HarnessError(
					       "no kernel tree at /x: give --kernel-src DIR")), \
		     mock.patch.object(harness, "run_harness_tests") as unit, \
		     contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
			status = harness.main_check(["--kernel", "6.12", "--arch", "um"])
		self.assertEqual(status, harness_kernels.EXIT_USAGE)
		self.assertIn("no kernel tree at /x", out.getvalue() + err.getvalue())
		unit.assert_not_called()

	def test_skip_fails_check(self):
		status, out = self.check([("s.a", "PASS"), ("s.b", "SKIP")], True)
		self.assertEqual(status, 1)
		self.assertIn("skipped cases are failures under check", out)
		self.assertIn("    s.b", out)
		self.assertEqual(out.splitlines()[-1], "6 passed, 1 failed")

	def test_failed_run_without_cases_fails_check(self):
		status, out = self.check([], False)
		self.assertEqual(status, 1)
		self.assertEqual(out.splitlines()[-1], "5 passed, 1 failed")

	def test_failed_harness_test_fails_check(self):
		status, out = self.check([("s.a", "PASS")], True, unit=(4, 1))
		self.assertEqual(status, 1)
		self.assertEqual(out.splitlines()[-1], "5 passed, 1 failed")


if __name__ == "__main__":
	unittest.main()
