# SPDX-License-Identifier: GPL-2.0-only
"""Build cases that run modpost itself, as make runs it, on inputs written
for one rule each: symbol dumps (what KBUILD_EXTRA_SYMBOLS names) and the
object of one module an external pass compiled.

modpost stops at the first malformed line of a dump and counts undefined
symbols over a whole pass, so a make pass cannot isolate these rules; a
modpost run takes milliseconds.  The command line is make's for an
external module (scripts/Makefile.modpost: -M where it has it, -e, -i for
the kernel's Module.symvers and each extra dump, -o, -T for the objects),
or for the kernel's own (no -e).  Also what modpost writes in a module's
.modinfo besides depends= (harness_ext): its srcversion.
"""

from dataclasses import dataclass
from pathlib import Path
import re
import shlex
import shutil
from typing import (Collection, Dict, List, Optional, Sequence, Tuple,
		    TYPE_CHECKING)

from harness_ext import modinfo, output_has, StepError, unmet_output
from harness_kernels import (EXT_CONSUMER_DIR, EXT_OOT_DIR, EXT_PROVIDER_DIR,
	MIN_KERNEL, Version)
from harness_proc import last_lines

if TYPE_CHECKING:	# the run and configuration types of later modules
	from harness_ext import BuildCase
	from harness_steps import ConfigRun, RunSteps

MODPOST = "scripts/mod/modpost"		# below the build dir
SCRATCH_DIR = "modpost"			# below EXT_STAGE: the inputs
WRITTEN = "Module.symvers"		# below SCRATCH_DIR: what it writes
NSDEPS = "modules.nsdeps"		# below SCRATCH_DIR, with -d

# The objects the calls copy, below EXT_STAGE: the provider pass's, and
# the consumers' (those never loaded are compiled by its failing pass).
PROVIDER_OBJECT = EXT_PROVIDER_DIR + "/symexport_ext_provider.o"
PROVIDER_EXPORTS = ("symexport_ext_add", "symexport_ext_gpl_mul",
		    "symexport_ext_ns_add")
# Uses symexport_ext_add, and has no MODULE_VERSION() (whose srcversion
# modpost would compute from the sources its .mod lists).
USER_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_unversioned_user.o"
NS_USER_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_ns_user.o"
# Uses eleven undefined functions and a weak one.
UNDEFINED_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_undefined_eleven.o"
# Reaches symexport_ext_gpl_mul with symbol_get() only.
SYMBOL_GET_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_symbol_get_user.o"
DEVICE_TABLE_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_device_table.o"
INIT_NAMES_OBJECT = EXT_CONSUMER_DIR + "/symexport_ext_init_names.o"

# A symbol dump line: CRC, symbol, module, export type, namespace.
DUMP_SYMBOL = "symexport_dump_add"
DUMP_MODULE = "symexport_dump_provider"
DUMP_FIELDS = ("0x0000002a", DUMP_SYMBOL, DUMP_MODULE, "EXPORT_SYMBOL", "")

# What modpost prints.
PARSE_ERROR = "parse error in symbol dump file"
EXPORTED_TWICE = f"'{DUMP_SYMBOL}' exported twice"
UNDEFINED_PREFIX = "symexport_ext_undefined_"
MAX_UNRESOLVED_REPORTS = 10
MISSING_LICENSE = "missing MODULE_LICENSE()"
NO_DESCRIPTION = "missing MODULE_DESCRIPTION()"

# The kernels (only 6.1, 6.12 and 7.3 were seen; the releases between that
# changed each are not pinned down here).  make gives modpost -M (modules
# enabled: their exports recorded) on 6.12, whose modpost also trims with
# -t; 6.1's has neither.  symbol_get() leaves its name in .no_trim_symbol on
# 7.x.  6.12 warns of a module without MODULE_DESCRIPTION() with W=1, 6.1
# not at all.
MODULES_OPTION_SINCE = (6, 12)
NO_TRIM_SINCE = (7, 0)
DESCRIPTION_SINCE = (6, 12)


def dump_line(**fields: str) -> str:
	"""Return a dump line of DUMP_FIELDS with FIELDS changed (crc, symbol,
	module, kind, namespace)."""
	names = ("crc", "symbol", "module", "kind", "namespace")
	values = dict(zip(names, DUMP_FIELDS))
	values.update(fields)
	return "\t".join(values[name] for name in names)


def dump_line_of_fields(count: int) -> str:
	"""Return a dump line of DUMP_FIELDS' first COUNT fields."""
	return "\t".join(DUMP_FIELDS[:count])


@dataclass(frozen=True)
class ModpostCall:
	"""One modpost run of a case and what it must do."""
	what: str			# the input, for the failure message
	dump: Tuple[str, ...] = ()	# the lines of the dump given with -i
	external: bool = True		# -e, as for an external module
	objects: Tuple[str, ...] = ()	# objects below EXT_STAGE (-T)
	succeeds: bool = True		# exit 0, or non-zero
	expect_output: tuple = ()	# as Expectation's
	reject_output: tuple = ()
	counted: Optional[Tuple[Tuple[str, ...], int]] = None
					# (parts, n): exactly n lines hold
					# all of parts
	args: Tuple[str, ...] = ()	# more options (-W: W=1)
	renamed: Optional[str] = None	# the objects' copies' name
	patch: Tuple[Tuple[bytes, bytes], ...] = ()
					# (old, new): replaced in the copies
	text_object: Optional[str] = None	# an object of this name
					# that holds text, not ELF
	written: Tuple[str, ...] = ()	# symbols the Module.symvers it
					# writes (-o) lists
	not_written: Tuple[str, ...] = ()	# and does not list
	mod_c: Tuple[str, ...] = ()	# lines the .mod.c it writes for the
					# (first) object holds
	mod_c_absent: Tuple[str, ...] = ()	# and does not hold
	nsdeps: Tuple[Tuple[str, ...], ...] = ()
					# with -d: lines the nsdeps file it
					# writes holds (all parts of each)
	since: Optional[Version] = None	# run on this kernel and later
	before: Optional[Version] = None	# run on older kernels only


COMPLETE_LINE = ModpostCall("a line of five fields", dump=(dump_line(),),
			    reject_output=(PARSE_ERROR,))

MODPOST_CALLS: Dict[str, Tuple[ModpostCall, ...]] = {
	"modpost_refuses_symbol_dump_line_missing_a_field": (
		COMPLETE_LINE,
		*(ModpostCall(f"a line of {count} of its five fields",
			      dump=(dump_line_of_fields(count),), succeeds=False,
			      expect_output=(PARSE_ERROR,))
		  for count in range(1, 5)),
	),
	"modpost_refuses_symbol_dump_line_without_symbol_module_or_hex_crc": (
		COMPLETE_LINE,
		*(ModpostCall(what, dump=(dump_line(**fields),), succeeds=False,
			      expect_output=(PARSE_ERROR,))
		  for what, fields in (
			("an empty symbol", {"symbol": ""}),
			("an empty module", {"module": ""}),
			("a CRC that is not hexadecimal", {"crc": "0x2g"}),
		  )),
	),
	# The skipped line would make the next one, the same export, a
	# second export of the module's symbol.  The types are compared
	# whole: one that starts with a known type, or is the start of one,
	# is unknown.
	"modpost_skips_symbol_dump_line_of_unknown_export_type": (
		ModpostCall("a line of EXPORT_SYMBOL_GPL",
			    dump=(dump_line(kind="EXPORT_SYMBOL_GPL"),)),
		*(ModpostCall(f"a line of {kind}, then the same export of "
			      "EXPORT_SYMBOL",
			      dump=(dump_line(kind=kind), dump_line()),
			      succeeds=False,
			      expect_output=(f"unknown license {kind}. skip",),
			      reject_output=(PARSE_ERROR, EXPORTED_TWICE))
		  for kind in ("EXPORT_SYMBOL_FUTURE", "EXPORT_SYMBOL_GPL_FUTURE",
			       "EXPORT_SYM", "EXPORT_SYMBOL_G")),
	),
	"modpost_refuses_symbol_dump_listing_one_export_twice": (
		ModpostCall("the same line twice", dump=(dump_line(),) * 2,
			    succeeds=False, expect_output=(EXPORTED_TWICE,)),
	),
	# The loader refuses the second at load time (-EEXIST).
	"modpost_leaves_one_symbol_of_two_external_modules_to_loader": (
		ModpostCall("one symbol of two modules",
			    dump=(dump_line(), dump_line(module="symexport_"
							 "dump_other")),
			    reject_output=(EXPORTED_TWICE,)),
	),
	"modpost_refuses_one_symbol_of_two_in_tree_modules": (
		ModpostCall("one symbol of two modules, not -e",
			    dump=(dump_line(), dump_line(module="symexport_"
							 "dump_other")),
			    external=False, succeeds=False,
			    expect_output=(EXPORTED_TWICE,)),
	),
	# An object named otherwise is reported, and read no further.
	"modpost_refuses_object_not_named_dot_o": (
		ModpostCall("the module's object named .obj",
			    objects=(UNDEFINED_OBJECT,),
			    renamed="symexport_ext_undefined_eleven.obj",
			    succeeds=False,
			    expect_output=("filename must be suffixed with .o",),
			    reject_output=("undefined!",)),
	),
	"modpost_ignores_object_that_is_not_elf": (
		ModpostCall("a text file named .o",
			    text_object="symexport_not_elf.o",
			    reject_output=("symexport_not_elf",)),
	),
	"modpost_refuses_module_without_license": (
		ModpostCall("a module with MODULE_LICENSE(\"GPL\")",
			    objects=(UNDEFINED_OBJECT,), succeeds=False,
			    reject_output=(MISSING_LICENSE,)),
		ModpostCall("the same module without its license tag",
			    objects=(UNDEFINED_OBJECT,), succeeds=False,
			    patch=((b"license=", b"licensX="),),
			    expect_output=(MISSING_LICENSE,)),
	),
	# With W=1 on the kernels seen; since 7.0 (the release between that
	# changed it is not pinned down here) without it too.
	"modpost_warns_of_module_without_description": (
		ModpostCall("a module with a description, W=1",
			    objects=(UNDEFINED_OBJECT,), args=("-W",),
			    succeeds=False, reject_output=(NO_DESCRIPTION,)),
		ModpostCall("the same module without it, W=1",
			    objects=(UNDEFINED_OBJECT,), args=("-W",),
			    patch=((b"description=", b"descriptioX="),),
			    succeeds=False, expect_output=(NO_DESCRIPTION,)),
		ModpostCall("the same module without it",
			    objects=(UNDEFINED_OBJECT,),
			    patch=((b"description=", b"descriptioX="),),
			    succeeds=False, reject_output=(NO_DESCRIPTION,),
			    before=(7, 0)),
		ModpostCall("the same module without it",
			    objects=(UNDEFINED_OBJECT,),
			    patch=((b"description=", b"descriptioX="),),
			    succeeds=False, expect_output=(NO_DESCRIPTION,),
			    since=(7, 0)),
	),
	# make nsdeps (modpost -N -d FILE) lists the namespaces each module
	# uses without importing them; scripts/nsdeps adds the imports.
	"modpost_lists_namespaces_module_uses_without_import_for_nsdeps": (
		ModpostCall("a module using a namespaced export without "
			    "importing it, -N -d",
			    objects=(PROVIDER_OBJECT, NS_USER_OBJECT),
			    args=("-N",),
			    nsdeps=(("symexport_ext_ns_user.ko:",
				     " SYMEXPORT_NS"),)),
	),
	# The module's init and exit are the functions module_init() and
	# module_exit() alias as init_module and cleanup_module: modpost
	# compares whole names.
	"modpost_gives_module_init_and_exit_of_exact_names_only": (
		ModpostCall("a module with module_init() and module_exit()",
			    objects=(USER_OBJECT, PROVIDER_OBJECT),
			    mod_c=("\t.init = init_module,",
				   "\t.exit = cleanup_module,")),
		ModpostCall("a module with init_module_calls, init_, "
			    "cleanup_module_calls and cleanup_",
			    objects=(INIT_NAMES_OBJECT,),
			    mod_c_absent=("\t.init = init_module,",
					  "\t.exit = cleanup_module,")),
	),
	"modpost_writes_alias_of_device_table_entry": (
		ModpostCall("a module with a platform device table",
			    objects=(DEVICE_TABLE_OBJECT,),
			    mod_c=('MODULE_ALIAS("platform:symexport_dev");',)),
	),
	# CONFIG_TRIM_UNUSED_KSYMS: modpost -t drops the exports no module of
	# the build uses (it is for the kernel's own modules: no -e).
	"modpost_trims_exports_no_module_uses_with_trim_unused_ksyms": (
		ModpostCall("a provider and a user of one of its exports, -t",
			    objects=(PROVIDER_OBJECT, USER_OBJECT),
			    external=False, args=("-t",),
			    written=PROVIDER_EXPORTS[:1],
			    not_written=PROVIDER_EXPORTS[1:]),
		ModpostCall("the same without -t",
			    objects=(PROVIDER_OBJECT, USER_OBJECT),
			    external=False, written=PROVIDER_EXPORTS),
		ModpostCall("the same and a module that reaches another with "
			    "symbol_get(), -t",
			    objects=(PROVIDER_OBJECT, USER_OBJECT,
				     SYMBOL_GET_OBJECT),
			    external=False, args=("-t",),
			    written=PROVIDER_EXPORTS[:2],
			    not_written=PROVIDER_EXPORTS[2:],
			    since=NO_TRIM_SINCE),
	),
	"modpost_names_ten_undefined_symbols_and_counts_the_rest": (
		ModpostCall("a module using eleven undefined functions and a "
			    "weak one", objects=(UNDEFINED_OBJECT,),
			    succeeds=False,
			    expect_output=("suppressed 1 unresolved symbol "
					   "warnings",),
			    reject_output=((f"{UNDEFINED_PREFIX}weak",
					    "undefined!"),),
			    counted=((UNDEFINED_PREFIX, "undefined!"),
				     MAX_UNRESOLVED_REPORTS)),
	),
}

# The cases that run only on newer kernels (BuildCase.since).
MODPOST_CALLS_SINCE: Dict[str, Version] = {
	"modpost_warns_of_module_without_description": DESCRIPTION_SINCE,
	"modpost_trims_exports_no_module_uses_with_trim_unused_ksyms":
		MODULES_OPTION_SINCE,
}


def calls_on(name: str, version: Version) -> List[ModpostCall]:
	"""Return the calls of case NAME that run on the kernel VERSION."""
	return [call for call in MODPOST_CALLS[name]
		if version >= (call.since or MIN_KERNEL) and
		not (call.before and version >= call.before)]


def modpost_command(run: "RunSteps", cfg: "ConfigRun", scratch: Path,
		    ext_root: Path, call: ModpostCall) -> List[str]:
	"""Write CALL's inputs to SCRATCH; return its modpost command."""
	cmd = [str(cfg.build_dir / MODPOST), *call.args]
	if run.version >= MODULES_OPTION_SINCE:
		cmd.append("-M")
	if call.external:
		cmd.append("-e")
	cmd += ["-i", str(cfg.build_dir / "Module.symvers")]
	if call.dump:
		dump = scratch / "Module.symvers.extra"
		dump.write_text("".join(line + "\n" for line in call.dump))
		cmd += ["-i", str(dump)]
	objects = []
	for rel in call.objects:
		# modpost writes the .mod.c beside the object: a copy's.
		copy = scratch / (call.renamed or Path(rel).name)
		data = (ext_root / rel).read_bytes()
		for old, new in call.patch:
			if old not in data:
				raise OSError(f"{rel} holds no {old!r}")
			data = data.replace(old, new)
		copy.write_bytes(data)
		objects.append(str(copy))
	if call.text_object:
		text = scratch / call.text_object
		text.write_text("not an ELF object\n")
		objects.append(str(text))
	order = scratch / "objects"
	order.write_text("".join(obj + "\n" for obj in objects))
	if call.nsdeps:
		cmd += ["-d", str(scratch / NSDEPS)]
	return cmd + ["-o", str(scratch / WRITTEN), "-T", str(order)]


def unmet_members(what: str, have: Collection[str], present: Sequence[str],
		  absent: Sequence[str]) -> Optional[str]:
	"""Return how HAVE, the entries of WHAT, misses holding PRESENT and
	not ABSENT, or None."""
	missing = [entry for entry in present if entry not in have]
	if missing:
		return f"{what} lacks {', '.join(repr(e) for e in missing)}"
	extra = [entry for entry in absent if entry in have]
	if extra:
		return f"{what} has {', '.join(repr(e) for e in extra)}"
	return None


def unmet_written(call: ModpostCall, written: Optional[str]) -> Optional[str]:
	"""Return how the Module.symvers modpost WROTE (None: none) misses
	CALL, or None."""
	if not (call.written or call.not_written):
		return None
	if written is None:
		return "modpost wrote no Module.symvers"
	listed = {line.split("\t")[1] for line in written.splitlines()
		  if line.count("\t") >= 4}
	return unmet_members("its Module.symvers", listed, call.written,
			     call.not_written)


def unmet_mod_c(call: ModpostCall, scratch: Path) -> Optional[str]:
	"""Return how the .mod.c modpost wrote in SCRATCH for CALL's first
	object misses CALL's mod_c and mod_c_absent lines, or None."""
	path = scratch / (Path(call.objects[0]).stem + ".mod.c")
	try:
		lines = path.read_text().splitlines()
	except OSError as err:
		return f"modpost wrote no {path.name}: {err}"
	return unmet_members(path.name, lines, call.mod_c, call.mod_c_absent)


def unmet_nsdeps(call: ModpostCall, scratch: Path) -> Optional[str]:
	"""Return how the nsdeps file modpost wrote in SCRATCH misses CALL's
	nsdeps lines, or None."""
	try:
		lines = (scratch / NSDEPS).read_text().splitlines()
	except OSError as err:
		return f"modpost wrote no {NSDEPS}: {err}"
	for parts in call.nsdeps:
		if not output_has(lines, parts):
			return (f"{NSDEPS} has no line with {' ... '.join(parts)!r}: "
				f"{last_lines(lines)}")
	return None


def unmet_call(call: ModpostCall, lines: Sequence[str],
	       status: Optional[int], version: Tuple[int, int]
	       ) -> Optional[str]:
	"""Return how modpost's LINES and exit STATUS miss CALL, or None."""
	if (status == 0) != call.succeeds:
		how = "exited 0" if status == 0 else f"exited {status}"
		return f"modpost {how}: {last_lines(lines)}"
	why = unmet_output("modpost", lines, call.expect_output,
			   call.reject_output, version)
	if why:
		return why
	if call.counted:
		parts, wanted = call.counted
		seen = [line for line in lines if all(p in line for p in parts)]
		if len(seen) != wanted:
			return (f"modpost printed {len(seen)} lines with "
				f"{' ... '.join(parts)!r}, not {wanted}: "
				f"{last_lines(seen)}")
	return None


def check_modpost_calls(run: "RunSteps", cfg: "ConfigRun", ext_root: Path,
			spec: "BuildCase") -> Optional[str]:
	"""Run modpost for each of SPEC's calls (MODPOST_CALLS); return how
	the first that misses its expectations does, or None."""
	scratch = ext_root / SCRATCH_DIR
	for call in calls_on(spec.name, run.version):
		shutil.rmtree(scratch, ignore_errors=True)
		scratch.mkdir(parents=True)
		try:
			cmd = modpost_command(run, cfg, scratch, ext_root, call)
		except OSError as err:
			return f"{call.what}: cannot write modpost's input: {err}"
		result = run.step(cfg, "modpost", cmd, keep_output=True,
				  build=True, quiet=True)
		if result.timed_out:
			return f"{call.what}: modpost timed out"
		lines = result.output if result.output is not None else \
			result.tail
		why = unmet_call(call, lines, result.returncode, run.version)
		if why is None:
			try:
				written: Optional[str] = \
					(scratch / WRITTEN).read_text()
			except OSError:
				written = None
			why = unmet_written(call, written)
		if why is None and (call.mod_c or call.mod_c_absent):
			why = unmet_mod_c(call, scratch)
		if why is None and call.nsdeps:
			why = unmet_nsdeps(call, scratch)
		if why:
			return f"{call.what}: {why} ({shlex.join(cmd)})"
	return None


# modpost computes a srcversion (an MD4 of its sources, in hex) for a
# module with MODULE_VERSION() only, unless CONFIG_MODULE_SRCVERSION_ALL
# (at most 24 digits: leading zeros are left out).
MODINFO_SRCVERSION = (
	(EXT_OOT_DIR + "/symexport_ext_consumer.ko", True),
	(EXT_CONSUMER_DIR + "/symexport_ext_unversioned_user.ko", False),
)
SRCVERSION = re.compile(r"[0-9A-F]{1,24}")


def check_modinfo_srcversion(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path, spec: "BuildCase") -> Optional[str]:
	"""Return how the modules of MODINFO_SRCVERSION miss their
	"srcversion=", or None."""
	for module, versioned in MODINFO_SRCVERSION:
		path = ext_root / module
		try:
			srcversion = modinfo(path.read_bytes()).get("srcversion")
		except (OSError, StepError) as err:
			return f"{path}: {err}"
		if versioned and not SRCVERSION.fullmatch(srcversion or ""):
			return (f"{path.name}, with MODULE_VERSION(): srcversion="
				f"{srcversion!r}, expected hexadecimal digits")
		if not versioned and srcversion is not None:
			return (f"{path.name}, without MODULE_VERSION(): "
				f"srcversion={srcversion!r}, expected none")
	return None
