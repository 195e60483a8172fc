/* SPDX-License-Identifier: GPL-2.0-only */
/* What symexport_slow_exit.ko exports. */
#ifndef _SYMEXPORT_SLOW_EXIT_H
#define _SYMEXPORT_SLOW_EXIT_H

#include <linux/completion.h>

/* EXPORT_SYMBOL_GPL: returns 42. */
int symexport_slow_exit_value(void);

/*
 * EXPORT_SYMBOL_GPL: make the module's exit complete @entered and then wait
 * for @release.
 */
void symexport_slow_exit_hold(struct completion *entered, struct completion *release);

#endif /* _SYMEXPORT_SLOW_EXIT_H */
