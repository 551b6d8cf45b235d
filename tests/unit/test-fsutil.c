// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/fsutil.c: paths inside a root never leave it, writes replace a
 * link rather than follow it, a tree is removed without following links,
 * and descriptors are closed on kernels without close_range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/fsutil.h"

static int close_range_errno; /* 0: the real call */

int __real_close_range(unsigned first, unsigned last, int flags);
int __wrap_close_range(unsigned first, unsigned last, int flags);
int __wrap_close_range(unsigned first, unsigned last, int flags)
{
	if (close_range_errno) {
		errno = close_range_errno;
		return -1;
	}
	return __real_close_range(first, last, flags);
}

static char root[] = "/tmp/ctrt-fsutil-XXXXXX";
static char outside[256];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(outside, sizeof(outside), "%s.outside", root);
	return mkdir(outside, 0700);
}

static int teardown(void **state)
{
	char cmd[2 * PATH_MAX + 32];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, outside);
	return system(cmd) == 0 ? 0 : -1;
}

static int rootfd(void)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

/* An absolute link inside resolves inside; ".." stops at the root. */
static void test_open_in_root(void **state)
{
	char p[PATH_MAX];
	int r = rootfd(), fd;
	(void)state;

	snprintf(p, sizeof(p), "%s/etc", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/etc/link", root);
	assert_int_equal(symlink(outside, p), 0);
	fd = fs_open_in_root(r, "etc/link", O_PATH);
	assert_int_equal(fd, -ENOENT); /* outside, as seen from the root, is not there */
	fd = fs_open_in_root(r, "../../../etc", O_PATH | O_DIRECTORY);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(fs_mkdir_in_root(r, "a/b/c", 0755), 0);
	snprintf(p, sizeof(p), "%s/a/b/c", root);
	assert_int_equal(access(p, F_OK), 0);
	close(r);
}

/* A link where the file goes is replaced, and what it pointed to kept. */
static void test_write_in_root(void **state)
{
	char p[PATH_MAX], q[PATH_MAX], *text = NULL;
	size_t len;
	int r = rootfd();
	FILE *f;
	(void)state;

	snprintf(q, sizeof(q), "%s/victim", outside);
	f = fopen(q, "we");
	assert_non_null(f);
	fputs("host\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/hostname", root);
	assert_int_equal(symlink(q, p), 0);
	assert_int_equal(fs_read_in_root(r, "hostname", 100, &text, &len), -ELOOP);
	assert_int_equal(fs_write_in_root(r, "hostname", "guest\n", 6, 0644), 0);
	assert_int_equal(fs_read_in_root(r, "hostname", 100, &text, &len), 0);
	assert_string_equal(text, "guest\n");
	free(text);
	f = fopen(q, "re");
	assert_non_null(f);
	assert_non_null(fgets(p, sizeof(p), f));
	fclose(f);
	assert_string_equal(p, "host\n");
	close(r);
}

/* Links in a removed tree go, their targets stay. */
static void test_remove_tree(void **state)
{
	char p[PATH_MAX], q[PATH_MAX];
	int parent;
	(void)state;

	snprintf(q, sizeof(q), "%s/keep", outside);
	assert_int_equal(mkdir(q, 0700), 0);
	snprintf(p, sizeof(p), "%s/tree", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/tree/sub", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/tree/sub/out", root);
	assert_int_equal(symlink(q, p), 0);
	parent = rootfd();
	assert_int_equal(fs_remove_tree(parent, "tree"), 0);
	assert_int_equal(fs_remove_tree(parent, "tree"), 0); /* gone already: fine */
	close(parent);
	snprintf(p, sizeof(p), "%s/tree", root);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(access(q, F_OK), 0);
}

/* Without close_range (ENOSYS, before 5.9) and without its CLOEXEC flag
 * (EINVAL, before 5.11) the fds are still closed or marked. */
static void test_close_range_fallback(void **state)
{
	int a, b;
	(void)state;

	a = open("/dev/null", O_RDONLY);
	b = open("/dev/null", O_RDONLY);
	assert_true(a > 2 && b > a);
	close_range_errno = EINVAL;
	assert_int_equal(fd_close_range((unsigned)a, (unsigned)b, CLOSE_RANGE_CLOEXEC), 0);
	assert_true(fcntl(a, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(b, F_GETFD) & FD_CLOEXEC);
	close_range_errno = ENOSYS;
	/* only the range: an fd below it stays (the /proc/self/fd listing) */
	assert_int_equal(fd_close_range((unsigned)b, ~0U, 0), 0);
	assert_true(fcntl(a, F_GETFD) >= 0);
	assert_int_equal(fcntl(b, F_GETFD), -1);
	b = open("/dev/null", O_RDONLY);
	assert_int_equal(fd_close_range((unsigned)a, ~0U, 0), 0);
	assert_int_equal(fcntl(a, F_GETFD), -1);
	assert_int_equal(fcntl(b, F_GETFD), -1);
	close_range_errno = EBADF; /* any other error is passed on */
	assert_int_equal(fd_close_range(3, 4, 0), -EBADF);
	close_range_errno = 0;
}

/* The one read-to-EOF loop: grows past its first buffer, stops at @max
 * with -EFBIG, and an empty file is "" (not NULL). */
static void test_mkdir_parents(void **state)
{
	char top[] = "/tmp/ctrt-parents-XXXXXX", path[PATH_MAX];
	struct stat st;
	(void)state;

	assert_non_null(mkdtemp(top));
	snprintf(path, sizeof(path), "%s/a/b/file", top);
	assert_int_equal(fs_mkdir_parents(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/a/b", top);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	snprintf(path, sizeof(path), "%s/a/b/file", top);
	assert_int_equal(stat(path, &st), -1); /* the file itself is not made */
	assert_int_equal(fs_mkdir_parents("file", 0755), 0);
	snprintf(path, sizeof(path), "rm -rf '%s'", top);
	assert_int_equal(system(path), 0);
}

static void test_read_all(void **state)
{
	char *buf = NULL, data[10000];
	size_t len = 99;
	int p[2];
	(void)state;

	memset(data, 'x', sizeof(data));
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(write(p[1], data, sizeof(data)), (ssize_t)sizeof(data));
	close(p[1]);
	assert_int_equal(fd_read_all(p[0], 1 << 20, &buf, &len), 0);
	close(p[0]);
	assert_int_equal(len, sizeof(data));
	assert_int_equal(buf[len], '\0');
	assert_int_equal(memcmp(buf, data, len), 0);
	free(buf);

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(write(p[1], data, sizeof(data)), (ssize_t)sizeof(data));
	close(p[1]);
	buf = NULL;
	assert_int_equal(fd_read_all(p[0], 9999, &buf, &len), -EFBIG);
	assert_null(buf);
	close(p[0]);

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	close(p[1]);
	assert_int_equal(fd_read_all(p[0], 10, &buf, NULL), 0);
	assert_string_equal(buf, "");
	free(buf);
	close(p[0]);
	assert_int_equal(fd_read_all(-1, 10, &buf, &len), -EBADF);
}

/* fd_write_all on a full non-blocking pipe waits for the reader (EAGAIN)
 * and writes every byte once. */
static void test_write_all(void **state)
{
	static char data[1 << 20];
	char *back = NULL;
	size_t len = 0;
	int p[2], status;
	pid_t pid;
	(void)state;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(fd_write_all(p[1], data, sizeof(data)) == 0 ? 0 : 1);
	}
	close(p[1]);
	/* the reader blocks: clear O_NONBLOCK on its end only (its own file) */
	assert_int_equal(fcntl(p[0], F_SETFL, 0), 0);
	assert_int_equal(fd_read_all(p[0], sizeof(data), &back, &len), 0);
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(len, sizeof(data));
	assert_int_equal(memcmp(back, data, len), 0);
	free(back);
	assert_int_equal(fd_write_all(-1, "x", 1), -EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_in_root),  cmocka_unit_test(test_write_in_root),
		cmocka_unit_test(test_remove_tree),   cmocka_unit_test(test_close_range_fallback),
		cmocka_unit_test(test_mkdir_parents), cmocka_unit_test(test_read_all),
		cmocka_unit_test(test_write_all),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
