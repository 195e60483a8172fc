# SPDX-License-Identifier: GPL-2.0-only
"""Merging: the other configurations' boots over the main boot's results,
the console cases, and the merged results with the build cases.
"""

import copy
from typing import Callable, List, Tuple

from harness_kernels import arch_of, BUILD_SUITE, KERNEL_LOG
from harness_kunit import KunitToolError, writes_counts
from harness_results import (Case, case_name, collect_cases, CONSOLE_SUITE, COUNTS,
	drop_case, glob_matches, kunit_group, leaf_cases, new_group, put_case,
	Group, recount, status_of, TOP_GROUP, user_filter_glob)
from harness_config import proving_globs
from harness_steps import ConfigRun, RunSteps
from harness_boot import boot, own_boots


def config_cases(run: RunSteps, cfg: ConfigRun
		 ) -> Callable[[Tuple[str, ...], Group], bool]:
	"""Return whether a leaf (path, case) is one CFG's boot replaces."""
	user_glob = user_filter_glob(run.opts.kunit_args)
	boot_glob = cfg.config.boot_glob or "*"

	def wanted(path: Tuple[str, ...], case: Group) -> bool:
		name = case_name(path, case)
		return (bool(path) and
			glob_matches(boot_glob, name) and
			(not user_glob or glob_matches(user_glob, name)))
	return wanted


def config_failed(run: RunSteps, cfg: ConfigRun, why: str) -> None:
	"""Turn the main boot's cases that CFG's boot was to replace into
	errors saying WHY; for a configuration with a report_group, the
	cases it proves, and an error case of its group."""
	wanted = config_cases(run, cfg)
	if cfg.config.report_group:
		put_case(run.top(), (cfg.config.report_group,), {
			"name": "boot", "status": "ERROR", "log": why,
			"reason": why})

		def wanted(path: Tuple[str, ...], case: Group) -> bool:
			return bool(path) and any(
				glob_matches(glob, case_name(path, case))
				for glob in cfg.config.proves)
	for path, case in list(leaf_cases(run.top())):
		if wanted(path, case) and \
		   str(case.get("status", "")).upper() == "SKIP":
			put_case(run.top(), path, dict(
				case, status="ERROR", log=why))


def config_boot(run: RunSteps, cfg: ConfigRun) -> None:
	"""Boot CFG for its boot_glob; merge its results over the main
	ones' skips, then boot for its cases that need a boot of their
	own."""
	if cfg.config.report_group:
		group_boot(run, cfg)
		return
	glob = cfg.config.boot_glob
	assert glob is not None, cfg.name	# only the main one boots for all
	run.phase(cfg, "boots", f"booting for {glob}")
	json_path = run.scratch / f"{cfg.name}.json"
	cmd = run.boot_command(cfg, json_path, run.kernel_args(cfg))
	top = boot(run, cfg, f"the {cfg.name} boot", cmd + [glob],
			json_path)
	if top is None:
		config_failed(run, cfg, f"the {cfg.name} boot gave no test "
				   "results")
		return
	wanted = config_cases(run, cfg)
	ran = {case_name(path, case): status_of(case)
	       for path, case in leaf_cases(run.top()) if path}
	for path, case in leaf_cases(top):
		if not wanted(path, case):
			continue
		# A skip here never hides what the main boot proved.
		if status_of(case) == "SKIP" and \
		   ran.get(case_name(path, case), "SKIP") != "SKIP":
			continue
		put_case(run.top(), path, case)
	own_boots(run, cfg, top)


def proved_elsewhere(run: RunSteps, cfg: ConfigRun, name: str) -> bool:
	"""True if case NAME, skipped in CFG (a configuration with a
	report_group), is proved by another configuration's boot, by
	a boot of its own, or by another configuration that proves
	it."""
	for other in run.configs:
		if other is cfg:
			continue
		if any(glob_matches(glob, name)
		       for glob in proving_globs(other.config)):
			return True
	return False


def group_boot(run: RunSteps, cfg: ConfigRun) -> None:
	"""Boot CFG for every suite (the filter glob after -- still
	applies) and report its cases below its report_group, leaving
	out the skips of cases proved elsewhere."""
	group = cfg.config.report_group
	glob = cfg.config.boot_glob
	assert group is not None and glob is not None, cfg.name
	run.phase(cfg, "boots", "booting for every suite" if glob == "*"
		   else f"booting for {glob}")
	json_path = run.scratch / f"{cfg.name}.json"
	cmd = run.boot_command(cfg, json_path, run.kernel_args(cfg))
	top = boot(run, cfg, f"the {cfg.name} boot", cmd + (
		list(run.opts.kunit_args) if glob == "*" else [glob]),
			json_path)
	if top is None:
		put_case(run.top(), (group,), {
			"name": "boot", "status": "ERROR",
			"log": f"the {cfg.name} boot gave no test results"})
		return
	for path, case in leaf_cases(top):
		if not path:
			continue
		name = case_name(path, case)
		if status_of(case) == "SKIP":
			if proved_elsewhere(run, cfg, name):
				continue
		elif any(glob_matches(glob, name)
			 for glob in cfg.config.proves):
			drop_case(run.top(), path, case, "SKIP")
		put_case(run.top(), (group,) + path, case)


def console_cases(run: RunSteps) -> None:
	"""Put a case per configuration that booted in this round into
	the results: it fails quoting the first bad console line."""
	for name, seen in run.console.items():
		case = {"name": f"{name}_boots_print_no_warning_bug_or_leak",
			"status": "PASS", "log": ""}
		if seen:
			what, line = seen[0]
			case.update(status="FAIL", log=(
				f"{what} printed \"{line}\" "
				f"({len(seen)} such lines in all; see "
				f"{KERNEL_LOG} in the build dir)"))
			case["reason"] = case["log"]
		put_case(run.top(), (CONSOLE_SUITE,), case)


def round_cases(run: RunSteps) -> List[Case]:
	"""Return this round's merged cases, build cases included."""
	return list(collect_cases(run.top())) + run.build_cases


def empty_top(run: RunSteps) -> Group:
	"""Return the top group the tree's kunit.py writes for the main
	configuration when it has no case (with counts if its
	kunit_json.py writes them)."""
	try:
		counts = writes_counts(run.tree)
	except KunitToolError:
		counts = True
	return kunit_group(TOP_GROUP, arch_of(run.opts),
			   run.configs[0].build_dir, counts)


def merged(run: RunSteps) -> Group:
	"""Return the merged JSON results, build cases included, in
	kunit.py's shape: the groups made here have the main boot's
	fields, and every group's counts count its cases as merged."""
	top = copy.deepcopy(run.results) if run.results is not None \
		else empty_top(run)
	for case in run.build_cases:
		put_case(top, (BUILD_SUITE,), {
			"name": case.name[len(BUILD_SUITE) + 1:],
			"status": case.status, "log": case.reason})
	recount(top)
	return top


def all_cases(run: RunSteps) -> List[Case]:
	"""Return the merged cases, with the reasons of build cases."""
	top = run.results if run.results is not None else \
		new_group(TOP_GROUP)
	return list(collect_cases(top)) + run.build_cases
