// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a GPL-incompatible MODULE_LICENSE that calls a function the
 * kernel image itself exports with EXPORT_SYMBOL_GPL: the loader refuses
 * it, as it refuses one that uses a module's GPL-only export.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

static int __init symexport_ext_kernel_gpl_user_init(void)
{
	synchronize_rcu();
	return 0;
}
module_init(symexport_ext_kernel_gpl_user_init);

static void __exit symexport_ext_kernel_gpl_user_exit(void)
{
}
module_exit(symexport_ext_kernel_gpl_user_exit);

MODULE_DESCRIPTION("symexport proprietary user of the kernel's EXPORT_SYMBOL_GPL synchronize_rcu()");
MODULE_LICENSE("Proprietary");
