/* SPDX-License-Identifier: GPL-2.0-only */
/* What symexport_slow_init.ko exports. */
#ifndef _SYMEXPORT_SLOW_INIT_H
#define _SYMEXPORT_SLOW_INIT_H

/* EXPORT_SYMBOL_GPL: returns 42. */
int symexport_slow_init_value(void);

#endif /* _SYMEXPORT_SLOW_INIT_H */
