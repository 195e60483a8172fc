// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that uses an EXPORT_SYMBOL_NS function of namespace SYMEXPORT_NS
 * and imports two other namespaces, one a prefix of SYMEXPORT_NS and one
 * that starts with it: the loader compares whole names, and refuses it.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_ns_other_imports_init(void)
{
	return symexport_ext_ns_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_ns_other_imports_init);

static void __exit symexport_ext_ns_other_imports_exit(void)
{
}
module_exit(symexport_ext_ns_other_imports_exit);

/* MODULE_IMPORT_NS() as every kernel spells it: MODULE_INFO(import_ns). */
MODULE_INFO(import_ns, "SYMEXPORT");
MODULE_INFO(import_ns, "SYMEXPORT_NS_OTHER");
MODULE_DESCRIPTION("symexport user of a namespaced symbol that imports only other namespaces");
MODULE_LICENSE("GPL");
