# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the layout of the harness: its modules import each other
one way only, and no file grows past MAX_LINES.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import ast
import re
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_LINES = 700
# The scripts beside the modules, Python without the .py.
SCRIPTS = ("run", "check", "bench", "mutate", "format-patch")


def sources(root=HERE):
	"""Map name -> path of every Python file in ROOT: the modules by
	their module name, the scripts by their file name."""
	found = {path.stem: path for path in sorted(root.glob("*.py"))}
	for name in SCRIPTS:
		if (root / name).is_file():
			found[name] = root / name
	return found


def local_imports(path, modules):
	"""Return the MODULES that the file at PATH imports, anywhere in it
	(inside functions too), but for mypy only."""
	tree = ast.parse(path.read_text(), str(path))
	# What "if TYPE_CHECKING:" imports is for mypy only: no import at run
	# time, so it may name a module that lies above.
	typing_only = {id(inner) for node in ast.walk(tree)
		       if isinstance(node, ast.If) and
		       isinstance(node.test, ast.Name) and
		       node.test.id == "TYPE_CHECKING"
		       for inner in ast.walk(node)}
	found = set()
	for node in ast.walk(tree):
		if id(node) in typing_only:
			continue
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom) and node.level == 0:
			names = [node.module]
		else:
			continue
		found |= {name for name in names if name in modules}
	return found


def import_graph(root=HERE):
	"""Return {file name: set of local modules it imports}."""
	files = sources(root)
	modules = {name for name, path in files.items() if path.suffix == ".py"}
	return {name: local_imports(path, modules)
		for name, path in files.items()}


def find_cycle(graph):
	"""Return one import cycle of GRAPH as a list of names (the first
	one again at the end), or None."""
	state = {}		# name -> "open" while on the path, "done" after
	path = []

	def visit(name):
		state[name] = "open"
		path.append(name)
		for dep in sorted(graph.get(name, ())):
			if state.get(dep) == "open":
				return path[path.index(dep):] + [dep]
			if dep not in state:
				cycle = visit(dep)
				if cycle:
					return cycle
		path.pop()
		state[name] = "done"
		return None

	for name in sorted(graph):
		if name not in state:
			cycle = visit(name)
			if cycle:
				return cycle
	return None


class LayoutTest(unittest.TestCase):
	"""The harness's modules and their imports."""

	def test_find_cycle(self):
		self.assertIsNone(find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}))
		self.assertEqual(find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}),
				 ["a", "b", "c", "a"])
		self.assertEqual(find_cycle({"a": {"a"}}), ["a", "a"])

	def test_no_import_cycle(self):
		graph = import_graph()
		self.assertIn("harness_kernels", graph["harness"] |
			      graph["harness_run"] | graph["harness_tree"])
		self.assertIsNone(find_cycle(graph), graph)

	def test_submission_does_not_import_the_command_line(self):
		graph = import_graph()
		for name in ("submission", "submission_series",
			     "submission_maintainers", "submission_lint"):
			self.assertNotIn("harness", graph[name], name)

	def test_modules_import_only_what_lies_below(self):
		"""No harness module imports a test, a script or submission,
		except harness.py (check runs the style check: submission_lint)."""
		graph = import_graph()
		for name, deps in graph.items():
			if not name.startswith("harness"):
				continue
			allowed = {"submission_lint"} if name == "harness" else set()
			self.assertEqual({dep for dep in deps if not
					  dep.startswith("harness_")}, allowed, name)

	def test_modules_import_in_the_order_harness_py_lists_them(self):
		"""harness.py's docstring lists its modules from the bottom up:
		each imports only from those before it."""
		text = (HERE / "harness.py").read_text()
		order = re.findall(r"^  (harness_\w+) ", text, re.M)
		graph = import_graph()
		self.assertEqual(sorted(order), sorted(
			name for name in graph if name.startswith("harness_")))
		for number, name in enumerate(order):
			self.assertLessEqual(graph[name], set(order[:number]), name)

	def test_split_modules_import_in_the_order_listed(self):
		"""The docstrings of submission.py and of bench list their
		modules from the bottom up: each imports only from those before
		it (and from the harness's modules)."""
		graph = import_graph()
		for top, prefix in (("submission.py", "submission"),
				    ("bench", "bench_")):
			text = (HERE / top).read_text()
			order = re.findall(rf"^  ({prefix}\w*) ", text, re.M)
			self.assertEqual(sorted(order), sorted(
				name for name in graph if name.startswith(prefix)),
				top)
			for number, name in enumerate(order):
				ours = {dep for dep in graph[name]
					if dep.startswith(prefix)}
				self.assertLessEqual(ours, set(order[:number]), name)

	def test_no_file_is_too_long(self):
		for path in sorted(HERE.iterdir()):
			if not path.is_file() or path.name.startswith("."):
				continue
			with open(path, encoding="utf-8") as f:
				count = sum(1 for _ in f)
			self.assertLessEqual(count, MAX_LINES, path.name)


if __name__ == "__main__":
	unittest.main()
