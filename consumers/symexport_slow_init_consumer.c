// SPDX-License-Identifier: GPL-2.0-only
/* A consumer of symexport_slow_init.ko, the provider whose init can be held. */
#include <linux/init.h>
#include <linux/module.h>

#include "../providers/symexport_slow_init.h"

static int __init symexport_slow_init_consumer_init(void)
{
	return symexport_slow_init_value() == 42 ? 0 : -EINVAL;
}
module_init(symexport_slow_init_consumer_init);

static void __exit symexport_slow_init_consumer_exit(void)
{
}
module_exit(symexport_slow_init_consumer_exit);

MODULE_DESCRIPTION("symexport consumer of the provider whose init can be held");
MODULE_LICENSE("GPL");
