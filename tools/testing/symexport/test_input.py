#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the checks made before any work (harness_input)."""

import os
import shutil
import sys
import tarfile
import tempfile
import unittest
from unittest import mock
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness_input  # noqa: E402
import harness_lock  # noqa: E402
import harness_tree  # noqa: E402
from harness_kernels import HarnessError, PROJECT_ROOT  # noqa: E402


class InputTest(unittest.TestCase):
	"""Bad paths and globs are refused with one line."""

	def refused(self, func, *args):
		with self.assertRaises(HarnessError) as ctx:
			func(*args)
		self.assertEqual(ctx.exception.code, 2)
		self.assertNotIn("\n", str(ctx.exception))
		return str(ctx.exception)

	def test_output_in_missing_directory(self):
		why = self.refused(harness_input.check_output_file, "--json",
				   "/nonexistent-dir/x.json")
		self.assertIn("/nonexistent-dir does not exist", why)

	def test_output_where_nothing_can_be_made(self):
		self.refused(harness_input.check_output_file, "--json",
			     "/proc/nope.json")

	def test_output_that_is_a_directory(self):
		with tempfile.TemporaryDirectory() as d:
			self.assertIn("is a directory", self.refused(
				harness_input.check_output_file, "--events", d))

	def test_good_output_and_build_dir(self):
		with tempfile.TemporaryDirectory() as d:
			harness_input.check_output_file("--json", f"{d}/x.json")
			harness_input.check_build_dir(f"{d}/not/yet/made")

	def test_build_dir_where_nothing_can_be_made(self):
		self.refused(harness_input.check_build_dir, "/proc")

	def test_glob_of_no_suite(self):
		why = self.refused(harness_input.check_globs,
				   ["symexport_refcont.*"], PROJECT_ROOT)
		self.assertIn("matches no suite; suites: ", why)
		self.assertIn("symexport_refcount", why)

	def test_two_globs(self):
		self.refused(harness_input.check_globs, ["a.*", "b.*"],
			     PROJECT_ROOT)

	def test_suites_and_options_pass(self):
		harness_input.check_globs(["symexport_refcount.*",
					   "--filter=speed>slow"], PROJECT_ROOT)
		harness_input.check_globs(["symexport_build.*"], PROJECT_ROOT)
		harness_input.check_globs(["*"], PROJECT_ROOT)
		self.assertNotIn("symexport_provider",
				 harness_input.suites(Path(PROJECT_ROOT)))


class PassSelectionTest(unittest.TestCase):
	"""A glob runs only the external passes of the modules its suites
	load, read from the real project's sources."""

	def passes(self, glob):
		import harness_config
		import harness_ext
		dirs = harness_input.external_dirs_loaded(glob, Path(PROJECT_ROOT))
		return [p.what for p in harness_ext.passes_building(
			harness_config.EXT_PASSES, dirs)]

	def test_suite_loading_no_external_module_runs_no_pass(self):
		self.assertEqual(self.passes("symexport_refcount.*"), [])

	def test_provider_pass_comes_first_for_its_symvers(self):
		self.assertEqual(self.passes("symexport_namespace.*"), [
			"the provider",
			"the consumers, with KBUILD_MODPOST_WARN=1"])
		self.assertEqual(self.passes("symexport_export_flags.*"),
				 ["the provider"])

	def test_build_case_passes_left_out_unless_selected(self):
		every = self.passes("symexport_modversions.*")
		self.assertNotIn("the consumers, with the provider's "
				 "Module.symvers", every)
		self.assertIn("a consumer, with a stale Module.symvers", every)
		self.assertFalse(harness_input.selects_build_cases(
			"symexport_modversions.*"))
		self.assertTrue(harness_input.selects_build_cases("symexport_*"))

	def test_every_listed_module_is_built_where_the_list_says(self):
		"""Each module of kunit/symexport_modules.h has its source in
		its subdir, whose Kbuild or Makefile builds it."""
		modules = harness_input.project_modules(Path(PROJECT_ROOT))
		self.assertGreater(len(modules), 50)
		for where, subdir, name in modules:
			with self.subTest(name):
				self.assertIn(where, ("IN_TREE", "OUT_OF_TREE"))
				top = Path(PROJECT_ROOT) / subdir
				self.assertTrue((top / f"{name}.c").is_file())
				build = "".join(path.read_text() for path in
						(top / "Kbuild", top / "Makefile")
						if path.is_file())
				self.assertIn(f"{name}.o", build)
		self.assertTrue(harness_input.selects_build_cases(None))


class LockTest(unittest.TestCase):
	"""One run at a time on a tree."""

	def test_second_run_without_wait_is_refused_naming_the_first(self):
		with tempfile.TemporaryDirectory() as d:
			tree = Path(d) / "linux"
			tree.mkdir()
			with harness_lock.tree_lock(tree):
				with self.assertRaises(HarnessError) as ctx:
					with harness_lock.tree_lock(tree, wait=False):
						pass
				self.assertIn(f"PID {os.getpid()}", str(ctx.exception))
				self.assertEqual(ctx.exception.code, 2)
			with harness_lock.tree_lock(tree, wait=False):
				pass	# free again


class BrokenBuildTest(unittest.TestCase):
	"""A build directory left broken by a stopped build is found."""

	def test_empty_and_truncated_outputs_are_found(self):
		with tempfile.TemporaryDirectory() as d:
			build = Path(d)
			(build / "kernel").mkdir()
			(build / "vmlinux.o").write_bytes(b"")
			(build / "kernel" / "main.o").write_bytes(b"\x7fELF\2\1")
			(build / "kernel" / "built-in.a").write_bytes(b"!<thin>\n")
			(build / "kernel" / "half.ko").write_bytes(b"\x7fE")
			(build / "kernel" / "notes.txt").write_bytes(b"")
			self.assertEqual(sorted(p.name for p in
					 harness_tree.broken_build_outputs(build)),
					 ["half.ko", "vmlinux.o"])


class TruncatedDownloadTest(unittest.TestCase):
	"""A downloaded tarball tar cannot unpack is fetched again, once."""

	def test_downloaded_tarball_is_deleted_and_fetched_again(self):
		with tempfile.TemporaryDirectory() as d:
			tarball = Path(d) / "linux-source-7.3.tar.gz"
			tree = Path(d) / "linux-source-7.3"
			fetched = []

			def fetch(kernel):
				fetched.append(kernel)
				tarball.write_bytes(b"x")
				return tarball

			def extract(path, where):
				if len(fetched) == 1:
					raise harness_tree.UnpackError("could not unpack")
				where.mkdir()

			with mock.patch.object(harness_tree, "default_kernel_src",
					       return_value=tree), \
			     mock.patch.object(harness_tree,
					       "ensure_backported_tarball", fetch), \
			     mock.patch.object(harness_tree, "extract_tarball",
					       extract), \
			     mock.patch.object(harness_tree, "check_against_tarball"), \
			     mock.patch.object(harness_tree, "say"):
				self.assertEqual(harness_tree.ensure_default_tree("7.3"),
						 tree)
			self.assertEqual(fetched, ["7.3", "7.3"])


class ManifestTest(unittest.TestCase):
	"""A tree that differs from its tarball is told apart."""

	def test_changed_file_is_reported_and_missing_one_put_back(self):
		with tempfile.TemporaryDirectory() as d:
			src = Path(d) / "src" / "linux-source-7.3"
			for path, text in (("kernel/module/main.c", "main\n"),
					   ("lib/kunit/test.c", "kunit\n"),
					   ("lib/list_sort.c", "not watched\n")):
				(src / path).parent.mkdir(parents=True, exist_ok=True)
				(src / path).write_text(text)
			tarball = Path(d) / "linux-source-7.3.tar.gz"
			with tarfile.open(tarball, "w:gz") as tar:
				tar.add(src, arcname="linux-source-7.3")
			tree = Path(d) / "linux-source-7.3"
			shutil.copytree(src, tree)
			with mock.patch.object(harness_tree, "say"):
				harness_tree.check_against_tarball(tree, tarball)
			self.assertEqual(harness_tree.tree_differences(tree), [])
			(tree / "kernel/module/main.c").write_text("mutant\n")
			self.assertEqual(harness_tree.tree_differences(tree),
					 ["kernel/module/main.c"])
			(tree / "lib/kunit/test.c").unlink()
			with mock.patch.object(harness_tree, "say") as said:
				harness_tree.check_against_tarball(tree, tarball)
			self.assertIn("putting them back", said.call_args[0][0])
			self.assertEqual((tree / "lib/kunit/test.c").read_text(),
					 "kunit\n")


if __name__ == "__main__":
	unittest.main()
