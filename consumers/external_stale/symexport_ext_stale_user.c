// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer built against a stale Module.symvers, whose CRC for
 * symexport_ext_add is not the provider's.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_stale_user_init(void)
{
	return symexport_ext_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_stale_user_init);

static void __exit symexport_ext_stale_user_exit(void)
{
}
module_exit(symexport_ext_stale_user_exit);

MODULE_DESCRIPTION("symexport out-of-tree consumer");
MODULE_LICENSE("GPL");
