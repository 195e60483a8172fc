// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with an init function and no exit function: delete_module()
 * refuses to remove it (EBUSY) unless the removal is forced.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init symexport_no_exit_init(void)
{
	return 0;
}
module_init(symexport_no_exit_init);

MODULE_DESCRIPTION("symexport module with an init function and no exit function");
MODULE_LICENSE("GPL");
