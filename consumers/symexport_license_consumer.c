// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer of the provider's EXPORT_SYMBOL_GPL function under the license
 * SYMEXPORT_LICENSE.  Not built on its own: each symexport_license_*.c
 * defines a license and includes this file, giving one module per license.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"

static int __init symexport_license_consumer_init(void)
{
	return symexport_provider_gpl_mul(6, 7) == 42 ? 0 : -EINVAL;
}
module_init(symexport_license_consumer_init);

static void __exit symexport_license_consumer_exit(void)
{
}
module_exit(symexport_license_consumer_exit);

MODULE_DESCRIPTION("symexport consumer of an EXPORT_SYMBOL_GPL function under "
		   SYMEXPORT_LICENSE);
MODULE_LICENSE(SYMEXPORT_LICENSE);
