// SPDX-License-Identifier: LGPL-2.1-or-later
/* Fallbacks for system calls newer than Linux 3.10; see ctr/compat.h for
 * the list and the kernel each call came with.  The fallbacks are those of
 * LXC (lxc_raw_clone), systemd (pidfd or PID, /proc/PID fds) and crun (a
 * user-space resolver where openat2 is missing). */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/compat.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

static int sys_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

pid_t compat_clone(unsigned long flags, int cgroup_fd, int *ret_pidfd, bool *ret_in_cgroup)
{
	int pidfd = -EBADF;
	pid_t pid = -1;
	bool in_cgroup = false;

#ifdef SYS_clone3
	struct clone_args ca = {
		.flags = (uint64_t)flags | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)&pidfd,
		.exit_signal = SIGCHLD,
	};
	if (cgroup_fd >= 0) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)cgroup_fd;
		in_cgroup = true;
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
		if (pid < 0) {
			/* before 5.7, or a cgroup that takes no process this
			 * way: the caller moves the child itself */
			ca.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
			ca.cgroup = 0;
			in_cgroup = false;
		}
	}
	if (pid < 0)
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0 && errno != ENOSYS)
		return NEG_ERRNO();
#else
	errno = ENOSYS;
#endif
	if (pid < 0) {
		in_cgroup = false;
		/* LXC's lxc_raw_clone: fork(2) with flags, no new stack */
#if defined(__s390x__) || defined(__s390__)
		pid = (pid_t)syscall(SYS_clone, NULL, flags | SIGCHLD, NULL, NULL, NULL);
#else
		pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
#endif
		if (pid < 0)
			return NEG_ERRNO();
		/* our child, not reaped: its PID cannot name another yet */
		if (pid > 0)
			pidfd = sys_pidfd_open(pid);
	}
	if (ret_in_cgroup)
		*ret_in_cgroup = in_cgroup;
	if (pid > 0)
		*ret_pidfd = pidfd < 0 ? -EBADF : pidfd;
	return pid;
}

int proc_handle_open(pid_t pid)
{
	char path[32];
	int fd;

	if (pid <= 0)
		return -EINVAL;
	fd = sys_pidfd_open(pid);
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return NEG_ERRNO();
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : NEG_ERRNO();
	return fd;
}

bool proc_handle_is_pidfd(int handle)
{
	struct stat st;

	return handle >= 0 && fstat(handle, &st) == 0 && !S_ISDIR(st.st_mode);
}

bool proc_handle_alive(int handle)
{
	char buf[512], *paren;
	ssize_t n;
	int fd;

	if (handle < 0)
		return false;
	if (proc_handle_is_pidfd(handle)) {
		struct pollfd p = { .fd = handle, .events = POLLIN };
		return poll(&p, 1, 0) == 0;
	}
	fd = openat(handle, "stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* "PID (comm) S ...": comm may hold ')', the last one ends it */
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

int proc_handle_signal(int handle, pid_t pid, int sig)
{
	if (proc_handle_is_pidfd(handle)) {
#ifdef SYS_pidfd_send_signal
		if (syscall(SYS_pidfd_send_signal, handle, sig, NULL, 0) == 0)
			return 0;
		if (errno != ENOSYS)
			return NEG_ERRNO();
#endif
	} else if (handle >= 0 && faccessat(handle, "stat", F_OK, 0) < 0) {
		/* the process the handle names is gone: its PID may be another's */
		return -ESRCH;
	}
	return kill(pid, sig) < 0 ? NEG_ERRNO() : 0;
}

static const struct {
	int flag;
	const char *name;
} ns_files[] = {
	/* the user namespace last: entered first, it would take away the
	 * rights over the others that we have as the host's root */
	{ CLONE_NEWCGROUP, "ns/cgroup" }, { CLONE_NEWIPC, "ns/ipc" },
	{ CLONE_NEWUTS, "ns/uts" },	  { CLONE_NEWNET, "ns/net" },
	{ CLONE_NEWPID, "ns/pid" },	  { CLONE_NEWTIME, "ns/time" },
	{ CLONE_NEWNS, "ns/mnt" },	  { CLONE_NEWUSER, "ns/user" },
};
#define N_NS (sizeof(ns_files) / sizeof(ns_files[0]))

int proc_handle_setns(int handle, pid_t pid, int flags)
{
	_cleanup_close_ int proc = -EBADF;
	int fds[N_NS];
	int r = 0;

	if (proc_handle_is_pidfd(handle)) {
		if (setns(handle, flags) == 0)
			return 0;
		if (errno != EINVAL) /* before 5.8: setns takes no pidfd */
			return NEG_ERRNO();
		proc = proc_handle_open(pid);
		/* pidfd_open gives a pidfd here: /proc/PID is opened by hand */
		if (proc >= 0 && proc_handle_is_pidfd(proc)) {
			char path[32];
			closep(&proc);
			snprintf(path, sizeof(path), "/proc/%d", (int)pid);
			proc = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		}
		if (proc < 0)
			return proc == -1 ? NEG_ERRNO() : proc;
		/* still alive after /proc/PID was opened: the same process */
		r = proc_handle_signal(handle, pid, 0);
		if (r < 0)
			return r;
		handle = proc;
	}
	for (size_t i = 0; i < N_NS; i++) {
		fds[i] = -EBADF;
		if (!(flags & ns_files[i].flag))
			continue;
		fds[i] = openat(handle, ns_files[i].name, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 && r == 0)
			r = errno == ENOENT ? -ESRCH : NEG_ERRNO();
	}
	for (size_t i = 0; i < N_NS && r == 0; i++)
		if (fds[i] >= 0 && setns(fds[i], ns_files[i].flag) < 0)
			r = NEG_ERRNO();
	for (size_t i = 0; i < N_NS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return r;
}

static bool child_exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

int child_watch_open(struct child_watch *w, pid_t pid, int pidfd)
{
	sigset_t mask;

	w->pid = pid;
	w->sigchld = false;
	w->fd = -EBADF;
	if (proc_handle_is_pidfd(pidfd)) {
		w->fd = pidfd;
		return 0;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &mask, &w->old) < 0)
		return NEG_ERRNO();
	w->fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->fd < 0) {
		int r = NEG_ERRNO();
		sigprocmask(SIG_SETMASK, &w->old, NULL);
		return r;
	}
	w->sigchld = true;
	/* gone before SIGCHLD was blocked: its signal is past, make one */
	if (child_exited(pid))
		kill(getpid(), SIGCHLD);
	return 0;
}

bool child_watch_exited(struct child_watch *w)
{
	struct signalfd_siginfo si;

	if (!w->sigchld)
		return true;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si))
		;
	return child_exited(w->pid);
}

void child_watch_close(struct child_watch *w)
{
	if (!w->sigchld)
		return;
	closep(&w->fd);
	sigprocmask(SIG_SETMASK, &w->old, NULL);
	w->sigchld = false;
}

/* One level of the walk: the directories from the root down (fds). */
struct walk {
	int *dirs;
	size_t n, cap;
};

static void walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		close(w->dirs[i]);
	free(w->dirs);
}

static int walk_push(struct walk *w, int fd)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		int *d = realloc(w->dirs, cap * sizeof(*d));
		if (!d) {
			close(fd);
			return -ENOMEM;
		}
		w->dirs = d;
		w->cap = cap;
	}
	w->dirs[w->n++] = fd;
	return 0;
}

/* Back to the root alone (an absolute link). */
static void walk_to_root(struct walk *w)
{
	while (w->n > 1)
		close(w->dirs[--w->n]);
}

int compat_open_in_root(int rootfd, const char *rel, int flags, mode_t mode)
{
	struct walk w = { 0 };
	_cleanup_free_ char *rest = strdup(rel);
	unsigned links = 0;
	int fd, r;

	if (!rest)
		return -ENOMEM;
	fd = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	r = walk_push(&w, fd);
	if (r < 0)
		goto out;
	for (;;) {
		char *p = rest, *comp, *next;
		struct stat st;
		bool last;

		while (*p == '/')
			p++;
		comp = p;
		next = strchr(p, '/');
		if (next)
			*next++ = '\0';
		while (next && *next == '/')
			next++;
		last = !next || !*next;
		if (!*comp || !strcmp(comp, ".") || !strcmp(comp, "..")) {
			if (!strcmp(comp, "..") && w.n > 1)
				close(w.dirs[--w.n]);
			if (last) {
				/* the directory reached itself, with the caller's flags */
				fd = openat(w.dirs[w.n - 1], ".",
					    (flags & ~(O_CREAT | O_EXCL)) | O_CLOEXEC);
				r = fd < 0 ? NEG_ERRNO() : fd;
				goto out;
			}
			memmove(rest, next, strlen(next) + 1);
			continue;
		}
		fd = openat(w.dirs[w.n - 1], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = NEG_ERRNO();
			if (r == -ENOENT && last && (flags & O_CREAT)) {
				/* O_NOFOLLOW: a link made meanwhile fails, never followed */
				fd = openat(w.dirs[w.n - 1], comp, flags | O_NOFOLLOW | O_CLOEXEC,
					    mode);
				r = fd < 0 ? NEG_ERRNO() : fd;
			}
			goto out;
		}
		if (fstat(fd, &st) < 0) {
			r = NEG_ERRNO();
			close(fd);
			goto out;
		}
		/* O_NOFOLLOW spares the last link, not "link/" */
		if (S_ISLNK(st.st_mode) && (!last || next || !(flags & O_NOFOLLOW))) {
			char target[4096];
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
			size_t tail = next ? strlen(next) : 0;
			char *joined;

			close(fd);
			if (n < 0) {
				r = NEG_ERRNO();
				goto out;
			}
			if (n == 0 || ++links > 40) {
				r = n == 0 ? -ENOENT : -ELOOP;
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/')
				walk_to_root(&w);
			/* the link's text, then what was left after it */
			joined = malloc((size_t)n + tail + 2);
			if (!joined) {
				r = -ENOMEM;
				goto out;
			}
			/* "link/" still asks for a directory: the slash stays */
			snprintf(joined, (size_t)n + tail + 2, "%s%s%s", target, next ? "/" : "",
				 next ? next : "");
			free(rest);
			rest = joined;
			continue;
		}
		if (last) {
			close(fd);
			if (next) /* "name/": a directory or nothing */
				flags |= O_DIRECTORY;
			if (flags & O_PATH) {
				fd = openat(w.dirs[w.n - 1], comp, flags | O_NOFOLLOW | O_CLOEXEC);
			} else {
				/* a link put there since is refused (ELOOP), not followed */
				fd = openat(w.dirs[w.n - 1], comp,
					    (flags & ~(O_CREAT | O_EXCL)) | O_NOFOLLOW | O_CLOEXEC);
			}
			r = fd < 0 ? NEG_ERRNO() : fd;
			if (r >= 0 && (flags & O_CREAT) && (flags & O_EXCL)) {
				close(fd);
				r = -EEXIST;
			}
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			r = -ENOTDIR;
			goto out;
		}
		r = walk_push(&w, fd);
		if (r < 0)
			goto out;
		memmove(rest, next, strlen(next) + 1);
	}
out:
	walk_free(&w);
	return r;
}

int compat_memfd(const char *name, bool seal)
{
	char tmpl[] = "/dev/shm/ctr-XXXXXX";
	int fd;

	fd = memfd_create(name, MFD_CLOEXEC | (seal ? MFD_ALLOW_SEALING | MFD_EXEC : 0));
	if (fd < 0 && errno == EINVAL && seal) /* MFD_EXEC: 6.3 */
		fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return NEG_ERRNO();
	/* before 3.17: O_TMPFILE (3.11), else a file made and unlinked */
	fd = open("/dev/shm", O_TMPFILE | O_RDWR | O_CLOEXEC, 0700);
	if (fd >= 0)
		return fd;
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	unlink(tmpl);
	fchmod(fd, 0700);
	return fd;
}
