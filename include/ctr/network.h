/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A container's network interfaces (runtime/container/network.c): the lxc.net.N.* /
 * lxc.network.* interfaces of a config made real with the netsetup library
 * (include/ctr/netlink.h), undone at stop, and the addresses a running
 * container has, for ctr-info and ctr-ls.
 *
 * veth: the pair is made with its peer directly in the container's network
 * namespace, under its inside name; the host end gets the pair name, joins
 * the bridge and comes up.  macvlan: made on its parent directly inside.
 * phys: the NIC moves in and is given back, under its own name, at
 * teardown.  empty: loopback only.  none: the host's namespace, nothing to
 * do.  The loopback is brought up by the container's init (container.c). */
#ifndef CTR_NETWORK_H
#define CTR_NETWORK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

struct container;
struct net_state;

/* Sets up @cfg's interfaces in the network namespace @netns_fd (borrowed;
 * -1 when the container shares the host's: nothing is done).  Before each
 * veth it removes a leftover host end of the same pair name (a defunct
 * instance's).  Returns 0 with *ret_state the caller's (net_teardown), or
 * -errno with @ret_diag naming the config line and key; on failure nothing
 * is left behind. */
int net_setup(const struct container_config *cfg, int netns_fd, struct net_state **ret_state,
	      struct diag *ret_diag);

/* Undoes net_setup: deletes the macvlans, gives phys NICs back to the host
 * under their names, MTUs and MACs, then lets go of the container's
 * namespace and waits until the veths (both ends) are gone with it; it
 * deletes them itself if something else still holds the namespace after
 * two seconds.  Call it after container_free(), which drops the
 * container's own references to the namespace (the state holds one of its
 * own, so phys NICs still come back).  Returns 0 or the first -errno;
 * frees @st always (NULL is fine). */
int net_teardown(struct net_state *st);

/* For container_opts.setup_hook: userdata is a struct net_hook whose @cfg
 * the caller sets; on success @state holds what to pass to net_teardown
 * at stop, and also after a container_start that failed later on. */
struct net_hook {
	const struct container_config *cfg;
	struct net_state *state;
};
int net_start_hook(struct container *c, void *userdata, struct diag *ret_diag);

/* Removes what a defunct instance of @cfg may have left on the host: veth
 * host ends of its pair names.  A link of such a name that is not a veth
 * is an error (-EEXIST, @ret_diag naming the line).  Returns the number
 * removed or -errno.  Call it only while holding the container's lock. */
int net_cleanup(const struct container_config *cfg, struct diag *ret_diag);

/* The host end's name for @n of @cfg: lxc.net.N.veth.pair, or derived from
 * the container's name and N ("ve-NAME-N", or a shortened NAME with a hash
 * when that is over 15 bytes); the same at every start. */
void net_pair_name(const struct container_config *cfg, const struct cfg_net *n, char ret[IFNAMSIZ]);

/* The MAC for @n inside: lxc.net.N.hwaddr with its 'x' digits filled, or
 * derived from the container's name and N; locally administered and
 * unicast when derived, never random.  Returns 0, or -EINVAL for a bad
 * hwaddr. */
int net_mac(const struct container_config *cfg, const struct cfg_net *n, uint8_t ret[6]);

struct net_addr {
	char ifname[IFNAMSIZ];
	int family;			 /* AF_INET or AF_INET6 */
	char addr[INET6_ADDRSTRLEN + 4]; /* "10.0.3.5/24" */
};

/* The addresses in the network namespace @netns_fd (borrowed) or, with
 * @netns_fd < 0, of process @pid: every link but the loopback, IPv6
 * link-local addresses left out, in link order.  Caller frees *ret_v with
 * free().  Returns 0 or -errno. */
int net_addresses(int netns_fd, pid_t pid, struct net_addr **ret_v, size_t *ret_n);

#endif
