# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for harness_results: kunit.py's JSON results.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_results  # noqa: E402
from fakes import RESULTS, TempDirTest, write  # noqa: E402


class ResultsTest(TempDirTest):
	"""Parsing kunit.py's JSON."""

	def test_nested_groups_are_counted(self):
		path = write(self.tmp / "r.json", json.dumps(RESULTS))
		cases = harness_results.load_cases(path)
		self.assertEqual([(c.name, c.status) for c in cases], [
			("symexport_resolution.gpl_export", "PASS"),
			("symexport_resolution.data_export", "SKIP"),
			("symexport_refcount.two_consumers", "FAIL"),
			("symexport_refcount.load_param.order 1", "PASS"),
			("symexport_refcount.load_param.order 2", "ERROR"),
		])
		self.assertEqual(harness_results.tally(cases), (2, 2, 1))

	def test_unusable_json_gives_none(self):
		self.assertIsNone(harness_results.load_cases(self.tmp / "missing.json"))
		self.assertIsNone(harness_results.load_cases(write(self.tmp / "e.json", "")))
		self.assertIsNone(harness_results.load_cases(write(self.tmp / "b.json", "{")))


if __name__ == "__main__":
	unittest.main()
