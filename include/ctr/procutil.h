/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the tools read about a process from /proc (lib/procutil.c). */
#ifndef CTR_PROCUTIL_H
#define CTR_PROCUTIL_H

#include <sys/types.h>

/* Field 22 of /proc/PID/stat: the start time that tells a PID's owners
 * apart across reuse.  0 when the process is gone. */
unsigned long long proc_starttime(pid_t pid);

/* The namespaces of @pid (user, mnt, uts, ipc, net, pid, cgroup, time)
 * that are not ours, as CLONE_NEW* flags for setns() on a pidfd: joining
 * one's own user namespace is an error, so only the differing ones are
 * asked for.  A namespace this kernel lacks, or a process gone, counts
 * as not differing. */
int proc_ns_differing(pid_t pid);

#endif
