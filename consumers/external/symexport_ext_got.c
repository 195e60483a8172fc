// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with an undefined _GLOBAL_OFFSET_TABLE_, as GNU as before 2.37
 * left in x86 objects that use the GOT: nobody exports it, and the loader
 * lets it be on x86 (ignore_undef_symbol()) where it refuses any other
 * undefined symbol that is not weak.
 */
#include <linux/module.h>

asm(".globl _GLOBAL_OFFSET_TABLE_");

static int __init symexport_ext_got_init(void)
{
	return 0;
}
module_init(symexport_ext_got_init);

static void __exit symexport_ext_got_exit(void)
{
}
module_exit(symexport_ext_got_exit);

MODULE_DESCRIPTION("symexport module with an undefined _GLOBAL_OFFSET_TABLE_");
MODULE_LICENSE("GPL");
