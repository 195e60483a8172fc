// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_builtin: a provider built into the kernel (CONFIG_SYMEXPORT_PROVIDER=y)
 * exports its symbols from the kernel's own symbol table.  No module owns
 * them, so using them takes no reference and there is nothing to remove.
 *
 * The cases need the provider built in: the builtin configuration
 * (configs/builtin.kunitconfig, everything =y) and the builtin_provider one
 * (configs/builtin_provider.kunitconfig, consumers =m).
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/module.h>

#include "../consumers/symexport_consumer.h"
#include "symexport_test.h"

static void require_builtin_provider(struct kunit *test)
{
	if (!IS_BUILTIN(CONFIG_SYMEXPORT_PROVIDER))
		kunit_skip(test,
			   "needs CONFIG_SYMEXPORT_PROVIDER=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/builtin.kunitconfig");
}

static void builtin_provider_owns_no_module(struct kunit *test)
{
	unsigned long addr;
	struct module *owner;

	require_builtin_provider(test);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED,
			    "a module named symexport_provider is loaded");
	addr = kallsyms_lookup_name("symexport_provider_add");
	KUNIT_ASSERT_NE_MSG(test, addr, 0UL, "symexport_provider_add is not in kallsyms");
	preempt_disable();
	owner = __module_address(addr);
	preempt_enable();
	KUNIT_EXPECT_NULL_MSG(test, owner, "symexport_provider_add belongs to module %s",
			      owner ? owner->name : "");
}

static void symbol_get_of_builtin_export_has_no_owner_module(struct kunit *test)
{
	void *addr;

	require_builtin_provider(test);
	addr = symexport_symbol_get(test, symexport_gpl_export);
	KUNIT_ASSERT_NOT_NULL_MSG(test, addr,
				  "symbol_get() did not find the built-in EXPORT_SYMBOL_GPL function");
	KUNIT_EXPECT_PTR_EQ_MSG(test, addr, (void *)kallsyms_lookup_name(symexport_gpl_export),
				"symbol_get() returned another address than kallsyms");
	KUNIT_EXPECT_NULL_MSG(test, __module_text_address((unsigned long)addr),
			      "symbol_get() returned code that belongs to a module");
}

static void builtin_provider_cannot_be_removed(struct kunit *test)
{
	int (*mul)(int a, int b);
	int ret;

	require_builtin_provider(test);
	/* No module has its name: there is nothing delete_module() could find. */
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "delete_module() of the built-in provider returned %d", ret);
	/* symbol_get() finds EXPORT_SYMBOL_GPL functions only (since 6.5). */
	mul = symexport_symbol_get(test, symexport_gpl_export);
	KUNIT_ASSERT_NOT_NULL_MSG(test, mul,
				  "the built-in provider's export is gone after delete_module()");
	KUNIT_EXPECT_EQ_MSG(test, mul(6, 7), 42,
			    "the built-in provider's symexport_provider_gpl_mul(6, 7) returned %d",
			    mul(6, 7));
}

/* Load the consumer if it is a module, and return what it saw. */
static const struct symexport_consumer_view *consumer_view(struct kunit *test)
{
	unsigned long addr;

	if (IS_MODULE(CONFIG_SYMEXPORT_CONSUMER))
		KUNIT_ASSERT_EQ_MSG(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0,
				    "the consumer module did not load against the built-in provider");
	addr = kallsyms_lookup_name("symexport_consumer_view");
	KUNIT_ASSERT_NE_MSG(test, addr, 0UL,
			    "symexport_consumer_view is not in kallsyms: is CONFIG_KALLSYMS_ALL=y?");
	return (const struct symexport_consumer_view *)addr;
}

static void consumer_references_resolve_to_builtin_provider(struct kunit *test)
{
	const struct symexport_consumer_view *view;

	require_builtin_provider(test);
	view = consumer_view(test);
	KUNIT_EXPECT_PTR_EQ_MSG(test, view->add,
				(void *)kallsyms_lookup_name("symexport_provider_add"),
				"the consumer's EXPORT_SYMBOL reference points elsewhere");
	KUNIT_EXPECT_PTR_EQ_MSG(test, view->gpl_mul,
				(void *)kallsyms_lookup_name(symexport_gpl_export),
				"the consumer's EXPORT_SYMBOL_GPL reference points elsewhere");
	KUNIT_EXPECT_EQ_MSG(test, view->add_result, 5,
			    "symexport_provider_add(2, 3) from the consumer returned %d",
			    view->add_result);
}

static void builtin_consumer_links_unexported_global(struct kunit *test)
{
	const struct symexport_consumer_view *view;

	require_builtin_provider(test);
	if (!IS_BUILTIN(CONFIG_SYMEXPORT_CONSUMER))
		kunit_skip(test,
			   "needs CONFIG_SYMEXPORT_CONSUMER=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/builtin.kunitconfig");
	view = consumer_view(test);
	/* Exports bind modules only: vmlinux is linked as one program. */
	KUNIT_EXPECT_PTR_EQ_MSG(test, view->private,
				(void *)kallsyms_lookup_name("symexport_provider_private"),
				"the built-in consumer's reference to the unexported global points to %pS",
				view->private);
	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, "symexport_provider_private"),
			      "symbol_get() found a global the built-in provider does not export");
}

static void consumer_module_of_builtin_provider_depends_on_nothing(struct kunit *test)
{
	int ret;

	require_builtin_provider(test);
	if (!IS_MODULE(CONFIG_SYMEXPORT_CONSUMER))
		kunit_skip(test,
			   "needs CONFIG_SYMEXPORT_CONSUMER=m: the builtin_provider configuration");
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
	KUNIT_EXPECT_FALSE_MSG(test, symexport_uses_any(test, SYMEXPORT_KO(consumer)),
			       "a module's holders/ lists the consumer: it records a dependency on a module");
	ret = symexport_unload(test, SYMEXPORT_KO(consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "delete_module() of the consumer returned %d", ret);
}

static struct kunit_case symexport_builtin_cases[] = {
	KUNIT_CASE(builtin_provider_owns_no_module),
	KUNIT_CASE(symbol_get_of_builtin_export_has_no_owner_module),
	KUNIT_CASE(builtin_provider_cannot_be_removed),
	KUNIT_CASE(consumer_references_resolve_to_builtin_provider),
	KUNIT_CASE(builtin_consumer_links_unexported_global),
	KUNIT_CASE(consumer_module_of_builtin_provider_depends_on_nothing),
	{}
};

static struct kunit_suite symexport_builtin_suite = {
	.name = "symexport_builtin",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_builtin_cases,
};

kunit_test_suite(symexport_builtin_suite);
