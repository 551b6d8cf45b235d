/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container configuration: LXC-style `key = value` files in both key
 * generations (legacy lxc.utsname ... and modern lxc.uts.name ...), parsed
 * into one normalised struct.  Parser: runtime/config/config.c.  Consumers: the
 * runtime (start, cgroups, mounts, network) and ctr-ls / ctr-info.
 *
 * Every field that came from a file line keeps its origin (struct cfg_origin)
 * so later stages (cgroups, mounts, network) can name the line in errors. */
#ifndef CTR_CONFIG_H
#define CTR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctr/diag.h"

struct seccomp_policy;
struct seccomp_prog;

struct cfg_origin {
	const char *file; /* borrowed from the config's file list */
	unsigned line;
	const char *key; /* the key as written (legacy or modern) */
};

/* A device node the container's /dev gets beyond the standard ones (OCI
 * linux.devices), made after the mounts. */
struct cfg_devnode {
	char *path;  /* below the rootfs, no leading '/', no '.' or '..' component */
	mode_t mode; /* S_IFCHR, S_IFBLK or S_IFIFO | permissions */
	dev_t dev;
	uid_t uid;
	gid_t gid;
};

/* lxc.cgroup.<file> = value (v1 names as written) or lxc.cgroup2.<file>. */
struct cfg_cgroup {
	char *key;   /* controller file, e.g. "memory.limit_in_bytes" */
	char *value; /* as written; sizes not yet converted */
	bool v2;     /* came from lxc.cgroup2.* */
	struct cfg_origin origin;
};

/* One fstab-format line: from lxc.mount.entry or from the lxc.mount file. */
struct cfg_mount {
	char *source;
	char *target; /* absolute host path under the rootfs, or relative */
	char *fstype;
	char *options; /* includes create=dir|file, optional as written */
	struct cfg_origin origin;
};

enum cfg_auto_proc {
	CFG_AUTO_PROC_NONE,
	CFG_AUTO_PROC_MIXED,
	CFG_AUTO_PROC_RW
};
enum cfg_auto_sys {
	CFG_AUTO_SYS_NONE,
	CFG_AUTO_SYS_RO,
	CFG_AUTO_SYS_MIXED,
	CFG_AUTO_SYS_RW
};
enum cfg_auto_cgroup {
	CFG_AUTO_CGROUP_NONE,
	CFG_AUTO_CGROUP_RO,
	CFG_AUTO_CGROUP_RW,
	CFG_AUTO_CGROUP_MIXED,
};

struct cfg_idmap {
	char type; /* 'u' or 'g' */
	unsigned long ns_id, host_id, range;
	struct cfg_origin origin;
};

enum cfg_net_type {
	CFG_NET_NONE_SET, /* no network keys: a new netns with loopback only */
	CFG_NET_EMPTY,
	CFG_NET_VETH,
	CFG_NET_MACVLAN,
	CFG_NET_PHYS,
	CFG_NET_NONE, /* the host's network namespace (unsafe) */
};

struct cfg_net {
	unsigned index; /* N of lxc.net.N, or order of lxc.network.type */
	enum cfg_net_type type;
	bool up;	    /* flags = up */
	char *link;	    /* bridge (veth), parent (macvlan), NIC (phys) */
	char *name;	    /* name inside; NULL: eth<index> */
	char *hwaddr;	    /* may hold 'x' wildcards as written */
	char *veth_pair;    /* host end name; NULL: derived */
	char *macvlan_mode; /* private|vepa|bridge|passthru; NULL: bridge */
	unsigned mtu;	    /* 0: unset */
	char **ipv4;	    /* CIDR [broadcast], NULL-terminated, may be NULL */
	char *ipv4_gateway; /* address or "auto" */
	char **ipv6;
	char *ipv6_gateway;
	struct cfg_origin origin;      /* the line that started this interface */
	struct cfg_origin link_origin; /* the link line, if any */
};

/* lxc.hook.TYPE: when each runs (runtime/container/hooks.c, ctr.conf(5) HOOKS). */
enum cfg_hook_type {
	CFG_HOOK_PRE_START,  /* host namespaces, before anything is set up */
	CFG_HOOK_PRE_MOUNT,  /* the container's mount namespace, before the rootfs */
	CFG_HOOK_MOUNT,	     /* after the mounts, before pivot_root */
	CFG_HOOK_AUTODEV,    /* after the mount hooks and /dev, before pivot_root */
	CFG_HOOK_START_HOST, /* host namespaces, just before the init runs */
	CFG_HOOK_START,	     /* inside the container, just before the init's exec */
	CFG_HOOK_STOP,	     /* host, after the init died, namespace fds passed */
	CFG_HOOK_POST_STOP,  /* host, after everything is torn down */
	CFG_HOOK_CLONE,	     /* host, ctr-copy: after the copy is made */
	CFG_HOOK_DESTROY,    /* host, ctr-destroy: before anything is removed */
	CFG_HOOK_MAX,
};

/* One lxc.hook.TYPE line: a shell command line, run as LXC runs it
 * (/bin/sh -c "exec COMMAND [arguments]"). */
struct cfg_hook {
	char *cmd;
	struct cfg_origin origin;
};

struct container_config {
	char *name;   /* container name (from -n or the file name) */
	char *path;   /* the file read, after following symlinks */
	char **files; /* every file read (includes); origins borrow these */

	char *uts_name;	   /* lxc.utsname / lxc.uts.name; NULL: @name */
	char *domain_name; /* OCI domainname; NULL: left as it is */
	/* OCI linux.timeOffsets: the time namespace's clocks; unset: boottime
	 * starts at 0, monotonic is the host's */
	bool time_offsets_set;
	long long time_mono_s, time_mono_ns, time_boot_s, time_boot_ns;
	char *rootfs;		   /* lxc.rootfs / lxc.rootfs.path, "dir:" stripped */
	char *rootfs_options;	   /* lxc.rootfs.options */
	char *arch;		   /* canonical name (amd64 -> x86_64); NULL: the host's */
	unsigned long personality; /* from arch; 0xffffffff: leave as is */
	unsigned tty_max;	   /* lxc.tty / lxc.tty.max */
	unsigned pty_max;	   /* lxc.pts / lxc.pty.max; 0: unlimited */
	char *console_path;	   /* lxc.console / lxc.console.path; "none" allowed */
	char *console_logfile;

	uint64_t cap_drop; /* bit CAP_X set: drop it */
	uint64_t cap_keep; /* if cap_keep_set: keep only these */
	bool cap_keep_set;
	/* OCI process.capabilities beyond bounding (bit N: capability N),
	 * applied after the user switch when cap_sets */
	bool cap_sets;
	uint64_t cap_effective, cap_permitted, cap_inheritable, cap_ambient;
	struct cfg_origin cap_origin; /* last cap line, for errors */

	struct cfg_cgroup *cgroups;
	size_t n_cgroups;  /* in file order */
	char *cgroup_path; /* below each hierarchy's mount (OCI cgroupsPath); NULL: ctr/NAME */
	struct cfg_devnode *devnodes;
	size_t n_devnodes; /* OCI linux.devices */
	char *mount_fstab; /* lxc.mount / lxc.mount.fstab */
	struct cfg_mount *mounts;
	size_t n_mounts; /* fstab lines, then entries, in order */
	enum cfg_auto_proc auto_proc;
	enum cfg_auto_sys auto_sys;
	enum cfg_auto_cgroup auto_cgroup;
	/* cgroup*:force: mounted where LXC leaves it to the init */
	bool auto_cgroup_force;
	bool mount_auto_set; /* lxc.mount.auto given at all */
	bool autodev;	     /* default true */

	char **init_cmd; /* argv; NULL: /sbin/init */
	char *init_cwd;
	char **environment; /* "KEY=value", NULL-terminated */

	struct cfg_idmap *idmaps;
	size_t n_idmaps;

	bool start_auto;
	int start_order;
	unsigned start_delay;

	int signal_halt;   /* 0: default (SIGPWR, SIGRTMIN+3 for systemd) */
	int signal_reboot; /* 0: default SIGINT */
	int signal_stop;   /* 0: default SIGKILL */

	struct cfg_net *nets;
	size_t n_nets; /* sorted by index */

	/* Added after the first version; keep new fields at the end. */
	struct cfg_origin mount_fstab_origin; /* the lxc.mount(.fstab) line */
	struct diag_list ignored;	      /* keys accepted and ignored, one diag each
				   * (file, line, key, why): warnings for mains */
	struct diag_list notes;		      /* settings that work as written but cost
				 * something (file, line, key, what): for a
				 * config check (ctr-config), not every start */
	char **pool;
	size_t n_pool;		    /* private: strings origins borrow */
	char *rootfs_overlay_upper; /* overlay:LOWER:UPPER: UPPER (rootfs is LOWER);
				     * the work dir is UPPER/../olwork, as LXC's */
	bool keyring_session;	    /* lxc.keyring.session, default true: the init
			       * joins a new session keyring */

	struct cfg_hook *hooks[CFG_HOOK_MAX]; /* in file order, per type */
	size_t n_hooks[CFG_HOOK_MAX];
	unsigned hook_version; /* lxc.hook.version: 0 arguments, 1 environment */

	char *apparmor_profile; /* lxc.apparmor.profile / lxc.aa_profile; NULL: unset */
	struct cfg_origin apparmor_origin;
	bool apparmor_allow_incomplete;
	bool apparmor_allow_nesting;
	char **apparmor_raw; /* lxc.apparmor.raw lines */

	/* seccomp (include/ctr/seccomp.h) */
	char *seccomp_profile;		  /* lxc.seccomp.profile, resolved against the config's
				 * directory; NULL: the built-in default policy */
	struct cfg_origin seccomp_origin; /* its line */
	struct seccomp_policy *seccomp;	  /* the profile, read by config_load; compiled for
					 * this host by container_config_check and
					 * container_start */
	bool seccomp_off;		  /* lxc.seccomp.profile = none (or empty): no filter */
	bool seccomp_allow_nesting;	  /* lxc.seccomp.allow_nesting */
	bool no_new_privs;		  /* lxc.no_new_privs */
	/* The user the init runs as (the OCI front end's process.user), set
	 * after the seccomp filter and just before the exec. */
	bool user_set;
	uid_t user_uid;
	gid_t user_gid;
	gid_t *user_groups;
	size_t n_user_groups;
};

/* "pre-start", "mount", ... as in lxc.hook.TYPE; NULL out of range. */
const char *config_hook_name(enum cfg_hook_type t);

/* Reads @path (following symlinks) and its includes into a new config named
 * @name (NULL: from the file name, NAME.conf or NAME/config).  Returns 0, or -errno with @ret_diag naming file:line, key and the
 * reason (unknown key, with the closest known one; bad value; missing
 * file).  On success *ret_cfg is the caller's (config_free). */
int config_load(const char *path, const char *name, struct container_config **ret_cfg,
		struct diag *ret_diag);

/* The config directories searched, colon-separated: @sysconfdir/lxc and
 * @sysconfdir/ctr; with @sysconfdir NULL, $CTR_CONFIG_PATH if set, else
 * those under $CTR_SYSCONFDIR or /etc.  Borrowed: static storage
 * (runtime/config/config-find.c). */
const char *config_dirs(const char *sysconfdir);

/* LXC's lxcpath, where LXC keeps LXCPATH/NAME/config: $CTR_LXCPATH (what
 * -P/--lxcpath sets), else lxc.lxcpath in SYSCONFDIR/lxc/lxc.conf, else
 * /var/lib/lxc -- but none when the config dirs are relocated
 * ($CTR_SYSCONFDIR, $CTR_CONFIG_PATH or @sysconfdir) and name none.
 * Returns 0 with *ret (caller frees; NULL: none) or -ENOMEM. */
int config_lxcpath(const char *sysconfdir, char **ret);

/* -P/--lxcpath DIR of every command: config_lxcpath() and the commands
 * this process starts (the monitor) use DIR.  Returns 0 or -errno. */
int config_set_lxcpath(const char *dir);

/* Finds the config file for @name: NAME.conf in each of config_dirs()
 * (symlinks followed, as the seed links /etc/lxc/funtoo0.conf to
 * /lxc/funtoo0/config), then LXCPATH/NAME/config.  Returns 0 with *ret_path
 * (caller frees), or -ENOENT with the places looked at in @ret_diag. */
int config_find(const char *sysconfdir, const char *name, char **ret_path, struct diag *ret_diag);

/* As config_load, but reading on after an error: every error of the file
 * and its includes goes to @ret_errors (file, line, key, why; at most
 * CONFIG_MAX_ERRORS, then one "and N more" entry).  Returns 0 with
 * *ret_cfg (caller frees), -EINVAL with the errors, or -errno (unreadable
 * file, out of memory) with one entry. */
#define CONFIG_MAX_ERRORS 20
int config_check(const char *path, const char *name, struct container_config **ret_cfg,
		 struct diag_list *ret_errors);

/* Writes @cfg in modern keys, one per line, to @f.  Returns 0 or -errno. */
int config_print(const struct container_config *cfg, FILE *f);

void config_free(struct container_config *cfg);

/* config_load_stream's flags. */
#define CONFIG_LOAD_NO_FILES \
	0x1u /* lxc.include and lxc.mount.fstab are errors
				   * (the fuzzer: no file system access) */

/* As config_load, from an open stream; @file names it in messages and
 * includes resolve relative to its directory.  The stream stays the
 * caller's. */
int config_load_stream(FILE *f, const char *file, const char *name, unsigned flags,
		       struct container_config **ret_cfg, struct diag *ret_diag);

/* The mount target of @m relative to the container's root, without leading
 * slashes ("" is the root itself): an absolute target loses the rootfs
 * prefix (the seed writes /lxc/funtoo0/rootfs/proc), a relative one is
 * returned as is.  config_load has checked that an absolute target lies
 * under the rootfs.  Borrowed from @m. */
const char *config_mount_path(const struct container_config *cfg, const struct cfg_mount *m);

/* The name of interface @n inside the container: its lxc.net.N.name, or
 * eth<index>.  Returns @n's name or @buf. */
const char *config_net_name(const struct cfg_net *n, char buf[static 16]);

/* Lists every known key, one a line: "modern legacy kind", for docs and
 * tests (ctr-config --keys).  Returns 0 or -errno. */
int config_print_keys(FILE *f);

#endif
