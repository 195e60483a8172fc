# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for bench's parsing, guards and table, on canned output.

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
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_output  # noqa: E402
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


class RunOutput(unittest.TestCase):
	STAMPED = [
		(0.1, "symexport: unpacking /usr/src/x.tar.xz into /c (a few minutes)"),
		(20.0, "symexport: installed into /c/lib/symexport (31 files changed)"),
		(20.1, "symexport: [main] building the kernel"),
		(20.2, "symexport: in /c: python3 kunit.py build"),
		(20.3, "Generating .config ..."),
		(300.0, "symexport: [main] building external modules"),
		(300.1, "symexport: staged a and b in /b (9 files changed)"),
		(310.0, "symexport: [main] booting for every suite"),
		(315.0, "symexport: [main] listing the cases that need a boot of their own"),
		(317.0, "symexport: [main] booting for symexport_taint.a (1/1)"),
		(320.0, "40 passed, 0 failed, 0 skipped"),
	]

	def test_phases(self):
		split, configs, marks = bench_output.phases(self.STAMPED, 321.0)
		self.assertEqual(split, {"setup": 20.1, "build": 279.9,
					 "external": 10.0, "boots": 11.0})
		self.assertEqual(configs, {"main": {"build": 279.9,
						    "external": 10.0,
						    "boots": 11.0}})
		self.assertNotIn("in /c: python3 kunit.py build",
				 [text for _, text in marks])
		self.assertEqual(marks[0][1][:9], "unpacking")

	def test_phase_starts_are_lines_the_harness_prints(self):
		"""Each phase bench looks for begins a line SuiteRun.phase()
		prints (its literal text, or an f-string's up to the first
		field)."""
		import re  # pylint: disable=import-outside-toplevel
		source = "".join(path.read_text()
				 for path in sorted(HERE.glob("harness*.py")))
		texts = [re.sub(r"\{.*", "x", text) for text in re.findall(
			r'(?:self|run)\.phase\(cfg,\s*f?"([^"]*)"', source)]
		for name, pattern in bench_output.PHASE_STARTS:
			self.assertTrue(any(pattern.match(text) for text in texts),
					f"no line of the harness starts phase {name}")

	def test_phases_of_a_run_that_stopped_in_the_build(self):
		split, _, _ = bench_output.phases(self.STAMPED[:5], 30.0)
		self.assertEqual(split, {"setup": 20.1, "build": 9.9})

	def test_phases_of_several_configurations(self):
		stamped = [
			(1.0, "symexport: installed into /t (0 files changed)"),
			(2.0, "symexport: [main] building the kernel"),
			(5.0, "symexport: [main] building external modules"),
			(6.0, "symexport: [main] external pass 1/3: the provider"),
			(7.0, "symexport: [main] booting for every suite"),
			(8.0, "symexport: [main] listing the cases that need a boot"),
			(9.0, "symexport: [mod-v] building the kernel"),
			(19.0, "symexport: [mod-v] building external modules"),
			(20.0, "symexport: [mod-v] booting for symexport_x.*"),
		]
		split, configs, _ = bench_output.phases(stamped, 21.0)
		self.assertEqual(split, {"setup": 2.0, "build": 13.0,
					 "external": 3.0, "boots": 3.0})
		self.assertEqual(configs["mod-v"], {"build": 10.0, "external": 1.0,
						    "boots": 1.0})
		self.assertEqual(configs["main"]["boots"], 2.0)
		self.assertEqual(bench_output.fast_path(
			[line for _, line in stamped])["boots"], 3)

	def test_fast_path(self):
		lines = [text for _, text in self.STAMPED]
		self.assertEqual(bench_output.fast_path(lines), {
			"unpacked": True, "reconfigured": True,
			"installed_files_changed": 31, "staged_files_changed": 9,
			"boots": 3})
		self.assertEqual(bench_output.run_summary(lines), [40, 0, 0])
		self.assertEqual(bench_output.failed_cases(lines), [])

	def test_failed_cases(self):
		lines = ["symexport: FAIL a.b: why", "", "Failed and skipped cases:",
			 "  FAIL   symexport_build.x_y: modpost did not print",
			 "  SKIP   s.skipped", "  ERROR  s.crashed", "",
			 "1 passed, 2 failed, 1 skipped"]
		self.assertEqual(bench_output.failed_cases(lines),
				 ["symexport_build.x_y", "s.crashed"])

	def test_kunit_elapsed(self):
		line = ("[02:40:01] Elapsed time: 300.500s total, 2.000s "
			"configuring, 290.250s building, 8.250s running")
		self.assertEqual(bench_output.kunit_elapsed(["x", line]), {
			"total": 300.5, "configuring": 2.0, "building": 290.25,
			"running": 8.25})
		self.assertIsNone(bench_output.kunit_elapsed(["x"]))


class ColdChecks(unittest.TestCase):
	"""What --ci and --matrix read from check's output."""

	LINES = [
		"symexport: 7.3: Debian's linux-source-7.3, UML",
		"symexport: ccache: 178 of 207 compilations were hits (85%), 29 misses",
		"symexport: ccache: 22 of 100 compilations were hits (22%), 78 misses",
		"KUnit: 406 passed, 0 failed; style: 2 passed, 0 failed",
		"576 passed, 0 failed",
	]

	def test_ccache_lines_are_summed(self):
		self.assertEqual(bench_output.ccache_totals(self.LINES),
				 {"hits": 200, "compilations": 307, "rate": 0.651})
		self.assertIsNone(bench_output.ccache_totals(["nothing"]))

	def test_last_totals_line_counts(self):
		self.assertEqual(bench_output.check_totals(self.LINES), [576, 0])
		self.assertIsNone(bench_output.check_totals(["no totals"]))

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
