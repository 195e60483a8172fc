// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uses the provider's export whose name is too long for a struct
 * modversion_info: built (CONFIG_EXTENDED_MODVERSIONS only) with the
 * provider's Module.symvers, its CRC is in the extended version table.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_long_user_init(void)
{
	int sum = symexport_ext_add_with_a_name_too_long_for_struct_modversion_info(2, 3);

	return sum == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_long_user_init);

static void __exit symexport_ext_long_user_exit(void)
{
}
module_exit(symexport_ext_long_user_exit);

MODULE_DESCRIPTION("symexport user of a symbol with a long name");
MODULE_LICENSE("GPL");
