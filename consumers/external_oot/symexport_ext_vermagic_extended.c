// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose version magic is the kernel's own with a feature more
 * after it.  Its own vermagic= comes first in .modinfo, before the one
 * modpost adds, and the loader reads the first.
 */
#define INCLUDE_VERMAGIC
#include <linux/module.h>
#include <linux/vermagic.h>

MODULE_INFO(vermagic, VERMAGIC_STRING "symexport ");

static int __init symexport_ext_vermagic_extended_init(void)
{
	return 0;
}
module_init(symexport_ext_vermagic_extended_init);

static void __exit symexport_ext_vermagic_extended_exit(void)
{
}
module_exit(symexport_ext_vermagic_extended_exit);

MODULE_DESCRIPTION("symexport module whose version magic extends the kernel's");
MODULE_LICENSE("GPL");
