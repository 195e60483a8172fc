# SPDX-License-Identifier: GPL-2.0-only
"""Tiny ELF files for the fake make's modules and the hooks' tests."""

import struct
from typing import Dict, Optional, Tuple


def tiny_elf(sections: Dict[str, bytes],
	     kinds: Optional[Dict[str, Tuple[int, int]]] = None) -> bytes:
	"""Return a minimal ELF64 little-endian file with SECTIONS ({name:
	bytes}, in order) and a section name table, for the hooks that edit
	modules; KINDS gives some of them {name: (sh_type, sh_link)}, the
	others are PROGBITS."""
	kinds = kinds or {}
	names = b"\0"
	offsets = {}
	for name in [*sections, ".shstrtab"]:
		offsets[name] = len(names)
		names += name.encode() + b"\0"
	body = b""
	headers = [bytes(64)]
	for name, data in [*sections.items(), (".shstrtab", names)]:
		sh_type, sh_link = kinds.get(name, (1, 0))
		headers.append(struct.pack("<IIQQQQIIQQ", offsets[name], sh_type,
					   0, 0, 64 + len(body), len(data),
					   sh_link, 0, 1, 0))
		body += data
	ident = b"\x7fELF\x02\x01\x01" + bytes(9)
	header = ident + struct.pack("<HHIQQQIHHHHHH", 1, 62, 1, 0, 0,
				     64 + len(body), 0, 64, 0, 0, 64,
				     len(headers), len(headers) - 1)
	return header + body + b"".join(headers)


# The module whose __versions the out-of-tree pass blanks.
VERSIONED_ELF = tiny_elf({".text": b"\x90" * 8, "__versions": bytes(range(1, 129)),
			 ".modinfo": b"license=GPL\0depends=symexport_ext_provider\0"})
# The external provider and the out-of-tree consumer, with their .modinfo.
PROVIDER_ELF = tiny_elf({".modinfo": b"license=GPL\0depends=\0name=symexport_ext_provider\0"})
CONSUMER_ELF = tiny_elf({".modinfo": b"version=1.0\0license=GPL\0"
				     b"srcversion=9A26BBCFF83209EEF0ECE61\0"
				     b"depends=symexport_ext_provider\0"
				     b"name=symexport_ext_consumer\0"})
# A module without MODULE_VERSION(): no srcversion.
UNVERSIONED_ELF = tiny_elf({".modinfo": b"license=GPL\0depends=\0"
					b"name=symexport_ext_unversioned_user\0"})
# The provider whose CRCs the provider pass removes (with MODVERSIONS).
NOCRCS_ELF = tiny_elf({".text": b"\x90" * 8, "__kcrctab": b"\x12\x34\x56\x78"})
# The module whose marker symbol the provider pass moves past its last
# section (3, .symtab: its section index 1 becomes 4).
BAD_SHNDX_ELF = tiny_elf({
	".text": b"\x90" * 8,
	".strtab": b"\0symexport_ext_bad_shndx_marker\0",
	".symtab": bytes(24) + struct.pack("<IBBHQQ", 1, 0x11, 0, 1, 0, 4),
}, kinds={".symtab": (2, 2)})
