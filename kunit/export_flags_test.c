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
	symexport_expect_refused(test, SYMEXPORT_KO(ext_noflags), -ENOEXEC,
				 "symexport_ext_noflags: no flags for exported symbols");
}

/*
 * Load symexport_ext_oldgpl, which the harness gives the obsolete sections
 * (__ksymtab_gpl, __kcrctab_gpl; and __obsparm, for
 * symexport_out_of_tree) after the build: it must load,
 * and the kernel print @warning.
 */
static void expect_obsolete_section_ignored(struct kunit *test, const char *warning)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_oldgpl));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "a module with obsolete sections was refused with %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log, warning);
}

static void obsolete_ksymtab_gpl_section_ignored_with_warning(struct kunit *test)
{
	expect_obsolete_section_ignored(test,
					"symexport_ext_oldgpl: ignoring obsolete section __ksymtab_gpl");
	KUNIT_EXPECT_NOT_NULL_MSG(test, symexport_symbol_get(test, "symexport_ext_oldgpl_add"),
				  "the export in __ksymtab and __kflagstab cannot be found");
}

static void obsolete_kcrctab_gpl_section_ignored_with_warning(struct kunit *test)
{
	expect_obsolete_section_ignored(test,
					"symexport_ext_oldgpl: ignoring obsolete section __kcrctab_gpl");
}

/* find_module_sections() warns about the obsolete sections a module has, only. */
static void module_without_obsolete_sections_loads_without_their_warnings(struct kunit *test)
{
	struct symexport_log *log = symexport_log_start(test);

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "obsolete"),
			       "a module without obsolete sections made the kernel print:\n%s",
			       log->buf);
}

static struct kunit_case symexport_export_flags_cases[] = {
	KUNIT_CASE(module_exporting_without_flags_table_refused_enoexec),
	KUNIT_CASE(obsolete_ksymtab_gpl_section_ignored_with_warning),
	KUNIT_CASE(obsolete_kcrctab_gpl_section_ignored_with_warning),
	KUNIT_CASE(module_without_obsolete_sections_loads_without_their_warnings),
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
