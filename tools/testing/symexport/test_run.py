# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for run_suite() end to end on fake kernel trees: build,
external passes, boots, merge, concurrency, timeouts and signals.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
import harness_proc  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness  # noqa: E402
import harness_run  # noqa: E402
import harness_steps  # noqa: E402
from fakes import (BOTH_PASSED, BUILD_CASES, CRC_CASE, FAKE_CONF, FakeKernelTest, HERE,
	MAIN_PASSED, summary,
	kill_survivors, MAIN_STEPS, make_project, MODVERSIONS_CASES,
	MODVERSIONS_STEPS,
	MODVERSIONS_SKIPS, process_gone, RESULTS,
	symvers_text, SYMVERS_CASE, TAINT_CASES, VMLINUX_CASE,
	write)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule
FORCE_UNLOAD = next(config for config in harness_config.CONFIGURATIONS
		    if config.name == "force_unload")



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

	def test_long_steps_say_how_long_they_took(self):
		"""A step that takes STEP_TIME_SHOWN seconds or more says when it
		ends and how long it took; a shorter one does not."""
		self.configure(main=[["s", [["a", "PASS"]]]], listed=[])
		_, out = self.run_suite(external=False)
		self.assertNotIn("done in", out)
		with mock.patch.object(harness_steps, "STEP_TIME_SHOWN", 0):
			_, out = self.run_suite(external=False)
		lines = out.splitlines()
		done = lines.index("symexport: [main] building the kernel: done "
				   "in 0 min 00 s")
		self.assertLess(lines.index("symexport: [main] building the "
					    "kernel"), done)
		self.assertIn("symexport: [main] kunit.py exec: done in 0 min 00 s",
			      lines)

	def test_full_run_merges_own_boots_and_build_cases(self):
		stale = write(self.ext / "consumers/external/symexport_ext_weak.ko",
			      "old\n")
		json_file = self.tmp / "out.json"
		self.configure()
		result, out = self.run_suite(jobs=2, json=str(json_file))
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 summary(MAIN_PASSED))
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
				"modules"],
			["ARCH=um", "-C", str(self.tree),
			 f"O={self.ext}/{harness_ext.UNCONFIGURED_DIR}",
			 f"M={self.ext}/consumers/external_oot", "modules"]])
		oot = self.ext / "consumers/external_oot"
		self.assertEqual(calls[7][1], [
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
		boots = [args for program, args in calls
			 if program == "kunit.py" and args[0] == "exec"]
		self.assertEqual(boots[0][5:], [ext_arg])
		own = self.own_boots(calls)
		self.assertEqual(own, boots[1:])
		for args, name in zip(own, TAINT_CASES):
			self.assertEqual(args[5:], [
				ext_arg, f"--kernel_args={harness_config.OWN_BOOT_ARG}",
				name])
		self.assertIn(f"[main] booting for {TAINT_CASES[1]} (2/2)", out)
		self.assertIn("symexport: [main] building external modules", out)
		self.assertIn("symexport: [main] external pass 11/11: the provider's "
			      "Module.symvers", out)
		self.assertIn("symexport_ext_vermagic.ko: vermagic 6.12.117 -> "
			      "9.99.999", out)
		# Without --verbose, the build's make output goes to the log
		# only; the boots' output is shown.
		self.assertNotIn("stub: building main", out)
		self.assertNotIn('WARNING: modpost: "symexport_ext_gpl_mul"', out)
		self.assertIn('WARNING: modpost: "symexport_ext_gpl_mul"',
			      (self.build / harness_kernels.RUN_LOG).read_text())
		self.assertIn("stub: running", out)
		merged = harness_results.load_results(json_file)
		self.assertEqual(
			sorted((c.name, c.status) for c in
			       harness_results.collect_cases(merged)),
			sorted((c.name, c.status) for c in result.cases))
		self.assertEqual(merged["sub_groups"][-1]["name"], "symexport_build")
		# Again, warm: kbuild skips modpost when its output and command
		# line are those of its last success, unless the harness deletes
		# the output; the build cases need modpost's messages.  With
		# --verbose, make's output is shown as it comes.
		result, out = self.run_suite(jobs=2, verbose=True)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 summary(MAIN_PASSED))
		self.assertIn('WARNING: modpost: "symexport_ext_gpl_mul"', out)
		self.assertIn("stub: building main", out)

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

	def check_modversions_run(self, serial, verbose=False):
		self.both_configs()
		json_file = self.tmp / "out.json"
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS])
		result, out = self.run_suite(jobs=2, json=str(json_file),
					     serial=serial, verbose=verbose)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 summary(BOTH_PASSED))
		statuses = {c.name: c.status for c in result.cases}
		for name in MODVERSIONS_CASES:
			self.assertEqual(statuses["symexport_modversions." + name],
					 "PASS")
		# The modversions configuration adds its two cases, CRC last.
		self.assertEqual(sorted(name for name in statuses
					if name.startswith("symexport_build.")),
				 sorted(BUILD_CASES + [VMLINUX_CASE, CRC_CASE]))
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
				 MODVERSIONS_STEPS + [("kunit.py", "exec")])
		main_config = "--kunitconfig=lib/symexport"
		config = "--kunitconfig=lib/symexport/configs/modversions.kunitconfig"
		build2 = f"--build_dir={self.build2}"
		# Built at once, the two share --jobs=2; one after the other,
		# each has both.
		jobs = "--jobs=2" if serial else "--jobs=1"
		self.assertEqual(main_calls[0][1][-1], jobs)
		self.assertEqual(calls2[0][1],
				 ["build", main_config, config, build2, jobs])
		for _, args in calls2[1:7]:
			if args[0] == "ARCH=um":
				self.assertEqual(args[args.index("-j") + 1],
						 jobs[len("--jobs="):])
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

	def build_jobs(self, jobs, serial=False):
		"""Run the main, modversions and force_unload configurations
		with JOBS; return the --jobs of each kunit.py build, by its
		build dir's configuration, and the output."""
		fakes.use_configurations(self, self.real_configurations +
					 (FORCE_UNLOAD,))
		self.configure(force_unload=[["symexport_force_unload",
					      [["a", "PASS"]]]])
		_, out = self.run_suite(external=False, jobs=jobs,
					serial=serial)
		builds = {}
		for program, args in self.calls():
			if program == "kunit.py" and args[0] == "build":
				build_dir = next(arg for arg in args
						 if arg.startswith("--build_dir="))
				builds[build_dir[len(f"--build_dir={self.build}"):]
				       or "main"] = int(args[-1][len("--jobs="):])
		self.assertEqual(len(builds), 3, out)
		return builds, out

	def test_concurrent_builds_share_the_jobs(self):
		"""The builds that run at once share --jobs, the main one
		taking the remainder first; with more builds than jobs each
		gets one (so they sum to more); --serial gives each all."""
		builds, out = self.build_jobs(2)
		self.assertEqual(builds, {"main": 1, "-modversions": 1,
					  "-force-unload": 1})
		self.assertIn("[modversions] building in the background with 1 "
			      "of 2 jobs", out)
		self.calls_file.unlink()
		builds, _ = self.build_jobs(5)
		self.assertEqual(builds, {"main": 2, "-modversions": 2,
					  "-force-unload": 1})
		self.assertEqual(sum(builds.values()), 5)
		self.calls_file.unlink()
		builds, _ = self.build_jobs(2, serial=True)
		self.assertEqual(builds, {"main": 2, "-modversions": 2,
					  "-force-unload": 2})

	def test_builds_waiting_for_main_kernel_share_the_jobs_after_it(self):
		"""With ccache, the builds that wait for the main kernel do not
		take jobs from it: it builds with all of them, and they share
		them among themselves once it is built."""
		with mock.patch.object(harness_run, "ccache_env",
				       return_value={"PATH": "x"}):
			builds, _ = self.build_jobs(2)
		self.assertEqual(builds, {"main": 2, "-modversions": 1,
					  "-force-unload": 1})

	def background_block(self, out, what="output"):
		"""Return the lines of OUT and the block of the modversions
		build's held output (WHAT: "steps" without --verbose): (lines,
		start, block)."""
		lines = out.splitlines()
		start = lines.index(f"symexport: [modversions] {what} of its "
				    "background build:")
		end = lines.index("symexport: [modversions] booting for "
				  "symexport_modversions.*")
		self.assertLess(lines.index("symexport: [main] booting for every "
					    "suite"), start)
		return lines, start, lines[start + 1:end]

	def test_background_build_shows_its_steps_only(self):
		"""Without --verbose, a background build that succeeds shows its
		steps before its boot, not its make output."""
		out = self.check_modversions_run(serial=False)
		_, _, block = self.background_block(out, "steps")
		self.assertEqual(block[0], "symexport: [modversions] building "
				 "the kernel")
		for line in block:
			self.assertTrue(line.startswith("symexport: "), line)
		self.assertNotIn("stub: building", out)
		self.assertNotIn("background build failed", out)
		self.assertIn("stub: building modversions",
			      (self.build2 / harness_kernels.RUN_LOG).read_text())

	def test_modversions_configuration_replaces_skips(self):
		out = self.check_modversions_run(serial=False, verbose=True)
		# With --verbose, its output comes in one block, just before
		# its boot.
		lines, start, block = self.background_block(out)
		self.assertEqual(block[0], "symexport: [modversions] building "
				 "the kernel")
		self.assertIn("stub: building modversions", block)
		self.assertEqual(len([line for line in block if line.startswith(
			"symexport: [modversions] external pass ")]),
			len([p for p in harness_config.EXT_PASSES
			     if p.since is None]))
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
		times = self.tmp / "times"
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS],
			       build_child=["modversions"],
			       pids=str(self.tmp / "pids"), times=str(times),
			       **sleeps)
		result, out = self.run_suite()
		self.assertTrue(result.ok, out)
		events = {}
		for line in times.read_text().splitlines():
			event, when = line.split()
			events.setdefault(event, float(when))
		# The main steps' clean-ups left the modversions build's
		# processes alone; its own clean-up killed its child.
		self.assertNotIn("my child was killed", out)
		self.assertNotIn("killed by signal", out)
		# Concurrent: the modversions passes began before the main
		# build ended, whatever the machine's load made of the sleeps.
		self.assertLess(events["make-modversions-start"],
				events["build-main-end"], out)
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
		self.assertIn("[modversions] steps of its background build", out)
		self.assertIn("[modversions] its background build failed; the "
			      "output of its build steps (log: "
			      f"{self.build2 / harness_kernels.RUN_LOG}):", out)
		self.assertIn("stub: building modversions", out)
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
		background builds hang (a glob that selects the boots of
		modversions and force_unload): every process they started, and the
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
					"--build-dir", {str(self.build)!r},
					"--", "symexport_*"]))
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
		self.assertIn("symexport: [modversions] left out by the filter glob\n", out)

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
			       unconfigured_unchecked=True, main=FAKE_CONF["main"][:1])
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		for case, ko in zip(BUILD_CASES[:1] + BUILD_CASES[2:4],
				    ("gpl_user", "weak", "ns_user")):
			self.assertIn(f"  FAIL   {case}: make succeeded and wrote "
				      f"symexport_ext_{ko}.ko", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[1]}: make succeeded\n", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[4]}: make succeeded and wrote "
			      "symexport_ext_ns_tail_user.ko", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[5]}: make succeeded\n", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[6]}: make succeeded\n", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[7]}: make succeeded\n", out)
		self.assertIn(f"  FAIL   {BUILD_CASES[11]}: make succeeded and "
			      "wrote symexport_ext_consumer.ko", out)
		self.assertIn(f"  FAIL   {SYMVERS_CASE}: {self.ext}/providers/"
			      "external/Module.symvers: line 2 (symexport_ext_"
			      "gpl_mul): export type is 'EXPORT_SYMBOL', expected "
			      "'EXPORT_SYMBOL_GPL'", out)
		# kbuild failing elsewhere against a tree never configured.
		self.assertIn(f"  FAIL   {BUILD_CASES[13]}: make did not print "
			      "'ERROR: Kernel configuration is invalid.': Makefile:1: "
			      "include/config/auto.conf: No such file\n", out)
		# The object modpost's report limit is counted on is compiled
		# by the failing pass only.
		self.assertIn("FAIL   symexport_build.modpost_names_ten_undefined_"
			      "symbols_and_counts_the_rest: a module using eleven "
			      "undefined functions and a weak one: cannot write "
			      "modpost's input", out)
		self.assertEqual(out.splitlines()[-1], "17 passed, 17 failed, 0 skipped")

	def test_vermagic_not_found_stops_the_run(self):
		self.configure(vermagic="6.1.0")
		result, out = self.run_suite()
		self.assertFalse(result.ok)
		self.assertIn("symexport: error: [main] patch_vermagic: "
			      f"{self.ext}/consumers/external_oot/symexport_ext_"
			      "vermagic.ko has 0 times 'vermagic=6.12.117 ', not "
			      "once", out)
		self.assertEqual(self.steps(), MAIN_STEPS[:7])

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
		self.configure(results=RESULTS, exec_status=1, listed=[])
		result, out = self.run_suite(external=False, json=str(json_file))
		self.assertFalse(result.ok)
		self.assertRegex(out, r"FAIL +symexport_refcount.two_consumers")
		self.assertRegex(out, r"ERROR +symexport_refcount.load_param.order 2")
		self.assertRegex(out, r"SKIP +symexport_resolution.data_export")
		self.assertEqual(out.splitlines()[-1], "2 passed, 2 failed, 1 skipped")
		self.assertEqual(json.loads(json_file.read_text()), RESULTS)

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


if __name__ == "__main__":
	unittest.main()
