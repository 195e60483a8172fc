// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider that tools/testing/symexport/run strips of its __kflagstab
 * section after the build: an export table without the flags table that
 * kernels since 7.0 require beside it.
 */
#include <linux/export.h>
#include <linux/module.h>

int symexport_ext_noflags_add(int a, int b);

int symexport_ext_noflags_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_ext_noflags_add);

MODULE_DESCRIPTION("symexport provider stripped of its export flags table");
MODULE_LICENSE("GPL");
