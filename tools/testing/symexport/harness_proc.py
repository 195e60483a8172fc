# SPDX-License-Identifier: GPL-2.0-only
"""Supervising kunit.py, make and objcopy: the process table, the subreaper,
timeouts, and killing every process a step started.
"""

import collections
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import (Any, Callable, Deque, Dict, IO, Iterable, Iterator, List,
		    Optional, Sequence, Set, TextIO, Tuple, Union)

from harness_kernels import TAIL_LINES
from harness_printer import heartbeat_line, output, Stream

# pid -> (state, ppid, pgrp, session) of every process (/proc/PID/stat).
Table = Dict[int, Tuple[str, int, int, int]]
PathArg = Union[str, Path]
# A command line: strings and paths.
Command = Sequence[Union[str, "os.PathLike[str]"]]


KILL_GRACE = 5.0
READER_GRACE = 5.0
PR_SET_CHILD_SUBREAPER = 36
PR_GET_CHILD_SUBREAPER = 37


@dataclass
class ProcessResult:
	"""Outcome of run_process()."""
	returncode: Optional[int]
	timed_out: bool
	tail: List[str]
	elapsed: float
	output: Optional[List[str]] = None	# every line, if asked for
	cancelled: bool = False		# killed as its cancel Event was set


def process_table() -> Table:
	"""Map pid -> (state, ppid, pgrp, session) for every process."""
	table = {}
	with contextlib.suppress(OSError):
		for entry in os.listdir("/proc"):
			if not entry.isdigit():
				continue
			try:
				with open(f"/proc/{entry}/stat", "rb") as f:
					stat = f.read()
			except OSError:
				continue
			fields = stat[stat.rfind(b")") + 2:].split()
			table[int(entry)] = (fields[0].decode(), int(fields[1]),
					     int(fields[2]), int(fields[3]))
	return table


def descendants(table: Table, roots: Iterable[int]) -> Set[int]:
	"""Return the pids of every process descended from ROOTS."""
	children = collections.defaultdict(list)
	for pid, (_, ppid, _, _) in table.items():
		children[ppid].append(pid)
	found, stack = set(), list(roots)
	while stack:
		for child in children.get(stack.pop(), ()):
			if child not in found:
				found.add(child)
				stack.append(child)
	return found


def our_children(table: Table) -> Set[int]:
	"""Return the pids of this process's children."""
	me = os.getpid()
	return {pid for pid, info in table.items() if info[1] == me}


def set_subreaper(on: bool) -> Optional[bool]:
	"""Set PR_SET_CHILD_SUBREAPER; return the previous value, or None."""
	try:
		prctl = ctypes.CDLL(None, use_errno=True).prctl
		old = ctypes.c_int(0)
		if prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(old), 0, 0, 0) != 0:
			return None
		prctl(PR_SET_CHILD_SUBREAPER, int(bool(on)), 0, 0, 0)
		return bool(old.value)
	except (OSError, AttributeError):
		return None


# Supervised trees can run in two threads at once (a configuration built
# in the background).  SUPERVISION guards starting one (Popen and
# registering its leader), LIVE_TREES and every look for processes to kill
# or reap, so that one tree's clean-up never takes another's processes.
SUPERVISION = threading.RLock()
# leader pid -> {pid: start time} of the processes seen in its tree,
# while supervised
LIVE_TREES: Dict[int, Dict[int, Optional[int]]] = {}
_subreaper: Dict[str, Any] = {"users": 0, "old": None}
TRACK_INTERVAL = 0.2	# how often a supervised tree's pids are noted
HEARTBEAT_INTERVAL = 30.0	# how often a long step says it is still going


def tree_members(table: Table, leader: int) -> Set[int]:
	"""LEADER's descendants and the members of its group and session."""
	return descendants(table, [leader]) | {
		pid for pid, (_, _, pgrp, sid) in table.items()
		if leader in (pgrp, sid)}


def start_time(pid: int) -> Optional[int]:
	"""Return PID's start time (clock ticks after boot), or None if there
	is no such process."""
	try:
		with open(f"/proc/{pid}/stat", "rb") as f:
			stat = f.read()
	except OSError:
		return None
	return int(stat[stat.rfind(b")") + 2:].split()[19])


def still_running(seen: Dict[int, Optional[int]], table: Table) -> Set[int]:
	"""The pids of SEEN ({pid: start time}) that are in TABLE and are
	still the process seen: pids are reused (pid_max is often 32768, which
	a kernel build goes through in minutes), and a reused one belongs to
	somebody else."""
	return {pid for pid, started in seen.items()
		if pid in table and start_time(pid) == started}


def track_tree(leader: int) -> None:
	"""Note the processes now in LEADER's tree, so that they stay its own
	once orphaned and re-parented to us."""
	with SUPERVISION:
		if leader in LIVE_TREES:
			seen = LIVE_TREES[leader]
			for pid in tree_members(process_table(), leader):
				if pid not in seen:
					seen[pid] = start_time(pid)


def others_trees(table: Table, leader: int) -> Set[int]:
	"""Pids of the live supervised trees other than LEADER's."""
	others = set()
	for other, seen in LIVE_TREES.items():
		if other != leader:
			roots = {other} | still_running(seen, table)
			others |= roots | descendants(table, roots)
			others |= tree_members(table, other)
	return others


def kill_targets(table: Table, leader: int, spared: Set[int]) -> Set[int]:
	"""Pids to kill: LEADER's group, session and descendants, and orphans.

	UML's kernel calls setsid(), leaving kunit.py's group and session;
	while this process is a subreaper, orphans are re-parented to us and
	found as children that were not SPARED (children from before).
	Another live supervised tree (its leader, group, session, descendants
	and the pids seen in it) is never a target.
	"""
	others = others_trees(table, leader)
	seen = still_running(LIVE_TREES.get(leader, {}), table)
	roots = {leader} | seen | {pid for pid in our_children(table)
				    if pid not in spared}
	roots -= others
	targets = descendants(table, roots) | roots | tree_members(table, leader)
	targets -= others
	targets.discard(os.getpid())
	return {pid for pid in targets if table.get(pid, ("Z",))[0] != "Z"}


def reap_orphans(leader: int, spared: Set[int]) -> None:
	"""Reap our zombie children except LEADER (Popen reaps it), SPARED
	and other live leaders (their Popen reaps them)."""
	with SUPERVISION:
		for pid, info in process_table().items():
			if (info[1] == os.getpid() and info[0] == "Z" and
			    pid != leader and pid not in spared and
			    pid not in LIVE_TREES):
				with contextlib.suppress(ChildProcessError):
					os.waitpid(pid, os.WNOHANG)


# Before SIGKILL, a tree gets these signals and this long to end: make
# deletes the target it was writing on SIGINT or SIGTERM (a SIGKILLed link
# left an empty vmlinux.o that failed every later run).
GENTLE_SIGNALS = ((signal.SIGINT, 1.0), (signal.SIGTERM, 0.5))


def group_alive(leader: int) -> bool:
	"""True while a process of LEADER's group is not a zombie."""
	return any(pgrp == leader and state != "Z"
		   for state, _, pgrp, _ in process_table().values())


def stop_gently(leader: int) -> None:
	"""Send LEADER's group GENTLE_SIGNALS in turn until it has ended."""
	for sig, grace in GENTLE_SIGNALS:
		try:
			os.killpg(leader, sig)
		except (ProcessLookupError, PermissionError):
			return
		deadline = time.monotonic() + grace
		while time.monotonic() < deadline:
			if not group_alive(leader):
				return
			time.sleep(0.02)


def kill_tree(leader: int, spared: Set[int]) -> None:
	"""Stop kunit.py's process group and everything it started: SIGINT,
	then SIGTERM, then SIGKILL for what is left."""
	stop_gently(leader)
	with contextlib.suppress(ProcessLookupError, PermissionError):
		os.killpg(leader, signal.SIGKILL)
	deadline = time.monotonic() + KILL_GRACE
	while time.monotonic() < deadline:
		with SUPERVISION:
			targets = kill_targets(process_table(), leader, spared)
			for pid in targets:
				with contextlib.suppress(ProcessLookupError,
							 PermissionError):
					os.kill(pid, signal.SIGKILL)
		if not targets:
			break
		time.sleep(0.02)
		reap_orphans(leader, spared)
	reap_orphans(leader, spared)


def pump_output(stream: IO[bytes], log: TextIO, tail: Deque[str],
		out: Optional[Stream]) -> None:
	"""Copy the child's output, line by line, to OUT, LOG and TAIL."""
	for raw in iter(stream.readline, b""):
		line = raw.decode("utf-8", "replace").rstrip("\r\n")
		tail.append(line)
		try:
			print(line, file=out, flush=True)
			log.write(line + "\n")
			log.flush()
		except ValueError:	# log closed after READER_GRACE
			return


def ignore_signals() -> None:
	"""Ignore SIGINT and SIGTERM from now on: once one came, the run
	unwinds to exit 128 + signal, and a second Ctrl-C must not cut
	short the clean-up (killing the background builds' trees)."""
	for sig in (signal.SIGINT, signal.SIGTERM):
		signal.signal(sig, signal.SIG_IGN)


def raise_on_signal(signum: int, _frame: Optional[FrameType]) -> None:
	"""Signal handler: unwind (finally clauses kill what we started)."""
	ignore_signals()
	raise SystemExit(128 + signum)


@contextlib.contextmanager
def signals_kill_tree(leader: Optional[int], spared: Optional[Set[int]],
		      handler: Optional[Callable[[int, Optional[FrameType]], None]] = None
		      ) -> Iterator[None]:
	"""On SIGINT/SIGTERM, kill kunit.py's tree (without LEADER: nothing
	more) and exit 128 + signal."""
	if threading.current_thread() is not threading.main_thread():
		yield
		return

	def kill_handler(signum: int, frame: Optional[FrameType]) -> None:
		ignore_signals()
		if leader is not None:
			kill_tree(leader, spared or set())
		raise_on_signal(signum, frame)

	old = {sig: signal.signal(sig, handler or kill_handler)
	       for sig in (signal.SIGINT, signal.SIGTERM)}
	try:
		yield
	finally:
		for sig, action in old.items():
			if signal.getsignal(sig) is not signal.SIG_IGN:
				signal.signal(sig, action)	# none came


def run_process(cmd: Command, cwd: PathArg, timeout: float,
		log_path: PathArg, keep_output: bool = False,
		heartbeat: Optional[str] = None, out: Optional[Stream] = None,
		cancel: Optional[threading.Event] = None) -> ProcessResult:
	"""Run CMD in its own session with an overall TIMEOUT in seconds.

	Output is streamed to OUT (default: stdout) and appended to
	LOG_PATH, after a line with the command; the last TAIL_LINES
	lines are returned, and with KEEP_OUTPUT all of them too.  Whatever
	happens, every process CMD started is killed before this returns;
	so it is when CANCEL, an Event, is set (result.cancelled).
	"""
	with SUPERVISION:
		if _subreaper["users"] == 0:
			_subreaper["old"] = set_subreaper(True)
		_subreaper["users"] += 1
	try:
		with open(log_path, "a", encoding="utf-8") as log:
			log.write(f"$ cd {shlex.quote(str(cwd))} && "
				  f"{shlex.join(str(arg) for arg in cmd)}\n")
			log.flush()
			return supervise(cmd, cwd, timeout, log, keep_output,
					 heartbeat, out, cancel)
	finally:
		with SUPERVISION:
			_subreaper["users"] -= 1
			if _subreaper["users"] == 0 and _subreaper["old"] is False:
				set_subreaper(False)


def supervise(cmd: Command, cwd: PathArg, timeout: float,
	      log: TextIO, keep_output: bool = False,
	      heartbeat: Optional[str] = None, out: Optional[Stream] = None,
	      cancel: Optional[threading.Event] = None) -> ProcessResult:
	"""Start CMD, stream its output to LOG (and to OUT, by default
	stdout), enforce TIMEOUT, kill its tree, also as soon as CANCEL (an
	Event, or None) is set.

	With HEARTBEAT (what CMD does), say so on the real stdout every
	HEARTBEAT_INTERVAL seconds while it runs, also from a background
	build whose output is held back.
	"""
	tail: Deque[str] = collections.deque(
		maxlen=None if keep_output else TAIL_LINES)
	start = time.monotonic()
	end = start + timeout
	beat = start + HEARTBEAT_INTERVAL
	timed_out = cancelled = False
	with SUPERVISION:
		spared = our_children(process_table())
		proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
					stdout=subprocess.PIPE,
					stderr=subprocess.STDOUT,
					start_new_session=True)
		LIVE_TREES[proc.pid] = {}
	reader = threading.Thread(target=pump_output,
				  args=(proc.stdout, log, tail,
					output() if out is None else out),
				  daemon=True)
	reader.start()
	try:
		with signals_kill_tree(proc.pid, spared):
			try:
				while True:
					left = end - time.monotonic()
					if left <= 0:
						timed_out = True
						break
					if cancel is not None and cancel.is_set():
						cancelled = True
						break
					try:
						proc.wait(timeout=min(left, TRACK_INTERVAL))
						break
					except subprocess.TimeoutExpired:
						track_tree(proc.pid)
					now = time.monotonic()
					if heartbeat and now >= beat:
						beat = now + HEARTBEAT_INTERVAL
						print("symexport: " + heartbeat_line(
							heartbeat, now - start),
						      file=sys.stdout, flush=True)
			finally:
				kill_tree(proc.pid, spared)
				proc.wait()
				reader.join(READER_GRACE)
				if not reader.is_alive() and proc.stdout:
					proc.stdout.close()
	finally:
		with SUPERVISION:
			LIVE_TREES.pop(proc.pid, None)
	lines = list(tail)
	return ProcessResult(proc.returncode, timed_out, lines[-TAIL_LINES:],
			     time.monotonic() - start,
			     lines if keep_output else None, cancelled)


def tail_of_file(path: PathArg, count: int = TAIL_LINES) -> List[str]:
	"""Return the last COUNT lines of PATH (no newlines)."""
	try:
		with open(path, encoding="utf-8", errors="replace") as f:
			return [line.rstrip("\n") for line in
				collections.deque(f, maxlen=count)]
	except OSError:
		return []


def file_stamp(path: PathArg) -> Optional[Tuple[int, int, int]]:
	"""Return what changes when PATH is rewritten, or None if missing."""
	try:
		st = os.stat(path)
	except OSError:
		return None
	return st.st_ino, st.st_mtime_ns, st.st_size


def describe_failure(result: ProcessResult, program: str = "kunit.py"
		     ) -> Optional[str]:
	"""Explain why PROGRAM did not succeed, or return None."""
	if result.returncode is None or result.returncode == 0:
		return None
	if result.returncode < 0:
		return f"{program} was killed by signal {-result.returncode}"
	return f"{program} exited with status {result.returncode}"


def last_lines(lines: Optional[Sequence[str]], count: int = 5) -> str:
	"""Return the last COUNT non-blank LINES on one line."""
	shown = [line.strip() for line in lines or () if line.strip()][-count:]
	return " | ".join(shown) if shown else "(no output)"
