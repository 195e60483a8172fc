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
 * The modules of symexport_modules.h: SYMEXPORT_KO(name) is the one named
 * @name (symexport_unload() finds the unload that symexport_load() left for
 * the end of the case by its address).
 */
enum symexport_module_id {
#define SYMEXPORT_MODULE(name, ...) SYMEXPORT_ID_##name,
#include "symexport_modules.h"
#undef SYMEXPORT_MODULE
	SYMEXPORT_MODULE_COUNT
};

extern const struct symexport_module symexport_modules[SYMEXPORT_MODULE_COUNT];

#define SYMEXPORT_KO(name)	(&symexport_modules[SYMEXPORT_ID_symexport_##name])

/* The consumer of the license suite's license @l (gpl, dual_mit_gpl, ...). */
#define SYMEXPORT_LICENSE_CONSUMER(l)	SYMEXPORT_KO(license_##l)

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

/**
 * struct symexport_hold - one way to hold a reference on the loaded provider
 * @get: the call that takes the reference, also the parameter's description
 * @put: the call that drops it
 * @take: take the reference (dropped when the case ends, unless @drop
 *	drops it first); return what @drop needs, or NULL if none was taken
 * @drop: drop the reference now, given what @take returned
 *
 * symexport_holds[] lists them, for cases that prove a rule for every
 * holder: KUNIT_ARRAY_PARAM(hold, symexport_holds, symexport_hold_desc).
 */
struct symexport_hold {
	const char *get;
	const char *put;
	void *(*take)(struct kunit *test);
	void (*drop)(struct kunit *test, void *ref);
};

extern const struct symexport_hold symexport_holds[2];
void symexport_hold_desc(const struct symexport_hold *hold, char *desc);

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
