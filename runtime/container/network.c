// SPDX-License-Identifier: LGPL-2.1-or-later
/* A container's network interfaces: veth on a bridge, macvlan, phys, empty,
 * made with the netsetup library and undone at stop (include/ctr/network.h). */
#include <arpa/inet.h>
#include <net/if_arp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>

#include "ctr/cleanup.h"
#include "ctr/procutil.h"
#include "ctr/container.h"
#include "ctr/netlink.h"
#include "ctr/network.h"

struct net_iface {
	enum cfg_net_type type;
	char host[IFNAMSIZ]; /* veth: the host end; phys: the NIC's own name */
	int host_ifindex;    /* veth: the host end */
	int inside_ifindex;  /* in the container's namespace */
	unsigned mtu;	     /* phys: its MTU before */
	uint8_t mac[6];	     /* phys: its MAC before */
	bool restore_mtu, restore_mac;
};

struct net_state {
	int host_ns; /* the namespace net_setup ran in */
	int ns;	     /* the container's */
	struct net_iface *v;
	size_t n;
};

/* What a veth, macvlan or phys interface needs, worked out before anything
 * is made so that bad input changes nothing. */
struct net_plan {
	const struct cfg_net *n;
	char inside[IFNAMSIZ];
	char pair[IFNAMSIZ];
	struct link_info link; /* the bridge, the macvlan's parent, the NIC */
	bool has_link;
	uint8_t mac[6];
	bool set_mac;
	unsigned mtu;
	uint8_t gw4[16], gw6[16];
	bool has_gw4, has_gw6;
};

static int net_undo(struct net_state *st, bool let_go);
static void net_abort(struct net_state *st)
{
	net_undo(st, false);
}
DEFINE_CLEANUP_FUNC(struct net_state *, net_abort)

/* ---- names, MACs, messages ---------------------------------------------- */

/* The interface's key @modern (legacy spelling @legacy, NULL: the same) as
 * its file spells interfaces: lxc.net.N.KEY or lxc.network.KEY. */
static const char *net_key(const struct cfg_net *n, const char *modern, const char *legacy,
			   char *buf, size_t len)
{
	if (n->origin.key && strncmp(n->origin.key, "lxc.network.", 12) == 0)
		snprintf(buf, len, "lxc.network.%s", legacy ? legacy : modern);
	else
		snprintf(buf, len, "lxc.net.%u.%s", n->index, modern);
	return buf;
}

__attribute__((format(printf, 5, 6))) static void net_fail(struct diag *d, const struct cfg_net *n,
							   const struct cfg_origin *o,
							   const char *key, const char *fmt, ...)
{
	char msg[sizeof(d->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!o || !o->file)
		o = &n->origin;
	diag_set(d, o->file, o->line, key, "%s", msg);
}

/* strerror(-r), with the kernel's extended ack when it gave one. */
static const char *nl_reason(int r, char *buf, size_t len)
{
	const char *ack = netlink_ext_ack();

	if (ack && *ack)
		snprintf(buf, len, "%s: %s", strerror(-r), ack);
	else
		snprintf(buf, len, "%s", strerror(-r));
	return buf;
}

static void net_inside_name(const struct cfg_net *n, char ret[IFNAMSIZ])
{
	if (n->name && *n->name)
		snprintf(ret, IFNAMSIZ, "%s", n->name);
	else
		snprintf(ret, IFNAMSIZ, "eth%u", n->index);
}

void net_pair_name(const struct container_config *cfg, const struct cfg_net *n, char ret[IFNAMSIZ])
{
	const char *name = cfg->name ? cfg->name : "";
	char idx[12], buf[64];
	uint32_t h = 2166136261u;
	int keep;

	if (n->veth_pair && *n->veth_pair) {
		snprintf(ret, IFNAMSIZ, "%s", n->veth_pair);
		return;
	}
	snprintf(idx, sizeof(idx), "%u", n->index);
	if (3 + strlen(name) + 1 + strlen(idx) < IFNAMSIZ) {
		snprintf(buf, sizeof(buf), "ve-%s-%s", name, idx);
	} else {
		/* Too long: a prefix of the name and five hex digits of its
		 * hash (FNV-1a), so long names sharing the prefix differ. */
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			h = (h ^ *p) * 16777619u;
		keep = IFNAMSIZ - 1 - 3 - 5 - 1 - (int)strlen(idx);
		snprintf(buf, sizeof(buf), "ve-%.*s%05x-%s", keep, name, h & 0xfffffu, idx);
	}
	memcpy(ret, buf, IFNAMSIZ - 1);
	ret[IFNAMSIZ - 1] = '\0';
}

int net_mac(const struct container_config *cfg, const struct cfg_net *n, uint8_t ret[6])
{
	uint8_t stable[6];
	char s[18];

	mac_stable(cfg->name ? cfg->name : "", n->index, stable);
	if (!n->hwaddr || !*n->hwaddr) {
		memcpy(ret, stable, 6);
		return 0;
	}
	if (strlen(n->hwaddr) != 17)
		return -EINVAL;
	memcpy(s, n->hwaddr, sizeof(s));
	/* LXC fills 'x' digits at random at every start; these come from the
	 * derived MAC instead, so the address stays the same across starts. */
	for (int i = 0; i < 17; i++) {
		unsigned v;
		if (s[i] != 'x' && s[i] != 'X')
			continue;
		v = i % 3 == 0 ? stable[i / 3] >> 4 : stable[i / 3] & 0xf;
		if (i == 1)
			v &= 0xe; /* unicast */
		s[i] = "0123456789abcdef"[v];
	}
	return mac_parse(s, ret);
}

/* ---- the plan ------------------------------------------------------------ */

/* The first address of @family on @ifindex (global scope for IPv6). */
static int link_first_addr(struct nl_sock *sk, int family, int ifindex, uint8_t ret[16])
{
	_cleanup_free_ struct addr_info *v = NULL;
	size_t n = 0;
	int r = addr_list(sk, family, ifindex, &v, &n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (v[i].family == family && v[i].scope == 0) {
			memcpy(ret, v[i].local, 16);
			return 0;
		}
	return -EADDRNOTAVAIL;
}

static int plan_gateway(struct nl_sock *hsk, struct net_plan *p, int family, struct diag *d)
{
	const struct cfg_net *n = p->n;
	const char *gw = family == AF_INET ? n->ipv4_gateway : n->ipv6_gateway;
	const char *fam = family == AF_INET ? "ipv4" : "ipv6";
	uint8_t *out = family == AF_INET ? p->gw4 : p->gw6;
	char key[64], flags[64], linkkey[64], sub[32];
	int r;

	if (!gw || !*gw)
		return 0;
	snprintf(sub, sizeof(sub), "%s.gateway", fam);
	net_key(n, sub, NULL, key, sizeof(key));
	if (!n->up) {
		net_fail(d, n, NULL, key,
			 "cannot add the gateway '%s' on '%s' (the interface "
			 "stays down: set '%s = up')",
			 gw, p->inside, net_key(n, "flags", NULL, flags, sizeof(flags)));
		return -EINVAL;
	}
	if (strcmp(gw, "auto") != 0) {
		memset(out, 0, 16);
		if (inet_pton(family, gw, out) != 1) {
			net_fail(d, n, NULL, key, "invalid gateway '%s'", gw);
			return -EINVAL;
		}
	} else {
		net_key(n, "link", NULL, linkkey, sizeof(linkkey));
		if (!p->has_link || n->type == CFG_NET_PHYS) {
			net_fail(d, n, NULL, key,
				 "cannot find the gateway for '%s = auto' (it is "
				 "the first %s address of the bridge or parent in '%s', and there "
				 "is none)",
				 key, fam, linkkey);
			return -EINVAL;
		}
		r = link_first_addr(hsk, family, p->link.ifindex, out);
		if (r < 0) {
			net_fail(d, n, NULL, key,
				 "cannot find the gateway for '%s = auto' ('%s' "
				 "has no %s address%s%s)",
				 key, p->link.name, fam, r == -EADDRNOTAVAIL ? "" : ": ",
				 r == -EADDRNOTAVAIL ? "" : strerror(-r));
			return r == -EADDRNOTAVAIL ? -EINVAL : r;
		}
	}
	if (family == AF_INET)
		p->has_gw4 = true;
	else
		p->has_gw6 = true;
	return 0;
}

static int plan_make(const struct container_config *cfg, const struct cfg_net *n,
		     struct nl_sock *hsk, struct net_plan *p, struct diag *d)
{
	char key[64], why[320];
	int r;

	memset(p, 0, sizeof(*p));
	p->n = n;
	net_inside_name(n, p->inside);
	net_key(n, "link", NULL, key, sizeof(key));
	if (n->link && *n->link) {
		r = link_get(hsk, n->link, &p->link);
		if (r == -ENODEV && n->type == CFG_NET_VETH) {
			net_fail(d, n, &n->link_origin, key,
				 "cannot attach '%s' to the bridge '%s' "
				 "(no such bridge: make it with 'ctr-netsetup', or name another "
				 "in '%s')",
				 p->inside, n->link, key);
			return -ENODEV;
		}
		if (r == -ENODEV) {
			net_fail(d, n, &n->link_origin, key,
				 "cannot use the %s '%s' for '%s' (no "
				 "such link)",
				 n->type == CFG_NET_PHYS ? "interface" : "parent", n->link,
				 p->inside);
			return -ENODEV;
		}
		if (r < 0) {
			net_fail(d, n, &n->link_origin, key, "cannot look up '%s' (%s)", n->link,
				 nl_reason(r, why, sizeof(why)));
			return r;
		}
		p->has_link = true;
		if (n->type == CFG_NET_VETH && strcmp(p->link.kind, "bridge") != 0) {
			net_fail(d, n, &n->link_origin, key,
				 "cannot attach '%s' to '%s' (not a "
				 "bridge but %s%s: make a bridge with 'ctr-netsetup')",
				 p->inside, n->link, p->link.kind[0] ? "a " : "a plain link",
				 p->link.kind);
			return -EMEDIUMTYPE;
		}
		if (n->type != CFG_NET_VETH && p->link.type == ARPHRD_LOOPBACK) {
			net_fail(d, n, &n->link_origin, key,
				 "cannot use the loopback '%s' for "
				 "'%s'",
				 n->link, p->inside);
			return -EINVAL;
		}
	} else if (n->type != CFG_NET_VETH) {
		net_fail(d, n, NULL, key, "a %s interface needs '%s'",
			 n->type == CFG_NET_PHYS ? "phys" : "macvlan", key);
		return -EINVAL;
	}
	if (n->type == CFG_NET_VETH)
		net_pair_name(cfg, n, p->pair);
	/* a phys NIC keeps its own MAC unless the config gives one */
	p->set_mac = n->type != CFG_NET_PHYS || (n->hwaddr && *n->hwaddr);
	if (p->set_mac && net_mac(cfg, n, p->mac) < 0) {
		net_fail(d, n, NULL, net_key(n, "hwaddr", NULL, key, sizeof(key)),
			 "invalid hwaddr '%s'", n->hwaddr);
		return -EINVAL;
	}
	p->mtu = n->mtu;
	if (!p->mtu && n->type == CFG_NET_VETH && p->has_link)
		p->mtu = p->link.mtu;
	r = plan_gateway(hsk, p, AF_INET, d);
	if (r < 0)
		return r;
	return plan_gateway(hsk, p, AF_INET6, d);
}

/* ---- making it ------------------------------------------------------------ */

/* "ADDR/LEN [BROADCAST]" (IPv4) or "ADDR/LEN" into @a; a missing IPv4
 * broadcast is computed, as LXC does. */
static int addr_from_config(const char *s, int family, struct addr_info *a)
{
	char buf[128], *sp;
	struct cidr c;
	int r;

	snprintf(buf, sizeof(buf), "%s", s);
	sp = strpbrk(buf, " \t");
	if (sp)
		*sp++ = '\0';
	r = cidr_parse(buf, true, &c);
	if (r < 0 || c.family != family)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->family = family;
	a->prefixlen = c.prefixlen;
	a->valid_lft = a->preferred_lft = 0xffffffffu;
	memcpy(a->local, c.addr, 16);
	while (sp && (*sp == ' ' || *sp == '\t'))
		sp++;
	if (family != AF_INET)
		return 0;
	if (sp && *sp) {
		if (inet_pton(AF_INET, sp, a->brd) != 1)
			return -EINVAL;
		a->has_brd = true;
	} else if (c.prefixlen < 31) {
		uint32_t ip, mask = c.prefixlen ? htonl(~0u << (32 - c.prefixlen)) : 0;
		memcpy(&ip, c.addr, 4);
		ip |= ~mask;
		memcpy(a->brd, &ip, 4);
		a->has_brd = true;
	}
	return 0;
}

/* Inside the container: MAC, MTU (phys), addresses, up, gateways. */
static int inside_setup(struct nl_sock *csk, const struct net_plan *p, int ifindex, struct diag *d)
{
	const struct cfg_net *n = p->n;
	char key[64], why[320];
	int r;

	if (p->set_mac) {
		r = link_set_mac(csk, ifindex, p->mac);
		if (r < 0) {
			char m[18];
			net_fail(d, n, NULL, net_key(n, "hwaddr", NULL, key, sizeof(key)),
				 "cannot set the MAC '%s' on '%s' (%s)", mac_format(p->mac, m),
				 p->inside, nl_reason(r, why, sizeof(why)));
			return r;
		}
	}
	if (n->type == CFG_NET_PHYS && n->mtu) {
		r = link_set_mtu(csk, ifindex, n->mtu);
		if (r < 0) {
			net_fail(d, n, NULL, net_key(n, "mtu", NULL, key, sizeof(key)),
				 "cannot set the MTU %u on '%s' (%s)", n->mtu, p->inside,
				 nl_reason(r, why, sizeof(why)));
			return r;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		int family = pass ? AF_INET6 : AF_INET;
		char **list = pass ? n->ipv6 : n->ipv4;
		net_key(n, pass ? "ipv6.address" : "ipv4.address", pass ? "ipv6" : "ipv4", key,
			sizeof(key));
		for (char **s = list; s && *s; s++) {
			struct addr_info a;
			if (addr_from_config(*s, family, &a) < 0) {
				net_fail(d, n, NULL, key, "invalid address '%s'", *s);
				return -EINVAL;
			}
			r = addr_add(csk, &a, ifindex, family == AF_INET ? p->inside : NULL, 0);
			if (r < 0) {
				net_fail(d, n, NULL, key,
					 "cannot add the address '%s' on '%s' (%s)", *s, p->inside,
					 nl_reason(r, why, sizeof(why)));
				return r;
			}
		}
	}
	if (n->up) {
		r = link_set_up(csk, ifindex, true);
		if (r < 0) {
			net_fail(d, n, NULL, net_key(n, "flags", NULL, key, sizeof(key)),
				 "cannot bring '%s' up (%s)", p->inside,
				 nl_reason(r, why, sizeof(why)));
			return r;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		int family = pass ? AF_INET6 : AF_INET;
		const char *gw = pass ? n->ipv6_gateway : n->ipv4_gateway;
		if (!(pass ? p->has_gw6 : p->has_gw4))
			continue;
		r = route_add_default(csk, family, pass ? p->gw6 : p->gw4, ifindex);
		if (r < 0) {
			char a[INET6_ADDRSTRLEN];
			inet_ntop(family, pass ? p->gw6 : p->gw4, a, sizeof(a));
			net_fail(d, n, NULL,
				 net_key(n, pass ? "ipv6.gateway" : "ipv4.gateway", NULL, key,
					 sizeof(key)),
				 "cannot add the default route via '%s'%s%s%s on '%s' (%s%s)", a,
				 strcmp(gw, "auto") == 0 ? " (" : "",
				 strcmp(gw, "auto") == 0 ? "auto" : "",
				 strcmp(gw, "auto") == 0 ? ")" : "", p->inside,
				 nl_reason(r, why, sizeof(why)),
				 r == -ENETUNREACH
					 ? "; no address of the interface is on its subnet"
					 : "");
			return r;
		}
	}
	return 0;
}

static int state_add(struct net_state *st, const struct net_iface *f)
{
	struct net_iface *nv = realloc(st->v, (st->n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	st->v = nv;
	st->v[st->n++] = *f;
	return 0;
}

/* veth and phys, once the interface is in the container's namespace: finds
 * it there, records its index in the state's last entry and sets it up. */
static int inside_finish(struct net_state *st, struct nl_sock *csk, const struct net_plan *p,
			 const char *key, struct diag *d)
{
	struct link_info in;
	char why[320];
	int r = link_get(csk, p->inside, &in);

	if (r < 0) {
		net_fail(d, p->n, NULL, key, "cannot find '%s' in the container (%s)", p->inside,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	st->v[st->n - 1].inside_ifindex = in.ifindex;
	return inside_setup(csk, p, in.ifindex, d);
}

/* The host end's alias names its owner, the process that set it up (ctr-start
 * or the monitor, alive as long as the container): "ctr:PID:START:NAME". */
static void owner_alias(const struct container_config *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "ctr:%d:%llu:%s", (int)getpid(), proc_starttime(getpid()),
		 cfg->name ? cfg->name : "");
}

/* The running container whose host end @l is, or NULL: its alias names a
 * live owner other than this process.  @name_buf receives the name. */
static const char *owner_alive(const struct link_info *l, char *name_buf, size_t len)
{
	unsigned long long start;
	int pid, off = 0;

	if (sscanf(l->alias, "ctr:%d:%llu:%n", &pid, &start, &off) != 2 || off == 0)
		return NULL;
	if (pid <= 0 || pid == getpid() || start == 0 || proc_starttime(pid) != start)
		return NULL;
	snprintf(name_buf, len, "%s", l->alias + off);
	return name_buf;
}

/* Removes a leftover host end called @pair: a veth of a defunct instance,
 * not one a running container (of another name: ours holds the lock) still
 * uses.  Returns 1 if it removed one, 0 if there was none, or -errno. */
static int pair_remove_stale(struct nl_sock *hsk, const struct cfg_net *n, const char *pair,
			     struct diag *d)
{
	struct link_info l;
	char key[64], why[320], owner[64];
	int r = link_get(hsk, pair, &l);

	if (r == -ENODEV)
		return 0;
	net_key(n, "veth.pair", NULL, key, sizeof(key));
	if (r < 0) {
		net_fail(d, n, NULL, key, "cannot look up '%s' (%s)", pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	if (strcmp(l.kind, "veth") != 0) {
		net_fail(d, n, NULL, key,
			 "cannot use '%s' as the host end of '%s' (a link of "
			 "that name exists and is %s%s, not a leftover veth: not removing it)",
			 pair, n->name ? n->name : "the veth", l.kind[0] ? "a " : "a plain link",
			 l.kind);
		return -EEXIST;
	}
	if (owner_alive(&l, owner, sizeof(owner))) {
		net_fail(d, n, NULL, key,
			 "cannot use '%s' as the host end of '%s' (the running "
			 "container '%s' uses it: give each container its own '%s')",
			 pair, n->name ? n->name : "the veth", owner, key);
		return -EBUSY;
	}
	r = link_delete(hsk, l.ifindex);
	if (r < 0 && r != -ENODEV) {
		net_fail(d, n, NULL, key, "cannot remove the leftover veth '%s' (%s)", pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	return 1;
}

static int veth_setup(const struct container_config *cfg, struct net_state *st, struct nl_sock *hsk,
		      struct nl_sock *csk, const struct net_plan *p, struct diag *d)
{
	const struct cfg_net *n = p->n;
	struct net_iface f = { .type = CFG_NET_VETH };
	struct link_info host;
	uint8_t hmac[6];
	char key[64], why[320], alias[128];
	int r;

	r = pair_remove_stale(hsk, n, p->pair, d);
	if (r < 0)
		return r;
	net_key(n, "veth.pair", NULL, key, sizeof(key));
	r = veth_create(hsk, p->pair, p->inside, st->ns, 0, p->mtu);
	if (r < 0) {
		char hint[256];
		net_fail(d, n, NULL, key, "cannot create the veth pair '%s' / '%s' (%s)%s", p->pair,
			 p->inside, nl_reason(r, why, sizeof(why)),
			 link_kind_hint(r, "veth", hint, sizeof(hint)));
		return r;
	}
	r = link_get(hsk, p->pair, &host);
	if (r < 0) {
		/* made and gone: nothing of ours to undo */
		net_fail(d, n, NULL, key, "cannot find the new veth '%s' (%s)", p->pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	snprintf(f.host, sizeof(f.host), "%s", p->pair);
	f.host_ifindex = host.ifindex;
	r = state_add(st, &f);
	if (r < 0) {
		link_delete(hsk, host.ifindex);
		net_fail(d, n, NULL, key, "out of memory");
		return r;
	}
	owner_alias(cfg, alias, sizeof(alias));
	r = link_set_alias(hsk, host.ifindex, alias);
	if (r < 0) {
		net_fail(d, n, NULL, key, "cannot set the alias of '%s' (%s)", p->pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	/* A bridge without a MAC of its own takes its lowest port's: a high
	 * first byte on the host end keeps the bridge's MAC from changing as
	 * containers come and go (LXC does the same). */
	mac_stable(p->pair, 0, hmac);
	hmac[0] = 0xfe;
	r = link_set_mac(hsk, host.ifindex, hmac);
	if (r < 0) {
		net_fail(d, n, NULL, key, "cannot set the MAC of '%s' (%s)", p->pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	if (p->has_link) {
		r = bridge_enslave(hsk, host.ifindex, p->link.ifindex);
		if (r < 0) {
			net_fail(d, n, &n->link_origin, net_key(n, "link", NULL, key, sizeof(key)),
				 "cannot attach '%s' to the bridge '%s' (%s)", p->pair,
				 p->link.name, nl_reason(r, why, sizeof(why)));
			return r;
		}
	}
	r = link_set_up(hsk, host.ifindex, true);
	if (r < 0) {
		net_fail(d, n, NULL, key, "cannot bring '%s' up (%s)", p->pair,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	return inside_finish(st, csk, p, key, d);
}

static uint32_t macvlan_mode(const char *s)
{
	if (s && strcmp(s, "private") == 0)
		return MACVLAN_MODE_PRIVATE;
	if (s && strcmp(s, "vepa") == 0)
		return MACVLAN_MODE_VEPA;
	if (s && strcmp(s, "passthru") == 0)
		return MACVLAN_MODE_PASSTHRU;
	return MACVLAN_MODE_BRIDGE;
}

static int macvlan_setup(struct net_state *st, struct nl_sock *hsk, struct nl_sock *csk,
			 const struct net_plan *p, struct diag *d)
{
	const struct cfg_net *n = p->n;
	struct net_iface f = { .type = CFG_NET_MACVLAN };
	struct link_info in;
	char key[64], why[320];
	int r;

	net_key(n, "link", NULL, key, sizeof(key));
	r = macvlan_create(hsk, p->inside, p->link.ifindex, macvlan_mode(n->macvlan_mode), st->ns,
			   NULL, p->mtu);
	if (r < 0) {
		char hint[256];
		net_fail(d, n, &n->link_origin, key,
			 "cannot create the macvlan '%s' on '%s' (%s)%s", p->inside, p->link.name,
			 nl_reason(r, why, sizeof(why)),
			 link_kind_hint(r, "macvlan", hint, sizeof(hint)));
		return r;
	}
	r = link_get(csk, p->inside, &in);
	if (r < 0) {
		net_fail(d, n, NULL, key, "cannot find '%s' in the container (%s)", p->inside,
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	f.inside_ifindex = in.ifindex;
	r = state_add(st, &f);
	if (r < 0) {
		link_delete(csk, in.ifindex);
		net_fail(d, n, NULL, key, "out of memory");
		return r;
	}
	return inside_setup(csk, p, in.ifindex, d);
}

static int phys_setup(struct net_state *st, struct nl_sock *hsk, struct nl_sock *csk,
		      const struct net_plan *p, struct diag *d)
{
	const struct cfg_net *n = p->n;
	struct net_iface f = { .type = CFG_NET_PHYS };
	char key[64], why[320];
	int r;

	net_key(n, "link", NULL, key, sizeof(key));
	snprintf(f.host, sizeof(f.host), "%s", p->link.name);
	f.mtu = p->link.mtu;
	f.restore_mtu = n->mtu && n->mtu != p->link.mtu;
	memcpy(f.mac, p->link.mac, 6);
	f.restore_mac = p->set_mac && p->link.has_mac;
	r = state_add(st, &f);
	if (r < 0) {
		net_fail(d, n, NULL, key, "out of memory");
		return r;
	}
	r = link_move_netns_fd_name(hsk, p->link.ifindex, st->ns, p->inside);
	if (r < 0) {
		st->n--;
		net_fail(d, n, &n->link_origin, key,
			 "cannot move '%s' into the container as "
			 "'%s' (%s)",
			 p->link.name, p->inside, nl_reason(r, why, sizeof(why)));
		return r;
	}
	return inside_finish(st, csk, p, key, d);
}

int net_setup(const struct container_config *cfg, int netns_fd, struct net_state **ret_state,
	      struct diag *ret_diag)
{
	_cleanup_(net_abortp) struct net_state *st = NULL;
	_cleanup_(nl_socket_freep) struct nl_sock *hsk = NULL, *csk = NULL;
	_cleanup_free_ struct net_plan *plans = NULL;
	size_t n_plans = 0;
	char why[320];
	int r;

	if (netns_fd < 0) {
		*ret_state = NULL;
		return 0;
	}
	for (size_t i = 0; i < cfg->n_nets; i++)
		if (cfg->nets[i].type == CFG_NET_VETH || cfg->nets[i].type == CFG_NET_MACVLAN ||
		    cfg->nets[i].type == CFG_NET_PHYS)
			n_plans++;
	if (n_plans == 0) {
		/* empty (or no keys): the loopback only, which the init brings up */
		*ret_state = NULL;
		return 0;
	}
	r = netlink_open(&hsk);
	if (r < 0) {
		diag_set(ret_diag, cfg->nets[0].origin.file, cfg->nets[0].origin.line, NULL,
			 "cannot open a netlink socket (%s)", strerror(-r));
		return r;
	}
	plans = calloc(n_plans, sizeof(*plans));
	if (!plans)
		return -ENOMEM;
	n_plans = 0;
	for (size_t i = 0; i < cfg->n_nets; i++) {
		const struct cfg_net *n = &cfg->nets[i];
		if (n->type != CFG_NET_VETH && n->type != CFG_NET_MACVLAN &&
		    n->type != CFG_NET_PHYS)
			continue;
		r = plan_make(cfg, n, hsk, &plans[n_plans++], ret_diag);
		if (r < 0)
			return r;
	}

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->host_ns = st->ns = -EBADF;
	st->host_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	st->ns = st->host_ns < 0 ? -1 : fcntl(netns_fd, F_DUPFD_CLOEXEC, 3);
	if (st->host_ns < 0 || st->ns < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot hold the network namespaces (%s)",
			 strerror(-r));
		return r;
	}
	r = netlink_open_netns(st->ns, &csk);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL,
			 "cannot open a netlink socket in the container's network namespace (%s)",
			 nl_reason(r, why, sizeof(why)));
		return r;
	}
	for (size_t i = 0; i < n_plans; i++) {
		switch (plans[i].n->type) {
		case CFG_NET_VETH:
			r = veth_setup(cfg, st, hsk, csk, &plans[i], ret_diag);
			break;
		case CFG_NET_MACVLAN:
			r = macvlan_setup(st, hsk, csk, &plans[i], ret_diag);
			break;
		default:
			r = phys_setup(st, hsk, csk, &plans[i], ret_diag);
			break;
		}
		if (r < 0)
			return r; /* st undoes what was made */
	}
	*ret_state = TAKE_PTR(st);
	return 0;
}

/* ---- undoing it ------------------------------------------------------------ */

static int phys_give_back(struct nl_sock *hsk, struct nl_sock *csk, const struct net_state *st,
			  const struct net_iface *f)
{
	struct link_info l;
	int r;

	r = link_move_netns_fd_name(csk, f->inside_ifindex, st->host_ns, f->host);
	if (r == -EEXIST) {
		/* its name was taken meanwhile: the kernel picks one, and the
		 * NIC is back at least */
		link_move_netns_fd_name(csk, f->inside_ifindex, st->host_ns, "phys%d");
		return r;
	}
	if (r < 0)
		return r;
	if (!f->restore_mtu && !f->restore_mac)
		return 0;
	r = link_get(hsk, f->host, &l);
	if (r < 0)
		return r;
	if (f->restore_mtu && (r = link_set_mtu(hsk, l.ifindex, f->mtu)) < 0)
		return r;
	if (f->restore_mac && (r = link_set_mac(hsk, l.ifindex, f->mac)) < 0)
		return r;
	return 0;
}

/* Whether veth @f's host end is still there (by name and index both: never
 * someone else's link). */
static bool veth_present(struct nl_sock *hsk, const struct net_iface *f)
{
	struct link_info l;

	return link_get(hsk, f->host, &l) == 0 && l.ifindex == f->host_ifindex;
}

/* Undoes @st and frees it.  @let_go: the caller has dropped its own
 * references to the namespace, so the veths can go with it; otherwise
 * (a rollback inside net_setup) they are deleted one by one. */
static int net_undo(struct net_state *st, bool let_go)
{
	_cleanup_(nl_socket_freep) struct nl_sock *hsk = NULL;
	bool inside = false, left = !let_go;
	unsigned waited_us = 0, step = 250;
	int r = 0, k;

	if (!st)
		return 0;
	for (size_t i = 0; i < st->n; i++)
		inside = inside || st->v[i].type != CFG_NET_VETH;
	if (st->n > 0) {
		r = netlink_open(&hsk);
		if (r < 0)
			st->n = 0;
	}
	if (st->n > 0 && inside) {
		_cleanup_(nl_socket_freep) struct nl_sock *csk = NULL;
		r = netlink_open_netns(st->ns, &csk);
		for (size_t i = st->n; r == 0 && i-- > 0;) {
			const struct net_iface *f = &st->v[i];
			if (f->type == CFG_NET_VETH)
				continue;
			/* a macvlan goes at once: a lingering one would hold its
			 * MAC on the parent against the next start */
			k = f->type == CFG_NET_MACVLAN ? link_delete(csk, f->inside_ifindex)
						       : phys_give_back(hsk, csk, st, f);
			if (k < 0 && k != -ENODEV && r == 0)
				r = k;
		}
		/* the socket holds the namespace too */
	}
	/* Dropping the last reference to the container's namespace deletes the
	 * veths (both ends) in the kernel's batched namespace cleanup: about
	 * twice as fast here as RTM_DELLINK, which waits for RCU grace periods
	 * of its own.  The caller has dropped its references (container_free);
	 * if something else still holds the namespace, the host ends are
	 * deleted explicitly after two seconds. */
	closep(&st->ns);
	while (let_go) {
		left = false;
		for (size_t i = 0; i < st->n && !left; i++)
			left = st->v[i].type == CFG_NET_VETH && veth_present(hsk, &st->v[i]);
		if (!left || waited_us >= 2000000)
			break;
		usleep(step);
		waited_us += step;
		/* at most 1 ms late: the namespace's cleanup takes from a few
		 * to tens of ms (RCU grace periods, longer on an idle host), and
		 * a doubling step overshot it by as much again */
		step = step < 1000 ? step * 2 : 1000;
	}
	for (size_t i = st->n; left && i-- > 0;) {
		const struct net_iface *f = &st->v[i];
		if (f->type != CFG_NET_VETH || !veth_present(hsk, f))
			continue;
		k = link_delete(hsk, f->host_ifindex);
		if (k < 0 && k != -ENODEV && r == 0)
			r = k;
	}
	closep(&st->host_ns);
	free(st->v);
	free(st);
	return r;
}

int net_teardown(struct net_state *st)
{
	return net_undo(st, true);
}

int net_start_hook(struct container *c, void *userdata, struct diag *ret_diag)
{
	struct net_hook *h = userdata;

	return net_setup(h->cfg, c->ns_fds[CONTAINER_NS_NET], &h->state, ret_diag);
}

int net_cleanup(const struct container_config *cfg, struct diag *ret_diag)
{
	_cleanup_(nl_socket_freep) struct nl_sock *hsk = NULL;
	int r, removed = 0;

	for (size_t i = 0; i < cfg->n_nets; i++) {
		const struct cfg_net *n = &cfg->nets[i];
		char pair[IFNAMSIZ];
		if (n->type != CFG_NET_VETH)
			continue;
		if (!hsk && (r = netlink_open(&hsk)) < 0) {
			diag_set(ret_diag, n->origin.file, n->origin.line, NULL,
				 "cannot open a netlink socket (%s)", strerror(-r));
			return r;
		}
		net_pair_name(cfg, n, pair);
		r = pair_remove_stale(hsk, n, pair, ret_diag);
		if (r < 0)
			return r;
		removed += r;
	}
	return removed;
}

/* ---- addresses ------------------------------------------------------------- */

int net_addresses(int netns_fd, pid_t pid, struct net_addr **ret_v, size_t *ret_n)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	_cleanup_free_ struct link_info *links = NULL;
	_cleanup_free_ struct addr_info *addrs = NULL;
	_cleanup_free_ struct net_addr *out = NULL;
	_cleanup_close_ int fd = -EBADF;
	size_t n_links = 0, n_addrs = 0, n = 0;
	int r;

	if (netns_fd < 0) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/%d/ns/net", (int)pid);
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return NEG_ERRNO();
		netns_fd = fd;
	}
	r = netlink_open_netns(netns_fd, &sk);
	if (r < 0)
		return r;
	r = link_list(sk, &links, &n_links);
	if (r < 0)
		return r;
	r = addr_list(sk, AF_UNSPEC, 0, &addrs, &n_addrs);
	if (r < 0)
		return r;
	out = calloc(n_addrs ? n_addrs : 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n_links; i++) {
		if (links[i].type == ARPHRD_LOOPBACK)
			continue;
		for (int pass = 0; pass < 2; pass++)
			for (size_t j = 0; j < n_addrs; j++) {
				const struct addr_info *a = &addrs[j];
				struct cidr c = { .family = a->family, .prefixlen = a->prefixlen };
				if (a->ifindex != links[i].ifindex ||
				    a->family != (pass ? AF_INET6 : AF_INET))
					continue;
				memcpy(c.addr, a->local, 16);
				snprintf(out[n].ifname, sizeof(out[n].ifname), "%s", links[i].name);
				out[n].family = a->family;
				cidr_format(&c, out[n].addr, sizeof(out[n].addr));
				n++;
			}
	}
	*ret_v = TAKE_PTR(out);
	*ret_n = n;
	return 0;
}
