# SPDX-License-Identifier: GPL-2.0-only

obj-y += providers/ consumers/
obj-$(CONFIG_SYMEXPORT_KUNIT_TEST) += kunit/
