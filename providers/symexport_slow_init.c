// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider whose init function passes through symexport_init_gate, so
 * that a test can hold it in its init or make its init fail.  It is also
 * a consumer: of the gate.
 */
#include <linux/export.h>
#include <linux/init.h>
#include <linux/module.h>

#include "symexport_init_gate.h"
#include "symexport_slow_init.h"

int symexport_slow_init_value(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(symexport_slow_init_value);

static int __init symexport_slow_init_init(void)
{
	return symexport_init_gate_pass();
}
module_init(symexport_slow_init_init);

/* An exit function, so that the module can be removed. */
static void __exit symexport_slow_init_exit(void)
{
}
module_exit(symexport_slow_init_exit);

MODULE_DESCRIPTION("symexport provider whose init can be held or failed");
MODULE_LICENSE("GPL");
