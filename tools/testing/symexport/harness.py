# SPDX-License-Identifier: GPL-2.0-only
"""Harness for the symexport KUnit suites.

Installs the project into a kernel source tree (by default Debian's
linux-source-6.12, unpacked under ~/.cache/symexport), builds UML with
tools/testing/kunit/kunit.py, builds the modules that live outside the
kernel tree (external-module passes, some of which are test cases of their
own) and post-processes some of them, boots once for the suites and once
more for each case that needs a boot of its own, then boots each further
kernel configuration (CONFIGURATIONS: one boot whose results replace the
main boot's skips), and summarises the merged results.  Each further
configuration is built (kernel and external passes) in a thread of its
own meanwhile, its output kept for a block before its boot (--serial: after
the main configuration's boots instead); the boots run one at a time.

The "run" and "check" scripts beside this file are thin wrappers around
main_run() and main_check().
"""

import argparse
import collections
import contextlib
import copy
import ctypes
import fcntl
import fnmatch
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import List, Optional

MIN_KERNEL = (6, 1)
# Debian's kernel source packages: run uses the first unless told
# otherwise (--kernel), check runs every one.  7.3 is the kernel users
# run; 6.12 and 6.1 are the long-term kernels.
KERNELS = ("7.3", "6.12", "6.1")
DEFAULT_KERNEL = KERNELS[0]
# Kernels that the machine's own Debian release does not ship: their
# linux-source package comes from a newer release's backports, fetched
# with a private apt configuration under the symexport cache (see
# fetch_backported_source()).  The version is pinned, not "the newest
# linux-source-7.* there": the suites assert per-kernel rules, and a
# kernel under test must change only when this line does.
BACKPORTS = {"7.3": "trixie-backports"}
DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
APT_SOURCES = Path("/etc/apt/sources.list")
APT_SOURCE_PARTS = Path("/etc/apt/sources.list.d")


def debian_source(kernel=DEFAULT_KERNEL):
	"""Return the name of Debian's source package of KERNEL ("6.12")."""
	return f"linux-source-{kernel}"


def source_tarball(kernel=DEFAULT_KERNEL):
	"""Return where Debian's linux-source-KERNEL puts its tarball: below
	/usr/src when installed, in the symexport cache when fetched from
	BACKPORTS."""
	name = debian_source(kernel) + ".tar.xz"
	if kernel in BACKPORTS:
		return cache_dir() / name
	return Path("/usr/src") / name



HARNESS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = HARNESS_DIR.parents[2]
PROJECT_FILES = ("Kconfig", "Makefile", ".kunitconfig")
PROJECT_DIRS = ("kunit", "providers", "consumers", "configs")

# Files under PROJECT_DIRS that are never copied: build output, editor
# backups and other files git would not track.  Hidden files are skipped too.
ARTIFACT_PATTERNS = (
	"*~", "*.o", "*.ko", "*.a", "*.mod", "*.mod.c", "*.order", "*.symvers",
	"*.cmd", "*.swp", "*.orig", "*.rej", "*.tmp", "#*#", ".*",
)
ELF_MAGIC = b"\x7fELF"

# Command -> Debian package that provides it.
BUILD_TOOLS = {
	"gcc": "gcc", "make": "make", "flex": "flex", "bison": "bison",
	"bc": "bc", "perl": "perl", "tar": "tar", "xz": "xz-utils",
	"objcopy": "binutils",
}
# What --arch needs on top of BUILD_TOOLS: QEMU, and for arm64 the cross
# compiler (and its binutils, which gcc-aarch64-linux-gnu pulls in).
ARCH_TOOLS = {
	"x86_64": {"qemu-system-x86_64": "qemu-system-x86"},
	"arm64": {"qemu-system-aarch64": "qemu-system-arm",
		  "aarch64-linux-gnu-gcc": "gcc-aarch64-linux-gnu",
		  "aarch64-linux-gnu-objcopy": "binutils-aarch64-linux-gnu"},
}

DEFAULT_SUBDIR = "lib/symexport"
# --arch: UML reads the modules through hostfs; the others boot in QEMU,
# with the host's "/" shared read-only over virtio-9p (tag "symexport",
# mounted by the helper in kunit/symexport_helpers.c), from a kunitconfig
# without HOSTFS.  x86_64's pc machine has PCI; arm64's virt machine gets
# the virtio-mmio device, which needs no PCI host driver.
DEFAULT_ARCH = "um"
QEMU_KUNITCONFIG = "configs/qemu.kunitconfig"
QEMU_9P_DEVICES = {"x86_64": "virtio-9p-pci", "arm64": "virtio-9p-device"}
ARCHES = (DEFAULT_ARCH,) + tuple(QEMU_9P_DEVICES)
CROSS_COMPILE = {"arm64": "aarch64-linux-gnu-"}
DEFAULT_TIMEOUT = 2400
DEFAULT_KERNEL_TIMEOUT = 300
KUNIT_PY = "tools/testing/kunit/kunit.py"
RUN_LOG = "symexport-run.log"
KERNEL_LOG = "test.log"
TAIL_LINES = 40
KILL_GRACE = 5.0
READER_GRACE = 5.0

PR_SET_CHILD_SUBREAPER = 36
PR_GET_CHILD_SUBREAPER = 37

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

FAILED_STATUSES = ("FAIL", "ERROR")

# Modules built outside the kernel tree: the directories are copied from the
# project into BUILD_DIR/EXT_STAGE (same layout, as the consumers include
# "../../providers/external/..."), with the headers directly in
# EXT_HEADER_DIRS (the providers include "../symexport_ns.h"), and built
# there with make M=.
EXT_STAGE = "symexport-ext"
EXT_PROVIDER_DIR = "providers/external"
EXT_CONSUMER_DIR = "consumers/external"
EXT_OOT_DIR = "consumers/external_oot"
EXT_STALE_DIR = "consumers/external_stale"
EXT_MODNS_DIR = "consumers/external_modns"
EXT_DIRS = (EXT_PROVIDER_DIR, EXT_CONSUMER_DIR, EXT_OOT_DIR, EXT_STALE_DIR,
	    EXT_MODNS_DIR)
EXT_HEADER_DIRS = ("providers",)
BUILD_SUITE = "symexport_build"

# The console of every boot, from its first KTAP line on, is read for what
# the kernel prints when something is wrong: a case per configuration in
# CONSOLE_SUITE fails, quoting the first such line, if any boot printed one.
CONSOLE_SUITE = "symexport_console"
KTAP_START = re.compile(r"^\s*K?TAP version \d+")
CONSOLE_PROBLEMS = re.compile(
	r"^(?:\[[ \d.]+\] )?(?:"
	r"WARNING:|BUG:|kernel BUG at|Oops|general protection fault|"	# KASAN too
	r"Kernel panic|UBSAN:|"
	r"(?:\S+ )?possible (?:circular|recursive) locking|"
	r"inconsistent lock state|suspicious RCU usage|"
	r"DEBUG_LOCKS_WARN_ON|INFO: task .* blocked for more than|"
	r"kmemleak: \d+ new suspected memory leaks|unreferenced object 0x"
	r")")

@dataclass(frozen=True)
class ByKernel:
	"""An expectation that changed between kernels: TEXTS is ((since,
	value), ...), oldest first; the value of the newest "since" that
	the kernel under test has reached applies (the first one's since is
	MIN_KERNEL)."""
	texts: tuple

	def on(self, version):
		"""Return the value for kernel VERSION ((major, minor))."""
		value = self.texts[0][1]
		for since, text in self.texts:
			if version >= since:
				value = text
		return value


def for_kernel(expected, version):
	"""Return EXPECTED, or its value for VERSION if it is a ByKernel."""
	return expected.on(version) if isinstance(expected, ByKernel) else expected


# Files below EXT_STAGE that the passes and their hooks read or write.
PROVIDER_SYMVERS = EXT_PROVIDER_DIR + "/Module.symvers"
STALE_SYMVERS = "stale/Module.symvers"
# The symbols whose CRCs the stale Module.symvers changes.
STALE_SYMBOLS = ("symexport_ext_add",
		 "symexport_ext_add_with_a_name_too_long_for_struct_"
		 "modversion_info")
VERMAGIC_MODULE = EXT_OOT_DIR + "/symexport_ext_vermagic.ko"
STRIPPED_MODULE = EXT_OOT_DIR + "/symexport_ext_stripped.ko"
# The version tables: the basic one, and the extended one (since 6.14).
VERSION_SECTIONS = ("__versions", "__version_ext_crcs", "__version_ext_names")
# Since the export flags table (__kflagstab; 7.3 has it, 6.12 not, the
# release in between that added it is not pinned down here), the first of
# these loses it and the second gains an obsolete __ksymtab_gpl section.
FLAGSTAB_SINCE = (7, 0)
NOFLAGS_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_noflags.ko"
OLDGPL_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_oldgpl.ko"
OLDGPL_SECTION = "__ksymtab_gpl"
# EXPORT_SYMBOL_FOR_MODULES() and the "module:" namespaces: 7.3 has them,
# 6.12 not.
FOR_MODULES_SINCE = (7, 0)
KERNEL_RELEASE = "include/config/kernel.release"	# below the build dir

# What the provider's Module.symvers must say about its exports: one line
# "CRC<TAB>symbol<TAB>module<TAB>export type<TAB>namespace" for each.
# Its module column is the module's path: absolute before 6.13, relative
# to M= since 6.13 (kbuild builds an external module from its directory).
SYMVERS_MODULE = ByKernel((
	(MIN_KERNEL, "*/providers/external/symexport_ext_provider"),
	((6, 13), "symexport_ext_provider"),
))
SYMVERS_EXPORTS = (
	("symexport_ext_add", "EXPORT_SYMBOL", ""),
	("symexport_ext_gpl_mul", "EXPORT_SYMBOL_GPL", ""),
	("symexport_ext_ns_add", "EXPORT_SYMBOL", "SYMEXPORT_NS"),
	("symexport_ext_add_with_a_name_too_long_for_struct_modversion_info",
	 "EXPORT_SYMBOL", ""),
)

# The external-module passes, in order, for every configuration.  A make
# pass runs
#   make ARCH=um -C BUILD_DIR M=BUILD_DIR/EXT_STAGE/<dir> -j N \
#	[KBUILD_EXTRA_SYMBOLS=<EXT_STAGE/symvers...>] [make_args] modules
# after running its "before" hooks and deleting MODPOST_OUTPUT and the files
# matching "remove" in <dir>, and runs its "after" hooks once make met its
# expectations (the hooks are SuiteRun.hook_<name>() methods).  A "required" pass that misses
# its own expect_* fails the whole run.  Each of its "cases" is a case of
# suite BUILD_SUITE that passes when make meets its expect_*:
#   expect_success  True: make exits 0; False: non-zero; absent: either
#   expect_output   strings that must be in make's output; a tuple of
#		    strings must all be on one line
#   expect_present  files in <dir> that must exist afterwards
#   expect_absent   files in <dir> that must not exist afterwards
# A pass with "since" runs only on that kernel version and later.
# A pass with "check" runs no make: each of its cases is decided by
# SuiteRun.check_<check>().  A case with "modversions" is only evaluated in
# the configurations whose modversions is the same; the others in all of
# them, and a configuration records those of its build_cases (an unmet case
# it does not record fails the run all the same).
# Deleted before every make pass: kbuild reruns modpost (whose messages the
# cases look for) only if this is missing or its command line changed, and
# a failed modpost leaves both as they were after the last success.
MODPOST_OUTPUT = "Module.symvers"


# modpost names the module first and quotes the symbol and namespace
# since 7.0 ("mod_error()"); 6.12 and 7.3 are the kernels seen, the
# release in between that changed it is not pinned down here.
MODPOST_MESSAGES_SINCE = (7, 0)
def gpl_only_refused(module):
	"""What modpost prints when GPL-incompatible MODULE uses
	symexport_ext_gpl_mul, by kernel."""
	return ByKernel((
		(MIN_KERNEL, f"GPL-incompatible module {module} uses GPL-only "
			     "symbol 'symexport_ext_gpl_mul'"),
		(MODPOST_MESSAGES_SINCE, f"{module}: GPL-incompatible module "
					 "uses GPL-only symbol "
					 "'symexport_ext_gpl_mul'"),
	))


NS_REFUSED = ByKernel((
	(MIN_KERNEL, "module symexport_ext_ns_user uses symbol "
		     "symexport_ext_ns_add from namespace SYMEXPORT_NS, but "
		     "does not import it."),
	(MODPOST_MESSAGES_SINCE, "symexport_ext_ns_user.ko: module uses symbol "
				 "'symexport_ext_ns_add' from namespace "
				 "'SYMEXPORT_NS', but does not import it."),
))


def undefined_symbol(symbol, module):
	"""What modpost prints for MODULE's undefined SYMBOL, by kernel."""
	return ByKernel((
		(MIN_KERNEL, (f'"{symbol}" [', f"{module}] undefined!")),
		(MODPOST_MESSAGES_SINCE, f"{module}: symbol '{symbol}' undefined!"),
	))


MODNS_IMPORT_REFUSED = ("symexport_ext_modns_import.ko: explicitly importing "
			"namespace 'module:symexport_ext_formod_listed' is "
			"not allowed.")
EXT_WARN_MODULES = ("symexport_ext_gpl_user.ko", "symexport_ext_weak.ko",
		    "symexport_ext_ns_user.ko", "symexport_ext_unversioned_user.ko",
		    "symexport_ext_formod_listed.ko",
		    "symexport_ext_formod_glob_user.ko",
		    "symexport_ext_formod_unlisted.ko",
		    "symexport_ext_formod_dash.ko",
		    "symexport_ext_formod_proprietary.ko",
		    "symexport_ext_formod_import.ko")
# modpost refuses a module that imports a "module:" namespace, so this one
# is built importing IMPORT_NS_BUILT and gets IMPORT_NS_WANTED in its .ko.
IMPORT_NS_MODULE = EXT_CONSUMER_DIR + "/symexport_ext_formod_import.ko"
IMPORT_NS_BUILT = b"import_ns=MODULE:symexport_ext_formod_listed\0"
IMPORT_NS_WANTED = b"import_ns=module:symexport_ext_formod_listed\0"
EXT_OOT_MODULES = ("symexport_ext_consumer.ko", "symexport_ext_stripped.ko",
		   "symexport_ext_vermagic.ko")
EXT_PASSES = (
	{
		"what": "the provider",
		"dir": EXT_PROVIDER_DIR,
		"required": True,
		"expect_success": True,
		"expect_present": ("symexport_ext_provider.ko",
				   "symexport_ext_dup.ko", "symexport_ext_formod.ko",
				   "symexport_ext_noflags.ko",
				   "symexport_ext_oldgpl.ko", "Module.symvers"),
		"after": ("strip_flagstab", "add_obsolete_ksymtab_gpl"),
	},
	{
		"what": "the consumers, with the provider's Module.symvers",
		"dir": EXT_CONSUMER_DIR,
		"remove": ("*.ko",),
		"symvers": (PROVIDER_SYMVERS,),
		"cases": (
			{
				"name": "modpost_refuses_gpl_incompatible_module_"
					"using_gpl_only_symbol",
				"expect_success": False,
				"expect_output": (gpl_only_refused(
					"symexport_ext_gpl_user.ko"),),
				"expect_absent": ("symexport_ext_gpl_user.ko",),
			},
			{
				"name": "modpost_refuses_weak_gpl_only_reference_"
					"from_gpl_incompatible_module",
				"expect_output": (gpl_only_refused(
					"symexport_ext_weak.ko"),),
				"expect_absent": ("symexport_ext_weak.ko",),
			},
			{
				"name": "modpost_refuses_namespaced_symbol_"
					"without_import",
				"expect_output": (NS_REFUSED,),
				"expect_absent": ("symexport_ext_ns_user.ko",),
			},
		),
	},
	{
		"what": "the consumers, with KBUILD_MODPOST_WARN=1",
		"dir": EXT_CONSUMER_DIR,
		"make_args": ("KBUILD_MODPOST_WARN=1",),
		"required": True,
		"expect_success": True,
		"expect_present": EXT_WARN_MODULES,
		"cases": (
			{
				"name": "modpost_warn_turns_undefined_symbol_"
					"into_warning",
				"expect_success": True,
				"expect_output": (undefined_symbol(
					"symexport_ext_gpl_mul",
					"symexport_ext_gpl_user.ko"),),
				"expect_present": ("symexport_ext_gpl_user.ko",
						   "symexport_ext_weak.ko"),
			},
		),
		"after": ("patch_import_ns",),
	},
	{
		"what": "a module importing a \"module:\" namespace",
		"dir": EXT_MODNS_DIR,
		"since": FOR_MODULES_SINCE,
		"remove": ("*.ko",),
		"cases": (
			{
				"name": "modpost_refuses_module_importing_"
					"module_namespace",
				"expect_success": False,
				"expect_output": (MODNS_IMPORT_REFUSED,),
				"expect_absent": ("symexport_ext_modns_import.ko",),
			},
		),
	},
	{
		"what": "the out-of-tree consumers, without KBUILD_EXTRA_SYMBOLS",
		"dir": EXT_OOT_DIR,
		"remove": ("*.ko",),
		"cases": (
			{
				"name": "consumer_build_without_kbuild_extra_"
					"symbols_fails_undefined",
				"expect_success": False,
				"expect_output": (undefined_symbol(
					"symexport_ext_add",
					"symexport_ext_consumer.ko"),),
				"expect_absent": ("symexport_ext_consumer.ko",),
			},
		),
	},
	{
		"what": "the out-of-tree consumers, with the provider's "
			"Module.symvers",
		"dir": EXT_OOT_DIR,
		"symvers": (PROVIDER_SYMVERS,),
		"required": True,
		"expect_success": True,
		"expect_present": EXT_OOT_MODULES,
		"cases": (
			{
				"name": "consumer_builds_with_kbuild_extra_symbols",
				"expect_success": True,
				"expect_present": EXT_OOT_MODULES,
			},
		),
		"after": ("patch_vermagic", "strip_versions"),
	},
	{
		"what": "a consumer, with a stale Module.symvers",
		"dir": EXT_STALE_DIR,
		"before": ("write_stale_symvers",),
		"symvers": (STALE_SYMVERS,),
		"required": True,
		"expect_success": True,
		"expect_present": ("symexport_ext_stale_user.ko",),
	},
	{
		"what": "the provider's Module.symvers",
		"check": "provider_symvers",
		"cases": (
			{
				"name": "module_symvers_lists_each_export",
				"modversions": False,
			},
			{
				"name": "module_symvers_records_crcs_with_"
					"modversions",
				"modversions": True,
			},
		),
	},
)

# With the provider built in (builtin_provider), vmlinux exports
# symexport_provider_add, and modpost refuses an external module that
# exports it again; another module's export it allows (the provider pass
# above builds symexport_ext_dup.ko beside the provider module).
DUP_OF_VMLINUX = ByKernel((
	(MIN_KERNEL, "symexport_ext_dup: 'symexport_provider_add' exported "
		     "twice. Previous export was in vmlinux"),
	(MODPOST_MESSAGES_SINCE, "symexport_ext_dup.ko: symbol "
				 "'symexport_provider_add' exported twice. "
				 "Previous export was in vmlinux"),
))
# The namespace_imports configuration loads the provider and the consumers
# built with KBUILD_MODPOST_WARN=1; modpost -N (which its option adds)
# warns where the other passes' cases expect modpost's errors.
NAMESPACE_IMPORTS_EXT_PASSES = tuple(
	p for p in EXT_PASSES
	if p["what"] in ("the provider",
			 "the consumers, with KBUILD_MODPOST_WARN=1"))
BUILTIN_PROVIDER_EXT_PASSES = (
	{
		"what": "the external provider, against a built-in provider",
		"dir": EXT_PROVIDER_DIR,
		"remove": ("*.ko",),
		"cases": (
			{
				"name": "modpost_refuses_module_exporting_symbol_"
					"vmlinux_exports",
				"expect_success": False,
				"expect_output": (DUP_OF_VMLINUX,),
				"expect_absent": ("symexport_ext_dup.ko",),
			},
		),
	},
)


@dataclass(frozen=True)
class Configuration:
	"""A kernel configuration that a run builds, builds the external
	modules for, and boots."""
	name: str
	kunitconfig: Optional[str]	# fragment below --subdir merged into
					# the main one; None: --kunitconfig
	suffix: str			# its build dir is the main one + suffix
	boot_glob: Optional[str]	# its one boot; None: the main boot
	build_cases: tuple		# fnmatch patterns of the cases it records
	modversions: bool = False	# its kernel has CONFIG_MODVERSIONS=y
	own_boot_globs: tuple = ()	# its skipped cases that get a boot
					# each, with OWN_BOOT_ARG
	report_group: Optional[str] = None	# every suite, reported
					# again below this group
	kernel_args: tuple = ()		# more kernel parameters for its boots
	proves: tuple = ()		# with report_group: the cases only it
					# runs; the main boot's skips of them
					# are dropped once it has run them
	in_run: bool = True		# run boots it without --all
	standalone: bool = False	# kunitconfig is a whole one, not a
					# fragment merged into the main one
	external: bool = True		# build the external modules for it
	since: tuple = ()		# ((major, minor), fragment): merged too
					# on that kernel and later
	ext_passes: Optional[tuple] = None	# its external passes, if
					# not EXT_PASSES
	after_main: bool = True		# with ccache, its background build
					# starts once the main kernel is
					# built (it compiles mostly the same
					# objects: they are cache hits then)
	min_kernel: tuple = ()		# built only on this kernel and later


# The first is the main configuration: its boot runs every suite (with the
# arguments after --), followed by the own boots.  Each other one boots
# only for boot_glob, and its results replace the main boot's skips (which
# are what needs that configuration), followed by its own boots.  A filter
# glob after -- leaves out those whose boot_glob it cannot match.
#
# A configuration with a report_group (debug) boots for every suite again,
# in a kernel built with lock, memory and leak debugging; its cases are
# reported below that group ("debug.symexport_unload...."), except the
# skips of cases that another configuration or a boot of their own proves.
#
# Own boots: the cases that taint the kernel ('P', 'R') or leave a module
# loaded each get a boot of their own, with OWN_BOOT_ARG on the kernel
# command line; the kernel skips them without it.
OWN_BOOT_ARG = "symexport.own_boot=1"
DEBUG_STRESS_ARGS = ("symexport.stress_cycles=20",
		     "symexport.stress_pairs=100000")
CONFIGURATIONS = (
	Configuration("main", None, "", None, ("*",),
		      own_boot_globs=("symexport_taint.*",
				      "symexport_for_modules.export_for_modules_"
				      "is_gpl_only_*",
				      "symexport_force_unload.module_without_"
				      "exit_*")),
	Configuration("modversions", "configs/modversions.kunitconfig",
		      "-modversions", "symexport_modversions.*",
		      ("module_symvers_records_crcs_with_modversions",),
		      modversions=True),
	# CRCs in the extended version table only (CONFIG_BASIC_MODVERSIONS=n):
	# the rules for a missing CRC and for vermagic differ from the basic
	# table's, and only this table versions long names.
	Configuration("modversions_extended",
		      "configs/modversions_extended.kunitconfig",
		      "-modversions-extended", "symexport_modversions.*", (),
		      modversions=True, report_group="modversions_extended",
		      in_run=False, min_kernel=(6, 14)),
	# The forcing options; MODVERSIONS too, for the forced load that
	# ignores symbol versions.
	# A missing namespace import is a warning: symexport_namespace again.
	Configuration("namespace_imports", "configs/namespace_imports.kunitconfig",
		      "-namespace-imports", "symexport_namespace.*", (),
		      report_group="namespace_imports", in_run=False,
		      ext_passes=NAMESPACE_IMPORTS_EXT_PASSES),
	Configuration("force_unload", "configs/force_unload.kunitconfig",
		      "-force-unload", "symexport_force_unload.*", (),
		      modversions=True,
		      own_boot_globs=("symexport_force_unload.forced_removal_*",
				      "symexport_force_unload.forced_load_*")),
	Configuration("debug", "configs/debug.kunitconfig", "-debug", "*", (),
		      report_group="debug",
		      kernel_args=DEBUG_STRESS_ARGS + ("kmemleak.verbose=1",),
		      proves=("symexport_kmemleak.*",), in_run=False,
		      after_main=False,
		      since=(((6, 12), "configs/debug_atomic_sleep.kunitconfig"),)),
	# The boots of these need no external modules; builtin_provider's one
	# external pass is a build case (BUILTIN_PROVIDER_EXT_PASSES).
	Configuration("builtin", "configs/builtin.kunitconfig", "-builtin",
		      "symexport_builtin.*", (), report_group="builtin",
		      proves=("symexport_builtin.*",), in_run=False,
		      standalone=True, external=False),
	Configuration("builtin_provider", "configs/builtin_provider.kunitconfig",
		      "-builtin-provider", "symexport_builtin.*",
		      ("modpost_refuses_module_exporting_symbol_vmlinux_exports",),
		      report_group="builtin_provider",
		      proves=("symexport_builtin.*",), in_run=False,
		      standalone=True, ext_passes=BUILTIN_PROVIDER_EXT_PASSES),
)
OWN_BOOT_GLOBS = tuple(glob for config in CONFIGURATIONS
		       for glob in config.own_boot_globs)
EXT_DIR_PARAM = "symexport.ext_dir"
# The rule for a symbol a module has no CRC for: Debian's kernels carry
# "module: Disable matching missing version CRC" and refuse it; upstream
# loads it.  Debian's trees get "refuse", a --kernel-src tree upstream's
# "load" unless --missing-crc says otherwise.
MISSING_CRC_PARAM = "symexport.missing_crc"
MISSING_CRC_RULES = ("refuse", "load")


def missing_crc_rule(opts):
	"""Return the missing-CRC rule of the kernel OPTS runs."""
	rule = getattr(opts, "missing_crc", None)
	if rule:
		return rule
	return "load" if getattr(opts, "kernel_src", None) else "refuse"
TOP_GROUP = "KUnit Test Group"


class HarnessError(Exception):
	"""Bad input or an unusable machine; reported as one line."""

	def __init__(self, message, code=EXIT_USAGE):
		super().__init__(message)
		self.code = code


# Per thread: "output", where say() and streamed output go (default
# stdout), "cancel", an Event that stops its supervised processes, and
# "run_log" and "build_cases" of a configuration built in the background.
_context = threading.local()


def output():
	"""Return this thread's output stream: stdout unless redirected."""
	return getattr(_context, "output", None) or sys.stdout


def say(message):
	"""Print a harness message to stdout, in order with streamed output."""
	print(f"symexport: {message}", file=output(), flush=True)


def print_error(err):
	"""Print a HarnessError as one line on stderr."""
	sys.stdout.flush()
	print(f"symexport: error: {err}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Build tools and Debian packages

_apt_updated = False


def installing_allowed():
	"""False when SYMEXPORT_NO_INSTALL=1 forbids calling apt-get."""
	return os.environ.get("SYMEXPORT_NO_INSTALL") != "1"


def apt_prefix(packages):
	"""Return the command prefix that runs apt-get with root rights."""
	if os.geteuid() == 0:
		return ["env", "DEBIAN_FRONTEND=noninteractive"]
	if shutil.which("sudo"):
		return ["sudo", "env", "DEBIAN_FRONTEND=noninteractive"]
	raise HarnessError(f"install {' '.join(packages)} with apt-get as root, "
			   "or run as root")


def apt_install(packages):
	"""Install Debian packages: apt-get update (once), then apt-get install."""
	global _apt_updated
	wanted = " ".join(packages)
	if not installing_allowed():
		raise HarnessError(f"{wanted} missing and SYMEXPORT_NO_INSTALL=1: "
				   f"install {wanted} with apt-get")
	if not shutil.which("apt-get"):
		raise HarnessError(f"{wanted} missing and there is no apt-get: "
				   f"install {wanted}")
	prefix = apt_prefix(packages)
	steps = [] if _apt_updated else [["apt-get", "update"]]
	steps.append(["apt-get", "install", "-y", "--no-install-recommends",
		      *packages])
	for step in steps:
		say("running " + " ".join(step))
		status = subprocess.run(prefix + step,
					stdin=subprocess.DEVNULL).returncode
		if status != 0:
			raise HarnessError(f"'{' '.join(step)}' failed with status "
					   f"{status}: install {wanted} by hand")
		_apt_updated = _apt_updated or step[1] == "update"


def ensure_build_tools(arch=DEFAULT_ARCH):
	"""Install the Debian packages of any missing build tool, and of
	what ARCH needs (QEMU, a cross compiler)."""
	tools = {**BUILD_TOOLS, **ARCH_TOOLS.get(arch, {})}
	missing = [cmd for cmd in tools if not shutil.which(cmd)]
	if missing:
		say("missing build tools: " + " ".join(missing))
		apt_install(sorted({tools[cmd] for cmd in missing}))


# ---------------------------------------------------------------------------
# ccache: every compiler the kernel builds call through Debian's ccache
# masquerade directory, put first on PATH, so that the command lines (and
# kbuild's .cmd files) stay the same with and without it.  One cache under
# the symexport cache serves every kernel, configuration and machine; the
# configurations of one kernel compile mostly the same code.
CCACHE_MASQUERADE = Path("/usr/lib/ccache")
CCACHE_STATS = ("direct_cache_hit", "preprocessed_cache_hit", "cache_miss")


def ccache_env():
	"""Return the environment variables that route builds through
	ccache, or {} when SYMEXPORT_CCACHE=0 or there is no masquerade
	directory."""
	if os.environ.get("SYMEXPORT_CCACHE") == "0" or \
	   not (CCACHE_MASQUERADE / "gcc").exists():
		return {}
	dirs = [d for d in os.environ.get("PATH", "").split(":")
		if d and d != str(CCACHE_MASQUERADE)]
	path = ":".join([str(CCACHE_MASQUERADE)] + dirs)
	return {
		"PATH": path,
		"CCACHE_DIR": os.environ.get("CCACHE_DIR") or
			      str(cache_dir() / "ccache"),
		# Build directories differ by configuration: do not hash the
		# working directory into debug-info builds' keys.
		"CCACHE_NOHASHDIR": "1",
		"CCACHE_MAXSIZE": os.environ.get("CCACHE_MAXSIZE", "20G"),
	}


def use_ccache():
	"""Install ccache if missing (unless SYMEXPORT_CCACHE=0) and route
	this process's builds through it; return True if it is in use."""
	if os.environ.get("SYMEXPORT_CCACHE") == "0":
		return False
	if not shutil.which("ccache"):
		say("ccache missing: installing it (kernel builds share one cache)")
		try:
			apt_install(["ccache"])
		except HarnessError as err:
			say(f"building without ccache: {err}")
			return False
	env = ccache_env()
	os.environ.update(env)
	return bool(env)


def ccache_stats():
	"""Return {name: count} of ccache's CCACHE_STATS, or {}."""
	if not shutil.which("ccache"):
		return {}
	result = subprocess.run(["ccache", "--print-stats"],
				stdin=subprocess.DEVNULL, capture_output=True,
				text=True, env={**os.environ, **ccache_env()})
	stats = {}
	for line in result.stdout.splitlines():
		name, _, value = line.partition("\t")
		if name in CCACHE_STATS and value.strip().isdigit():
			stats[name] = int(value)
	return stats


def ccache_summary(before, after):
	"""Return a line on the compilations between stats BEFORE and AFTER."""
	delta = {name: after.get(name, 0) - before.get(name, 0)
		 for name in CCACHE_STATS}
	hits = delta["direct_cache_hit"] + delta["preprocessed_cache_hit"]
	total = hits + delta["cache_miss"]
	if total == 0:
		return "ccache: no compilation"
	return (f"ccache: {hits} of {total} compilations were hits "
		f"({100 * hits // total}%), {delta['cache_miss']} misses")


# ---------------------------------------------------------------------------
# The kernel tree

def cache_dir():
	"""Return $XDG_CACHE_HOME/symexport, or ~/.cache/symexport."""
	base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
	return Path(base) / "symexport"


DEBIAN_SOURCE = debian_source()
SOURCE_TARBALL = source_tarball()


def default_kernel_src(kernel=DEFAULT_KERNEL):
	"""Return where Debian's kernel source of KERNEL is unpacked."""
	return cache_dir() / debian_source(kernel)


def extract_tarball(tarball, tree):
	"""Unpack TARBALL, whose top directory is tree.name, as TREE.

	It is unpacked into a sibling directory and renamed into place when
	complete, so that an interrupted run never leaves a partial tree.
	"""
	tree.parent.mkdir(parents=True, exist_ok=True)
	partial = tree.parent / f".{tree.name}.partial"
	with open(tree.parent / f".{tree.name}.lock", "w") as lock:
		fcntl.flock(lock, fcntl.LOCK_EX)
		if tree.is_dir():
			return
		shutil.rmtree(partial, ignore_errors=True)
		partial.mkdir()
		say(f"unpacking {tarball} into {tree.parent} (a few minutes)")
		status = subprocess.run(["tar", "-xf", str(tarball), "-C",
					 str(partial)],
					stdin=subprocess.DEVNULL).returncode
		top = partial / tree.name
		if status != 0 or not top.is_dir():
			shutil.rmtree(partial, ignore_errors=True)
			raise HarnessError(f"could not unpack {tarball} (tar status "
					   f"{status}): reinstall the package that "
					   "installed it")
		os.rename(top, tree)
		shutil.rmtree(partial, ignore_errors=True)


# UML before the host-sized FP registers of Linux 6.13 restores its
# processes' FP state with PTRACE_SETREGSET(NT_X86_XSTATE) from a fixed
# 832-byte buffer, and the host refuses any size but its own (EFAULT): on
# a host with AVX-512 or AMX (an 11008-byte xstate) every UML process dies
# ("userspace - ptrace set fp regs failed, errno = 14"), the module-control
# helper with it (-EINTR).  The fix below, applied to the Debian trees the
# harness unpacks (never to a --kernel-src tree), makes UML use the xstate
# regset only if the host takes its buffer back, and the 512-byte FXSAVE
# regset (PTRACE_SETFPREGS) otherwise; UML then keeps no AVX state for
# its processes, which the suites' static nolibc helper does not use.
UML_FP_TRAP = "ptrace set fp regs failed, errno = 14"
UML_XSTATE_FIX = (
	"arch/x86/um/os-Linux/registers.c",
	"\tif (ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &iov) == 0)\n"
	"\t\thave_xstate_support = 1;\n",
	"\tif (ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &iov) == 0 &&\n"
	"\t    ptrace(PTRACE_SETREGSET, pid, NT_X86_XSTATE, &iov) == 0)\n"
	"\t\thave_xstate_support = 1;\n",
)
UML_FP_HINT = (f"UML could not run a process on this host (\"{UML_FP_TRAP}\": "
	       "the host's xstate, with AVX-512 or AMX, is larger than UML's "
	       "fixed FP buffer); the harness fixes the Debian trees it "
	       f"unpacks: make the same change to {UML_XSTATE_FIX[0]} of "
	       "your --kernel-src tree (see UML_XSTATE_FIX in harness.py), "
	       "or use Linux 6.13 or later")


def fix_tree(tree, fix=UML_XSTATE_FIX):
	"""Apply FIX (path, old, new) to TREE once; return True if the file
	changed.  A tree without the old text (fixed already, or changed
	upstream) is left as it is."""
	path = Path(tree) / fix[0]
	try:
		text = path.read_text()
	except OSError:
		return False
	if fix[1] not in text:
		return False
	replace_file(path, text.replace(fix[1], fix[2], 1).encode())
	say(f"fixed {path} (UML's FP registers on hosts with a large xstate)")
	return True


def debian_mirrors(sources=None, parts=None):
	"""Return [(uri, signed_by)] of the machine's Debian archive sources.

	Reads the one-line (sources.list, *.list) and deb822 (*.sources)
	formats; a source counts if its suites are Debian's ("bookworm",
	"bookworm-updates", not "-security", which lives elsewhere) and its
	URI ends in /debian.  signed_by is the keyring it names, or None.
	"""
	sources, parts = Path(sources or APT_SOURCES), Path(parts or APT_SOURCE_PARTS)
	files = [sources] + sorted(parts.glob("*.list")) + \
		sorted(parts.glob("*.sources"))
	found = []
	for path in files:
		try:
			text = path.read_text(errors="replace")
		except OSError:
			continue
		if path.suffix == ".sources":
			entries = deb822_entries(text)
		else:
			entries = one_line_entries(text)
		for uri, suites, signed_by in entries:
			uri = uri.rstrip("/")
			if not uri.endswith("/debian"):
				continue
			if any(s.endswith("-security") for s in suites):
				continue
			if (uri, signed_by) not in found:
				found.append((uri, signed_by))
	return found


def one_line_entries(text):
	"""Yield (uri, [suite], signed_by) of each "deb" line of TEXT."""
	for line in text.splitlines():
		words = line.split("#", 1)[0].split()
		if not words or words[0] != "deb":
			continue
		signed_by = None
		if len(words) > 1 and words[1].startswith("["):
			opts = []
			rest = words[1:]
			while rest:
				word = rest.pop(0)
				opts.append(word)
				if word.endswith("]"):
					break
			for opt in " ".join(opts).strip("[]").split():
				if opt.startswith("signed-by="):
					signed_by = opt.split("=", 1)[1]
			words = ["deb"] + rest
		if len(words) >= 3:
			yield words[1], [words[2]], signed_by


def deb822_entries(text):
	"""Yield (uri, [suite], signed_by) of each enabled deb stanza of TEXT."""
	for stanza in re.split(r"\n\s*\n", text):
		fields = {}
		for line in stanza.splitlines():
			match = re.match(r"^([A-Za-z-]+):\s*(.*)$", line)
			if match and not line.startswith("#"):
				fields[match[1].lower()] = match[2].strip()
		if "deb" not in fields.get("types", "").split():
			continue
		if fields.get("enabled", "yes").lower() == "no":
			continue
		signed_by = fields.get("signed-by") or None
		if signed_by and not signed_by.startswith("/"):
			signed_by = None	# an inline key: use the keyring
		for uri in fields.get("uris", "").split():
			yield uri, fields.get("suites", "").split(), signed_by


def private_apt(apt_dir, uri, suite, signed_by):
	"""Return the apt-get options of a private configuration in APT_DIR
	with one source, URI SUITE main; writes its source list."""
	apt_dir = Path(apt_dir)
	for sub in ("lists/partial", "archives/partial"):
		(apt_dir / sub).mkdir(parents=True, exist_ok=True)
	keyring = signed_by or DEBIAN_KEYRING
	(apt_dir / "sources.list").write_text(
		f"deb [signed-by={keyring}] {uri} {suite} main\n")
	(apt_dir / "status").touch()
	settings = {
		"Dir::Etc::SourceList": apt_dir / "sources.list",
		"Dir::Etc::SourceParts": "/dev/null",
		"Dir::Etc::Preferences": "/dev/null",
		"Dir::Etc::PreferencesParts": "/dev/null",
		"Dir::State::Lists": apt_dir / "lists",
		"Dir::State::status": apt_dir / "status",
		"Dir::Cache": apt_dir / "cache",
		"Dir::Cache::Archives": apt_dir / "archives",
		# The .deb goes to a directory of ours, not one _apt may write.
		"APT::Sandbox::User": "root",
	}
	return [arg for key, value in settings.items()
		for arg in ("-o", f"{key}={value}")]


def fetch_backported_source(kernel, dest):
	"""Fetch linux-source-KERNEL from BACKPORTS[KERNEL] into DEST (a
	directory), with a private apt configuration: the machine's own apt
	configuration is neither read for packages nor changed, and nothing
	is installed.  Return the path of its tarball below DEST."""
	package, suite = debian_source(kernel), BACKPORTS[kernel]
	mirrors = debian_mirrors()
	if not mirrors:
		raise HarnessError(f"no Debian archive (a URI ending in /debian) in "
				   f"{APT_SOURCES} or {APT_SOURCE_PARTS}: add the "
				   f"Debian source to apt, or give --kernel-src a "
				   f"Linux {kernel} tree")
	apt_dir = cache_dir() / "apt"
	failures = []
	for uri, signed_by in mirrors:
		options = private_apt(apt_dir, uri, suite, signed_by)
		say(f"fetching the {suite} package list from {uri} "
		    f"(private apt configuration in {apt_dir})")
		update = subprocess.run(["apt-get", *options, "-q", "update"],
					stdin=subprocess.DEVNULL,
					stdout=subprocess.DEVNULL,
					stderr=subprocess.PIPE, text=True)
		problem = apt_problem(update)
		if problem:
			failures.append(f"{uri} {suite}: {problem}")
			continue
		shutil.rmtree(dest, ignore_errors=True)
		Path(dest).mkdir(parents=True)
		say(f"downloading {package} from {uri} {suite} (about 170 MB)")
		download = subprocess.run(["apt-get", *options, "-q", "download",
					   package], cwd=dest,
					  stdin=subprocess.DEVNULL,
					  stdout=subprocess.DEVNULL,
					  stderr=subprocess.PIPE, text=True)
		debs = sorted(Path(dest).glob(f"{package}_*.deb"))
		if download.returncode != 0 or not debs:
			raise HarnessError(f"{package} is not in {suite} at {uri} "
					   f"({apt_problem(download) or 'no .deb'}): "
					   "it may have moved on to a newer kernel; give "
					   f"--kernel-src a Linux {kernel} tree")
		say(f"unpacking {debs[-1].name} with dpkg-deb")
		status = subprocess.run(["dpkg-deb", "-x", str(debs[-1]),
					 str(dest)],
					stdin=subprocess.DEVNULL).returncode
		tarball = Path(dest) / "usr/src" / (package + ".tar.xz")
		debs[-1].unlink()
		if status != 0 or not tarball.is_file():
			raise HarnessError(f"dpkg-deb could not unpack {package} "
					   f"(status {status}, no {tarball.name}): "
					   f"remove {dest} and run again")
		return tarball
	raise HarnessError(f"could not fetch the {suite} package list ("
			   + "; ".join(failures) + "): check the network and "
			   f"the mirror, or give --kernel-src a Linux {kernel} "
			   "tree")


def apt_problem(result):
	"""Return apt-get's first error line of RESULT, or None if it
	succeeded.  apt-get update exits 0 when a mirror does not answer,
	with a "W: Failed to fetch" line: that is a failure here; other
	"W:" lines are not."""
	errors = [line for line in result.stderr.splitlines()
		  if line.startswith(("E:", "Err:")) or
		  "Failed to fetch" in line]
	if result.returncode == 0 and not errors:
		return None
	return errors[0] if errors else f"apt-get status {result.returncode}"


def ensure_backported_tarball(kernel):
	"""Return source_tarball(KERNEL) of a BACKPORTS kernel, fetching it
	first if it is not in the cache.  It is kept: format-patch reads the
	pristine files the series changes from it."""
	tarball = source_tarball(kernel)
	cache_dir().mkdir(parents=True, exist_ok=True)
	with open(cache_dir() / f".{tarball.name}.fetch-lock", "w") as lock:
		fcntl.flock(lock, fcntl.LOCK_EX)
		if tarball.is_file():
			return tarball
		download = cache_dir() / f".{debian_source(kernel)}.deb"
		try:
			os.replace(fetch_backported_source(kernel, download),
				   tarball)
		finally:
			shutil.rmtree(download, ignore_errors=True)
	return tarball


def ensure_default_tree(kernel=DEFAULT_KERNEL):
	"""Return Debian's tree of KERNEL, installing and unpacking its
	linux-source package if needed, with UML_XSTATE_FIX applied."""
	tree = default_kernel_src(kernel)
	if not tree.is_dir() and kernel in BACKPORTS:
		extract_tarball(ensure_backported_tarball(kernel), tree)
	if not tree.is_dir():
		package, tarball = debian_source(kernel), source_tarball(kernel)
		if not tarball.is_file():
			apt_install([package])
		if not tarball.is_file():
			raise HarnessError(f"{package} is installed but {tarball} "
					   "is missing: reinstall it")
		extract_tarball(tarball, tree)
	fix_tree(tree)
	return tree


def read_kernel_version(tree):
	"""Return (VERSION, PATCHLEVEL) from TREE's Makefile, or None."""
	try:
		text = (Path(tree) / "Makefile").read_text(errors="replace")
	except OSError:
		return None
	version = re.search(r"^VERSION\s*=\s*(\d+)\s*$", text, re.M)
	patchlevel = re.search(r"^PATCHLEVEL\s*=\s*(\d+)\s*$", text, re.M)
	if not (version and patchlevel):
		return None
	return int(version[1]), int(patchlevel[1])


def validate_kernel_tree(tree):
	"""Check that TREE is a usable kernel tree; return its version."""
	tree = Path(tree)
	fix = f"omit --kernel-src to use Debian's {DEBIAN_SOURCE}"
	if not tree.is_dir():
		raise HarnessError(f"no kernel tree at {tree}: give --kernel-src DIR, "
				   f"or omit it to use Debian's {DEBIAN_SOURCE}")
	version = read_kernel_version(tree)
	if version is None or not (tree / KUNIT_PY).is_file():
		raise HarnessError(f"{tree} is not a kernel source tree (needs a "
				   f"Makefile with VERSION and PATCHLEVEL and {KUNIT_PY}): "
				   f"give --kernel-src a Linux source tree, or {fix}")
	if version < MIN_KERNEL:
		raise HarnessError(f"{tree} is Linux {version[0]}.{version[1]}, but "
				   f"symexport needs {MIN_KERNEL[0]}.{MIN_KERNEL[1]} or "
				   f"newer: {fix}")
	if (tree / ".config").exists():
		raise HarnessError(f"{tree} has a .config, but kunit.py builds out "
				   "of tree (O=) and needs a clean source tree: run "
				   f"'make mrproper' in {tree}")
	return version


def prepare_kernel_tree(kernel_src, kernel=DEFAULT_KERNEL,
			arch=DEFAULT_ARCH):
	"""Install tools and return (tree, version) for --kernel-src, or else
	Debian's tree of KERNEL.

	A tree given on the command line is checked before anything is
	installed, so that bad input fails fast.
	"""
	if kernel_src:
		tree = Path(os.path.abspath(kernel_src))
		version = validate_kernel_tree(tree)
		ensure_build_tools(arch)
		return tree, version
	ensure_build_tools(arch)
	tree = ensure_default_tree(kernel)
	return tree, validate_kernel_tree(tree)


def default_build_dir(version, arch=DEFAULT_ARCH):
	"""Return the build directory kept between runs for VERSION and ARCH."""
	return cache_dir() / f"build-{version[0]}.{version[1]}-{arch}"


def check_build_dir(build_dir, project_root=PROJECT_ROOT):
	"""Refuse a build directory inside the project checkout."""
	real = Path(os.path.realpath(build_dir))
	root = Path(os.path.realpath(project_root))
	if real == root or root in real.parents:
		raise HarnessError(f"build dir {build_dir} is inside the project "
				   f"checkout {root}: give --build-dir a directory "
				   "outside it, or omit it to use "
				   f"{cache_dir()}/build-<version>-<arch>")


# ---------------------------------------------------------------------------
# Installing the project into the kernel tree

def check_subdir(subdir):
	"""Return SUBDIR as a PurePosixPath: relative, below a directory."""
	path = PurePosixPath(subdir)
	if path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
		raise HarnessError(f"--subdir {subdir} must be a relative path "
				   f"below a kernel directory, such as {DEFAULT_SUBDIR}")
	return path


def is_artifact(path):
	"""True for build output and other files git would not track."""
	name = path.name
	if any(fnmatch.fnmatchcase(name, pat) for pat in ARTIFACT_PATTERNS):
		return True
	with open(path, "rb") as f:
		return f.read(len(ELF_MAGIC)) == ELF_MAGIC


def source_files(root, tops):
	"""Map relative path -> Path for the source files under ROOT/TOPS."""
	root = Path(root)
	files = {}
	for top in tops:
		for dirpath, dirnames, filenames in os.walk(root / top):
			dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
			for name in sorted(filenames):
				path = Path(dirpath) / name
				if path.is_file() and not is_artifact(path):
					files[path.relative_to(root).as_posix()] = path
	return files


def project_files(project_root):
	"""Map relative path -> source Path for every file to install."""
	root = Path(project_root)
	files = {}
	for name in PROJECT_FILES:
		if not (root / name).is_file():
			raise HarnessError(f"project file {root / name} is missing")
		files[name] = root / name
	files.update(source_files(root, PROJECT_DIRS))
	return files


def sync_file(src, dst):
	"""Copy SRC to DST only if the contents differ; True if written."""
	data = src.read_bytes()
	with contextlib.suppress(FileNotFoundError):
		if dst.read_bytes() == data:
			return False
	dst.parent.mkdir(parents=True, exist_ok=True)
	tmp = dst.with_name(f".{dst.name}.symexport-tmp")
	tmp.write_bytes(data)
	shutil.copymode(src, tmp)
	os.replace(tmp, dst)
	return True


def is_kept_artifact(path, target):
	"""True for build output below TARGET (hidden paths included)."""
	parts = path.relative_to(target).parts
	with contextlib.suppress(OSError):
		return (any(part.startswith(".") for part in parts) or
			is_artifact(path))
	return True


def remove_stale(target, wanted, tops=PROJECT_DIRS, keep_artifacts=False):
	"""Delete files under TARGET/TOPS that are not WANTED.

	With KEEP_ARTIFACTS, build output is left alone, so that make does
	not rebuild what it built last time.
	"""
	removed = []
	for top in tops:
		for dirpath, _, filenames in os.walk(target / top, topdown=False):
			for name in filenames:
				path = Path(dirpath) / name
				if path.relative_to(target).as_posix() in wanted:
					continue
				if keep_artifacts and is_kept_artifact(path, target):
					continue
				path.unlink()
				removed.append(path)
			with contextlib.suppress(OSError):
				os.rmdir(dirpath)	# only succeeds if empty
	return removed


def ensure_line(path, line):
	"""Append LINE to PATH unless a line equal to it (modulo spacing) exists."""
	text = path.read_text()
	wanted = " ".join(line.split())
	if any(" ".join(have.split()) == wanted for have in text.splitlines()):
		return False
	if text and not text.endswith("\n"):
		text += "\n"
	path.write_text(text + line + "\n")
	return True


def hook_into_parent(kernel_src, subdir):
	"""Make SUBDIR's parent source its Kconfig and descend into it."""
	parent = Path(kernel_src) / subdir.parent
	kconfig, makefile = parent / "Kconfig", parent / "Makefile"
	if not (kconfig.is_file() and makefile.is_file()):
		raise HarnessError(f"{parent} has no Kconfig and Makefile: give "
				   "--subdir below a directory that has them, such as "
				   f"{DEFAULT_SUBDIR}")
	changed = []
	if ensure_line(kconfig, f'source "{subdir}/Kconfig"'):
		changed.append(kconfig)
	if ensure_line(makefile, f"obj-y += {subdir.name}/"):
		changed.append(makefile)
	return changed


def install_project(project_root, kernel_src, subdir):
	"""Install the project at KERNEL_SRC/SUBDIR; return changed paths.

	Only files whose contents differ are written, so a second install
	changes nothing and make rebuilds nothing.
	"""
	subdir = check_subdir(subdir)
	target = Path(kernel_src) / subdir
	files = project_files(project_root)
	try:
		changed = [target / rel for rel, src in files.items()
			   if sync_file(src, target / rel)]
		changed += remove_stale(target, files)
		changed += hook_into_parent(kernel_src, subdir)
	except OSError as err:
		raise HarnessError(f"cannot install into {target}: {err}") from err
	return changed


def external_files(project_root):
	"""Map relative path -> Path for the sources of the external modules:
	EXT_DIRS, and the headers directly in EXT_HEADER_DIRS."""
	root = Path(project_root)
	files = source_files(root, EXT_DIRS)
	for top in EXT_HEADER_DIRS:
		for path in sorted((root / top).glob("*.h")):
			if path.is_file() and not is_artifact(path):
				files[path.relative_to(root).as_posix()] = path
	return files


def stage_external(project_root, ext_root):
	"""Copy the external modules' sources to EXT_ROOT; return changed paths.

	As for install_project(), only changed files are written; build
	output already in EXT_ROOT is kept.
	"""
	ext_root = Path(ext_root)
	files = external_files(project_root)
	try:
		changed = [ext_root / rel for rel, src in files.items()
			   if sync_file(src, ext_root / rel)]
		changed += remove_stale(ext_root, files, EXT_DIRS,
					keep_artifacts=True)
		for top in EXT_HEADER_DIRS:
			for path in sorted((ext_root / top).glob("*.h")):
				if path.relative_to(ext_root).as_posix() not in files:
					path.unlink()
					changed.append(path)
	except OSError as err:
		raise HarnessError(f"cannot stage the external modules in "
				   f"{ext_root}: {err}") from err
	return changed


# ---------------------------------------------------------------------------
# Running kunit.py and cleaning up after it

@dataclass
class ProcessResult:
	"""Outcome of run_process()."""
	returncode: Optional[int]
	timed_out: bool
	tail: List[str]
	elapsed: float
	output: Optional[List[str]] = None	# every line, if asked for
	cancelled: bool = False		# killed as its thread was cancelled


def process_table():
	"""Map pid -> (state, ppid, pgrp, session) for every process."""
	table = {}
	with contextlib.suppress(OSError):
		for entry in os.listdir("/proc"):
			if not entry.isdigit():
				continue
			try:
				with open(f"/proc/{entry}/stat", "rb") as f:
					stat = f.read()
			except OSError:
				continue
			fields = stat[stat.rfind(b")") + 2:].split()
			table[int(entry)] = (fields[0].decode(), int(fields[1]),
					     int(fields[2]), int(fields[3]))
	return table


def descendants(table, roots):
	"""Return the pids of every process descended from ROOTS."""
	children = collections.defaultdict(list)
	for pid, (_, ppid, _, _) in table.items():
		children[ppid].append(pid)
	found, stack = set(), list(roots)
	while stack:
		for child in children.get(stack.pop(), ()):
			if child not in found:
				found.add(child)
				stack.append(child)
	return found


def our_children(table):
	"""Return the pids of this process's children."""
	me = os.getpid()
	return {pid for pid, info in table.items() if info[1] == me}


def set_subreaper(on):
	"""Set PR_SET_CHILD_SUBREAPER; return the previous value, or None."""
	try:
		prctl = ctypes.CDLL(None, use_errno=True).prctl
		old = ctypes.c_int(0)
		if prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(old), 0, 0, 0) != 0:
			return None
		prctl(PR_SET_CHILD_SUBREAPER, int(bool(on)), 0, 0, 0)
		return bool(old.value)
	except (OSError, AttributeError):
		return None


# Supervised trees can run in two threads at once (a configuration built
# in the background).  SUPERVISION guards starting one (Popen and
# registering its leader), LIVE_TREES and every look for processes to kill
# or reap, so that one tree's clean-up never takes another's processes.
SUPERVISION = threading.RLock()
LIVE_TREES = {}		# leader pid -> {pid: start time} of the processes
			# seen in its tree, while supervised
_subreaper = {"users": 0, "old": None}
TRACK_INTERVAL = 0.2	# how often a supervised tree's pids are noted
HEARTBEAT_INTERVAL = 30.0	# how often a long step says it is still going


def tree_members(table, leader):
	"""LEADER's descendants and the members of its group and session."""
	return descendants(table, [leader]) | {
		pid for pid, (_, _, pgrp, sid) in table.items()
		if leader in (pgrp, sid)}


def start_time(pid):
	"""Return PID's start time (clock ticks after boot), or None if there
	is no such process."""
	try:
		with open(f"/proc/{pid}/stat", "rb") as f:
			stat = f.read()
	except OSError:
		return None
	return int(stat[stat.rfind(b")") + 2:].split()[19])


def still_running(seen, table):
	"""The pids of SEEN ({pid: start time}) that are in TABLE and are
	still the process seen: pids are reused (pid_max is often 32768, which
	a kernel build goes through in minutes), and a reused one belongs to
	somebody else."""
	return {pid for pid, started in seen.items()
		if pid in table and start_time(pid) == started}


def track_tree(leader):
	"""Note the processes now in LEADER's tree, so that they stay its own
	once orphaned and re-parented to us."""
	with SUPERVISION:
		if leader in LIVE_TREES:
			seen = LIVE_TREES[leader]
			for pid in tree_members(process_table(), leader):
				if pid not in seen:
					seen[pid] = start_time(pid)


def others_trees(table, leader):
	"""Pids of the live supervised trees other than LEADER's."""
	others = set()
	for other, seen in LIVE_TREES.items():
		if other != leader:
			roots = {other} | still_running(seen, table)
			others |= roots | descendants(table, roots)
			others |= tree_members(table, other)
	return others


def kill_targets(table, leader, spared):
	"""Pids to kill: LEADER's group, session and descendants, and orphans.

	UML's kernel calls setsid(), leaving kunit.py's group and session;
	while this process is a subreaper, orphans are re-parented to us and
	found as children that were not SPARED (children from before).
	Another live supervised tree (its leader, group, session, descendants
	and the pids seen in it) is never a target.
	"""
	others = others_trees(table, leader)
	seen = still_running(LIVE_TREES.get(leader, {}), table)
	roots = {leader} | seen | {pid for pid in our_children(table)
				    if pid not in spared}
	roots -= others
	targets = descendants(table, roots) | roots | tree_members(table, leader)
	targets -= others
	targets.discard(os.getpid())
	return {pid for pid in targets if table.get(pid, ("Z",))[0] != "Z"}


def reap_orphans(leader, spared):
	"""Reap our zombie children except LEADER (Popen reaps it), SPARED
	and other live leaders (their Popen reaps them)."""
	with SUPERVISION:
		for pid, info in process_table().items():
			if (info[1] == os.getpid() and info[0] == "Z" and
			    pid != leader and pid not in spared and
			    pid not in LIVE_TREES):
				with contextlib.suppress(ChildProcessError):
					os.waitpid(pid, os.WNOHANG)


def kill_tree(leader, spared):
	"""SIGKILL kunit.py's process group and everything it started."""
	with contextlib.suppress(ProcessLookupError, PermissionError):
		os.killpg(leader, signal.SIGKILL)
	deadline = time.monotonic() + KILL_GRACE
	while time.monotonic() < deadline:
		with SUPERVISION:
			targets = kill_targets(process_table(), leader, spared)
			for pid in targets:
				with contextlib.suppress(ProcessLookupError,
							 PermissionError):
					os.kill(pid, signal.SIGKILL)
		if not targets:
			break
		time.sleep(0.02)
		reap_orphans(leader, spared)
	reap_orphans(leader, spared)


def pump_output(stream, log, tail, out):
	"""Copy the child's output, line by line, to OUT, LOG and TAIL."""
	for raw in iter(stream.readline, b""):
		line = raw.decode("utf-8", "replace").rstrip("\r\n")
		tail.append(line)
		try:
			print(line, file=out, flush=True)
			log.write(line + "\n")
			log.flush()
		except ValueError:	# log closed after READER_GRACE
			return


def ignore_signals():
	"""Ignore SIGINT and SIGTERM from now on: once one came, the run
	unwinds to exit 128 + signal, and a second Ctrl-C must not cut
	short the clean-up (killing the background builds' trees)."""
	for sig in (signal.SIGINT, signal.SIGTERM):
		signal.signal(sig, signal.SIG_IGN)


def raise_on_signal(signum, _frame):
	"""Signal handler: unwind (finally clauses kill what we started)."""
	ignore_signals()
	raise SystemExit(128 + signum)


@contextlib.contextmanager
def signals_kill_tree(leader, spared, handler=None):
	"""On SIGINT/SIGTERM, kill kunit.py's tree (without LEADER: nothing
	more) and exit 128 + signal."""
	if threading.current_thread() is not threading.main_thread():
		yield
		return

	def kill_handler(signum, frame):
		ignore_signals()
		kill_tree(leader, spared)
		raise_on_signal(signum, frame)

	old = {sig: signal.signal(sig, handler or kill_handler)
	       for sig in (signal.SIGINT, signal.SIGTERM)}
	try:
		yield
	finally:
		for sig, action in old.items():
			if signal.getsignal(sig) is not signal.SIG_IGN:
				signal.signal(sig, action)	# none came


def run_process(cmd, cwd, timeout, log_path, keep_output=False,
		heartbeat=None):
	"""Run CMD in its own session with an overall TIMEOUT in seconds.

	Output is streamed to stdout (this thread's output()) and appended
	to LOG_PATH, after a line with the command; the last TAIL_LINES
	lines are returned, and with KEEP_OUTPUT all of them too.  Whatever
	happens, every process CMD started is killed before this returns;
	so it is when this thread's cancel Event is set (result.cancelled).
	"""
	with SUPERVISION:
		if _subreaper["users"] == 0:
			_subreaper["old"] = set_subreaper(True)
		_subreaper["users"] += 1
	try:
		with open(log_path, "a", encoding="utf-8") as log:
			log.write(f"$ cd {shlex.quote(str(cwd))} && "
				  f"{shlex.join(str(arg) for arg in cmd)}\n")
			log.flush()
			return supervise(cmd, cwd, timeout, log, keep_output,
					 heartbeat)
	finally:
		with SUPERVISION:
			_subreaper["users"] -= 1
			if _subreaper["users"] == 0 and _subreaper["old"] is False:
				set_subreaper(False)


def heartbeat_line(what, seconds):
	"""The line a long step prints now and then: WHAT, for how long."""
	return f"{what}: still going after {int(seconds) // 60} min " \
	       f"{int(seconds) % 60:02d} s"


def supervise(cmd, cwd, timeout, log, keep_output=False, heartbeat=None):
	"""Start CMD, stream its output to LOG, enforce TIMEOUT, kill its tree.

	With HEARTBEAT (what CMD does), say so on the real stdout every
	HEARTBEAT_INTERVAL seconds while it runs, also from a background
	build whose output is held back.
	"""
	tail = collections.deque(maxlen=None if keep_output else TAIL_LINES)
	cancel = getattr(_context, "cancel", None)
	start = time.monotonic()
	end = start + timeout
	beat = start + HEARTBEAT_INTERVAL
	timed_out = cancelled = False
	with SUPERVISION:
		spared = our_children(process_table())
		proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
					stdout=subprocess.PIPE,
					stderr=subprocess.STDOUT,
					start_new_session=True)
		LIVE_TREES[proc.pid] = {}
	reader = threading.Thread(target=pump_output,
				  args=(proc.stdout, log, tail, output()),
				  daemon=True)
	reader.start()
	try:
		with signals_kill_tree(proc.pid, spared):
			try:
				while True:
					left = end - time.monotonic()
					if left <= 0:
						timed_out = True
						break
					if cancel is not None and cancel.is_set():
						cancelled = True
						break
					try:
						proc.wait(timeout=min(left, TRACK_INTERVAL))
						break
					except subprocess.TimeoutExpired:
						track_tree(proc.pid)
					now = time.monotonic()
					if heartbeat and now >= beat:
						beat = now + HEARTBEAT_INTERVAL
						print("symexport: " + heartbeat_line(
							heartbeat, now - start),
						      file=sys.stdout, flush=True)
			finally:
				kill_tree(proc.pid, spared)
				proc.wait()
				reader.join(READER_GRACE)
				if not reader.is_alive():
					proc.stdout.close()
	finally:
		with SUPERVISION:
			LIVE_TREES.pop(proc.pid, None)
	lines = list(tail)
	return ProcessResult(proc.returncode, timed_out, lines[-TAIL_LINES:],
			     time.monotonic() - start,
			     lines if keep_output else None, cancelled)


# ---------------------------------------------------------------------------
# Results

@dataclass
class Case:
	"""One leaf test case: "suite.case" (or "suite.case.param")."""
	name: str
	status: str
	reason: str = ""	# why it failed, when the harness knows


def new_group(name):
	"""Return an empty kunit.py JSON group."""
	return {"name": name, "sub_groups": [], "test_cases": []}


def leaf_cases(group, path=()):
	"""Yield (suite path, test case dict) for the leaves of a JSON group."""
	for case in group.get("test_cases") or []:
		yield path, case
	for sub in group.get("sub_groups") or []:
		yield from leaf_cases(sub, path + (str(sub.get("name", "?")),))


def collect_cases(group, path=()):
	"""Yield the leaf cases of a kunit.py JSON group, named by their path."""
	for where, case in leaf_cases(group, path):
		status = str(case.get("status", "FAIL")).upper()
		if status not in ("PASS", "SKIP", "ERROR"):
			status = "FAIL"
		yield Case(".".join(where + (str(case.get("name", "?")),)), status,
			   str(case.get("reason", "")))


def load_results(json_path):
	"""Return kunit.py's JSON results (a dict), or None if unusable."""
	try:
		with open(json_path, encoding="utf-8") as f:
			top = json.load(f)
	except (OSError, ValueError):
		return None
	return top if isinstance(top, dict) else None


def load_cases(json_path):
	"""Return the cases in kunit.py's JSON file, or None if unusable."""
	top = load_results(json_path)
	return None if top is None else list(collect_cases(top))


def put_case(top, path, case):
	"""Put test case dict CASE into group TOP below the groups PATH.

	A case of the same name there is replaced; missing groups are made.
	"""
	group = top
	for name in path:
		subs = group.get("sub_groups") or []
		group["sub_groups"] = subs
		match = next((sub for sub in subs
			      if str(sub.get("name", "?")) == name), None)
		if match is None:
			match = new_group(name)
			subs.append(match)
		group = match
	cases = group.get("test_cases") or []
	group["test_cases"] = cases
	for index, old in enumerate(cases):
		if str(old.get("name", "?")) == str(case.get("name", "?")):
			cases[index] = case
			return
	cases.append(case)


def drop_case(top, path, case, status):
	"""Remove the case named as CASE below the groups PATH of TOP if its
	status there is STATUS; an emptied group goes too."""
	if not path:
		return
	group = top
	for name in path[:-1]:
		group = next((sub for sub in group.get("sub_groups") or []
			      if str(sub.get("name", "?")) == name), None)
		if group is None:
			return
	subs = group.get("sub_groups") or []
	parent = next((sub for sub in subs
		       if str(sub.get("name", "?")) == path[-1]), None)
	if parent is None:
		return
	cases = parent.get("test_cases") or []
	parent["test_cases"] = [
		old for old in cases
		if str(old.get("name", "?")) != str(case.get("name", "?")) or
		status_of(old) != status]
	if not parent["test_cases"] and not parent.get("sub_groups"):
		subs.remove(parent)


def tally(cases):
	"""Return (passed, failed, skipped) counts for CASES."""
	passed = sum(case.status == "PASS" for case in cases)
	skipped = sum(case.status == "SKIP" for case in cases)
	return passed, len(cases) - passed - skipped, skipped


def tail_of_file(path, count=TAIL_LINES):
	"""Return the last COUNT lines of PATH (no newlines)."""
	try:
		with open(path, encoding="utf-8", errors="replace") as f:
			return [line.rstrip("\n") for line in
				collections.deque(f, maxlen=count)]
	except OSError:
		return []


def file_stamp(path):
	"""Return what changes when PATH is rewritten, or None if missing."""
	try:
		st = os.stat(path)
	except OSError:
		return None
	return st.st_ino, st.st_mtime_ns, st.st_size


def failure_log(build_dir, stamp_before, run_log):
	"""Return kunit.py's kernel log if it changed since STAMP_BEFORE, else
	our log."""
	kernel_log = Path(build_dir) / KERNEL_LOG
	stamp = file_stamp(kernel_log)
	if stamp is not None and stamp != stamp_before:
		return kernel_log
	return run_log


def print_tail(title, lines, source):
	"""Print TITLE and the last LINES of SOURCE, indented."""
	say(f"{title}; last {len(lines)} lines of {source}:")
	out = output()
	for line in lines:
		print("    " + line, file=out)
	out.flush()


def print_case_table(cases):
	"""Print the failed and skipped cases."""
	bad = [case for case in cases if case.status != "PASS"]
	if not bad:
		return
	print("\nFailed and skipped cases:")
	for case in bad:
		reason = f": {case.reason}" if case.reason else ""
		print(f"  {case.status:<6} {case.name}{reason}")
	print()


def describe_failure(result, program="kunit.py"):
	"""Explain why PROGRAM did not succeed, or return None."""
	if result.returncode is None or result.returncode == 0:
		return None
	if result.returncode < 0:
		return f"{program} was killed by signal {-result.returncode}"
	return f"{program} exited with status {result.returncode}"


# ---------------------------------------------------------------------------
# External-module passes

def last_lines(lines, count=5):
	"""Return the last COUNT non-blank LINES on one line."""
	shown = [line.strip() for line in lines if line.strip()][-count:]
	return " | ".join(shown) if shown else "(no output)"


def output_has(lines, expected):
	"""True if a line holds EXPECTED (a string, or a tuple of them)."""
	parts = (expected,) if isinstance(expected, str) else tuple(expected)
	return any(all(part in line for part in parts) for line in lines)


def unmet_expectation(spec, result, module_dir, version=MIN_KERNEL):
	"""Return how make's RESULT in MODULE_DIR, built for kernel VERSION,
	misses SPEC, or None."""
	lines = result.output if result.output is not None else result.tail
	status = result.returncode
	wanted = spec.get("expect_success")
	absent = [name for name in spec.get("expect_absent", ())
		  if (module_dir / name).exists()]
	if status == 0 and (wanted is False or (wanted is None and absent)):
		wrote = f" and wrote {', '.join(absent)}" if absent else ""
		return f"make succeeded{wrote}"
	if wanted and status != 0:
		return f"make failed with status {status}: {last_lines(lines)}"
	for expected in spec.get("expect_output", ()):
		expected = for_kernel(expected, version)
		if not output_has(lines, expected):
			shown = (expected if isinstance(expected, str) else
				 " ... ".join(expected))
			return (f"modpost did not print {shown!r}: "
				f"{last_lines(lines)}")
	if absent:
		return f"make wrote {', '.join(absent)}"
	missing = [name for name in spec.get("expect_present", ())
		   if not (module_dir / name).exists()]
	if missing:
		return f"make did not write {', '.join(missing)}"
	return None


def make_command(build_dir, ext_root, ext_pass, jobs, arch=DEFAULT_ARCH):
	"""Return the make command line of EXT_PASS for ARCH."""
	cmd = ["make", f"ARCH={arch}", "-C", str(build_dir),
	       f"M={ext_root / ext_pass['dir']}", "-j", str(jobs)]
	if arch in CROSS_COMPILE:
		cmd.append(f"CROSS_COMPILE={CROSS_COMPILE[arch]}")
	symvers = [str(ext_root / rel) for rel in ext_pass.get("symvers", ())]
	if symvers:
		cmd.append("KBUILD_EXTRA_SYMBOLS=" + " ".join(symvers))
	return cmd + list(ext_pass.get("make_args", ())) + ["modules"]


# ---------------------------------------------------------------------------
# Post-processing the external modules

class StepError(Exception):
	"""A step of the run that cannot go on; the message says why."""


def replace_file(path, data):
	"""Write DATA (bytes) to PATH atomically, keeping PATH's mode."""
	path = Path(path)
	tmp = path.with_name(f".{path.name}.symexport-tmp")
	tmp.write_bytes(data)
	with contextlib.suppress(FileNotFoundError):
		shutil.copymode(path, tmp)
	os.replace(tmp, path)


def other_release(release):
	"""Return RELEASE with every digit made 9 (8 if that changes nothing):
	another kernel release of the same length."""
	for digit in "98":
		other = re.sub(r"[0-9]", digit, release)
		if other != release:
			return other
	raise StepError(f"kernel release {release!r} has no digit to change")


def patch_vermagic(path, release):
	"""Make the module at PATH claim another kernel release in its
	vermagic; return the release it now names.

	"vermagic=RELEASE " becomes "vermagic=OTHER " with OTHER from
	other_release(), of the same length, so the ELF file stays valid.  A
	module already patched is left alone.
	"""
	path = Path(path)
	other = other_release(release)
	old = b"vermagic=" + release.encode() + b" "
	new = b"vermagic=" + other.encode() + b" "
	try:
		data = path.read_bytes()
	except OSError as err:
		raise StepError(f"cannot read {path}: {err}") from err
	count = data.count(old)
	if count == 0 and new in data:
		return other
	if count != 1:
		raise StepError(f"{path} has {count} times {old.decode()!r}, not "
				"once (nor is it patched already): cannot change "
				"its version magic")
	replace_file(path, data.replace(old, new))
	return other


def complement_crc(text, symbol):
	"""Return Module.symvers TEXT with the CRC of SYMBOL's line replaced
	by its 32-bit complement."""
	lines = text.split("\n")
	found = [number for number, line in enumerate(lines)
		 if line.split("\t")[1:2] == [symbol]]
	if len(found) != 1:
		raise StepError(f"Module.symvers has {len(found)} lines for "
				f"{symbol}, not one")
	fields = lines[found[0]].split("\t")
	try:
		crc = int(fields[0], 16)
	except ValueError:
		raise StepError(f"Module.symvers: {symbol} has no CRC in "
				f"{lines[found[0]]!r}") from None
	fields[0] = f"0x{~crc & 0xffffffff:08x}"
	lines[found[0]] = "\t".join(fields)
	return "\n".join(lines)


def symvers_mismatch(text, modversions, version=MIN_KERNEL):
	"""Return how Module.symvers TEXT of kernel VERSION differs from
	SYMVERS_EXPORTS (with non-zero CRCs if MODVERSIONS, else zero ones),
	or None."""
	want_module = SYMVERS_MODULE.on(version)
	lines = collections.defaultdict(list)
	for number, line in enumerate(text.splitlines(), 1):
		fields = line.split("\t")
		if len(fields) > 1:
			lines[fields[1]].append((number, line, fields))
	problems = []
	for symbol, kind, namespace in SYMVERS_EXPORTS:
		found = lines.get(symbol, [])
		if len(found) != 1:
			numbers = ", ".join(str(number) for number, _, _ in found)
			problems.append(f"{len(found)} lines for {symbol}, not one" +
					(f" (lines {numbers})" if found else ""))
			continue
		number, line, fields = found[0]
		where = f"line {number} ({symbol})"
		if len(fields) != 5:
			problems.append(f"{where} has {len(fields)} tab-separated "
					f"fields, not 5: {line!r}")
			continue
		crc, _, module, have_kind, have_namespace = fields
		if not re.fullmatch(r"0x[0-9a-f]{8}", crc):
			problems.append(f"{where}: CRC {crc!r} is not 0x%08x")
		elif modversions and int(crc, 16) == 0:
			problems.append(f"{where}: CRC is {crc}, expected a non-zero "
					"CRC (MODVERSIONS)")
		elif not modversions and int(crc, 16) != 0:
			problems.append(f"{where}: CRC is {crc}, expected 0x00000000 "
					"(no MODVERSIONS)")
		if not fnmatch.fnmatchcase(module, want_module):
			problems.append(f"{where}: module is {module!r}, expected "
					f"{want_module!r}")
		if have_kind != kind:
			problems.append(f"{where}: export type is {have_kind!r}, "
					f"expected {kind!r}")
		if have_namespace != namespace:
			problems.append(f"{where}: namespace is {have_namespace!r}, "
					f"expected {namespace!r}")
	return "; ".join(problems) or None


# ---------------------------------------------------------------------------
# Own-boot cases

TIMESTAMP_PREFIX = re.compile(r"^\[\d\d:\d\d:\d\d\] ")
TEST_NAME = re.compile(r"^\w+\.\w+$")


def glob_matches(glob, name):
	"""Match "suite.case" NAME against a KUnit filter GLOB.

	As in the kernel, a glob without a dot matches suites only.
	"""
	suite, _, case = name.partition(".")
	suite_glob, dot, case_glob = glob.partition(".")
	return (fnmatch.fnmatchcase(suite, suite_glob) and
		(not dot or fnmatch.fnmatchcase(case, case_glob)))


def may_overlap(own_glob, user_glob):
	"""False if no case of OWN_GLOB can match USER_GLOB (by suite)."""
	suite = own_glob.partition(".")[0]
	if any(char in suite for char in "*?["):
		return True
	return fnmatch.fnmatchcase(suite, user_glob.partition(".")[0])


def user_filter_glob(kunit_args):
	"""Return the first non-option argument for kunit.py, or None."""
	return next((arg for arg in kunit_args if not arg.startswith("-")), None)


def parse_test_list(lines, glob):
	"""Return the "suite.case" names matching GLOB in kunit.py's list."""
	names = []
	for line in lines:
		line = TIMESTAMP_PREFIX.sub("", line.strip()).strip()
		if (TEST_NAME.match(line) and glob_matches(glob, line) and
		    line not in names):
			names.append(line)
	return names


def console_problems(lines):
	"""Return the lines of a boot's console, from its first KTAP line
	on, that say the kernel warned, oopsed, found a locking problem, a
	bad memory access or a leak; None if it has no KTAP line."""
	started, found = False, []
	for line in lines:
		line = line.rstrip("\n")
		if not started:
			started = bool(KTAP_START.match(line))
			continue
		if CONSOLE_PROBLEMS.match(line.strip()):
			found.append(line.strip())
	return found if started else None


def status_of(case):
	"""Return a JSON test case's status, upper case."""
	return str(case.get("status", "")).upper()


def case_name(path, case):
	"""Return "suite.case" for a leaf at PATH (a parameter's case's name)."""
	return ".".join((path + (str(case.get("name", "?")),))[:2])


def skipped_cases(top, glob):
	"""Return the "suite.case" names matching GLOB that TOP reports as
	skipped, or None if TOP has no case matching GLOB at all."""
	matching, names = False, []
	for path, case in leaf_cases(top):
		if not path:
			continue
		name = case_name(path, case)
		if not glob_matches(glob, name):
			continue
		matching = True
		if str(case.get("status", "")).upper() == "SKIP" and \
		   name not in names:
			names.append(name)
	return names if matching else None


# ---------------------------------------------------------------------------
# The run itself

@dataclass
class SuiteResult:
	"""Outcome of run_suite()."""
	ok: bool
	cases: List[Case] = field(default_factory=list)


def main_kunitconfig(opts):
	"""Return the main kunitconfig below the kernel tree: the project's
	directory on UML, the QEMU kunitconfig in it on the other arches."""
	if arch_of(opts) == DEFAULT_ARCH:
		return opts.subdir
	return str(PurePosixPath(opts.subdir) / QEMU_KUNITCONFIG)


def arch_of(opts):
	"""Return OPTS' --arch."""
	return getattr(opts, "arch", None) or DEFAULT_ARCH


def arch_args(opts):
	"""Return kunit.py's --arch and --cross_compile options for OPTS."""
	arch = arch_of(opts)
	if arch == DEFAULT_ARCH:
		return []
	args = [f"--arch={arch}"]
	if arch in CROSS_COMPILE:
		args.append(f"--cross_compile={CROSS_COMPILE[arch]}")
	return args


def qemu_args(opts):
	"""Return kunit.py exec's --qemu_args for OPTS: the 9p share of the
	host's "/", so that the module paths baked into the kernel (and
	symexport.ext_dir=) are the same in the guest."""
	arch = arch_of(opts)
	if arch == DEFAULT_ARCH:
		return []
	return ["--qemu_args=-fsdev local,id=symexport,path=/,"
		"security_model=none,readonly=on,multidevs=remap "
		f"-device {QEMU_9P_DEVICES[arch]},fsdev=symexport,"
		"mount_tag=symexport"]


def kunitconfig_args(opts, config=None):
	"""Return kunit.py's --kunitconfig options for OPTS and CONFIG.

	Another configuration's kunitconfig is a fragment that kunit.py merges
	into the main one, so both always have the same suites and modules.
	"""
	args = []
	if config is not None and config.kunitconfig is not None:
		path = PurePosixPath(opts.subdir) / config.kunitconfig
		if config.standalone:
			return [f"--kunitconfig={path}"]
		version = getattr(opts, "kernel_version", None) or (0, 0)
		return [f"--kunitconfig={main_kunitconfig(opts)}",
			f"--kunitconfig={path}"] + [
			f"--kunitconfig={PurePosixPath(opts.subdir) / fragment}"
			for since, fragment in config.since if version >= since]
	main = main_kunitconfig(opts)
	for config in opts.kunitconfig or [main]:
		if os.path.exists(config) and config not in (opts.subdir, main):
			config = os.path.abspath(config)
		args.append(f"--kunitconfig={config}")
	return args


def config_build_dir(build_dir, config):
	"""Return CONFIG's build dir, given the main one."""
	return Path(str(build_dir) + config.suffix)


EXT_CONFIG_STAMP = ".symexport-config"	# in the stage: the .config built for


def ext_config_changed(build_dir, ext_root):
	"""True if EXT_ROOT's modules were built for another .config of
	BUILD_DIR's kernel than the one there now."""
	try:
		built_for = (Path(ext_root) / EXT_CONFIG_STAMP).read_bytes()
	except OSError:
		return Path(ext_root).exists()
	try:
		return (Path(build_dir) / ".config").read_bytes() != built_for
	except OSError:
		return True


def ext_config_record(build_dir, ext_root):
	"""Note in EXT_ROOT which .config its modules were built for."""
	with contextlib.suppress(OSError):
		replace_file(Path(ext_root) / EXT_CONFIG_STAMP,
			     (Path(build_dir) / ".config").read_bytes())


def records_case(config, name):
	"""True if CONFIG records the build case NAME."""
	return any(fnmatch.fnmatchcase(name, pattern)
		   for pattern in config.build_cases)


def config_wanted(config, kunit_args):
	"""True unless the filter glob in KUNIT_ARGS leaves CONFIG out."""
	user_glob = user_filter_glob(kunit_args)
	return (config.boot_glob is None or user_glob is None or
		may_overlap(config.boot_glob, user_glob))


class ConfigRun:
	"""One configuration's part of a run."""

	def __init__(self, config, build_dir):
		self.config = config
		self.name = config.name
		self.build_dir = Path(build_dir)
		self.kernel_log = self.build_dir / KERNEL_LOG
		self.ext_dir = None		# set once its modules are built


class Cancelled(Exception):
	"""A background configuration's build was told to stop."""


class Background:
	"""A configuration's build and external passes, in a thread of
	their own while the main configuration builds and boots.

	What the thread prints goes to a buffer, printed as one block by
	finish(); its steps log to its own RUN_LOG; its build cases are
	added after the main configuration's.
	"""

	def __init__(self, run, cfg, project_root):
		self.run = run
		self.cfg = cfg
		self.project_root = project_root
		self.output = io.StringIO()
		self.cancel = threading.Event()
		self.build_cases = []
		self.built = None
		self.error = None
		self.finished = False
		self.thread = threading.Thread(
			target=self.main, name=f"symexport-{cfg.name}", daemon=True)

	def start(self):
		"""Start the thread."""
		self.run.phase(self.cfg, "building in the background (output "
			       "shown before its boot; log: "
			       f"{self.cfg.build_dir / RUN_LOG})")
		self.thread.start()

	def main(self):
		"""The thread: build_config() with this thread's context."""
		_context.output = self.output
		_context.cancel = self.cancel
		_context.run_log = self.cfg.build_dir / RUN_LOG
		_context.build_cases = self.build_cases
		try:
			with contextlib.suppress(OSError):
				self.cfg.build_dir.mkdir(parents=True, exist_ok=True)
				_context.run_log.write_text("")
			if self.cfg.config.after_main and ccache_env():
				say("waiting for the main kernel: its objects "
				    "are this build's ccache hits")
				while not self.run.main_kernel_built.wait(1.0):
					if self.cancel.is_set():
						raise Cancelled()
			self.built = self.run.build_config(self.cfg,
							   self.project_root)
		except Cancelled:
			self.built = None
			say("stopped: the run stopped")
		except BaseException as err:	# noqa: B036 - re-raised by finish
			self.error = err

	def stop(self):
		"""Tell the thread to stop and wait for it: once this returns,
		every process it started is killed."""
		self.cancel.set()	# first: a thread starting now sees it
		if self.thread.ident:
			self.thread.join()

	def finish(self, cancel=False):
		"""Wait for the thread (with CANCEL, stop it first), print its
		output and add its build cases; return what build_config()
		returned.  An exception in the thread is raised here, unless
		CANCEL (then it is printed)."""
		if cancel:
			self.stop()
		if self.finished or not self.thread.ident:
			return self.built
		self.thread.join()
		self.finished = True
		text = self.output.getvalue()
		if text:
			say(f"[{self.cfg.name}] output of its background build:")
			out = output()
			out.write(text)
			out.flush()
		self.run.build_cases += self.build_cases
		if self.error is not None:
			if not cancel:
				raise self.error
			if isinstance(self.error, Exception):
				say(f"error: [{self.cfg.name}] {self.error}")
				self.run.ok = False
		return self.built


class SuiteRun:
	"""The steps of one run, their outcome and the merged results.

	Every step runs in the kernel tree under run_process(), with what is
	left of opts.timeout per configuration; any step that fails or times
	out sets ok to False, and one that makes the rest pointless stops the
	run (or, in a configuration other than the main one, the rest of
	that configuration).
	"""

	def __init__(self, opts, tree, build_dir, scratch,
		     configurations=None):
		self.opts = opts
		self.tree = Path(tree)
		self.build_dir = Path(build_dir)
		self.scratch = Path(scratch)
		self.configs = [ConfigRun(config, config_build_dir(build_dir, config))
				for config in (configurations or CONFIGURATIONS)]
		self.main_run_log = self.build_dir / RUN_LOG
		# The configurations build side by side and share the CPUs:
		# each adds a limit's worth (six cold 6.1 builds beside each
		# other on 2 cores passed 40 minutes together).
		self.deadline = time.monotonic() + opts.timeout * len(self.configs)
		self.ok = True
		self.timed_out = False
		self.results = None		# JSON of the main boot, merged
		self.build_cases: List[Case] = []
		self.built = {}			# other configuration -> built?
		self.rounds = []		# each complete round's cases
		self.console = {}		# configuration -> [(boot, line)]
		self.uml_fp_hinted = False
		# Set once the main kernel is built: with ccache, the background
		# builds that compile mostly the same code wait for it and hit.
		self.main_kernel_built = threading.Event()
		self.run_log.write_text("")

	@property
	def run_log(self):
		"""The log of this thread's steps: the main one's, unless it
		builds a configuration in the background."""
		return getattr(_context, "run_log", None) or self.main_run_log

	def phase(self, cfg, text):
		"""Say which step of which configuration starts."""
		say(f"[{cfg.name}] {text}")

	def fail(self, why):
		"""Record and print a failure of the run that no case shows."""
		self.ok = False
		say(f"error: {why}")

	def step(self, program, cmd, keep_output=False, heartbeat=None):
		"""Run CMD with the time left; report a timeout.  HEARTBEAT: see
		supervise()."""
		cancel = getattr(_context, "cancel", None)
		if cancel is not None and cancel.is_set():
			raise Cancelled()
		say(f"in {self.tree}: {shlex.join(str(arg) for arg in cmd)}")
		remaining = self.deadline - time.monotonic()
		if remaining <= 0:
			result = ProcessResult(None, True, [], 0.0, [])
		else:
			result = run_process(cmd, self.tree, remaining,
					     self.run_log, keep_output, heartbeat)
		if result.cancelled:
			raise Cancelled()
		if result.timed_out:
			self.ok = False
			self.timed_out = True
			print_tail(f"{program} timed out: the run's limit is "
				   f"{self.opts.timeout} s", result.tail,
				   "its output")
		return result

	def kunit_command(self, action, *args):
		"""Return a kunit.py command line, for the run's --arch."""
		return [sys.executable, KUNIT_PY, action, *arch_args(self.opts),
			*args]

	def exec_command(self, cfg, *args):
		"""Return kunit.py exec with ARGS for CFG.

		It gets the build's --kunitconfig too: without one, kunit.py
		would copy its default.config into BUILD_DIR/.kunitconfig.
		"""
		return self.kunit_command(
			"exec", *kunitconfig_args(self.opts, cfg.config),
			f"--build_dir={cfg.build_dir}",
			f"--timeout={self.opts.kernel_timeout}",
			*qemu_args(self.opts), *args)

	def boot_command(self, cfg, json_path, kernel_args):
		"""Return kunit.py exec for one boot, without a filter glob."""
		return self.exec_command(
			cfg, f"--json={json_path}",
			*(f"--kernel_args={arg}" for arg in kernel_args))

	def kernel_args(self, cfg):
		"""Kernel parameters every boot of CFG gets."""
		args = list(cfg.config.kernel_args)
		if cfg.config.modversions:
			args.append(f"{MISSING_CRC_PARAM}="
				    f"{missing_crc_rule(self.opts)}")
		if cfg.ext_dir is not None:
			args.append(f"{EXT_DIR_PARAM}={cfg.ext_dir}")
		return args

	def build_kernel(self, cfg):
		"""kunit.py build for CFG; return True on success."""
		self.phase(cfg, "building the kernel")
		result = self.step("kunit.py build", self.kunit_command(
			"build", *kunitconfig_args(self.opts, cfg.config),
			f"--build_dir={cfg.build_dir}", f"--jobs={self.opts.jobs}"),
			heartbeat=f"[{cfg.name}] building the kernel")
		why = describe_failure(result, "kunit.py build")
		if why:
			self.ok = False
			print_tail(f"[{cfg.name}] {why}", result.tail, self.run_log)
			return False
		return not result.timed_out

	def build_external(self, cfg, project_root):
		"""Stage and build CFG's external modules, recording build cases.

		Return False if a required pass or a hook failed, or time ran
		out.
		"""
		if not (Path(project_root) / EXT_PROVIDER_DIR).is_dir():
			return True
		self.phase(cfg, "building external modules")
		ext_root = cfg.build_dir / EXT_STAGE
		if ext_config_changed(cfg.build_dir, ext_root):
			# kbuild does not rebuild an external module's
			# vermagic and CRCs for a new .config: start afresh.
			say(f"[{cfg.name}] the kernel's .config changed: "
			    f"removing {ext_root}")
			shutil.rmtree(ext_root, ignore_errors=True)
		changed = stage_external(project_root, ext_root)
		say(f"staged {', '.join(EXT_DIRS)} and the headers in "
		    f"{', '.join(EXT_HEADER_DIRS)} in {ext_root} "
		    f"({len(changed)} files changed)")
		passes = cfg.config.ext_passes or EXT_PASSES
		version = getattr(self.opts, "kernel_version", None) or MIN_KERNEL
		passes = [p for p in passes if version >= p.get("since", MIN_KERNEL)]
		for number, ext_pass in enumerate(passes, 1):
			self.phase(cfg, f"external pass {number}/{len(passes)}: "
				   f"{ext_pass['what']}")
			if not self.external_pass(cfg, ext_root, ext_pass):
				return False
		ext_config_record(cfg.build_dir, ext_root)
		cfg.ext_dir = ext_root
		return True

	def record_cases(self, cfg, ext_pass, reason_of):
		"""Decide EXT_PASS's cases for CFG with REASON_OF(spec) (None if
		met) and record those CFG records."""
		for spec in ext_pass.get("cases", ()):
			if spec.get("modversions", cfg.config.modversions) != \
			   cfg.config.modversions:
				continue
			reason = reason_of(spec)
			name = f"{BUILD_SUITE}.{spec['name']}"
			if records_case(cfg.config, spec["name"]):
				case = Case(name, "FAIL" if reason else "PASS",
					    reason or "")
				getattr(_context, "build_cases",
					self.build_cases).append(case)
				say(f"{case.status} {case.name}" +
				    (f": {reason}" if reason else ""))
			elif reason:
				self.fail(f"[{cfg.name}] {name} does not hold in "
					  f"this configuration: {reason}")

	def external_pass(self, cfg, ext_root, ext_pass):
		"""Run one external pass; return False if the run must stop."""
		if "check" in ext_pass:
			check = getattr(self, "check_" + ext_pass["check"])
			self.record_cases(cfg, ext_pass,
					  lambda spec: check(cfg, ext_root, spec))
			return True
		if not self.run_hooks(cfg, ext_root, ext_pass.get("before", ())):
			return False
		module_dir = ext_root / ext_pass["dir"]
		for pattern in (MODPOST_OUTPUT,) + tuple(ext_pass.get("remove", ())):
			for path in module_dir.glob(pattern):
				path.unlink()
		result = self.step("make", make_command(
			cfg.build_dir, ext_root, ext_pass, self.opts.jobs,
			arch_of(self.opts)),
			keep_output=True)
		if result.timed_out:
			return False
		version = getattr(self.opts, "kernel_version", None) or MIN_KERNEL
		self.record_cases(cfg, ext_pass, lambda spec: unmet_expectation(
			spec, result, module_dir, version))
		reason = (unmet_expectation(ext_pass, result, module_dir, version)
			  if ext_pass.get("required") else None)
		if reason:
			self.ok = False
			print_tail(f"[{cfg.name}] building {ext_pass['what']} in "
				   f"{module_dir} failed: {reason}", result.tail,
				   self.run_log)
			return False
		return self.run_hooks(cfg, ext_root, ext_pass.get("after", ()))

	def run_hooks(self, cfg, ext_root, hooks):
		"""Run the SuiteRun.hook_<name>() HOOKS; False if one failed."""
		for hook in hooks:
			try:
				getattr(self, "hook_" + hook)(cfg, ext_root)
			except StepError as err:
				if not self.timed_out:
					self.fail(f"[{cfg.name}] {hook}: {err}")
				return False
		return True

	def hook_write_stale_symvers(self, cfg, ext_root):
		"""Write STALE_SYMVERS: the provider's, with wrong CRCs for
		STALE_SYMBOLS."""
		source, target = ext_root / PROVIDER_SYMVERS, ext_root / STALE_SYMVERS
		self.phase(cfg, f"writing {target} (the CRCs of "
			   f"{', '.join(STALE_SYMBOLS)} complemented)")
		try:
			stale = source.read_text()
			for symbol in STALE_SYMBOLS:
				stale = complement_crc(stale, symbol)
			target.parent.mkdir(parents=True, exist_ok=True)
			with contextlib.suppress(FileNotFoundError):
				if target.read_text() == stale:
					return
			replace_file(target, stale.encode())
		except OSError as err:
			raise StepError(f"cannot write {target} from {source}: "
					f"{err}") from err

	def hook_patch_vermagic(self, cfg, ext_root):
		"""Make VERMAGIC_MODULE claim another kernel release."""
		release_file = cfg.build_dir / KERNEL_RELEASE
		try:
			release = release_file.read_text().strip()
		except OSError as err:
			raise StepError(f"cannot read the kernel release: {err}") \
				from err
		module = ext_root / VERMAGIC_MODULE
		other = patch_vermagic(module, release)
		self.phase(cfg, f"{module.name}: vermagic {release} -> {other}")

	def hook_patch_import_ns(self, cfg, ext_root):
		"""Make IMPORT_NS_MODULE import the "module:" namespace."""
		module = ext_root / IMPORT_NS_MODULE
		try:
			data = module.read_bytes()
		except OSError as err:
			raise StepError(f"cannot read {module}: {err}") from err
		if IMPORT_NS_WANTED in data and IMPORT_NS_BUILT not in data:
			return
		if data.count(IMPORT_NS_BUILT) != 1:
			raise StepError(f"{module.name} has not one "
					f"{IMPORT_NS_BUILT[:-1].decode()!r}")
		self.phase(cfg, f"{module.name}: {IMPORT_NS_BUILT[:-1].decode()} "
			   f"-> {IMPORT_NS_WANTED[:-1].decode()}")
		replace_file(module, data.replace(IMPORT_NS_BUILT, IMPORT_NS_WANTED))

	def objcopy(self, module, *args):
		"""Run objcopy ARGS on MODULE, in place."""
		objcopy = CROSS_COMPILE.get(arch_of(self.opts), "") + "objcopy"
		result = self.step(objcopy, [objcopy, *args, str(module)],
				   keep_output=True)
		if result.timed_out:
			raise StepError(f"{objcopy} timed out")
		why = describe_failure(result, objcopy)
		if why:
			raise StepError(f"{why}: {last_lines(result.output)}")

	def has_flagstab(self):
		"""True if the kernel under test has the export flags table."""
		version = getattr(self.opts, "kernel_version", None) or MIN_KERNEL
		return version >= FLAGSTAB_SINCE

	def hook_strip_versions(self, cfg, ext_root):
		"""Remove STRIPPED_MODULE's version tables."""
		self.phase(cfg, f"removing {', '.join(VERSION_SECTIONS)} from "
			   f"{Path(STRIPPED_MODULE).name}")
		self.objcopy(ext_root / STRIPPED_MODULE,
			     *(f"--remove-section={name}"
			       for name in VERSION_SECTIONS))

	def hook_strip_flagstab(self, cfg, ext_root):
		"""Remove NOFLAGS_MODULE's export flags table."""
		if not self.has_flagstab():
			return
		self.phase(cfg, "removing __kflagstab from "
			   f"{Path(NOFLAGS_MODULE).name}")
		self.objcopy(ext_root / NOFLAGS_MODULE,
			     "--remove-section=__kflagstab")

	def hook_add_obsolete_ksymtab_gpl(self, cfg, ext_root):
		"""Give OLDGPL_MODULE an OLDGPL_SECTION (replacing the one an
		earlier run gave it)."""
		if not self.has_flagstab():
			return
		self.phase(cfg, f"adding {OLDGPL_SECTION} to "
			   f"{Path(OLDGPL_MODULE).name}")
		contents = ext_root / EXT_PROVIDER_DIR / (OLDGPL_SECTION + ".bin")
		try:
			replace_file(contents, bytes(16))
		except OSError as err:
			raise StepError(f"cannot write {contents}: {err}") from err
		self.objcopy(ext_root / OLDGPL_MODULE,
			     f"--remove-section={OLDGPL_SECTION}",
			     f"--add-section={OLDGPL_SECTION}={contents}",
			     f"--set-section-flags={OLDGPL_SECTION}=alloc,readonly")

	def check_provider_symvers(self, cfg, ext_root, spec):
		"""Return how the provider's Module.symvers misses SPEC, or None."""
		path = ext_root / PROVIDER_SYMVERS
		try:
			text = path.read_text(errors="replace")
		except OSError as err:
			return f"cannot read {path}: {err}"
		why = symvers_mismatch(text, spec["modversions"],
				       getattr(self.opts, "kernel_version", None) or
				       MIN_KERNEL)
		return f"{path}: {why}" if why else None

	def boot(self, cfg, what, cmd, json_path):
		"""Boot with kunit.py exec; return its JSON, or None if it has
		no cases (reported with the tail of the kernel's log)."""
		before = file_stamp(cfg.kernel_log)
		with contextlib.suppress(FileNotFoundError):
			json_path.unlink()	# not an earlier round's results
		result = self.step("kunit.py exec", cmd)
		top = load_results(json_path)
		if top is not None and not any(True for _ in leaf_cases(top)):
			top = None
		self.read_console(cfg, what)
		self.hint_uml_fp(cfg)
		if result.timed_out:
			return top
		why = describe_failure(result, "kunit.py exec")
		if top is None:
			why = (why + "; " if why else "") + \
				"no test results (crash, panic or no KTAP output?)"
		if why:
			self.ok = False
			log = failure_log(cfg.build_dir, before, self.run_log)
			print_tail(f"{what}: {why}", tail_of_file(log), log)
		return top

	def hint_uml_fp(self, cfg):
		"""Say UML_FP_HINT, once, if CFG's boot died of UML_FP_TRAP."""
		if self.uml_fp_hinted or arch_of(self.opts) != DEFAULT_ARCH:
			return
		try:
			with open(cfg.kernel_log, encoding="utf-8",
				  errors="replace") as f:
				if not any(UML_FP_TRAP in line for line in f):
					return
		except OSError:
			return
		self.uml_fp_hinted = True
		say(UML_FP_HINT)

	def read_console(self, cfg, what):
		"""Record what the console of CFG's boot WHAT shows wrong; a
		console without KTAP output (no boot) is not judged."""
		try:
			with open(cfg.kernel_log, encoding="utf-8",
				  errors="replace") as f:
				found = console_problems(f)
		except OSError:
			found = None
		if found is None:
			return
		seen = self.console.setdefault(cfg.name, [])
		seen += [(what, line) for line in found]

	def console_cases(self):
		"""Put a case per configuration that booted in this round into
		the results: it fails quoting the first bad console line."""
		for name, seen in self.console.items():
			case = {"name": f"{name}_boots_print_no_warning_bug_or_leak",
				"status": "PASS", "log": ""}
			if seen:
				what, line = seen[0]
				case.update(status="FAIL", log=(
					f"{what} printed \"{line}\" "
					f"({len(seen)} such lines in all; see "
					f"{KERNEL_LOG} in the build dir)"))
				case["reason"] = case["log"]
			put_case(self.results, (CONSOLE_SUITE,), case)

	def main_boot(self, cfg):
		"""Boot for every case; return False if the run must stop."""
		self.phase(cfg, "booting for every suite")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		self.results = self.boot(cfg, "the main boot", cmd + list(
			self.opts.kunit_args), json_path)
		return self.results is not None and not self.timed_out

	def list_own_boot_cases(self, cfg, glob):
		"""Return the cases matching GLOB, from a listing boot, or None."""
		self.phase(cfg, "listing the cases that need a boot of their own "
			   f"({glob})")
		before = file_stamp(cfg.kernel_log)
		result = self.step("kunit.py exec", self.exec_command(
			cfg, "--list_tests", glob), keep_output=True)
		if result.timed_out:
			return None
		why = describe_failure(result, "kunit.py exec --list_tests")
		if why:
			self.ok = False
			log = failure_log(cfg.build_dir, before, self.run_log)
			print_tail(why, tail_of_file(log), log)
			return None
		return parse_test_list(result.output, glob)

	def own_boot_cases(self, cfg, top):
		"""Return the cases to boot for one by one, or None to stop.

		They are the skipped cases of CFG's own_boot_globs in its boot's
		results TOP; only if it has none of a glob's cases at all, a
		listing boot names them.
		"""
		user_glob = user_filter_glob(self.opts.kunit_args)
		names = []
		for glob in cfg.config.own_boot_globs:
			if user_glob and not may_overlap(glob, user_glob):
				continue
			found = skipped_cases(top, glob)
			if found is None:
				found = self.list_own_boot_cases(cfg, glob)
			if found is None:
				return None
			names += [name for name in found if name not in names and
				  (not user_glob or glob_matches(user_glob, name))]
		return names

	def own_boot(self, cfg, name, number, count):
		"""Boot for case NAME alone; merge its results over the main ones."""
		self.phase(cfg, f"booting for {name} ({number}/{count})")
		json_path = self.scratch / f"own-{number}.json"
		cmd = self.boot_command(cfg, json_path,
					self.kernel_args(cfg) + [OWN_BOOT_ARG])
		top = self.boot(cfg, f"the boot for {name}", cmd + [name],
				json_path)
		if top is None:
			suite, _, case = name.partition(".")
			put_case(self.results, (suite,), {
				"name": case, "status": "ERROR",
				"log": f"its own boot ({cfg.name}) gave no test "
				       "results"})
			return
		for path, case in leaf_cases(top):
			put_case(self.results, path, case)

	def own_boots(self, cfg, top):
		"""Boot CFG once for each case that needs a boot of its own,
		given its boot's results TOP; return False if the run must
		stop."""
		names = self.own_boot_cases(cfg, top)
		if names is None:
			return False
		for number, name in enumerate(names, 1):
			if self.timed_out:
				return False
			self.own_boot(cfg, name, number, len(names))
		return True

	def config_cases(self, cfg):
		"""Return whether a leaf (path, case) is one CFG's boot replaces."""
		user_glob = user_filter_glob(self.opts.kunit_args)

		def wanted(path, case):
			name = case_name(path, case)
			return (bool(path) and
				glob_matches(cfg.config.boot_glob, name) and
				(not user_glob or glob_matches(user_glob, name)))
		return wanted

	def config_failed(self, cfg, why):
		"""Turn the main boot's cases that CFG's boot was to replace into
		errors saying WHY; for a configuration with a report_group, the
		cases it proves, and an error case of its group."""
		wanted = self.config_cases(cfg)
		if cfg.config.report_group:
			put_case(self.results, (cfg.config.report_group,), {
				"name": "boot", "status": "ERROR", "log": why,
				"reason": why})

			def wanted(path, case):
				return bool(path) and any(
					glob_matches(glob, case_name(path, case))
					for glob in cfg.config.proves)
		for path, case in list(leaf_cases(self.results)):
			if wanted(path, case) and \
			   str(case.get("status", "")).upper() == "SKIP":
				put_case(self.results, path, dict(
					case, status="ERROR", log=why))

	def config_boot(self, cfg):
		"""Boot CFG for its boot_glob; merge its results over the main
		ones' skips, then boot for its cases that need a boot of their
		own."""
		if cfg.config.report_group:
			self.group_boot(cfg)
			return
		glob = cfg.config.boot_glob
		self.phase(cfg, f"booting for {glob}")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		top = self.boot(cfg, f"the {cfg.name} boot", cmd + [glob],
				json_path)
		if top is None:
			self.config_failed(cfg, f"the {cfg.name} boot gave no test "
					   "results")
			return
		wanted = self.config_cases(cfg)
		ran = {case_name(path, case): status_of(case)
		       for path, case in leaf_cases(self.results) if path}
		for path, case in leaf_cases(top):
			if not wanted(path, case):
				continue
			# A skip here never hides what the main boot proved.
			if status_of(case) == "SKIP" and \
			   ran.get(case_name(path, case), "SKIP") != "SKIP":
				continue
			put_case(self.results, path, case)
		self.own_boots(cfg, top)

	def proved_elsewhere(self, cfg, name):
		"""True if case NAME, skipped in CFG (a configuration with a
		report_group), is proved by another configuration's boot, by
		a boot of its own, or by another configuration that proves
		it."""
		for other in self.configs:
			if other is cfg:
				continue
			if any(glob_matches(glob, name)
			       for glob in proving_globs(other.config)):
				return True
		return False

	def group_boot(self, cfg):
		"""Boot CFG for every suite (the filter glob after -- still
		applies) and report its cases below its report_group, leaving
		out the skips of cases proved elsewhere."""
		group = cfg.config.report_group
		glob = cfg.config.boot_glob
		self.phase(cfg, "booting for every suite" if glob == "*" else
			   f"booting for {glob}")
		json_path = self.scratch / f"{cfg.name}.json"
		cmd = self.boot_command(cfg, json_path, self.kernel_args(cfg))
		top = self.boot(cfg, f"the {cfg.name} boot", cmd + (
			list(self.opts.kunit_args) if glob == "*" else [glob]),
				json_path)
		if top is None:
			put_case(self.results, (group,), {
				"name": "boot", "status": "ERROR",
				"log": f"the {cfg.name} boot gave no test results"})
			return
		for path, case in leaf_cases(top):
			if not path:
				continue
			name = case_name(path, case)
			if status_of(case) == "SKIP":
				if self.proved_elsewhere(cfg, name):
					continue
			elif any(glob_matches(glob, name)
				 for glob in cfg.config.proves):
				drop_case(self.results, path, case, "SKIP")
			put_case(self.results, (group,) + path, case)

	def build_config(self, cfg, project_root):
		"""Build, and build the external modules for, a configuration
		other than the main one; return True if it can boot, False if
		it did not build, None if it cannot say (no build dir)."""
		try:
			cfg.build_dir.mkdir(parents=True, exist_ok=True)
		except OSError as err:
			self.fail(f"[{cfg.name}] cannot create build dir "
				  f"{cfg.build_dir}: {err}")
			return None
		if not cfg.config.external:
			return self.build_kernel(cfg)
		return (self.build_kernel(cfg) and
			self.build_external(cfg, project_root))

	def boot_config(self, cfg, built):
		"""Boot CFG if it BUILT, else turn its cases into errors."""
		if built:
			self.config_boot(cfg)
		elif built is False and not self.timed_out:
			self.config_failed(cfg, f"the {cfg.name} configuration "
					   "did not build")

	def run_config(self, cfg, project_root):
		"""Build, build the external modules for, and boot a
		configuration other than the main one; return what
		build_config() returned."""
		if not config_wanted(cfg.config, self.opts.kunit_args):
			self.phase(cfg, "left out by the filter glob")
			return None
		built = self.build_config(cfg, project_root)
		self.boot_config(cfg, built)
		return built

	def run(self, project_root):
		"""Build, build the external modules, and boot, for each
		configuration: the others are built (kernel and external
		modules) in the background meanwhile, unless opts.serial; the
		boots run one after the other."""
		main, *others = self.configs
		background = {} if self.opts.serial else {
			cfg.name: Background(self, cfg, project_root)
			for cfg in others
			if config_wanted(cfg.config, self.opts.kunit_args)}
		with signals_kill_tree(None, None, raise_on_signal):
			try:
				for job in background.values():
					job.start()
				if not self.run_main(main, project_root):
					return
				for cfg in others:
					if self.timed_out:
						return
					if cfg.name in background:
						built = background[cfg.name].finish()
						self.boot_config(cfg, built)
					else:
						built = self.run_config(cfg,
									project_root)
					self.built[cfg.name] = built
				if self.timed_out:
					return
				self.console_cases()
				self.rounds.append(self.round_cases())
				first = self.results
				try:
					self.repeat_boots(others)
				finally:
					self.results = first
			finally:
				# Stop every one before printing any output:
				# stdout may be gone (Ctrl-C on "run | tee"
				# kills tee too).
				for job in background.values():
					job.cancel.set()
				for job in background.values():
					job.stop()
				for job in background.values():
					with contextlib.suppress(OSError):
						job.finish(cancel=True)

	def repeat_boots(self, others):
		"""Boot again, without building, for rounds 2 to opts.repeat:
		the main boot, the own boots and the other configurations'
		boots; record each complete round's cases in self.rounds."""
		main = self.configs[0]
		count = getattr(self.opts, "repeat", 1)
		for number in range(2, count + 1):
			if self.timed_out:
				return
			say(f"repeat: run {number}/{count}")
			self.results = None
			self.console = {}
			if not self.boot_main(main):
				return
			for cfg in others:
				if self.timed_out:
					return
				if config_wanted(cfg.config, self.opts.kunit_args):
					self.boot_config(cfg, self.built.get(cfg.name))
			if self.timed_out:
				return
			self.console_cases()
			self.rounds.append(self.round_cases())

	def round_cases(self):
		"""Return this round's merged cases, build cases included."""
		return list(collect_cases(self.results)) + self.build_cases

	def run_main(self, main, project_root):
		"""Build, build the external modules for, and boot the main
		configuration, with the boots of their own; return False if
		the run must stop."""
		try:
			built = self.build_kernel(main)
		finally:
			self.main_kernel_built.set()
		return (built and self.build_external(main, project_root) and
			self.boot_main(main))

	def boot_main(self, main):
		"""The main boot and the boots of their own; return False if
		the run must stop."""
		if not self.main_boot(main):
			return False
		return self.own_boots(main, self.results)

	def merged(self):
		"""Return the merged JSON results, build cases included."""
		top = copy.deepcopy(self.results) if self.results is not None \
			else new_group(TOP_GROUP)
		for case in self.build_cases:
			put_case(top, (BUILD_SUITE,), {
				"name": case.name[len(BUILD_SUITE) + 1:],
				"status": case.status, "log": case.reason})
		return top

	def cases(self):
		"""Return the merged cases, with the reasons of build cases."""
		top = self.results if self.results is not None else \
			new_group(TOP_GROUP)
		return list(collect_cases(top)) + self.build_cases


def write_json(path, top):
	"""Write the results TOP to PATH as kunit.py does."""
	tmp = path.with_name(f".{path.name}.symexport-tmp")
	tmp.write_text(json.dumps(top, indent=4) + "\n", encoding="utf-8")
	os.replace(tmp, path)


STATUS_RANK = {"PASS": 0, "SKIP": 1, "FAIL": 2, "ERROR": 2}
MISSING = "-"		# a case a round did not report


def repeat_changes(rounds):
	"""Return ({name: [status per round]} of the cases whose status
	differs between ROUNDS (lists of Case), and the cases with each's
	worst status across them (a missing one counts as ERROR)."""
	order, statuses, first = [], collections.defaultdict(dict), {}
	for number, cases in enumerate(rounds):
		for case in cases:
			if case.name not in first:
				order.append(case.name)
				first[case.name] = case
			statuses[case.name].setdefault(number, case.status)
	changed, worst = {}, []
	for name in order:
		seq = [statuses[name].get(number, MISSING)
		       for number in range(len(rounds))]
		bad = max(("ERROR" if status == MISSING else status
			   for status in seq), key=STATUS_RANK.get)
		reason = first[name].reason
		if len(set(seq)) > 1:
			changed[name] = seq
			reason = "changed between runs: " + " ".join(seq)
		worst.append(Case(name, bad, reason))
	return changed, worst


def print_repeat(changed, runs, wanted):
	"""Print the cases whose result changed in RUNS of WANTED rounds."""
	stopped = "" if runs == wanted else f" (of {wanted}; the run stopped)"
	say(f"repeat: {runs} runs{stopped}")
	if not changed:
		print(f"no case changed its result in {runs} runs", flush=True)
		return
	for name, seq in changed.items():
		print(f"  {name}: {' '.join(seq)}")
	print(f"{len(changed)} cases changed their result in {runs} runs "
	      "(flaky: counted as failed)", flush=True)


def summarise(cases):
	"""Print the table of failed and skipped cases and the counts."""
	passed, failed, skipped = tally(cases)
	print_case_table(cases)
	print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
	return failed


def selected_configurations(opts):
	"""Return the configurations a run builds and boots: those in_run,
	and with opts.all all; with opts.only, those it names.  Off UML, not
	the standalone ones: their kunitconfigs ask for HOSTFS."""
	only = getattr(opts, "only", None)
	version = getattr(opts, "kernel_version", None) or MIN_KERNEL
	return [config for config in CONFIGURATIONS
		if (config.in_run or getattr(opts, "all", False)) and
		(only is None or config.name in only) and
		version >= config.min_kernel and
		not (config.standalone and arch_of(opts) != DEFAULT_ARCH)]


def proving_globs(config):
	"""Return the globs of the cases CONFIG runs where another
	configuration skips them: its boot's (unless it reports every
	suite again below a group), its own boots', and what it proves."""
	return config.own_boot_globs + config.proves + (
		(config.boot_glob,) if config.boot_glob and
		not config.report_group else ())


def left_out_cases(cases, configs):
	"""Split CASES into (kept, left): left are the skips of cases that
	only a configuration not in CONFIGS boots (its boot_glob, its own
	boots, what it proves), which a run of CONFIGS cannot run."""
	names = {config.name for config in configs}
	globs = [glob for config in CONFIGURATIONS if config.name not in names
		 for glob in proving_globs(config)]
	kept, left = [], []
	for case in cases:
		if case.status == "SKIP" and any(glob_matches(glob, case.name)
						 for glob in globs):
			left.append(case)
		else:
			kept.append(case)
	return kept, left


def run_suite(opts, project_root=PROJECT_ROOT):
	"""Install, build, build the external modules and boot; print the
	summary; return a SuiteResult.

	Raises HarnessError for bad input or an unusable machine.
	"""
	json_path = Path(os.path.abspath(opts.json)) if opts.json else None
	tree, version = prepare_kernel_tree(
		opts.kernel_src, getattr(opts, "kernel", None) or DEFAULT_KERNEL,
		arch_of(opts))
	opts.kernel_version = version
	build_dir = Path(os.path.abspath(opts.build_dir or
					 default_build_dir(version, arch_of(opts))))
	for config in CONFIGURATIONS:
		check_build_dir(config_build_dir(build_dir, config), project_root)
	changed = install_project(project_root, tree, opts.subdir)
	say(f"installed into {tree / opts.subdir} ({len(changed)} files changed)")
	try:
		build_dir.mkdir(parents=True, exist_ok=True)
	except OSError as err:
		raise HarnessError(f"cannot create build dir {build_dir}: {err}")
	if json_path:
		with contextlib.suppress(FileNotFoundError):
			json_path.unlink()	# never leave a stale file
	cached = use_ccache()
	stats = ccache_stats() if cached else {}
	with tempfile.TemporaryDirectory(prefix="symexport-") as scratch:
		run = SuiteRun(opts, tree, build_dir, scratch,
			       selected_configurations(opts))
		run.run(project_root)
	if cached:
		say(ccache_summary(stats, ccache_stats()))
	cases = run.cases()
	say(f"merged {len(cases) - len(run.build_cases)} KUnit cases and "
	    f"{len(run.build_cases)} build cases")
	repeat = getattr(opts, "repeat", 1)
	changed = {}
	if repeat > 1:
		changed, worst = repeat_changes(run.rounds)
		print_repeat(changed, len(run.rounds), repeat)
		if run.rounds:
			cases = worst
	if json_path and cases:
		top = run.merged()
		if repeat > 1:
			top["symexport_repeat"] = {"runs": len(run.rounds),
						   "changed": changed}
		write_json(json_path, top)
	failed = summarise(cases)
	return SuiteResult(run.ok and bool(cases) and failed == 0 and
			   not changed, cases)


# ---------------------------------------------------------------------------
# Command lines

def positive_int(text):
	"""argparse type: an integer >= 1."""
	try:
		value = int(text)
	except ValueError:
		value = 0
	if value < 1:
		raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
	return value


def build_parser(prog, description, repeat=False):
	"""Return the option parser shared by run and check (with REPEAT,
	run's --repeat too)."""
	parser = argparse.ArgumentParser(
		prog=prog, description=description,
		formatter_class=argparse.RawDescriptionHelpFormatter,
		epilog="Arguments after -- go unchanged to the main boot's "
		       "'kunit.py exec', e.g.\n"
		       f"  {prog} -- 'symexport_unload.*'\n"
		       "A filter glob there also limits the boots of their own "
		       f"({', '.join(OWN_BOOT_GLOBS)}) and the other kernel "
		       "configurations ("
		       + ", ".join(f"{c.name}: {c.boot_glob}" for c in
				   CONFIGURATIONS if c.boot_glob) + ").")
	parser.add_argument("--kernel-src", metavar="DIR",
			    help="kernel source tree (default: Debian's "
				 f"{DEBIAN_SOURCE}, unpacked into "
				 f"{default_kernel_src()})")
	parser.add_argument("--kernel", choices=KERNELS,
			    help="which of Debian's kernel trees to use "
				 f"(default: {DEFAULT_KERNEL}; check without "
				 "--kernel-src: each in turn)")
	parser.add_argument("--missing-crc", choices=MISSING_CRC_RULES,
			    help="what the kernel does with a symbol a module "
				 "has no CRC for: refuse (Debian's patch; the "
				 "default for Debian's trees) or load "
				 "(upstream; the default for --kernel-src)")
	parser.add_argument("--build-dir", metavar="DIR",
			    help="kunit.py build dir, kept between runs "
				 f"(default: {cache_dir()}/build-<VERSION>."
				 "<PATCHLEVEL>-<ARCH>); must be outside the project; "
				 "the other configurations use DIR-<name> ("
				 + ", ".join(f"DIR{c.suffix}" for c in
					     CONFIGURATIONS if c.suffix) + ")")
	parser.add_argument("--arch", choices=ARCHES,
			    help="kernel architecture: um boots UML, the "
				 "others QEMU (qemu-system-x86_64, "
				 "qemu-system-aarch64 with "
				 f"CROSS_COMPILE={CROSS_COMPILE['arm64']}), "
				 f"with SUBDIR/{QEMU_KUNITCONFIG} and the host's "
				 "/ shared over virtio-9p; the configurations "
				 "with a whole kunitconfig of their own (builtin, "
				 "builtin_provider) are left out there "
				 f"(default: {DEFAULT_ARCH}; check without "
				 "--arch: UML on each kernel, then "
				 f"{', '.join(a for a in ARCHES if a != DEFAULT_ARCH)}"
				 f" on {CHECK_QEMU_KERNEL} with the "
				 "main configuration)")
	parser.add_argument("--subdir", metavar="PATH", default=DEFAULT_SUBDIR,
			    help="where the project goes in the kernel tree "
				 "(default: %(default)s)")
	parser.add_argument("--json", metavar="FILE",
			    help="also write the merged results of every boot "
				 "and build case to FILE, in kunit.py's JSON "
				 "format")
	parser.add_argument("--timeout", metavar="SECONDS", type=positive_int,
			    default=DEFAULT_TIMEOUT,
			    help="limit for the kernel build, the external "
				 "modules and the boots, per configuration run: "
				 "a run of N has N times it "
				 "(default: %(default)s)")
	parser.add_argument("--kernel-timeout", metavar="SECONDS",
			    type=positive_int, default=DEFAULT_KERNEL_TIMEOUT,
			    help="kunit.py --timeout for each boot "
				 "(default: %(default)s)")
	parser.add_argument("--jobs", metavar="N", type=positive_int,
			    default=os.cpu_count() or 1,
			    help="parallel build jobs (default: %(default)s)")
	parser.add_argument("--serial", action="store_true",
			    help="build the other configurations after the "
				 "main one's boots, as before, instead of "
				 "in the background meanwhile (for debugging)")
	parser.add_argument("--kunitconfig", metavar="PATH", action="append",
			    help="kunitconfig file or dir for the main "
				 "configuration instead of the default SUBDIR "
				 "(repeatable; a path that does not exist here "
				 "is taken relative to the kernel tree)")
	if repeat:
		parser.add_argument("--all", action="store_true",
				    help="also build and boot the "
					 "configurations only check runs by "
					 "default: " + ", ".join(
						 c.name for c in CONFIGURATIONS
						 if not c.in_run))
		parser.add_argument("--repeat", metavar="K", type=positive_int,
				    default=1,
				    help="boot K times (build once) and report "
					 "every case whose result changed "
					 "between the runs; such a case fails "
					 "(default: %(default)s)")
	else:
		parser.add_argument("--ci", action="store_true",
				    help="what CI runs, within a cold "
					 f"machine's hour: on {KERNELS[0]} the "
					 "configurations "
					 + ", ".join(CI_FIRST_KERNEL_CONFIGURATIONS)
					 + " under UML and main under QEMU, "
					 "the main configuration on "
					 + " and ".join(KERNELS[1:]))
		parser.set_defaults(repeat=1, all=True)
	return parser


def parse_options(prog, description, argv, repeat=False):
	"""Parse ARGV; what follows "--" is kept in opts.kunit_args."""
	argv = list(argv)
	kunit_args = []
	if "--" in argv:
		split = argv.index("--")
		argv, kunit_args = argv[:split], argv[split + 1:]
	opts = build_parser(prog, description, repeat).parse_args(argv)
	opts.kunit_args = kunit_args
	return opts


def main_run(argv):
	"""Entry point of the run script; returns the exit status."""
	opts = parse_options("run", "Build and boot UML (or QEMU) with the symexport "
			     "KUnit suites and summarise the results.", argv,
			     repeat=True)
	try:
		return EXIT_OK if run_suite(opts).ok else EXIT_FAIL
	except HarnessError as err:
		print_error(err)
		return err.code
	except KeyboardInterrupt:
		return 128 + signal.SIGINT


def run_harness_tests(start_dir=HARNESS_DIR):
	"""Run the harness's unit tests; return (passed, failed)."""
	say("running the harness's own unit tests")
	loader = unittest.TestLoader()
	tests = loader.discover(str(start_dir), pattern="test_*.py",
				top_level_dir=str(start_dir))
	result = unittest.TextTestRunner(stream=sys.stdout).run(tests)
	sys.stdout.flush()
	failed = (len(result.failures) + len(result.errors) +
		  len(result.skipped) + len(result.unexpectedSuccesses))
	if result.testsRun == 0:
		say("no harness unit tests found")
		return 0, 1
	return result.testsRun - failed, failed


# What check runs without --kernel, --kernel-src or --arch: UML on each of
# Debian's kernels with every configuration, and QEMU on the newest with
# the main configuration only, which boots every suite.  The other
# configurations change Kconfig options, not how an architecture loads a
# module; a kernel more per architecture would cost CI about 5 minutes
# each, cold.  The skips that only they would turn into results are listed,
# not counted, for QEMU (left_out_cases()).
CHECK_QEMU_KERNEL = DEFAULT_KERNEL
CHECK_QEMU_CONFIGURATIONS = ("main",)


# check --ci, what CI runs (.ci/run), within a cold machine's hour: the
# first kernel with the configurations whose rules no other kernel of the
# run proves (symbol CRCs, forced removal and load), the long-term ones
# with their main configuration, which runs every suite, all under UML.
# Measured cold on 2 cores (2026-11-29, measurements.md): those parts
# 22, 10 and 10 minutes; a QEMU kernel (x86_64 or arm64) 21 minutes more
# each, which would take the test command to 89 minutes: QEMU, the debug
# and built-in configurations (a KASAN and lockdep kernel costs two
# builds; the built-in ones change Kconfig combinations, not loader rules)
# and namespace_imports are left to the whole matrix, plain check.
CI_FIRST_KERNEL_CONFIGURATIONS = ("main", "modversions", "force_unload")
CI_LONG_TERM_CONFIGURATIONS = ("main",)


@dataclass(frozen=True)
class Target:
	"""A kernel and an architecture that check runs the suites on, with
	the configurations it builds (None: every one)."""
	kernel: str
	arch: str = DEFAULT_ARCH
	only: Optional[tuple] = None

	@property
	def label(self):
		"""Return "6.12" for UML, "6.12-x86_64" for QEMU."""
		if self.arch == DEFAULT_ARCH:
			return self.kernel
		return f"{self.kernel}-{self.arch}"


def check_targets(opts):
	"""Return the Targets check runs for OPTS: --kernel and --arch (or
	--kernel-src) narrow the default set down."""
	kernel = getattr(opts, "kernel", None)
	arch = getattr(opts, "arch", None)
	qemu = CHECK_QEMU_CONFIGURATIONS
	if opts.kernel_src:
		arch = arch or DEFAULT_ARCH
		return [Target(kernel or DEFAULT_KERNEL, arch,
			       None if arch == DEFAULT_ARCH else qemu)]
	if kernel and arch and arch != DEFAULT_ARCH:
		return [Target(kernel, arch, qemu)]
	ci = getattr(opts, "ci", False)
	targets = [Target(KERNELS[0], DEFAULT_ARCH,
			  CI_FIRST_KERNEL_CONFIGURATIONS if ci else None)] + [
		Target(CHECK_QEMU_KERNEL, a, qemu)
		for a in ARCHES if a != DEFAULT_ARCH and not ci] + [
		Target(k, DEFAULT_ARCH, CI_LONG_TERM_CONFIGURATIONS if ci else None)
		for k in KERNELS[1:]]
	return [t for t in targets if (kernel is None or t.kernel == kernel)
		and (arch is None or t.arch == arch)]


def target_json(path, label, count):
	"""Return where the results of the target LABEL go, given --json PATH
	and the number of targets: PATH itself for one, else PATH with
	-LABEL ("results-6.12-x86_64.json")."""
	if not path or count == 1:
		return path
	base, ext = os.path.splitext(path)
	return f"{base}-{label}{ext or '.json'}"


def print_kernel_table(results):
	"""Print every case's status per kernel and machine ({label: [Case]}),
	the cases whose status differs first."""
	kernels = list(results)
	order, status = [], collections.defaultdict(dict)
	for kernel, cases in results.items():
		for case in cases:
			if case.name not in status:
				order.append(case.name)
			status[case.name][kernel] = case.status
	rows = [[status[name].get(k, MISSING) for k in kernels] + [name]
		for name in order]
	def differs(row):
		return len(set(row[:-1]) - {MISSING}) > 1
	rows.sort(key=lambda row: not differs(row))
	differ = sum(differs(row) for row in rows)
	width = max([7] + [len(k) for k in kernels])
	say(f"every case per kernel and machine ({differ} differ; "
	    f"{MISSING}: not run there):")
	print("    " + "  ".join(f"{k:<{width}}" for k in kernels) + "  case")
	for row in rows:
		print("    " + "  ".join(f"{v:<{width}}" for v in row[:-1]) +
		      f"  {row[-1]}")


def check_kunit(opts):
	"""Run the suites for check on each target (check_targets()); return
	(passed, failed).

	Skipped cases count as failed, and so does a run that failed without
	a failed case to show for it (bad input, crash, timeout).
	"""
	targets = check_targets(opts)
	results, passed, failed = {}, 0, 0
	for target in targets:
		mine = copy.copy(opts)
		mine.kernel, mine.arch = target.kernel, target.arch
		mine.json = target_json(opts.json, target.label, len(targets))
		mine.only = target.only
		if len(targets) > 1:
			say(f"{target.label}: Debian's "
			    f"{debian_source(target.kernel)}, " +
			    ("UML" if target.arch == DEFAULT_ARCH else
			     f"QEMU {target.arch}") +
			    (f", configurations {', '.join(mine.only)}"
			     if getattr(mine, "only", None) else ""))
		one_passed, one_failed = check_target(mine)
		passed, failed = passed + one_passed, failed + one_failed
		results[target.label] = getattr(mine, "cases", [])
	if len(targets) > 1:
		print_kernel_table(results)
	return passed, failed


def check_target(opts):
	"""check_kunit() for one target; sets opts.cases.

	Raises HarnessError for bad input or an unusable machine, which no
	other target would get past either.
	"""
	opts.cases = []
	suite = run_suite(opts)
	cases = suite.cases
	if getattr(opts, "only", None):
		cases, left = left_out_cases(
			cases, [c for c in CONFIGURATIONS if c.name in opts.only])
		if left and arch_of(opts) != DEFAULT_ARCH:
			say(f"{len(left)} skipped cases need a configuration "
			    f"that {arch_of(opts)} does not build here "
			    "(the UML runs prove them); not counted:")
		elif left:
			say(f"{len(left)} skipped cases need a configuration "
			    "that check --ci does not build here (check "
			    "without --ci builds it); not counted:")
			for case in left:
				print(f"    {case.name}")
	opts.cases = cases
	passed, failed, skipped = tally(cases)
	if skipped:
		say("skipped cases are failures under check:")
		for case in cases:
			if case.status == "SKIP":
				print(f"    {case.name}")
	failed += skipped
	if not suite.ok and failed == 0:
		failed = 1
	return passed, failed


def check_style(opts):
	"""Run checkpatch.pl --strict and kernel-doc over the project with the
	kernel tree's scripts, and look for cases the documentation does not
	name; return (passed, failed): one check each."""
	import submission	# pylint: disable=import-outside-toplevel
	say("checking style: checkpatch.pl --strict, kernel-doc, and the "
	    "documentation of every case")
	try:
		tree = Path(opts.kernel_src) if opts.kernel_src else \
			ensure_default_tree(opts.kernel or DEFAULT_KERNEL)
		problems = submission.lint(tree)
	except (HarnessError, OSError, subprocess.SubprocessError) as err:
		problems = [f"cannot run: {err}"]
	missing = submission.undocumented_cases()
	for line in problems:
		print(f"    {line}")
	for name in missing:
		print(f"    not in {submission.DOC}: {name}")
	failed = int(bool(problems)) + int(bool(missing))
	return 2 - failed, failed


def main_check(argv):
	"""Entry point of the check script; returns the exit status."""
	opts = parse_options("check", "Run the symexport KUnit suites (skips "
			     "fail), the style checks and the harness's own "
			     "tests.", argv)
	try:
		kunit_passed, kunit_failed = check_kunit(opts)
		style_passed, style_failed = check_style(opts)
		unit_passed, unit_failed = run_harness_tests()
	except HarnessError as err:
		print_error(err)
		return err.code
	except KeyboardInterrupt:
		return 128 + signal.SIGINT
	say(f"KUnit: {kunit_passed} passed, {kunit_failed} failed; style: "
	    f"{style_passed} passed, {style_failed} failed; harness tests: "
	    f"{unit_passed} passed, {unit_failed} failed")
	passed = kunit_passed + style_passed + unit_passed
	failed = kunit_failed + style_failed + unit_failed
	print(f"{passed} passed, {failed} failed", flush=True)
	return EXIT_OK if failed == 0 else EXIT_FAIL
