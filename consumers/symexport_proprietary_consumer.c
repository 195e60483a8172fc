// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer whose MODULE_LICENSE is not GPL-compatible and that uses only
 * an EXPORT_SYMBOL function: it loads, and taints the kernel and itself 'P'.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"

static int __init symexport_proprietary_consumer_init(void)
{
	return symexport_provider_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_proprietary_consumer_init);

static void __exit symexport_proprietary_consumer_exit(void)
{
}
module_exit(symexport_proprietary_consumer_exit);

MODULE_DESCRIPTION("symexport consumer with a GPL-incompatible license");
MODULE_LICENSE("Proprietary");
