/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fallbacks for system calls newer than Linux 3.10 (lib/sys-compat.c): the
 * runtime uses the new call where the kernel has it and does the same job
 * another way where it does not, so one binary runs on 3.10 to today.
 *
 * What the tools use that 3.10 lacks, the kernel that brought it, and where
 * the fallback lives:
 *   clone3 (5.3), CLONE_PIDFD (5.2)   compat_clone: clone(2), then pidfd_open
 *   pidfd_open (5.3)                  proc_handle_open: an fd of /proc/PID
 *   pidfd_send_signal (5.1)           proc_handle_signal: kill(2) after a check
 *   setns on a pidfd (5.8)            proc_handle_setns: the ns/ files one by one
 *   poll on a pidfd (5.3)             child_watch_*: a signalfd for SIGCHLD
 *   openat2 RESOLVE_IN_ROOT (5.6)     compat_open_in_root: a walk in user space
 *   close_range (5.9, CLOEXEC 5.11)   fd_close_range (lib/fsutil.c): fd by fd
 *   fsopen/fsmount/move_mount (5.2)   mount.c scratch_make_old: mount(2) of a
 *                                     tmpfs on a fresh directory in /tmp
 *   statx STATX_ATTR_MOUNT_ROOT (5.8) mount.c mounted_at: trusts the type
 *   memfd_create (3.17), MFD_EXEC     compat_memfd: an unlinked file in /dev/shm
 *   seccomp(2) (3.17)                 seccomp.c: prctl(PR_SET_SECCOMP) (3.5)
 *   SECCOMP_GET_ACTION_AVAIL (4.14)   seccomp.c: the PR_SET_SECCOMP probe
 *   TIOCGPTPEER (4.13)                attach.c: ptsname(3); monitor.c: no peer
 *   CLONE_NEWTIME (5.6), CLONE_NEWCGROUP (4.6): not made where the kernel
 *                                     has none (container.c)
 *   getrandom (3.17)                  netsetup/mac.c: /dev/urandom */
#ifndef CTR_COMPAT_H
#define CTR_COMPAT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Starts a child in new namespaces @flags (CLONE_NEW*), SIGCHLD at its end,
 * like fork(2) otherwise: clone3 with CLONE_PIDFD, else clone(2) and
 * pidfd_open, else no pidfd.  With @cgroup_fd >= 0 (a cgroup v2
 * directory), the child is born in that cgroup where the kernel can
 * (CLONE_INTO_CGROUP, 5.7); *ret_in_cgroup (may be NULL) says, in the
 * parent and in the child, whether it was.  Returns the child's PID in the
 * parent (and *ret_pidfd, a pidfd or -1, caller closes), 0 in the child, or
 * -errno. */
pid_t compat_clone(unsigned long flags, int cgroup_fd, int *ret_pidfd, bool *ret_in_cgroup);

/* A handle on process @pid, to signal it and enter its namespaces by: its
 * pidfd (5.3), else an O_DIRECTORY fd of /proc/@pid, which keeps naming
 * that process (lookups below it fail once it is gone, also when the PID
 * is used again).  Race-free only while @pid cannot be reused: the
 * caller's child not yet reaped, or a PID whose start time the caller
 * checks after this.  Returns the fd (caller closes) or -errno. */
int proc_handle_open(pid_t pid);

/* Whether @handle (from proc_handle_open) is a real pidfd, which poll(2)
 * reports readable when the process exits. */
bool proc_handle_is_pidfd(int handle);

/* Whether the process of @handle still runs (neither gone nor a zombie):
 * for a pidfd, not readable; for a /proc handle, the state in its stat. */
bool proc_handle_alive(int handle);

/* Sends @sig to the process of @handle (PID @pid): pidfd_send_signal(2),
 * or kill(2) once the /proc handle shows the process still there.  Returns
 * 0 or -errno (-ESRCH: gone). */
int proc_handle_signal(int handle, pid_t pid, int sig);

/* Enters the namespaces @flags (CLONE_NEW*) of the process of @handle (PID
 * @pid): setns(2) on the pidfd (5.8), else each through the ns/ files of
 * its /proc directory, the user namespace last.  Returns 0 or -errno. */
int proc_handle_setns(int handle, pid_t pid, int flags);

/* Watching a child for its exit with poll(2). */
struct child_watch {
	int fd;	      /* poll this for POLLIN */
	pid_t pid;    /* the child */
	bool sigchld; /* fd is a signalfd for SIGCHLD (blocked till close) */
	sigset_t old; /* the signal mask before */
};

/* Starts watching the caller's child @pid: through @pidfd when it is a real
 * pidfd (borrowed, not closed), else a signalfd for SIGCHLD.  Returns 0 or
 * -errno. */
int child_watch_open(struct child_watch *w, pid_t pid, int pidfd);

/* After POLLIN on w->fd: whether the child has exited (it is not reaped).
 * A SIGCHLD of another child reads false. */
bool child_watch_exited(struct child_watch *w);

/* Ends the watch: the signalfd closed, the signal mask restored. */
void child_watch_close(struct child_watch *w);

/* Opens @rel below @rootfd as openat2(RESOLVE_IN_ROOT) does, without it: a
 * walk component by component with O_PATH|O_NOFOLLOW, each symbolic link
 * read and resolved again from @rootfd ("/" and ".." never leave it), at
 * most 40 links.  @flags get O_CLOEXEC; O_CREAT makes the file with @mode.
 * Returns an fd (caller closes) or -errno. */
int compat_open_in_root(int rootfd, const char *rel, int flags, mode_t mode);

/* memfd_create(2) with MFD_CLOEXEC (and @seal: MFD_ALLOW_SEALING, MFD_EXEC),
 * else before 3.17 an unlinked file in /dev/shm (no seals).  Returns the
 * fd, open for reading and writing (caller closes), or -errno. */
int compat_memfd(const char *name, bool seal);

#endif
