# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for submission.py and its modules: which files go where,
the kernel edits, MAINTAINERS, the series rules, a whole series on a toy
kernel applied with git am, and lint() with stand-in scripts.  Needs git
and perl, nothing else: no kernel tree, no network.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness_kernels  # noqa: E402
import harness_tree  # noqa: E402
import submission  # noqa: E402
import submission_lint  # noqa: E402
import submission_maintainers  # noqa: E402
import submission_series  # noqa: E402
from submission_series import Edit, Patch, SubmissionError  # noqa: E402

TITLE = "KUNIT SYMEXPORT MODULE LOADER TESTS"

MAINTAINERS_TEXT = """\
List of maintainers
===================

Descriptions of section entries and preferred order
---------------------------------------------------

	M: *Mail* patches to: FullName <address@domain>

Maintainers List
----------------

3C59X NETWORK DRIVER
M:	Someone <someone@example.org>
S:	Odd Fixes
F:	drivers/net/ethernet/3com/3c59x.c

KTEST
M:	Steven <steven@example.org>
S:	Maintained
F:	tools/testing/ktest

LPC32XX DMAMUX SUPPORT
M:	Out Of Order <ooo@example.org>
S:	Maintained
F:	drivers/dma/lpc32xx-dmamux.c

KVM PARAVIRT (KVM/paravirt)
M:	Paolo <paolo@example.org>
S:	Supported
F:	arch/x86/kernel/kvm.c

KVM X86 HYPER-V (KVM/hyper-v)
M:	Vitaly <vitaly@example.org>
S:	Supported
F:	arch/x86/kvm/hyperv.*

L3MDEV
M:	David <david@example.org>
S:	Maintained
F:	net/l3mdev

THE REST
M:	Linus <linus@example.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
"""

KCONFIG_DEBUG = """\
menuconfig RUNTIME_TESTING_MENU
	bool "Runtime Testing"
	default y

if RUNTIME_TESTING_MENU

config TEST_KMOD
	tristate "kmod stress tester"
	depends on m
	help
	  Test the kernel's module loading mechanism: kmod.

	  If unsure, say N.

config TEST_DEBUG_VIRTUAL
	tristate "Test CONFIG_DEBUG_VIRTUAL feature"

endif # RUNTIME_TESTING_MENU
"""

LIB_MAKEFILE = """\
obj-$(CONFIG_TEST_LKM) += test_module.o
obj-$(CONFIG_TEST_KMOD) += test_kmod.o
obj-$(CONFIG_TEST_DEBUG_VIRTUAL) += test_debug_virtual.o
"""

DOC_INDEX = """\
.. toctree::
   :caption: Table of contents
   :maxdepth: 2

   kselftest
   kunit/index
   ktap
"""

TOP_MAKEFILE = """\
# SPDX-License-Identifier: GPL-2.0
VERSION = 6
PATCHLEVEL = 12
SUBLEVEL = 117
EXTRAVERSION =
"""

BASE = {
	"Makefile": TOP_MAKEFILE,
	"MAINTAINERS": MAINTAINERS_TEXT,
	"lib/Kconfig.debug": KCONFIG_DEBUG,
	"lib/Makefile": LIB_MAKEFILE,
	"Documentation/dev-tools/index.rst": DOC_INDEX,
}


def run(cmd, cwd, env=None):
	"""Run CMD in CWD, failing the test with its output if it fails."""
	proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True,
			      text=True, check=False)
	if proc.returncode:
		raise AssertionError(f"{cmd} failed: {proc.stdout}{proc.stderr}")
	return proc.stdout


def git_env():
	"""An environment in which git ignores the user's configuration."""
	return submission.isolated_env("Test Er", "test@example.org",
				       "2026-01-01T00:00:00+00:00")


def write_tree(root, files):
	"""Write FILES ({path: text}) below ROOT."""
	for path, text in files.items():
		target = Path(root) / path
		target.parent.mkdir(parents=True, exist_ok=True)
		target.write_text(text)


class KernelPaths(unittest.TestCase):
	def test_project_files_go_below_lib_symexport(self):
		self.assertEqual(submission.kernel_path("Kconfig"),
				 "lib/symexport/Kconfig")
		self.assertEqual(submission.kernel_path(".kunitconfig"),
				 "lib/symexport/.kunitconfig")
		self.assertEqual(submission.kernel_path("kunit/refcount_test.c"),
				 "lib/symexport/kunit/refcount_test.c")
		self.assertEqual(
			submission.kernel_path("providers/external/Kbuild"),
			"lib/symexport/providers/external/Kbuild")
		self.assertEqual(
			submission.kernel_path("configs/modversions.kunitconfig"),
			"lib/symexport/configs/modversions.kunitconfig")

	def test_documentation_keeps_its_path(self):
		self.assertEqual(submission.kernel_path(submission_series.DOC),
				 submission_series.DOC)

	def test_harness_readme_ci_and_artifacts_stay_out(self):
		for path in ("tools/testing/symexport/harness.py",
			     "tools/testing/symexport/run", "README.md",
			     ".ci/run", ".gitignore", "MAINTAINERS.symexport",
			     ".github/workflows/symexport.yml",
			     "kunit/__pycache__/x.pyc", "kunit/x.o",
			     "providers/symexport_provider.ko",
			     "kunit/.x.o.cmd", "consumers/Module.symvers",
			     "Documentation/dev-tools/other.rst"):
			self.assertIsNone(submission.kernel_path(path), path)

	def test_submitted_files_maps_kernel_to_project_paths(self):
		files = submission.submitted_files(
			["Kconfig", "README.md", "kunit/a_test.c", submission_series.DOC])
		self.assertEqual(files, {
			"lib/symexport/Kconfig": "Kconfig",
			"lib/symexport/kunit/a_test.c": "kunit/a_test.c",
			submission_series.DOC: submission_series.DOC})


class Edits(unittest.TestCase):
	def test_kconfig_hook_goes_after_the_test_kmod_block(self):
		text = submission.apply_edit(KCONFIG_DEBUG, submission_series.KCONFIG_HOOK)
		self.assertIn('	  If unsure, say N.\n\nsource "lib/symexport/Kconfig"'
			      '\n\nconfig TEST_DEBUG_VIRTUAL\n', text)

	def test_makefile_hook_follows_test_kmod(self):
		text = submission.apply_edit(LIB_MAKEFILE, submission_series.MAKEFILE_HOOK)
		self.assertIn("test_kmod.o\nobj-$(CONFIG_SYMEXPORT_KUNIT_TEST) += "
			      "symexport/\nobj-$(CONFIG_TEST_DEBUG_VIRTUAL)", text)

	def test_document_follows_kunit_in_the_index(self):
		text = submission.apply_edit(DOC_INDEX, submission_series.DOC_INDEX)
		self.assertIn("   kunit/index\n   symexport\n   ktap\n", text)

	def test_missing_anchor_is_an_error(self):
		edit = Edit("f", r"^nothing$", "x\n")
		with self.assertRaisesRegex(SubmissionError, "0 lines match"):
			submission.apply_edit("a\nb\n", edit)

	def test_two_anchors_are_an_error(self):
		edit = Edit("f", r"^a$", "x\n")
		with self.assertRaisesRegex(SubmissionError, "2 lines match"):
			submission.apply_edit("a\nb\na\n", edit)

	def test_block_without_end_is_an_error(self):
		edit = Edit("f", r"^a$", "x\n", before=r"^config ")
		with self.assertRaisesRegex(SubmissionError, "nothing after"):
			submission.apply_edit("a\nb\n", edit)


class Maintainers(unittest.TestCase):
	def test_fragment_parses(self):
		title, fields = submission_maintainers.parse_entry(
			f"{TITLE}\nM:\tA <a@b>\nS:\tMaintained\nF:\tlib/x/\n")
		self.assertEqual(title, TITLE)
		self.assertEqual(fields, [("M", "A <a@b>"), ("S", "Maintained"),
					  ("F", "lib/x/")])

	def test_fragment_needs_a_tab_after_the_type(self):
		with self.assertRaisesRegex(SubmissionError, "bad line"):
			submission_maintainers.parse_entry(f"{TITLE}\nM: A <a@b>\n")

	def test_fragment_needs_a_title(self):
		with self.assertRaisesRegex(SubmissionError, "section title"):
			submission_maintainers.parse_entry("M:\tA <a@b>\n")

	def test_the_project_fragment_parses_in_checkpatch_order(self):
		text = (harness_kernels.PROJECT_ROOT /
			submission_series.MAINTAINERS_FRAGMENT).read_text()
		title, fields = submission_maintainers.parse_entry(text)
		self.assertEqual(title, TITLE)
		self.assertEqual(fields, sorted(fields, key=submission_maintainers.field_key))
		self.assertIn(("S", "Maintained"), fields)
		self.assertIn(("F", submission_series.DOC), fields)

	def test_new_section_goes_by_the_titles_in_order(self):
		text = submission_maintainers.maintainers_add(
			MAINTAINERS_TEXT, TITLE, [("F", "lib/symexport/*"),
						  ("M", "A <a@b>")])
		self.assertIn("F:\tdrivers/dma/lpc32xx-dmamux.c\n\n"
			      f"{TITLE}\nM:\tA <a@b>\nF:\tlib/symexport/*\n\n"
			      "KVM PARAVIRT (KVM/paravirt)\n", text)

	def test_insertion_slot_ignores_one_misplaced_title(self):
		titles = ["A", "B", "X", "C", "E", "F"]
		self.assertEqual(submission_maintainers.insertion_slot(titles, "D"), 4)
		self.assertEqual(submission_maintainers.insertion_slot(titles, "0"), 0)
		self.assertEqual(submission_maintainers.insertion_slot(titles, "G"), 6)
		titles = ["A", "B", "C", "0", "E", "F"]
		self.assertEqual(submission_maintainers.insertion_slot(titles, "D"), 4)

	def test_section_after_every_other_goes_before_the_rest(self):
		text = submission_maintainers.maintainers_add(MAINTAINERS_TEXT, "ZSWAP",
						  [("S", "Maintained")])
		self.assertIn("ZSWAP\nS:\tMaintained\n\nTHE REST\n", text)

	def test_section_at_the_end_of_a_file_without_the_rest(self):
		text = submission_maintainers.maintainers_add(
			"Intro\n\nA ENTRY\nS:\tMaintained\n", "B ENTRY",
			[("S", "Odd Fixes")])
		self.assertEqual(text, "Intro\n\nA ENTRY\nS:\tMaintained\n\n"
				 "B ENTRY\nS:\tOdd Fixes\n")

	def test_lines_added_later_are_sorted_into_the_section(self):
		text = submission_maintainers.maintainers_add(
			MAINTAINERS_TEXT, TITLE, [("M", "A <a@b>"),
						  ("F", "lib/symexport/*")])
		text = submission_maintainers.maintainers_add(
			text, TITLE, [("F", "Documentation/x.rst"),
				      ("L", "l@example.org")])
		self.assertIn(f"{TITLE}\nM:\tA <a@b>\nL:\tl@example.org\n"
			      "F:\tDocumentation/x.rst\nF:\tlib/symexport/*\n\n",
			      text)

	def test_a_line_twice_is_an_error(self):
		text = submission_maintainers.maintainers_add(MAINTAINERS_TEXT, TITLE,
						  [("F", "lib/x/")])
		with self.assertRaisesRegex(SubmissionError, "already has"):
			submission_maintainers.maintainers_add(text, TITLE, [("F", "lib/x/")])

	def test_patterns_read_as_get_maintainer_reads_them(self):
		match = submission_maintainers.pattern_matches
		self.assertTrue(match("lib/symexport/", "lib/symexport/kunit/a.c"))
		self.assertTrue(match("lib/symexport/*", "lib/symexport/Kconfig"))
		self.assertTrue(match("lib/symexport/*", "lib/symexport/.kunitconfig"))
		self.assertFalse(match("lib/symexport/*", "lib/symexport/kunit/a.c"))
		self.assertTrue(match("Documentation/x.rst", "Documentation/x.rst"))
		self.assertFalse(match("Documentation/x.rst", "Documentation/x.rsT"))


class Plan(unittest.TestCase):
	FIELDS = [("M", "A <a@b>"), ("S", "Maintained"), ("F", "doc.rst"),
		  ("F", "lib/s/*"), ("F", "lib/s/kunit/")]

	def test_each_line_goes_with_the_first_file_it_covers(self):
		plan = submission_maintainers.plan_maintainers(
			[["lib/s/Kconfig"], ["lib/s/kunit/a.c", "lib/s/Makefile"],
			 ["doc.rst"]], self.FIELDS)
		self.assertEqual(plan, [
			[("M", "A <a@b>"), ("S", "Maintained"), ("F", "lib/s/*")],
			[("F", "lib/s/kunit/")], [("F", "doc.rst")]])

	def test_a_patch_adding_files_without_a_line_is_refused(self):
		with self.assertRaisesRegex(SubmissionError, "patch 2 adds files"):
			submission_maintainers.plan_maintainers(
				[["lib/s/Kconfig", "lib/s/kunit/a.c"],
				 ["lib/s/kunit/b.c"], ["doc.rst"]], self.FIELDS)

	def test_a_line_that_covers_nothing_is_refused(self):
		with self.assertRaisesRegex(SubmissionError, "covers no file"):
			submission_maintainers.plan_maintainers([["lib/s/Kconfig"],
						     ["lib/s/kunit/a.c"]],
						    self.FIELDS)

	def test_a_file_no_line_covers_is_refused(self):
		with self.assertRaisesRegex(SubmissionError, "covers lib/s/new/x"):
			submission_maintainers.plan_maintainers(
				[["lib/s/Kconfig", "lib/s/new/x"],
				 ["lib/s/kunit/a.c"], ["doc.rst"]], self.FIELDS)


class Series(unittest.TestCase):
	def test_files_split_by_prefix(self):
		series = (Patch("lib/symexport: a", "b", ("lib/s/a/",)),
			  Patch("lib/symexport: c", "d", ("lib/s/b", "doc")))
		blobs = dict.fromkeys(["lib/s/a/x", "lib/s/a/y", "lib/s/b", "doc"])
		self.assertEqual(submission.split_files(blobs, series),
				 [["lib/s/a/x", "lib/s/a/y"], ["doc", "lib/s/b"]])

	def test_a_file_of_no_patch_is_refused(self):
		series = (Patch("lib/symexport: a", "b", ("lib/s/a/",)),)
		with self.assertRaisesRegex(SubmissionError, "no patch takes"):
			submission.split_files(dict.fromkeys(["lib/s/a/x", "z"]),
					       series)

	def test_a_file_of_two_patches_is_refused(self):
		series = (Patch("lib/symexport: a", "b", ("lib/s/",)),
			  Patch("lib/symexport: c", "d", ("lib/s/a/",)))
		with self.assertRaisesRegex(SubmissionError, "patches 1 and 2"):
			submission.split_files(dict.fromkeys(["lib/s/a/x"]), series)

	def test_the_project_fits_the_series_and_its_maintainers_entry(self):
		paths = harness_tree.project_files(harness_kernels.PROJECT_ROOT)
		files = submission.submitted_files(list(paths) + [submission_series.DOC])
		parts = submission.split_files(files)
		text = (harness_kernels.PROJECT_ROOT /
			submission_series.MAINTAINERS_FRAGMENT).read_text()
		plan = submission_maintainers.plan_maintainers(
			parts, submission_maintainers.parse_entry(text)[1])
		self.assertEqual(len(parts), len(submission_series.SERIES))
		self.assertTrue(all(parts) and all(plan))
		submission.check_withheld(submission_series.SERIES, parts)

	def test_commit_messages_are_checkpatch_shaped(self):
		for patch in submission_series.SERIES:
			message = submission.commit_message(patch, "A B", "a@b.org")
			subject, blank, *body = message.splitlines()
			self.assertTrue(subject.startswith(
				submission_series.SUBJECT_PREFIXES), subject)
			self.assertLessEqual(len(subject), submission_series.SUBJECT_MAX)
			self.assertEqual(blank, "")
			self.assertEqual(body[-1], "Signed-off-by: A B <a@b.org>")
			self.assertEqual(body[-2], "")
		subject = submission_series.COVER_SUBJECT
		self.assertLessEqual(len(subject), submission_series.SUBJECT_MAX)
		for line in submission.cover_description("6.12.117").splitlines():
			self.assertLessEqual(len(line), submission_series.BODY_WIDTH, line)

	def test_bad_subjects_and_long_lines_are_refused(self):
		with self.assertRaisesRegex(SubmissionError, "does not start"):
			submission.commit_message(Patch("fix: x", "b", ()), "a", "b")
		with self.assertRaisesRegex(SubmissionError, "longer than 75"):
			submission.commit_message(
				Patch("lib/symexport: " + "x" * 70, "b", ()), "a", "b")
		with self.assertRaisesRegex(SubmissionError, "longer than 72"):
			submission.commit_message(
				Patch("lib/symexport: x", "y" * 73, ()), "a", "b")

	def test_withheld_lines_must_exist_and_come_back(self):
		self.assertEqual(submission.withhold_lines(
			"M", b"a\nobj-y += kunit/\nb\n", r"^obj-.* \+= kunit/$"),
			b"a\nb\n")
		with self.assertRaisesRegex(SubmissionError, "no line matches"):
			submission.withhold_lines("M", b"a\n", r"^kunit$")
		one = Patch("lib/symexport: a", "b", ("M",),
			    withhold=(("M", r"^x$"),))
		with self.assertRaisesRegex(SubmissionError, "0 later patches"):
			submission.check_withheld((one,), [["M"]])
		two = Patch("lib/symexport: c", "d", (), completes=("N",))
		with self.assertRaisesRegex(SubmissionError, "no earlier patch"):
			submission.check_withheld((two,), [[]])

	def test_kernel_version_comes_from_the_top_makefile(self):
		self.assertEqual(submission.kernel_version(TOP_MAKEFILE), "6.12.117")
		with self.assertRaisesRegex(SubmissionError, "no SUBLEVEL"):
			submission.kernel_version("VERSION = 6\nPATCHLEVEL = 1\n")


class Base(unittest.TestCase):
	def test_tarball_members_below_the_top_directory(self):
		with tempfile.TemporaryDirectory() as tmp:
			write_tree(Path(tmp) / "linux-source-6.12", BASE)
			write_tree(Path(tmp) / "linux-source-6.12",
				   {"lib/other.c": "x\n"})
			tarball = Path(tmp) / "linux.tar.xz"
			with tarfile.open(tarball, "w:xz") as tar:
				tar.add(Path(tmp) / "linux-source-6.12",
					arcname="linux-source-6.12")
			self.assertEqual(submission.base_from_tarball(tarball), BASE)

	def test_tarball_without_a_file_is_refused(self):
		with tempfile.TemporaryDirectory() as tmp:
			write_tree(Path(tmp) / "linux", {"Makefile": TOP_MAKEFILE})
			tarball = Path(tmp) / "linux.tar.xz"
			with tarfile.open(tarball, "w:xz") as tar:
				tar.add(Path(tmp) / "linux", arcname="linux")
			with self.assertRaisesRegex(SubmissionError, "has no"):
				submission.base_from_tarball(tarball)
			with self.assertRaisesRegex(SubmissionError, "is missing"):
				submission.base_from_tarball(Path(tmp) / "none.tar.xz")

	def test_tree_reads_the_files_and_refuses_the_harness_tree(self):
		with tempfile.TemporaryDirectory() as tmp:
			write_tree(tmp, BASE)
			self.assertEqual(submission.base_from_tree(tmp), BASE)
			write_tree(tmp, {"lib/symexport/Kconfig": "x\n"})
			with self.assertRaisesRegex(SubmissionError, "harness's tree"):
				submission.base_from_tree(tmp)

	def test_not_a_tree_is_refused(self):
		with tempfile.TemporaryDirectory() as tmp:
			with self.assertRaisesRegex(SubmissionError, "not a kernel"):
				submission.base_from_tree(tmp)

	def test_hooked_files_are_refused(self):
		base = dict(BASE, **{"lib/Makefile": LIB_MAKEFILE +
				     "obj-y += symexport/\n"})
		with self.assertRaisesRegex(SubmissionError, "lib/Makefile"):
			submission.check_clean(base)
		submission.check_clean(BASE)


# A toy project: what format_patch() reads, committed in a git repository.
PROJECT = {
	"Kconfig": "# SPDX-License-Identifier: GPL-2.0-only\n"
		   "config SYMEXPORT_KUNIT_TEST\n\tbool \"t\"\n",
	"Makefile": "# SPDX-License-Identifier: GPL-2.0-only\n\n"
		    "obj-y += providers/ consumers/\n"
		    "obj-$(CONFIG_SYMEXPORT_KUNIT_TEST) += kunit/\n",
	".kunitconfig": "CONFIG_KUNIT=y\n",
	"configs/modversions.kunitconfig": "CONFIG_MODVERSIONS=y\n",
	"kunit/Makefile": "obj-y += a_test.o\n",
	"kunit/a_test.c": "// SPDX-License-Identifier: GPL-2.0-only\n",
	"providers/Makefile": "obj-m += p.o\n",
	"providers/p.c": "// SPDX-License-Identifier: GPL-2.0-only\n",
	"consumers/Makefile": "obj-m += c.o\n",
	"consumers/c.c": "// SPDX-License-Identifier: GPL-2.0-only\n",
	submission_series.DOC: ".. SPDX-License-Identifier: GPL-2.0\n",
	"README.md": "# toy\n",
	"tools/testing/symexport/run": "#!/bin/sh\n",
}


class WholeSeries(unittest.TestCase):
	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		self.root = Path(self.tmp.name)
		self.project = self.root / "project"
		fragment = (harness_kernels.PROJECT_ROOT /
			    submission_series.MAINTAINERS_FRAGMENT).read_text()
		write_tree(self.project, dict(PROJECT, **{
			submission_series.MAINTAINERS_FRAGMENT: fragment}))
		env = git_env()
		run(["git", "init", "-q"], self.project, env)
		run(["git", "config", "user.name", "Toy Maintainer"],
		    self.project, env)
		run(["git", "config", "user.email", "toy@example.org"],
		    self.project, env)
		run(["git", "add", "-A"], self.project, env)
		run(["git", "commit", "-q", "-m", "toy"], self.project, env)
		# Uncommitted: must not reach the series.
		write_tree(self.project, {"kunit/b_test.c": "// wip\n"})

	def tearDown(self):
		self.tmp.cleanup()

	def test_series_applies_with_git_am_to_the_kernel(self):
		out = self.root / "out"
		patches = submission.format_patch(self.project, out, BASE)
		self.assertEqual([p.name[:5] for p in patches],
				 ["0000-", "0001-", "0002-", "0003-"])
		cover = patches[0].read_text()
		self.assertIn(f"Subject: [PATCH 0/3] {submission_series.COVER_SUBJECT}",
			      cover.replace("\n ", " "))
		self.assertIn("Based on Linux 6.12.117.", cover)
		self.assertNotIn("*** BLURB HERE ***", cover)
		for patch in patches[1:]:
			text = patch.read_text()
			self.assertIn("Signed-off-by: Toy Maintainer "
				      "<toy@example.org>", text)
			self.assertRegex(text, r"\n MAINTAINERS +\|")
			self.assertNotIn("b_test.c", text)
			self.assertNotIn("README", text)
			self.assertNotIn("tools/testing/symexport", text)

		kernel = self.root / "kernel"
		write_tree(kernel, BASE)
		env = git_env()
		run(["git", "init", "-q"], kernel, env)
		run(["git", "add", "-A"], kernel, env)
		run(["git", "commit", "-q", "-m", "base"], kernel, env)
		run(["git", "am", "-q"] + [str(p) for p in patches[1:]], kernel, env)
		log = run(["git", "log", "--format=%s"], kernel, env).splitlines()
		self.assertEqual(log[:3], [p.subject for p in
					   reversed(submission_series.SERIES)])

		for path, text in PROJECT.items():
			target = submission.kernel_path(path)
			if target:
				self.assertEqual((kernel / target).read_text(), text)
		self.assertFalse((kernel / "lib/symexport/README.md").exists())
		self.assertIn('source "lib/symexport/Kconfig"',
			      (kernel / "lib/Kconfig.debug").read_text())
		self.assertIn("obj-$(CONFIG_SYMEXPORT_KUNIT_TEST) += symexport/",
			      (kernel / "lib/Makefile").read_text())
		self.assertIn("   symexport\n", (kernel / "Documentation/dev-tools/"
						 "index.rst").read_text())
		maintainers = (kernel / "MAINTAINERS").read_text()
		entry = (harness_kernels.PROJECT_ROOT /
			 submission_series.MAINTAINERS_FRAGMENT).read_text()
		self.assertIn("lpc32xx-dmamux.c\n\n" + entry + "\n"
			      "KVM PARAVIRT (KVM/paravirt)\n", maintainers)

		# Patch 1 builds without kunit/, which patch 2 brings.
		first = run(["git", "show", "HEAD~2:lib/symexport/Makefile"],
			    kernel, env)
		self.assertNotIn("kunit/", first)
		self.assertIn("providers/ consumers/", first)

	def test_same_input_same_series(self):
		one = submission.format_patch(self.project, self.root / "1", BASE)
		two = submission.format_patch(self.project, self.root / "2", BASE)
		self.assertEqual([p.read_text() for p in one],
				 [p.read_text() for p in two])

	def test_old_patches_in_outdir_are_refused(self):
		out = self.root / "out"
		write_tree(out, {"0001-old.patch": "x\n"})
		with self.assertRaisesRegex(SubmissionError, "patch files already"):
			submission.format_patch(self.project, out, BASE)

	def test_a_tree_with_symexport_hooked_in_is_refused(self):
		base = dict(BASE, **{"lib/Makefile": LIB_MAKEFILE +
				     "obj-y += symexport/\n"})
		with self.assertRaisesRegex(SubmissionError, "clean kernel tree"):
			submission.format_patch(self.project, self.root / "o", base)

	def test_missing_identity_is_refused(self):
		run(["git", "config", "--unset", "user.email"], self.project,
		    git_env())
		no_config = {"GIT_CONFIG_GLOBAL": os.devnull,
			     "GIT_CONFIG_NOSYSTEM": "1", "EMAIL": ""}
		with mock.patch.dict(os.environ, no_config):
			with self.assertRaisesRegex(SubmissionError, "user.email"):
				submission.format_patch(self.project,
							self.root / "o", BASE)


FAKE_CHECKPATCH = r"""
# Stand-in for checkpatch.pl: one problem per file that says BAD.
my @files = grep { !/^-/ } @ARGV;
for my $f (@files) {
	open(my $fh, '<', $f) or die "$f: $!";
	while (<$fh>) {
		print "$f:$.: WARNING:FAKE: bad line\n" if /BAD/;
	}
}
"""

FAKE_KERNEL_DOC = r"""#!/usr/bin/perl
# Stand-in for kernel-doc: a warning for each file that says NODOC.
for my $f (grep { !/^-/ } @ARGV) {
	open(my $fh, '<', $f) or die "$f: $!";
	while (<$fh>) {
		print STDERR "$f:$.: warning: no description\n" if /NODOC/;
	}
}
"""


class Lint(unittest.TestCase):
	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		root = Path(self.tmp.name)
		self.tree = root / "linux"
		write_tree(self.tree, {"scripts/checkpatch.pl": FAKE_CHECKPATCH,
				       "scripts/kernel-doc": FAKE_KERNEL_DOC})
		self.project = root / "project"
		write_tree(self.project, {
			"Kconfig": "config X\n", "Makefile": "obj-y += kunit/\n",
			".kunitconfig": "CONFIG_KUNIT=y\n",
			"configs/m.kunitconfig": "CONFIG_MODVERSIONS=y\n",
			"kunit/symexport_test.h": "/* header */\n",
			"kunit/symexport_helpers.c": "/* helpers */\n",
			"kunit/x_test.c": "int x;\n",
			"kunit/blob.S": ".incbin\n",
			"providers/external/Kbuild": "obj-m += p.o\n",
			"README.md": "BAD but not linted\n"})

	def tearDown(self):
		self.tmp.cleanup()

	def test_lint_looks_at_sources_kbuild_files_and_kunitconfigs(self):
		self.assertEqual(submission_lint.lint_files(self.project), [
			".kunitconfig", "Kconfig", "Makefile",
			"configs/m.kunitconfig", "kunit/blob.S",
			"kunit/symexport_helpers.c", "kunit/symexport_test.h",
			"kunit/x_test.c", "providers/external/Kbuild"])

	def test_clean_project_has_no_problems(self):
		self.assertEqual(submission_lint.lint(self.tree, self.project), [])

	def test_problems_of_both_tools_are_returned(self):
		write_tree(self.project, {
			"kunit/x_test.c": "int x; /* BAD */\n",
			"providers/external/Kbuild": "BAD\n",
			"kunit/symexport_test.h": "/* NODOC */\n"})
		self.assertEqual(submission_lint.lint(self.tree, self.project), [
			"checkpatch: kunit/x_test.c:1: WARNING:FAKE: bad line",
			"checkpatch: providers/external/Kbuild:1: WARNING:FAKE: "
			"bad line",
			"kernel-doc: kunit/symexport_test.h:1: warning: no "
			"description"])

	def test_kernel_doc_gets_wall_only_if_it_knows_it(self):
		script = self.tree / "scripts/kernel-doc"
		self.assertEqual(submission_lint.kernel_doc_warnings(script), [])
		script.write_text(FAKE_KERNEL_DOC + "# -Wall: every warning\n")
		self.assertEqual(submission_lint.kernel_doc_warnings(script), ["-Wall"])
		self.assertEqual(submission_lint.lint(self.tree, self.project), [])

	def test_a_tree_without_the_scripts_is_refused(self):
		with self.assertRaisesRegex(SubmissionError, "checkpatch.pl is "
					    "missing"):
			submission_lint.lint(self.project, self.project)

	def test_undocumented_suites_and_cases_are_listed(self):
		write_tree(self.project, {
			"kunit/x_test.c": 'KUNIT_CASE(documented_case),\n'
					  'KUNIT_CASE_PARAM(missing_case, gen),\n'
					  '.name = "symexport_x",\n',
			submission_series.DOC: "``symexport_x``\n``documented_case``\n"})
		self.assertEqual(submission_lint.undocumented_cases(self.project), [
			f"{submission_series.DOC}: no ``missing_case`` (kunit/x_test.c)"])


class CommandLine(unittest.TestCase):
	def test_a_kernel_src_that_is_not_a_tree_exits_2(self):
		with tempfile.TemporaryDirectory() as tmp:
			err = io.StringIO()
			with contextlib.redirect_stderr(err):
				code = submission.main(["--kernel-src", tmp,
							os.path.join(tmp, "out")])
		self.assertEqual(code, submission.EXIT_USAGE)
		self.assertIn("not a kernel tree", err.getvalue())

	def test_outdir_is_required(self):
		with contextlib.redirect_stderr(io.StringIO()):
			with self.assertRaises(SystemExit) as exit_:
				submission.main([])
		self.assertEqual(exit_.exception.code, 2)


if __name__ == "__main__":
	unittest.main()
