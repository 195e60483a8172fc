#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the mutant generator (mutants_generate) and of the campaign's
KTAP reader (mutants_campaign), on C and KTAP kept here."""

import contextlib
import io
import os
import sys
import tempfile
import types
import time
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutants_campaign  # noqa: E402
import mutants_generate as gen  # noqa: E402

SOURCE = """\
/* A comment with if (x) and strcmp(a, b) in it. */
static int ignored(int x)
{
	if (x)
		return 1;
	return 0;
}

static int checked(const char *a, const char *b,
		   int len)
{
	int err;

	if (a && b &&
	    len == 0)
		return -EINVAL;
	if (strcmp(a, "if (x) < y") == 0)
		goto out;
	module_put(NULL);
	mutex_lock(&m);
	err = len < 3 ? -ENOENT : 0;
out:
	return err;
}
"""


def mutants(names=("checked",)):
	"""The generated mutants of SOURCE's function(s) NAMES."""
	return gen.generate("kernel/module/main.c", SOURCE, names)


class GenerateTest(unittest.TestCase):
	"""The operators, on a function of SOURCE."""

	def test_only_the_named_function_is_mutated(self):
		self.assertTrue(all(m.function == "checked" for m in mutants()))
		self.assertEqual(mutants(()), [])

	def test_every_mutant_keeps_the_line_count(self):
		for m in mutants():
			self.assertEqual(m.apply(SOURCE).count("\n"),
					 SOURCE.count("\n"), m.name)

	def test_multi_line_condition_is_negated_and_made_constant(self):
		conds = [m for m in mutants() if m.line == 14]
		ops = {m.operator for m in conds}
		self.assertTrue({"cond_negate", "cond_true", "cond_false"} <= ops)
		negated = next(m for m in conds if m.operator == "cond_negate")
		self.assertEqual(negated.new, "!(a && b &&\n\t    len == 0)")

	def test_each_operand_of_a_chain_is_dropped(self):
		dropped = [m.apply(SOURCE).split("\n")[13:15] for m in mutants()
			   if m.operator.startswith("drop_operand") and m.line <= 15]
		self.assertEqual(len(dropped), 3)

	def test_comparisons_are_swapped_outside_strings_and_comments(self):
		swaps = [(m.line, m.old, m.new) for m in mutants()
			 if m.operator.startswith("relational")]
		self.assertIn((15, "==", "!="), swaps)
		self.assertIn((17, "==", "!="), swaps)
		self.assertIn((21, "<", "<="), swaps)
		self.assertEqual(len(swaps), 3)

	def test_strcmp_becomes_a_prefix_compare_either_way(self):
		news = [m.new for m in mutants() if m.operator.startswith("prefix")]
		self.assertEqual(news, ['strncmp(a, "if (x) < y", strlen(a))',
					'strncmp(a, "if (x) < y", strlen("if (x) < y"))'])

	def test_errnos_are_swapped(self):
		swaps = {(m.old, m.new) for m in mutants() if m.operator == "errno"}
		self.assertEqual(swaps, {("EINVAL", "ENOENT"), ("ENOENT", "EINVAL")})

	def test_calls_are_removed_but_not_locks(self):
		removed = [m.old for m in mutants() if m.operator == "remove_call"]
		self.assertEqual(removed, ["module_put(NULL);"])

	def test_early_returns_and_gotos_are_removed_not_the_last(self):
		removed = [m.old for m in mutants() if m.operator == "remove_return"]
		self.assertEqual(removed, ["return -EINVAL;", "goto out;"])

	def test_names_are_unique(self):
		names = [m.name for m in mutants()]
		self.assertEqual(len(names), len(set(names)))

	def test_a_changed_tree_is_refused(self):
		m = mutants()[0]
		with self.assertRaises(ValueError):
			m.apply("\n" + SOURCE)

	def test_syscall_define_is_named_for_its_call(self):
		text = "SYSCALL_DEFINE2(delete_module, const char __user *, n,\n" \
		       "\t\tunsigned int, flags)\n{\n\tif (flags)\n\t\treturn -EPERM;\n" \
		       "\treturn 0;\n}\n"
		self.assertEqual([name for name, _, _ in gen.functions(text)],
				 ["delete_module"])


KTAP = """\
[    0.1] Linux version 7.3
KTAP version 1
1..2
    KTAP version 1
    # Subtest: suite_a
    1..2
    ok 1 first
        KTAP version 1
        # Subtest: second
        ok 1 param one
        not ok 2 param two
    not ok 2 second
not ok 1 suite_a
    KTAP version 1
    # Subtest: suite_b
    1..1
    ok 1 only # SKIP needs its own boot
ok 2 suite_b
"""


class JudgeTest(unittest.TestCase):
	"""The judge's verdicts that need no build."""

	def test_a_file_no_configuration_compiles_gets_no_verdict(self):
		"""version.c in configurations without MODVERSIONS: no object,
		so no verdict (not "equivalent"), and the file is put back."""
		with tempfile.TemporaryDirectory() as tmp:
			tree = Path(tmp)
			source = tree / "kernel/module/version.c"
			source.parent.mkdir(parents=True)
			source.write_text(SOURCE)
			mutant = gen.generate("kernel/module/version.c", SOURCE,
					      ("checked",))[0]
			target = mutants_campaign.Target("main", tree / "build", [],
							 "*")
			target.objects["kernel/module/main.c"] = "digest"
			with mock.patch.object(mutants_campaign, "run_make") as make:
				verdict, detail = mutants_campaign.judge(
					mutant, tree, [target], 1, io.StringIO())
			make.assert_not_called()
			self.assertEqual(verdict, mutants_campaign.UNJUDGED)
			self.assertIn("no configuration", detail)
			self.assertEqual(source.read_text(), SOURCE)
			self.assertFalse((tree / mutants_campaign.BACKUP).exists())


class KtapTest(unittest.TestCase):
	"""The campaign's reader of a boot's console."""

	def read(self, text, baseline=None):
		r, w = os.pipe()
		os.write(w, text.encode())
		os.close(w)
		with os.fdopen(r) as stream:
			return mutants_campaign.read_ktap(
				stream, time.monotonic() + 5, baseline)

	def test_cases_are_named_suite_dot_case(self):
		boot = self.read(KTAP)
		self.assertEqual(boot.results, {"suite_a.first": "PASS",
						"suite_a.second": "FAIL",
						"suite_b.only": "SKIP"})
		self.assertTrue(boot.ended)

	def test_reading_stops_at_the_first_difference(self):
		base = mutants_campaign.Boot(results={"suite_a.first": "PASS",
						      "suite_a.second": "PASS"})
		boot = self.read(KTAP, base)
		self.assertEqual(boot.differs,
				 "suite_a.second=FAIL (unmutated: PASS)")
		self.assertNotIn("suite_b.only", boot.results)

	def test_a_new_console_problem_is_a_difference(self):
		text = KTAP.replace("    ok 1 first\n",
				    "[    1.0] WARNING: at kernel/module/main.c\n")
		boot = self.read(text, mutants_campaign.Boot())
		self.assertTrue(boot.differs.startswith("console: WARNING"))


class SurvivorsTest(unittest.TestCase):
	"""mutate --generate --survivors, interrupted, keeps the rows of the
	survivors it has not judged again yet."""

	def test_interrupted_survivors_keep_their_rows(self):
		import argparse
		import json
		import mutants_cli
		mutants = [gen.Mutant("kernel/module/main.c", "f", n, "cond_true",
				      0, 1, "1", "x") for n in (1, 2)]
		with tempfile.TemporaryDirectory() as tmp:
			results = Path(tmp) / "r.jsonl"
			for path in gen.FUNCTIONS:
				(Path(tmp) / path).parent.mkdir(parents=True,
								exist_ok=True)
				(Path(tmp) / path).write_text("")
			mutants_campaign.write_results(results, [
				{"name": m.name, "file": m.file, "verdict": "SURVIVED",
				 "source": "d"} for m in mutants])
			args = argparse.Namespace(
				kernel_src=tmp, build_dir=tmp, file=None, names=[],
				list=False, subdir="lib/symexport", configs="main",
				missing_crc="load", jobs=1, whole=False,
				results=str(results), survivors=True)
			judged = iter([("KILLED", "main: a.b=FAIL"),
				       KeyboardInterrupt()])

			def judge(*_):
				verdict = next(judged)
				if isinstance(verdict, BaseException):
					raise verdict
				return verdict
			with mock.patch.object(mutants_cli, "chosen_mutants",
					       return_value=mutants), \
			     mock.patch.object(mutants_cli, "install_cases"), \
			     mock.patch.object(mutants_cli, "digest",
					       return_value="d"), \
			     mock.patch("harness_tree.read_kernel_version",
					return_value=(7, 3)), \
			     mock.patch.object(mutants_campaign, "recover",
					       return_value=None), \
			     mock.patch.object(mutants_campaign, "targets_for",
					       return_value=[types.SimpleNamespace(
						       name="main")]), \
			     mock.patch.object(mutants_campaign, "take_baseline"), \
			     mock.patch.object(mutants_campaign, "restore"), \
			     mock.patch.object(mutants_campaign, "judge",
					       side_effect=judge), \
			     contextlib.redirect_stdout(io.StringIO()) as out, \
			     contextlib.redirect_stderr(io.StringIO()):
				status = mutants_cli.campaign_in_tree(args)
			self.assertEqual(status, 130, out.getvalue())
			rows = [json.loads(line) for line in
				results.open().read().splitlines()[1:]]
		self.assertEqual(sorted((r["name"], r["verdict"]) for r in rows),
				 [(mutants[0].name, "KILLED"),
				  (mutants[1].name, "SURVIVED")])

	def test_an_unknown_configuration_is_refused(self):
		import argparse
		import mutants_cli
		args = argparse.Namespace(kernel_src="/nonexistent", file=None,
					  configs="main,faults")
		with mock.patch.object(mutants_campaign, "recover",
				       return_value=None), \
		     contextlib.redirect_stderr(io.StringIO()) as err, \
		     self.assertRaises(SystemExit) as stop:
			mutants_cli.campaign_in_tree(args)
		self.assertEqual(stop.exception.code, 2)
		self.assertIn("mutate: no configuration faults; the configurations: "
			      "main, modversions,", err.getvalue())


if __name__ == "__main__":
	unittest.main()
