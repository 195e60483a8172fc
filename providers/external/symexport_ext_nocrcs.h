/* SPDX-License-Identifier: GPL-2.0-only */
/* What the out-of-tree symexport_ext_nocrcs.ko exports. */
#ifndef _SYMEXPORT_EXT_NOCRCS_H
#define _SYMEXPORT_EXT_NOCRCS_H

/* EXPORT_SYMBOL, from a module whose CRC table the harness removes. */
int symexport_ext_nocrcs_add(int a, int b);

#endif /* _SYMEXPORT_EXT_NOCRCS_H */
