# SPDX-License-Identifier: GPL-2.0-only
"""bench: reading what the runs, boots and builds left.

The harness's own lines split a run into its phases (setup, build,
external, boots) per configuration and say what it redid; kunit.py's,
check's and ccache's lines give their totals; a boot's KTAP lines, with
the host's or the kernel's timestamps, give each suite's time and the
stress cases' figures; the build directories say what make rebuilt and
how our configuration differs from the baseline's; and the project's
sources say which cases sleep.  Nothing here runs anything.
"""

import contextlib
import os
import re
from pathlib import Path

import harness_kernels
import harness_tree

OUR_SUITES = "symexport_"

# Calls that make a case wait for time to pass rather than for an event.
SLEEP_CALL = re.compile(r"\b(msleep|msleep_interruptible|ssleep|usleep_range|"
			r"fsleep|udelay|mdelay|ndelay|"
			r"schedule_timeout\w*)\s*\(")

# The harness's own lines ("symexport: [<configuration>] <text>", the
# bracket only in harnesses that build several configurations) that start
# a phase; other lines of the harness belong to the phase they are in.
HARNESS_LINE = re.compile(r"^symexport: (?:\[([\w.-]+)\] )?(.*)$")
PHASE_STARTS = (
	("build", re.compile(r"^building the kernel$")),
	("external", re.compile(r"^building external modules$")),
	("boots", re.compile(r"^(booting for|listing the cases) ")),
)
PHASES = ("setup", "build", "external", "boots")
INSTALLED = re.compile(r"^symexport: installed into .* \((\d+) files? changed\)")
STAGED = re.compile(r"^symexport: staged .* \((\d+) files? changed\)")
CCACHE_LINE = re.compile(r"ccache: (\d+) of (\d+) compilations were hits")
CHECK_TOTALS = re.compile(r"^(?:symexport: )?(\d+) passed, (\d+) failed\b")
FAILED_CASE = re.compile(r"^  (?:FAIL|ERROR)\s+([\w.]+)")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) skipped$")
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


def phases(stamped, total):
	"""Split a run into setup, build, external and boots by the harness's
	own lines; return ({phase: seconds}, {configuration: {phase:
	seconds}}, marks).  Setup is what comes before the first build."""
	segments = [(0.0, None, "setup")]
	marks = []
	for when, line in stamped:
		match = HARNESS_LINE.match(line)
		if not match or match[2].startswith("in "):
			continue
		marks.append([round(when, 3), line[len("symexport: "):]])
		for name, pattern in PHASE_STARTS:
			if pattern.match(match[2]):
				config = match[1] or "main"
				if segments[-1][1:] != (config, name):
					segments.append((when, config, name))
				break
	split, per_config = {}, {}
	ends = [when for when, _, _ in segments[1:]] + [total]
	for (start, config, name), end in zip(segments, ends):
		split[name] = split.get(name, 0.0) + end - start
		if config is not None:
			mine = per_config.setdefault(config, {})
			mine[name] = round(mine.get(name, 0.0) + end - start, 3)
	return ({name: round(split[name], 3) for name in PHASES
		 if name in split}, per_config, marks)


def fast_path(lines):
	"""What a run redid: unpacking, reconfiguring, files installed and
	staged, and how many boots it made."""
	installed = [int(m[1]) for m in map(INSTALLED.match, lines) if m]
	staged = [int(m[1]) for m in map(STAGED.match, lines) if m]
	said = [m[2] for m in map(HARNESS_LINE.match, lines) if m]
	return {
		"unpacked": any(text.startswith("unpacking ") for text in said),
		"reconfigured": any(any(word in line for word in RECONFIG)
				    for line in lines),
		"installed_files_changed": sum(installed) if installed else None,
		"staged_files_changed": sum(staged) if staged else None,
		"boots": sum(bool(PHASE_STARTS[2][1].match(text)) for text in said),
	}


def run_summary(lines):
	"""(passed, failed, skipped) from the harness's last line, or None."""
	for line in reversed(lines):
		match = SUMMARY.match(line.strip())
		if match:
			return [int(n) for n in match.groups()]
	return None


def ccache_totals(lines):
	"""Sum the harness's "ccache: H of N compilations were hits" lines:
	{"hits", "compilations", "rate"}, or None if there were none."""
	hits = total = 0
	for line in lines:
		match = CCACHE_LINE.search(line)
		if match:
			hits += int(match[1])
			total += int(match[2])
	if not total:
		return None
	return {"hits": hits, "compilations": total,
		"rate": round(hits / total, 3)}


def check_totals(lines):
	"""(passed, failed) of check's last "N passed, M failed" line, or None."""
	for line in reversed(lines):
		match = CHECK_TOTALS.match(line.strip())
		if match:
			return [int(match[1]), int(match[2])]
	return None


def failed_cases(lines):
	"""Names in the harness's "Failed and skipped cases:" table."""
	names = []
	for line in lines:
		match = FAILED_CASE.match(line)
		name = match[1].rstrip(".") if match else None
		if name and name not in names:
			names.append(name)
	return names


def kunit_elapsed(lines):
	"""kunit.py run's own split of its time, or None."""
	for line in reversed(lines):
		match = KUNIT_ELAPSED.search(line)
		if match:
			total, config, build, running = map(float, match.groups())
			return {"total": total, "configuring": config,
				"building": build, "running": running}
	return None


def printk_lines(lines):
	"""Yield (kernel seconds, message) for the timestamped lines."""
	for line in lines:
		match = PRINTK.match(line)
		if match:
			yield float(match[1]), match[2]


def suite_spans(events):
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


def suite_times(lines):
	"""Per-suite seconds by the kernel's printk timestamps.  UML's clock
	for them is jiffies (HZ=100 here), so they come in steps of 10 ms."""
	return suite_spans(printk_lines(lines))


def host_suite_times(stamped):
	"""Per-suite seconds by when the host read each line (ms resolution)."""
	return suite_spans((when, match[2]) for when, line in stamped
			   for match in [PRINTK.match(line)] if match)


def failed_suites(lines):
	return sorted({m[2] for _, text in printk_lines(lines)
		       for m in [RESULT.match(text)] if m and m[1]})


def stress_figures(lines):
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


def newer_files(build_dir, since_ns):
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


def read_config(path):
	"""{option: value} for the set options of a .config."""
	options = {}
	with contextlib.suppress(OSError):
		for line in Path(path).read_text(errors="replace").splitlines():
			key, eq, value = line.partition("=")
			if eq and key.startswith("CONFIG_"):
				options[key] = value
	return options


def count_objects(build_dir):
	count = 0
	for _, _, names in os.walk(build_dir):
		count += sum(name.endswith(".o") for name in names)
	return count


def compare_builds(ours, baseline):
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


def sleeping_calls(project_root):
	"""file:line of every sleeping call in the project's kernel code
	(but the wait for kmemleak's minimum object age)."""
	found = []
	for rel, path in sorted(harness_tree.source_files(
			project_root, harness_kernels.PROJECT_DIRS).items()):
		if not rel.endswith((".c", ".h")):
			continue
		for number, line in enumerate(path.read_text(
				errors="replace").splitlines(), 1):
			if SLEEP_CALL.search(line) and AGE_WAIT not in line:
				found.append(f"{rel}:{number}")
	return found
