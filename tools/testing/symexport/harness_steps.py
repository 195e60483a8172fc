# SPDX-License-Identifier: GPL-2.0-only
"""The state of a run and how it runs a step: kunit.py's command lines,
each configuration's printer and run log, the time left, failures.

RunSteps is a run: the functions of harness_build, harness_boot,
harness_merge and harness_run take it as their first argument, "run"; it
holds the state they share, all set in __init__, and the steps they all
take (phase(), step(), fail(), the kunit.py command lines).
"""

import copy
import os
import shlex
import shutil
import sys
import threading
import time
from pathlib import Path, PurePosixPath
from argparse import Namespace
from typing import Dict, List, Optional, Sequence, Tuple

from harness_kernels import (arch_of, CROSS_COMPILE, DEFAULT_ARCH, HarnessError,
	KERNEL_LOG, KUNIT_PY, MIN_KERNEL, QEMU_9P_DEVICES, QEMU_KUNITCONFIG,
	RUN_LOG, Version)
from harness_results import Case, Group
from harness_events import emit
from harness_printer import DEFAULT_PRINTER, Printer, step_done_line
from harness_proc import Command, file_stamp, ProcessResult, run_process
from harness_config import (config_build_dir, Configuration, CONFIGURATIONS,
	EXT_DIR_PARAM, MISSING_CRC_PARAM, missing_crc_rule)

# QEMU's KVM can fail where the host itself is a virtual machine: QEMU
# stops with "KVM internal error. Suberror: 1" at an instruction nested
# KVM will not emulate (seen 2026-11-29: cmpxchg16b, 7.3 x86_64).  kunit.py
# always asks for "-accel kvm -accel hvf -accel tcg" and QEMU takes the
# first that opens, so the harness then puts this wrapper first on PATH.
QEMU_KVM_FAILURE = "KVM internal error"
QEMU_TCG_MARKER = "symexport-qemu-tcg"	# in the build dir: KVM failed here
QEMU_SYSTEM = {"x86_64": "qemu-system-x86_64", "arm64": "qemu-system-aarch64"}
QEMU_TCG_WRAPPER = """\
#!/bin/sh
# Written by the symexport harness: KVM failed, boot under TCG.
skip=
for arg do
	shift
	if [ -n "$skip" ]; then
		skip=
		case $arg in kvm|hvf) continue ;; esac
		set -- "$@" -accel
	elif [ "$arg" = -accel ]; then
		skip=1
		continue
	fi
	set -- "$@" "$arg"
done
exec @REAL@ "$@"
"""

# A step that takes this long (seconds) says when it ends, and how long it
# took: a kernel build, a cold external pass, a boot.
STEP_TIME_SHOWN = 10


def failure_log(build_dir: Path, stamp_before: Optional[Tuple[int, int, int]],
		run_log: Path) -> Path:
	"""Return kunit.py's kernel log if it changed since STAMP_BEFORE, else
	our log."""
	kernel_log = Path(build_dir) / KERNEL_LOG
	stamp = file_stamp(kernel_log)
	if stamp is not None and stamp != stamp_before:
		return kernel_log
	return run_log


def main_kunitconfig(opts: Namespace) -> str:
	"""Return the main kunitconfig below the kernel tree: the project's
	directory on UML, the QEMU kunitconfig in it on the other arches."""
	if arch_of(opts) == DEFAULT_ARCH:
		return opts.subdir
	return str(PurePosixPath(opts.subdir) / QEMU_KUNITCONFIG)


def arch_args(opts: Namespace) -> List[str]:
	"""Return kunit.py's --arch and --cross_compile options for OPTS."""
	arch = arch_of(opts)
	if arch == DEFAULT_ARCH:
		return []
	args = [f"--arch={arch}"]
	if arch in CROSS_COMPILE:
		args.append(f"--cross_compile={CROSS_COMPILE[arch]}")
	return args


def qemu_args(opts: Namespace) -> List[str]:
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


def kunitconfig_args(opts: Namespace, version: Version,
		     config: Optional[Configuration] = None) -> List[str]:
	"""Return kunit.py's --kunitconfig options for OPTS and CONFIG on the
	kernel VERSION.

	Another configuration's kunitconfig is a fragment that kunit.py merges
	into the main one, so both always have the same suites and modules.
	"""
	args = []
	if config is not None and config.kunitconfig is not None:
		path = PurePosixPath(opts.subdir) / config.kunitconfig
		if config.standalone:
			return [f"--kunitconfig={path}"]
		return [f"--kunitconfig={main_kunitconfig(opts)}",
			f"--kunitconfig={path}"] + [
			f"--kunitconfig={PurePosixPath(opts.subdir) / fragment}"
			for since, fragment in config.since if version >= since]
	main = main_kunitconfig(opts)
	for given in opts.kunitconfig or [main]:
		if os.path.exists(given) and given not in (opts.subdir, main):
			given = os.path.abspath(given)
		args.append(f"--kunitconfig={given}")
	return args


def check_kunitconfigs(opts: Namespace, tree: Path) -> None:
	"""Raise HarnessError for a --kunitconfig of OPTS that is neither here
	nor in the kernel TREE: kunit.py would say so only once the run is
	under way, as a failed build."""
	for config in opts.kunitconfig or []:
		if not (os.path.exists(config) or (Path(tree) / config).exists()):
			raise HarnessError(f"--kunitconfig {config}: no such file or "
					   f"directory, here or in {tree}")


def job_shares(jobs: int, count: int) -> List[int]:
	"""Return the build jobs of each of COUNT builds that run at once,
	sharing JOBS: shares summing to JOBS, the first (the main
	configuration's, which the first boot waits for) taking the
	remainder's first job, the next the second, and so on.  Each gets at
	least one: with more builds than JOBS they sum to COUNT.

	Each build gets its share as kunit.py's --jobs and make's -j, not a
	make jobserver shared by all: kunit.py always gives make a -jN of its
	own, and a sub-make given -jN leaves the jobserver it inherited for
	one of its own (GNU make 4.3, Debian 12's), so the shares are fixed
	when the builds start.
	"""
	base, remainder = divmod(max(jobs, 1), max(count, 1))
	return [max(base + (number < remainder), 1)
		for number in range(max(count, 1))]


class ConfigRun:
	"""One configuration's part of a run.

	Its steps print with printer (a harness_printer.Printer), log to
	run_log, record their build cases in build_cases and stop (raising
	Cancelled) once cancel, an Event (or None), is set: the run's stdout,
	log and list, unless in_background().
	"""

	def __init__(self, config: Configuration, build_dir: Path, jobs: int = 1,
		     run_log: Optional[Path] = None,
		     build_cases: Optional[List[Case]] = None) -> None:
		self.config = config
		self.name = config.name
		self.build_dir = Path(build_dir)
		self.kernel_log = self.build_dir / KERNEL_LOG
		self.ext_dir: Optional[Path] = None	# set once its modules are built
		self.jobs = jobs		# its builds' share of opts.jobs
		self.printer = DEFAULT_PRINTER
		self.run_log = run_log if run_log is not None else \
			self.build_dir / RUN_LOG
		self.build_cases = [] if build_cases is None else build_cases
		self.cancel: Optional[threading.Event] = None

	def in_background(self, printer: Printer, cancel: threading.Event,
			  build_cases: List[Case]) -> "ConfigRun":
		"""Return a copy to build in a thread of its own: its steps
		print with PRINTER, log to RUN_LOG in its build dir, record
		their build cases in BUILD_CASES and stop once CANCEL is
		set."""
		other = copy.copy(self)
		other.printer = printer
		other.run_log = self.build_dir / RUN_LOG
		other.build_cases = build_cases
		other.cancel = cancel
		return other


class Cancelled(Exception):
	"""A background configuration's build was told to stop."""


class RunSteps:
	"""A run's state, and the steps every part of it runs.

	Every step runs in the kernel tree under run_process(), with what is
	left of opts.timeout per configuration; any step that fails or times
	out sets ok to False.  version is the (major, minor) of the kernel
	tree under test.
	"""

	def __init__(self, opts: Namespace, tree: Path, build_dir: Path,
		     scratch: Path,
		     configurations: Optional[Sequence[Configuration]] = None,
		     version: Version = MIN_KERNEL) -> None:
		self.opts = opts
		self.version = version
		self.tree = Path(tree)
		self.build_dir = Path(build_dir)
		self.scratch = Path(scratch)
		# The log of the steps of every configuration not built in the
		# background (ConfigRun.in_background()).
		self.run_log = self.build_dir / RUN_LOG
		self.build_cases: List[Case] = []
		self.configs = [ConfigRun(config, config_build_dir(build_dir, config),
					  opts.jobs, self.run_log, self.build_cases)
				for config in (configurations or CONFIGURATIONS)]
		# The configurations build side by side and share the CPUs:
		# each adds a limit's worth (six cold 6.1 builds beside each
		# other on 2 cores passed 40 minutes together).
		self.deadline = time.monotonic() + opts.timeout * len(self.configs)
		self.ok = True
		self.timed_out = False
		self.results: Optional[Group] = None	# the main boot's, merged
		self.built: Dict[str, Optional[bool]] = {}	# configuration -> built?
		self.rounds: List[List[Case]] = []	# each complete round's cases
		# configuration -> [(boot, line)]
		self.console: Dict[str, List[Tuple[str, str]]] = {}
		self.uml_fp_hinted = False
		# the TCG wrapper's directory, once KVM failed
		self.qemu_tcg: Optional[Path] = None
		# Set once the main kernel is built: with ccache, the background
		# builds that compile mostly the same code wait for it and hit.
		self.main_kernel_built = threading.Event()
		self.run_log.write_text("")

	def top(self) -> Group:
		"""Return the merged results, the main boot's and what was
		merged into them since: only once the main boot gave some."""
		assert self.results is not None, "no main boot results yet"
		return self.results

	def phase(self, cfg: ConfigRun, name: str, text: str,
		  shown: bool = True) -> None:
		"""Say which step of which configuration starts: TEXT, in the
		part of the run NAME (harness_events.PHASES), the "phase"
		event's; not SHOWN: the event only (a line said for several
		configurations at once)."""
		if shown:
			cfg.printer.say(f"[{cfg.name}] {text}", "phase",
					configuration=cfg.name, phase=name,
					text=text)
		else:
			emit("phase", configuration=cfg.name, phase=name, text=text)

	def fail(self, cfg: ConfigRun, why: str) -> None:
		"""Record and print a failure of the run that no case shows, in
		a step of CFG."""
		self.ok = False
		cfg.printer.say(f"error: {why}")

	def step(self, cfg: ConfigRun, program: str, cmd: Command,
		 keep_output: bool = False, heartbeat: Optional[str] = None,
		 build: bool = False, quiet: bool = False) -> ProcessResult:
		"""Run CMD for CFG with the time left; report a timeout.
		HEARTBEAT: see supervise().  A BUILD step's output is shown
		only with --verbose (Printer.build_output()); a boot's always
		is.  A QUIET step's command line is not shown (for the many
		short steps of one case, which names them if it fails)."""
		if cfg.cancel is not None and cfg.cancel.is_set():
			raise Cancelled()
		if not quiet:
			cfg.printer.say(f"in {self.tree}: "
					f"{shlex.join(str(arg) for arg in cmd)}")
		remaining = self.deadline - time.monotonic()
		if remaining <= 0:
			result = ProcessResult(None, True, [], 0.0, [])
		else:
			verbose = getattr(self.opts, "verbose", False)
			out = (cfg.printer.build_output(verbose) if build else
			       cfg.printer.output())
			result = run_process(cmd, self.tree, remaining,
					     cfg.run_log, keep_output, heartbeat,
					     out, cfg.cancel)
		if result.cancelled:
			raise Cancelled()
		if result.timed_out:
			self.ok = False
			self.timed_out = True
			cfg.printer.print_tail(f"{program} timed out: the run's "
					       f"limit is {self.opts.timeout} s",
					       result.tail, "its output")
		elif result.elapsed >= STEP_TIME_SHOWN:
			cfg.printer.say(step_done_line(
				heartbeat or f"[{cfg.name}] {program}",
				result.returncode == 0, result.elapsed))
		return result

	def kunit_command(self, action: str, *args: str) -> List[str]:
		"""Return a kunit.py command line, for the run's --arch."""
		return [sys.executable, KUNIT_PY, action, *arch_args(self.opts),
			*args]

	def without_kvm(self, cmd: Sequence[str]) -> List[str]:
		"""Return CMD run with a qemu-system-<arch> first on PATH that
		drops kunit.py's "-accel kvm" and "-accel hvf" (QEMU_TCG_WRAPPER),
		so that QEMU boots under TCG; made once, in the scratch dir."""
		if self.qemu_tcg is None:
			arch = QEMU_SYSTEM[arch_of(self.opts)]
			real = shutil.which(arch) or arch
			self.qemu_tcg = self.scratch / "qemu-tcg"
			self.qemu_tcg.mkdir(exist_ok=True)
			wrapper = self.qemu_tcg / arch
			wrapper.write_text(QEMU_TCG_WRAPPER.replace(
				"@REAL@", shlex.quote(real)))
			wrapper.chmod(0o755)
		return ["env", f"PATH={self.qemu_tcg}:{os.environ.get('PATH', '')}",
			*cmd]

	def exec_command(self, cfg: ConfigRun, *args: str) -> List[str]:
		"""Return kunit.py exec with ARGS for CFG.

		It gets the build's --kunitconfig too: without one, kunit.py
		would copy its default.config into BUILD_DIR/.kunitconfig.
		"""
		cmd = self.kunit_command(
			"exec", *kunitconfig_args(self.opts, self.version,
						  cfg.config),
			f"--build_dir={cfg.build_dir}",
			f"--timeout={self.opts.kernel_timeout}",
			*qemu_args(self.opts), *args)
		marker = self.build_dir / QEMU_TCG_MARKER
		if self.qemu_tcg is None and arch_of(self.opts) != DEFAULT_ARCH \
		   and marker.exists():
			cfg.printer.say(f"booting under TCG: QEMU's KVM failed on "
					f"this machine before (delete {marker} "
					"to try it again)")
		elif self.qemu_tcg is None:
			return cmd
		return self.without_kvm(cmd)

	def boot_command(self, cfg: ConfigRun, json_path: Path,
			 kernel_args: Sequence[str]) -> List[str]:
		"""Return kunit.py exec for one boot, without a filter glob."""
		return self.exec_command(
			cfg, f"--json={json_path}",
			*(f"--kernel_args={arg}" for arg in kernel_args))

	def kernel_args(self, cfg: ConfigRun) -> List[str]:
		"""Kernel parameters every boot of CFG gets."""
		args = list(cfg.config.kernel_args)
		if cfg.config.modversions:
			args.append(f"{MISSING_CRC_PARAM}="
				    f"{missing_crc_rule(self.opts)}")
		if cfg.ext_dir is not None:
			args.append(f"{EXT_DIR_PARAM}={cfg.ext_dir}")
		return args
