# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests on real logs (test_data/, their origins in its README): the
harness's and bench's readers of a boot's console and of kunit.py's
output, and each kernel tree's own `kunit.py parse` of those boots.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import copy
import os
import shlex
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_output  # noqa: E402
import bench_run  # noqa: E402
import harness_apt  # noqa: E402
import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
from harness_results import console_problems, parse_test_list  # noqa: E402

DATA = HERE / "test_data"
# The boots, by kernel: the raw console of 6.1's main boot, kunit.py's
# test.log of the others.
BOOTS = {"6.1": "uml-6.1-main-boot.log", "6.12": "uml-6.12-refcount.log",
	 "7.3": "uml-7.3-own-boot.log"}
LISTINGS = "ci-run-list-tests.log"
# The suites of the 6.1 boot, in its order.
SUITES_6_1 = ["symexport_resolution", "symexport_load_order",
	      "symexport_license", "symexport_taint", "symexport_stress",
	      "symexport_namespace", "symexport_lifetime", "symexport_kmemleak"]
OWN_BOOT_CASE = ("symexport_force_unload."
		 "module_without_exit_refuses_removal_ebusy")
# What the kernel prints when something is wrong, as the harness must see
# it inside a boot's KTAP output (the last as with printk.time=1).
PLANTED = [
	"WARNING: CPU: 0 PID: 57 at kernel/module/main.c:842 "
	"module_put+0x5c/0x70",
	"BUG: KASAN: slab-use-after-free in module_put+0x1c/0x70",
	"INFO: task kunit_try_catch:57 blocked for more than 120 seconds.",
	"kmemleak: 1 new suspected memory leaks "
	"(see /sys/kernel/debug/kmemleak)",
	"[   12.340000] BUG: kernel NULL pointer dereference, address: "
	"0000000000000008",
]


def read_lines(name):
	"""The lines of test_data/NAME, with their newlines (as from a file)."""
	with open(DATA / name, encoding="utf-8") as f:
		return list(f)


def ktap_start(lines):
	"""Index of the first KTAP line of LINES."""
	return next(number for number, line in enumerate(lines)
		    if harness_results.KTAP_START.match(line))


def printk_stamped(lines, step=0.01):
	"""LINES as the console prints them with printk.time=1 (bench's boots):
	each with a kernel timestamp, STEP seconds after the one before."""
	out = []
	for number, line in enumerate(lines):
		sec, usec = divmod(round(number * step * 1e6), 1000000)
		out.append(f"[{sec:5d}.{usec:06d}] {line}")
	return out


class ConsoleProblems(unittest.TestCase):
	"""harness_results.console_problems() on real boots."""

	def test_clean_boots_show_nothing(self):
		for kernel, name in BOOTS.items():
			with self.subTest(kernel=kernel), \
			     open(DATA / name, encoding="utf-8") as f:
				self.assertEqual(console_problems(f), [])

	def test_a_warning_before_the_ktap_output_is_not_counted(self):
		"""UML's virt-pci warns at every 6.1 and 6.12 boot, before any
		suite runs: not the suites' doing."""
		for kernel in ("6.1", "6.12"):
			lines = read_lines(BOOTS[kernel])
			before = lines[:ktap_start(lines)]
			self.assertTrue(any(
				line.startswith("WARNING: CPU: 0 PID: 1 at "
						"arch/um/drivers/virt-pci.c")
				for line in before), kernel)
			self.assertIsNone(console_problems(before), kernel)
			self.assertEqual(console_problems(lines), [], kernel)

	def test_planted_problems_are_found(self):
		"""Each problem, put among a suite's KTAP lines and the kernel's
		own messages, is found, and nothing else."""
		for kernel, name in BOOTS.items():
			lines = read_lines(name)
			# After the first suite's first case (in 7.3's own boot,
			# after the kernel's message that precedes it).
			where = next(number for number, line in enumerate(lines)
				     if line.startswith("    ok 1 ")) + 1
			for planted in PLANTED:
				variant = (lines[:where] + [planted + "\n"] +
					   lines[where:])
				with self.subTest(kernel=kernel,
						  planted=planted):
					self.assertEqual(
						console_problems(variant),
						[planted])

	def test_every_problem_is_quoted_in_order(self):
		lines = read_lines(BOOTS["6.1"])
		variant = list(lines)
		for planted in PLANTED:
			variant.insert(len(variant) - 1, planted + "\n")
		self.assertEqual(console_problems(variant), PLANTED)

	def test_the_kernels_messages_in_a_boot_are_not_problems(self):
		"""What the suites make the kernel say (unknown symbols, taints,
		refused loads) is expected, not a problem."""
		lines = read_lines(BOOTS["6.1"])
		said = [line for line in lines[ktap_start(lines):]
			if not line.startswith((" ", "ok ", "not ok ", "#",
						"1..", "KTAP "))]
		self.assertGreaterEqual(len(said), 10)
		self.assertTrue(any("taints kernel" in line for line in said))
		self.assertEqual(console_problems(["KTAP version 1\n"] + said),
				 [])


class TestList(unittest.TestCase):
	"""harness_results.parse_test_list() on kunit.py exec --list_tests."""

	def listings(self):
		"""[(kernel tree, glob, output lines)] of the listing boots:
		what the harness ran ("symexport: in TREE: CMD"), what it
		read."""
		found, output = [], None
		for line in read_lines(LISTINGS):
			if line.startswith("symexport: in "):
				tree, _, cmd = line[len("symexport: in "):] \
					.partition(": ")
				args = shlex.split(cmd)
				self.assertIn("--list_tests", args)
				output = []
				found.append((Path(tree).name, args[-1],
					      output))
			elif line.strip() and output is not None:
				output.append(line)
			else:
				output = None
		return found

	def test_listings_without_a_case(self):
		"""6.12 and 6.1 have no symexport_for_modules suite: the listing
		names no case (kunit.py's own lines, its command line and its
		stderr are not cases)."""
		listings = self.listings()
		self.assertEqual([tree for tree, _, _ in listings],
				 ["linux-source-6.12", "linux-source-6.1"])
		for tree, glob, output in listings:
			with self.subTest(tree=tree):
				self.assertEqual(glob, "symexport_for_modules."
						 "export_for_modules_is_gpl_"
						 "only_*")
				self.assertTrue(output)
				self.assertEqual(parse_test_list(output, glob),
						 [])
				self.assertEqual(parse_test_list(output, "*"),
						 [])

	def test_exec_elapsed_time_is_not_a_run_split(self):
		"""kunit.py exec says only its total: bench's reader of kunit.py
		run's split finds none."""
		for tree, _, output in self.listings():
			self.assertTrue(any("Elapsed time: " in line
					    for line in output), tree)
			self.assertIsNone(bench_output.kunit_elapsed(output),
					  tree)


class BenchReaders(unittest.TestCase):
	"""bench_output's readers of a boot's console, on real boots."""

	def test_stress_figures(self):
		self.assertEqual(bench_output.stress_figures(
			read_lines(BOOTS["6.1"])), {
			"load_unload_cycles": 1500,
			"load_unload_ns": 14648407552, "cycles_per_sec": 102,
			"get_put_pairs": 100000000, "get_put_ns": 398272768,
			"pairs_per_sec": 251084201})
		for kernel in ("6.12", "7.3"):
			self.assertEqual(bench_output.stress_figures(
				read_lines(BOOTS[kernel])), {}, kernel)

	def test_the_harness_boots_have_no_printk_times(self):
		"""The harness boots without printk.time=1 (bench's own boots
		add it): no line has a kernel timestamp, so there are no suite
		times and no failed suites to read from the kernel's clock."""
		self.assertIn("printk.time=1", bench_run.BOOT_ARGS)
		for kernel, name in BOOTS.items():
			lines = read_lines(name)
			command = next(line for line in lines
				       if line.startswith("Kernel command "
							  "line:"))
			self.assertNotIn("printk.time", command, kernel)
			self.assertEqual(list(bench_output.printk_lines(lines)),
					 [], kernel)
			self.assertEqual(bench_output.suite_times(lines), {},
					 kernel)
			self.assertEqual(bench_output.failed_suites(lines), [],
					 kernel)

	def test_suite_spans_cover_every_suite(self):
		"""From its "# Subtest:" line to its top-level result, whatever
		6.1 numbers it; the parameterised cases' subtests are no
		suites."""
		lines = read_lines(BOOTS["6.1"])
		spans = bench_output.suite_spans(enumerate(lines))
		self.assertEqual(list(spans), SUITES_6_1)
		self.assertTrue(all(suite.startswith(bench_output.OUR_SUITES)
				    for suite in spans))
		self.assertTrue(all(seconds > 0 for seconds in spans.values()))

	def test_suite_times_with_printk_times(self):
		"""The 6.1 boot as printk.time=1 would print it, a line every
		10 ms: every suite timed from its first line to its last."""
		lines = read_lines(BOOTS["6.1"])
		stamped = printk_stamped(lines)
		times = bench_output.suite_times(stamped)
		self.assertEqual(list(times), SUITES_6_1)
		subtest = lines.index("    # Subtest: symexport_stress\n")
		result = lines.index("ok 1 symexport_stress\n")
		self.assertAlmostEqual(times["symexport_stress"],
				       (result - subtest) * 0.01, places=6)
		self.assertEqual(bench_output.failed_suites(stamped), [])
		self.assertEqual(bench_output.stress_figures(stamped),
				 bench_output.stress_figures(lines))
		host = bench_output.host_suite_times(
			(number * 0.5, line)
			for number, line in enumerate(stamped))
		self.assertEqual(list(host), SUITES_6_1)

	def test_failed_suites_with_printk_times(self):
		lines = read_lines(BOOTS["6.1"])
		failed = []
		for line in lines:
			if line.startswith(("ok 1 symexport_stress",
					    "ok 2 symexport_taint")):
				line = "not " + line
			failed.append(line)
		self.assertEqual(
			bench_output.failed_suites(printk_stamped(failed)),
			["symexport_stress", "symexport_taint"])


# What kunit.py parse makes of each boot: the cases the harness collects.
PARSED = {
	"6.1": {"count": 35, "tally": (29, 0, 6), "suites": SUITES_6_1},
	"6.12": {"count": 7, "tally": (7, 0, 0),
		 "suites": ["symexport_refcount"]},
	"7.3": {"count": 1, "tally": (1, 0, 0),
		"suites": ["symexport_force_unload"]},
}


class KunitParse(unittest.TestCase):
	"""Each kernel tree's own kunit.py parse of the real boots, read as
	the harness reads kunit.py's JSON.  A tree not unpacked in the
	symexport cache is skipped."""

	def parse(self, kernel, log):
		"""kunit.py parse --json of test_data/LOG by KERNEL's tree: the
		JSON results; skips if the tree is not there."""
		tree = (harness_apt.cache_dir() /
			harness_apt.debian_source(kernel))
		if not (tree / harness_kernels.KUNIT_PY).is_file():
			self.skipTest(f"{tree} is not unpacked (a run of "
				      f"--kernel {kernel} unpacks it)")
		with tempfile.TemporaryDirectory(
				prefix="symexport-test-") as tmp:
			json_path = Path(tmp) / "results.json"
			env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
			done = subprocess.run(
				[sys.executable, "-B", harness_kernels.KUNIT_PY,
				 "parse", f"--json={json_path}",
				 str(DATA / log)],
				cwd=tree, env=env, stdin=subprocess.DEVNULL,
				stdout=subprocess.PIPE,
				stderr=subprocess.STDOUT,
				text=True, timeout=120, check=False)
			self.assertEqual(done.returncode, 0, done.stdout)
			top = harness_results.load_results(json_path)
		self.assertIsNotNone(top, done.stdout)
		return top

	def test_each_tree_parses_each_boot(self):
		for tree_kernel in harness_kernels.KERNELS:
			for kernel, log in BOOTS.items():
				with self.subTest(tree=tree_kernel,
						  boot=kernel):
					top = self.parse(tree_kernel, log)
					self.check_cases(top, PARSED[kernel])
					self.check_counts(tree_kernel, top)

	def check_cases(self, top, expected):
		cases = list(harness_results.collect_cases(top))
		self.assertEqual(len(cases), expected["count"])
		self.assertEqual(harness_results.tally(cases),
				 expected["tally"])
		self.assertEqual([group["name"] for group in top["sub_groups"]],
				 expected["suites"])
		names = [case.name for case in cases]
		self.assertEqual(len(set(names)), len(names))
		if expected["suites"] == SUITES_6_1:
			self.assertIn("symexport_license.gpl_compatible_"
				      "license_may_use_export_symbol_gpl."
				      "Dual MIT/GPL", names)
			self.assertEqual(harness_results.skipped_cases(
				top, "symexport_taint.*"), [
				name for name in names
				if name.startswith("symexport_taint.")])
		if expected["suites"] == ["symexport_force_unload"]:
			self.assertEqual(names, [OWN_BOOT_CASE])

	def check_counts(self, tree_kernel, top):
		"""7.3's kunit_json.py counts every group's cases ("misc"), the
		older ones do not; the harness counts them as 7.3 does (the
		parse errors of 6.1's numbering kept)."""
		if tree_kernel in ("6.12", "6.1"):
			self.assertNotIn(harness_results.COUNTS, top)
			return
		recounted = copy.deepcopy(top)
		harness_results.recount(recounted)
		self.assertEqual(recounted, top)

	def test_6_1_numbering_is_counted_as_parse_errors(self):
		"""6.1 numbers its suites' results by their status, not their
		place: 7.3's kunit.py counts an error for each suite after the
		first, the harness's recount keeps them."""
		top = self.parse("7.3", BOOTS["6.1"])
		self.assertEqual(top["misc"]["errors"], len(SUITES_6_1) - 1)
		self.assertEqual(top["misc"]["tests"], 35)
		recounted = copy.deepcopy(top)
		self.assertEqual(harness_results.recount(recounted),
				 top["misc"])
