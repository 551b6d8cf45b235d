/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Making and removing containers (runtime/manage/create.c): the seed's manual
 * "Create and Configure Container Filesystem" steps as one call each.
 *
 * A container made here lives in LXCPATH/NAME/ (LXCPATH: -P, $CTR_LXCPATH,
 * else /var/lib/lxc, where LXC keeps its own): config, fstab (empty) and
 * rootfs/; SYSCONFDIR/lxc/NAME.conf links to the config as the seed does.
 * Nothing is run from the new tree on the host: the guest is adapted by
 * writing its files through the rootfs, never following a link out of it. */
#ifndef CTR_CREATE_H
#define CTR_CREATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ctr/diag.h"

enum create_source {
	CREATE_FROM_TARBALL, /* a rootfs tarball: plain, gzip, xz, zstd, bzip2 */
	CREATE_FROM_DIR,     /* a tree to copy */
	CREATE_DEBOOTSTRAP,  /* a Debian suite through debootstrap(8) */
};

struct create_opts {
	const char *name;
	const char *lxcpath;	/* NULL: create_lxcpath() */
	const char *sysconfdir; /* NULL: CTR_SYSCONFDIR; "" makes no link */
	enum create_source source;
	const char *from;		/* the tarball, the directory or the suite */
	const char *mirror;		/* debootstrap: NULL, the mirror apt uses */
	const char *packages;		/* debootstrap: extra packages, comma-separated */
	const char *bridge;		/* a veth on this bridge; NULL: no network */
	const char *root_password_file; /* NULL: root's password left as is */
	bool unprivileged;		/* shift ids into root's range in /etc/subuid */
};

struct create_result {
	char *dir;			  /* LXCPATH/NAME (caller frees) */
	char *config;			  /* LXCPATH/NAME/config (caller frees) */
	char *link;			  /* SYSCONFDIR/lxc/NAME.conf, or NULL (caller frees) */
	uint64_t entries;		  /* files, directories, links and nodes written */
	uint64_t bytes;			  /* file data written */
	unsigned long uid_base, gid_base; /* unprivileged: the ids root maps to */
};

/* Where a new container goes by default: config_lxcpath() (-P, else
 * lxc.lxcpath in /etc/lxc/lxc.conf), else /var/lib/lxc.  Borrowed (static
 * storage). */
const char *create_lxcpath(void);

/* Makes the container @o describes.  Returns 0 with *ret filled (free with
 * create_result_clear), or -errno with @ret_diag saying what and where
 * (-EEXIST: the name is taken; -EPERM: a hostile archive entry).  On failure
 * nothing it made is left. */
int create_container(const struct create_opts *o, struct create_result *ret, struct diag *ret_diag);

void create_result_clear(struct create_result *r);

struct copy_opts {
	const char *name;   /* the container copied */
	const char *config; /* its config file */
	const char *newname;
	const char *lxcpath;	/* where the copy goes; NULL: create_lxcpath() */
	const char *sysconfdir; /* as in create_opts */
	bool snapshot;		/* an overlay on the origin's rootfs, not a copy */
	char *const *hook_args; /* NULL-terminated, after the clone hooks' own; or NULL */
};

/* Copies the stopped container @o->name to LXCPATH/NEWNAME: its rootfs (or,
 * with @o->snapshot, an empty overlay layer over it: lxc.rootfs.path =
 * overlay:ORIGIN:LXCPATH/NEWNAME/delta0), its config with the new name,
 * hostname, paths and MACs (a veth pair name dropped, so the runtime
 * derives one), its fstab, and the guest's /etc/hostname and hosts; then
 * runs the copy's lxc.hook.clone (LXC_SRC_NAME: the origin), and a failing
 * one undoes the copy.  The caller holds the origin's lock.  Returns 0 with *ret (create_result_clear)
 * or -errno with @ret_diag; on failure nothing it made is left. */
int create_copy(const struct copy_opts *o, struct create_result *ret, struct diag *ret_diag);

/* Removes the stopped container whose config is @config_path: its rootfs
 * (never following a link out of it, refusing one with anything mounted
 * inside), its fstab when it lives beside the config, the config, a
 * SYSCONFDIR/lxc/NAME.conf link to it and the container's directory when
 * that is then empty; nothing else.  Its lxc.hook.destroy run first, and a
 * failing one (-ECANCELED) keeps the container.  The caller holds the
 * container's lock.  Returns 0 or -errno with @ret_diag. */
int create_destroy(const char *name, const char *config_path, const char *sysconfdir,
		   struct diag *ret_diag);

#endif
