// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose name is one character shorter than MODULE_NAME_LEN (56 on
 * 64-bit): the longest name modpost builds.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("symexport module with the longest name modpost allows");
MODULE_LICENSE("GPL");
