// SPDX-License-Identifier: LGPL-2.1-or-later
/* --show: bridges, their ports, addresses and STP state, as text or JSON. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "ctr/json.h"
#include "ctr/netsetup.h"

static void show_addrs(FILE *f, struct json_writer *w, const struct addr_info *v, size_t n,
		       int ifindex)
{
	char c[INET6_ADDRSTRLEN + 8];

	for (size_t i = 0; i < n; i++) {
		struct cidr x = { .family = v[i].family, .prefixlen = v[i].prefixlen };
		if (v[i].ifindex != ifindex)
			continue;
		memcpy(x.addr, v[i].local, 16);
		cidr_format(&x, c, sizeof(c));
		if (w)
			json_string(w, NULL, c);
		else
			fprintf(f, "  address %s\n", c);
	}
}

int netsetup_show(FILE *f, const char *bridge, bool json, struct diag *d)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	_cleanup_free_ struct link_info *links = NULL;
	_cleanup_free_ struct addr_info *addrs = NULL;
	struct json_writer w = JSON_WRITER_INIT(f);
	size_t n = 0, na = 0, shown = 0;
	char mac[18], path[PATH_MAX];
	int r;

	if (bridge && !ifname_valid(bridge)) {
		diag_set(d, NULL, 0, bridge, "invalid bridge name '%s'", bridge);
		return -EINVAL;
	}
	if ((r = netlink_open(&sk)) < 0 || (r = link_list(sk, &links, &n)) < 0 ||
	    (r = addr_list(sk, AF_UNSPEC, 0, &addrs, &na)) < 0) {
		diag_set(d, NULL, 0, "", "cannot read the links (%s)", strerror(-r));
		return r;
	}
	if (bridge) {
		size_t i;
		for (i = 0; i < n && strcmp(links[i].name, bridge) != 0; i++)
			;
		if (i == n) {
			diag_set(d, NULL, 0, bridge, "bridge '%s' not found", bridge);
			return -ENODEV;
		}
		if (strcmp(links[i].kind, "bridge") != 0) {
			diag_set(d, NULL, 0, bridge, "'%s' is not a bridge", bridge);
			return -EINVAL;
		}
	}
	if (json) {
		json_begin_object(&w, NULL);
		json_begin_array(&w, "bridges");
	}
	for (size_t i = 0; i < n; i++) {
		const struct link_info *b = &links[i];
		bool has_state;
		if (strcmp(b->kind, "bridge") != 0 || (bridge && strcmp(b->name, bridge) != 0))
			continue;
		shown++;
		has_state = access(state_path(b->name, path, sizeof(path)), F_OK) == 0;
		if (json) {
			json_begin_object(&w, NULL);
			json_string(&w, "name", b->name);
			json_int(&w, "ifindex", b->ifindex);
			json_string(&w, "mac", mac_format(b->mac, mac));
			json_int(&w, "mtu", b->mtu);
			json_bool(&w, "up", b->flags & IFF_UP);
			json_bool(&w, "stp", b->stp_state > 0);
			json_int(&w, "forward_delay_cs", b->forward_delay);
			if (has_state)
				json_string(&w, "state_file", path);
			else
				json_null(&w, "state_file");
			json_begin_array(&w, "addresses");
			show_addrs(f, &w, addrs, na, b->ifindex);
			json_end(&w);
			json_begin_array(&w, "ports");
		} else {
			fprintf(f, "%s: mac %s mtu %u %s stp %s forward-delay %d.%02ds%s%s\n",
				b->name, mac_format(b->mac, mac), b->mtu,
				b->flags & IFF_UP ? "up" : "down", b->stp_state > 0 ? "on" : "off",
				b->forward_delay / 100, b->forward_delay % 100,
				has_state ? " state " : "", has_state ? path : "");
			show_addrs(f, NULL, addrs, na, b->ifindex);
		}
		for (size_t k = 0; k < n; k++) {
			const struct link_info *p = &links[k];
			if (p->master != b->ifindex)
				continue;
			if (json) {
				json_begin_object(&w, NULL);
				json_string(&w, "name", p->name);
				json_string(&w, "kind", p->kind);
				json_string(&w, "mac", mac_format(p->mac, mac));
				json_bool(&w, "up", p->flags & IFF_UP);
				json_end(&w);
			} else {
				fprintf(f, "  port %s%s%s %s\n", p->name, p->kind[0] ? " " : "",
					p->kind, p->flags & IFF_UP ? "up" : "down");
			}
		}
		if (json) {
			json_end(&w);
			json_end(&w);
		}
	}
	if (json) {
		json_end(&w);
		json_end(&w);
	} else if (!shown) {
		fprintf(f, "no bridges\n");
	}
	return 0;
}
