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
#include <linux/string.h>

#include "../providers/symexport_init_gate.h"
#include "../providers/symexport_registry.h"
#include "../providers/symexport_slow_exit.h"
#include "symexport_test.h"

static unsigned int stress_threads = 4;
module_param(stress_threads, uint, 0444);
MODULE_PARM_DESC(stress_threads, "kthreads taking references in symexport_lifetime");

static unsigned int stress_removals = 20;
module_param(stress_removals, uint, 0444);
MODULE_PARM_DESC(stress_removals, "removal attempts while the kthreads take references");

/* Long enough for UML on a loaded machine; only a broken kernel waits it out. */
#define WAIT_JIFFIES	(30 * HZ)

static const char run_callbacks_name[] = "symexport_run_callbacks";
static const char slow_exit_hold_name[] = "symexport_slow_exit_hold";
static const char init_gate_hold_name[] = "symexport_init_gate_hold";
static const char slow_init_value_name[] = "symexport_slow_init_value";

/*
 * How long a consumer's load must go on while its provider's init is held.
 * Not a wait for something to happen: a correct kernel passes however
 * slowly it runs, and a loader that does not wait returns within
 * milliseconds.
 */
#define INIT_WINDOW_JIFFIES	HZ

/*
 * A kthread doing one thing, and what the case waits for.  @done is
 * completed with complete_all(): both the case and its cleanup wait for it.
 */
struct worker {
	struct kunit *test;
	const struct symexport_module *module;
	int (*run_callbacks)(struct completion *started, struct completion *release);
	struct module *mod;
	unsigned int pairs_done;
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

	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, task, "cannot start a kthread: %pe", task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, worker_finish, w), 0);
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
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(registry)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(callback_consumer)), 0);
	w->run_callbacks = symexport_symbol_get(test, run_callbacks_name);
	KUNIT_ASSERT_NOT_NULL(test, w->run_callbacks);

	worker_start(test, w, run_callbacks_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&w->started, WAIT_JIFFIES), 0UL,
			    "the consumer's callback never started");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(callback_consumer)), 1,
			    "while its callback runs the consumer has %d references",
			    symexport_refcount(SYMEXPORT_KO(callback_consumer)));
	ret = symexport_unload(test, SYMEXPORT_KO(callback_consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "delete_module() of a module whose callback is running returned %d",
			    ret);

	worker_finish(w);
	KUNIT_EXPECT_EQ_MSG(test, w->result, 1, "the registry ran %d callbacks", w->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(callback_consumer)), 0);
	ret = symexport_unload(test, SYMEXPORT_KO(callback_consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "delete_module() after the callback returned gave %d", ret);
	/* Its exit unregistered the callback: nothing is left to run. */
	KUNIT_EXPECT_EQ_MSG(test, w->run_callbacks(NULL, NULL), 0,
			    "the registry still runs a callback of an unloaded module");
}

/*
 * Expect @symbol, exported by a module that is not live (@state says how),
 * to be out of reach: symbol_get() fails, and @consumer is refused with
 * ENOENT and @message.
 */
static void expect_export_unreachable(struct kunit *test, const char *symbol,
				      const struct symexport_module *consumer,
				      const char *state,
				      const char *message)
{
	struct symexport_log *log;
	int ret;

	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, symbol),
			      "symbol_get() found an export of a module %s", state);
	log = symexport_log_start(test);
	ret = symexport_load(test, consumer);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT, "a consumer of a module %s got %d", state, ret);
	SYMEXPORT_EXPECT_LOG(test, log, message);
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
	struct module *mod;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(slow_exit)), 0);
	hold = symexport_symbol_get(test, slow_exit_hold_name);
	KUNIT_ASSERT_NOT_NULL(test, hold);
	hold(&w->started, &w->release);
	/* Whatever happens below, the exit must not wait for ever. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, worker_release, w), 0);
	symexport_symbol_put(test, slow_exit_hold_name);

	/* Valid until its exit function returns, which this case controls. */
	preempt_disable();
	mod = find_module(SYMEXPORT_KO(slow_exit)->name);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, mod);

	w->module = SYMEXPORT_KO(slow_exit);
	worker_start(test, w, unload_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&w->started, WAIT_JIFFIES), 0UL,
			    "the module's exit function never ran");

	KUNIT_EXPECT_FALSE_MSG(test, try_module_get(mod),
			       "try_module_get() succeeded on a module whose exit is running");
	KUNIT_EXPECT_EQ_MSG(test, module_refcount(mod), -1,
			    "a module on its way out has refcount %d", module_refcount(mod));
	expect_export_unreachable(test, "symexport_slow_exit_value",
				  SYMEXPORT_KO(slow_exit_consumer),
				  "on its way out",
				  "symexport_slow_exit_consumer: Unknown symbol symexport_slow_exit_value (err -2)");

	worker_finish(w);
	KUNIT_EXPECT_EQ_MSG(test, w->result, 0, "the held unload returned %d", w->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(slow_exit)), SYMEXPORT_NOT_LOADED);
}

/*
 * delete_module() waits for the async work of the whole system after the
 * module's exit function (async_synchronize_full()), and only then frees
 * the module: async work that its exit function started, module code, has
 * ended by then.  The removal is still going on a while after the work
 * started, held.
 */
static void removal_waits_for_async_work_its_exit_started(struct kunit *test)
{
	void (*hold)(struct completion *entered, struct completion *release);
	struct worker *w = worker_alloc(test);
	struct completion *work = kunit_kzalloc(test, sizeof(*work), GFP_KERNEL);

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_NOT_NULL(test, work);
	init_completion(work);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(async_exit)), 0);
	hold = symexport_symbol_get(test, "symexport_async_exit_hold");
	KUNIT_ASSERT_NOT_NULL(test, hold);
	hold(work, &w->release);
	symexport_symbol_put(test, "symexport_async_exit_hold");
	/* Whatever happens below, the work must not wait for ever. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, worker_release, w), 0);

	w->module = SYMEXPORT_KO(async_exit);
	worker_start(test, w, unload_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(work, WAIT_JIFFIES), 0UL,
			    "the async work of the module's exit function never ran");
	KUNIT_EXPECT_EQ_MSG(test, wait_for_completion_timeout(&w->done, INIT_WINDOW_JIFFIES),
			    0UL,
			    "delete_module() returned %d while async work of the module's exit ran",
			    w->result);

	worker_finish(w);
	KUNIT_EXPECT_EQ_MSG(test, w->result, 0, "the removal returned %d", w->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(async_exit)), SYMEXPORT_NOT_LOADED);
}

static int load_fn(void *data)
{
	struct worker *w = data;

	w->result = symexport_load_untracked(w->test, w->module);
	complete_all(&w->done);
	return 0;
}

/*
 * Load the init gate and arm it: the next init to pass it completes
 * @w->started, waits for @w->release and then returns @result; with no @w
 * it returns @result at once.  @w is released when the case ends.
 */
static void init_gate_arm(struct kunit *test, struct worker *w, int result)
{
	void (*hold)(struct completion *entered, struct completion *release, int result);

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(init_gate)), 0);
	hold = symexport_symbol_get(test, init_gate_hold_name);
	KUNIT_ASSERT_NOT_NULL(test, hold);
	if (w) {
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, worker_release, w), 0);
		hold(&w->started, &w->release, result);
	} else {
		hold(NULL, NULL, result);
	}
	symexport_symbol_put(test, init_gate_hold_name);
}

/*
 * Start loading the slow-init provider in @w, and return once its init is
 * running, held at the gate until @w->release; the init then returns
 * @result.
 */
static void provider_hold_in_init(struct kunit *test, struct worker *w, int result)
{
	init_gate_arm(test, w, result);
	w->module = SYMEXPORT_KO(slow_init);
	symexport_unload_at_end(test, w->module);
	worker_start(test, w, load_fn);
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&w->started, WAIT_JIFFIES), 0UL,
			    "the provider's init never ran");
}

/*
 * Start loading the slow-init consumer in @consumer while @provider is held
 * in its init, and expect the load still to be going on a while later.
 */
static void consumer_start_behind(struct kunit *test, struct worker *consumer,
				  struct worker *provider)
{
	consumer->module = SYMEXPORT_KO(slow_init_consumer);
	/* Unloaded before its provider, once its load has ended. */
	symexport_unload_at_end(test, consumer->module);
	worker_start(test, consumer, load_fn);
	/* Should the case stop early, let the provider go before the consumer is waited for. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, worker_release, provider), 0);
	KUNIT_EXPECT_EQ_MSG(test, wait_for_completion_timeout(&consumer->done, INIT_WINDOW_JIFFIES),
			    0UL,
			    "a consumer's load returned %d while its provider's init was running",
			    consumer->result);
}

static void consumer_waits_for_provider_init_then_resolves(struct kunit *test)
{
	struct worker *provider = worker_alloc(test);
	struct worker *consumer = worker_alloc(test);

	symexport_skip_unless_modular(test);
	provider_hold_in_init(test, provider, 0);
	consumer_start_behind(test, consumer, provider);

	worker_finish(provider);
	KUNIT_EXPECT_EQ_MSG(test, provider->result, 0, "the provider's load returned %d",
			    provider->result);
	worker_finish(consumer);
	KUNIT_EXPECT_EQ_MSG(test, consumer->result, 0,
			    "the consumer that waited for its provider's init got %d",
			    consumer->result);
	KUNIT_EXPECT_TRUE_MSG(test,
			      symexport_uses(SYMEXPORT_KO(slow_init_consumer),
					     SYMEXPORT_KO(slow_init)),
			      "the consumer loaded but does not depend on its provider");
}

static void consumer_waiting_for_failed_provider_init_refused_enoent(struct kunit *test)
{
	struct worker *provider = worker_alloc(test);
	struct worker *consumer = worker_alloc(test);
	struct symexport_log *log;

	symexport_skip_unless_modular(test);
	provider_hold_in_init(test, provider, -EIO);
	log = symexport_log_start(test);
	consumer_start_behind(test, consumer, provider);

	worker_finish(provider);
	KUNIT_EXPECT_EQ_MSG(test, provider->result, -EIO,
			    "the load of a provider whose init returned -EIO returned %d",
			    provider->result);
	worker_finish(consumer);
	KUNIT_EXPECT_EQ_MSG(test, consumer->result, -ENOENT,
			    "a consumer that waited for a failed init got %d", consumer->result);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_slow_init_consumer: Unknown symbol symexport_slow_init_value (err -2)");
}

/*
 * delete_module() refuses a module whose init is still running with EBUSY
 * (it is not live yet); once the init has returned, the module goes.
 */
static void provider_removal_refused_ebusy_while_its_init_runs(struct kunit *test)
{
	struct worker *provider = worker_alloc(test);
	int ret;

	symexport_skip_unless_modular(test);
	provider_hold_in_init(test, provider, 0);
	ret = symexport_unload(test, SYMEXPORT_KO(slow_init));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EBUSY,
			    "delete_module() of a module whose init is running returned %d", ret);

	worker_finish(provider);
	KUNIT_ASSERT_EQ_MSG(test, provider->result, 0, "the provider's load returned %d",
			    provider->result);
	ret = symexport_unload(test, SYMEXPORT_KO(slow_init));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "delete_module() once the init had returned gave %d", ret);
}

static void symbol_get_of_provider_in_init_returns_null(struct kunit *test)
{
	struct worker *provider = worker_alloc(test);

	symexport_skip_unless_modular(test);
	provider_hold_in_init(test, provider, 0);
	KUNIT_EXPECT_NULL_MSG(test, symexport_symbol_get(test, slow_init_value_name),
			      "symbol_get() returned the export of a module whose init is running");

	worker_finish(provider);
	KUNIT_ASSERT_EQ_MSG(test, provider->result, 0, "the provider's load returned %d",
			    provider->result);
	KUNIT_EXPECT_NOT_NULL_MSG(test, symexport_symbol_get(test, slow_init_value_name),
				  "symbol_get() did not find the export once the init returned");
}

static void try_module_get_of_provider_in_init_succeeds(struct kunit *test)
{
	struct worker *provider = worker_alloc(test);
	struct module *mod;

	symexport_skip_unless_modular(test);
	provider_hold_in_init(test, provider, 0);
	/* The loader holds a reference of its own until the init returns. */
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(slow_init)), 1,
			    "a module whose init is running has %d references, not the loader's one",
			    symexport_refcount(SYMEXPORT_KO(slow_init)));
	mod = symexport_module_get(test, SYMEXPORT_KO(slow_init));
	KUNIT_EXPECT_NOT_NULL_MSG(test, mod,
				  "try_module_get() refused a module whose init is running");
	if (mod) {
		KUNIT_EXPECT_EQ_MSG(test, mod->state, MODULE_STATE_COMING,
				    "the module whose init is held is in state %d", mod->state);
		KUNIT_EXPECT_EQ_MSG(test, module_refcount(mod), 2,
				    "after try_module_get() the count is %d, not the loader's and ours",
				    module_refcount(mod));
		symexport_module_put(test, mod);
	}
	worker_finish(provider);
	KUNIT_EXPECT_EQ_MSG(test, provider->result, 0, "the provider's load returned %d",
			    provider->result);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(slow_init)), 0,
			    "once its init returned the module has %d references: the loader kept its own",
			    symexport_refcount(SYMEXPORT_KO(slow_init)));
}

/* What an init function returns, and what the load then returns. */
struct init_error {
	int init;
	int load;
	const char *desc;
};

static const struct init_error init_errors[] = {
	{ -EIO, -EIO, "init returns -EIO" },
#if SYMEXPORT_INIT_EEXIST_BECOMES_EBUSY
	{ -EEXIST, -EBUSY, "init returns -EEXIST, load -EBUSY (since 7.1)" },
#else
	{ -EEXIST, -EEXIST, "init returns -EEXIST, load -EEXIST (before 7.1)" },
#endif
};

static void init_error_desc(const struct init_error *e, char *desc)
{
	strscpy(desc, e->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(init_error, init_errors, init_error_desc);

static void failed_init_refused_with_its_error_and_references_dropped(struct kunit *test)
{
	const struct init_error *e = test->param_value;
	int base, ret;

	symexport_skip_unless_modular(test);
	/* The slow-init module uses the gate: the gate is its provider. */
	init_gate_arm(test, NULL, e->init);
	base = symexport_refcount(SYMEXPORT_KO(init_gate));
	ret = symexport_load(test, SYMEXPORT_KO(slow_init));
	KUNIT_EXPECT_EQ_MSG(test, ret, e->load,
			    "the load of a module whose init returned %d returned %d",
			    e->init, ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(slow_init)), SYMEXPORT_NOT_LOADED,
			    "a module whose init failed is loaded, with %d references",
			    symexport_refcount(SYMEXPORT_KO(slow_init)));
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(init_gate)), base,
			    "after its user's init failed the provider has %d references, not %d",
			    symexport_refcount(SYMEXPORT_KO(init_gate)), base);
	KUNIT_EXPECT_FALSE_MSG(test,
			       symexport_uses(SYMEXPORT_KO(slow_init), SYMEXPORT_KO(init_gate)),
			       "the provider still lists the module whose init failed as its user");
}

static void exports_of_module_whose_init_failed_never_resolve(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	init_gate_arm(test, NULL, -EIO);
	ret = symexport_load(test, SYMEXPORT_KO(slow_init));
	KUNIT_ASSERT_EQ_MSG(test, ret, -EIO,
			    "the load of a module whose init returned -EIO returned %d", ret);
	expect_export_unreachable(test, slow_init_value_name, SYMEXPORT_KO(slow_init_consumer),
				  "whose init failed",
				  "symexport_slow_init_consumer: Unknown symbol symexport_slow_init_value (err -2)");
}

static int get_put_fn(void *data)
{
	struct worker *w = data;

	complete_all(&w->started);
	while (!completion_done(&w->release)) {
		if (!try_module_get(w->mod)) {
			w->result = -EBUSY;
			break;
		}
		module_put(w->mod);
		WRITE_ONCE(w->pairs_done, w->pairs_done + 1);
		cond_resched();
	}
	complete_all(&w->done);
	return 0;
}

/* How many get/put pairs the workers have made so far. */
static unsigned long pairs_done(struct worker **workers)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < stress_threads; i++)
		sum += READ_ONCE(workers[i]->pairs_done);
	return sum;
}

static void removal_attempts_race_get_put_without_losing_count(struct kunit *test)
{
	struct worker **workers;
	unsigned int i, attempt, overlapped = 0;
	unsigned long before;
	struct module *mod;
	int base, ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	/* This reference keeps the module (and @mod) alive throughout. */
	mod = symexport_module_get(test, SYMEXPORT_KO(provider));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	base = symexport_refcount(SYMEXPORT_KO(provider));

	workers = kunit_kcalloc(test, stress_threads, sizeof(*workers), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, workers);
	for (i = 0; i < stress_threads; i++) {
		workers[i] = worker_alloc(test);
		workers[i]->mod = mod;
		worker_start(test, workers[i], get_put_fn);
	}
	for (i = 0; i < stress_threads; i++)
		KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&workers[i]->started,
								      WAIT_JIFFIES), 0UL,
				    "kthread %u never started", i);
	/*
	 * The kthreads take and drop references until they are released.
	 * An attempt during which they made pairs overlapped their gets and
	 * puts; while this thread waits for the helper, they run.
	 */
	for (attempt = 1; attempt <= stress_removals; attempt++) {
		before = pairs_done(workers);
		ret = symexport_unload(test, SYMEXPORT_KO(provider));
		overlapped += pairs_done(workers) != before;
		KUNIT_ASSERT_EQ_MSG(test, ret, -EWOULDBLOCK,
				    "removal attempt %u of a referenced module returned %d",
				    attempt, ret);
	}
	for (i = 0; i < stress_threads; i++) {
		worker_finish(workers[i]);
		KUNIT_EXPECT_EQ_MSG(test, workers[i]->result, 0,
				    "kthread %u: try_module_get() on a live module failed", i);
	}
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base,
			    "after %lu get/put pairs and %u removal attempts the count is %d, not %d",
			    pairs_done(workers), stress_removals,
			    symexport_refcount(SYMEXPORT_KO(provider)), base);
	KUNIT_EXPECT_GT_MSG(test, overlapped, 0U,
			    "none of %u removal attempts ran while the kthreads took references",
			    stress_removals);
	kunit_info(test, "%u of %u refused removal attempts ran while %u kthreads made %lu get/put pairs\n",
		   overlapped, stress_removals, stress_threads, pairs_done(workers));
}

static struct kunit_case symexport_lifetime_cases[] = {
	KUNIT_CASE(consumer_removal_blocked_while_its_callback_runs),
	KUNIT_CASE(module_going_away_refuses_new_references),
	KUNIT_CASE(removal_waits_for_async_work_its_exit_started),
	KUNIT_CASE(removal_attempts_race_get_put_without_losing_count),
	KUNIT_CASE(consumer_waits_for_provider_init_then_resolves),
	KUNIT_CASE(consumer_waiting_for_failed_provider_init_refused_enoent),
	KUNIT_CASE(symbol_get_of_provider_in_init_returns_null),
	KUNIT_CASE(provider_removal_refused_ebusy_while_its_init_runs),
	KUNIT_CASE(try_module_get_of_provider_in_init_succeeds),
	KUNIT_CASE_PARAM(failed_init_refused_with_its_error_and_references_dropped,
			 init_error_gen_params),
	KUNIT_CASE(exports_of_module_whose_init_failed_never_resolve),
	{}
};

static struct kunit_suite symexport_lifetime_suite = {
	.name = "symexport_lifetime",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_lifetime_cases,
};

kunit_test_suite(symexport_lifetime_suite);
