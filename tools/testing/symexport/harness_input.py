# SPDX-License-Identifier: GPL-2.0-only
"""What a run is asked to do, checked before any work: the files it will
write (--json, --events, --build_dir) and the filter glob after --.

Each check raises HarnessError (one line naming the fix, exit status 2),
so that bad input never costs a build and never ends in a traceback.
"""

import argparse
import fnmatch
import re
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Set, Tuple

from harness_kernels import BUILD_SUITE, HarnessError
from harness_results import CONSOLE_SUITE

SUITE_NAME = re.compile(r'struct kunit_suite\s+\w+\s*=\s*\{[^}]*?'
			r'\.name\s*=\s*"(\w+)"', re.S)


class Parser(argparse.ArgumentParser):
	"""argparse, with its errors on one line and exit status 2."""

	def error(self, message: str) -> None:  # type: ignore[override]
		print(f"{self.prog}: error: {message} (see {self.prog} --help)",
		      file=sys.stderr)
		sys.exit(2)


def writable_dir(path: Path) -> Optional[str]:
	"""Why no file can be made in directory PATH, or None."""
	if not path.is_dir():
		return f"{path} is not a directory"
	try:
		with tempfile.TemporaryFile(dir=path):
			pass
	except OSError as err:
		return f"{path}: {err.strerror}"
	return None


def check_output_file(option: str, name: Optional[str]) -> None:
	"""Refuse an --json, --junit or --events FILE that cannot be
	written."""
	if not name:
		return
	path = Path(name)
	if path.is_dir():
		raise HarnessError(f"{option} {name} is a directory: give a file name")
	parent = path.parent if str(path.parent) else Path(".")
	why = writable_dir(parent) if parent.exists() else \
		f"{parent} does not exist"
	if why:
		raise HarnessError(f"cannot write {option} {name}: {why}; give "
				   "a file in a directory you can write")


def check_build_dir(name: Optional[str]) -> None:
	"""Refuse a --build_dir that cannot be made or written."""
	if not name:
		return
	path = Path(name).absolute()
	existing = path
	while not existing.exists():
		existing = existing.parent
	why = writable_dir(existing)
	if why:
		raise HarnessError(f"cannot use --build_dir {name}: {why}; give a "
				   "directory you can write")


# A suite's source names a module built outside the tree (by the external
# passes) by its handle, SYMEXPORT_KO(ext_...), or by its name.
EXTERNAL_MODULE = re.compile(r"\bSYMEXPORT_KO\((ext_\w+)\)|\b(symexport_ext_\w+)")


def external_names(text: str) -> List[str]:
	"""The names of the external modules TEXT names."""
	return [f"symexport_{handle}" if handle else name
		for handle, name in EXTERNAL_MODULE.findall(text)]


def suites_loading_external(project_root: Path) -> List[str]:
	"""The KUnit suites whose cases load a module that the external
	passes build: read from the suites' sources (kunit/*.c), not kept
	by hand."""
	names = set()
	for source in sorted((project_root / "kunit").glob("*.c")):
		text = source.read_text(errors="replace")
		if EXTERNAL_MODULE.search(text):
			names.update(SUITE_NAME.findall(text))
	return sorted(names)


# The list of the modules the cases load, and where each is built.
MODULE_LIST = "kunit/symexport_modules.h"
MODULE_ENTRY = re.compile(r'^SYMEXPORT_MODULE\((\w+),\s*(\w+),\s*"([^"]+)"\)',
			  re.M)


def project_modules(project_root: Path) -> List[Tuple[str, str, str]]:
	"""(dir, subdir, name) of each module of MODULE_LIST, in its order;
	[] if it cannot be read."""
	try:
		text = (project_root / MODULE_LIST).read_text(errors="replace")
	except OSError:
		return []
	return [(where, subdir, name) for name, where, subdir in
		MODULE_ENTRY.findall(text)]


def external_dirs_loaded(glob: str, project_root: Path) -> Set[str]:
	"""The directories (EXT_DIRS) of the external modules that the
	suites filter GLOB selects load, read from their sources."""
	kunit = project_root / "kunit"
	dirs = {name: subdir for where, subdir, name in
		project_modules(project_root) if where == "OUT_OF_TREE"}
	suite_glob = glob.split(".", 1)[0]
	wanted = set()
	for source in sorted(kunit.glob("*.c")):
		text = source.read_text(errors="replace")
		if not any(fnmatch.fnmatchcase(name, suite_glob)
			   for name in SUITE_NAME.findall(text)):
			continue
		for name in external_names(text):
			if name in dirs:
				wanted.add(dirs[name])
	return wanted


def selects_build_cases(glob: Optional[str]) -> bool:
	"""Whether filter GLOB (None: everything) selects the build cases."""
	return glob is None or fnmatch.fnmatchcase(BUILD_SUITE,
						   glob.split(".", 1)[0])


def needs_external(glob: Optional[str], project_root: Path) -> bool:
	"""Whether a run for filter GLOB (None: everything) needs the
	external passes: for the build cases, or for a suite that loads an
	external module."""
	if glob is None:
		return True
	suite = glob.split(".", 1)[0]
	wanted = [BUILD_SUITE] + suites_loading_external(project_root)
	return any(fnmatch.fnmatchcase(name, suite) for name in wanted)


def suites(project_root: Path) -> List[str]:
	"""The suites a run reports: the KUnit suites of kunit/*.c and the
	harness's own."""
	names = {BUILD_SUITE, CONSOLE_SUITE}
	for source in sorted((project_root / "kunit").glob("*.c")):
		names.update(SUITE_NAME.findall(source.read_text(errors="replace")))
	return sorted(names)


def check_globs(kunit_args: Sequence[str], project_root: Path) -> None:
	"""Refuse more than one filter glob, and a glob whose suite part
	matches no suite (kunit.py's filter is SUITE[.CASE])."""
	globs = [arg for arg in kunit_args if not arg.startswith("-")]
	if len(globs) > 1:
		raise HarnessError(f"one filter glob at a time, not {len(globs)} "
				   f"({' '.join(globs)}): kunit.py takes one; run "
				   "once per glob, or write one that matches both")
	if not globs:
		return
	known = suites(project_root)
	suite = globs[0].split(".", 1)[0]
	if not any(fnmatch.fnmatchcase(name, suite) for name in known):
		raise HarnessError(f"glob {globs[0]!r} matches no suite; suites: "
				   f"{', '.join(known)}")


def check_options(opts: argparse.Namespace, project_root: Path) -> None:
	"""Every check above, for a run's or check's options."""
	check_output_file("--json", getattr(opts, "json", None))
	check_output_file("--events", getattr(opts, "events", None))
	check_output_file("--junit", getattr(opts, "junit", None))
	check_build_dir(getattr(opts, "build_dir", None))
	check_globs(getattr(opts, "kunit_args", ()), project_root)
