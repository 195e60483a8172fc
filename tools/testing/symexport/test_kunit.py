# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests: harness_kunit, the adapter to each kernel tree's own
kunit_parser and kunit_json, on real logs (test_data/).

Each tree of Debian's under ~/.cache/symexport (7.3, 6.12, 6.1) that is
unpacked is tried; a tree that is not is skipped, with the reason.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import json
import os
import sys
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness_boot  # noqa: E402
import harness_kunit  # noqa: E402
import harness_results  # noqa: E402
import harness_tree  # noqa: E402
from fakes import make_tree, TempDirTest  # noqa: E402

DATA = HERE / "test_data"
CRASH = "uml-7.3-param-crash.log"
COMPLETE = "uml-6.12-refcount.log"
# Whether each kernel's kunit_json writes a group's counts ("misc").
COUNTS = {"7.3": True, "6.12": False, "6.1": False}


def lines_of(name: str) -> list:
	with open(DATA / name, encoding="utf-8") as f:
		return list(f)


class TreesTest(unittest.TestCase):
	"""The adapter on every unpacked tree."""

	def trees(self):
		found = 0
		for kernel in COUNTS:
			tree = harness_tree.cache_dir() / f"linux-source-{kernel}"
			if not (tree / "tools/testing/kunit/kunit_parser.py").is_file():
				continue
			found += 1
			with self.subTest(kernel=kernel):
				yield kernel, tree
		if not found:
			self.skipTest("no kernel tree unpacked under "
				      f"{harness_tree.cache_dir()}: run the harness first")

	def test_crash_in_parameterised_case_is_found(self):
		"""kunit_json writes the case as a group of its one green
		parameter; kunit_parser knows the case and its suite crashed."""
		for _, tree in self.trees():
			self.assertEqual(harness_kunit.crashed_tests(tree, lines_of(CRASH)), [
				"symexport_refcount",
				"symexport_refcount.get_and_put_move_refcount_by_one"])

	def test_run_fails_parameterised_case_kernel_died_in(self):
		"""kunit.py's JSON of the crashed boot has one green parameter;
		harness_boot puts a failed case beside it."""
		for _, tree in self.trees():
			top = {"name": "KUnit Test Group", "test_cases": [], "sub_groups": [
				{"name": "symexport_refcount", "test_cases": [], "sub_groups": [
					{"name": "get_and_put_move_refcount_by_one",
					 "sub_groups": [], "test_cases": [
						 {"name": "try_module_get", "status": "PASS"}]}]}]}
			harness_boot.mark_crashed(tree, DATA / CRASH, top)
			case = "symexport_refcount.get_and_put_move_refcount_by_one."
			self.assertEqual(
				[(c.name, c.status) for c in harness_results.collect_cases(top)],
				[(case + "try_module_get", "PASS"),
				 (case + harness_boot.CRASHED_CASE, "ERROR")])

	def test_missing_result_line_is_named(self):
		"""With a plan of two and one result, 6.12's and 7.3's
		kunit_parser put a nameless ERROR case in the suite (6.1's
		none): the harness names it, and says why."""
		lines = [line.replace("    1..1\n", "    1..2\n")
			 for line in lines_of(CRASH)]
		for kernel, tree in self.trees():
			modules = harness_kunit.kunit_modules(tree)
			kunit_json = modules["kunit_json"]
			top = json.loads(kunit_json.get_json_result(
				harness_kunit.parse(tree, lines), kunit_json.Metadata()))
			cases = {c.name: c for c in harness_results.collect_cases(top)}
			self.assertFalse([n for n in cases if n.endswith(".")], cases)
			if kernel == "6.1":
				continue
			missing = cases["symexport_refcount." +
					harness_results.MISSING_RESULT]
			self.assertEqual(missing.status, "ERROR")
			self.assertEqual(missing.reason, harness_results.MISSING_REASON)

	def test_complete_boot_has_no_crash(self):
		for _, tree in self.trees():
			self.assertEqual(harness_kunit.crashed_tests(
				tree, lines_of(COMPLETE)), [])

	def test_parse_prints_nothing(self):
		"""6.1's parser prints to its own stdout, 7.3's to a printer
		it is given: neither reaches the harness's output."""
		import contextlib
		import io
		for _, tree in self.trees():
			out = io.StringIO()
			with contextlib.redirect_stdout(out):
				test = harness_kunit.parse(tree, lines_of(CRASH))
			self.assertEqual(out.getvalue(), "")
			self.assertEqual(test.subtests[0].name, "symexport_refcount")

	def test_counts_written_by_7_3_only(self):
		for kernel, tree in self.trees():
			self.assertEqual(harness_kunit.writes_counts(tree),
					 COUNTS[kernel])


class NoToolTest(TempDirTest):
	def test_tree_without_kunit_modules_is_an_error(self):
		tree = make_tree(self.tmp / "linux")
		with self.assertRaisesRegex(harness_kunit.KunitToolError,
					    "cannot import kunit.py's kunit_json"):
			harness_kunit.writes_counts(tree)


if __name__ == "__main__":
	unittest.main()
