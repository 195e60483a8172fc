# SPDX-License-Identifier: GPL-2.0-only
"""Harness for the symexport KUnit suites.

Installs the project into a kernel source tree (by default Debian's
linux-source-6.12, unpacked under ~/.cache/symexport), runs the suites on
UML with tools/testing/kunit/kunit.py and summarises the results.

The "run" and "check" scripts beside this file are thin wrappers around
main_run() and main_check().
"""

import argparse
import collections
import contextlib
import ctypes
import fcntl
import fnmatch
import json
import os
import re
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

MIN_KERNEL = (6, 8)
DEBIAN_SOURCE = "linux-source-6.12"
SOURCE_TARBALL = Path("/usr/src") / (DEBIAN_SOURCE + ".tar.xz")

HARNESS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = HARNESS_DIR.parents[2]
PROJECT_FILES = ("Kconfig", "Makefile", ".kunitconfig")
PROJECT_DIRS = ("kunit", "providers", "consumers")

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
}

DEFAULT_SUBDIR = "lib/symexport"
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


class HarnessError(Exception):
	"""Bad input or an unusable machine; reported as one line."""

	def __init__(self, message, code=EXIT_USAGE):
		super().__init__(message)
		self.code = code


def say(message):
	"""Print a harness message to stdout, in order with streamed output."""
	print(f"symexport: {message}", flush=True)


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


def ensure_build_tools():
	"""Install the Debian packages of any missing build tool."""
	missing = [cmd for cmd in BUILD_TOOLS if not shutil.which(cmd)]
	if missing:
		say("missing build tools: " + " ".join(missing))
		apt_install(sorted({BUILD_TOOLS[cmd] for cmd in missing}))


# ---------------------------------------------------------------------------
# The kernel tree

def cache_dir():
	"""Return $XDG_CACHE_HOME/symexport, or ~/.cache/symexport."""
	base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
	return Path(base) / "symexport"


def default_kernel_src():
	"""Return where Debian's kernel source is unpacked."""
	return cache_dir() / DEBIAN_SOURCE


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
					   f"{status}): reinstall {DEBIAN_SOURCE}")
		os.rename(top, tree)
		shutil.rmtree(partial, ignore_errors=True)


def ensure_default_tree():
	"""Return the default tree, unpacking Debian's linux-source if needed."""
	tree = default_kernel_src()
	if tree.is_dir():
		return tree
	if not SOURCE_TARBALL.is_file():
		apt_install([DEBIAN_SOURCE])
	if not SOURCE_TARBALL.is_file():
		raise HarnessError(f"{DEBIAN_SOURCE} is installed but "
				   f"{SOURCE_TARBALL} is missing: reinstall it")
	extract_tarball(SOURCE_TARBALL, tree)
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


def prepare_kernel_tree(kernel_src):
	"""Install tools and return (tree, version) for --kernel-src or default.

	A tree given on the command line is checked before anything is
	installed, so that bad input fails fast.
	"""
	if kernel_src:
		tree = Path(os.path.abspath(kernel_src))
		version = validate_kernel_tree(tree)
		ensure_build_tools()
		return tree, version
	ensure_build_tools()
	tree = ensure_default_tree()
	return tree, validate_kernel_tree(tree)


def default_build_dir(version):
	"""Return the build directory kept between runs for VERSION."""
	return cache_dir() / f"build-{version[0]}.{version[1]}-um"


def check_build_dir(build_dir, project_root=PROJECT_ROOT):
	"""Refuse a build directory inside the project checkout."""
	real = Path(os.path.realpath(build_dir))
	root = Path(os.path.realpath(project_root))
	if real == root or root in real.parents:
		raise HarnessError(f"build dir {build_dir} is inside the project "
				   f"checkout {root}: give --build-dir a directory "
				   "outside it, or omit it to use "
				   f"{cache_dir()}/build-<version>-um")


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


def project_files(project_root):
	"""Map relative path -> source Path for every file to install."""
	root = Path(project_root)
	files = {}
	for name in PROJECT_FILES:
		if not (root / name).is_file():
			raise HarnessError(f"project file {root / name} is missing")
		files[name] = root / name
	for top in PROJECT_DIRS:
		for dirpath, dirnames, filenames in os.walk(root / top):
			dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
			for name in sorted(filenames):
				path = Path(dirpath) / name
				if path.is_file() and not is_artifact(path):
					files[path.relative_to(root).as_posix()] = path
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


def remove_stale(target, wanted):
	"""Delete files under TARGET's project dirs that are not WANTED."""
	removed = []
	for top in PROJECT_DIRS:
		for dirpath, _, filenames in os.walk(target / top, topdown=False):
			for name in filenames:
				path = Path(dirpath) / name
				if path.relative_to(target).as_posix() not in wanted:
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


# ---------------------------------------------------------------------------
# Running kunit.py and cleaning up after it

@dataclass
class ProcessResult:
	"""Outcome of run_process()."""
	returncode: Optional[int]
	timed_out: bool
	tail: List[str]
	elapsed: float


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


def kill_targets(table, leader, spared):
	"""Pids to kill: LEADER's group, session and descendants, and orphans.

	UML's kernel calls setsid(), leaving kunit.py's group and session;
	while this process is a subreaper, orphans are re-parented to us and
	found as children that were not SPARED (children from before).
	"""
	roots = [leader] + [pid for pid in our_children(table)
			    if pid not in spared]
	targets = descendants(table, roots) | set(roots)
	targets |= {pid for pid, (_, _, pgrp, sid) in table.items()
		    if leader in (pgrp, sid)}
	targets.discard(os.getpid())
	return {pid for pid in targets if table.get(pid, ("Z",))[0] != "Z"}


def reap_orphans(leader, spared):
	"""Reap our zombie children except LEADER (Popen reaps it) and SPARED."""
	for pid, info in process_table().items():
		if (info[1] == os.getpid() and info[0] == "Z" and
		    pid != leader and pid not in spared):
			with contextlib.suppress(ChildProcessError):
				os.waitpid(pid, os.WNOHANG)


def kill_tree(leader, spared):
	"""SIGKILL kunit.py's process group and everything it started."""
	with contextlib.suppress(ProcessLookupError, PermissionError):
		os.killpg(leader, signal.SIGKILL)
	deadline = time.monotonic() + KILL_GRACE
	while time.monotonic() < deadline:
		targets = kill_targets(process_table(), leader, spared)
		if not targets:
			break
		for pid in targets:
			with contextlib.suppress(ProcessLookupError, PermissionError):
				os.kill(pid, signal.SIGKILL)
		time.sleep(0.02)
		reap_orphans(leader, spared)
	reap_orphans(leader, spared)


def pump_output(stream, log, tail):
	"""Copy the child's output, line by line, to stdout, LOG and TAIL."""
	for raw in iter(stream.readline, b""):
		line = raw.decode("utf-8", "replace").rstrip("\r\n")
		tail.append(line)
		try:
			print(line, flush=True)
			log.write(line + "\n")
			log.flush()
		except ValueError:	# log closed after READER_GRACE
			return


@contextlib.contextmanager
def signals_kill_tree(leader, spared):
	"""On SIGINT/SIGTERM, kill kunit.py's tree and exit 128 + signal."""
	if threading.current_thread() is not threading.main_thread():
		yield
		return

	def handler(signum, _frame):
		kill_tree(leader, spared)
		raise SystemExit(128 + signum)

	old = {sig: signal.signal(sig, handler)
	       for sig in (signal.SIGINT, signal.SIGTERM)}
	try:
		yield
	finally:
		for sig, action in old.items():
			signal.signal(sig, action)


def run_process(cmd, cwd, timeout, log_path):
	"""Run CMD in its own session with an overall TIMEOUT in seconds.

	Output is streamed to stdout and LOG_PATH; the last TAIL_LINES lines
	are returned.  Whatever happens, every process CMD started is killed
	before this returns.
	"""
	old_subreaper = set_subreaper(True)
	try:
		with open(log_path, "w", encoding="utf-8") as log:
			return supervise(cmd, cwd, timeout, log)
	finally:
		if old_subreaper is False:
			set_subreaper(False)


def supervise(cmd, cwd, timeout, log):
	"""Start CMD, stream its output to LOG, enforce TIMEOUT, kill its tree."""
	tail = collections.deque(maxlen=TAIL_LINES)
	spared = our_children(process_table())
	start = time.monotonic()
	timed_out = False
	proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
				stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
				start_new_session=True)
	reader = threading.Thread(target=pump_output,
				  args=(proc.stdout, log, tail), daemon=True)
	reader.start()
	with signals_kill_tree(proc.pid, spared):
		try:
			proc.wait(timeout=timeout)
		except subprocess.TimeoutExpired:
			timed_out = True
		finally:
			kill_tree(proc.pid, spared)
			proc.wait()
			reader.join(READER_GRACE)
			if not reader.is_alive():
				proc.stdout.close()
	return ProcessResult(proc.returncode, timed_out, list(tail),
			     time.monotonic() - start)


# ---------------------------------------------------------------------------
# Results

@dataclass
class Case:
	"""One leaf test case: "suite.case" (or "suite.case.param")."""
	name: str
	status: str


def collect_cases(group, path=()):
	"""Yield the leaf cases of a kunit.py JSON group, named by their path."""
	for case in group.get("test_cases") or []:
		status = str(case.get("status", "FAIL")).upper()
		if status not in ("PASS", "SKIP", "ERROR"):
			status = "FAIL"
		yield Case(".".join(path + (str(case.get("name", "?")),)), status)
	for sub in group.get("sub_groups") or []:
		yield from collect_cases(sub, path + (str(sub.get("name", "?")),))


def load_cases(json_path):
	"""Return the cases in kunit.py's JSON file, or None if unusable."""
	try:
		with open(json_path, encoding="utf-8") as f:
			top = json.load(f)
	except (OSError, ValueError):
		return None
	if not isinstance(top, dict):
		return None
	return list(collect_cases(top))


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


def failure_log(build_dir, started, run_log):
	"""Return kunit.py's kernel log if this run wrote it, else our log."""
	kernel_log = Path(build_dir) / KERNEL_LOG
	with contextlib.suppress(OSError):
		if kernel_log.stat().st_mtime >= started - 1:
			return kernel_log
	return run_log


def print_tail(title, lines, source):
	"""Print TITLE and the last LINES of SOURCE, indented."""
	say(f"{title}; last {len(lines)} lines of {source}:")
	for line in lines:
		print("    " + line)
	sys.stdout.flush()


def print_case_table(cases):
	"""Print the failed and skipped cases."""
	bad = [case for case in cases if case.status != "PASS"]
	if not bad:
		return
	print("\nFailed and skipped cases:")
	for case in bad:
		print(f"  {case.status:<6} {case.name}")
	print()


def describe_failure(result):
	"""Explain why kunit.py did not succeed, or return None."""
	if result.returncode is None or result.returncode == 0:
		return None
	if result.returncode < 0:
		return f"kunit.py was killed by signal {-result.returncode}"
	return f"kunit.py exited with status {result.returncode}"


# ---------------------------------------------------------------------------
# The run itself

@dataclass
class SuiteResult:
	"""Outcome of run_suite()."""
	ok: bool
	cases: List[Case] = field(default_factory=list)


def kunit_command(opts, build_dir, json_path):
	"""Return the kunit.py command line for OPTS."""
	cmd = [sys.executable, KUNIT_PY, "run"]
	for config in opts.kunitconfig or [opts.subdir]:
		if os.path.exists(config) and config != opts.subdir:
			config = os.path.abspath(config)
		cmd.append(f"--kunitconfig={config}")
	cmd += [f"--build_dir={build_dir}", f"--jobs={opts.jobs}",
		f"--timeout={opts.kernel_timeout}", f"--json={json_path}"]
	return cmd + list(opts.kunit_args)


@contextlib.contextmanager
def json_output(requested):
	"""Yield where kunit.py writes JSON: REQUESTED or a temporary file."""
	if requested:
		path = Path(os.path.abspath(requested))
		with contextlib.suppress(FileNotFoundError):
			path.unlink()		# never parse a stale file
		yield path
		return
	fd, name = tempfile.mkstemp(prefix="symexport-", suffix=".json")
	os.close(fd)
	try:
		yield Path(name)
	finally:
		with contextlib.suppress(OSError):
			os.unlink(name)


def report(result, cases, opts, build_dir, started, run_log):
	"""Print diagnostics and the summary; return True on success."""
	if result.timed_out:
		print_tail(f"kunit.py timed out after {opts.timeout} s",
			   result.tail, "its output")
	else:
		why = describe_failure(result)
		if not cases:
			why = (why + "; " if why else "") + \
				"no test results (crash, panic or no KTAP output?)"
		if why:
			log = failure_log(build_dir, started, run_log)
			print_tail(why, tail_of_file(log), log)
	cases = cases or []
	passed, failed, skipped = tally(cases)
	print_case_table(cases)
	print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
	return (not result.timed_out and result.returncode == 0 and
		bool(cases) and failed == 0)


def run_suite(opts, project_root=PROJECT_ROOT):
	"""Install, build and boot; print the summary; return a SuiteResult.

	Raises HarnessError for bad input or an unusable machine.
	"""
	tree, version = prepare_kernel_tree(opts.kernel_src)
	build_dir = Path(os.path.abspath(opts.build_dir or
					 default_build_dir(version)))
	check_build_dir(build_dir, project_root)
	changed = install_project(project_root, tree, opts.subdir)
	say(f"installed into {tree / opts.subdir} ({len(changed)} files changed)")
	try:
		build_dir.mkdir(parents=True, exist_ok=True)
	except OSError as err:
		raise HarnessError(f"cannot create build dir {build_dir}: {err}")
	run_log = build_dir / RUN_LOG
	with json_output(opts.json) as json_path:
		cmd = kunit_command(opts, build_dir, json_path)
		say(f"in {tree}: {' '.join(cmd)}")
		started = time.time()
		result = run_process(cmd, tree, opts.timeout, run_log)
		cases = load_cases(json_path)
	ok = report(result, cases, opts, build_dir, started, run_log)
	return SuiteResult(ok, cases or [])


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


def build_parser(prog, description):
	"""Return the option parser shared by run and check."""
	parser = argparse.ArgumentParser(
		prog=prog, description=description,
		formatter_class=argparse.RawDescriptionHelpFormatter,
		epilog="Arguments after -- go to 'kunit.py run' unchanged, e.g.\n"
		       f"  {prog} -- --filter_glob='symexport*'")
	parser.add_argument("--kernel-src", metavar="DIR",
			    help="kernel source tree (default: Debian's "
				 f"{DEBIAN_SOURCE}, unpacked into "
				 f"{default_kernel_src()})")
	parser.add_argument("--build-dir", metavar="DIR",
			    help="kunit.py build dir, kept between runs "
				 f"(default: {cache_dir()}/build-<VERSION>."
				 "<PATCHLEVEL>-um); must be outside the project")
	parser.add_argument("--subdir", metavar="PATH", default=DEFAULT_SUBDIR,
			    help="where the project goes in the kernel tree "
				 "(default: %(default)s)")
	parser.add_argument("--json", metavar="FILE",
			    help="also keep kunit.py's JSON results in FILE")
	parser.add_argument("--timeout", metavar="SECONDS", type=positive_int,
			    default=DEFAULT_TIMEOUT,
			    help="overall limit for kunit.py, build and boot "
				 "(default: %(default)s)")
	parser.add_argument("--kernel-timeout", metavar="SECONDS",
			    type=positive_int, default=DEFAULT_KERNEL_TIMEOUT,
			    help="kunit.py --timeout for the kernel run "
				 "(default: %(default)s)")
	parser.add_argument("--jobs", metavar="N", type=positive_int,
			    default=os.cpu_count() or 1,
			    help="parallel build jobs (default: %(default)s)")
	parser.add_argument("--kunitconfig", metavar="PATH", action="append",
			    help="kunitconfig file or dir for kunit.py instead of "
				 "the default SUBDIR (repeatable; a path that does "
				 "not exist here is taken relative to the kernel tree)")
	return parser


def parse_options(prog, description, argv):
	"""Parse ARGV; what follows "--" is kept in opts.kunit_args."""
	argv = list(argv)
	kunit_args = []
	if "--" in argv:
		split = argv.index("--")
		argv, kunit_args = argv[:split], argv[split + 1:]
	opts = build_parser(prog, description).parse_args(argv)
	opts.kunit_args = kunit_args
	return opts


def main_run(argv):
	"""Entry point of the run script; returns the exit status."""
	opts = parse_options("run", "Build and boot UML with the symexport "
			     "KUnit suites and summarise the results.", argv)
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


def check_kunit(opts):
	"""Run the suites for check; return (passed, failed).

	Skipped cases count as failed, and so does a run that failed without
	a failed case to show for it (bad input, crash, timeout).
	"""
	try:
		suite = run_suite(opts)
	except HarnessError as err:
		print_error(err)
		return 0, 1
	passed, failed, skipped = tally(suite.cases)
	if skipped:
		say("skipped cases are failures under check:")
		for case in suite.cases:
			if case.status == "SKIP":
				print(f"    {case.name}")
	failed += skipped
	if not suite.ok and failed == 0:
		failed = 1
	return passed, failed


def main_check(argv):
	"""Entry point of the check script; returns the exit status."""
	opts = parse_options("check", "Run the symexport KUnit suites (skips "
			     "fail) and the harness's own tests.", argv)
	try:
		kunit_passed, kunit_failed = check_kunit(opts)
		unit_passed, unit_failed = run_harness_tests()
	except KeyboardInterrupt:
		return 128 + signal.SIGINT
	say(f"KUnit: {kunit_passed} passed, {kunit_failed} failed; harness "
	    f"tests: {unit_passed} passed, {unit_failed} failed")
	passed, failed = kunit_passed + unit_passed, kunit_failed + unit_failed
	print(f"{passed} passed, {failed} failed", flush=True)
	return EXIT_OK if failed == 0 else EXIT_FAIL
