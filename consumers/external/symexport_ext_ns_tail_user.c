// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that uses an export of namespace SYMEXPORT_TAIL_NS, whose name
 * ends in this module's name, without importing it: the namespace is not
 * a "module:" list, so the loader refuses the module.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_ns_tail_user_init(void)
{
	return symexport_ext_tail_ns_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_ns_tail_user_init);

static void __exit symexport_ext_ns_tail_user_exit(void)
{
}
module_exit(symexport_ext_ns_tail_user_exit);

MODULE_DESCRIPTION("symexport user of a namespace ending in its own name");
MODULE_LICENSE("GPL");
