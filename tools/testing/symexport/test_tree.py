# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for harness_tree: installing the project, the kernel tree,
the UML xstate fix and the kernel version.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import os
import subprocess
import sys
import tarfile
import unittest
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness_build  # noqa: E402
import harness_steps  # noqa: E402
from fakes import (HERE, make_project, make_tree, options, snapshot, SUBDIR,
	TempDirTest, write)  # noqa: E402


class InstallTest(TempDirTest):
	"""install_project() and the hook into the parent directory."""

	def setUp(self):
		super().setUp()
		self.tree = make_tree(self.tmp / "linux")
		self.project = make_project(self.tmp / "project")
		self.target = self.tree / SUBDIR

	def install(self):
		return harness_tree.install_project(self.project, self.tree, str(SUBDIR))

	def test_install_copies_sources_only(self):
		self.install()
		installed = sorted(p.relative_to(self.target).as_posix()
				   for p in self.target.rglob("*") if p.is_file())
		self.assertEqual(installed, [
			".kunitconfig", "Kconfig", "Makefile",
			"configs/modversions.kunitconfig", "consumers/c.c",
			"kunit/Makefile", "kunit/a_test.c", "kunit/sub/helper.h",
			"providers/p.c"])

	def test_install_twice_changes_nothing(self):
		self.assertTrue(self.install())
		for path in snapshot(self.tree):
			os.utime(path, ns=(10**18, 10**18))
		before = snapshot(self.tree)
		self.assertEqual(self.install(), [])
		self.assertEqual(snapshot(self.tree), before)
		kconfig = (self.tree / "lib/Kconfig").read_text().splitlines()
		makefile = (self.tree / "lib/Makefile").read_text().splitlines()
		self.assertEqual(kconfig.count('source "lib/symexport/Kconfig"'), 1)
		self.assertEqual(makefile, ["obj-y += fake.o", "obj-y += symexport/"])

	def test_changed_file_is_rewritten(self):
		self.install()
		write(self.project / "providers/p.c", "/* new */\n")
		self.assertEqual(self.install(), [self.target / "providers/p.c"])
		self.assertEqual((self.target / "providers/p.c").read_text(),
				 "/* new */\n")

	def test_removed_file_is_removed(self):
		self.install()
		(self.project / "kunit/sub/helper.h").unlink()
		(self.project / "kunit/sub").rmdir()
		self.install()
		self.assertFalse((self.target / "kunit/sub").exists())
		self.assertTrue((self.target / "kunit/a_test.c").exists())

	def test_existing_hook_with_other_spacing_is_kept(self):
		write(self.tree / "lib/Makefile", "obj-y\t+=  symexport/\n")
		self.install()
		self.assertEqual((self.tree / "lib/Makefile").read_text(),
				 "obj-y\t+=  symexport/\n")

	def test_bad_subdir_is_refused(self):
		for subdir in ("symexport", "/lib/symexport", "lib/../symexport"):
			with self.assertRaises(harness_kernels.HarnessError) as ctx:
				harness_tree.install_project(self.project, self.tree, subdir)
			self.assertEqual(ctx.exception.code, 2)
			self.assertIn("lib/symexport", str(ctx.exception))

	def test_parent_without_kconfig_is_refused(self):
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.install_project(self.project, self.tree,
						     "nolib/symexport")
		self.assertIn("no Kconfig", str(ctx.exception))


class KernelTreeTest(TempDirTest):
	"""Version parsing and refusal of unusable trees."""

	def assert_refused(self, tree, *words):
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.validate_kernel_tree(tree)
		self.assertEqual(ctx.exception.code, 2)
		for word in words:
			self.assertIn(word, str(ctx.exception))
		self.assertNotIn("\n", str(ctx.exception))

	def test_version_is_parsed(self):
		tree = make_tree(self.tmp / "linux")
		self.assertEqual(harness_tree.read_kernel_version(tree), (6, 12))
		self.assertEqual(harness_tree.validate_kernel_tree(tree), (6, 12))

	def test_minimum_version_is_accepted(self):
		tree = make_tree(self.tmp / "linux", version=harness_kernels.MIN_KERNEL)
		self.assertEqual(harness_tree.validate_kernel_tree(tree), (6, 1))

	def test_old_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux", version=(5, 15))
		self.assert_refused(tree, "5.15", "6.1", "linux-source-7.3")

	def test_non_kernel_dir_is_refused(self):
		write(self.tmp / "Makefile", "all:\n")
		self.assert_refused(self.tmp, "not a kernel source tree",
				    "linux-source-7.3")

	def test_missing_dir_is_refused(self):
		self.assert_refused(self.tmp / "nope", "no kernel tree",
				    "--kernel-src", "linux-source-7.3")

	def test_configured_tree_is_refused(self):
		tree = make_tree(self.tmp / "linux")
		write(tree / ".config", "CONFIG_UML=y\n")
		self.assert_refused(tree, "make mrproper")

	def test_build_dir_inside_project_is_refused(self):
		project = make_project(self.tmp / "project")
		with self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_tree.check_build_dir(project / "build", project)
		self.assertIn("--build-dir", str(ctx.exception))
		harness_tree.check_build_dir(self.tmp / "build", project)

	def test_tarball_is_unpacked_into_place(self):
		src = write(self.tmp / "src/linux-source-6.12/Makefile", "VERSION = 6\n")
		tarball = self.tmp / "linux.tar"
		with tarfile.open(tarball, "w") as tar:
			tar.add(src.parent, arcname="linux-source-6.12")
		tree = self.tmp / "cache/linux-source-6.12"
		with contextlib.redirect_stdout(io.StringIO()):
			harness_tree.extract_tarball(tarball, tree)
		self.assertEqual((tree / "Makefile").read_text(), "VERSION = 6\n")
		self.assertEqual(sorted(p.name for p in tree.parent.iterdir()),
				 [".linux-source-6.12.lock", "linux-source-6.12"])

	def run_script(self, *args):
		env = dict(os.environ, SYMEXPORT_NO_INSTALL="1",
			   XDG_CACHE_HOME=str(self.tmp / "cache"))
		return subprocess.run([sys.executable, str(HERE / "run"), *args],
				      capture_output=True, text=True, env=env,
				      stdin=subprocess.DEVNULL, timeout=30)

	def test_run_script_refuses_bad_trees_with_one_line(self):
		old = make_tree(self.tmp / "old", version=(5, 15))
		for tree, words in ((self.tmp / "nonexistent", "no kernel tree"),
				    (self.tmp, "not a kernel source tree"),
				    (old, "6.1 or newer")):
			proc = self.run_script("--kernel-src", str(tree))
			self.assertEqual(proc.returncode, 2, proc.stderr)
			self.assertEqual(proc.stdout, "")
			self.assertEqual(len(proc.stderr.splitlines()), 1)
			self.assertIn(words, proc.stderr)


class UmlXstateFixTest(TempDirTest):
	"""UML_XSTATE_FIX: applied once to Debian's trees, never elsewhere."""

	OLD = ("void arch_init_registers(int pid)\n{\n" +
	       harness_tree.UML_XSTATE_FIX[1] + "}\n")

	def test_fix_is_applied_once(self):
		path = write(self.tmp / harness_tree.UML_XSTATE_FIX[0], self.OLD)
		with contextlib.redirect_stdout(io.StringIO()) as out:
			self.assertTrue(harness_tree.fix_tree(self.tmp))
			self.assertFalse(harness_tree.fix_tree(self.tmp))
		text = path.read_text()
		self.assertIn("PTRACE_SETREGSET, pid, NT_X86_XSTATE", text)
		self.assertEqual(text.count("have_xstate_support = 1;"), 1)
		self.assertEqual(out.getvalue().count("symexport: fixed "), 1)

	def test_tree_without_the_old_text_is_left_alone(self):
		path = write(self.tmp / harness_tree.UML_XSTATE_FIX[0], "other\n")
		self.assertFalse(harness_tree.fix_tree(self.tmp))
		self.assertEqual(path.read_text(), "other\n")
		self.assertFalse(harness_tree.fix_tree(self.tmp / "nothing"))

	def test_debian_tree_is_fixed_and_given_tree_is_not(self):
		with mock.patch.dict(os.environ,
				     {"XDG_CACHE_HOME": str(self.tmp / "cache")}):
			tree = make_tree(harness_tree.default_kernel_src())
			write(tree / harness_tree.UML_XSTATE_FIX[0], self.OLD)
			mine = make_tree(self.tmp / "mine")
			write(mine / harness_tree.UML_XSTATE_FIX[0], self.OLD)
			with contextlib.redirect_stdout(io.StringIO()), \
			     mock.patch.object(harness_tree, "ensure_build_tools"):
				harness_tree.prepare_kernel_tree(None)
				harness_tree.prepare_kernel_tree(str(mine))
		self.assertNotIn(harness_tree.UML_XSTATE_FIX[1],
				 (tree / harness_tree.UML_XSTATE_FIX[0]).read_text())
		self.assertIn(harness_tree.UML_XSTATE_FIX[1],
			      (mine / harness_tree.UML_XSTATE_FIX[0]).read_text())


class KernelVersionTest(TempDirTest):
	"""What exists only on some kernels: configurations, hooks."""

	def test_extended_modversions_is_built_from_6_14(self):
		def names(version):
			return [config.name for config in
				harness_config.selected_configurations(
					options(all=True), version)]
		self.assertNotIn("modversions_extended", names((6, 12)))
		self.assertIn("modversions_extended", names((7, 3)))
		self.assertNotIn("modversions_extended", [
			config.name for config in
			harness_config.selected_configurations(
				options(all=False), (7, 3))])

	def test_namespace_imports_builds_only_passes_without_ns_errors(self):
		# modpost -N warns where the other consumer passes expect errors.
		self.assertEqual([p.what for p in
				  harness_config.NAMESPACE_IMPORTS_EXT_PASSES],
				 ["the provider",
				  "the consumers, with KBUILD_MODPOST_WARN=1"])
		config = next(c for c in harness_config.CONFIGURATIONS
			      if c.name == "namespace_imports")
		self.assertFalse(config.in_run)
		self.assertEqual(config.report_group, "namespace_imports")

	def test_flags_table_hooks_change_modules_on_7(self):
		ext = self.tmp / "ext"
		(ext / harness_kernels.EXT_PROVIDER_DIR).mkdir(parents=True)
		# Before the flags table, only __obsparm is added.
		for version, calls in (((6, 12), 1), ((7, 3), 2)):
			run = harness_steps.RunSteps(options(), self.tmp, self.tmp,
						   self.tmp, version=version)
			main = run.configs[0]
			with mock.patch.object(harness_ext, "objcopy") as objcopy, \
			     contextlib.redirect_stdout(io.StringIO()):
				harness_ext.hook_strip_flagstab(run, main, ext)
				harness_ext.hook_add_obsolete_ksymtab_gpl(run, main,
									  ext)
			self.assertEqual(objcopy.call_count, calls, version)
		first, second = objcopy.call_args_list
		self.assertEqual(first.args, (run, main,
					      ext / harness_ext.NOFLAGS_MODULE,
					      "--remove-section=__kflagstab"))
		self.assertEqual(second.args[2], ext / harness_ext.OLDGPL_MODULE)
		# Removed first, so that a second run does not add it twice.
		self.assertEqual(second.args[3],
				 "--remove-section=__ksymtab_gpl")
		self.assertIn("--set-section-flags=__ksymtab_gpl=alloc,readonly",
			      second.args)

	def test_module_namespace_pass_only_on_7(self):
		modns = [p for p in harness_config.EXT_PASSES
			 if p.dir == harness_kernels.EXT_MODNS_DIR]
		self.assertEqual([p.since for p in modns],
				 [harness_kernels.FOR_MODULES_SINCE])


if __name__ == "__main__":
	unittest.main()
