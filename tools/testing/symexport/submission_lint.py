# SPDX-License-Identifier: GPL-2.0-only
"""Lint the project with the kernel's own scripts, and its documentation.

lint() runs checkpatch.pl --strict -f and kernel-doc -Wall over the
project's own files, and checkpatch_patches() checkpatch.pl --strict over
the patches of a series, with the scripts of a kernel tree;
undocumented_cases() lists the suites and cases that the document
(DOC) lacks.  check's style check and format-patch --lint-only use them.
"""

import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import List, Sequence

import harness_kernels
import harness_tree
from harness_tree import PathArg
from submission_series import DOC, SubmissionError

# Lint: the files checkpatch.pl -f looks at (the kunitconfigs too: in patch
# mode checkpatch looks at every new file), and the kernel-doc sources.
LINT_SUFFIXES = (".c", ".h", ".S", ".kunitconfig")
LINT_NAMES = ("Kconfig", "Makefile", "Kbuild", ".kunitconfig")
KERNEL_DOC_FILES = ("kunit/symexport_test.h", "kunit/symexport_helpers.c")


def tree_script(kernel_src: PathArg, name: str) -> Path:
	"""Return KERNEL_SRC/scripts/NAME; SubmissionError if it is missing."""
	path = Path(kernel_src) / "scripts" / name
	if not path.is_file():
		raise SubmissionError(f"{path} is missing: give a kernel tree "
				      "with --kernel-src")
	return path


def script_command(path: Path) -> List[str]:
	"""The interpreter and PATH, after PATH's #! line (kernel-doc is perl
	before 6.16 and python after)."""
	with open(path, "rb") as f:
		first = f.readline().decode("utf-8", "replace")
	return ["python3" if "python" in first else "perl", str(path)]


def run_lines(cmd: Sequence[str], cwd: PathArg) -> List[str]:
	"""Run CMD in CWD and return its non-empty stdout and stderr lines."""
	proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
			      check=False)
	return [line for line in (proc.stdout + proc.stderr).splitlines()
		if line.strip()]


def checkpatch_patches(kernel_src: PathArg, patches: Sequence[Path]
		       ) -> List[str]:
	"""Run checkpatch.pl --strict on each patch from KERNEL_SRC; return
	the problems, one line each."""
	script = tree_script(kernel_src, "checkpatch.pl")
	problems = []
	for patch in patches:
		lines = run_lines(["perl", str(script), "--strict", "--terse",
				   "--show-types", "--quiet", "--no-summary",
				   str(Path(patch).resolve())], kernel_src)
		problems += [f"checkpatch: {line}" for line in lines]
	return problems


def lint_files(project_root: PathArg) -> List[str]:
	"""Return the project files checkpatch.pl -f looks at, relative and
	sorted."""
	files = harness_tree.project_files(project_root)
	return sorted(path for path in files
		      if path.endswith(LINT_SUFFIXES) or
		      PurePosixPath(path).name in LINT_NAMES)


def kernel_doc_warnings(kernel_doc: Path) -> List[str]:
	"""Return ["-Wall"] if the tree's kernel-doc knows it (6.4 and later),
	else []: 6.1's refuses an option it does not know, and warns about
	what matters here (undescribed members and parameters) anyway."""
	try:
		text = Path(kernel_doc).read_text(encoding="utf-8", errors="replace")
	except OSError:
		return ["-Wall"]
	return ["-Wall"] if "Wall" in text else []


def lint(kernel_src: PathArg,
	 project_root: PathArg = harness_kernels.PROJECT_ROOT) -> List[str]:
	"""Run checkpatch.pl --no-tree --strict -f over the project's C,
	header, assembler, Kconfig, Makefile, Kbuild and kunitconfig files, and
	kernel-doc -none -Wall over its documented helpers, with the scripts
	of the kernel tree KERNEL_SRC.  Return the problems, one line each
	("checkpatch: FILE:LINE: TYPE: ..." or "kernel-doc: ..."); empty
	when clean."""
	checkpatch = tree_script(kernel_src, "checkpatch.pl")
	kernel_doc = tree_script(kernel_src, "kernel-doc")
	problems = []
	lines = run_lines(["perl", str(checkpatch), "--no-tree", "--strict",
			   "--terse", "--show-types", "--quiet", "--no-summary",
			   "-f"] +
			  lint_files(project_root), project_root)
	problems += [f"checkpatch: {line}" for line in lines]
	lines = run_lines(script_command(kernel_doc) + ["-none"] +
			  kernel_doc_warnings(kernel_doc) +
			  list(KERNEL_DOC_FILES), project_root)
	problems += [f"kernel-doc: {line}" for line in lines]
	return problems


SUITE_NAME = re.compile(r'struct kunit_suite\s+\w+\s*=\s*\{\s*\.name\s*=\s*"(symexport_\w+)"')
CASE_NAME = re.compile(r"\bKUNIT_CASE(?:_[A-Z]+)?\(\s*(\w+)")


def undocumented_cases(project_root: PathArg = harness_kernels.PROJECT_ROOT
		       ) -> List[str]:
	"""Return the suites and cases of kunit/*_test.c that DOC does not
	name (as ``name``)."""
	root = Path(project_root)
	doc = (root / DOC).read_text(encoding="utf-8")
	missing = []
	for source in sorted((root / "kunit").glob("*_test.c")):
		text = source.read_text(encoding="utf-8")
		for name in SUITE_NAME.findall(text) + CASE_NAME.findall(text):
			if f"``{name}``" not in doc:
				missing.append(f"{DOC}: no ``{name}`` "
					       f"(kunit/{source.name})")
	return missing
