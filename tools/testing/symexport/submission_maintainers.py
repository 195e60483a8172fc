# SPDX-License-Identifier: GPL-2.0-only
"""The MAINTAINERS section of the series: read, placed and split up.

parse_entry() reads MAINTAINERS.symexport; maintainers_add() puts its
fields into MAINTAINERS where parse-maintainers.pl would (the section in
alphabetical order, the fields in checkpatch's order); plan_maintainers()
gives each patch the F: lines of the files it adds first, because
checkpatch asks every patch that adds a file to touch MAINTAINERS.
"""

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from submission_series import MAINTAINERS_FRAGMENT, SubmissionError


ENTRY_LINE = re.compile(r"^([A-Z]):\t(\S.*)$")
TYPE_ORDER = "MRLSWQBCPTFXNK"	# checkpatch's and parse-maintainers' order


def parse_entry(text: str) -> Tuple[str, List[Tuple[str, str]]]:
	"""Parse one MAINTAINERS section: return (title, [(type, value)])."""
	lines = [line for line in text.splitlines() if line.strip()]
	if not lines:
		raise SubmissionError(f"{MAINTAINERS_FRAGMENT} is empty")
	title, fields = lines[0], []
	if ENTRY_LINE.match(title):
		raise SubmissionError(f"{MAINTAINERS_FRAGMENT} must start with "
				      "the section title")
	for line in lines[1:]:
		match = ENTRY_LINE.match(line)
		if not match or match.group(1) not in TYPE_ORDER:
			raise SubmissionError(f"{MAINTAINERS_FRAGMENT}: bad line "
					      f"{line!r} (TYPE:<tab>value)")
		fields.append((match.group(1), match.group(2)))
	return title, fields


def section_key(title: str) -> str:
	"""parse-maintainers.pl's order: case-insensitive, THE REST last."""
	return title.upper().replace("THE REST", "ZZZZZZ")


def entry_field(line: str) -> Tuple[str, str]:
	"""Return (type, value) of a MAINTAINERS field line."""
	match = ENTRY_LINE.match(line)
	if match is None:
		raise SubmissionError(f"MAINTAINERS: not a field line: {line!r}")
	return match.group(1), match.group(2)


def field_key(field: Tuple[str, str]) -> Tuple[int, str]:
	"""Type in TYPE_ORDER, then F: and X: patterns in byte order."""
	kind, value = field
	return (TYPE_ORDER.index(kind), value if kind in "FX" else "")


def section_titles(lines: Sequence[str]) -> List[int]:
	"""Return the indexes of the section titles in MAINTAINERS LINES: a
	line after a blank one and before a TYPE:<tab>value line."""
	return [i for i in range(1, len(lines) - 1)
		if not lines[i - 1].strip() and lines[i].strip()
		and not ENTRY_LINE.match(lines[i])
		and ENTRY_LINE.match(lines[i + 1])]


def sorted_backbone(keys: Sequence[str]) -> List[int]:
	"""Return the indexes of a longest increasing run of KEYS (not
	necessarily adjacent): the titles that are in order."""
	tails: List[str] = []
	tail_at: List[int] = []
	before: List[Optional[int]] = [None] * len(keys)
	for i, key in enumerate(keys):
		pos = bisect.bisect_left(tails, key)
		before[i] = tail_at[pos - 1] if pos else None
		if pos == len(tails):
			tails.append(key)
			tail_at.append(i)
		else:
			tails[pos], tail_at[pos] = key, i
	chain: List[int] = []
	at: Optional[int] = tail_at[-1] if tail_at else None
	while at is not None:
		chain.append(at)
		at = before[at]
	return chain[::-1]


def insertion_slot(titles: Sequence[str], title: str) -> int:
	"""Return where TITLE goes among TITLES (before titles[slot]).
	MAINTAINERS is sorted but not perfectly, so the first larger title is
	not always the place: TITLE goes before the first larger title of
	the longest run of titles that are in order."""
	keys = [section_key(t) for t in titles]
	key = section_key(title)
	for i in sorted_backbone(keys):
		if keys[i] > key:
			return i
	return len(titles)


def maintainers_add(text: str, title: str,
		    fields: Sequence[Tuple[str, str]]) -> str:
	"""Return MAINTAINERS TEXT with FIELDS added to section TITLE, which
	is created in alphabetical order if it does not exist.  Fields are
	kept in TYPE_ORDER, and F: lines sorted."""
	lines = text.split("\n")
	titles = section_titles(lines)
	if not titles:
		raise SubmissionError("MAINTAINERS has no sections")
	ours = [i for i in titles if lines[i] == title]
	if not ours:
		block = [title] + [f"{k}:\t{v}" for k, v in
				   sorted(fields, key=field_key)]
		slot = insertion_slot([lines[i] for i in titles], title)
		if slot < len(titles):
			at = titles[slot]
			lines[at:at] = block + [""]
		else:
			at = len(lines)
			while lines[at - 1] == "":
				at -= 1
			lines[at:at] = [""] + block
		return "\n".join(lines)
	start = ours[0] + 1
	end = start
	while end < len(lines) and ENTRY_LINE.match(lines[end]):
		end += 1
	existing = [entry_field(line) for line in lines[start:end]]
	for field in fields:
		if field in existing:
			raise SubmissionError(f"MAINTAINERS: {title} already has "
					      f"{field[0]}: {field[1]}")
	merged = sorted(existing + list(fields), key=field_key)
	lines[start:end] = [f"{k}:\t{v}" for k, v in merged]
	return "\n".join(lines)


def pattern_matches(pattern: str, path: str) -> bool:
	"""Whether a MAINTAINERS F: PATTERN covers PATH, as get_maintainer.pl
	reads it: "dir/" is everything below dir, and a wildcard does not
	cross a "/" ("dir/*" is the files in dir, not below)."""
	if pattern.endswith("/"):
		return path.startswith(pattern)
	regex = "".join("[^/]*" if c == "*" else "[^/]" if c == "?"
			else re.escape(c) for c in pattern)
	return re.fullmatch(regex, path) is not None


def plan_maintainers(series_files: Sequence[Sequence[str]],
		     fields: Sequence[Tuple[str, str]]) -> List[List[Tuple[str, str]]]:
	"""Return, per patch, the MAINTAINERS fields it adds: the patch that
	adds the first file an F: line covers adds that line, and the first
	patch adds every other field.  Every patch that adds files must add
	a field (checkpatch asks for it), and every F: line must cover a
	file."""
	plan: List[List[Tuple[str, str]]] = [[] for _ in series_files]
	for kind, value in fields:
		if kind != "F":
			plan[0].append((kind, value))
			continue
		owner = next((i for i, files in enumerate(series_files)
			      if any(pattern_matches(value, f) for f in files)),
			     None)
		if owner is None:
			raise SubmissionError(f"{MAINTAINERS_FRAGMENT}: F: {value} "
					      "covers no file of the series")
		plan[owner].append((kind, value))
	patterns = [value for kind, value in fields if kind == "F"]
	for files in series_files:
		for path in files:
			if not any(pattern_matches(p, path) for p in patterns):
				raise SubmissionError(
					f"no F: line of {MAINTAINERS_FRAGMENT} "
					f"covers {path}")
	for i, files in enumerate(series_files):
		if files and not any(k == "F" for k, _ in plan[i]):
			raise SubmissionError(
				f"patch {i + 1} adds files but no MAINTAINERS F: "
				"line covers them first; checkpatch would ask "
				"\"does MAINTAINERS need updating?\"")
	return plan
