/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Starting a container from a struct container_config: namespaces, cgroups,
 * the root filesystem, capabilities, the console and ttys, and the exec of
 * its init (runtime/container/container.c, mount.c, caps.c, console.c).
 *
 * One process tree, no re-exec of the runtime: container_start() clones the
 * container's init straight from the caller, which stays its parent (the
 * foreground ctr-start, or a per-container monitor for -d) and holds what
 * the container needs from outside: the pty masters, a pidfd, the
 * namespace fds, the cgroups and the name's lock. */
#ifndef CTR_CONTAINER_H
#define CTR_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

struct cgroup_handle;

enum container_stdio {
	/* The init's stdin/out/err are the caller's (pipes, files). */
	CONTAINER_STDIO_INHERIT,
	/* The init's stdio is the console pty; the caller relays the master
	 * (container_wait does it for a foreground start). */
	CONTAINER_STDIO_CONSOLE,
	/* /dev/null in, the console pty out: a background start. */
	CONTAINER_STDIO_DETACHED,
};

/* The namespaces a started container has, in container.ns_fds order. */
enum container_ns {
	CONTAINER_NS_MNT,
	CONTAINER_NS_UTS,
	CONTAINER_NS_IPC,
	CONTAINER_NS_PID,
	CONTAINER_NS_NET,
	CONTAINER_NS_CGROUP,
	CONTAINER_NS_USER,
	CONTAINER_NS_TIME,
	CONTAINER_NS_MAX,
};

struct container;

/* When container_opts.inside_hook runs. */
enum container_inside {
	CONTAINER_INSIDE_CREATE,
	CONTAINER_INSIDE_START
};

struct container_opts {
	char *const *argv;	 /* command after `--`; NULL: init.cmd or /sbin/init */
	const char *rundir;	 /* NULL: $CTR_RUNDIR, else RUNSTATEDIR/ctr */
	const char *cgroup_root; /* NULL: /sys/fs/cgroup */
	enum container_stdio stdio;
	/* Called in the parent once the init exists (its pid, namespaces and
	 * cgroups in place) and before it goes on to mount and exec: the place
	 * to move network links into c->ns_fds[CONTAINER_NS_NET].  Returns 0 or
	 * -errno (and may fill @ret_diag); failure stops the start. */
	int (*setup_hook)(struct container *c, void *userdata, struct diag *ret_diag);
	void *userdata;
	/* Runs in the init itself, with @userdata: CONTAINER_INSIDE_CREATE in
	 * its namespaces after the mounts, before pivot_root;
	 * CONTAINER_INSIDE_START after pivot_root (and the exec FIFO), before
	 * its exec.  Returns 0 or -errno with @ret_diag: failure stops it. */
	int (*inside_hook)(enum container_inside when, void *userdata, struct diag *ret_diag);
	/* For the OCI front end (runtime/oci/): */
	const char *exec_fifo; /* non-NULL: the init, once set up, waits until this
				* FIFO is opened for reading before its last steps
				* (start hooks, seccomp, user, exec); container_start
				* returns as soon as it waits */
	bool detach;	       /* the init outlives the caller (no parent-death signal) */
	int ns_shared;	       /* CLONE_NEW* flags not to unshare: namespaces the
				* caller joined already (setns) and the init shares */
};

struct container {
	char *name;
	pid_t pid;	    /* the init, in the caller's PID namespace */
	int pidfd;	    /* of the init */
	int console_master; /* /dev/console's pty master */
	int console_peer;   /* its slave, held so the master never hangs up */
	int console_log;    /* lxc.console.logfile (or a legacy lxc.console file), or -EBADF */
	int *tty_masters;   /* /dev/tty1..n_ttys' pty masters */
	unsigned n_ttys;
	int ns_fds[CONTAINER_NS_MAX]; /* -EBADF where not unshared */
	int exec_errno;		      /* non-zero: the init's exec failed with it */
	char *exec_path;	      /* argv[0] of the init, for messages */
	enum container_stdio stdio;
	struct cgroup_handle *cgroup;
	int lock_fd;	/* flock on RUNDIR/NAME/lock */
	char *run_path; /* RUNDIR/NAME */
	bool reaped;
	int status;			   /* once reaped: exit code, or 128+signal */
	struct container_config *hook_cfg; /* stop and post-stop hooks (hooks_keep), or NULL */
	struct diag *stop_diag;		   /* set by the caller: container_free tells here
				 * which stop or post-stop hook failed */
	char *aa_generated;		   /* the AppArmor profile generated and loaded for it
			     * (lxc.apparmor.profile = generated), or NULL */
};

/* The init's compiled seccomp filter, in the run dir (RUNDIR/NAME/...),
 * mode 0600: ctr-attach loads it (seccomp_load_file). */
#define CONTAINER_SECCOMP_FILE "seccomp.bpf"

/* What ctr-config checks of @cfg beyond the config language, against this
 * host: its seccomp policy compiles (a rule libseccomp refuses is an error
 * at the policy's line) and its AppArmor profile (a note in cfg->notes on a
 * host without AppArmor).  Returns 0 or -errno with @ret_diag filled. */
int container_config_check(struct container_config *cfg, struct diag *ret_diag);

/* Starts @cfg's container.  Returns 0 with *ret the caller's (the init runs
 * or its exec failed: see exec_errno; container_free), or -errno with
 * @ret_diag saying what failed (-EBUSY: the name is running already).
 * Non-fatal problems (a cgroup weight the kernel lacks) go to @warnings.
 * On failure nothing is left: no process, cgroup, lock or mount. */
int container_start(const struct container_config *cfg, const struct container_opts *opts,
		    struct container **ret, struct diag_list *warnings, struct diag *ret_diag);

/* Waits for the init to exit and reaps it.  With CONTAINER_STDIO_CONSOLE it
 * relays the console to the caller's stdin/stdout meanwhile (raw mode on a
 * terminal, window size followed); SIGINT, SIGTERM, SIGHUP and SIGQUIT sent
 * to the caller are passed to the init.  *ret_status: the exit code, or
 * 128+signal.  Returns 0 or -errno. */
int container_wait(struct container *c, int *ret_status);

/* Kills what is left (SIGKILL to the init, which takes its PID namespace
 * along), waits for it, runs the stop hooks (the namespaces still held),
 * removes the cgroups, closes the fds, runs the post-stop hooks, releases
 * and removes the lock.  Returns 0 or the first -errno (-ECANCELED: a hook
 * failed, said in *c->stop_diag if set); frees @c always. */
int container_free(struct container *c);

/* Lets go of @c without touching the init or its cgroups: the init runs on
 * (the caller's exit reparents it), its lock is released, the run
 * directory stays.  For a runtime that exits after creating (ctr-oci).
 * Frees @c. */
void container_release(struct container *c);

/* Takes the lock of @name under @rundir (NULL: as container_opts).  Returns
 * an fd (caller closes; the lock goes with it) and *ret_path (caller frees),
 * -EBUSY when a running instance holds it, or -errno. */
int container_lock(const char *rundir, const char *name, char **ret_path);

/* Gives up a lock container_lock took (@path: its *ret_path): removes the
 * lock file and the run dir when nothing else is in it, then closes @fd.
 * Also for commands that lock a container without starting it (copy,
 * destroy). */
void container_lock_release(int fd, const char *path);

/* --- building blocks, shared with attach and the lifecycle commands --- */

/* The capabilities @cfg drops from the bounding set: cap.drop plus the
 * default drops (sys_module, sys_rawio, sys_time, mac_admin, mac_override,
 * syslog), or everything but cap.keep.  Bit N: drop capability N. */
uint64_t caps_drop_mask(const struct container_config *cfg);

/* Drops @mask from this process's bounding set, clears the inheritable and
 * ambient sets.  Returns 0 or -errno. */
int caps_apply(uint64_t mask);

/* caps_apply(@mask), then @mask out of the effective and permitted sets
 * too: nothing is held beyond the bounding set.  Returns 0 or -errno. */
int caps_confine(uint64_t mask);

/* With @cfg's OCI capability sets (cap_sets): PR_SET_KEEPCAPS, so that
 * the permitted set survives the switch to the process's user; nothing
 * without them.  Returns 0 or -errno. */
int caps_keep(const struct container_config *cfg);

/* After the switch to the process's user: @cfg's effective, permitted,
 * inheritable and ambient sets (cap_sets), as runc sets them; nothing
 * without them.  Returns 0 or -errno. */
int caps_sets_apply(const struct container_config *cfg);

/* The default capability drops as a mask. */
uint64_t caps_default_drops(void);

struct mount_ctx {
	const char *rootfs;  /* absolute, resolved */
	bool userns;	     /* nodes are bound from the host, not made */
	const char *console; /* host path of the console pty's slave, or NULL */
	char **ttys;	     /* host paths of the tty ptys' slaves */
	unsigned n_ttys;
	/* NULL or run last before pivot_root, with @before_pivot_arg:
	 * 0 or -errno with the diag filled */
	int (*before_pivot)(void *arg, struct diag *d);
	void *before_pivot_arg;
	int scratch_dirfd; /* a directory of the runtime's own (its run
				 * directory), O_PATH: the masks' private tmpfs
				 * is attached there, in the child's mount
				 * namespace only, while they are made */
};

/* In a new mount namespace: builds the container's root filesystem from
 * @cfg and pivots into it (the old root detached).  Returns 0 or -errno
 * with @ret_diag naming the mount line that failed. */
int mount_setup(const struct container_config *cfg, const struct mount_ctx *ctx,
		struct diag *ret_diag);

/* Last of the mount setup, after pivot_root: moves this process into a copy
 * of its mount namespace owned by a new, empty user namespace.  The kernel
 * locks every mount copied across a user namespace (MNT_LOCKED and the
 * MNT_LOCK_* flags), so the container's root, privileged or not, can no
 * longer unmount a mask (/proc/keys, /sys/firmware) to uncover what it hid,
 * nor remount a read-only mount (/sys, /proc/sys) writable; its own new
 * mounts stay its own.  Returns 0, -EOPNOTSUPP where user namespaces cannot
 * be made (the mounts stay unlocked), or -errno. */
int mount_lock(void);

/* Splits an fstab options string into MS_* flags, propagation flags and the
 * data string for the filesystem; create=dir|file and optional come back
 * separately.  *ret_data is the caller's.  Returns 0 or -EINVAL. */
struct mount_opts {
	unsigned long flags;
	unsigned long propagation;
	char *data;
	bool create_dir, create_file, optional;
};
int mount_parse_options(const char *options, struct mount_opts *ret);

/* A new pty pair: *ret_master (O_CLOEXEC, the caller's), *ret_slave_path
 * (caller frees).  Returns 0 or -errno. */
int console_pty_open(int *ret_master, char **ret_slave_path);

/* Relays @master to @out (and to @log, both may be -EBADF) and @in to
 * @master until the caller's child @pid (@pidfd its pidfd, or -EBADF before
 * 5.3) exits and the master is drained; @in in
 * raw mode while it is a terminal, its window size copied to @master.  SIGINT, SIGTERM, SIGHUP and SIGQUIT are
 * sent on to @pid (SIGKILL at the third).  Returns 0 or -errno. */
int console_relay(int master, int in, int out, int log, pid_t pid, int pidfd);

#endif
