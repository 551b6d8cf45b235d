// SPDX-License-Identifier: LGPL-2.1-or-later
/* IP addresses: CIDR parsing, listing, adding and removing. */
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "ctr/netlink.h"
#include "nl-internal.h"

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int cidr_parse(const char *s, bool need_prefix, struct cidr *ret)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct cidr c = { .family = AF_UNSPEC };
	const char *slash;
	unsigned long len;
	unsigned max;
	size_t n;

	if (!s)
		return -EINVAL;
	n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	slash = strchr(s, '/');
	if (slash)
		buf[slash - s] = '\0';
	else if (need_prefix)
		return -EINVAL;
	if (strchr(buf, ':')) {
		c.family = AF_INET6;
		if (inet_pton(AF_INET6, buf, c.addr) != 1)
			return -EINVAL;
	} else {
		c.family = AF_INET;
		if (inet_pton(AF_INET, buf, c.addr) != 1)
			return -EINVAL;
	}
	max = c.family == AF_INET ? 32 : 128;
	if (slash) {
		const char *p = slash + 1;
		if (*p < '0' || *p > '9' || strlen(p) > 3)
			return -EINVAL;
		len = 0;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return -EINVAL;
			len = len * 10 + (unsigned long)(*p - '0');
		}
		if (len > max)
			return -EINVAL;
		c.prefixlen = (uint8_t)len;
	} else {
		c.prefixlen = (uint8_t)max;
	}
	*ret = c;
	return 0;
}

const char *cidr_format(const struct cidr *c, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(c->family, c->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "%s/%u", a, c->prefixlen);
	return buf;
}

struct addr_vec {
	int ifindex;
	struct addr_info *v;
	size_t n, cap;
};

static int addr_list_one(struct nlmsghdr *h, void *arg)
{
	struct addr_vec *av = arg;
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifa;
	struct addr_info a = { .family = 0 };
	size_t alen;

	if (h->nlmsg_type != RTM_NEWADDR)
		return 0;
	if (nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return -EPROTO;
	ifa = nlmsg_data(h);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	if (av->ifindex && (int)ifa->ifa_index != av->ifindex)
		return 0;
	alen = addr_len(ifa->ifa_family);
	a.family = ifa->ifa_family;
	a.ifindex = (int)ifa->ifa_index;
	a.prefixlen = ifa->ifa_prefixlen;
	a.scope = ifa->ifa_scope;
	a.flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	a.valid_lft = a.preferred_lft = 0xffffffffu;
	/* IPv4: IFA_LOCAL is the address, IFA_ADDRESS the peer (equal unless
	 * point-to-point).  IPv6: IFA_ADDRESS is the address, IFA_LOCAL only
	 * appears with a peer. */
	if (a.family == AF_INET) {
		struct nlattr *loc = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
		if (!loc || nla_len(loc) != (int)alen)
			return 0;
		memcpy(a.local, nla_data(loc), alen);
		if (tb[IFA_ADDRESS] && nla_len(tb[IFA_ADDRESS]) == (int)alen &&
		    memcmp(nla_data(tb[IFA_ADDRESS]), a.local, alen) != 0) {
			memcpy(a.peer, nla_data(tb[IFA_ADDRESS]), alen);
			a.has_peer = true;
		}
		if (tb[IFA_BROADCAST] && nla_len(tb[IFA_BROADCAST]) == 4) {
			memcpy(a.brd, nla_data(tb[IFA_BROADCAST]), 4);
			a.has_brd = true;
		}
		if (tb[IFA_LABEL])
			nla_strlcpy(a.label, tb[IFA_LABEL], sizeof(a.label));
	} else {
		if (tb[IFA_LOCAL] && nla_len(tb[IFA_LOCAL]) == 16) {
			memcpy(a.local, nla_data(tb[IFA_LOCAL]), 16);
			if (tb[IFA_ADDRESS] && nla_len(tb[IFA_ADDRESS]) == 16) {
				memcpy(a.peer, nla_data(tb[IFA_ADDRESS]), 16);
				a.has_peer = true;
			}
		} else if (tb[IFA_ADDRESS] && nla_len(tb[IFA_ADDRESS]) == 16) {
			memcpy(a.local, nla_data(tb[IFA_ADDRESS]), 16);
		} else {
			return 0;
		}
		/* link-local addresses belong to the link, not to the host */
		if (a.local[0] == 0xfe && (a.local[1] & 0xc0) == 0x80)
			return 0;
	}
	if (tb[IFA_CACHEINFO] && nla_len(tb[IFA_CACHEINFO]) >= (int)sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo *ci = nla_data(tb[IFA_CACHEINFO]);
		a.valid_lft = ci->ifa_valid;
		a.preferred_lft = ci->ifa_prefered;
	}
	if (av->n == av->cap) {
		size_t cap = av->cap ? av->cap * 2 : 8;
		struct addr_info *nv = realloc(av->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		av->v = nv;
		av->cap = cap;
	}
	av->v[av->n++] = a;
	return 0;
}

int addr_list(struct nl_sock *sk, int family, int ifindex, struct addr_info **ret_v, size_t *ret_n)
{
	struct addr_vec av = { .ifindex = ifindex };
	static const int fams[] = { AF_INET, AF_INET6 };

	for (size_t i = 0; i < ARRAY_SIZE(fams); i++) {
		struct ifaddrmsg ifa = { .ifa_family = (uint8_t)fams[i] };
		_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
		int r;

		if (family != AF_UNSPEC && family != fams[i])
			continue;
		msg = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
		if (!msg || nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0) {
			free(av.v);
			return -ENOMEM;
		}
		r = nlreq_dump(sk, msg, addr_list_one, &av);
		if (r < 0) {
			free(av.v);
			return r;
		}
	}
	*ret_v = av.v;
	*ret_n = av.n;
	return 0;
}

/* "eth0:1" on the way to "brwan" becomes "brwan:1" when it fits. */
static void addr_label(const struct addr_info *a, const char *ifname, char out[IFNAMSIZ])
{
	const char *colon = strchr(a->label, ':');

	size_t n = strnlen(ifname, IFNAMSIZ - 1);

	memcpy(out, ifname, n);
	out[n] = '\0';
	if (colon && n + strlen(colon) < IFNAMSIZ)
		memcpy(out + n, colon, strlen(colon) + 1);
}

static int addr_msg(struct nl_msg **ret, int type, int flags, const struct addr_info *a,
		    int ifindex, uint32_t aflags)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (uint8_t)a->family,
		.ifa_prefixlen = a->prefixlen,
		.ifa_flags = (uint8_t)(aflags & 0xff),
		.ifa_scope = a->scope,
		.ifa_index = (uint32_t)ifindex,
	};
	_cleanup_(nlmsg_freep) struct nl_msg *msg = nlmsg_alloc_simple(type, flags);
	int alen = (int)addr_len(a->family);

	if (!msg || nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	if (nla_put(msg, IFA_LOCAL, alen, a->local) < 0 ||
	    nla_put(msg, IFA_ADDRESS, alen, a->has_peer ? a->peer : a->local) < 0 ||
	    nla_put_u32(msg, IFA_FLAGS, aflags) < 0)
		return -ENOMEM;
	*ret = TAKE_PTR(msg);
	return 0;
}

int addr_add(struct nl_sock *sk, const struct addr_info *a, int ifindex, const char *ifname,
	     uint32_t extra_flags)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	/* the kernel sets these itself; some it refuses in a request */
	uint32_t keep = IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR |
			IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN | IFA_F_OPTIMISTIC;
	int r;

	if (a->family != AF_INET && a->family != AF_INET6)
		return -EAFNOSUPPORT;
	r = addr_msg(&msg, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, a, ifindex,
		     (a->flags & keep) | extra_flags);
	if (r < 0)
		return r;
	if (a->family == AF_INET) {
		char label[IFNAMSIZ];
		if (a->has_brd && nla_put(msg, IFA_BROADCAST, 4, a->brd) < 0)
			return -ENOMEM;
		/* set it always: a copied address keeps its old label */
		if (ifname) {
			addr_label(a, ifname, label);
			if (nla_put_string(msg, IFA_LABEL, label) < 0)
				return -ENOMEM;
		}
	}
	if (a->valid_lft != 0xffffffffu || a->preferred_lft != 0xffffffffu) {
		struct ifa_cacheinfo ci = { .ifa_prefered = a->preferred_lft,
					    .ifa_valid = a->valid_lft };
		if (nla_put(msg, IFA_CACHEINFO, sizeof(ci), &ci) < 0)
			return -ENOMEM;
	}
	return nlreq_ack(sk, msg);
}

int addr_del(struct nl_sock *sk, const struct addr_info *a)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	int r = addr_msg(&msg, RTM_DELADDR, NLM_F_REQUEST, a, a->ifindex, 0);

	if (r < 0)
		return r;
	return nlreq_ack(sk, msg);
}

int addr_add_cidr(struct nl_sock *sk, int ifindex, const struct cidr *c)
{
	struct addr_info a = {
		.family = c->family,
		.ifindex = ifindex,
		.prefixlen = c->prefixlen,
		.valid_lft = 0xffffffffu,
		.preferred_lft = 0xffffffffu,
	};
	char name[IFNAMSIZ];

	memcpy(a.local, c->addr, sizeof(a.local));
	if (c->family == AF_INET && c->prefixlen < 31) {
		/* a broadcast address, as "ip addr add ... brd +" gives */
		uint32_t ip, mask = c->prefixlen ? htonl(~0u << (32 - c->prefixlen)) : 0;
		memcpy(&ip, c->addr, 4);
		ip |= ~mask;
		memcpy(a.brd, &ip, 4);
		a.has_brd = true;
	}
	return addr_add(sk, &a, ifindex, if_indextoname((unsigned)ifindex, name), 0);
}
