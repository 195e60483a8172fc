/* SPDX-License-Identifier: GPL-2.0-only */
/* What symexport_proprietary_provider.ko exports. */
#ifndef _SYMEXPORT_PROPRIETARY_PROVIDER_H
#define _SYMEXPORT_PROPRIETARY_PROVIDER_H

/* EXPORT_SYMBOL from a module with a GPL-incompatible license. */
int symexport_proprietary_add(int a, int b);
extern int symexport_proprietary_value;

#endif /* _SYMEXPORT_PROPRIETARY_PROVIDER_H */
