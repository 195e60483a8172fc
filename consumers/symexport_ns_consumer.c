// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer that imports the provider's namespace and uses its
 * EXPORT_SYMBOL_NS and EXPORT_SYMBOL_NS_GPL functions.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"

static int __init symexport_ns_consumer_init(void)
{
	return symexport_provider_ns_add(2, 3) == 5 &&
	       symexport_provider_ns_gpl_mul(6, 7) == 42 ? 0 : -EINVAL;
}
module_init(symexport_ns_consumer_init);

static void __exit symexport_ns_consumer_exit(void)
{
}
module_exit(symexport_ns_consumer_exit);

MODULE_IMPORT_NS(SYMEXPORT_NS);
MODULE_DESCRIPTION("symexport consumer of namespaced exports");
MODULE_LICENSE("GPL");
