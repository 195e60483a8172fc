/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * symexport_registry.ko: callbacks registered by other modules, each pinned
 * through its owner while it runs.  The usual way for two modules that must
 * call each other: one exports a registration function, the other registers
 * a callback, and no symbol cycle exists.
 */
#ifndef _SYMEXPORT_REGISTRY_H
#define _SYMEXPORT_REGISTRY_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/module.h>

/**
 * struct symexport_callback - a callback registered with the registry
 * @owner: the module the callback's code lives in (THIS_MODULE)
 * @fn: the callback; @started and @release are the caller's, see
 *	symexport_run_callbacks()
 * @node: the registry's list
 */
struct symexport_callback {
	struct module *owner;
	void (*fn)(struct completion *started, struct completion *release);
	struct list_head node;
};

void symexport_register_callback(struct symexport_callback *cb);
void symexport_unregister_callback(struct symexport_callback *cb);
int symexport_run_callbacks(struct completion *started, struct completion *release);

#endif /* _SYMEXPORT_REGISTRY_H */
