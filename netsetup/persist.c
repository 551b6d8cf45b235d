// SPDX-License-Identifier: LGPL-2.1-or-later
/* --persist: the same bridge, written for the host's own network system so
 * it comes back after a reboot. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/if_addr.h>

#include "ctr/fsutil.h"
#include "ctr/netsetup.h"

int persist_system_parse(const char *s)
{
	if (!s)
		return -EINVAL;
	if (strcmp(s, "openrc") == 0)
		return PERSIST_OPENRC;
	if (strcmp(s, "networkd") == 0)
		return PERSIST_NETWORKD;
	if (strcmp(s, "ifupdown") == 0)
		return PERSIST_IFUPDOWN;
	return -EINVAL;
}

void persist_files_free(struct persist_file *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].text);
	free(v);
}

/* What the files say, gathered once from the state. */
struct pinfo {
	char v4[8][INET6_ADDRSTRLEN + 8], v6[8][INET6_ADDRSTRLEN + 8];
	size_t n4, n6;
	char gw4[INET6_ADDRSTRLEN], gw6[INET6_ADDRSTRLEN];
	bool dhcp4; /* the NIC's IPv4 address had a lifetime: DHCP */
	char mac[18];
};

static void pinfo_fill(const struct netsetup_state *st, struct pinfo *pi)
{
	char c[INET6_ADDRSTRLEN + 8];

	memset(pi, 0, sizeof(*pi));
	mac_format(st->mac, pi->mac);
	for (size_t i = 0; i < st->n_addrs; i++) {
		const struct addr_info *a = &st->addrs[i];
		struct cidr x = { .family = a->family, .prefixlen = a->prefixlen };
		memcpy(x.addr, a->local, 16);
		cidr_format(&x, c, sizeof(c));
		if (a->family == AF_INET && !(a->flags & IFA_F_PERMANENT))
			pi->dhcp4 = true;
		else if (a->family == AF_INET && pi->n4 < 8)
			memcpy(pi->v4[pi->n4++], c, sizeof(c));
		else if (a->family == AF_INET6 && pi->n6 < 8 && (a->flags & IFA_F_PERMANENT))
			memcpy(pi->v6[pi->n6++], c, sizeof(c));
	}
	if (st->has_address) {
		cidr_format(&st->address, c, sizeof(c));
		if (st->address.family == AF_INET && pi->n4 < 8)
			memcpy(pi->v4[pi->n4++], c, sizeof(c));
		else if (st->address.family == AF_INET6 && pi->n6 < 8)
			memcpy(pi->v6[pi->n6++], c, sizeof(c));
	}
	for (size_t i = 0; i < st->n_routes; i++) {
		const struct route_info *r = &st->routes[i];
		if (r->has_dst || !r->has_gw || r->table != 254)
			continue;
		inet_ntop(r->family, r->gw, r->family == AF_INET ? pi->gw4 : pi->gw6,
			  INET6_ADDRSTRLEN);
	}
	if (st->gw_family)
		inet_ntop(st->gw_family, st->gw, st->gw_family == AF_INET ? pi->gw4 : pi->gw6,
			  INET6_ADDRSTRLEN);
}

struct pbuf {
	struct persist_file *v;
	size_t n;
	FILE *f;
	char *text;
	size_t len;
};

static int pfile_begin(struct pbuf *pb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int pfile_begin(struct pbuf *pb, const char *fmt, ...)
{
	struct persist_file *nv = realloc(pb->v, (pb->n + 1) * sizeof(*nv));
	va_list ap;

	if (!nv)
		return -ENOMEM;
	pb->v = nv;
	memset(&nv[pb->n], 0, sizeof(nv[0]));
	va_start(ap, fmt);
	vsnprintf(nv[pb->n].path, sizeof(nv[0].path), fmt, ap);
	va_end(ap);
	pb->text = NULL;
	pb->len = 0;
	pb->f = open_memstream(&pb->text, &pb->len);
	return pb->f ? 0 : -ENOMEM;
}

static int pfile_end(struct pbuf *pb)
{
	if (fclose(pb->f) != 0) {
		free(pb->text);
		return -ENOMEM;
	}
	pb->v[pb->n++].text = pb->text;
	return 0;
}

static int pfile_link(struct pbuf *pb, const char *path, const char *target)
{
	int r = pfile_begin(pb, "%s", path);

	if (r < 0)
		return r;
	fputs(target, pb->f);
	pb->v[pb->n].symlink = true;
	return pfile_end(pb);
}

static const char header[] = "written by ctr-netsetup --persist";

static int render_openrc(const struct netsetup_state *st, const struct pinfo *pi, struct pbuf *pb)
{
	char p[128];
	int r;

	/* Funtoo's netif: the bridge template with the NIC as an
	 * interface-noip slave, as in the seed */
	if ((r = pfile_begin(pb, "/etc/conf.d/netif.%s", st->bridge)) < 0)
		return r;
	fprintf(pb->f, "# %s\n", header);
	fprintf(pb->f, "template=\"bridge\"\n");
	if (pi->dhcp4)
		fprintf(pb->f, "# the address of %s came from DHCP: run a DHCP client on %s\n",
			st->nic, st->bridge);
	for (size_t i = 0; i < pi->n4; i++)
		fprintf(pb->f, "%s\"%s\"\n", i ? "ipv4=\"$ipv4 \"" : "ipv4=", pi->v4[i]);
	if (pi->gw4[0])
		fprintf(pb->f, "gateway=\"%s\"\n", pi->gw4);
	for (size_t i = 0; i < pi->n6; i++)
		fprintf(pb->f, "%s\"%s\"\n", i ? "ipv6=\"$ipv6 \"" : "ipv6=", pi->v6[i]);
	if (pi->gw6[0])
		fprintf(pb->f, "gateway6=\"%s\"\n", pi->gw6);
	fprintf(pb->f, "mac=\"%s\"\n", pi->mac);
	if (st->mtu && st->mtu != 1500)
		fprintf(pb->f, "mtu=\"%u\"\n", st->mtu);
	fprintf(pb->f, "stp=\"%s\"\n", st->stp ? "on" : "off");
	if (!st->stp)
		fprintf(pb->f, "forwarddelay=\"0\"\n");
	fprintf(pb->f, "slaves=\"netif.%s\"\n", st->port);
	if ((r = pfile_end(pb)) < 0)
		return r;
	if ((r = pfile_begin(pb, "/etc/conf.d/netif.%s", st->port)) < 0)
		return r;
	fprintf(pb->f, "# %s\n", header);
	fprintf(pb->f, "template=\"interface-noip\"\n");
	if (st->vlan)
		fprintf(pb->f, "# 802.1Q VLAN %d on %s\nvlan=\"%d\"\ntrunk=\"%s\"\n", st->vlan,
			st->nic, st->vlan, st->nic);
	if ((r = pfile_end(pb)) < 0)
		return r;
	snprintf(p, sizeof(p), "/etc/init.d/netif.%s", st->bridge);
	if ((r = pfile_link(pb, p, "netif.tmpl")) < 0)
		return r;
	snprintf(p, sizeof(p), "/etc/init.d/netif.%s", st->port);
	return pfile_link(pb, p, "netif.tmpl");
}

static int render_networkd(const struct netsetup_state *st, const struct pinfo *pi, struct pbuf *pb)
{
	int r;

	if ((r = pfile_begin(pb, "/etc/systemd/network/25-%s.netdev", st->bridge)) < 0)
		return r;
	fprintf(pb->f, "# %s\n[NetDev]\nName=%s\nKind=bridge\nMACAddress=%s\n", header, st->bridge,
		pi->mac);
	if (st->mtu && st->mtu != 1500)
		fprintf(pb->f, "MTUBytes=%u\n", st->mtu);
	fprintf(pb->f, "\n[Bridge]\nSTP=%s\n", st->stp ? "yes" : "no");
	if (!st->stp)
		fprintf(pb->f, "ForwardDelaySec=0\n");
	if ((r = pfile_end(pb)) < 0)
		return r;
	if (st->vlan) {
		if ((r = pfile_begin(pb, "/etc/systemd/network/25-%s.netdev", st->port)) < 0)
			return r;
		fprintf(pb->f, "# %s\n[NetDev]\nName=%s\nKind=vlan\n\n[VLAN]\nId=%d\n", header,
			st->port, st->vlan);
		if ((r = pfile_end(pb)) < 0)
			return r;
		if ((r = pfile_begin(pb, "/etc/systemd/network/25-%s.network", st->nic)) < 0)
			return r;
		fprintf(pb->f, "# %s\n[Match]\nName=%s\n\n[Network]\nVLAN=%s\n", header, st->nic,
			st->port);
		if ((r = pfile_end(pb)) < 0)
			return r;
	}
	if ((r = pfile_begin(pb, "/etc/systemd/network/25-%s.network", st->port)) < 0)
		return r;
	fprintf(pb->f,
		"# %s\n[Match]\nName=%s\n\n[Network]\nBridge=%s\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n",
		header, st->port, st->bridge);
	if ((r = pfile_end(pb)) < 0)
		return r;
	if ((r = pfile_begin(pb, "/etc/systemd/network/25-%s.network", st->bridge)) < 0)
		return r;
	fprintf(pb->f, "# %s\n[Match]\nName=%s\n\n[Network]\n", header, st->bridge);
	if (pi->dhcp4)
		fprintf(pb->f, "DHCP=ipv4\n");
	for (size_t i = 0; i < pi->n4; i++)
		fprintf(pb->f, "Address=%s\n", pi->v4[i]);
	if (pi->gw4[0])
		fprintf(pb->f, "Gateway=%s\n", pi->gw4);
	for (size_t i = 0; i < pi->n6; i++)
		fprintf(pb->f, "Address=%s\n", pi->v6[i]);
	if (pi->gw6[0])
		fprintf(pb->f, "Gateway=%s\n", pi->gw6);
	return pfile_end(pb);
}

static int render_ifupdown(const struct netsetup_state *st, const struct pinfo *pi, struct pbuf *pb)
{
	int r;

	if ((r = pfile_begin(pb, "/etc/network/interfaces.d/%s", st->bridge)) < 0)
		return r;
	fprintf(pb->f, "# %s (needs bridge-utils%s)\n", header, st->vlan ? " and vlan" : "");
	fprintf(pb->f, "# remove any other stanza for %s from /etc/network/interfaces\n", st->nic);
	fprintf(pb->f, "iface %s inet manual\n\n", st->port);
	if (st->vlan)
		fprintf(pb->f, "iface %s inet manual\n\tvlan-raw-device %s\n\n", st->port, st->nic);
	fprintf(pb->f, "auto %s\n", st->bridge);
	if (pi->dhcp4 || pi->n4 == 0) {
		fprintf(pb->f, "iface %s inet %s\n", st->bridge, pi->dhcp4 ? "dhcp" : "manual");
	} else {
		fprintf(pb->f, "iface %s inet static\n\taddress %s\n", st->bridge, pi->v4[0]);
		if (pi->gw4[0])
			fprintf(pb->f, "\tgateway %s\n", pi->gw4);
		for (size_t i = 1; i < pi->n4; i++)
			fprintf(pb->f, "\tup ip addr add %s dev %s\n", pi->v4[i], st->bridge);
	}
	fprintf(pb->f, "\tbridge_ports %s\n\tbridge_stp %s\n\tbridge_fd 0\n\tbridge_hw %s\n",
		st->port, st->stp ? "on" : "off", pi->mac);
	if (st->mtu && st->mtu != 1500)
		fprintf(pb->f, "\tmtu %u\n", st->mtu);
	if (pi->n6) {
		fprintf(pb->f, "\niface %s inet6 static\n\taddress %s\n", st->bridge, pi->v6[0]);
		if (pi->gw6[0])
			fprintf(pb->f, "\tgateway %s\n", pi->gw6);
		for (size_t i = 1; i < pi->n6; i++)
			fprintf(pb->f, "\tup ip -6 addr add %s dev %s\n", pi->v6[i], st->bridge);
	}
	return pfile_end(pb);
}

int persist_render(int system, const struct netsetup_state *st, struct persist_file **ret_v,
		   size_t *ret_n)
{
	struct pbuf pb = { 0 };
	struct pinfo pi;
	int r;

	pinfo_fill(st, &pi);
	switch (system) {
	case PERSIST_OPENRC:
		r = render_openrc(st, &pi, &pb);
		break;
	case PERSIST_NETWORKD:
		r = render_networkd(st, &pi, &pb);
		break;
	case PERSIST_IFUPDOWN:
		r = render_ifupdown(st, &pi, &pb);
		break;
	default:
		r = -EINVAL;
	}
	if (r < 0) {
		persist_files_free(pb.v, pb.n);
		return r;
	}
	*ret_v = pb.v;
	*ret_n = pb.n;
	return 0;
}

/* @path under @root into @buf; -ENAMETOOLONG (with @d) rather than a cut path. */
static int rooted_path(char *buf, size_t len, const char *root, const char *path, struct diag *d)
{
	int n = snprintf(buf, len, "%s%s", strcmp(root, "/") ? root : "", path);

	if (n < 0 || (size_t)n >= len) {
		diag_set(d, root, 0, "", "the path of '%s' under this root is too long", path);
		return -ENAMETOOLONG;
	}
	return 0;
}

int persist_write(const struct persist_file *v, size_t n, const char *root, struct diag *d)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16], cur[4096];

	/* first check every file, then write: all or nothing */
	for (size_t i = 0; i < n; i++) {
		_cleanup_close_ int fd = -EBADF;
		ssize_t len;
		int r = rooted_path(path, sizeof(path), root, v[i].path, d);

		if (r < 0)
			return r;
		if (v[i].symlink) {
			len = readlink(path, cur, sizeof(cur) - 1);
			if (len < 0 && errno == ENOENT)
				continue;
			if (len >= 0 && (size_t)len == strlen(v[i].text) &&
			    memcmp(cur, v[i].text, (size_t)len) == 0)
				continue;
			diag_set(d, path, 0, "", "exists and is not a link to '%s'", v[i].text);
			return -EEXIST;
		}
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0) {
			diag_set(d, path, 0, "", "cannot read it (%s)", strerror(errno));
			return NEG_ERRNO();
		}
		len = read(fd, cur, sizeof(cur));
		if (len < 0 || (size_t)len != strlen(v[i].text) ||
		    memcmp(cur, v[i].text, (size_t)len) != 0) {
			diag_set(d, path, 0, "", "exists with other contents (remove it first)");
			return -EEXIST;
		}
	}
	for (size_t i = 0; i < n; i++) {
		_cleanup_close_ int fd = -EBADF;
		size_t len = strlen(v[i].text);
		int r = rooted_path(path, sizeof(path), root, v[i].path, d);

		if (r < 0)
			return r;
		if ((r = fs_mkdir_parents(path, 0755)) < 0) {
			diag_set(d, path, 0, "", "cannot create its directory (%s)", strerror(-r));
			return r;
		}
		if (v[i].symlink) {
			if (symlink(v[i].text, path) < 0 && errno != EEXIST) {
				diag_set(d, path, 0, "", "cannot create the link (%s)",
					 strerror(errno));
				return NEG_ERRNO();
			}
			continue;
		}
		snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
		fd = mkostemp(tmp, O_CLOEXEC);
		if (fd < 0 || write(fd, v[i].text, len) != (ssize_t)len || fchmod(fd, 0644) < 0 ||
		    fsync(fd) < 0 || rename(tmp, path) < 0) {
			r = NEG_ERRNO();
			diag_set(d, path, 0, "", "cannot write it (%s)", strerror(-r));
			if (fd >= 0)
				unlink(tmp);
			return r;
		}
	}
	return 0;
}

int netsetup_persist(const struct netsetup_opts *o, int system, const char *root, FILE *out,
		     struct diag *d)
{
	struct netsetup_state st = { .ipv6_disabled = -1 };
	struct persist_file *v = NULL;
	size_t n = 0;
	int r;

	if ((r = netsetup_plan(o, &st, d)) < 0)
		return r;
	r = persist_render(system, &st, &v, &n);
	state_free(&st);
	if (r < 0) {
		diag_set(d, NULL, 0, "--persist", "cannot render the configuration (%s)",
			 strerror(-r));
		return r;
	}
	for (size_t i = 0; out && i < n; i++) {
		if (v[i].symlink)
			fprintf(out, "# link: %s -> %s\n", v[i].path, v[i].text);
		else
			fprintf(out, "# file: %s\n%s", v[i].path, v[i].text);
	}
	r = out ? 0 : persist_write(v, n, root, d);
	persist_files_free(v, n);
	return r;
}
