// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a common symbol: built with -fcommon (Kbuild), its
 * tentative definition stays an SHN_COMMON symbol in the .ko, which the
 * kernel never allocates.  The loader refuses it with ENOEXEC ("please
 * compile with -fno-common"); modpost only warns ("is COMMON symbol").
 */
#include <linux/module.h>

/* A tentative definition: no initialiser, not static. */
int symexport_ext_common_counter;

static int __init symexport_ext_common_init(void)
{
	symexport_ext_common_counter++;
	return 0;
}
module_init(symexport_ext_common_init);

static void __exit symexport_ext_common_exit(void)
{
}
module_exit(symexport_ext_common_exit);

MODULE_DESCRIPTION("symexport module with a common symbol");
MODULE_LICENSE("GPL");
