// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer of symexport_ext_nocrcs_add, built with its provider's
 * Module.symvers: its version table has the symbol's CRC, but the provider
 * loses its own after the build, so there is nothing to compare it with.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_nocrcs.h"

static int __init symexport_ext_nocrcs_user_init(void)
{
	return symexport_ext_nocrcs_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_nocrcs_user_init);

static void __exit symexport_ext_nocrcs_user_exit(void)
{
}
module_exit(symexport_ext_nocrcs_user_exit);

MODULE_DESCRIPTION("symexport consumer of a provider without export CRCs");
MODULE_LICENSE("GPL");
