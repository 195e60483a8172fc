// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_out_of_tree: the workflow of Documentation/kbuild/modules.rst
 * ("Symbols From Another External Module"), a provider and a consumer
 * built outside the kernel tree with Module.symvers and KBUILD_EXTRA_SYMBOLS,
 * and what the loader checks besides symbols: duplicate exports and the
 * version magic.
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/utsname.h>

#include "symexport_test.h"

#define VERMAGIC "symexport_ext_vermagic: version magic '"
#define DUPLICATE \
	"symexport_ext_dup: exports duplicate symbol symexport_provider_add (owned by symexport_provider)"

static void skip_with_modversions(struct kunit *test)
{
	if (IS_ENABLED(CONFIG_MODVERSIONS))
		kunit_skip(test,
			   "runs without CONFIG_MODVERSIONS; symexport_modversions covers it");
}

static void out_of_tree_consumer_loads_after_provider_unloads_before_it(struct kunit *test)
{
	int ret;

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(ext_consumer));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0,
			    "the consumer built with KBUILD_EXTRA_SYMBOLS was refused with %d",
			    ret);
	KUNIT_EXPECT_TRUE(test,
			  symexport_uses(SYMEXPORT_KO(ext_consumer), SYMEXPORT_KO(ext_provider)));
	ret = symexport_unload(test, SYMEXPORT_KO(ext_provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EWOULDBLOCK,
			    "removing the provider before its consumer returned %d", ret);
	KUNIT_EXPECT_EQ(test, symexport_unload(test, SYMEXPORT_KO(ext_consumer)), 0);
	KUNIT_EXPECT_EQ(test, symexport_unload(test, SYMEXPORT_KO(ext_provider)), 0);
}

static void consumer_built_without_module_symvers_loads_without_modversions(struct kunit *test)
{
	int ret;

	skip_with_modversions(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(ext_unversioned_user));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "without MODVERSIONS the loader resolves by name, but it returned %d",
			    ret);
}

static unsigned long lookup(const char *prefix, const char *name)
{
	char buf[KSYM_NAME_LEN];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	return kallsyms_lookup_name(buf);
}

static void loaded_provider_exports_appear_in_kallsyms(struct kunit *test)
{
	static const char *const prefixes[] = { "", "__ksymtab_", "__kstrtab_" };
	int i;

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		KUNIT_EXPECT_NE_MSG(test, lookup(prefixes[i], "symexport_ext_add"), 0UL,
				    "%ssymexport_ext_add is not in kallsyms while its module is loaded",
				    prefixes[i]);
	KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(ext_provider)), 0);
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		KUNIT_EXPECT_EQ_MSG(test, lookup(prefixes[i], "symexport_ext_add"), 0UL,
				    "%ssymexport_ext_add is in kallsyms after its module was unloaded",
				    prefixes[i]);
}

static void duplicate_export_refused_enoexec(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	symexport_expect_refused(test, SYMEXPORT_KO(ext_dup), -ENOEXEC, DUPLICATE);
}

static void duplicate_export_loads_once_owner_unloaded(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_dup)), -ENOEXEC);
	KUNIT_ASSERT_EQ(test, symexport_unload(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(ext_dup));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "the duplicate's first owner is gone, but loading it returned %d", ret);
}

/*
 * A module built with -fcommon keeps an SHN_COMMON symbol that nothing
 * allocates: simplify_symbols() refuses it.
 */
static void module_with_common_symbol_refused_enoexec(struct kunit *test)
{
	symexport_expect_refused(test, SYMEXPORT_KO(ext_common), -ENOEXEC,
				 "symexport_ext_common: please compile with -fno-common");
}

/*
 * A defined symbol's section index must name one of the module's sections:
 * simplify_symbols() refuses the first index past the last (e_shnum), which
 * the harness gives symexport_ext_bad_shndx_marker after the build.
 */
static void symbol_in_section_past_last_refused_enoexec(struct kunit *test)
{
	symexport_expect_refused(test, SYMEXPORT_KO(ext_bad_shndx), -ENOEXEC,
				 "symexport_ext_bad_shndx: Symbol symexport_ext_bad_shndx_marker has an invalid section index");
}

/*
 * An __obsparm section (module parameters as Linux 2.4 declared them, which
 * the harness gives symexport_ext_oldgpl after the build) is ignored with a
 * warning, which a module without one does not get.
 */
static void obsolete_parameter_section_ignored_with_warning(struct kunit *test)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret;

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	KUNIT_EXPECT_FALSE_MSG(test, symexport_log_contains(log, "obsolete parameters"),
			       "a module without an __obsparm section made the kernel print:\n%s",
			       log->buf);
	ret = symexport_load(test, SYMEXPORT_KO(ext_oldgpl));
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "a module with an __obsparm section got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log, "symexport_ext_oldgpl: Ignoring obsolete parameters");
}

/*
 * The exception: a common symbol named as GCC's LTO marks its objects
 * (__gnu_lto_*) is ignored, and the module loads.
 */
static void module_with_lto_marker_common_symbol_loads(struct kunit *test)
{
	int ret = symexport_load(test, SYMEXPORT_KO(ext_lto_common));

	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a module whose one common symbol is __gnu_lto_symexport got %d", ret);
}

/*
 * An undefined symbol that nobody exports refuses the module, unless it is
 * weak or one the architecture lets be: in an x86 module,
 * _GLOBAL_OFFSET_TABLE_, which GNU as before 2.37 left undefined in objects
 * that use the GOT.  A module of another architecture is refused for it.
 */
static void undefined_global_offset_table_symbol_ignored_only_on_x86(struct kunit *test)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret = symexport_load(test, SYMEXPORT_KO(ext_got));

	if (IS_ENABLED(CONFIG_X86) || IS_ENABLED(CONFIG_UML_X86)) {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0,
				    "an x86 module with an undefined _GLOBAL_OFFSET_TABLE_ got %d:\n%s",
				    ret, log->buf);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "a module with an undefined _GLOBAL_OFFSET_TABLE_ got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_ext_got: Unknown symbol _GLOBAL_OFFSET_TABLE_ (err -2)");
}

/*
 * The version magic must be the kernel's exactly (same_magic()): not the
 * start of it, not the kernel's with more after it.
 */
static void vermagic_of_kernel_release_alone_refused_enoexec(struct kunit *test)
{
	symexport_expect_refused(test, SYMEXPORT_KO(ext_vermagic_release), -ENOEXEC,
				 "symexport_ext_vermagic_release: version magic '");
}

static void vermagic_extending_kernels_refused_enoexec(struct kunit *test)
{
	symexport_expect_refused(test, SYMEXPORT_KO(ext_vermagic_extended), -ENOEXEC,
				 "symexport_ext_vermagic_extended: version magic '");
}

static void vermagic_mismatch_refused_enoexec(struct kunit *test)
{
	struct symexport_log *log;
	char *expect;
	int ret;

	skip_with_modversions(test);
	expect = kunit_kzalloc(test, 128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, expect);
	snprintf(expect, 128, "' should be '%s ", init_utsname()->release);
	log = symexport_log_start(test);
	ret = symexport_load(test, SYMEXPORT_KO(ext_vermagic));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "a module built for another kernel release got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log, VERMAGIC);
	SYMEXPORT_EXPECT_LOG(test, log, expect);
}

/*
 * setup_modinfo() copies the .modinfo fields a module has a sysfs
 * attribute for into struct module: MODULE_VERSION("1.0") becomes
 * /sys/module/symexport_ext_consumer/version.
 */
static void module_version_taken_from_modinfo(struct kunit *test)
{
	struct module *mod;

	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_provider)), 0);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(ext_consumer)), 0);
	mod = symexport_module_get(test, SYMEXPORT_KO(ext_consumer));
	KUNIT_ASSERT_NOT_NULL_MSG(test, mod, "symexport_ext_consumer is not loaded");
	KUNIT_EXPECT_STREQ_MSG(test, mod->version ?: "(none)", "1.0",
			       "the module's version is not its MODULE_VERSION()");
}

#if !IS_ENABLED(CONFIG_LIVEPATCH)
/* check_modinfo(): a module marked "livepatch=Y" needs CONFIG_LIVEPATCH. */
static void livepatch_module_refused_without_livepatch_support_enoexec(struct kunit *test)
{
	symexport_expect_refused(test, SYMEXPORT_KO(ext_livepatch), -ENOEXEC,
				 "symexport_ext_livepatch: module is marked as livepatch module, but livepatch support is disabled");
}
#endif

static struct kunit_case symexport_out_of_tree_cases[] = {
	KUNIT_CASE(out_of_tree_consumer_loads_after_provider_unloads_before_it),
	KUNIT_CASE(consumer_built_without_module_symvers_loads_without_modversions),
	KUNIT_CASE(loaded_provider_exports_appear_in_kallsyms),
	KUNIT_CASE(duplicate_export_refused_enoexec),
	KUNIT_CASE(module_with_common_symbol_refused_enoexec),
	KUNIT_CASE(symbol_in_section_past_last_refused_enoexec),
	KUNIT_CASE(duplicate_export_loads_once_owner_unloaded),
	KUNIT_CASE(obsolete_parameter_section_ignored_with_warning),
	KUNIT_CASE(module_with_lto_marker_common_symbol_loads),
	KUNIT_CASE(undefined_global_offset_table_symbol_ignored_only_on_x86),
	KUNIT_CASE(vermagic_mismatch_refused_enoexec),
	KUNIT_CASE(vermagic_of_kernel_release_alone_refused_enoexec),
	KUNIT_CASE(vermagic_extending_kernels_refused_enoexec),
	KUNIT_CASE(module_version_taken_from_modinfo),
#if !IS_ENABLED(CONFIG_LIVEPATCH)
	KUNIT_CASE(livepatch_module_refused_without_livepatch_support_enoexec),
#endif
	{}
};

static struct kunit_suite symexport_out_of_tree_suite = {
	.name = "symexport_out_of_tree",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_out_of_tree_cases,
};

kunit_test_suite(symexport_out_of_tree_suite);
