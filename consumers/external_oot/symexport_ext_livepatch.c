// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module marked as a livepatch module (MODULE_INFO(livepatch, "Y"), as
 * samples/livepatch/ marks theirs) that patches nothing: a kernel without
 * CONFIG_LIVEPATCH refuses it, whatever else it forces.
 */
#include <linux/module.h>

static int __init symexport_ext_livepatch_init(void)
{
	return 0;
}
module_init(symexport_ext_livepatch_init);

static void __exit symexport_ext_livepatch_exit(void)
{
}
module_exit(symexport_ext_livepatch_exit);

MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("symexport module marked as a livepatch module");
MODULE_LICENSE("GPL");
