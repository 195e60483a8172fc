# SPDX-License-Identifier: GPL-2.0-only
"""Judge generated mutants of scripts/mod/modpost.c with whole runs.

modpost runs at build time, for the kernel's own modules in every
configuration and for each external pass, so a boot alone cannot judge
it: the judge is the harness's own run.  For each mutant:
  1. build modpost in the main build directory and compare its object,
     debug information stripped, with the unmutated one: the same code
     is EQUIVALENT, an object that does not build NOT COMPILED;
  2. run the build cases (run -- 'symexport_build.*': the main kernel,
     its external passes, no boot) and compare every result with the
     unmutated tree's: most mutants die here, in seconds;
  3. if modpost wrote other files than unmutated in a build directory
     the build cases rebuilt (the main one, and modversions': a .mod.c,
     a Module.symvers, .vmlinux.export.c: all a boot can see of it), or
     with WHOLE, a whole run (with --all where a run --all has built the
     other configurations), every result compared.
A mutant that changes no result SURVIVED: without WHOLE, a mutant that
only the files of a configuration the build cases do not rebuild would
show survives (the verdict errs towards SURVIVED, never towards KILLED;
--whole judges them again).
The runs work under mutate's lock on the tree (harness_lock.HELD_ENV).
"""

import glob
import hashlib

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, IO, List, Optional, Sequence, Tuple

import harness_config
import harness_lock
from harness_results import load_cases
import mutants_campaign as campaign
from mutants_generate import Mutant

# kbuild's target that builds modpost, and its object.
MODPOST_DIR = "scripts/mod/"
MODPOST_OBJECT = "scripts/mod/modpost.o"
RUN = Path(__file__).resolve().parent / "run"
RUN_TIMEOUT = 3600


@dataclass
class Stage:
	"""One run of the harness and what it gave unmutated."""
	label: str
	argv: List[str]
	baseline: Dict[str, str] = field(default_factory=dict)
	status: int = 0
	seconds: float = 0.0		# the unmutated run's


@dataclass
class Context:
	"""What every mutant of a campaign is judged against."""
	tree: Path
	build_dir: Path
	common: List[str]		# run's options for this tree
	jobs: int
	stages: List[Stage]
	whole: bool = False		# a whole run even if no file differs
	digest: Optional[str] = None	# of the unmutated modpost.o
	outputs: Optional[str] = None	# of its files after the build cases


def stages_for(build_dir: Path, version: Tuple[int, int]) -> List[Stage]:
	"""The build cases, then a whole run: with --all if a run --all has
	built a configuration that a run without it leaves out."""
	extra = [config for config in harness_config.CONFIGURATIONS
		 if not config.in_run and version >= config.min_kernel and
		 (harness_config.config_build_dir(build_dir, config)
		  / "linux").exists()]
	return [Stage("build cases", ["--", "symexport_build.*"]),
		Stage("whole run" + (" --all" if extra else ""),
		      ["--all"] if extra else [])]


def limit(stage: Stage) -> int:
	"""How long STAGE's run may take: a mutant can make modpost loop, and
	a run that outlasts four times the unmutated one (two minutes at
	least) has failed."""
	return int(max(120.0, 4 * stage.seconds)) if stage.seconds \
		else RUN_TIMEOUT


def harness_run(ctx: Context, stage: Stage, log: IO[str]
		) -> Tuple[int, Dict[str, str], str]:
	"""Run STAGE; return (exit status, {case: status}, last line)."""
	timeout = limit(stage)
	with tempfile.TemporaryDirectory() as scratch:
		json_path = Path(scratch) / "results.json"
		cmd = [sys.executable, str(RUN), *ctx.common, "--json",
		       str(json_path), "--timeout", str(timeout), *stage.argv]
		env = dict(os.environ)
		env[harness_lock.HELD_ENV] = str(harness_lock.lock_path(ctx.tree))
		log.write(f"$ {' '.join(cmd)}\n")
		log.flush()
		# In a session of its own: stopped as a whole (campaign.cancel:
		# SIGINT, which run passes on to its builds and boots) if this
		# is interrupted or it outlasts RUN_TIMEOUT.
		proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
					stdout=subprocess.PIPE,
					stderr=subprocess.STDOUT, text=True,
					errors="replace", env=env,
					start_new_session=True)
		try:
			output, _ = proc.communicate(timeout=timeout + 60)
		except subprocess.TimeoutExpired:
			output = f"run outlasted {timeout + 60} s"
		finally:
			campaign.cancel([proc])
		log.write(output[-6000:] + "\n")
		cases = load_cases(json_path) or []
	lines = [line for line in output.splitlines() if line.strip()]
	return (proc.returncode, {c.name: c.status for c in cases},
		lines[-1] if lines else "no output")


def difference(stage: Stage, status: int, results: Dict[str, str],
	       last: str) -> Optional[str]:
	"""The first difference of a run from STAGE's baseline, or None."""
	if not results:
		return f"the run gave no results (exit {status}): {last}"
	for name, base in stage.baseline.items():
		if results.get(name) != base:
			return (f"{name}={results.get(name, 'no result')} "
				f"(unmutated: {base})")
	new = sorted(set(results) - set(stage.baseline))
	if new:
		return f"{new[0]}={results[new[0]]} (unmutated: no result)"
	if status != stage.status:
		return f"run exited {status} (unmutated: {stage.status}): {last}"
	return None


# The files modpost writes, besides one .mod.c a module.
OUTPUTS = ("Module.symvers", ".vmlinux.export.c")


def outputs_digest(build_dir: Path) -> str:
	"""The SHA-256 of every file modpost wrote below BUILD_DIR and the
	other configurations' build directories beside it (the kernels'
	modules and the external passes'), with their paths: the build cases
	rebuild those that record one (modversions, whose modpost adds CRCs
	and module_layout), the others are as the baseline left them."""
	digest = hashlib.sha256()
	builds = [build_dir] + sorted(build_dir.parent.glob(
		glob.escape(build_dir.name) + "-*"))
	for build in builds:
		for root, dirs, files in os.walk(build):
			dirs.sort()
			for name in sorted(files):
				if name.endswith(".mod.c") or name in OUTPUTS:
					path = Path(root) / name
					digest.update(str(path.relative_to(
						build.parent)).encode() + b"\0")
					digest.update(path.read_bytes())
	return digest.hexdigest()


def modpost_digest(ctx: Context) -> Optional[str]:
	"""Build modpost in the main build directory; its object's digest,
	or None if it does not build."""
	if campaign.run_make(ctx.tree, ctx.build_dir, ctx.jobs, MODPOST_DIR):
		return None
	return campaign.object_digest(ctx.build_dir / MODPOST_OBJECT)


def take_baseline(ctx: Context, log: IO[str], say: Callable[[str], None]
		  ) -> None:
	"""Run every stage on the unmutated tree; record its results."""
	ctx.digest = modpost_digest(ctx)
	if ctx.digest is None:
		raise RuntimeError("the unmutated modpost does not build: "
				   + make_failure(ctx))
	for stage in ctx.stages:
		start = time.monotonic()
		status, results, last = harness_run(ctx, stage, log)
		stage.seconds = time.monotonic() - start
		if not results:
			raise RuntimeError(f"{stage.label}: the unmutated run "
					   f"gave no results (exit {status}): "
					   f"{last}")
		stage.baseline, stage.status = results, status
		if ctx.outputs is None:
			ctx.outputs = outputs_digest(ctx.build_dir)
		failed = [f"{n}={s}" for n, s in results.items()
			  if s not in ("PASS", "SKIP")]
		say(f"baseline {stage.label}: {len(results)} cases, exit "
		    f"{status}" + (f"; failing unmutated: {', '.join(failed)}"
				   if failed else ""))


def make_failure(ctx: Context) -> str:
	"""The first error line of the last make in the main build dir."""
	try:
		lines = (ctx.build_dir / campaign.MAKE_LOG).read_text(
			errors="replace").splitlines()
	except OSError:
		lines = []
	errors = [line for line in lines if "error" in line.lower()]
	return (errors or lines or ["no output"])[0][:200]


def judge(mutant: Mutant, ctx: Context, log: IO[str]) -> Tuple[str, str]:
	"""Return (verdict, detail) of MUTANT; the tree is left unmutated."""
	path = ctx.tree / mutant.file
	original = path.read_text()
	(ctx.tree / campaign.BACKUP).write_text(f"{mutant.file}\n{original}")
	try:
		path.write_text(mutant.apply(original))
		digest = modpost_digest(ctx)
		if digest is None:
			return "NOT COMPILED", make_failure(ctx)
		if digest == ctx.digest:
			return "EQUIVALENT", "modpost compiles to the same code"
		first = ctx.stages[0]
		for stage in ctx.stages:
			status, results, last = harness_run(ctx, stage, log)
			differs = difference(stage, status, results, last)
			if differs:
				return "KILLED", f"{stage.label}: {differs}"
			if stage is first and not ctx.whole and \
			   outputs_digest(ctx.build_dir) == ctx.outputs:
				return "SURVIVED", (f"every case as unmutated in the "
						    f"{first.label}, and modpost "
						    "wrote the same files for "
						    "every configuration")
		return "SURVIVED", ("every case as unmutated in the "
				    + " and the ".join(s.label for s in
							 ctx.stages))
	finally:
		path.write_text(original)
		(ctx.tree / campaign.BACKUP).unlink()


def restore(ctx: Context, log: IO[str]) -> Optional[str]:
	"""Rebuild from the unmutated tree with the last stage's run; return
	how it differs from its baseline (a case that is not stable), or
	None."""
	stage = ctx.stages[-1]
	status, results, last = harness_run(ctx, stage, log)
	return difference(stage, status, results, last)


def context(tree: Path, build_dir: Path, subdir: str, missing_crc: str,
	    jobs: int, version: Tuple[int, int], whole: bool = False
	    ) -> Context:
	"""The Context of a campaign on TREE."""
	common = ["--kernel-src", str(tree), "--build-dir", str(build_dir),
		  "--subdir", subdir, "--missing-crc", missing_crc,
		  "--jobs", str(jobs)]
	return Context(tree, build_dir, common, jobs,
		       stages_for(build_dir, version), whole)


def judged_in_order(stages: Sequence[Stage]) -> str:
	"""'build cases, then whole run --all', for the campaign's start."""
	return ", then ".join(stage.label for stage in stages)
