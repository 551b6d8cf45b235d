// SPDX-License-Identifier: LGPL-2.1-or-later
/* Run inside a container (static, no libraries): tries the calls the
 * seccomp policies answer and prints one line each, "CALL ok" or "CALL
 * ERRNO-NAME".  Harmless: a handle of the container's own "/", keyctl
 * reading the session keyring's id; on x86_64 also through the i386 and
 * x32 entry points, with arguments the kernel itself refuses (EFAULT,
 * EBADF, or ENOSYS where it lacks the ABI) so that EPERM/ENOSYS can only
 * come from the filter.
 *   seccomp-probe --under-filter CMD ARGS: runs CMD under an allow-all
 *   filter (and no_new_privs), as a runtime that is confined already. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *call, long r)
{
	printf("%s %s\n", call, r >= 0 ? "ok" : strerrorname_np(errno));
}

#ifdef __x86_64__
/* -errno as the kernel returns it */
static long call_i386(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static long call_x32(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr | 0x40000000L), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static void report_raw(const char *call, long r)
{
	printf("%s %s\n", call, r >= 0 ? "ok" : strerrorname_np((int)-r));
}
#endif

static int under_filter(char **argv)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		perror("seccomp-probe: cannot load a filter");
		return 125;
	}
	execvp(argv[0], argv);
	perror("seccomp-probe: cannot execute");
	return 127;
}

int main(int argc, char **argv)
{
	struct {
		struct file_handle h;
		unsigned char buf[MAX_HANDLE_SZ];
	} fh = { .h.handle_bytes = MAX_HANDLE_SZ };
	int mount_id, root, fd;

	if (argc > 2 && strcmp(argv[1], "--under-filter") == 0)
		return under_filter(argv + 2);

	/* name_to_handle_at is allowed; opening the handle is what
	 * "shocker" needs */
	root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 || name_to_handle_at(AT_FDCWD, "/", &fh.h, &mount_id, 0) < 0) {
		report("name_to_handle_at", -1);
		return 1;
	}
	fd = open_by_handle_at(root, &fh.h, O_RDONLY | O_CLOEXEC);
	report("open_by_handle_at", fd);
	report("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
#ifdef __x86_64__
	/* i386: open_by_handle_at 342, keyctl 288; x32: 304, 250 */
	report_raw("open_by_handle_at/i386", call_i386(342, -1, 0, 0));
	report_raw("keyctl/i386",
		   call_i386(288, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
	report_raw("open_by_handle_at/x32", call_x32(304, -1, 0, 0));
#endif
	return 0;
}
