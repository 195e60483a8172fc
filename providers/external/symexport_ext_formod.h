/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What symexport_formod.ko exports with EXPORT_SYMBOL_FOR_MODULES(), and
 * for which modules.  Kernels without that macro (6.12 and older) build the
 * module with no export, and the suite has no case for it.
 */
#ifndef _SYMEXPORT_EXT_FORMOD_H
#define _SYMEXPORT_EXT_FORMOD_H

/*
 * The modules symexport_ext_formod_add() is for: a prefix with a trailing
 * '*' (first), one spelled with '-' for a module whose name has '_'
 * (second), a GPL-incompatible module, a module that also imports the
 * "module:" namespace itself, and one by its exact name (last: the loader
 * reads every entry up to the end of the list).
 */
#define SYMEXPORT_EXT_FORMOD_LIST \
	"symexport_ext_formod_glob*,symexport-ext-formod-dash,symexport_ext_formod_proprietary,symexport_ext_formod_import,symexport_ext_formod_listed"

int symexport_ext_formod_add(int a, int b);

#endif /* _SYMEXPORT_EXT_FORMOD_H */
