# SPDX-License-Identifier: GPL-2.0-only
"""JUnit XML of a run's merged results, for CI systems that read it.

kunit.py writes JUnit for one boot (--junit, kunit_junit.py, since 7.2);
a run merges many boots and the build cases, so the harness writes the
same shape from the merged results in kunit.py's JSON format
(harness_results): one <testsuite> for every group that holds cases,
named by its path below the top group ("symexport_unload", or
"debug.symexport_unload" for a configuration reported below its own
group), inside one <testsuites>.  Each <testcase> has the suite as its
classname (what GitLab shows), a <failure>, <error> or <skipped> with the
harness's reason as its message, and the case's log as <system-out>.
"""

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, Iterator, Tuple

from harness_results import COUNT_OF_STATUS, status_of

# The element a case of each status other than PASS gets, and its text
# when the case has no log.
OUTCOME = {"FAIL": ("failure", "Test Failed"),
	   "ERROR": ("error", "Test Crashed"),
	   "SKIP": ("skipped", "")}


def case_groups(group: dict, path: Tuple[str, ...] = ()
		) -> Iterator[Tuple[str, dict]]:
	"""Yield (dotted path, group) for GROUP's groups below it that hold
	cases, GROUP itself first if it holds any, depth first."""
	if group.get("test_cases"):
		yield ".".join(path), group
	for sub in group.get("sub_groups") or []:
		yield from case_groups(sub, path + (str(sub.get("name", "?")),))


def counts(cases: list) -> Dict[str, int]:
	"""Return the JUnit counts of the case dicts CASES."""
	tally = dict.fromkeys(("passed", "failed", "crashed", "skipped"), 0)
	for case in cases:
		tally[COUNT_OF_STATUS.get(status_of(case), "failed")] += 1
	return {"tests": len(cases), "failures": tally["failed"],
		"errors": tally["crashed"], "skipped": tally["skipped"]}


def add_case(suite: ET.Element, classname: str, case: dict) -> None:
	"""Add the kunit.py JSON test case CASE to SUITE."""
	element = ET.SubElement(suite, "testcase", {
		"name": str(case.get("name", "?")), "classname": classname})
	status = status_of(case)
	log = case.get("log") or ""
	if status in OUTCOME:
		tag, default = OUTCOME[status]
		outcome = ET.SubElement(element, tag)
		reason = str(case.get("reason", "") or "")
		if reason:
			outcome.set("message", reason)
		outcome.text = reason or default
	elif status != "PASS":
		ET.SubElement(element, "failure", {"message": status}).text = status
	if log:
		ET.SubElement(element, "system-out").text = str(log)


def junit_tree(top: dict, name: str = "symexport") -> ET.Element:
	"""Return the <testsuites> element NAME for the merged results TOP."""
	root = ET.Element("testsuites", {"name": name})
	total = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
	for path, group in case_groups(top):
		cases = group["test_cases"]
		figures = counts(cases)
		suite_name = path or str(top.get("name", name))
		suite = ET.SubElement(root, "testsuite", {
			"name": suite_name,
			**{key: str(value) for key, value in figures.items()}})
		for case in cases:
			add_case(suite, suite_name, case)
		for key, value in figures.items():
			total[key] += value
	for key, value in total.items():
		root.set(key, str(value))
	return root


def write_junit(path: Path, top: dict) -> None:
	"""Write the merged results TOP to PATH as JUnit XML."""
	root = junit_tree(top)
	ET.indent(root)
	tmp = Path(str(path) + ".tmp")
	ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
	tmp.replace(path)
