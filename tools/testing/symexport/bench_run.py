# SPDX-License-Identifier: GPL-2.0-only
"""bench: running and timing the runs and boots it measures.

timed() runs a command under the harness's supervisor (its own session,
a timeout, the whole tree killed, UML included) and keeps each line with
the time it came (kunit.py's and the boots' lines are read; of the
harness's runs, the --events file and --json results they are given:
bench_output); Bench makes the measurements in the private cache:
our runs and the baseline's, cold, incremental and with no change, the
direct boots, the stress boot, and the cold test command and matrix in
a fresh clone.
"""

import argparse
import contextlib
import datetime
import glob
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import (IO, Any, Callable, Dict, Iterator, List, Mapping,
		    Optional, Sequence, TextIO, Tuple, Union, cast)

import harness_kernels
import harness_proc
import harness_tree
import harness_config
from bench_project import BenchError, git, kernel_release, note, take_snapshot
from bench_output import (OUR_SUITES, RECONFIG, ccache_totals, check_totals,
	clock_offset, compare_builds, failed_cases, failed_suites, fast_path,
	host_suite_times, kunit_elapsed, newer_files, phases, read_events,
	run_summary, stress_figures, suite_times)

# A measurement as bench's JSON keeps it, and a path or argument.
Record = Dict[str, Any]
Arg = Union[str, "os.PathLike[str]"]

SNAPSHOT = "project"				# in the cache: the copy measured
RUN_SCRIPT = Path("tools/testing/symexport/run")	# in the copy
MUTATE_SCRIPT = Path("tools/testing/symexport/mutate")
TOUCHED_TEST = "kunit/refcount_test.c"		# below the project's subdir
BASELINE_KUNITCONFIG = "lib/kunit"
BASELINE_TOUCHED = "lib/kunit/kunit-example-test.c"
BASELINE_BUILD = "build-baseline"
# Issue 26's comparisons: one suite after a one-line edit, ours against
# bare kunit.py on the same tree and build directory; the cold run against
# a cold bare kunit.py run of the project's kunitconfig; one mutant.
SUITE_GLOB = "symexport_refcount.*"
BARE_KUNITCONFIG = harness_kernels.DEFAULT_SUBDIR
BARE_BUILD = "build-bare"
MUTANT_FUNCTION = "ref_module"
MUTANT_CONFIGS = "main,modversions,force_unload"
LOG_DIR = "bench-logs"
DEFAULT_JSON = "bench.json"			# in <cache>/symexport

# What kunit.py gives UML, plus kernel timestamps for the per-suite times.
BOOT_ARGS = ("kunit.enable=1", "mem=1G", "console=tty", "kunit_shutdown=halt",
	     "printk.time=1")
STRESS_SUITE = "symexport_stress"
STRESS_ARGS = (f"kunit.filter_glob={STRESS_SUITE}.*",
	       "symexport.stress_cycles=200", "symexport.stress_pairs=1000000")

DEFAULT_BOOTS = 3
COLD_TIMEOUT = 3600
CI_TIMEOUT = 90 * 60		# CI's own limit for the test command
MATRIX_TIMEOUT = 4 * 3600
CLONE = "clone"			# in the cache: the fresh clone --ci times
WARM_TIMEOUT = 900
BOOT_TIMEOUT = 300


class StampedLog:
	"""A log for harness_proc.supervise(): keeps (seconds, line) and writes
	"seconds line" to a file."""

	def __init__(self, f: IO[str]) -> None:
		self.f = f
		self.start = time.monotonic()
		self.started = time.time()	# the same, by the wall clock
		self.lines: List[Tuple[float, str]] = []

	def write(self, text: str) -> None:
		now = time.monotonic() - self.start
		for line in text.splitlines():
			self.lines.append((now, line))
			self.f.write(f"{now:9.3f} {line}\n")

	def flush(self) -> None:
		self.f.flush()


def shell_line(cmd: Sequence[Arg], cwd: Arg,
	       env: Optional[Mapping[str, Arg]] = None) -> str:
	"""The command as one shell line, with its directory and environment."""
	prefix = "".join(f"{key}={shlex.quote(str(value))} "
			 for key, value in (env or {}).items())
	return (f"cd {shlex.quote(str(cwd))} && {prefix}"
		f"{shlex.join(str(arg) for arg in cmd)}")


def timed(cmd: Sequence[Arg], cwd: Arg, timeout: float, log_path: Arg,
	  env: Optional[Mapping[str, Arg]] = None) -> Record:
	"""Run CMD with harness_proc.supervise() (own session, timeout, whole tree
	killed, UML included); return a record with seconds and the lines
	with their times.  Its output goes to LOG_PATH only."""
	record = {"command": shell_line(cmd, cwd, env), "log": str(log_path),
		  "loadavg_before": os.getloadavg()[0]}
	old_subreaper = harness_proc.set_subreaper(True)
	try:
		with patched_env(env or {}), \
		     open(log_path, "w", encoding="utf-8") as f, \
		     open(os.devnull, "w") as null, \
		     contextlib.redirect_stdout(null):
			f.write(f"$ {record['command']}\n")
			log = StampedLog(f)
			result = harness_proc.supervise(
				[str(arg) for arg in cmd], Path(cwd), timeout,
				cast(TextIO, log))	# write() and flush() only
	finally:
		if old_subreaper is False:
			harness_proc.set_subreaper(False)
	record.update(seconds=round(result.elapsed, 3),
		      status=result.returncode, timed_out=result.timed_out,
		      loadavg_after=os.getloadavg()[0],
		      started=round(log.started, 3))
	record["lines"] = log.lines
	return record


def require_ok(record: Record, what: str) -> None:
	"""Raise BenchError unless RECORD's command succeeded."""
	if record["timed_out"]:
		raise BenchError(f"{what} timed out after {record['seconds']:.0f} s; "
				 f"see {record['log']}")
	if record["status"] != 0:
		raise BenchError(f"{what} exited with status {record['status']}; "
				 f"see {record['log']}")


def texts(record: Record) -> List[str]:
	return [line for _, line in record.get("lines", ())]


class Bench:
	"""One bench run in the private cache CACHE."""

	def __init__(self, opts: argparse.Namespace) -> None:
		self.opts = opts
		self.cache = Path(os.path.abspath(opts.cache))
		self.home = self.cache / "symexport"	# the harness's cache_dir()
		self.logs = self.cache / LOG_DIR
		self.project = self.cache / SNAPSHOT
		self.env = {"XDG_CACHE_HOME": self.cache}
		self.tree = self.home / harness_tree.DEBIAN_SOURCE
		self.found: Optional[Path] = None	# the build dir, once the tree is
		self.baseline_build = self.home / BASELINE_BUILD
		self.errors: List[str] = []
		self.data = {
			"date": datetime.datetime.now().astimezone().isoformat(
				timespec="seconds"),
			"machine": platform.machine(),
			"host_kernel": platform.release(),
			"nproc": os.cpu_count(),
			"jobs": opts.jobs,
			"quick": opts.quick,
			"cache": str(self.cache),
			"kernel_tree": str(self.tree),
			"kernel_version": None,
			"loadavg": {"start": list(os.getloadavg())},
			"ours": {}, "baseline": {}, "bare": {},
			"ratios": {}, "targets": {}, "errors": self.errors,
		}

	@property
	def build(self) -> Path:
		"""Our main build directory; only once locate_build() found it."""
		if self.found is None:
			raise BenchError(f"no build directory: no kernel tree at "
					 f"{self.tree}")
		return self.found

	def log(self, name: str) -> Path:
		return self.logs / f"{name}.log"

	def harness_files(self, name: str) -> Tuple[Path, List[str]]:
		"""The --events file of the harness's run NAME, and the options
		for it and for its --json results (whose paths it names)."""
		events = self.logs / f"{name}.events"
		return events, [f"--events={events}",
				f"--json={self.logs / name}.json"]

	def run_logs(self, since_ns: int) -> List[str]:
		"""The lines of our builds' run logs (kunit.py's and make's
		output) written after SINCE_NS."""
		lines = []
		for build in self.builds():
			path = build / harness_kernels.RUN_LOG
			with contextlib.suppress(OSError):
				if path.stat().st_mtime_ns > since_ns:
					lines += path.read_text(
						errors="replace").splitlines()
		return lines

	def locate_build(self) -> None:
		version = harness_tree.read_kernel_version(self.tree)
		if version is None:
			raise BenchError(f"no kernel tree at {self.tree}: run bench "
					 "without --quick first")
		self.data["kernel_version"] = kernel_release(self.tree)
		with patched_env(self.env):
			self.found = harness_tree.default_build_dir(version)
		self.data["build_dir"] = str(self.found)
		self.data["baseline_build_dir"] = str(self.baseline_build)

	def builds(self) -> List[Path]:
		"""Our build directories: the main one and one per further
		configuration (the main one's name + a suffix)."""
		return [self.build] + sorted(self.build.parent.glob(
			glob.escape(self.build.name) + "-*"))

	# --- our runs

	def our_run(self, name: str, timeout: float, *kunit_args: str) -> Record:
		"""Time `run` end to end (with KUNIT_ARGS after --); return its
		record."""
		note(f"{name}: timing tools/testing/symexport/run "
		     f"{' '.join(kunit_args)} (log {self.log(name)})")
		since = time.time_ns()
		events_path, options = self.harness_files(name)
		record = timed([sys.executable, RUN_SCRIPT,
				f"--jobs={self.opts.jobs}", *options,
				*(("--", *kunit_args) if kunit_args else ())],
			       self.project, timeout, self.log(name), self.env)
		record["line_count"] = len(record["lines"])
		events = read_events(events_path)
		record["events"] = str(events_path)
		record["phases"], record["configurations"], record["marks"] = \
			phases(events, record["seconds"],
			       clock_offset(events, record["started"]))
		record["summary"] = run_summary(events)
		if self.found is None and self.tree.is_dir():
			self.locate_build()
		record["fast_path"] = fast_path(events, self.run_logs(since)
						if self.found else ())
		if self.found is not None:
			rebuilt = [f"{build.name}/{path}" for build in self.builds()
				   for path in newer_files(build, since)]
			record["rebuilt_count"] = len(rebuilt)
			record["rebuilt"] = rebuilt[:50]
		del record["lines"]
		self.data["ours"][name] = record
		record["failed_cases"] = failed_cases(events)
		note(f"{name}: {record['seconds']:.1f} s {record['phases']}")
		if record["failed_cases"] and not record["timed_out"]:
			raise BenchError(f"{name} run exited with status "
					 f"{record['status']}, failing "
					 f"{', '.join(record['failed_cases'])}; see "
					 f"{record['log']}")
		require_ok(record, f"{name} run")
		return record

	def touch(self, path: Arg) -> str:
		path = Path(path)
		if not path.is_file():
			raise BenchError(f"{path} is missing: the run did not install "
					 "the project?")
		os.utime(path)
		return str(path)

	# --- the baseline

	def baseline_run(self, name: str, timeout: float) -> Record:
		"""Time kunit.py run --kunitconfig=lib/kunit in the same tree."""
		note(f"baseline {name}: timing kunit.py run "
		     f"--kunitconfig={BASELINE_KUNITCONFIG} (log "
		     f"{self.log('baseline-' + name)})")
		since = time.time_ns()
		record = timed([sys.executable, harness_kernels.KUNIT_PY, "run",
				f"--kunitconfig={BASELINE_KUNITCONFIG}",
				f"--build_dir={self.baseline_build}",
				f"--jobs={self.opts.jobs}"],
			       self.tree, timeout, self.log("baseline-" + name))
		# kunit.py run's own lines: there is nothing else to read.
		split = kunit_elapsed(texts(record)) or {}
		record["configuring"] = split.get("configuring")
		record["running"] = split.get("running")
		if split:
			record["build"] = round(split["configuring"] +
						split["building"], 3)
		record["reconfigured"] = any(any(word in line for word in RECONFIG)
					     for line in texts(record))
		rebuilt = newer_files(self.baseline_build, since)
		record["rebuilt_count"] = len(rebuilt)
		record["rebuilt"] = rebuilt[:50]
		del record["lines"]
		self.data["baseline"][name] = record
		note(f"baseline {name}: {record['seconds']:.1f} s")
		require_ok(record, f"baseline {name} run")
		return record

	def bare_run(self, name: str, build: Path, timeout: float,
		     *kunit_args: str) -> Record:
		"""Time a bare kunit.py run --kunitconfig=BARE_KUNITCONFIG in
		BUILD (with KUNIT_ARGS); return its record.  Its cases that
		need the harness skip: only its cost is asked."""
		note(f"bare {name}: timing kunit.py run "
		     f"--kunitconfig={BARE_KUNITCONFIG} {' '.join(kunit_args)} "
		     f"(log {self.log('bare-' + name)})")
		record = timed([sys.executable, harness_kernels.KUNIT_PY, "run",
				f"--kunitconfig={BARE_KUNITCONFIG}",
				f"--build_dir={build}",
				f"--jobs={self.opts.jobs}", *kunit_args],
			       self.tree, timeout, self.log("bare-" + name))
		record["line_count"] = len(record["lines"])
		del record["lines"]
		self.data["bare"][name] = record
		note(f"bare {name}: {record['seconds']:.1f} s")
		require_ok(record, f"bare {name} run")
		return record

	def bare_cold(self) -> Record:
		shutil.rmtree(self.home / BARE_BUILD, ignore_errors=True)
		return self.bare_run("cold", self.home / BARE_BUILD,
				     self.opts.timeout or COLD_TIMEOUT)

	def suite_edits(self, timeout: float) -> None:
		"""A one-line edit of TOUCHED_TEST, then one suite's run: ours,
		then bare kunit.py's on the same tree and build directory."""
		# Ours as its user edits: in the project, which run installs.
		self.edit(self.project / TOUCHED_TEST)
		self.our_run("suite_edit", timeout, SUITE_GLOB)
		self.edit(self.tree / harness_kernels.DEFAULT_SUBDIR / TOUCHED_TEST)
		self.bare_run("suite_edit", self.build, timeout, SUITE_GLOB)

	def edit(self, path: Arg) -> None:
		"""Add a comment line at the top of PATH, or take it away: the
		lines below move, and so do the __LINE__s KUnit's macros
		record (a new object, as after a real one-line edit)."""
		marker = "/* bench: edited */\n"
		text = Path(path).read_text()
		Path(path).write_text(text[len(marker):] if text.startswith(marker)
				      else marker + text)

	def mutant(self, timeout: float) -> Record:
		"""Time mutate --generate on the first generated mutant of
		MUTANT_FUNCTION: the judge's seconds (its baselines are taken
		once a campaign) and the whole command's."""
		results = self.logs / "mutant.jsonl"
		with contextlib.suppress(FileNotFoundError):
			results.unlink()
		listing = subprocess.run(
			[sys.executable, MUTATE_SCRIPT, "--generate", "--list",
			 f"--kernel-src={self.tree}", MUTANT_FUNCTION],
			cwd=self.project, env={**os.environ, **{
				k: str(v) for k, v in self.env.items()}},
			capture_output=True, text=True, timeout=300)
		names = [line.split()[0] for line in listing.stdout.splitlines()
			 if line.startswith("main.c:")]
		if not names:
			raise BenchError(f"mutate listed no mutant of "
					 f"{MUTANT_FUNCTION}: {listing.stderr[-300:]}")
		note(f"mutant: timing mutate --generate {names[0]} (log "
		     f"{self.log('mutant')})")
		record = timed([sys.executable, MUTATE_SCRIPT, "--generate",
				f"--kernel-src={self.tree}",
				f"--configs={MUTANT_CONFIGS}",
				f"--results={results}", f"--jobs={self.opts.jobs}",
				names[0]], self.project, timeout,
			       self.log("mutant"), self.env)
		del record["lines"]
		record["mutant"] = names[0]
		with contextlib.suppress(OSError, ValueError, IndexError):
			row = json.loads(results.read_text().splitlines()[-1])
			record["judged"] = row.get("seconds")
			record["verdict"] = row.get("verdict")
		self.data["ours"]["mutant"] = record
		note(f"mutant: {record.get('verdict')} in "
		     f"{record.get('judged')} s ({record['seconds']:.1f} s "
		     "with the baselines)")
		require_ok(record, "mutant")
		return record

	# --- boots

	def boot(self, name: str, linux: Arg, extra: Sequence[str]
		 ) -> Tuple[Record, List[str]]:
		"""Boot LINUX directly once; return (record, stamped lines).
		Its KTAP and printk lines are read: the kernel is the only
		source of the suites' times and the stress figures."""
		record = timed([linux, *BOOT_ARGS, *extra], self.tree,
			       BOOT_TIMEOUT, self.log(name))
		stamped = record.pop("lines")
		require_ok(record, f"boot {name}")
		lines = [line for _, line in stamped]
		record["suites"] = host_suite_times(stamped)
		record["suites_kernel_clock"] = suite_times(lines)
		record["failed_suites"] = failed_suites(lines)
		if not record["suites"]:
			raise BenchError(f"boot {name} printed no KTAP suite results; "
					 f"see {record['log']}")
		return record, lines

	def boots(self, who: str, linux: Arg, extra: Sequence[str]) -> Record:
		"""Boot --boots times; return the figures."""
		if not Path(linux).is_file():
			raise BenchError(f"{linux} is missing: run bench without "
					 "--quick first")
		runs: List[Record] = []
		last: List[str] = []
		for number in range(1, self.opts.boots + 1):
			record, last = self.boot(f"{who}-boot-{number}", linux, extra)
			runs.append(record)
			note(f"{who} boot {number}: {record['seconds']:.2f} s")
		figures = {
			"command": runs[0]["command"],
			"runs": runs,
			"median": round(statistics.median(r["seconds"] for r in runs), 3),
		}
		for key, clock in (("suites", ""),
				   ("suites_kernel_clock", "_kernel_clock")):
			per_suite: Dict[str, List[float]] = {}
			for record in runs:
				for suite, seconds in record[key].items():
					per_suite.setdefault(suite, []).append(seconds)
			suites = {suite: round(statistics.median(values), 6)
				  for suite, values in per_suite.items()}
			counted = [s for s in suites if who != "ours" or
				   s.startswith(OUR_SUITES)]
			figures[key] = suites
			figures["suites_sum" + clock] = round(
				sum(suites[s] for s in counted), 3)
		figures["stress_default"] = stress_figures(last) \
			if who == "ours" else None
		return figures

	def stress(self) -> Record:
		record, lines = self.boot("ours-stress", self.build / "linux",
					  self.ext_args() + list(STRESS_ARGS))
		figures = stress_figures(lines)
		record.update(figures)
		if "cycles_per_sec" not in figures or "pairs_per_sec" not in figures:
			raise BenchError("the stress boot printed no symexport_bench "
					 f"figures; see {record['log']}")
		return record

	def ext_args(self) -> List[str]:
		return [f"{harness_config.EXT_DIR_PARAM}={self.build / harness_kernels.EXT_STAGE}"]

	# --- the whole bench

	def step(self, what: str, function: Callable[..., Any], *args: Any) -> Any:
		"""Run one measurement; record its failure and go on."""
		try:
			return function(*args)
		except BenchError as err:
			self.errors.append(f"{what}: {err}")
			note(f"FAILED {what}: {err}")
			return None

	def cold(self) -> Record:
		"""Delete the private symexport/ cache and time both cold runs."""
		note(f"cold: deleting {self.home}")
		shutil.rmtree(self.home, ignore_errors=True)
		if self.home.exists():
			raise BenchError(f"could not delete {self.home}")
		self.logs.mkdir(parents=True, exist_ok=True)
		return self.our_run("cold", self.opts.timeout or COLD_TIMEOUT)

	def run(self) -> None:
		self.logs.mkdir(parents=True, exist_ok=True)
		for old in [*self.logs.glob("*.log"), *self.logs.glob("*.events")]:
			old.unlink()	# never mix in an earlier bench's (the
					# harness removes its stale --json)
		self.data["project"] = take_snapshot(harness_kernels.PROJECT_ROOT,
						     self.project, self.opts.rev)
		note(f"measuring a copy of {self.data['project']['source']} "
		     f"({self.data['project']['rev']}, commit "
		     f"{self.data['project']['commit']}) in {self.project}")
		ours, base = self.data["ours"], self.data["baseline"]
		if not self.opts.quick:
			if self.step("cold run", self.cold) is None and \
			   not self.tree.is_dir():
				return
			self.locate_build()
			self.step("baseline cold run", self.baseline_cold)
			self.step("bare cold run", self.bare_cold)
		else:
			self.locate_build()
			for linux in (self.build / "linux",
				      self.baseline_build / "linux"):
				if not linux.is_file():
					raise BenchError(f"{linux} is missing: run bench "
							 "without --quick first")
			self.step("warm-up run", self.our_run, "warmup", WARM_TIMEOUT)
			self.step("baseline warm-up run", self.baseline_run, "warmup",
				  WARM_TIMEOUT)
		warm = self.opts.timeout or WARM_TIMEOUT
		touched = self.tree / harness_kernels.DEFAULT_SUBDIR / TOUCHED_TEST
		if self.step("touch", self.touch, touched):
			if self.step("incremental run", self.our_run, "incremental",
				     warm):
				ours["incremental"]["touched"] = str(touched)
		self.step("no-change run", self.our_run, "nochange", warm)
		self.step("one-suite edits", self.suite_edits, warm)
		self.step("mutant", self.mutant, warm)
		touched = self.tree / BASELINE_TOUCHED
		if self.step("baseline touch", self.touch, touched):
			if self.step("baseline incremental run", self.baseline_run,
				     "incremental", warm):
				base["incremental"]["touched"] = str(touched)
		self.step("baseline no-change run", self.baseline_run, "nochange",
			  warm)
		ours["boot"] = self.step("our boots", self.boots, "ours",
					 self.build / "linux", self.ext_args())
		base["boot"] = self.step("baseline boots", self.boots, "baseline",
					 self.baseline_build / "linux", [])
		ours["stress"] = self.step("stress boot", self.stress)
		if self.baseline_build.is_dir() and self.build.is_dir():
			self.data["build_comparison"] = compare_builds(
				self.build, self.baseline_build)

	# --- the test command and the matrix, cold

	def cold_check(self, name: str, argv: List[str], timeout: float) -> Record:
		"""Delete the private symexport/ cache, clone the project afresh
		and time ARGV in the clone; return its record."""
		note(f"{name}: deleting {self.home}")
		shutil.rmtree(self.home, ignore_errors=True)
		clone = self.cache / CLONE
		shutil.rmtree(clone, ignore_errors=True)
		if self.home.exists() or clone.exists():
			raise BenchError(f"could not delete {self.home} or {clone}")
		self.logs.mkdir(parents=True, exist_ok=True)
		rev = self.opts.rev or "HEAD"
		commit = git(harness_kernels.PROJECT_ROOT, "rev-parse", rev)
		if commit is None or git(self.cache, "clone", "-q",
					 str(harness_kernels.PROJECT_ROOT), str(clone)) is None \
		   or git(clone, "checkout", "-q", commit.decode().strip()) is None:
			raise BenchError(f"cannot clone {harness_kernels.PROJECT_ROOT} at {rev}")
		self.data["project"] = {"source": str(harness_kernels.PROJECT_ROOT),
					"copy": str(clone), "rev": rev,
					"commit": commit.decode().strip()}
		note(f"{name}: timing {' '.join(argv)} in a fresh clone at {rev} "
		     f"(log {self.log(name)})")
		events_path, options = self.harness_files(name)
		record = timed(argv + options, clone, timeout, self.log(name),
			       self.env)
		events = read_events(events_path)
		record["events"] = str(events_path)
		record["ccache"] = ccache_totals(events)
		record["totals"] = check_totals(events)
		record["failed_cases"] = failed_cases(events)
		del record["lines"]
		self.data["ours"][name] = record
		note(f"{name}: {record['seconds'] / 60:.1f} min, status "
		     f"{record['status']}, ccache {record['ccache']}, "
		     f"passed/failed {record['totals']}")
		require_ok(record, name)
		return record

	def run_cold_checks(self) -> None:
		"""--ci, --matrix: the cold test command, the cold matrix."""
		if self.opts.ci:
			self.step("cold test command", self.cold_check, "cold-ci",
				  ["sh", ".ci/run"], self.opts.timeout or CI_TIMEOUT)
		if self.opts.matrix:
			self.step("cold matrix", self.cold_check, "cold-matrix",
				  [sys.executable, "tools/testing/symexport/check"],
				  self.opts.timeout or MATRIX_TIMEOUT)

	def baseline_cold(self) -> None:
		shutil.rmtree(self.baseline_build, ignore_errors=True)
		self.baseline_run("cold", self.opts.timeout or COLD_TIMEOUT)


@contextlib.contextmanager
def patched_env(env: Mapping[str, Arg]) -> Iterator[None]:
	old = {key: os.environ.get(key) for key in env}
	os.environ.update({key: str(value) for key, value in env.items()})
	try:
		yield
	finally:
		for key, value in old.items():
			if value is None:
				os.environ.pop(key, None)
			else:
				os.environ[key] = value
