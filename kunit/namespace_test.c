// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_namespace: a symbol exported into a namespace is only for the
 * modules that import it.  With CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS
 * (configs/namespace_imports.kunitconfig) a missing import is a warning
 * and the module loads, for EXPORT_SYMBOL_FOR_MODULES()'s "module:"
 * namespaces too; the cases of each rule are built for the kernels that
 * have it.
 */
#include <kunit/test.h>
#include <linux/export.h>
#include <linux/kernfs.h>

#include "symexport_test.h"
#include "../providers/external/symexport_ext_formod.h"

#define MISSING_IMPORT \
	"symexport_ext_ns_user: module uses symbol (symexport_ext_ns_add) from namespace SYMEXPORT_NS, but does not import it."

static void namespaced_exports_resolve_for_importing_module(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(ns_consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a module importing SYMEXPORT_NS was refused its EXPORT_SYMBOL_NS(_GPL) functions with %d",
			    ret);
	KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_KO(ns_consumer), SYMEXPORT_KO(provider)));
}

#if !IS_ENABLED(CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS)
static void namespaced_export_refused_without_import_einval(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_ns_user), -EINVAL, MISSING_IMPORT);
}

/*
 * A weak reference lets a module load without a symbol that nobody
 * exports, not with one it may not use: the namespaced export is there, so
 * the missing import refuses the module as it does a strong reference.
 */
static void weak_reference_to_namespaced_export_refused_without_import_einval(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_ns_weak_user), -EINVAL,
				 "symexport_ext_ns_weak_user: Unknown symbol symexport_ext_ns_add (err -22)");
}

/*
 * verify_namespace_is_imported() compares whole names: importing a prefix
 * of the namespace (SYMEXPORT) or a name that starts with it
 * (SYMEXPORT_NS_OTHER) is not importing it.
 */
static void namespaced_export_refused_for_module_importing_only_other_namespaces(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_ns_other_imports), -EINVAL,
				 "symexport_ext_ns_other_imports: module uses symbol (symexport_ext_ns_add) from namespace SYMEXPORT_NS, but does not import it.");
}

/*
 * Only a namespace that starts with "module:" is a list of modules
 * (EXPORT_SYMBOL_FOR_MODULES()): one whose name ends in the loading
 * module's after a first part as long (SYMEXP_) is an ordinary namespace,
 * which the module must import.
 */
static void namespace_ending_in_module_name_refused_without_import_einval(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_ns_tail_user), -EINVAL,
				 "symexport_ext_ns_tail_user: module uses symbol (symexport_ext_tail_ns_add) from namespace SYMEXP_symexport_ext_ns_tail_user, but does not import it.");
}
#else
/* Load @module, which uses a symbol of @provider's without importing its namespace. */
static void expect_loads_with_warning(struct kunit *test, const struct symexport_module *provider,
				      const struct symexport_module *module, const char *warning)
{
	struct symexport_log *log;
	int ret;

	KUNIT_ASSERT_EQ(test, symexport_load(test, provider), 0);
	log = symexport_log_start(test);
	ret = symexport_load(test, module);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "with MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS, %s was refused with %d",
			    module->name, ret);
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses(module, provider),
			      "%s loaded but does not depend on %s",
			      module->name, provider->name);
	SYMEXPORT_EXPECT_LOG(test, log, warning);
}

static void namespaced_export_without_import_loads_with_warning_when_allowed(struct kunit *test)
{
	expect_loads_with_warning(test, SYMEXPORT_KO(ext_provider), SYMEXPORT_KO(ext_ns_user),
				  MISSING_IMPORT);
}

#ifdef EXPORT_SYMBOL_FOR_MODULES
static void export_for_modules_unlisted_module_loads_with_warning_when_allowed(struct kunit *test)
{
	expect_loads_with_warning(test, SYMEXPORT_KO(ext_formod), SYMEXPORT_KO(ext_formod_unlisted),
				  "symexport_ext_formod_unlisted: module uses symbol (symexport_ext_formod_add) from namespace module:"
				  SYMEXPORT_EXT_FORMOD_LIST ", but does not import it.");
}
#endif
#endif

#if SYMEXPORT_HAVE_IMPORT_NS_ATTR
/*
 * Return what /sys/module/@module/import_ns shows, read as sysfs reads it
 * (the module attribute's show()), or NULL if the module has no such file.
 */
static const char *import_ns_attribute(struct kunit *test, const struct symexport_module *module)
{
	char path[MODULE_NAME_LEN + sizeof("/import_ns")];
	const struct module_attribute *mattr;
	struct kernfs_node *file;
	struct module *mod;
	char *buf;

	snprintf(path, sizeof(path), "%s/import_ns", module->name);
	file = kernfs_walk_and_get(module_kset->kobj.sd, path);
	if (!file)
		return NULL;
	kernfs_put(file);
	mod = symexport_module_get(test, module);
	KUNIT_ASSERT_NOT_NULL_MSG(test, mod, "%s is not loaded", module->name);
	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (mattr = mod->modinfo_attrs; mattr->attr.name; mattr++) {
		if (!strcmp(mattr->attr.name, "import_ns")) {
			KUNIT_ASSERT_GT(test, mattr->show(mattr, &mod->mkobj, buf), 0);
			return buf;
		}
	}
	KUNIT_FAIL_AND_ABORT(test, "%s has an import_ns file but no such attribute",
			     module->name);
	return NULL;
}

/* Load the provider and @module, a consumer of it; return its import_ns. */
static const char *loaded_import_ns(struct kunit *test, const struct symexport_module *module)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, module), 0);
	return import_ns_attribute(test, module);
}

static void import_ns_attribute_lists_imported_namespace(struct kunit *test)
{
	const char *shown = loaded_import_ns(test, SYMEXPORT_KO(ns_consumer));

	KUNIT_ASSERT_NOT_NULL_MSG(test, shown,
				  "a module importing SYMEXPORT_NS has no /sys/module/%s/import_ns",
				  SYMEXPORT_KO(ns_consumer)->name);
	KUNIT_EXPECT_STREQ_MSG(test, shown, "SYMEXPORT_NS\n",
			       "its import_ns shows \"%s\"", shown);
}

static void import_ns_attribute_absent_for_module_importing_nothing(struct kunit *test)
{
	const char *shown = loaded_import_ns(test, SYMEXPORT_KO(consumer));

	KUNIT_EXPECT_NULL_MSG(test, shown,
			      "a module importing nothing has an import_ns showing \"%s\"",
			      shown);
}
#endif

static struct kunit_case symexport_namespace_cases[] = {
	KUNIT_CASE(namespaced_exports_resolve_for_importing_module),
#if SYMEXPORT_HAVE_IMPORT_NS_ATTR
	KUNIT_CASE(import_ns_attribute_lists_imported_namespace),
	KUNIT_CASE(import_ns_attribute_absent_for_module_importing_nothing),
#endif
#if !IS_ENABLED(CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS)
	KUNIT_CASE(namespaced_export_refused_without_import_einval),
	KUNIT_CASE(weak_reference_to_namespaced_export_refused_without_import_einval),
	KUNIT_CASE(namespaced_export_refused_for_module_importing_only_other_namespaces),
	KUNIT_CASE(namespace_ending_in_module_name_refused_without_import_einval),
#else
	KUNIT_CASE(namespaced_export_without_import_loads_with_warning_when_allowed),
#ifdef EXPORT_SYMBOL_FOR_MODULES
	KUNIT_CASE(export_for_modules_unlisted_module_loads_with_warning_when_allowed),
#endif
#endif
	{}
};

static struct kunit_suite symexport_namespace_suite = {
	.name = "symexport_namespace",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_namespace_cases,
};

kunit_test_suite(symexport_namespace_suite);
