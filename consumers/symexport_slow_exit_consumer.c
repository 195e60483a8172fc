// SPDX-License-Identifier: GPL-2.0-only
/* A consumer of symexport_slow_exit.ko, loaded while that module goes away. */
#include <linux/module.h>

#include "../providers/symexport_slow_exit.h"

static int __init symexport_slow_exit_consumer_init(void)
{
	return symexport_slow_exit_value() == 42 ? 0 : -EINVAL;
}
module_init(symexport_slow_exit_consumer_init);

static void __exit symexport_slow_exit_consumer_exit(void)
{
}
module_exit(symexport_slow_exit_consumer_exit);

MODULE_DESCRIPTION("symexport consumer of a module on its way out");
MODULE_LICENSE("GPL");
