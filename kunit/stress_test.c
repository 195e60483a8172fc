// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_stress: many load/unload cycles and many reference pairs leave
 * nothing behind.  Each case also reports its rate, in a line that starts
 * "symexport_bench:".  The defaults take about ten
 * seconds in UML on a 2-core x86_64 machine, so the cases are marked slow
 * (kunit.py --filter 'speed>slow' leaves them out); symexport.stress_cycles=
 * and symexport.stress_pairs= size them.
 */
#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include "symexport_test.h"

static unsigned int stress_cycles = 1500;
module_param(stress_cycles, uint, 0444);
MODULE_PARM_DESC(stress_cycles, "provider+consumer load/unload cycles in symexport_stress");

static unsigned int stress_pairs = 100000000;
module_param(stress_pairs, uint, 0444);
MODULE_PARM_DESC(stress_pairs, "try_module_get()/module_put() pairs in symexport_stress");

static u64 per_second(u64 count, u64 ns)
{
	return ns ? div64_u64(count * NSEC_PER_SEC, ns) : 0;
}

static void load_unload_cycles_leave_nothing_loaded(struct kunit *test)
{
	unsigned int i;
	u64 start, ns;
	int ret;

	symexport_skip_unless_modular(test);
	start = ktime_get_ns();
	for (i = 0; i < stress_cycles; i++) {
		ret = symexport_load(test, SYMEXPORT_KO(provider));
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cycle %u: loading the provider: %d", i, ret);
		ret = symexport_load(test, SYMEXPORT_KO(consumer));
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cycle %u: loading the consumer: %d", i, ret);
		KUNIT_ASSERT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 1,
				    "cycle %u: the provider has %d references", i,
				    symexport_refcount(SYMEXPORT_KO(provider)));
		ret = symexport_unload(test, SYMEXPORT_KO(consumer));
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cycle %u: unloading the consumer: %d", i, ret);
		ret = symexport_unload(test, SYMEXPORT_KO(provider));
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "cycle %u: unloading the provider: %d", i, ret);
	}
	ns = ktime_get_ns() - start;
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(consumer)), SYMEXPORT_NOT_LOADED);
	kunit_info(test, "symexport_bench: load_unload_cycles=%u ns=%llu cycles_per_sec=%llu\n",
		   stress_cycles, ns, per_second(stress_cycles, ns));
}

static void try_module_get_put_pairs_per_second(struct kunit *test)
{
	struct module *mod;
	unsigned int i;
	u64 start, ns;
	int base;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	mod = symexport_module_get(test, SYMEXPORT_KO(provider));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	base = symexport_refcount(SYMEXPORT_KO(provider));
	start = ktime_get_ns();
	for (i = 0; i < stress_pairs; i++) {
		if (!try_module_get(mod))
			break;
		module_put(mod);
		/* Let others run now and then: a billion pairs take a while. */
		if (!(i & (SZ_1M - 1)))
			cond_resched();
	}
	ns = ktime_get_ns() - start;
	KUNIT_EXPECT_EQ_MSG(test, i, stress_pairs,
			    "try_module_get() on a live module failed after %u pairs", i);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), base,
			    "%u get/put pairs moved the count from %d to %d", stress_pairs, base,
			    symexport_refcount(SYMEXPORT_KO(provider)));
	kunit_info(test, "symexport_bench: get_put_pairs=%u ns=%llu pairs_per_sec=%llu\n",
		   stress_pairs, ns, per_second(stress_pairs, ns));
}

static struct kunit_case symexport_stress_cases[] = {
	KUNIT_CASE_SLOW(load_unload_cycles_leave_nothing_loaded),
	KUNIT_CASE_SLOW(try_module_get_put_pairs_per_second),
	{}
};

static struct kunit_suite symexport_stress_suite = {
	.name = "symexport_stress",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_stress_cases,
};

kunit_test_suite(symexport_stress_suite);
