/* SPDX-License-Identifier: GPL-2.0-only */
/* What the out-of-tree symexport_ext_provider.ko exports. */
#ifndef _SYMEXPORT_EXT_PROVIDER_H
#define _SYMEXPORT_EXT_PROVIDER_H

#include "../symexport_ns.h"

/* EXPORT_SYMBOL. */
int symexport_ext_add(int a, int b);

/* EXPORT_SYMBOL_GPL. */
int symexport_ext_gpl_mul(int a, int b);

/* EXPORT_SYMBOL_NS, in SYMEXPORT_NS. */
int symexport_ext_ns_add(int a, int b);

/* EXPORT_SYMBOL_NS, in SYMEXPORT_TAIL_NS. */
int symexport_ext_tail_ns_add(int a, int b);

/*
 * EXPORT_SYMBOL, with a name of 65 bytes: too long for the 56 bytes of a
 * struct modversion_info name, so only CONFIG_EXTENDED_MODVERSIONS
 * versions it in the modules that use it.
 */
int symexport_ext_add_with_a_name_too_long_for_struct_modversion_info(int a, int b);

#endif /* _SYMEXPORT_EXT_PROVIDER_H */
