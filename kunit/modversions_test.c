// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_modversions: with CONFIG_MODVERSIONS=y every symbol a module
 * uses carries the CRC of its prototype, and the loader compares it with the
 * exporter's.  These cases run only in a kernel built with
 * configs/modversions.kunitconfig, which tools/testing/symexport/run builds
 * and boots as well.
 */
#include <kunit/test.h>

#include "symexport_test.h"

static struct symexport_log *load_provider(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_MODVERSIONS))
		kunit_skip(test, "needs CONFIG_MODVERSIONS=y: %s",
			   "tools/testing/symexport/run boots it with configs/modversions.kunitconfig");
	KUNIT_ASSERT_EQ(test, 0, symexport_load(test, SYMEXPORT_EXT_PROVIDER));
	return symexport_log_start(test);
}

static void matching_crc_loads(struct kunit *test)
{
	int ret;

	load_provider(test);
	ret = symexport_load(test, SYMEXPORT_EXT_CONSUMER);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a consumer built against the provider's own Module.symvers got %d",
			    ret);
}

static void crc_mismatch_refused_einval(struct kunit *test)
{
	struct symexport_log *log = load_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_EXT_STALE_USER);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
			    "a consumer built against a stale Module.symvers got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_stale_user: disagrees about version of symbol symexport_ext_add");
}

static void symbol_without_version_refused_by_debian_loaded_upstream(struct kunit *test)
{
	struct symexport_log *log = load_provider(test);
	int ret;

	ret = symexport_load(test, SYMEXPORT_EXT_UNVERSIONED_USER);
	if (symexport_missing_crc_refused()) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
				    "Debian's kernel gave a consumer with no CRC for a symbol it uses %d, not -EINVAL",
				    ret);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0,
				    "an upstream kernel refused a consumer with no CRC for a symbol it uses with %d",
				    ret);
		KUNIT_EXPECT_TRUE(test, symexport_uses(SYMEXPORT_EXT_UNVERSIONED_USER,
						       SYMEXPORT_EXT_PROVIDER));
	}
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_unversioned_user: no symbol version for symexport_ext_add");
}

static void module_without_versions_refused_enoexec(struct kunit *test)
{
	int ret;

	load_provider(test);
	ret = symexport_load(test, SYMEXPORT_EXT_STRIPPED);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a module with no __versions section got %d (is MODULE_FORCE_LOAD on?)",
			    ret);
}

static void vermagic_release_ignored_when_module_has_crcs(struct kunit *test)
{
	int ret;

	load_provider(test);
	ret = symexport_load(test, SYMEXPORT_EXT_VERMAGIC);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "with CRCs the kernel release in vermagic is not compared, but the load returned %d",
			    ret);
}

static struct kunit_case symexport_modversions_cases[] = {
	KUNIT_CASE(matching_crc_loads),
	KUNIT_CASE(crc_mismatch_refused_einval),
	KUNIT_CASE(symbol_without_version_refused_by_debian_loaded_upstream),
	KUNIT_CASE(module_without_versions_refused_enoexec),
	KUNIT_CASE(vermagic_release_ignored_when_module_has_crcs),
	{}
};

static struct kunit_suite symexport_modversions_suite = {
	.name = "symexport_modversions",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_modversions_cases,
};

kunit_test_suite(symexport_modversions_suite);
