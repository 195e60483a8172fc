# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for harness_results: kunit.py's JSON results, and the merged
results of a run in their shape.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_results  # noqa: E402
from fakes import (FAKE_CONF, FakeKernelTest, MODVERSIONS_SKIPS, RESULTS,
	TempDirTest, write)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule


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


	def test_made_groups_copy_the_fields_of_their_parent(self):
		fields = {"arch": "um", "defconfig": "kunit_defconfig",
			  "build_environment": "/b", "lab_name": None,
			  "kernel": None, "job": None, "git_branch": "kselftest"}
		top = harness_results.kunit_group("KUnit Test Group", "um", "/b")
		self.assertEqual(list(top), ["name", "sub_groups", "test_cases",
					     "misc"] + list(fields))
		harness_results.put_case(top, ("g", "s"), {
			"name": "a", "status": "ERROR", "log": "why"})
		harness_results.put_case(top, ("g", "s"), {
			"name": "b", "status": "PASS", "log": ""})
		made = top["sub_groups"][0]["sub_groups"][0]
		self.assertEqual(list(made), list(top))
		self.assertEqual({key: made[key] for key in fields}, fields)
		self.assertEqual(harness_results.recount(top), made["misc"])
		self.assertEqual(made["misc"], {
			"tests": 2, "passed": 1, "failed": 0, "crashed": 1,
			"skipped": 0, "errors": 0})
		older = harness_results.kunit_group("KUnit Test Group", "um",
						    "/b", counts=False)
		harness_results.put_case(older, ("g",), {"name": "a",
							 "status": "PASS"})
		harness_results.recount(older)
		self.assertEqual(list(older["sub_groups"][0]), list(older))
		self.assertNotIn("misc", older["sub_groups"][0])


class MergedShapeTest(FakeKernelTest):
	"""The merged results in kunit.py's shape."""

	def check_merged_shape(self, counts):
		"""Every group of a merged result has kunit_json.py's fields
		(with COUNTS, "misc" too: the counts of its merged cases), and
		every case the harness made a name, a status and a log."""
		self.both_configs()
		json_file = self.tmp / "out.json"
		self.configure(main=FAKE_CONF["main"] + [MODVERSIONS_SKIPS],
			       counts=counts, console={"main": [
				       "KTAP version 1", "ok 1 symexport"]})
		result, out = self.run_suite(jobs=2, json=str(json_file))
		self.assertTrue(result.ok, out)
		top = json.loads(json_file.read_text())
		keys = {"name", "arch", "defconfig", "build_environment",
			"sub_groups", "test_cases", "lab_name", "kernel", "job",
			"git_branch"} | ({"misc"} if counts else set())
		groups, seen = [top], []
		while groups:
			group = groups.pop()
			seen.append(group["name"])
			self.assertEqual(set(group), keys, group["name"])
			self.assertEqual(group["build_environment"],
					 str(self.build), group["name"])
			groups += group["sub_groups"]
			cases = list(harness_results.collect_cases(group))
			if counts:
				passed, failed, skipped = harness_results.tally(
					cases)
				self.assertEqual(group["misc"], {
					"tests": len(cases), "passed": passed,
					"failed": failed, "crashed": 0,
					"skipped": skipped, "errors": 0})
		for made in ("symexport_build", "symexport_console"):
			self.assertIn(made, seen)
			group = next(sub for sub in top["sub_groups"]
				     if sub["name"] == made)
			for case in group["test_cases"]:
				self.assertLessEqual({"name", "status", "log"},
						     set(case), case)
		self.assertEqual(top["misc"]["tests"] if counts else
				 len(result.cases), len(result.cases))

	def test_merged_groups_have_kunit_json_fields(self):
		self.check_merged_shape(counts=True)

	def test_merged_groups_without_counts_as_older_kunit_json(self):
		self.check_merged_shape(counts=False)


if __name__ == "__main__":
	unittest.main()
