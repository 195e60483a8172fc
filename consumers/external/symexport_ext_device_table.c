// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module with a device table of one platform device: modpost writes an
 * alias for it ("platform:symexport_dev") into its .mod.c, by which udev
 * and modprobe find the module.  Never loaded: a symexport_build case runs
 * modpost on its object.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>

static const struct platform_device_id symexport_ext_device_ids[] = {
	{ .name = "symexport_dev" },
	{ }
};
MODULE_DEVICE_TABLE(platform, symexport_ext_device_ids);

MODULE_DESCRIPTION("symexport module with a device table");
MODULE_LICENSE("GPL");
