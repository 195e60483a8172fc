# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for submission_compat.py: the series for the newest kernel
leaves out what only older kernels need.  On small sources, and on the
project's own files: no version test is left, and every resolved file is
its original with lines taken out, none added or changed.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import subprocess
import sys
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness_kernels  # noqa: E402
import submission  # noqa: E402
import submission_compat  # noqa: E402
from submission_compat import COMPAT_HEADER, for_kernel, resolve  # noqa: E402
from submission_series import DOC, SubmissionError  # noqa: E402

V73 = (7, 3, 4)
V61 = (6, 1, 192)
EEXIST = {"SYMEXPORT_INIT_EEXIST_BECOMES_EBUSY": "SYMEXPORT_KERNEL_SINCE(7, 1)"}


def blob(text):
	"""A {path: (bytes, executable)} entry's value."""
	return (text.encode("utf-8"), False)


class Resolve(unittest.TestCase):
	def test_version_test_keeps_the_branch_of_the_kernel(self):
		text = ("a\n#if SYMEXPORT_KERNEL_SINCE(6, 5)\nnew\n#else\nold\n"
			"#endif\nb\n")
		self.assertEqual(resolve("f.c", text, V73, {}), "a\nnew\nb\n")
		self.assertEqual(resolve("f.c", text, (6, 4, 0), {}), "a\nold\nb\n")

	def test_stable_backport_is_true_only_in_its_series(self):
		text = ("#if SYMEXPORT_KERNEL_SINCE(6, 5) || "
			"SYMEXPORT_KERNEL_STABLE_SINCE(6, 1, 52)\nnew\n#else\nold\n"
			"#endif\n")
		self.assertEqual(resolve("f.c", text, V61, {}), "new\n")
		self.assertEqual(resolve("f.c", text, (6, 1, 51), {}), "old\n")
		self.assertEqual(resolve("f.c", text, (6, 2, 60), {}), "old\n")

	def test_kernel_version_macros(self):
		text = ("#include <linux/version.h>\n#if LINUX_VERSION_MAJOR > 6 || "
			"(LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL >= 13)\n"
			"new\n#else\nold\n#endif\n")
		self.assertEqual(resolve("f.h", text, V73, {}), "new\n")
		self.assertEqual(resolve("f.h", text, (6, 12, 117), {}), "old\n")
		kept = "#include <linux/version.h>\nint v = LINUX_VERSION_CODE;\n"
		self.assertEqual(resolve("f.h", kept, V73, {}), kept)
		self.assertEqual(resolve("f.h", text, (6, 13, 0), {}), "new\n")

	def test_compat_macro_is_expanded(self):
		text = "#if SYMEXPORT_INIT_EEXIST_BECOMES_EBUSY\nbusy\n#else\nexist\n#endif\n"
		self.assertEqual(resolve("f.c", text, V73, EEXIST), "busy\n")
		self.assertEqual(resolve("f.c", text, (7, 0, 0), EEXIST), "exist\n")

	def test_features_are_defined(self):
		text = ("#ifdef EXPORT_SYMBOL_FOR_MODULES\nyes\n#endif\n"
			"#ifndef KUNIT_CASE_SLOW\nfallback\n#endif\nend\n")
		self.assertEqual(resolve("f.c", text, V73, {}), "yes\nend\n")

	def test_other_conditions_are_kept_with_their_insides_resolved(self):
		text = ("#ifndef _F_H\n#if !IS_ENABLED(CONFIG_X)\na\n"
			"#ifdef SYMBOL_FLAGS\nb\n#endif\n#else\nc\n#endif\n#endif\n")
		self.assertEqual(resolve("f.h", text, V73, {}),
				 "#ifndef _F_H\n#if !IS_ENABLED(CONFIG_X)\na\nb\n"
				 "#else\nc\n#endif\n#endif\n")

	def test_a_dropped_branch_takes_its_nested_conditionals(self):
		text = ("#if !SYMEXPORT_KERNEL_SINCE(6, 5)\n#ifndef X\nold\n#endif\n"
			"#endif\nend\n")
		self.assertEqual(resolve("f.h", text, V73, {}), "end\n")

	def test_unbalanced_conditionals_are_errors(self):
		with self.assertRaisesRegex(SubmissionError, "not closed"):
			resolve("f.c", "#if SYMEXPORT_KERNEL_SINCE(6, 5)\na\n", V73, {})
		with self.assertRaisesRegex(SubmissionError, "f.c:2: #endif"):
			resolve("f.c", "a\n#endif\n", V73, {})

	def test_elif_in_a_version_test_is_refused(self):
		text = "#if SYMEXPORT_KERNEL_SINCE(6, 5)\na\n#elif X\nb\n#endif\n"
		with self.assertRaisesRegex(SubmissionError, "f.c:3: #elif"):
			resolve("f.c", text, V73, {})


class ForKernel(unittest.TestCase):
	def test_header_and_include_go_and_blank_lines_are_tidied(self):
		blobs = {
			COMPAT_HEADER: blob("#define SYMEXPORT_KERNEL_SINCE(a, b) 1\n"),
			"lib/symexport/kunit/t.h": blob(
				"#include <kunit/test.h>\n\n#include \"symexport_compat.h\"\n"
				"\nint x;\n"),
			"lib/symexport/kunit/t.c": blob(
				"int y;\n\n#ifdef SYMBOL_FLAGS\n\nint z;\n\n#endif\n"),
			"lib/symexport/Kconfig": blob("config X\n"),
		}
		out = for_kernel(blobs, V73)
		self.assertNotIn(COMPAT_HEADER, out)
		self.assertEqual(out["lib/symexport/kunit/t.h"][0],
				 b"#include <kunit/test.h>\n\nint x;\n")
		self.assertEqual(out["lib/symexport/kunit/t.c"][0],
				 b"int y;\n\nint z;\n")
		self.assertEqual(out["lib/symexport/Kconfig"], blobs["lib/symexport/Kconfig"])

	def test_the_document_loses_its_older_kernels_section(self):
		doc = ("Intro\n\n.. symexport: older kernels begin\n   (note)\n\n"
		       "Kernel versions\n===============\n\nsymexport_compat.h\n\n"
		       ".. symexport: older kernels end\n\nKconfig\n")
		out = for_kernel({DOC: blob(doc)}, V73)
		self.assertEqual(out[DOC][0], b"Intro\n\nKconfig\n")
		with self.assertRaisesRegex(SubmissionError, "no .*older kernels"):
			for_kernel({DOC: blob("Intro\n")}, V73)
		with self.assertRaisesRegex(SubmissionError, r"symexport\.rst:1: symexport_compat"):
			for_kernel({DOC: blob(doc.replace("Intro", "symexport_compat.h"))}, V73)

	def test_a_version_test_in_code_is_an_error(self):
		blobs = {"lib/symexport/kunit/t.c": blob(
			"void f(void)\n{\n\tif (SYMEXPORT_KERNEL_SINCE(6, 5))\n\t\tg();\n}\n")}
		with self.assertRaisesRegex(SubmissionError,
					    r"t\.c:3: SYMEXPORT_KERNEL_\.\.\. is left"):
			for_kernel(blobs, V73)

	def test_the_projects_files_for_the_newest_kernel(self):
		listed = subprocess.run(["git", "ls-files"], cwd=harness_kernels.PROJECT_ROOT,
					capture_output=True, text=True, check=True)
		blobs = {}
		for path in listed.stdout.split():
			target = submission.kernel_path(path)
			if target:
				data = (harness_kernels.PROJECT_ROOT / path).read_bytes()
				blobs[target] = (data, False)
		self.assertIn(COMPAT_HEADER, blobs)
		version = tuple(int(x) for x in harness_kernels.DEFAULT_KERNEL.split("."))
		out = for_kernel(blobs, version + (0,))
		self.assertEqual(set(blobs) - set(out), {COMPAT_HEADER})
		changed = 0
		for path, (data, _) in out.items():
			before = blobs[path][0].decode().splitlines()
			after = data.decode().splitlines()
			# Lines taken out, none added or changed.
			rest = iter(before)
			self.assertTrue(all(line in rest for line in after), path)
			changed += after != before
		self.assertGreater(changed, 5)

	def test_only_a_series_for_the_newest_kernel_leaves_them_out(self):
		self.assertTrue(submission.is_mainline(harness_kernels.DEFAULT_KERNEL + ".4"))
		self.assertTrue(submission.is_mainline("8.0.0"))
		self.assertFalse(submission.is_mainline("6.12.117"))
		self.assertEqual(submission_compat.FEATURES,
				 tuple(dict.fromkeys(submission_compat.FEATURES)))


if __name__ == "__main__":
	unittest.main()
