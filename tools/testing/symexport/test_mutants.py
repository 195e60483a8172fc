#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of mutants.py: every mutant still applies, and names cases
that exist.

A mutant whose text no longer matches its file is reported by mutate as
NOT APPLIED only when someone runs it; these tests notice at once.  The
project's own files are always here; a kernel tree is checked when the
harness has unpacked it (check unpacks every kernel it tests first).
"""
import importlib.machinery
import importlib.util
import re
import unittest

import harness_kernels
import harness_results
import harness_tree
import mutants
from mutants import MUTANTS, SUB


def load_mutate():
	"""Import the mutate script (it has no .py) as a module."""
	path = str(harness_kernels.HARNESS_DIR / "mutate")
	loader = importlib.machinery.SourceFileLoader("symexport_mutate", path)
	spec = importlib.util.spec_from_loader("symexport_mutate", loader)
	module = importlib.util.module_from_spec(spec)
	loader.exec_module(module)
	return module


MUTATE = load_mutate()
VERSIONS = {kernel: tuple(int(part) for part in kernel.split("."))
	    for kernel in harness_kernels.KERNELS}


def misapplied(mutant, version, read):
	"""Return why MUTANT does not apply to a kernel of VERSION whose files
	READ(path) returns (None if the file is missing), or None."""
	path, edits = MUTATE.edits_of(mutant, harness_kernels.DEFAULT_SUBDIR, version)
	if edits is None:
		return None
	text = read(path)
	if text is None:
		return f"{mutant['name']}: no {path}"
	for old, _ in edits:
		if text.count(old) != 1:
			return (f"{mutant['name']}: its text is in {path} "
				f"{text.count(old)} times, not once")
	return None


def project_text(path):
	"""The project's copy of PATH, given as the kernel tree would have it."""
	relative = path[len(harness_kernels.DEFAULT_SUBDIR) + 1:]
	try:
		return (harness_kernels.PROJECT_ROOT / relative).read_text()
	except FileNotFoundError:
		return None


class MutantsTest(unittest.TestCase):
	"""The mutants apply to the files they name."""

	def test_names_are_unique(self):
		names = [mutant["name"] for mutant in MUTANTS]
		self.assertEqual(sorted(set(names)), sorted(names))

	def test_every_part_of_the_table_is_in_it_once(self):
		"""Each mutants_*.py but mutants_common is one of mutants.PARTS,
		and MUTANTS is their concatenation."""
		parts = sorted(path.stem for path in
			       harness_kernels.HARNESS_DIR.glob("mutants_*.py"))
		for other in ("mutants_common", "mutants_generate",
			      "mutants_campaign", "mutants_cli",
			      "mutants_report", "mutants_equivalent",
			      "mutants_modpost"):
			parts.remove(other)	# not parts of the table
		self.assertEqual(sorted(part.__name__ for part in mutants.PARTS),
				 parts)
		self.assertEqual(MUTANTS, [mutant for part in mutants.PARTS
					   for mutant in part.MUTANTS])

	def test_project_mutants_apply_to_the_project(self):
		ours = [m for m in MUTANTS if m["file"].startswith(SUB)]
		self.assertTrue(ours)
		problems = {misapplied(m, version, project_text)
			    for m in ours for version in VERSIONS.values()}
		self.assertEqual(problems - {None}, set())

	def test_kernel_mutants_apply_to_each_unpacked_tree(self):
		problems = set()
		for kernel, version in VERSIONS.items():
			tree = harness_tree.default_kernel_src(kernel)
			if not (tree / "kernel/module/main.c").is_file():
				continue

			def read(path, tree=tree):
				try:
					return (tree / path).read_text()
				except FileNotFoundError:
					return None
			problems |= {f"{kernel}: {problem}" for problem in (
				misapplied(m, version, read) for m in MUTANTS
				if not m["file"].startswith(SUB)) if problem}
		self.assertEqual(problems, set())

	def test_cases_exist(self):
		kunit = harness_kernels.PROJECT_ROOT / "kunit"
		names = set()
		for source in kunit.glob("*_test.c"):
			text = source.read_text()
			suite = re.search(r'struct kunit_suite \w+ = \{\s*\.name = "(\w+)"', text)
			for case in re.findall(r"KUNIT_CASE\w*\((\w+)", text):
				names.add(f"{suite.group(1)}.{case}")
		missing = [case for mutant in MUTANTS for case in mutant["cases"]
			   if case not in names and not case.startswith(
				   (harness_kernels.BUILD_SUITE + ".",
				    harness_results.CONSOLE_SUITE + "."))]
		self.assertEqual(missing, [])


if __name__ == "__main__":
	unittest.main()
