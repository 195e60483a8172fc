// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_modversions: with CONFIG_MODVERSIONS=y every symbol a module
 * uses carries the CRC of its prototype, and the loader compares it with the
 * exporter's.  These cases run only in a kernel built with
 * configs/modversions.kunitconfig or configs/modversions_extended.kunitconfig,
 * with the modules built outside the tree (symexport.ext_dir=; see
 * Documentation/dev-tools/symexport.rst).
 *
 * Where the CRCs are: every kernel writes the basic table, __versions (a
 * struct modversion_info of 64 bytes per symbol: names up to 55 bytes);
 * since 6.14, CONFIG_EXTENDED_MODVERSIONS adds the extended one
 * (__version_ext_crcs and __version_ext_names, names of any length), which
 * the loader then relies on, and CONFIG_BASIC_MODVERSIONS=n leaves the
 * basic one out.  Some rules differ between the two tables.
 */
#include <kunit/test.h>

#include "symexport_test.h"

/* Modules carry the basic table: every kernel, unless BASIC_MODVERSIONS=n. */
#define SYMEXPORT_BASIC_VERSIONS \
	(!IS_ENABLED(CONFIG_EXTENDED_MODVERSIONS) || IS_ENABLED(CONFIG_BASIC_MODVERSIONS))

#define LONG_SYMBOL "symexport_ext_add_with_a_name_too_long_for_struct_modversion_info"

static struct symexport_log *load_versioned_provider(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_MODVERSIONS))
		kunit_skip(test, "needs CONFIG_MODVERSIONS=y: %s",
			   "kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/modversions.kunitconfig");
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	return symexport_log_start(test);
}

static void matching_crc_loads(struct kunit *test)
{
	int ret;

	load_versioned_provider(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_consumer));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a consumer built against the provider's own Module.symvers got %d",
			    ret);
}

static void crc_mismatch_refused_einval(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_stale_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
			    "a consumer built against a stale Module.symvers got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_stale_user: disagrees about version of symbol symexport_ext_add");
}

#if !IS_ENABLED(CONFIG_EXTENDED_MODVERSIONS)
static void symbol_without_version_refused_by_debian_loaded_upstream(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_unversioned_user));
	if (symexport_missing_crc_refused()) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
				    "Debian's kernel gave a consumer with no CRC for a symbol it uses %d, not -EINVAL",
				    ret);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0,
				    "an upstream kernel refused a consumer with no CRC for a symbol it uses with %d",
				    ret);
		KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_KO(ext_unversioned_user),
						       SYMEXPORT_KO(ext_provider)));
	}
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_unversioned_user: no symbol version for symexport_ext_add");
}

/*
 * A module built without the kernel's Module.symvers has a version table
 * that names no symbol, and the loader checks module_layout first: Debian's
 * kernels refuse the module with ENOEXEC, which insmod reports as "Invalid
 * module format"; upstream warns (once per boot, so perhaps not here) and
 * loads it.
 */
static void
module_built_without_kernel_symvers_refused_by_debian_loaded_upstream(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_blank_versions));
	if (symexport_missing_crc_refused()) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
				    "Debian's kernel gave a module whose version table names no symbol %d, not -ENOEXEC",
				    ret);
		SYMEXPORT_EXPECT_LOG(test, log,
				     "symexport_ext_blank_versions: no symbol version for module_layout");
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0,
				    "an upstream kernel refused a module whose version table names no symbol with %d",
				    ret);
	}
}
#else
/*
 * The extended table's rule for a symbol it has no CRC for is upstream's:
 * warn (once per boot) and load.  Debian's patch refusing a missing CRC
 * changes only the basic table's rule.
 */
static void symbol_without_extended_version_loaded_with_warning(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_unversioned_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a consumer whose extended version table has no CRC for a symbol it uses got %d",
			    ret);
	KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_KO(ext_unversioned_user),
					       SYMEXPORT_KO(ext_provider)));
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_unversioned_user: no extended symbol version for symexport_ext_add");
}

static void long_symbol_name_crc_checked_in_extended_table(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_long_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a consumer of a %zu-byte symbol with the provider's CRC got %d",
			    strlen(LONG_SYMBOL), ret);
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "no extended symbol version"),
			       "the kernel found no CRC for the long name: %s", log->buf);
	ret = symexport_load(test, SYMEXPORT_KO(ext_stale_long_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
			    "a consumer of a %zu-byte symbol with a stale CRC got %d",
			    strlen(LONG_SYMBOL), ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_stale_long_user: disagrees about version of symbol "
			     LONG_SYMBOL);
}
#endif

static void module_without_versions_refused_enoexec(struct kunit *test)
{
	int ret;

	load_versioned_provider(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_stripped));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a module with no version table got %d (is MODULE_FORCE_LOAD on?)",
			    ret);
}

/*
 * With MODVERSIONS an exporting module must carry its exports' CRCs
 * (check_export_symbol_sections()): without MODULE_FORCE_LOAD one that
 * does not is refused, silently.
 */
static void provider_without_export_crcs_refused_enoexec(struct kunit *test)
{
	unsigned long before = get_taint();

	if (!IS_ENABLED(CONFIG_MODVERSIONS))
		kunit_skip(test, "needs CONFIG_MODVERSIONS=y: %s",
			   "kunit.py run --kunitconfig=lib/symexport --kunitconfig=lib/symexport/configs/modversions.kunitconfig");
	if (IS_ENABLED(CONFIG_MODULE_FORCE_LOAD))
		kunit_skip(test,
			   "CONFIG_MODULE_FORCE_LOAD=y: symexport_force_unload.forced_load_accepts_provider_without_export_crcs_tainting_f says what the flag does here");
	symexport_expect_refused(test, SYMEXPORT_KO(ext_nocrcs), -ENOEXEC, NULL);
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

#if SYMEXPORT_BASIC_VERSIONS

static void vermagic_release_ignored_when_module_has_crcs(struct kunit *test)
{
	int ret;

	load_versioned_provider(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_vermagic));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "with CRCs the kernel release in vermagic is not compared, but the load returned %d",
			    ret);
}
#else
/* The loader ignores the release only for a module with a basic table. */
static void vermagic_release_compared_without_basic_version_table(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_vermagic));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a module with only extended CRCs and another kernel release got %d",
			    ret);
	SYMEXPORT_EXPECT_LOG(test, log, "symexport_ext_vermagic: version magic '");
}
#endif

#if !IS_ENABLED(CONFIG_EXTENDED_MODVERSIONS)
/*
 * The basic version table ends where its section header says: an entry
 * past it is not read.  symexport_ext_versions_cut's table is cut to 0
 * bytes after the build, its one entry (module_layout) left just past the
 * end: the module has no version for module_layout, and is refused.
 */
static void version_entry_past_table_end_not_read(struct kunit *test)
{
	load_versioned_provider(test);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_versions_cut), -ENOEXEC,
				 "symexport_ext_versions_cut: no symbol version for module_layout");
}
#endif

/*
 * check_version() finds a symbol's entry by its whole name: kfree's CRC is
 * not the one of kfree_sensitive, listed before it, nor kfree_const's that
 * of kfree.  A module using all three loads.
 */
static void symbol_version_found_by_whole_name_not_prefix(struct kunit *test)
{
	struct symexport_log *log = load_versioned_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_KO(ext_kfree_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a module using kfree_sensitive, kfree and kfree_const got %d:\n%s",
			    ret, log->buf);
}

/*
 * With CRCs, same_magic() compares what follows the release in full: a
 * module whose version magic is the release alone, or the kernel's with a
 * feature more, is refused as it is without CRCs
 * (symexport_out_of_tree.vermagic_*).
 */
static void vermagic_of_kernel_release_alone_refused_enoexec(struct kunit *test)
{
	load_versioned_provider(test);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_vermagic_release), -ENOEXEC,
				 "symexport_ext_vermagic_release: version magic '");
}

static void vermagic_extending_kernels_refused_enoexec(struct kunit *test)
{
	load_versioned_provider(test);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_vermagic_extended), -ENOEXEC,
				 "symexport_ext_vermagic_extended: version magic '");
}

static void load_ignoring_versions_refused_without_force_load_enoexec(struct kunit *test)
{
	unsigned long before;
	int ret;

	load_versioned_provider(test);
	if (IS_ENABLED(CONFIG_MODULE_FORCE_LOAD))
		kunit_skip(test,
			   "CONFIG_MODULE_FORCE_LOAD=y: symexport_force_unload.forced_load_ignores_symbol_versions_tainting_f says what the flag does here");
	before = get_taint();
	ret = symexport_load_call(test, SYMEXPORT_KO(ext_consumer),
				  SYMEXPORT_FINIT_IGNORE_MODVERSIONS);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "finit_module(MODULE_INIT_IGNORE_MODVERSIONS) without MODULE_FORCE_LOAD returned %d",
			    ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(ext_consumer)), SYMEXPORT_NOT_LOADED);
	SYMEXPORT_EXPECT_NEW_TAINTS(test, before, 0);
}

static struct kunit_case symexport_modversions_cases[] = {
	KUNIT_CASE(matching_crc_loads),
	KUNIT_CASE(crc_mismatch_refused_einval),
#if !IS_ENABLED(CONFIG_EXTENDED_MODVERSIONS)
	KUNIT_CASE(symbol_without_version_refused_by_debian_loaded_upstream),
	KUNIT_CASE(module_built_without_kernel_symvers_refused_by_debian_loaded_upstream),
	KUNIT_CASE(version_entry_past_table_end_not_read),
#else
	KUNIT_CASE(symbol_without_extended_version_loaded_with_warning),
	KUNIT_CASE(long_symbol_name_crc_checked_in_extended_table),
#endif
	KUNIT_CASE(module_without_versions_refused_enoexec),
	KUNIT_CASE(load_ignoring_versions_refused_without_force_load_enoexec),
	KUNIT_CASE(provider_without_export_crcs_refused_enoexec),
#if SYMEXPORT_BASIC_VERSIONS
	KUNIT_CASE(vermagic_release_ignored_when_module_has_crcs),
#else
	KUNIT_CASE(vermagic_release_compared_without_basic_version_table),
#endif
	KUNIT_CASE(symbol_version_found_by_whole_name_not_prefix),
	KUNIT_CASE(vermagic_of_kernel_release_alone_refused_enoexec),
	KUNIT_CASE(vermagic_extending_kernels_refused_enoexec),
	{}
};

static struct kunit_suite symexport_modversions_suite = {
	.name = "symexport_modversions",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_modversions_cases,
};

kunit_test_suite(symexport_modversions_suite);
