# SPDX-License-Identifier: GPL-2.0-only
"""Judge generated mutants (mutants_generate) against the suites, fast.

For each mutant, and each configuration in turn (main first):
  1. compile the mutated object in that configuration's build directory
     and compare it, debug information stripped, with the unmutated one:
     the same code means the configuration cannot see the mutant;
  2. link the UML kernel and boot it for every suite the configuration
     boots, reading KTAP as it comes: the first case whose result differs
     from the unmutated kernel's (the baseline) kills the mutant and
     stops the boot; so do a new warning, BUG or oops on the console, a
     crash and a boot that outlasts three times the baseline's;
  3. then the cases with a boot of their own, one boot each.
A mutant no configuration can see is EQUIVALENT (the compiler proves
it); one that does not compile is NOT COMPILED; one that every boot
passes SURVIVED.  The tree and every object are restored afterwards.
"""

import contextlib
import hashlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, IO, List, Optional, Sequence, Tuple

import harness_config
import harness_lock
from harness_results import CONSOLE_PROBLEMS, glob_matches, KTAP_START
from mutants_generate import Mutant

RESULT = re.compile(r"^( *)(not ok|ok) \d+ (.*?)(?: # (SKIP|TODO).*)?$")
SUBTEST = re.compile(r"^( *)# Subtest: (\S+)")
TIMESTAMP = re.compile(r"^\[[ \d.]+\] ?")

VERDICTS = ("KILLED", "SURVIVED", "EQUIVALENT", "NOT COMPILED")

# In each build directory: the output of the campaign's last make there.
MAKE_LOG = "symexport-mutate-make.log"


@dataclass
class Boot:
	"""What one boot showed."""
	results: Dict[str, str] = field(default_factory=dict)	# case: status
	problems: List[str] = field(default_factory=list)	# console lines
	ended: bool = False		# the kernel halted after its last suite
	timed_out: bool = False
	seconds: float = 0.0
	differs: Optional[str] = None	# the first difference from a baseline


@dataclass
class Target:
	"""One configuration's build directory and its unmutated results."""
	name: str
	build_dir: Path
	kernel_args: List[str]
	glob: str
	own_boots: List[str] = field(default_factory=list)
	baseline: Dict[str, Boot] = field(default_factory=dict)	# by glob
	objects: Dict[str, str] = field(default_factory=dict)	# digests


def read_ktap(stream: IO[bytes], deadline: float,
	      baseline: Optional[Boot]) -> Boot:
	"""Read a boot's console from STREAM until it ends, DEADLINE passes
	or (given a BASELINE) a case's result differs from it."""
	boot = Boot()
	started = False
	stack: Dict[int, str] = {}
	fd = stream.fileno()
	buf = b""
	while True:
		left = deadline - time.monotonic()
		if left <= 0:
			boot.timed_out = True
			return boot
		ready, _, _ = select.select([fd], [], [], min(left, 1.0))
		if not ready:
			continue
		chunk = os.read(fd, 65536)
		if not chunk:
			return boot
		buf += chunk
		*lines, buf = buf.split(b"\n")
		for raw in lines:
			line = TIMESTAMP.sub("", raw.decode("utf-8", "replace"))
			if not started:
				started = bool(KTAP_START.match(line))
				continue
			if CONSOLE_PROBLEMS.match(line.strip()):
				boot.problems.append(line.strip())
				if baseline is not None and not baseline.problems:
					boot.differs = f"console: {line.strip()}"
					return boot
			match = SUBTEST.match(line)
			if match:
				stack[len(match.group(1))] = match.group(2)
				continue
			match = RESULT.match(line)
			if not match:
				continue
			depth = len(match.group(1))
			if depth == 0:
				boot.ended = boot.ended or \
					line.startswith(("ok", "not ok"))
				continue
			parts = [stack[d] for d in sorted(stack) if d <= depth]
			name = ".".join(parts[:1] + [match.group(3)]) \
				if depth == 4 else None
			for d in [d for d in stack if d > depth]:
				del stack[d]
			if name is None:
				continue	# a parameter: its case says
			status = match.group(4) or \
				("PASS" if match.group(2) == "ok" else "FAIL")
			boot.results[name] = status
			if baseline is not None and \
			   baseline.results.get(name) != status:
				boot.differs = (f"{name}={status} (unmutated: "
						f"{baseline.results.get(name)})")
				return boot


def boot(target: Target, glob: str, extra: Sequence[str], timeout: float,
	 baseline: Optional[Boot] = None, log: Optional[IO[str]] = None) -> Boot:
	"""Boot TARGET's UML kernel for GLOB, as kunit.py exec would."""
	cmd = [str(target.build_dir / "linux"), *target.kernel_args, *extra,
	       f"kunit.filter_glob={glob}", "kunit.enable=1", "mem=1G",
	       "console=tty", "kunit_shutdown=halt"]
	start = time.monotonic()
	proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
				stdout=subprocess.PIPE,
				stderr=subprocess.STDOUT,
				start_new_session=True)
	assert proc.stdout is not None
	try:
		result = read_ktap(proc.stdout, start + timeout, baseline)
	finally:
		with_group(proc)
	result.seconds = time.monotonic() - start
	if baseline is not None and result.differs is None:
		missing = [name for name in baseline.results
			   if name not in result.results]
		if result.timed_out:
			result.differs = f"the boot outlasted {timeout:.0f} s"
		elif not result.ended or missing:
			result.differs = ("the kernel stopped before "
					  + (missing[0] if missing else "its end"))
	if log:
		log.write(f"boot {glob} {' '.join(extra)}: {result}\n")
	return result


def with_group(proc: subprocess.Popen) -> None:
	"""End PROC and every process of its session (UML's helpers)."""
	try:
		os.killpg(proc.pid, signal.SIGKILL)
	except ProcessLookupError:
		pass
	proc.wait()
	if proc.stdout:
		proc.stdout.close()


def make(tree: Path, build_dir: Path, jobs: int, *targets: str,
	 log: Optional[IO[str]] = None) -> bool:
	"""Run kbuild as kunit.py does; True if it succeeded."""
	cmd = ["make", "ARCH=um", f"O={build_dir}", f"--jobs={jobs}", *targets]
	proc = subprocess.run(cmd, cwd=tree, stdout=subprocess.PIPE,
			      stderr=subprocess.STDOUT, text=True,
			      errors="replace", check=False)
	if log:
		log.write(f"$ {' '.join(cmd)}\n{proc.stdout[-4000:]}\n")
	return proc.returncode == 0


def object_digest(path: Path) -> Optional[str]:
	"""The SHA-256 of PATH's code and data (debug information and the
	compiler's comment stripped), or None if there is no such file."""
	if not path.exists():
		return None
	with tempfile.NamedTemporaryFile(suffix=".o") as out:
		subprocess.run(["objcopy", "--strip-debug",
				"--remove-section=.comment", str(path), out.name],
			       check=True, stdout=subprocess.DEVNULL,
			       stderr=subprocess.DEVNULL)
		return hashlib.sha256(Path(out.name).read_bytes()).hexdigest()


def object_of(source: str) -> str:
	"""kernel/module/main.c -> kernel/module/main.o"""
	return source[:-2] + ".o"


def targets_for(tree: Path, build_dir: Path, version: Tuple[int, int],
		names: Sequence[str], missing_crc: str) -> List[Target]:
	"""The configurations NAMES whose build directories exist."""
	out = []
	for config in harness_config.CONFIGURATIONS:
		if config.name not in names or version < config.min_kernel:
			continue
		bdir = harness_config.config_build_dir(build_dir, config)
		if not (bdir / "linux").exists():
			continue
		args = list(config.kernel_args)
		if config.modversions:
			args.append(f"{harness_config.MISSING_CRC_PARAM}={missing_crc}")
		if config.external:
			args.append(f"{harness_config.EXT_DIR_PARAM}="
				    f"{bdir / 'symexport-ext'}")
		target = Target(config.name, bdir, args, config.boot_glob or "*")
		target.own_boots = list(config.own_boot_globs)
		out.append(target)
	return out


def take_baseline(target: Target, sources: Sequence[str], log: IO[str],
		  say, tree: Optional[Path] = None, jobs: int = 1) -> None:
	"""Bring TARGET's kernel up to date with TREE (the cases may have
	changed since it was built: a mutant's build would take them in,
	and a case new to it would read as a difference), then boot it
	unmutated; record its results and objects."""
	if tree is not None and run_make(tree, target.build_dir, jobs):
		raise RuntimeError(f"{target.name}: the unmutated kernel does not "
				   f"build: {build_failure(target)}")
	for source in sources:
		digest = object_digest(target.build_dir / object_of(source))
		if digest:
			target.objects[source] = digest
	main = boot(target, target.glob, [], 900, log=log)
	if not main.ended:
		raise RuntimeError(f"{target.name}: the unmutated kernel did not "
				   f"finish its boot ({main})")
	target.baseline[target.glob] = main
	own = []
	for glob in target.own_boots:
		own += [name for name, status in main.results.items()
			if status == "SKIP" and glob_matches(glob, name)]
	target.own_boots = own
	for name in own:
		result = boot(target, name, harness_config.own_boot_args(name), 300,
			      log=log)
		target.baseline[name] = result
	failed = [f"{n}={s}" for b in target.baseline.values()
		  for n, s in b.results.items() if s == "FAIL"]
	say(f"baseline {target.name}: {len(main.results)} cases in "
	    f"{main.seconds:.1f} s, {len(own)} own boots"
	    + (f"; failing unmutated: {', '.join(failed)}" if failed else ""))


# The verdict of a mutant that no configuration of the campaign compiles:
# not recorded, so that an earlier verdict stands.
UNJUDGED = "UNJUDGED"

# In the tree while a mutant is applied (harness_lock.recover_mutant() puts
# it back after a campaign that was killed).
BACKUP = harness_lock.MUTANT_BACKUP


def recover(tree: Path) -> Optional[str]:
	"""Put back the file a killed campaign left mutated; return its
	path, or None if there was none."""
	return harness_lock.recover_mutant(tree)


def start_make(tree: Path, build_dir: Path, jobs: int, *targets: str
	       ) -> subprocess.Popen:
	"""Start kbuild as kunit.py runs it, in a session of its own, its
	output to MAKE_LOG in BUILD_DIR."""
	cmd = ["make", "ARCH=um", f"O={build_dir}", f"--jobs={jobs}", *targets]
	with open(build_dir / MAKE_LOG, "w") as out:
		return subprocess.Popen(cmd, cwd=tree, stdin=subprocess.DEVNULL,
					stdout=out, stderr=subprocess.STDOUT,
					start_new_session=True)


def cancel(procs: Sequence[subprocess.Popen]) -> None:
	"""Stop builds still running: SIGINT first, so that make deletes the
	target it was writing, then SIGKILL."""
	for proc in procs:
		if proc.poll() is None:
			with contextlib.suppress(ProcessLookupError):
				os.killpg(proc.pid, signal.SIGINT)
	for proc in procs:
		try:
			proc.wait(timeout=20)
		except subprocess.TimeoutExpired:
			with contextlib.suppress(ProcessLookupError):
				os.killpg(proc.pid, signal.SIGKILL)
			proc.wait()


def run_make(tree: Path, build_dir: Path, jobs: int, *targets: str) -> int:
	"""start_make() and wait for it; stopped (cancel()) if this is
	interrupted.  Returns make's exit status."""
	proc = start_make(tree, build_dir, jobs, *targets)
	try:
		return proc.wait()
	finally:
		cancel([proc])


def build_failure(target: Target) -> str:
	"""The last lines of TARGET's MAKE_LOG."""
	try:
		lines = (target.build_dir / MAKE_LOG).read_text(
			errors="replace").splitlines()
	except OSError:
		lines = []
	errors = [line for line in lines if "error" in line.lower()]
	return (errors or lines or ["no output"])[0][:200]


def boot_all(target: Target, log: IO[str]) -> Optional[str]:
	"""Boot TARGET for its suites and its own boots, each against its
	baseline; return the first difference, or None."""
	for glob, base in target.baseline.items():
		extra = [] if glob == target.glob else \
			harness_config.own_boot_args(glob)
		limit = max(20.0, 2 * base.seconds + 5)
		result = boot(target, glob, extra, limit, base, log)
		if result.differs:
			return f"{target.name}: {result.differs}"
	return None


def judge(mutant: Mutant, tree: Path, targets: Sequence[Target], jobs: int,
	  log: IO[str]) -> Tuple[str, str]:
	"""Return (verdict, detail) of MUTANT; the tree is left unmutated.

	The first configuration that compiles the file to new code links
	and boots first; each other one builds and boots only if the
	mutant survived those before it."""
	path = tree / mutant.file
	obj = object_of(mutant.file)
	original = path.read_text()
	(tree / BACKUP).write_text(f"{mutant.file}\n{original}")
	try:
		path.write_text(mutant.apply(original))
		mine = [t for t in targets if mutant.file in t.objects]
		if not mine:
			# Not a verdict: a configuration that compiles the
			# file (version.c: MODVERSIONS) has to judge it.
			return UNJUDGED, (f"no configuration of this campaign "
					  f"compiles {mutant.file}")
		first = None
		for n, target in enumerate(mine):
			if run_make(tree, target.build_dir, jobs, obj):
				return "NOT COMPILED", build_failure(target)
			if object_digest(target.build_dir / obj) != \
			   target.objects[mutant.file]:
				first = n
				break
		if first is None:
			return "EQUIVALENT", ("compiles to the same code in every "
					      "configuration")
		target, rest = mine[first], mine[first + 1:]
		if run_make(tree, target.build_dir, jobs):
			return "NOT COMPILED", build_failure(target)
		seen = [target.name]
		differs = boot_all(target, log)
		for other in rest:
			# Built only now: most mutants die in the first
			# configuration, and a build beside its boot slows it.
			if differs:
				break
			if run_make(tree, other.build_dir, jobs, obj):
				return "NOT COMPILED", build_failure(other)
			if object_digest(other.build_dir / obj) == \
			   other.objects[mutant.file]:
				continue
			if run_make(tree, other.build_dir, jobs):
				return "NOT COMPILED", build_failure(other)
			seen.append(other.name)
			differs = boot_all(other, log)
		if differs:
			return "KILLED", differs
		return "SURVIVED", "every case as unmutated in " + ", ".join(seen)
	finally:
		path.write_text(original)
		(tree / BACKUP).unlink()


def restore(tree: Path, targets: Sequence[Target], jobs: int,
	    log: IO[str]) -> None:
	"""Rebuild every target from the unmutated tree."""
	for target in targets:
		make(tree, target.build_dir, jobs, log=log)


# The first line of a results file: its license, as an object of its own
# (JSON has no comments); readers skip it (mutants_cli.load_rows()).
LICENSE_LINE = {"SPDX-License-Identifier": "GPL-2.0-only"}


def write_results(path: Path, rows: List[dict]) -> None:
	"""Write the campaign's rows as JSON lines (one mutant a line) after
	LICENSE_LINE."""
	with open(path, "w") as f:
		f.write(json.dumps(LICENSE_LINE) + "\n")
		for row in rows:
			f.write(json.dumps(row, sort_keys=True) + "\n")


def flush(out=sys.stdout) -> None:
	out.flush()
