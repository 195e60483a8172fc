// SPDX-License-Identifier: GPL-2.0-only
/*
 * A gate that another module's init function passes through, so that a
 * test can look at a module whose init is running, or make its init fail:
 * symexport_init_gate_hold() arms the gate once, and the next
 * symexport_init_gate_pass() completes one completion, waits for another
 * and returns the result the test chose.
 */
#include <linux/completion.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "symexport_init_gate.h"

static DEFINE_MUTEX(gate_lock);
static struct completion *gate_entered;
static struct completion *gate_release;
static int gate_result;

void symexport_init_gate_hold(struct completion *entered, struct completion *release,
			      int result)
{
	mutex_lock(&gate_lock);
	gate_entered = entered;
	gate_release = release;
	gate_result = result;
	mutex_unlock(&gate_lock);
}
EXPORT_SYMBOL_GPL(symexport_init_gate_hold);

int symexport_init_gate_pass(void)
{
	struct completion *entered, *release;
	int result;

	/* One pass per hold: the completions belong to the test. */
	mutex_lock(&gate_lock);
	entered = gate_entered;
	release = gate_release;
	result = gate_result;
	gate_entered = NULL;
	gate_release = NULL;
	gate_result = 0;
	mutex_unlock(&gate_lock);

	if (entered)
		complete(entered);
	if (release)
		wait_for_completion(release);
	return result;
}
EXPORT_SYMBOL_GPL(symexport_init_gate_pass);

MODULE_DESCRIPTION("symexport gate that holds another module's init");
MODULE_LICENSE("GPL");
