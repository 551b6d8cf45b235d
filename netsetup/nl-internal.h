/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to netsetup/: request helpers shared by link.c, addr.c, route.c. */
#ifndef CTR_NETSETUP_NL_INTERNAL_H
#define CTR_NETSETUP_NL_INTERNAL_H

#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "ctr/cleanup.h"

DEFINE_CLEANUP_FUNC(struct nl_msg *, nlmsg_free)

/* Called for each reply message; returns 0 to go on or -errno to stop. */
typedef int (*nlreq_fn)(struct nlmsghdr *h, void *arg);

/* Sends @msg and waits for the kernel's ack.  0 or -errno. */
int nlreq_ack(struct nl_sock *sk, struct nl_msg *msg);
/* Sends a dump request (NLM_F_DUMP set by the caller) and feeds every reply
 * to @fn.  0 or -errno (the first error from @fn wins). */
int nlreq_dump(struct nl_sock *sk, struct nl_msg *msg, nlreq_fn fn, void *arg);
/* Sends a single GET and feeds the one reply to @fn, then reads the ack. */
int nlreq_get(struct nl_sock *sk, struct nl_msg *msg, nlreq_fn fn, void *arg);

#endif
