/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* AppArmor as LXC uses it (runtime/container/apparmor.c): whether the host enforces
 * it, and confining the container's init to a profile at its exec. */
#ifndef CTR_APPARMOR_H
#define CTR_APPARMOR_H

#include <stdbool.h>

#include "ctr/config.h"
#include "ctr/diag.h"

/* True when the kernel has AppArmor enabled (what LXC checks:
 * /sys/module/apparmor/parameters/enabled reads "Y"). */
bool apparmor_enabled(void);

/* What @cfg's AppArmor profile means on this host, as LXC decides it:
 * without AppArmor the container runs unconfined (one note added to @notes
 * when not NULL); with it every value is taken ("generated" is made at
 * the start, apparmor_generated_load).  Returns 0 or -ENOMEM; @ret_diag is
 * for refusals to come. */
int apparmor_check(const struct container_config *cfg, struct diag_list *notes,
		   struct diag *ret_diag);

/* The profile @cfg's init is to run under on this host, or NULL: AppArmor
 * is off, no profile is set, or it is "unchanged".  Borrowed from @cfg. */
const char *apparmor_exec_profile(const struct container_config *cfg);

/* Makes this process's next execve() enter @profile ("exec PROFILE" to
 * /proc/self/attr/apparmor/exec, or /proc/self/attr/exec on kernels before
 * 5.8).  Returns 0 or -errno (-ENOENT: no such profile is loaded). */
int apparmor_set_exec(const char *profile);

/* The text of the profile LXC's "generated" stands for, named @profile:
 * LXC's abstractions/lxc/container-base, cgroup mounts (a cgroup
 * namespace), LXC's nesting rules with lxc.apparmor.allow_nesting (no
 * policy namespace: a nested container enters this same profile), then
 * the lxc.apparmor.raw lines.  Returns 0 with *ret (caller frees) or
 * -ENOMEM. */
int apparmor_generate(const struct container_config *cfg, const char *profile, char **ret);

/* For lxc.apparmor.profile = generated on an AppArmor host: writes the
 * container's profile, "ctr-NAME_<RUNDIR>", to @run_path/apparmor.profile
 * and loads it (apparmor_parser -r).  Returns 0 with *ret_profile (caller
 * frees), or -errno with @ret_diag (-ENOENT: no apparmor_parser or no
 * LXC rules to build on); nothing is left then. */
int apparmor_generated_load(const struct container_config *cfg, const char *run_path,
			    char **ret_profile, struct diag *ret_diag);

/* Unloads (apparmor_parser -R) and removes the profile
 * apparmor_generated_load left in @run_path; nothing when there is none. */
void apparmor_generated_unload(const char *run_path);

#endif
