# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for --junit (harness_junit): the merged results as JUnit XML,
read back with xml.etree as CI systems read it (GitLab: testsuite,
testcase name and classname, failure, error, skipped, system-out).

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import os
import sys
import unittest
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import harness_junit  # noqa: E402
import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
from fakes import FakeKernelTest, TempDirTest  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule


def merged():
	"""Return merged results as a run writes them: a main suite, a
	configuration's report group and the build cases."""
	top = harness_results.kunit_group("KUnit Test Group", "um", "/b")
	put = harness_results.put_case
	put(top, ("symexport_unload",), {"name": "a", "status": "PASS"})
	put(top, ("symexport_unload",), {"name": "b", "status": "FAIL",
					 "reason": "the kernel returned 0",
					 "log": "# b: EXPECTATION FAILED"})
	put(top, ("symexport_unload",), {"name": "c", "status": "SKIP",
					 "reason": "needs MODVERSIONS"})
	put(top, ("debug", "symexport_unload"), {"name": "a", "status": "ERROR"})
	put(top, ("symexport_build",), {"name": "modpost_x", "status": "PASS"})
	return top


class JunitTest(TempDirTest):
	"""The XML written from merged results."""

	def read(self, top):
		path = self.tmp / "results.xml"
		harness_junit.write_junit(path, top)
		self.assertFalse(path.with_name("results.xml.tmp").exists())
		return ET.parse(path).getroot()

	def test_one_testsuite_per_suite_and_configuration(self):
		root = self.read(merged())
		self.assertEqual(root.tag, "testsuites")
		self.assertEqual([s.get("name") for s in root.iter("testsuite")],
				 ["symexport_unload", "debug.symexport_unload",
				  "symexport_build"])
		self.assertEqual({k: root.get(k) for k in
				  ("tests", "failures", "errors", "skipped")},
				 {"tests": "5", "failures": "1", "errors": "1",
				  "skipped": "1"})
		unload = root.find("testsuite[@name='symexport_unload']")
		self.assertEqual({k: unload.get(k) for k in
				  ("tests", "failures", "errors", "skipped")},
				 {"tests": "3", "failures": "1", "errors": "0",
				  "skipped": "1"})

	def test_cases_carry_outcome_reason_and_log(self):
		root = self.read(merged())
		cases = {(c.get("classname"), c.get("name")): c
			 for c in root.iter("testcase")}
		self.assertEqual(len(cases), 5)
		self.assertEqual(list(cases[("symexport_unload", "a")]), [])
		failure = cases[("symexport_unload", "b")].find("failure")
		self.assertEqual(failure.get("message"), "the kernel returned 0")
		self.assertEqual(cases[("symexport_unload", "b")].find(
			"system-out").text, "# b: EXPECTATION FAILED")
		self.assertEqual(cases[("symexport_unload", "c")].find(
			"skipped").get("message"), "needs MODVERSIONS")
		error = cases[("debug.symexport_unload", "a")].find("error")
		self.assertEqual(error.text, "Test Crashed")

	def test_no_cases_no_testsuite(self):
		root = self.read(harness_results.kunit_group("KUnit Test Group",
							     "um", "/b"))
		self.assertEqual(list(root), [])
		self.assertEqual(root.get("tests"), "0")


class JunitRunTest(FakeKernelTest):
	"""run --junit FILE on a fake kernel."""

	def test_run_writes_junit_with_every_merged_case(self):
		self.configure()
		path = self.tmp / "out.xml"
		json_file = self.tmp / "out.json"
		status, out = self.run_main(harness.main_run, "--junit", str(path),
					    "--json", str(json_file))
		self.assertEqual(status, harness_kernels.EXIT_OK, out)
		self.assertIn(f"JUnit XML in {path}", out)
		root = ET.parse(path).getroot()
		cases = harness_results.load_cases(json_file)
		self.assertEqual(int(root.get("tests")), len(cases))
		self.assertEqual(sorted(f"{c.get('classname')}.{c.get('name')}"
					for c in root.iter("testcase")),
				 sorted(c.name for c in cases))


if __name__ == "__main__":
	unittest.main()
