// SPDX-License-Identifier: GPL-2.0-only
/*
 * An out-of-tree provider: the same exports as symexport_provider.ko under
 * other names, built in a pass of its own so that modules built in a later
 * pass without its Module.symvers get past modpost and meet the loader.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_ext_provider.h"

int symexport_ext_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_ext_add);

int symexport_ext_gpl_mul(int a, int b)
{
	return a * b;
}
EXPORT_SYMBOL_GPL(symexport_ext_gpl_mul);

int symexport_ext_ns_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_NS(symexport_ext_ns_add, SYMEXPORT_NS);

int symexport_ext_tail_ns_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_NS(symexport_ext_tail_ns_add, SYMEXPORT_TAIL_NS);

int symexport_ext_add_with_a_name_too_long_for_struct_modversion_info(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_ext_add_with_a_name_too_long_for_struct_modversion_info);

MODULE_DESCRIPTION("symexport out-of-tree provider");
MODULE_LICENSE("GPL");
