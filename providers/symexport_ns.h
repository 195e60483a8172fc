/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The namespace of the symexport providers' namespaced exports, as
 * EXPORT_SYMBOL_NS() and MODULE_IMPORT_NS() take it: a string literal.
 */
#ifndef _SYMEXPORT_NS_H
#define _SYMEXPORT_NS_H

#include <linux/version.h>

#if LINUX_VERSION_MAJOR > 6 || (LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL >= 13)
#define SYMEXPORT_NS "SYMEXPORT_NS"
#else
/*
 * Before 6.13 they took a bare token and stringified it; this one expands
 * to itself.
 */
#define SYMEXPORT_NS SYMEXPORT_NS
#endif

/*
 * A namespace whose name, after a first part as long as "module:", is
 * the name of a module that uses it without importing it
 * (consumers/external/symexport_ext_ns_tail_user.c): only "module:"
 * itself makes a namespace a list of modules.
 */
#if LINUX_VERSION_MAJOR > 6 || (LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL >= 13)
#define SYMEXPORT_TAIL_NS "SYMEXP_symexport_ext_ns_tail_user"
#else
#define SYMEXPORT_TAIL_NS SYMEXP_symexport_ext_ns_tail_user
#endif

#endif /* _SYMEXPORT_NS_H */
