// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_taint: what the loader does with modules whose license is not
 * GPL-compatible.  Each case taints the kernel 'P' for the rest of the boot
 * and turns lock debugging off, so each runs in a boot of its own
 * (symexport.own_boot=1 with kunit.py --run_isolated=test) and is skipped
 * otherwise.
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/panic.h>

#include "symexport_test.h"

#define GPL_ONLY_THEN_PROPRIETARY_1 \
	"symexport_taint_conflict_gpl_first: module using GPL-only symbols uses symbols symexport_proprietary_value from proprietary module symexport_proprietary_provider."
#define GPL_ONLY_THEN_PROPRIETARY_2 \
	"symexport_taint_conflict_gpl_first: Unknown symbol symexport_proprietary_value (err -2)"
#define PROPRIETARY_THEN_GPL_ONLY_1 \
	"symexport_taint_conflict: module uses symbols symexport_proprietary_add from proprietary module symexport_proprietary_provider, inheriting taint."
#define PROPRIETARY_THEN_GPL_ONLY_2 \
	"symexport_taint_conflict: Unknown symbol symexport_provider_gpl_mul (err -2)"

/* Expect a loaded module to carry exactly the taints @want. */
static void expect_module_taints(struct kunit *test, const struct symexport_module *module,
				 unsigned long want)
{
	unsigned long taints = 0;

	KUNIT_ASSERT_TRUE_MSG(test, symexport_module_taints(module, &taints),
			      "%s is not loaded", module->name);
	KUNIT_EXPECT_EQ_MSG(test, taints, want, "%s is tainted '%s', expected '%s'",
			    module->name, symexport_taint_letters(test, taints),
			    symexport_taint_letters(test, want));
}

static void proprietary_module_using_export_symbol_loads_tainted(struct kunit *test)
{
	struct symexport_log *log;
	unsigned long before;
	int ret;

	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	before = get_taint();
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(proprietary_consumer));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a proprietary module using only EXPORT_SYMBOL was refused with %d",
			    ret);
	expect_module_taints(test, SYMEXPORT_KO(proprietary_consumer),
			     BIT(TAINT_PROPRIETARY_MODULE));
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, BIT(TAINT_PROPRIETARY_MODULE));
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_proprietary_consumer: module license 'Proprietary' taints kernel.");
	SYMEXPORT_EXPECT_LOG(test, log,
			     "Disabling lock debugging due to kernel taint");
}

static void proprietary_module_using_export_symbol_gpl_refused_enoent(struct kunit *test)
{
	struct symexport_log *log;
	unsigned long before;
	int ret;

	symexport_require_own_boot(test);
	before = get_taint();
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	expect_module_taints(test, SYMEXPORT_KO(ext_provider), BIT(TAINT_OOT_MODULE));
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_gpl_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "a proprietary module using an EXPORT_SYMBOL_GPL function got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_gpl_user: Unknown symbol symexport_ext_gpl_mul (err -2)");
	/* The license taints the kernel before the symbols are resolved. */
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before,
				    BIT(TAINT_OOT_MODULE) | BIT(TAINT_PROPRIETARY_MODULE));
}

/*
 * The same rule for the kernel image's own EXPORT_SYMBOL_GPL functions, the
 * case users meet most: a GPL-incompatible module calling a GPL-only
 * kernel API (synchronize_rcu()).  find_exported_symbol_in_section() skips
 * a GPL-only export when the loading module may not use it, whoever
 * exports it.
 */
static void proprietary_module_using_kernel_export_symbol_gpl_refused_enoent(struct kunit *test)
{
	struct symexport_log *log;
	unsigned long before;
	int ret;

	symexport_require_own_boot(test);
	before = get_taint();
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_kernel_gpl_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "a proprietary module using the kernel's EXPORT_SYMBOL_GPL synchronize_rcu() got %d",
			    ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_kernel_gpl_user: Unknown symbol synchronize_rcu (err -2)");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before,
				    BIT(TAINT_OOT_MODULE) | BIT(TAINT_PROPRIETARY_MODULE));
}

static void weak_gpl_only_reference_from_proprietary_module_stays_null(struct kunit *test)
{
	unsigned long seen;
	int ret;

	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(ext_weak));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a proprietary module with a weak GPL-only reference was refused with %d",
			    ret);
	seen = kallsyms_lookup_name("symexport_ext_weak_seen");
	KUNIT_ASSERT_NE(test, seen, 0UL);
	KUNIT_EXPECT_NULL_MSG(test, *(const void **)seen,
			      "the weak reference was bound to %pS", *(const void **)seen);
	expect_module_taints(test, SYMEXPORT_KO(ext_weak),
			     BIT(TAINT_PROPRIETARY_MODULE) | BIT(TAINT_OOT_MODULE));
}

static void gpl_module_using_proprietary_export_inherits_taint(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(proprietary_provider)), 0);
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(taint_inheritor));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a GPL module using a proprietary module's export was refused with %d",
			    ret);
	expect_module_taints(test, SYMEXPORT_KO(taint_inheritor), BIT(TAINT_PROPRIETARY_MODULE));
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_taint_inheritor: module uses symbols symexport_proprietary_add from proprietary module symexport_proprietary_provider, inheriting taint.");
	/* It uses symexport_proprietary_value too: the taint is inherited once. */
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "symexport_proprietary_value"),
			       "the kernel warned again for a second symbol of the proprietary module:\n%s",
			       log->buf);
}

/*
 * A module that uses a GPL-only export and a proprietary module's export is
 * refused with ENOENT, for one of two reasons, decided by which symbol the
 * loader resolves first (symbol-table order): each module forces one.
 * Load @module and expect the reason @first and @second, and not @other.
 */
static void expect_conflict_refused(struct kunit *test, const struct symexport_module *module,
				    const char *first, const char *second, const char *other)
{
	struct symexport_log *log;
	int ret;

	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(proprietary_provider)), 0);
	log = symexport_log_start(test);
	ret = symexport_load(test, module);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "%s, using GPL-only and proprietary exports, got %d",
			    module->name, ret);
	SYMEXPORT_EXPECT_LOG(test, log, first);
	SYMEXPORT_EXPECT_LOG(test, log, second);
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, other),
			       "the kernel refused for the other reason (\"%s\"):\n%s",
			       other, log->buf);
}

static void proprietary_export_refused_to_module_using_gpl_only_symbols(struct kunit *test)
{
	expect_conflict_refused(test, SYMEXPORT_KO(taint_conflict_gpl_first),
				GPL_ONLY_THEN_PROPRIETARY_1, GPL_ONLY_THEN_PROPRIETARY_2,
				"inheriting taint");
}

static void gpl_only_export_unknown_to_module_that_inherited_proprietary_taint(struct kunit *test)
{
	expect_conflict_refused(test, SYMEXPORT_KO(taint_conflict),
				PROPRIETARY_THEN_GPL_ONLY_1, PROPRIETARY_THEN_GPL_ONLY_2,
				"module using GPL-only symbols");
}

static struct kunit_case symexport_taint_cases[] = {
	KUNIT_CASE(proprietary_module_using_export_symbol_loads_tainted),
	KUNIT_CASE(proprietary_module_using_export_symbol_gpl_refused_enoent),
	KUNIT_CASE(proprietary_module_using_kernel_export_symbol_gpl_refused_enoent),
	KUNIT_CASE(weak_gpl_only_reference_from_proprietary_module_stays_null),
	KUNIT_CASE(gpl_module_using_proprietary_export_inherits_taint),
	KUNIT_CASE(proprietary_export_refused_to_module_using_gpl_only_symbols),
	KUNIT_CASE(gpl_only_export_unknown_to_module_that_inherited_proprietary_taint),
	{}
};

static struct kunit_suite symexport_taint_suite = {
	.name = "symexport_taint",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_taint_cases,
};

kunit_test_suite(symexport_taint_suite);
