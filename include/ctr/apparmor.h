/* AppArmor as LXC uses it (runtime/container/apparmor.c): whether the host enforces
 * it, and confining the container's init to a profile at its exec. */
#ifndef CTR_APPARMOR_H
#define CTR_APPARMOR_H

#include <stdbool.h>

#include "ctr/config.h"

/* True when the kernel has AppArmor enabled (what LXC checks:
 * /sys/module/apparmor/parameters/enabled reads "Y"). */
bool apparmor_enabled(void);

/* What @cfg's AppArmor profile means on this host, as LXC decides it:
 * without AppArmor the container runs unconfined (one note added to @notes
 * when not NULL); with it, "generated" is refused (ctr does not generate
 * profiles).  Returns 0, -EINVAL with @ret_diag filled, or -ENOMEM. */
int apparmor_check(const struct container_config *cfg, struct diag_list *notes,
		   struct diag *ret_diag);

/* The profile @cfg's init is to run under on this host, or NULL: AppArmor
 * is off, no profile is set, or it is "unchanged".  Borrowed from @cfg. */
const char *apparmor_exec_profile(const struct container_config *cfg);

/* Makes this process's next execve() enter @profile ("exec PROFILE" to
 * /proc/self/attr/apparmor/exec, or /proc/self/attr/exec on kernels before
 * 5.8).  Returns 0 or -errno (-ENOENT: no such profile is loaded). */
int apparmor_set_exec(const char *profile);

#endif
