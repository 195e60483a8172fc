# SPDX-License-Identifier: GPL-2.0-only
"""Whether Debian's kernel tree is still the one its tarball holds.

The files whose rules the suites prove, and the tools that build and run
them (WATCHED), are recorded from the tarball once: size and SHA-256 of
each, in a manifest beside the tree.  Every run compares the tree with it
in well under a second: a missing file is put back from the tarball; a
changed one is reported in the summary and the JSON ("kernel/module/main.c
differs from Debian's linux-source-7.3"), since the results are then not
those of Debian's kernel.  mutate changes the tree on purpose, and puts
it back.
"""

import hashlib
import json
import os
import tarfile
from pathlib import Path, PurePosixPath
from typing import Dict, List, Optional, Tuple

from harness_kernels import HarnessError

# Below the tree: directories (ending in /) and file name patterns.
WATCHED = ("kernel/", "scripts/mod/", "lib/kunit/", "tools/testing/kunit/",
	   "include/linux/module", "include/linux/export")

Manifest = Dict[str, Tuple[int, str]]


def watched(path: str) -> bool:
	"""Whether PATH (below the tree) is one the manifest records."""
	return path.startswith(WATCHED) and not path.endswith("/")


def manifest_path(tree: Path) -> Path:
	"""Where TREE's manifest is kept: beside it."""
	return tree.parent / f".{tree.name}.manifest.json"


def digest(data: bytes) -> str:
	"""The SHA-256 of DATA, as hex."""
	return hashlib.sha256(data).hexdigest()


def from_tarball(tarball: Path) -> Manifest:
	"""The manifest of the WATCHED files in TARBALL, whose members are
	below one top directory."""
	found: Manifest = {}
	try:
		with tarfile.open(tarball, mode="r|*") as tar:
			for member in tar:
				path = "/".join(PurePosixPath(member.name).parts[1:])
				member_file = tar.extractfile(member) \
					if member.isfile() and watched(path) else None
				if member_file is not None:
					data = member_file.read()
					found[path] = (len(data), digest(data))
	except (tarfile.TarError, EOFError, OSError) as err:
		raise HarnessError(f"{tarball} cannot be read ({err}): delete it "
				   "and run again to fetch it anew") from None
	return found


def read_manifest(tree: Path) -> Optional[Manifest]:
	"""TREE's manifest, or None if it has none (or an unreadable one)."""
	try:
		data = json.loads(manifest_path(tree).read_text())
	except (OSError, ValueError):
		return None
	return {path: (size, sha) for path, (size, sha) in data.items()}


def write_manifest(tree: Path, manifest: Manifest) -> None:
	"""Keep MANIFEST beside TREE."""
	path = manifest_path(tree)
	tmp = path.with_suffix(".tmp")
	tmp.write_text(json.dumps(manifest, sort_keys=True))
	os.replace(tmp, path)


def compare(tree: Path, manifest: Manifest) -> Tuple[List[str], List[str]]:
	"""Return (missing, changed): the recorded files TREE lacks, and those
	whose size or hash differs.  A file the size already tells apart is
	not read."""
	missing, changed = [], []
	for path, (size, sha) in sorted(manifest.items()):
		full = tree / path
		try:
			if full.stat().st_size != size:
				changed.append(path)
				continue
			if digest(full.read_bytes()) != sha:
				changed.append(path)
		except FileNotFoundError:
			missing.append(path)
	return missing, changed


def restore(tree: Path, tarball: Path, paths: List[str]) -> None:
	"""Put PATHS back into TREE from TARBALL."""
	wanted = set(paths)
	with tarfile.open(tarball, mode="r|*") as tar:
		for member in tar:
			path = "/".join(PurePosixPath(member.name).parts[1:])
			member_file = tar.extractfile(member) \
				if path in wanted else None
			if member_file is not None:
				(tree / path).parent.mkdir(parents=True, exist_ok=True)
				(tree / path).write_bytes(member_file.read())
				wanted.discard(path)
				if not wanted:
					break
	if wanted:
		raise HarnessError(f"{tarball} has no {', '.join(sorted(wanted))}")
