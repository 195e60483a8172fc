# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the symexport harness, on fake kernel trees.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
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
	write(root / harness.KUNIT_PY, kunit_py)
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
		return harness.install_project(self.project, self.tree, str(SUBDIR))

	def test_install_copies_sources_only(self):
		self.install()
		installed = sorted(p.relative_to(self.target).as_posix()
				   for p in self.target.rglob("*") if p.is_file())
		self.assertEqual(installed, [
			".kunitconfig", "Kconfig", "Makefile", "consumers/c.c",
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
			with self.assertRaises(harness.HarnessError) as ctx:
				harness.install_project(self.project, self.tree, subdir)
			self.assertEqual(ctx.exception.code, 2)
			self.assertIn("lib/symexport", str(ctx.exception))

	def test_parent_without_kconfig_is_refused(self):
		with self.assertRaises(harness.HarnessError) as ctx:
			harness.install_project(self.project, self.tree, "nolib/symexport")
		self.assertIn("no Kconfig", str(ctx.exception))


class KernelTreeTest(TempDirTest):
	"""Version parsing and refusal of unusable trees."""

	def assert_refused(self, tree, *words):
		with self.assertRaises(harness.HarnessError) as ctx:
			harness.validate_kernel_tree(tree)
		self.assertEqual(ctx.exception.code, 2)
		for word in words:
			self.assertIn(word, str(ctx.exception))
		self.assertNotIn("\n", str(ctx.exception))

	def test_version_is_parsed(self):
		tree = make_tree(self.tmp / "linux")
		self.assertEqual(harness.read_kernel_version(tree), (6, 12))
		self.assertEqual(harness.validate_kernel_tree(tree), (6, 12))

	def test_minimum_version_is_accepted(self):
		tree = make_tree(self.tmp / "linux", version=harness.MIN_KERNEL)
		self.assertEqual(harness.validate_kernel_tree(tree), (6, 8))

	def test_old_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux", version=(5, 15))
		self.assert_refused(tree, "5.15", "6.8", "linux-source-6.12")

	def test_non_kernel_dir_is_refused(self):
		write(self.tmp / "Makefile", "all:\n")
		self.assert_refused(self.tmp, "not a kernel source tree",
				    "linux-source-6.12")

	def test_missing_dir_is_refused(self):
		self.assert_refused(self.tmp / "nope", "no kernel tree",
				    "--kernel-src", "linux-source-6.12")

	def test_configured_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux")
		write(tree / ".config", "CONFIG_UML=y\n")
		self.assert_refused(tree, "make mrproper")

	def test_build_dir_inside_project_is_refused(self):
		project = make_project(self.tmp / "project")
		with self.assertRaises(harness.HarnessError) as ctx:
			harness.check_build_dir(project / "build", project)
		self.assertIn("--build-dir", str(ctx.exception))
		harness.check_build_dir(self.tmp / "build", project)

	def test_tarball_is_unpacked_into_place(self):
		src = write(self.tmp / "src/linux-source-6.12/Makefile", "VERSION = 6\n")
		tarball = self.tmp / "linux.tar"
		with tarfile.open(tarball, "w") as tar:
			tar.add(src.parent, arcname="linux-source-6.12")
		tree = self.tmp / "cache/linux-source-6.12"
		with contextlib.redirect_stdout(io.StringIO()):
			harness.extract_tarball(tarball, tree)
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
				    (old, "6.8 or newer")):
			proc = self.run_script("--kernel-src", str(tree))
			self.assertEqual(proc.returncode, 2, proc.stderr)
			self.assertEqual(proc.stdout, "")
			self.assertEqual(len(proc.stderr.splitlines()), 1)
			self.assertIn(words, proc.stderr)


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
		cases = harness.load_cases(path)
		self.assertEqual([(c.name, c.status) for c in cases], [
			("symexport_resolution.gpl_export", "PASS"),
			("symexport_resolution.data_export", "SKIP"),
			("symexport_refcount.two_consumers", "FAIL"),
			("symexport_refcount.load_param.order 1", "PASS"),
			("symexport_refcount.load_param.order 2", "ERROR"),
		])
		self.assertEqual(harness.tally(cases), (2, 2, 1))

	def test_unusable_json_gives_none(self):
		self.assertIsNone(harness.load_cases(self.tmp / "missing.json"))
		self.assertIsNone(harness.load_cases(write(self.tmp / "e.json", "")))
		self.assertIsNone(harness.load_cases(write(self.tmp / "b.json", "{")))


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

	def hang_stub(self, setsid):
		self.pidfile = self.tmp / "pids"
		tree = make_tree(self.tmp / "linux", kunit_py=HANG_STUB.format(
			setsid=setsid, pidfile=str(self.pidfile)))
		return [sys.executable, harness.KUNIT_PY, "run"], tree

	def read_pids(self):
		return [int(pid) for pid in self.pidfile.read_text().split()]

	def check_timeout_kills_all(self, setsid):
		cmd, tree = self.hang_stub(setsid)
		start = time.monotonic()
		with contextlib.redirect_stdout(io.StringIO()) as out:
			result = harness.run_process(cmd, tree, 2, self.tmp / "log")
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
				import harness
				harness.run_process({cmd!r}, {str(tree)!r}, 60,
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


PASS_STUB = """\
import json, os, sys
args = sys.argv[1:]
open({argfile!r}, "w").write(json.dumps([os.getcwd()] + args))
path = [a for a in args if a.startswith("--json=")][0][len("--json="):]
print("stub: running", flush=True)
json.dump({results!r}, open(path, "w"))
sys.exit({status})
"""

CRASH_STUB = """\
import os, sys
build = [a for a in sys.argv if a.startswith("--build_dir=")][0][12:]
if {kernel_log}:
	with open(os.path.join(build, "test.log"), "w") as log:
		log.write("booting\\nKernel panic - not syncing: fake\\n")
print("stub: the kernel crashed", flush=True)
sys.exit(1)
"""


class RunSuiteTest(TempDirTest):
	"""run_suite() end to end with kunit.py stubs."""

	def run_suite(self, stub, **overrides):
		make_tree(self.tmp / "linux", kunit_py=stub)
		project = make_project(self.tmp / "project")
		opts = options(kernel_src=str(self.tmp / "linux"),
			       build_dir=str(self.tmp / "build"), **overrides)
		out = io.StringIO()
		with mock.patch.object(harness, "ensure_build_tools"), \
		     contextlib.redirect_stdout(out):
			result = harness.run_suite(opts, project)
		return result, out.getvalue()

	def pass_stub(self, results, status=0):
		self.argfile = self.tmp / "args.json"
		return PASS_STUB.format(argfile=str(self.argfile), results=results,
					status=status)

	def test_passing_run(self):
		stub = self.pass_stub({"name": "KUnit Test Group", "test_cases": [],
				       "sub_groups": [{"name": "s", "test_cases": [
					       {"name": "a", "status": "PASS"}]}]})
		result, out = self.run_suite(stub, jobs=3, kunit_args=["--x=y"])
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1], "1 passed, 0 failed, 0 skipped")
		cwd, *args = json.loads(self.argfile.read_text())
		self.assertEqual(cwd, str(self.tmp / "linux"))
		self.assertEqual(args[:5], [
			"run", "--kunitconfig=lib/symexport",
			f"--build_dir={self.tmp / 'build'}", "--jobs=3", "--timeout=300"])
		self.assertTrue(args[5].startswith("--json="))
		self.assertEqual(args[6:], ["--x=y"])
		self.assertFalse(os.path.exists(args[5][len("--json="):]))
		self.assertIn("stub: running",
			      (self.tmp / "build" / harness.RUN_LOG).read_text())

	def test_failed_and_skipped_cases_are_listed(self):
		json_file = self.tmp / "out.json"
		stub = self.pass_stub(ResultsTest.RESULTS, status=1)
		result, out = self.run_suite(stub, json=str(json_file))
		self.assertFalse(result.ok)
		self.assertRegex(out, r"FAIL +symexport_refcount.two_consumers")
		self.assertRegex(out, r"ERROR +symexport_refcount.load_param.order 2")
		self.assertRegex(out, r"SKIP +symexport_resolution.data_export")
		self.assertEqual(out.splitlines()[-1], "2 passed, 2 failed, 1 skipped")
		self.assertEqual(json.loads(json_file.read_text()), ResultsTest.RESULTS)

	def test_crash_prints_kernel_log_tail(self):
		result, out = self.run_suite(CRASH_STUB.format(kernel_log=True))
		self.assertFalse(result.ok)
		self.assertIn("kunit.py exited with status 1", out)
		self.assertIn("    Kernel panic - not syncing: fake", out)
		self.assertEqual(out.splitlines()[-1], "0 passed, 0 failed, 0 skipped")

	def test_crash_without_kernel_log_prints_run_log_tail(self):
		result, out = self.run_suite(CRASH_STUB.format(kernel_log=False))
		self.assertFalse(result.ok)
		self.assertIn("no test results", out)
		self.assertIn(harness.RUN_LOG, out)
		self.assertIn("    stub: the kernel crashed", out)


class CheckTest(unittest.TestCase):
	"""main_check() tallies: skipped KUnit cases fail."""

	def check(self, cases, ok, unit=(5, 0)):
		suite = harness.SuiteResult(ok, [harness.Case(*c) for c in cases])
		out = io.StringIO()
		with mock.patch.object(harness, "run_suite", return_value=suite), \
		     mock.patch.object(harness, "run_harness_tests",
				       return_value=unit), \
		     contextlib.redirect_stdout(out):
			status = harness.main_check([])
		return status, out.getvalue()

	def test_all_passed(self):
		status, out = self.check([("s.a", "PASS"), ("s.b", "PASS")], True)
		self.assertEqual(status, 0)
		self.assertEqual(out.splitlines()[-1], "7 passed, 0 failed")

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
