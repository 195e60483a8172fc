// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL module that uses an EXPORT_SYMBOL_GPL function and also an export of
 * a proprietary module: the loader refuses it.  The linker puts the
 * proprietary export first in its symbol table, so the module inherits 'P'
 * and the GPL-only symbol is then unknown to it
 * (symexport_taint_conflict_gpl_first has them the other way round).
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"
#include "../providers/symexport_proprietary_provider.h"

static int __init symexport_taint_conflict_init(void)
{
	return symexport_provider_gpl_mul(6, 7) + symexport_proprietary_add(2, 3) == 47 ?
		0 : -EINVAL;
}
module_init(symexport_taint_conflict_init);

static void __exit symexport_taint_conflict_exit(void)
{
}
module_exit(symexport_taint_conflict_exit);

MODULE_DESCRIPTION("symexport GPL consumer of GPL-only and proprietary symbols");
MODULE_LICENSE("GPL");
