// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL-incompatible module that EXPORT_SYMBOL_FOR_MODULES() names: the
 * export is GPL-only all the same, and the loader does not find it.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES
static int __init symexport_ext_formod_proprietary_init(void)
{
	return symexport_ext_formod_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_formod_proprietary_init);

static void __exit symexport_ext_formod_proprietary_exit(void)
{
}
module_exit(symexport_ext_formod_proprietary_exit);
#endif

MODULE_DESCRIPTION("symexport GPL-incompatible user of an export for modules, in its list");
MODULE_LICENSE("Proprietary");
