// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_refcount: what moves a module's reference count, and by how
 * much.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "symexport_test.h"

static void load_provider(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ_MSG(test, symexport_load(test, SYMEXPORT_KO(provider)), 0,
			    "the provider did not load");
}

static void unused_provider_has_no_references(struct kunit *test)
{
	load_provider(test);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 0,
			    "a provider nothing uses has %d references",
			    symexport_refcount(SYMEXPORT_KO(provider)));
}

static void consumer_dependency_adds_one_reference(struct kunit *test)
{
	load_provider(test);
	/* The consumer uses three of the provider's symbols. */
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 1,
			    "a consumer of three symbols left %d references on its provider",
			    symexport_refcount(SYMEXPORT_KO(provider)));
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses(SYMEXPORT_KO(consumer), SYMEXPORT_KO(provider)),
			      "the provider does not list the consumer among its users");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(consumer)), 0,
			    "the consumer itself has %d references",
			    symexport_refcount(SYMEXPORT_KO(consumer)));
}

static void two_consumers_add_two_references(struct kunit *test)
{
	load_provider(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer_single)), 0);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 2,
			    "two consumers left %d references on their provider",
			    symexport_refcount(SYMEXPORT_KO(provider)));
	KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_KO(consumer), SYMEXPORT_KO(provider)));
	KUNIT_EXPECT_TRUE(test,
			  symexport_uses(SYMEXPORT_KO(consumer_single), SYMEXPORT_KO(provider)));
}

static void consumer_unload_returns_reference(struct kunit *test)
{
	load_provider(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
	KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(consumer)), 0);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 0,
			    "the provider still has %d references after its consumer was unloaded",
			    symexport_refcount(SYMEXPORT_KO(provider)));
	KUNIT_EXPECT_FALSE_MSG(test, symexport_uses(SYMEXPORT_KO(consumer), SYMEXPORT_KO(provider)),
			       "the provider still lists an unloaded consumer");
}

KUNIT_ARRAY_PARAM(hold, symexport_holds, symexport_hold_desc);

static void get_and_put_move_refcount_by_one(struct kunit *test)
{
	const struct symexport_hold *hold = test->param_value;
	void *ref;
	int base;

	load_provider(test);
	base = symexport_refcount(SYMEXPORT_KO(provider));
	ref = hold->take(test);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ref, "%s() on the loaded provider failed", hold->get);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base + 1,
			    "%s() moved the count from %d to %d", hold->get, base,
			    symexport_refcount(SYMEXPORT_KO(provider)));
	hold->drop(test, ref);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base,
			    "%s() left the count at %d instead of %d", hold->put,
			    symexport_refcount(SYMEXPORT_KO(provider)), base);
}

static void __module_get_and_module_put_move_refcount_by_one(struct kunit *test)
{
	struct module *mod;
	int base;

	load_provider(test);
	/* __module_get() needs a reference already held: take one first. */
	mod = symexport_module_get(test, SYMEXPORT_KO(provider));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	base = symexport_refcount(SYMEXPORT_KO(provider));
	__module_get(mod);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base + 1,
			    "__module_get() moved the count from %d to %d", base,
			    symexport_refcount(SYMEXPORT_KO(provider)));
	module_put(mod);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base,
			    "module_put() left the count at %d instead of %d",
			    symexport_refcount(SYMEXPORT_KO(provider)), base);
}

static struct kunit_case symexport_refcount_cases[] = {
	KUNIT_CASE(unused_provider_has_no_references),
	KUNIT_CASE(consumer_dependency_adds_one_reference),
	KUNIT_CASE(two_consumers_add_two_references),
	KUNIT_CASE(consumer_unload_returns_reference),
	KUNIT_CASE_PARAM(get_and_put_move_refcount_by_one, hold_gen_params),
	KUNIT_CASE(__module_get_and_module_put_move_refcount_by_one),
	{}
};

static struct kunit_suite symexport_refcount_suite = {
	.name = "symexport_refcount",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_refcount_cases,
};

kunit_test_suite(symexport_refcount_suite);
