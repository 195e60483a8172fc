#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of the mutate script: which edit a kernel gets, how a
case's status is read, the verdicts, and that what it starts is
supervised as run's processes are (killed whole on a timeout).
"""
import argparse
import os
import tempfile
import time
import unittest
from pathlib import Path

from test_mutants import MUTATE


def mutant(**keys):
	"""A mutant of main.c with the given keys."""
	base = {"name": "m", "rule": "r", "file": "kernel/module/main.c",
		"old": "old();\n", "new": "new();\n", "cases": ["s.c"]}
	base.update(keys)
	return base


class EditsTest(unittest.TestCase):

	def test_the_edit_for_each_kernel(self):
		v7 = {"old": "old7();\n", "new": "new7();\n"}
		m = mutant(v7=v7)
		self.assertEqual(MUTATE.edits_of(m, "lib/symexport", (6, 12))[1],
				 [("old();\n", "new();\n")])
		self.assertEqual(MUTATE.edits_of(m, "lib/symexport", (7, 3))[1],
				 [("old7();\n", "new7();\n")])

	def test_a_rule_a_kernel_lacks_is_not_applicable(self):
		self.assertIsNone(MUTATE.edits_of(mutant(v7=None), "x", (7, 3))[1])
		self.assertIsNone(MUTATE.edits_of(mutant(since=(7, 0)), "x", (6, 12))[1])
		self.assertIsNone(MUTATE.edits_of(mutant(text_since=(6, 12)), "x", (6, 1))[1])

	def test_the_project_s_place_replaces_subdir(self):
		m = mutant(file="{subdir}/kunit/a_test.c",
			   also=("a\n", "b\n"))
		path, edits = MUTATE.edits_of(m, "lib/symexport", (6, 12))
		self.assertEqual(path, "lib/symexport/kunit/a_test.c")
		self.assertEqual(edits[1], ("a\n", "b\n"))


class StatusTest(unittest.TestCase):

	def test_a_parameterised_case_is_red_if_a_parameter_is(self):
		results = {"s.c.one": "PASS", "s.c.two": "FAIL", "s.d": "PASS"}
		self.assertEqual(MUTATE.status_of("s.c", results), "FAIL")
		self.assertEqual(MUTATE.status_of("s.d", results), "PASS")
		self.assertIsNone(MUTATE.status_of("s.e", results))


class VerdictTest(unittest.TestCase):

	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		self.tree = Path(self.tmp.name)
		(self.tree / "kernel/module").mkdir(parents=True)
		(self.tree / "Makefile").write_text("VERSION = 7\nPATCHLEVEL = 3\n"
						    "SUBLEVEL = 4\n")
		self.main_c = self.tree / "kernel/module/main.c"
		self.main_c.write_text("int x;\nold();\n")
		self.args = argparse.Namespace(kernel_src=str(self.tree),
					       build_dir=str(self.tree / "build"),
					       subdir="lib/symexport")
		self.seen = []

	def tearDown(self):
		self.tmp.cleanup()

	def verdict(self, results, m=None):
		def boot(cases, glob, args, config=None):
			self.seen.append(self.main_c.read_text())
			return "output", results
		saved = MUTATE.build_and_boot
		MUTATE.build_and_boot = boot
		try:
			return MUTATE.run_mutant(m or mutant(cases=["s.c", "s.d"]),
						 self.args)[0]
		finally:
			MUTATE.build_and_boot = saved

	def test_killed_only_if_every_case_went_red(self):
		self.assertEqual(self.verdict({"s.c": "FAIL", "s.d": "FAIL"}), "KILLED")
		self.assertEqual(self.verdict({"s.c": "FAIL", "s.d": "PASS"}), "SURVIVED")

	def test_the_edit_is_made_for_the_boot_and_undone_after(self):
		self.verdict({"s.c": "FAIL", "s.d": "FAIL"})
		self.assertEqual(self.seen, ["int x;\nnew();\n"])
		self.assertEqual(self.main_c.read_text(), "int x;\nold();\n")

	def test_no_result_is_never_a_kill(self):
		self.assertEqual(self.verdict({}), "NO RESULT")
		# A case that did not run is not a survivor either.
		self.assertEqual(self.verdict({"s.c": "FAIL", "t.x": "PASS"}), "NO RESULT")
		self.assertEqual(self.verdict(None), "BUILD FAILED")

	def test_a_crashed_suite_kills_its_cases(self):
		self.assertEqual(self.verdict({"s": "ERROR"}), "KILLED")

	def test_text_not_found_is_not_applied(self):
		m = mutant(old="missing();\n", cases=["s.c"])
		self.assertEqual(self.verdict({"s.c": "FAIL"}, m), "NOT APPLIED")


class SupervisionTest(unittest.TestCase):

	def test_a_timeout_kills_the_whole_tree(self):
		with tempfile.TemporaryDirectory() as tmp:
			pid_file = Path(tmp) / "pid"
			# A grandchild in a session of its own, as UML makes them.
			script = ("import os, subprocess, sys, time\n"
				  "child = subprocess.Popen([sys.executable, '-c', "
				  "'import os, time; os.setsid(); time.sleep(60)'])\n"
				  f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
				  "time.sleep(60)\n")
			args = argparse.Namespace(kernel_src=tmp, build_dir=tmp)
			start = time.monotonic()
			status, output = MUTATE.supervised(
				args, [os.sys.executable, "-c", script], "test", timeout=2)
			self.assertLess(time.monotonic() - start, 30)
			self.assertNotEqual(status, 0)
			self.assertIn("timed out after 2 s", output)
			pid = int(pid_file.read_text())
			deadline = time.monotonic() + 10
			while time.monotonic() < deadline:
				try:
					os.kill(pid, 0)
				except ProcessLookupError:
					break
				time.sleep(0.1)
			else:
				self.fail(f"the grandchild {pid} outlived the timeout")
			self.assertTrue((Path(tmp) / MUTATE.MUTATE_LOG).exists())


if __name__ == "__main__":
	unittest.main()
