# SPDX-License-Identifier: GPL-2.0-only
"""bench: where it measures, and the copy of the project it measures.

The private cache (never the normal one, nor inside the checkout), the
kernel release of a tree, and take_snapshot(): the copy of the project
(its working tree, or a revision as committed) that bench measures, so
that edits made while it runs do not count.  BenchError and note() are
bench's error and progress lines.
"""

import contextlib
import io
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

import harness_kernels

PathArg = Union[str, Path]

class BenchError(Exception):
	"""A step that could not be measured."""


def note(message: str) -> None:
	"""Progress, on stderr so that stdout is the table."""
	print(f"bench: {message}", file=sys.stderr, flush=True)


def normal_cache() -> Path:
	"""The harness's cache of normal runs, from the caller's environment."""
	base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
	return Path(base) / "symexport"


def default_cache() -> Path:
	base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
	return Path(base) / "symexport-bench"


def check_private(cache: Path, normal: Path) -> None:
	"""Refuse a cache whose symexport/ is, holds or is in NORMAL."""
	ours = Path(os.path.realpath(Path(cache) / "symexport"))
	theirs = Path(os.path.realpath(normal))
	if ours == theirs or theirs in ours.parents or ours in theirs.parents:
		raise BenchError(f"--cache {cache} would use {ours}, which is (or "
				 f"overlaps) the normal cache {theirs}: give a "
				 "directory of its own, e.g. ~/.cache/symexport-bench")
	root = Path(os.path.realpath(harness_kernels.PROJECT_ROOT))
	if ours == root or root in ours.parents:
		raise BenchError(f"--cache {cache} is inside the project checkout "
				 f"{root}: give a directory outside it")


def kernel_release(tree: Path) -> Optional[str]:
	"""VERSION.PATCHLEVEL.SUBLEVEL from TREE's Makefile, or None."""
	try:
		text = (Path(tree) / "Makefile").read_text(errors="replace")
	except OSError:
		return None
	parts = [re.search(rf"^{key}\s*=\s*(\d+)\s*$", text, re.M)
		 for key in ("VERSION", "PATCHLEVEL", "SUBLEVEL")]
	return ".".join(m[1] for m in parts if m) or None


def git(root: PathArg, *args: str) -> Optional[bytes]:
	"""Output of git in ROOT (bytes), or None if git fails."""
	try:
		proc = subprocess.run(["git", "-C", str(root), *args],
				      stdin=subprocess.DEVNULL,
				      stdout=subprocess.PIPE,
				      stderr=subprocess.DEVNULL, check=False)
	except OSError:
		return None
	return proc.stdout if proc.returncode == 0 else None


def project_contents(root: Path, rev: Optional[str] = None
		     ) -> Dict[str, Tuple[bytes, int]]:
	"""Map relative path -> (bytes, mode) for the project at ROOT: the
	files git would commit from the working tree, or REV's tree."""
	root = Path(root)
	files = {}
	if rev:
		data = git(root, "archive", "--format=tar", rev)
		if data is None:
			raise BenchError(f"git archive {rev} failed in {root}: give "
					 "--rev a commit of the project")
		with tarfile.open(fileobj=io.BytesIO(data)) as tar:
			for member in tar.getmembers():
				member_file = tar.extractfile(member) \
					if member.isfile() else None
				if member_file is not None:
					files[member.name] = (member_file.read(),
							      member.mode)
		return files
	listed = git(root, "ls-files", "-z", "-co", "--exclude-standard")
	if listed is not None:
		names = [name for name in listed.decode().split("\0") if name]
	else:
		names = []
		for top, dirs, found in os.walk(root):
			dirs[:] = [d for d in dirs if d not in (".git", "__pycache__")]
			names += [os.path.relpath(os.path.join(top, name), root)
				  for name in found]
	for name in names:
		path = root / name
		with contextlib.suppress(OSError):
			if path.is_file() and not path.is_symlink():
				files[name] = (path.read_bytes(),
					       path.stat().st_mode & 0o777)
	return files


def take_snapshot(root: Path, dest: Path, rev: Optional[str] = None
		  ) -> Dict[str, Any]:
	"""Make DEST hold exactly the project's files (only changed ones are
	written); return what was measured."""
	files = project_contents(root, rev)
	dest = Path(dest)
	written = 0
	for name, (data, mode) in files.items():
		path = dest / name
		with contextlib.suppress(OSError):
			if path.read_bytes() == data:
				continue
		path.parent.mkdir(parents=True, exist_ok=True)
		path.write_bytes(data)
		os.chmod(path, mode)
		written += 1
	for top, _, names in os.walk(dest, topdown=False):
		for name in names:
			path = Path(top) / name
			if path.relative_to(dest).as_posix() not in files:
				path.unlink()
		with contextlib.suppress(OSError):
			os.rmdir(top)
	commit = git(root, "rev-parse", rev or "HEAD")
	dirty = None if rev else git(root, "status", "--porcelain")
	return {"source": str(root), "copy": str(dest),
		"rev": rev or "working tree",
		"commit": commit.decode().strip() if commit else None,
		"dirty": None if dirty is None else bool(dirty.strip()),
		"files": len(files), "files_written": written}
