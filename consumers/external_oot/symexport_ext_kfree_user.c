// SPDX-License-Identifier: GPL-2.0-only
/*
 * A user of three kernel exports whose names start alike: kfree_sensitive,
 * kfree and kfree_const, in that order in its version tables (modpost
 * writes them in the order the object first uses them).  The loader looks
 * each up by its whole name: kfree is not kfree_sensitive's entry, and
 * kfree_const is not kfree's.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static int __init symexport_ext_kfree_user_init(void)
{
	kfree_sensitive(NULL);
	kfree(NULL);
	kfree_const(NULL);
	return 0;
}
module_init(symexport_ext_kfree_user_init);

static void __exit symexport_ext_kfree_user_exit(void)
{
}
module_exit(symexport_ext_kfree_user_exit);

MODULE_DESCRIPTION("symexport user of kfree_sensitive, kfree and kfree_const");
MODULE_LICENSE("GPL");
