// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_lifetime: references exist because code in one module runs
 * while another tries to unload it.  These cases hold that code on a
 * completion and try.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>

#include "../providers/symexport_registry.h"
#include "../providers/symexport_slow_exit.h"
#include "symexport_test.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "symexport."

static unsigned int stress_threads = 4;
module_param(stress_threads, uint, 0444);
MODULE_PARM_DESC(stress_threads, "kthreads taking references in symexport_lifetime");

static unsigned int stress_pairs_per_thread = 200000;
module_param(stress_pairs_per_thread, uint, 0444);
MODULE_PARM_DESC(stress_pairs_per_thread, "try_module_get()/module_put() pairs per kthread");

/* Long enough for UML on a loaded machine; only a broken kernel waits it out. */
#define WAIT_JIFFIES	(30 * HZ)

static const char run_callbacks_name[] = "symexport_run_callbacks";
static const char slow_exit_hold_name[] = "symexport_slow_exit_hold";

/*
 * A kthread doing one thing, and what the case waits for.  @done is
 * completed with complete_all(): both the case and its cleanup wait for it.
 */
struct worker {
	struct kunit *test;
	const char *module;
	int (*run_callbacks)(struct completion *started, struct completion *release);
	struct module *mod;
	unsigned int pairs;
	int result;
	struct completion started;
	struct completion release;
	struct completion done;
};

static struct worker *worker_alloc(struct kunit *test)
{
	struct worker *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->test = test;
	init_completion(&w->started);
	init_completion(&w->release);
	init_completion(&w->done);
	return w;
}

/* Cleanup: let a held worker go, and wait until it has finished. */
static void worker_finish(void *data)
{
	struct worker *w = data;

	complete_all(&w->release);
	wait_for_completion(&w->done);
}

/* Cleanup: let a held worker go, whether or not it was started. */
static void worker_release(void *data)
{
	struct worker *w = data;

	complete_all(&w->release);
}

static void worker_start(struct kunit *test, struct worker *w, int (*fn)(void *))
{
	struct task_struct *task = kthread_run(fn, w, "symexport_worker");

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(task), "cannot start a kthread: %pe", task);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, worker_finish, w));
}

static int run_callbacks_fn(void *data)
{
	struct worker *w = data;

	w->result = w->run_callbacks(&w->started, &w->release);
	complete_all(&w->done);
	return 0;
}

static void consumer_removal_blocked_while_its_callback_runs(struct kunit *test)
{
	struct worker *w = worker_alloc(test);
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_REGISTRY));
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_CALLBACK_CONSUMER));
	w->run_callbacks = symexport_symbol_get(test, run_callbacks_name);
	KUNIT_ASSERT_NOT_NULL(test, w->run_callbacks);

	worker_start(test, w, run_callbacks_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&w->started, WAIT_JIFFIES), 0UL,
			    "the consumer's callback never started");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_CALLBACK_CONSUMER), 1,
			    "while its callback runs the consumer has %d references",
			    symexport_refcount(SYMEXPORT_CALLBACK_CONSUMER));
	ret = symexport_unload(test, SYMEXPORT_CALLBACK_CONSUMER);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "delete_module() of a module whose callback is running returned %d",
			    ret);

	worker_finish(w);
	KUNIT_EXPECT_EQ_MSG(test, w->result, 1, "the registry ran %d callbacks", w->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_CALLBACK_CONSUMER), 0);
	ret = symexport_unload(test, SYMEXPORT_CALLBACK_CONSUMER);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "delete_module() after the callback returned gave %d", ret);
	/* Its exit unregistered the callback: nothing is left to run. */
	KUNIT_EXPECT_EQ_MSG(test, w->run_callbacks(NULL, NULL), 0,
			    "the registry still runs a callback of an unloaded module");
}

static int unload_fn(void *data)
{
	struct worker *w = data;

	w->result = symexport_unload(w->test, w->module);
	complete_all(&w->done);
	return 0;
}

static void module_going_away_refuses_new_references(struct kunit *test)
{
	void (*hold)(struct completion *entered, struct completion *release);
	struct worker *w = worker_alloc(test);
	struct symexport_log *log;
	struct module *mod;
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_SLOW_EXIT));
	hold = symexport_symbol_get(test, slow_exit_hold_name);
	KUNIT_ASSERT_NOT_NULL(test, hold);
	hold(&w->started, &w->release);
	/* Whatever happens below, the exit must not wait for ever. */
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, worker_release, w));
	symexport_symbol_put(test, slow_exit_hold_name);

	/* Valid until its exit function returns, which this case controls. */
	preempt_disable();
	mod = find_module(symexport_module_name(SYMEXPORT_SLOW_EXIT));
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, mod);

	w->module = SYMEXPORT_SLOW_EXIT;
	worker_start(test, w, unload_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&w->started, WAIT_JIFFIES), 0UL,
			    "the module's exit function never ran");

	KUNIT_EXPECT_FALSE_MSG(test, try_module_get(mod),
			       "try_module_get() succeeded on a module whose exit is running");
	KUNIT_EXPECT_EQ_MSG(test, module_refcount(mod), -1,
			    "a module on its way out has refcount %d", module_refcount(mod));
	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, "symexport_slow_exit_value"),
			      "symbol_get() found an export of a module on its way out");
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_SLOW_EXIT_CONSUMER);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "a consumer of a module on its way out got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_slow_exit_consumer: Unknown symbol symexport_slow_exit_value (err -2)");

	worker_finish(w);
	KUNIT_EXPECT_EQ_MSG(test, w->result, 0, "the held unload returned %d", w->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_SLOW_EXIT), SYMEXPORT_NOT_LOADED);
}

static int get_put_fn(void *data)
{
	struct worker *w = data;
	unsigned int i;

	for (i = 0; i < w->pairs; i++) {
		if (!try_module_get(w->mod)) {
			w->result = -EBUSY;
			break;
		}
		module_put(w->mod);
		cond_resched();
	}
	complete_all(&w->done);
	return 0;
}

static void removal_attempts_race_get_put_without_losing_count(struct kunit *test)
{
	struct worker **workers;
	unsigned int i, attempts = 0, refused = 0;
	struct module *mod;
	int base, ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_PROVIDER));
	/* This reference keeps the module (and @mod) alive throughout. */
	mod = symexport_module_get(test, SYMEXPORT_PROVIDER);
	KUNIT_ASSERT_NOT_NULL(test, mod);
	base = symexport_refcount(SYMEXPORT_PROVIDER);

	workers = kunit_kcalloc(test, stress_threads, sizeof(*workers), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, workers);
	for (i = 0; i < stress_threads; i++) {
		workers[i] = worker_alloc(test);
		workers[i]->mod = mod;
		workers[i]->pairs = stress_pairs_per_thread;
		worker_start(test, workers[i], get_put_fn);
	}
	/* Try to remove it until every kthread is done. */
	for (i = 0; i < stress_threads; i++) {
		do {
			ret = symexport_unload(test, SYMEXPORT_PROVIDER);
			attempts++;
			refused += ret == -EWOULDBLOCK;
			KUNIT_ASSERT_EQ_MSG(test, ret, -EWOULDBLOCK,
					    "removal attempt %u of a referenced module returned %d",
					    attempts, ret);
		} while (!completion_done(&workers[i]->done));
		KUNIT_EXPECT_EQ_MSG(test, workers[i]->result, 0,
				    "kthread %u: try_module_get() on a live module failed", i);
	}
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_PROVIDER), base,
			    "after %u threads and %u removal attempts the count is %d, not %d",
			    stress_threads, attempts, symexport_refcount(SYMEXPORT_PROVIDER), base);
	kunit_info(test, "%u removal attempts refused while %u kthreads took references\n",
		   refused, stress_threads);
}

static struct kunit_case symexport_lifetime_cases[] = {
	KUNIT_CASE(consumer_removal_blocked_while_its_callback_runs),
	KUNIT_CASE(module_going_away_refuses_new_references),
	KUNIT_CASE(removal_attempts_race_get_put_without_losing_count),
	{}
};

static struct kunit_suite symexport_lifetime_suite = {
	.name = "symexport_lifetime",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_lifetime_cases,
};

kunit_test_suite(symexport_lifetime_suite);
