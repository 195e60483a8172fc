// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exports a symbol it only declares: the export points at nothing the
 * module has, and modpost refuses it ("was exported without definition").
 */
#include <linux/module.h>

extern int symexport_ext_never_defined;
EXPORT_SYMBOL(symexport_ext_never_defined);

MODULE_DESCRIPTION("symexport module exporting a symbol it does not define");
MODULE_LICENSE("GPL");
