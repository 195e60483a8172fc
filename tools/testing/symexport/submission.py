# SPDX-License-Identifier: GPL-2.0-only
"""Turn the symexport project into a kernel patch series, and lint it.

format_patch() builds a throw-away git repository from a clean copy of the
kernel files that the series touches (read from Debian's linux-source
tarball, or from a kernel tree given with --kernel-src, never from the
harness's tree, which has lib/symexport installed already), commits SERIES
on top of them and writes `git format-patch --cover-letter` into OUTDIR.
The patches apply with `git am` to the whole kernel tree, and checkpatch.pl
--strict is run on each of them when a kernel tree is at hand.

What goes in: every file that git tracks (at --rev, HEAD by default, so
that uncommitted edits do not leak into a series) among the files the
harness installs as lib/symexport (harness_kernels.PROJECT_FILES and
harness_kernels.PROJECT_DIRS: Kconfig, Makefile, .kunitconfig, kunit/, providers/,
consumers/, configs/), and Documentation/dev-tools/symexport.rst.  The
series also hooks lib/symexport into lib/Kconfig.debug (next to TEST_KMOD,
under "Runtime Testing", where the other module-loader tests are) and
lib/Makefile, lists the document in Documentation/dev-tools/index.rst and
adds MAINTAINERS.symexport to MAINTAINERS in alphabetical order.

What stays out: tools/testing/symexport (NOT_SUBMITTED_WHY).  kunit.py
alone runs every case that needs one kernel configuration and one boot;
the others skip and say what they need, and the documentation says how to
give it to them.  A series based on the newest kernel the project knows
(7.3) also leaves out kunit/symexport_compat.h and every conditional for
older kernels (submission_compat): compatibility code belongs to the
long-term branches; a series based on an older tree keeps them.

checkpatch.pl warns about every patch that adds a file without touching
MAINTAINERS, however well an F: line of an earlier patch covers the file.
So the F: lines of MAINTAINERS.symexport are one per directory of
lib/symexport (plus "lib/symexport/*" for its top files), which together
cover what a single "F: lib/symexport/" would, and each patch adds the
lines of the directories it brings: 1. the modules (top files, providers/,
consumers/, and the Kconfig.debug and Makefile hooks), 2. the helpers and
the suites (kunit/, configs/, .kunitconfig), 3. the documentation.
plan_maintainers() enforces that, and that an F: line covers every file.
Each patch builds: patch 1 adds lib/symexport/Makefile without its kunit/
line (Patch.withhold), which patch 2 adds.

lint() runs checkpatch.pl -f and kernel-doc over the project's own files;
undocumented_cases() lists suites and cases that the document lacks.

The modules, each importing only from those listed before it:

  submission_series       the series (data): patches, hooks, cover letter
  submission_maintainers  the MAINTAINERS section: read, placed, split up
  submission_lint         lint(), undocumented_cases(), checkpatch_patches()
  submission_compat       for_kernel(): the series for the newest kernel
                          leaves out what only older kernels need
  submission              git, the project's and the kernel's files, the
                          commits, format_patch() and the command line
"""

import argparse
import fnmatch
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import (Any, Dict, Iterable, List, Optional, Sequence, Tuple,
		    Union)

import harness_kernels
import harness_apt
import harness_tree
import submission_compat
from submission_series import (BASE_FILES, BODY_WIDTH, COVER_BODY,
	COVER_SUBJECT, DOC, KERNEL_SUBDIR, MAINTAINERS, MAINTAINERS_FRAGMENT,
	Edit, Patch, SERIES, SUBJECT_MAX, SUBJECT_PREFIXES, SubmissionError)
from harness_tree import PathArg
from submission_maintainers import maintainers_add, parse_entry, plan_maintainers
from submission_lint import checkpatch_patches, lint, undocumented_cases

# The submitted files at a commit: {kernel path: (bytes, executable)}.
Blobs = Dict[str, Tuple[bytes, bool]]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = harness_kernels.EXIT_OK, harness_kernels.EXIT_FAIL, \
	harness_kernels.EXIT_USAGE


# ---------------------------------------------------------------------------
# git


def git(args: Sequence[str], cwd: PathArg, env: Optional[Dict[str, str]] = None,
	data: Any = None, text: bool = True) -> Any:
	"""Run git ARGS in CWD and return its stdout; SubmissionError if it
	fails."""
	try:
		proc = subprocess.run(["git"] + list(args), cwd=cwd, env=env,
				      input=data, capture_output=True, text=text,
				      check=False)
	except FileNotFoundError:
		raise SubmissionError("git is not installed: apt-get install "
				      "git") from None
	if proc.returncode != 0:
		err = proc.stderr if text else proc.stderr.decode(errors="replace")
		raise SubmissionError(f"git {' '.join(args)} failed in {cwd}: "
				      f"{err.strip()}")
	return proc.stdout


def identity(project_root: PathArg) -> Tuple[str, ...]:
	"""Return (name, email) of git config user.name/user.email in the
	project."""
	values = []
	for key in ("user.name", "user.email"):
		try:
			value = git(["config", key], project_root).strip()
		except SubmissionError:
			value = ""
		if not value:
			raise SubmissionError(f"git config {key} is not set in "
					      f"{project_root}: it signs the "
					      "patches off")
		values.append(value)
	return tuple(values)


def isolated_env(name: str, email: str, date: str) -> Dict[str, str]:
	"""An environment for git that ignores the user's and the system's
	configuration and commits as NAME <EMAIL> at DATE."""
	env = dict(os.environ)
	for key in list(env):
		if key.startswith("GIT_"):
			del env[key]
	env.update({
		"GIT_CONFIG_NOSYSTEM": "1",
		"GIT_CONFIG_GLOBAL": os.devnull,
		"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
		"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
		"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
		"LC_ALL": "C",
	})
	return env


# ---------------------------------------------------------------------------
# The project's files and where they go


def kernel_path(path: str) -> Optional[str]:
	"""Return where the project file PATH goes in the kernel tree, or None
	if it is not submitted."""
	if path == DOC:
		return DOC
	parts = PurePosixPath(path).parts
	if path in harness_kernels.PROJECT_FILES:
		return f"{KERNEL_SUBDIR}/{path}"
	if len(parts) < 2 or parts[0] not in harness_kernels.PROJECT_DIRS:
		return None
	if any(part == "__pycache__" for part in parts):
		return None
	if any(fnmatch.fnmatchcase(parts[-1], pat)
	       for pat in harness_kernels.ARTIFACT_PATTERNS):
		return None
	return f"{KERNEL_SUBDIR}/{path}"


def submitted_files(paths: Iterable[str]) -> Dict[str, str]:
	"""Map kernel path -> project path for the submitted ones of PATHS."""
	files = {}
	for path in paths:
		target = kernel_path(path)
		if target:
			files[target] = path
	return files


def project_blobs(project_root: PathArg, rev: str) -> Blobs:
	"""Return {kernel path: (bytes, executable)} of the submitted files
	as committed at REV."""
	listed = git(["ls-tree", "-r", "-z", "--name-only", rev],
		     project_root).split("\0")
	files = submitted_files(p for p in listed if p)
	if DOC not in files:
		raise SubmissionError(f"{DOC} is not committed at {rev}")
	if not any(k.startswith(KERNEL_SUBDIR + "/") for k in files):
		raise SubmissionError(f"no project files are committed at {rev}")
	archive = git(["archive", "--format=tar", rev, "--"] +
		      sorted(files.values()), project_root, text=False)
	blobs = {}
	by_project = {v: k for k, v in files.items()}
	with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
		for member in tar:
			member_file = tar.extractfile(member) \
				if member.isfile() and member.name in by_project \
				else None
			if member_file is not None:
				data = member_file.read()
				blobs[by_project[member.name]] = (
					data, bool(member.mode & 0o111))
	return blobs


def read_fragment(project_root: PathArg, rev: str
		  ) -> Tuple[str, List[Tuple[str, str]]]:
	"""Return MAINTAINERS.symexport at REV as (title, [lines])."""
	text = git(["show", f"{rev}:{MAINTAINERS_FRAGMENT}"], project_root)
	return parse_entry(text)


# ---------------------------------------------------------------------------
# The clean kernel files


def base_from_tree(tree: PathArg) -> Dict[str, str]:
	"""Return {path: text} of BASE_FILES in the kernel tree TREE."""
	tree = Path(tree)
	if (tree / KERNEL_SUBDIR).exists():
		raise SubmissionError(f"{tree} has {KERNEL_SUBDIR} already (the "
				      "harness's tree?): give a clean kernel "
				      "tree, or omit --kernel-src")
	files = {}
	for path in BASE_FILES:
		if not (tree / path).is_file():
			raise SubmissionError(f"{tree} has no {path}: not a kernel "
					      "tree")
		files[path] = (tree / path).read_text(encoding="utf-8")
	return files


def base_from_tarball(tarball: PathArg) -> Dict[str, str]:
	"""Return {path: text} of BASE_FILES in a kernel source tarball whose
	members are below one top directory."""
	if not Path(tarball).is_file():
		raise SubmissionError(f"{tarball} is missing: apt-get install "
				      f"{harness_tree.DEBIAN_SOURCE}, or give "
				      "--kernel-src")
	files = {}
	try:
		with tarfile.open(tarball, mode="r|*") as tar:
			for member in tar:
				parts = PurePosixPath(member.name).parts
				path = "/".join(parts[1:])
				member_file = tar.extractfile(member) \
					if member.isfile() and path in BASE_FILES \
					else None
				if member_file is not None:
					files[path] = member_file.read().decode("utf-8")
					if len(files) == len(BASE_FILES):
						break
	except (tarfile.TarError, EOFError, OSError) as err:
		raise SubmissionError(f"{tarball} cannot be read ({err}): it is "
				      "truncated or corrupt; delete it and run "
				      "tools/testing/symexport/run, which "
				      "fetches it again") from None
	missing = sorted(set(BASE_FILES) - set(files))
	if missing:
		raise SubmissionError(f"{tarball} has no {', '.join(missing)}")
	return files


def kernel_version(makefile: str) -> str:
	"""Return "VERSION.PATCHLEVEL.SUBLEVEL" from the top Makefile's text."""
	fields = {}
	for key in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
		match = re.search(rf"^{key} = *(\d+)", makefile, re.M)
		if not match:
			raise SubmissionError(f"the top Makefile has no {key}")
		fields[key] = match.group(1)
	return "{VERSION}.{PATCHLEVEL}.{SUBLEVEL}".format(**fields)


def version_tuple(version: str) -> Tuple[int, ...]:
	"""Return "7.3.4" as (7, 3, 4)."""
	return tuple(int(x) for x in version.split("."))


def is_mainline(version: str) -> bool:
	"""Whether a series based on VERSION ("7.3.4") is for the newest
	kernel the project knows, and so leaves out what only older kernels
	need (submission_compat)."""
	return version_tuple(version)[:2] >= version_tuple(harness_kernels.DEFAULT_KERNEL)


def check_clean(base: Dict[str, str]) -> None:
	"""Refuse kernel files that have symexport in them already."""
	name = PurePosixPath(KERNEL_SUBDIR).name
	for path in ("lib/Kconfig.debug", "lib/Makefile", MAINTAINERS):
		if re.search(rf"\b{name}/", base[path]):
			raise SubmissionError(
				f"{path} already mentions {name}/: give a clean "
				"kernel tree (not the harness's) or omit "
				"--kernel-src")


# ---------------------------------------------------------------------------
# Edits of kernel files


def apply_edit(text: str, edit: Edit) -> str:
	"""Return TEXT with EDIT applied; SubmissionError if its anchor is
	missing or ambiguous."""
	lines = text.splitlines(keepends=True)
	anchors = [i for i, line in enumerate(lines)
		   if re.match(edit.anchor, line.rstrip("\n"))]
	if len(anchors) != 1:
		raise SubmissionError(f"{edit.path}: {len(anchors)} lines match "
				      f"{edit.anchor!r}, expected one")
	at = anchors[0] + 1
	if edit.before:
		while at < len(lines) and not re.match(edit.before, lines[at]):
			at += 1
		if at == len(lines):
			raise SubmissionError(f"{edit.path}: nothing after "
					      f"{edit.anchor!r} matches "
					      f"{edit.before!r}")
	return "".join(lines[:at]) + edit.text + "".join(lines[at:])


# ---------------------------------------------------------------------------
# The series


def split_files(blobs: Blobs, series: Sequence[Patch] = SERIES
		) -> List[List[str]]:
	"""Return, per patch of SERIES, the sorted kernel paths it adds; every
	file must belong to exactly one patch."""
	parts = []
	for patch in series:
		parts.append(sorted(
			path for path in blobs
			if any(path == p or (p.endswith("/") and
					     path.startswith(p))
			       for p in patch.prefixes)))
	seen: Dict[str, int] = {}
	for i, files in enumerate(parts):
		for path in files:
			if path in seen:
				raise SubmissionError(f"{path} is in patches "
						      f"{seen[path] + 1} and "
						      f"{i + 1}")
			seen[path] = i
	left = sorted(set(blobs) - set(seen))
	if left:
		raise SubmissionError(f"no patch takes {', '.join(left)}")
	return parts


def commit_message(patch: Patch, name: str, email: str) -> str:
	"""Return the commit message of PATCH signed off by NAME <EMAIL>."""
	if not patch.subject.startswith(SUBJECT_PREFIXES):
		raise SubmissionError(f"subject {patch.subject!r} does not start "
				      f"with one of {SUBJECT_PREFIXES}")
	if len(patch.subject) > SUBJECT_MAX:
		raise SubmissionError(f"subject {patch.subject!r} is longer than "
				      f"{SUBJECT_MAX} characters")
	for line in patch.body.splitlines():
		if len(line) > BODY_WIDTH:
			raise SubmissionError(f"commit message line longer than "
					      f"{BODY_WIDTH}: {line!r}")
	return (f"{patch.subject}\n\n{patch.body.strip()}\n\n"
		f"Signed-off-by: {name} <{email}>\n")


def check_withheld(series: Sequence[Patch], files: Sequence[Sequence[str]]
		   ) -> Dict[str, Tuple[Patch, str]]:
	"""Return {path: (patch, regex)} of the withheld files; each must be
	a file of its patch and be completed by exactly one later patch."""
	withheld = {}
	for i, patch in enumerate(series):
		for path, regex in patch.withhold:
			if path not in files[i]:
				raise SubmissionError(f"patch {i + 1} withholds "
						      f"lines of {path}, which it "
						      "does not add")
			later = [j for j in range(i + 1, len(series))
				 if path in series[j].completes]
			if len(later) != 1:
				raise SubmissionError(f"{path}: {len(later)} later "
						      "patches complete it, "
						      "expected one")
			withheld[path] = (patch, regex)
	for i, patch in enumerate(series):
		for path in patch.completes:
			if path not in withheld:
				raise SubmissionError(f"patch {i + 1} completes "
						      f"{path}, which no earlier "
						      "patch withholds")
	return withheld


def withhold_lines(path: str, data: bytes, regex: str) -> bytes:
	"""Return DATA without its lines that match REGEX; there must be
	some."""
	lines = data.decode("utf-8").splitlines(keepends=True)
	kept = [line for line in lines if not re.match(regex, line.rstrip("\n"))]
	if len(kept) == len(lines):
		raise SubmissionError(f"{path}: no line matches {regex!r} to "
				      "withhold")
	return "".join(kept).encode("utf-8")


def write_file(root: PathArg, path: str, data: Union[bytes, str],
	       executable: bool = False) -> None:
	"""Write DATA (bytes or str) to ROOT/PATH."""
	target = Path(root) / path
	target.parent.mkdir(parents=True, exist_ok=True)
	if isinstance(data, str):
		data = data.encode("utf-8")
	target.write_bytes(data)
	target.chmod(0o755 if executable else 0o644)


def build_repo(repo: PathArg, base: Dict[str, str], blobs: Blobs,
	       fragment: Tuple[str, List[Tuple[str, str]]], name: str,
	       email: str, date: str, series: Sequence[Patch] = SERIES) -> str:
	"""Commit BASE and then SERIES in the new git repository REPO; return
	the base commit."""
	env = isolated_env(name, email, date)
	git(["init", "-q", "-b", "symexport"], repo, env)
	for path, contents in base.items():
		write_file(repo, path, contents)
	git(["add", "-A"], repo, env)
	git(["commit", "-q", "-m", "base: the kernel files the series touches"],
	    repo, env)
	base_commit = git(["rev-parse", "HEAD"], repo, env).strip()

	files = split_files(blobs, series)
	title, fields = fragment
	plan = plan_maintainers(files, fields)
	withheld = check_withheld(series, files)
	text = dict(base)
	for patch, paths, adds in zip(series, files, plan):
		for path in paths:
			data, executable = blobs[path]
			if path in withheld and patch is withheld[path][0]:
				data = withhold_lines(path, data,
						      withheld[path][1])
			write_file(repo, path, data, executable)
		for path in patch.completes:
			data, executable = blobs[path]
			write_file(repo, path, data, executable)
		for edit in patch.edits:
			text[edit.path] = apply_edit(text[edit.path], edit)
			write_file(repo, edit.path, text[edit.path])
		if adds:
			text[MAINTAINERS] = maintainers_add(text[MAINTAINERS],
							    title, adds)
			write_file(repo, MAINTAINERS, text[MAINTAINERS])
		git(["add", "-A"], repo, env)
		git(["commit", "-q", "-F", "-"], repo, env,
		    data=commit_message(patch, name, email))
	return base_commit


def cover_description(version: str) -> str:
	"""The branch description that becomes the cover letter."""
	return f"{COVER_SUBJECT}\n\n" + COVER_BODY.format(
		base=f"Linux {version}")


def format_patch(project_root: PathArg, outdir: PathArg, base: Dict[str, str],
		 rev: str = "HEAD", reroll: Optional[int] = None,
		 subject_prefix: str = "PATCH",
		 series: Sequence[Patch] = SERIES) -> List[Path]:
	"""Write the series with a cover letter into OUTDIR; return the
	files written, cover letter first.  The same project commit and
	kernel files give the same bytes: the commits carry REV's date, and
	there are no Message-Ids (git send-email threads the mails).  Based
	on the newest kernel the project knows (is_mainline()), the series
	leaves out what only older kernels need (submission_compat)."""
	project_root = Path(project_root)
	check_clean(base)
	name, email = identity(project_root)
	date = git(["log", "-1", "--format=%cI", rev], project_root).strip()
	blobs = project_blobs(project_root, rev)
	version = kernel_version(base["Makefile"])
	if is_mainline(version):
		blobs = submission_compat.for_kernel(blobs, version_tuple(version))
	fragment = read_fragment(project_root, rev)
	outdir = Path(outdir)
	if outdir.exists() and any(outdir.glob("*.patch")):
		raise SubmissionError(f"{outdir} has .patch files already: "
				      "remove them or choose another directory")
	outdir.mkdir(parents=True, exist_ok=True)
	with tempfile.TemporaryDirectory(prefix="symexport-series-") as repo:
		base_commit = build_repo(repo, base, blobs, fragment, name, email,
					 date, series)
		env = isolated_env(name, email, date)
		git(["config", "branch.symexport.description",
		     cover_description(version)], repo, env)
		args = ["format-patch", "--cover-letter",
			"--cover-from-description=subject",
			f"--subject-prefix={subject_prefix}", "-o",
			str(outdir.resolve())]
		if reroll:
			args.append(f"--reroll-count={reroll}")
		written = git(args + [f"{base_commit}..symexport"], repo, env)
	return [Path(line) for line in written.splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Command line


def build_parser() -> argparse.ArgumentParser:
	"""The format-patch command line."""
	parser = argparse.ArgumentParser(
		prog="format-patch",
		description="Write the symexport kernel patch series, with a "
			    "cover letter, into OUTDIR, and run checkpatch.pl "
			    "--strict on it.",
		epilog="The kernel files the series changes are read from "
		       f"{harness_tree.SOURCE_TARBALL} unless --kernel-src is "
		       "given; checkpatch.pl comes from --kernel-src, or else "
		       f"from {harness_tree.default_kernel_src()}.")
	parser.add_argument("outdir", metavar="OUTDIR", nargs="?",
			    help="where the patches go")
	parser.add_argument("--kernel-src", metavar="TREE",
			    help="a clean kernel tree to base the series on")
	parser.add_argument("--rev", default="HEAD",
			    help="the project commit to submit "
				 "(default: %(default)s)")
	parser.add_argument("-v", "--reroll-count", metavar="N", type=int,
			    help="mark the series as the N-th version")
	parser.add_argument("--subject-prefix", default="PATCH",
			    help="(default: %(default)s)")
	parser.add_argument("--no-checkpatch", action="store_true",
			    help="do not run checkpatch.pl on the patches")
	parser.add_argument("--lint-only", action="store_true",
			    help="write no patches: run checkpatch.pl -f and "
				 "kernel-doc over the project's files, and "
				 "list the cases the documentation lacks")
	return parser


def checkpatch_tree(opts: argparse.Namespace) -> Optional[Path]:
	"""The kernel tree whose checkpatch.pl is used, or None."""
	if opts.kernel_src:
		return Path(opts.kernel_src)
	tree = harness_tree.default_kernel_src()
	return tree if (tree / "scripts" / "checkpatch.pl").is_file() else None


def report(problems: Sequence[str]) -> int:
	"""Print PROBLEMS; return the exit status."""
	for line in problems:
		print(line)
	print(f"{len(problems)} problems", flush=True)
	return EXIT_FAIL if problems else EXIT_OK


def main(argv: Sequence[str]) -> int:
	"""Entry point of the format-patch script; returns the exit status."""
	parser = build_parser()
	opts = parser.parse_args(argv)
	try:
		if opts.lint_only:
			tree = checkpatch_tree(opts)
			if tree is None:
				raise SubmissionError("no kernel tree for "
						      "checkpatch.pl: give "
						      "--kernel-src")
			return report(lint(tree) + undocumented_cases())
		if not opts.outdir:
			parser.error("OUTDIR is required")
		if opts.kernel_src:
			base = base_from_tree(opts.kernel_src)
		elif harness_kernels.DEFAULT_KERNEL in harness_kernels.BACKPORTS:
			base = base_from_tarball(harness_apt.ensure_backported_tarball(
				harness_kernels.DEFAULT_KERNEL))
		else:
			base = base_from_tarball(harness_tree.SOURCE_TARBALL)
		patches = format_patch(harness_kernels.PROJECT_ROOT, opts.outdir, base,
				       rev=opts.rev, reroll=opts.reroll_count,
				       subject_prefix=opts.subject_prefix)
		for path in patches:
			print(path)
		version = kernel_version(base["Makefile"])
		if is_mainline(version):
			print(f"format-patch: based on Linux {version}: left out "
			      f"{submission_compat.COMPAT_HEADER} and the code for "
			      "older kernels (submission_compat.py)")
		else:
			print(f"format-patch: based on Linux {version}, older than "
			      f"{harness_kernels.DEFAULT_KERNEL}: the series keeps "
			      "the code for older kernels, as a long-term "
			      "branch's would")
		print(f"format-patch: apply with: git am --empty=drop "
		      f"{opts.outdir}/*.patch (plain git am stops at the cover "
		      "letter: \"Patch is empty\")", flush=True)
		if opts.no_checkpatch:
			return EXIT_OK
		tree = checkpatch_tree(opts)
		if tree is None:
			print("format-patch: checkpatch.pl not run: no kernel "
			      "tree (give --kernel-src)", file=sys.stderr)
			return EXIT_OK
		return report(checkpatch_patches(tree, patches[1:]))
	except (SubmissionError, harness_kernels.HarnessError) as err:
		print(f"format-patch: error: {err}", file=sys.stderr)
		return EXIT_USAGE
