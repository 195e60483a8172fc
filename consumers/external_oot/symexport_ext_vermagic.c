// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that imports nothing, whose vermagic the harness rewrites after
 * the build to name another kernel release.
 */
#include <linux/module.h>

static int __init symexport_ext_vermagic_init(void)
{
	return 0;
}
module_init(symexport_ext_vermagic_init);

static void __exit symexport_ext_vermagic_exit(void)
{
}
module_exit(symexport_ext_vermagic_exit);

MODULE_DESCRIPTION("symexport module built for another kernel release");
MODULE_LICENSE("GPL");
