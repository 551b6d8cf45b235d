// SPDX-License-Identifier: LGPL-2.1-or-later
/* The cut-over: bridge a NIC without taking its addresses away from the
 * host, undo it, and roll back from any failed step. */
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "ctr/netsetup.h"

struct job {
	const struct netsetup_opts *o;
	struct nl_sock *sk;
	struct diag *d;
	char step[256];
	char hint[256]; /* what to do about the failed step, "" if nothing */
};

/* Names the next step, reports it; false in a dry run (skip it). */
__attribute__((format(printf, 2, 3))) static bool step(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->step, sizeof(j->step), fmt, ap);
	va_end(ap);
	if (j->o->step)
		j->o->step(j->o->userdata, j->step);
	return !j->o->dry_run;
}

static const char *why(int r, char *buf, size_t len)
{
	const char *ext = netlink_ext_ack();

	if (ext[0])
		snprintf(buf, len, "%s: %s", strerror(-r), ext);
	else
		snprintf(buf, len, "%s", strerror(-r));
	/* lower-case start, as every message */
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

__attribute__((format(printf, 4, 5))) static int refuse(struct job *j, int r, const char *key,
							const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(j->d->msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(j->d, NULL, 0, key, "%s", msg);
	return r;
}

static const char *ip_str(int family, const uint8_t *a, char *buf, size_t len)
{
	if (!inet_ntop(family, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static const char *addr_str(const struct addr_info *a, char *buf, size_t len)
{
	struct cidr c = { .family = a->family, .prefixlen = a->prefixlen };

	memcpy(c.addr, a->local, 16);
	return cidr_format(&c, buf, len);
}

/* "DST/LEN via GW table T metric M"; @buf of ROUTE_STR_MAX */
#define ROUTE_STR_MAX 256
static const char *route_str(const struct route_info *r, char *buf, size_t len)
{
	char dst[INET6_ADDRSTRLEN + 8] = "default", gw[INET6_ADDRSTRLEN + 8] = "";

	if (r->has_dst) {
		struct cidr c = { .family = r->family, .prefixlen = r->dst_len };
		memcpy(c.addr, r->dst, 16);
		cidr_format(&c, dst, sizeof(dst));
	}
	if (r->has_gw) {
		memcpy(gw, " via ", 6);
		ip_str(r->family, r->gw, gw + 5, sizeof(gw) - 5);
	}
	if (snprintf(buf, len, "%s%s table %u metric %u", dst, gw, r->table, r->priority) >=
	    (int)len)
		buf[len - 1] = '\0';
	return buf;
}

static void copy_name(char dst[IFNAMSIZ], const char *src)
{
	size_t n = strnlen(src, IFNAMSIZ - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- checks and the snapshot -------------------------------------------------- */

static int check_names(struct job *j, bool need_nic)
{
	const struct netsetup_opts *o = j->o;

	if (!o->bridge || !ifname_valid(o->bridge))
		return refuse(
			j, -EINVAL, o->bridge ? o->bridge : "",
			"invalid bridge name '%s' (1 to %d characters, no '/', ':' or white space)",
			o->bridge ? o->bridge : "", IFNAMSIZ - 1);
	if (need_nic && (!o->nic || !ifname_valid(o->nic)))
		return refuse(
			j, -EINVAL, o->nic ? o->nic : "",
			"invalid interface name '%s' (1 to %d characters, no '/', ':' or white space)",
			o->nic ? o->nic : "", IFNAMSIZ - 1);
	if (need_nic && strcmp(o->bridge, o->nic) == 0)
		return refuse(j, -EINVAL, o->nic, "bridge and interface are both '%s'", o->nic);
	if (need_nic && o->vlan) {
		char pname[IFNAMSIZ + 16];
		if (o->vlan < 1 || o->vlan > 4094)
			return refuse(j, -ERANGE, "--vlan", "--vlan %d: a VLAN id is 1 to 4094",
				      o->vlan);
		snprintf(pname, sizeof(pname), "%s.%d", o->nic, o->vlan);
		if (!ifname_valid(pname))
			return refuse(
				j, -EINVAL, "--vlan",
				"--vlan %d: the VLAN interface name '%s' is longer than %d characters",
				o->vlan, pname, IFNAMSIZ - 1);
	}
	return 0;
}

static int open_sock(struct job *j)
{
	char b[128];
	int r = netlink_open(&j->sk);

	if (r < 0)
		return refuse(j, r, "", "cannot open a netlink socket (%s)", why(r, b, sizeof(b)));
	return 0;
}

/* An empty change request: the kernel checks CAP_NET_ADMIN before looking
 * at it, and changes nothing. */
static int check_permission(struct job *j, int ifindex, const char *name)
{
	struct link_info l;
	char b[128];
	int r = link_get_index(j->sk, ifindex, &l);

	if (r == 0)
		r = link_set_mtu(j->sk, ifindex, l.mtu);
	if (r == -EPERM || r == -EACCES)
		return refuse(
			j, r, name,
			"no permission to change network links: CAP_NET_ADMIN is needed over this network namespace (%s)",
			why(r, b, sizeof(b)));
	if (r < 0)
		return refuse(j, r, name, "cannot check '%s' (%s)", name, why(r, b, sizeof(b)));
	return 0;
}

static int snapshot(struct job *j, const struct link_info *nic, const struct link_info *port,
		    bool bridge_exists, struct netsetup_state *st)
{
	const struct netsetup_opts *o = j->o;
	char b[128];
	bool dis;
	int r;

	snprintf(st->bridge, sizeof(st->bridge), "%s", o->bridge);
	snprintf(st->nic, sizeof(st->nic), "%s", nic->name);
	snprintf(st->port, sizeof(st->port), "%s", port ? port->name : nic->name);
	if (!port && o->vlan) {
		char pname[IFNAMSIZ + 16];
		snprintf(pname, sizeof(pname), "%s.%d", nic->name, o->vlan);
		copy_name(st->port, pname);
	}
	st->vlan = o->vlan;
	st->bridge_created = !bridge_exists;
	st->vlan_created = o->vlan && !port;
	st->stp = o->stp;
	memcpy(st->mac, nic->mac, 6);
	st->mtu = nic->mtu;
	st->has_address = o->has_address;
	st->address = o->address;
	st->gw_family = o->gw_family;
	memcpy(st->gw, o->gw, 16);
	st->ipv6_disabled = -1;
	/* with --vlan the NIC keeps its addresses: only the VLAN is bridged */
	if (o->vlan)
		return 0;
	r = ipv6_get_disabled(nic->name, &dis);
	if (r == 0)
		st->ipv6_disabled = dis;
	r = addr_list(j->sk, AF_UNSPEC, nic->ifindex, &st->addrs, &st->n_addrs);
	if (r < 0)
		return refuse(j, r, nic->name, "cannot list the addresses of '%s' (%s)", nic->name,
			      why(r, b, sizeof(b)));
	r = route_list_dev(j->sk, AF_UNSPEC, nic->ifindex, &st->routes, &st->n_routes);
	if (r < 0)
		return refuse(j, r, nic->name, "cannot list the routes through '%s' (%s)",
			      nic->name, why(r, b, sizeof(b)));
	return 0;
}

/* The checks of netsetup_up(): 0 go on, NETSETUP_ALREADY, or -errno with
 * the refusal in j->d.  Fills @nic, @port (port->ifindex 0: to be created)
 * and @br (br->ifindex 0: to be created). */
static int check_up(struct job *j, struct link_info *nic, struct link_info *port,
		    struct link_info *br)
{
	const struct netsetup_opts *o = j->o;
	char b[128], pname[IFNAMSIZ + 8];
	int r;

	r = link_get(j->sk, o->nic, nic);
	if (r == -ENODEV)
		return refuse(j, r, o->nic, "network interface '%s' not found", o->nic);
	if (r < 0)
		return refuse(j, r, o->nic, "cannot look up '%s' (%s)", o->nic,
			      why(r, b, sizeof(b)));
	if ((nic->flags & IFF_LOOPBACK) || nic->type == ARPHRD_LOOPBACK)
		return refuse(j, -EINVAL, o->nic, "'%s' is the loopback interface", o->nic);
	if (strcmp(nic->kind, "bridge") == 0)
		return refuse(j, -EINVAL, o->nic,
			      "'%s' is a bridge, not a network interface to bridge", o->nic);
	if (nic->wireless)
		return refuse(
			j, -EINVAL, o->nic,
			"'%s' is wireless: an access point drops frames from the containers' MACs",
			o->nic);
	if (nic->type != ARPHRD_ETHER || !nic->has_mac)
		return refuse(j, -EINVAL, o->nic, "'%s' is not an Ethernet interface", o->nic);

	memset(br, 0, sizeof(*br));
	r = link_get(j->sk, o->bridge, br);
	if (r < 0 && r != -ENODEV)
		return refuse(j, r, o->bridge, "cannot look up '%s' (%s)", o->bridge,
			      why(r, b, sizeof(b)));
	if (r == 0 && strcmp(br->kind, "bridge") != 0)
		return refuse(j, -EEXIST, o->bridge, "'%s' exists and is not a bridge (kind '%s')",
			      o->bridge, br->kind[0] ? br->kind : "none");
	if (r == -ENODEV)
		memset(br, 0, sizeof(*br));

	*port = *nic;
	if (o->vlan) {
		snprintf(pname, sizeof(pname), "%s.%d", o->nic, o->vlan);
		r = link_get(j->sk, pname, port);
		if (r == -ENODEV) {
			memset(port, 0, sizeof(*port));
			copy_name(port->name, pname);
		} else if (r < 0) {
			return refuse(j, r, pname, "cannot look up '%s' (%s)", pname,
				      why(r, b, sizeof(b)));
		} else if (strcmp(port->kind, "vlan") != 0 || port->link != nic->ifindex) {
			return refuse(j, -EEXIST, pname, "'%s' exists and is not a VLAN on '%s'",
				      pname, o->nic);
		}
	}
	if (port->ifindex && br->ifindex && port->master == br->ifindex)
		return NETSETUP_ALREADY;
	if (port->ifindex && port->master) {
		struct link_info m;
		if (link_get_index(j->sk, port->master, &m) < 0)
			snprintf(m.name, sizeof(m.name), "#%d", port->master);
		return refuse(
			j, -EBUSY, port->name,
			"'%s' already has a master '%s' (release it first: ip link set %s nomaster)",
			port->name, m.name, port->name);
	}
	return 0;
}

/* Replaces each route of @st, its hops through @from moved to @to: not
 * delete and add, so the route never disappears.  A route whose gateway is
 * reached through another route can only follow that one: what fails with
 * ENETUNREACH is tried once more after the rest.  @from < 0: from each
 * route's own link, and multipath hops through -@from. */
static int routes_move(struct job *j, const struct netsetup_state *st, int from, int to,
		       const char *to_name, const char *verb)
{
	_cleanup_free_ bool *again = calloc(st->n_routes + 1, sizeof(bool));
	char a[ROUTE_STR_MAX];
	bool any = false;
	int r;

	if (!again)
		return -ENOMEM;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < st->n_routes; i++) {
			const struct route_info *x = &st->routes[i];
			if (pass == 1 && !again[i])
				continue;
			if (!step(j, "%s route %s %s '%s'", verb, route_str(x, a, sizeof(a)),
				  strcmp(verb, "move") == 0 ? "to" : "on", to_name))
				continue;
			r = route_replace_dev(j->sk, x,
					      from >= 0 ? from
					      : x->oif	? x->oif
							: -from,
					      to);
			if (r == -ENETUNREACH && pass == 0) {
				again[i] = any = true;
				continue;
			}
			if (r < 0)
				return r;
		}
		if (!any)
			break;
	}
	return 0;
}

/* ---- restoring ------------------------------------------------------------------ */

/* Puts the NIC back as @st says and takes the bridge away (if this made
 * it).  Goes on past errors; returns the first one with its step in
 * j->step.  Every part is idempotent: it serves --down and rollback. */
static int restore(struct job *j, const struct netsetup_state *st)
{
	struct link_info nic = { .ifindex = 0 }, br = { .ifindex = 0 }, port = { .ifindex = 0 };
	char a[ROUTE_STR_MAX], first[256] = "";
	int err = 0, r;

#define NOTE(expr)                                                     \
	do {                                                           \
		r = (expr);                                            \
		if (r < 0 && err == 0) {                               \
			err = r;                                       \
			snprintf(first, sizeof(first), "%s", j->step); \
		}                                                      \
	} while (0)

	/* a link that is not there is fine (already gone); a lookup that
	 * fails is not: nothing is touched before all three are known */
	snprintf(j->step, sizeof(j->step), "look up '%s'", st->nic);
	if ((r = link_get(j->sk, st->nic, &nic)) < 0)
		return r;
	snprintf(j->step, sizeof(j->step), "look up '%s'", st->bridge);
	if ((r = link_get(j->sk, st->bridge, &br)) < 0 && r != -ENODEV)
		return r;
	snprintf(j->step, sizeof(j->step), "look up '%s'", st->port);
	if ((r = link_get(j->sk, st->port, &port)) < 0 && r != -ENODEV)
		return r;
	if (br.ifindex && strcmp(br.kind, "bridge") != 0)
		br.ifindex = 0;
	if (st->ipv6_disabled >= 0 &&
	    step(j, "%s IPv6 on '%s'", st->ipv6_disabled ? "disable" : "enable", st->nic))
		NOTE(ipv6_set_disabled(st->nic, st->ipv6_disabled));
	for (size_t i = 0; i < st->n_addrs; i++) {
		if (step(j, "add address %s to '%s'", addr_str(&st->addrs[i], a, sizeof(a)),
			 st->nic)) {
			r = addr_add(j->sk, &st->addrs[i], nic.ifindex, st->nic, 0);
			NOTE(r == -EEXIST ? 0 : r);
		}
	}
	NOTE(routes_move(j, st, -br.ifindex, nic.ifindex, st->nic, "add"));
	/* what could not be put back on the NIC is still on the bridge: keep
	 * the bridge and its port then, or the host loses it altogether */
	if (err)
		goto out;
	if (br.ifindex && !st->bridge_created) {
		for (size_t i = 0; i < st->n_addrs; i++) {
			struct addr_info x = st->addrs[i];
			x.ifindex = br.ifindex;
			x.has_peer = false;
			if (step(j, "remove address %s from '%s'", addr_str(&x, a, sizeof(a)),
				 st->bridge)) {
				r = addr_del(j->sk, &x);
				NOTE(r == -EADDRNOTAVAIL || r == -ENOENT ? 0 : r);
			}
		}
		if (st->has_address) {
			struct addr_info x = { .family = st->address.family,
					       .ifindex = br.ifindex,
					       .prefixlen = st->address.prefixlen };
			memcpy(x.local, st->address.addr, 16);
			if (step(j, "remove address %s from '%s'", addr_str(&x, a, sizeof(a)),
				 st->bridge)) {
				r = addr_del(j->sk, &x);
				NOTE(r == -EADDRNOTAVAIL || r == -ENOENT ? 0 : r);
			}
		}
	}
	if (port.ifindex && br.ifindex && port.master == br.ifindex &&
	    step(j, "release '%s' from '%s'", st->port, st->bridge))
		NOTE(bridge_release(j->sk, port.ifindex));
	if (st->vlan_created && port.ifindex && step(j, "delete '%s'", st->port))
		NOTE(link_delete(j->sk, port.ifindex));
	if (st->mtu && nic.mtu != st->mtu && step(j, "set the MTU of '%s' to %u", st->nic, st->mtu))
		NOTE(link_set_mtu(j->sk, nic.ifindex, st->mtu));
	if (memcmp(nic.mac, st->mac, 6) != 0 && step(j, "set the MAC of '%s'", st->nic))
		NOTE(link_set_mac(j->sk, nic.ifindex, st->mac));
	if (br.ifindex && st->bridge_created && step(j, "delete bridge '%s'", st->bridge))
		NOTE(link_delete(j->sk, br.ifindex));
#undef NOTE
out:
	if (err)
		snprintf(j->step, sizeof(j->step), "%s", first);
	return err;
}

/* ---- up ----------------------------------------------------------------------------- */

static int fail_and_restore(struct job *j, const struct netsetup_state *st, int r)
{
	char b[256], failed[256], path[PATH_MAX];
	int rr;

	why(r, b, sizeof(b));
	snprintf(failed, sizeof(failed), "%s", j->step);
	rr = restore(j, st);
	if (rr < 0) {
		char b2[256];
		diag_set(
			j->d, NULL, 0, st->nic,
			"cannot %s (%s); putting '%s' back failed too: cannot %s (%s): the state is kept in %s, run 'ctr-netsetup --down %s' once the cause is fixed",
			failed, b, st->nic, j->step, why(rr, b2, sizeof(b2)),
			state_path(st->bridge, path, sizeof(path)), st->bridge);
		return r;
	}
	(void)state_remove(st->bridge);
	diag_set(j->d, NULL, 0, st->nic, "cannot %s (%s)%s; '%s' is back as it was", failed, b,
		 j->hint, st->nic);
	return r;
}

static int cut_over(struct job *j, struct netsetup_state *st, struct link_info *port,
		    struct link_info *br)
{
	const struct netsetup_opts *o = j->o;
	struct link_info nic;
	char a[ROUTE_STR_MAX], path[PATH_MAX];
	int r;

	if (step(j, "save the state to %s", state_path(o->bridge, path, sizeof(path)))) {
		r = state_save(st);
		if (r < 0) {
			char b[128];
			return refuse(j, r, path, "cannot write the state file '%s' (%s)", path,
				      why(r, b, sizeof(b)));
		}
	}
	snprintf(j->step, sizeof(j->step), "look up '%s'", st->nic);
	r = link_get(j->sk, st->nic, &nic);
	if (r < 0)
		return fail_and_restore(j, st, r);
	if (st->vlan_created &&
	    step(j, "create VLAN '%s' (802.1Q id %d on '%s')", st->port, st->vlan, st->nic)) {
		r = vlan_create(j->sk, st->port, nic.ifindex, (uint16_t)st->vlan);
		if (r == -EOPNOTSUPP) {
			(void)state_remove(st->bridge);
			return refuse(
				j, r, "--vlan",
				"--vlan %d: this kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q); run ctr-checkconfig to see what the kernel lacks, or where it is the module '8021q', load it with 'modprobe 8021q'",
				st->vlan);
		}
		if (r < 0 || (r = link_get(j->sk, st->port, port)) < 0)
			return fail_and_restore(j, st, r);
		/* a port carries no IP: no link-local address on it either */
		if (step(j, "disable IPv6 on '%s'", st->port) &&
		    (r = ipv6_set_disabled(st->port, true)) < 0 && r != -ENOENT)
			return fail_and_restore(j, st, r);
	}
	if (st->vlan && step(j, "bring '%s' up", st->port) &&
	    (r = link_set_up(j->sk, port->ifindex, true)) < 0)
		return fail_and_restore(j, st, r);
	if (st->bridge_created) {
		char mac[18];
		if (step(j, "create bridge '%s' (MAC %s, MTU %u, STP %s%s)", st->bridge,
			 mac_format(st->mac, mac), st->mtu, st->stp ? "on" : "off",
			 st->stp ? "" : ", forward delay 0")) {
			r = bridge_create(j->sk, st->bridge, st->mac, st->mtu, st->stp);
			if (r < 0)
				link_kind_hint(r, "bridge", j->hint, sizeof(j->hint));
			if (r < 0 || (r = link_get(j->sk, st->bridge, br)) < 0)
				return fail_and_restore(j, st, r);
		}
	}
	if (step(j, "bring '%s' up", st->bridge) && (r = link_set_up(j->sk, br->ifindex, true)) < 0)
		return fail_and_restore(j, st, r);
	if (step(j, "make '%s' a port of '%s'", st->port, st->bridge) &&
	    (r = bridge_enslave(j->sk, port->ifindex, br->ifindex)) < 0)
		return fail_and_restore(j, st, r);
	/* the addresses live on both links for a moment: the host keeps
	 * answering; IPv6 ones skip DAD, they are only moving */
	for (size_t i = 0; i < st->n_addrs; i++) {
		const struct addr_info *x = &st->addrs[i];
		if (step(j, "add address %s to '%s'", addr_str(x, a, sizeof(a)), st->bridge) &&
		    (r = addr_add(j->sk, x, br->ifindex, st->bridge,
				  x->family == AF_INET6 ? IFA_F_NODAD : 0)) < 0)
			return fail_and_restore(j, st, r);
	}
	if (st->has_address) {
		char c[INET6_ADDRSTRLEN + 8];
		if (step(j, "add address %s to '%s'", cidr_format(&st->address, c, sizeof(c)),
			 st->bridge) &&
		    (r = addr_add_cidr(j->sk, br->ifindex, &st->address)) < 0)
			return fail_and_restore(j, st, r);
	}
	if ((r = routes_move(j, st, nic.ifindex, br->ifindex, st->bridge, "move")) < 0)
		return fail_and_restore(j, st, r);
	if (st->gw_family) {
		char g[INET6_ADDRSTRLEN];
		if (step(j, "add default route via %s on '%s'",
			 ip_str(st->gw_family, st->gw, g, sizeof(g)), st->bridge) &&
		    (r = route_add_default(j->sk, st->gw_family, st->gw, br->ifindex)) < 0)
			return fail_and_restore(j, st, r);
	}
	/* last first: removing an IPv4 primary takes its secondaries along */
	for (size_t i = st->n_addrs; i-- > 0;) {
		const struct addr_info *x = &st->addrs[i];
		if (step(j, "remove address %s from '%s'", addr_str(x, a, sizeof(a)), st->nic)) {
			struct addr_info y = *x;
			y.ifindex = nic.ifindex;
			r = addr_del(j->sk, &y);
			if (r < 0 && r != -EADDRNOTAVAIL && r != -ENOENT)
				return fail_and_restore(j, st, r);
		}
	}
	if (st->ipv6_disabled == 0 && step(j, "disable IPv6 on '%s'", st->port) &&
	    (r = ipv6_set_disabled(st->port, true)) < 0)
		return fail_and_restore(j, st, r);
	return 0;
}

int netsetup_up(const struct netsetup_opts *o, struct diag *d)
{
	struct job j = { .o = o, .d = d };
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	struct link_info nic, port, br;
	struct netsetup_state st = { .ipv6_disabled = -1 };
	int r;

	if ((r = check_names(&j, true)) < 0 || (r = open_sock(&j)) < 0)
		return r;
	sk = j.sk;
	r = check_up(&j, &nic, &port, &br);
	if (r != 0)
		return r;
	if (!o->dry_run && (r = check_permission(&j, nic.ifindex, nic.name)) < 0)
		return r;
	r = snapshot(&j, &nic, port.ifindex ? &port : NULL, br.ifindex != 0, &st);
	if (r == 0)
		r = cut_over(&j, &st, &port, &br);
	state_free(&st);
	return r;
}

int netsetup_plan(const struct netsetup_opts *o, struct netsetup_state *ret, struct diag *d)
{
	struct job j = { .o = o, .d = d };
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	struct link_info nic, port, br;
	struct netsetup_state st = { .ipv6_disabled = -1 };
	int r;

	if ((r = check_names(&j, true)) < 0)
		return r;
	r = state_load(o->bridge, &st, d);
	if (r == 0) {
		*ret = st;
		return 0;
	}
	if (r != -ENOENT)
		return r;
	if ((r = open_sock(&j)) < 0)
		return r;
	sk = j.sk;
	r = check_up(&j, &nic, &port, &br);
	if (r == NETSETUP_ALREADY)
		return refuse(&j, -ENOENT, o->bridge,
			      "'%s' is bridged already but there is no state file to read it from",
			      o->nic);
	if (r < 0)
		return r;
	r = snapshot(&j, &nic, port.ifindex ? &port : NULL, br.ifindex != 0, &st);
	if (r < 0) {
		state_free(&st);
		return r;
	}
	*ret = st;
	return 0;
}

/* ---- down --------------------------------------------------------------------------- */

/* No state file and --force: the bridge's addresses and routes go to its
 * only port, if it has exactly one. */
static int forced_state(struct job *j, const struct link_info *br, struct netsetup_state *st)
{
	_cleanup_free_ struct link_info *links = NULL;
	const struct link_info *port = NULL;
	size_t n = 0, ports = 0;
	char b[128];
	int r;

	r = link_list(j->sk, &links, &n);
	if (r < 0)
		return refuse(j, r, br->name, "cannot list links (%s)", why(r, b, sizeof(b)));
	for (size_t i = 0; i < n; i++)
		if (links[i].master == br->ifindex) {
			ports++;
			port = &links[i];
		}
	snprintf(st->bridge, sizeof(st->bridge), "%s", br->name);
	st->bridge_created = true;
	st->ipv6_disabled = -1;
	if (ports != 1) {
		/* nothing to move back to: only delete the bridge */
		snprintf(st->nic, sizeof(st->nic), "%s", br->name);
		snprintf(st->port, sizeof(st->port), "%s", br->name);
		memcpy(st->mac, br->mac, 6);
		st->mtu = br->mtu;
		return 0;
	}
	snprintf(st->nic, sizeof(st->nic), "%s", port->name);
	snprintf(st->port, sizeof(st->port), "%s", port->name);
	memcpy(st->mac, port->mac, 6);
	st->mtu = port->mtu;
	st->ipv6_disabled = 0;
	r = addr_list(j->sk, AF_UNSPEC, br->ifindex, &st->addrs, &st->n_addrs);
	if (r == 0)
		r = route_list_dev(j->sk, AF_UNSPEC, br->ifindex, &st->routes, &st->n_routes);
	if (r < 0)
		return refuse(j, r, br->name, "cannot read the addresses and routes of '%s' (%s)",
			      br->name, why(r, b, sizeof(b)));
	for (size_t i = 0; i < st->n_addrs; i++)
		snprintf(st->addrs[i].label, sizeof(st->addrs[i].label), "%s", port->name);
	return 0;
}

int netsetup_down(const struct netsetup_opts *o, struct diag *d)
{
	struct job j = { .o = o, .d = d };
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	struct netsetup_state st = { .ipv6_disabled = -1 };
	struct link_info br = { .ifindex = 0 };
	char path[PATH_MAX], b[256];
	int r;

	if ((r = check_names(&j, false)) < 0 || (r = open_sock(&j)) < 0)
		return r;
	sk = j.sk;
	state_path(o->bridge, path, sizeof(path));
	r = link_get(sk, o->bridge, &br);
	if (r < 0 && r != -ENODEV)
		return refuse(&j, r, o->bridge, "cannot look up '%s' (%s)", o->bridge,
			      why(r, b, sizeof(b)));
	if (r == 0 && strcmp(br.kind, "bridge") != 0)
		return refuse(&j, -EINVAL, o->bridge, "'%s' is not a bridge (kind '%s')", o->bridge,
			      br.kind[0] ? br.kind : "none");
	r = state_load(o->bridge, &st, d);
	if (r == -ENOENT) {
		if (br.ifindex == 0 || r == -ENODEV)
			return NETSETUP_ALREADY;
		if (!o->force)
			return refuse(
				&j, -ENOENT, o->bridge,
				"no state file '%s' for '%s': it was not set up by ctr-netsetup (--force takes it down anyway)",
				path, o->bridge);
		r = forced_state(&j, &br, &st);
		if (r < 0) {
			state_free(&st);
			return r;
		}
	} else if (r < 0) {
		if (r == -EINVAL && d) {
			struct diag c = *d;
			diag_set(d, c.file, c.line, c.key, "bad state file%s%s%s (%s)",
				 c.key[0] ? ": key '" : "", c.key, c.key[0] ? "'" : "", c.msg);
			return r;
		}
		return refuse(&j, r, path, "cannot read the state file '%s' (%s)", path,
			      why(r, b, sizeof(b)));
	}
	if (!o->dry_run && (r = check_permission(&j, br.ifindex ? br.ifindex : 1, o->bridge)) < 0) {
		state_free(&st);
		return r;
	}
	r = restore(&j, &st);
	if (r < 0) {
		refuse(&j, r, st.nic, "cannot %s (%s): the state file '%s' is kept", j.step,
		       why(r, b, sizeof(b)), path);
	} else if (step(&j, "remove the state file %s", path)) {
		r = state_remove(o->bridge);
		if (r < 0)
			refuse(&j, r, path, "cannot remove the state file '%s' (%s)", path,
			       why(r, b, sizeof(b)));
	}
	state_free(&st);
	return r;
}
