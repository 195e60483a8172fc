# SPDX-License-Identifier: GPL-2.0-only
"""Reading the ELF64 little-endian module files that the harness's hooks
change (every architecture the harness builds): section headers and
symbols, by name.  Each function raises struct.error on a file cut short;
harness_ext turns that into the step's error."""

import struct
from typing import Optional, Tuple


def find_section(data: bytes, name: str) -> Optional[Tuple[int, int]]:
	"""elf_section() once DATA is known to be ELF64 little-endian;
	struct.error if it is cut short."""
	at = section_header(data, name)
	if at is None:
		return None
	offset, size = struct.unpack_from("<QQ", data, at + 0x18)
	return offset, size


def section_header(data: bytes, name: str) -> Optional[int]:
	"""The offset of the Elf64_Shdr of the section NAME in DATA (ELF64
	little-endian), or None; struct.error if DATA is cut short."""
	shoff, = struct.unpack_from("<Q", data, 0x28)
	shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
	names, = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)
	wanted = name.encode() + b"\0"
	for index in range(shnum):
		at = shoff + index * shentsize
		sh_name, = struct.unpack_from("<I", data, at)
		if data[names + sh_name:names + sh_name + len(wanted)] == wanted:
			return at
	return None


def symbol_entry(data: bytes, name: str) -> Tuple[Optional[int], int]:
	"""Return (offset of the Elf64_Sym of the symbol NAME, e_shnum) in
	the ELF64 little-endian file DATA; the offset is None if its symbol
	table has no such symbol.  struct.error if DATA is cut short."""
	shoff, = struct.unpack_from("<Q", data, 0x28)
	shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
	wanted = name.encode() + b"\0"
	for index in range(shnum):
		at = shoff + index * shentsize
		sh_type, = struct.unpack_from("<I", data, at + 4)
		if sh_type != 2:	# SHT_SYMTAB
			continue
		offset, size, link = struct.unpack_from("<QQI", data, at + 0x18)
		strings, = struct.unpack_from(
			"<Q", data, shoff + link * shentsize + 0x18)
		for sym in range(offset, offset + size, 24):
			st_name, = struct.unpack_from("<I", data, sym)
			start = strings + st_name
			if data[start:start + len(wanted)] == wanted:
				return sym, shnum
	return None, shnum
