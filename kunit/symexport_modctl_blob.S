/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The symexport_modctl userspace helper, embedded in the kernel image the
 * way usr/initramfs_data.S embeds the initramfs.
 */
	.section .rodata, "a"
	.balign 8
	.globl symexport_modctl_blob
symexport_modctl_blob:
	.incbin SYMEXPORT_MODCTL
	.globl symexport_modctl_blob_end
symexport_modctl_blob_end:
