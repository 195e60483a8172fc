// SPDX-License-Identifier: GPL-2.0-only
/*
 * The symexport module-control helper: the one place where the suites load
 * and unload modules, inspect them and capture kernel messages.
 *
 * Modules are loaded through the real finit_module() and delete_module()
 * system calls.  A KUnit case runs in a kernel thread, which cannot make
 * them, so a small static userspace program (symexport_modctl.c, built
 * against nolibc and embedded in the kernel image) is written to the root
 * filesystem once and run with call_usermodehelper() for each operation.
 * Its exit status is the system call's errno.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* symexport_log_contains()'s pr_debug() must always print. */
#define DEBUG

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/initrd.h>
#include <linux/kernel_read_file.h>
#include <linux/kernfs.h>
#include <linux/kmsg_dump.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/panic.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/umh.h>
#include <linux/vmalloc.h>

#include "symexport_test.h"

/* Where the modules were built; symexport.module_dir= overrides it. */
static char *module_dir = SYMEXPORT_MODULE_DIR;
module_param(module_dir, charp, 0444);
MODULE_PARM_DESC(module_dir, "absolute host path of the symexport module build directory");

/* Where the harness built the out-of-tree modules; unset under plain kunit.py. */
static char *ext_dir = "";
module_param(ext_dir, charp, 0444);
MODULE_PARM_DESC(ext_dir, "absolute host path of the modules built outside the kernel tree");

/* Set when this boot runs only cases that taint the kernel. */
static char *missing_crc = "load";
module_param(missing_crc, charp, 0444);
MODULE_PARM_DESC(missing_crc,
		 "the kernel's rule for a symbol a module has no CRC for: \"load\" (upstream: warn once, load) or \"refuse\" (Debian's \"module: Disable matching missing version CRC\": warn, EINVAL)");

static bool own_boot;
module_param(own_boot, bool, 0444);
MODULE_PARM_DESC(own_boot, "this boot runs the cases that load GPL-incompatible modules");

#define MODCTL_PATH		"/symexport_modctl"
#define MODCTL_HOST_MOUNT	"/host"
/*
 * Under QEMU the host's "/" is a virtio-9p share with this tag (kunit.py
 * --qemu_args='-virtfs local,path=/,mount_tag=symexport,...'), mounted
 * like hostfs on MODCTL_HOST_MOUNT.
 */
#define MODCTL_9P_TAG		"symexport"
#define MODCTL_9P_OPTIONS	"trans=virtio,version=9p2000.L"

static DEFINE_MUTEX(modctl_lock);
static int modctl_state = 1;	/* 1: not set up yet, else 0 or -errno */
/* The host's files on MODCTL_HOST_MOUNT: 0, or why they are not there. */
static int modctl_share = -ENODEV;

/*
 * Run "symexport_modctl OP ARGS..." (up to four, NULL-terminated early);
 * return its exit status, or a negative errno if it did not run or was
 * killed.
 */
static int modctl_exec(const char *op, const char *arg1, const char *arg2,
		       const char *arg3, const char *arg4)
{
	char *argv[7], *envp[3];
	int status;

	argv[0] = MODCTL_PATH;
	argv[1] = (char *)op;
	argv[2] = (char *)arg1;
	argv[3] = (char *)arg2;
	argv[4] = (char *)arg3;
	argv[5] = (char *)arg4;
	argv[6] = NULL;
	envp[0] = "HOME=/";
	envp[1] = "PATH=/";
	envp[2] = NULL;
	status = call_usermodehelper(MODCTL_PATH, argv, envp, UMH_WAIT_PROC);
	if (status < 0)
		return status;		/* the helper did not run */
	if (status & 0x7f)
		return -EINTR;		/* the helper was killed by a signal */
	return (status >> 8) & 0xff;
}

/* As modctl_exec(), for the ops whose exit status is an errno. */
static int modctl_run(const char *op, const char *arg1, const char *arg2,
		      const char *arg3, const char *arg4)
{
	int ret = modctl_exec(op, arg1, arg2, arg3, arg4);

	return ret < 0 ? ret : -ret;
}

/* The helper's exit status for a command line it cannot parse. */
#define MODCTL_USAGE		255

/*
 * As modctl_run(), for a system call that @test makes through the helper.
 * When the helper did not run or was killed, no system call was made, and
 * its error must not pass for the call's (a missing helper's -ENOENT for
 * delete_module()'s): @test fails, saying so, whatever it asserts next.
 * Without a test (a cleanup action), the error is only returned.
 */
static int modctl_call(struct kunit *test, const char *op, const char *arg1,
		       const char *arg2, const char *arg3, const char *arg4)
{
	int ret = modctl_exec(op, arg1, arg2, arg3, arg4);

	if (test && ret < 0)
		KUNIT_FAIL(test,
			   "the module-control helper did not run for \"%s %s\" (%pe): no system call was made",
			   op, arg1, ERR_PTR(ret));
	else if (test && ret == MODCTL_USAGE)
		KUNIT_FAIL(test, "the module-control helper refused \"%s %s %s %s\"",
			   op, arg1, arg2 ?: "", arg3 ?: "");
	return ret < 0 ? ret : -ret;
}

static int modctl_write(const char *path, const void *data, size_t size)
{
	struct file *file;
	loff_t pos = 0;
	ssize_t written;

	scoped_with_init_fs()
		file = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (IS_ERR(file))
		return PTR_ERR(file);
	written = kernel_write(file, data, size, &pos);
	fput(file);
	/* Release the file now, or executing it fails with ETXTBSY. */
	flush_delayed_fput();
	task_work_run();
	if (written < 0)
		return written;
	return written == size ? 0 : -EIO;
}

static int modctl_install(void)
{
	wait_for_initramfs();
	return modctl_write(MODCTL_PATH, symexport_modctl_blob,
			    symexport_modctl_blob_end - symexport_modctl_blob);
}

static int modctl_setup(void)
{
	int ret;

	ret = modctl_install();
	if (ret)
		return ret;
	/* Without the share the helper still runs: only loads need it. */
	if (IS_ENABLED(CONFIG_HOSTFS))
		modctl_share = modctl_run("mount", "none", MODCTL_HOST_MOUNT, "hostfs", "/");
	else if (IS_ENABLED(CONFIG_9P_FS) && IS_ENABLED(CONFIG_NET_9P_VIRTIO))
		modctl_share = modctl_run("mount", MODCTL_9P_TAG, MODCTL_HOST_MOUNT, "9p",
					  MODCTL_9P_OPTIONS);
	return 0;
}

/**
 * symexport_suite_init() - set up the module-control helper, once per boot
 * @suite: the suite being initialised
 *
 * Writes the userspace helper to the root filesystem and mounts the host's
 * filesystem, the first time any suite calls it.  A failure is remembered
 * and reported by every symexport_load() rather than failing the suite, so
 * that the cases that need no module still run.
 *
 * Return: 0.
 */
int symexport_suite_init(struct kunit_suite *suite)
{
	mutex_lock(&modctl_lock);
	if (modctl_state > 0)
		modctl_state = modctl_setup();
	if (modctl_state)
		pr_err("cannot run the module-control helper: %pe\n",
		       ERR_PTR(modctl_state));
	else if (modctl_share)
		pr_err("no module files: %pe (needs HOSTFS on UML, 9P_FS and a 9p share '%s' in QEMU)\n",
		       ERR_PTR(modctl_share), MODCTL_9P_TAG);
	mutex_unlock(&modctl_lock);
	return 0;
}

/* Each module of symexport_modules.h, at its SYMEXPORT_ID_. */
const struct symexport_module symexport_modules[SYMEXPORT_MODULE_COUNT] = {
#define SYMEXPORT_MODULE(mod, dir_, subdir)					\
	[SYMEXPORT_ID_##mod] = {						\
		.name = #mod, .file = subdir "/" #mod, .dir = SYMEXPORT_##dir_,	\
	},
#include "symexport_modules.h"
#undef SYMEXPORT_MODULE
};

/**
 * symexport_case_init() - check that no symexport module is loaded
 * @test: the case about to run
 *
 * Every case must leave the kernel as it found it; a module still loaded
 * here was left behind by an earlier case, and this case fails saying so.
 *
 * Return: 0.
 */
int symexport_case_init(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(symexport_modules); i++)
		KUNIT_ASSERT_EQ_MSG(test, symexport_refcount(&symexport_modules[i]),
				    SYMEXPORT_NOT_LOADED,
				    "%s is still loaded: an earlier case did not clean up",
				    symexport_modules[i].name);
	return 0;
}

/*
 * Abort @test if the helper cannot run: its errors would otherwise pass
 * for the system call's (a missing helper's -ENOENT for delete_module()'s).
 */
static void modctl_require(struct kunit *test)
{
	if (modctl_state)
		KUNIT_FAIL_AND_ABORT(test, "module-control helper unavailable (%pe)",
				     ERR_PTR(modctl_state));
}

/* Whether @path exists in the root filesystem the helper sees. */
static bool symexport_file_exists(const char *path)
{
	struct path found;
	int err;

	scoped_with_init_fs()
		err = kern_path(path, LOOKUP_FOLLOW, &found);
	if (err)
		return false;
	path_put(&found);
	return true;
}

static int modctl_unload(struct kunit *test, const struct symexport_module *module,
			 const char *flags)
{
	return modctl_call(test, "unload", module->name, flags, NULL, NULL);
}

static void symexport_unload_action(void *data)
{
	const struct symexport_module *module = data;
	int ret = modctl_unload(NULL, module, "");

	if (ret && ret != -ENOENT)
		pr_err("cleanup could not unload %s: %pe\n",
		       module->name, ERR_PTR(ret));
}

KUNIT_DEFINE_ACTION_WRAPPER(vfree_action, vfree, const void *);

/*
 * The path of @module as the helper sees it, freed when @test ends.  @test
 * fails when the helper cannot run, and is skipped when the module cannot
 * be there: no module share, no modules built outside the tree, or a
 * module of ours that was configured out.
 */
static const char *symexport_module_path(struct kunit *test,
					 const struct symexport_module *module)
{
	const char *dir = module_dir;
	char *path;

	/* The helper mounts the share, and makes the system calls. */
	modctl_require(test);
	if (module->dir == SYMEXPORT_ROOT_FS)
		return module->file;
	if (modctl_share)
		kunit_skip(test,
			   "no module files (%pe): UML needs CONFIG_HOSTFS=y, QEMU a 9p share of / tagged \"%s\" (see lib/symexport/configs/qemu.kunitconfig)",
			   ERR_PTR(modctl_share), MODCTL_9P_TAG);
	if (module->dir == SYMEXPORT_OUT_OF_TREE) {
		if (!*ext_dir)
			kunit_skip(test,
				   "needs modules built outside the kernel tree, given as symexport.ext_dir= (Documentation/dev-tools/symexport.rst)");
		dir = ext_dir;
	}
	path = kunit_kzalloc(test, PATH_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, path);
	snprintf(path, PATH_MAX, "%s%s/%s.ko", MODCTL_HOST_MOUNT, dir, module->file);
	/* A module of ours that is not there was configured out. */
	if (module->dir == SYMEXPORT_IN_TREE && !symexport_file_exists(path))
		kunit_skip(test,
			   "%s.ko was not built: say M to its option in lib/symexport/Kconfig",
			   module->file);
	return path;
}

/* Load @module; the caller registers its unload. */
static int symexport_load_path(struct kunit *test, const struct symexport_module *module,
			       const char *params, const char *flags)
{
	return modctl_call(test, "load", symexport_module_path(test, module), params ?: "", flags,
			   NULL);
}

static int symexport_load_flags(struct kunit *test, const struct symexport_module *module,
				const char *params, const char *flags)
{
	int ret = symexport_load_path(test, module, params, flags);

	if (ret == 0)
		KUNIT_ASSERT_EQ_MSG(test,
				    kunit_add_action_or_reset(test, symexport_unload_action,
							      (void *)module), 0,
				    "cannot register the unload of %s", module->name);
	return ret;
}

/**
 * symexport_load() - load a symexport module with finit_module()
 * @test: the running case
 * @module: the module, such as SYMEXPORT_KO(provider), or a file of the root
 *	filesystem (SYMEXPORT_ROOT_FS), such as one written with
 *	symexport_write_file()
 *
 * A module built outside the kernel tree skips @test when the kernel was
 * booted without symexport.ext_dir=, as under a plain kunit.py run.
 *
 * On success the module is unloaded again when @test ends, whatever its
 * result, after everything registered later (such as references taken on
 * it) has been released.  Unloading it earlier with symexport_unload() is
 * allowed.
 *
 * Return: 0, or the negative errno that finit_module() (or the open() of
 * the module file before it) returned.
 */
int symexport_load(struct kunit *test, const struct symexport_module *module)
{
	return symexport_load_flags(test, module, NULL, "");
}

/**
 * symexport_expect_refused() - expect the loader to refuse a module, saying why
 * @test: the running case
 * @module: the module to load, with symexport_load()
 * @err: the negative errno the load must return
 * @text: what the kernel must print while it refuses @module, or NULL if
 *	the refusal is silent
 *
 * Fails @test, naming what the kernel returned and printed instead, unless
 * the load of @module returns @err, the kernel prints @text meanwhile and
 * @module is not loaded afterwards.
 */
void symexport_expect_refused(struct kunit *test, const struct symexport_module *module,
			      int err, const char *text)
{
	struct symexport_log *log = symexport_log_start(test);
	int ret = symexport_load(test, module);

	KUNIT_EXPECT_EQ_MSG(test, ret, err, "loading %s returned %d, not %d",
			    module->name, ret, err);
	if (text)
		SYMEXPORT_EXPECT_LOG(test, log, text);
	KUNIT_EXPECT_EQ_MSG(test, symexport_refcount(module), SYMEXPORT_NOT_LOADED,
			    "%s is loaded after its load returned %d", module->name, ret);
}

/**
 * symexport_load_untracked() - load a module from a thread other than the case's
 * @test: the running case
 * @module: as for symexport_load()
 *
 * Loads as symexport_load() does, but leaves the unload to the case, which
 * registers it with symexport_unload_at_end() before it starts the thread:
 * two threads that load would otherwise register their unloads in the
 * order their loads happened to end.
 *
 * Return: as for symexport_load().
 */
int symexport_load_untracked(struct kunit *test, const struct symexport_module *module)
{
	return symexport_load_path(test, module, NULL, "");
}

/**
 * symexport_unload_at_end() - unload a module when the case ends
 * @test: the running case
 * @module: as for symexport_load()
 *
 * The unload runs in the usual order of KUnit's cleanup actions, after
 * everything registered later; a module that is not loaded by then is
 * left alone.
 */
void symexport_unload_at_end(struct kunit *test, const struct symexport_module *module)
{
	KUNIT_ASSERT_EQ_MSG(test,
			    kunit_add_action_or_reset(test, symexport_unload_action,
						      (void *)module), 0,
			    "cannot register the unload of %s", module->name);
}

/**
 * symexport_load_params() - load a module with parameters
 * @test: the running case
 * @module: as for symexport_load()
 * @params: the parameter string finit_module() gets, such as "answer=1"
 *
 * Return: as for symexport_load().
 */
int symexport_load_params(struct kunit *test, const struct symexport_module *module,
			  const char *params)
{
	return symexport_load_flags(test, module, params, "");
}

/**
 * symexport_load_unprivileged() - load a module without CAP_SYS_MODULE
 * @test: the running case
 * @module: as for symexport_load()
 *
 * The helper opens the file as root and then drops to an unprivileged user
 * before it calls finit_module().
 *
 * Return: as for symexport_load().
 */
int symexport_load_unprivileged(struct kunit *test, const struct symexport_module *module)
{
	return symexport_load_flags(test, module, NULL, "u");
}

/* The symexport_modctl load letters of each enum symexport_call. */
static const char *const symexport_call_flags[] = {
	[SYMEXPORT_FINIT]		= "",
	[SYMEXPORT_FINIT_WRITE_ONLY_FD]	= "w",
	[SYMEXPORT_FINIT_READ_WRITE_FD]	= "W",
	[SYMEXPORT_FINIT_BAD_FD]	= "x",
	[SYMEXPORT_FINIT_UNKNOWN_FLAG]	= "F",
	[SYMEXPORT_FINIT_BAD_PARAMS]	= "a",
	[SYMEXPORT_INIT_BUFFER]		= "i",
	[SYMEXPORT_INIT_EMPTY]		= "z",
	[SYMEXPORT_INIT_BAD_ADDRESS]	= "A",
	[SYMEXPORT_FINIT_IGNORE_VERMAGIC] = "V",
	[SYMEXPORT_FINIT_IGNORE_MODVERSIONS] = "M",
};

/**
 * symexport_load_call() - load a module with another system call
 * @test: the running case
 * @module: as for symexport_load()
 * @call: which call, with which arguments (enum symexport_call)
 *
 * The calls LTP's init_module and finit_module tests make: most of them
 * must be refused, and init_module() of the file's contents is the other
 * way to load a module.  A module that does load is unloaded when @test
 * ends, as after symexport_load().
 *
 * Return: as for symexport_load().
 */
int symexport_load_call(struct kunit *test, const struct symexport_module *module,
			enum symexport_call call)
{
	if (WARN_ON(call >= ARRAY_SIZE(symexport_call_flags)))
		return -EINVAL;
	return symexport_load_flags(test, module, NULL, symexport_call_flags[call]);
}

/**
 * symexport_unload_bad_address() - delete_module() of an unmapped name
 * @test: the running case
 *
 * Return: 0, or the negative errno that delete_module() returned.
 */
int symexport_unload_bad_address(struct kunit *test)
{
	modctl_require(test);
	return modctl_unload(test, SYMEXPORT_NAMED(""), "a");
}

/**
 * symexport_unload_unprivileged() - delete_module() without CAP_SYS_MODULE
 * @test: the running case
 * @module: the module; only its name is used
 *
 * Return: 0, or the negative errno that delete_module() returned.
 */
int symexport_unload_unprivileged(struct kunit *test, const struct symexport_module *module)
{
	modctl_require(test);
	return modctl_unload(test, module, "u");
}

/**
 * symexport_unload_forced() - delete_module(O_NONBLOCK | O_TRUNC)
 * @test: the running case
 * @module: the module; only its name is used
 *
 * With CONFIG_MODULE_FORCE_UNLOAD=y, O_TRUNC removes a module that
 * references or a missing exit function would keep, and taints the kernel
 * 'R'; without it, the flag changes nothing.  A reference held through
 * symexport_module_get() must be handed over with symexport_module_forget()
 * first: once the module is gone it cannot be put.
 *
 * Return: 0, or the negative errno that delete_module() returned.
 */
int symexport_unload_forced(struct kunit *test, const struct symexport_module *module)
{
	modctl_require(test);
	return modctl_unload(test, module, "f");
}

#define MODCTL_DEBUGFS		"/debugfs"
#define MODCTL_KMEMLEAK		MODCTL_DEBUGFS "/kmemleak"
#define MODCTL_PROC		"/proc"

/* Mount a filesystem of @type at @target in the root filesystem, once a boot. */
static int modctl_mount_once(bool *mounted, const char *target, const char *type)
{
	int ret = 0;

	mutex_lock(&modctl_lock);
	if (!*mounted) {
		ret = modctl_run("mount", "none", target, type, NULL);
		*mounted = !ret;
	}
	mutex_unlock(&modctl_lock);
	return ret;
}

static bool debugfs_mounted;

/**
 * symexport_kmemleak_scan() - have kmemleak scan memory now
 * @test: the running case
 * @clear: then have kmemleak forget the objects it reported
 *
 * Mounts debugfs in the root filesystem (once per boot) and has the
 * helper write "stack=off" and "scan" twice to its kmemleak file, which
 * scans memory at once, and count the reports the file then holds.
 * kmemleak reports only objects older than five seconds that were
 * unreferenced and unchanged in two scans, and each object once; dead
 * frames of live task stacks would hide leaks, so stacks are not scanned.
 * With @clear, the helper then writes "clear", so that a later scan
 * reports only objects that were not reported yet: a baseline.  It writes
 * "stack=on", kmemleak's default, last.
 *
 * Return: the number of unreferenced objects kmemleak reports (at most
 * 254), or a negative errno if it could not scan.  @test fails if the
 * helper cannot run.
 */
int symexport_kmemleak_scan(struct kunit *test, bool clear)
{
	int ret;

	modctl_require(test);
	ret = modctl_mount_once(&debugfs_mounted, MODCTL_DEBUGFS, "debugfs");
	if (ret)
		return ret;
	ret = modctl_exec("kmemleak", MODCTL_KMEMLEAK, clear ? "clear" : NULL, NULL, NULL);
	return ret == MODCTL_USAGE ? -EIO : ret;
}

/* The helper's exit status when the load made fewer allocations than asked. */
#define MODCTL_NOT_REACHED	253
/* How far symexport_load_failing_alloc() looks for its allocation. */
#define SYMEXPORT_FAIL_NTH_MAX	64
/* What fault injection prints (then a stack trace) when it fails an allocation. */
#define SYMEXPORT_FAULT_INJECTED "FAULT_INJECTION: forcing a failure."

static bool proc_mounted;

/**
 * symexport_load_failing_alloc() - load a module with one allocation failed
 * @test: the running case
 * @module: the module to load, as for symexport_load()
 * @function: a function the stack trace of the allocation to fail names:
 *	the one that allocates, or the caller it is inlined into
 *
 * Loads @module with finit_module() with the first allocation of the call
 * that failslab may fail (one that may not sleep to reclaim memory, such
 * as GFP_ATOMIC, by its default) failed (fault injection's fail-nth, which the
 * helper sets just before the call), then the second, and so on, until
 * the kernel's report of the injected failure names @function in its
 * stack trace: the load's result then is what the loader makes of that
 * one failure.  A load that succeeded on the way is unloaded again.
 * Needs CONFIG_FAILSLAB=y; @test fails if no allocation up to the 64th is
 * made by @function.
 *
 * Return: as for symexport_load(), for the load whose failed allocation
 * was made by @function.
 */
int symexport_load_failing_alloc(struct kunit *test, const struct symexport_module *module,
				 const char *function)
{
	const char *path = symexport_module_path(test, module);
	struct symexport_log *log;
	char nth[12];
	int n, ret = 0;

	KUNIT_ASSERT_EQ_MSG(test, modctl_mount_once(&proc_mounted, MODCTL_PROC, "proc"), 0,
			    "cannot mount procfs, whose fail-nth fault injection needs");
	for (n = 1; n <= SYMEXPORT_FAIL_NTH_MAX; n++) {
		snprintf(nth, sizeof(nth), "%d", n);
		log = symexport_log_start(test);
		ret = modctl_call(test, "load", path, "", "", nth);
		if (ret == -MODCTL_NOT_REACHED) {
			KUNIT_FAIL(test,
				   "loading %s made %d allocations that failslab may fail, none in %s",
				   module->name, n - 1, function);
			break;
		}
		/* Only a failure that fault injection reports names where it was. */
		if (symexport_log_contains(log, SYMEXPORT_FAULT_INJECTED) &&
		    symexport_log_contains(log, function))
			break;
		/* Another allocation failed: what the loader made of it is not asked. */
		if (ret == 0)
			KUNIT_ASSERT_EQ_MSG(test, modctl_unload(test, module, ""), 0,
					    "cannot unload %s between two loads", module->name);
	}
	if (n > SYMEXPORT_FAIL_NTH_MAX)
		KUNIT_FAIL(test, "loading %s made no allocation in %s in its first %d",
			   module->name, function, SYMEXPORT_FAIL_NTH_MAX);
	/* Loaded, whether or not it should have been: unloaded at the end. */
	if (symexport_refcount(module) != SYMEXPORT_NOT_LOADED)
		KUNIT_ASSERT_EQ_MSG(test,
				    kunit_add_action_or_reset(test, symexport_unload_action,
							      (void *)module), 0,
				    "cannot register the unload of %s", module->name);
	return ret;
}

/**
 * symexport_write_file() - write a file to the root filesystem
 * @path: an absolute path
 * @data: the contents
 * @len: the length of @data
 *
 * For files that symexport_load() should be given, such as a module cut
 * short.  The file stays until the next boot.
 *
 * Return: 0 or a negative errno.
 */
int symexport_write_file(const char *path, const void *data, size_t len)
{
	return modctl_write(path, data, len);
}

/**
 * symexport_read_module() - read a module file into memory
 * @test: the running case, which owns the returned buffer
 * @module: the module as for symexport_load(), below the module directory
 * @size: set to the file's size
 *
 * @test is skipped, as by symexport_load(), when the module cannot be there.
 *
 * Return: the contents, or NULL on error.
 */
void *symexport_read_module(struct kunit *test, const struct symexport_module *module, size_t *size)
{
	const char *path = symexport_module_path(test, module);
	void *buf = NULL;
	ssize_t ret;

	scoped_with_init_fs()
		ret = kernel_read_file_from_path(path, 0, &buf, INT_MAX, NULL,
						 READING_UNKNOWN);
	if (ret < 0)
		return NULL;
	/* kernel_read_file() allocates with vmalloc(). */
	if (kunit_add_action_or_reset(test, vfree_action, buf))
		return NULL;
	*size = ret;
	return buf;
}

/**
 * symexport_unload() - remove a module with delete_module(O_NONBLOCK)
 * @test: the running case
 * @module: the module; only its name is used
 *
 * A successful removal cancels one unload that symexport_load() of the
 * same @module left for the end of @test, so that a case loading and
 * removing a module many times leaves no pile of them.
 *
 * Return: 0, or the negative errno that delete_module() returned.
 */
int symexport_unload(struct kunit *test, const struct symexport_module *module)
{
	int ret;

	modctl_require(test);
	ret = modctl_unload(test, module, "");
	if (ret == 0)
		kunit_remove_action(test, symexport_unload_action, (void *)module);
	return ret;
}

/**
 * symexport_refcount() - module_refcount() of a loaded module
 * @module: the module; only its name is used
 *
 * Return: the module's reference count, or SYMEXPORT_NOT_LOADED if no
 * module of that name is loaded.
 */
int symexport_refcount(const struct symexport_module *module)
{
	struct module *mod;
	int ret = SYMEXPORT_NOT_LOADED;

	preempt_disable();
	mod = find_module(module->name);
	if (mod)
		ret = module_refcount(mod);
	preempt_enable();
	return ret;
}

/**
 * symexport_uses() - whether one loaded module depends on another
 * @user: the module that uses symbols
 * @module: the module whose symbols it may use
 *
 * This is the dependency that lsmod shows as "Used by" and that makes
 * rmmod say "Module ... is in use by: ...".  It is read where user space
 * reads it, as the link /sys/module/@module/holders/@user that the loader
 * adds with the dependency, through kernfs and without touching the
 * loader's own lists (their entries are private to kernel/module/).
 *
 * Return: true if @module's holders directory has an entry for @user.
 */
bool symexport_uses(const struct symexport_module *user, const struct symexport_module *module)
{
	struct kernfs_node *holders, *link;
	char path[MODULE_NAME_LEN + sizeof("/holders")];
	bool found;

	snprintf(path, sizeof(path), "%s/holders", module->name);
	holders = kernfs_walk_and_get(module_kset->kobj.sd, path);
	if (!holders)
		return false;
	link = kernfs_find_and_get(holders, user->name);
	found = link;
	kernfs_put(link);
	kernfs_put(holders);
	return found;
}

/**
 * symexport_uses_any() - whether a loaded module depends on any module
 * @test: the running case, aborted if memory for the walk runs out
 * @user: the module that may use symbols
 *
 * Looks for @user in the holders/ directory of every module in sysfs,
 * which is where the loader records each dependency it adds (see
 * symexport_uses()).  The directories are collected with a reference on
 * their kobjects under the module kset's lock and searched after it is
 * dropped, since a kernfs lookup may sleep.
 *
 * Return: true if some module's holders directory has an entry for @user.
 */
bool symexport_uses_any(struct kunit *test, const struct symexport_module *user)
{
	const char *name = user->name;
	struct kernfs_node *holders, *link, *dir;
	struct kobject *k, **objs;
	unsigned int i, n = 0, max = 1;
	bool found = false;

	spin_lock(&module_kset->list_lock);
	list_for_each_entry(k, &module_kset->list, entry)
		max++;
	spin_unlock(&module_kset->list_lock);

	/*
	 * Modules loaded after the count are not the ones asked about; max
	 * starts at 1, so that the array is never empty.
	 */
	objs = kunit_kcalloc(test, max, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	spin_lock(&module_kset->list_lock);
	list_for_each_entry(k, &module_kset->list, entry) {
		if (n == max)
			break;
		if (kobject_get_unless_zero(k))
			objs[n++] = k;
	}
	spin_unlock(&module_kset->list_lock);

	for (i = 0; i < n; i++) {
		/* A kobject joins the kset just before its directory exists. */
		dir = READ_ONCE(objs[i]->sd);
		holders = found || !dir ? NULL : kernfs_find_and_get(dir, "holders");
		if (holders) {
			link = kernfs_find_and_get(holders, name);
			found = link;
			kernfs_put(link);
			kernfs_put(holders);
		}
		kobject_put(objs[i]);
	}
	kunit_kfree(test, objs);
	return found;
}

KUNIT_DEFINE_ACTION_WRAPPER(module_put_action, module_put, struct module *);

/**
 * symexport_module_get() - take a reference on a loaded module
 * @test: the running case
 * @module: the module; only its name is used
 *
 * Looks the module up and takes a reference with try_module_get(), which
 * is released with module_put() when @test ends.
 *
 * Return: the module, or NULL if it is not loaded or is going away.
 */
struct module *symexport_module_get(struct kunit *test, const struct symexport_module *module)
{
	struct module *mod;

	preempt_disable();
	mod = find_module(module->name);
	if (mod && !try_module_get(mod))
		mod = NULL;
	preempt_enable();
	if (mod && kunit_add_action_or_reset(test, module_put_action, mod))
		return NULL;
	return mod;
}

/**
 * symexport_module_put() - drop a reference from symexport_module_get() now
 * @test: the running case
 * @mod: the module returned by symexport_module_get()
 */
void symexport_module_put(struct kunit *test, struct module *mod)
{
	kunit_release_action(test, module_put_action, mod);
}

/**
 * symexport_module_forget() - stop releasing a reference when the case ends
 * @test: the running case
 * @mod: the module returned by symexport_module_get()
 *
 * For a reference that a forced removal is about to take away with the
 * module: the caller puts it itself if the module stays.
 */
void symexport_module_forget(struct kunit *test, struct module *mod)
{
	kunit_remove_action(test, module_put_action, mod);
}

KUNIT_DEFINE_ACTION_WRAPPER(symbol_put_action, __symbol_put, const char *);

const char *const symexport_gpl_export = "symexport_provider_gpl_mul";

/**
 * symexport_symbol_get() - symbol_get() by name, released when the case ends
 * @test: the running case
 * @symbol: the name of an exported symbol
 *
 * Return: what __symbol_get() returned: the symbol's address, with a
 * reference on its owner that __symbol_put() drops when @test ends, or NULL.
 */
void *symexport_symbol_get(struct kunit *test, const char *symbol)
{
	void *addr = __symbol_get(symbol);

	if (addr &&
	    kunit_add_action_or_reset(test, symbol_put_action, (void *)symbol))
		return NULL;
	return addr;
}

/**
 * symexport_symbol_put() - drop a reference from symexport_symbol_get() now
 * @test: the running case
 * @symbol: the same pointer that was passed to symexport_symbol_get()
 */
void symexport_symbol_put(struct kunit *test, const char *symbol)
{
	kunit_release_action(test, symbol_put_action, (void *)symbol);
}

static void *hold_module_get(struct kunit *test)
{
	return symexport_module_get(test, SYMEXPORT_KO(provider));
}

static void hold_module_put(struct kunit *test, void *mod)
{
	symexport_module_put(test, mod);
}

static void *hold_symbol_get(struct kunit *test)
{
	return symexport_symbol_get(test, symexport_gpl_export);
}

static void hold_symbol_put(struct kunit *test, void *addr)
{
	symexport_symbol_put(test, symexport_gpl_export);
}

/* A module's own reference (try_module_get), and one that symbol_get() takes for its export. */
const struct symexport_hold symexport_holds[2] = {
	{ "try_module_get", "module_put", hold_module_get, hold_module_put },
	{ "symbol_get", "symbol_put", hold_symbol_get, hold_symbol_put },
};

/**
 * symexport_hold_desc() - name a symexport_holds[] parameter by its call
 * @hold: the parameter
 * @desc: where KUnit wants the description
 */
void symexport_hold_desc(const struct symexport_hold *hold, char *desc)
{
	strscpy(desc, hold->get, KUNIT_PARAM_DESC_SIZE);
}

/**
 * symexport_skip_unless_modular() - skip a case that must load modules
 * @test: the running case
 *
 * Load and unload cases need the provider and consumers built as modules.
 */
void symexport_skip_unless_modular(struct kunit *test)
{
	if (!IS_MODULE(CONFIG_SYMEXPORT_PROVIDER) ||
	    !IS_MODULE(CONFIG_SYMEXPORT_CONSUMER) ||
	    !IS_MODULE(CONFIG_SYMEXPORT_CONSUMER_SINGLE))
		kunit_skip(test,
			   "provider or consumers are built in: set CONFIG_SYMEXPORT_PROVIDER=m and CONFIG_SYMEXPORT_CONSUMER*=m to run the load and unload cases");
}

/**
 * symexport_missing_crc_refused() - the kernel's rule for a missing CRC
 *
 * Upstream, a module that has no CRC for a symbol it uses is loaded, with
 * "no symbol version for" printed once per boot.  Debian's kernels carry
 * "module: Disable matching missing version CRC" and refuse it (EINVAL),
 * warning each time.  Nothing in the running kernel tells the two apart,
 * so the kernel command line says which kernel this is
 * (symexport.missing_crc=refuse for Debian's; the default is upstream's).
 *
 * Return: true if the kernel under test refuses a symbol without a CRC.
 */
bool symexport_missing_crc_refused(void)
{
	return !strcmp(missing_crc, "refuse");
}

/**
 * symexport_require_own_boot() - skip a case unless it has a boot of its own
 * @test: the running case
 *
 * Loading a module whose license is not GPL-compatible taints the kernel
 * 'P' until the next boot and turns lock debugging off, a forced removal
 * taints it 'R', and a module without an exit function stays loaded, so
 * such a case runs only in a boot of its own (symexport.own_boot=1, one
 * boot per case), and asserts that it starts with none of the taints
 * SYMEXPORT_OWN_BOOT_TAINTS.
 */
void symexport_require_own_boot(struct kunit *test)
{
	unsigned long taints = get_taint() & SYMEXPORT_OWN_BOOT_TAINTS;

	if (!own_boot)
		kunit_skip(test,
			   "taints the kernel or leaves a module loaded, so it needs a boot of its own: kunit.py run --run_isolated=test --kernel_args=symexport.own_boot=1 with this case's name");
	KUNIT_ASSERT_EQ_MSG(test, taints, 0UL,
			    "the kernel is already tainted '%s': this case needs a boot of its own (--run_isolated=test)",
			    symexport_taint_letters(test, taints));
}

/**
 * symexport_module_taints() - the taint flags of a loaded module
 * @module: the module; only its name is used
 * @taints: set to the module's taints (TAINT_* bits) if it is loaded
 *
 * Return: true if the module is loaded.
 */
bool symexport_module_taints(const struct symexport_module *module, unsigned long *taints)
{
	struct module *mod;

	preempt_disable();
	mod = find_module(module->name);
	if (mod)
		*taints = mod->taints;
	preempt_enable();
	return mod;
}

/**
 * symexport_taint_letters() - taint flags as the letters the kernel prints
 * @test: the running case, which owns the returned string
 * @taints: TAINT_* bits
 *
 * Return: the letters, such as "PO", or "-" for none.
 */
const char *symexport_taint_letters(struct kunit *test, unsigned long taints)
{
	char *buf = kunit_kzalloc(test, TAINT_FLAGS_COUNT + 2, GFP_KERNEL);
	int i, len = 0;

	if (!buf)
		return "?";
	for (i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (taints & BIT(i))
			buf[len++] = taint_flags[i].c_true;
	if (!len)
		buf[len++] = '-';
	return buf;
}

/**
 * symexport_log_start() - start capturing kernel messages
 * @test: the running case, which owns the returned log
 *
 * Return: the log that symexport_log_contains() will look in.
 */
struct symexport_log *symexport_log_start(struct kunit *test)
{
	struct symexport_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct kmsg_dump_iter iter;

	KUNIT_ASSERT_NOT_NULL(test, log);
	kmsg_dump_rewind(&iter);
	log->start_seq = iter.next_seq;
	return log;
}

/* What symexport_log_contains() prints to close an open message. */
#define SYMEXPORT_LOG_MARK "reading the kernel log"

/*
 * Whether @line is KUnit's own output (KTAP): kept out of the log, since a
 * failure message that quoted it would read to kunit.py as results.
 */
static bool symexport_ktap_line(const char *line)
{
	line = skip_spaces(line);
	return str_has_prefix(line, "ok ") || str_has_prefix(line, "not ok ") ||
	       str_has_prefix(line, "# ") || str_has_prefix(line, "KTAP version") ||
	       str_has_prefix(line, "1..");
}

/**
 * symexport_log_contains() - whether the kernel printed something
 * @log: started with symexport_log_start()
 * @text: the text to look for, within one line
 *
 * Looks at every message printed since symexport_log_start(), however
 * many there were.
 *
 * Return: true if one of them contains @text.  @log->buf then holds the
 * first of them, for a failure message.
 */
bool symexport_log_contains(struct symexport_log *log, const char *text)
{
	struct kmsg_dump_iter iter;
	bool found = false;
	size_t len;

	/*
	 * A message without a newline (check_modinfo_livepatch()'s) stays
	 * open, and out of kmsg_dump's reach, until the next one: close it.
	 */
	pr_debug(SYMEXPORT_LOG_MARK "\n");
	kmsg_dump_rewind(&iter);
	if (iter.cur_seq < log->start_seq)
		iter.cur_seq = log->start_seq;
	log->len = 0;
	log->buf[0] = '\0';
	while (kmsg_dump_get_line(&iter, false, log->line, sizeof(log->line) - 1, &len)) {
		log->line[len] = '\0';
		if (symexport_ktap_line(log->line) || strstr(log->line, SYMEXPORT_LOG_MARK))
			continue;
		if (strstr(log->line, text))
			found = true;
		if (log->len + len < sizeof(log->buf)) {
			memcpy(log->buf + log->len, log->line, len + 1);
			log->len += len;
		}
	}
	return found;
}
