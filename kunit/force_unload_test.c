// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_force_unload: modules that delete_module() will not remove, and
 * what a forced removal (O_TRUNC) changes; and the forced load
 * (MODULE_INIT_IGNORE_VERMAGIC, modprobe --force), its counterpart.
 *
 * A module with an init function and no exit function is refused with
 * EBUSY.  With CONFIG_MODULE_FORCE_UNLOAD=y, O_TRUNC removes a module that
 * only a reference keeps, or that has no exit function, and taints the
 * kernel 'R'; it never removes a module that another module depends on.
 * Without the option, O_TRUNC changes nothing.
 *
 * The cases that taint the kernel or leave a module loaded need a boot of
 * their own (symexport.own_boot=1); the forced_removal_* cases need a
 * kernel with CONFIG_MODULE_FORCE_UNLOAD=y (configs/force_unload.kunitconfig).
 *
 * finit_module(MODULE_INIT_IGNORE_VERMAGIC) loads a module whatever its
 * version magic says, tainting the kernel 'F', only with
 * CONFIG_MODULE_FORCE_LOAD=y (in the same configuration); without it the
 * flag gets any module refused with ENOEXEC.  Likewise
 * MODULE_INIT_IGNORE_MODVERSIONS loads a module whose symbol CRCs are
 * wrong; the configuration has CONFIG_MODVERSIONS=y for that case, and
 * symexport_modversions proves the refusal without MODULE_FORCE_LOAD.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/panic.h>

#include "symexport_test.h"

static void require_force_unload(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_MODULE_FORCE_UNLOAD))
		kunit_skip(test,
			   "needs CONFIG_MODULE_FORCE_UNLOAD=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/force_unload.kunitconfig");
}

static void module_without_exit_refuses_removal_ebusy(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(no_exit)), 0);
	ret = symexport_unload(test, SYMEXPORT_KO(no_exit));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EBUSY,
			    "delete_module() of a module without an exit function returned %d",
			    ret);
	KUNIT_EXPECT_NE_MSG(test, symexport_refcount(SYMEXPORT_KO(no_exit)), SYMEXPORT_NOT_LOADED,
			    "the module without an exit function is gone");
}

static void removal_not_forced_without_force_unload(struct kunit *test)
{
	unsigned long before = get_taint();
	struct module *mod;
	int ret;

	symexport_skip_unless_modular(test);
	if (IS_ENABLED(CONFIG_MODULE_FORCE_UNLOAD))
		kunit_skip(test,
			   "CONFIG_MODULE_FORCE_UNLOAD=y: the forced_removal_* cases say what O_TRUNC does here");
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	mod = symexport_module_get(test, SYMEXPORT_KO(provider));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	ret = symexport_unload_forced(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "delete_module(O_TRUNC) of a referenced provider without CONFIG_MODULE_FORCE_UNLOAD returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 1,
			    "the provider is gone or lost the reference");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

static void forced_removal_releases_module_held_by_reference_tainting_r(struct kunit *test)
{
	struct symexport_log *log;
	unsigned long before;
	struct module *mod;
	int ret;

	symexport_skip_unless_modular(test);
	require_force_unload(test);
	symexport_require_own_boot(test);
	before = get_taint();
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	mod = symexport_module_get(test, SYMEXPORT_KO(provider));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	/* The removal takes the module, and the reference with it. */
	symexport_module_forget(test, mod);
	log = symexport_log_start(test);
	ret = symexport_unload_forced(test, SYMEXPORT_KO(provider));
	if (ret)
		module_put(mod);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "forced delete_module() of a provider held by try_module_get() returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED,
			    "the provider is still loaded");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, ret ? 0 : BIT(TAINT_FORCED_RMMOD));
	if (!ret)
		SYMEXPORT_EXPECT_LOG(test, log, "Disabling lock debugging due to kernel taint");
}

/* A forced removal in a kthread of its own, held in the module's exit. */
struct forced_removal {
	struct kunit *test;
	int result;
	struct completion entered;
	struct completion release;
	struct completion done;
};

static int forced_removal_fn(void *data)
{
	struct forced_removal *r = data;

	r->result = symexport_unload_forced(r->test, SYMEXPORT_KO(slow_exit));
	complete_all(&r->done);
	return 0;
}

/* Cleanup: let the exit function return, and wait for the removal to end. */
static void forced_removal_finish(void *data)
{
	struct forced_removal *r = data;

	complete_all(&r->release);
	wait_for_completion(&r->done);
}

/*
 * A module on its way out takes no new reference (try_module_get() checks
 * that it is live), even when a forced removal left references on it:
 * its count is then above zero while its exit function runs.
 */
static void forced_removal_of_referenced_module_refuses_new_references_in_exit(struct kunit *test)
{
	void (*hold)(struct completion *entered, struct completion *release);
	struct forced_removal *r;
	struct task_struct *task;
	struct module *mod;
	bool got;

	symexport_skip_unless_modular(test);
	require_force_unload(test);
	symexport_require_own_boot(test);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->test = test;
	init_completion(&r->entered);
	init_completion(&r->release);
	init_completion(&r->done);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(slow_exit)), 0);
	hold = symexport_symbol_get(test, "symexport_slow_exit_hold");
	KUNIT_ASSERT_NOT_NULL(test, hold);
	hold(&r->entered, &r->release);
	symexport_symbol_put(test, "symexport_slow_exit_hold");
	mod = symexport_module_get(test, SYMEXPORT_KO(slow_exit));
	KUNIT_ASSERT_NOT_NULL(test, mod);
	/* The removal takes the module, and the reference with it. */
	symexport_module_forget(test, mod);

	task = kthread_run(forced_removal_fn, r, "symexport_forced_removal");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, forced_removal_finish, r), 0);
	wait_for_completion(&r->entered);

	/* Valid until its exit function returns, which this case controls. */
	KUNIT_EXPECT_GT_MSG(test, module_refcount(mod), 0,
			    "the module removed by force has no references left while it exits");
	got = try_module_get(mod);
	KUNIT_EXPECT_FALSE_MSG(test, got,
			       "try_module_get() took a reference on a module removed by force, in its exit");
	if (got)
		module_put(mod);

	forced_removal_finish(r);
	KUNIT_EXPECT_EQ_MSG(test, r->result, 0,
			    "forced delete_module() of a referenced module returned %d", r->result);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(slow_exit)), SYMEXPORT_NOT_LOADED);
}

static void forced_removal_of_module_without_exit_taints_r(struct kunit *test)
{
	unsigned long before;
	int ret;

	symexport_skip_unless_modular(test);
	require_force_unload(test);
	symexport_require_own_boot(test);
	before = get_taint();
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(no_exit)), 0);
	ret = symexport_unload_forced(test, SYMEXPORT_KO(no_exit));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "forced delete_module() of a module without an exit function returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(no_exit)), SYMEXPORT_NOT_LOADED,
			    "the module without an exit function is still loaded");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, BIT(TAINT_FORCED_RMMOD));
}

static void forced_removal_refused_while_dependent_loaded(struct kunit *test)
{
	unsigned long before;
	int ret;

	symexport_skip_unless_modular(test);
	require_force_unload(test);
	symexport_require_own_boot(test);
	before = get_taint();
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
	ret = symexport_unload_forced(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "forced delete_module() of a provider with a loaded consumer returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 1,
			    "the provider is gone or lost its consumer's reference");
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses(SYMEXPORT_KO(consumer), SYMEXPORT_KO(provider)),
			      "the consumer no longer depends on the provider");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

static void load_ignoring_vermagic_refused_without_force_load_enoexec(struct kunit *test)
{
	unsigned long before = get_taint();
	int ret;

	symexport_skip_unless_modular(test);
	if (IS_ENABLED(CONFIG_MODULE_FORCE_LOAD))
		kunit_skip(test,
			   "CONFIG_MODULE_FORCE_LOAD=y: forced_load_ignores_vermagic_tainting_f says what the flag does here");
	ret = symexport_load_call(test, SYMEXPORT_KO(provider), SYMEXPORT_FINIT_IGNORE_VERMAGIC);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "finit_module(MODULE_INIT_IGNORE_VERMAGIC) without MODULE_FORCE_LOAD returned %d",
			    ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

/*
 * Loads @module, which is out of tree, with @call: it must load, the kernel
 * must say @text and taint 'F' (and 'O', unless an earlier load set it).
 * @what says which check the load skips, for the failure message.
 */
static void expect_forced_load(struct kunit *test, const struct symexport_module *module,
			       enum symexport_call call, const char *what,
			       const char *text)
{
	unsigned long before = get_taint();
	struct symexport_log *log = symexport_log_start(test);
	int ret = symexport_load_call(test, module, call);

	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "a forced load of a module %s returned %d", what, ret);
	SYMEXPORT_EXPECT_LOG(test, log, text);
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before,
				    BIT(TAINT_FORCED_MODULE) | (BIT(TAINT_OOT_MODULE) & ~before));
}

static void forced_load_ignores_vermagic_tainting_f(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_MODULE_FORCE_LOAD))
		kunit_skip(test,
			   "needs CONFIG_MODULE_FORCE_LOAD=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/force_unload.kunitconfig");
	symexport_require_own_boot(test);
	expect_forced_load(test, SYMEXPORT_KO(ext_vermagic), SYMEXPORT_FINIT_IGNORE_VERMAGIC,
			   "built for another kernel release",
			   "symexport_ext_vermagic: bad vermagic: kernel tainted.");
}

#if !IS_ENABLED(CONFIG_LIVEPATCH)
/*
 * Ignoring the version magic skips that check only: check_modinfo() still
 * refuses a livepatch module without CONFIG_LIVEPATCH, though the forced
 * load has tainted the kernel 'F' by then.
 */
static void forced_load_ignoring_vermagic_still_refuses_livepatch_module(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_MODULE_FORCE_LOAD))
		kunit_skip(test,
			   "needs CONFIG_MODULE_FORCE_LOAD=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/force_unload.kunitconfig");
	symexport_require_own_boot(test);
	log = symexport_log_start(test);
	ret = symexport_load_call(test, SYMEXPORT_KO(ext_livepatch),
				  SYMEXPORT_FINIT_IGNORE_VERMAGIC);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a livepatch module loaded ignoring its version magic got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_livepatch: module is marked as livepatch module, but livepatch support is disabled");
	KUNIT_EXPECT_TRUE_MSG(test, test_taint(TAINT_FORCED_MODULE),
			      "the forced load did not taint the kernel 'F'");
}
#endif

/* Skip @test unless the kernel has symbol versions and may be forced to ignore them. */
static void require_forced_versions(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	if (!IS_ENABLED(CONFIG_MODULE_FORCE_LOAD) || !IS_ENABLED(CONFIG_MODVERSIONS))
		kunit_skip(test,
			   "needs CONFIG_MODULE_FORCE_LOAD=y and CONFIG_MODVERSIONS=y: kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/force_unload.kunitconfig");
}

static void forced_load_ignores_symbol_versions_tainting_f(struct kunit *test)
{
	require_forced_versions(test);
	symexport_require_own_boot(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	/* The message names the first symbol whose version it would have checked. */
	expect_forced_load(test, SYMEXPORT_KO(ext_stale_user), SYMEXPORT_FINIT_IGNORE_MODVERSIONS,
			   "built against a stale Module.symvers",
			   "symexport_ext_stale_user: module_layout: kernel tainted.");
}

/*
 * With MODULE_FORCE_LOAD, a provider whose exports have no CRCs loads, and
 * the kernel is tainted 'F' (check_export_symbol_sections()).
 */
static void forced_load_accepts_provider_without_export_crcs_tainting_f(struct kunit *test)
{
	require_forced_versions(test);
	symexport_require_own_boot(test);
	expect_forced_load(test, SYMEXPORT_KO(ext_nocrcs), SYMEXPORT_FINIT,
			   "whose exports have no CRCs",
			   "symexport_ext_nocrcs: no versions for exported symbols: kernel tainted.");
}

/*
 * An exporter without CRCs vouches for no version: check_version() takes
 * its users' CRCs for its symbols unchecked, and nothing new taints.
 */
static void users_of_provider_without_export_crcs_load_unchecked(struct kunit *test)
{
	unsigned long before;
	int ret;

	require_forced_versions(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_nocrcs)), 0);
	before = get_taint();
	ret = symexport_load(test, SYMEXPORT_KO(ext_nocrcs_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a user of a provider without export CRCs got %d", ret);
	KUNIT_EXPECT_TRUE_MSG(test,
			      symexport_uses(SYMEXPORT_KO(ext_nocrcs_user),
					     SYMEXPORT_KO(ext_nocrcs)),
			      "symexport_ext_nocrcs_user does not depend on symexport_ext_nocrcs");
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

static struct kunit_case symexport_force_unload_cases[] = {
	KUNIT_CASE(module_without_exit_refuses_removal_ebusy),
	KUNIT_CASE(removal_not_forced_without_force_unload),
	KUNIT_CASE(forced_removal_releases_module_held_by_reference_tainting_r),
	KUNIT_CASE(forced_removal_of_module_without_exit_taints_r),
	KUNIT_CASE(forced_removal_of_referenced_module_refuses_new_references_in_exit),
	KUNIT_CASE(forced_removal_refused_while_dependent_loaded),
	KUNIT_CASE(load_ignoring_vermagic_refused_without_force_load_enoexec),
	KUNIT_CASE(forced_load_ignores_vermagic_tainting_f),
	KUNIT_CASE(forced_load_ignores_symbol_versions_tainting_f),
	KUNIT_CASE(forced_load_accepts_provider_without_export_crcs_tainting_f),
#if !IS_ENABLED(CONFIG_LIVEPATCH)
	KUNIT_CASE(forced_load_ignoring_vermagic_still_refuses_livepatch_module),
#endif
	KUNIT_CASE(users_of_provider_without_export_crcs_load_unchecked),
	{}
};

static struct kunit_suite symexport_force_unload_suite = {
	.name = "symexport_force_unload",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_force_unload_cases,
};

kunit_test_suite(symexport_force_unload_suite);
