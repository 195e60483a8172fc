// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a GPL-incompatible MODULE_LICENSE that calls the kernel's
 * EXPORT_SYMBOL_GPL synchronize_rcu(): modpost refuses to build it, even
 * with KBUILD_MODPOST_WARN=1 (the pass that has it set leaves it out).
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

static int __init symexport_ext_kernel_gpl_refused_init(void)
{
	synchronize_rcu();
	return 0;
}
module_init(symexport_ext_kernel_gpl_refused_init);

static void __exit symexport_ext_kernel_gpl_refused_exit(void)
{
}
module_exit(symexport_ext_kernel_gpl_refused_exit);

MODULE_DESCRIPTION("symexport proprietary user of the kernel's EXPORT_SYMBOL_GPL synchronize_rcu()");
MODULE_LICENSE("Proprietary");
