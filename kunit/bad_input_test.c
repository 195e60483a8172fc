// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_bad_input: what finit_module() and delete_module() say to bad
 * requests (the cases LTP's init_module, finit_module and delete_module
 * tests check), each leaving the kernel as it was.
 */
#include <kunit/test.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/string.h>

#include "symexport_test.h"

/* Files the cases write to the root filesystem; a copy of the provider is the provider. */
static const struct symexport_module not_elf = {
	.name = "symexport_not_elf", .file = "/symexport_not_elf.ko", .dir = SYMEXPORT_ROOT_FS,
};

static const struct symexport_module truncated = {
	.name = "symexport_provider", .file = "/symexport_truncated.ko", .dir = SYMEXPORT_ROOT_FS,
};

static const struct symexport_module copy = {
	.name = "symexport_provider", .file = "/symexport_copy.ko", .dir = SYMEXPORT_ROOT_FS,
};

static const struct symexport_module root_dir = {
	.name = "/", .file = "/", .dir = SYMEXPORT_ROOT_FS,
};

static void loading_a_loaded_module_fails_eexist(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_load(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EEXIST,
			    "loading a module that is already loaded returned %d", ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), 0);
}

static void loading_a_file_that_is_not_elf_fails_enoexec(struct kunit *test)
{
	static const char text[] = "this is not an ELF file\n";
	int ret;

	KUNIT_ASSERT_EQ(test, symexport_write_file(not_elf.file, text, sizeof(text)), 0);
	ret = symexport_load(test, &not_elf);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC, "loading a text file returned %d", ret);
}

static void loading_a_truncated_module_fails_enoexec(struct kunit *test)
{
	size_t size = 0;
	void *ko;
	int ret;

	symexport_skip_unless_modular(test);
	ko = symexport_read_module(test, SYMEXPORT_KO(provider), &size);
	KUNIT_ASSERT_NOT_NULL(test, ko);
	KUNIT_ASSERT_EQ(test, symexport_write_file(truncated.file, ko, size / 2), 0);
	ret = symexport_load(test, &truncated);
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOEXEC,
			    "loading the first half of a module returned %d", ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
}

static void unknown_module_parameter_is_ignored_with_warning(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	symexport_skip_unless_modular(test);
	log = symexport_log_start(test);
	ret = symexport_load_params(test, SYMEXPORT_KO(provider), "no_such_parameter=1");
	KUNIT_EXPECT_EQ_MSG(test, ret, 0,
			    "a module given an unknown parameter was refused with %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_provider: unknown parameter 'no_such_parameter' ignored");
}

static void malformed_module_parameter_fails_einval(struct kunit *test)
{
	struct symexport_log *log;
	int ret;

	symexport_skip_unless_modular(test);
	log = symexport_log_start(test);
	ret = symexport_load_params(test, SYMEXPORT_KO(provider), "answer=forty-two");
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
			    "a module given a malformed int parameter got %d", ret);
	SYMEXPORT_EXPECT_LOG(test, log,
			     "symexport_provider: `forty-two' invalid for parameter `answer'");
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
}

/* Names no module can have: none at all, and one longer than MODULE_NAME_LEN. */
struct bad_name {
	const char *desc;
	size_t len;
};

static const struct bad_name bad_names[] = {
	{ "empty", 0 },
	{ "MODULE_NAME_LEN plus 7 characters", MODULE_NAME_LEN + 7 },
};

static void bad_name_desc(const struct bad_name *name, char *desc)
{
	strscpy(desc, name->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_name, bad_names, bad_name_desc);

static void delete_module_of_name_no_module_can_have_fails_enoent(struct kunit *test)
{
	const struct bad_name *param = test->param_value;
	char *name = kunit_kzalloc(test, param->len + 1, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'a', param->len);
	ret = symexport_unload(test, SYMEXPORT_NAMED(name));
	KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT,
			    "delete_module() of a %zu-character name returned %d",
			    strlen(name), ret);
}

static void load_without_cap_sys_module_fails_eperm(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	ret = symexport_load_unprivileged(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPERM,
			    "finit_module() without CAP_SYS_MODULE returned %d", ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
}

static void unload_without_cap_sys_module_fails_eperm(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	KUNIT_ASSERT_EQ(test, symexport_load(test, SYMEXPORT_KO(provider)), 0);
	ret = symexport_unload_unprivileged(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPERM,
			    "delete_module() without CAP_SYS_MODULE returned %d", ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), 0);
}

/* Write a copy of the provider to copy.file, a file the helper may open for writing. */
static void copy_provider(struct kunit *test)
{
	size_t size = 0;
	void *ko;

	symexport_skip_unless_modular(test);
	ko = symexport_read_module(test, SYMEXPORT_KO(provider), &size);
	KUNIT_ASSERT_NOT_NULL(test, ko);
	KUNIT_ASSERT_EQ(test, symexport_write_file(copy.file, ko, size), 0);
}

/* Expect the provider, loaded with @call, to be refused with @err. */
static void expect_call_refused(struct kunit *test, const struct symexport_module *module,
				enum symexport_call call, int err, const char *what)
{
	int ret = symexport_load_call(test, module, call);

	KUNIT_EXPECT_EQ_MSG(test, ret, err, "%s returned %d", what, ret);
	KUNIT_EXPECT_EQ(test, symexport_refcount(SYMEXPORT_KO(provider)), SYMEXPORT_NOT_LOADED);
}

static void finit_module_of_write_only_descriptor_fails_ebadf(struct kunit *test)
{
	copy_provider(test);
	expect_call_refused(test, &copy, SYMEXPORT_FINIT_WRITE_ONLY_FD, -EBADF,
			    "finit_module() of a descriptor opened O_WRONLY");
}

static void finit_module_of_file_open_for_writing_fails_etxtbsy(struct kunit *test)
{
	copy_provider(test);
	expect_call_refused(test, &copy, SYMEXPORT_FINIT_READ_WRITE_FD, -ETXTBSY,
			    "finit_module() of a descriptor opened O_RDWR");
}

static void finit_module_of_bad_descriptor_fails_ebadf(struct kunit *test)
{
	expect_call_refused(test, SYMEXPORT_KO(provider), SYMEXPORT_FINIT_BAD_FD, -EBADF,
			    "finit_module(-1, ...)");
}

static void finit_module_with_unknown_flag_fails_einval(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	expect_call_refused(test, SYMEXPORT_KO(provider), SYMEXPORT_FINIT_UNKNOWN_FLAG, -EINVAL,
			    "finit_module() with an undefined flag");
}

static void finit_module_of_directory_fails_einval(struct kunit *test)
{
	int ret = symexport_load(test, &root_dir);

	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "finit_module() of a directory returned %d", ret);
}

static void finit_module_with_unmapped_parameters_fails_efault(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	expect_call_refused(test, SYMEXPORT_KO(provider), SYMEXPORT_FINIT_BAD_PARAMS, -EFAULT,
			    "finit_module() with the parameters at an unmapped address");
}

static void init_module_loads_module_from_buffer(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	ret = symexport_load_call(test, SYMEXPORT_KO(provider), SYMEXPORT_INIT_BUFFER);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "init_module() of the provider's contents returned %d",
			    ret);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(SYMEXPORT_KO(provider)), 0,
			    "the provider loaded from a buffer is not loaded, or referenced");
	KUNIT_EXPECT_EQ(test, symexport_load(test, SYMEXPORT_KO(consumer)), 0);
}

static void init_module_of_zero_bytes_fails_enoexec(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	expect_call_refused(test, SYMEXPORT_KO(provider), SYMEXPORT_INIT_EMPTY, -ENOEXEC,
			    "init_module() of 0 bytes");
}

static void init_module_of_unmapped_address_fails_efault(struct kunit *test)
{
	symexport_skip_unless_modular(test);
	expect_call_refused(test, SYMEXPORT_KO(provider), SYMEXPORT_INIT_BAD_ADDRESS, -EFAULT,
			    "init_module() of an unmapped address");
}

static void delete_module_of_unmapped_name_fails_efault(struct kunit *test)
{
	int ret = symexport_unload_bad_address(test);

	KUNIT_EXPECT_EQ_MSG(test, ret, -EFAULT,
			    "delete_module() of a name at an unmapped address returned %d", ret);
}

/*
 * With modules disabled (here the kernel parameter nomodule; at run time
 * the one-way sysctl kernel.modules_disabled=1), both system calls are
 * refused with EPERM (init_module() and finit_module() alike), even with
 * CAP_SYS_MODULE, before anything else is looked at: unloading a module
 * that is not loaded is not ENOENT then.
 * A boot of its own, with nomodule.
 */
static void load_and_unload_refused_eperm_when_modules_disabled(struct kunit *test)
{
	int ret;

	symexport_skip_unless_modular(test);
	symexport_require_own_boot(test);
	if (!strstr(saved_command_line, "nomodule"))
		kunit_skip(test,
			   "needs nomodule on the kernel command line: kunit.py run --run_isolated=test --kernel_args=symexport.own_boot=1 --kernel_args=nomodule with this case's name");
	ret = symexport_load(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPERM,
			    "finit_module() with modules disabled returned %d", ret);
	ret = symexport_load_call(test, SYMEXPORT_KO(provider), SYMEXPORT_INIT_BUFFER);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPERM,
			    "init_module() with modules disabled returned %d", ret);
	ret = symexport_unload(test, SYMEXPORT_KO(provider));
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPERM,
			    "delete_module() of a module not loaded, with modules disabled, returned %d",
			    ret);
}

static struct kunit_case symexport_bad_input_cases[] = {
	KUNIT_CASE(loading_a_loaded_module_fails_eexist),
	KUNIT_CASE(loading_a_file_that_is_not_elf_fails_enoexec),
	KUNIT_CASE(loading_a_truncated_module_fails_enoexec),
	KUNIT_CASE(unknown_module_parameter_is_ignored_with_warning),
	KUNIT_CASE(malformed_module_parameter_fails_einval),
	KUNIT_CASE_PARAM(delete_module_of_name_no_module_can_have_fails_enoent,
			 bad_name_gen_params),
	KUNIT_CASE(load_without_cap_sys_module_fails_eperm),
	KUNIT_CASE(unload_without_cap_sys_module_fails_eperm),
	KUNIT_CASE(load_and_unload_refused_eperm_when_modules_disabled),
	KUNIT_CASE(finit_module_of_write_only_descriptor_fails_ebadf),
	KUNIT_CASE(finit_module_of_file_open_for_writing_fails_etxtbsy),
	KUNIT_CASE(finit_module_of_bad_descriptor_fails_ebadf),
	KUNIT_CASE(finit_module_with_unknown_flag_fails_einval),
	KUNIT_CASE(finit_module_of_directory_fails_einval),
	KUNIT_CASE(finit_module_with_unmapped_parameters_fails_efault),
	KUNIT_CASE(init_module_loads_module_from_buffer),
	KUNIT_CASE(init_module_of_zero_bytes_fails_enoexec),
	KUNIT_CASE(init_module_of_unmapped_address_fails_efault),
	KUNIT_CASE(delete_module_of_unmapped_name_fails_efault),
	{}
};

static struct kunit_suite symexport_bad_input_suite = {
	.name = "symexport_bad_input",
	.suite_init = symexport_suite_init,
	.init = symexport_case_init,
	.test_cases = symexport_bad_input_cases,
};

kunit_test_suite(symexport_bad_input_suite);
