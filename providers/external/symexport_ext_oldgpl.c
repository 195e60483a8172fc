// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider that tools/testing/symexport/run gives a __ksymtab_gpl
 * section after the build, as modules built for kernels before the flags
 * table had: kernels with __kflagstab warn about it and ignore it.
 */
#include <linux/export.h>
#include <linux/module.h>

int symexport_ext_oldgpl_add(int a, int b);

int symexport_ext_oldgpl_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_GPL(symexport_ext_oldgpl_add);

MODULE_DESCRIPTION("symexport provider with an obsolete __ksymtab_gpl section");
MODULE_LICENSE("GPL");
