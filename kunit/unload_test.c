// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_unload: delete_module() refuses to remove a module that is in
 * use, and removes it once nothing uses it.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "symexport_test.h"

static void load_provider_and_consumer(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
}

static void provider_unload_blocked_while_consumer_loaded(struct kunit *test)
{
	int ret;

	load_provider_and_consumer(test);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "delete_module() of a provider with a loaded consumer returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 1,
			    "the provider is gone or lost its consumer's reference");
}

KUNIT_ARRAY_PARAM(hold, symexport_holds, symexport_hold_desc);

static void provider_unload_blocked_while_reference_held(struct kunit *test)
{
	const struct symexport_hold *hold = test->param_value;
	void *ref;
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ref = hold->take(test);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ref, "%s() on the loaded provider failed", hold->get);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "delete_module() of a provider held by %s() returned %d",
			    hold->get, ret);
	hold->drop(test, ref);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "delete_module() after %s() returned %d", hold->put, ret);
}

static void reverse_order_unload_succeeds(struct kunit *test)
{
	int ret;

	load_provider_and_consumer(test);
	ret = symexport_unload(test, SYMEXPORT_KO(consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "delete_module() of the consumer returned %d", ret);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "delete_module() of the provider after its consumer returned %d", ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(consumer)), SYMEXPORT_NOT_LOADED,
			    "the consumer is still loaded");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED,
			    "the provider is still loaded");
}

static void unload_of_module_not_loaded_fails_enoent(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "delete_module() of a module that is not loaded returned %d", ret);
}

/*
 * The kernel remembers the last module it removed, with its taints, for
 * the module list of an oops report (print_modules()).
 */
static void last_unloaded_module_named_in_oops_module_list(struct kunit *test)
{
	struct symexport_log *log;

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(ext_provider)), 0);
	log = symexport_log_start(test);
	print_modules();
	SYMEXPORT_EXPECT_LOG(test, log, "[last unloaded: symexport_ext_provider(O)]");
}

/* What the module notifiers were told about one module, in order. */
struct notified {
	struct notifier_block nb;
	const char *name;
	unsigned long states[4];
	unsigned int count;
};

static int record_state(struct notifier_block *nb, unsigned long state, void *data)
{
	struct notified *n = container_of(nb, struct notified, nb);
	struct module *mod = data;

	if (!strcmp(mod->name, n->name) && n->count < ARRAY_SIZE(n->states))
		n->states[n->count++] = state;
	return NOTIFY_DONE;
}

static void notifier_unregister(void *nb)
{
	unregister_module_notifier(nb);
}

/*
 * Everything that keeps a module's entries (jump labels, static calls,
 * tracepoints, BPF, livepatch) hears of it through the module notifiers:
 * COMING and LIVE when it loads, GOING when delete_module() removes it,
 * before it is freed.
 */
static void module_notifiers_told_going_when_module_removed(struct kunit *test)
{
	static const unsigned long want[] = {
		MODULE_STATE_COMING, MODULE_STATE_LIVE, MODULE_STATE_GOING,
	};
	struct notified *n;
	unsigned int i;

	symexport_skip_unless_modular(test);
	n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	n->name = SYMEXPORT_KO(provider)->name;
	n->nb.notifier_call = record_state;
	KUNIT_ASSERT_EQ(test, register_module_notifier(&n->nb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, notifier_unregister, &n->nb), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_EXPECT_EQ_MSG(test, n->count, ARRAY_SIZE(want),
			    "the notifiers were told %u states of the provider (COMING=%d, LIVE=%d, GOING=%d): %lu %lu %lu %lu",
			    n->count, MODULE_STATE_COMING, MODULE_STATE_LIVE,
			    MODULE_STATE_GOING, n->states[0], n->states[1],
			    n->states[2], n->states[3]);
	for (i = 0; i < min_t(unsigned int, n->count, ARRAY_SIZE(want)); i++)
		KUNIT_EXPECT_EQ_MSG(test, n->states[i], want[i],
				    "notification %u of the provider's load and removal was state %lu, not %lu",
				    i + 1, n->states[i], want[i]);
}

static struct kunit_case symexport_unload_cases[] = {
	KUNIT_CASE(provider_unload_blocked_while_consumer_loaded),
	KUNIT_CASE_PARAM(provider_unload_blocked_while_reference_held, hold_gen_params),
	KUNIT_CASE(reverse_order_unload_succeeds),
	KUNIT_CASE(unload_of_module_not_loaded_fails_enoent),
	KUNIT_CASE(last_unloaded_module_named_in_oops_module_list),
	KUNIT_CASE(module_notifiers_told_going_when_module_removed),
	{}
};

static struct kunit_suite symexport_unload_suite = {
	.name = "symexport_unload",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_unload_cases,
};

kunit_test_suite(symexport_unload_suite);
