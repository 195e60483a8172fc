// SPDX-License-Identifier: GPL-2.0-only
/*
 * A second module that exports symexport_provider_add, which
 * symexport_provider.ko exports too.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "../symexport_provider.h"

int symexport_provider_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_provider_add);

MODULE_DESCRIPTION("symexport out-of-tree module exporting a duplicate symbol");
MODULE_LICENSE("GPL");
