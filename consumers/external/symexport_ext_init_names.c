// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module without module_init() and module_exit(), whose symbols' names
 * start with init_module and cleanup_module, or are the start of those:
 * modpost gives the module an init and an exit by those two exact names
 * only, so its .mod.c names neither.  Never loaded: a symexport_build case
 * runs modpost on its object.
 */
#include <linux/module.h>

int init_module_calls;
int cleanup_module_calls;
int init_;
int cleanup_;

MODULE_DESCRIPTION("symexport module with names near init_module and cleanup_module");
MODULE_LICENSE("GPL");
