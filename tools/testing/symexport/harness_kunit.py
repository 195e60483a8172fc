# SPDX-License-Identifier: GPL-2.0-only
"""kunit.py's own parser and JSON writer, imported from the tree under test.

The harness reads a boot's results as kunit.py's JSON.  Where that JSON
says less than kunit_parser knows, or where kernels differ in what it
says, the harness asks kunit_parser and kunit_json themselves, through
this adapter, rather than parsing KTAP or reading kunit.py's source:

  - a parameterised case the kernel died in: kunit_parser marks it
    crashed, but kunit_json writes it as a group of the parameters that
    did report (a group has no status of its own), so the JSON alone
    shows only passes (crashed_tests());
  - whether kunit_json writes each group's counts ("misc": 6.12 does not,
    7.3 does) (writes_counts()).

The differences between 6.1 and 7.3 are kept here: parse_run_tests() takes
a printer since 6.16, and before it the parser printed to its own stdout.
"""

import importlib
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterable, List, Tuple

from harness_kernels import KUNIT_PY

# The modules of tools/testing/kunit/ the adapter uses.
MODULES = ("kunit_printer", "kunit_parser", "kunit_json")
# The names of tools/testing/kunit/'s modules (kunit, kunit_parser, ...,
# qemu_config, qemu_configs.*).
TOOL_PREFIXES = ("kunit", "qemu_config")

_LOADED: Dict[str, Dict[str, ModuleType]] = {}


class KunitToolError(Exception):
	"""The tree's kunit.py modules cannot be imported."""


def is_tool_module(name: str) -> bool:
	"""True for the name of a module of tools/testing/kunit/."""
	return name.split(".")[0].startswith(TOOL_PREFIXES)


def load_tool(tool_dir: Path, main: str) -> Dict[str, ModuleType]:
	"""Import module MAIN of TOOL_DIR (a tree's tools/testing/kunit/);
	return it and the tool's modules it imported, by name.  sys.path and
	sys.modules are left as they were, so that two trees' modules can be
	loaded one after the other, and no bytecode is written into the
	tree."""
	saved_path = list(sys.path)
	saved_bytecode = sys.dont_write_bytecode
	saved = {name: module for name, module in sys.modules.items()
		 if is_tool_module(name)}
	for name in saved:
		del sys.modules[name]
	sys.path.insert(0, str(tool_dir))
	sys.dont_write_bytecode = True
	try:
		importlib.import_module(main)
		return {name: module for name, module in sys.modules.items()
			if is_tool_module(name)}
	except Exception as err:	# any error of foreign code: say which
		raise KunitToolError(f"cannot import kunit.py's {main} from "
				     f"{tool_dir}: {err}") from err
	finally:
		sys.path[:] = saved_path
		sys.dont_write_bytecode = saved_bytecode
		for name in [name for name in sys.modules
			     if is_tool_module(name)]:
			del sys.modules[name]
		sys.modules.update(saved)


def kunit_modules(tree: Path) -> Dict[str, ModuleType]:
	"""Import kunit_printer, kunit_parser and kunit_json from TREE's
	tools/testing/kunit/ (once per tree); return them by name."""
	key = str(Path(tree).resolve())
	if key in _LOADED:
		return _LOADED[key]
	loaded = load_tool((Path(tree) / KUNIT_PY).parent, "kunit_json")
	missing = [name for name in MODULES if name not in loaded]
	if missing:
		raise KunitToolError(f"{(Path(tree) / KUNIT_PY).parent} has no "
				     f"{', '.join(missing)}")
	modules = {name: loaded[name] for name in MODULES}
	_LOADED[key] = modules
	return modules


def parse(tree: Path, lines: Iterable[str]) -> Any:
	"""Return kunit_parser's Test for the kernel output LINES, as
	TREE's kunit.py parses it, printing nothing."""
	modules = kunit_modules(tree)
	parser, printer = modules["kunit_parser"], modules["kunit_printer"]
	quiet = printer.Printer(output=io.StringIO())
	lines = [line.rstrip("\n") for line in lines]
	try:
		return parser.parse_run_tests(lines, quiet)
	except TypeError:
		pass
	# Before 6.16: no printer argument; the parser prints to the
	# module's stdout Printer.
	old = getattr(parser, "stdout", None)
	setattr(parser, "stdout", quiet)
	try:
		return parser.parse_run_tests(lines)
	finally:
		setattr(parser, "stdout", old)


def crashed_tests(tree: Path, lines: Iterable[str]) -> List[str]:
	"""Return "suite.case" (and "suite") for each test with subtests that
	kunit_parser found crashed in the kernel output LINES: for a
	parameterised case, the results its JSON has no status for."""
	modules = kunit_modules(tree)
	crashed = modules["kunit_parser"].TestStatus.TEST_CRASHED
	found: List[str] = []

	def walk(test: Any, path: Tuple[str, ...]) -> None:
		for sub in test.subtests:
			name = path + (sub.name,)
			if sub.subtests:
				if sub.status == crashed:
					found.append(".".join(name))
				walk(sub, name)
	walk(parse(tree, lines), ())
	return found


def crashed_in_log(tree: Path, kernel_log: Path) -> List[str]:
	"""crashed_tests() of the kernel log KERNEL_LOG (kunit.py's test.log
	of a boot); none if the log or TREE's kunit.py modules cannot be
	read."""
	try:
		with open(kernel_log, encoding="utf-8", errors="replace") as f:
			return crashed_tests(tree, f)
	except (OSError, KunitToolError):
		return []


def writes_counts(tree: Path) -> bool:
	"""True if TREE's kunit_json writes each group's counts ("misc")."""
	modules = kunit_modules(tree)
	test = modules["kunit_parser"].Test()
	metadata = modules["kunit_json"].Metadata()
	return "misc" in json.loads(
		modules["kunit_json"].get_json_result(test, metadata))
