# SPDX-License-Identifier: GPL-2.0-only
"""The run itself: SuiteRun and run_suite()."""

import contextlib
import copy
import io
import os
import shlex
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path, PurePosixPath
from typing import List

from harness_kernels import (arch_of, BUILD_SUITE, CROSS_COMPILE, DEFAULT_ARCH,
	DEFAULT_KERNEL, EXT_DIRS, EXT_HEADER_DIRS, EXT_PROVIDER_DIR, EXT_STAGE,
	HarnessError, KERNEL_LOG, KUNIT_PY, MIN_KERNEL, PROJECT_ROOT,
	QEMU_9P_DEVICES, QEMU_KUNITCONFIG, RUN_LOG)
from harness_results import (Case, case_name, collect_cases, console_problems,
	CONSOLE_SUITE, drop_case, glob_matches, leaf_cases, load_results,
	may_overlap, new_group, parse_test_list, put_case, repeat_changes,
	skipped_cases, status_of, SuiteResult, TOP_GROUP, user_filter_glob,
	write_json)
from harness_printer import (_context, output, print_repeat, print_tail, say,
	summarise)
from harness_proc import (describe_failure, file_stamp, ProcessResult,
	raise_on_signal, run_process, signals_kill_tree, tail_of_file)
from harness_apt import ccache_env, ccache_stats, ccache_summary, use_ccache
from harness_tree import (check_build_dir, default_build_dir, install_project,
	prepare_kernel_tree, stage_external, UML_FP_HINT, UML_FP_TRAP)
from harness_ext import (ext_config_changed, ext_config_record, hook_name,
	make_command, MODPOST_OUTPUT, records_case, StepError,
	unmet_expectation)
from harness_config import (config_build_dir, config_wanted, CONFIGURATIONS,
	EXT_DIR_PARAM, EXT_PASSES, MISSING_CRC_PARAM, missing_crc_rule,
	OWN_BOOT_ARG, proving_globs, selected_configurations)


def failure_log(build_dir, stamp_before, run_log):
	"""Return kunit.py's kernel log if it changed since STAMP_BEFORE, else
	our log."""
	kernel_log = Path(build_dir) / KERNEL_LOG
	stamp = file_stamp(kernel_log)
	if stamp is not None and stamp != stamp_before:
		return kernel_log
	return run_log


def main_kunitconfig(opts):
	"""Return the main kunitconfig below the kernel tree: the project's
	directory on UML, the QEMU kunitconfig in it on the other arches."""
	if arch_of(opts) == DEFAULT_ARCH:
		return opts.subdir
	return str(PurePosixPath(opts.subdir) / QEMU_KUNITCONFIG)


def arch_args(opts):
	"""Return kunit.py's --arch and --cross_compile options for OPTS."""
	arch = arch_of(opts)
	if arch == DEFAULT_ARCH:
		return []
	args = [f"--arch={arch}"]
	if arch in CROSS_COMPILE:
		args.append(f"--cross_compile={CROSS_COMPILE[arch]}")
	return args


def qemu_args(opts):
	"""Return kunit.py exec's --qemu_args for OPTS: the 9p share of the
	host's "/", so that the module paths baked into the kernel (and
	symexport.ext_dir=) are the same in the guest."""
	arch = arch_of(opts)
	if arch == DEFAULT_ARCH:
		return []
	return ["--qemu_args=-fsdev local,id=symexport,path=/,"
		"security_model=none,readonly=on,multidevs=remap "
		f"-device {QEMU_9P_DEVICES[arch]},fsdev=symexport,"
		"mount_tag=symexport"]


def kunitconfig_args(opts, config=None):
	"""Return kunit.py's --kunitconfig options for OPTS and CONFIG.

	Another configuration's kunitconfig is a fragment that kunit.py merges
	into the main one, so both always have the same suites and modules.
	"""
	args = []
	if config is not None and config.kunitconfig is not None:
		path = PurePosixPath(opts.subdir) / config.kunitconfig
		if config.standalone:
			return [f"--kunitconfig={path}"]
		version = getattr(opts, "kernel_version", None) or (0, 0)
		return [f"--kunitconfig={main_kunitconfig(opts)}",
			f"--kunitconfig={path}"] + [
			f"--kunitconfig={PurePosixPath(opts.subdir) / fragment}"
			for since, fragment in config.since if version >= since]
	main = main_kunitconfig(opts)
	for config in opts.kunitconfig or [main]:
		if os.path.exists(config) and config not in (opts.subdir, main):
			config = os.path.abspath(config)
		args.append(f"--kunitconfig={config}")
	return args


class ConfigRun:
	"""One configuration's part of a run."""

	def __init__(self, config, build_dir):
		self.config = config
		self.name = config.name
		self.build_dir = Path(build_dir)
		self.kernel_log = self.build_dir / KERNEL_LOG
		self.ext_dir = None		# set once its modules are built


class Cancelled(Exception):
	"""A background configuration's build was told to stop."""


class Background:
	"""A configuration's build and external passes, in a thread of
	their own while the main configuration builds and boots.

	What the thread prints goes to a buffer, printed as one block by
	finish(); its steps log to its own RUN_LOG; its build cases are
	added after the main configuration's.
	"""

	def __init__(self, run, cfg, project_root):
		self.run = run
		self.cfg = cfg
		self.project_root = project_root
		self.output = io.StringIO()
		self.cancel = threading.Event()
		self.build_cases = []
		self.built = None
		self.error = None
		self.finished = False
		self.thread = threading.Thread(
			target=self.main, name=f"symexport-{cfg.name}", daemon=True)

	def start(self):
		"""Start the thread."""
		self.run.phase(self.cfg, "building in the background (output "
			       "shown before its boot; log: "
			       f"{self.cfg.build_dir / RUN_LOG})")
		self.thread.start()

	def main(self):
		"""The thread: build_config() with this thread's context."""
		_context.output = self.output
		_context.cancel = self.cancel
		_context.run_log = self.cfg.build_dir / RUN_LOG
		_context.build_cases = self.build_cases
		try:
			with contextlib.suppress(OSError):
				self.cfg.build_dir.mkdir(parents=True, exist_ok=True)
				_context.run_log.write_text("")
			if self.cfg.config.after_main and ccache_env():
				say("waiting for the main kernel: its objects "
				    "are this build's ccache hits")
				while not self.run.main_kernel_built.wait(1.0):
					if self.cancel.is_set():
						raise Cancelled()
			self.built = self.run.build_config(self.cfg,
							   self.project_root)
		except Cancelled:
			self.built = None
			say("stopped: the run stopped")
		except BaseException as err:	# noqa: B036 - re-raised by finish
			self.error = err

	def stop(self):
		"""Tell the thread to stop and wait for it: once this returns,
		every process it started is killed."""
		self.cancel.set()	# first: a thread starting now sees it
		if self.thread.ident:
			self.thread.join()

	def finish(self, cancel=False):
		"""Wait for the thread (with CANCEL, stop it first), print its
		output and add its build cases; return what build_config()
		returned.  An exception in the thread is raised here, unless
		CANCEL (then it is printed)."""
		if cancel:
			self.stop()
		if self.finished or not self.thread.ident:
			return self.built
		self.thread.join()
		self.finished = True
		text = self.output.getvalue()
		if text:
			say(f"[{self.cfg.name}] output of its background build:")
			out = output()
			out.write(text)
			out.flush()
		self.run.build_cases += self.build_cases
		if self.error is not None:
			if not cancel:
				raise self.error
			if isinstance(self.error, Exception):
				say(f"error: [{self.cfg.name}] {self.error}")
				self.run.ok = False
		return self.built


class SuiteRun:
	"""The steps of one run, their outcome and the merged results.

	Every step runs in the kernel tree under run_process(), with what is
	left of opts.timeout per configuration; any step that fails or times
	out sets ok to False, and one that makes the rest pointless stops the
	run (or, in a configuration other than the main one, the rest of
	that configuration).
	"""

	def __init__(self, opts, tree, build_dir, scratch,
		     configurations=None):
		self.opts = opts
		self.tree = Path(tree)
		self.build_dir = Path(build_dir)
		self.scratch = Path(scratch)
		self.configs = [ConfigRun(config, config_build_dir(build_dir, config))
				for config in (configurations or CONFIGURATIONS)]
		self.main_run_log = self.build_dir / RUN_LOG
		# The configurations build side by side and share the CPUs:
		# each adds a limit's worth (six cold 6.1 builds beside each
		# other on 2 cores passed 40 minutes together).
		self.deadline = time.monotonic() + opts.timeout * len(self.configs)
		self.ok = True
		self.timed_out = False
		self.results = None		# JSON of the main boot, merged
		self.build_cases: List[Case] = []
		self.built = {}			# other configuration -> built?
		self.rounds = []		# each complete round's cases
		self.console = {}		# configuration -> [(boot, line)]
		self.uml_fp_hinted = False
		# Set once the main kernel is built: with ccache, the background
		# builds that compile mostly the same code wait for it and hit.
		self.main_kernel_built = threading.Event()
		self.run_log.write_text("")

	@property
	def run_log(self):
		"""The log of this thread's steps: the main one's, unless it
		builds a configuration in the background."""
		return getattr(_context, "run_log", None) or self.main_run_log

	def phase(self, cfg, text):
		"""Say which step of which configuration starts."""
		say(f"[{cfg.name}] {text}")

	def fail(self, why):
		"""Record and print a failure of the run that no case shows."""
		self.ok = False
		say(f"error: {why}")

	def step(self, program, cmd, keep_output=False, heartbeat=None):
		"""Run CMD with the time left; report a timeout.  HEARTBEAT: see
		supervise()."""
		cancel = getattr(_context, "cancel", None)
		if cancel is not None and cancel.is_set():
			raise Cancelled()
		say(f"in {self.tree}: {shlex.join(str(arg) for arg in cmd)}")
		remaining = self.deadline - time.monotonic()
		if remaining <= 0:
			result = ProcessResult(None, True, [], 0.0, [])
		else:
			result = run_process(cmd, self.tree, remaining,
					     self.run_log, keep_output, heartbeat)
		if result.cancelled:
			raise Cancelled()
		if result.timed_out:
			self.ok = False
			self.timed_out = True
			print_tail(f"{program} timed out: the run's limit is "
				   f"{self.opts.timeout} s", result.tail,
				   "its output")
		return result

	def kunit_command(self, action, *args):
		"""Return a kunit.py command line, for the run's --arch."""
		return [sys.executable, KUNIT_PY, action, *arch_args(self.opts),
			*args]

	def exec_command(self, cfg, *args):
		"""Return kunit.py exec with ARGS for CFG.

		It gets the build's --kunitconfig too: without one, kunit.py
		would copy its default.config into BUILD_DIR/.kunitconfig.
		"""
		return self.kunit_command(
			"exec", *kunitconfig_args(self.opts, cfg.config),
			f"--build_dir={cfg.build_dir}",
			f"--timeout={self.opts.kernel_timeout}",
			*qemu_args(self.opts), *args)

	def boot_command(self, cfg, json_path, kernel_args):
		"""Return kunit.py exec for one boot, without a filter glob."""
		return self.exec_command(
			cfg, f"--json={json_path}",
			*(f"--kernel_args={arg}" for arg in kernel_args))

	def kernel_args(self, cfg):
		"""Kernel parameters every boot of CFG gets."""
		args = list(cfg.config.kernel_args)
		if cfg.config.modversions:
			args.append(f"{MISSING_CRC_PARAM}="
				    f"{missing_crc_rule(self.opts)}")
		if cfg.ext_dir is not None:
			args.append(f"{EXT_DIR_PARAM}={cfg.ext_dir}")
		return args

	def build_kernel(self, cfg):
		"""kunit.py build for CFG; return True on success."""
		self.phase(cfg, "building the kernel")
		result = self.step("kunit.py build", self.kunit_command(
			"build", *kunitconfig_args(self.opts, cfg.config),
			f"--build_dir={cfg.build_dir}", f"--jobs={self.opts.jobs}"),
			heartbeat=f"[{cfg.name}] building the kernel")
		why = describe_failure(result, "kunit.py build")
		if why:
			self.ok = False
			print_tail(f"[{cfg.name}] {why}", result.tail, self.run_log)
			return False
		return not result.timed_out

	def build_external(self, cfg, project_root):
		"""Stage and build CFG's external modules, recording build cases.

		Return False if a required pass or a hook failed, or time ran
		out.
		"""
		if not (Path(project_root) / EXT_PROVIDER_DIR).is_dir():
			return True
		self.phase(cfg, "building external modules")
		ext_root = cfg.build_dir / EXT_STAGE
		if ext_config_changed(cfg.build_dir, ext_root):
			# kbuild does not rebuild an external module's
			# vermagic and CRCs for a new .config: start afresh.
			say(f"[{cfg.name}] the kernel's .config changed: "
			    f"removing {ext_root}")
			shutil.rmtree(ext_root, ignore_errors=True)
		changed = stage_external(project_root, ext_root)
		say(f"staged {', '.join(EXT_DIRS)} and the headers in "
		    f"{', '.join(EXT_HEADER_DIRS)} in {ext_root} "
		    f"({len(changed)} files changed)")
		passes = cfg.config.ext_passes or EXT_PASSES
		version = getattr(self.opts, "kernel_version", None) or MIN_KERNEL
		passes = [p for p in passes if version >= p.get("since", MIN_KERNEL)]
		for number, ext_pass in enumerate(passes, 1):
			self.phase(cfg, f"external pass {number}/{len(passes)}: "
				   f"{ext_pass['what']}")
			if not self.external_pass(cfg, ext_root, ext_pass):
				return False
		ext_config_record(cfg.build_dir, ext_root)
		cfg.ext_dir = ext_root
		return True

	def record_cases(self, cfg, ext_pass, reason_of):
		"""Decide EXT_PASS's cases for CFG with REASON_OF(spec) (None if
		met) and record those CFG records."""
		for spec in ext_pass.get("cases", ()):
			if spec.get("modversions", cfg.config.modversions) != \
			   cfg.config.modversions:
				continue
			reason = reason_of(spec)
			name = f"{BUILD_SUITE}.{spec['name']}"
			if records_case(cfg.config, spec["name"]):
				case = Case(name, "FAIL" if reason else "PASS",
					    reason or "")
				getattr(_context, "build_cases",
					self.build_cases).append(case)
				say(f"{case.status} {case.name}" +
				    (f": {reason}" if reason else ""))
			elif reason:
				self.fail(f"[{cfg.name}] {name} does not hold in "
					  f"this configuration: {reason}")

	def external_pass(self, cfg, ext_root, ext_pass):
		"""Run one external pass; return False if the run must stop."""
		if "check" in ext_pass:
			check = ext_pass["check"]
			self.record_cases(cfg, ext_pass,
					  lambda spec: check(self, cfg, ext_root, spec))
			return True
		if not self.run_hooks(cfg, ext_root, ext_pass.get("before", ())):
			return False
		module_dir = ext_root / ext_pass["dir"]
		for pattern in (MODPOST_OUTPUT,) + tuple(ext_pass.get("remove", ())):
			for path in module_dir.glob(pattern):
				path.unlink()
		result = self.step("make", make_command(
			cfg.build_dir, ext_root, ext_pass, self.opts.jobs,
			arch_of(self.opts)),
			keep_output=True)
		if result.timed_out:
			return False
		version = getattr(self.opts, "kernel_version", None) or MIN_KERNEL
		self.record_cases(cfg, ext_pass, lambda spec: unmet_expectation(
			spec, result, module_dir, version))
		reason = (unmet_expectation(ext_pass, result, module_dir, version)
			  if ext_pass.get("required") else None)
		if reason:
			self.ok = False
			print_tail(f"[{cfg.name}] building {ext_pass['what']} in "
				   f"{module_dir} failed: {reason}", result.tail,
				   self.run_log)
			return False
		return self.run_hooks(cfg, ext_root, ext_pass.get("after", ()))

	def run_hooks(self, cfg, ext_root, hooks):
		"""Run HOOKS (functions of harness_ext) on CFG's stage EXT_ROOT;
		False if one failed."""
		for hook in hooks:
			try:
				hook(self, cfg, ext_root)
			except StepError as err:
				if not self.timed_out:
					self.fail(f"[{cfg.name}] {hook_name(hook)}: "
						  f"{err}")
				return False
		return True

	def boot(self, cfg, what, cmd, json_path):
		"""Boot with kunit.py exec; return its JSON, or None if it has
		no cases (reported with the tail of the kernel's log)."""
		before = file_stamp(cfg.kernel_log)
		with contextlib.suppress(FileNotFoundError):
			json_path.unlink()	# not an earlier round's results
		result = self.step("kunit.py exec", cmd)
		top = load_results(json_path)
		if top is not None and not any(True for _ in leaf_cases(top)):
			top = None
		self.read_console(cfg, what)
		self.hint_uml_fp(cfg)
		if result.timed_out:
			return top
		why = describe_failure(result, "kunit.py exec")
		if top is None:
			why = (why + "; " if why else "") + \
				"no test results (crash, panic or no KTAP output?)"
		if why:
			self.ok = False
			log = failure_log(cfg.build_dir, before, self.run_log)
			print_tail(f"{what}: {why}", tail_of_file(log), log)
		return top

	def hint_uml_fp(self, cfg):
		"""Say UML_FP_HINT, once, if CFG's boot died of UML_FP_TRAP."""
		if self.uml_fp_hinted or arch_of(self.opts) != DEFAULT_ARCH:
			return
		try:
			with open(cfg.kernel_log, encoding="utf-8",
				  errors="replace") as f:
				if not any(UML_FP_TRAP in line for line in f):
					return
		except OSError:
			return
		self.uml_fp_hinted = True
		say(UML_FP_HINT)

	def read_console(self, cfg, what):
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
		seen = self.console.setdefault(cfg.name, [])
		seen += [(what, line) for line in found]

	def console_cases(self):
		"""Put a case per configuration that booted in this round into
		the results: it fails quoting the first bad console line."""
		for name, seen in self.console.items():
			case = {"name": f"{name}_boots_print_no_warning_bug_or_leak",
				"status": "PASS", "log": ""}
			if seen:
				what, line = seen[0]
				case.update(status="FAIL", log=(
					f"{what} printed \"{line}\" "
					f"({len(seen)} such lines in all; see "
					f"{KERNEL_LOG} in the build dir)"))
				case["reason"] = case["log"]
			put_case(self.results, (CONSOLE_SUITE,), case)

	def main_boot(self, cfg):
		"""Boot for every case; return False if the run must stop."""
		self.phase(cfg, "booting for every suite")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		self.results = self.boot(cfg, "the main boot", cmd + list(
			self.opts.kunit_args), json_path)
		return self.results is not None and not self.timed_out

	def list_own_boot_cases(self, cfg, glob):
		"""Return the cases matching GLOB, from a listing boot, or None."""
		self.phase(cfg, "listing the cases that need a boot of their own "
			   f"({glob})")
		before = file_stamp(cfg.kernel_log)
		result = self.step("kunit.py exec", self.exec_command(
			cfg, "--list_tests", glob), keep_output=True)
		if result.timed_out:
			return None
		why = describe_failure(result, "kunit.py exec --list_tests")
		if why:
			self.ok = False
			log = failure_log(cfg.build_dir, before, self.run_log)
			print_tail(why, tail_of_file(log), log)
			return None
		return parse_test_list(result.output, glob)

	def own_boot_cases(self, cfg, top):
		"""Return the cases to boot for one by one, or None to stop.

		They are the skipped cases of CFG's own_boot_globs in its boot's
		results TOP; only if it has none of a glob's cases at all, a
		listing boot names them.
		"""
		user_glob = user_filter_glob(self.opts.kunit_args)
		names = []
		for glob in cfg.config.own_boot_globs:
			if user_glob and not may_overlap(glob, user_glob):
				continue
			found = skipped_cases(top, glob)
			if found is None:
				found = self.list_own_boot_cases(cfg, glob)
			if found is None:
				return None
			names += [name for name in found if name not in names and
				  (not user_glob or glob_matches(user_glob, name))]
		return names

	def own_boot(self, cfg, name, number, count):
		"""Boot for case NAME alone; merge its results over the main ones."""
		self.phase(cfg, f"booting for {name} ({number}/{count})")
		json_path = self.scratch / f"own-{number}.json"
		cmd = self.boot_command(cfg, json_path,
					self.kernel_args(cfg) + [OWN_BOOT_ARG])
		top = self.boot(cfg, f"the boot for {name}", cmd + [name],
				json_path)
		if top is None:
			suite, _, case = name.partition(".")
			put_case(self.results, (suite,), {
				"name": case, "status": "ERROR",
				"log": f"its own boot ({cfg.name}) gave no test "
				       "results"})
			return
		for path, case in leaf_cases(top):
			put_case(self.results, path, case)

	def own_boots(self, cfg, top):
		"""Boot CFG once for each case that needs a boot of its own,
		given its boot's results TOP; return False if the run must
		stop."""
		names = self.own_boot_cases(cfg, top)
		if names is None:
			return False
		for number, name in enumerate(names, 1):
			if self.timed_out:
				return False
			self.own_boot(cfg, name, number, len(names))
		return True

	def config_cases(self, cfg):
		"""Return whether a leaf (path, case) is one CFG's boot replaces."""
		user_glob = user_filter_glob(self.opts.kunit_args)

		def wanted(path, case):
			name = case_name(path, case)
			return (bool(path) and
				glob_matches(cfg.config.boot_glob, name) and
				(not user_glob or glob_matches(user_glob, name)))
		return wanted

	def config_failed(self, cfg, why):
		"""Turn the main boot's cases that CFG's boot was to replace into
		errors saying WHY; for a configuration with a report_group, the
		cases it proves, and an error case of its group."""
		wanted = self.config_cases(cfg)
		if cfg.config.report_group:
			put_case(self.results, (cfg.config.report_group,), {
				"name": "boot", "status": "ERROR", "log": why,
				"reason": why})

			def wanted(path, case):
				return bool(path) and any(
					glob_matches(glob, case_name(path, case))
					for glob in cfg.config.proves)
		for path, case in list(leaf_cases(self.results)):
			if wanted(path, case) and \
			   str(case.get("status", "")).upper() == "SKIP":
				put_case(self.results, path, dict(
					case, status="ERROR", log=why))

	def config_boot(self, cfg):
		"""Boot CFG for its boot_glob; merge its results over the main
		ones' skips, then boot for its cases that need a boot of their
		own."""
		if cfg.config.report_group:
			self.group_boot(cfg)
			return
		glob = cfg.config.boot_glob
		self.phase(cfg, f"booting for {glob}")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		top = self.boot(cfg, f"the {cfg.name} boot", cmd + [glob],
				json_path)
		if top is None:
			self.config_failed(cfg, f"the {cfg.name} boot gave no test "
					   "results")
			return
		wanted = self.config_cases(cfg)
		ran = {case_name(path, case): status_of(case)
		       for path, case in leaf_cases(self.results) if path}
		for path, case in leaf_cases(top):
			if not wanted(path, case):
				continue
			# A skip here never hides what the main boot proved.
			if status_of(case) == "SKIP" and \
			   ran.get(case_name(path, case), "SKIP") != "SKIP":
				continue
			put_case(self.results, path, case)
		self.own_boots(cfg, top)

	def proved_elsewhere(self, cfg, name):
		"""True if case NAME, skipped in CFG (a configuration with a
		report_group), is proved by another configuration's boot, by
		a boot of its own, or by another configuration that proves
		it."""
		for other in self.configs:
			if other is cfg:
				continue
			if any(glob_matches(glob, name)
			       for glob in proving_globs(other.config)):
				return True
		return False

	def group_boot(self, cfg):
		"""Boot CFG for every suite (the filter glob after -- still
		applies) and report its cases below its report_group, leaving
		out the skips of cases proved elsewhere."""
		group = cfg.config.report_group
		glob = cfg.config.boot_glob
		self.phase(cfg, "booting for every suite" if glob == "*" else
			   f"booting for {glob}")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		top = self.boot(cfg, f"the {cfg.name} boot", cmd + (
			list(self.opts.kunit_args) if glob == "*" else [glob]),
				json_path)
		if top is None:
			put_case(self.results, (group,), {
				"name": "boot", "status": "ERROR",
				"log": f"the {cfg.name} boot gave no test results"})
			return
		for path, case in leaf_cases(top):
			if not path:
				continue
			name = case_name(path, case)
			if status_of(case) == "SKIP":
				if self.proved_elsewhere(cfg, name):
					continue
			elif any(glob_matches(glob, name)
				 for glob in cfg.config.proves):
				drop_case(self.results, path, case, "SKIP")
			put_case(self.results, (group,) + path, case)

	def build_config(self, cfg, project_root):
		"""Build, and build the external modules for, a configuration
		other than the main one; return True if it can boot, False if
		it did not build, None if it cannot say (no build dir)."""
		try:
			cfg.build_dir.mkdir(parents=True, exist_ok=True)
		except OSError as err:
			self.fail(f"[{cfg.name}] cannot create build dir "
				  f"{cfg.build_dir}: {err}")
			return None
		if not cfg.config.external:
			return self.build_kernel(cfg)
		return (self.build_kernel(cfg) and
			self.build_external(cfg, project_root))

	def boot_config(self, cfg, built):
		"""Boot CFG if it BUILT, else turn its cases into errors."""
		if built:
			self.config_boot(cfg)
		elif built is False and not self.timed_out:
			self.config_failed(cfg, f"the {cfg.name} configuration "
					   "did not build")

	def run_config(self, cfg, project_root):
		"""Build, build the external modules for, and boot a
		configuration other than the main one; return what
		build_config() returned."""
		if not config_wanted(cfg.config, self.opts.kunit_args):
			self.phase(cfg, "left out by the filter glob")
			return None
		built = self.build_config(cfg, project_root)
		self.boot_config(cfg, built)
		return built

	def run(self, project_root):
		"""Build, build the external modules, and boot, for each
		configuration: the others are built (kernel and external
		modules) in the background meanwhile, unless opts.serial; the
		boots run one after the other."""
		main, *others = self.configs
		background = {} if self.opts.serial else {
			cfg.name: Background(self, cfg, project_root)
			for cfg in others
			if config_wanted(cfg.config, self.opts.kunit_args)}
		with signals_kill_tree(None, None, raise_on_signal):
			try:
				for job in background.values():
					job.start()
				if not self.run_main(main, project_root):
					return
				for cfg in others:
					if self.timed_out:
						return
					if cfg.name in background:
						built = background[cfg.name].finish()
						self.boot_config(cfg, built)
					else:
						built = self.run_config(cfg,
									project_root)
					self.built[cfg.name] = built
				if self.timed_out:
					return
				self.console_cases()
				self.rounds.append(self.round_cases())
				first = self.results
				try:
					self.repeat_boots(others)
				finally:
					self.results = first
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

	def repeat_boots(self, others):
		"""Boot again, without building, for rounds 2 to opts.repeat:
		the main boot, the own boots and the other configurations'
		boots; record each complete round's cases in self.rounds."""
		main = self.configs[0]
		count = getattr(self.opts, "repeat", 1)
		for number in range(2, count + 1):
			if self.timed_out:
				return
			say(f"repeat: run {number}/{count}")
			self.results = None
			self.console = {}
			if not self.boot_main(main):
				return
			for cfg in others:
				if self.timed_out:
					return
				if config_wanted(cfg.config, self.opts.kunit_args):
					self.boot_config(cfg, self.built.get(cfg.name))
			if self.timed_out:
				return
			self.console_cases()
			self.rounds.append(self.round_cases())

	def round_cases(self):
		"""Return this round's merged cases, build cases included."""
		return list(collect_cases(self.results)) + self.build_cases

	def run_main(self, main, project_root):
		"""Build, build the external modules for, and boot the main
		configuration, with the boots of their own; return False if
		the run must stop."""
		try:
			built = self.build_kernel(main)
		finally:
			self.main_kernel_built.set()
		return (built and self.build_external(main, project_root) and
			self.boot_main(main))

	def boot_main(self, main):
		"""The main boot and the boots of their own; return False if
		the run must stop."""
		if not self.main_boot(main):
			return False
		return self.own_boots(main, self.results)

	def merged(self):
		"""Return the merged JSON results, build cases included."""
		top = copy.deepcopy(self.results) if self.results is not None \
			else new_group(TOP_GROUP)
		for case in self.build_cases:
			put_case(top, (BUILD_SUITE,), {
				"name": case.name[len(BUILD_SUITE) + 1:],
				"status": case.status, "log": case.reason})
		return top

	def cases(self):
		"""Return the merged cases, with the reasons of build cases."""
		top = self.results if self.results is not None else \
			new_group(TOP_GROUP)
		return list(collect_cases(top)) + self.build_cases


def run_suite(opts, project_root=PROJECT_ROOT):
	"""Install, build, build the external modules and boot; print the
	summary; return a SuiteResult.

	Raises HarnessError for bad input or an unusable machine.
	"""
	json_path = Path(os.path.abspath(opts.json)) if opts.json else None
	tree, version = prepare_kernel_tree(
		opts.kernel_src, getattr(opts, "kernel", None) or DEFAULT_KERNEL,
		arch_of(opts))
	opts.kernel_version = version
	build_dir = Path(os.path.abspath(opts.build_dir or
					 default_build_dir(version, arch_of(opts))))
	for config in CONFIGURATIONS:
		check_build_dir(config_build_dir(build_dir, config), project_root)
	changed = install_project(project_root, tree, opts.subdir)
	say(f"installed into {tree / opts.subdir} ({len(changed)} files changed)")
	try:
		build_dir.mkdir(parents=True, exist_ok=True)
	except OSError as err:
		raise HarnessError(f"cannot create build dir {build_dir}: {err}")
	if json_path:
		with contextlib.suppress(FileNotFoundError):
			json_path.unlink()	# never leave a stale file
	cached = use_ccache()
	stats = ccache_stats() if cached else {}
	with tempfile.TemporaryDirectory(prefix="symexport-") as scratch:
		run = SuiteRun(opts, tree, build_dir, scratch,
			       selected_configurations(opts))
		run.run(project_root)
	if cached:
		say(ccache_summary(stats, ccache_stats()))
	cases = run.cases()
	say(f"merged {len(cases) - len(run.build_cases)} KUnit cases and "
	    f"{len(run.build_cases)} build cases")
	repeat = getattr(opts, "repeat", 1)
	changed = {}
	if repeat > 1:
		changed, worst = repeat_changes(run.rounds)
		print_repeat(changed, len(run.rounds), repeat)
		if run.rounds:
			cases = worst
	if json_path and cases:
		top = run.merged()
		if repeat > 1:
			top["symexport_repeat"] = {"runs": len(run.rounds),
						   "changed": changed}
		write_json(json_path, top)
	failed = summarise(cases)
	return SuiteResult(run.ok and bool(cases) and failed == 0 and
			   not changed, cases)
