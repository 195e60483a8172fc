# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the command lines, run and check (harness.py).

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_apt  # noqa: E402
import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
import harness_config  # noqa: E402
import harness_printer  # noqa: E402
import harness  # noqa: E402
from fakes import (BUILD_CASES, FAKE_CONF, FakeKernelTest, MAIN_PASSED,
	options)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule



class SelfTestTest(unittest.TestCase):
	"""run_harness_tests(): the unit tests in a process of their own."""

	def test_self_tests_count_and_leave_the_events_file_alone(self):
		"""A unit test that writes events of its own runs in the child:
		check's --events file keeps its events, before and after."""
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		(tmp / "test_sample.py").write_text(textwrap.dedent(f"""\
			import sys, unittest
			sys.path.insert(0, {str(harness_kernels.HARNESS_DIR)!r})
			import harness_events

			class Sample(unittest.TestCase):
			    def test_writes_its_own_events(self):
			        with harness_events.events_to({str(tmp / "inner")!r},
			                                      "run"):
			            harness_events.emit("phase", text="inner")

			    def test_fails(self):
			        self.fail("on purpose")
			"""))
		outer = tmp / "outer"
		with contextlib.redirect_stdout(io.StringIO()), \
		     harness.events_to(str(outer), "check"):
			counts = harness.run_harness_tests(tmp)
			harness.emit("check", passed=1, failed=1)
		self.assertEqual(counts, (1, 1))
		events = [json.loads(line)["event"]
			  for line in outer.read_text().splitlines()]
		self.assertEqual(events, ["start", "check"])
		self.assertIn('"inner"', (tmp / "inner").read_text())

	def test_self_tests_that_do_not_finish_fail(self):
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		(tmp / "test_exit.py").write_text("import os\nos._exit(3)\n")
		with contextlib.redirect_stdout(io.StringIO()) as out:
			self.assertEqual(harness.run_harness_tests(tmp), (0, 1))
		self.assertIn("did not finish (exit status 3)", out.getvalue())


class MainTest(FakeKernelTest):
	"""run and check on the real project, with the stubs."""

	def test_check_passes_when_own_boots_replace_skips(self):
		self.configure()
		events = self.tmp / "check.events"
		with mock.patch.object(harness, "check_style", return_value=(2, 0)):
			status, out = self.run_main(harness.main_check, "--events",
						    str(events))
		self.assertEqual(status, 0, out)
		self.assertNotIn("skipped cases are failures", out)
		# The main configuration's cases and the two style checks.
		self.assertEqual(out.splitlines()[-1],
				 f"{MAIN_PASSED + 2} passed, 0 failed")
		# --events: the target's totals and check's.
		written = [json.loads(line) for line in
			   events.read_text().splitlines()]
		self.assertEqual(written[0]["command"], "check")
		self.assertEqual([{k: v for k, v in e.items() if k != "time"}
				  for e in written[-2:]], [
			{"event": "target", "target": harness.DEFAULT_KERNEL,
			 "passed": 36, "failed": 0},
			{"event": "check", "kunit": [36, 0], "style": [2, 0],
			 "tests": [0, 0], "passed": 38, "failed": 0}])
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

	def test_missing_kunitconfig_exits_with_status_2(self):
		self.configure()
		with contextlib.redirect_stderr(io.StringIO()) as err:
			status, _ = self.run_main(harness.main_run, "--kunitconfig",
						  "no/such.kunitconfig")
		self.assertEqual(status, harness_kernels.EXIT_USAGE)
		self.assertIn("--kunitconfig no/such.kunitconfig: no such file",
			      err.getvalue())
		self.assertFalse(self.calls_file.exists())	# nothing ran


class CheckTest(unittest.TestCase):
	"""main_check() tallies: skipped KUnit cases fail."""

	def check(self, cases, ok, unit=(5, 0), style=(0, 0)):
		suite = harness_results.SuiteResult(
			ok, [harness_results.Case(*c) for c in cases])
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
		Case = harness_results.Case
		suites = {
			("7.3", "um"): harness_results.SuiteResult(True, [
				Case("s.a", "PASS"), Case("s.b", "PASS")]),
			("6.12", "um"): harness_results.SuiteResult(True, [
				Case("s.a", "PASS"), Case("s.b", "PASS")]),
			("6.1", "um"): harness_results.SuiteResult(True, [
				Case("s.a", "PASS"), Case("s.b", "FAIL")]),
			("7.3", "x86_64"): harness_results.SuiteResult(True, [
				Case("s.a", "PASS"),
				Case("symexport_modversions.c", "SKIP")]),
			("7.3", "arm64"): harness_results.SuiteResult(True, [
				Case("s.a", "PASS")]),
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
		kept, left = harness.left_out_cases(cases, main)
		self.assertEqual([c.name for c in kept], [
			"symexport_force_unload.removal_not_forced_x",
			"symexport_unload.x", "symexport_taint.x"])
		self.assertEqual(len(left), 4)
		kept, left = harness.left_out_cases(
			cases, harness_config.CONFIGURATIONS)
		self.assertEqual((len(kept), left), (7, []))

	def test_left_out_groups_name_what_each_skip_needs(self):
		main = [c for c in harness_config.CONFIGURATIONS if c.name == "main"]
		cases = [harness_results.Case(n, s) for n, s in (
			("symexport_modversions.matching_crc_loads", "SKIP"),
			("symexport_force_unload.forced_removal_x", "SKIP"),
			("symexport_faults.consumer_gives_up_after_30_s_x", "SKIP"),
			("symexport_unload.x", "SKIP"))]
		def names(arch):
			return {need: [c.name for c in group] for need, group in
				harness_config.left_out_groups(cases, main,
							       arch).items()}
		self.assertEqual(names("um"), {
			"modversions": ["symexport_modversions.matching_crc_loads"],
			"force_unload": ["symexport_force_unload.forced_removal_x"]})
		self.assertEqual(names("x86_64")[harness_config.UML_ONLY],
				 ["symexport_faults.consumer_gives_up_after_30_s_x"])
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			harness_printer.print_case_table(cases, {
				harness_config.need_text(need): group for need, group in
				harness_config.left_out_groups(cases, main).items()})
		self.assertEqual(out.getvalue().splitlines()[2:], [
			"  SKIP   symexport_faults.consumer_gives_up_after_30_s_x",
			"  SKIP   symexport_unload.x",
			"  SKIP   1 case of symexport_modversions, not run here: the "
			"modversions configuration (run --all builds it)",
			"  SKIP   1 case of symexport_force_unload, not run here: the "
			"force_unload configuration (run --all builds it)", ""])

	def test_time_travel_own_boot_is_uml_only(self):
		main = harness_config.CONFIGURATIONS[0]
		self.assertIn(harness_config.TIME_TRAVEL_GLOB,
			      harness_config.own_boot_globs(main, "um"))
		self.assertNotIn(harness_config.TIME_TRAVEL_GLOB,
				 harness_config.own_boot_globs(main, "arm64"))

	def test_run_builds_main_and_what_its_glob_needs(self):
		def names(*kunit_args, **opts):
			opts = harness.parse_options("run", "", ["--all"] * bool(
				opts) + ["--", *kunit_args] * bool(kunit_args),
				repeat=True)
			return [c.name for c in harness_config.selected_configurations(
				opts, (7, 3))]
		self.assertEqual(names(), ["main"])
		self.assertEqual(names("symexport_refcount.*"), ["main"])
		self.assertEqual(names("symexport_modversions.*"),
				 ["main", "modversions"])
		self.assertEqual(names("symexport_force_unload.forced_load_*"),
				 ["main", "force_unload"])
		# Not the configurations that report every suite again.
		self.assertEqual(names("symexport_namespace.*"), ["main"])
		self.assertIn("debug", names(all=True))

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
		with mock.patch("submission_lint.lint", return_value=[
				"checkpatch: kunit/a.c:1: WARNING: x"]), \
		     mock.patch("submission_lint.undocumented_cases",
				return_value=["symexport_x.y"]), \
		     mock.patch.object(harness, "check_types",
				       return_value=["mypy: a.py:1: error: x"]), \
		     contextlib.redirect_stdout(out):
			result = harness.check_style(options(kernel_src="/tree"))
		self.assertEqual(result, (0, 3))
		self.assertIn("    checkpatch: kunit/a.c:1: WARNING: x", out.getvalue())
		self.assertIn("symexport_x.y", out.getvalue())
		self.assertIn("    mypy: a.py:1: error: x", out.getvalue())

	def test_mypy_complaints_are_reported(self):
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		if not harness.shutil.which("mypy"):
			# Not installable here: a notice, no complaint.
			with mock.patch.object(harness_apt, "apt_install",
					       side_effect=harness_kernels.HarnessError("no apt")), \
			     contextlib.redirect_stdout(io.StringIO()) as out:
				self.assertEqual(harness.check_types(tmp), [])
			self.assertIn("types are not checked", out.getvalue())
			return
		bad = tmp / "bad.py"
		bad.write_text("def f(x: int) -> str:\n\treturn x\n")
		(tmp / "test_skipped.py").write_text("x: int = 'no'\n")
		problems = harness.check_types(tmp)
		self.assertEqual(len(problems), 1, problems)
		self.assertIn("bad.py:2: error: Incompatible return value", problems[0])
		bad.write_text("def f(x: int) -> int:\n\treturn x\n")
		self.assertEqual(harness.check_types(tmp), [])

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

	def test_bad_input_stops_run_with_status_2(self):
		with mock.patch.object(harness, "run_suite",
				       side_effect=harness_kernels.HarnessError(
					       "not a kernel tree: /x")), \
		     contextlib.redirect_stdout(io.StringIO()), \
		     contextlib.redirect_stderr(io.StringIO()) as err:
			status = harness.main_run(["--kernel-src", "/x"])
		self.assertEqual(status, harness_kernels.EXIT_USAGE)
		self.assertIn("not a kernel tree: /x", err.getvalue())

	def test_bad_options_exit_with_status_2(self):
		for main in (harness.main_run, harness.main_check):
			for argv in (["--no-such-option"], ["--jobs", "0"],
				     ["--arch", "riscv"], ["--kernel", "5.10"],
				     ["--timeout", "x"], ["--build_dir"]):
				with self.subTest(main=main.__name__, argv=argv), \
				     mock.patch.object(harness, "run_suite") as run, \
				     contextlib.redirect_stderr(io.StringIO()), \
				     self.assertRaises(SystemExit) as ctx:
					main(argv)
				self.assertEqual(ctx.exception.code,
						 harness_kernels.EXIT_USAGE)
				run.assert_not_called()

	def test_kunit_py_spellings_are_aliases(self):
		"""--build_dir as kunit.py spells it; --build-dir still works."""
		for spelling in ("--build_dir", "--build-dir"):
			opts = harness.parse_options("run", "", [spelling, "/b"])
			self.assertEqual(opts.build_dir, "/b")
		help_text = harness.build_parser("run", "").format_help()
		self.assertIn("--build_dir DIR, --build-dir DIR", help_text)
		self.assertIn("--kernel-timeout here", help_text)

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
