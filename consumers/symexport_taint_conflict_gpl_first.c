// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL module that uses an EXPORT_SYMBOL_GPL function and an export of a
 * proprietary module, with the GPL-only symbol first in its symbol table
 * (the loader resolves in that order): the proprietary export is refused
 * because the module already uses GPL-only symbols.  symexport_taint_conflict
 * has them the other way round.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"
#include "../providers/symexport_proprietary_provider.h"

static int __init symexport_taint_conflict_gpl_first_init(void)
{
	return symexport_provider_gpl_mul(6, 7) + symexport_proprietary_value == 47 ?
		0 : -EINVAL;
}
module_init(symexport_taint_conflict_gpl_first_init);

static void __exit symexport_taint_conflict_gpl_first_exit(void)
{
}
module_exit(symexport_taint_conflict_gpl_first_exit);

MODULE_DESCRIPTION("symexport GPL consumer of a GPL-only symbol, then a proprietary one");
MODULE_LICENSE("GPL");
