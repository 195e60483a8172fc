// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exports sort(), a symbol the kernel image exports too: modpost refuses
 * it ("exported twice. Previous export was in vmlinux"), with the kernel's
 * Module.symvers as the other exporter.  (The builtin_provider
 * configuration proves the same rule with the image exporting one of ours.)
 * No header this file includes declares sort().
 */
#include <linux/module.h>

int sort(void);

int sort(void)
{
	return 0;
}
EXPORT_SYMBOL(sort);

MODULE_DESCRIPTION("symexport module exporting a symbol the kernel exports");
MODULE_LICENSE("GPL");
