// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_faults: what the loader does when an allocation fails or a
 * provider never finishes its init.  The main kunitconfig has what they
 * need: fault injection (failslab, whose fail-nth the module-control helper
 * sets just before its load) and, on UML, time-travel mode (for a boot of
 * its own, in which 30 s pass at once).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/init.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/string.h>

#include "../providers/symexport_init_gate.h"
#include "symexport_test.h"

#define FAULTS_KUNITCONFIG "kunit.py run --kunitconfig=lib/symexport"

/*
 * ref_module() records a consumer's use of its provider in a struct
 * module_use, allocated GFP_ATOMIC under module_mutex.  When that
 * allocation fails, the consumer is refused with ENOMEM and the reference
 * it took on the provider is given back.
 */
static void consumer_refused_enomem_when_its_use_cannot_be_recorded(struct kunit *test)
{
	struct symexport_log *log;
	int before, ret;

	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_FAILSLAB))
		kunit_skip(test, "needs CONFIG_FAILSLAB=y: %s", FAULTS_KUNITCONFIG);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	before = symexport_refcount(SYMEXPORT_KO(provider));
	log = symexport_log_start(test);
	/* add_module_usage() allocates: its trace names its caller's caller, inlined or not. */
	ret = symexport_load_failing_alloc(test, SYMEXPORT_KO(consumer), "resolve_symbol");
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM,
			    "the consumer whose use of its provider could not be recorded got %d",
			    ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_consumer: Unknown symbol symexport_provider_add (err -12)");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(consumer)), SYMEXPORT_NOT_LOADED,
			    "the consumer is loaded");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), before,
			    "the provider has %d references after the consumer's failed load, %d before",
			    symexport_refcount(SYMEXPORT_KO(provider)), before);
}

/* A load in a kthread of its own, and its result. */
struct loader {
	struct kunit *test;
	const struct symexport_module *module;
	int result;
	struct completion done;
};

static int loader_fn(void *data)
{
	struct loader *l = data;

	l->result = symexport_load_untracked(l->test, l->module);
	complete_all(&l->done);
	return 0;
}

static void loader_wait(void *data)
{
	struct loader *l = data;

	wait_for_completion(&l->done);
}

static void init_gate_open(void *data)
{
	complete_all(data);
}

/*
 * A consumer waits for its provider's init 30 seconds at most
 * (resolve_symbol_wait()); then it gives up, says so naming the provider,
 * and is refused with the EBUSY of the provider it could not use.
 * A boot of its own in UML's time-travel mode, where the 30 s pass at once.
 */
static void consumer_gives_up_after_30_s_of_provider_init_ebusy(struct kunit *test)
{
	void (*hold)(struct completion *entered, struct completion *release, int result);
	struct completion *entered, *release;
	struct loader *provider, *consumer;
	struct symexport_log *log;
	struct task_struct *task;

	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_UML_TIME_TRAVEL_SUPPORT))
		kunit_skip(test, "needs UML with CONFIG_UML_TIME_TRAVEL_SUPPORT=y: %s",
			   FAULTS_KUNITCONFIG);
	symexport_require_own_boot(test);
	if (!strstr(saved_command_line, "time-travel"))
		kunit_skip(test,
			   "needs time-travel on the kernel command line: kunit.py run --run_isolated=test --kernel_args=symexport.own_boot=1 --kernel_args=time-travel with this case's name");
	entered = kunit_kzalloc(test, sizeof(*entered), GFP_KERNEL);
	release = kunit_kzalloc(test, sizeof(*release), GFP_KERNEL);
	provider = kunit_kzalloc(test, sizeof(*provider), GFP_KERNEL);
	consumer = kunit_kzalloc(test, sizeof(*consumer), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, entered && release && provider && consumer);
	init_completion(entered);
	init_completion(release);

	/* The provider's init waits at the gate until the case ends. */
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(init_gate)), 0);
	hold = symexport_symbol_get(test, "symexport_init_gate_hold");
	KUNIT_ASSERT_NOT_NULL(test, hold);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, init_gate_open, release), 0);
	hold(entered, release, 0);
	symexport_symbol_put(test, "symexport_init_gate_hold");

	*provider = (struct loader){ .test = test, .module = SYMEXPORT_KO(slow_init) };
	init_completion(&provider->done);
	symexport_unload_at_end(test, provider->module);
	task = kthread_run(loader_fn, provider, "symexport_provider");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, loader_wait, provider), 0);
	/* Opened before the provider's load is waited for. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, init_gate_open, release), 0);
	wait_for_completion(entered);

	log = symexport_log_start(test);
	*consumer = (struct loader){ .test = test, .module = SYMEXPORT_KO(slow_init_consumer) };
	init_completion(&consumer->done);
	symexport_unload_at_end(test, consumer->module);
	task = kthread_run(loader_fn, consumer, "symexport_consumer");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, loader_wait, consumer), 0);
	wait_for_completion(&consumer->done);

	KUNIT_EXPECT_EQ_MSG(test, consumer->result, -EBUSY,
			    "a consumer whose provider stayed in its init got %d",
			    consumer->result);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_slow_init_consumer: gave up waiting for init of module symexport_slow_init.");
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_slow_init_consumer: Unknown symbol symexport_slow_init_value (err -16)");
	complete_all(release);
	wait_for_completion(&provider->done);
	KUNIT_EXPECT_EQ_MSG(test, provider->result, 0, "the provider's load returned %d",
			    provider->result);
}

static struct kunit_case symexport_faults_cases[] = {
	KUNIT_CASE(consumer_refused_enomem_when_its_use_cannot_be_recorded),
	KUNIT_CASE(consumer_gives_up_after_30_s_of_provider_init_ebusy),
	{}
};

static struct kunit_suite symexport_faults_suite = {
	.name = "symexport_faults",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_faults_cases,
};

kunit_test_suite(symexport_faults_suite);
