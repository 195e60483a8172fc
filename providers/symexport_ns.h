/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The namespace of the symexport providers' namespaced exports.
 *
 * Since 6.13, EXPORT_SYMBOL_NS() and MODULE_IMPORT_NS() take a string
 * literal; before, a bare token that they stringify (and that expands to
 * itself here), so the same sources build on both sides of the change.
 */
#ifndef _SYMEXPORT_NS_H
#define _SYMEXPORT_NS_H

#include <linux/version.h>

#if LINUX_VERSION_MAJOR > 6 || (LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL >= 13)
#define SYMEXPORT_NS "SYMEXPORT_NS"
#else
#define SYMEXPORT_NS SYMEXPORT_NS
#endif

#endif /* _SYMEXPORT_NS_H */
