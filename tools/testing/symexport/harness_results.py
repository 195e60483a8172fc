# SPDX-License-Identifier: GPL-2.0-only
"""Results: kunit.py's JSON groups and cases, merged and tallied.

Reads and writes kunit.py's JSON format (groups with sub_groups and
test_cases), puts, drops and collects cases, matches KUnit filter globs,
reads a boot's console for what the kernel prints when something is
wrong, and compares the rounds of a --repeat run.  Nothing here prints.
"""

import collections
import copy
import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import (Any, Dict, Iterable, Iterator, List, Optional, Sequence,
		    Tuple, Union)

# A group or a test case of kunit.py's JSON (a dict), and a path argument.
Group = Dict[str, Any]
PathLike = Union[str, "os.PathLike[str]"]


# The console of every boot, from its first KTAP line on, is read for what
# the kernel prints when something is wrong: a case per configuration in
# CONSOLE_SUITE fails, quoting the first such line, if any boot printed one.
CONSOLE_SUITE = "symexport_console"
KTAP_START = re.compile(r"^\s*K?TAP version \d+")
CONSOLE_PROBLEMS = re.compile(
	r"^(?:\[[ \d.]+\] )?(?:"
	r"WARNING:|BUG:|kernel BUG at|Oops|general protection fault|"	# KASAN too
	r"Kernel panic|UBSAN:|"
	r"(?:\S+ )?possible (?:circular|recursive) locking|"
	r"inconsistent lock state|suspicious RCU usage|"
	r"DEBUG_LOCKS_WARN_ON|INFO: task .* blocked for more than|"
	r"kmemleak: \d+ new suspected memory leaks|unreferenced object 0x"
	r")")
TOP_GROUP = "KUnit Test Group"


@dataclass
class Case:
	"""One leaf test case: "suite.case" (or "suite.case.param")."""
	name: str
	status: str
	reason: str = ""	# why it failed, when the harness knows


# kunit.py's kunit_json.py writes every group with the same metadata ("arch",
# "defconfig", "build_environment", "lab_name", "kernel", "job",
# "git_branch") and, in newer kernels (7.3's, not 6.12's), "misc": the
# counts of the cases below it.  A group the harness makes gets the fields of the group it is put
# under; merged() counts every group's cases again.
GROUP_OWN = ("name", "sub_groups", "test_cases")
COUNTS = "misc"
COUNT_OF_STATUS = {"PASS": "passed", "SKIP": "skipped", "ERROR": "crashed"}


def new_group(name: str, parent: Optional[Group] = None) -> Group:
	"""Return an empty kunit.py JSON group named NAME, with the fields of
	group PARENT other than its name, groups and cases; its counts, if
	PARENT has them, zero."""
	group: Group = {"name": name, "sub_groups": [], "test_cases": []}
	for key, value in (parent or {}).items():
		if key not in GROUP_OWN:
			group[key] = copy.deepcopy(value)
	if COUNTS in group:
		group[COUNTS] = {}
		recount(group)
	return group


def kunit_group(name: str, arch: str, build_dir: PathLike,
		counts: bool = True) -> Group:
	"""Return an empty group as kunit.py's kunit_json.py writes one for
	ARCH and BUILD_DIR; with COUNTS, its "misc" too."""
	group: Group = {"name": name, "sub_groups": [], "test_cases": []}
	if counts:
		group[COUNTS] = {}
		recount(group)
	group.update({"arch": arch, "defconfig": "kunit_defconfig",
		      "build_environment": str(build_dir), "lab_name": None,
		      "kernel": None, "job": None, "git_branch": "kselftest"})
	return group


def recount(group: Group) -> Dict[str, int]:
	"""Count the cases below GROUP as kunit_json.py does (an ERROR is
	"crashed", a status other than PASS, SKIP and ERROR "failed"); set
	the "misc" of every group that has one; return GROUP's counts.  The
	parse errors kunit.py counted stay."""
	counts = dict.fromkeys(("tests", "passed", "failed", "crashed",
				"skipped", "errors"), 0)
	for case in group.get("test_cases") or []:
		counts[COUNT_OF_STATUS.get(status_of(case), "failed")] += 1
	for sub in group.get("sub_groups") or []:
		for key, value in recount(sub).items():
			counts[key] += value
	counts["tests"] = (counts["passed"] + counts["failed"] +
			   counts["crashed"] + counts["skipped"])
	old = group.get(COUNTS)
	if isinstance(old, dict):
		errors = old.get("errors")
		if isinstance(errors, int) and errors > counts["errors"]:
			counts["errors"] = errors
		group[COUNTS] = counts
	return counts


def leaf_cases(group: Group, path: Tuple[str, ...] = ()
	       ) -> Iterator[Tuple[Tuple[str, ...], Group]]:
	"""Yield (suite path, test case dict) for the leaves of a JSON group."""
	for case in group.get("test_cases") or []:
		yield path, case
	for sub in group.get("sub_groups") or []:
		yield from leaf_cases(sub, path + (str(sub.get("name", "?")),))


# kunit_parser's stand-in for a result line a suite's plan announced and
# the kernel never printed (it died, or the suite stopped early): a case
# without a name, named here.
MISSING_RESULT = "missing_result_line"
MISSING_REASON = ("the suite's plan announced more results than the kernel "
		  "printed: it died or the suite stopped early")


def collect_cases(group: Group, path: Tuple[str, ...] = ()
		  ) -> Iterator["Case"]:
	"""Yield the leaf cases of a kunit.py JSON group, named by their path
	(MISSING_RESULT for kunit_parser's nameless stand-in)."""
	for where, case in leaf_cases(group, path):
		status = str(case.get("status", "FAIL")).upper()
		if status not in ("PASS", "SKIP", "ERROR"):
			status = "FAIL"
		name = str(case.get("name", "?"))
		reason = str(case.get("reason", ""))
		if not name:
			name, reason = MISSING_RESULT, reason or MISSING_REASON
		yield Case(".".join(where + (name,)), status, reason)


def load_results(json_path: PathLike) -> Optional[Group]:
	"""Return kunit.py's JSON results (a dict), or None if unusable."""
	try:
		with open(json_path, encoding="utf-8") as f:
			top = json.load(f)
	except (OSError, ValueError):
		return None
	return top if isinstance(top, dict) else None


def load_cases(json_path: PathLike) -> Optional[List["Case"]]:
	"""Return the cases in kunit.py's JSON file, or None if unusable."""
	top = load_results(json_path)
	return None if top is None else list(collect_cases(top))


def put_case(top: Group, path: Sequence[str], case: Group) -> None:
	"""Put test case dict CASE into group TOP below the groups PATH.

	A case of the same name there is replaced; missing groups are made.
	"""
	group = top
	for name in path:
		subs = group.get("sub_groups") or []
		group["sub_groups"] = subs
		match = next((sub for sub in subs
			      if str(sub.get("name", "?")) == name), None)
		if match is None:
			match = new_group(name, group)
			subs.append(match)
		group = match
	cases = group.get("test_cases") or []
	group["test_cases"] = cases
	for index, old in enumerate(cases):
		if str(old.get("name", "?")) == str(case.get("name", "?")):
			cases[index] = case
			return
	cases.append(case)


def drop_case(top: Group, path: Sequence[str], case: Group,
	      status: str) -> None:
	"""Remove the case named as CASE below the groups PATH of TOP if its
	status there is STATUS; an emptied group goes too."""
	if not path:
		return
	group = top
	for name in path[:-1]:
		found = next((sub for sub in group.get("sub_groups") or []
			      if str(sub.get("name", "?")) == name), None)
		if found is None:
			return
		group = found
	subs = group.get("sub_groups") or []
	parent = next((sub for sub in subs
		       if str(sub.get("name", "?")) == path[-1]), None)
	if parent is None:
		return
	cases = parent.get("test_cases") or []
	parent["test_cases"] = [
		old for old in cases
		if str(old.get("name", "?")) != str(case.get("name", "?")) or
		status_of(old) != status]
	if not parent["test_cases"] and not parent.get("sub_groups"):
		subs.remove(parent)


def tally(cases: Sequence["Case"]) -> Tuple[int, int, int]:
	"""Return (passed, failed, skipped) counts for CASES."""
	passed = sum(case.status == "PASS" for case in cases)
	skipped = sum(case.status == "SKIP" for case in cases)
	return passed, len(cases) - passed - skipped, skipped


# KUnit filter globs, and the cases they name in a boot's results

TIMESTAMP_PREFIX = re.compile(r"^\[\d\d:\d\d:\d\d\] ")
TEST_NAME = re.compile(r"^\w+\.\w+$")


def glob_matches(glob: str, name: str) -> bool:
	"""Match "suite.case" NAME against a KUnit filter GLOB.

	As in the kernel, a glob without a dot matches suites only.
	"""
	suite, _, case = name.partition(".")
	suite_glob, dot, case_glob = glob.partition(".")
	return (fnmatch.fnmatchcase(suite, suite_glob) and
		(not dot or fnmatch.fnmatchcase(case, case_glob)))


def may_overlap(own_glob: str, user_glob: str) -> bool:
	"""False if no case of OWN_GLOB can match USER_GLOB (by suite)."""
	suite = own_glob.partition(".")[0]
	if any(char in suite for char in "*?["):
		return True
	return fnmatch.fnmatchcase(suite, user_glob.partition(".")[0])


def user_filter_glob(kunit_args: Sequence[str]) -> Optional[str]:
	"""Return the first non-option argument for kunit.py, or None."""
	return next((arg for arg in kunit_args if not arg.startswith("-")), None)


def parse_test_list(lines: Iterable[str], glob: str) -> List[str]:
	"""Return the "suite.case" names matching GLOB in kunit.py's list."""
	names = []
	for line in lines:
		line = TIMESTAMP_PREFIX.sub("", line.strip()).strip()
		if (TEST_NAME.match(line) and glob_matches(glob, line) and
		    line not in names):
			names.append(line)
	return names


def console_problems(lines: Iterable[str]) -> Optional[List[str]]:
	"""Return the lines of a boot's console, from its first KTAP line
	on, that say the kernel warned, oopsed, found a locking problem, a
	bad memory access or a leak; None if it has no KTAP line."""
	started, found = False, []
	for line in lines:
		line = line.rstrip("\n")
		if not started:
			started = bool(KTAP_START.match(line))
			continue
		if CONSOLE_PROBLEMS.match(line.strip()):
			found.append(line.strip())
	return found if started else None


def status_of(case: Group) -> str:
	"""Return a JSON test case's status, upper case."""
	return str(case.get("status", "")).upper()


def case_name(path: Tuple[str, ...], case: Group) -> str:
	"""Return "suite.case" for a leaf at PATH (a parameter's case's name)."""
	return ".".join((path + (str(case.get("name", "?")),))[:2])


def skipped_cases(top: Group, glob: str) -> Optional[List[str]]:
	"""Return the "suite.case" names matching GLOB that TOP reports as
	skipped, or None if TOP has no case matching GLOB at all."""
	matching, names = False, []
	for path, case in leaf_cases(top):
		if not path:
			continue
		name = case_name(path, case)
		if not glob_matches(glob, name):
			continue
		matching = True
		if str(case.get("status", "")).upper() == "SKIP" and \
		   name not in names:
			names.append(name)
	return names if matching else None


@dataclass
class SuiteResult:
	"""Outcome of run_suite()."""
	ok: bool
	cases: List[Case] = field(default_factory=list)


def write_json(path: Path, top: Group) -> None:
	"""Write the results TOP to PATH as kunit.py does."""
	tmp = path.with_name(f".{path.name}.symexport-tmp")
	tmp.write_text(json.dumps(top, indent=4) + "\n", encoding="utf-8")
	os.replace(tmp, path)


STATUS_RANK = {"PASS": 0, "SKIP": 1, "FAIL": 2, "ERROR": 2}
MISSING = "-"		# a case a round did not report


def repeat_changes(rounds: Sequence[Sequence["Case"]]
		   ) -> Tuple[Dict[str, List[str]], List["Case"]]:
	"""Return ({name: [status per round]} of the cases whose status
	differs between ROUNDS (lists of Case), and the cases with each's
	worst status across them (a missing one counts as ERROR)."""
	order: List[str] = []
	statuses: Dict[str, Dict[int, str]] = collections.defaultdict(dict)
	first: Dict[str, Case] = {}
	for number, cases in enumerate(rounds):
		for case in cases:
			if case.name not in first:
				order.append(case.name)
				first[case.name] = case
			statuses[case.name].setdefault(number, case.status)
	changed: Dict[str, List[str]] = {}
	worst: List[Case] = []
	for name in order:
		seq = [statuses[name].get(number, MISSING)
		       for number in range(len(rounds))]
		bad = max(("ERROR" if status == MISSING else status
			   for status in seq), key=lambda status: STATUS_RANK[status])
		reason = first[name].reason
		if len(set(seq)) > 1:
			changed[name] = seq
			reason = "changed between runs: " + " ".join(seq)
		worst.append(Case(name, bad, reason))
	return changed, worst
