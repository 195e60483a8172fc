// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that EXPORT_SYMBOL_FOR_MODULES() names and that imports the
 * "module:" namespace itself: the loader refuses the import (EPERM).
 * modpost refuses to build it, so it is built importing "MODULE:..." and
 * tools/testing/symexport/run patches the letters to "module:" in the .ko.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES
static int __init symexport_ext_formod_import_init(void)
{
	return symexport_ext_formod_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_formod_import_init);

static void __exit symexport_ext_formod_import_exit(void)
{
}
module_exit(symexport_ext_formod_import_exit);
#endif

MODULE_INFO(import_ns, "MODULE:symexport_ext_formod_listed");
MODULE_DESCRIPTION("symexport user of an export for modules that imports its namespace");
MODULE_LICENSE("GPL");
