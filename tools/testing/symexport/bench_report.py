# SPDX-License-Identifier: GPL-2.0-only
"""bench: the figures against their targets, and the table.

evaluate() turns a bench's figures (its JSON) into the table's rows, with
the ratios to the baseline and the verdicts on the targets;
format_table() lays them out, and print_report() prints the table (or
the lines of the cold test command and matrix) and the line that says
when and where.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple

from bench_output import OUR_SUITES

TARGET_INCREMENTAL = 20.0	# seconds, edit to result
TARGET_SUITES = 2.0		# seconds, every symexport suite inside UML
TARGET_COLD_RATIO = 1.2		# cold build, ours / baseline
# Issue 26: against bare kunit.py run --kunitconfig=lib/symexport.
TARGET_EDIT_RATIO = 1.3		# one suite after an edit, ours / bare
TARGET_SUITE_LINES = 30		# lines that run prints
TARGET_MUTANT = 20.0		# seconds, a generated mutant judged
TARGET_COLD_BARE_RATIO = 3.0	# cold run, ours / bare
TARGET_COLD_CI = 60 * 60	# seconds, a cold .ci/run (--with-ci)


def ratio(ours: Optional[float], baseline: Optional[float]
	  ) -> Optional[float]:
	if ours is None or not baseline:
		return None
	return round(ours / baseline, 3)


def verdict(ok: Optional[bool]) -> str:
	return "-" if ok is None else ("PASS" if ok else "MISS")


def at_most(value: Optional[float], limit: float) -> Optional[bool]:
	return None if value is None else value <= limit


def below(value: Optional[float], limit: float) -> Optional[bool]:
	return None if value is None else value < limit


def dig(data: Any, *keys: Any) -> Any:
	"""data[k1][k2]..., or None if any level is missing."""
	for key in keys:
		if not isinstance(data, dict) or data.get(key) is None:
			return None
		data = data[key]
	return data


def evaluate(data: Dict[str, Any]) -> List[Tuple[Any, ...]]:
	"""Return the table's rows: (metric, ours, baseline, ratio, target,
	verdict), and put the ratios and targets into DATA."""
	ours, base = data["ours"], data["baseline"]
	cold_build = dig(ours, "cold", "phases", "build")
	base_build = dig(base, "cold", "build")
	rows: List[Tuple[Any, ...]] = []

	def row(metric: str, mine: Any, theirs: Any, unit: str = "s",
		target: str = "", ok: Optional[bool] = None) -> None:
		rows.append((metric, mine, theirs, ratio(mine, theirs), unit,
			     target, verdict(ok)))
		data["ratios"][metric] = ratio(mine, theirs)
		if target:
			data["targets"][metric] = {"target": target, "ours": mine,
						   "verdict": verdict(ok)}

	row("cold total: unpack+config+build+boots",
	    dig(ours, "cold", "seconds"), dig(base, "cold", "seconds"))
	row("cold unpack + install", dig(ours, "cold", "phases", "setup"), None)
	row("cold build (config + make)", cold_build, base_build,
	    target=f"<= {TARGET_COLD_RATIO} x baseline",
	    ok=at_most(ratio(cold_build, base_build), TARGET_COLD_RATIO))
	configs = dig(ours, "cold", "configurations") or {}
	for config, split in sorted(configs.items()) if len(configs) > 1 else ():
		row(f"  cold build of configuration {config}",
		    split.get("build"), base_build)
	row("cold external passes", dig(ours, "cold", "phases", "external"),
	    None)
	row("cold boots", dig(ours, "cold", "phases", "boots"),
	    dig(base, "cold", "running"))
	inc = dig(ours, "incremental", "seconds")
	row("incremental: touch test, edit to result", inc,
	    dig(base, "incremental", "seconds"),
	    target=f"< {TARGET_INCREMENTAL:g} s",
	    ok=below(inc, TARGET_INCREMENTAL))
	for phase, theirs in (("setup", None), ("build", "build"),
			      ("external", None), ("boots", "running")):
		row(f"  incremental {phase}",
		    dig(ours, "incremental", "phases", phase),
		    theirs and dig(base, "incremental", theirs))
	bare = data.get("bare", {})
	cold, bare_cold = dig(ours, "cold", "seconds"), dig(bare, "cold",
							     "seconds")
	row("cold run vs cold bare kunit.py (lib/symexport)", cold, bare_cold,
	    target=f"<= {TARGET_COLD_BARE_RATIO:g} x bare",
	    ok=at_most(ratio(cold, bare_cold), TARGET_COLD_BARE_RATIO))
	edit, bare_edit = (dig(ours, "suite_edit", "seconds"),
			   dig(bare, "suite_edit", "seconds"))
	row("one suite after an edit vs bare kunit.py", edit, bare_edit,
	    target=f"<= {TARGET_EDIT_RATIO:g} x bare",
	    ok=at_most(ratio(edit, bare_edit), TARGET_EDIT_RATIO))
	lines = dig(ours, "suite_edit", "line_count")
	row("  lines it prints", lines, dig(bare, "suite_edit", "line_count"),
	    unit="", target=f"<= {TARGET_SUITE_LINES}",
	    ok=at_most(lines, TARGET_SUITE_LINES))
	judged = dig(ours, "mutant", "judged")
	row("a generated mutant of main.c, judged", judged, None,
	    target=f"< {TARGET_MUTANT:g} s", ok=below(judged, TARGET_MUTANT))
	row("  with mutate's baselines", dig(ours, "mutant", "seconds"), None)
	cold_ci = dig(ours, "cold-ci", "seconds")
	if cold_ci is not None:
		row("cold .ci/run (with --with-ci)", cold_ci, None,
		    target=f"< {TARGET_COLD_CI:g} s",
		    ok=below(cold_ci, TARGET_COLD_CI) and
		    dig(ours, "cold-ci", "status") == 0)
	row("no-change rerun", dig(ours, "nochange", "seconds"),
	    dig(base, "nochange", "seconds"))
	row("rebuilt files on no-change rerun",
	    dig(ours, "nochange", "rebuilt_count"),
	    dig(base, "nochange", "rebuilt_count"), unit="")
	row("UML boot to halt (median)", dig(ours, "boot", "median"),
	    dig(base, "boot", "median"))
	suites = dig(ours, "boot", "suites_sum")
	row("all suites inside UML (host clock)", suites,
	    dig(base, "boot", "suites_sum"),
	    target=f"< {TARGET_SUITES:g} s", ok=below(suites, TARGET_SUITES))
	row("  the same by printk time (10 ms steps)",
	    dig(ours, "boot", "suites_sum_kernel_clock"),
	    dig(base, "boot", "suites_sum_kernel_clock"))
	for name, seconds in sorted((dig(ours, "boot", "suites") or {}).items()):
		if name.startswith(OUR_SUITES):
			row(f"  {name}", seconds, None)
	row("load/unload cycles per second",
	    dig(ours, "stress", "cycles_per_sec"), None, unit="/s")
	row("try_module_get/module_put pairs per second",
	    dig(ours, "stress", "pairs_per_sec"), None, unit="/s")
	sleeps = data.get("sleeping_calls")
	row("sleeping calls in the cases",
	    None if sleeps is None else len(sleeps), None, unit="",
	    target="0", ok=None if sleeps is None else not sleeps)
	return rows


def show(value: Any, unit: str) -> str:
	if value is None:
		return "-"
	if unit == "s":
		return (f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
			if value < 10 else f"{value:.1f} s")
	if unit == "/s":
		return f"{value:,}/s"
	return str(value)


def format_table(rows: Sequence[Sequence[Any]]) -> str:
	header = ("metric", "ours", "baseline", "ratio", "target", "verdict")
	cells = [header] + [
		(metric, show(mine, unit), show(theirs, unit),
		 "-" if rat is None else f"{rat:.2f}", target or "-", result)
		for metric, mine, theirs, rat, unit, target, result in rows]
	widths = [max(len(cell[i]) for cell in cells) for i in range(6)]
	lines = []
	for number, cell in enumerate(cells):
		lines.append("  ".join(
			text.ljust(width) if i == 0 else text.rjust(width)
			for i, (text, width) in enumerate(zip(cell, widths))).rstrip())
		if number == 0:
			lines.append("  ".join("-" * width for width in widths))
	return "\n".join(lines)


COLD_CHECKS = {"cold-ci": "cold .ci/run (check --ci)",
	       "cold-matrix": "cold check (the whole matrix)"}


def cold_check_lines(data: Dict[str, Any]) -> List[str]:
	"""One line for each cold test command or matrix in DATA."""
	lines = []
	for name, what in COLD_CHECKS.items():
		record = data.get("ours", {}).get(name)
		if not record:
			continue
		cache = record.get("ccache") or {}
		totals = record.get("totals") or ["?", "?"]
		lines.append(f"{what}: {record['seconds'] / 60:.1f} min, exit "
			     f"status {record['status']}"
			     f"{' (timed out)' if record.get('timed_out') else ''}; "
			     f"{totals[0]} passed, {totals[1]} failed; ccache "
			     f"{cache.get('hits', '?')} of "
			     f"{cache.get('compilations', '?')} compilations hit")
	return lines


def print_report(data: Dict[str, Any]) -> None:
	"""Print the table and the line that says when and where."""
	cold_checks = cold_check_lines(data)
	if set(data.get("ours", {})) - set(COLD_CHECKS):
		print(format_table(evaluate(data)))
	if cold_checks:
		print("\n".join(cold_checks))
	load = data.get("loadavg", {})
	print(f"\n{data.get('date')}  {data.get('machine')}  nproc "
	      f"{data.get('nproc')}  Linux {data.get('kernel_version')} (UML)  "
	      "load average " + " -> ".join(
		      f"{load[key][0]:.2f}" for key in ("start", "end")
		      if load.get(key)))
