// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose name is MODULE_NAME_LEN (56 on 64-bit) characters long:
 * struct module's name would have no room for its terminating NUL, and
 * modpost refuses to build it ("module name is too long").
 */
#include <linux/module.h>

MODULE_DESCRIPTION("symexport module with a name too long for struct module");
MODULE_LICENSE("GPL");
