// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a GPL-incompatible license that calls a function the kernel
 * image itself exports with EXPORT_SYMBOL_GPL: the loader refuses it, as it
 * refuses one that uses a module's GPL-only export.  modpost knows the
 * kernel's exports and refuses to build such a module even with
 * KBUILD_MODPOST_WARN=1, so it is built "Dual MIT/GPL" and the harness
 * makes its .modinfo say "Proprietary" afterwards (hook_patch_license).
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
MODULE_LICENSE("Dual MIT/GPL");
