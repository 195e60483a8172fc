// SPDX-License-Identifier: GPL-2.0-only
/*
 * The consumer: uses every symbol symexport_provider.ko exports, and has a
 * weak reference to the global that the provider does not export.
 */
#include <linux/module.h>

#include "../providers/symexport_provider.h"
#include "symexport_consumer.h"

/* Weak: modpost lets it through, and the loader leaves it NULL if unresolved. */
extern int symexport_provider_private __weak;

struct symexport_consumer_view symexport_consumer_view = {
	.add = symexport_provider_add,
	.gpl_mul = symexport_provider_gpl_mul,
	.counter = &symexport_provider_counter,
	.private = &symexport_provider_private,
};

static int __init symexport_consumer_init(void)
{
	symexport_consumer_view.add_result = symexport_provider_add(2, 3);
	symexport_consumer_view.gpl_mul_result = symexport_provider_gpl_mul(6, 7);
	symexport_consumer_view.counter_value = symexport_provider_counter;
	return 0;
}
module_init(symexport_consumer_init);

static void __exit symexport_consumer_exit(void)
{
}
module_exit(symexport_consumer_exit);

MODULE_DESCRIPTION("symexport consumer: uses every provider export");
MODULE_LICENSE("GPL");
