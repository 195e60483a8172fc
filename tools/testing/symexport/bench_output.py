# SPDX-License-Identifier: GPL-2.0-only
"""bench: reading what the runs, boots and builds left.

The harness's --events file (harness_events) splits a run into its phases
(setup, build, external, boots) per configuration, says what it redid
and gives its totals and ccache's, and its --json results the failed
cases: bench never reads the harness's terminal output, which may change.
Where no such source exists, bench reads the lines of the programs
themselves: kunit.py's ("Elapsed time: ...", "Generating .config") and a
boot's KTAP lines, with the host's or the kernel's timestamps, for each
suite's time and the stress cases' figures.  The build directories say
what make rebuilt and how our configuration differs from the baseline's;
and the project's sources say which cases sleep.  Nothing here runs
anything.
"""

import contextlib
import json
import os
import re
from pathlib import Path
from typing import (Any, Dict, Iterable, Iterator, List, Optional, Sequence,
		    Tuple, Union)

import harness_events
import harness_kernels
import harness_results
import harness_tree

# One event of an --events file, and a path argument.
Event = Dict[str, Any]
PathArg = Union[str, Path]

OUR_SUITES = "symexport_"

# Calls that make a case wait for time to pass rather than for an event.
SLEEP_CALL = re.compile(r"\b(msleep|msleep_interruptible|ssleep|usleep_range|"
			r"fsleep|udelay|mdelay|ndelay|"
			r"schedule_timeout\w*)\s*\(")

PHASES = harness_events.PHASES
# kunit.py's own lines (its output, or its build's in the harness's run
# logs): it writes nothing a program could read instead.
KUNIT_ELAPSED = re.compile(
	r"Elapsed time: ([\d.]+)s total, ([\d.]+)s configuring, "
	r"([\d.]+)s building, ([\d.]+)s running")
RECONFIG = ("Generating .config", "Regenerating .config")
PRINTK = re.compile(r"^\[\s*(\d+\.\d+)\] ?(.*)$")
SUBTEST = re.compile(r"^(\s*)# Subtest: (\S+)\s*$")
RESULT = re.compile(r"^(not )?ok \d+ (\S+)")
STRESS = {
	"load_unload": re.compile(r"symexport_bench: load_unload_cycles=(\d+) "
				  r"ns=(\d+) cycles_per_sec=(\d+)"),
	"get_put": re.compile(r"symexport_bench: get_put_pairs=(\d+) ns=(\d+) "
			      r"pairs_per_sec=(\d+)"),
}
# Build output that says what make rebuilt (listed when newer than a run).
BUILT_SUFFIXES = (".o", ".ko", ".a", ".mod", ".symvers")
BUILT_NAMES = ("linux", "vmlinux", ".config", "compile_commands.json")


def read_events(path: PathArg) -> List[Event]:
	"""The events of a harness's --events file (harness_events), as
	dicts; [] if there is none.  A line cut short (a run killed while
	writing it) is left out."""
	events = []
	with contextlib.suppress(OSError):
		for line in Path(path).read_text(errors="replace").splitlines():
			with contextlib.suppress(ValueError):
				event = json.loads(line)
				if isinstance(event, dict) and "event" in event:
					events.append(event)
	return events


def of_kind(events: Sequence[Event], kind: str) -> List[Event]:
	return [event for event in events if event.get("event") == kind]


def clock_offset(events: Sequence[Event], started: float) -> float:
	"""Seconds from STARTED (time.time() when bench started the command)
	to the harness's "start" event: add it to the events' times for
	bench's clock.  0.0 without one."""
	for event in of_kind(events, "start")[:1]:
		with contextlib.suppress(TypeError, ValueError):
			return max(0.0, float(event["unix_time"]) - started)
	return 0.0


def phases(events: Sequence[Event], total: float, offset: float = 0.0
	   ) -> Tuple[Dict[str, float], Dict[str, Dict[str, float]],
		      List[List[Any]]]:
	"""Split a run into setup, build, external and boots by its "phase"
	events, at their times plus OFFSET; return ({phase: seconds},
	{configuration: {phase: seconds}}, marks).  Setup is what comes
	before the first build.

	The run's split is the main thread's: each step that starts a phase
	(a "setup" step starts none) lasts until the next one, TOTAL ends the
	last.  A configuration built in the background has its build and
	external passes timed in its thread, each step until its next one or
	its "built" event, beside the main thread's: its boots are the main
	thread's again.  The marks: [time, "[configuration] text"] of each
	step.
	"""
	segments = [(0.0, None, "setup")]
	marks: List[List[Any]] = []
	background: Dict[str, List[Tuple[float, Optional[str]]]] = {}
	for event in events:
		if event.get("event") not in ("phase", "built"):
			continue
		when, config = event["time"] + offset, event["configuration"]
		if event["event"] == "built":
			background.setdefault(config, []).append((when, None))
			continue
		name = event["phase"]
		marks.append([round(when, 3), f"[{config}] {event['text']}"])
		if event.get("background"):
			background.setdefault(config, []).append((when, name))
		elif name != "setup" and segments[-1][1:] != (config, name):
			segments.append((when, config, name))
	split: Dict[str, float] = {}
	per_config: Dict[str, Dict[str, float]] = {}
	ends = [when for when, _, _ in segments[1:]] + [total]
	for (start, config, name), end in zip(segments, ends):
		split[name] = split.get(name, 0.0) + end - start
		if config is not None:
			mine = per_config.setdefault(config, {})
			mine[name] = round(mine.get(name, 0.0) + end - start, 3)
	for config, steps in background.items():
		mine = per_config.setdefault(config, {})
		ends = [when for when, _ in steps[1:]] + [total]
		for (start, name), end in zip(steps, ends):
			if name is not None:
				mine[name] = round(mine.get(name, 0.0) + end -
						   start, 3)
	return ({name: round(split[name], 3) for name in PHASES
		 if name in split}, per_config, marks)


def fast_path(events: Sequence[Event], kunit_lines: Iterable[str] = ()
	      ) -> Dict[str, Any]:
	"""What a run redid: unpacking, reconfiguring (kunit.py's own
	KUNIT_LINES say so, from the run logs), files installed and staged,
	and how many boots it made."""
	installed = [e["files_changed"] for e in of_kind(events, "installed")]
	staged = [e["files_changed"] for e in of_kind(events, "staged")]
	return {
		"unpacked": bool(of_kind(events, "unpacking")),
		"reconfigured": any(any(word in line for word in RECONFIG)
				    for line in kunit_lines),
		"installed_files_changed": sum(installed) if installed else None,
		"staged_files_changed": sum(staged) if staged else None,
		"boots": sum(e["phase"] == "boots"
			     for e in of_kind(events, "phase")),
	}


def run_summary(events: Sequence[Event]) -> Optional[List[int]]:
	"""[passed, failed, skipped] of the run's last "result", or None."""
	for event in of_kind(events, "result")[-1:]:
		return [event["passed"], event["failed"], event["skipped"]]
	return None


def ccache_totals(events: Sequence[Event]) -> Optional[Dict[str, Any]]:
	"""Sum the "ccache" events (one a run, several in a check): {"hits",
	"compilations", "rate"}, or None if there were no compilations."""
	hits = sum(e["hits"] for e in of_kind(events, "ccache"))
	total = sum(e["total"] for e in of_kind(events, "ccache"))
	if not total:
		return None
	return {"hits": hits, "compilations": total,
		"rate": round(hits / total, 3)}


def check_totals(events: Sequence[Event]) -> Optional[List[int]]:
	"""[passed, failed] of check's "check" event, or None."""
	for event in of_kind(events, "check")[-1:]:
		return [event["passed"], event["failed"]]
	return None


def failed_cases(events: Sequence[Event]) -> List[str]:
	"""Names of the failed cases (FAIL, ERROR) in the --json results of
	each "result" (a check has one a target)."""
	names = []
	for event in of_kind(events, "result"):
		if not event.get("json"):
			continue
		for case in harness_results.load_cases(event["json"]) or []:
			if case.status in ("FAIL", "ERROR") and case.name not in names:
				names.append(case.name)
	return names


def kunit_elapsed(lines: Sequence[str]) -> Optional[Dict[str, float]]:
	"""kunit.py run's own split of its time, or None."""
	for line in reversed(lines):
		match = KUNIT_ELAPSED.search(line)
		if match:
			total, config, build, running = map(float, match.groups())
			return {"total": total, "configuring": config,
				"building": build, "running": running}
	return None


def printk_lines(lines: Iterable[str]) -> Iterator[Tuple[float, str]]:
	"""Yield (kernel seconds, message) for the timestamped lines."""
	for line in lines:
		match = PRINTK.match(line)
		if match:
			yield float(match[1]), match[2]


def suite_spans(events: Iterable[Tuple[float, str]]) -> Dict[str, float]:
	"""Return {suite: seconds} from (time, KTAP line) pairs.

	A suite starts at its "# Subtest: <suite>" line and ends at its
	top-level (unindented) "ok N <suite>" or "not ok N <suite>" line.
	"""
	started, times = {}, {}
	for when, text in events:
		match = SUBTEST.match(text)
		if match:
			started[match[2]] = when
			continue
		match = RESULT.match(text)
		if match and match[2] in started:
			times[match[2]] = round(when - started.pop(match[2]), 6)
	return times


def suite_times(lines: Iterable[str]) -> Dict[str, float]:
	"""Per-suite seconds by the kernel's printk timestamps.  UML's clock
	for them is jiffies (HZ=100 here), so they come in steps of 10 ms."""
	return suite_spans(printk_lines(lines))


def host_suite_times(stamped: Iterable[Tuple[float, str]]
		     ) -> Dict[str, float]:
	"""Per-suite seconds by when the host read each line (ms resolution)."""
	return suite_spans((when, match[2]) for when, line in stamped
			   for match in [PRINTK.match(line)] if match)


def failed_suites(lines: Iterable[str]) -> List[str]:
	return sorted({m[2] for _, text in printk_lines(lines)
		       for m in [RESULT.match(text)] if m and m[1]})


def stress_figures(lines: Iterable[str]) -> Dict[str, Any]:
	"""Return the symexport_bench figures the stress cases print."""
	out = {}
	for line in lines:
		match = STRESS["load_unload"].search(line)
		if match:
			out["load_unload_cycles"], out["load_unload_ns"], \
				out["cycles_per_sec"] = map(int, match.groups())
		match = STRESS["get_put"].search(line)
		if match:
			out["get_put_pairs"], out["get_put_ns"], \
				out["pairs_per_sec"] = map(int, match.groups())
	return out


def newer_files(build_dir: Path, since_ns: int) -> List[str]:
	"""Build output under BUILD_DIR written after SINCE_NS (sorted)."""
	found = []
	for dirpath, _, names in os.walk(build_dir):
		for name in names:
			if not (name.endswith(BUILT_SUFFIXES) or name in BUILT_NAMES):
				continue
			path = os.path.join(dirpath, name)
			with contextlib.suppress(OSError):
				if os.stat(path).st_mtime_ns > since_ns:
					found.append(os.path.relpath(path, build_dir))
	return sorted(found)


def read_config(path: Path) -> Dict[str, str]:
	"""{option: value} for the set options of a .config."""
	options = {}
	with contextlib.suppress(OSError):
		for line in Path(path).read_text(errors="replace").splitlines():
			key, eq, value = line.partition("=")
			if eq and key.startswith("CONFIG_"):
				options[key] = value
	return options


def count_objects(build_dir: Path) -> int:
	count = 0
	for _, _, names in os.walk(build_dir):
		count += sum(name.endswith(".o") for name in names)
	return count


def compare_builds(ours: Path, baseline: Path) -> Dict[str, Any]:
	"""How our build differs from the baseline's: options and objects."""
	mine, theirs = read_config(ours / ".config"), read_config(baseline / ".config")
	return {
		"options_set": {"ours": len(mine), "baseline": len(theirs)},
		"only_ours": sorted(f"{k}={v}" for k, v in mine.items()
				    if theirs.get(k) != v),
		"only_baseline": sorted(f"{k}={v}" for k, v in theirs.items()
					if mine.get(k) != v),
		"objects": {"ours": count_objects(ours),
			    "baseline": count_objects(baseline)},
	}


# The one wait that is not synchronisation: kmemleak reports only objects
# older than its minimum age, so symexport_kmemleak lets that much time pass.
AGE_WAIT = "KMEMLEAK_MIN_AGE_MS"


def sleeping_calls(project_root: PathArg) -> List[str]:
	"""file:line of every sleeping call in the project's kernel code
	(but the wait for kmemleak's minimum object age)."""
	found = []
	for rel, path in sorted(harness_tree.source_files(
			Path(project_root), harness_kernels.PROJECT_DIRS).items()):
		if not rel.endswith((".c", ".h")):
			continue
		for number, line in enumerate(path.read_text(
				errors="replace").splitlines(), 1):
			if SLEEP_CALL.search(line) and AGE_WAIT not in line:
				found.append(f"{rel}:{number}")
	return found
