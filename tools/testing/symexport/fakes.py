# SPDX-License-Identifier: GPL-2.0-only
"""Fakes for the harness's unit tests: kernel trees and projects, the
stubs of kunit.py, make and objcopy that the fake kernels run, and the
test classes that set them up.  No tests of its own.
"""

import argparse
import contextlib
import dataclasses
import io
import json
import os
import signal
import sys
import tempfile
import time
import unittest
from pathlib import Path
from typing import (Any, Callable, Dict, Iterable, List, Sequence, Tuple,
		    Union)
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_modpost  # noqa: E402
import harness_config  # noqa: E402
import harness_run  # noqa: E402
import harness  # noqa: E402
from test_stubs.fake_elf import (BAD_SHNDX_ELF, CONSUMER_ELF,  # noqa: E402,F401
	NOCRCS_ELF, PROVIDER_ELF, tiny_elf, VERSIONED_ELF)


HERE = Path(__file__).resolve().parent
SUBDIR = Path("lib/symexport")


def write(path: Path, text: str) -> Path:
	"""Create PATH (and its parents) holding TEXT."""
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)
	return path


def make_tree(root: Path, version: Tuple[int, int] = (6, 12),
	      kunit_py: str = "import sys\nsys.exit(0)\n") -> Path:
	"""Create a fake kernel tree at ROOT with a kunit.py stub."""
	write(root / "Makefile", f"# SPDX-License-Identifier: GPL-2.0\n"
	      f"VERSION = {version[0]}\nPATCHLEVEL = {version[1]}\n"
	      "SUBLEVEL = 0\nEXTRAVERSION =\n")
	write(root / "lib/Kconfig", "config FAKE\n\tbool\n")
	write(root / "lib/Makefile", "obj-y += fake.o")	# no final newline
	write(root / harness_kernels.KUNIT_PY, kunit_py)
	return root


def make_project(root: Path) -> Path:
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


def snapshot(root: Union[str, Path]) -> Dict[Path, int]:
	"""Map every file under ROOT to its mtime in nanoseconds."""
	return {p: p.stat().st_mtime_ns for p in Path(root).rglob("*")
		if p.is_file()}


def process_gone(pid: int, wait: float = 3.0) -> bool:
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


def kill_survivors(pids: Iterable[int]) -> None:
	"""SIGKILL those of PIDS still running (after a failed test)."""
	for pid in pids:
		if not process_gone(pid, wait=0):
			with contextlib.suppress(ProcessLookupError):
				os.kill(pid, signal.SIGKILL)


def options(**overrides: Any) -> argparse.Namespace:
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

	def setUp(self) -> None:
		self._tmp = tempfile.TemporaryDirectory(prefix="symexport-test-")
		self.tmp = Path(self._tmp.name)

	def tearDown(self) -> None:
		self._tmp.cleanup()


# The stubs of kunit.py, make and objcopy (test_stubs/) read their orders
# from fake.json in the kernel tree (their working directory) and append each
# command line, with their working directory, to the file named by its "calls".
STUBS = HERE / "test_stubs"


def stub(name: str) -> str:
	"""Return a program that runs test_stubs/NAME as __main__: the fake
	tree's kunit.py, or a make or objcopy on PATH."""
	path = str(STUBS / name)
	return (f"#!{sys.executable} -S\nimport sys\n"
		f"sys.path.insert(0, {str(STUBS)!r})\n"
		f"exec(compile(open({path!r}).read(), {path!r}, 'exec'), "
		"{'__name__': '__main__'})\n")


KUNIT_STUB = stub("fake_kunit.py")
MAKE_STUB = stub("fake_make.py")
OBJCOPY_STUB = stub("fake_objcopy.py")

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
	"symexport_build.modpost_refuses_namespace_ending_in_module_name_"
	"without_import",
	"symexport_build.modpost_refuses_module_name_of_module_name_len_"
	"characters",
	"symexport_build.modpost_refuses_export_of_symbol_module_does_not_"
	"define",
	"symexport_build.modpost_refuses_module_exporting_symbol_kernel_image_"
	"exports",
	"symexport_build.modpost_warn_turns_undefined_symbol_into_warning",
	"symexport_build.modpost_warns_of_common_symbol_not_of_lto_marker",
	"symexport_build.modpost_builds_module_name_one_shorter_than_module_"
	"name_len",
	"symexport_build.consumer_build_without_kbuild_extra_symbols_fails_"
	"undefined",
	"symexport_build.consumer_builds_with_kbuild_extra_symbols",
	"symexport_build.external_build_against_unconfigured_tree_fails_"
	"configuration_invalid",
	"symexport_build.modinfo_depends_names_modules_whose_exports_are_used",
	"symexport_build.modinfo_srcversion_only_for_module_with_module_version",
	SYMVERS_CASE,
] + [f"symexport_build.{name}" for name in harness_modpost.MODPOST_CALLS]
VMLINUX_CASE = "symexport_build.modinfo_depends_never_names_vmlinux"
CRC_CASE = "symexport_build.module_symvers_records_crcs_with_modversions"
# What a fake run passes: the main configuration's cases (the taint suite's
# own boots, the build cases, symexport_unload's two), and with the
# modversions configuration too (its two cases and two build cases of its
# own): the last line of a run is summary(MAIN_PASSED) or
# summary(BOTH_PASSED).
MAIN_PASSED = len(TAINT_CASES) + len(BUILD_CASES) + 2
BOTH_PASSED = MAIN_PASSED + len(MODVERSIONS_CASES) + len((VMLINUX_CASE,
							  CRC_CASE))


def summary(passed: int, failed: int = 0, skipped: int = 0) -> str:
	"""The last line of a run's output."""
	return f"{passed} passed, {failed} failed, {skipped} skipped"


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
			       "symexport_ext_ns_weak_user.c",
			       "symexport_ext_name_of_fifty_five_characters_"
			       "builds_okay.c",
			       "symexport_ext_name_fifty_six_characters_long_"
			       "is_too_long.c",
			       "symexport_ext_kernel_export_dup.c",
			       "symexport_ext_export_undefined.c"),
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


def add_external(project: Path) -> Path:
	"""Give the fake project PROJECT its external-module sources."""
	for top, names in EXT_SOURCES.items():
		write(project / top / "Kbuild", "obj-m += fake.o\n")
		for name in names:
			write(project / top / name, f"/* {name} */\n")
	write(project / "providers/symexport_ns.h", "/* namespace */\n")
	return project


def symvers_text(crcs: Sequence[str] = ("0x00000000",) * 5,
		 module: str = "/b/symexport-ext/"
		 "providers/external/symexport_ext_provider") -> str:
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
def setUpModule() -> None:
	NO_CCACHE.start()


def tearDownModule() -> None:
	NO_CCACHE.stop()


# The main configuration, with the taint suite's own boots only (the fake
# kernel has no other suite that needs them).
TEST_MAIN = dataclasses.replace(harness_config.CONFIGURATIONS[0],
				own_boot_globs=("symexport_taint.*",))


def use_configurations(test: unittest.TestCase,
		       configurations: Sequence[Any]) -> None:
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

	def setUp(self) -> None:
		super().setUp()
		self.tree = make_tree(self.tmp / "linux", kunit_py=KUNIT_STUB)
		self.build = self.tmp / "build"
		self.build2 = self.tmp / "build-modversions"
		self.calls_file = self.tmp / "calls"
		self.ext = self.build / harness_kernels.EXT_STAGE
		self.ext2 = self.build2 / harness_kernels.EXT_STAGE
		for name, program in (("make", MAKE_STUB), ("objcopy", OBJCOPY_STUB),
				      ("aarch64-linux-gnu-objcopy", OBJCOPY_STUB)):
			write(self.tmp / "bin" / name, program).chmod(0o755)
		path = f"{self.tmp / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
		patches: Sequence[Any] = (
			mock.patch.dict(os.environ, {"PATH": path}),
			mock.patch.object(harness_tree, "ensure_build_tools"))
		for patch in patches:
			patch.start()
			self.addCleanup(patch.stop)
		use_configurations(self, (TEST_MAIN,))

	def both_configs(self) -> None:
		use_configurations(self, self.real_configurations)

	# modversions, booted by every run here: the background build and
	# the merge are what these tests are about, not which run selects it.
	real_configurations = (TEST_MAIN, dataclasses.replace(
		harness_config.CONFIGURATIONS[1], in_run=True))

	def configure(self, **conf: Any) -> None:
		conf = dict(FAKE_CONF, calls=str(self.calls_file), **conf)
		write(self.tree / "fake.json", json.dumps(conf))

	def calls(self) -> List[Tuple[str, List[str]]]:
		"""Return the stubs' calls as (program, args) pairs."""
		calls = [json.loads(line) for line in
			 self.calls_file.read_text().splitlines()]
		for program, cwd, *_ in calls:
			self.assertEqual(cwd, str(self.tree), program)
		return [(program, args) for program, _, *args in calls]

	def steps(self) -> List[Tuple[str, str]]:
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

	def run_suite(self, external: bool = True, **overrides: Any
		      ) -> Tuple[Any, str]:
		project = make_project(self.tmp / "project")
		if external:
			add_external(project)
		opts = options(kernel_src=str(self.tree), build_dir=str(self.build),
			       **overrides)
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			result = harness_run.run_suite(opts, project)
		return result, out.getvalue()

	def run_main(self, main: Callable[[List[str]], int], *args: str
		     ) -> Tuple[int, str]:
		"""Run main_run or main_check on the real project."""
		out = io.StringIO()
		with mock.patch.object(harness, "run_harness_tests",
				       return_value=(0, 0)), \
		     contextlib.redirect_stdout(out):
			status = main(["--kernel-src", str(self.tree),
				       "--build-dir", str(self.build), *args])
		return status, out.getvalue()

	def own_boots(self, calls: List[Tuple[str, List[str]]]
		      ) -> List[List[str]]:
		return [args for program, args in calls if program == "kunit.py"
			and f"--kernel_args={harness_config.OWN_BOOT_ARG}" in args]


MAIN_STEPS = ([("kunit.py", "build"), ("make", PASS_DIRS[0]),
	       ("objcopy", "symexport_ext_oldgpl.ko")] +
	      [("make", top) for top in PASS_DIRS[1:5]] +
	      [("objcopy", "symexport_ext_stripped.ko"),
	       ("make", PASS_DIRS[5]),
	       ("make", harness_ext.UNCONFIGURED_DIR)] +
	      [("modpost", "objects")] * sum(
		      len(harness_modpost.calls_on(name, (6, 12)))
		      for name in harness_modpost.MODPOST_CALLS))
# With MODVERSIONS the provider pass also removes a provider's CRC table.
MODVERSIONS_STEPS = (MAIN_STEPS[:3] + [("objcopy", "symexport_ext_nocrcs.ko")] +
		     MAIN_STEPS[3:])
