// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a weak reference to an EXPORT_SYMBOL_NS function whose
 * namespace it does not import: the symbol exists but may not be used by
 * it, and a weak reference does not make that a symbol that is missing.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

extern typeof(symexport_ext_ns_add) symexport_ext_ns_add __weak;

/* What the loader wrote for the weak reference. */
const void *symexport_ext_ns_weak_seen = symexport_ext_ns_add;

static int __init symexport_ext_ns_weak_user_init(void)
{
	return 0;
}
module_init(symexport_ext_ns_weak_user_init);

static void __exit symexport_ext_ns_weak_user_exit(void)
{
}
module_exit(symexport_ext_ns_weak_user_exit);

MODULE_DESCRIPTION("symexport weak user of a namespaced symbol that does not import it");
MODULE_LICENSE("GPL");
