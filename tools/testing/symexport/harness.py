# SPDX-License-Identifier: GPL-2.0-only
"""Harness for the symexport KUnit suites: the command lines.

Installs the project into a kernel source tree (by default Debian's
linux-source-6.12, unpacked under ~/.cache/symexport), builds UML with
tools/testing/kunit/kunit.py, builds the modules that live outside the
kernel tree (external-module passes, some of which are test cases of their
own) and post-processes some of them, boots once for the suites and once
more for each case that needs a boot of its own, then boots each further
kernel configuration (CONFIGURATIONS: one boot whose results replace the
main boot's skips), and summarises the merged results.  Each further
configuration is built (kernel and external passes) in a thread of its
own meanwhile, its steps kept for a block before its boot (its make output
too with --verbose, or if it failed; --serial: after the main
configuration's boots instead); the boots run one at a time.  Without
--verbose no kernel build's make output is shown, only its steps, a
heartbeat and, if it fails, the tail of its log.

The "run" and "check" scripts beside this file are thin wrappers around
main_run() and main_check(), the command lines, which live here.  The
rest of the harness, each module importing only from those listed before
it:

  harness_kernels   the kernels, architectures, paths and limits (data)
  harness_lock      one run at a time on a kernel tree
  harness_manifest  whether Debian's tree is still its tarball's
  harness_results   kunit.py's JSON results: cases, groups, filter globs
  harness_kunit     kunit.py's own parser and JSON writer, from the tree (adapter)
  harness_junit     the merged results as JUnit XML (--junit)
  harness_input     the checks of paths and globs made before any work
  harness_events    the --events file: what a run does, as JSON Lines
  harness_printer   the terminal output: Printer, say(), the tables
  harness_proc      supervising processes: timeouts, killing their trees
  harness_apt       Debian packages, the backports fetch, ccache
  harness_tree      the kernel tree, installing and staging the project
  harness_elf       module files' sections and symbols, for the hooks
  harness_ext       the external passes' checks, hooks and make command
  harness_modpost   the build cases that run modpost itself on their inputs
  harness_config    the external passes and configurations (data)
  harness_steps     a run's state and steps (RunSteps), kunit.py's commands
  harness_build     building a configuration: build_config(), Background
  harness_boot      booting it: main_boot(), own_boots()
  harness_merge     the other configurations' boots merged: config_boot(),
                    merged()
  harness_run       run_suite() -> run_in_tree() -> run_configurations()

submission.py (format-patch) uses harness_kernels, harness_apt and
harness_tree; check's style check here imports submission_lint (the lint
of format-patch --lint-only), which uses harness_kernels and harness_tree.
"""

import argparse
import copy
import json
import os
import signal
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import submission_lint

from harness_kernels import (arch_of, ARCHES, CROSS_COMPILE, DEFAULT_ARCH,
	DEFAULT_KERNEL, DEFAULT_KERNEL_TIMEOUT, DEFAULT_SUBDIR,
	DEFAULT_TIMEOUT, EXIT_FAIL, EXIT_OK, HARNESS_DIR, HarnessError,
	KERNELS, PROJECT_ROOT, QEMU_KUNITCONFIG, usable_cpus)
from harness_results import Case, tally
from harness_events import emit, events_to
from harness_printer import print_error, print_kernel_table, say
from harness_proc import run_process
from harness_apt import cache_dir, debian_source, optional_tool
from harness_tree import DEBIAN_SOURCE, default_kernel_src, ensure_default_tree
from harness_config import (Configuration, CONFIGURATIONS, left_out_groups,
	MISSING_CRC_RULES, OWN_BOOT_GLOBS)
from harness_run import run_suite
from harness_input import check_options, Parser


def positive_int(text: str) -> int:
	"""argparse type: an integer >= 1."""
	try:
		value = int(text)
	except ValueError:
		value = 0
	if value < 1:
		raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
	return value


# The options that mean what a kunit.py option of the same name means are
# spelt as kunit.py spells them; the old spelling stays an alias.
KUNIT_PY_SPELLINGS = """\
Options spelt as kunit.py spells them, with the same meaning:
  --build_dir (alias --build-dir), --kunitconfig, --arch, --jobs, --json
  (ours needs a FILE).  Not the same meaning, so spelt otherwise:
  --timeout is the harness's limit per configuration run; kunit.py's
  --timeout (one boot) is --kernel-timeout here.
Bad input (an unknown option, no kernel tree, ...) exits with status 2."""


def build_parser(prog: str, description: str, repeat: bool = False
		 ) -> argparse.ArgumentParser:
	"""Return the option parser shared by run and check (with REPEAT,
	run's --repeat too)."""
	parser = Parser(
		prog=prog, description=description,
		formatter_class=argparse.RawDescriptionHelpFormatter,
		epilog="Arguments after -- go unchanged to the main boot's "
		       "'kunit.py exec', e.g.\n"
		       f"  {prog} -- 'symexport_unload.*'\n"
		       "A filter glob there also limits the boots of their own "
		       f"({', '.join(OWN_BOOT_GLOBS)}) and the other kernel "
		       "configurations ("
		       + ", ".join(f"{c.name}: {c.boot_glob}" for c in
				   CONFIGURATIONS if c.boot_glob) + ").\n\n"
		       + KUNIT_PY_SPELLINGS)
	parser.add_argument("--kernel-src", metavar="DIR",
			    help="kernel source tree (default: Debian's "
				 f"{DEBIAN_SOURCE}, unpacked into "
				 f"{default_kernel_src()})")
	parser.add_argument("--kernel", choices=KERNELS,
			    help="which of Debian's kernel trees to use "
				 f"(default: {DEFAULT_KERNEL}; check without "
				 "--kernel-src: each in turn)")
	parser.add_argument("--missing-crc", choices=MISSING_CRC_RULES,
			    help="what the kernel does with a symbol a module "
				 "has no CRC for: refuse (Debian's patch; the "
				 "default for Debian's trees) or load "
				 "(upstream; the default for --kernel-src)")
	parser.add_argument("--build_dir", "--build-dir", metavar="DIR",
			    help="kunit.py build dir, kept between runs "
				 f"(default: {cache_dir()}/build-<VERSION>."
				 "<PATCHLEVEL>-<ARCH>); must be outside the project; "
				 "the other configurations use DIR-<name> ("
				 + ", ".join(f"DIR{c.suffix}" for c in
					     CONFIGURATIONS if c.suffix) + ")")
	parser.add_argument("--arch", choices=ARCHES,
			    help="kernel architecture: um boots UML, the "
				 "others QEMU (qemu-system-x86_64, "
				 "qemu-system-aarch64 with "
				 f"CROSS_COMPILE={CROSS_COMPILE['arm64']}), "
				 f"with SUBDIR/{QEMU_KUNITCONFIG} and the host's "
				 "/ shared over virtio-9p; the configurations "
				 "with a whole kunitconfig of their own (builtin, "
				 "builtin_provider) are left out there "
				 f"(default: {DEFAULT_ARCH}; check without "
				 "--arch: UML on each kernel, then "
				 f"{', '.join(a for a in ARCHES if a != DEFAULT_ARCH)}"
				 f" on {CHECK_QEMU_KERNEL} with the "
				 "main configuration)")
	parser.add_argument("--subdir", metavar="PATH", default=DEFAULT_SUBDIR,
			    help="where the project goes in the kernel tree "
				 "(default: %(default)s)")
	parser.add_argument("--json", metavar="FILE",
			    help="also write the merged results of every boot "
				 "and build case to FILE, in kunit.py's JSON "
				 "format")
	parser.add_argument("--junit", metavar="FILE",
			    help="also write the merged results of every boot "
				 "and build case to FILE as JUnit XML: a "
				 "testsuite per suite (a configuration "
				 "reported below its own group: "
				 "\"debug.symexport_unload\"), for CI "
				 "systems that read JUnit")
	parser.add_argument("--events", metavar="FILE",
			    help="also write what the run does to FILE as it "
				 "happens, one JSON object a line: its "
				 "phases per configuration, the files "
				 "installed and staged, ccache's hits, the "
				 "results (and check's per target and in "
				 "all); for programs such as bench, which "
				 "should not read this output (the events: "
				 "harness_events.py)")
	parser.add_argument("--timeout", metavar="SECONDS", type=positive_int,
			    default=DEFAULT_TIMEOUT,
			    help="limit for the kernel build, the external "
				 "modules and the boots, per configuration run: "
				 "a run of N has N times it "
				 "(default: %(default)s)")
	parser.add_argument("--kernel-timeout", metavar="SECONDS",
			    type=positive_int, default=DEFAULT_KERNEL_TIMEOUT,
			    help="kunit.py --timeout for each boot "
				 "(default: %(default)s)")
	parser.add_argument("--jobs", metavar="N", type=positive_int,
			    default=usable_cpus(),
			    help="parallel build jobs, shared out between the "
				 "builds that run at once (default: the "
				 "CPUs this process may use, %(default)s)")
	parser.add_argument("--serial", action="store_true",
			    help="build the other configurations after the "
				 "main one's boots, as before, instead of "
				 "in the background meanwhile (for debugging)")
	parser.add_argument("--no-wait", action="store_true",
			    help="exit with status 2 at once if another run "
				 "(or mutate) is using the kernel tree, "
				 "instead of waiting for it")
	parser.add_argument("--verbose", action="store_true",
			    help="show the kernel builds' make and compiler "
				 "output as it comes (a background build's "
				 "before its boot); without it only the steps, "
				 "a line every 30 s of a long build, the boots' "
				 "output, and a failed build's output (the "
				 "tail of the log, or a background build's "
				 "whole output)")
	parser.add_argument("--kunitconfig", metavar="PATH", action="append",
			    help="kunitconfig file or dir for the main "
				 "configuration instead of the default SUBDIR "
				 "(repeatable; a path that does not exist here "
				 "is taken relative to the kernel tree)")
	if repeat:
		parser.add_argument("--all", action="store_true",
				    help="also build and boot the "
					 "configurations run leaves out by "
					 "default: " + ", ".join(
						 c.name for c in CONFIGURATIONS
						 if not c.in_run) +
					 "; without it, a filter glob that "
					 "selects the boot of " + " or ".join(
						 c.name for c in CONFIGURATIONS
						 if c.by_glob) +
					 " builds that one")
		parser.add_argument("--repeat", metavar="K", type=positive_int,
				    default=1,
				    help="boot K times (build once) and report "
					 "every case whose result changed "
					 "between the runs; such a case fails "
					 "(default: %(default)s)")
	else:
		parser.add_argument("--ci", action="store_true",
				    help="what CI runs, within a cold "
					 f"machine's hour: on {KERNELS[0]} the "
					 "configurations "
					 + ", ".join(CI_FIRST_KERNEL_CONFIGURATIONS)
					 + " under UML and main under QEMU, "
					 "the main configuration on "
					 + " and ".join(KERNELS[1:]))
		parser.set_defaults(repeat=1, all=True)
	return parser


def parse_options(prog: str, description: str, argv: Sequence[str],
		  repeat: bool = False) -> argparse.Namespace:
	"""Parse ARGV; what follows "--" is kept in opts.kunit_args."""
	argv = list(argv)
	kunit_args = []
	if "--" in argv:
		split = argv.index("--")
		argv, kunit_args = argv[:split], argv[split + 1:]
	opts = build_parser(prog, description, repeat).parse_args(argv)
	opts.kunit_args = kunit_args
	return opts


# The exit statuses of a run that SIGINT or SIGTERM stopped.
STOPPED_BY_SIGNAL = (128 + signal.SIGINT, 128 + signal.SIGTERM)


def interrupted(status: int) -> int:
	"""Say in one line that the run was stopped; return STATUS."""
	name = signal.Signals(status - 128).name
	print(f"symexport: interrupted ({name}): every process it started is "
	      "stopped; the next run goes on from what was built",
	      file=sys.stderr, flush=True)
	return status


def main_run(argv: Sequence[str]) -> int:
	"""Entry point of the run script; returns the exit status."""
	opts = parse_options("run", "Build and boot UML (or QEMU) with the symexport "
			     "KUnit suites and summarise the results.", argv,
			     repeat=True)
	try:
		check_options(opts, PROJECT_ROOT)
		with events_to(opts.events, "run"):
			return EXIT_OK if run_suite(opts).ok else EXIT_FAIL
	except HarnessError as err:
		print_error(err)
		return err.code
	except KeyboardInterrupt:
		return interrupted(128 + signal.SIGINT)
	except SystemExit as stop:
		if isinstance(stop.code, int) and stop.code in STOPPED_BY_SIGNAL:
			return interrupted(stop.code)
		raise


# The harness's unit tests, in a process of their own (selftest.py says why).
SELF_TEST = HARNESS_DIR / "selftest.py"
SELF_TEST_TIMEOUT = 900


def run_harness_tests(start_dir: Path = HARNESS_DIR) -> Tuple[int, int]:
	"""Run the harness's unit tests in a child process (SELF_TEST);
	return (passed, failed): skips count as failures, and so do tests
	that did not finish."""
	say("running the harness's own unit tests")
	with tempfile.TemporaryDirectory(prefix="symexport-tests-") as tmp:
		counts = Path(tmp) / "counts.json"
		result = run_process([sys.executable, str(SELF_TEST),
				      str(start_dir), str(counts)], start_dir,
				     SELF_TEST_TIMEOUT, Path(tmp) / "tests.log",
				     heartbeat="the harness's own unit tests")
		try:
			passed, failed = json.loads(counts.read_text())
		except (OSError, ValueError):
			say("the harness's unit tests did not finish (exit status "
			    f"{result.returncode})")
			return 0, 1
	if passed + failed == 0:
		say("no harness unit tests found")
		return 0, 1
	return passed, failed


# What check runs without --kernel, --kernel-src or --arch: UML on each of
# Debian's kernels with every configuration, and QEMU on the newest with
# the main configuration only, which boots every suite.  The other
# configurations change Kconfig options, not how an architecture loads a
# module; a kernel more per architecture would cost CI about 5 minutes
# each, cold.  The skips that only they would turn into results are listed,
# not counted, for QEMU (left_out_cases()).
CHECK_QEMU_KERNEL = DEFAULT_KERNEL
CHECK_QEMU_CONFIGURATIONS = ("main",)

# check --ci, what CI runs (.ci/run), within a cold machine's hour: the
# first kernel with the configurations whose rules no other kernel of the
# run proves (symbol CRCs, forced removal and load), the long-term ones
# with their main configuration, which runs every suite (fault injection
# and time travel included), all under UML.
# Measured cold on 2 cores (2026-12-06, records/measurements.md): those parts
# 16, 7.5 and 6 minutes, 32 in all; a QEMU kernel (x86_64 or arm64) 21
# minutes more each (2026-11-29): QEMU, the debug
# and built-in configurations (a KASAN and lockdep kernel costs two
# builds; the built-in ones change Kconfig combinations, not loader rules)
# and namespace_imports are left to the whole matrix, plain check.
CI_FIRST_KERNEL_CONFIGURATIONS = ("main", "modversions", "force_unload")
CI_LONG_TERM_CONFIGURATIONS = ("main",)


@dataclass(frozen=True)
class Target:
	"""A kernel and an architecture that check runs the suites on, with
	the configurations it builds (None: every one)."""
	kernel: str
	arch: str = DEFAULT_ARCH
	only: Optional[tuple] = None

	@property
	def label(self) -> str:
		"""Return "6.12" for UML, "6.12-x86_64" for QEMU."""
		if self.arch == DEFAULT_ARCH:
			return self.kernel
		return f"{self.kernel}-{self.arch}"


def check_targets(opts: argparse.Namespace) -> List[Target]:
	"""Return the Targets check runs for OPTS: --kernel and --arch (or
	--kernel-src) narrow the default set down."""
	kernel = getattr(opts, "kernel", None)
	arch = getattr(opts, "arch", None)
	qemu = CHECK_QEMU_CONFIGURATIONS
	if opts.kernel_src:
		arch = arch or DEFAULT_ARCH
		return [Target(kernel or DEFAULT_KERNEL, arch,
			       None if arch == DEFAULT_ARCH else qemu)]
	if kernel and arch and arch != DEFAULT_ARCH:
		return [Target(kernel, arch, qemu)]
	ci = getattr(opts, "ci", False)
	targets = [Target(KERNELS[0], DEFAULT_ARCH,
			  CI_FIRST_KERNEL_CONFIGURATIONS if ci else None)] + [
		Target(CHECK_QEMU_KERNEL, a, qemu)
		for a in ARCHES if a != DEFAULT_ARCH and not ci] + [
		Target(k, DEFAULT_ARCH, CI_LONG_TERM_CONFIGURATIONS if ci else None)
		for k in KERNELS[1:]]
	return [t for t in targets if (kernel is None or t.kernel == kernel)
		and (arch is None or t.arch == arch)]


def target_json(path: Optional[str], label: str, count: int) -> Optional[str]:
	"""Return where the results of the target LABEL go, given --json PATH
	and the number of targets: PATH itself for one, else PATH with
	-LABEL ("results-6.12-x86_64.json")."""
	if not path or count == 1:
		return path
	base, ext = os.path.splitext(path)
	return f"{base}-{label}{ext or '.json'}"


def check_kunit(opts: argparse.Namespace) -> Tuple[int, int]:
	"""Run the suites for check on each target (check_targets()); return
	(passed, failed).

	Skipped cases count as failed, and so does a run that failed without
	a failed case to show for it (bad input, crash, timeout).
	"""
	targets = check_targets(opts)
	results, passed, failed = {}, 0, 0
	for target in targets:
		mine = copy.copy(opts)
		mine.kernel, mine.arch = target.kernel, target.arch
		mine.json = target_json(opts.json, target.label, len(targets))
		mine.junit = target_json(getattr(opts, "junit", None),
					 target.label, len(targets))
		mine.only = target.only
		if len(targets) > 1:
			say(f"{target.label}: Debian's "
			    f"{debian_source(target.kernel)}, " +
			    ("UML" if target.arch == DEFAULT_ARCH else
			     f"QEMU {target.arch}") +
			    (f", configurations {', '.join(target.only)}"
			     if target.only else ""))
		one_passed, one_failed, cases = check_target(mine)
		emit("target", target=target.label, passed=one_passed,
		     failed=one_failed)
		passed, failed = passed + one_passed, failed + one_failed
		results[target.label] = cases
	if len(targets) > 1:
		print_kernel_table(results)
	return passed, failed


def left_out_cases(cases: Sequence[Case], configs: Sequence[Configuration],
		   arch: str = DEFAULT_ARCH) -> Tuple[List[Case], List[Case]]:
	"""Split CASES into (kept, left): left are the skips that a run of
	CONFIGS on ARCH cannot run (left_out_groups())."""
	left = [case for group in left_out_groups(cases, configs,
						  arch).values()
		for case in group]
	ids = {id(case) for case in left}
	return [case for case in cases if id(case) not in ids], left


def check_target(opts: argparse.Namespace) -> Tuple[int, int, List[Case]]:
	"""check_kunit() for one target; return (passed, failed, cases), the
	cases those counted.

	Raises HarnessError for bad input or an unusable machine, which no
	other target would get past either.
	"""
	suite = run_suite(opts)
	cases = suite.cases
	if getattr(opts, "only", None):
		cases, left = left_out_cases(
			cases, [c for c in CONFIGURATIONS if c.name in opts.only],
			arch_of(opts))
		if left and arch_of(opts) != DEFAULT_ARCH:
			say(f"{len(left)} skipped cases need a configuration "
			    f"that {arch_of(opts)} does not build here, or "
			    "UML's time-travel mode (the UML runs prove "
			    "them); not counted:")
		elif left:
			say(f"{len(left)} skipped cases need a configuration "
			    "that check --ci does not build here (check "
			    "without --ci builds it); not counted:")
		for case in left:
			print(f"    {case.name}")
	passed, failed, skipped = tally(cases)
	if skipped:
		say("skipped cases are failures under check:")
		for case in cases:
			if case.status == "SKIP":
				print(f"    {case.name}")
	failed += skipped
	if not suite.ok and failed == 0:
		failed = 1
	return passed, failed, cases


def check_style(opts: argparse.Namespace) -> Tuple[int, int]:
	"""Run checkpatch.pl --strict and kernel-doc over the project with the
	kernel tree's scripts, look for cases the documentation does not name,
	and run mypy over the harness; return (passed, failed): one check
	each."""
	say("checking style: checkpatch.pl --strict, kernel-doc, the "
	    "documentation of every case, and mypy over the harness")
	try:
		tree = Path(opts.kernel_src) if opts.kernel_src else \
			ensure_default_tree(opts.kernel or DEFAULT_KERNEL)
		problems = submission_lint.lint(tree)
	except (HarnessError, OSError, subprocess.SubprocessError) as err:
		problems = [f"cannot run: {err}"]
	missing = submission_lint.undocumented_cases()
	for line in problems:
		print(f"    {line}")
	for name in missing:
		print(f"    not in {submission_lint.DOC}: {name}")
	typing_problems = check_types()
	for line in typing_problems:
		print(f"    {line}")
	failed = int(bool(problems)) + int(bool(missing)) + \
		int(bool(typing_problems))
	return 3 - failed, failed


# The scripts beside the modules that hold code of their own.
TYPED_SCRIPTS = ("mutate", "bench")


def check_types(start_dir: Path = HARNESS_DIR) -> List[str]:
	"""Run mypy over the harness's modules, as kunit.py's run_checks.py
	does over kunit.py's, installing Debian's mypy package if it is
	missing; return its complaints (none if it passes, or if mypy
	cannot be had: a notice says so)."""
	mypy = optional_tool("mypy", "mypy", "the harness's type checks",
			     "the harness's types are not checked")
	if mypy is None:
		return []
	sources = sorted(str(p) for p in Path(start_dir).glob("*.py")
			 if not p.name.startswith("test_"))
	# The modules at once; each script on its own (each is __main__).
	batches = [sources] + [[str(Path(start_dir) / name)]
			       for name in TYPED_SCRIPTS
			       if (Path(start_dir) / name).is_file()]
	problems = []
	for batch in batches:
		try:
			result = subprocess.run(
				[mypy, "--ignore-missing-imports",
				 "--no-error-summary", *batch],
				capture_output=True, text=True, timeout=600,
				check=False)
		except (OSError, subprocess.SubprocessError) as err:
			return [f"mypy: cannot run: {err}"]
		if result.returncode != 0:
			problems += [f"mypy: {line}" for line in
				     (result.stdout + result.stderr).splitlines()
				     if ": error:" in line or "Error" in line] or \
				[f"mypy exited with status {result.returncode}"]
	return problems


def main_check(argv: Sequence[str]) -> int:
	"""Entry point of the check script; returns the exit status."""
	opts = parse_options("check", "Run the symexport KUnit suites (skips "
			     "fail), the style checks and the harness's own "
			     "tests.", argv)
	try:
		check_options(opts, PROJECT_ROOT)
		with events_to(opts.events, "check"):
			return check_all(opts)
	except HarnessError as err:
		print_error(err)
		return err.code
	except KeyboardInterrupt:
		return interrupted(128 + signal.SIGINT)
	except SystemExit as stop:
		if isinstance(stop.code, int) and stop.code in STOPPED_BY_SIGNAL:
			return interrupted(stop.code)
		raise


def check_all(opts: argparse.Namespace) -> int:
	"""main_check()'s checks and totals; returns the exit status."""
	kunit_passed, kunit_failed = check_kunit(opts)
	style_passed, style_failed = check_style(opts)
	unit_passed, unit_failed = run_harness_tests()
	passed = kunit_passed + style_passed + unit_passed
	failed = kunit_failed + style_failed + unit_failed
	say(f"KUnit: {kunit_passed} passed, {kunit_failed} failed; style: "
	    f"{style_passed} passed, {style_failed} failed; harness tests: "
	    f"{unit_passed} passed, {unit_failed} failed", "check",
	    kunit=[kunit_passed, kunit_failed],
	    style=[style_passed, style_failed],
	    tests=[unit_passed, unit_failed], passed=passed, failed=failed)
	print(f"{passed} passed, {failed} failed", flush=True)
	return EXIT_OK if failed == 0 else EXIT_FAIL
