/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ctr-netsetup's library: bridge a host NIC without cutting the host off,
 * undo it, show bridges, and write the configuration that makes it
 * permanent.  The netlink pieces it is built from are in ctr/netlink.h. */
#ifndef CTR_NETSETUP_H
#define CTR_NETSETUP_H

#include <stdbool.h>
#include <stdio.h>

#include "ctr/diag.h"
#include "ctr/netlink.h"

/* What ctr-netsetup found before it changed anything: enough to undo it.
 * Saved as JSON in state_dir()/BRIDGE.json. */
struct netsetup_state {
	char bridge[IFNAMSIZ];
	char nic[IFNAMSIZ];
	char port[IFNAMSIZ]; /* the bridge's port: nic, or nic.VLAN */
	int vlan;	     /* 0: none */
	bool bridge_created; /* the bridge did not exist before */
	bool vlan_created;
	bool stp;
	uint8_t mac[6]; /* the NIC's */
	unsigned mtu;
	int ipv6_disabled;	 /* the NIC's disable_ipv6: 0, 1, -1 no IPv6 */
	struct addr_info *addrs; /* the NIC's addresses (owned) */
	size_t n_addrs;
	struct route_info *routes; /* the routes through it (owned) */
	size_t n_routes;
	bool has_address; /* --address */
	struct cidr address;
	int gw_family; /* --gateway: AF_INET/AF_INET6, 0 none */
	uint8_t gw[16];
};

void state_free(struct netsetup_state *st);
/* $CTR_RUNDIR/netsetup, or RUNSTATEDIR/ctr/netsetup.  Writes into @buf. */
const char *state_dir(char *buf, size_t len);
/* state_dir()/BRIDGE.json into @buf. */
const char *state_path(const char *bridge, char *buf, size_t len);
/* Writes @st as JSON to @f. */
int state_format(const struct netsetup_state *st, FILE *f);
/* Parses a state file's text.  On failure fills @d (may be NULL) with the
 * line and key and returns -EINVAL; *ret is untouched.  Caller frees *ret
 * with state_free(). */
int state_parse(const char *buf, size_t len, const char *file, struct netsetup_state *ret,
		struct diag *d);
/* Atomic write (temporary file, fsync, rename) of state_path(). */
int state_save(const struct netsetup_state *st);
/* -ENOENT when there is no state file. */
int state_load(const char *bridge, struct netsetup_state *ret, struct diag *d);
int state_remove(const char *bridge);

/* ---- persistence ---------------------------------------------------------- */

enum persist_system {
	PERSIST_OPENRC,
	PERSIST_NETWORKD,
	PERSIST_IFUPDOWN
};

struct persist_file {
	char path[256]; /* absolute, e.g. /etc/conf.d/netif.brwan */
	char *text;	/* owned */
	bool symlink;	/* text is the link target (OpenRC's netif.tmpl links) */
};

/* -EINVAL for an unknown name; else the enum value. */
int persist_system_parse(const char *s);
/* The files that bring @st's bridge back after a reboot.  Caller frees with
 * persist_files_free(). */
int persist_render(int system, const struct netsetup_state *st, struct persist_file **ret_v,
		   size_t *ret_n);
void persist_files_free(struct persist_file *v, size_t n);
/* Writes the files under @root ("/" or a test directory): refuses (-EEXIST,
 * @d names the file) to overwrite a file with other contents. */
int persist_write(const struct persist_file *v, size_t n, const char *root, struct diag *d);

/* ---- the job --------------------------------------------------------------- */

struct netsetup_opts {
	const char *bridge;
	const char *nic;
	int vlan; /* 0: none */
	bool stp;
	bool dry_run; /* report steps, change nothing */
	bool force;   /* --down without a state file */
	bool has_address;
	struct cidr address;
	int gw_family; /* 0: no --gateway */
	uint8_t gw[16];
	/* Called with each step before it runs (instead of running it, with
	 * dry_run).  May be NULL. */
	void (*step)(void *userdata, const char *what);
	void *userdata;
};

#define NETSETUP_ALREADY 1

/* Bridges o->nic into o->bridge.  0 done, NETSETUP_ALREADY if it already is;
 * -errno if refused (nothing changed) or failed (everything put back as the
 * snapshot says); @d then holds the whole message (msg) and the interface or
 * option it is about (key). */
int netsetup_up(const struct netsetup_opts *o, struct diag *d);
/* Undoes netsetup_up() from the state file (or, with o->force, from what
 * the bridge looks like).  NETSETUP_ALREADY if there is nothing to undo. */
int netsetup_down(const struct netsetup_opts *o, struct diag *d);
/* The state to persist: the saved one if o->bridge is set up, else what
 * netsetup_up() would save now.  Caller frees with state_free(). */
int netsetup_plan(const struct netsetup_opts *o, struct netsetup_state *ret, struct diag *d);
/* netsetup_plan(), then persist_render() for @system: printed to @out
 * ("# file: PATH" before each, "# link: PATH -> TARGET" for links) when
 * @out is given, else written under @root with persist_write(). */
int netsetup_persist(const struct netsetup_opts *o, int system, const char *root, FILE *out,
		     struct diag *d);
/* Writes bridges (@bridge, or all when NULL), their ports, addresses and
 * STP state to @f, as text or JSON. */
int netsetup_show(FILE *f, const char *bridge, bool json, struct diag *d);

#endif
