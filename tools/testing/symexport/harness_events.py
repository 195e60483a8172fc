# SPDX-License-Identifier: GPL-2.0-only
"""The --events file: what a run or check does, for programs to read
(bench does) instead of the terminal output, which may change.

JSON Lines: one object a line, written (and flushed) as it happens, with
"time", the seconds since the command started, "event", its name, and
its fields.  The messages of the harness that an event goes with print
it too (harness_printer.say() with an event), so that the file and the
terminal output cannot drift apart.  The events:

  start      the "command" (run or check) started; "unix_time": when
  unpacking  a Debian tarball is unpacked: "tarball", "into"
  installed  the project installed: "path", "files_changed"
  phase      a step of a configuration starts: "configuration", "phase"
             (PHASES: setup, build, external or boots) and "text", the
             line printed
  staged     its external modules staged: "configuration", "path",
             "files_changed"
  built      a background build ended: "configuration", "built" (true,
             false, or null: stopped, or no build dir)
  ccache     the run's compilations: "hits" of "total"
  result     a run's end: "passed", "failed", "skipped" and "json", the
             --json file written (or null)
  target     check, one target's end: "target" (its label), "passed",
             "failed" (skipped cases counted as failed)
  check      check's end: "kunit", "style", "tests" (each [passed,
             failed]), "passed", "failed"

The events of a configuration built in the background (in its thread)
have "background": true.  A later version may add events and fields.
"""

import contextlib
import json
import threading
import time
from typing import Any, Iterator, Optional, TextIO, Tuple

from harness_kernels import HarnessError

PHASES = ("setup", "build", "external", "boots")

# The open --events file and when the command started (monotonic), under
# the lock: the background builds' threads write events too.
_lock = threading.Lock()
_sink: Optional[Tuple[TextIO, float]] = None


@contextlib.contextmanager
def events_to(path: Optional[str], command: str) -> Iterator[None]:
	"""Write the events of the block to PATH afresh (with PATH None,
	nowhere), starting with a "start" event of COMMAND."""
	global _sink
	if not path:
		yield
		return
	try:
		f = open(path, "w", encoding="utf-8")
	except OSError as err:
		raise HarnessError(f"cannot write --events {path}: {err}")
	with _lock:
		_sink = (f, time.monotonic())
	try:
		emit("start", command=command, unix_time=round(time.time(), 3))
		yield
	finally:
		with _lock:
			_sink = None
			f.close()


def emit(event: str, **fields: Any) -> None:
	"""Append EVENT with FIELDS to the --events file, if there is one."""
	with _lock:
		if _sink is None:
			return
		f, start = _sink
		record = {"time": round(time.monotonic() - start, 3),
			  "event": event, **fields}
		try:
			f.write(json.dumps(record) + "\n")
			f.flush()
		except OSError as err:
			raise HarnessError(f"cannot write --events {f.name}: {err}")
