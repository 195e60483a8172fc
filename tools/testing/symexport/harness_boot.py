# SPDX-License-Identifier: GPL-2.0-only
"""Booting a configuration: kunit.py exec for its boot, reading its console,
and the boots of their own of the cases that need one.
"""

import contextlib
from pathlib import Path
from typing import List, Optional

from harness_kernels import arch_of, DEFAULT_ARCH
from harness_kunit import crashed_in_log
from harness_results import (console_problems, glob_matches, Group, leaf_cases,
	load_results, may_overlap, parse_test_list, put_case, skipped_cases,
	user_filter_glob)
from harness_proc import describe_failure, file_stamp, tail_of_file
from harness_tree import UML_FP_HINT, UML_FP_TRAP
from harness_config import own_boot_args, own_boot_globs
from harness_steps import (ConfigRun, failure_log, QEMU_KVM_FAILURE,
	QEMU_TCG_MARKER, RunSteps)


def boot(run: RunSteps, cfg: ConfigRun, what: str, cmd: List[str],
	 json_path: Path) -> Optional[Group]:
	"""Boot with kunit.py exec; return its JSON, or None if it has
	no cases (reported with the tail of the kernel's log)."""
	before = file_stamp(cfg.kernel_log)
	with contextlib.suppress(FileNotFoundError):
		json_path.unlink()	# not an earlier round's results
	result = run.step(cfg, "kunit.py exec", cmd)
	if kvm_failed(run, cfg):
		cfg.printer.say(f"{what}: QEMU's KVM failed on this machine "
				f"(\"{QEMU_KVM_FAILURE}\"; a host that is "
				"itself a virtual machine?): booting again, "
				"and from now on, under TCG")
		before = file_stamp(cfg.kernel_log)
		with contextlib.suppress(OSError):
			(run.build_dir / QEMU_TCG_MARKER).write_text(
				f"{QEMU_KVM_FAILURE}: boots here run under TCG\n")
		result = run.step(cfg, "kunit.py exec",
				   run.without_kvm(cmd))
	top = load_results(json_path)
	if top is not None and not any(True for _ in leaf_cases(top)):
		top = None
	if top is not None:
		mark_crashed(run.tree, cfg.kernel_log, top)
	read_console(run, cfg, what)
	hint_uml_fp(run, cfg)
	if result.timed_out:
		return top
	why = describe_failure(result, "kunit.py exec")
	if top is None:
		why = (why + "; " if why else "") + \
			"no test results (crash, panic or no KTAP output?)"
	if why:
		run.ok = False
		log = failure_log(cfg.build_dir, before, cfg.run_log)
		cfg.printer.print_tail(f"{what}: {why}",
				       tail_of_file(log), log)
	return top


# The case put into a parameterised case the kernel died in.
CRASHED_CASE = "kernel_died_before_every_parameter_reported"


def mark_crashed(tree: Path, kernel_log: Path, top: Group) -> None:
	"""Put a failed case CRASHED_CASE into each parameterised case of TOP
	that the kernel died in, as the kernel log shows it to TREE's
	kunit_parser: kunit.py's JSON keeps only the parameters that
	reported, and all of them may have passed."""
	for name in crashed_in_log(tree, kernel_log):
		path = name.split(".")
		if len(path) == 2:
			put_case(top, path, {
				"name": CRASHED_CASE, "status": "ERROR",
				"reason": "the kernel died in this case: only the "
					  "parameters before it reported"})


def kvm_failed(run: RunSteps, cfg: ConfigRun) -> bool:
	"""True if CFG's QEMU boot, not yet under TCG, stopped with
	QEMU_KVM_FAILURE."""
	if run.qemu_tcg or arch_of(run.opts) == DEFAULT_ARCH:
		return False
	try:
		with open(cfg.kernel_log, encoding="utf-8",
			  errors="replace") as f:
			return any(QEMU_KVM_FAILURE in line for line in f)
	except OSError:
		return False


def hint_uml_fp(run: RunSteps, cfg: ConfigRun) -> None:
	"""Say UML_FP_HINT, once, if CFG's boot died of UML_FP_TRAP."""
	if run.uml_fp_hinted or arch_of(run.opts) != DEFAULT_ARCH:
		return
	try:
		with open(cfg.kernel_log, encoding="utf-8",
			  errors="replace") as f:
			if not any(UML_FP_TRAP in line for line in f):
				return
	except OSError:
		return
	run.uml_fp_hinted = True
	cfg.printer.say(UML_FP_HINT)


def read_console(run: RunSteps, cfg: ConfigRun, what: str) -> None:
	"""Record what the console of CFG's boot WHAT shows wrong; a
	console without KTAP output (no boot) is not judged."""
	try:
		with open(cfg.kernel_log, encoding="utf-8",
			  errors="replace") as f:
			found = console_problems(f)
	except OSError:
		found = None
	if found is None:
		return
	seen = run.console.setdefault(cfg.name, [])
	seen += [(what, line) for line in found]


def main_boot(run: RunSteps, cfg: ConfigRun) -> bool:
	"""Boot for every case; return False if the run must stop."""
	run.phase(cfg, "boots", "booting for every suite")
	json_path = run.scratch / f"{cfg.name}.json"
	cmd = run.boot_command(cfg, json_path, run.kernel_args(cfg))
	run.results = boot(run, cfg, "the main boot", cmd + list(
		run.opts.kunit_args), json_path)
	return run.results is not None and not run.timed_out


def list_own_boot_cases(run: RunSteps, cfg: ConfigRun, glob: str
			) -> Optional[List[str]]:
	"""Return the cases matching GLOB, from a listing boot, or None."""
	run.phase(cfg, "boots", "listing the cases that need a boot of "
		   f"their own ({glob})")
	before = file_stamp(cfg.kernel_log)
	result = run.step(cfg, "kunit.py exec", run.exec_command(
		cfg, "--list_tests", glob), keep_output=True)
	if result.timed_out:
		return None
	why = describe_failure(result, "kunit.py exec --list_tests")
	if why:
		run.ok = False
		log = failure_log(cfg.build_dir, before, cfg.run_log)
		cfg.printer.print_tail(why, tail_of_file(log), log)
		return None
	return parse_test_list(result.output or [], glob)


def own_boot_cases(run: RunSteps, cfg: ConfigRun, top: Optional[Group]
		   ) -> Optional[List[str]]:
	"""Return the cases to boot for one by one, or None to stop.

	They are the skipped cases of CFG's own_boot_globs in its boot's
	results TOP; only if it has none of a glob's cases at all, a
	listing boot names them.
	"""
	user_glob = user_filter_glob(run.opts.kunit_args)
	names = []
	for glob in own_boot_globs(cfg.config, arch_of(run.opts)):
		if user_glob and not may_overlap(glob, user_glob):
			continue
		found = skipped_cases(top, glob) if top is not None else None
		if found is None:
			found = list_own_boot_cases(run, cfg, glob)
		if found is None:
			return None
		names += [name for name in found if name not in names and
			  (not user_glob or glob_matches(user_glob, name))]
	return names


def own_boot(run: RunSteps, cfg: ConfigRun, name: str, number: int,
	     count: int) -> None:
	"""Boot for case NAME alone; merge its results over the main ones."""
	run.phase(cfg, "boots", f"booting for {name} ({number}/{count})")
	json_path = run.scratch / f"own-{number}.json"
	cmd = run.boot_command(cfg, json_path,
				run.kernel_args(cfg) + own_boot_args(name))
	top = boot(run, cfg, f"the boot for {name}", cmd + [name],
			json_path)
	if top is None:
		suite, _, case_name = name.partition(".")
		put_case(run.top(), (suite,), {
			"name": case_name, "status": "ERROR",
			"log": f"its own boot ({cfg.name}) gave no test "
			       "results"})
		return
	for path, case in leaf_cases(top):
		put_case(run.top(), path, case)


def own_boots(run: RunSteps, cfg: ConfigRun, top: Optional[Group]) -> bool:
	"""Boot CFG once for each case that needs a boot of its own,
	given its boot's results TOP; return False if the run must
	stop."""
	names = own_boot_cases(run, cfg, top)
	if names is None:
		return False
	for number, name in enumerate(names, 1):
		if run.timed_out:
			return False
		own_boot(run, cfg, name, number, len(names))
	return True
