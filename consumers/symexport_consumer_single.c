// SPDX-License-Identifier: GPL-2.0-only
/*
 * A second consumer that uses one provider export: two consumers, two
 * references on the provider.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"

static int __init symexport_consumer_single_init(void)
{
	return symexport_provider_add(1, 1) == 2 ? 0 : -EINVAL;
}
module_init(symexport_consumer_single_init);

static void __exit symexport_consumer_single_exit(void)
{
}
module_exit(symexport_consumer_single_exit);

MODULE_DESCRIPTION("symexport consumer: uses one provider export");
MODULE_LICENSE("GPL");
