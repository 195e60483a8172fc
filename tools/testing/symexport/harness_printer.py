# SPDX-License-Identifier: GPL-2.0-only
"""The harness's terminal output.

A Printer, as kunit.py's kunit_printer.Printer, owns an output stream:
its say() prints "symexport: ..." lines to it and writes the event that
goes with one to the --events file (harness_events); its build_output()
says where a build step's make and compiler output goes (without
--verbose: only to its log, or to a background build's held output, which
is shown if that build fails); its print_tail() the last lines of a log.
Each configuration of a run has one (harness_steps.ConfigRun.printer):
DEFAULT_PRINTER, on stdout, unless it builds in the background; say()
and output() here are DEFAULT_PRINTER's, for code that has no
configuration in hand.  print_error() prints the one line of a
HarnessError; and the tables of failed and skipped cases, of the cases
that changed between --repeat runs and of every case per kernel print
here too.
"""

import collections
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, TextIO, Union

from harness_results import Case, MISSING, tally
from harness_events import emit


class Discard:
	"""An output stream that drops what it is given."""

	def write(self, text: str) -> int:
		"""Drop TEXT."""
		return len(text)

	def flush(self) -> None:
		"""Nothing to flush."""


DISCARD = Discard()
# Where output may go: a text stream, or DISCARD.
Stream = Union[TextIO, Discard]


class Printer:
	"""Where one configuration's messages and streamed output go: STREAM
	(None: stdout, looked up at each write); HELD, where its build
	steps' make and compiler output is kept (None: nowhere); the events
	of a BACKGROUND build's printer say so."""

	def __init__(self, stream: Optional[TextIO] = None,
		     held: Optional[TextIO] = None, background: bool = False):
		self.stream = stream
		self.held = held
		self.background = background

	def output(self) -> TextIO:
		"""Return the output stream: stdout unless given another."""
		return sys.stdout if self.stream is None else self.stream

	def build_output(self, verbose: bool) -> Stream:
		"""Return where a build step (kunit.py build, make) streams
		its make and compiler output: with VERBOSE output(), as a
		boot's; else the held output (shown only if a background build
		fails), or nowhere: the run log has it, and a failure prints its
		tail."""
		if verbose:
			return self.output()
		return DISCARD if self.held is None else self.held

	def say(self, message: str, event: Optional[str] = None,
		**fields: Any) -> None:
		"""Print a harness message to output(), in order with streamed
		output; with EVENT, write that event with FIELDS to the
		--events file too (marked "background" for a background
		build)."""
		print(f"symexport: {message}", file=self.output(), flush=True)
		if event:
			if self.background:
				fields["background"] = True
			emit(event, **fields)

	def print_tail(self, title: str, lines: Sequence[str],
		       source: object) -> None:
		"""Print TITLE and the last LINES of SOURCE, indented."""
		self.say(f"{title}; last {len(lines)} lines of {source}:")
		out = self.output()
		for line in lines:
			print("    " + line, file=out)
		out.flush()


DEFAULT_PRINTER = Printer()


def output() -> TextIO:
	"""Return DEFAULT_PRINTER's output stream: stdout."""
	return DEFAULT_PRINTER.output()


def say(message: str, event: Optional[str] = None, **fields: Any) -> None:
	"""DEFAULT_PRINTER.say(): print a harness message to stdout (with
	EVENT, write that event with FIELDS to the --events file too)."""
	DEFAULT_PRINTER.say(message, event, **fields)


def print_error(err: Exception) -> None:
	"""Print a HarnessError as one line on stderr."""
	sys.stdout.flush()
	print(f"symexport: error: {err}", file=sys.stderr, flush=True)


def heartbeat_line(what: str, seconds: float) -> str:
	"""The line a long step prints now and then: WHAT, for how long."""
	return f"{what}: still going after {int(seconds) // 60} min " \
	       f"{int(seconds) % 60:02d} s"


def step_done_line(what: str, ok: bool, seconds: float) -> str:
	"""The line a long step prints when it ends: WHAT, how, how long."""
	how = "done in" if ok else "failed after"
	return f"{what}: {how} {int(seconds) // 60} min {int(seconds) % 60:02d} s"


def print_case_table(cases: Sequence[Case],
		     left_out: Optional[Dict[str, List[Case]]] = None) -> None:
	"""Print the failed and skipped cases; the skips in LEFT_OUT ({what
	they need: [Case]}, what the run did not build) a line for each
	need."""
	grouped = {id(case) for group in (left_out or {}).values()
		   for case in group}
	bad = [case for case in cases
	       if case.status != "PASS" and id(case) not in grouped]
	if not bad and not grouped:
		return
	print("\nFailed and skipped cases:")
	for case in bad:
		reason = f": {case.reason}" if case.reason else ""
		print(f"  {case.status:<6} {case.name}{reason}")
	for need, group in (left_out or {}).items():
		suites = sorted({case.name.split(".")[0] for case in group})
		cases_of = "case" if len(group) == 1 else "cases"
		print(f"  SKIP   {len(group)} {cases_of} of {', '.join(suites)}, "
		      f"not run here: {need}")
	print()


def print_repeat(changed: Dict[str, List[str]], runs: int,
		 wanted: int) -> None:
	"""Print the cases whose result changed in RUNS of WANTED rounds."""
	stopped = "" if runs == wanted else f" (of {wanted}; the run stopped)"
	say(f"repeat: {runs} runs{stopped}")
	if not changed:
		print(f"no case changed its result in {runs} runs", flush=True)
		return
	for name, seq in changed.items():
		print(f"  {name}: {' '.join(seq)}")
	print(f"{len(changed)} cases changed their result in {runs} runs "
	      "(flaky: counted as failed)", flush=True)


def summarise(cases: Sequence[Case], json_path: Optional[Path] = None,
	      left_out: Optional[Dict[str, List[Case]]] = None) -> int:
	"""Print the table of failed and skipped cases (LEFT_OUT as for
	print_case_table()) and the counts, the "result" event's, with
	JSON_PATH, where --json wrote them (or None); return the number
	failed."""
	passed, failed, skipped = tally(cases)
	print_case_table(cases, left_out)
	print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
	emit("result", passed=passed, failed=failed, skipped=skipped,
	     json=str(json_path) if json_path else None)
	return failed


def print_kernel_table(results: Dict[str, List[Case]]) -> None:
	"""Print every case's status per kernel and machine ({label: [Case]}),
	the cases whose status differs first."""
	kernels = list(results)
	order: List[str] = []
	status: Dict[str, Dict[str, str]] = collections.defaultdict(dict)
	for kernel, cases in results.items():
		for case in cases:
			if case.name not in status:
				order.append(case.name)
			status[case.name][kernel] = case.status
	rows = [[status[name].get(k, MISSING) for k in kernels] + [name]
		for name in order]
	def differs(row: List[str]) -> bool:
		return len(set(row[:-1]) - {MISSING}) > 1
	rows.sort(key=lambda row: not differs(row))
	differ = sum(differs(row) for row in rows)
	width = max([7] + [len(k) for k in kernels])
	say(f"every case per kernel and machine ({differ} differ; "
	    f"{MISSING}: not run there):")
	print("    " + "  ".join(f"{k:<{width}}" for k in kernels) + "  case")
	for row in rows:
		print("    " + "  ".join(f"{v:<{width}}" for v in row[:-1]) +
		      f"  {row[-1]}")
