# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the external-module passes: their expectations, build
cases, the stage's .config stamp and the post-processing of modules.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import sys
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_results  # noqa: E402
import harness_printer  # noqa: E402
import harness_proc  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness_steps  # noqa: E402
import harness_build  # noqa: E402
from fakes import (add_external, BUILD_CASES, CRC_CASE, make_project,
	options, RESULTS, snapshot, symvers_text, SYMVERS_CASE, TempDirTest,
	write)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule



class ExternalTest(TempDirTest):
	"""Staging, expectations and the own-boot helpers."""

	def test_staging_copies_sources_and_keeps_build_output(self):
		project = add_external(make_project(self.tmp / "project"))
		write(project / "consumers/external/old.o", "junk\n")
		write(project / "providers/symexport_provider.h", "/* p */\n")
		ext = self.tmp / "ext"
		changed = harness_tree.stage_external(project, ext)
		self.assertEqual(len(changed), 51)
		self.assertFalse((ext / "consumers/external/old.o").exists())
		self.assertFalse((ext / "consumers/c.c").exists())
		self.assertFalse((ext / "providers/p.c").exists())
		self.assertEqual(sorted(p.name for p in (ext / "providers").iterdir()),
				 ["external", "symexport_ns.h", "symexport_provider.h"])
		for name in ("a.ko", ".a.o.cmd", "Module.symvers"):
			write(ext / "consumers/external_oot" / name, "built\n")
		write(ext / "consumers/external_oot/stale.c", "/* gone */\n")
		write(ext / harness_ext.STALE_SYMVERS, "stale\n")
		(project / "providers/symexport_provider.h").unlink()
		before = snapshot(project)
		self.assertEqual(harness_tree.stage_external(project, ext), [
			ext / "consumers/external_oot/stale.c",
			ext / "providers/symexport_provider.h"])
		self.assertEqual(snapshot(project), before)
		self.assertEqual(sorted(p.name for p in
					(ext / "consumers/external_oot").iterdir()), [
			".a.o.cmd", "Kbuild", "Module.symvers", "a.ko",
			"symexport_ext_blank_versions.c", "symexport_ext_consumer.c",
			"symexport_ext_kfree_user.c", "symexport_ext_livepatch.c",
			"symexport_ext_nocrcs_user.c", "symexport_ext_stripped.c",
			"symexport_ext_vermagic.c",
			"symexport_ext_vermagic_extended.c",
			"symexport_ext_vermagic_release.c",
			"symexport_ext_versions_cut.c"])
		self.assertTrue((ext / harness_ext.STALE_SYMVERS).is_file())

	def test_unmet_expectations_are_explained(self):
		spec = harness_ext.Expectation(expect_success=False,
					       expect_output=("refused",),
					       expect_absent=("x.ko",))
		result = harness_proc.ProcessResult(0, False, [], 0.0,
					       ["a", "", "b", "c", "d", "e", "f"])
		write(self.tmp / "x.ko", "")
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make succeeded and wrote x.ko")
		result.returncode = 2
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make did not print 'refused': b | c | d | e | f")
		result.output.append("ERROR: refused")
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make wrote x.ko")
		(self.tmp / "x.ko").unlink()
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp))
		spec = harness_ext.Expectation(expect_output=(("[", "undefined!"),),
					       expect_present=("y.ko",))
		result.output = ["[", "undefined!"]
		self.assertIn("did not print '[ ... undefined!'",
			      harness_ext.unmet_expectation(spec, result, self.tmp))
		result.output = ["WARNING: \"s\" [m.ko] undefined!"]
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make did not write y.ko")
		spec = harness_ext.Expectation(reject_output=("__gnu_lto_x",))
		result.output = ["WARNING: '__gnu_lto_x' is COMMON symbol"]
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 "make printed '__gnu_lto_x': WARNING: '__gnu_lto_x' "
				 "is COMMON symbol")
		result.output = ["WARNING: 'x' is COMMON symbol"]
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp))

	def test_test_list_is_parsed(self):
		lines = ["[02:12:23] Starting KUnit Kernel (1/1)...",
			 "TAP version 14", "[02:12:24] symexport_taint.a_b",
			 "symexport_taint.c", "  symexport_taint.a_b  ",
			 "symexport_unload.d", "symexport_taint.e f",
			 "[02:12:25] Elapsed time: 1.2s"]
		self.assertEqual(harness_results.parse_test_list(lines, "symexport_taint.*"),
				 ["symexport_taint.a_b", "symexport_taint.c"])

	def test_own_boot_cases_are_the_main_boots_skips(self):
		top = {"name": "KUnit Test Group", "test_cases": [], "sub_groups": [
			{"name": "symexport_taint", "test_cases": [
				{"name": "a", "status": "SKIP"},
				{"name": "b", "status": "PASS"},
				{"name": "c", "status": "SKIP"}], "sub_groups": [
				{"name": "p", "test_cases": [
					{"name": "p 1", "status": "SKIP"},
					{"name": "p 2", "status": "SKIP"}]}]},
			{"name": "symexport_unload", "test_cases": [
				{"name": "d", "status": "SKIP"}]}]}
		self.assertEqual(harness_results.skipped_cases(top, "symexport_taint.*"), [
			"symexport_taint.a", "symexport_taint.c",
			"symexport_taint.p"])
		self.assertEqual(harness_results.skipped_cases(top, "symexport_taint.b"), [])
		self.assertIsNone(harness_results.skipped_cases(top, "symexport_stress.*"))

	def test_filter_globs(self):
		glob_matches = harness_results.glob_matches
		may_overlap = harness_results.may_overlap
		user_filter_glob = harness_results.user_filter_glob
		self.assertTrue(glob_matches("symexport_taint", "symexport_taint.x"))
		self.assertTrue(glob_matches("*.x*", "symexport_taint.xy"))
		self.assertFalse(glob_matches("symexport_taint.y", "symexport_taint.x"))
		self.assertFalse(glob_matches("symexport_t", "symexport_taint.x"))
		self.assertTrue(may_overlap("symexport_taint.*", "symexport*"))
		self.assertTrue(may_overlap("symexport_taint.*", "*.x"))
		self.assertFalse(may_overlap("symexport_taint.*", "symexport_unload.*"))
		self.assertEqual(user_filter_glob(["--raw_output", "a.*", "b"]), "a.*")
		self.assertIsNone(user_filter_glob(["--raw_output"]))

	def test_configurations(self):
		main, modversions = harness_config.CONFIGURATIONS[:2]
		self.assertTrue(harness_config.config_wanted(main, ["symexport_unload.*"]))
		self.assertTrue(harness_config.config_wanted(modversions, []))
		self.assertTrue(harness_config.config_wanted(modversions, ["*"]))
		self.assertFalse(harness_config.config_wanted(modversions,
						       ["symexport_unload.*"]))
		# A glob of build cases only: the configurations that record one
		# it selects, and no boot at all.
		build = ["symexport_build.*"]
		self.assertTrue(harness_config.builds_only(build))
		self.assertFalse(harness_config.builds_only(["symexport_unload.*"]))
		self.assertFalse(harness_config.builds_only([]))
		self.assertTrue(harness_config.config_wanted(main, build))
		self.assertTrue(harness_config.config_wanted(modversions, build))
		debug = next(c for c in harness_config.CONFIGURATIONS
			     if c.name == "debug")
		self.assertFalse(harness_config.config_wanted(debug, build))
		self.assertTrue(harness_config.config_wanted(debug, ["*"]))
		self.assertTrue(harness_ext.records_case(main, "anything"))
		self.assertTrue(harness_ext.records_case(modversions, CRC_CASE[16:]))
		self.assertFalse(harness_ext.records_case(modversions,
						      BUILD_CASES[0][16:]))
		self.assertEqual(harness_config.config_build_dir(Path("/c/b-um"),
							  modversions),
				 Path("/c/b-um-modversions"))
		opts = options(kunitconfig=["my.config"])
		version = harness_kernels.MIN_KERNEL
		self.assertEqual(harness_steps.kunitconfig_args(opts, version, main),
				 ["--kunitconfig=my.config"])
		self.assertEqual(harness_steps.kunitconfig_args(opts, version,
								modversions), [
			"--kunitconfig=lib/symexport",
			"--kunitconfig=lib/symexport/configs/modversions.kunitconfig"])

	def test_put_case_replaces_or_adds(self):
		top = json.loads(json.dumps(RESULTS))
		harness_results.put_case(top, ("symexport_resolution",),
				 {"name": "data_export", "status": "PASS"})
		harness_results.put_case(top, ("symexport_taint",),
				 {"name": "t", "status": "PASS"})
		cases = [(c.name, c.status) for c in harness_results.collect_cases(top)]
		self.assertIn(("symexport_resolution.data_export", "PASS"), cases)
		self.assertNotIn(("symexport_resolution.data_export", "SKIP"), cases)
		self.assertEqual(cases[-1], ("symexport_taint.t", "PASS"))
		self.assertEqual(len(cases), 6)


class PhaseRecorder:
	"""A run for the hooks: it records the texts of its phase() calls."""

	def __init__(self):
		self.phases = []

	def phase(self, cfg, step, text):
		self.phases.append(text)


class RecordCasesTest(TempDirTest):
	"""Which configuration records which build case."""

	def test_cases_are_recorded_by_their_configuration(self):
		run = harness_steps.RunSteps(options(), self.tmp, self.tmp, self.tmp)
		main, modversions, *_ = run.configs
		ext_pass = harness_config.EXT_PASSES[-1]
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			harness_build.record_cases(run, main, ext_pass, lambda spec: None)
			harness_build.record_cases(run, modversions, ext_pass,
					 lambda spec: "CRC is 0x00000000")
		self.assertEqual([(c.name, c.status, c.reason)
				  for c in run.build_cases], [
			(SYMVERS_CASE, "PASS", ""),
			(CRC_CASE, "FAIL", "CRC is 0x00000000")])
		self.assertTrue(run.ok)
		with contextlib.redirect_stdout(out):
			harness_build.record_cases(run, modversions, harness_config.EXT_PASSES[1],
					 lambda spec: "make succeeded")
		self.assertEqual(len(run.build_cases), 2)
		self.assertFalse(run.ok)
		self.assertIn(f"symexport: error: [modversions] {BUILD_CASES[0]} "
			      "does not hold in this configuration: make "
			      "succeeded", out.getvalue())

	def test_a_background_copy_records_and_prints_its_own(self):
		"""A configuration built in the background (in_background())
		records its cases in its own list and says them with its own
		printer, logging to its own run log; the run's is untouched."""
		run = harness_steps.RunSteps(options(), self.tmp, self.tmp, self.tmp)
		modversions = run.configs[1]
		mine, stream = [], io.StringIO()
		background = modversions.in_background(
			harness_printer.Printer(stream, background=True), None,
			mine)
		self.assertEqual(background.run_log,
				 modversions.build_dir / harness_kernels.RUN_LOG)
		self.assertEqual(modversions.run_log, run.run_log)
		self.assertIs(modversions.printer, harness_printer.DEFAULT_PRINTER)
		with contextlib.redirect_stdout(io.StringIO()) as out:
			harness_build.record_cases(run, background, harness_config.EXT_PASSES[-1],
					 lambda spec: "CRC is 0x00000000")
		self.assertEqual(out.getvalue(), "")
		self.assertEqual(stream.getvalue(),
				 f"symexport: FAIL {CRC_CASE}: CRC is 0x00000000\n")
		self.assertEqual([c.name for c in mine], [CRC_CASE])
		self.assertEqual(run.build_cases, [])


class ExtConfigTest(TempDirTest):
	"""External modules are rebuilt from scratch for a new .config."""

	def test_stamp_follows_the_config(self):
		build, ext = self.tmp / "b", self.tmp / "b" / "ext"
		ext.mkdir(parents=True)
		(build / ".config").write_text("CONFIG_A=y\n")
		self.assertTrue(harness_ext.ext_config_changed(build, ext))
		self.assertFalse(harness_ext.ext_config_changed(build, self.tmp / "none"))
		harness_ext.ext_config_record(build, ext)
		self.assertFalse(harness_ext.ext_config_changed(build, ext))
		(build / ".config").write_text("CONFIG_A=y\nCONFIG_MODVERSIONS=y\n")
		self.assertTrue(harness_ext.ext_config_changed(build, ext))


class PostProcessTest(TempDirTest):
	"""The version-magic patch, the stale CRC and the Module.symvers check."""

	KO = b"\x7fELF\x02\x01\0\0name=x\0vermagic=6.12.117 mod_unload \0tail"

	def test_vermagic_is_patched_once(self):
		ko = self.tmp / "m.ko"
		ko.write_bytes(self.KO)
		ko.chmod(0o640)
		self.assertEqual(harness_ext.patch_vermagic(ko, "6.12.117"), "9.99.999")
		data = ko.read_bytes()
		self.assertEqual(data, self.KO.replace(b"6.12.117", b"9.99.999"))
		self.assertEqual(len(data), len(self.KO))
		self.assertEqual(ko.stat().st_mode & 0o777, 0o640)
		os.utime(ko, ns=(10**18, 10**18))
		self.assertEqual(harness_ext.patch_vermagic(ko, "6.12.117"), "9.99.999")
		self.assertEqual(ko.read_bytes(), data)
		self.assertEqual(ko.stat().st_mtime_ns, 10**18)
		self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["m.ko"])

	def test_vermagic_patch_refuses_what_it_cannot_find(self):
		ko = self.tmp / "m.ko"
		ko.write_bytes(self.KO)
		with self.assertRaisesRegex(harness_ext.StepError,
					    "has 0 times 'vermagic=6.1.0 ', not "
					    "once"):
			harness_ext.patch_vermagic(ko, "6.1.0")
		ko.write_bytes(self.KO * 2)
		with self.assertRaisesRegex(harness_ext.StepError, "has 2 times"):
			harness_ext.patch_vermagic(ko, "6.12.117")
		with self.assertRaisesRegex(harness_ext.StepError, "cannot read"):
			harness_ext.patch_vermagic(self.tmp / "none.ko", "6.12.117")
		self.assertEqual(ko.read_bytes(), self.KO * 2)

	def test_version_table_is_blanked_where_there_is_one(self):
		run = PhaseRecorder()
		ko = self.tmp / harness_ext.BLANK_VERSIONS_MODULE
		ko.parent.mkdir(parents=True)
		ko.write_bytes(fakes.VERSIONED_ELF)
		offset, size = harness_ext.elf_section(fakes.VERSIONED_ELF, "__versions")
		self.assertEqual(fakes.VERSIONED_ELF[offset:offset + size], bytes(range(1, 129)))
		harness_ext.hook_blank_versions(run, None, self.tmp)
		data = ko.read_bytes()
		self.assertEqual(data, fakes.VERSIONED_ELF[:offset] + bytes(size) +
				 fakes.VERSIONED_ELF[offset + size:])
		self.assertEqual(run.phases, ["blanking __versions of "
					      "symexport_ext_blank_versions.ko (128 bytes)"])
		harness_ext.hook_blank_versions(run, None, self.tmp)
		self.assertEqual(len(run.phases), 1)
		# No MODVERSIONS: no table, nothing to do.
		plain = fakes.tiny_elf({".text": b"\x90"})
		ko.write_bytes(plain)
		harness_ext.hook_blank_versions(run, None, self.tmp)
		self.assertEqual(ko.read_bytes(), plain)
		ko.write_bytes(self.KO)
		with self.assertRaisesRegex(harness_ext.StepError, "truncated ELF"):
			harness_ext.hook_blank_versions(run, None, self.tmp)
		ko.write_bytes(b"\x7fELF\x01\x01" + bytes(64))
		with self.assertRaisesRegex(harness_ext.StepError, "not a 64-bit"):
			harness_ext.hook_blank_versions(run, None, self.tmp)
		ko.unlink()
		with self.assertRaisesRegex(harness_ext.StepError, "cannot read"):
			harness_ext.hook_blank_versions(run, None, self.tmp)

	def test_marker_symbol_moves_past_the_last_section(self):
		run = PhaseRecorder()
		ko = self.tmp / harness_ext.BAD_SHNDX_MODULE
		ko.parent.mkdir(parents=True)
		ko.write_bytes(fakes.BAD_SHNDX_ELF)
		harness_ext.hook_bad_shndx(run, None, self.tmp)
		data = ko.read_bytes()
		sym, shnum = harness_ext.symbol_entry(data, harness_ext.BAD_SHNDX_SYMBOL)
		self.assertEqual(shnum, 5)
		self.assertEqual(data[sym + 6:sym + 8], b"\x05\x00")
		self.assertEqual(len(data), len(fakes.BAD_SHNDX_ELF))
		self.assertEqual(run.phases, ["moving symexport_ext_bad_shndx_marker of "
					      "symexport_ext_bad_shndx.ko to section 5, "
					      "past the last"])
		# Moved already: left alone.
		harness_ext.hook_bad_shndx(run, None, self.tmp)
		self.assertEqual(len(run.phases), 1)
		ko.write_bytes(fakes.tiny_elf({".text": b"\x90"}))
		with self.assertRaisesRegex(harness_ext.StepError,
					    "no symbol symexport_ext_bad_shndx_marker"):
			harness_ext.hook_bad_shndx(run, None, self.tmp)
		ko.write_bytes(b"\x7fELF\x01\x01" + bytes(64))
		with self.assertRaisesRegex(harness_ext.StepError, "not a 64-bit"):
			harness_ext.hook_bad_shndx(run, None, self.tmp)

	def test_crc_table_is_removed_only_where_there_is_one(self):
		class Run:
			steps = []

			def phase(self, cfg, step, text):
				pass

		ko = self.tmp / harness_ext.NOCRCS_MODULE
		ko.parent.mkdir(parents=True)
		ko.write_bytes(fakes.PROVIDER_ELF)
		harness_ext.hook_strip_crcs(Run(), None, self.tmp)
		self.assertEqual(ko.read_bytes(), fakes.PROVIDER_ELF)
		ko.write_bytes(b"\x7fELF\x01\x01" + bytes(64))
		with self.assertRaisesRegex(harness_ext.StepError, "not a 64-bit"):
			harness_ext.hook_strip_crcs(Run(), None, self.tmp)

	def test_modinfo_depends_are_checked(self):
		for module, depends in harness_ext.MODINFO_DEPENDS:
			path = self.tmp / module
			path.parent.mkdir(parents=True, exist_ok=True)
			path.write_bytes(fakes.tiny_elf({".modinfo": b"license=GPL\0depends="
							 + depends.encode() + b"\0"}))
		self.assertIsNone(harness_ext.check_modinfo_depends(None, None, self.tmp, None))
		consumer = self.tmp / harness_ext.MODINFO_DEPENDS[0][0]
		consumer.write_bytes(fakes.tiny_elf({".modinfo": b"depends=\0"}))
		self.assertEqual(harness_ext.check_modinfo_depends(None, None, self.tmp, None),
				 "symexport_ext_consumer.ko: depends='', expected "
				 "'symexport_ext_provider'")
		consumer.write_bytes(fakes.tiny_elf({".text": b""}))
		self.assertRegex(harness_ext.check_modinfo_depends(None, None, self.tmp, None),
				 "symexport_ext_consumer.ko: no .modinfo section$")
		consumer.unlink()
		self.assertRegex(harness_ext.check_modinfo_depends(None, None, self.tmp, None),
				 "No such file")

	def test_other_release(self):
		self.assertEqual(harness_ext.other_release("6.12.117"), "9.99.999")
		self.assertEqual(harness_ext.other_release("6.12.0-rc1+"), "9.99.9-rc9+")
		self.assertEqual(harness_ext.other_release("9.99.999"), "8.88.888")
		with self.assertRaises(harness_ext.StepError):
			harness_ext.other_release("abc")

	def test_crc_is_complemented(self):
		text = symvers_text(("0x00000000", "0x1234abcd", "0x00000000"))
		stale = harness_ext.complement_crc(text, "symexport_ext_add")
		lines, old = stale.splitlines(), text.splitlines()
		self.assertEqual(lines[0], "0xffffffff" + old[0][10:])
		self.assertEqual(lines[1:], old[1:])
		self.assertTrue(stale.endswith("\n"))
		self.assertEqual(harness_ext.complement_crc(text, "symexport_ext_gpl_mul")
				 .splitlines()[1][:10], "0xedcb5432")
		with self.assertRaisesRegex(harness_ext.StepError, "0 lines for x"):
			harness_ext.complement_crc(text, "x")
		with self.assertRaisesRegex(harness_ext.StepError, "2 lines"):
			harness_ext.complement_crc(text + text, "symexport_ext_add")

	def test_module_symvers_is_checked(self):
		zero = symvers_text()
		crcs = symvers_text(("0x1234abcd", "0x0badc0de", "0x00000001",
				     "0x10ec10ec", "0x7a117a11"))
		self.assertIsNone(harness_ext.symvers_mismatch(zero, False))
		self.assertIsNone(harness_ext.symvers_mismatch(crcs, True))
		self.assertEqual(harness_ext.symvers_mismatch(
			zero + "0x00000000\tsort\tvmlinux\tEXPORT_SYMBOL\t\n",
			False), "1 lines of vmlinux's exports (sort, ...)")
		self.assertEqual(harness_ext.symvers_mismatch(crcs.splitlines()[0], False),
				 "line 1 (symexport_ext_add): CRC is 0x1234abcd, "
				 "expected 0x00000000 (no MODVERSIONS); 0 lines for "
				 "symexport_ext_gpl_mul, not one; 0 lines for "
				 "symexport_ext_ns_add, not one; 0 lines for "
				 "symexport_ext_add_with_a_name_too_long_for_"
				 "struct_modversion_info, not one; 0 lines for "
				 "symexport_ext_tail_ns_add, not one")
		self.assertEqual(harness_ext.symvers_mismatch(zero, True), "; ".join(
			f"line {n} ({name}): CRC is 0x00000000, expected a non-zero "
			"CRC (MODVERSIONS)" for n, (name, _, _) in
			enumerate(harness_ext.SYMVERS_EXPORTS, 1)))
		bad = (zero.replace("EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL")
		       .replace("SYMEXPORT_NS", "")
		       .replace("0x00000000\tsymexport_ext_add\t",
				"0\tsymexport_ext_add\t"))
		self.assertEqual(harness_ext.symvers_mismatch(bad, False),
				 "line 1 (symexport_ext_add): CRC '0' is not 0x%08x; "
				 "line 2 (symexport_ext_gpl_mul): export type is "
				 "'EXPORT_SYMBOL', expected 'EXPORT_SYMBOL_GPL'; "
				 "line 3 (symexport_ext_ns_add): namespace is '', "
				 "expected 'SYMEXPORT_NS'")
		other = symvers_text(module="/b/providers/symexport_provider")
		self.assertIn("line 1 (symexport_ext_add): module is "
			      "'/b/providers/symexport_provider', expected "
			      "'*/providers/external/symexport_ext_provider'",
			      harness_ext.symvers_mismatch(other, False))
		# Since 6.13 the module is named relative to M=.
		self.assertIn("module is '/b/symexport-ext/providers/external/"
			      "symexport_ext_provider', expected "
			      "'symexport_ext_provider'",
			      harness_ext.symvers_mismatch(zero, False, (7, 3)))
		relative = symvers_text(module="symexport_ext_provider")
		self.assertIsNone(harness_ext.symvers_mismatch(relative, False, (7, 3)))
		self.assertIn("2 lines for symexport_ext_add, not one (lines 1, 6)",
			      harness_ext.symvers_mismatch(zero + zero, False))
		short = zero.replace("\tEXPORT_SYMBOL_GPL\t\n", "\tEXPORT_SYMBOL_GPL\n")
		self.assertIn("line 2 (symexport_ext_gpl_mul) has 4 tab-separated "
			      "fields, not 5", harness_ext.symvers_mismatch(short, False))


if __name__ == "__main__":
	unittest.main()
