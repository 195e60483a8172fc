// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_namespace: a symbol exported into a namespace is only for the
 * modules that import it.
 */
#include <kunit/test.h>

#include "symexport_test.h"

#define MISSING_IMPORT \
	"symexport_ext_ns_user: module uses symbol (symexport_ext_ns_add) from namespace SYMEXPORT_NS, but does not import it."

static void namespaced_exports_resolve_for_importing_module(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_PROVIDER));
	ret = symexport_load(test, SYMEXPORT_NS_CONSUMER);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a module importing SYMEXPORT_NS was refused its EXPORT_SYMBOL_NS(_GPL) functions with %d",
			    ret);
	KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_NS_CONSUMER, SYMEXPORT_PROVIDER));
}

static void namespaced_export_refused_without_import_einval(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_EXT_PROVIDER));
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_EXT_NS_USER);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
			    "a module using a namespaced symbol without importing it got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log, MISSING_IMPORT);
}

static struct kunit_case symexport_namespace_cases[] = {
	KUNIT_CASE(namespaced_exports_resolve_for_importing_module),
	KUNIT_CASE(namespaced_export_refused_without_import_einval),
	{}
};

static struct kunit_suite symexport_namespace_suite = {
	.name = "symexport_namespace",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_namespace_cases,
};

kunit_test_suite(symexport_namespace_suite);
