# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for harness_proc: supervising processes, timeouts, signals and
the heartbeat of long steps.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_events  # noqa: E402
import harness_printer  # noqa: E402
import harness_proc  # noqa: E402
from fakes import HERE, make_tree, process_gone, TempDirTest  # noqa: E402


HANG_STUB = """\
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", '''
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
if {setsid}:
	os.setsid()	# as UML does
open({pidfile!r} + ".tmp", "w").write(f"{{os.getppid()}} {{os.getpid()}}")
os.rename({pidfile!r} + ".tmp", {pidfile!r})
while True:
	time.sleep(1)
'''])
print("stub: hanging", flush=True)
while True:
	time.sleep(1)
"""


class ProcessTest(TempDirTest):
	"""run_process(): timeouts and signals kill every process kunit.py made."""


	def test_a_reused_pid_is_not_the_process_seen(self):
		me = os.getpid()
		table = {me: ("R", os.getppid(), 0, 0)}
		started = harness_proc.start_time(me)
		self.assertIsNotNone(started)
		self.assertEqual(harness_proc.still_running({me: started}, table), {me})
		# The same pid, started at another time: somebody else's now.
		self.assertEqual(harness_proc.still_running({me: started + 1}, table),
				 set())
		self.assertEqual(harness_proc.still_running({me: started}, {}), set())
	def hang_stub(self, setsid):
		self.pidfile = self.tmp / "pids"
		tree = make_tree(self.tmp / "linux", kunit_py=HANG_STUB.format(
			setsid=setsid, pidfile=str(self.pidfile)))
		return [sys.executable, harness_kernels.KUNIT_PY, "run"], tree

	def read_pids(self):
		return [int(pid) for pid in self.pidfile.read_text().split()]

	def check_timeout_kills_all(self, setsid):
		cmd, tree = self.hang_stub(setsid)
		start = time.monotonic()
		with contextlib.redirect_stdout(io.StringIO()) as out:
			result = harness_proc.run_process(cmd, tree, 2, self.tmp / "log")
		self.assertTrue(result.timed_out)
		self.assertLess(time.monotonic() - start, 8)
		self.assertIn("stub: hanging", result.tail)
		self.assertIn("stub: hanging", out.getvalue())
		self.assertIn("stub: hanging", (self.tmp / "log").read_text())
		for pid in self.read_pids():
			self.assertTrue(process_gone(pid), f"process {pid} survived")

	def test_timeout_kills_process_group(self):
		self.check_timeout_kills_all(setsid=False)

	def test_timeout_kills_child_that_left_session(self):
		self.check_timeout_kills_all(setsid=True)

	def test_sigterm_kills_all_and_exits_143(self):
		cmd, tree = self.hang_stub(setsid=True)
		driver = subprocess.Popen(
			[sys.executable, "-c", textwrap.dedent(f"""\
				import sys
				sys.dont_write_bytecode = True
				sys.path.insert(0, {str(HERE)!r})
				import harness_proc
				harness_proc.run_process({cmd!r}, {str(tree)!r}, 60,
						    {str(self.tmp / 'log')!r})
				""")],
			stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
		deadline = time.monotonic() + 10
		while not self.pidfile.exists() and time.monotonic() < deadline:
			time.sleep(0.05)
		driver.send_signal(signal.SIGTERM)
		self.assertEqual(driver.wait(timeout=10), 128 + signal.SIGTERM)
		for pid in self.read_pids():
			self.assertTrue(process_gone(pid), f"process {pid} survived")


class HeartbeatTest(TempDirTest):
	"""A long step says now and then that it is still going."""

	def test_line(self):
		self.assertEqual(harness_printer.heartbeat_line("[main] building the kernel",
							 95.4),
				 "[main] building the kernel: still going after "
				 "1 min 35 s")

	def test_supervise_stops_once_its_cancel_event_is_set(self):
		"""The cancel Event passed in stops the command, whatever thread
		runs it; its output goes to the OUT passed in."""
		cancel, out = threading.Event(), io.StringIO()
		threading.Timer(0.5, cancel.set).start()
		with open(self.tmp / "log", "w") as log:
			result = harness_proc.supervise(
				["sh", "-c", "echo started; sleep 30"], self.tmp, 60,
				log, out=out, cancel=cancel)
		self.assertTrue(result.cancelled)
		self.assertFalse(result.timed_out)
		self.assertLess(result.elapsed, 10)
		self.assertEqual(out.getvalue(), "started\n")

	def test_supervise_beats_while_the_command_runs(self):
		out = io.StringIO()
		with mock.patch.object(harness_proc, "HEARTBEAT_INTERVAL", 0.3), \
		     mock.patch.object(sys, "stdout", out), \
		     open(self.tmp / "log", "w") as log:
			result = harness_proc.supervise(["sleep", "1"], self.tmp, 10, log,
						   heartbeat="sleeping")
		self.assertEqual(result.returncode, 0)
		self.assertIn("symexport: sleeping: still going after 0 min 00 s",
			      out.getvalue())


class PrinterTest(unittest.TestCase):
	"""harness_printer.Printer: one output stream and what goes with it."""

	def test_a_printer_says_to_its_own_stream(self):
		stream, held = io.StringIO(), io.StringIO()
		printer = harness_printer.Printer(stream, held, background=True)
		with tempfile.TemporaryDirectory() as tmp, \
		     contextlib.redirect_stdout(io.StringIO()) as stdout:
			path = os.path.join(tmp, "events")
			with harness_events.events_to(path, "run"):
				printer.say("staged x", "staged", files_changed=1)
				printer.print_tail("it failed", ["a", "b"], "log")
				harness_printer.say("on stdout", "ccache", hits=0)
			with open(path, encoding="utf-8") as f:
				events = [json.loads(line) for line in f]
		self.assertEqual(stream.getvalue(), "symexport: staged x\n"
				 "symexport: it failed; last 2 lines of log:\n"
				 "    a\n    b\n")
		self.assertEqual(stdout.getvalue(), "symexport: on stdout\n")
		self.assertEqual([(e["event"], e.get("background"))
				  for e in events], [("start", None),
				  ("staged", True), ("ccache", None)])
		self.assertIs(printer.build_output(True), stream)
		self.assertIs(printer.build_output(False), held)

	def test_the_default_printer_follows_stdout(self):
		printer = harness_printer.DEFAULT_PRINTER
		self.assertIs(printer.build_output(False), harness_printer.DISCARD)
		with contextlib.redirect_stdout(io.StringIO()) as out:
			self.assertIs(printer.build_output(True), out)
			printer.say("here")
		self.assertEqual(out.getvalue(), "symexport: here\n")


if __name__ == "__main__":
	unittest.main()
