/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Passing fds over unix sockets (lib/fdpass.c): the one SCM_RIGHTS sender
 * and receiver, for the monitor's replies, the container's ttys and the OCI
 * --console-socket. */
#ifndef CTR_FDPASS_H
#define CTR_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/* The most fds one message carries. */
#define FDPASS_MAX 64

/* Sends @len bytes of @data (@len > 0: a peer cannot tell an empty message
 * from none) with the @n_fds fds of @fds attached (none when 0), in one
 * sendmsg, without SIGPIPE.  The fds stay the caller's.  Returns 0, -EINVAL
 * for more than FDPASS_MAX fds or no data, -EIO when only part was sent, or
 * sendmsg's -errno (-EBADF for a closed fd, -EPIPE when the peer is gone). */
int fds_send(int sock, const void *data, size_t len, const int *fds, size_t n_fds);

/* fds_send with the one fd @fd. */
int fd_send(int sock, int fd, const void *data, size_t len);

/* Receives one message of at most @len bytes into @buf, and the fds that
 * came with it (born O_CLOEXEC) into @fds, at most @max_fds (<= FDPASS_MAX);
 * their count in *ret_n_fds.  @flags are recvmsg's (MSG_DONTWAIT); EINTR is
 * retried.  Returns the bytes received (0: the peer closed) with the fds
 * the caller's to close, or -errno with none received: -EBADMSG when more
 * fds came than @max_fds (the kernel cut the control message; the message
 * is lost), -EINVAL for @max_fds over FDPASS_MAX (or fds asked for with
 * no @fds or @ret_n_fds). */
ssize_t fds_recv(int sock, void *buf, size_t len, int *fds, size_t max_fds, size_t *ret_n_fds,
		 int flags);

/* fds_recv of at most one fd: *ret_fd is it, or -EBADF when none came. */
ssize_t fd_recv(int sock, void *buf, size_t len, int *ret_fd, int flags);

#endif
