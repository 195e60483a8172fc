// SPDX-License-Identifier: GPL-2.0-only
/*
 * The registry: other modules register callbacks with an owner, and the
 * registry holds a reference on that owner, taken with try_module_get(),
 * for as long as the callback runs.
 */
#include <linux/export.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "symexport_registry.h"

static LIST_HEAD(callbacks);
static DEFINE_MUTEX(callbacks_lock);

/**
 * symexport_register_callback() - add a callback
 * @cb: the callback, with @cb->owner set to the registering module
 */
void symexport_register_callback(struct symexport_callback *cb)
{
	mutex_lock(&callbacks_lock);
	list_add_tail(&cb->node, &callbacks);
	mutex_unlock(&callbacks_lock);
}
EXPORT_SYMBOL_GPL(symexport_register_callback);

/**
 * symexport_unregister_callback() - remove a callback
 * @cb: a callback added with symexport_register_callback()
 *
 * Waits for a running call of @cb to finish.
 */
void symexport_unregister_callback(struct symexport_callback *cb)
{
	mutex_lock(&callbacks_lock);
	list_del(&cb->node);
	mutex_unlock(&callbacks_lock);
}
EXPORT_SYMBOL_GPL(symexport_unregister_callback);

/**
 * symexport_run_callbacks() - call every callback whose owner is live
 * @started: passed to each callback, which completes it when it starts
 * @release: passed to each callback, which waits for it before returning
 *
 * A callback whose owner is going away is skipped: try_module_get() fails.
 * The registry lock is held across the calls, so a callback cannot be
 * unregistered (nor its module freed) while it runs.
 *
 * Return: the number of callbacks called.
 */
int symexport_run_callbacks(struct completion *started, struct completion *release)
{
	struct symexport_callback *cb;
	int ran = 0;

	mutex_lock(&callbacks_lock);
	list_for_each_entry(cb, &callbacks, node) {
		if (!try_module_get(cb->owner))
			continue;
		cb->fn(started, release);
		module_put(cb->owner);
		ran++;
	}
	mutex_unlock(&callbacks_lock);
	return ran;
}
EXPORT_SYMBOL_GPL(symexport_run_callbacks);

MODULE_DESCRIPTION("symexport provider of a callback registry with owner references");
MODULE_LICENSE("GPL");
