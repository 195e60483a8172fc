# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the kernel configurations a run builds and boots, and for
--repeat, on fake kernel trees.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness_steps  # noqa: E402
import harness  # noqa: E402
from fakes import (BOTH_PASSED, FAKE_CONF, FakeKernelTest, summary, MODVERSIONS_SKIPS, options, PASS_DIRS, REAL_CONFIGURATIONS, TEST_MAIN,
	use_configurations)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule



class ConfigurationTest(FakeKernelTest):
	"""Configurations with boots of their own, a report group, and the
	console check."""

	def test_builtin_provider_has_only_the_duplicate_export_pass(self):
		config = {c.name: c for c in REAL_CONFIGURATIONS}["builtin_provider"]
		self.assertTrue(config.external)
		self.assertEqual(config.ext_passes,
				 harness_config.BUILTIN_PROVIDER_EXT_PASSES)
		(ext_pass,) = config.ext_passes
		self.assertEqual(ext_pass.dir, harness_kernels.EXT_PROVIDER_DIR)
		self.assertIn("*.ko", ext_pass.remove)
		(case,) = ext_pass.cases
		self.assertTrue(harness_ext.records_case(config, case.name))
		self.assertFalse(harness_ext.records_case(
			config, "consumer_builds_with_kbuild_extra_symbols"))
		expected = case.expect_output[0]
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
		self.assertEqual(harness_steps.kunitconfig_args(
			options(), harness_kernels.MIN_KERNEL, standalone[0]), [
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
				 "35 passed, 1 failed, 2 skipped")
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
				 summary(BOTH_PASSED))
		steps = self.steps()
		self.assertEqual(steps.count(("kunit.py", "build")), 2)
		# The passes, and the build against a tree never configured.
		self.assertEqual(len([s for s in steps if s[0] == "make"]),
				 2 * (len(PASS_DIRS) + 1))
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


if __name__ == "__main__":
	unittest.main()
