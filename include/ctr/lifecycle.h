/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The lifecycle commands' library: attach (runtime/lifecycle/attach.c), ls / info
 * (runtime/lifecycle/info.c, with autostart's ordering) and what they read
 * about a process (runtime/lifecycle/pidinfo.c;
 * addresses come from net_addresses, include/ctr/network.h). */
#ifndef CTR_LIFECYCLE_H
#define CTR_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <termios.h>
#include <time.h>

#include "ctr/diag.h"
#include "ctr/monitor.h"

/* --- process facts -------------------------------------------------------- */

/* The directories of @pid's cgroups on this host's mounts, one per
 * hierarchy (v1 ones first, then the v2 one).  *ret (NULL-terminated) is the
 * caller's (strv_free).  Returns the count or -errno. */
int pidinfo_cgroup_dirs(pid_t pid, char ***ret);

/* Bytes of memory charged to @pid's cgroup (v1 memory.usage_in_bytes, else
 * v2 memory.current).  Returns 0 or -errno (-ENOENT: no memory cgroup). */
int pidinfo_memory(pid_t pid, uint64_t *ret);

/* --- attach --------------------------------------------------------------- */

#define ATTACH_MAX_KEEP_FDS 64

struct attach_options {
	bool tty;	       /* a new pty from the container's devpts, relayed */
	const int *keep_fds;   /* fds above 2 the command gets (borrowed); all */
	size_t n_keep_fds;     /* others are closed before the container is entered */
	bool stop_before_exec; /* tests: SIGSTOP itself right before the exec */
};

/* Runs @argv (NULL: /bin/sh) inside running container @name: every one of
 * its namespaces, its cgroups, its capability bounding set and its init's
 * environment.  With @opts->tty a new pty from the container's devpts is
 * relayed to this terminal (window size follows); without, stdin, stdout
 * and stderr are passed as they are.  Among the container's processes
 * until its exec, the attach is not dumpable, holds no capability beyond
 * the container's bounding set and no fd but stdio and @opts->keep_fds.
 * *ret_status: the command's exit code, or 128+signal.  Returns 0, or
 * -errno with @ret_diag. */
int attach_run(const char *name, char *const *argv, const struct attach_options *opts,
	       int *ret_status, struct diag *ret_diag);

/* Unless this process already runs from one: copies its binary into a
 * memfd, seals it (no write, grow, shrink, or new seal) and executes it
 * with @argv and the environment, so that no process of ours among a
 * container's has the host's binary as /proc/PID/exe.  Returns 0 when
 * already sealed; else only on failure, -errno. */
int attach_exec_sealed(char *const *argv);

/* --- ls / info ------------------------------------------------------------ */

struct ctr_info {
	char *name;
	char *config; /* file path, NULL when only running */
	enum monitor_state state;
	bool frozen;	  /* running, and its cgroup frozen (ctr-freeze) */
	pid_t init_pid;	  /* 0 unless running */
	time_t started;	  /* 0 unless running */
	int64_t uptime;	  /* seconds, -1 unless running */
	int64_t memory;	  /* bytes, -1 unknown */
	char **addresses; /* "IFNAME ADDR/PREFIX", may be NULL */
	bool autostart;
	int start_order;
	unsigned start_delay;
};

/* The config directories searched, colon-separated: config_dirs(NULL)
 * ($CTR_CONFIG_PATH, else SYSCONFDIR/lxc:SYSCONFDIR/ctr).  Borrowed: static
 * storage. */
const char *info_config_path(void);

/* The file configuring @name: config_find(NULL, ...), the config
 * directories then LXCPATH/NAME/config.  Returns 0 with *ret (caller
 * frees) or -ENOENT. */
int info_find_config(const char *name, char **ret);

/* Collects what is known about @name (its config @config may be NULL).
 * @deep: also addresses and memory (enters the netns).  Returns 0 or
 * -errno; *ret is the caller's (info_clear). */
int info_collect(const char *name, const char *config, bool deep, struct ctr_info *ret);

/* Every container configured in the config directories plus every one
 * with a run dir, sorted by name.  *ret (info_free) and *ret_n.  Returns 0
 * or -errno. */
int info_list(bool deep, struct ctr_info **ret, size_t *ret_n);

void info_clear(struct ctr_info *i);

/* The state as ctr-ls, ctr-info and their JSON show it: the monitor's
 * ("RUNNING", ...), or "FROZEN" for a running container that is frozen. */
const char *info_state_name(const struct ctr_info *i);
void info_free(struct ctr_info *v, size_t n);

/* Writes @v as JSON (an array when @array, else the one object) to @f. */
void info_write_json(FILE *f, const struct ctr_info *v, size_t n, bool array);

/* --- autostart ------------------------------------------------------------ */

/* The containers with lxc.start.auto = 1, in lxc.start.order (lower first,
 * then by name).  Uses info_list.  *ret (info_free), *ret_n.  Returns 0 or
 * -errno. */
int autostart_list(struct ctr_info **ret, size_t *ret_n);

/* Starts @i (from autostart_list) in the background under a monitor, from
 * its config file.  Returns 0, -EBUSY when it runs already, or -errno with
 * @ret_diag; warnings to @warnings. */
int autostart_start(const struct ctr_info *i, struct diag_list *warnings, struct diag *ret_diag);

#endif
