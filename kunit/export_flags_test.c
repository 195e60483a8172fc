// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_export_flags: since the export flags table (__kflagstab, one
 * byte of flags per exported symbol; kernels without it mark GPL-only
 * exports by putting them in __ksymtab_gpl), a module whose exports come
 * without flags is refused, and a __ksymtab_gpl section is obsolete: the
 * loader warns about it and ignores it.  Kernels without the table (6.12
 * and older) have neither rule, and this suite is not built for them.
 */
#include <kunit/test.h>
#include <linux/export-internal.h>

#include "symexport_test.h"

#ifdef SYMBOL_FLAGS

static void module_exporting_without_flags_table_refused_enoexec(struct kunit *test)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_EXT_NOFLAGS);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a module with exports and no __kflagstab section got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log, "symexport_ext_noflags: no flags for exported symbols");
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_EXT_NOFLAGS), SYMEXPORT_NOT_LOADED,
			    "symexport_ext_noflags is loaded");
}

static void obsolete_ksymtab_gpl_section_ignored_with_warning(struct kunit *test)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_EXT_OLDGPL);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a module with an obsolete __ksymtab_gpl section was refused with %d",
			    ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_oldgpl: ignoring obsolete section __ksymtab_gpl");
	KUNIT_EXPECT_NOT_NULL_MSG(test, symexport_symbol_get(test, "symexport_ext_oldgpl_add"),
				  "the export in __ksymtab and __kflagstab cannot be found");
}

static struct kunit_case symexport_export_flags_cases[] = {
	KUNIT_CASE(module_exporting_without_flags_table_refused_enoexec),
	KUNIT_CASE(obsolete_ksymtab_gpl_section_ignored_with_warning),
	{}
};

static struct kunit_suite symexport_export_flags_suite = {
	.name = "symexport_export_flags",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_export_flags_cases,
};

kunit_test_suite(symexport_export_flags_suite);

#endif /* SYMBOL_FLAGS */
