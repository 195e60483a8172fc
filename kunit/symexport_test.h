/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the symexport KUnit suites: load and unload real
 * modules through the module system calls, look at what the kernel knows
 * about them, and capture what it printed.
 */
#ifndef _SYMEXPORT_TEST_H
#define _SYMEXPORT_TEST_H

#include <kunit/test.h>
#include <linux/module.h>

/* The modules, as paths below the module directory, without ".ko". */
#define SYMEXPORT_PROVIDER		"providers/symexport_provider"
#define SYMEXPORT_CONSUMER		"consumers/symexport_consumer"
#define SYMEXPORT_CONSUMER_SINGLE	"consumers/symexport_consumer_single"

/* symexport_refcount() of a module that is not loaded. */
#define SYMEXPORT_NOT_LOADED		INT_MIN

/* Big enough for every kernel message a case looks for. */
#define SYMEXPORT_LOG_SIZE		4096

/**
 * struct symexport_log - kernel messages printed during an operation
 * @start_seq: printk sequence number at symexport_log_start()
 * @len: bytes of @buf in use
 * @buf: the messages, one per line, NUL-terminated
 */
struct symexport_log {
	u64 start_seq;
	size_t len;
	char buf[SYMEXPORT_LOG_SIZE];
};

/* The embedded module-control program (symexport_modctl_blob.S). */
extern const char symexport_modctl_blob[];
extern const char symexport_modctl_blob_end[];

int symexport_suite_init(struct kunit_suite *suite);
int symexport_case_init(struct kunit *test);
const char *symexport_module_name(const char *module);
int symexport_load(struct kunit *test, const char *module);
int symexport_unload(struct kunit *test, const char *module);
int symexport_refcount(const char *module);
bool symexport_uses(const char *user, const char *module);
struct module *symexport_module_get(struct kunit *test, const char *module);
void symexport_module_put(struct kunit *test, struct module *mod);
void *symexport_symbol_get(struct kunit *test, const char *symbol);
void symexport_symbol_put(struct kunit *test, const char *symbol);
void symexport_skip_unless_modular(struct kunit *test);
void symexport_log_start(struct symexport_log *log);
bool symexport_log_contains(struct symexport_log *log, const char *text);

#endif /* _SYMEXPORT_TEST_H */
