// SPDX-License-Identifier: LGPL-2.1-or-later
/* Links: lookup, bridges, ports, veth pairs, VLANs, link attributes. */
#include <net/if.h>
#include <net/if_arp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "ctr/netlink.h"
#include "nl-internal.h"

bool ifname_valid(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n >= IFNAMSIZ)
		return false;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\v' || *p == '\f')
			return false;
	return true;
}

static struct nl_msg *link_msg(int type, int flags, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void link_read_sysfs(struct link_info *l)
{
	char p[64 + IFNAMSIZ];

	snprintf(p, sizeof(p), "/sys/class/net/%s/wireless", l->name);
	l->wireless = access(p, F_OK) == 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s/phy80211", l->name);
	l->wireless = l->wireless || access(p, F_OK) == 0;
}

static int link_parse(struct nlmsghdr *h, struct link_info *l)
{
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct ifinfomsg *ifi;

	if (h->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
		return -EPROTO;
	ifi = nlmsg_data(h);
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->type = ifi->ifi_type;
	l->flags = ifi->ifi_flags;
	l->stp_state = -1;
	l->forward_delay = -1;
	if (tb[IFLA_IFNAME])
		nla_strlcpy(l->name, tb[IFLA_IFNAME], sizeof(l->name));
	if (tb[IFLA_MASTER])
		l->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_LINK])
		l->link = (int)nla_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_MTU])
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_IFALIAS])
		nla_strlcpy(l->alias, tb[IFLA_IFALIAS], sizeof(l->alias));
	if (tb[IFLA_OPERSTATE])
		l->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(l->mac, nla_data(tb[IFLA_ADDRESS]), 6);
		l->has_mac = true;
	}
	if (tb[IFLA_LINKINFO] &&
	    nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0) {
		if (li[IFLA_INFO_KIND])
			nla_strlcpy(l->kind, li[IFLA_INFO_KIND], sizeof(l->kind));
		if (li[IFLA_INFO_DATA] && strcmp(l->kind, "bridge") == 0) {
			struct nlattr *br[IFLA_BR_MAX + 1];
			if (nla_parse_nested(br, IFLA_BR_MAX, li[IFLA_INFO_DATA], NULL) == 0) {
				if (br[IFLA_BR_STP_STATE])
					l->stp_state = (int)nla_get_u32(br[IFLA_BR_STP_STATE]);
				if (br[IFLA_BR_FORWARD_DELAY])
					l->forward_delay =
						(int)nla_get_u32(br[IFLA_BR_FORWARD_DELAY]);
			}
		}
	}
	link_read_sysfs(l);
	return 1;
}

static int link_get_one(struct nlmsghdr *h, void *arg)
{
	int r = link_parse(h, arg);
	return r < 0 ? r : 0;
}

static int link_get_msg(struct nl_sock *sk, struct nl_msg *msg, struct link_info *ret)
{
	struct link_info l = { .ifindex = 0 };
	int r;

	/* skip statistics: smaller replies */
	if (nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0)
		return -ENOMEM;
	r = nlreq_get(sk, msg, link_get_one, &l);
	if (r == -ENOENT)
		r = -ENODEV;
	if (r < 0)
		return r;
	if (l.ifindex == 0)
		return -ENODEV;
	*ret = l;
	return 0;
}

int link_get(struct nl_sock *sk, const char *name, struct link_info *ret)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;

	if (!ifname_valid(name))
		return -EINVAL;
	msg = link_msg(RTM_GETLINK, NLM_F_REQUEST, 0);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, name) < 0)
		return -ENOMEM;
	return link_get_msg(sk, msg, ret);
}

int link_get_index(struct nl_sock *sk, int ifindex, struct link_info *ret)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;

	if (ifindex <= 0)
		return -ENODEV;
	msg = link_msg(RTM_GETLINK, NLM_F_REQUEST, ifindex);
	if (!msg)
		return -ENOMEM;
	return link_get_msg(sk, msg, ret);
}

struct link_vec {
	struct link_info *v;
	size_t n, cap;
};

static int link_list_one(struct nlmsghdr *h, void *arg)
{
	struct link_vec *lv = arg;
	struct link_info l;
	int r = link_parse(h, &l);

	if (r <= 0)
		return r;
	if (lv->n == lv->cap) {
		size_t cap = lv->cap ? lv->cap * 2 : 16;
		struct link_info *nv = realloc(lv->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		lv->v = nv;
		lv->cap = cap;
	}
	lv->v[lv->n++] = l;
	return 0;
}

int link_list(struct nl_sock *sk, struct link_info **ret_v, size_t *ret_n)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct link_vec lv = { 0 };
	int r;

	msg = link_msg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0);
	if (!msg || nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0)
		return -ENOMEM;
	r = nlreq_dump(sk, msg, link_list_one, &lv);
	if (r < 0) {
		free(lv.v);
		return r;
	}
	*ret_v = lv.v;
	*ret_n = lv.n;
	return 0;
}

/* RTM_NEWLINK without NLM_F_CREATE changes an existing link; unlike
 * rtnl_link_change() it needs no original object (which crashes libnl 3.7
 * when it came from an AF_INET cache). */
static struct nl_msg *link_change_msg(int ifindex)
{
	return link_msg(RTM_NEWLINK, NLM_F_REQUEST, ifindex);
}

int link_set_up(struct nl_sock *sk, int ifindex, bool up)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_index = ifindex,
				 .ifi_flags = up ? IFF_UP : 0,
				 .ifi_change = IFF_UP };
	_cleanup_(nlmsg_freep) struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST);

	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_set_mac(struct nl_sock *sk, int ifindex, const uint8_t mac[6])
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(ifindex);

	if (!msg || nla_put(msg, IFLA_ADDRESS, 6, mac) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_set_mtu(struct nl_sock *sk, int ifindex, unsigned mtu)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(ifindex);

	if (!msg || nla_put_u32(msg, IFLA_MTU, mtu) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_set_alias(struct nl_sock *sk, int ifindex, const char *alias)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(ifindex);

	if (strlen(alias) > 255)
		return -ENAMETOOLONG;
	if (!msg || nla_put(msg, IFLA_IFALIAS, (int)strlen(alias), alias) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_rename(struct nl_sock *sk, int ifindex, const char *newname)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;

	if (!ifname_valid(newname))
		return -EINVAL;
	msg = link_change_msg(ifindex);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, newname) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_move_netns_fd(struct nl_sock *sk, int ifindex, int netns_fd)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(ifindex);

	if (netns_fd < 0)
		return -EBADF;
	if (!msg || nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)netns_fd) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_move_netns_pid(struct nl_sock *sk, int ifindex, pid_t pid)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(ifindex);

	if (pid <= 0)
		return -ESRCH;
	if (!msg || nla_put_u32(msg, IFLA_NET_NS_PID, (uint32_t)pid) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_move_netns_fd_name(struct nl_sock *sk, int ifindex, int netns_fd, const char *name)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;

	if (netns_fd < 0)
		return -EBADF;
	if (!ifname_valid(name))
		return -EINVAL;
	msg = link_change_msg(ifindex);
	/* the kernel moves first, then renames in the new namespace */
	if (!msg || nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)netns_fd) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, name) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_delete(struct nl_sock *sk, int ifindex)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_msg(RTM_DELLINK, NLM_F_REQUEST, ifindex);

	if (!msg)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int link_delete_name(struct nl_sock *sk, const char *name)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	if (!ifname_valid(name))
		return -EINVAL;
	msg = link_msg(RTM_DELLINK, NLM_F_REQUEST, 0);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, name) < 0)
		return -ENOMEM;
	r = nlreq_ack(sk, msg);
	return r == -ENOENT ? -ENODEV : r;
}

/* Starts the request that creates the link @name (checked by the caller) of
 * @kind: the name, the lower link (@lower > 0), @mac and @mtu where given,
 * then IFLA_LINKINFO with the kind, left open inside IFLA_INFO_DATA for the
 * kind's own attributes.  The caller closes *ret_data and *ret_info, sends
 * *ret_msg and frees it.  0 or -ENOMEM. */
static int link_create_begin(const char *kind, const char *name, int lower, const uint8_t mac[6],
			     unsigned mtu, struct nl_msg **ret_msg, struct nlattr **ret_info,
			     struct nlattr **ret_data)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct nlattr *info, *data;

	msg = link_msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, 0);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, name) < 0)
		return -ENOMEM;
	if (lower > 0 && nla_put_u32(msg, IFLA_LINK, (uint32_t)lower) < 0)
		return -ENOMEM;
	/* A MAC given at creation marks it as set (NET_ADDR_SET): a bridge
	 * then keeps it instead of following its lowest port. */
	if (mac && nla_put(msg, IFLA_ADDRESS, 6, mac) < 0)
		return -ENOMEM;
	if (mtu && nla_put_u32(msg, IFLA_MTU, mtu) < 0)
		return -ENOMEM;
	info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!info || nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
		return -ENOMEM;
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	if (!data)
		return -ENOMEM;
	*ret_msg = TAKE_PTR(msg);
	*ret_info = info;
	*ret_data = data;
	return 0;
}

int bridge_create(struct nl_sock *sk, const char *name, const uint8_t mac[6], unsigned mtu,
		  bool stp)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct nlattr *info, *data;
	struct link_info l;
	int r;

	if (!ifname_valid(name))
		return -EINVAL;
	r = link_create_begin("bridge", name, 0, mac, mtu, &msg, &info, &data);
	if (r < 0)
		return r;
	/* The kernel applies the forward delay before the STP state; 0 is
	 * only accepted while STP is off (the default at creation). */
	if (!stp && nla_put_u32(msg, IFLA_BR_FORWARD_DELAY, 0) < 0)
		return -ENOMEM;
	if (nla_put_u32(msg, IFLA_BR_STP_STATE, stp ? 1 : 0) < 0)
		return -ENOMEM;
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	r = nlreq_ack(sk, msg);
	if (r != -EEXIST)
		return r;
	/* rtnl_link_bridge_add() in libnl 3.7 reports success when the name
	 * is taken by another kind of link: tell the two cases apart. */
	if (link_get(sk, name, &l) < 0)
		return -EEXIST;
	return strcmp(l.kind, "bridge") == 0 ? -EEXIST : -EMEDIUMTYPE;
}

static int link_set_master(struct nl_sock *sk, int port, int master)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = link_change_msg(port);

	if (!msg || nla_put_u32(msg, IFLA_MASTER, (uint32_t)master) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int bridge_enslave(struct nl_sock *sk, int port, int bridge)
{
	struct link_info l;
	int r = link_get_index(sk, port, &l);

	if (r < 0)
		return r;
	if (l.master == bridge)
		return 0;
	/* the kernel moves a port from one bridge to another without a word */
	if (l.master != 0)
		return -EBUSY;
	return link_set_master(sk, port, bridge);
}

int bridge_release(struct nl_sock *sk, int port)
{
	struct link_info l;
	int r = link_get_index(sk, port, &l);

	if (r < 0)
		return r;
	if (l.master == 0)
		return 0;
	return link_set_master(sk, port, 0);
}

int veth_create(struct nl_sock *sk, const char *name, const char *peer, int peer_netns_fd,
		pid_t peer_pid, unsigned mtu)
{
	struct ifinfomsg pifi = { .ifi_family = AF_UNSPEC };
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct nlattr *info, *data, *pn;
	int r;

	if (!ifname_valid(name) || !ifname_valid(peer))
		return -EINVAL;
	r = link_create_begin("veth", name, 0, NULL, mtu, &msg, &info, &data);
	if (r < 0)
		return r;
	/* VETH_INFO_PEER carries a whole ifinfomsg and the peer's attributes */
	pn = nla_nest_start(msg, VETH_INFO_PEER);
	if (!pn || nlmsg_append(msg, &pifi, sizeof(pifi), NLMSG_ALIGNTO) < 0)
		return -ENOMEM;
	if (nla_put_string(msg, IFLA_IFNAME, peer) < 0)
		return -ENOMEM;
	if (mtu && nla_put_u32(msg, IFLA_MTU, mtu) < 0)
		return -ENOMEM;
	if (peer_netns_fd >= 0 && nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd) < 0)
		return -ENOMEM;
	else if (peer_netns_fd < 0 && peer_pid > 0 &&
		 nla_put_u32(msg, IFLA_NET_NS_PID, (uint32_t)peer_pid) < 0)
		return -ENOMEM;
	nla_nest_end(msg, pn);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return nlreq_ack(sk, msg);
}

int macvlan_create(struct nl_sock *sk, const char *name, int lower, uint32_t mode, int netns_fd,
		   const uint8_t mac[6], unsigned mtu)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct nlattr *info, *data;
	int r;

	if (!ifname_valid(name))
		return -EINVAL;
	if (lower <= 0)
		return -ENODEV;
	r = link_create_begin("macvlan", name, lower, mac, mtu, &msg, &info, &data);
	if (r < 0)
		return r;
	if (nla_put_u32(msg, IFLA_MACVLAN_MODE, mode) < 0)
		return -ENOMEM;
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	/* IFLA_LINK is looked up in the socket's namespace, the new link is
	 * made in the target's: it never appears on the host */
	if (netns_fd >= 0 && nla_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)netns_fd) < 0)
		return -ENOMEM;
	return nlreq_ack(sk, msg);
}

int vlan_create(struct nl_sock *sk, const char *name, int lower, uint16_t vid)
{
	_cleanup_(nlmsg_freep) struct nl_msg *msg = NULL;
	struct nlattr *info, *data;
	int r;

	if (!ifname_valid(name))
		return -EINVAL;
	if (vid == 0 || vid > 4094)
		return -ERANGE;
	/* what the kernel answers to a missing lower link, without asking it */
	if (lower <= 0)
		return -ENODEV;
	r = link_create_begin("vlan", name, lower, NULL, 0, &msg, &info, &data);
	if (r < 0)
		return r;
	if (nla_put_u16(msg, IFLA_VLAN_ID, vid) < 0)
		return -ENOMEM;
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return nlreq_ack(sk, msg);
}

const char *link_kind_module(const char *kind)
{
	static const struct {
		const char *kind, *module;
	} table[] = {
		{ "bridge", "bridge" },
		{ "vlan", "8021q" },
		{ "veth", "veth" },
		{ "macvlan", "macvlan" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i].kind, kind) == 0)
			return table[i].module;
	return NULL;
}

const char *link_kind_hint(int r, const char *kind, char *buf, size_t len)
{
	const char *m = link_kind_module(kind);

	if (r == -EOPNOTSUPP && m)
		snprintf(buf, len,
			 "; the kernel has no '%s' link type and could not load the module '%s':"
			 " load it with 'modprobe %s', or see ctr-checkconfig",
			 kind, m, m);
	else if (len)
		buf[0] = '\0';
	return buf;
}
