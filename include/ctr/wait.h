/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Waiting for a container's state (runtime/lifecycle/wait.c), for ctr-wait: woken by
 * the kernel, not by a timer: inotify on the run directory and the state
 * file the monitor replaces on every change, inotify on the container's
 * cgroup.events (frozen), and a pidfd on the monitor (its death stops the
 * container without a state write). */
#ifndef CTR_WAIT_H
#define CTR_WAIT_H

#include <stddef.h>

/* Parses "RUNNING", "RUNNING|FROZEN" (as lxc-wait takes it; any case) into
 * a mask of WAIT_* bits.  Returns the mask or -EINVAL. */
#define WAIT_STOPPED 0x01u
#define WAIT_STARTING 0x02u
#define WAIT_RUNNING 0x04u
#define WAIT_STOPPING 0x08u
#define WAIT_FROZEN 0x10u
#define WAIT_THAWED 0x20u /* running and not frozen */
int wait_parse_states(const char *s);

/* Waits until @name is in one of the @mask states, or @timeout_ms pass
 * (-1: for ever).  Returns 0 with the state reached in @ret_state (at least
 * 16 bytes), -ETIMEDOUT, or -errno. */
int wait_state(const char *name, unsigned mask, int timeout_ms, char *ret_state, size_t len);

#endif
