/* SPDX-License-Identifier: GPL-2.0-only */
/* What symexport_async_exit.ko exports. */
#ifndef _SYMEXPORT_ASYNC_EXIT_H
#define _SYMEXPORT_ASYNC_EXIT_H

#include <linux/completion.h>

/*
 * EXPORT_SYMBOL_GPL: make the async work that the module's exit function
 * starts complete @entered and then wait for @release.
 */
void symexport_async_exit_hold(struct completion *entered, struct completion *release);

#endif /* _SYMEXPORT_ASYNC_EXIT_H */
