// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_load_order: a consumer loads only after the provider of the
 * symbols it uses.
 */
#include <kunit/test.h>

#include "symexport_test.h"

/* What the loader prints for the first symbol it cannot resolve. */
#define UNKNOWN_SYMBOL "symexport_consumer: Unknown symbol symexport_provider_"

static void consumer_load_before_provider_fails_enoent(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	symexport_skip_unless_modular(test);
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "finit_module() of a consumer whose provider is not loaded returned %d",
			    ret);
	SYMEXPORT_EXPECT_LOG(test, log, UNKNOWN_SYMBOL);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(consumer)), SYMEXPORT_NOT_LOADED,
			    "the consumer is loaded although its provider is not");
}

static void consumer_loads_after_provider(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "finit_module() of a consumer after its provider returned %d", ret);
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses(SYMEXPORT_KO(consumer), SYMEXPORT_KO(provider)),
			      "the kernel did not record that the consumer uses the provider");
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses_any(test, SYMEXPORT_KO(consumer)),
			      "no module's holders/ lists the consumer");
}

static struct kunit_case symexport_load_order_cases[] = {
	KUNIT_CASE(consumer_load_before_provider_fails_enoent),
	KUNIT_CASE(consumer_loads_after_provider),
	{}
};

static struct kunit_suite symexport_load_order_suite = {
	.name = "symexport_load_order",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_load_order_cases,
};

kunit_test_suite(symexport_load_order_suite);
