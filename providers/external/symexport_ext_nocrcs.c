// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider that tools/testing/symexport/run strips of its CRC table
 * (__kcrctab, and __kcrctab_gpl where the kernel has it) after the build:
 * with CONFIG_MODVERSIONS=y, exports whose versions nobody can check.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_ext_nocrcs.h"

int symexport_ext_nocrcs_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(symexport_ext_nocrcs_add);

MODULE_DESCRIPTION("symexport provider stripped of its export CRC table");
MODULE_LICENSE("GPL");
