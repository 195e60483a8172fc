# SPDX-License-Identifier: GPL-2.0-only
"""mutate --generate: generate the loader's mutants, judge each, report.

Prints one line a mutant as it is judged, and at the end a table per
function: generated, not compiled, killed, survived, equivalent.  With
--results, every verdict is also a JSON line (mutants_report.py turns
those into the report in the tree).
"""

import argparse
import collections
import difflib
import json
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Dict, List, NoReturn, Optional

import harness_config
import harness_tree
from harness_kernels import EXT_DIRS, PROJECT_ROOT
from harness_lock import tree_lock
import mutants_campaign as campaign
import mutants_modpost
from mutants_generate import FUNCTIONS, Mutant, defined, digest, generate

# The files whose mutants a UML boot can judge: the loader.  modpost's
# are judged by whole runs (mutants_modpost).
BOOT_FILES = ("kernel/module/main.c", "kernel/module/version.c")


def fail(message: str) -> NoReturn:
	"""Bad input: one line on stderr, exit status 2."""
	print(f"mutate: {message}", file=sys.stderr)
	sys.exit(2)


def chosen_mutants(tree: Path, files: List[str], names: List[str]
		   ) -> List[Mutant]:
	"""The mutants of FILES whose function or own name is in NAMES (all
	if NAMES is empty); exits 2 naming the close matches of an unknown
	name."""
	out, known = [], set()
	for path in files:
		text = (tree / path).read_text()
		mutants = generate(path, text)
		known |= {m.function for m in mutants} | {m.name for m in mutants}
		known |= set(defined(path, text))	# some have no mutant
		out += [m for m in mutants if not names or m.function in names
			or m.name in names]
	# Judged in the order the functions are named, file order within.
	rank = {name: n for n, name in enumerate(names)}
	out.sort(key=lambda m: rank.get(m.function, rank.get(m.name, 0)))
	unknown = [name for name in names if name not in known]
	if unknown:
		close = difflib.get_close_matches(unknown[0], sorted(known), n=3)
		fail(f"no function or mutant {unknown[0]!r}"
			 + (f"; did you mean {', '.join(close)}?" if close else
			    f" in {', '.join(files)}"))
	return out


def summary(rows: List[dict]) -> str:
	"""The table per function of the verdicts in ROWS."""
	counts: Dict[tuple, collections.Counter] = collections.OrderedDict()
	for row in rows:
		key = (row["file"], row["function"])
		counts.setdefault(key, collections.Counter())[row["verdict"]] += 1
	lines = [f"{'function':40} {'generated':>9} {'not comp':>8} "
		 f"{'killed':>6} {'survived':>8} {'equiv':>5}"]
	for (path, function), c in counts.items():
		lines.append(f"{function:40} {sum(c.values()):9} "
			     f"{c['NOT COMPILED']:8} {c['KILLED']:6} "
			     f"{c['SURVIVED']:8} {c['EQUIVALENT']:5}")
	return "\n".join(lines)


def generated(args: argparse.Namespace) -> int:
	"""The --generate verb of mutate, holding the tree's lock (a run on
	the tree meanwhile would build the mutants).  SIGTERM and SIGHUP
	stop it as Ctrl-C does, the tree unmutated again; so does SIGINT
	where it was started ignored (in the background, with nohup)."""
	for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
		signal.signal(signum, interrupted_by)
	with tree_lock(Path(args.kernel_src),
		       say=lambda s: print(f"mutate: {s}", flush=True)):
		return campaign_in_tree(args)


def interrupted_by(signum: int, _frame: Optional[FrameType]) -> None:
	"""Signal handler: stop the campaign as Ctrl-C does."""
	raise KeyboardInterrupt(f"signal {signum}")


def install_cases(tree: Path, subdir: str) -> None:
	"""Judge with the cases of this checkout: install them into TREE (the
	baseline's make builds them).  The external modules are built by run,
	not here: if they changed since, say so and stop."""
	changed = harness_tree.install_project(PROJECT_ROOT, tree, subdir)
	if not changed:
		return
	print(f"mutate: installed this checkout's cases into {tree / subdir} "
	      f"({len(changed)} files changed)", flush=True)
	top = tree / subdir
	external = [path for path in changed
		    if any(path.is_relative_to(top / d) for d in EXT_DIRS)]
	if external:
		fail(f"the external modules changed since the last run "
		     f"({external[0].relative_to(top)}): build them first with "
		     f"tools/testing/symexport/run --all --kernel-src {tree}")


def campaign_in_tree(args: argparse.Namespace) -> int:
	"""generated(), with the lock held."""
	tree = Path(args.kernel_src)
	recovered = campaign.recover(tree)
	if recovered:
		print(f"mutate: {recovered} was left mutated by a campaign that "
		      "was stopped: restored", flush=True)
	files = args.file or list(FUNCTIONS)
	for path in files:
		if path not in FUNCTIONS:
			fail(f"no functions listed for {path}; the files: "
				 f"{', '.join(FUNCTIONS)}")
	names = args.configs.split(",")
	known = [config.name for config in harness_config.CONFIGURATIONS]
	unknown = [name for name in names if name not in known]
	if unknown:
		fail(f"no configuration {', '.join(unknown)}; the configurations: "
		     f"{', '.join(known)}")
	mutants = chosen_mutants(tree, files, args.names)
	if args.list:
		for m in mutants:
			print(f"{m.name:60} {m.old.strip()[:40]!r} -> "
			      f"{m.new.strip()[:40]!r}")
		print(f"{len(mutants)} mutants")
		return 0
	runnable = mutants
	version = harness_tree.read_kernel_version(tree)
	if version is None:
		fail(f"{tree} is not a kernel tree: its Makefile names no version")
	install_cases(tree, args.subdir)
	targets = campaign.targets_for(tree, Path(args.build_dir), version,
				       names, args.missing_crc)
	if not targets:
		fail(f"no built configuration in {args.build_dir}: "
			 "run tools/testing/symexport/run --all first")
	unbuilt = [name for name in names
		   if name not in {target.name for target in targets}]
	if unbuilt:
		print(f"mutate: not built here, so not judged in: "
		      f"{', '.join(unbuilt)} (run --all builds them)", flush=True)
	modpost = mutants_modpost.context(tree, Path(args.build_dir),
					  args.subdir, args.missing_crc,
					  args.jobs, version, args.whole)
	log_path = Path(args.build_dir) / "symexport-mutate.log"
	rows = []
	# The rows of the survivors judged again, by name: kept should a
	# mutant get no verdict this time (campaign.UNJUDGED), and written
	# with the others until each is judged (an interrupted --survivors
	# loses none).
	kept: Dict[str, List[dict]] = {}
	if args.results and Path(args.results).exists():
		# Go on from where a stopped campaign of the same tree ended.
		source = {path: digest((tree / path).read_text()) for path in files}
		rows = [row for row in load_rows(Path(args.results))
			if row["source"] == source.get(row["file"])]
		if args.survivors:
			# Judge the survivors again (new cases since), keep the rest.
			chosen = {m.name for m in runnable}
			again = {row["name"] for row in rows
				 if row["verdict"] == "SURVIVED" and
				 row["name"] in chosen}
			for row in rows:
				if row["name"] in again:
					kept.setdefault(row["name"], []).append(row)
			rows = [row for row in rows if row["name"] not in again]
			runnable = [m for m in runnable if m.name in again]
		done = {row["name"] for row in rows}
		if done:
			print(f"mutate: {len(done)} mutants judged already "
			      f"({args.results}): going on from there", flush=True)
		runnable = [m for m in runnable if m.name not in done]
	say = lambda s: print(f"mutate: {s}", flush=True)	# noqa: E731
	booted = any(m.file in BOOT_FILES for m in runnable)
	built = any(m.file not in BOOT_FILES for m in runnable)
	with open(log_path, "a") as log:
		if booted:
			for target in targets:
				campaign.take_baseline(target, BOOT_FILES, log,
						       say, tree, args.jobs)
		if built:
			say("modpost's mutants are judged by whole runs: "
			    + mutants_modpost.judged_in_order(modpost.stages))
			mutants_modpost.take_baseline(modpost, log, say)
		start = time.monotonic()
		first = len(rows)
		try:
			for number, m in enumerate(runnable, 1):
				t0 = time.monotonic()
				if m.file in BOOT_FILES:
					verdict, detail = campaign.judge(
						m, tree, targets, args.jobs, log)
				else:
					verdict, detail = mutants_modpost.judge(
						m, modpost, log)
				seconds = time.monotonic() - t0
				print(f"{number}/{len(runnable)} {verdict:12} {m.name} "
				      f"({seconds:.0f} s): {detail}", flush=True)
				if verdict == campaign.UNJUDGED:
					rows += kept.pop(m.name, [])
					continue
				kept.pop(m.name, None)
				rows.append({
					"name": m.name, "file": m.file,
					"function": m.function, "line": m.line,
					"operator": m.operator, "old": m.old,
					"new": m.new, "verdict": verdict,
					"detail": detail, "seconds": round(seconds, 1),
					"kernel": f"{version[0]}.{version[1]}",
					"source": digest((tree / m.file).read_text()),
				})
				if args.results:
					campaign.write_results(
						Path(args.results), rows + [
							row for old in kept.values()
							for row in old])
		except KeyboardInterrupt:
			interrupted = True
		else:
			interrupted = False
		finally:
			say("rebuilding the unmutated kernels")
			if booted:
				campaign.restore(tree, targets, args.jobs, log)
			if built:
				unstable = mutants_modpost.restore(modpost, log)
				if unstable:
					say("the unmutated tree's whole run differs "
					    f"from its baseline: {unstable}; a "
					    "verdict KILLED by that case is in "
					    "doubt")
	if interrupted:
		print(f"mutate: interrupted after {len(rows) - first} mutants; the "
		      "tree is unmutated again" + (
			      f", and the same command goes on from {args.results}"
			      if args.results else ""), file=sys.stderr, flush=True)
		return 130
	total = time.monotonic() - start
	print(summary(rows))
	print(f"{len(rows) - first} mutants in {total:.0f} s "
	      f"({total / max(1, len(rows) - first):.1f} s each)")
	return 1 if any(r["verdict"] == "SURVIVED" for r in rows) else 0


def load_rows(path: Path) -> List[dict]:
	"""The rows a campaign wrote with --results (not its license line)."""
	rows = [json.loads(line) for line in path.read_text().splitlines()
		if line.strip()]
	return [row for row in rows if "name" in row]
