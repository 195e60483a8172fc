# SPDX-License-Identifier: GPL-2.0-only
"""Leave out of a series what only older kernels need.

The project's sources build on Linux 6.1, 6.12 and 7.x: kunit/symexport_compat.h
supplies what older KUnit lacks, and preprocessor conditionals choose
between the rules and interfaces of older and newer kernels.  That code
belongs to the long-term branches, not to a patch for the current kernel.
for_kernel() resolves every such conditional for the kernel a series is
based on, as unifdef would, and drops symexport_compat.h and its #include:
what is left is what that kernel builds.  The document loses what it
says only about older kernels (between ".. symexport: older kernels
begin" and "... end").

A conditional is resolved when its condition is made only of the version
tests below, the feature macros of FEATURES and numbers; any other
condition (IS_ENABLED(CONFIG_...), SYMEXPORT_BASIC_VERSIONS) is kept,
with what it contains resolved.  A version test left anywhere afterwards
is an error: the series would not build without the dropped header.

The features are those of the newest kernel the project knows
(harness_kernels.DEFAULT_KERNEL), so for_kernel() takes no older base:
a series for an older kernel is a long-term branch's and keeps it all.
"""

import re
from pathlib import PurePosixPath
from typing import Dict, Optional, Tuple

from submission_series import DOC, KERNEL_SUBDIR, SubmissionError

COMPAT_HEADER = f"{KERNEL_SUBDIR}/kunit/symexport_compat.h"
COMPAT_INCLUDE = re.compile(r'^#include "symexport_compat\.h"\n', re.M)
VERSION_INCLUDE = re.compile(r"^#include <linux/version\.h>\n", re.M)

# Macros the sources test with #ifdef for an interface that older kernels
# lack, all defined by the newest kernel the project knows.
FEATURES = (
	"EXPORT_SYMBOL_FOR_MODULES",	# include/linux/export.h
	"SYMBOL_FLAGS",			# include/linux/export-internal.h
	"__nolibc_syscall1",		# tools/include/nolibc
	"scoped_with_init_fs",		# include/linux/fs_struct.h
	"KUNIT_FAIL_AND_ABORT",		# include/kunit/test.h
	"KUNIT_DEFINE_ACTION_WRAPPER",
	"KUNIT_CASE_SLOW",
)

# Version tests: the compat header's macros, and the kernel's own.
SINCE = re.compile(r"SYMEXPORT_KERNEL_SINCE\(\s*(\d+),\s*(\d+)\s*\)")
STABLE_SINCE = re.compile(
	r"SYMEXPORT_KERNEL_STABLE_SINCE\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)")
LEFT_OVER = re.compile(r"SYMEXPORT_KERNEL_|LINUX_VERSION_|symexport_compat")

# What the document says only about older kernels, between two comments.
DOC_OLDER = re.compile(r"^\.\. symexport: older kernels begin\n.*?"
		       r"^\.\. symexport: older kernels end\n", re.M | re.S)

DIRECTIVE = re.compile(r"^#\s*(if|ifdef|ifndef|elif|else|endif)\b\s*(.*?)\s*$")
# What a condition may consist of once the known names are replaced.
ARITHMETIC = re.compile(r"^[\d\s()!&|<>=]+$")


def compat_macros(header: str) -> Dict[str, str]:
	"""Return {name: condition} of the compat header's object-like macros
	whose value is a version test (SYMEXPORT_INIT_EEXIST_BECOMES_EBUSY)."""
	macros = {}
	for name, value in re.findall(r"^#define\s+(SYMEXPORT_\w+)[ \t]+(.+)$",
				      header, re.M):
		if SINCE.search(value) or STABLE_SINCE.search(value):
			macros[name] = value.strip()
	return macros


def evaluate(condition: str, version: Tuple[int, ...],
	     macros: Dict[str, str]) -> Optional[bool]:
	"""Return True or False for CONDITION (of an #if) on kernel VERSION
	((major, minor, sublevel)), or None if it tests anything else."""
	text = re.sub(r"/\*.*?\*/", " ", condition)
	for name, value in macros.items():
		text = re.sub(rf"\b{name}\b", f"({value})", text)
	text = SINCE.sub(lambda m: str(int(version[:2] >= (int(m[1]), int(m[2])))),
			 text)
	text = STABLE_SINCE.sub(
		lambda m: str(int(version[:2] == (int(m[1]), int(m[2])) and
				  version[2] >= int(m[3]))), text)
	text = re.sub(r"\bLINUX_VERSION_MAJOR\b", str(version[0]), text)
	text = re.sub(r"\bLINUX_VERSION_PATCHLEVEL\b", str(version[1]), text)
	text = re.sub(r"\bLINUX_VERSION_SUBLEVEL\b", str(version[2]), text)
	features = "|".join(re.escape(f) for f in FEATURES)
	text = re.sub(rf"\bdefined\s*\(?\s*({features})\s*\)?", "1", text)
	if not ARITHMETIC.match(text):
		return None
	text = text.replace("&&", " and ").replace("||", " or ")
	text = re.sub(r"!(?!=)", " not ", text)
	return bool(eval(text, {"__builtins__": {}}))  # noqa: S307: digits only


def directive_condition(kind: str, rest: str) -> str:
	"""The #if condition equivalent to an #ifdef or #ifndef REST."""
	if kind == "ifdef":
		return f"defined({rest})"
	if kind == "ifndef":
		return f"!defined({rest})"
	return rest


def resolve(path: str, text: str, version: Tuple[int, ...],
	    macros: Dict[str, str]) -> str:
	"""Return TEXT (the C file PATH) with every conditional resolved that
	tests only the kernel version or FEATURES."""
	out = []
	# One entry per open conditional: [resolved value or None, in #else].
	stack = []
	for number, line in enumerate(text.splitlines(keepends=True), 1):
		match = DIRECTIVE.match(line)
		kind = match[1] if match else None
		if match and kind in ("if", "ifdef", "ifndef"):
			stack.append([evaluate(directive_condition(kind, match[2]),
					       version, macros), False])
			if stack[-1][0] is not None:
				continue
		elif kind == "elif":
			if any(entry[0] is not None for entry in stack[-1:]):
				raise SubmissionError(f"{path}:{number}: #elif in a "
						      "version test: write it as "
						      "#else and #if")
		elif kind == "else":
			if not stack:
				raise SubmissionError(f"{path}:{number}: #else "
						      "without #if")
			stack[-1][1] = True
			if stack[-1][0] is not None:
				continue
		elif kind == "endif":
			if not stack:
				raise SubmissionError(f"{path}:{number}: #endif "
						      "without #if")
			if stack.pop()[0] is not None:
				continue
		if all(value is None or value != in_else
		       for value, in_else in stack):
			out.append(line)
	if stack:
		raise SubmissionError(f"{path}: an #if is not closed")
	result = "".join(out)
	if not re.search(r"\bLINUX_VERSION_|\bKERNEL_VERSION\(", result):
		result = VERSION_INCLUDE.sub("", result)
	return result


def tidy(text: str) -> str:
	"""TEXT without the blank lines a removed block or #include leaves:
	two in a row (one was on either side), or at the end."""
	return re.sub(r"\n\n\n+", "\n\n", text).rstrip("\n") + "\n"


def for_kernel(blobs: Dict[str, Tuple[bytes, bool]], version: Tuple[int, ...]
	       ) -> Dict[str, Tuple[bytes, bool]]:
	"""Return BLOBS ({kernel path: (bytes, executable)}) as the series for
	kernel VERSION ((major, minor, sublevel)) carries them: conditionals
	resolved, the compat header and its #include gone.  SubmissionError if
	a version test is left."""
	header = blobs.get(COMPAT_HEADER, (b"", False))[0]
	macros = compat_macros(header.decode("utf-8"))
	resolved = {}
	for path, (data, executable) in blobs.items():
		if path == COMPAT_HEADER:
			continue
		if path == DOC:
			text = data.decode("utf-8")
			if not DOC_OLDER.search(text):
				raise SubmissionError(f"{DOC} has no \".. symexport: "
						      "older kernels begin/end\" "
						      "section to leave out")
			text = tidy(DOC_OLDER.sub("", text))
		elif PurePosixPath(path).suffix in (".c", ".h", ".S"):
			text = resolve(path, data.decode("utf-8"), version, macros)
			text = tidy(COMPAT_INCLUDE.sub("", text))
		else:
			resolved[path] = (data, executable)
			continue
		left = LEFT_OVER.search(text)
		if left:
			line = text.count("\n", 0, left.start()) + 1
			raise SubmissionError(
				f"{path}:{line}: {left[0]}... is left after the "
				"code for older kernels was left out: in C make "
				"it an #if that tests only the kernel version, in "
				"the document move it into the older kernels' "
				"section")
		resolved[path] = (text.encode("utf-8"), executable)
	return resolved
