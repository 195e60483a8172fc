// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uses eleven functions nobody defines and a weak one: modpost names the
 * first ten (MAX_UNRESOLVED_REPORTS) of the strong ones and counts the
 * eleventh; the weak one it does not report at all.
 */
#include <linux/module.h>

#define SYMEXPORT_UNDEFINED(n) extern int symexport_ext_undefined_##n(void)

SYMEXPORT_UNDEFINED(1);
SYMEXPORT_UNDEFINED(2);
SYMEXPORT_UNDEFINED(3);
SYMEXPORT_UNDEFINED(4);
SYMEXPORT_UNDEFINED(5);
SYMEXPORT_UNDEFINED(6);
SYMEXPORT_UNDEFINED(7);
SYMEXPORT_UNDEFINED(8);
SYMEXPORT_UNDEFINED(9);
SYMEXPORT_UNDEFINED(10);
SYMEXPORT_UNDEFINED(11);
SYMEXPORT_UNDEFINED(weak) __weak;

static int __init symexport_ext_undefined_eleven_init(void)
{
	return symexport_ext_undefined_1() + symexport_ext_undefined_2() +
	       symexport_ext_undefined_3() + symexport_ext_undefined_4() +
	       symexport_ext_undefined_5() + symexport_ext_undefined_6() +
	       symexport_ext_undefined_7() + symexport_ext_undefined_8() +
	       symexport_ext_undefined_9() + symexport_ext_undefined_10() +
	       symexport_ext_undefined_11() +
	       (symexport_ext_undefined_weak ? symexport_ext_undefined_weak() : 0);
}
module_init(symexport_ext_undefined_eleven_init);

MODULE_DESCRIPTION("symexport module using eleven undefined functions");
MODULE_LICENSE("GPL");
