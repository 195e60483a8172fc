# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for bench's parsing, guards and table, on canned events and
output.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_output  # noqa: E402
import harness_events  # noqa: E402
import harness_printer  # noqa: E402
import bench_project  # noqa: E402
import bench_report  # noqa: E402
import bench_run  # noqa: E402


def load_bench():
	"""Import the bench script (it has no .py suffix)."""
	loader = importlib.machinery.SourceFileLoader("symexport_bench",
						      str(HERE / "bench"))
	spec = importlib.util.spec_from_loader(loader.name, loader)
	module = importlib.util.module_from_spec(spec)
	loader.exec_module(module)
	return module


bench = load_bench()

# What UML prints with printk.time=1 (abridged from a real boot).
BOOT = """\
Core dump limits :
[    0.000000] Linux version 6.12.117 (root@host) #1 Tue
[    0.512000] KTAP version 1
[    0.512001] 1..3
[    0.512100]     KTAP version 1
[    0.512101]     # Subtest: symexport_resolution
[    0.512102]     # module: symexport
[    0.512103]     1..2
[    0.600000]     ok 1 export_symbol_function_resolves_to_provider_address
[    0.700000]     ok 2 symbol_get_finds_nothing_after_provider_unloaded
[    0.700100] ok 1 symexport_resolution
[    0.700200]     KTAP version 1
[    0.700201]     # Subtest: symexport_stress
[    0.700202]     1..2
[    0.900000]     # load_unload_cycles_leave_nothing_loaded: symexport_bench: load_unload_cycles=20 ns=146983936 cycles_per_sec=136
[    0.900001]     ok 1 load_unload_cycles_leave_nothing_loaded
[    0.910000]     # try_module_get_put_pairs_per_second: symexport_bench: get_put_pairs=100000 ns=529408 pairs_per_sec=188890232
[    0.910001]     ok 2 try_module_get_put_pairs_per_second
[    0.910200] ok 2 symexport_stress
[    0.910300]     KTAP version 1
[    0.910301]     # Subtest: example
[    0.910400]         # Subtest: example_params_test
[    0.910500]         ok 1 example_params_test
[    0.920000]     not ok 1 example_fail
[    0.950000] not ok 3 example
[    1.000000] reboot: System halted
""".splitlines()


class SuiteTimes(unittest.TestCase):
	def test_each_suite_from_subtest_to_top_level_result(self):
		times = bench_output.suite_times(BOOT)
		self.assertEqual(sorted(times), ["example", "symexport_resolution",
						 "symexport_stress"])
		self.assertAlmostEqual(times["symexport_resolution"], 0.187999)
		self.assertAlmostEqual(times["symexport_stress"], 0.209999)
		self.assertAlmostEqual(times["example"], 0.039699)

	def test_indented_case_results_do_not_end_a_suite(self):
		lines = ["[    1.000000]     # Subtest: s",
			 "[    1.500000]     ok 1 s",
			 "[    2.000000] ok 1 s"]
		self.assertEqual(bench_output.suite_times(lines), {"s": 1.0})

	def test_host_clock(self):
		stamped = [(float(n), line) for n, line in enumerate(BOOT)]
		times = bench_output.host_suite_times(stamped)
		self.assertEqual(times["symexport_resolution"], 5.0)
		self.assertEqual(times["example"], 4.0)

	def test_failed_suites(self):
		self.assertEqual(bench_output.failed_suites(BOOT), ["example"])

	def test_no_timestamps_no_suites(self):
		self.assertEqual(bench_output.suite_times(["# Subtest: s", "ok 1 s"]), {})


class Stress(unittest.TestCase):
	def test_figures(self):
		self.assertEqual(bench_output.stress_figures(BOOT), {
			"load_unload_cycles": 20, "load_unload_ns": 146983936,
			"cycles_per_sec": 136, "get_put_pairs": 100000,
			"get_put_ns": 529408, "pairs_per_sec": 188890232})

	def test_missing(self):
		self.assertEqual(bench_output.stress_figures(["nothing"]), {})


def phase(when, config, name, text, **fields):
	"""A "phase" event as the harness writes it."""
	return {"time": when, "event": "phase", "configuration": config,
		"phase": name, "text": text, **fields}


class RunEvents(unittest.TestCase):
	"""What bench reads from a run's --events file."""

	EVENTS = [
		{"time": 0.0, "event": "start", "command": "run",
		 "unix_time": 1000.0},
		{"time": 0.1, "event": "unpacking", "tarball": "/usr/src/x.tar.xz",
		 "into": "/c"},
		{"time": 20.0, "event": "installed", "path": "/c/lib/symexport",
		 "files_changed": 31},
		phase(20.1, "main", "build", "building the kernel"),
		phase(300.0, "main", "external", "building external modules"),
		{"time": 300.1, "event": "staged", "configuration": "main",
		 "path": "/b", "files_changed": 9},
		phase(300.2, "main", "external", "external pass 1/7: the provider"),
		phase(310.0, "main", "boots", "booting for every suite"),
		phase(315.0, "main", "boots", "listing the cases that need a boot "
		      "of their own (symexport_taint.*)"),
		phase(317.0, "main", "boots", "booting for symexport_taint.a (1/1)"),
		{"time": 320.0, "event": "result", "passed": 40, "failed": 0,
		 "skipped": 0, "json": None},
	]

	def test_phases(self):
		split, configs, marks = bench_output.phases(self.EVENTS, 321.0)
		self.assertEqual(split, {"setup": 20.1, "build": 279.9,
					 "external": 10.0, "boots": 11.0})
		self.assertEqual(configs, {"main": {"build": 279.9,
						    "external": 10.0,
						    "boots": 11.0}})
		self.assertEqual(marks[0], [20.1, "[main] building the kernel"])
		self.assertEqual(len(marks), 6)

	def test_bench_clock(self):
		"""The events' times count from the harness's start, bench's from
		before: the "start" event's wall clock says how much later."""
		self.assertEqual(bench_output.clock_offset(self.EVENTS, 999.5), 0.5)
		self.assertEqual(bench_output.clock_offset(self.EVENTS, 1001.0), 0.0)
		self.assertEqual(bench_output.clock_offset([], 999.5), 0.0)
		split, _, marks = bench_output.phases(self.EVENTS, 321.0, 0.5)
		self.assertEqual(split, {"setup": 20.6, "build": 279.9,
					 "external": 10.0, "boots": 10.5})
		self.assertEqual(marks[0][0], 20.6)

	def test_phases_of_a_run_that_stopped_in_the_build(self):
		split, _, _ = bench_output.phases(self.EVENTS[:4], 30.0)
		self.assertEqual(split, {"setup": 20.1, "build": 9.9})

	def test_phases_of_a_background_build(self):
		"""A configuration built in the background: its build and
		external passes from its thread's events, up to "built"; the
		run's split is the main thread's."""
		events = [
			{"time": 1.0, "event": "installed", "path": "/t",
			 "files_changed": 0},
			phase(1.5, "mod-v", "setup", "building in the background"),
			phase(1.6, "mod-v", "build", "building the kernel",
			      background=True),
			phase(2.0, "main", "build", "building the kernel"),
			phase(5.0, "main", "external", "building external modules"),
			phase(6.0, "main", "external", "external pass 1/3: x"),
			phase(7.0, "main", "boots", "booting for every suite"),
			phase(8.0, "main", "boots", "listing the cases that need"),
			phase(12.0, "mod-v", "external", "building external modules",
			      background=True),
			{"time": 14.0, "event": "built", "configuration": "mod-v",
			 "built": True, "background": True},
			phase(15.0, "mod-v", "boots", "booting for symexport_x.*"),
		]
		split, configs, _ = bench_output.phases(events, 21.0)
		self.assertEqual(split, {"setup": 2.0, "build": 3.0,
					 "external": 2.0, "boots": 14.0})
		self.assertEqual(configs["mod-v"], {"build": 10.4, "external": 2.0,
						    "boots": 6.0})
		self.assertEqual(configs["main"], {"build": 3.0, "external": 2.0,
						   "boots": 8.0})
		self.assertEqual(bench_output.fast_path(events)["boots"], 3)

	def test_the_harness_steps_name_a_phase(self):
		"""Every RunSteps.phase() call of the harness names one of the
		phases bench splits a run into."""
		import re  # pylint: disable=import-outside-toplevel
		source = "".join(path.read_text()
				 for path in sorted(HERE.glob("harness*.py")))
		names = re.findall(r'(?:self|run)\.phase\((?:self\.)?\w+,\s*"(\w+)"',
				   source)
		self.assertGreater(len(names), 10)
		self.assertEqual(set(names), set(bench_output.PHASES))
		self.assertEqual(len(re.findall(r"\.phase\(", source)),
				 len(names))

	def test_fast_path(self):
		self.assertEqual(bench_output.fast_path(
			self.EVENTS, ["make", "Generating .config ..."]), {
			"unpacked": True, "reconfigured": True,
			"installed_files_changed": 31, "staged_files_changed": 9,
			"boots": 3})
		self.assertEqual(bench_output.fast_path([]), {
			"unpacked": False, "reconfigured": False,
			"installed_files_changed": None,
			"staged_files_changed": None, "boots": 0})
		self.assertEqual(bench_output.run_summary(self.EVENTS), [40, 0, 0])
		self.assertIsNone(bench_output.run_summary(self.EVENTS[:-1]))
		self.assertEqual(bench_output.failed_cases(self.EVENTS), [])

	def test_failed_cases_from_the_json_results(self):
		"""The FAIL and ERROR cases of each result's --json file (a
		check has one a target)."""
		results = {"name": "KUnit Test Group", "test_cases": [],
			   "sub_groups": [
			{"name": "symexport_build", "sub_groups": [], "test_cases": [
				{"name": "x_y", "status": "FAIL"}]},
			{"name": "s", "sub_groups": [], "test_cases": [
				{"name": "skipped", "status": "SKIP"},
				{"name": "crashed", "status": "ERROR"},
				{"name": "fine", "status": "PASS"}]}]}
		with tempfile.TemporaryDirectory() as tmp:
			first, second = Path(tmp, "a.json"), Path(tmp, "b.json")
			first.write_text(json.dumps(results))
			second.write_text(json.dumps(results))
			events = [{"time": 1.0, "event": "result", "passed": 1,
				   "failed": 2, "skipped": 1, "json": str(path)}
				  for path in (first, second, Path(tmp, "gone.json"))]
			self.assertEqual(bench_output.failed_cases(events),
					 ["symexport_build.x_y", "s.crashed"])

	def test_read_events(self):
		"""One event a line; a line cut short or not an event is left
		out."""
		with tempfile.TemporaryDirectory() as tmp:
			path = Path(tmp, "run.events")
			path.write_text("".join(json.dumps(event) + "\n"
						for event in self.EVENTS) +
					'[1, 2]\n\n{"time": 321.0, "eve')
			self.assertEqual(bench_output.read_events(path), self.EVENTS)
			self.assertEqual(bench_output.read_events(
				Path(tmp, "none")), [])

	def test_what_the_harness_writes_bench_reads(self):
		"""harness_events' file, from say() in several threads: each
		event a line, with its time, beside the line printed."""
		with tempfile.TemporaryDirectory() as tmp:
			path = Path(tmp, "run.events")
			out = io.StringIO()
			with harness_events.events_to(path, "run"), \
			     contextlib.redirect_stdout(out):
				threads = [threading.Thread(
					target=harness_printer.say, args=(
						f"staged x ({n} files changed)",
						"staged"),
					kwargs={"configuration": "main",
						"path": "x", "files_changed": n})
					for n in range(8)]
				for thread in threads:
					thread.start()
				for thread in threads:
					thread.join()
				harness_printer.say("ccache: 1 of 3", "ccache",
						    hits=1, total=3)
				harness_printer.say("no event")
			harness_events.emit("result")	# closed: nowhere
			events = bench_output.read_events(path)
		self.assertEqual([e["event"] for e in events],
				 ["start"] + ["staged"] * 8 + ["ccache"])
		self.assertEqual(events[0]["command"], "run")
		self.assertTrue(all(isinstance(e["time"], float) for e in events))
		self.assertEqual(bench_output.fast_path(events)[
			"staged_files_changed"], 28)
		self.assertEqual(bench_output.ccache_totals(events), {
			"hits": 1, "compilations": 3, "rate": 0.333})
		self.assertEqual(out.getvalue().splitlines()[-2:],
				 ["symexport: ccache: 1 of 3", "symexport: no event"])

	def test_kunit_elapsed(self):
		line = ("[02:40:01] Elapsed time: 300.500s total, 2.000s "
			"configuring, 290.250s building, 8.250s running")
		self.assertEqual(bench_output.kunit_elapsed(["x", line]), {
			"total": 300.5, "configuring": 2.0, "building": 290.25,
			"running": 8.25})
		self.assertIsNone(bench_output.kunit_elapsed(["x"]))


class ColdChecks(unittest.TestCase):
	"""What --ci and --matrix read from check's events."""

	EVENTS = [
		{"time": 0.0, "event": "start", "command": "check",
		 "unix_time": 1000.0},
		{"time": 900.0, "event": "ccache", "hits": 178, "total": 207},
		{"time": 901.0, "event": "result", "passed": 406, "failed": 0,
		 "skipped": 0, "json": None},
		{"time": 901.0, "event": "target", "target": "7.3",
		 "passed": 406, "failed": 0},
		{"time": 1500.0, "event": "ccache", "hits": 22, "total": 100},
		{"time": 1600.0, "event": "check", "kunit": [574, 0],
		 "style": [2, 0], "tests": [0, 0], "passed": 576, "failed": 0},
	]

	def test_ccache_events_are_summed(self):
		self.assertEqual(bench_output.ccache_totals(self.EVENTS),
				 {"hits": 200, "compilations": 307, "rate": 0.651})
		self.assertIsNone(bench_output.ccache_totals(self.EVENTS[:1]))

	def test_check_totals(self):
		self.assertEqual(bench_output.check_totals(self.EVENTS), [576, 0])
		self.assertIsNone(bench_output.check_totals(self.EVENTS[:-1]))

	def test_report_line(self):
		data = {"ours": {"cold-ci": {"seconds": 3000.0, "status": 0,
					     "timed_out": False,
					     "ccache": {"hits": 200,
							"compilations": 307},
					     "totals": [576, 0]}}}
		self.assertEqual(bench_report.cold_check_lines(data), [
			"cold .ci/run (check --ci): 50.0 min, exit status 0; "
			"576 passed, 0 failed; ccache 200 of 307 compilations hit"])


class Guards(unittest.TestCase):
	def test_normal_cache_refused(self):
		with tempfile.TemporaryDirectory() as tmp:
			normal = Path(tmp) / "symexport"
			for cache in (tmp, normal, normal / "deeper"):
				with self.assertRaises(bench_project.BenchError):
					bench_project.check_private(cache, normal)
			bench_project.check_private(Path(tmp) / "symexport-bench", normal)

	def test_project_checkout_refused(self):
		with self.assertRaises(bench_project.BenchError):
			bench_project.check_private(HERE, "/nonexistent/symexport")

	def test_sleeping_calls_found(self):
		with tempfile.TemporaryDirectory() as tmp:
			for top in ("Kconfig", "Makefile", ".kunitconfig"):
				Path(tmp, top).write_text("")
			Path(tmp, "kunit").mkdir()
			Path(tmp, "kunit", "a.c").write_text(
				"int x;\n\tmsleep(10);\n\tmsleep_ish = 1;\n")
			Path(tmp, "kunit", "b.c").write_text(
				"schedule_timeout_interruptible (HZ);\n")
			self.assertEqual(bench_output.sleeping_calls(tmp),
					 ["kunit/a.c:2", "kunit/b.c:1"])

	def test_the_project_has_no_sleeping_calls(self):
		self.assertEqual(bench_output.sleeping_calls(bench.harness_kernels.PROJECT_ROOT), [])


class Snapshot(unittest.TestCase):
	def test_copy_is_exact_and_writes_only_changes(self):
		with tempfile.TemporaryDirectory() as tmp:
			src, dest = Path(tmp, "src"), Path(tmp, "dest")
			(src / "kunit").mkdir(parents=True)
			(src / ".kunitconfig").write_text("CONFIG_KUNIT=y\n")
			(src / "kunit" / "a.c").write_text("a\n")
			(src / "__pycache__").mkdir()
			(src / "__pycache__" / "x.pyc").write_text("")
			(dest / "old").mkdir(parents=True)
			(dest / "old" / "stale.c").write_text("")
			with mock.patch.object(bench_project, "git", return_value=None):
				info = bench_project.take_snapshot(src, dest)
				self.assertEqual(info["files_written"], 2)
				self.assertEqual(sorted(
					p.relative_to(dest).as_posix()
					for p in dest.rglob("*") if p.is_file()),
					[".kunitconfig", "kunit/a.c"])
				self.assertEqual(bench_project.take_snapshot(
					src, dest)["files_written"], 0)
				(src / "kunit" / "a.c").write_text("b\n")
				self.assertEqual(bench_project.take_snapshot(
					src, dest)["files_written"], 1)
			self.assertEqual((dest / "kunit" / "a.c").read_text(), "b\n")

	def test_bad_rev(self):
		with mock.patch.object(bench_project, "git", return_value=None):
			with self.assertRaises(bench_project.BenchError):
				bench_project.project_contents(HERE, "nonexistent")


class Runner(unittest.TestCase):
	def test_timed_records_lines_status_and_command(self):
		with tempfile.TemporaryDirectory() as tmp:
			log = Path(tmp) / "x.log"
			record = bench_run.timed(
				[sys.executable, "-c",
				 "import os; print(os.environ['BENCH_T']); print('b')"],
				tmp, 30, log, {"BENCH_T": "a"})
			self.assertEqual(bench_run.texts(record), ["a", "b"])
			self.assertEqual(record["status"], 0)
			self.assertFalse(record["timed_out"])
			self.assertIn("BENCH_T=a ", record["command"])
			self.assertNotIn("BENCH_T", os.environ)
			self.assertIn(" b\n", log.read_text())
			bench_run.require_ok(record, "x")
			record["status"] = 1
			with self.assertRaises(bench_project.BenchError):
				bench_run.require_ok(record, "x")


class OurRun(unittest.TestCase):
	"""Bench.our_run() gives the run --events and --json and reads them."""

	def test_our_run_reads_the_events(self):
		def fake_timed(cmd, cwd, timeout, log_path, env=None):
			events = [arg.split("=", 1)[1] for arg in cmd
				  if str(arg).startswith("--events=")]
			self.assertEqual(len(events), 1, cmd)
			self.assertTrue([arg for arg in cmd
					 if str(arg).startswith("--json=")], cmd)
			first = dict(RunEvents.EVENTS[0], unix_time=101.0)
			Path(events[0]).write_text("".join(
				json.dumps(event) + "\n" for event in
				[first] + RunEvents.EVENTS[1:]))
			return {"command": "run", "log": str(log_path),
				"seconds": 321.0, "status": 0, "timed_out": False,
				"started": 100.0, "lines": [(1.0, "not read")]}

		with tempfile.TemporaryDirectory() as tmp:
			opts = bench.parse_args(["--cache", tmp, "--jobs", "1"])
			runner = bench_run.Bench(opts)
			runner.logs.mkdir(parents=True)
			with mock.patch.object(bench_run, "timed", fake_timed), \
			     mock.patch.object(bench_run, "note"):
				record = runner.our_run("nochange", 60)
		self.assertEqual(record["phases"], {"setup": 21.1, "build": 279.9,
						    "external": 10.0, "boots": 10.0})
		self.assertEqual(record["summary"], [40, 0, 0])
		self.assertEqual(record["fast_path"]["installed_files_changed"], 31)
		self.assertEqual(record["failed_cases"], [])
		self.assertNotIn("lines", record)


class Table(unittest.TestCase):
	def data(self):
		return {
			"ours": {
				"cold": {"seconds": 400.0, "phases": {
					"setup": 20.0, "build": 360.0,
					"external": 8.0, "boots": 12.0}},
				"incremental": {"seconds": 25.0, "phases": {
					"build": 10.0, "boots": 12.0}},
				"boot": {"median": 3.0, "suites_sum": 1.5,
					 "suites": {"symexport_a": 1.0,
						    "symexport_b": 0.5}},
				"stress": {"cycles_per_sec": 150,
					   "pairs_per_sec": 1000},
			},
			"baseline": {
				"cold": {"seconds": 310.0, "build": 290.0,
					 "running": 3.0},
				"incremental": {"seconds": 10.0},
				"boot": {"median": 1.0, "suites_sum": 0.2},
			},
			"sleeping_calls": [],
			"ratios": {}, "targets": {},
		}

	def test_verdicts_and_ratios(self):
		data = self.data()
		rows = {row[0]: row for row in bench_report.evaluate(data)}
		cold = rows["cold build (config + make)"]
		self.assertEqual(cold[3], 1.241)
		self.assertEqual(cold[6], "MISS")
		self.assertEqual(rows["incremental: touch test, edit to result"][6],
				 "MISS")
		self.assertEqual(rows["all suites inside UML (host clock)"][6], "PASS")
		self.assertEqual(rows["sleeping calls in the cases"][6], "PASS")
		self.assertIn("  symexport_a", rows)
		self.assertEqual(data["targets"]["all suites inside UML (host clock)"]["verdict"],
				 "PASS")
		table = bench_report.format_table(bench_report.evaluate(self.data()))
		self.assertIn("1.24", table)
		self.assertIn("150/s", table)

	def test_issue_26_targets_against_bare_kunit_py(self):
		data = self.data()
		data["ours"].update(suite_edit={"seconds": 7.5, "line_count": 31},
				    mutant={"judged": 19.0, "seconds": 300.0})
		data["bare"] = {"cold": {"seconds": 130.0},
				"suite_edit": {"seconds": 6.0, "line_count": 40}}
		rows = {row[0]: row for row in bench_report.evaluate(data)}
		cold = rows["cold run vs cold bare kunit.py (lib/symexport)"]
		self.assertEqual((cold[3], cold[6]), (3.077, "MISS"))
		edit = rows["one suite after an edit vs bare kunit.py"]
		self.assertEqual((edit[3], edit[6]), (1.25, "PASS"))
		self.assertEqual(rows["  lines it prints"][6], "MISS")
		self.assertEqual(rows["a generated mutant of main.c, judged"][6],
				 "PASS")

	def test_with_ci_adds_the_cold_test_command_to_the_table(self):
		data = self.data()
		data["ours"]["cold-ci"] = {"seconds": 1910.4, "status": 0,
					   "totals": [812, 0],
					   "ccache": {"hits": 1, "compilations": 2}}
		rows = {row[0]: row for row in bench_report.evaluate(data)}
		self.assertEqual(rows["cold .ci/run (with --with-ci)"][6], "PASS")
		data["ours"]["cold-ci"]["status"] = 1
		rows = {row[0]: row for row in bench_report.evaluate(data)}
		self.assertEqual(rows["cold .ci/run (with --with-ci)"][6], "MISS")
		data.update(date="d", machine="m", nproc=2, kernel_version="7.3",
			    loadavg={})
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			bench_report.print_report(data)
		self.assertIn("cold build (config + make)", out.getvalue())
		self.assertIn("cold .ci/run (check --ci): 31.8 min, exit status 1",
			      out.getvalue())

	def test_show_prints_an_earlier_json(self):
		with tempfile.TemporaryDirectory() as tmp:
			path = Path(tmp, "bench.json")
			data = self.data()
			data.update(date="2026-01-01", machine="x86_64", nproc=2,
				    kernel_version="6.12.1",
				    loadavg={"start": [1.0], "end": [2.0]})
			path.write_text(json.dumps(data))
			out = io.StringIO()
			with contextlib.redirect_stdout(out):
				self.assertEqual(bench.main(["--show", str(path)]), 0)
			self.assertIn("MISS", out.getvalue())
			self.assertIn("Linux 6.12.1 (UML)  load average 1.00 -> 2.00",
				      out.getvalue())

	def test_missing_figures_have_no_verdict(self):
		data = {"ours": {}, "baseline": {}, "ratios": {}, "targets": {}}
		rows = bench_report.evaluate(data)
		self.assertTrue(all(row[6] == "-" for row in rows))
		bench_report.format_table(rows)


if __name__ == "__main__":
	unittest.main()
