// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that imports nothing, so that its basic version table holds
 * module_layout alone, which the harness then cuts to 0 bytes after the
 * build: the entry stays in the file, just past the end of its table.
 */
#include <linux/module.h>

static int __init symexport_ext_versions_cut_init(void)
{
	return 0;
}
module_init(symexport_ext_versions_cut_init);

static void __exit symexport_ext_versions_cut_exit(void)
{
}
module_exit(symexport_ext_versions_cut_exit);

MODULE_DESCRIPTION("symexport module whose version table is cut to nothing");
MODULE_LICENSE("GPL");
