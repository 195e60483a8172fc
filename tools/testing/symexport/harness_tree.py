# SPDX-License-Identifier: GPL-2.0-only
"""The kernel tree: Debian's unpacked (and fixed for UML on large-xstate
hosts) or --kernel-src, checked; the project installed into it and the
external modules staged beside the build.
"""

import contextlib
import fcntl
import fnmatch
import os
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

# A path given as a string or a Path.
PathArg = Union[str, Path]

from harness_manifest import (compare, from_tarball, read_manifest,
	restore, write_manifest)
from harness_kernels import (ARTIFACT_PATTERNS, BACKPORTS, DEFAULT_ARCH,
	DEFAULT_KERNEL, DEFAULT_SUBDIR, ELF_MAGIC, EXT_DIRS, EXT_HEADER_DIRS,
	HarnessError, KUNIT_PY, MIN_KERNEL, PROJECT_DIRS, PROJECT_FILES,
	PROJECT_ROOT, UnpackError, Version)
from harness_printer import say
from harness_apt import (apt_install, cache_dir, debian_source,
	ensure_backported_tarball, ensure_build_tools, source_tarball)


DEBIAN_SOURCE = debian_source()
SOURCE_TARBALL = source_tarball()


def default_kernel_src(kernel: str = DEFAULT_KERNEL) -> Path:
	"""Return where Debian's kernel source of KERNEL is unpacked."""
	return cache_dir() / debian_source(kernel)


def extract_tarball(tarball: Path, tree: Path) -> None:
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
		say(f"unpacking {tarball} into {tree.parent} (a few minutes)",
		    "unpacking", tarball=str(tarball), into=str(tree.parent))
		status = subprocess.run(["tar", "-xf", str(tarball), "-C",
					 str(partial)],
					stdin=subprocess.DEVNULL).returncode
		top = partial / tree.name
		if status != 0 or not top.is_dir():
			shutil.rmtree(partial, ignore_errors=True)
			raise UnpackError(f"could not unpack {tarball} (tar status "
					  f"{status}): it is truncated or corrupt")
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
	       "your --kernel-src tree (see UML_XSTATE_FIX in "
	       "harness_tree.py), or use Linux 6.13 or later")


def fix_tree(tree: Path, fix: Tuple[str, str, str] = UML_XSTATE_FIX) -> bool:
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


def ensure_default_tree(kernel: str = DEFAULT_KERNEL) -> Path:
	"""Return Debian's tree of KERNEL, installing and unpacking its
	linux-source package if needed, with UML_XSTATE_FIX applied."""
	tree = default_kernel_src(kernel)
	if not tree.is_dir() and kernel in BACKPORTS:
		tarball = ensure_backported_tarball(kernel)
		try:
			extract_tarball(tarball, tree)
		except UnpackError as err:
			# The harness downloaded it: fetch it again, once.
			say(f"{err}: deleting it and downloading it again")
			with contextlib.suppress(FileNotFoundError):
				tarball.unlink()
			extract_tarball(ensure_backported_tarball(kernel), tree)
	if not tree.is_dir():
		package, tarball = debian_source(kernel), source_tarball(kernel)
		if not tarball.is_file():
			apt_install([package])
		if not tarball.is_file():
			raise HarnessError(f"{package} is installed but {tarball} "
					   "is missing: run apt-get install "
					   f"--reinstall {package}")
		try:
			extract_tarball(tarball, tree)
		except UnpackError as err:
			raise HarnessError(f"{err}: run apt-get install "
					   f"--reinstall {package}") from None
	fix_tree(tree)
	check_against_tarball(tree, source_tarball(kernel))
	return tree


def check_against_tarball(tree: Path, tarball: Path) -> None:
	"""Record TREE's manifest from TARBALL once; put back the recorded
	files TREE lacks (see harness_manifest)."""
	manifest = read_manifest(tree)
	if manifest is None and not Path(tarball).is_file():
		return		# nothing to compare with (a test's fake tree)
	if manifest is None:
		say(f"recording the files of {tarball.name} that the suites "
		    "depend on, to tell a changed tree later (once)")
		manifest = from_tarball(tarball)
		write_manifest(tree, manifest)
	missing, _ = compare(tree, manifest)
	if missing:
		say(f"{tree} lacks {len(missing)} files of {tarball.name} "
		    f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}):"
		    " putting them back")
		restore(tree, tarball, missing)


def tree_differences(tree: PathArg) -> List[str]:
	"""The files of Debian's TREE that differ from its tarball's (none
	for a tree the harness did not unpack)."""
	manifest = read_manifest(Path(tree))
	return compare(Path(tree), manifest)[1] if manifest else []


def read_kernel_version(tree: PathArg) -> Optional[Version]:
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


def validate_kernel_tree(tree: Path) -> Version:
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


def prepare_kernel_tree(kernel_src: Optional[PathArg],
			kernel: str = DEFAULT_KERNEL,
			arch: str = DEFAULT_ARCH) -> Tuple[Path, Version]:
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


def default_build_dir(version: Version, arch: str = DEFAULT_ARCH) -> Path:
	"""Return the build directory kept between runs for VERSION and ARCH."""
	return cache_dir() / f"build-{version[0]}.{version[1]}-{arch}"


def check_build_dir(build_dir: PathArg, project_root: PathArg = PROJECT_ROOT
		    ) -> None:
	"""Refuse a build directory inside the project checkout."""
	real = Path(os.path.realpath(build_dir))
	root = Path(os.path.realpath(project_root))
	if real == root or root in real.parents:
		raise HarnessError(f"build dir {build_dir} is inside the project "
				   f"checkout {root}: give --build-dir a directory "
				   "outside it, or omit it to use "
				   f"{cache_dir()}/build-<version>-<arch>")


# Installing the project into the kernel tree

def check_subdir(subdir: str) -> PurePosixPath:
	"""Return SUBDIR as a PurePosixPath: relative, below a directory."""
	path = PurePosixPath(subdir)
	if path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
		raise HarnessError(f"--subdir {subdir} must be a relative path "
				   f"below a kernel directory, such as {DEFAULT_SUBDIR}")
	return path


def is_artifact(path: Path) -> bool:
	"""True for build output and other files git would not track."""
	name = path.name
	if any(fnmatch.fnmatchcase(name, pat) for pat in ARTIFACT_PATTERNS):
		return True
	with open(path, "rb") as f:
		return f.read(len(ELF_MAGIC)) == ELF_MAGIC


def source_files(root: Path, tops: Sequence[str]) -> Dict[str, Path]:
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


def project_files(project_root: PathArg) -> Dict[str, Path]:
	"""Map relative path -> source Path for every file to install."""
	root = Path(project_root)
	files = {}
	for name in PROJECT_FILES:
		if not (root / name).is_file():
			raise HarnessError(f"project file {root / name} is missing")
		files[name] = root / name
	files.update(source_files(root, PROJECT_DIRS))
	return files


def sync_file(src: Path, dst: Path) -> bool:
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


def is_kept_artifact(path: Path, target: Path) -> bool:
	"""True for build output below TARGET (hidden paths included)."""
	parts = path.relative_to(target).parts
	with contextlib.suppress(OSError):
		return (any(part.startswith(".") for part in parts) or
			is_artifact(path))
	return True


def remove_stale(target: Path, wanted: Iterable[str],
		 tops: Sequence[str] = PROJECT_DIRS,
		 keep_artifacts: bool = False) -> List[Path]:
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


def ensure_line(path: Path, line: str) -> bool:
	"""Append LINE to PATH unless a line equal to it (modulo spacing) exists."""
	text = path.read_text()
	wanted = " ".join(line.split())
	if any(" ".join(have.split()) == wanted for have in text.splitlines()):
		return False
	if text and not text.endswith("\n"):
		text += "\n"
	path.write_text(text + line + "\n")
	return True


def hook_into_parent(kernel_src: PathArg, subdir: PurePosixPath) -> List[Path]:
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


def install_project(project_root: PathArg, kernel_src: PathArg, subdir: str
		    ) -> List[Path]:
	"""Install the project at KERNEL_SRC/SUBDIR; return changed paths.

	Only files whose contents differ are written, so a second install
	changes nothing and make rebuilds nothing.
	"""
	relative = check_subdir(subdir)
	target = Path(kernel_src) / relative
	files = project_files(project_root)
	try:
		changed = [target / rel for rel, src in files.items()
			   if sync_file(src, target / rel)]
		changed += remove_stale(target, files)
		changed += hook_into_parent(kernel_src, relative)
	except OSError as err:
		raise HarnessError(f"cannot install into {target}: {err}") from err
	return changed


def external_files(project_root: PathArg) -> Dict[str, Path]:
	"""Map relative path -> Path for the sources of the external modules:
	EXT_DIRS, and the headers directly in EXT_HEADER_DIRS."""
	root = Path(project_root)
	files = source_files(root, EXT_DIRS)
	for top in EXT_HEADER_DIRS:
		for path in sorted((root / top).glob("*.h")):
			if path.is_file() and not is_artifact(path):
				files[path.relative_to(root).as_posix()] = path
	return files


def stage_external(project_root: PathArg, ext_root: Path) -> List[Path]:
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


def replace_file(path: Path, data: bytes) -> None:
	"""Write DATA (bytes) to PATH atomically, keeping PATH's mode."""
	path = Path(path)
	tmp = path.with_name(f".{path.name}.symexport-tmp")
	tmp.write_bytes(data)
	with contextlib.suppress(FileNotFoundError):
		shutil.copymode(path, tmp)
	os.replace(tmp, path)


# Build outputs a build stopped half-way can leave broken: make deletes the
# target it was writing on SIGINT or SIGTERM, not on SIGKILL or a crash.
BUILD_OUTPUTS = (".o", ".ko", ".a")
OUTPUT_MAGIC = (b"\x7fELF", b"!<arch>", b"!<thin>")


def broken_build_outputs(build_dir: Path) -> List[Path]:
	"""Return the objects, modules and archives below BUILD_DIR (and its
	vmlinux and linux) that are empty or not ELF or ar files."""
	broken = []
	for root, _, files in os.walk(build_dir):
		for name in files:
			if not (name.endswith(BUILD_OUTPUTS) or
				(root == str(build_dir) and
				 name in ("vmlinux", "linux"))):
				continue
			path = Path(root) / name
			try:
				with open(path, "rb") as f:
					head = f.read(8)
			except OSError:
				continue
			if not head.startswith(OUTPUT_MAGIC):
				broken.append(path)
	return broken
