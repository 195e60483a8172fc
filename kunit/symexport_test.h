/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the symexport KUnit suites: load and unload real
 * modules through the module system calls, look at what the kernel knows
 * about them, and capture what it printed.
 */
#ifndef _SYMEXPORT_TEST_H
#define _SYMEXPORT_TEST_H

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/module.h>
#include <linux/panic.h>

#include "symexport_compat.h"

/*
 * The provider's EXPORT_SYMBOL_GPL function, as symbol_get() names it.  One
 * object, because symexport_symbol_put() finds its symexport_symbol_get() by
 * the name's address.
 */
extern const char *const symexport_gpl_export;

/**
 * enum symexport_dir - which directory a module file is in
 * @SYMEXPORT_IN_TREE: symexport.module_dir=, where kbuild built our modules
 * @SYMEXPORT_OUT_OF_TREE: symexport.ext_dir=, where the harness built the
 *	modules that kbuild would refuse, outside the kernel tree
 * @SYMEXPORT_ROOT_FS: the root filesystem: the file is an absolute path
 */
enum symexport_dir {
	SYMEXPORT_IN_TREE,
	SYMEXPORT_OUT_OF_TREE,
	SYMEXPORT_ROOT_FS,
};

/**
 * struct symexport_module - a module the cases load and unload
 * @name: the name the kernel knows it by (lsmod, delete_module())
 * @file: its file without ".ko", relative to @dir's directory; for
 *	SYMEXPORT_ROOT_FS the absolute path of the file itself
 * @dir: which directory @file is in
 */
struct symexport_module {
	const char *name;
	const char *file;
	enum symexport_dir dir;
};

/*
 * The modules, one object each (symexport_unload() finds the unload that
 * symexport_load() left for the end of the case by the object's address),
 * defined in symexport_helpers.c.
 */
extern const struct symexport_module symexport_provider_ko;
extern const struct symexport_module symexport_consumer_ko;
extern const struct symexport_module symexport_consumer_single_ko;
extern const struct symexport_module symexport_proprietary_provider_ko;
extern const struct symexport_module symexport_proprietary_consumer_ko;
extern const struct symexport_module symexport_taint_inheritor_ko;
extern const struct symexport_module symexport_taint_conflict_ko;
extern const struct symexport_module symexport_taint_conflict_gpl_first_ko;
extern const struct symexport_module symexport_ext_provider_ko;
extern const struct symexport_module symexport_ext_gpl_user_ko;
extern const struct symexport_module symexport_ext_kernel_gpl_user_ko;
extern const struct symexport_module symexport_ext_weak_ko;
extern const struct symexport_module symexport_ns_consumer_ko;
extern const struct symexport_module symexport_ext_formod_ko;
extern const struct symexport_module symexport_ext_formod_listed_ko;
extern const struct symexport_module symexport_ext_formod_glob_user_ko;
extern const struct symexport_module symexport_ext_formod_unlisted_ko;
extern const struct symexport_module symexport_ext_formod_list_ko;
extern const struct symexport_module symexport_ext_formod_listed_too_ko;
extern const struct symexport_module symexport_ext_formod_dash_ko;
extern const struct symexport_module symexport_ext_formod_proprietary_ko;
extern const struct symexport_module symexport_ext_formod_import_ko;
extern const struct symexport_module symexport_ext_dup_ko;
extern const struct symexport_module symexport_ext_ns_user_ko;
extern const struct symexport_module symexport_ext_ns_other_imports_ko;
extern const struct symexport_module symexport_ext_common_ko;
extern const struct symexport_module symexport_ext_unversioned_user_ko;
extern const struct symexport_module symexport_ext_consumer_ko;
extern const struct symexport_module symexport_ext_stripped_ko;
extern const struct symexport_module symexport_ext_blank_versions_ko;
extern const struct symexport_module symexport_ext_vermagic_ko;
extern const struct symexport_module symexport_ext_stale_user_ko;
extern const struct symexport_module symexport_ext_long_user_ko;
extern const struct symexport_module symexport_ext_stale_long_user_ko;
extern const struct symexport_module symexport_ext_noflags_ko;
extern const struct symexport_module symexport_ext_oldgpl_ko;
extern const struct symexport_module symexport_ext_nocrcs_ko;
extern const struct symexport_module symexport_ext_nocrcs_user_ko;
extern const struct symexport_module symexport_ext_bad_shndx_ko;
extern const struct symexport_module symexport_ext_ns_tail_user_ko;
extern const struct symexport_module symexport_ext_livepatch_ko;
extern const struct symexport_module symexport_ext_vermagic_release_ko;
extern const struct symexport_module symexport_ext_vermagic_extended_ko;
extern const struct symexport_module symexport_ext_lto_common_ko;
extern const struct symexport_module symexport_ext_got_ko;
extern const struct symexport_module symexport_ext_ns_weak_user_ko;
extern const struct symexport_module symexport_ext_kfree_user_ko;
extern const struct symexport_module symexport_ext_versions_cut_ko;
extern const struct symexport_module symexport_registry_ko;
extern const struct symexport_module symexport_callback_consumer_ko;
extern const struct symexport_module symexport_slow_exit_ko;
extern const struct symexport_module symexport_async_exit_ko;
extern const struct symexport_module symexport_slow_exit_consumer_ko;
extern const struct symexport_module symexport_init_gate_ko;
extern const struct symexport_module symexport_slow_init_ko;
extern const struct symexport_module symexport_slow_init_consumer_ko;
extern const struct symexport_module symexport_no_exit_ko;
extern const struct symexport_module symexport_license_gpl_ko;
extern const struct symexport_module symexport_license_gpl_v2_ko;
extern const struct symexport_module symexport_license_gpl_and_additional_rights_ko;
extern const struct symexport_module symexport_license_dual_bsd_gpl_ko;
extern const struct symexport_module symexport_license_dual_mit_gpl_ko;
extern const struct symexport_module symexport_license_dual_mpl_gpl_ko;

#define SYMEXPORT_PROVIDER		(&symexport_provider_ko)
#define SYMEXPORT_CONSUMER		(&symexport_consumer_ko)
#define SYMEXPORT_CONSUMER_SINGLE	(&symexport_consumer_single_ko)
#define SYMEXPORT_LICENSE_CONSUMER(l)	(&symexport_license_##l##_ko)
#define SYMEXPORT_PROPRIETARY_PROVIDER	(&symexport_proprietary_provider_ko)
#define SYMEXPORT_PROPRIETARY_CONSUMER	(&symexport_proprietary_consumer_ko)
#define SYMEXPORT_TAINT_INHERITOR	(&symexport_taint_inheritor_ko)
#define SYMEXPORT_TAINT_CONFLICT	(&symexport_taint_conflict_ko)
#define SYMEXPORT_TAINT_CONFLICT_GPL_FIRST (&symexport_taint_conflict_gpl_first_ko)
#define SYMEXPORT_EXT_PROVIDER		(&symexport_ext_provider_ko)
#define SYMEXPORT_EXT_GPL_USER		(&symexport_ext_gpl_user_ko)
#define SYMEXPORT_EXT_KERNEL_GPL_USER	(&symexport_ext_kernel_gpl_user_ko)
#define SYMEXPORT_EXT_WEAK		(&symexport_ext_weak_ko)
#define SYMEXPORT_NS_CONSUMER		(&symexport_ns_consumer_ko)
#define SYMEXPORT_EXT_FORMOD		(&symexport_ext_formod_ko)
#define SYMEXPORT_EXT_FORMOD_LISTED	(&symexport_ext_formod_listed_ko)
#define SYMEXPORT_EXT_FORMOD_GLOB_USER	(&symexport_ext_formod_glob_user_ko)
#define SYMEXPORT_EXT_FORMOD_UNLISTED	(&symexport_ext_formod_unlisted_ko)
#define SYMEXPORT_EXT_FORMOD_LIST_SHORT	(&symexport_ext_formod_list_ko)
#define SYMEXPORT_EXT_FORMOD_LISTED_TOO	(&symexport_ext_formod_listed_too_ko)
#define SYMEXPORT_EXT_FORMOD_DASH	(&symexport_ext_formod_dash_ko)
#define SYMEXPORT_EXT_FORMOD_PROPRIETARY	(&symexport_ext_formod_proprietary_ko)
#define SYMEXPORT_EXT_FORMOD_IMPORT	(&symexport_ext_formod_import_ko)
#define SYMEXPORT_EXT_DUP		(&symexport_ext_dup_ko)
#define SYMEXPORT_EXT_NS_USER		(&symexport_ext_ns_user_ko)
#define SYMEXPORT_EXT_NS_OTHER_IMPORTS	(&symexport_ext_ns_other_imports_ko)
#define SYMEXPORT_EXT_COMMON		(&symexport_ext_common_ko)
#define SYMEXPORT_EXT_UNVERSIONED_USER	(&symexport_ext_unversioned_user_ko)
#define SYMEXPORT_EXT_CONSUMER		(&symexport_ext_consumer_ko)
#define SYMEXPORT_EXT_STRIPPED		(&symexport_ext_stripped_ko)
#define SYMEXPORT_EXT_BLANK_VERSIONS	(&symexport_ext_blank_versions_ko)
#define SYMEXPORT_EXT_VERMAGIC		(&symexport_ext_vermagic_ko)
#define SYMEXPORT_EXT_STALE_USER	(&symexport_ext_stale_user_ko)
#define SYMEXPORT_EXT_LONG_USER		(&symexport_ext_long_user_ko)
#define SYMEXPORT_EXT_STALE_LONG_USER	(&symexport_ext_stale_long_user_ko)
#define SYMEXPORT_EXT_NOFLAGS		(&symexport_ext_noflags_ko)
#define SYMEXPORT_EXT_OLDGPL		(&symexport_ext_oldgpl_ko)
#define SYMEXPORT_EXT_NOCRCS		(&symexport_ext_nocrcs_ko)
#define SYMEXPORT_EXT_NOCRCS_USER	(&symexport_ext_nocrcs_user_ko)
#define SYMEXPORT_EXT_BAD_SHNDX		(&symexport_ext_bad_shndx_ko)
#define SYMEXPORT_EXT_NS_TAIL_USER	(&symexport_ext_ns_tail_user_ko)
#define SYMEXPORT_EXT_LIVEPATCH		(&symexport_ext_livepatch_ko)
#define SYMEXPORT_EXT_VERMAGIC_RELEASE	(&symexport_ext_vermagic_release_ko)
#define SYMEXPORT_EXT_VERMAGIC_EXTENDED	(&symexport_ext_vermagic_extended_ko)
#define SYMEXPORT_EXT_LTO_COMMON	(&symexport_ext_lto_common_ko)
#define SYMEXPORT_EXT_GOT		(&symexport_ext_got_ko)
#define SYMEXPORT_EXT_NS_WEAK_USER	(&symexport_ext_ns_weak_user_ko)
#define SYMEXPORT_EXT_KFREE_USER	(&symexport_ext_kfree_user_ko)
#define SYMEXPORT_EXT_VERSIONS_CUT	(&symexport_ext_versions_cut_ko)
#define SYMEXPORT_REGISTRY		(&symexport_registry_ko)
#define SYMEXPORT_CALLBACK_CONSUMER	(&symexport_callback_consumer_ko)
#define SYMEXPORT_SLOW_EXIT		(&symexport_slow_exit_ko)
#define SYMEXPORT_ASYNC_EXIT		(&symexport_async_exit_ko)
#define SYMEXPORT_SLOW_EXIT_CONSUMER	(&symexport_slow_exit_consumer_ko)
#define SYMEXPORT_INIT_GATE		(&symexport_init_gate_ko)
#define SYMEXPORT_SLOW_INIT		(&symexport_slow_init_ko)
#define SYMEXPORT_SLOW_INIT_CONSUMER	(&symexport_slow_init_consumer_ko)
#define SYMEXPORT_NO_EXIT		(&symexport_no_exit_ko)

/* A module known by its name @name only: for the unload helpers. */
#define SYMEXPORT_NAMED(name_) \
	(&(const struct symexport_module){ .name = (name_) })

/* symexport_refcount() of a module that is not loaded. */
#define SYMEXPORT_NOT_LOADED		INT_MIN

/*
 * The taints a case with a boot of its own must not find when it starts:
 * 'P' (a proprietary module was loaded) and 'R' (a module was removed by
 * force).
 */
#define SYMEXPORT_OWN_BOOT_TAINTS \
	(BIT(TAINT_PROPRIETARY_MODULE) | BIT(TAINT_FORCED_RMMOD))

/* What a failure message quotes of the kernel's messages. */
#define SYMEXPORT_LOG_SIZE		4096
/* The longest message line looked at; longer ones are cut. */
#define SYMEXPORT_LOG_LINE_SIZE		1024

/**
 * struct symexport_log - kernel messages printed during an operation
 * @start_seq: printk sequence number at symexport_log_start()
 * @len: bytes of @buf in use
 * @buf: the first messages since then, one per line, NUL-terminated, for
 *	a failure message; the search looks at every message
 * @line: the message being looked at
 */
struct symexport_log {
	u64 start_seq;
	size_t len;
	char buf[SYMEXPORT_LOG_SIZE];
	char line[SYMEXPORT_LOG_LINE_SIZE];
};

/* The embedded module-control program (symexport_modctl_blob.S). */
extern const char symexport_modctl_blob[];
extern const char symexport_modctl_blob_end[];

/**
 * SYMEXPORT_EXPECT_LOG() - expect a kernel message since symexport_log_start()
 * @test: the running case
 * @log: the log returned by symexport_log_start()
 * @text: the text a message must contain
 *
 * On failure the case's message quotes what the kernel printed instead.
 */
#define SYMEXPORT_EXPECT_LOG(test, log, text)					\
	do {									\
		struct symexport_log *__log = (log);				\
		const char *__text = (text);					\
										\
		KUNIT_EXPECT_TRUE_MSG(test, symexport_log_contains(__log, __text), \
				      "the kernel did not print \"%s\"; it printed:\n%s", \
				      __text, __log->buf);			\
	} while (0)

/**
 * SYMEXPORT_EXPECT_NEW_TAINTS() - expect exactly these new kernel taints
 * @test: the running case
 * @before: get_taint() before the operation
 * @want: the TAINT_* bits the kernel must have gained since, and no other
 *
 * On failure the case's message names the taint letters gained and wanted.
 */
#define SYMEXPORT_EXPECT_NEW_TAINTS(test, before, want)				\
	do {									\
		struct kunit *__test = (test);					\
		unsigned long __gained = get_taint() & ~(before);		\
		unsigned long __want = (want);					\
										\
		KUNIT_EXPECT_EQ_MSG(__test, __gained, __want,			\
				    "the kernel gained taints '%s', expected '%s'", \
				    symexport_taint_letters(__test, __gained),	\
				    symexport_taint_letters(__test, __want));	\
	} while (0)

int symexport_suite_init(struct kunit_suite *suite);
int symexport_case_init(struct kunit *test);
int symexport_load(struct kunit *test, const struct symexport_module *module);
int symexport_load_untracked(struct kunit *test, const struct symexport_module *module);
void symexport_unload_at_end(struct kunit *test, const struct symexport_module *module);
int symexport_load_params(struct kunit *test, const struct symexport_module *module,
			  const char *params);
int symexport_load_unprivileged(struct kunit *test, const struct symexport_module *module);

/* The other load calls, for symexport_load_call(). */
enum symexport_call {
	SYMEXPORT_FINIT,		/* finit_module(), as symexport_load() calls it */
	SYMEXPORT_FINIT_WRITE_ONLY_FD,	/* finit_module() of a descriptor opened O_WRONLY */
	SYMEXPORT_FINIT_READ_WRITE_FD,	/* finit_module() of one opened O_RDWR */
	SYMEXPORT_FINIT_BAD_FD,		/* finit_module(-1, ...) */
	SYMEXPORT_FINIT_UNKNOWN_FLAG,	/* finit_module() with an undefined flag */
	SYMEXPORT_FINIT_BAD_PARAMS,	/* a parameter string at an unmapped address */
	SYMEXPORT_INIT_BUFFER,		/* init_module() of the file's contents */
	SYMEXPORT_INIT_EMPTY,		/* init_module() of 0 bytes */
	SYMEXPORT_INIT_BAD_ADDRESS,	/* init_module() of an unmapped address */
	SYMEXPORT_FINIT_IGNORE_VERMAGIC, /* finit_module(MODULE_INIT_IGNORE_VERMAGIC) */
	SYMEXPORT_FINIT_IGNORE_MODVERSIONS, /* finit_module(MODULE_INIT_IGNORE_MODVERSIONS) */
};

int symexport_load_call(struct kunit *test, const struct symexport_module *module,
			enum symexport_call call);
void symexport_expect_refused(struct kunit *test, const struct symexport_module *module,
			      int err, const char *text);
int symexport_unload_bad_address(struct kunit *test);
int symexport_unload(struct kunit *test, const struct symexport_module *module);
int symexport_unload_unprivileged(struct kunit *test, const struct symexport_module *module);
int symexport_unload_forced(struct kunit *test, const struct symexport_module *module);
int symexport_kmemleak_scan(struct kunit *test, bool clear);
int symexport_load_failing_alloc(struct kunit *test, const struct symexport_module *module,
				 const char *function);
int symexport_write_file(const char *path, const void *data, size_t len);
void *symexport_read_module(struct kunit *test, const struct symexport_module *module,
			    size_t *size);
int symexport_refcount(const struct symexport_module *module);
bool symexport_uses(const struct symexport_module *user, const struct symexport_module *module);
bool symexport_uses_any(struct kunit *test, const struct symexport_module *user);
struct module *symexport_module_get(struct kunit *test, const struct symexport_module *module);
void symexport_module_put(struct kunit *test, struct module *mod);
void symexport_module_forget(struct kunit *test, struct module *mod);
void *symexport_symbol_get(struct kunit *test, const char *symbol);
void symexport_symbol_put(struct kunit *test, const char *symbol);
void symexport_skip_unless_modular(struct kunit *test);
bool symexport_missing_crc_refused(void);
void symexport_require_own_boot(struct kunit *test);
bool symexport_module_taints(const struct symexport_module *module, unsigned long *taints);
const char *symexport_taint_letters(struct kunit *test, unsigned long taints);
struct symexport_log *symexport_log_start(struct kunit *test);
bool symexport_log_contains(struct symexport_log *log, const char *text);

#endif /* _SYMEXPORT_TEST_H */
