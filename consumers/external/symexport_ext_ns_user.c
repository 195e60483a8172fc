// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that uses an EXPORT_SYMBOL_NS function without importing its
 * namespace: the loader refuses it.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_ns_user_init(void)
{
	return symexport_ext_ns_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_ns_user_init);

static void __exit symexport_ext_ns_user_exit(void)
{
}
module_exit(symexport_ext_ns_user_exit);

MODULE_DESCRIPTION("symexport user of a namespaced symbol that does not import it");
MODULE_LICENSE("GPL");
