# SPDX-License-Identifier: GPL-2.0-only
"""The kernels, architectures, paths and limits of the symexport harness.

Data only, and the few helpers that read it (ByKernel, arch_of()); every
other harness module imports from here.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Tuple

# A kernel version: (major, minor).
Version = Tuple[int, int]


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

# Headers a build needs that no command stands for: x86_64 builds objtool,
# which includes libelf's gelf.h (a fresh Debian 12 has no libelf-dev; the
# QEMU x86_64 build then stops with "gelf.h: No such file or directory").
INCLUDE_DIR = "/usr/include"
ARCH_HEADERS = {
	"x86_64": {"gelf.h": "libelf-dev"},
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


@dataclass(frozen=True)
class ByKernel:
	"""An expectation that changed between kernels: TEXTS is ((since,
	value), ...), oldest first; the value of the newest "since" that
	the kernel under test has reached applies (the first one's since is
	MIN_KERNEL)."""
	texts: tuple

	def on(self, version: Version) -> Any:
		"""Return the value for kernel VERSION ((major, minor))."""
		value = self.texts[0][1]
		for since, text in self.texts:
			if version >= since:
				value = text
		return value


def for_kernel(expected: Any, version: Version) -> Any:
	"""Return EXPECTED, or its value for VERSION if it is a ByKernel."""
	return expected.on(version) if isinstance(expected, ByKernel) else expected


# EXPORT_SYMBOL_FOR_MODULES() and the "module:" namespaces: 7.3 has them,
# 6.12 not.
FOR_MODULES_SINCE = (7, 0)


class HarnessError(Exception):
	"""Bad input or an unusable machine; reported as one line."""

	def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
		super().__init__(message)
		self.code = code


class UnpackError(HarnessError):
	"""A source tarball tar could not unpack: truncated or corrupt."""


def arch_of(opts: object) -> str:
	"""Return OPTS' --arch."""
	return getattr(opts, "arch", None) or DEFAULT_ARCH


def usable_cpus() -> int:
	"""Return how many CPUs this process may run on, as kunit.py counts
	them for its default --jobs (the affinity mask, not the machine)."""
	try:
		return len(os.sched_getaffinity(0)) or 1
	except (AttributeError, OSError):
		return os.cpu_count() or 1
