// SPDX-License-Identifier: LGPL-2.1-or-later
/* The netlink socket and the one place libnl's errors become errnos. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "ctr/netlink.h"
#include "nl-internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* What the kernel said about the last request on this thread. */
static __thread int nl_kernel_errno;
static __thread char nl_ext_msg[256];

static void nl_error_reset(void)
{
	nl_kernel_errno = 0;
	nl_ext_msg[0] = '\0';
}

const char *netlink_ext_ack(void)
{
	return nl_ext_msg;
}

/* libnl 3.7 maps kernel errnos it has no NLE_* for (ENETUNREACH, ELOOP,
 * EMLINK, ...) to NLE_FAILURE; this keeps the original, and the kernel's
 * extended-ack text when there is one. */
static int nl_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off;

	(void)nla;
	(void)arg;
	nl_kernel_errno = -e->error;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len >= NLMSG_HDRLEN ? e->msg.nlmsg_len - NLMSG_HDRLEN : 0;
	off = NLMSG_ALIGN(off);
	if (NLMSG_HDRLEN + off >= h->nlmsg_len)
		return NL_STOP;
	{
		struct nlattr *a = (struct nlattr *)((char *)e + off);
		int rem = (int)(h->nlmsg_len - NLMSG_HDRLEN - off);
		for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
			if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
				snprintf(nl_ext_msg, sizeof(nl_ext_msg), "%.*s", nla_len(a),
					 (const char *)nla_data(a));
				/* the kernel's text may end in a newline */
				nl_ext_msg[strcspn(nl_ext_msg, "\n")] = '\0';
			}
		}
	}
	return NL_STOP;
}

int netlink_errno(int nlerr)
{
	static const struct {
		int nle, err;
	} map[] = {
		{ NLE_INTR, EINTR },	       { NLE_BAD_SOCK, EBADF },
		{ NLE_AGAIN, EAGAIN },	       { NLE_NOMEM, ENOMEM },
		{ NLE_EXIST, EEXIST },	       { NLE_INVAL, EINVAL },
		{ NLE_RANGE, ERANGE },	       { NLE_MSGSIZE, EMSGSIZE },
		{ NLE_OPNOTSUPP, EOPNOTSUPP }, { NLE_AF_NOSUPPORT, EAFNOSUPPORT },
		{ NLE_OBJ_NOTFOUND, ENOENT },  { NLE_NOATTR, ENODATA },
		{ NLE_MISSING_ATTR, EINVAL },  { NLE_AF_MISMATCH, EAFNOSUPPORT },
		{ NLE_SEQ_MISMATCH, EPROTO },  { NLE_MSG_OVERFLOW, EOVERFLOW },
		{ NLE_MSG_TRUNC, EMSGSIZE },   { NLE_NOADDR, EADDRNOTAVAIL },
		{ NLE_MSG_TOOSHORT, EPROTO },  { NLE_MSGTYPE_NOSUPPORT, EOPNOTSUPP },
		{ NLE_OBJ_MISMATCH, EINVAL },  { NLE_NOCACHE, ENOENT },
		{ NLE_BUSY, EBUSY },	       { NLE_PROTO_MISMATCH, EPROTONOSUPPORT },
		{ NLE_NOACCESS, EACCES },      { NLE_PERM, EPERM },
		{ NLE_PKTLOC_FILE, ENOENT },   { NLE_PARSE_ERR, EINVAL },
		{ NLE_NODEV, ENODEV },	       { NLE_IMMUTABLE, EROFS },
		{ NLE_DUMP_INTR, EINTR },      { NLE_ATTRSIZE, EINVAL },
	};

	if (nlerr >= 0)
		return 0;
	if (nl_kernel_errno > 0)
		return -nl_kernel_errno;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].nle == -nlerr)
			return -map[i].err;
	return -EIO;
}

int netlink_open(struct nl_sock **ret_sk)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	int one = 1, fd, r;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	nl_error_reset();
	r = nl_connect(sk, NETLINK_ROUTE);
	if (r < 0)
		return r == -NLE_FAILURE && errno > 0 ? -errno : netlink_errno(r);
	fd = nl_socket_get_fd(sk);
	/* libnl 3.7 opens it with SOCK_CLOEXEC; make sure of it */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return NEG_ERRNO();
	/* best effort: older kernels have no extended acks */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	r = nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, nl_err_cb, NULL);
	if (r < 0)
		return netlink_errno(r);
	/* 1,000 ports and their addresses: keep dumps from overrunning */
	(void)nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	*ret_sk = TAKE_PTR(sk);
	return 0;
}

int netlink_open_netns(int netns_fd, struct nl_sock **ret_sk)
{
	_cleanup_close_ int self = -EBADF;
	int r;

	if (netns_fd < 0)
		return -EBADF;
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return NEG_ERRNO();
	if (setns(netns_fd, CLONE_NEWNET) < 0)
		return NEG_ERRNO();
	r = netlink_open(ret_sk);
	/* Going back to a namespace we hold and just left cannot fail short of
	 * a broken kernel; carrying on in the wrong one would be worse. */
	if (setns(self, CLONE_NEWNET) < 0)
		abort();
	return r;
}

static int nlreq_send(struct nl_sock *sk, struct nl_msg *msg)
{
	int r;

	nl_error_reset();
	errno = 0;
	r = nl_send_auto(sk, msg);
	if (r < 0)
		return r == -NLE_FAILURE && errno > 0 ? -errno : netlink_errno(r);
	return 0;
}

int nlreq_ack(struct nl_sock *sk, struct nl_msg *msg)
{
	int r = nlreq_send(sk, msg);

	if (r < 0)
		return r;
	return netlink_errno(nl_wait_for_ack(sk));
}

struct nlreq_tramp {
	nlreq_fn fn;
	void *arg;
	int err;
};

static int nlreq_valid(struct nl_msg *msg, void *arg)
{
	struct nlreq_tramp *t = arg;
	int r;

	if (t->err < 0)
		return NL_SKIP;
	r = t->fn(nlmsg_hdr(msg), t->arg);
	if (r < 0)
		t->err = r;
	return NL_OK;
}

static int nlreq_recv(struct nl_sock *sk, nlreq_fn fn, void *arg)
{
	struct nlreq_tramp t = { .fn = fn, .arg = arg, .err = 0 };
	struct nl_cb *cb;
	int r;

	/* nl_socket_get_cb() takes a reference: drop it after cloning */
	cb = nl_socket_get_cb(sk);
	if (!cb)
		return -ENOMEM;
	{
		struct nl_cb *own = nl_cb_clone(cb);
		nl_cb_put(cb);
		cb = own;
	}
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nlreq_valid, &t);
	r = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (r < 0)
		return netlink_errno(r);
	return t.err;
}

int nlreq_dump(struct nl_sock *sk, struct nl_msg *msg, nlreq_fn fn, void *arg)
{
	int r = nlreq_send(sk, msg);

	if (r < 0)
		return r;
	return nlreq_recv(sk, fn, arg);
}

int nlreq_get(struct nl_sock *sk, struct nl_msg *msg, nlreq_fn fn, void *arg)
{
	int r = nlreq_send(sk, msg);

	if (r < 0)
		return r;
	r = nlreq_recv(sk, fn, arg);
	if (r < 0)
		return r;
	/* the reply came first; the ack the request asked for follows */
	return netlink_errno(nl_wait_for_ack(sk));
}
