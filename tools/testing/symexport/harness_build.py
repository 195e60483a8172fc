# SPDX-License-Identifier: GPL-2.0-only
"""Building a configuration: its kernel (kunit.py build) and its external
modules (the passes of harness_config, with the checks and hooks of
harness_ext); Background builds another configuration in a thread.
"""

import contextlib
import io
import shutil
import threading
from pathlib import Path
from typing import Callable, List, Optional, Sequence

from harness_kernels import (arch_of, BUILD_SUITE, EXT_DIRS, EXT_HEADER_DIRS,
	EXT_PROVIDER_DIR, EXT_STAGE, HarnessError, MIN_KERNEL, RUN_LOG)
from harness_results import Case, user_filter_glob
from harness_events import emit
from harness_printer import output, Printer, say
from harness_proc import describe_failure
from harness_apt import ccache_env
from harness_tree import broken_build_outputs, stage_external
from harness_ext import (BuildCase, ExtPass, ext_config_changed, ext_config_record, hook_name,
	make_command, MODPOST_OUTPUT, passes_building, records_case, StepError,
	unmet_expectation)
from harness_config import EXT_PASSES
from harness_steps import Cancelled, ConfigRun, kunitconfig_args, RunSteps
from harness_input import (external_dirs_loaded, needs_external,
	selects_build_cases)


def build_kernel(run: RunSteps, cfg: ConfigRun) -> bool:
	"""kunit.py build for CFG; return True on success."""
	broken = broken_build_outputs(cfg.build_dir)
	if broken:
		shown = ", ".join(str(p.relative_to(cfg.build_dir))
				  for p in broken[:3])
		run.phase(cfg, "build", f"removing {len(broken)} empty or "
			   f"truncated build outputs ({shown}"
			   f"{', ...' if len(broken) > 3 else ''}) left "
			   "by a build that was stopped; make builds "
			   "them again")
		for path in broken:
			with contextlib.suppress(OSError):
				path.unlink()
	run.phase(cfg, "build", "building the kernel")
	result = run.step(cfg, "kunit.py build", run.kunit_command(
		"build", *kunitconfig_args(run.opts, run.version,
					   cfg.config),
		f"--build_dir={cfg.build_dir}", f"--jobs={cfg.jobs}"),
		heartbeat=f"[{cfg.name}] building the kernel", build=True)
	why = describe_failure(result, "kunit.py build")
	if why:
		run.ok = False
		cfg.printer.print_tail(f"[{cfg.name}] {why}", result.tail,
				       cfg.run_log)
		return False
	return not result.timed_out


def build_external(run: RunSteps, cfg: ConfigRun, project_root: Path) -> bool:
	"""Stage and build CFG's external modules, recording build cases.

	Return False if a required pass or a hook failed, or time ran
	out.
	"""
	if not (Path(project_root) / EXT_PROVIDER_DIR).is_dir():
		return True
	glob = user_filter_glob(run.opts.kunit_args)
	if not needs_external(glob, Path(project_root)):
		run.phase(cfg, "external", f"external passes left out: "
			   f"no suite {glob!r} selects loads an external "
			   "module, nor is a build case")
		return True
	run.phase(cfg, "external", "building external modules")
	ext_root = cfg.build_dir / EXT_STAGE
	if ext_config_changed(cfg.build_dir, ext_root):
		# kbuild does not rebuild an external module's
		# vermagic and CRCs for a new .config: start afresh.
		cfg.printer.say(f"[{cfg.name}] the kernel's .config "
				f"changed: removing {ext_root}")
		shutil.rmtree(ext_root, ignore_errors=True)
	changed = stage_external(project_root, ext_root)
	cfg.printer.say(f"staged {', '.join(EXT_DIRS)} and the headers "
			f"in {', '.join(EXT_HEADER_DIRS)} in {ext_root} "
			f"({len(changed)} files changed)", "staged",
			configuration=cfg.name, path=str(ext_root),
			files_changed=len(changed))
	passes = [p for p in cfg.config.ext_passes or EXT_PASSES
		  if run.version >= (p.since or MIN_KERNEL)]
	if glob is not None and not selects_build_cases(glob):
		passes = passes_building(passes, external_dirs_loaded(
			glob, Path(project_root)))
		run.phase(cfg, "external", f"{len(passes)} external "
			   f"passes: those building what {glob!r} loads")
	for number, ext_pass in enumerate(passes, 1):
		run.phase(cfg, "external", f"external pass "
			   f"{number}/{len(passes)}: {ext_pass.what}")
		if not external_pass(run, cfg, ext_root, ext_pass):
			return False
	ext_config_record(cfg.build_dir, ext_root)
	cfg.ext_dir = ext_root
	return True


def record_cases(run: RunSteps, cfg: ConfigRun, ext_pass: ExtPass,
		 reason_of: Callable[[BuildCase], Optional[str]]) -> None:
	"""Decide EXT_PASS's cases for CFG with REASON_OF(spec) (None if
	met) and record those CFG records."""
	for spec in ext_pass.cases:
		if spec.modversions is not None and \
		   spec.modversions != cfg.config.modversions:
			continue
		if spec.since is not None and run.version < spec.since:
			continue
		reason = reason_of(spec)
		name = f"{BUILD_SUITE}.{spec.name}"
		if records_case(cfg.config, spec.name):
			case = Case(name, "FAIL" if reason else "PASS",
				    reason or "")
			cfg.build_cases.append(case)
			cfg.printer.say(f"{case.status} {case.name}" +
					(f": {reason}" if reason else ""))
		elif reason:
			run.fail(cfg, f"[{cfg.name}] {name} does not "
				  f"hold in this configuration: {reason}")


def external_pass(run: RunSteps, cfg: ConfigRun, ext_root: Path,
		  ext_pass: ExtPass) -> bool:
	"""Run one external pass; return False if the run must stop."""
	if ext_pass.check is not None:
		check = ext_pass.check
		record_cases(run, cfg, ext_pass,
				  lambda spec: check(run, cfg, ext_root, spec))
		return True
	if not run_hooks(run, cfg, ext_root, ext_pass.before):
		return False
	assert ext_pass.dir is not None, ext_pass.what	# a make pass
	module_dir = ext_root / ext_pass.dir
	for pattern in (MODPOST_OUTPUT,) + tuple(ext_pass.remove):
		for path in module_dir.glob(pattern):
			path.unlink()
	result = run.step(cfg, "make", make_command(
		cfg.build_dir, ext_root, ext_pass, cfg.jobs,
		arch_of(run.opts)),
		keep_output=True, build=True)
	if result.timed_out:
		return False
	record_cases(run, cfg, ext_pass, lambda spec: unmet_expectation(
		spec, result, module_dir, run.version))
	reason = (unmet_expectation(ext_pass, result, module_dir,
				    run.version)
		  if ext_pass.required else None)
	if reason:
		run.ok = False
		cfg.printer.print_tail(f"[{cfg.name}] building "
				       f"{ext_pass.what} in {module_dir} "
				       f"failed: {reason}", result.tail,
				       cfg.run_log)
		return False
	return run_hooks(run, cfg, ext_root, ext_pass.after)


def run_hooks(run: RunSteps, cfg: ConfigRun, ext_root: Path,
	      hooks: Sequence[Callable]) -> bool:
	"""Run HOOKS (functions of harness_ext) on CFG's stage EXT_ROOT;
	False if one failed."""
	for hook in hooks:
		try:
			hook(run, cfg, ext_root)
		except StepError as err:
			if not run.timed_out:
				run.fail(cfg, f"[{cfg.name}] "
					  f"{hook_name(hook)}: {err}")
			return False
	return True


def build_config(run: RunSteps, cfg: ConfigRun, project_root: Path
		 ) -> Optional[bool]:
	"""Build, and build the external modules for, a configuration
	other than the main one; return True if it can boot, False if
	it did not build, None if it cannot say (no build dir)."""
	try:
		cfg.build_dir.mkdir(parents=True, exist_ok=True)
	except OSError as err:
		run.fail(cfg, f"[{cfg.name}] cannot create build dir "
			  f"{cfg.build_dir}: {err}")
		return None
	if not cfg.config.external:
		return build_kernel(run, cfg)
	return (build_kernel(run, cfg) and
		build_external(run, cfg, project_root))


class Background:
	"""A configuration's build and external passes, in a thread of
	their own while the main configuration builds and boots.

	The thread builds a copy of the configuration's ConfigRun
	(in_background()) with a printer of its own: what it says goes to
	a buffer, printed as one block by finish(); its build steps' make
	and compiler output to another (with --verbose: the first), printed
	by finish() only if the build failed; its steps log to its own
	RUN_LOG; its build cases are added after the main configuration's.
	"""

	def __init__(self, run: RunSteps, cfg: ConfigRun, project_root: Path) -> None:
		self.run = run
		self.cfg = cfg
		self.project_root = project_root
		self.output = io.StringIO()
		self.held = io.StringIO()
		self.printer = Printer(self.output, self.held, background=True)
		self.cancel = threading.Event()
		self.build_cases: List[Case] = []
		# the thread's copy of cfg (ConfigRun.in_background())
		self.build_cfg = cfg
		self.built: Optional[bool] = None
		self.error: Optional[BaseException] = None
		self.finished = False
		self.thread = threading.Thread(
			target=self.main, name=f"symexport-{cfg.name}", daemon=True)

	def start(self) -> None:
		"""Start the thread."""
		shown = ("output shown before its boot" if
			 getattr(self.run.opts, "verbose", False) else
			 "steps shown before its boot, its make output only "
			 "if it fails")
		self.run.phase(self.cfg, "setup", f"building in the background with "
			       f"{self.cfg.jobs} of {self.run.opts.jobs} jobs "
			       f"({shown}; log: {self.cfg.build_dir / RUN_LOG})")
		self.build_cfg = self.cfg.in_background(
			self.printer, self.cancel, self.build_cases)
		self.thread.start()

	def main(self) -> None:
		"""The thread: build_config() of build_cfg."""
		cfg = self.build_cfg
		try:
			with contextlib.suppress(OSError):
				cfg.build_dir.mkdir(parents=True, exist_ok=True)
				cfg.run_log.write_text("")
			if cfg.config.after_main and ccache_env():
				self.printer.say("waiting for the main kernel: its "
						 "objects are this build's ccache "
						 "hits")
				while not self.run.main_kernel_built.wait(1.0):
					if self.cancel.is_set():
						raise Cancelled()
			self.built = build_config(self.run, cfg, self.project_root)
		except Cancelled:
			self.built = None
			self.printer.say("stopped: the run stopped")
		except BaseException as err:	# noqa: B036 - re-raised by finish
			self.error = err
		# No line goes with it; an unwritable --events file stops the
		# run at the main thread's next event.
		with contextlib.suppress(HarnessError):
			emit("built", configuration=self.cfg.name, built=self.built,
			     background=True)

	def stop(self) -> None:
		"""Tell the thread to stop and wait for it: once this returns,
		every process it started is killed."""
		self.cancel.set()	# first: a thread starting now sees it
		if self.thread.ident:
			self.thread.join()

	def finish(self, cancel: bool = False) -> Optional[bool]:
		"""Wait for the thread (with CANCEL, stop it first), print its
		output (its build steps' output only if it failed) and add its
		build cases; return what build_config() returned.  An
		exception in the thread is raised here, unless CANCEL (then it
		is printed)."""
		if cancel:
			self.stop()
		if self.finished or not self.thread.ident:
			return self.built
		self.thread.join()
		self.finished = True
		self.cfg.ext_dir = self.build_cfg.ext_dir
		text = self.output.getvalue()
		if text:
			what = ("output" if getattr(self.run.opts, "verbose", False)
				else "steps")
			say(f"[{self.cfg.name}] {what} of its background build:")
			out = output()
			out.write(text)
			out.flush()
		held = self.held.getvalue()
		if held and (self.built is False or self.error is not None):
			say(f"[{self.cfg.name}] its background build failed; "
			    "the output of its build steps (log: "
			    f"{self.cfg.build_dir / RUN_LOG}):")
			out = output()
			out.write(held)
			out.flush()
		self.run.build_cases += self.build_cases
		if self.error is not None:
			if not cancel:
				raise self.error
			if isinstance(self.error, Exception):
				say(f"error: [{self.cfg.name}] {self.error}")
				self.run.ok = False
		return self.built
