// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/fdpass.c: fds over a socketpair, and the messages it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctr/fdpass.h"

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* The fd received is a new one on the same pipe, born close-on-exec. */
static void assert_same_pipe(int got, int rd)
{
	char c = 0;

	assert_true(got >= 0);
	assert_true(fcntl(got, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(write(got, "x", 1), 1);
	assert_int_equal(read(rd, &c, 1), 1);
	assert_int_equal(c, 'x');
}

static void one_fd(int type)
{
	int sv[2], p[2], got = -1;
	char buf[16] = { 0 };

	assert_int_equal(socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(fd_send(sv[0], p[1], "hello", 5), 0);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_not_equal(got, p[1]);
	assert_same_pipe(got, p[0]);
	close(got);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void test_one_fd_seqpacket(void **state)
{
	(void)state;
	one_fd(SOCK_SEQPACKET);
}

static void test_one_fd_stream(void **state)
{
	(void)state;
	one_fd(SOCK_STREAM);
}

static void test_many_fds(void **state)
{
	int sv[2], p[3][2], in[3], out[FDPASS_MAX];
	size_t k = 0;
	char buf[4];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pipe2(p[i], O_CLOEXEC), 0);
		in[i] = p[i][1];
	}
	assert_int_equal(fds_send(sv[0], "abc", 3, in, 3), 0);
	assert_int_equal(fds_recv(sv[1], buf, sizeof(buf), out, FDPASS_MAX, &k, 0), 3);
	assert_int_equal(k, 3);
	for (int i = 0; i < 3; i++) {
		assert_same_pipe(out[i], p[i][0]); /* in the order sent */
		close(out[i]);
		close(p[i][0]);
		close(p[i][1]);
	}
	close(sv[0]);
	close(sv[1]);
}

static void test_no_fd(void **state)
{
	int sv[2], got = 7;
	size_t k = 9;
	char buf[8];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(fds_send(sv[0], "ok", 2, NULL, 0), 0);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), 2);
	assert_int_equal(got, -EBADF);
	/* a message with an fd, read by one that takes none */
	assert_int_equal(fd_send(sv[0], sv[0], "ok", 2), 0);
	int before = fd_count();
	assert_int_equal(fds_recv(sv[1], buf, sizeof(buf), NULL, 0, &k, 0), -EBADMSG);
	assert_int_equal(fd_count(), before);
	close(sv[0]);
	close(sv[1]);
}

/* More fds than the receiver takes: two fit the control space of one
 * (CMSG_SPACE rounds up) and are refused by count; four overflow it and
 * the kernel sets MSG_CTRUNC.  Either way nothing leaks. */
static void test_too_many(void **state)
{
	int sv[2], fds[4], got = 7;
	char buf[8];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	for (int i = 0; i < 4; i++)
		fds[i] = sv[0];
	int before = fd_count();
	assert_int_equal(fds_send(sv[0], "2", 1, fds, 2), 0);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), -EBADMSG);
	assert_int_equal(got, 7); /* untouched on failure */
	assert_int_equal(fd_count(), before);
	assert_int_equal(fds_send(sv[0], "4", 1, fds, 4), 0);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), -EBADMSG);
	assert_int_equal(fd_count(), before);
	/* the socket still works for the next message */
	assert_int_equal(fds_send(sv[0], "0", 1, NULL, 0), 0);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), 1);
	assert_int_equal(got, -EBADF);
	close(sv[0]);
	close(sv[1]);
}

static void test_errors(void **state)
{
	int sv[2], p[2], fds[FDPASS_MAX + 1], got = 7;
	size_t k;
	char buf[8];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	for (int i = 0; i < FDPASS_MAX + 1; i++)
		fds[i] = p[0];
	assert_int_equal(fds_send(sv[0], "x", 1, fds, FDPASS_MAX + 1), -EINVAL);
	assert_int_equal(fds_send(sv[0], "x", 0, fds, 1), -EINVAL);
	assert_int_equal(fds_recv(sv[1], buf, sizeof(buf), fds, FDPASS_MAX + 1, &k, 0), -EINVAL);
	assert_int_equal(fds_recv(sv[1], buf, sizeof(buf), fds, 1, NULL, 0), -EINVAL);
	/* a closed fd is not sent */
	close(p[1]);
	assert_int_equal(fd_send(sv[0], p[1], "x", 1), -EBADF);
	/* nothing queued */
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, MSG_DONTWAIT), -EAGAIN);
	/* the peer gone: the sender gets -EPIPE (and no SIGPIPE), the reader 0 */
	close(sv[1]);
	assert_int_equal(fd_send(sv[0], p[0], "x", 1), -EPIPE);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	close(sv[0]);
	assert_int_equal(fd_recv(sv[1], buf, sizeof(buf), &got, 0), 0);
	assert_int_equal(got, -EBADF);
	close(sv[1]);
	close(p[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_fd_seqpacket), cmocka_unit_test(test_one_fd_stream),
		cmocka_unit_test(test_many_fds),	 cmocka_unit_test(test_no_fd),
		cmocka_unit_test(test_too_many),	 cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
