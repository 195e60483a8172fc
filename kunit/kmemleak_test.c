// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_kmemleak: loading and unloading modules, and the loads that
 * fail, leave no memory behind.  Needs CONFIG_DEBUG_KMEMLEAK=y (the debug
 * configuration, configs/debug.kunitconfig).  A scan before the loads is
 * the baseline: what kmemleak reports then is not the loads' doing.  (An
 * object leaked less than five seconds before it is too young for the
 * baseline and would be blamed on the loads.)  kmemleak finds a leak only
 * once no scanned memory holds a copy of its pointer: on 7.x SLUB's per-CPU
 * object arrays keep such copies unless slab debugging is on
 * (configs/debug_slab.kunitconfig), and task stacks are not scanned.  The
 * case counts on kmemleak.min_unref_scans=1, the default without
 * CONFIG_DEBUG_KMEMLEAK_VERBOSE.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/module.h>

#include "symexport_test.h"

/*
 * kmemleak reports an object only once it is five seconds old
 * (MSECS_MIN_AGE in mm/kmemleak.c): this is that age, not a wait for an
 * event.
 */
#define KMEMLEAK_MIN_AGE_MS	5000
#define LOAD_CYCLES		10

static void module_loads_and_unloads_leave_no_unreferenced_memory(struct kunit *test)
{
	struct symexport_log *log;
	int i, leaks, ret;

	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test,
			   "needs CONFIG_DEBUG_KMEMLEAK=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/debug.kunitconfig");
#if SYMEXPORT_KERNEL_SINCE(7, 0)
	if (!IS_ENABLED(CONFIG_SLUB_DEBUG_ON))
		kunit_skip(test,
			   "kmemleak sees no leak on 7.x without slab debugging: add --kunitconfig=lib/symexport/configs/debug_slab.kunitconfig");
#endif
	leaks = symexport_kmemleak_scan(test, true);
	KUNIT_ASSERT_GE_MSG(test, leaks, 0, "kmemleak could not scan: %d", leaks);
	kunit_info(test, "baseline: kmemleak already reported %d objects, which it now forgets\n",
		   leaks);
	for (i = 0; i < LOAD_CYCLES; i++) {
		/* A load that fails: the consumer's provider is missing. */
		ret = symexport_load(test, SYMEXPORT_KO(consumer));
		KUNIT_ASSERT_EQ_MSG(test, ret, -ENOENT,
				    "the consumer loaded without its provider: %d", ret);
		KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
		KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
		KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(consumer)), 0);
		KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(provider)), 0);
	}
	msleep(KMEMLEAK_MIN_AGE_MS + 500);
	log = symexport_log_start(test);
	leaks = symexport_kmemleak_scan(test, false);
	KUNIT_ASSERT_GE_MSG(test, leaks, 0, "kmemleak could not scan: %d", leaks);
	/* Read what kmemleak printed (kmemleak.verbose=1), for the message below. */
	symexport_log_contains(log, "unreferenced object");
	KUNIT_EXPECT_EQ_MSG(test, leaks, 0,
			    "kmemleak reports %d unreferenced objects; the kernel printed:\n%s",
			    leaks, log->buf);
}

static struct kunit_case symexport_kmemleak_cases[] = {
	KUNIT_CASE_SLOW(module_loads_and_unloads_leave_no_unreferenced_memory),
	{}
};

static struct kunit_suite symexport_kmemleak_suite = {
	.name = "symexport_kmemleak",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_kmemleak_cases,
};

kunit_test_suite(symexport_kmemleak_suite);
