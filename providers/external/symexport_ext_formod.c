// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider whose export is for the modules it names:
 * EXPORT_SYMBOL_FOR_MODULES() puts it, GPL-only, in the namespace
 * "module:<list>", which only the listed modules may use and none may
 * import.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES
int symexport_ext_formod_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_FOR_MODULES(symexport_ext_formod_add, SYMEXPORT_EXT_FORMOD_LIST);
#endif

MODULE_DESCRIPTION("symexport provider: an export for named modules only");
MODULE_LICENSE("GPL");
