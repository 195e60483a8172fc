# SPDX-License-Identifier: GPL-2.0-only
"""Debian packages: apt-get for missing build tools, a private apt
configuration that fetches a backported linux-source package from the
machine's Debian mirrors, and ccache.
"""

import fcntl
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

# A "deb" source: (uri, [suite], signed_by).
Entry = Tuple[str, List[str], Optional[str]]

from harness_kernels import (APT_SOURCE_PARTS, APT_SOURCES, ARCH_HEADERS,
	ARCH_TOOLS, BACKPORTS, BUILD_TOOLS, DEBIAN_KEYRING, DEFAULT_ARCH,
	DEFAULT_KERNEL, HarnessError, INCLUDE_DIR)
from harness_printer import say


# Build tools

_apt_updated = False


def installing_allowed() -> bool:
	"""False when SYMEXPORT_NO_INSTALL=1 forbids calling apt-get."""
	return os.environ.get("SYMEXPORT_NO_INSTALL") != "1"


def apt_prefix(packages: Sequence[str]) -> List[str]:
	"""Return the command prefix that runs apt-get with root rights."""
	if os.geteuid() == 0:
		return ["env", "DEBIAN_FRONTEND=noninteractive"]
	if shutil.which("sudo"):
		return ["sudo", "env", "DEBIAN_FRONTEND=noninteractive"]
	raise HarnessError(f"install {' '.join(packages)} with apt-get as root, "
			   "or run as root")


def apt_install(packages: Sequence[str]) -> None:
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


def ensure_build_tools(arch: str = DEFAULT_ARCH) -> None:
	"""Install the Debian packages of any missing build tool, and of
	what ARCH needs (QEMU, a cross compiler)."""
	tools = {**BUILD_TOOLS, **ARCH_TOOLS.get(arch, {})}
	headers = ARCH_HEADERS.get(arch, {})
	missing = [cmd for cmd in tools if not shutil.which(cmd)]
	missing_headers = [name for name in headers
			   if not (Path(INCLUDE_DIR) / name).exists()]
	if missing or missing_headers:
		say("missing build tools: " + " ".join(
			missing + [f"{INCLUDE_DIR}/{name}" for name in missing_headers]))
		apt_install(sorted({tools[cmd] for cmd in missing} |
				   {headers[name] for name in missing_headers}))


# ccache: every compiler the kernel builds call through Debian's ccache
# masquerade directory, put first on PATH, so that the command lines (and
# kbuild's .cmd files) stay the same with and without it.  One cache under
# the symexport cache serves every kernel, configuration and machine; the
# configurations of one kernel compile mostly the same code.
CCACHE_MASQUERADE = Path("/usr/lib/ccache")
CCACHE_STATS = ("direct_cache_hit", "preprocessed_cache_hit", "cache_miss")


def ccache_env() -> Dict[str, str]:
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


def optional_tool(command: str, package: str, why: str, without: str
		  ) -> Optional[str]:
	"""Return the path of COMMAND, installing Debian's PACKAGE first if
	it is missing (saying WHY); None, after saying WITHOUT and the
	reason, if it cannot be had."""
	if not shutil.which(command):
		say(f"{command} missing: installing it ({why})")
		try:
			apt_install([package])
		except HarnessError as err:
			say(f"{without}: {err}")
			return None
	path = shutil.which(command)
	if path is None:
		say(f"{without}: no {command} after installing {package}")
	return path


def use_ccache() -> bool:
	"""Install ccache if missing (unless SYMEXPORT_CCACHE=0) and route
	this process's builds through it; return True if it is in use."""
	if os.environ.get("SYMEXPORT_CCACHE") == "0":
		return False
	if optional_tool("ccache", "ccache", "kernel builds share one cache",
			 "building without ccache") is None:
		return False
	env = ccache_env()
	os.environ.update(env)
	return bool(env)


def ccache_stats() -> Dict[str, int]:
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


def ccache_counts(before: Dict[str, int], after: Dict[str, int]
		  ) -> Tuple[int, int]:
	"""Return (hits, misses) of the compilations between stats BEFORE
	and AFTER."""
	delta = {name: after.get(name, 0) - before.get(name, 0)
		 for name in CCACHE_STATS}
	return (delta["direct_cache_hit"] + delta["preprocessed_cache_hit"],
		delta["cache_miss"])


def ccache_summary(before: Dict[str, int], after: Dict[str, int]) -> str:
	"""Return a line on the compilations between stats BEFORE and AFTER."""
	hits, misses = ccache_counts(before, after)
	total = hits + misses
	if total == 0:
		return "ccache: no compilation"
	return (f"ccache: {hits} of {total} compilations were hits "
		f"({100 * hits // total}%), {misses} misses")


# The symexport cache and Debian's kernel source packages

def cache_dir() -> Path:
	"""Return $XDG_CACHE_HOME/symexport, or ~/.cache/symexport."""
	base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
	return Path(base) / "symexport"


def debian_source(kernel: str = DEFAULT_KERNEL) -> str:
	"""Return the name of Debian's source package of KERNEL ("6.12")."""
	return f"linux-source-{kernel}"


def source_tarball(kernel: str = DEFAULT_KERNEL) -> Path:
	"""Return where Debian's linux-source-KERNEL puts its tarball: below
	/usr/src when installed, in the symexport cache when fetched from
	BACKPORTS."""
	name = debian_source(kernel) + ".tar.xz"
	if kernel in BACKPORTS:
		return cache_dir() / name
	return Path("/usr/src") / name


def debian_mirrors(sources: Optional[str] = None, parts: Optional[str] = None
		   ) -> List[Tuple[str, Optional[str]]]:
	"""Return [(uri, signed_by)] of the machine's Debian archive sources.

	Reads the one-line (sources.list, *.list) and deb822 (*.sources)
	formats; a source counts if its suites are Debian's ("bookworm",
	"bookworm-updates", not "-security", which lives elsewhere) and its
	URI ends in /debian.  signed_by is the keyring it names, or None.
	"""
	sources_path = Path(sources or APT_SOURCES)
	parts_path = Path(parts or APT_SOURCE_PARTS)
	files = [sources_path] + sorted(parts_path.glob("*.list")) + \
		sorted(parts_path.glob("*.sources"))
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


def one_line_entries(text: str) -> Iterator[Entry]:
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


def deb822_entries(text: str) -> Iterator[Entry]:
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


def private_apt(apt_dir: Path, uri: str, suite: str,
		signed_by: Optional[str]) -> List[str]:
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


def fetch_backported_source(kernel: str, dest: Path) -> Path:
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


def apt_problem(result: "subprocess.CompletedProcess[str]") -> Optional[str]:
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


def ensure_backported_tarball(kernel: str) -> Path:
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
