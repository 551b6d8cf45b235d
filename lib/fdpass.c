// SPDX-License-Identifier: LGPL-2.1-or-later
/* SCM_RIGHTS in one place; see ctr/fdpass.h. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fdpass.h"

/* A control buffer for FDPASS_MAX fds, aligned as cmsghdr needs. */
union fdpass_cbuf {
	char buf[CMSG_SPACE(FDPASS_MAX * sizeof(int))];
	struct cmsghdr align;
};

int fds_send(int sock, const void *data, size_t len, const int *fds, size_t n_fds)
{
	union fdpass_cbuf cbuf;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t n;

	if (len == 0 || n_fds > FDPASS_MAX || (n_fds && !fds))
		return -EINVAL;
	if (n_fds > 0) {
		memset(&cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(n_fds * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(n_fds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, n_fds * sizeof(int));
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return NEG_ERRNO();
	return (size_t)n == len ? 0 : -EIO;
}

int fd_send(int sock, int fd, const void *data, size_t len)
{
	return fds_send(sock, data, len, &fd, 1);
}

ssize_t fds_recv(int sock, void *buf, size_t len, int *fds, size_t max_fds, size_t *ret_n_fds,
		 int flags)
{
	union fdpass_cbuf cbuf;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t got = 0;
	bool extra = false;
	ssize_t n;

	if (max_fds > FDPASS_MAX || (max_fds && (!fds || !ret_n_fds)))
		return -EINVAL;
	if (max_fds > 0) {
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(max_fds * sizeof(int));
	}
	do
		n = recvmsg(sock, &mh, flags | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return NEG_ERRNO();
	/* Every fd that came is taken, so that none leaks when the message is
	 * refused; CMSG_SPACE rounds up, so more than @max_fds may fit. */
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t k;
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (got < max_fds)
				fds[got++] = fd;
			else {
				close(fd);
				extra = true;
			}
		}
	}
	if (extra || (mh.msg_flags & MSG_CTRUNC)) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		return -EBADMSG;
	}
	if (ret_n_fds)
		*ret_n_fds = got;
	return n;
}

ssize_t fd_recv(int sock, void *buf, size_t len, int *ret_fd, int flags)
{
	size_t k = 0;
	int fd = -EBADF;
	ssize_t n = fds_recv(sock, buf, len, &fd, 1, &k, flags);

	if (n >= 0)
		*ret_fd = k ? fd : -EBADF;
	return n;
}
