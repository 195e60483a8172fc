# SPDX-License-Identifier: GPL-2.0-only
"""The external-module passes' checks and post-processing.

What make and modpost must print and write for a pass's cases
(unmet_expectation()), the make command line of a pass, the hooks that
change built modules before or after a pass (vermagic, version tables,
export flags, import_ns), and the check of the provider's Module.symvers.
The passes themselves are data: EXT_PASSES in harness_config.
"""

import collections
import contextlib
import fnmatch
import re
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import (Callable, Collection, Dict, List, Optional, Sequence,
		    Tuple, TYPE_CHECKING, Union)

from harness_kernels import (arch_of, ByKernel, CROSS_COMPILE, DEFAULT_ARCH,
	EXT_CONSUMER_DIR, EXT_OOT_DIR, EXT_PROVIDER_DIR, for_kernel,
	MIN_KERNEL, Version)
from harness_proc import describe_failure, last_lines, ProcessResult
from harness_elf import find_section, section_header, symbol_entry
from harness_tree import replace_file

if TYPE_CHECKING:	# the run and configuration types of later modules
	from harness_config import Configuration
	from harness_steps import ConfigRun, RunSteps


# Files below EXT_STAGE that the passes and their hooks read or write.
PROVIDER_SYMVERS = EXT_PROVIDER_DIR + "/Module.symvers"
STALE_SYMVERS = "stale/Module.symvers"

# The symbols whose CRCs the stale Module.symvers changes.
STALE_SYMBOLS = ("symexport_ext_add",
		 "symexport_ext_add_with_a_name_too_long_for_struct_"
		 "modversion_info")
VERMAGIC_MODULE = EXT_OOT_DIR + "/symexport_ext_vermagic.ko"
STRIPPED_MODULE = EXT_OOT_DIR + "/symexport_ext_stripped.ko"
BLANK_VERSIONS_MODULE = EXT_OOT_DIR + "/symexport_ext_blank_versions.ko"

# The version tables: the basic one, and the extended one (since 6.14).
VERSION_SECTIONS = ("__versions", "__version_ext_crcs", "__version_ext_names")

# Since the export flags table (__kflagstab; 7.3 has it, 6.12 not, the
# release in between that added it is not pinned down here), the first of
# these loses it and the second gains an obsolete __ksymtab_gpl section.
FLAGSTAB_SINCE = (7, 0)
NOFLAGS_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_noflags.ko"
OLDGPL_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_oldgpl.ko"
# The sections the loader warns about and ignores: GPL-only exports and
# their CRCs before the flags table, and MODULE_PARM() of Linux 2.4.
OBSOLETE_SECTIONS = ("__ksymtab_gpl", "__kcrctab_gpl", "__obsparm")

# A provider whose export CRCs are removed (with MODVERSIONS: the sections
# exist), and a module whose symbol BAD_SHNDX_SYMBOL gets a section index
# one past its last section.
NOCRCS_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_nocrcs.ko"
CRC_SECTIONS = ("__kcrctab", "__kcrctab_gpl")
BAD_SHNDX_MODULE = EXT_PROVIDER_DIR + "/symexport_ext_bad_shndx.ko"
VERSIONS_CUT_MODULE = EXT_OOT_DIR + "/symexport_ext_versions_cut.ko"
BAD_SHNDX_SYMBOL = "symexport_ext_bad_shndx_marker"
KERNEL_RELEASE = "include/config/kernel.release"	# below the build dir

# What the provider's Module.symvers must say about its exports: one line
# "CRC<TAB>symbol<TAB>module<TAB>export type<TAB>namespace" for each.
# Its module column is the module's path: absolute before 6.13, relative
# to M= since 6.13 (kbuild builds an external module from its directory).
SYMVERS_MODULE = ByKernel((
	(MIN_KERNEL, "*/providers/external/symexport_ext_provider"),
	((6, 13), "symexport_ext_provider"),
))
SYMVERS_EXPORTS = (
	("symexport_ext_add", "EXPORT_SYMBOL", ""),
	("symexport_ext_gpl_mul", "EXPORT_SYMBOL_GPL", ""),
	("symexport_ext_ns_add", "EXPORT_SYMBOL", "SYMEXPORT_NS"),
	("symexport_ext_add_with_a_name_too_long_for_struct_modversion_info",
	 "EXPORT_SYMBOL", ""),
	("symexport_ext_tail_ns_add", "EXPORT_SYMBOL",
	 "SYMEXP_symexport_ext_ns_tail_user"),
)

# Deleted before every make pass: kbuild reruns modpost (whose messages the
# cases look for) only if this is missing or its command line changed, and
# a failed modpost leaves both as they were after the last success.
MODPOST_OUTPUT = "Module.symvers"

# modpost refuses a module that imports a "module:" namespace, so this one
# is built importing IMPORT_NS_BUILT and gets IMPORT_NS_WANTED in its .ko.
IMPORT_NS_MODULE = EXT_CONSUMER_DIR + "/symexport_ext_formod_import.ko"
IMPORT_NS_BUILT = b"import_ns=MODULE:symexport_ext_formod_listed\0"
IMPORT_NS_WANTED = b"import_ns=module:symexport_ext_formod_listed\0"

# modpost refuses a GPL-incompatible module that uses a GPL-only export of
# the kernel, even with KBUILD_MODPOST_WARN=1, so this one is built with a
# GPL-compatible license and gets a proprietary one in its .ko.
RELICENSED_MODULE = EXT_CONSUMER_DIR + "/symexport_ext_kernel_gpl_user.ko"
LICENSE_BUILT = b"license=Dual MIT/GPL\0"
LICENSE_WANTED = b"license=Proprietary\0\0"


@dataclass(frozen=True)
class Expectation:
	"""What make must do in a pass's directory (see unmet_expectation())."""
	expect_success: Optional[bool] = None	# True: make exits 0; False:
					# non-zero; None: either
	expect_output: tuple = ()	# strings that must be in make's output
					# (a ByKernel: by kernel); a tuple of
					# strings must all be on one line
	expect_present: tuple = ()	# files that must exist afterwards
	expect_absent: tuple = ()	# files that must not exist afterwards
	reject_output: tuple = ()	# strings no line may hold (as
					# expect_output's)


@dataclass(frozen=True)
class BuildCase(Expectation):
	"""A case of BUILD_SUITE that an external pass decides: it passes
	when make meets its expectations (or its pass's check says so)."""
	name: str = ""
	modversions: Optional[bool] = None	# evaluated only in the
					# configurations whose modversions is
					# this; None: in all of them
	since: Optional[tuple] = None	# evaluated on this kernel and
					# later only


@dataclass(frozen=True)
class ExtPass(Expectation):
	"""An external-module pass: a make run in DIR below the stage, or a
	check of what earlier passes built (see EXT_PASSES in harness_config).
	Its own expectations are held only if it is required."""
	what: str = ""			# what it builds, for the messages
	dir: Optional[str] = None	# below EXT_STAGE: make M= there
	required: bool = False		# missing its expectations fails the run
	remove: tuple = ()		# fnmatch patterns deleted in DIR first
	symvers: tuple = ()		# KBUILD_EXTRA_SYMBOLS, below EXT_STAGE
	make_args: tuple = ()		# more arguments for make
	before: tuple = ()		# hooks run before make
	after: tuple = ()		# hooks run once make met expectations
	check: Optional[Callable] = None	# decides each case instead
					# of make
	since: Optional[tuple] = None	# runs on this kernel and later only
	cases: tuple = ()		# its BuildCases


def passes_building(passes: Sequence["ExtPass"],
		    dirs: Collection[str]) -> List["ExtPass"]:
	"""The passes of PASSES that a run needs for the modules in the
	directories DIRS: the required make passes of those directories,
	and the provider's before them (the others read its Module.symvers).
	The checks and the passes that only decide build cases are left
	out; none at all if DIRS holds no module."""
	chosen = {id(p) for p in passes
		  if p.required and p.check is None and p.dir in dirs}
	if chosen:
		chosen.update(id(p) for p in passes
			      if p.required and p.dir == EXT_PROVIDER_DIR)
	return [p for p in passes if id(p) in chosen]


def output_has(lines: Sequence[str], expected: Union[str, Sequence[str]]
	       ) -> bool:
	"""True if a line holds EXPECTED (a string, or a tuple of them)."""
	parts = (expected,) if isinstance(expected, str) else tuple(expected)
	return any(all(part in line for part in parts) for line in lines)


def unmet_output(program: str, lines: Sequence[str], expect: Sequence,
		 reject: Sequence, version: Version = MIN_KERNEL
		 ) -> Optional[str]:
	"""Return how PROGRAM's output LINES (kernel VERSION) misses EXPECT
	and REJECT, as expect_output and reject_output, or None."""
	for wanted, present in ((expect, True), (reject, False)):
		for text in wanted:
			text = for_kernel(text, version)
			if output_has(lines, text) != present:
				shown = (text if isinstance(text, str) else
					 " ... ".join(text))
				how = "did not print" if present else "printed"
				return f"{program} {how} {shown!r}: {last_lines(lines)}"
	return None


def unmet_expectation(spec: Expectation, result: ProcessResult,
		      module_dir: Path, version: Version = MIN_KERNEL
		      ) -> Optional[str]:
	"""Return how make's RESULT in MODULE_DIR, built for kernel VERSION,
	misses SPEC, or None."""
	lines = result.output if result.output is not None else result.tail
	status = result.returncode
	wanted = spec.expect_success
	absent = [name for name in spec.expect_absent
		  if (module_dir / name).exists()]
	if status == 0 and (wanted is False or (wanted is None and absent)):
		wrote = f" and wrote {', '.join(absent)}" if absent else ""
		return f"make succeeded{wrote}"
	if wanted and status != 0:
		return f"make failed with status {status}: {last_lines(lines)}"
	why = unmet_output("make", lines, spec.expect_output,
			   spec.reject_output, version)
	if why or absent:
		return why or f"make wrote {', '.join(absent)}"
	missing = [name for name in spec.expect_present
		   if not (module_dir / name).exists()]
	if missing:
		return f"make did not write {', '.join(missing)}"
	return None


def make_command(build_dir: Path, ext_root: Path, ext_pass: "ExtPass",
		 jobs: int, arch: str = DEFAULT_ARCH) -> List[str]:
	"""Return the make command line of EXT_PASS (a make pass) for ARCH."""
	assert ext_pass.dir is not None, ext_pass.what
	cmd = ["make", f"ARCH={arch}", "-C", str(build_dir),
	       f"M={ext_root / ext_pass.dir}", "-j", str(jobs)]
	if arch in CROSS_COMPILE:
		cmd.append(f"CROSS_COMPILE={CROSS_COMPILE[arch]}")
	symvers = [str(ext_root / rel) for rel in ext_pass.symvers]
	if symvers:
		cmd.append("KBUILD_EXTRA_SYMBOLS=" + " ".join(symvers))
	return cmd + list(ext_pass.make_args) + ["modules"]


# Post-processing the external modules

class StepError(Exception):
	"""A step of the run that cannot go on; the message says why."""


def other_release(release: str) -> str:
	"""Return RELEASE with every digit made 9 (8 if that changes nothing):
	another kernel release of the same length."""
	for digit in "98":
		other = re.sub(r"[0-9]", digit, release)
		if other != release:
			return other
	raise StepError(f"kernel release {release!r} has no digit to change")


def patch_vermagic(path: Union[str, Path], release: str) -> str:
	"""Make the module at PATH claim another kernel release in its
	vermagic; return the release it now names.

	"vermagic=RELEASE " becomes "vermagic=OTHER " with OTHER from
	other_release(), of the same length, so the ELF file stays valid.  A
	module already patched is left alone.
	"""
	path = Path(path)
	other = other_release(release)
	old = b"vermagic=" + release.encode() + b" "
	new = b"vermagic=" + other.encode() + b" "
	try:
		data = path.read_bytes()
	except OSError as err:
		raise StepError(f"cannot read {path}: {err}") from err
	count = data.count(old)
	if count == 0 and new in data:
		return other
	if count != 1:
		raise StepError(f"{path} has {count} times {old.decode()!r}, not "
				"once (nor is it patched already): cannot change "
				"its version magic")
	replace_file(path, data.replace(old, new))
	return other


def complement_crc(text: str, symbol: str) -> str:
	"""Return Module.symvers TEXT with the CRC of SYMBOL's line replaced
	by its 32-bit complement."""
	lines = text.split("\n")
	found = [number for number, line in enumerate(lines)
		 if line.split("\t")[1:2] == [symbol]]
	if len(found) != 1:
		raise StepError(f"Module.symvers has {len(found)} lines for "
				f"{symbol}, not one")
	fields = lines[found[0]].split("\t")
	try:
		crc = int(fields[0], 16)
	except ValueError:
		raise StepError(f"Module.symvers: {symbol} has no CRC in "
				f"{lines[found[0]]!r}") from None
	fields[0] = f"0x{~crc & 0xffffffff:08x}"
	lines[found[0]] = "\t".join(fields)
	return "\n".join(lines)


def symvers_mismatch(text: str, modversions: bool,
		     version: Version = MIN_KERNEL) -> Optional[str]:
	"""Return how Module.symvers TEXT of kernel VERSION differs from
	SYMVERS_EXPORTS (with non-zero CRCs if MODVERSIONS, else zero ones)
	and lists vmlinux's exports, or None."""
	want_module = SYMVERS_MODULE.on(version)
	lines = collections.defaultdict(list)
	for number, line in enumerate(text.splitlines(), 1):
		fields = line.split("\t")
		if len(fields) > 1:
			lines[fields[1]].append((number, line, fields))
	problems = []
	for symbol, kind, namespace in SYMVERS_EXPORTS:
		found = lines.get(symbol, [])
		if len(found) != 1:
			numbers = ", ".join(str(number) for number, _, _ in found)
			problems.append(f"{len(found)} lines for {symbol}, not one" +
					(f" (lines {numbers})" if found else ""))
			continue
		number, line, fields = found[0]
		where = f"line {number} ({symbol})"
		if len(fields) != 5:
			problems.append(f"{where} has {len(fields)} tab-separated "
					f"fields, not 5: {line!r}")
			continue
		crc, _, module, have_kind, have_namespace = fields
		if not re.fullmatch(r"0x[0-9a-f]{8}", crc):
			problems.append(f"{where}: CRC {crc!r} is not 0x%08x")
		elif modversions and int(crc, 16) == 0:
			problems.append(f"{where}: CRC is {crc}, expected a non-zero "
					"CRC (MODVERSIONS)")
		elif not modversions and int(crc, 16) != 0:
			problems.append(f"{where}: CRC is {crc}, expected 0x00000000 "
					"(no MODVERSIONS)")
		if not fnmatch.fnmatchcase(module, want_module):
			problems.append(f"{where}: module is {module!r}, expected "
					f"{want_module!r}")
		if have_kind != kind:
			problems.append(f"{where}: export type is {have_kind!r}, "
					f"expected {kind!r}")
		if have_namespace != namespace:
			problems.append(f"{where}: namespace is {have_namespace!r}, "
					f"expected {namespace!r}")
	# The exports modpost read from the kernel's dump are not the pass's.
	foreign = [symbol for symbol, found in lines.items()
		   if any(fields[2:3] == ["vmlinux"] for _, _, fields in found)]
	if foreign:
		problems.append(f"{len(foreign)} lines of vmlinux's exports "
				f"({', '.join(sorted(foreign)[:3])}, ...)")
	return "; ".join(problems) or None


EXT_CONFIG_STAMP = ".symexport-config"	# in the stage: the .config built for


def ext_config_changed(build_dir: Path, ext_root: Path) -> bool:
	"""True if EXT_ROOT's modules were built for another .config of
	BUILD_DIR's kernel than the one there now."""
	try:
		built_for = (Path(ext_root) / EXT_CONFIG_STAMP).read_bytes()
	except OSError:
		return Path(ext_root).exists()
	try:
		return (Path(build_dir) / ".config").read_bytes() != built_for
	except OSError:
		return True


def ext_config_record(build_dir: Path, ext_root: Path) -> None:
	"""Note in EXT_ROOT which .config its modules were built for."""
	with contextlib.suppress(OSError):
		replace_file(Path(ext_root) / EXT_CONFIG_STAMP,
			     (Path(build_dir) / ".config").read_bytes())


def records_case(config: "Configuration", name: str) -> bool:
	"""True if CONFIG records the build case NAME."""
	return any(fnmatch.fnmatchcase(name, pattern)
		   for pattern in config.build_cases)


# The hooks that EXT_PASSES run before or after make ("before", "after")
# and the checks that decide a pass's cases without make ("check"): each
# gets the run RUN (a RunSteps: its options, phase() and step()), the
# configuration CFG it builds (a ConfigRun) and its stage EXT_ROOT.  A hook
# raises StepError when it fails.

def hook_write_stale_symvers(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Write STALE_SYMVERS: the provider's, with wrong CRCs for
	STALE_SYMBOLS."""
	source, target = ext_root / PROVIDER_SYMVERS, ext_root / STALE_SYMVERS
	run.phase(cfg, "external", f"writing {target} (the CRCs of "
		  f"{', '.join(STALE_SYMBOLS)} complemented)")
	try:
		stale = source.read_text()
		for symbol in STALE_SYMBOLS:
			stale = complement_crc(stale, symbol)
		target.parent.mkdir(parents=True, exist_ok=True)
		with contextlib.suppress(FileNotFoundError):
			if target.read_text() == stale:
				return
		replace_file(target, stale.encode())
	except OSError as err:
		raise StepError(f"cannot write {target} from {source}: "
				f"{err}") from err


def hook_patch_vermagic(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Make VERMAGIC_MODULE claim another kernel release."""
	release_file = cfg.build_dir / KERNEL_RELEASE
	try:
		release = release_file.read_text().strip()
	except OSError as err:
		raise StepError(f"cannot read the kernel release: {err}") \
			from err
	module = ext_root / VERMAGIC_MODULE
	other = patch_vermagic(module, release)
	run.phase(cfg, "external",
		  f"{module.name}: vermagic {release} -> {other}")


def patch_modinfo(run: "RunSteps", cfg: "ConfigRun", module: Path,
		  built: bytes, wanted: bytes) -> None:
	"""Replace BUILT by WANTED (of the same length) once in MODULE's
	.modinfo: what modpost would not let the build write."""
	try:
		data = module.read_bytes()
	except OSError as err:
		raise StepError(f"cannot read {module}: {err}") from err
	if wanted in data and built not in data:
		return
	if data.count(built) != 1:
		raise StepError(f"{module.name} has not one "
				f"{built[:-1].decode()!r}")
	run.phase(cfg, "external", f"{module.name}: {built[:-1].decode()} "
		  f"-> {wanted.rstrip(bytes(1)).decode()}")
	replace_file(module, data.replace(built, wanted))


def hook_patch_import_ns(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Make IMPORT_NS_MODULE import the "module:" namespace."""
	patch_modinfo(run, cfg, ext_root / IMPORT_NS_MODULE, IMPORT_NS_BUILT,
		      IMPORT_NS_WANTED)


def hook_patch_license(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Make RELICENSED_MODULE's license GPL-incompatible (same length: the
	loader skips the NUL padding between .modinfo's strings)."""
	patch_modinfo(run, cfg, ext_root / RELICENSED_MODULE, LICENSE_BUILT,
		      LICENSE_WANTED)


def objcopy(run: "RunSteps", cfg: "ConfigRun", module: Path,
	    *args: str) -> None:
	"""Run objcopy ARGS on MODULE, in place, a step of CFG."""
	objcopy = CROSS_COMPILE.get(arch_of(run.opts), "") + "objcopy"
	result = run.step(cfg, objcopy, [objcopy, *args, str(module)],
			  keep_output=True)
	if result.timed_out:
		raise StepError(f"{objcopy} timed out")
	why = describe_failure(result, objcopy)
	if why:
		raise StepError(f"{why}: {last_lines(result.output)}")


def has_flagstab(version: Version) -> bool:
	"""True if the kernel VERSION has the export flags table."""
	return version >= FLAGSTAB_SINCE


def hook_strip_versions(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Remove STRIPPED_MODULE's version tables."""
	run.phase(cfg, "external", f"removing {', '.join(VERSION_SECTIONS)} "
		  f"from {Path(STRIPPED_MODULE).name}")
	objcopy(run, cfg, ext_root / STRIPPED_MODULE,
		     *(f"--remove-section={name}"
		       for name in VERSION_SECTIONS))


def elf_section(data: bytes, name: str) -> Optional[Tuple[int, int]]:
	"""Return (offset, size) of the section NAME in the ELF64
	little-endian file DATA (every architecture the harness builds), or
	None if it has none."""
	if data[:6] != b"\x7fELF\x02\x01":
		raise StepError("not a 64-bit little-endian ELF file")
	try:
		return find_section(data, name)
	except struct.error:
		raise StepError("truncated ELF file") from None


def hook_blank_versions(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Blank BLANK_VERSIONS_MODULE's __versions section (zeros, the size
	kept), where the configuration has one (MODVERSIONS, the basic
	table): a table that names no symbol, as modpost writes it without
	the kernel's Module.symvers."""
	module = ext_root / BLANK_VERSIONS_MODULE
	try:
		data = module.read_bytes()
	except OSError as err:
		raise StepError(f"cannot read {module}: {err}") from err
	try:
		section = elf_section(data, VERSION_SECTIONS[0])
	except StepError as err:
		raise StepError(f"{module}: {err}") from err
	if section is None:
		return
	offset, size = section
	if not any(data[offset:offset + size]):
		return
	run.phase(cfg, "external", f"blanking {VERSION_SECTIONS[0]} of "
		  f"{module.name} ({size} bytes)")
	replace_file(module, data[:offset] + bytes(size) + data[offset + size:])


def hook_strip_flagstab(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Remove NOFLAGS_MODULE's export flags table."""
	if not has_flagstab(run.version):
		return
	run.phase(cfg, "external", "removing __kflagstab from "
		  f"{Path(NOFLAGS_MODULE).name}")
	objcopy(run, cfg, ext_root / NOFLAGS_MODULE,
		     "--remove-section=__kflagstab")


def read_module(path: Path) -> bytes:
	"""Return the bytes of the module PATH; StepError if unreadable."""
	try:
		return path.read_bytes()
	except OSError as err:
		raise StepError(f"cannot read {path}: {err}") from err


def hook_strip_crcs(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Remove NOCRCS_MODULE's CRC_SECTIONS, where it has them
	(MODVERSIONS)."""
	module = ext_root / NOCRCS_MODULE
	data = read_module(module)
	try:
		present = [name for name in CRC_SECTIONS
			   if elf_section(data, name) is not None]
	except StepError as err:
		raise StepError(f"{module}: {err}") from err
	if not present:
		return
	run.phase(cfg, "external", f"removing {', '.join(present)} from "
		  f"{module.name}")
	objcopy(run, cfg, module,
		*(f"--remove-section={name}" for name in present))


def hook_bad_shndx(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Give BAD_SHNDX_SYMBOL in BAD_SHNDX_MODULE the section index
	e_shnum: the first past the module's last section."""
	module = ext_root / BAD_SHNDX_MODULE
	data = read_module(module)
	if data[:6] != b"\x7fELF\x02\x01":
		raise StepError(f"{module}: not a 64-bit little-endian ELF file")
	try:
		sym, shnum = symbol_entry(data, BAD_SHNDX_SYMBOL)
		if sym is None:
			raise StepError(f"{module}: no symbol {BAD_SHNDX_SYMBOL}")
		shndx, = struct.unpack_from("<H", data, sym + 6)
	except struct.error:
		raise StepError(f"{module}: truncated ELF file") from None
	if shndx == shnum:
		return
	run.phase(cfg, "external", f"moving {BAD_SHNDX_SYMBOL} of "
		  f"{module.name} to section {shnum}, past the last")
	replace_file(module, data[:sym + 6] + struct.pack("<H", shnum) +
		     data[sym + 8:])


def hook_cut_versions(run: "RunSteps", cfg: "ConfigRun",
		      ext_root: Path) -> None:
	"""Make the __versions section of VERSIONS_CUT_MODULE 0 bytes long,
	where it has one (MODVERSIONS): its entries stay in the file, past
	the end of the table."""
	module = ext_root / VERSIONS_CUT_MODULE
	data = read_module(module)
	try:
		elf_section(data, "__versions")
		at = section_header(data, "__versions")
		size = 0 if at is None else struct.unpack_from("<Q", data, at + 0x20)[0]
	except (StepError, struct.error) as err:
		raise StepError(f"{module}: {err or 'truncated ELF file'}") from err
	if at is None or size == 0:
		return
	run.phase(cfg, "external", f"cutting the __versions section of "
		  f"{module.name} to 0 bytes (was {size})")
	replace_file(module, data[:at + 0x20] + struct.pack("<Q", 0) +
		     data[at + 0x28:])


def hook_add_obsolete_ksymtab_gpl(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path) -> None:
	"""Give OLDGPL_MODULE the OBSOLETE_SECTIONS (replacing those an
	earlier run gave it); before the flags table, __ksymtab_gpl and
	__kcrctab_gpl are not obsolete: only __obsparm."""
	sections = OBSOLETE_SECTIONS if has_flagstab(run.version) else \
		("__obsparm",)
	run.phase(cfg, "external", f"adding {', '.join(sections)} "
		  f"to {Path(OLDGPL_MODULE).name}")
	contents = ext_root / EXT_PROVIDER_DIR / "obsolete-section.bin"
	try:
		replace_file(contents, bytes(16))
	except OSError as err:
		raise StepError(f"cannot write {contents}: {err}") from err
	args = []
	for name in sections:
		args += [f"--remove-section={name}",
			 f"--add-section={name}={contents}",
			 f"--set-section-flags={name}=alloc,readonly"]
	objcopy(run, cfg, ext_root / OLDGPL_MODULE, *args)


# What modpost writes as "depends=" into a module's .modinfo (modinfo shows
# it, depmod makes modules.dep of it): the modules whose exports it uses,
# never vmlinux (whose module_layout each uses with MODVERSIONS).
MODINFO_DEPENDS = (
	(EXT_OOT_DIR + "/symexport_ext_consumer.ko", "symexport_ext_provider"),
	# After the consumer in the same pass: its provider is named for each
	# module that uses it, not once per pass.
	(EXT_OOT_DIR + "/symexport_ext_blank_versions.ko",
	 "symexport_ext_provider"),
	(EXT_PROVIDER_DIR + "/symexport_ext_provider.ko", ""),
)


def modinfo(data: bytes) -> Dict[str, str]:
	"""Return {key: value} of the .modinfo section of the module DATA."""
	section = elf_section(data, ".modinfo")
	if section is None:
		raise StepError("no .modinfo section")
	offset, size = section
	fields = {}
	for entry in data[offset:offset + size].split(b"\0"):
		key, sep, value = entry.decode(errors="replace").partition("=")
		if sep:
			fields[key] = value
	return fields


def check_modinfo_depends(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path, spec: "BuildCase") -> Optional[str]:
	"""Return how the modules of MODINFO_DEPENDS miss their "depends=",
	or None."""
	for module, depends in MODINFO_DEPENDS:
		path = ext_root / module
		try:
			fields = modinfo(path.read_bytes())
		except (OSError, StepError) as err:
			return f"{path}: {err}"
		if fields.get("depends") != depends:
			return (f"{path.name}: depends={fields.get('depends')!r}, "
				f"expected {depends!r}")
	return None


# An empty build directory below the stage: a kernel tree that was never
# configured, as the third seed post's /usr/src/kernels/... was.
UNCONFIGURED_DIR = "unconfigured"
CONFIGURATION_INVALID = "ERROR: Kernel configuration is invalid."


def check_unconfigured_tree(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path, spec: "BuildCase") -> Optional[str]:
	"""Build the out-of-tree consumers against the kernel source with an
	empty build directory (O=), a tree never configured; return how
	make misses SPEC, or None.  make writes nothing there."""
	objtree = ext_root / UNCONFIGURED_DIR
	shutil.rmtree(objtree, ignore_errors=True)
	objtree.mkdir(parents=True)
	arch = arch_of(run.opts)
	cmd = ["make", f"ARCH={arch}", "-C", str(run.tree), f"O={objtree}",
	       f"M={ext_root / EXT_OOT_DIR}"]
	if arch in CROSS_COMPILE:
		cmd.append(f"CROSS_COMPILE={CROSS_COMPILE[arch]}")
	result = run.step(cfg, "make", cmd + ["modules"], keep_output=True,
			  build=True)
	if result.timed_out:
		return "make timed out"
	return unmet_expectation(spec, result, objtree, run.version)


def check_provider_symvers(run: "RunSteps", cfg: "ConfigRun",
		ext_root: Path, spec: "BuildCase") -> Optional[str]:
	"""Return how the provider's Module.symvers misses SPEC, or None."""
	path = ext_root / PROVIDER_SYMVERS
	try:
		text = path.read_text(errors="replace")
	except OSError as err:
		return f"cannot read {path}: {err}"
	why = symvers_mismatch(text, bool(spec.modversions), run.version)
	return f"{path}: {why}" if why else None


def hook_name(hook: Callable) -> str:
	"""Return the name HOOK goes by in messages ("patch_vermagic")."""
	return hook.__name__.removeprefix("hook_")
