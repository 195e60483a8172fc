# SPDX-License-Identifier: GPL-2.0-only
"""Generated mutants: every standard operator on every statement of the
loader's functions that decide about exported symbols, references and
unloading.

The hand-written mutants (mutants.py) follow the cases they were written
for; these follow the code.  generate() reads the functions from the
kernel tree under test (never from a list of line numbers kept here) and
applies Mull's operators for C to each of them:

  cond_negate, cond_true, cond_false   an if's condition negated, or
                                       replaced with 1 or 0
  drop_operand                         one operand of && or || dropped
  relational                           == and !=, < and <=, > and >=
                                       swapped
  prefix_compare                       strcmp(a, b) (and streq()) made a
                                       prefix compare, either way round
  errno                                a -EXXX replaced with another
  remove_call                          a call statement removed
  remove_return                        an early return or goto removed

A mutant keeps the file's line count, so that __LINE__ and the debug
information of the rest of the file do not change: an object file that
compiles the same as the unmutated one is an equivalent mutant, proved
so by the compiler.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

# The functions of each file that decide about exported symbols,
# references and unloading (issue 24).  A name the tree does not define
# is reported, not guessed at.
FUNCTIONS: Dict[str, Tuple[str, ...]] = {
	"kernel/module/main.c": (
		# symbol lookup and resolution
		"find_exported_symbol_in_section", "find_symbol",
		"resolve_symbol", "resolve_symbol_wait", "simplify_symbols",
		# namespaces and taint
		"verify_namespace_is_imported", "verify_module_namespace",
		"inherit_taint", "setup_modinfo",
		# magic and modinfo
		"check_modinfo",
		# export sections
		"check_export_symbol_sections", "find_module_sections",
		# usage and references
		"ref_module", "already_uses", "add_module_usage",
		"module_unload_free", "strong_try_module_get",
		"try_module_get", "module_put", "__module_get",
		"__symbol_get", "__symbol_put", "module_refcount",
		# the system calls
		"delete_module", "try_stop_module", "may_init_module",
		"init_module", "finit_module",
	),
	"kernel/module/version.c": (
		"check_version", "check_modstruct_version", "same_magic",
	),
	"scripts/mod/modpost.c": (
		"check_exports", "add_depends", "read_dump", "write_dump",
		"verify_module_namespace", "check_modname_len",
		"handle_symbol", "sym_add_exported", "read_symbols",
	),
}

OPERATORS = ("cond_negate", "cond_true", "cond_false", "drop_operand",
	     "relational", "prefix_compare", "errno", "remove_call",
	     "remove_return")

# Calls whose removal only hangs, deadlocks or leaks (nothing a case of
# this suite asks about) or that print nothing a case reads.
KEPT_CALLS = re.compile(
	r"(^|_)(lock|unlock|rcu|preempt|might_sleep|lockdep|barrier|"
	r"WARN|BUG|BUILD_BUG|kfree|vfree|free|put_page|fdput|audit|trace)"
	r"|^(rcu_|smp_|lockdep_|mutex_|spin_|down|up_|pr_debug|guard|"
	r"scoped_guard|kmemleak_|module_assert_mutex)")

SWAPS = {"==": "!=", "!=": "==", "<": "<=", "<=": "<", ">": ">=",
	 ">=": ">"}

# The errno each errno becomes: another one a case can tell apart.
ERRNO_SWAP = {"EINVAL": "ENOENT", "ENOENT": "EINVAL"}
ERRNO_DEFAULT = "EINVAL"
ERRNO = re.compile(r"-\s*(E[A-Z0-9]{2,})\b")

IF_COND = re.compile(r"\bif\s*\(")
CALL_STMT = re.compile(r"^[ \t]*([A-Za-z_]\w*)\s*\(", re.M)
RETURN_STMT = re.compile(r"^([ \t]*)(return\b|goto\s+\w+)", re.M)
STRCMP = re.compile(r"\b(strcmp|streq|sysfs_streq)\s*\(")
RELATIONAL = re.compile(r"==|!=|<=|>=|<<=?|>>=?|->|<|>")


@dataclass(frozen=True)
class Mutant:
	"""One generated change of one function of one file."""
	file: str		# below the kernel tree
	function: str
	line: int		# of the change's first character
	operator: str
	start: int		# offsets in the file's text
	end: int
	new: str
	old: str

	@property
	def name(self) -> str:
		"""A name for the command line and the report, stable for one
		version of the file: FILE:FUNCTION:LINE:OPERATOR[.N]."""
		return f"{self.file.rsplit('/', 1)[-1]}:{self.function}:" \
		       f"{self.line}:{self.operator}"

	def apply(self, text: str) -> str:
		"""Return TEXT with this mutant applied."""
		if text[self.start:self.end] != self.old:
			raise ValueError(f"{self.file}:{self.line}: the tree is "
					 "not the one the mutant was made from")
		return text[:self.start] + self.new + text[self.end:]


def mask(text: str) -> str:
	"""Return TEXT with comments, string and character literals and
	preprocessor lines blanked (newlines kept), so that patterns see
	code only at the same offsets."""
	out = list(text)
	i, n = 0, len(text)
	at_line_start = True
	while i < n:
		c = text[i]
		if at_line_start and c == "#" and \
		   text[text.rfind("\n", 0, i) + 1:i].strip() == "":
			j = i
			while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
				if text[j] != "\n":
					out[j] = " "
				j += 1
			i = j
			continue
		if c == "\n":
			at_line_start = True
			i += 1
			continue
		if not c.isspace():
			at_line_start = False
		if text.startswith("/*", i):
			j = text.find("*/", i + 2)
			j = n if j < 0 else j + 2
		elif text.startswith("//", i):
			j = text.find("\n", i)
			j = n if j < 0 else j
		elif c in "\"'":
			j = i + 1
			while j < n and text[j] != c:
				j += 2 if text[j] == "\\" else 1
			j += 1
			# Keep the quotes: a literal stays one token.
			for k in range(i + 1, min(j - 1, n)):
				if out[k] != "\n":
					out[k] = " "
			i = j
			continue
		else:
			i += 1
			continue
		for k in range(i, j):
			if out[k] != "\n":
				out[k] = " "
		i = j
	return "".join(out)


def functions(text: str, masked: Optional[str] = None
	      ) -> Iterator[Tuple[str, int, int]]:
	"""Yield (name, body_start, body_end) of each function TEXT defines:
	kernel style, a body opens with "{" alone at the start of a line
	and closes with "}" alone at the start of a line.  The name is the
	identifier before the first "(" on the definition's first line (a
	SYSCALL_DEFINEn's first argument)."""
	masked = mask(text) if masked is None else masked
	lines = masked.split("\n")
	offsets = [0]
	for line in lines:
		offsets.append(offsets[-1] + len(line) + 1)
	for number, line in enumerate(lines):
		if line.rstrip() != "{":
			continue
		head = number - 1
		while head >= 0 and (not lines[head] or lines[head][0] in " \t"):
			head -= 1
		if head < 0 or "(" not in lines[head]:
			continue
		match = re.search(r"(\w+)\s*\(", lines[head])
		if not match:
			continue
		name = match.group(1)
		syscall = re.match(r"SYSCALL_DEFINE\d\s*\(\s*(\w+)", lines[head])
		if syscall:
			name = syscall.group(1)
		end = number + 1
		while end < len(lines) and not lines[end].startswith("}"):
			end += 1
		yield name, offsets[number] + 1, offsets[min(end, len(lines))]


def matching(masked: str, opening: int) -> int:
	"""Return the offset just past the bracket that closes the one at
	OPENING in MASKED."""
	pairs = {"(": ")", "[": "]", "{": "}"}
	depth = 0
	for i in range(opening, len(masked)):
		c = masked[i]
		if c in pairs:
			depth += 1
		elif c in ")]}":
			depth -= 1
			if depth == 0:
				return i + 1
	raise ValueError("unbalanced brackets")


def split_top(masked: str, start: int, end: int, seps: Sequence[str]
	      ) -> List[Tuple[int, int, str]]:
	"""Split MASKED[START:END] at the top-level separators SEPS; return
	[(operand_start, operand_end, separator_after)]."""
	parts, depth, i, begin = [], 0, start, start
	while i < end:
		c = masked[i]
		if c in "([{":
			depth += 1
		elif c in ")]}":
			depth -= 1
		elif depth == 0:
			sep = next((s for s in seps if masked.startswith(s, i)), None)
			if sep:
				parts.append((begin, i, sep))
				i += len(sep)
				begin = i
				continue
		i += 1
	parts.append((begin, end, ""))
	return parts


def same_lines(old: str, new: str) -> str:
	"""Return NEW padded with the newlines OLD had, so that the file
	keeps its line count."""
	return new + "\n" * (old.count("\n") - new.count("\n"))


def _conditions(masked: str, start: int, end: int
		) -> Iterator[Tuple[int, int]]:
	"""Yield the (start, end) of every if's condition in the body."""
	for match in IF_COND.finditer(masked, start, end):
		opening = match.end() - 1
		yield opening + 1, matching(masked, opening) - 1


def _groups(masked: str, start: int, end: int) -> Iterator[Tuple[int, int]]:
	"""Yield every parenthesised group, and every statement from its
	first character to its ';', that has a top-level && or ||."""
	seen = set()
	for match in re.finditer(r"&&|\|\|", masked[start:end]):
		pos = start + match.start()
		# The innermost group around it: walk left to an unmatched "("
		# or the start of the statement.
		depth, i = 0, pos - 1
		while i >= start:
			c = masked[i]
			if c in ")]":
				depth += 1
			elif c in "([":
				if depth == 0:
					break
				depth -= 1
			elif c in ";{}" and depth == 0:
				break
			i -= 1
		left = i + 1
		if i >= start and masked[i] == "(":
			right = matching(masked, i) - 1
		else:
			right = masked.find(";", pos, end)
			if right < 0:
				continue
			# After "return" or "x =": the expression only.
			head = re.match(r"\s*(return\b|[\w.\->\[\]*]+\s*=(?!=))?",
					masked[left:right])
			left += head.end() if head else 0
		if (left, right) not in seen:
			seen.add((left, right))
			yield left, right


def _call_args(masked: str, opening: int) -> List[Tuple[int, int]]:
	"""Return the (start, end) of each argument of the call whose "("
	is at OPENING."""
	close = matching(masked, opening) - 1
	return [(a, b) for a, b, _ in split_top(masked, opening + 1, close, (",",))]


def _body_mutants(path: str, function: str, text: str, masked: str,
		  start: int, end: int) -> Iterator[Tuple[str, int, int, str]]:
	"""Yield (operator, start, end, new) for one function body."""
	for a, b in _conditions(masked, start, end):
		old = text[a:b]
		yield "cond_negate", a, b, f"!({old})"
		yield "cond_true", a, b, same_lines(old, "1")
		yield "cond_false", a, b, same_lines(old, "0")
	for a, b in _groups(masked, start, end):
		parts = split_top(masked, a, b, ("&&", "||"))
		if len(parts) < 2:
			continue
		for k, (pa, pb, _) in enumerate(parts):
			# The operand and the operator that joins it to the rest.
			if k + 1 < len(parts):
				cut_a, cut_b = pa, parts[k + 1][0]
			else:
				cut_a, cut_b = parts[k - 1][1], pb
			old = text[cut_a:cut_b]
			yield "drop_operand", cut_a, cut_b, same_lines(old, " ")
	for match in RELATIONAL.finditer(masked, start, end):
		op = match.group(0)
		if op in SWAPS:
			yield "relational", match.start(), match.end(), SWAPS[op]
	for match in STRCMP.finditer(masked, start, end):
		opening = match.end() - 1
		args = _call_args(masked, opening)
		if len(args) != 2:
			continue
		close = matching(masked, opening)
		first, second = (text[a:b].strip() for a, b in args)
		call = text[match.start():close]
		negate = match.group(1) != "strcmp"
		for which in (first, second):
			prefix = f"strncmp({first}, {second}, strlen({which}))"
			new = f"!{prefix}" if negate else prefix
			yield "prefix_compare", match.start(), close, \
				same_lines(call, new)
	for match in ERRNO.finditer(masked, start, end):
		name = match.group(1)
		new = ERRNO_SWAP.get(name, ERRNO_DEFAULT)
		if new != name:
			yield "errno", match.start(1), match.end(1), new
	for match in CALL_STMT.finditer(masked, start, end):
		name = match.group(1)
		if name in ("if", "while", "for", "switch", "return", "sizeof") \
		   or KEPT_CALLS.search(name):
			continue
		close = matching(masked, match.end() - 1)
		rest = re.match(r"\s*;", masked[close:end])
		if not rest:
			continue
		stmt_start = match.start(1)
		stmt_end = close + rest.end()
		old = text[stmt_start:stmt_end]
		yield "remove_call", stmt_start, stmt_end, same_lines(old, ";")
	for match in RETURN_STMT.finditer(masked, start, end):
		indent = match.group(1)
		if len(indent) <= 1 and "\t" in indent:
			continue	# the function's own last word
		stop = masked.find(";", match.end(), end)
		if stop < 0:
			continue
		old = text[match.start(2):stop + 1]
		yield "remove_return", match.start(2), stop + 1, same_lines(old, ";")


def generate(path: str, text: str, names: Optional[Sequence[str]] = None
	     ) -> List[Mutant]:
	"""Return the mutants of the functions NAMES (default: FUNCTIONS of
	PATH) in TEXT, the file PATH of a kernel tree, in file order."""
	wanted = set(names if names is not None else FUNCTIONS.get(path, ()))
	masked = mask(text)
	out, seen = [], set()
	for function, start, end in functions(text, masked):
		if function not in wanted:
			continue
		for operator, a, b, new in _body_mutants(path, function, text,
							  masked, start, end):
			if (a, b, new) in seen or text[a:b] == new:
				continue
			seen.add((a, b, new))
			line = text.count("\n", 0, a) + 1
			out.append(Mutant(path, function, line, operator, a, b,
					  new, text[a:b]))
	out.sort(key=lambda m: (m.start, OPERATORS.index(m.operator)))
	return number(out)


def number(mutants: List[Mutant]) -> List[Mutant]:
	"""Give mutants of one line and operator a suffix .2, .3 ...: the
	name of each is unique."""
	counts: Dict[str, int] = {}
	out = []
	for mutant in mutants:
		counts[mutant.name] = counts.get(mutant.name, 0) + 1
		if counts[mutant.name] > 1:
			mutant = Mutant(mutant.file, f"{mutant.function}",
					mutant.line,
					f"{mutant.operator}.{counts[mutant.name]}",
					mutant.start, mutant.end, mutant.new,
					mutant.old)
		out.append(mutant)
	return out


def defined(path: str, text: str) -> List[str]:
	"""Return the functions of FUNCTIONS[PATH] that TEXT defines."""
	have = {name for name, _, _ in functions(text)}
	return [name for name in FUNCTIONS.get(path, ()) if name in have]


def digest(text: str) -> str:
	"""A short hash of a file's text, to tell which tree a report was
	made from."""
	return hashlib.sha256(text.encode()).hexdigest()[:12]
