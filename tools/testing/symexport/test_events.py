# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the event stream (run --events): what it records, in
what order, and bench's reading of it, on fake kernel trees.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import sys
import unittest
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import harness_kernels  # noqa: E402
import harness_run  # noqa: E402
import bench_output  # noqa: E402
from fakes import (BOTH_PASSED, FAKE_CONF, FakeKernelTest, MODVERSIONS_SKIPS,
	summary)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule


class EventsTest(FakeKernelTest):
	"""run --events on a fake kernel tree."""

	def test_events_file(self):
		"""run --events: the phases in order, as the output says them,
		a background build's from its thread; the files installed and
		staged, ccache's hits and the result with the --json file; and
		bench reads its split of the run from them."""
		self.both_configs()
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS])
		path, json_file = self.tmp / "run.events", self.tmp / "out.json"
		stats = [{"direct_cache_hit": 5, "cache_miss": 1},
			 {"direct_cache_hit": 8, "preprocessed_cache_hit": 1,
			  "cache_miss": 3}]
		with mock.patch.object(harness_run, "use_ccache",
				       return_value=True), \
		     mock.patch.object(harness_run, "ccache_stats",
				       side_effect=stats):
			status, out = self.run_main(harness.main_run, "--events",
						    str(path), "--json",
						    str(json_file))
		self.assertEqual(status, harness_kernels.EXIT_OK, out)
		events = bench_output.read_events(path)
		self.assertEqual(len(events), len(path.read_text().splitlines()))
		self.assertEqual(events[0]["event"], "start")
		self.assertEqual(events[0]["command"], "run")
		times = [event["time"] for event in events]
		self.assertEqual(times, sorted(times))
		steps = [event for event in events if event["event"] == "phase"]

		def in_order(background):
			seen = []
			for event in steps:
				step = (event["configuration"], event["phase"])
				if bool(event.get("background")) == background \
				   and step not in seen[-1:]:
					seen.append(step)
			return seen
		self.assertEqual(in_order(False), [
			("modversions", "setup"), ("main", "build"),
			("main", "external"), ("main", "boots"),
			("modversions", "boots")])
		self.assertEqual(in_order(True), [("modversions", "build"),
						  ("modversions", "external")])
		# Each is a line of the output, the main thread's in order.
		lines = out.splitlines()
		said = [f"symexport: [{e['configuration']}] {e['text']}"
			for e in steps]
		for line in said:
			self.assertIn(line, lines)
		main_said = [line for line, e in zip(said, steps)
			     if not e.get("background")]
		self.assertEqual([line for line in lines if line in main_said],
				 main_said)
		kinds = [event["event"] for event in events]
		self.assertEqual(kinds[-2:], ["ccache", "result"])
		self.assertEqual(events[-2]["hits"], 4)
		self.assertEqual(events[-2]["total"], 6)
		self.assertEqual(events[-1], {
			"time": events[-1]["time"], "event": "result",
			"passed": BOTH_PASSED, "failed": 0, "skipped": 0,
			"json": str(json_file)})
		self.assertEqual(out.splitlines()[-1],
				 summary(BOTH_PASSED))
		built = [e for e in events if e["event"] == "built"]
		self.assertEqual(built, [{
			"time": built[0]["time"], "event": "built",
			"configuration": "modversions", "built": True,
			"background": True}])
		staged = {e["configuration"]: e for e in events
			  if e["event"] == "staged"}
		self.assertEqual(staged["main"]["path"], str(self.ext))
		self.assertTrue(staged["modversions"]["background"])
		installed, = [e for e in events if e["event"] == "installed"]
		self.assertIn(f"({installed['files_changed']} files changed)",
			      out)
		# What bench makes of them.
		split, configs, _ = bench_output.phases(events, times[-1] + 1.0)
		self.assertEqual(list(split), list(bench_output.PHASES))
		self.assertEqual(sorted(configs["modversions"]),
				 ["boots", "build", "external"])
		self.assertEqual(bench_output.fast_path(events)["boots"],
				 self.steps().count(("kunit.py", "exec")))
		self.assertEqual(bench_output.run_summary(events), [40, 0, 0])
		self.assertEqual(bench_output.failed_cases(events), [])
		self.assertEqual(bench_output.ccache_totals(events)["hits"], 4)

	def test_events_file_cannot_be_written(self):
		self.configure()
		with contextlib.redirect_stderr(io.StringIO()) as err:
			status, _ = self.run_main(harness.main_run, "--events",
						  str(self.tmp / "no/such/dir/x"))
		self.assertEqual(status, harness_kernels.EXIT_USAGE)
		self.assertIn("cannot write --events", err.getvalue())
		self.assertFalse(self.calls_file.exists())	# nothing ran


if __name__ == "__main__":
	unittest.main()
