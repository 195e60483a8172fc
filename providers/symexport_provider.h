/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What symexport_provider.ko exports, and the one global it does not.
 */
#ifndef _SYMEXPORT_PROVIDER_H
#define _SYMEXPORT_PROVIDER_H

#include "symexport_ns.h"

/* EXPORT_SYMBOL: any module may use it. */
int symexport_provider_add(int a, int b);

/* EXPORT_SYMBOL_GPL: only GPL-compatible modules may use it. */
int symexport_provider_gpl_mul(int a, int b);

/* EXPORT_SYMBOL_NS and EXPORT_SYMBOL_NS_GPL, in SYMEXPORT_NS. */
int symexport_provider_ns_add(int a, int b);
int symexport_provider_ns_gpl_mul(int a, int b);

/* EXPORT_SYMBOL of a variable. */
extern int symexport_provider_counter;

/* A global variable that the provider deliberately does not export. */
extern int symexport_provider_private;

#define SYMEXPORT_PROVIDER_COUNTER_INIT	42
#define SYMEXPORT_PROVIDER_PRIVATE_INIT	7

#endif /* _SYMEXPORT_PROVIDER_H */
