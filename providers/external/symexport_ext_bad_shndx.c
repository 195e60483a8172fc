// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose symbol table tools/testing/symexport/run corrupts after
 * the build: symexport_ext_bad_shndx_marker's section index becomes the
 * ELF header's section count, the first index past the last section.
 */
#include <linux/module.h>

int symexport_ext_bad_shndx_marker = 1;

static int __init symexport_ext_bad_shndx_init(void)
{
	return symexport_ext_bad_shndx_marker == 1 ? 0 : -EINVAL;
}
module_init(symexport_ext_bad_shndx_init);

static void __exit symexport_ext_bad_shndx_exit(void)
{
}
module_exit(symexport_ext_bad_shndx_exit);

MODULE_DESCRIPTION("symexport module with a symbol in no section");
MODULE_LICENSE("GPL");
