// SPDX-License-Identifier: GPL-2.0-only
/*
 * An out-of-tree consumer as Documentation/kbuild/modules.rst builds one:
 * with KBUILD_EXTRA_SYMBOLS pointing at the provider's Module.symvers,
 * loaded after the provider.
 */
#include <linux/module.h>

#include "../../providers/external/symexport_ext_provider.h"

static int __init symexport_ext_consumer_init(void)
{
	return symexport_ext_add(2, 3) == 5 ? 0 : -EINVAL;
}
module_init(symexport_ext_consumer_init);

static void __exit symexport_ext_consumer_exit(void)
{
}
module_exit(symexport_ext_consumer_exit);

MODULE_VERSION("1.0");
MODULE_DESCRIPTION("symexport out-of-tree consumer");
MODULE_LICENSE("GPL");
