// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reaches symexport_ext_gpl_mul only with symbol_get(), by name: no
 * undefined symbol tells modpost of the use, only the name symbol_get()
 * leaves in .no_trim_symbol, so that CONFIG_TRIM_UNUSED_KSYMS keeps the
 * export.  Never loaded: a symexport_build case runs modpost on its object.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_symbol_get_user_init(void)
{
	int (*mul)(int a, int b) = symbol_get(symexport_ext_gpl_mul);

	if (!mul)
		return -ENOENT;
	symbol_put(symexport_ext_gpl_mul);
	return 0;
}
module_init(symexport_ext_symbol_get_user_init);

MODULE_DESCRIPTION("symexport module using an export with symbol_get() only");
MODULE_LICENSE("GPL");
