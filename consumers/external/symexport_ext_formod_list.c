// SPDX-License-Identifier: GPL-2.0-only
/*
 * A user of symexport_ext_formod's export whose name is a list entry
 * (symexport_ext_formod_listed) cut short: the loader refuses it.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES
static int __init symexport_ext_formod_list_init(void)
{
	return symexport_ext_formod_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_formod_list_init);

static void __exit symexport_ext_formod_list_exit(void)
{
}
module_exit(symexport_ext_formod_list_exit);
#endif

MODULE_DESCRIPTION("symexport user of an export for modules, not in its list");
MODULE_LICENSE("GPL");
