# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests for the harness's apt sources, the private apt configuration
that fetches a backported linux-source package, the rules that differ by
kernel, ccache and the targets of check --ci.  Nothing here runs apt-get,
dpkg-deb, ccache or a kernel build: subprocess.run is mocked.

Run: python3 -m unittest discover -s tools/testing/symexport -p 'test_*.py'
"""

import argparse
import contextlib
import fnmatch
import io
import os
import subprocess
import sys
import textwrap
import unittest
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness_kernels  # noqa: E402
import harness_proc  # noqa: E402
import harness_apt  # noqa: E402
import harness_ext  # noqa: E402
import harness_config  # noqa: E402
import harness  # noqa: E402
from fakes import TempDirTest  # noqa: E402

KERNEL = "7.3"
PACKAGE = "linux-source-7.3"
SUITE = harness_kernels.BACKPORTS[KERNEL]
DEB = "linux-source-7.3_7.3.4-1_all.deb"
MIRROR = "http://mirror-a.invalid/debian"
OTHER_MIRROR = "http://mirror-b.invalid/debian"
KEYRING = "/usr/share/keyrings/example.gpg"

# modpost's lines for symexport_ext_gpl_user.ko, as 6.12 and 7.3 print them.
GPL_USER = "symexport_ext_gpl_user.ko"
GPL_LINE_6_12 = ("ERROR: modpost: GPL-incompatible module "
		 "symexport_ext_gpl_user.ko uses GPL-only symbol "
		 "'symexport_ext_gpl_mul'")
GPL_LINE_7_3 = ("ERROR: modpost: symexport_ext_gpl_user.ko: "
		"GPL-incompatible module uses GPL-only symbol "
		"'symexport_ext_gpl_mul'")


def write(path, text):
	"""Create PATH (and its parents) holding TEXT."""
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)
	return path


def completed(cmd, returncode=0, stderr=""):
	"""Return what subprocess.run returns for CMD."""
	return subprocess.CompletedProcess(cmd, returncode, None, stderr)


def apt_options(cmd):
	"""Return {name: value} of the "-o name=value" options of CMD."""
	options = {}
	for i, word in enumerate(cmd[:-1]):
		if word == "-o":
			name, _, value = cmd[i + 1].partition("=")
			options[name] = value
	return options


class MirrorsTest(TempDirTest):
	"""debian_mirrors(), one_line_entries() and deb822_entries()."""

	def test_one_line_entries(self):
		text = textwrap.dedent(f"""\
			# deb {OTHER_MIRROR} bookworm main
			deb {MIRROR} bookworm main contrib
			deb [signed-by={KEYRING}] {MIRROR} bookworm-updates main
			deb [ arch=amd64 signed-by={KEYRING} ] {OTHER_MIRROR} sid main
			deb [arch=amd64] {OTHER_MIRROR} trixie main # a comment
			deb-src {MIRROR} bookworm main
			deb {MIRROR}
			""")
		self.assertEqual(list(harness_apt.one_line_entries(text)), [
			(MIRROR, ["bookworm"], None),
			(MIRROR, ["bookworm-updates"], KEYRING),
			(OTHER_MIRROR, ["sid"], KEYRING),
			(OTHER_MIRROR, ["trixie"], None)])

	def test_deb822_entries(self):
		text = textwrap.dedent(f"""\
			Types: deb deb-src
			URIs: {MIRROR} {OTHER_MIRROR}
			Suites: bookworm bookworm-updates
			Components: main
			Signed-By: {KEYRING}

			Types: deb
			URIs: http://disabled.example/debian
			Suites: bookworm
			Enabled: no

			Types: deb-src
			URIs: http://sources-only.example/debian
			Suites: bookworm

			# Types: deb
			# URIs: http://commented.example/debian
			# Suites: bookworm

			types: deb
			uris: http://inline-key.example/debian
			suites: trixie
			signed-by:
			 -----BEGIN PGP PUBLIC KEY BLOCK-----
			 .
			 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM
			 -----END PGP PUBLIC KEY BLOCK-----

			Types: deb
			URIs: http://fingerprint.example/debian
			Suites: sid
			Signed-By: A7236886F3CCCAAD148A27F80E98404D386FA1D9
			""")
		self.assertEqual(list(harness_apt.deb822_entries(text)), [
			(MIRROR, ["bookworm", "bookworm-updates"], KEYRING),
			(OTHER_MIRROR, ["bookworm", "bookworm-updates"], KEYRING),
			("http://inline-key.example/debian", ["trixie"], None),
			("http://fingerprint.example/debian", ["sid"], None)])

	def test_mirrors_of_every_format(self):
		parts = self.tmp / "sources.list.d"
		sources = write(self.tmp / "sources.list", textwrap.dedent(f"""\
			deb {MIRROR} bookworm main
			deb {MIRROR} bookworm-updates main
			deb {MIRROR} bookworm-security main
			deb http://security.debian.org/debian-security bookworm-security main
			deb http://ppa.example/ubuntu jammy main
			deb [signed-by={KEYRING}] {MIRROR} bookworm main
			"""))
		write(parts / "b.list", f"deb {MIRROR} bookworm main\n")
		write(parts / "a.list", f"deb {OTHER_MIRROR}/ trixie main\n")
		write(parts / "old.list.save",
		      "deb http://saved.example/debian bookworm main\n")
		write(parts / "debian.sources", textwrap.dedent(f"""\
			Types: deb
			URIs: http://deb822.example/debian/
			Suites: bookworm bookworm-updates
			Components: main
			Signed-By: {harness_kernels.DEBIAN_KEYRING}

			Types: deb
			URIs: http://deb822.example/debian
			Suites: bookworm-security
			Components: main

			Types: deb
			URIs: http://off.example/debian
			Suites: bookworm
			Enabled: no
			"""))
		write(parts / "other.sources", textwrap.dedent("""\
			Types: deb
			URIs: http://archive.ubuntu.com/ubuntu
			Suites: noble
			"""))
		self.assertEqual(harness_apt.debian_mirrors(sources, parts), [
			(MIRROR, None),
			(MIRROR, KEYRING),
			(OTHER_MIRROR, None),
			("http://deb822.example/debian", harness_kernels.DEBIAN_KEYRING)])

	def test_no_sources_no_mirrors(self):
		self.assertEqual(harness_apt.debian_mirrors(self.tmp / "sources.list",
							self.tmp / "none.d"), [])
		parts = self.tmp / "sources.list.d"
		write(parts / "debian.sources", textwrap.dedent("""\
			Types: deb
			URIs: http://mirror-c.invalid/debian
			Suites: bookworm
			Enabled: no
			"""))
		self.assertEqual(harness_apt.debian_mirrors(self.tmp / "sources.list",
							parts), [])


class AptProblemTest(unittest.TestCase):
	"""apt_problem(): what counts as apt-get failing."""

	def problem(self, returncode, stderr):
		return harness_apt.apt_problem(completed(["apt-get"], returncode, stderr))

	def test_unsandboxed_download_is_no_problem(self):
		self.assertIsNone(self.problem(0, (
			"W: Download is performed unsandboxed as root as file "
			f"'/tmp/{DEB}' couldn't be accessed by user '_apt'. - "
			"pkgAcquire::Run (13: Permission denied)\n")))
		self.assertIsNone(self.problem(0, ""))

	def test_failed_fetch_is_a_problem_despite_status_0(self):
		failed = (f"W: Failed to fetch {MIRROR}/dists/{SUITE}/InRelease  "
			  "Could not resolve 'mirror-a.invalid'")
		self.assertEqual(self.problem(0, (
			f"{failed}\nW: Some index files failed to download. They "
			"have been ignored, or old ones used instead.\n")), failed)

	def test_first_error_line(self):
		self.assertEqual(self.problem(100, (
			"W: Download is performed unsandboxed\n"
			"E: Unable to locate package x\n"
			"E: another\n")), "E: Unable to locate package x")

	def test_status_without_error_line(self):
		self.assertEqual(self.problem(1, "W: something odd\n"),
				 "apt-get status 1")


class PrivateAptTest(TempDirTest):
	"""private_apt(): a configuration of its own, none of the machine's."""

	def test_configuration_in_apt_dir(self):
		apt_dir = self.tmp / "apt"
		options = harness_apt.private_apt(apt_dir, MIRROR, SUITE, KEYRING)
		self.assertEqual(options[0::2], ["-o"] * (len(options) // 2))
		settings = apt_options(options)
		self.assertEqual(len(settings), len(options) // 2)
		self.assertEqual((apt_dir / "sources.list").read_text(),
				 f"deb [signed-by={KEYRING}] {MIRROR} {SUITE} "
				 "main\n")
		self.assertTrue((apt_dir / "lists/partial").is_dir())
		self.assertTrue((apt_dir / "archives/partial").is_dir())
		self.assertEqual(settings["Dir::Etc::SourceList"],
				 str(apt_dir / "sources.list"))
		self.assertEqual(settings["Dir::Etc::SourceParts"], "/dev/null")
		self.assertEqual(settings["Dir::State::Lists"],
				 str(apt_dir / "lists"))
		self.assertEqual(settings["Dir::State::status"],
				 str(apt_dir / "status"))
		self.assertEqual(settings["Dir::Cache::Archives"],
				 str(apt_dir / "archives"))
		for name, value in settings.items():
			if name.startswith("Dir::") and value != "/dev/null":
				self.assertTrue(value.startswith(f"{apt_dir}/"),
						f"{name}={value}")

	def test_default_keyring_and_rewrite(self):
		apt_dir = self.tmp / "apt"
		harness_apt.private_apt(apt_dir, MIRROR, SUITE, KEYRING)
		harness_apt.private_apt(apt_dir, OTHER_MIRROR, SUITE, None)
		self.assertEqual((apt_dir / "sources.list").read_text(),
				 f"deb [signed-by={harness_kernels.DEBIAN_KEYRING}] "
				 f"{OTHER_MIRROR} {SUITE} main\n")


class FakeApt:
	"""Stands in for subprocess.run: apt-get update answers UPDATES in
	turn (stderr; "" succeeds), apt-get download writes DEB unless
	DOWNLOAD (returncode, stderr) says otherwise, dpkg-deb -x unpacks the
	tarball unless UNPACK is False."""

	def __init__(self, updates=("",), download=None, unpack=True):
		self.updates = list(updates)
		self.download = download
		self.unpack = unpack
		self.calls = []

	def __call__(self, cmd, **kwargs):
		self.calls.append((list(cmd), kwargs))
		if cmd[0] == "apt-get" and cmd[-1] == "update":
			return completed(cmd, 0, self.updates.pop(0))
		if cmd[0] == "apt-get" and cmd[-2] == "download":
			if self.download:
				return completed(cmd, *self.download)
			(Path(kwargs["cwd"]) / DEB).write_bytes(b"!<arch>\n")
			return completed(cmd, 0, "W: Download is performed "
					 "unsandboxed as root\n")
		if cmd[:2] == ["dpkg-deb", "-x"]:
			if not self.unpack:
				return completed(cmd, 2)
			write(Path(cmd[3]) / "usr/src" / f"{PACKAGE}.tar.xz", "xz")
			return completed(cmd)
		raise AssertionError(f"unexpected command {cmd}")

	def commands(self, program):
		return [cmd for cmd, _ in self.calls if cmd[0] == program]


class FetchTest(TempDirTest):
	"""fetch_backported_source() with apt-get and dpkg-deb faked."""

	def fetch(self, fake, mirrors=((MIRROR, None),)):
		self.dest = self.tmp / "download"
		out = io.StringIO()
		with mock.patch.object(harness_apt, "debian_mirrors",
				       return_value=list(mirrors)), \
		     mock.patch.object(harness_apt, "cache_dir",
				       return_value=self.tmp / "cache"), \
		     mock.patch.object(harness_apt.subprocess, "run", new=fake), \
		     contextlib.redirect_stdout(out):
			return harness_apt.fetch_backported_source(KERNEL, self.dest)

	def assert_private(self, fake):
		"""Every apt-get call uses the private configuration and none
		installs anything."""
		commands = fake.commands("apt-get")
		self.assertTrue(commands)
		for cmd in commands:
			self.assertNotIn("install", cmd)
			self.assertIn(("-o", "Dir::Etc::SourceParts=/dev/null"),
				      list(zip(cmd, cmd[1:])))
			self.assertEqual(apt_options(cmd)["Dir::Etc::SourceList"],
					 str(self.tmp / "cache/apt/sources.list"))
		for _, kwargs in fake.calls:
			self.assertEqual(kwargs.get("stdin"), subprocess.DEVNULL)

	def assert_one_line(self, err, *words):
		message = str(err.exception)
		self.assertEqual(err.exception.code, 2)
		self.assertNotIn("\n", message)
		for word in words:
			self.assertIn(word, message)

	def test_no_mirror(self):
		fake = FakeApt()
		with self.assertRaises(harness_kernels.HarnessError) as err:
			self.fetch(fake, mirrors=())
		self.assert_one_line(err, "--kernel-src", KERNEL)
		self.assertEqual(fake.calls, [])

	def test_update_fails(self):
		failed = (f"W: Failed to fetch {MIRROR}/dists/{SUITE}/InRelease  "
			  "Could not connect to mirror-a.invalid:80")
		fake = FakeApt(updates=[f"{failed}\n"])
		with self.assertRaises(harness_kernels.HarnessError) as err:
			self.fetch(fake)
		self.assert_one_line(err, SUITE, MIRROR, "Failed to fetch",
				     "--kernel-src")
		self.assertEqual([cmd[-1] for cmd, _ in fake.calls], ["update"])
		self.assert_private(fake)

	def test_download_fails(self):
		fake = FakeApt(download=(100, f"E: Unable to locate package "
					 f"{PACKAGE}\n"))
		with self.assertRaises(harness_kernels.HarnessError) as err:
			self.fetch(fake)
		self.assert_one_line(err, PACKAGE, SUITE, MIRROR,
				     "Unable to locate package")
		self.assertEqual(fake.commands("dpkg-deb"), [])
		self.assert_private(fake)

	def test_unpack_fails(self):
		fake = FakeApt(unpack=False)
		with self.assertRaises(harness_kernels.HarnessError) as err:
			self.fetch(fake)
		self.assert_one_line(err, "dpkg-deb", PACKAGE)
		self.assertFalse((self.dest / DEB).exists())

	def test_success(self):
		write(self.tmp / "download/stale", "from an interrupted fetch")
		fake = FakeApt()
		tarball = self.fetch(fake)
		self.assertEqual(tarball,
				 self.dest / "usr/src/linux-source-7.3.tar.xz")
		self.assertTrue(tarball.is_file())
		self.assertFalse((self.dest / DEB).exists())
		self.assertFalse((self.dest / "stale").exists())
		self.assertEqual([cmd[-1] for cmd in fake.commands("apt-get")],
				 ["update", PACKAGE])
		download = fake.calls[1]
		self.assertEqual(download[0][-2:], ["download", PACKAGE])
		self.assertEqual(Path(download[1]["cwd"]), self.dest)
		self.assertEqual(fake.commands("dpkg-deb"), [
			["dpkg-deb", "-x", str(self.dest / DEB), str(self.dest)]])
		self.assert_private(fake)

	def test_next_mirror_after_a_failed_update(self):
		fake = FakeApt(updates=["E: The repository is not signed.\n", ""])
		tarball = self.fetch(fake, mirrors=((MIRROR, None),
						    (OTHER_MIRROR, KEYRING)))
		self.assertTrue(tarball.is_file())
		self.assertEqual([cmd[-1] for cmd in fake.commands("apt-get")],
				 ["update", "update", PACKAGE])
		self.assertEqual((self.tmp / "cache/apt/sources.list").read_text(),
				 f"deb [signed-by={KEYRING}] {OTHER_MIRROR} "
				 f"{SUITE} main\n")
		self.assert_private(fake)


class MissingCrcTest(unittest.TestCase):
	"""missing_crc_rule() and --missing-crc."""

	def test_rule(self):
		rule = harness_config.missing_crc_rule
		self.assertEqual(rule(argparse.Namespace(kernel_src=None,
							 missing_crc=None)),
				 "refuse")
		self.assertEqual(rule(argparse.Namespace(kernel_src="/t",
							 missing_crc=None)),
				 "load")
		self.assertEqual(rule(argparse.Namespace(kernel_src="/t",
							 missing_crc="refuse")),
				 "refuse")
		self.assertEqual(rule(argparse.Namespace(kernel_src=None,
							 missing_crc="load")),
				 "load")
		self.assertEqual(rule(argparse.Namespace()), "refuse")

	def test_option(self):
		self.assertEqual(harness.parse_options(
			"run", "", ["--missing-crc", "load"]).missing_crc, "load")
		self.assertIsNone(harness.parse_options("check", "",
							[]).missing_crc)
		err = io.StringIO()
		with self.assertRaises(SystemExit) as exited, \
		     contextlib.redirect_stderr(err):
			harness.parse_options("run", "", ["--missing-crc", "maybe"])
		self.assertEqual(exited.exception.code, 2)
		self.assertIn("--missing-crc", err.getvalue())


class ByKernelTest(TempDirTest):
	"""ByKernel, for_kernel() and the expectations that use them."""

	def test_newest_reached_applies(self):
		texts = harness_kernels.ByKernel((((6, 1), "a"), ((6, 6), "b"),
					  ((7, 0), "c")))
		self.assertEqual([texts.on(v) for v in
				  ((6, 1), (6, 5), (6, 6), (6, 12), (7, 0), (7, 3))],
				 ["a", "a", "b", "b", "c", "c"])
		self.assertEqual(harness_kernels.for_kernel(texts, (6, 12)), "b")
		self.assertEqual(harness_kernels.for_kernel("plain", (7, 3)), "plain")
		self.assertEqual(harness_kernels.for_kernel(("x", "y"), (6, 1)),
				 ("x", "y"))

	def test_namespace_refusal(self):
		old = ("module symexport_ext_ns_user uses symbol "
		       "symexport_ext_ns_add from namespace SYMEXPORT_NS, but "
		       "does not import it.")
		new = ("symexport_ext_ns_user.ko: module uses symbol "
		       "'symexport_ext_ns_add' from namespace 'SYMEXPORT_NS', "
		       "but does not import it.")
		self.assertEqual(harness_config.NS_REFUSED.on((6, 1)), old)
		self.assertEqual(harness_config.NS_REFUSED.on((6, 12)), old)
		self.assertEqual(harness_config.NS_REFUSED.on((7, 3)), new)

	def test_gpl_only_refusal(self):
		refused = harness_config.gpl_only_refused("x.ko")
		old = ("GPL-incompatible module x.ko uses GPL-only symbol "
		       "'symexport_ext_gpl_mul'")
		self.assertEqual(refused.on((6, 1)), old)
		self.assertEqual(refused.on((6, 12)), old)
		self.assertEqual(refused.on((7, 3)),
				 "x.ko: GPL-incompatible module uses GPL-only "
				 "symbol 'symexport_ext_gpl_mul'")

	def test_undefined_symbol(self):
		undefined = harness_config.undefined_symbol("s", "m.ko")
		self.assertEqual(undefined.on((6, 1)), ('"s" [', "m.ko] undefined!"))
		self.assertEqual(undefined.on((6, 12)),
				 ('"s" [', "m.ko] undefined!"))
		self.assertEqual(undefined.on((7, 3)),
				 "m.ko: symbol 's' undefined!")
		old_line = ['WARNING: modpost: "s" [/build/symexport-ext/'
			    'consumers/external/m.ko] undefined!']
		self.assertTrue(harness_ext.output_has(old_line, undefined.on((6, 12))))
		self.assertFalse(harness_ext.output_has(old_line, undefined.on((7, 3))))
		self.assertFalse(harness_ext.output_has(['"s" [', "m.ko] undefined!"],
						    undefined.on((6, 12))))
		self.assertTrue(harness_ext.output_has(
			["WARNING: modpost: m.ko: symbol 's' undefined!"],
			undefined.on((7, 3))))

	def test_symvers_module(self):
		old = harness_ext.SYMVERS_MODULE.on((6, 12))
		self.assertTrue(old.startswith("*/"), old)
		self.assertTrue(fnmatch.fnmatchcase(
			"/root/.cache/symexport/build-6.12-um/symexport-ext/"
			"providers/external/symexport_ext_provider", old))
		self.assertEqual(harness_ext.SYMVERS_MODULE.on((6, 1)), old)
		self.assertEqual(harness_ext.SYMVERS_MODULE.on((7, 3)),
				 "symexport_ext_provider")

	def test_output_has_by_kernel(self):
		refused = harness_config.gpl_only_refused(GPL_USER)
		lines = ["  MODPOST Module.symvers", GPL_LINE_7_3,
			 "make[2]: *** [Module.symvers] Error 1"]
		self.assertTrue(harness_ext.output_has(lines, refused.on((7, 3))))
		self.assertFalse(harness_ext.output_has(lines, refused.on((6, 12))))
		self.assertTrue(harness_ext.output_has([GPL_LINE_6_12],
						   refused.on((6, 12))))
		self.assertFalse(harness_ext.output_has([GPL_LINE_6_12],
						    refused.on((7, 3))))

	def test_unmet_expectation_by_version(self):
		spec = harness_ext.Expectation(
			expect_success=False,
			expect_output=(harness_config.gpl_only_refused(GPL_USER),),
			expect_absent=(GPL_USER,))
		result = harness_proc.ProcessResult(2, False, [], 0.0, [GPL_LINE_7_3])
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp,
							    (7, 3)))
		self.assertEqual(
			harness_ext.unmet_expectation(spec, result, self.tmp, (6, 12)),
			"make did not print \"GPL-incompatible module "
			"symexport_ext_gpl_user.ko uses GPL-only symbol "
			"'symexport_ext_gpl_mul'\": " + GPL_LINE_7_3)
		self.assertEqual(harness_ext.unmet_expectation(spec, result, self.tmp),
				 harness_ext.unmet_expectation(spec, result, self.tmp,
							   harness_kernels.MIN_KERNEL))
		result.output = [GPL_LINE_6_12]
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp,
							    (6, 12)))
		self.assertIn("symexport_ext_gpl_user.ko: GPL-incompatible",
			      harness_ext.unmet_expectation(spec, result, self.tmp,
							(7, 3)))

	def test_unmet_expectation_of_a_tuple(self):
		spec = harness_ext.Expectation(expect_output=(
			harness_config.undefined_symbol("s", "m.ko"),))
		result = harness_proc.ProcessResult(0, False, [], 0.0,
					       ["WARNING: modpost: m.ko: symbol 's' "
						"undefined!"])
		self.assertIsNone(harness_ext.unmet_expectation(spec, result, self.tmp,
							    (7, 3)))
		self.assertIn("""did not print '"s" [ ... m.ko] undefined!'""",
			      harness_ext.unmet_expectation(spec, result, self.tmp,
							(6, 12)))


class CcacheTest(TempDirTest):
	"""ccache_env() and ccache_summary()."""

	def setUp(self):
		super().setUp()
		self.masquerade = self.tmp / "ccache"
		write(self.masquerade / "gcc", "")
		self.cache = self.tmp / "cache"
		for patcher in (
			mock.patch.object(harness_apt, "CCACHE_MASQUERADE",
					  self.masquerade),
			mock.patch.object(harness_apt, "cache_dir",
					  return_value=self.cache),
			mock.patch.dict(os.environ, {"PATH": "/usr/bin:/bin"})):
			patcher.start()
			self.addCleanup(patcher.stop)
		for name in ("SYMEXPORT_CCACHE", "CCACHE_DIR"):
			os.environ.pop(name, None)

	def test_off(self):
		os.environ["SYMEXPORT_CCACHE"] = "0"
		self.assertEqual(harness_apt.ccache_env(), {})

	def test_no_masquerade(self):
		(self.masquerade / "gcc").unlink()
		self.assertEqual(harness_apt.ccache_env(), {})

	def test_path_first_once(self):
		env = harness_apt.ccache_env()
		self.assertEqual(env["PATH"], f"{self.masquerade}:/usr/bin:/bin")
		os.environ["PATH"] = env["PATH"]
		env = harness_apt.ccache_env()
		self.assertEqual(env["PATH"], f"{self.masquerade}:/usr/bin:/bin")
		self.assertEqual(env["PATH"].split(":").count(str(self.masquerade)),
				 1)

	def test_cache_dir(self):
		env = harness_apt.ccache_env()
		self.assertTrue(Path(env["CCACHE_DIR"]).is_relative_to(self.cache),
				env["CCACHE_DIR"])
		self.assertEqual(env["CCACHE_NOHASHDIR"], "1")
		os.environ["CCACHE_DIR"] = str(self.tmp / "mine")
		self.assertEqual(harness_apt.ccache_env()["CCACHE_DIR"],
				 str(self.tmp / "mine"))

	def test_summary(self):
		before = {"direct_cache_hit": 10, "preprocessed_cache_hit": 5,
			  "cache_miss": 7}
		self.assertEqual(harness_apt.ccache_summary(before, dict(before)),
				 "ccache: no compilation")
		self.assertEqual(harness_apt.ccache_summary({}, {}),
				 "ccache: no compilation")
		after = {"direct_cache_hit": 12, "preprocessed_cache_hit": 6,
			 "cache_miss": 8}
		self.assertEqual(harness_apt.ccache_summary(before, after),
				 "ccache: 3 of 4 compilations were hits (75%), "
				 "1 misses")


class CheckTargetsTest(unittest.TestCase):
	"""check_targets() for check --ci."""

	def targets(self, argv):
		targets = harness.check_targets(harness.parse_options("check", "",
								       argv))
		return [(t.label, t.only) for t in targets]

	def test_ci(self):
		self.assertEqual(self.targets(["--ci"]), [
			("7.3", ("main", "modversions", "force_unload")),
			("6.12", ("main",)),
			("6.1", ("main",))])

	def test_without_ci_long_term_kernels_run_everything(self):
		self.assertEqual(self.targets([]), [
			("7.3", None),
			("7.3-x86_64", ("main",)),
			("7.3-arm64", ("main",)),
			("6.12", None),
			("6.1", None)])

	def test_ci_narrowed_by_kernel(self):
		self.assertEqual(self.targets(["--ci", "--kernel", "6.12"]),
				 [("6.12", ("main",))])


if __name__ == "__main__":
	unittest.main()
