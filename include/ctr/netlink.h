/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The project's netlink library (netsetup/), over libnl-3: links, bridges,
 * veth pairs, VLANs, addresses, routes and MAC helpers.  ctr-netsetup uses it
 * to bridge the host's NIC; the runtime uses it for container veths.
 *
 * Conventions: every function returns 0 (or a count) on success and -errno on
 * failure; libnl's -NLE_* codes are translated here, and where libnl 3.7
 * flattens a kernel error to NLE_FAILURE the kernel's own errno is kept (an
 * error callback records it).  The kernel's extended-ack text for the last
 * failed request is available from netlink_ext_ack().  Outputs go through
 * ret_* parameters and are left untouched on failure.  Nothing here prints.
 *
 * A socket belongs to the network namespace of the thread that opened it:
 * to work inside a container's namespace, setns() first, then netlink_open().
 */
#ifndef CTR_NETLINK_H
#define CTR_NETLINK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <netlink/socket.h>

#include "ctr/cleanup.h"

DEFINE_CLEANUP_FUNC(struct nl_sock *, nl_socket_free)

/* ---- socket and errors -------------------------------------------------- */

/* Opens a NETLINK_ROUTE socket (close-on-exec, extended acks on) in the
 * calling thread's network namespace.  Caller frees *ret_sk with
 * nl_socket_free() (or _cleanup_(nl_socket_freep)). */
int netlink_open(struct nl_sock **ret_sk);

/* As netlink_open, in the network namespace @netns_fd (borrowed): the
 * calling thread enters it for the socket() call and comes back. */
int netlink_open_netns(int netns_fd, struct nl_sock **ret_sk);

/* The kernel's extended-ack message for the last request that failed on this
 * thread, "" if it gave none.  Borrowed; valid until the next request. */
const char *netlink_ext_ack(void);

/* A libnl return value (>= 0 or -NLE_*) as 0 or -errno, preferring the errno
 * the kernel sent for the last request on this thread. */
int netlink_errno(int nlerr);

/* ---- links --------------------------------------------------------------- */

struct link_info {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[32];	/* IFLA_INFO_KIND: "bridge", "veth", "" if none */
	int master;	/* ifindex of the master (bridge), 0 if none */
	int link;	/* IFLA_LINK: lower device or veth peer, 0 if none */
	unsigned type;	/* ARPHRD_* */
	unsigned flags; /* IFF_* */
	unsigned mtu;
	uint8_t mac[6];
	bool has_mac;
	uint8_t operstate; /* IF_OPER_* */
	int stp_state;	   /* bridges: 0 off, 1 kernel, 2 user; -1 unknown */
	int forward_delay; /* bridges: centiseconds, -1 unknown */
	bool wireless;	   /* has /sys/class/net/NAME/wireless or phy80211 */
	char alias[64];	   /* IFLA_IFALIAS (truncated), "" if none */
};

/* True if @name is a valid interface name: 1..15 bytes, not "." or "..", no
 * '/', ':' or white space. */
bool ifname_valid(const char *name);

/* Looks a link up by name / by index.  -ENODEV if there is none. */
int link_get(struct nl_sock *sk, const char *name, struct link_info *ret);
int link_get_index(struct nl_sock *sk, int ifindex, struct link_info *ret);

/* Every link in the namespace.  Caller frees *ret_v with free(). */
int link_list(struct nl_sock *sk, struct link_info **ret_v, size_t *ret_n);

int link_set_up(struct nl_sock *sk, int ifindex, bool up);
int link_set_mac(struct nl_sock *sk, int ifindex, const uint8_t mac[6]);
int link_set_mtu(struct nl_sock *sk, int ifindex, unsigned mtu);
/* Sets the link's alias (ip link set NAME alias ...), at most 255 bytes;
 * "" removes it. */
int link_set_alias(struct nl_sock *sk, int ifindex, const char *alias);
/* Older kernels refuse (-EBUSY) to rename a link that is up: rename it
 * while it is down. */
int link_rename(struct nl_sock *sk, int ifindex, const char *newname);
/* Moves a link into the network namespace of @netns_fd (an open
 * /proc/PID/ns/net or bind-mounted netns; borrowed) or of process @pid. */
int link_move_netns_fd(struct nl_sock *sk, int ifindex, int netns_fd);
int link_move_netns_pid(struct nl_sock *sk, int ifindex, pid_t pid);
/* As link_move_netns_fd, naming the link @name in its new namespace in
 * the same request (so a name taken there never fails the move).  The
 * move brings the link down. */
int link_move_netns_fd_name(struct nl_sock *sk, int ifindex, int netns_fd, const char *name);
int link_delete(struct nl_sock *sk, int ifindex);
/* -ENODEV if there is no such link. */
int link_delete_name(struct nl_sock *sk, const char *name);

/* Creates bridge @name in one request: MAC @mac (NULL: kernel's choice, and
 * then the bridge follows its lowest port's MAC), MTU @mtu (0: default), STP
 * on or off, forward delay 0 when STP is off.  NLM_F_CREATE|NLM_F_EXCL, so an
 * existing link is never reused: -EEXIST if a bridge of that name exists,
 * -EMEDIUMTYPE if a link of that name exists and is not a bridge. */
int bridge_create(struct nl_sock *sk, const char *name, const uint8_t mac[6], unsigned mtu,
		  bool stp);

/* Makes @port a port of @bridge.  0 if it already is; -EBUSY if it has
 * another master (the kernel would silently move it). */
int bridge_enslave(struct nl_sock *sk, int port, int bridge);
/* Releases @port from its master (no-op if it has none). */
int bridge_release(struct nl_sock *sk, int port);

/* Creates a veth pair @name <-> @peer.  The peer is created directly in the
 * namespace of @peer_netns_fd (borrowed; -1: not given) or of process
 * @peer_pid (0: not given); with neither it stays in the caller's
 * namespace.  @mtu 0 keeps the default.  (libnl 3.7's rtnl_link_veth_add
 * always sends a pid and fails with pid 0: this builds its own request.) */
int veth_create(struct nl_sock *sk, const char *name, const char *peer, int peer_netns_fd,
		pid_t peer_pid, unsigned mtu);

/* Creates macvlan @name on @lower (an ifindex in @sk's namespace) in mode
 * @mode (MACVLAN_MODE_* from linux/if_link.h), directly in the namespace of
 * @netns_fd (borrowed; -1: @sk's), with MAC @mac (NULL: the kernel's) and
 * MTU @mtu (0: the lower's). */
int macvlan_create(struct nl_sock *sk, const char *name, int lower, uint32_t mode, int netns_fd,
		   const uint8_t mac[6], unsigned mtu);

/* Creates 802.1Q VLAN @name with id @vid on @lower.  -EOPNOTSUPP when the
 * kernel has no 8021q support (CONFIG_VLAN_8021Q). */
int vlan_create(struct nl_sock *sk, const char *name, int lower, uint16_t vid);

/* Link kinds come from modules on distribution kernels.  The kernel loads a
 * missing one itself when asked for the link (request_module runs
 * /proc/sys/kernel/modprobe); where it cannot, the create fails with
 * -EOPNOTSUPP ("Unknown device type").  link_kind_module gives the module
 * for @kind ("bridge", "vlan" -> "8021q", "veth", "macvlan"), or NULL.
 * link_kind_hint writes into @buf, for a message after a create of @kind
 * failed with @r, what to do about a module that is not there ("" for any
 * other error), and returns @buf. */
const char *link_kind_module(const char *kind);
const char *link_kind_hint(int r, const char *kind, char *buf, size_t len);

/* ---- IP addresses and prefixes -------------------------------------------- */

struct cidr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t prefixlen;
};

/* Parses "ADDR/LEN" (@need_prefix) or "ADDR[/LEN]" into @ret.  -EINVAL for
 * anything else (no trailing junk, LEN in range, no empty parts). */
int cidr_parse(const char *s, bool need_prefix, struct cidr *ret);
/* Formats @c as "ADDR/LEN" into @buf (INET6_ADDRSTRLEN + 4 is enough). */
const char *cidr_format(const struct cidr *c, char *buf, size_t len);

struct addr_info {
	int family;
	int ifindex;
	uint8_t prefixlen;
	uint8_t scope;
	uint32_t flags;	   /* IFA_F_* */
	uint8_t local[16]; /* IFA_LOCAL (IPv4) or IFA_ADDRESS (IPv6) */
	uint8_t peer[16];  /* IFA_ADDRESS when it differs (point-to-point) */
	bool has_peer;
	uint8_t brd[16]; /* IFA_BROADCAST */
	bool has_brd;
	char label[IFNAMSIZ]; /* IPv4 only, "" if none */
	uint32_t valid_lft;   /* seconds, 0xffffffff forever */
	uint32_t preferred_lft;
};

/* Addresses of @family (AF_UNSPEC: both) on @ifindex (0: all links),
 * IPv6 link-local addresses left out.  Caller frees *ret_v with free(). */
int addr_list(struct nl_sock *sk, int family, int ifindex, struct addr_info **ret_v, size_t *ret_n);

/* Adds @a on @ifindex.  The IPv4 label is set explicitly: @label, or for a
 * label "OLD:x" of another link "NEW:x", else the link's own name @ifname
 * (copied objects must not keep their old label).  @extra_flags is or-ed in
 * (e.g. IFA_F_NODAD for an address that is only moving).  -EEXIST if it is
 * there already. */
int addr_add(struct nl_sock *sk, const struct addr_info *a, int ifindex, const char *ifname,
	     uint32_t extra_flags);
int addr_del(struct nl_sock *sk, const struct addr_info *a);
/* Adds @c on @ifindex, permanent. */
int addr_add_cidr(struct nl_sock *sk, int ifindex, const struct cidr *c);

/* ---- routes ---------------------------------------------------------------- */

struct route_info {
	int family;
	uint32_t table;
	uint8_t dst_len, protocol, scope, type;
	uint32_t priority;
	uint8_t dst[16], gw[16];
	bool has_dst, has_gw;
	int oif;
	/* The kernel's route message (struct rtmsg and attributes), kept whole
	 * so a route is re-added exactly as it was.  Owned by the entry. */
	uint8_t *msg;
	size_t len;
};

/* Routes of @family (AF_UNSPEC: both) through @ifindex (oif or any
 * multipath hop) in every table but local, kernel-made routes (proto
 * kernel) left out: they come back with the addresses.  Caller frees with
 * route_list_free(). */
int route_list_dev(struct nl_sock *sk, int family, int ifindex, struct route_info **ret_v,
		   size_t *ret_n);
void route_list_free(struct route_info *v, size_t n);

/* Re-adds @r with its hops through @from moved to @to, replacing a route
 * with the same key (NLM_F_CREATE|NLM_F_REPLACE), so the move has no gap. */
int route_replace_dev(struct nl_sock *sk, const struct route_info *r, int from, int to);
/* Deletes @r as it is. */
int route_del(struct nl_sock *sk, const struct route_info *r);
/* Adds a default route via @gw (family @family) on @ifindex (0: let the
 * kernel find the link). */
int route_add_default(struct nl_sock *sk, int family, const uint8_t gw[16], int ifindex);

/* ---- IPv6 per-link switch (sysctl net.ipv6.conf.NAME.disable_ipv6) ---------- */

/* -ENOENT if the kernel has no IPv6 or no such link. */
int ipv6_get_disabled(const char *ifname, bool *ret);
int ipv6_set_disabled(const char *ifname, bool disabled);

/* ---- MAC addresses ------------------------------------------------------------ */

/* "aa:bb:cc:dd:ee:ff" (18 bytes with the NUL). */
const char *mac_format(const uint8_t mac[6], char buf[18]);
/* -EINVAL unless @s is six ':'-separated hex octets. */
int mac_parse(const char *s, uint8_t ret[6]);
/* The seed's IP-derived MAC: 02:00 and the four octets of @ip. */
void mac_from_ipv4(const uint8_t ip[4], uint8_t ret[6]);
/* A random locally administered unicast MAC (first octet: bit 0 clear, bit 1
 * set), from getrandom(2). */
int mac_random(uint8_t ret[6]);
/* A stable locally administered unicast MAC for (@s, @index): the same inputs
 * give the same MAC on every host and run (a container's name and its
 * interface number). */
void mac_stable(const char *s, unsigned index, uint8_t ret[6]);
/* True if locally administered and unicast. */
bool mac_is_local_unicast(const uint8_t mac[6]);

#endif
