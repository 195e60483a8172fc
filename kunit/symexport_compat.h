/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the symexport suites use from KUnit that older kernels lack, so that
 * the same sources build on 6.1 and on current kernels, and the version
 * tests for the rules that changed.  The KUnit parts are compiled only where
 * the kernel does not provide them, and behave like the kernel's own.
 *
 * A patch series for the current kernel carries neither this file nor the
 * conditionals that use it: the project's format-patch resolves them for
 * the kernel the series is based on.
 */
#ifndef _SYMEXPORT_COMPAT_H
#define _SYMEXPORT_COMPAT_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/fs_struct.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>

/*
 * Whether the kernel under test is version @major.@minor or later, for the
 * rules that changed between versions.
 */
#define SYMEXPORT_KERNEL_SINCE(major, minor) \
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >= \
	 KERNEL_VERSION(major, minor, 0))

/*
 * Whether the kernel is a @major.@minor stable release from
 * @major.@minor.@sublevel on, for a change backported to that series.
 */
#define SYMEXPORT_KERNEL_STABLE_SINCE(major, minor, sublevel) \
	(LINUX_VERSION_MAJOR == (major) && LINUX_VERSION_PATCHLEVEL == (minor) && \
	 LINUX_VERSION_SUBLEVEL >= (sublevel))

/*
 * An init function's -EEXIST reaches user space as -EBUSY since 7.1
 * (upstream commit 743f8cae549a, "module: Override -EEXIST module
 * return"): -EEXIST from [f]init_module() means "already loaded".  It was
 * proposed for the stable series in April 2026; a stable kernel that took
 * it needs its SYMEXPORT_KERNEL_STABLE_SINCE() here.
 */
#define SYMEXPORT_INIT_EEXIST_BECOMES_EBUSY	SYMEXPORT_KERNEL_SINCE(7, 1)

/*
 * /sys/module/<module>/import_ns lists the namespaces a module imports
 * since 7.1 (struct module's imported_namespaces).
 */
#define SYMEXPORT_HAVE_IMPORT_NS_ATTR		SYMEXPORT_KERNEL_SINCE(7, 1)

/*
 * Kernel threads, KUnit's test threads among them, resolve paths in an
 * empty nullfs root since 7.x, and in init's root with
 * scoped_with_init_fs(); before, they shared init's root anyway.
 */
#ifndef scoped_with_init_fs
#define scoped_with_init_fs()
#endif

/* KUNIT_ASSERT_FAILURE() became KUNIT_FAIL_AND_ABORT(). */
#ifndef KUNIT_FAIL_AND_ABORT
#define KUNIT_FAIL_AND_ABORT(test, fmt, ...) \
	KUNIT_ASSERT_FAILURE(test, fmt, ##__VA_ARGS__)
#endif

/* Deferred actions came in 6.5, KUNIT_DEFINE_ACTION_WRAPPER() in 6.8. */
#if !SYMEXPORT_KERNEL_SINCE(6, 5)

typedef void (kunit_action_t)(void *);

/* Tags the resources below, which may come from another compilation unit. */
#define SYMEXPORT_ACTION_NAME	"symexport_compat_action"

/**
 * struct symexport_action - a deferred action, as a KUnit resource
 * @res: the resource; KUnit frees the whole structure with it
 * @func: the function to call
 * @ctx: its argument
 */
struct symexport_action {
	struct kunit_resource res;
	kunit_action_t *func;
	void *ctx;
};

static inline void symexport_action_free(struct kunit_resource *res)
{
	struct symexport_action *action = container_of(res, struct symexport_action, res);

	action->func(action->ctx);
}

/**
 * kunit_add_action() - call a function when the test ends
 * @test: the test case the action belongs to
 * @action: the function to call, whether the test passes, fails or aborts
 * @ctx: its argument
 *
 * Actions run in the reverse order of their registration, together with
 * the test's other resources.
 *
 * Return: 0, or -ENOMEM if the action could not be registered.
 */
static inline int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct symexport_action *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	a->func = action;
	a->ctx = ctx;
	a->res.name = SYMEXPORT_ACTION_NAME;
	a->res.should_kfree = true;
	/* Without an init function this cannot fail. */
	__kunit_add_resource(test, NULL, symexport_action_free, &a->res, a);
	return 0;
}

/**
 * kunit_add_action_or_reset() - call a function when the test ends, or now
 * @test: the test case the action belongs to
 * @action: the function to call
 * @ctx: its argument
 *
 * As kunit_add_action(), but if the action cannot be registered it is
 * called at once.
 *
 * Return: 0, or -ENOMEM if the action was called at once.
 */
static inline int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
					    void *ctx)
{
	int ret = kunit_add_action(test, action, ctx);

	if (ret)
		action(ctx);
	return ret;
}

static inline bool symexport_action_match(struct kunit *test, struct kunit_resource *res,
					  void *match_data)
{
	struct symexport_action *match = match_data;
	struct symexport_action *a = container_of(res, struct symexport_action, res);

	return res->name && !strcmp(res->name, SYMEXPORT_ACTION_NAME) &&
	       a->func == match->func && a->ctx == match->ctx;
}

/**
 * kunit_remove_action() - cancel a deferred action
 * @test: the test case the action belongs to
 * @action: the function registered with kunit_add_action()
 * @ctx: the argument registered with it
 *
 * The most recent registration of @action with @ctx will not run.
 */
static inline void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct symexport_action match = { .func = action, .ctx = ctx };
	struct kunit_resource *res;

	res = kunit_find_resource(test, symexport_action_match, &match);
	if (res) {
		res->free = NULL;
		kunit_remove_resource(test, res);
		kunit_put_resource(res);
	}
}

/**
 * kunit_release_action() - run a deferred action now
 * @test: the test case the action belongs to
 * @action: the function registered with kunit_add_action()
 * @ctx: the argument registered with it
 *
 * The most recent registration of @action with @ctx runs now, and not
 * again when the test ends.
 */
static inline void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct symexport_action match = { .func = action, .ctx = ctx };
	struct kunit_resource *res;

	res = kunit_find_resource(test, symexport_action_match, &match);
	if (res) {
		kunit_remove_resource(test, res);
		/* Drops the last reference, which calls the action. */
		kunit_put_resource(res);
	}
}

#endif /* !SYMEXPORT_KERNEL_SINCE(6, 5) */

#ifndef KUNIT_DEFINE_ACTION_WRAPPER
/**
 * KUNIT_DEFINE_ACTION_WRAPPER() - define a kunit_action_t calling a function
 * @wrapper: the name of the wrapper to define
 * @orig: the function it calls, which takes one pointer-sized argument
 * @arg_type: the type of that argument
 *
 * Better than casting @orig to kunit_action_t, which breaks CFI.
 */
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)	\
	static void wrapper(void *in)				\
	{							\
		orig((arg_type)in);				\
	}
#endif

#ifndef KUNIT_CASE_SLOW
/*
 * Before 6.6 KUnit has no case attributes: a slow case is run like any
 * other, and kunit.py --filter does not exist to leave it out.
 */
#define KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#endif

#endif /* _SYMEXPORT_COMPAT_H */
