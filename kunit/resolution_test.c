// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_resolution: the module loader resolves a consumer's references
 * to the provider's exported functions and data, and to nothing else.
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/module.h>

#include "../providers/symexport_provider.h"
#include "../consumers/symexport_consumer.h"
#include "symexport_test.h"

/* Load the provider and the consumer, and return what the consumer saw. */
static const struct symexport_consumer_view *consumer_view(struct kunit *test)
{
	unsigned long view;

	if (IS_MODULE(CONFIG_SYMEXPORT_PROVIDER))
		KUNIT_ASSERT_EQ_MSG(test, symexport_load(test, SYMEXPORT_KO(provider)), 0,
				    "the provider did not load");
	if (IS_MODULE(CONFIG_SYMEXPORT_CONSUMER))
		KUNIT_ASSERT_EQ_MSG(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0,
				    "the consumer did not load after its provider");
	view = kallsyms_lookup_name("symexport_consumer_view");
	KUNIT_ASSERT_NE_MSG(test, view, 0UL,
			    "symexport_consumer_view is not in kallsyms: is CONFIG_KALLSYMS_ALL=y?");
	return (const struct symexport_consumer_view *)view;
}

/* The provider's own address of a symbol, from its symbol table. */
static const void *provider_address(struct kunit *test, const char *name)
{
	unsigned long addr = kallsyms_lookup_name(name);

	KUNIT_ASSERT_NE_MSG(test, addr, 0UL, "%s is not in kallsyms", name);
	return (const void *)addr;
}

static void export_symbol_function_resolves_to_provider_address(struct kunit *test)
{
	const struct symexport_consumer_view *view = consumer_view(test);

	KUNIT_EXPECT_PTR_EQ_MSG(test, view->add,
				provider_address(test, "symexport_provider_add"),
				"the consumer's reference to an EXPORT_SYMBOL function points elsewhere");
	KUNIT_EXPECT_EQ_MSG(test, view->add_result, 5,
			    "calling symexport_provider_add(2, 3) from the consumer returned %d",
			    view->add_result);
}

static void export_symbol_gpl_function_resolves_to_provider_address(struct kunit *test)
{
	const struct symexport_consumer_view *view = consumer_view(test);

	KUNIT_EXPECT_PTR_EQ_MSG(test, view->gpl_mul,
				provider_address(test, symexport_gpl_export),
				"the GPL consumer's reference to an EXPORT_SYMBOL_GPL function points elsewhere");
	KUNIT_EXPECT_EQ_MSG(test, view->gpl_mul_result, 42,
			    "calling symexport_provider_gpl_mul(6, 7) from the consumer returned %d",
			    view->gpl_mul_result);
}

static void exported_variable_resolves_to_provider_address(struct kunit *test)
{
	const struct symexport_consumer_view *view = consumer_view(test);

	KUNIT_EXPECT_PTR_EQ_MSG(test, view->counter,
				provider_address(test, "symexport_provider_counter"),
				"the consumer's reference to an exported variable points elsewhere");
	KUNIT_EXPECT_EQ_MSG(test, view->counter_value, SYMEXPORT_PROVIDER_COUNTER_INIT,
			    "the consumer read %d from the provider's exported variable",
			    view->counter_value);
}

static void unexported_global_is_not_resolvable(struct kunit *test)
{
	const struct symexport_consumer_view *view;

	if (!IS_MODULE(CONFIG_SYMEXPORT_CONSUMER))
		kunit_skip(test,
			   "needs CONFIG_SYMEXPORT_CONSUMER=m: built in, the linker binds the global (symexport_builtin.builtin_consumer_links_unexported_global)");
	view = consumer_view(test);
	/* The global exists (kallsyms has it), but the loader will not bind it. */
	provider_address(test, "symexport_provider_private");
	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, "symexport_provider_private"),
			      "symbol_get() found a global the provider does not export");
	KUNIT_EXPECT_NULL_MSG(test, view->private,
			      "the loader bound the consumer's weak reference to an unexported global at %pS",
			      view->private);
}

static void symbol_get_finds_export_while_provider_loaded(struct kunit *test)
{
	const void *addr;

	consumer_view(test);
	addr = symexport_symbol_get(test, symexport_gpl_export);
	KUNIT_EXPECT_PTR_EQ_MSG(test, addr,
				provider_address(test, symexport_gpl_export),
				"symbol_get() of a loaded provider's EXPORT_SYMBOL_GPL function returned %pS",
				addr);
}

/* A symbol nobody exports any more: NULL, and not a word about it. */
static void symbol_get_finds_nothing_after_provider_unloaded(struct kunit *test)
{
	struct symexport_log *log;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ_MSG(test, symexport_unload(test, SYMEXPORT_KO(provider)), 0,
			    "the unused provider did not unload");
	log = symexport_log_start(test);
	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, symexport_gpl_export),
			      "symbol_get() found an export of a provider that was unloaded");
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "symbol_get"),
			       "symbol_get() of a symbol nobody exports made the kernel print:\n%s",
			       log->buf);
}

/*
 * A consumer whose provider is loaded and live resolves its references at
 * once: resolve_symbol_wait() waits only for a provider still in its init,
 * and says "gave up waiting" only when that wait ends without the symbol.
 */
static void consumer_of_live_provider_resolves_without_waiting(struct kunit *test)
{
	struct symexport_log *log;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	log = symexport_log_start(test);
	KUNIT_ASSERT_EQ_MSG(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0,
			    "the consumer did not load after its provider");
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "gave up waiting"),
			       "resolving a live provider's symbols made the kernel print:\n%s",
			       log->buf);
}

static struct kunit_case symexport_resolution_cases[] = {
	KUNIT_CASE(export_symbol_function_resolves_to_provider_address),
	KUNIT_CASE(export_symbol_gpl_function_resolves_to_provider_address),
	KUNIT_CASE(exported_variable_resolves_to_provider_address),
	KUNIT_CASE(unexported_global_is_not_resolvable),
	KUNIT_CASE(symbol_get_finds_export_while_provider_loaded),
	KUNIT_CASE(symbol_get_finds_nothing_after_provider_unloaded),
	KUNIT_CASE(consumer_of_live_provider_resolves_without_waiting),
	{}
};

static struct kunit_suite symexport_resolution_suite = {
	.name = "symexport_resolution",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_resolution_cases,
};

kunit_test_suite(symexport_resolution_suite);
