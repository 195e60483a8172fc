#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the generated-mutant campaign's report and the rst's teaching
table from the campaign's results (mutate --generate --results FILE).

  tools/testing/symexport/mutants_report.py RESULTS.jsonl [...]

writes tools/testing/symexport/records/mutants-campaign.md (per kernel and
function: generated, not compiled, killed, survived, equivalent; every
survivor with its reason) and, in Documentation/dev-tools/symexport.rst
between its two "mutant table" comments, the teaching table (for each
loader function, the cases that turn red when it is broken, and one
mutant that shows it).  Both are generated: edit the campaign, not them.
"""

import collections
import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutants_cli import load_rows  # noqa: E402
from mutants_equivalent import EQUIVALENT, UNCOVERED  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REPORT = HERE / "records" / "mutants-campaign.md"
TABLE = ROOT / "Documentation/dev-tools/symexport.rst"
TABLE_BLOCK = re.compile(r"(^\.\. symexport: mutant table begins\n).*?"
			 r"(^\.\. symexport: mutant table ends\n)", re.M | re.S)
COMMAND = ("tools/testing/symexport/mutate --generate --kernel-src TREE "
	   "--results RESULTS.jsonl\n"
	   "tools/testing/symexport/mutants_report.py RESULTS.jsonl ...")
# Cases renamed since the campaign's rows were judged: their names now
# (two cases that differed in one call became one case's parameters).
RENAMED = {
	"symexport_refcount.try_module_get_and_module_put_move_refcount_by_one":
		"symexport_refcount.get_and_put_move_refcount_by_one.try_module_get",
	"symexport_refcount.symbol_get_and_symbol_put_move_refcount_by_one":
		"symexport_refcount.get_and_put_move_refcount_by_one.symbol_get",
	"symexport_unload.provider_unload_blocked_while_module_reference_held":
		"symexport_unload.provider_unload_blocked_while_reference_held.try_module_get",
	"symexport_unload.provider_unload_blocked_while_symbol_get_reference_held":
		"symexport_unload.provider_unload_blocked_while_reference_held.symbol_get",
	"symexport_bad_input.delete_module_with_empty_name_fails_enoent":
		"symexport_bad_input.delete_module_of_name_no_module_can_have_fails_enoent.empty",
	"symexport_bad_input.delete_module_with_overlong_name_fails_enoent":
		"symexport_bad_input.delete_module_of_name_no_module_can_have_fails_enoent."
		"MODULE_NAME_LEN plus 7 characters",
}


def verdict(row: dict) -> str:
	"""The row's verdict, an argued equivalence counted as such."""
	if row["verdict"] == "SURVIVED" and row["name"] in EQUIVALENT.get(
			row["kernel"], {}):
		return "EQUIVALENT"
	return row["verdict"]


def killing_case(row: dict) -> str:
	"""The case whose result the mutant changed first."""
	match = re.match(r"^[\w -]+: ([\w.]+)=(no result)?", row["detail"])
	if match and match.group(2):
		return "(no result: the run stopped before it, a build failed)"
	if match:
		return RENAMED.get(match.group(1), match.group(1))
	if "console:" in row["detail"]:
		return "symexport_console (a warning or BUG)"
	return "(the boot: " + row["detail"].split(": ", 1)[-1] + ")"


def per_function(rows: List[dict]) -> List[str]:
	"""The markdown table of verdicts per kernel and function."""
	counts: Dict[Tuple[str, str, str], collections.Counter] = {}
	for row in rows:
		key = (row["kernel"], row["file"], row["function"])
		counts.setdefault(key, collections.Counter())[verdict(row)] += 1
	out = ["| kernel | function | generated | not compiled | killed | "
	       "survived | equivalent | killed of non-equivalent |",
	       "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
	totals: Dict[str, collections.Counter] = {}
	for (kernel, path, function), c in sorted(counts.items()):
		totals.setdefault(kernel, collections.Counter()).update(c)
		out.append(row_line(kernel, f"`{function}` ({path.rsplit('/', 1)[-1]})", c))
	for kernel, c in sorted(totals.items()):
		out.append(row_line(kernel, "**all**", c))
	return out


def row_line(kernel: str, what: str, c: collections.Counter) -> str:
	"""One line of the table."""
	judged = c["KILLED"] + c["SURVIVED"]
	share = f"{100 * c['KILLED'] / judged:.1f}%" if judged else "-"
	return (f"| {kernel} | {what} | {sum(c.values())} | {c['NOT COMPILED']} "
		f"| {c['KILLED']} | {c['SURVIVED']} | {c['EQUIVALENT']} | {share} |")


def change_of(row: dict) -> str:
	"""The mutant's change, on one line, for markdown."""
	old = " ".join(row["old"].split())[:60]
	new = " ".join(row["new"].split())[:60]
	return f"`{old}` -> " + (f"`{new}`" if new and new != ";" else
				 "(removed)" if new == ";" else "(dropped)")


def survivors(rows: List[dict]) -> List[str]:
	"""Every survivor, and every argued equivalent, with its reason."""
	out = []
	for row in rows:
		if row["verdict"] != "SURVIVED":
			continue
		same = EQUIVALENT.get(row["kernel"], {}).get(row["name"])
		gap = UNCOVERED.get(row["kernel"], {}).get(row["name"])
		out.append(f"- {row['kernel']} `{row['name']}`: {change_of(row)}: "
			   + (f"equivalent: {same}" if same else
			      f"**survived**: {gap}" if gap else
			      "**survived**: no case tells it apart yet"))
	return out or ["(none)"]


def teaching_table(rows: List[dict]) -> List[str]:
	"""The rst table: function, the case that proves its rule, a mutant."""
	seen: Dict[Tuple[str, str], dict] = collections.OrderedDict()
	named: set = set()
	killed = [r for r in sorted(rows, key=lambda r: (r["file"], r["line"]))
		  if r["verdict"] == "KILLED" and r["kernel"] == rows[0]["kernel"]]
	for row in killed:
		case = killing_case(row)
		if case.startswith("symexport_") and "(" not in case:
			seen.setdefault((row["function"], case), row)
			named.add(row["function"])
	for row in killed:	# what else went red, for the functions left
		if row["function"] not in named:
			seen.setdefault((row["function"], killing_case(row)), row)
	lines = [".. Generated by tools/testing/symexport/mutants_report.py from a",
		 "   campaign of mutate --generate: do not edit.",
		 "",
		 "For each function of the module loader that decides about exported",
		 "symbols, references and unloading: the cases that go red when one",
		 "of its statements is broken, and the first such mutant (Linux "
		 f"{rows[0]['kernel']}).",
		 "A reader learning a rule goes from the case to the code.",
		 "",
		 ".. list-table::",
		 "   :header-rows: 1",
		 "",
		 "   * - function",
		 "     - case",
		 "     - mutant"]
	for (function, case), row in seen.items():
		old = " ".join(row["old"].split())[:50]
		new = " ".join(row["new"].split())[:50]
		change = f"``{old}`` " + (f"to ``{new}``" if new and new != ";"
					  else "removed" if new == ";" else
					  "dropped")
		lines += [f"   * - ``{function}()``",
			  f"     - ``{case}``",
			  f"     - line {row['line']}: {row['operator']}, {change}"]
	return lines


def main(argv: List[str]) -> int:
	"""Read the results, write the report and the table."""
	if not argv:
		print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
		return 2
	rows: List[dict] = []
	for path in argv:
		rows += load_rows(Path(path))
	if not rows:
		print("mutants_report: no results", file=sys.stderr)
		return 2
	seconds = [r["seconds"] for r in rows if r["verdict"] != "EQUIVALENT"]
	report = [
		"<!-- SPDX-License-Identifier: GPL-2.0-only -->",
		"# The generated-mutant campaign",
		"",
		"Generated by `mutants_report.py` from `mutants-campaign-*.jsonl` "
		"(one JSON object a mutant, the verdicts of `mutate --generate "
		"--results`, after a first line with its license): do not edit. "
		"Reproduce with",
		"",
		"```sh",
		COMMAND,
		"```",
		"",
		"after `tools/testing/symexport/run --all` has built the "
		"configurations. Each function's mutants (mutants_generate.py) "
		"judged in every configuration a run builds whose kernel compiles "
		"the mutated code (mutants_campaign.py).",
		"",
		*per_function(rows),
		"",
		f"Judged: {len(rows)} mutants; mean {sum(seconds) / max(1, len(seconds)):.1f} s "
		"a mutant that compiled to new code (compile, link, boots), "
		f"{sum(r['seconds'] for r in rows) / 60:.1f} minutes in all.",
		"",
		"## Survivors and equivalent mutants",
		"",
		*survivors(rows),
		"",
	]
	REPORT.write_text("\n".join(report))
	table = "\n".join(teaching_table(rows)) + "\n\n"
	text = TABLE.read_text()
	if not TABLE_BLOCK.search(text):
		print(f"mutants_report: {TABLE} has no mutant table comments",
		      file=sys.stderr)
		return 2
	TABLE.write_text(TABLE_BLOCK.sub(lambda m: m.group(1) + "\n" + table +
					 m.group(2), text))
	print(f"wrote {REPORT.relative_to(ROOT)} and {TABLE.relative_to(ROOT)}")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
