// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_modctl: the userspace half of the symexport module-control
 * helper.  Built against the kernel's nolibc as a small static program,
 * embedded in the KUnit suite and run with call_usermodehelper(), so that
 * the suite loads and unloads modules through the real system calls.
 *
 *   symexport_modctl mount SOURCE TARGET FSTYPE [DATA]
 *   symexport_modctl load PATH [PARAMS [FLAGS [NTH]]]
 *   symexport_modctl unload NAME [FLAGS]
 *   symexport_modctl kmemleak FILE [clear]
 *
 * FLAGS is a string of letters: 'u' drops CAP_SYS_MODULE (and every other
 * capability) by becoming an unprivileged user first; 'f' forces an unload
 * (O_TRUNC); 'a' gives the system call an unmapped address instead of the
 * name (unload) or the parameter string (load).  The other letters of load
 * make a call that the kernel must refuse, or the other load call:
 *   'w', 'W'	finit_module() of a descriptor opened O_WRONLY, O_RDWR
 *   'x'	finit_module(-1, ...)
 *   'F'	finit_module() with a flag the kernel does not define
 *   'V'	finit_module(MODULE_INIT_IGNORE_VERMAGIC): modprobe --force
 *   'M'	finit_module(MODULE_INIT_IGNORE_MODVERSIONS): modprobe --force-modversion
 *   'i'	init_module() of the file's contents
 *   'z', 'A'	init_module() of 0 bytes, of an unmapped address
 * With NTH, it writes NTH to /proc/thread-self/fail-nth just before the
 * load call (procfs mounted at /proc, CONFIG_FAULT_INJECTION): fault
 * injection fails the NTH allocation of the call that it may fail.  If
 * the call made fewer, it exits with SYMEXPORT_MODCTL_NOT_REACHED, and
 * a module it loaded stays loaded.
 *
 * "kmemleak" writes "stack=off" and twice "scan" to FILE (the kmemleak file
 * in debugfs), which scans memory at once, task stacks left out, then reads
 * FILE and exits with the number of "unreferenced object" reports in it (at
 * most SYMEXPORT_MODCTL_MAX_LEAKS), or SYMEXPORT_MODCTL_USAGE if it cannot.
 * With "clear" it then writes "clear", so that a later scan reports only
 * newer objects.  Either way it writes "stack=on" last, kmemleak's default.
 *
 * The exit status is 0 on success and the system call's errno otherwise,
 * SYMEXPORT_MODCTL_USAGE for a malformed command line.
 */

#include <linux/module.h>

/* nolibc's raw system calls. */
#ifdef __nolibc_syscall1
#define modctl_syscall1 __nolibc_syscall1
#define modctl_syscall2 __nolibc_syscall2
#define modctl_syscall3 __nolibc_syscall3
#else
/* Up to 6.12 they were my_syscallN(). */
#define modctl_syscall1 my_syscall1
#define modctl_syscall2 my_syscall2
#define modctl_syscall3 my_syscall3
#endif

#define SYMEXPORT_MODCTL_USAGE		255
#define SYMEXPORT_MODCTL_MAX_LEAKS	254
#define SYMEXPORT_MODCTL_NOT_REACHED	253
#define SYMEXPORT_MODCTL_FAIL_NTH	"/proc/thread-self/fail-nth"
#define SYMEXPORT_MODCTL_LEAK		"unreferenced object"
/* An address no process has mapped: the first page is never mapped. */
#define SYMEXPORT_MODCTL_UNMAPPED	((void *)16)
/* A finit_module() flag no kernel defines (they use the lowest three bits). */
#define SYMEXPORT_MODCTL_UNKNOWN_FLAG	0x40000000

static char kmemleak_buf[4096];
static char module_buf[1 << 20];

static int modctl_mount(int argc, char **argv)
{
	if (argc < 5)
		return SYMEXPORT_MODCTL_USAGE;
	if (mkdir(argv[3], 0755) && errno != EEXIST)
		return errno;
	if (mount(argv[2], argv[3], argv[4], 0, argc > 5 ? argv[5] : NULL))
		return errno;
	return 0;
}

/* Without SECBIT_KEEP_CAPS, leaving uid 0 clears every capability. */
static int modctl_drop_privileges(const char *flags)
{
	long ret;

	if (!strchr(flags, 'u'))
		return 0;
	ret = modctl_syscall1(__NR_setuid, 65534);
	return ret < 0 ? -ret : 0;
}

/* init_module() of the file behind @fd, or of what @flags asks for instead. */
static long modctl_init_module(int fd, const char *params, const char *flags)
{
	void *buf = module_buf;
	ssize_t len = 0, got;

	if (strchr(flags, 'A')) {
		buf = SYMEXPORT_MODCTL_UNMAPPED;
		len = 4096;	/* more than an ELF header, or ENOEXEC comes first */
	} else if (!strchr(flags, 'z'))
		while ((got = read(fd, module_buf + len, sizeof(module_buf) - len)) > 0)
			len += got;
	if (len == sizeof(module_buf))
		return -SYMEXPORT_MODCTL_USAGE;
	return modctl_syscall3(__NR_init_module, buf, len, params);
}

/*
 * Whether fault injection has failed the allocation that fail-nth counted
 * down to, read from @fd: opened before the count was set, as opening the
 * file could take that allocation.
 */
static int modctl_fail_nth_reached(int fd)
{
	char left[16] = "";

	if (read(fd, left, sizeof(left) - 1) <= 0)
		return 0;
	return left[0] == '0';
}

static int modctl_load(int argc, char **argv)
{
	const char *params = argc > 3 ? argv[3] : "";
	const char *flags = argc > 4 ? argv[4] : "";
	int mode = O_RDONLY, fd = -1, finit_flags = 0, nth_fd = -1, left_fd = -1;
	long ret;

	if (argc < 3)
		return SYMEXPORT_MODCTL_USAGE;
	if (strchr(flags, 'w'))
		mode = O_WRONLY;
	if (strchr(flags, 'W'))
		mode = O_RDWR;
	if (!strchr(flags, 'x')) {
		fd = open(argv[2], mode, 0);
		if (fd < 0)
			return errno;
	}
	if (strchr(flags, 'a'))
		params = SYMEXPORT_MODCTL_UNMAPPED;
	if (strchr(flags, 'F'))
		finit_flags = SYMEXPORT_MODCTL_UNKNOWN_FLAG;
	if (strchr(flags, 'V'))
		finit_flags = MODULE_INIT_IGNORE_VERMAGIC;
	if (strchr(flags, 'M'))
		finit_flags = MODULE_INIT_IGNORE_MODVERSIONS;
	ret = modctl_drop_privileges(flags);
	if (ret)
		return ret;
	if (argc > 5) {
		nth_fd = open(SYMEXPORT_MODCTL_FAIL_NTH, O_WRONLY, 0);
		left_fd = open(SYMEXPORT_MODCTL_FAIL_NTH, O_RDONLY, 0);
		if (nth_fd < 0 || left_fd < 0)
			return errno;
		if (write(nth_fd, argv[5], strlen(argv[5])) != (ssize_t)strlen(argv[5]))
			return errno ?: EIO;
	}
	if (strchr(flags, 'i') || strchr(flags, 'z') || strchr(flags, 'A'))
		ret = modctl_init_module(fd, params, flags);
	else
		ret = modctl_syscall3(__NR_finit_module, fd, params, finit_flags);
	if (left_fd >= 0 && !modctl_fail_nth_reached(left_fd))
		return SYMEXPORT_MODCTL_NOT_REACHED;
	if (fd >= 0)
		close(fd);
	return ret < 0 ? -ret : 0;
}

static int modctl_unload(int argc, char **argv)
{
	const char *flags = argc > 3 ? argv[3] : "";
	const char *name = argv[2];
	int oflags = O_NONBLOCK;
	long ret;

	if (argc < 3)
		return SYMEXPORT_MODCTL_USAGE;
	if (strchr(flags, 'f'))
		oflags |= O_TRUNC;
	/* Not in the call: its arguments are bound to registers, which a call clobbers. */
	if (strchr(flags, 'a'))
		name = SYMEXPORT_MODCTL_UNMAPPED;
	ret = modctl_drop_privileges(flags);
	if (ret)
		return ret;
	ret = modctl_syscall2(__NR_delete_module, name, oflags);
	return ret < 0 ? -ret : 0;
}

static int modctl_kmemleak(int argc, char **argv)
{
	const size_t len = sizeof(SYMEXPORT_MODCTL_LEAK) - 1;
	size_t have = 0, i;
	int fd, leaks = 0;
	ssize_t got;

	if (argc < 3)
		return SYMEXPORT_MODCTL_USAGE;
	fd = open(argv[2], O_RDWR, 0);
	if (fd < 0)
		return SYMEXPORT_MODCTL_USAGE;
	/*
	 * Dead frames of live kernel stacks keep stale pointers that would
	 * hide a leak: scan without the stacks.  kmemleak reports an object
	 * only once its checksum is the same in two scans: scan twice.
	 */
	if (write(fd, "stack=off", 9) != 9 || write(fd, "scan", 4) != 4 ||
	    write(fd, "scan", 4) != 4) {
		close(fd);
		return SYMEXPORT_MODCTL_USAGE;
	}
	lseek(fd, 0, SEEK_SET);
	/* Count the reports, keeping a partial match across reads. */
	while ((got = read(fd, kmemleak_buf + have, sizeof(kmemleak_buf) - have)) > 0) {
		have += got;
		for (i = 0; i + len <= have; i++)
			if (!memcmp(kmemleak_buf + i, SYMEXPORT_MODCTL_LEAK, len))
				leaks++;
		if (have >= len) {
			memmove(kmemleak_buf, kmemleak_buf + have - (len - 1), len - 1);
			have = len - 1;
		}
	}
	if (got < 0 || (argc > 3 && !strcmp(argv[3], "clear") && write(fd, "clear", 5) != 5) ||
	    write(fd, "stack=on", 8) != 8) {
		close(fd);
		return SYMEXPORT_MODCTL_USAGE;
	}
	close(fd);
	return leaks < SYMEXPORT_MODCTL_MAX_LEAKS ? leaks : SYMEXPORT_MODCTL_MAX_LEAKS;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return SYMEXPORT_MODCTL_USAGE;
	if (!strcmp(argv[1], "mount"))
		return modctl_mount(argc, argv);
	if (!strcmp(argv[1], "load"))
		return modctl_load(argc, argv);
	if (!strcmp(argv[1], "unload"))
		return modctl_unload(argc, argv);
	if (!strcmp(argv[1], "kmemleak"))
		return modctl_kmemleak(argc, argv);
	return SYMEXPORT_MODCTL_USAGE;
}
