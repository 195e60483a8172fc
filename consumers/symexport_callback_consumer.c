// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer that registers a callback with .owner = THIS_MODULE at init and
 * unregisters it at exit.  The callback says that it started and then waits
 * to be released, so that a test can try to remove this module while its
 * code runs.
 */
#include <linux/completion.h>
#include <linux/module.h>

#include "../providers/symexport_registry.h"

static void symexport_callback_consumer_fn(struct completion *started,
					   struct completion *release)
{
	if (started)
		complete(started);
	if (release)
		wait_for_completion(release);
}

static struct symexport_callback symexport_callback_consumer_cb = {
	.owner = THIS_MODULE,
	.fn = symexport_callback_consumer_fn,
};

static int __init symexport_callback_consumer_init(void)
{
	symexport_register_callback(&symexport_callback_consumer_cb);
	return 0;
}
module_init(symexport_callback_consumer_init);

static void __exit symexport_callback_consumer_exit(void)
{
	symexport_unregister_callback(&symexport_callback_consumer_cb);
}
module_exit(symexport_callback_consumer_exit);

MODULE_DESCRIPTION("symexport consumer that registers an owned callback");
MODULE_LICENSE("GPL");
