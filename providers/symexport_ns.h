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

#endif /* _SYMEXPORT_NS_H */
