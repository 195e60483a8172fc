// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL consumer of symexport_ext_add built without the provider's
 * Module.symvers: without MODVERSIONS it loads, with MODVERSIONS the loader
 * finds no version for the symbol.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_unversioned_user_init(void)
{
	return symexport_ext_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_unversioned_user_init);

static void __exit symexport_ext_unversioned_user_exit(void)
{
}
module_exit(symexport_ext_unversioned_user_exit);

MODULE_DESCRIPTION("symexport out-of-tree consumer");
MODULE_LICENSE("GPL");
