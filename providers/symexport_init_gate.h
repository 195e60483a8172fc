/* SPDX-License-Identifier: GPL-2.0-only */
/* What symexport_init_gate.ko exports. */
#ifndef _SYMEXPORT_INIT_GATE_H
#define _SYMEXPORT_INIT_GATE_H

#include <linux/completion.h>

/*
 * EXPORT_SYMBOL_GPL: make the next symexport_init_gate_pass() complete
 * @entered (if not NULL), wait for @release (if not NULL) and return
 * @result.
 */
void symexport_init_gate_hold(struct completion *entered, struct completion *release,
			      int result);

/*
 * EXPORT_SYMBOL_GPL: called by an init function; returns what the last
 * symexport_init_gate_hold() said, or 0.
 */
int symexport_init_gate_pass(void);

#endif /* _SYMEXPORT_INIT_GATE_H */
