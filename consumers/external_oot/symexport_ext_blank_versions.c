// SPDX-License-Identifier: GPL-2.0-only
/*
 * The same consumer, whose __versions section the harness blanks after the
 * build: a version table that names no symbol, as modpost writes it for a
 * module built without the kernel's Module.symvers.  The loader then finds
 * no version for module_layout.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_blank_versions_init(void)
{
	return symexport_ext_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_blank_versions_init);

static void __exit symexport_ext_blank_versions_exit(void)
{
}
module_exit(symexport_ext_blank_versions_exit);

MODULE_DESCRIPTION("symexport out-of-tree consumer with a blank version table");
MODULE_LICENSE("GPL");
