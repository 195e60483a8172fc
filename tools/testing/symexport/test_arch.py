# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for --arch: kunit.py's and make's command lines per
architecture, on fake kernel trees.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_apt  # noqa: E402
import harness_tree  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness_steps  # noqa: E402
import harness  # noqa: E402
from fakes import (FakeKernelTest, MAIN_PASSED, MAIN_STEPS, options,
	PASS_DIRS, summary)  # noqa: E402
import fakes  # noqa: E402

setUpModule = fakes.setUpModule
tearDownModule = fakes.tearDownModule



class ArchTest(FakeKernelTest):
	"""--arch: kunit.py's --arch, --cross_compile and --qemu_args, the
	QEMU kunitconfig, and ARCH= (and CROSS_COMPILE=) for make."""

	SHARE = ("--qemu_args=-fsdev local,id=symexport,path=/,"
		 "security_model=none,readonly=on,multidevs=remap -device "
		 "{},fsdev=symexport,mount_tag=symexport")
	QEMU_CONFIG = "--kunitconfig=lib/symexport/configs/qemu.kunitconfig"

	def check_arch_run(self, arch, kunit_arch, device, make_tail):
		self.configure()
		result, out = self.run_suite(jobs=2, arch=arch)
		self.assertTrue(result.ok, out)
		self.assertEqual(out.splitlines()[-1],
				 summary(MAIN_PASSED))
		objcopy = harness_kernels.CROSS_COMPILE.get(arch, "") + "objcopy"
		self.assertEqual(self.steps(), [
			(objcopy, name) if program == "objcopy" else (program, name)
			for program, name in MAIN_STEPS] + [("kunit.py", "exec")] * 3)
		build = f"--build_dir={self.build}"
		kunit = [args for program, args in self.calls()
			 if program == "kunit.py"]
		self.assertEqual(kunit[0], ["build", *kunit_arch,
					    self.QEMU_CONFIG, build, "--jobs=2"])
		for args in kunit[1:]:
			self.assertEqual(args[:len(kunit_arch) + 5], [
				"exec", *kunit_arch, self.QEMU_CONFIG, build,
				"--timeout=300", self.SHARE.format(device)])
		make = [args for program, args in self.calls() if program == "make"]
		self.assertEqual(len(make), len(PASS_DIRS) + 1)
		for args, top in zip(make, PASS_DIRS):
			self.assertEqual(args[:4 + len(make_tail)], [
				f"ARCH={arch}", "-C", str(self.build),
				f"M={self.ext}/{top}", *make_tail])
		# Last, against the source tree with an empty build dir.
		self.assertEqual(make[-1][:4], [
			f"ARCH={arch}", "-C", str(self.tree),
			f"O={self.ext}/{harness_ext.UNCONFIGURED_DIR}"])

	def test_x86_64_boots_qemu_with_the_9p_share(self):
		self.check_arch_run("x86_64", ["--arch=x86_64"], "virtio-9p-pci",
				    ["-j", "2"])

	def test_arm64_cross_compiles_and_boots_qemu_with_the_9p_share(self):
		self.check_arch_run("arm64", ["--arch=arm64",
					      "--cross_compile=aarch64-linux-gnu-"],
				    "virtio-9p-device",
				    ["-j", "2", "CROSS_COMPILE=aarch64-linux-gnu-"])


class ArchCommandTest(unittest.TestCase):
	"""--arch in the command lines, the kunitconfigs and the build dirs."""

	QEMU_CONFIG = ArchTest.QEMU_CONFIG

	def test_make_command_per_arch(self):
		ext_pass = harness_ext.ExtPass(dir="d", make_args=("X=1",))
		root = Path("/ext")
		self.assertEqual(harness_ext.make_command("/b", root, ext_pass, 2), [
			"make", "ARCH=um", "-C", "/b", "M=/ext/d", "-j", "2", "X=1",
			"modules"])
		self.assertEqual(harness_ext.make_command("/b", root, ext_pass, 2,
						      "arm64"), [
			"make", "ARCH=arm64", "-C", "/b", "M=/ext/d", "-j", "2",
			"CROSS_COMPILE=aarch64-linux-gnu-", "X=1", "modules"])

	def test_fragments_merge_into_the_qemu_kunitconfig(self):
		opts = options(arch="x86_64")
		version = harness_kernels.MIN_KERNEL
		self.assertEqual(harness_steps.kunitconfig_args(opts, version),
				 [self.QEMU_CONFIG])
		self.assertEqual(
			harness_steps.kunitconfig_args(opts, version,
						       harness_config.CONFIGURATIONS[1]),
			[self.QEMU_CONFIG, "--kunitconfig=lib/symexport/configs/"
			 "modversions.kunitconfig"])
		self.assertEqual(harness_steps.kunitconfig_args(options(), version),
				 ["--kunitconfig=lib/symexport"])

	def test_qemu_leaves_out_the_standalone_configurations(self):
		names = [config.name for config in harness_config.selected_configurations(
			options(arch="arm64", all=True), harness_kernels.MIN_KERNEL)]
		self.assertEqual(names, ["main", "modversions", "namespace_imports",
					 "force_unload", "debug"])
		self.assertIn("builtin", [
			config.name for config in
			harness_config.selected_configurations(
				options(all=True), harness_kernels.MIN_KERNEL)])

	def test_missing_qemu_and_cross_compiler_are_installed(self):
		have = set(harness_kernels.BUILD_TOOLS) | {"qemu-system-x86_64"}

		def which(cmd):
			return f"/usr/bin/{cmd}" if cmd in have else None
		headers = Path(self.enterContext(tempfile.TemporaryDirectory()))
		(headers / "gelf.h").write_text("")
		with mock.patch.object(harness_apt.shutil, "which", which), \
		     mock.patch.object(harness_apt, "INCLUDE_DIR", str(headers)), \
		     mock.patch.object(harness_apt, "apt_install") as install, \
		     contextlib.redirect_stdout(io.StringIO()):
			harness_apt.ensure_build_tools("x86_64")
			install.assert_not_called()
			harness_apt.ensure_build_tools("arm64")
			install.assert_called_once_with([
				"binutils-aarch64-linux-gnu", "gcc-aarch64-linux-gnu",
				"qemu-system-arm"])
			install.reset_mock()
			harness_apt.ensure_build_tools()
			install.assert_not_called()

	def test_missing_libelf_headers_are_installed_for_x86_64(self):
		"""x86_64 builds objtool, which needs libelf's gelf.h: a machine
		without it gets libelf-dev; UML and arm64 do not ask for it."""
		def which(cmd):
			return f"/usr/bin/{cmd}"
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		with mock.patch.object(harness_apt.shutil, "which", which), \
		     mock.patch.object(harness_apt, "INCLUDE_DIR", str(tmp)), \
		     mock.patch.object(harness_apt, "apt_install") as install, \
		     contextlib.redirect_stdout(io.StringIO()) as out:
			harness_apt.ensure_build_tools("x86_64")
			install.assert_called_once_with(["libelf-dev"])
			self.assertIn(f"missing build tools: {tmp}/gelf.h",
				      out.getvalue())
			install.reset_mock()
			harness_apt.ensure_build_tools("arm64")
			harness_apt.ensure_build_tools()
			install.assert_not_called()
			(tmp / "gelf.h").write_text("")
			harness_apt.ensure_build_tools("x86_64")
			install.assert_not_called()

	def test_tcg_wrapper_drops_kvm_and_hvf(self):
		"""After "KVM internal error", boots run kunit.py with a
		qemu-system-<arch> first on PATH that keeps only -accel tcg."""
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		real = tmp / "real-qemu"
		real.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
		real.chmod(0o755)
		run = harness_steps.RunSteps(options(arch="x86_64"), tmp, tmp, tmp,
					     [], harness_kernels.MIN_KERNEL)
		with mock.patch.object(harness_steps.shutil, "which",
				       return_value=str(real)):
			cmd = run.without_kvm(["kunit.py", "exec"])
		self.assertEqual(cmd[0], "env")
		self.assertTrue(cmd[1].startswith(f"PATH={tmp / 'qemu-tcg'}:"))
		self.assertEqual(cmd[2:], ["kunit.py", "exec"])
		out = subprocess.run(
			[str(tmp / "qemu-tcg" / "qemu-system-x86_64"), "-m", "1024",
			 "-accel", "kvm", "-accel", "hvf", "-accel", "tcg",
			 "-append", "a b"], capture_output=True, text=True,
			check=True).stdout.splitlines()
		self.assertEqual(out, ["-m", "1024", "-accel", "tcg", "-append",
				       "a b"])

	def test_kvm_failed_before_boots_under_tcg_at_once(self):
		"""The marker a KVM failure leaves in the build dir makes the
		next run's boots start under TCG, saying so."""
		tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
		run = harness_steps.RunSteps(options(arch="x86_64"), tmp, tmp, tmp,
					     [], harness_kernels.MIN_KERNEL)
		cfg = harness_steps.ConfigRun(harness_config.CONFIGURATIONS[0],
					      tmp)
		self.assertNotEqual(run.exec_command(cfg)[0], "env")
		(tmp / harness_steps.QEMU_TCG_MARKER).write_text("")
		with contextlib.redirect_stdout(io.StringIO()) as out:
			self.assertEqual(run.exec_command(cfg)[0], "env")
			self.assertEqual(run.exec_command(cfg)[0], "env")
		self.assertEqual(out.getvalue().count("booting under TCG"), 1)

	def test_missing_qemu_without_apt_names_the_package(self):
		with mock.patch.object(harness_apt.shutil, "which", return_value=None), \
		     mock.patch.dict(os.environ, {"SYMEXPORT_NO_INSTALL": "1"}), \
		     contextlib.redirect_stdout(io.StringIO()), \
		     self.assertRaises(harness_kernels.HarnessError) as ctx:
			harness_apt.ensure_build_tools("x86_64")
		self.assertIn("qemu-system-x86", str(ctx.exception))
		self.assertEqual(ctx.exception.code, 2)

	def test_default_build_dir_names_the_arch(self):
		self.assertEqual(harness_tree.default_build_dir((6, 12), "x86_64").name,
				 "build-6.12-x86_64")
		self.assertEqual(harness_tree.default_build_dir((6, 12)).name,
				 "build-6.12-um")

	def test_unknown_arch_is_refused(self):
		with contextlib.redirect_stderr(io.StringIO()), \
		     self.assertRaises(SystemExit):
			harness.parse_options("run", "", ["--arch", "riscv"])


if __name__ == "__main__":
	unittest.main()
