// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose version magic is the kernel release alone: the start of
 * the kernel's own, without the features that follow it ("SMP
 * mod_unload ...").  Its own vermagic= comes first in .modinfo, before the
 * one modpost adds, and the loader reads the first.
 */
#include <linux/module.h>
#include <generated/utsrelease.h>

MODULE_INFO(vermagic, UTS_RELEASE);

static int __init symexport_ext_vermagic_release_init(void)
{
	return 0;
}
module_init(symexport_ext_vermagic_release_init);

static void __exit symexport_ext_vermagic_release_exit(void)
{
}
module_exit(symexport_ext_vermagic_release_exit);

MODULE_DESCRIPTION("symexport module whose version magic is the kernel release alone");
MODULE_LICENSE("GPL");
