// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module built with -fcommon whose one common symbol is named as GCC's
 * LTO marks its objects (__gnu_lto_*): the loader ignores such a symbol,
 * where it refuses any other common symbol (symexport_ext_common).
 */
#include <linux/module.h>

int __gnu_lto_symexport;

static int __init symexport_ext_lto_common_init(void)
{
	return 0;
}
module_init(symexport_ext_lto_common_init);

static void __exit symexport_ext_lto_common_exit(void)
{
}
module_exit(symexport_ext_lto_common_exit);

MODULE_DESCRIPTION("symexport module with an LTO marker as its common symbol");
MODULE_LICENSE("GPL");
