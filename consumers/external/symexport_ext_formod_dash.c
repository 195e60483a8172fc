// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module named symexport_ext_formod_dash that EXPORT_SYMBOL_FOR_MODULES()
 * lists as symexport-ext-formod-dash: the loader takes '-' and '_' as the
 * same (modpost compares the file name as it is, hence KBUILD_MODPOST_WARN=1).
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES
static int __init symexport_ext_formod_dash_init(void)
{
	return symexport_ext_formod_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_formod_dash_init);

static void __exit symexport_ext_formod_dash_exit(void)
{
}
module_exit(symexport_ext_formod_dash_exit);
#endif

MODULE_DESCRIPTION("symexport user of an export for modules, listed with dashes");
MODULE_LICENSE("GPL");
