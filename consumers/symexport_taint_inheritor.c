// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL module that uses two exports of a proprietary module: it loads, and
 * inherits the proprietary taint, once (the loader meets
 * symexport_proprietary_add first).
 */
#include <linux/module.h>

#include "../providers/symexport_proprietary_provider.h"

static int __init symexport_taint_inheritor_init(void)
{
	return symexport_proprietary_add(2, 3) + symexport_proprietary_value == 10 ?
		0 : -EINVAL;
}
module_init(symexport_taint_inheritor_init);

static void __exit symexport_taint_inheritor_exit(void)
{
}
module_exit(symexport_taint_inheritor_exit);

MODULE_DESCRIPTION("symexport GPL consumer of a proprietary module");
MODULE_LICENSE("GPL");
