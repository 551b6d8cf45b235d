// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/sys-compat.c: the walk that stands in for openat2(RESOLVE_IN_ROOT)
 * before 5.6 reaches what openat2 reaches on this kernel (or fails the
 * same way) for links that try to leave the root, and never leaves it;
 * the /proc handle that stands in for a pidfd signals and enters the
 * namespaces of its process only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/compat.h"
#include "ctr/netlink.h"

static bool getrandom_enosys;

ssize_t __real_getrandom(void *buf, size_t len, unsigned flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags)
{
	if (getrandom_enosys) {
		errno = ENOSYS;
		return -1;
	}
	return __real_getrandom(buf, len, flags);
}

static char root[] = "/tmp/ctrt-compat-XXXXXX";
static char outside[256];

static void mk(const char *rel, const char *link_to)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (link_to)
		assert_int_equal(symlink(link_to, p), 0);
	else if (rel[strlen(rel) - 1] == '/')
		assert_int_equal(mkdir(p, 0755), 0);
	else
		assert_int_equal(close(open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)), 0);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(outside, sizeof(outside), "%s.outside", root);
	if (mkdir(outside, 0700) < 0)
		return -1;
	mk("etc/", NULL);
	mk("etc/passwd", NULL);
	mk("etc/sub/", NULL);
	mk("file", NULL);
	mk("abs", "/etc");
	mk("esc", "../../../../../../etc");
	mk("dotdot", "..");
	mk("etc/sub/up", "../../../..");
	mk("loop1", "loop2");
	mk("loop2", "loop1");
	mk("dangling", "/nope");
	mk("chain", "abs/passwd");
	mk("out", outside);
	mk("tmp", "/tmp");
	mk("procroot", "/proc/self/root");
	mk("empty/", NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[2 * PATH_MAX + 32];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, outside);
	return system(cmd) == 0 ? 0 : -1;
}

static int open_root(void)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

/* openat2 on this kernel, the reference */
static int ref_open(int rootfd, const char *rel, int flags)
{
	struct open_how how = { .flags = (unsigned)(flags | O_CLOEXEC),
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, rootfd, *rel ? rel : ".", &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

static void test_walk_matches_openat2(void **state)
{
	static const char *const paths[] = {
		"",
		".",
		"..",
		"../../etc",
		"etc/passwd",
		"abs/passwd",
		"esc/passwd",
		"dotdot/dotdot/etc/passwd",
		"etc/sub/up/etc/passwd",
		"etc/sub/up/../../..",
		"chain",
		"loop1",
		"dangling",
		"file/x",
		"out",
		"tmp",
		"etc/passwd/",
		"abs/",
		"etc//sub/./../passwd",
		"/etc/passwd",
	};
	static const int flags[] = { O_PATH, O_RDONLY, O_PATH | O_NOFOLLOW, O_PATH | O_DIRECTORY };
	int r = open_root();
	(void)state;

	if (ref_open(r, "", O_PATH) == -ENOSYS)
		skip_because("openat2 needs Linux 5.6: nothing to compare with");
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		for (size_t j = 0; j < sizeof(flags) / sizeof(flags[0]); j++) {
			int a = ref_open(r, paths[i], flags[j]);
			int b = compat_open_in_root(r, paths[i], flags[j], 0);
			struct stat sa, sb;

			if (a < 0 || b < 0) {
				if (a != b)
					fail_msg("'%s' flags %#x: openat2 %d, walk %d", paths[i],
						 flags[j], a, b);
			} else {
				assert_int_equal(fstat(a, &sa), 0);
				assert_int_equal(fstat(b, &sb), 0);
				if (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev)
					fail_msg("'%s' flags %#x: another file", paths[i],
						 flags[j]);
			}
			if (a >= 0)
				close(a);
			if (b >= 0)
				close(b);
		}
	close(r);
}

static void test_walk_never_leaves(void **state)
{
	char p[PATH_MAX];
	struct stat st;
	int r = open_root(), fd;
	(void)state;

	/* a new file through an absolute link lands inside */
	fd = compat_open_in_root(r, "abs/made", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	snprintf(p, sizeof(p), "%s/etc/made", root);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat("/etc/made", &st), -1);
	/* through the link to the outside dir: its own name, inside, where
	 * "tmp" links to "/tmp", itself: ELOOP, and nothing made outside */
	assert_int_equal(compat_open_in_root(r, "out/made", O_WRONLY | O_CREAT, 0600), -ELOOP);
	snprintf(p, sizeof(p), "%s/made", outside);
	assert_int_equal(stat(p, &st), -1);
	/* a magic link is read as text: /proc/self/root is not the host's / */
	assert_int_equal(compat_open_in_root(r, "procroot/etc/passwd", O_RDONLY, 0), -ENOENT);
	assert_int_equal(compat_open_in_root(r, "loop1", O_RDONLY, 0), -ELOOP);
	/* O_CREAT|O_EXCL on what is there fails */
	assert_int_equal(compat_open_in_root(r, "etc/passwd", O_WRONLY | O_CREAT | O_EXCL, 0600),
			 -EEXIST);
	close(r);
}

static void test_proc_handle(void **state)
{
	pid_t pid;
	int h, status;
	char path[64];
	(void)state;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* the /proc handle, as a kernel before 5.3 gives it */
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	h = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(h >= 0);
	assert_false(proc_handle_is_pidfd(h));
	assert_true(proc_handle_alive(h));
	/* entering its (our own) namespaces through the ns files works for
	 * root; setns(2) wants CAP_SYS_ADMIN even for one's own, so any other
	 * user gets the kernel's EPERM back as -errno */
	assert_int_equal(proc_handle_setns(h, pid, CLONE_NEWUTS | CLONE_NEWIPC),
			 geteuid() == 0 ? 0 : -EPERM);
	assert_int_equal(proc_handle_signal(h, pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	/* reaped: the handle names no process, a signal is refused */
	assert_false(proc_handle_alive(h));
	assert_int_equal(proc_handle_signal(h, pid, 0), -ESRCH);
	close(h);
}

static void test_child_watch_sigchld(void **state)
{
	struct child_watch w;
	pid_t pid, other;
	int status;
	(void)state;

	other = fork();
	assert_true(other >= 0);
	if (other == 0)
		_exit(0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* -EBADF: no pidfd, the SIGCHLD signalfd */
	assert_int_equal(child_watch_open(&w, pid, -EBADF), 0);
	assert_true(w.sigchld);
	/* another child's exit wakes, but is not ours */
	assert_int_equal(waitid(P_PID, (id_t)other, &(siginfo_t){ 0 }, WEXITED | WNOWAIT), 0);
	assert_false(child_watch_exited(&w));
	assert_int_equal(waitpid(other, &status, 0), other);
	kill(pid, SIGKILL);
	/* readable once it is gone: the wake poll(2) gets */
	assert_int_equal(poll(&(struct pollfd){ .fd = w.fd, .events = POLLIN }, 1, 5000), 1);
	assert_true(child_watch_exited(&w));
	child_watch_close(&w);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

/* netsetup's random MAC without getrandom (before 3.17): from the device */
static void test_mac_random_without_getrandom(void **state)
{
	uint8_t a[6], b[6];
	(void)state;

	getrandom_enosys = true;
	assert_int_equal(mac_random(a), 0);
	assert_int_equal(mac_random(b), 0);
	getrandom_enosys = false;
	assert_int_equal(a[0] & 3, 2); /* locally administered, unicast */
	assert_memory_not_equal(a, b, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_matches_openat2),
		cmocka_unit_test(test_walk_never_leaves),
		cmocka_unit_test(test_proc_handle),
		cmocka_unit_test(test_child_watch_sigchld),
		cmocka_unit_test(test_mac_random_without_getrandom),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
