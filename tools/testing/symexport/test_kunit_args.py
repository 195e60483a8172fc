# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests: the kunit.py command lines the harness makes are accepted by
the argument parser of the kernel tree's own kunit.py, with the values
meant.

The build and exec command lines come from the harness's real steps
(harness_build.build_kernel, harness_boot.main_boot and own_boot,
harness_merge.config_boot and the listing boot), with only the running of
the command replaced; kunit.py's main() parses them, with its handlers
replaced.  Each
tree of Debian's under ~/.cache/symexport (7.3, 6.12, 6.1) that is unpacked
is tried; a tree that is not is skipped, with the reason.  Nothing in the
tree is written (no bytecode).

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import shlex
import sys
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_kunit  # noqa: E402
import harness_results  # noqa: E402
import harness_proc  # noqa: E402
import harness_tree  # noqa: E402
import harness_steps  # noqa: E402
import harness_config  # noqa: E402
import harness_build  # noqa: E402
import harness_boot  # noqa: E402
import harness_merge  # noqa: E402
from fakes import options, TempDirTest  # noqa: E402


def configuration(name):
	"""Return the real configuration NAME."""
	return next(c for c in harness_config.CONFIGURATIONS if c.name == name)


class KunitPyArgsTest(TempDirTest):
	"""The build and exec command lines of KERNEL's run, parsed by KERNEL's
	kunit.py.  Subclasses set KERNEL and VERSION."""

	KERNEL = None
	VERSION = None
	kunit = None

	@classmethod
	def setUpClass(cls):
		if cls.KERNEL is None:
			raise unittest.SkipTest("the base class")
		kunit_dir = (harness_tree.default_kernel_src(cls.KERNEL) /
			     "tools/testing/kunit")
		if not (kunit_dir / "kunit.py").is_file():
			raise unittest.SkipTest(
				f"no {harness_tree.default_kernel_src(cls.KERNEL)} "
				f"unpacked (a run with --kernel {cls.KERNEL} "
				"unpacks it): its kunit.py is not checked")
		# Nothing written into the tree, sys.path and sys.modules as
		# they were: the next tree's kunit.py loads afresh.
		cls.kunit = harness_kunit.load_tool(kunit_dir, "kunit")["kunit"]

	def setUp(self):
		super().setUp()
		self.build = self.tmp / "build"
		self.build.mkdir()
		self.commands = []
		quiet = contextlib.redirect_stdout(io.StringIO())	# the steps' say()
		quiet.__enter__()
		self.addCleanup(quiet.__exit__, None, None, None)

	def suite_run(self, **overrides):
		"""Return a RunSteps of every real configuration whose steps
		record their commands in self.commands instead of running."""
		opts = options(kernel_src=str(self.tmp / "linux"),
			       build_dir=str(self.build), jobs=3, **overrides)
		run = harness_steps.RunSteps(opts, self.tmp, self.build, self.tmp,
					     harness_config.CONFIGURATIONS,
					   self.VERSION)
		run.results = {"name": "", "sub_groups": [], "test_cases": []}

		def step(cfg, program, cmd, *args, **kwargs):
			self.commands.append(list(cmd))
			return harness_proc.ProcessResult(0, False, [], 0.0, [])

		def boot(run, cfg, what, cmd, json_path):
			self.commands.append(list(cmd))
			return {"name": "", "sub_groups": [], "test_cases": []}

		for where, name, fake in ((run, "step", step),
					  (harness_boot, "boot", boot),
					  (harness_merge, "boot", boot)):
			patch = mock.patch.object(where, name, side_effect=fake)
			patch.start()
			self.addCleanup(patch.stop)
		return run

	def cfg(self, run, name):
		"""Return RUN's ConfigRun of configuration NAME."""
		return next(cfg for cfg in run.configs if cfg.name == name)

	def parse(self, cmd):
		"""Parse the harness's kunit.py command line CMD with the tree's
		kunit.py main(); return the Namespace its handler was given."""
		self.assertEqual(cmd[:2], [sys.executable, harness_kernels.KUNIT_PY])
		given = []
		err = io.StringIO()
		with mock.patch.dict(self.kunit.subcommand_handlers_map,
				     {cmd[2]: given.append}), \
		     mock.patch.object(self.kunit, "get_kernel_root_path",
				       return_value=""), \
		     contextlib.redirect_stderr(err), \
		     contextlib.redirect_stdout(io.StringIO()):
			try:
				self.kunit.main(cmd[2:])
			except SystemExit as exc:
				self.fail(f"{self.KERNEL}'s kunit.py refused "
					  f"{shlex.join(cmd[2:])} (exit "
					  f"{exc.code}): {err.getvalue()}")
		self.assertEqual(len(given), 1, cmd)
		self.assertEqual(given[0].subcommand, cmd[2])
		return given[0]

	def parsed_commands(self):
		"""Parse and return every command recorded so far, and forget
		them."""
		commands, self.commands = self.commands, []
		return [self.parse(cmd) for cmd in commands]

	def check_build(self, run, name, kunitconfigs, arch="um",
			cross_compile=None):
		"""Build configuration NAME with RUN; check what kunit.py
		build is given."""
		cfg = self.cfg(run, name)
		self.assertTrue(harness_build.build_kernel(run, cfg))
		(args,) = self.parsed_commands()
		self.assertEqual(args.build_dir, str(cfg.build_dir))
		self.assertEqual(args.kunitconfig, kunitconfigs)
		self.assertEqual(args.jobs, 3)
		self.assertEqual(args.arch, arch)
		self.assertEqual(args.cross_compile, cross_compile)

	def check_exec(self, args, cfg, kunitconfigs, kernel_args, glob,
		       arch="um", cross_compile=None, qemu_args=None,
		       json_path=None):
		"""Check what a kunit.py exec of CFG was given."""
		self.assertEqual(args.build_dir, str(cfg.build_dir))
		self.assertEqual(args.kunitconfig, kunitconfigs)
		self.assertEqual(args.kernel_args, kernel_args)
		self.assertEqual(args.filter_glob, glob)
		self.assertEqual(args.arch, arch)
		self.assertEqual(args.cross_compile, cross_compile)
		self.assertEqual(args.qemu_args, qemu_args)
		self.assertEqual(args.json, None if json_path is None
				 else str(json_path))
		self.assertEqual(args.timeout, 123)

	def test_builds(self):
		run = self.suite_run()
		main = ["lib/symexport"]
		self.check_build(run, "main", main)
		self.check_build(run, "modversions", main + [
			"lib/symexport/configs/modversions.kunitconfig"])
		self.check_build(run, "builtin", [
			"lib/symexport/configs/builtin.kunitconfig"])

	def test_main_boot_and_own_boot(self):
		run = self.suite_run(kunit_args=["symexport_taint.*"],
				     kernel_timeout=123)
		main = self.cfg(run, "main")
		main.ext_dir = Path("/ext")
		self.assertTrue(harness_boot.main_boot(run, main))
		harness_boot.own_boot(run, main, "symexport_taint.taints", 1, 1)
		boot, own = self.parsed_commands()
		ext = [f"{harness_config.EXT_DIR_PARAM}=/ext"]
		self.check_exec(boot, main, ["lib/symexport"], ext,
				"symexport_taint.*", json_path=self.tmp / "main.json")
		self.check_exec(own, main, ["lib/symexport"],
				ext + [harness_config.OWN_BOOT_ARG],
				"symexport_taint.taints",
				json_path=self.tmp / "own-1.json")

	def test_configuration_boot_and_listing(self):
		run = self.suite_run(kernel_timeout=123, missing_crc="refuse")
		cfg = self.cfg(run, "force_unload")
		harness_merge.config_boot(run, cfg)
		boot, *listings = self.parsed_commands()
		kunitconfigs = ["lib/symexport",
				"lib/symexport/configs/force_unload.kunitconfig"]
		self.check_exec(boot, cfg, kunitconfigs,
				["symexport.missing_crc=refuse"],
				"symexport_force_unload.*",
				json_path=self.tmp / "force_unload.json")
		# No skipped case of its own boots' globs: listing boots.
		self.assertEqual(len(listings), len(cfg.config.own_boot_globs))
		for args, glob in zip(listings, cfg.config.own_boot_globs):
			self.check_exec(args, cfg, kunitconfigs, None, glob)
			self.assertTrue(args.list_tests)

	def check_qemu(self, arch, cross_compile, device):
		run = self.suite_run(arch=arch, kunit_args=[
			"--filter=speed>slow", "symexport_unload.*"],
				     kernel_timeout=123)
		qemu = ["lib/symexport/configs/qemu.kunitconfig"]
		self.check_build(run, "main", qemu, arch, cross_compile)
		self.check_build(run, "modversions", qemu + [
			"lib/symexport/configs/modversions.kunitconfig"],
			arch, cross_compile)
		main = self.cfg(run, "main")
		self.assertTrue(harness_boot.main_boot(run, main))
		(boot,) = self.parsed_commands()
		share = ("-fsdev local,id=symexport,path=/,security_model=none,"
			 f"readonly=on,multidevs=remap -device {device},"
			 "fsdev=symexport,mount_tag=symexport")
		self.check_exec(boot, main, qemu, None, "symexport_unload.*",
				arch, cross_compile, [share],
				self.tmp / "main.json")
		# README's way of leaving out the stress cases.
		self.assertEqual(boot.filter, "speed>slow")

	def test_made_groups_have_kunit_json_fields(self):
		"""A group the harness makes below the top group kunit.py's
		kunit_json.py wrote has the same fields, counted as kunit.py
		counts."""
		parser, kunit_json = self.kunit.kunit_parser, self.kunit.kunit_json
		case = parser.Test()
		case.name, case.status = "a", parser.TestStatus.SUCCESS
		suite = parser.Test()
		suite.name, suite.subtests = "s", [case]
		suite.counts.add_status(parser.TestStatus.SUCCESS)
		root = parser.Test()
		root.subtests = [suite]
		root.counts.add_subtest_counts(suite.counts)
		top = json.loads(kunit_json.get_json_result(
			root, kunit_json.Metadata(arch="um", def_config="d",
						  build_dir="b")))
		expected = top["sub_groups"][0]
		harness_results.put_case(top, ("t", "u"), {
			"name": "b", "status": "PASS", "log": ""})
		made = top["sub_groups"][1]["sub_groups"][0]
		self.assertEqual(list(made), list(expected))
		self.assertEqual({key: made[key] for key in made if key not in
				  harness_results.GROUP_OWN + ("misc",)},
				 {key: expected[key] for key in expected if key
				  not in harness_results.GROUP_OWN + ("misc",)})
		before = json.loads(json.dumps(top))
		before["sub_groups"].pop()
		self.assertEqual(harness_results.recount(before)["tests"], 1)
		self.assertEqual(before, json.loads(kunit_json.get_json_result(
			root, kunit_json.Metadata(arch="um", def_config="d",
						  build_dir="b"))))

	def test_qemu_x86_64(self):
		self.check_qemu("x86_64", None, "virtio-9p-pci")

	def test_qemu_arm64(self):
		self.check_qemu("arm64", "aarch64-linux-gnu-", "virtio-9p-device")


class JobSharesTest(unittest.TestCase):
	"""job_shares(): the --jobs of the kunit.py builds that run at once."""

	def test_shares(self):
		for jobs, count, shares in ((2, 1, [2]), (4, 2, [2, 2]),
					    (5, 3, [2, 2, 1]), (7, 3, [3, 2, 2]),
					    (2, 2, [1, 1])):
			self.assertEqual(harness_steps.job_shares(jobs, count),
					 shares, (jobs, count))

	def test_more_builds_than_jobs_get_one_each(self):
		self.assertEqual(harness_steps.job_shares(2, 3), [1, 1, 1])
		self.assertEqual(harness_steps.job_shares(1, 4), [1] * 4)

	def test_sum_and_minimum(self):
		for jobs in range(1, 9):
			for count in range(1, 9):
				shares = harness_steps.job_shares(jobs, count)
				self.assertEqual(len(shares), count)
				self.assertEqual(sum(shares), max(jobs, count))
				self.assertEqual(shares, sorted(shares,
								reverse=True))
				self.assertGreaterEqual(min(shares), 1)


class KunitPy73Test(KunitPyArgsTest):
	"""Linux 7.3's kunit.py."""
	KERNEL, VERSION = "7.3", (7, 3)


class KunitPy612Test(KunitPyArgsTest):
	"""Linux 6.12's kunit.py."""
	KERNEL, VERSION = "6.12", (6, 12)


class KunitPy61Test(KunitPyArgsTest):
	"""Linux 6.1's kunit.py, whose options are fewer."""
	KERNEL, VERSION = "6.1", (6, 1)


del KunitPyArgsTest	# not run on its own: no kernel


if __name__ == "__main__":
	unittest.main()
