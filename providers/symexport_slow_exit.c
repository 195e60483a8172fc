// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider whose exit function can be held, so that a test can look at a
 * module on its way out: symexport_slow_exit_hold() gives it two
 * completions; its exit function completes the first and waits for the
 * second.
 */
#include <linux/completion.h>
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_slow_exit.h"

static struct completion *exit_entered;
static struct completion *exit_release;

int symexport_slow_exit_value(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(symexport_slow_exit_value);

void symexport_slow_exit_hold(struct completion *entered, struct completion *release)
{
	exit_entered = entered;
	exit_release = release;
}
EXPORT_SYMBOL_GPL(symexport_slow_exit_hold);

static void __exit symexport_slow_exit_exit(void)
{
	if (exit_entered)
		complete(exit_entered);
	if (exit_release)
		wait_for_completion(exit_release);
}
module_exit(symexport_slow_exit_exit);

MODULE_DESCRIPTION("symexport provider whose exit can be held");
MODULE_LICENSE("GPL");
