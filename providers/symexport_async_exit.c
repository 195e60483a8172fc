// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose exit function starts async work (async_schedule()) and
 * returns without waiting for it: the work, module code, can be held by a
 * test, which then sees that the removal waits for it before the module
 * is freed.
 */
#include <linux/async.h>
#include <linux/completion.h>
#include <linux/export.h>
#include <linux/module.h>

#include "symexport_async_exit.h"

static struct completion *work_entered;
static struct completion *work_release;

void symexport_async_exit_hold(struct completion *entered, struct completion *release)
{
	work_entered = entered;
	work_release = release;
}
EXPORT_SYMBOL_GPL(symexport_async_exit_hold);

static void symexport_async_exit_work(void *data, async_cookie_t cookie)
{
	if (work_entered)
		complete(work_entered);
	if (work_release)
		wait_for_completion(work_release);
}

static void __exit symexport_async_exit_exit(void)
{
	async_schedule(symexport_async_exit_work, NULL);
}
module_exit(symexport_async_exit_exit);

MODULE_DESCRIPTION("symexport module whose exit function starts async work");
MODULE_LICENSE("GPL");
