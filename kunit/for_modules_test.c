// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_for_modules: EXPORT_SYMBOL_FOR_MODULES(sym, "a,b*") exports a
 * GPL-only symbol into the namespace "module:a,b*", which the listed
 * modules may use without importing it, no other module may use, and no
 * module may import.  The kernels without the macro (6.12 and older) have
 * no such rule, and this suite is not built for them.
 */
#include <kunit/test.h>
#include <linux/export.h>

#include "symexport_test.h"
#include "../providers/external/symexport_ext_formod.h"

#ifdef EXPORT_SYMBOL_FOR_MODULES

#define FORMOD_NAMESPACE	"module:" SYMEXPORT_EXT_FORMOD_LIST
#define NOT_IMPORTED(module) \
	module ": module uses symbol (symexport_ext_formod_add) " \
	"from namespace " FORMOD_NAMESPACE ", but does not import it."
#define UNLISTED_REFUSED NOT_IMPORTED("symexport_ext_formod_unlisted")

static void load_formod(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_formod)), 0);
}

/* Load @module, which symexport_ext_formod lists, and expect it to use the export. */
static void expect_listed_module_loads(struct kunit *test, const struct symexport_module *module)
{
	int ret;

	load_formod(test);
	ret = symexport_load(test, module);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "%s, on the export's list, was refused with %d",
			    module->name, ret);
	KUNIT_EXPECT_TRUE_MSG(test, symexport_uses(module, SYMEXPORT_KO(ext_formod)),
			      "%s is not among symexport_ext_formod's holders",
			      module->name);
}

static void export_for_modules_resolves_for_listed_module(struct kunit *test)
{
	expect_listed_module_loads(test, SYMEXPORT_KO(ext_formod_listed));
}

static void export_for_modules_list_entry_ending_in_star_matches_prefix(struct kunit *test)
{
	expect_listed_module_loads(test, SYMEXPORT_KO(ext_formod_glob_user));
}

static void export_for_modules_list_takes_dash_and_underscore_alike(struct kunit *test)
{
	expect_listed_module_loads(test, SYMEXPORT_KO(ext_formod_dash));
}

/* Load @module and expect the loader to refuse it with @err, printing @message. */
static void expect_refused(struct kunit *test, const struct symexport_module *module, int err,
			   const char *what, const char *message)
{
	struct symexport_log *log;
	int ret;

	load_formod(test);
	log = symexport_log_start(test);
	ret = symexport_load(test, module);
	KUNIT_EXPECT_EQ_MSG(test, ret, err, "%s got %d, not %d", what, ret, err);
	SYMEXPORT_EXPECT_LOG(test, log, message);
}

static void export_for_modules_refused_for_unlisted_module_einval(struct kunit *test)
{
	expect_refused(test, SYMEXPORT_KO(ext_formod_unlisted), -EINVAL,
		       "a module not on the export's list", UNLISTED_REFUSED);
}

/*
 * An entry without '*' names one module, compared over its whole length
 * and the module name's (verify_module_namespace()): a module whose name
 * starts with the entry is not listed, nor is one whose name the entry
 * starts with.
 */
static void export_for_modules_entry_refuses_longer_module_name(struct kunit *test)
{
	expect_refused(test, SYMEXPORT_KO(ext_formod_listed_too), -EINVAL,
		       "a module whose name starts with a list entry",
		       NOT_IMPORTED("symexport_ext_formod_listed_too"));
}

static void export_for_modules_entry_refuses_shorter_module_name(struct kunit *test)
{
	expect_refused(test, SYMEXPORT_KO(ext_formod_list), -EINVAL,
		       "a module whose name a list entry starts with",
		       NOT_IMPORTED("symexport_ext_formod_list"));
}

static void module_importing_module_namespace_refused_eperm(struct kunit *test)
{
	expect_refused(test, SYMEXPORT_KO(ext_formod_import), -EPERM,
		       "a listed module that imports a \"module:\" namespace",
		       "symexport_ext_formod_import: module tries to import module namespace: module:symexport_ext_formod_listed");
}

static void export_for_modules_is_gpl_only_for_listed_module(struct kunit *test)
{
	symexport_require_own_boot(test);
	expect_refused(test, SYMEXPORT_KO(ext_formod_proprietary), -ENOENT,
		       "a GPL-incompatible module on the export's list",
		       "symexport_ext_formod_proprietary: Unknown symbol symexport_ext_formod_add (err -2)");
}

static struct kunit_case symexport_for_modules_cases[] = {
	KUNIT_CASE(export_for_modules_resolves_for_listed_module),
	KUNIT_CASE(export_for_modules_list_entry_ending_in_star_matches_prefix),
	KUNIT_CASE(export_for_modules_list_takes_dash_and_underscore_alike),
	KUNIT_CASE(export_for_modules_refused_for_unlisted_module_einval),
	KUNIT_CASE(export_for_modules_entry_refuses_longer_module_name),
	KUNIT_CASE(export_for_modules_entry_refuses_shorter_module_name),
	KUNIT_CASE(module_importing_module_namespace_refused_eperm),
	KUNIT_CASE(export_for_modules_is_gpl_only_for_listed_module),
	{}
};

static struct kunit_suite symexport_for_modules_suite = {
	.name = "symexport_for_modules",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_for_modules_cases,
};

kunit_test_suite(symexport_for_modules_suite);

#endif /* EXPORT_SYMBOL_FOR_MODULES */
