// SPDX-License-Identifier: LGPL-2.1-or-later
/* attach_exec_sealed: the copy it would run is this binary, sealed; a
 * failing memfd_create or exec comes back as -errno; a sealed-looking
 * re-exec that is not sealed stops instead of looping.  attach_run refuses
 * a --keep-fd that is not an open fd above 2 before it asks any monitor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/lifecycle.h"

int __real_memfd_create(const char *name, unsigned int flags);
int __wrap_memfd_create(const char *name, unsigned int flags);
int __wrap_fexecve(int fd, char *const argv[], char *const envp[]);

static int memfd_errno; /* memfd_create fails with this when set */
static int exec_calls;
static bool exec_checked; /* the fd handed to fexecve was a sealed copy */

int __wrap_memfd_create(const char *name, unsigned int flags)
{
	if (memfd_errno) {
		errno = memfd_errno;
		return -1;
	}
	assert_true(flags & MFD_ALLOW_SEALING);
	assert_true(flags & MFD_CLOEXEC);
	return __real_memfd_create(name, flags);
}

/* Compares @fd with /proc/self/exe byte for byte. */
static bool same_as_exe(int fd)
{
	_cleanup_close_ int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	char a[65536], b[65536];
	off_t off = 0;

	assert_true(exe >= 0);
	for (;;) {
		ssize_t na = pread(exe, a, sizeof(a), off), nb = pread(fd, b, sizeof(b), off);
		if (na != nb)
			return false;
		if (na <= 0)
			return na == 0;
		if (memcmp(a, b, (size_t)na) != 0)
			return false;
		off += na;
	}
}

int __wrap_fexecve(int fd, char *const argv[], char *const envp[])
{
	int seals = fcntl(fd, F_GET_SEALS);

	(void)envp;
	exec_calls++;
	assert_string_equal(argv[0], "test-attach");
	assert_int_equal(seals & (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE),
			 F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	/* sealed: no write, no growing */
	assert_int_equal(pwrite(fd, "x", 1, 0), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(ftruncate(fd, 1), -1);
	assert_true(same_as_exe(fd));
	assert_non_null(getenv("CTR_ATTACH_SEALED"));
	exec_checked = true;
	errno = ENOEXEC; /* stand in for an exec that fails */
	return -1;
}

static char *const args[] = { "test-attach", NULL };

static void test_sealed_copy(void **state)
{
	(void)state;
	memfd_errno = 0;
	exec_calls = 0;
	exec_checked = false;
	assert_int_equal(attach_exec_sealed(args), -ENOEXEC);
	assert_int_equal(exec_calls, 1);
	assert_true(exec_checked);
	/* a failed exec leaves no mark behind */
	assert_null(getenv("CTR_ATTACH_SEALED"));
}

static void test_memfd_fails(void **state)
{
	(void)state;
	memfd_errno = EMFILE;
	exec_calls = 0;
	assert_int_equal(attach_exec_sealed(args), -EMFILE);
	assert_int_equal(exec_calls, 0);
	memfd_errno = 0;
}

/* Run again from a "sealed" copy that does not read as sealed: -ELOOP, not
 * a copy of a copy for ever. */
static void test_no_loop(void **state)
{
	(void)state;
	exec_calls = 0;
	setenv("CTR_ATTACH_SEALED", "1", 1);
	assert_int_equal(attach_exec_sealed(args), -ELOOP);
	assert_int_equal(exec_calls, 0);
	assert_null(getenv("CTR_ATTACH_SEALED"));
}

static void test_keep_fds_checked(void **state)
{
	int closed = 1000, two = 2;
	struct attach_options o = { .keep_fds = &closed, .n_keep_fds = 1 };
	struct diag d = { 0 };
	int status = -1;

	(void)state;
	setenv("CTR_RUNDIR", "/nonexistent-ctrt-test-attach", 1);
	assert_int_equal(attach_run("x", NULL, &o, &status, &d), -EBADF);
	assert_non_null(strstr(d.msg, "fd 1000 is not an open fd above 2"));
	o.keep_fds = &two;
	assert_int_equal(attach_run("x", NULL, &o, &status, &d), -EBADF);
	assert_non_null(strstr(d.msg, "fd 2 is not an open fd above 2"));
	o.n_keep_fds = ATTACH_MAX_KEEP_FDS + 1;
	assert_int_equal(attach_run("x", NULL, &o, &status, &d), -E2BIG);
	assert_int_equal(status, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_copy),
		cmocka_unit_test(test_memfd_fails),
		cmocka_unit_test(test_no_loop),
		cmocka_unit_test(test_keep_fds_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
