/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LXC's container hooks (lxc.hook.TYPE): run as LXC runs them, with its
 * arguments and environment (runtime/container/hooks.c).  The call sites are the
 * moments LXC documents: container.c (pre-start, start-host, start, stop,
 * post-stop) and mount.c (pre-mount, mount, autodev). */
#ifndef CTR_HOOKS_H
#define CTR_HOOKS_H

#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

/* What a hook is told besides the config. */
struct hook_env {
	const char *rootfs_mount; /* LXC_ROOTFS_MOUNT; NULL: lxc.rootfs.path */
	pid_t pid;		  /* > 0: LXC_PID, the init in the host's PID namespace */
	const char *target;	  /* LXC_TARGET ("stop", "reboot"), or NULL */
	const int *ns_fds;	  /* the container's namespace fds in enum
				   * container_ns order (CONTAINER_NS_MAX of them,
				   * -EBADF where none), held by this process; or NULL */
	const char *src_name;	  /* clone: LXC_SRC_NAME, the container copied */
	char *const *args;	  /* NULL-terminated words after LXC's arguments
				   * (lxc-copy's hook arguments), each quoted; or NULL */
};

/* Runs every lxc.hook.@type of @cfg in file order: /bin/sh -c "exec
 * COMMAND" (with version 0 also NAME lxc TYPE and, for stop, TYPE:PATH of
 * each namespace), stdin /dev/null, stdout and stderr through a pipe to
 * this process's stderr, environment: this process's plus LXC_NAME,
 * LXC_CONFIG_FILE, LXC_ROOTFS_MOUNT, LXC_ROOTFS_PATH, LXC_CGNS_AWARE,
 * LXC_HOOK_VERSION, ... as LXC sets them, then @env->args.  The clone and
 * destroy hooks run from ctr-copy and ctr-destroy (runtime/manage/create.c).
 * Stops at the first hook that fails.  Returns 0, -ECANCELED when a hook
 * exits non-zero or is killed (@ret_diag names its type, command, config
 * line and exit status, and ends with the last of what it wrote, which is
 * then not written to stderr), or -errno. */
int hooks_run(const struct container_config *cfg, enum cfg_hook_type type,
	      const struct hook_env *env, struct diag *ret_diag);

/* A copy of what the stop and post-stop hooks of @cfg need (name, files,
 * rootfs, console, version and those hooks), for a container that outlives
 * its config.  Returns 0 with *ret (caller frees with config_free; NULL
 * when @cfg has neither hook) or -ENOMEM. */
int hooks_keep(const struct container_config *cfg, struct container_config **ret);

#endif
