// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a GPL-incompatible MODULE_LICENSE and a weak reference to an
 * EXPORT_SYMBOL_GPL function: it loads, and the reference stays NULL.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

extern typeof(symexport_ext_gpl_mul) symexport_ext_gpl_mul __weak;

/* What the loader wrote for the weak reference, for the KUnit suite. */
const void *symexport_ext_weak_seen = symexport_ext_gpl_mul;

static int __init symexport_ext_weak_init(void)
{
	return 0;
}
module_init(symexport_ext_weak_init);

static void __exit symexport_ext_weak_exit(void)
{
}
module_exit(symexport_ext_weak_exit);

MODULE_DESCRIPTION("symexport proprietary module with a weak GPL-only reference");
MODULE_LICENSE("Proprietary");
