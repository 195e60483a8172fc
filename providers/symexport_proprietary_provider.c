// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider whose MODULE_LICENSE is not GPL-compatible: loading it taints
 * the kernel 'P', and a GPL module that uses its export inherits the taint.
 * (The source is GPL like the rest of the suite; only the license string
 * the module declares matters to the loader.)
 */
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_proprietary_provider.h"

int symexport_proprietary_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_proprietary_add);

/*
 * A second export, for symexport_taint_conflict_gpl_first: the linker puts
 * this name after symexport_provider_gpl_mul in that module's symbol
 * table, where it puts symexport_proprietary_add before it.
 */
int symexport_proprietary_value = 5;
EXPORT_SYMBOL(symexport_proprietary_value);

MODULE_DESCRIPTION("symexport provider with a GPL-incompatible license");
MODULE_LICENSE("Proprietary");
