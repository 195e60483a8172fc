// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_license: which licenses may use EXPORT_SYMBOL_GPL symbols, and
 * what symbol_get() will hand out.  Nothing here taints the kernel; the
 * cases that load GPL-incompatible modules are in taint_test.c.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "../providers/symexport_provider.h"
#include "symexport_test.h"

/* What symbol_get() prints when it refuses an EXPORT_SYMBOL symbol. */
#define SYMBOL_GET_NON_GPL "failing symbol_get of non-GPLONLY symbol symexport_provider_add"

struct license_case {
	const char *license;
	const struct symexport_module *module;
};

/* The strings license_is_gpl_compatible() accepts. */
static const struct license_case gpl_compatible[] = {
	{ "GPL", SYMEXPORT_LICENSE_CONSUMER(gpl) },
	{ "GPL v2", SYMEXPORT_LICENSE_CONSUMER(gpl_v2) },
	{ "GPL and additional rights", SYMEXPORT_LICENSE_CONSUMER(gpl_and_additional_rights) },
	{ "Dual BSD/GPL", SYMEXPORT_LICENSE_CONSUMER(dual_bsd_gpl) },
	{ "Dual MIT/GPL", SYMEXPORT_LICENSE_CONSUMER(dual_mit_gpl) },
	{ "Dual MPL/GPL", SYMEXPORT_LICENSE_CONSUMER(dual_mpl_gpl) },
};

static void license_desc(const struct license_case *c, char *desc)
{
	strscpy(desc, c->license, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gpl_compatible, gpl_compatible, license_desc);

static void gpl_compatible_license_may_use_export_symbol_gpl(struct kunit *test)
{
	const struct license_case *c = test->param_value;
	unsigned long before = get_taint(), taints = 0;
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_load(test, c->module);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a MODULE_LICENSE(\"%s\") module using an EXPORT_SYMBOL_GPL function was refused with %d",
			    c->license, ret);
	KUNIT_EXPECT_TRUE(test, symexport_module_taints(c->module, &taints));
	KUNIT_EXPECT_EQ_MSG(test, taints, 0UL,
			    "a MODULE_LICENSE(\"%s\") module is tainted '%s'",
			    c->license, symexport_taint_letters(test, taints));
	KUNIT_EXPECT_EQ_MSG(test, get_taint() & ~before, 0UL,
			    "loading a MODULE_LICENSE(\"%s\") module tainted the kernel '%s'",
			    c->license, symexport_taint_letters(test, get_taint() & ~before));
}

/*
 * symbol_get() @symbol, an EXPORT_SYMBOL symbol: 6.5 made it refuse those
 * (saying @message), and 6.1.52 has the change too.
 */
static void expect_symbol_get_refused(struct kunit *test, const char *symbol,
				      const char *message)
{
	struct symexport_log *log = symexport_log_start(test);
	void *addr = symexport_symbol_get(test, symbol);

#if SYMEXPORT_KERNEL_SINCE(6, 5) || SYMEXPORT_KERNEL_STABLE_SINCE(6, 1, 52)
	KUNIT_EXPECT_NULL_MSG(test, addr,
			      "since 6.5 (and 6.1.52) symbol_get() finds only EXPORT_SYMBOL_GPL symbols, but it returned %pS for EXPORT_SYMBOL %s",
			      addr, symbol);
	SYMEXPORT_EXPECT_LOG(test, log, message);
#else
	KUNIT_EXPECT_NOT_NULL_MSG(test, addr,
				  "before 6.5 (and 6.1.52) symbol_get() finds EXPORT_SYMBOL symbols too, but it returned NULL for %s",
				  symbol);
#endif
}

static void symbol_get_refuses_export_symbol_since_6_5(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	expect_symbol_get_refused(test, "symexport_provider_add", SYMBOL_GET_NON_GPL);
}

/*
 * The kernel image exports too, and symbol_get() finds its GPL-only
 * symbols: the address, and no module to hold (the owner is NULL, which
 * strong_try_module_get() and module_put() take as nothing to count).
 */
static void symbol_get_finds_kernel_export_symbol_gpl_without_owner(struct kunit *test)
{
	void *addr;

	addr = symexport_symbol_get(test, "synchronize_rcu");
	KUNIT_EXPECT_PTR_EQ_MSG(test, addr, (void *)synchronize_rcu,
				"symbol_get(synchronize_rcu), the kernel's EXPORT_SYMBOL_GPL, returned %pS",
				addr);
}

static void symbol_get_refuses_kernel_export_symbol_since_6_5(struct kunit *test)
{
	expect_symbol_get_refused(test, "_printk",
				  "failing symbol_get of non-GPLONLY symbol _printk");
}

static struct kunit_case symexport_license_cases[] = {
	KUNIT_CASE_PARAM(gpl_compatible_license_may_use_export_symbol_gpl,
			 gpl_compatible_gen_params),
	KUNIT_CASE(symbol_get_refuses_export_symbol_since_6_5),
	KUNIT_CASE(symbol_get_finds_kernel_export_symbol_gpl_without_owner),
	KUNIT_CASE(symbol_get_refuses_kernel_export_symbol_since_6_5),
	{}
};

static struct kunit_suite symexport_license_suite = {
	.name = "symexport_license",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_license_cases,
};

kunit_test_suite(symexport_license_suite);
