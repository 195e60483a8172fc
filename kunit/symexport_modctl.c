// SPDX-License-Identifier: GPL-2.0-only
/*
 * symexport_modctl: the userspace half of the symexport module-control
 * helper.  Built against the kernel's nolibc as a small static program,
 * embedded in the KUnit suite and run with call_usermodehelper(), so that
 * the suite loads and unloads modules through the real system calls.
 *
 *   symexport_modctl mount SOURCE TARGET FSTYPE [DATA]
 *   symexport_modctl load PATH [PARAMS [FLAGS]]
 *   symexport_modctl unload NAME [FLAGS]
 *
 * FLAGS is a string of letters: 'u' drops CAP_SYS_MODULE (and every other
 * capability) by becoming an unprivileged user first; 'f' forces an unload
 * (O_TRUNC).
 *
 * The exit status is 0 on success and the system call's errno otherwise,
 * SYMEXPORT_MODCTL_USAGE for a malformed command line.
 */

#define SYMEXPORT_MODCTL_USAGE	255

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
	ret = my_syscall1(__NR_setuid, 65534);
	return ret < 0 ? -ret : 0;
}

static int modctl_load(int argc, char **argv)
{
	const char *params = argc > 3 ? argv[3] : "";
	const char *flags = argc > 4 ? argv[4] : "";
	long ret;
	int fd;

	if (argc < 3)
		return SYMEXPORT_MODCTL_USAGE;
	fd = open(argv[2], O_RDONLY, 0);
	if (fd < 0)
		return errno;
	ret = modctl_drop_privileges(flags);
	if (ret)
		return ret;
	ret = my_syscall3(__NR_finit_module, fd, params, 0);
	close(fd);
	return ret < 0 ? -ret : 0;
}

static int modctl_unload(int argc, char **argv)
{
	const char *flags = argc > 3 ? argv[3] : "";
	int oflags = O_NONBLOCK;
	long ret;

	if (argc < 3)
		return SYMEXPORT_MODCTL_USAGE;
	if (strchr(flags, 'f'))
		oflags |= O_TRUNC;
	ret = modctl_drop_privileges(flags);
	if (ret)
		return ret;
	ret = my_syscall2(__NR_delete_module, argv[2], oflags);
	return ret < 0 ? -ret : 0;
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
	return SYMEXPORT_MODCTL_USAGE;
}
