#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The fault test check runs (through the harness's tests): the real run
script given bad paths and globs, and two processes after one tree.

Each bad input must exit 2 with one line, before any work (no kernel tree
is touched: the checks come first), in well under a second; a second run
on a tree another one holds waits for it, or with --no-wait exits 2
naming it."""

import os
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import unittest.mock
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN = HERE / "run"


def run(*args, env=None):
	"""Run the run script with ARGS; return (status, stderr, seconds)."""
	start = time.monotonic()
	proc = subprocess.run([sys.executable, str(RUN), *args],
			      stdin=subprocess.DEVNULL, capture_output=True,
			      text=True, timeout=60, env=env, check=False)
	return proc.returncode, proc.stderr, time.monotonic() - start


class BadInputTest(unittest.TestCase):
	"""Bad paths and globs: exit 2, one line, no work."""

	def refused(self, *args):
		status, err, seconds = run(*args)
		self.assertEqual(status, 2, err)
		self.assertEqual(len(err.strip().splitlines()), 1, err)
		self.assertLess(seconds, 10)
		return err

	def test_unwritable_json(self):
		self.assertIn("cannot write --json", self.refused(
			"--json", "/nonexistent-dir/x.json"))
		self.refused("--json", "/proc/nope.json")

	def test_unwritable_junit(self):
		self.assertIn("cannot write --junit", self.refused(
			"--junit", "/nonexistent-dir/x.xml"))

	def test_unusable_build_dir(self):
		self.assertIn("--build_dir", self.refused("--build_dir", "/proc"))

	def test_glob_of_no_suite(self):
		self.assertIn("matches no suite", self.refused(
			"--", "symexport_refcont.*"))

	def test_two_globs(self):
		self.assertIn("one filter glob", self.refused("--", "a.*", "b.*"))

	def test_unknown_option(self):
		self.refused("--bogus")


HOLD = textwrap.dedent("""\
	import sys, time
	sys.path.insert(0, sys.argv[1])
	import harness_lock
	from pathlib import Path
	with harness_lock.tree_lock(Path(sys.argv[2])):
	    print("held", flush=True)
	    time.sleep(float(sys.argv[3]))
	""")


class TwoRunsTest(unittest.TestCase):
	"""Two processes after one tree: the second waits, or exits 2."""

	def hold(self, tree, seconds, waits_for=None):
		"""Start a process that holds TREE's lock for SECONDS; with
		WAITS_FOR, expect it to say it waits for that one first."""
		proc = subprocess.Popen([sys.executable, "-c", HOLD, str(HERE),
					 str(tree), str(seconds)],
					stdout=subprocess.PIPE, text=True)
		self.addCleanup(proc.stdout.close)
		if waits_for:
			self.assertIn(f"waiting for PID {waits_for.pid}",
				      proc.stdout.readline())
		self.assertEqual(proc.stdout.readline().strip(), "held")
		return proc

	def test_second_waits_then_goes_on(self):
		with tempfile.TemporaryDirectory() as d:
			first = self.hold(Path(d), 1.0)
			start = time.monotonic()
			second = self.hold(Path(d), 0, waits_for=first)
			self.assertGreater(time.monotonic() - start, 0.5)
			self.assertEqual(first.wait(), 0)
			self.assertEqual(second.wait(), 0)

	def test_second_without_wait_names_the_first(self):
		sys.path.insert(0, str(HERE))
		import harness_lock  # pylint: disable=import-outside-toplevel
		from harness_kernels import HarnessError  # noqa: E402
		with tempfile.TemporaryDirectory() as d:
			first = self.hold(Path(d), 1.0)
			with self.assertRaises(HarnessError) as ctx:
				with harness_lock.tree_lock(Path(d), wait=False):
					pass
			self.assertIn(f"PID {first.pid}", str(ctx.exception))
			self.assertEqual(first.wait(), 0)


class KilledMutateTest(unittest.TestCase):
	"""A mutate killed with a mutant applied: the next run restores the
	file; a run that mutate starts leaves its mutant alone."""

	def test_left_mutant_is_restored_only_outside_mutate(self):
		sys.path.insert(0, str(HERE))
		import harness_lock  # pylint: disable=import-outside-toplevel
		with tempfile.TemporaryDirectory() as tmp:
			tree = Path(tmp)
			(tree / "scripts").mkdir()
			source = tree / "scripts" / "modpost.c"
			source.write_text("mutated\n")
			backup = tree / harness_lock.MUTANT_BACKUP
			backup.write_text("scripts/modpost.c\nunmutated\n")
			env = {harness_lock.HELD_ENV: "held"}
			with unittest.mock.patch.dict(os.environ, env):
				self.assertIsNone(harness_lock.recover_mutant(tree))
			self.assertEqual(source.read_text(), "mutated\n")
			self.assertEqual(harness_lock.recover_mutant(tree),
					 "scripts/modpost.c")
			self.assertEqual(source.read_text(), "unmutated\n")
			self.assertFalse(backup.exists())
			self.assertIsNone(harness_lock.recover_mutant(tree))


if __name__ == "__main__":
	unittest.main()
