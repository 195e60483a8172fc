# SPDX-License-Identifier: GPL-2.0-only
"""Fakes for the harness's unit tests: kernel trees and projects, the
stubs of kunit.py, make and objcopy that the fake kernels run, and the
test classes that set them up.  No tests of its own.
"""

import contextlib
import dataclasses
import io
import json
import os
import signal
import struct
import sys
import tempfile
import time
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
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


# kunit.py's JSON results of a boot, with nested groups.
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


class TempDirTest(unittest.TestCase):
	"""Gives each test a temporary directory, self.tmp."""

	def setUp(self):
		self._tmp = tempfile.TemporaryDirectory(prefix="symexport-test-")
		self.tmp = Path(self._tmp.name)

	def tearDown(self):
		self._tmp.cleanup()


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
def note(event):
	# When each step started and ended, for the tests of concurrency.
	if "times" in conf:
		with open(conf["times"], "a") as times:
			times.write(f"{event} {time.time()}\\n")

if args[0] == "build":
	note(f"build-{config}-start")
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
	note(f"build-{config}-end")
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
# As kunit_json.py writes them: every group with the same metadata, and
# (unless "counts" is false, as in 6.12's) the counts of its cases.
common = {"arch": (opt("--arch") or ["um"])[0], "defconfig": "kunit_defconfig",
	  "build_environment": build_dir, "lab_name": None, "kernel": None,
	  "job": None, "git_branch": "kselftest"}
def group(name, subs, cases):
	counts = dict.fromkeys(("passed", "failed", "crashed", "skipped",
				"errors"), 0)
	for sub in subs:
		for key in counts:
			counts[key] += sub.get("misc", {}).get(key, 0)
	for case in cases:
		counts[{"PASS": "passed", "SKIP": "skipped",
			"ERROR": "crashed"}.get(case["status"], "failed")] += 1
	counts = dict(tests=sum(counts.values()) - counts["errors"], **counts)
	made = {"name": name, "sub_groups": subs, "test_cases": cases}
	if conf.get("counts", True):
		made["misc"] = counts
	made.update(common)
	return made
results = conf.get("results") or group("KUnit Test Group", [
	group(suite, [], [{"name": name, "status": status}
			  for name, status in cases])
	for suite, cases in suites], [])
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
def tiny_elf(sections, kinds=None):
	"""Return a minimal ELF64 little-endian file with SECTIONS ({name:
	bytes}, in order) and a section name table, for the hooks that edit
	modules; KINDS gives some of them {name: (sh_type, sh_link)}, the
	others are PROGBITS."""
	kinds = kinds or {}
	names = b"\0"
	offsets = {}
	for name in [*sections, ".shstrtab"]:
		offsets[name] = len(names)
		names += name.encode() + b"\0"
	body = b""
	headers = [bytes(64)]
	for name, data in [*sections.items(), (".shstrtab", names)]:
		sh_type, sh_link = kinds.get(name, (1, 0))
		headers.append(struct.pack("<IIQQQQIIQQ", offsets[name], sh_type,
					   0, 0, 64 + len(body), len(data),
					   sh_link, 0, 1, 0))
		body += data
	ident = b"\x7fELF\x02\x01\x01" + bytes(9)
	header = ident + struct.pack("<HHIQQQIHHHHHH", 1, 62, 1, 0, 0,
				     64 + len(body), 0, 64, 0, 0, 64,
				     len(headers), len(headers) - 1)
	return header + body + b"".join(headers)


# The module whose __versions the out-of-tree pass blanks.
VERSIONED_ELF = tiny_elf({".text": b"\x90" * 8, "__versions": bytes(range(1, 129))})
# The external provider and the out-of-tree consumer, with their .modinfo.
PROVIDER_ELF = tiny_elf({".modinfo": b"license=GPL\0depends=\0name=symexport_ext_provider\0"})
CONSUMER_ELF = tiny_elf({".modinfo": b"license=GPL\0depends=symexport_ext_provider\0"
				     b"name=symexport_ext_consumer\0"})
# The provider whose CRCs the provider pass removes (with MODVERSIONS).
NOCRCS_ELF = tiny_elf({".text": b"\x90" * 8, "__kcrctab": b"\x12\x34\x56\x78"})
# The module whose marker symbol the provider pass moves past its last
# section (3, .symtab: its section index 1 becomes 4).
BAD_SHNDX_ELF = tiny_elf({
	".text": b"\x90" * 8,
	".strtab": b"\0symexport_ext_bad_shndx_marker\0",
	".symtab": bytes(24) + struct.pack("<IBBHQQ", 1, 0x11, 0, 1, 0, 4),
}, kinds={".symtab": (2, 2)})

MAKE_STUB = """\
import glob, json, os, sys, time
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["make", os.getcwd()] + args) + "\\n")
var = dict(a.split("=", 1) for a in args if "=" in a)
m = var["M"]
build_dir = args[args.index("-C") + 1]
if "O" in var:
	# Against the source tree with an empty build dir: never configured.
	if conf.get("unconfigured_unchecked"):
		print("Makefile:1: include/config/auto.conf: No such file")
	else:
		print("***  ERROR: Kernel configuration is invalid. The "
		      "following files are missing:")
	sys.exit(2)
modversions = build_dir.endswith("-modversions")
if "times" in conf:
	with open(conf["times"], "a") as times:
		times.write(f"make-{'modversions' if modversions else 'main'}-start "
			    f"{time.time()}\\n")
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
	write("symexport_ext_provider.ko", @PROVIDER_ELF@)
	write("symexport_ext_dup.ko")
	write("symexport_ext_formod.ko")
	write("symexport_ext_noflags.ko")
	write("symexport_ext_oldgpl.ko")
	write("symexport_ext_nocrcs.ko",
	      @NOCRCS_ELF@ if modversions else @PROVIDER_ELF@)
	write("symexport_ext_bad_shndx.ko", @BAD_SHNDX_ELF@)
	crcs = ("0x1234abcd", "0x0badc0de", "0x5eed5eed", "0x10ec10ec",
		"0x7a117a11") if modversions else ("0x00000000",) * 5
	lines = [f"{crc}\\tsymexport_ext_{name}\\t{m}/symexport_ext_provider\\t"
		 f"EXPORT_SYMBOL{gpl}\\t{ns}\\n" for crc, (name, gpl, ns) in zip(crcs, (
			("add", "", ""), ("gpl_mul", "_GPL", ""),
			("ns_add", "", "SYMEXPORT_NS"),
			("add_with_a_name_too_long_for_struct_modversion_info",
			 "", ""),
			("tail_ns_add", "", "SYMEXP_symexport_ext_ns_tail_user")))]
	modpost_succeeded(conf.get("symvers", "".join(lines)))
	sys.exit(0)
if m.endswith("consumers/external"):
	kos = ("symexport_ext_gpl_user.ko", "symexport_ext_weak.ko",
	       "symexport_ext_ns_user.ko", "symexport_ext_unversioned_user.ko",
	       "symexport_ext_formod_listed.ko", "symexport_ext_formod_glob_user.ko",
	       "symexport_ext_formod_unlisted.ko", "symexport_ext_formod_dash.ko",
	       "symexport_ext_formod_list.ko", "symexport_ext_formod_listed_too.ko",
	       "symexport_ext_ns_other_imports.ko", "symexport_ext_common.ko",
	       "symexport_ext_formod_proprietary.ko",
	       "symexport_ext_ns_tail_user.ko", "symexport_ext_lto_common.ko",
	       "symexport_ext_got.ko", "symexport_ext_ns_weak_user.ko")
	if symvers and modpost:
		if glob.glob(os.path.join(m, "*.ko")):
			print("make: stale .ko files in " + m)
			sys.exit(3)
		if not conf.get("negative_succeeds"):
			for ko in kos[:2]:
				print(f"ERROR: modpost: GPL-incompatible module {ko} "
				      "uses GPL-only symbol 'symexport_ext_gpl_mul'")
			print("ERROR: modpost: GPL-incompatible module "
			      "symexport_ext_kernel_gpl_refused.ko uses GPL-only "
			      "symbol 'synchronize_rcu'")
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
	write("symexport_ext_kernel_gpl_user.ko",
	      b"\\x7fELF\\0license=Dual MIT/GPL\\0")
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
	write("symexport_ext_consumer.ko", @CONSUMER_ELF@)
	write("symexport_ext_blank_versions.ko", @VERSIONED_ELF@)
	for ko in ("nocrcs_user", "livepatch", "vermagic_release",
		   "vermagic_extended", "kfree_user"):
		write(f"symexport_ext_{ko}.ko")
	write("symexport_ext_versions_cut.ko", @VERSIONED_ELF@)
	release = open(os.path.join(build_dir, "include/config/kernel.release")
		       ).read().strip()
	write("symexport_ext_vermagic.ko", b"\\x7fELF\\0\\0vermagic=" +
	      conf.get("vermagic", release).encode() + b" mod_unload \\0end")
	sys.exit(0)
assert m.endswith("consumers/external_stale"), m
modpost_succeeded()
write("symexport_ext_stale_user.ko")
""".replace("@VERSIONED_ELF@", repr(VERSIONED_ELF)).replace(
	"@PROVIDER_ELF@", repr(PROVIDER_ELF)).replace(
	"@CONSUMER_ELF@", repr(CONSUMER_ELF)).replace(
	"@NOCRCS_ELF@", repr(NOCRCS_ELF)).replace(
	"@BAD_SHNDX_ELF@", repr(BAD_SHNDX_ELF))


OBJCOPY_STUB = """\
import json, os, sys
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps([os.path.basename(sys.argv[0]), os.getcwd()] +
			       args) + "\\n")
if args[0] == "--remove-section=__obsparm": sys.exit(0)  # obsolete-section hook
assert args[0] in ("--remove-section=__versions", "--remove-section=__kcrctab"), args
assert all(arg.startswith("--remove-section=") for arg in args[:-1]), args
with open(args[-1], "rb") as f:
	data = f.read()
with open(args[-1], "wb") as f:
	# The CRC table's name is renamed, not removed: the fake ELF file
	# stays whole for the next run's hook.
	f.write(data.replace(b"__versions", b"").replace(b"__kcrctab",
							 b"__xcrctab"))
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
SYMVERS_CASE = "symexport_build.module_symvers_lists_each_export"
BUILD_CASES = [
	"symexport_build.modpost_refuses_gpl_incompatible_module_using_"
	"gpl_only_symbol",
	"symexport_build.modpost_refuses_gpl_incompatible_module_using_"
	"kernel_gpl_only_symbol",
	"symexport_build.modpost_refuses_weak_gpl_only_reference_from_"
	"gpl_incompatible_module",
	"symexport_build.modpost_refuses_namespaced_symbol_without_import",
	"symexport_build.modpost_warn_turns_undefined_symbol_into_warning",
	"symexport_build.consumer_build_without_kbuild_extra_symbols_fails_"
	"undefined",
	"symexport_build.consumer_builds_with_kbuild_extra_symbols",
	"symexport_build.external_build_against_unconfigured_tree_fails_"
	"configuration_invalid",
	"symexport_build.modinfo_depends_names_modules_whose_exports_are_used",
	SYMVERS_CASE,
]
VMLINUX_CASE = "symexport_build.modinfo_depends_never_names_vmlinux"
CRC_CASE = "symexport_build.module_symvers_records_crcs_with_modversions"


# The directory of each make pass, in order.
PASS_DIRS = ["providers/external", "consumers/external", "consumers/external",
	     "consumers/external_oot", "consumers/external_oot",
	     "consumers/external_stale"]
EXT_SOURCES = {
	"providers/external": ("symexport_ext_provider.c",
			       "symexport_ext_provider.h", "symexport_ext_dup.c",
			       "symexport_ext_formod.c", "symexport_ext_formod.h",
			       "symexport_ext_noflags.c", "symexport_ext_oldgpl.c",
			       "symexport_ext_nocrcs.c", "symexport_ext_nocrcs.h",
			       "symexport_ext_bad_shndx.c"),
	"consumers/external": ("symexport_ext_gpl_user.c", "symexport_ext_weak.c",
			       "symexport_ext_kernel_gpl_user.c",
			       "symexport_ext_kernel_gpl_refused.c",
			       "symexport_ext_ns_other_imports.c",
			       "symexport_ext_common.c",
			       "symexport_ext_ns_user.c",
			       "symexport_ext_unversioned_user.c",
			       "symexport_ext_formod_listed.c",
			       "symexport_ext_formod_glob_user.c",
			       "symexport_ext_formod_unlisted.c",
			       "symexport_ext_formod_list.c",
			       "symexport_ext_formod_listed_too.c",
			       "symexport_ext_formod_dash.c",
			       "symexport_ext_formod_proprietary.c",
			       "symexport_ext_formod_import.c",
			       "symexport_ext_ns_tail_user.c",
			       "symexport_ext_lto_common.c",
			       "symexport_ext_got.c",
			       "symexport_ext_ns_weak_user.c"),
	"consumers/external_oot": ("symexport_ext_consumer.c",
				   "symexport_ext_stripped.c",
				   "symexport_ext_vermagic.c",
				   "symexport_ext_blank_versions.c",
				   "symexport_ext_nocrcs_user.c",
				   "symexport_ext_livepatch.c",
				   *(f"symexport_ext_{name}.c" for name in (
					   "vermagic_release", "vermagic_extended",
					   "kfree_user", "versions_cut"))),
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


def symvers_text(crcs=("0x00000000",) * 5, module="/b/symexport-ext/"
		 "providers/external/symexport_ext_provider"):
	"""Return a Module.symvers as modpost writes it for the provider."""
	return "".join(
		f"{crc}\t{name}\t{module}\t{kind}\t{ns}\n" for crc, (name, kind, ns)
		in zip(crcs, harness_ext.SYMVERS_EXPORTS))


REAL_CONFIGURATIONS = harness_config.CONFIGURATIONS


# The fake kernels compile nothing: no ccache, and so no background build
# waits for the main one (that is tested on its own).
NO_CCACHE = mock.patch.dict(os.environ, {"SYMEXPORT_CCACHE": "0"})


# The module fixtures of every test module that builds with the fakes:
# "setUpModule = fakes.setUpModule" there.
def setUpModule():
	NO_CCACHE.start()


def tearDownModule():
	NO_CCACHE.stop()


# The main configuration, with the taint suite's own boots only (the fake
# kernel has no other suite that needs them).
TEST_MAIN = dataclasses.replace(harness_config.CONFIGURATIONS[0],
				own_boot_globs=("symexport_taint.*",))


def use_configurations(test, configurations):
	"""Make CONFIGURATIONS the configurations for the rest of TEST, in
	every harness module that reads them (imports them)."""
	modules = [module for name, module in sorted(sys.modules.items())
		   if name.startswith("harness") and
		   hasattr(module, "CONFIGURATIONS")]
	test.assertIn(harness_config, modules)
	for module in modules:
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


MAIN_STEPS = ([("kunit.py", "build"), ("make", PASS_DIRS[0]),
	       ("objcopy", "symexport_ext_oldgpl.ko")] +
	      [("make", top) for top in PASS_DIRS[1:5]] +
	      [("objcopy", "symexport_ext_stripped.ko"),
	       ("make", PASS_DIRS[5]),
	       ("make", harness_ext.UNCONFIGURED_DIR)])
# With MODVERSIONS the provider pass also removes a provider's CRC table.
MODVERSIONS_STEPS = (MAIN_STEPS[:3] + [("objcopy", "symexport_ext_nocrcs.ko")] +
		     MAIN_STEPS[3:])
