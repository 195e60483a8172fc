// SPDX-License-Identifier: GPL-2.0-only
/*
 * The same consumer, whose __versions section the harness removes after
 * the build (what modprobe --force does): a module with no versions at all.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_stripped_init(void)
{
	return symexport_ext_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_stripped_init);

static void __exit symexport_ext_stripped_exit(void)
{
}
module_exit(symexport_ext_stripped_exit);

MODULE_DESCRIPTION("symexport out-of-tree consumer");
MODULE_LICENSE("GPL");
