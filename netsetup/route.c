// SPDX-License-Identifier: LGPL-2.1-or-later
/* Routes: snapshot the routes through a link and move them to another. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "ctr/netlink.h"
#include "nl-internal.h"

struct route_vec {
	int ifindex;
	struct route_info *v;
	size_t n, cap;
};

static bool route_uses_dev(struct nlattr **tb, int ifindex)
{
	if (tb[RTA_OIF] && (int)nla_get_u32(tb[RTA_OIF]) == ifindex)
		return true;
	if (tb[RTA_MULTIPATH]) {
		struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
		int rem = nla_len(tb[RTA_MULTIPATH]);
		while (rem >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
		       nh->rtnh_len <= rem) {
			if (nh->rtnh_ifindex == ifindex)
				return true;
			rem -= RTNH_ALIGN(nh->rtnh_len);
			nh = RTNH_NEXT(nh);
		}
	}
	return false;
}

static int route_list_one(struct nlmsghdr *h, void *arg)
{
	struct route_vec *rv = arg;
	struct nlattr *tb[RTA_MAX + 1];
	struct route_info r = { .family = 0 };
	struct rtmsg *rtm;
	size_t alen;

	if (h->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (nlmsg_parse(h, sizeof(*rtm), tb, RTA_MAX, NULL) < 0)
		return -EPROTO;
	rtm = nlmsg_data(h);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	r.family = rtm->rtm_family;
	r.table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (r.table == RT_TABLE_LOCAL || (rtm->rtm_flags & RTM_F_CLONED))
		return 0;
	/* kernel-made routes come back with the addresses */
	if (rtm->rtm_protocol == RTPROT_KERNEL || rtm->rtm_type != RTN_UNICAST)
		return 0;
	if (!route_uses_dev(tb, rv->ifindex))
		return 0;
	alen = r.family == AF_INET ? 4 : 16;
	r.dst_len = rtm->rtm_dst_len;
	r.protocol = rtm->rtm_protocol;
	r.scope = rtm->rtm_scope;
	r.type = rtm->rtm_type;
	r.priority = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0;
	r.oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	if (tb[RTA_DST] && nla_len(tb[RTA_DST]) == (int)alen) {
		memcpy(r.dst, nla_data(tb[RTA_DST]), alen);
		r.has_dst = true;
	}
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) == (int)alen) {
		memcpy(r.gw, nla_data(tb[RTA_GATEWAY]), alen);
		r.has_gw = true;
	}
	r.len = nlmsg_datalen(h);
	r.msg = malloc(r.len);
	if (!r.msg)
		return -ENOMEM;
	memcpy(r.msg, nlmsg_data(h), r.len);
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 8;
		struct route_info *nv = realloc(rv->v, cap * sizeof(*nv));
		if (!nv) {
			free(r.msg);
			return -ENOMEM;
		}
		rv->v = nv;
		rv->cap = cap;
	}
	rv->v[rv->n++] = r;
	return 0;
}

void route_list_free(struct route_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].msg);
	free(v);
}

int route_list_dev(struct nl_sock *sk, int family, int ifindex, struct route_info **ret_v,
		   size_t *ret_n)
{
	struct route_vec rv = { .ifindex = ifindex };
	static const int fams[] = { AF_INET, AF_INET6 };

	for (size_t i = 0; i < ARRAY_SIZE(fams); i++) {
		struct rtmsg rtm = { .rtm_family = (uint8_t)fams[i] };
		_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
		int r;

		if (family != AF_UNSPEC && family != fams[i])
			continue;
		msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
		if (!msg || nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0) {
			route_list_free(rv.v, rv.n);
			return -ENOMEM;
		}
		r = nlreq_dump(sk, msg, route_list_one, &rv);
		if (r < 0) {
			route_list_free(rv.v, rv.n);
			return r;
		}
	}
	*ret_v = rv.v;
	*ret_n = rv.n;
	return 0;
}

/* Builds a request from a dumped route: only attributes a request may carry
 * (a dump's RTA_CACHEINFO is output only), flags the kernel refuses in a
 * request (RTNH_F_DEAD, RTNH_F_LINKDOWN, RTM_F_*) dropped, hops through
 * @from moved to @to (0: unchanged). */
static int route_msg(struct nl_msg **ret, int type, int flags, const struct route_info *ri,
		     int from, int to)
{
	static const int copy[] = { RTA_DST,	  RTA_SRC,     RTA_GATEWAY, RTA_PREFSRC,
				    RTA_PRIORITY, RTA_METRICS, RTA_TABLE,   RTA_PREF,
				    RTA_VIA,	  RTA_FLOW,    RTA_ENCAP,   RTA_ENCAP_TYPE,
				    RTA_NH_ID };
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct rtmsg rtm;
	struct nlattr *a;
	int rem;

	if (ri->len < sizeof(rtm))
		return -EINVAL;
	memcpy(&rtm, ri->msg, sizeof(rtm));
	rtm.rtm_flags &= RTNH_F_ONLINK;
	msg = nlmsg_alloc_simple(type, flags);
	if (!msg || nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	rem = (int)(ri->len - NLMSG_ALIGN(sizeof(rtm)));
	a = (struct nlattr *)(ri->msg + NLMSG_ALIGN(sizeof(rtm)));
	for (; rem > 0 && nla_ok(a, rem); a = nla_next(a, &rem)) {
		int t = nla_type(a);
		bool keep = false;

		for (size_t i = 0; i < ARRAY_SIZE(copy); i++)
			keep = keep || copy[i] == t;
		if (t == RTA_OIF) {
			uint32_t oif = nla_get_u32(a);
			if (to && (int)oif == from)
				oif = (uint32_t)to;
			if (nla_put_u32(msg, RTA_OIF, oif) < 0)
				return -ENOMEM;
		} else if (t == RTA_MULTIPATH) {
			uint8_t *buf = malloc((size_t)nla_len(a));
			struct rtnexthop *nh;
			int left = nla_len(a), r;

			if (!buf)
				return -ENOMEM;
			memcpy(buf, nla_data(a), (size_t)left);
			nh = (struct rtnexthop *)buf;
			while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
			       nh->rtnh_len <= left) {
				if (to && nh->rtnh_ifindex == from)
					nh->rtnh_ifindex = to;
				nh->rtnh_flags &= RTNH_F_ONLINK;
				left -= RTNH_ALIGN(nh->rtnh_len);
				nh = RTNH_NEXT(nh);
			}
			r = nla_put(msg, RTA_MULTIPATH, nla_len(a), buf);
			free(buf);
			if (r < 0)
				return -ENOMEM;
		} else if (keep) {
			if (nla_put(msg, t, nla_len(a), nla_data(a)) < 0)
				return -ENOMEM;
		}
	}
	*ret = TAKE_PTR(msg);
	return 0;
}

int route_replace_dev(struct nl_sock *sk, const struct route_info *r, int from, int to)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	int e = route_msg(&msg, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, r, from,
			  to);

	if (e < 0)
		return e;
	return nlreq_ack(sk, msg);
}

int route_del(struct nl_sock *sk, const struct route_info *r)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	int e = route_msg(&msg, RTM_DELROUTE, NLM_F_REQUEST, r, 0, 0);

	if (e < 0)
		return e;
	return nlreq_ack(sk, msg);
}

int route_add_default(struct nl_sock *sk, int family, const uint8_t gw[16], int ifindex)
{
	struct rtmsg rtm = {
		.rtm_family = (uint8_t)family,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
	};
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	msg = nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	if (!msg || nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_GATEWAY, family == AF_INET ? 4 : 16, gw) < 0)
		return -ENOMEM;
	if (ifindex && nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}
