# SPDX-License-Identifier: GPL-2.0-only
"""One run at a time on a kernel tree and its build directories.

A run installs the project into the tree and builds in build directories
named after it; mutate changes the tree's loader.  Two of them at once
give each other false results, so each holds an flock(2) on a file beside
the tree for as long as it works there.  The second waits, saying for
which run (its PID and command line), or with --no-wait exits 2.  The
lock goes with the process, however it ends.  A run that mutate starts
while it holds the lock finds HELD_ENV naming the lock, and works under it.
"""

import contextlib
import fcntl
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

from harness_kernels import HarnessError

# Set by a holder of a tree's lock (mutate) for the runs it starts there:
# the path of the lock they work under.
HELD_ENV = "SYMEXPORT_TREE_LOCK_HELD"


def lock_path(tree: Path) -> Path:
	"""The lock file of TREE: beside it, not in it (the tree is a copy
	that format-patch and the user may read)."""
	tree = Path(os.path.abspath(tree))
	return tree.parent / f".{tree.name}.symexport-lock"


def holder(path: Path) -> str:
	"""Who holds the lock at PATH, as it wrote itself there."""
	try:
		return path.read_text().strip() or "another run"
	except OSError:
		return "another run"


@contextlib.contextmanager
def tree_lock(tree: Path, wait: bool = True,
	      say: Callable[[str], None] = print) -> Iterator[None]:
	"""Hold TREE's lock inside the block; wait for it (saying so) or,
	unless WAIT, raise HarnessError if another run holds it."""
	path = lock_path(tree)
	if os.environ.get(HELD_ENV) == str(path):
		yield		# the process that started this one holds it
		return
	fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
	try:
		try:
			fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
		except BlockingIOError:
			who = holder(path)
			if not wait:
				raise HarnessError(f"{tree} is in use by {who}: wait "
						   "for it to end, or run without "
						   "--no-wait to wait") from None
			say(f"waiting for {who} to end: it is using {tree}")
			fcntl.flock(fd, fcntl.LOCK_EX)
		os.ftruncate(fd, 0)
		os.pwrite(fd, f"PID {os.getpid()} ({' '.join(sys.argv)})\n"
			  .encode(), 0)
		yield
	finally:
		os.close(fd)


# In the tree while mutate has a mutant applied: the mutated file's path
# and its unmutated text.
MUTANT_BACKUP = ".symexport-mutant-backup"


def recover_mutant(tree: Path) -> Optional[str]:
	"""Put back the file a mutate that was killed left mutated in TREE;
	return its path, or None if there was none.  Not for a run that
	mutate started (HELD_ENV): its mutant is meant."""
	backup = Path(tree) / MUTANT_BACKUP
	if os.environ.get(HELD_ENV) or not backup.exists():
		return None
	name, _, text = backup.read_text().partition("\n")
	(Path(tree) / name).write_text(text)
	backup.unlink()
	return name
