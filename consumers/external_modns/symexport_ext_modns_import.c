// SPDX-License-Identifier: GPL-2.0-only
/*
 * Imports the namespace of an EXPORT_SYMBOL_FOR_MODULES() export as
 * written, "module:...": modpost refuses to build it.  (The loader's side
 * of the rule is proved with symexport_ext_formod_import, which is built
 * under another name and renamed in its .ko.)
 */
#include <linux/module.h>

MODULE_IMPORT_NS("module:symexport_ext_formod_listed");
MODULE_DESCRIPTION("symexport module importing a module: namespace");
MODULE_LICENSE("GPL");
