# SPDX-License-Identifier: GPL-2.0-only
"""The run itself: run_configurations(), the build, boot and merge steps of
each configuration in order, and run_suite(), which prepares the tree,
runs it and summarises.

The steps of one run share a RunSteps (harness_steps): its options, tree,
configurations, outcome and merged results.  Every step runs in the kernel
tree under run_process(), with what is left of opts.timeout per
configuration; any step that fails or times out sets ok to False, and one
that makes the rest pointless stops the run (or, in a configuration other
than the main one, the rest of that configuration).
"""

import contextlib
import os
import tempfile
from argparse import Namespace
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from harness_lock import recover_mutant, tree_lock
from harness_kernels import (arch_of, DEFAULT_KERNEL, HarnessError,
	PROJECT_ROOT, Version)
from harness_junit import write_junit
from harness_results import repeat_changes, SuiteResult, write_json
from harness_printer import print_repeat, say, summarise
from harness_proc import raise_on_signal, signals_kill_tree
from harness_apt import (ccache_counts, ccache_env, ccache_stats,
	ccache_summary, use_ccache)
from harness_tree import (check_build_dir, default_build_dir,
	install_project, prepare_kernel_tree, tree_differences)
from harness_config import (builds_only, config_build_dir, config_wanted,
	CONFIGURATIONS, left_out_groups, need_text, selected_configurations)
from harness_steps import check_kunitconfigs, ConfigRun, job_shares, RunSteps
from harness_build import (Background, build_config, build_external,
	build_kernel)
from harness_boot import main_boot, own_boots
from harness_merge import (all_cases, config_boot, config_failed,
	console_cases, empty_top, merged, round_cases)


def run_configurations(run: RunSteps, project_root: Path) -> None:
	"""Build, build the external modules, and boot, for each
	configuration: the others are built (kernel and external
	modules) in the background meanwhile, unless opts.serial,
	sharing opts.jobs (job_shares()); the boots run one after the
	other."""
	main, *others = run.configs
	background = {} if run.opts.serial else {
		cfg.name: Background(run, cfg, project_root)
		for cfg in others
		if config_wanted(cfg.config, run.opts.kunit_args)}
	# The builds that start together share opts.jobs: the main one
	# with those that do not wait for it, then, once the main
	# kernel is built, those that waited (with ccache: Background)
	# among themselves.  With --serial each has them all.
	waiting = [cfg for cfg in others if cfg.name in background and
		   cfg.config.after_main and ccache_env()]
	first = [main] + [cfg for cfg in others if cfg.name in background
			 and cfg not in waiting]
	for group in (first, waiting):
		for cfg, jobs in zip(group, job_shares(run.opts.jobs,
						      len(group))):
			cfg.jobs = jobs
	with signals_kill_tree(None, None, raise_on_signal):
		try:
			for job in background.values():
				job.start()
			if not run_main(run, main, project_root):
				return
			left_out = [cfg.name for cfg in others if not
				    config_wanted(cfg.config, run.opts.kunit_args)]
			if left_out:
				say(f"[{', '.join(left_out)}] {LEFT_OUT}")
			for cfg in others:
				if run.timed_out:
					return
				if cfg.name in background:
					built = background[cfg.name].finish()
					boot_config(run, cfg, built)
				else:
					built = run_config(run, cfg,
								project_root)
				run.built[cfg.name] = built
			if run.timed_out:
				return
			console_cases(run)
			run.rounds.append(round_cases(run))
			first_results = run.results
			try:
				repeat_boots(run, others)
			finally:
				run.results = first_results
		finally:
			# Stop every one before printing any output:
			# stdout may be gone (Ctrl-C on "run | tee"
			# kills tee too).
			for job in background.values():
				job.cancel.set()
			for job in background.values():
				job.stop()
			for job in background.values():
				with contextlib.suppress(OSError):
					job.finish(cancel=True)


def run_main(run: RunSteps, main: ConfigRun, project_root: Path) -> bool:
	"""Build, build the external modules for, and boot the main
	configuration, with the boots of their own; return False if
	the run must stop."""
	try:
		built = build_kernel(run, main)
	finally:
		run.main_kernel_built.set()
	return (built and build_external(run, main, project_root) and
		boot_main(run, main))


def boot_main(run: RunSteps, main: ConfigRun) -> bool:
	"""The main boot and the boots of their own; return False if
	the run must stop.  None for a glob of build cases only."""
	if builds_only(run.opts.kunit_args):
		run.phase(main, "boots", "no boot: the filter glob selects "
			  "build cases only")
		run.results = empty_top(run)
		return True
	if not main_boot(run, main):
		return False
	return own_boots(run, main, run.results)


LEFT_OUT = "left out by the filter glob"


def run_config(run: RunSteps, cfg: ConfigRun, project_root: Path
	       ) -> Optional[bool]:
	"""Build, build the external modules for, and boot a
	configuration other than the main one; return what
	build_config() returned."""
	if not config_wanted(cfg.config, run.opts.kunit_args):
		# Said for all of them at once (run_configurations()).
		run.phase(cfg, "setup", LEFT_OUT, shown=False)
		return None
	built = build_config(run, cfg, project_root)
	boot_config(run, cfg, built)
	return built


def boot_config(run: RunSteps, cfg: ConfigRun, built: Optional[bool]) -> None:
	"""Boot CFG if it BUILT (and the glob selects more than build
	cases), else turn its cases into errors."""
	if built and builds_only(run.opts.kunit_args):
		run.phase(cfg, "boots", "no boot: the filter glob selects "
			  "build cases only")
	elif built:
		config_boot(run, cfg)
	elif built is False and not run.timed_out:
		config_failed(run, cfg, f"the {cfg.name} configuration "
				   "did not build")


def repeat_boots(run: RunSteps, others: Sequence[ConfigRun]) -> None:
	"""Boot again, without building, for rounds 2 to opts.repeat:
	the main boot, the own boots and the other configurations'
	boots; record each complete round's cases in run.rounds."""
	main = run.configs[0]
	count = getattr(run.opts, "repeat", 1)
	for number in range(2, count + 1):
		if run.timed_out:
			return
		say(f"repeat: run {number}/{count}")
		run.results = None
		run.console = {}
		if not boot_main(run, main):
			return
		for cfg in others:
			if run.timed_out:
				return
			if config_wanted(cfg.config, run.opts.kunit_args):
				boot_config(run, cfg, run.built.get(cfg.name))
		if run.timed_out:
			return
		console_cases(run)
		run.rounds.append(round_cases(run))


def run_suite(opts: Namespace, project_root: Path = PROJECT_ROOT
	      ) -> SuiteResult:
	"""Install, build, build the external modules and boot; print the
	summary; return a SuiteResult.

	Raises HarnessError for bad input or an unusable machine.
	"""
	json_path = Path(os.path.abspath(opts.json)) if opts.json else None
	tree, version = prepare_kernel_tree(
		opts.kernel_src, getattr(opts, "kernel", None) or DEFAULT_KERNEL,
		arch_of(opts))
	with tree_lock(tree, not getattr(opts, "no_wait", False), say):
		return run_in_tree(opts, project_root, tree, version, json_path)


def run_in_tree(opts: Namespace, project_root: Path, tree: Path,
		version: Version, json_path: Optional[Path]) -> SuiteResult:
	"""run_suite() in TREE of kernel VERSION, holding its lock."""
	build_dir = Path(os.path.abspath(opts.build_dir or
					 default_build_dir(version, arch_of(opts))))
	for config in CONFIGURATIONS:
		check_build_dir(config_build_dir(build_dir, config), project_root)
	mutated = recover_mutant(tree)
	if mutated:
		say(f"{tree / mutated} was left mutated by a mutate that was "
		    "killed: restored")
	installed = install_project(project_root, tree, opts.subdir)
	say(f"installed into {tree / opts.subdir} ({len(installed)} files "
	    "changed)", "installed", path=str(tree / opts.subdir),
	    files_changed=len(installed))
	check_kunitconfigs(opts, tree)
	try:
		build_dir.mkdir(parents=True, exist_ok=True)
	except OSError as err:
		raise HarnessError(f"cannot create build dir {build_dir}: {err}")
	junit_path = Path(os.path.abspath(opts.junit)) \
		if getattr(opts, "junit", None) else None
	for path in (json_path, junit_path):
		if path:
			with contextlib.suppress(FileNotFoundError):
				path.unlink()	# never leave a stale file
	cached = use_ccache()
	stats = ccache_stats() if cached else {}
	with tempfile.TemporaryDirectory(prefix="symexport-") as scratch:
		run = RunSteps(opts, tree, build_dir, Path(scratch),
			       selected_configurations(opts, version), version)
		run_configurations(run, project_root)
	if cached:
		after = ccache_stats()
		hits, misses = ccache_counts(stats, after)
		say(ccache_summary(stats, after), "ccache", hits=hits,
		    total=hits + misses)
	cases = all_cases(run)
	say(f"merged {len(cases) - len(run.build_cases)} KUnit cases and "
	    f"{len(run.build_cases)} build cases")
	repeat = getattr(opts, "repeat", 1)
	changed: Dict[str, List[str]] = {}
	if repeat > 1:
		changed, worst = repeat_changes(run.rounds)
		print_repeat(changed, len(run.rounds), repeat)
		if run.rounds:
			cases = worst
	differs = tree_differences(tree)
	if differs:
		say(f"the tree differs from Debian's {tree.name} in "
		    f"{', '.join(differs)}: these are not the results of "
		    f"Debian's {version[0]}.{version[1]}", "tree_differs",
		    files=differs)
	if json_path and cases:
		top = merged(run)
		if differs:
			top["symexport_tree_differs"] = differs
		if repeat > 1:
			top["symexport_repeat"] = {"runs": len(run.rounds),
						   "changed": changed}
		write_json(json_path, top)
	if junit_path and cases:
		write_junit(junit_path, merged(run))
		say(f"JUnit XML in {junit_path}")
	left_out = left_out_groups(cases, [cfg.config for cfg in run.configs],
				   arch_of(opts))
	failed = summarise(cases, json_path if cases else None,
			   {need_text(need): group
			    for need, group in left_out.items()})
	return SuiteResult(run.ok and bool(cases) and failed == 0 and
			   not changed, cases)
