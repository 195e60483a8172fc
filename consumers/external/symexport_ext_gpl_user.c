// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a GPL-incompatible MODULE_LICENSE that calls an
 * EXPORT_SYMBOL_GPL function: the loader refuses it.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_gpl_user_init(void)
{
	return symexport_ext_gpl_mul(6, 7) == 42 ? 0 : -EINVAL;
}
module_init(symexport_ext_gpl_user_init);

static void __exit symexport_ext_gpl_user_exit(void)
{
}
module_exit(symexport_ext_gpl_user_exit);

MODULE_DESCRIPTION("symexport proprietary user of an EXPORT_SYMBOL_GPL function");
MODULE_LICENSE("Proprietary");
