// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-attach's library: run a command inside a running container. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/term.h"
#include "ctr/compat.h"
#include "ctr/fsutil.h"
#include "ctr/container.h"
#include "ctr/lifecycle.h"
#include "ctr/monitor.h"
#include "ctr/procutil.h"
#include "ctr/seccomp.h"
#include "ctr/strutil.h"
#include "monitor-internal.h"

/* The container's seccomp filter (RUNDIR/NAME/seccomp.bpf), read while the
 * host's files are in reach; NULL: the container has none. */
static struct seccomp_prog *attach_seccomp;

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

#define EXE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
#define SEALED_MARK "CTR_ATTACH_SEALED"

/* runc's memfd clone and LXC's rexec: a process of ours among the
 * container's would let it reopen /proc/PID/exe, our binary on the host,
 * for writing once we are gone (CVE-2019-5736).  Run from a sealed copy. */
int attach_exec_sealed(char *const *argv)
{
	_cleanup_close_ int exe = -EBADF, mfd = -EBADF;
	bool again = getenv(SEALED_MARK) != NULL;
	struct stat st;
	off_t off = 0;
	int seals;

	unsetenv(SEALED_MARK);
	exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (exe < 0)
		return NEG_ERRNO();
	seals = fcntl(exe, F_GET_SEALS);
	if (seals >= 0 && (seals & EXE_SEALS) == EXE_SEALS)
		return 0;
	/* before 3.17 (no memfd): a copy no path leads to, which we hold
	 * open only for reading, is as safe */
	if (again && fstat(exe, &st) == 0 && st.st_nlink == 0)
		return 0;
	if (again) /* exec'd from a sealed copy that does not read as one */
		return -ELOOP;
	if (fstat(exe, &st) < 0)
		return NEG_ERRNO();
	mfd = compat_memfd("ctr-attach", true);
	if (mfd < 0)
		return mfd;
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, exe, &off, (size_t)(st.st_size - off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NEG_ERRNO();
		if (n == 0)
			return -EIO;
	}
	if (fcntl(mfd, F_ADD_SEALS, EXE_SEALS) < 0) {
		char path[32];
		int ro;
		/* not a memfd (compat_memfd): EINVAL, EPERM on a tmpfs file */
		if (errno != EINVAL && errno != EPERM)
			return NEG_ERRNO();
		/* no seals: the only fd left open on the copy is read-only, so
		 * exec does not meet ETXTBSY and nothing can write it */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
		ro = open(path, O_RDONLY | O_CLOEXEC);
		if (ro < 0)
			return NEG_ERRNO();
		closep(&mfd);
		mfd = ro;
	}
	if (setenv(SEALED_MARK, "1", 1) < 0)
		return NEG_ERRNO();
	fexecve(mfd, argv, environ);
	unsetenv(SEALED_MARK);
	return NEG_ERRNO();
}

/* Closes every fd above 2 but @keep (@n of them). */
static int fds_close_except(const int *keep, size_t n)
{
	int sorted[ATTACH_MAX_KEEP_FDS + 4];
	unsigned from = 3;

	if (n > ARRAY_SIZE(sorted))
		return -E2BIG;
	for (size_t i = 0; i < n; i++) { /* insertion sort: a handful */
		size_t j = i;
		for (; j > 0 && sorted[j - 1] > keep[i]; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = keep[i];
	}
	for (size_t i = 0; i < n; i++) {
		if (sorted[i] < (int)from)
			continue;
		int r = (unsigned)sorted[i] > from
				? fd_close_range(from, (unsigned)sorted[i] - 1, 0)
				: 0;
		if (r < 0)
			return r;
		from = (unsigned)sorted[i] + 1;
	}
	return fd_close_range(from, ~0U, 0);
}

/* The most of a process's environment read (the kernel's ARG_MAX is 2 MiB). */
#define ENV_MAX (4u << 20)

/* The NUL-separated environment of @pid as a vector with PATH ensured and
 * TERM carried over from ours when @tty. */
static int env_of(pid_t pid, bool tty, char ***ret)
{
	char path[64];
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, n = 0;
	char **v;
	bool have_path = false;
	int r;
	const char *term = tty ? getenv("TERM") : NULL;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	if ((r = fd_read_all(fd, ENV_MAX, &buf, &len)) < 0)
		return r;
	v = calloc(len / 2 + 4, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t off = 0; off < len; off += strlen(buf + off) + 1) {
		if (!buf[off])
			continue;
		if (term && !strncmp(buf + off, "TERM=", 5))
			continue;
		have_path |= !strncmp(buf + off, "PATH=", 5);
		v[n++] = strdup(buf + off);
	}
	if (!have_path)
		v[n++] = strdup(DEFAULT_PATH);
	if (term && asprintf(&v[n], "TERM=%s", term) >= 0)
		n++;
	for (size_t i = 0; i < n; i++)
		if (!v[i]) {
			strv_free(v);
			return -ENOMEM;
		}
	*ret = v;
	return 0;
}

/* CapBnd of @pid. */
static int capbnd_of(pid_t pid, uint64_t *ret)
{
	char path[64], line[256];
	_cleanup_fclose_ FILE *f = NULL;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return NEG_ERRNO();
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapBnd:", 7)) {
			*ret = strtoull(line + 7, NULL, 16);
			return 0;
		}
	return -ENOENT;
}

static int cap_last(void)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int v = 40;

	if (f && fscanf(f, "%d", &v) != 1)
		v = 40;
	return v;
}

/* Moves this process into every cgroup of @pid (before entering its mount
 * namespace, while the host's cgroup mounts are visible). */
static int cgroups_join(pid_t pid, struct diag *ret_diag)
{
	_cleanup_strv_free_ char **dirs = NULL;
	char path[PATH_MAX], me[32];
	int r;

	r = pidinfo_cgroup_dirs(pid, &dirs);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot read the cgroups of init %d", (int)pid);
		return r;
	}
	snprintf(me, sizeof(me), "%d", (int)getpid());
	for (char **d = dirs; *d; d++) {
		_cleanup_close_ int fd = -EBADF;
		snprintf(path, sizeof(path), "%s/cgroup.procs", *d);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, me, strlen(me)) < 0) {
			r = NEG_ERRNO();
			diag_set(ret_diag, NULL, 0, NULL, "cannot join cgroup '%s'", *d);
			return r;
		}
	}
	return 0;
}

/* In the go-between, once in the container's namespaces and before the
 * fork that puts a process of ours in its PID namespace: root of its user
 * namespace, the container's seccomp filter, and nothing beyond the
 * container's capabilities, so that the process is born confined (a root
 * inside that keeps sys_ptrace can trace it from its first instruction).
 * Returns 0 or -errno. */
static int attach_confine(uint64_t capbnd, int last_cap, bool userns)
{
	uint64_t drop = 0;

	for (int c = 0; c <= last_cap && c < 64; c++)
		if (!(capbnd & (1ULL << c)))
			drop |= 1ULL << c;
	if (userns && (setgid(0) < 0 || setgroups(0, NULL) < 0 || setuid(0) < 0))
		return NEG_ERRNO();
	/* The filter is loaded while CAP_SYS_ADMIN is still ours (caps_confine
	 * may take it): without it the kernel would want no_new_privs first,
	 * which would take set-user-ID programs from the command. */
	if (attach_seccomp) {
		int r = seccomp_prog_load(attach_seccomp);
		if (r < 0)
			return r;
	}
	if (caps_confine(drop) < 0)
		return NEG_ERRNO();
	/* a change of credentials sets it to fs.suid_dumpable: again */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return NEG_ERRNO();
	return 0;
}

/* In the child, inside the container: never returns.  Until its exec it
 * is our binary among the container's processes: not dumpable, nothing
 * beyond the container's capabilities (attach_confine), no fd but stdio
 * and @opts' own. */
static __attribute__((noreturn)) void attach_exec(char *const *argv, char **env, int pty_master,
						  const struct attach_options *opts)
{
	static char *const sh[] = { "/bin/sh", NULL };
	char *const *cmd = argv && argv[0] ? argv : sh;

	if (chdir("/") < 0)
		_exit(125);
	if (pty_master >= 0) {
		int slave;
		setsid();
		slave = ioctl(pty_master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
		if (slave < 0 && (errno == ENOTTY || errno == EINVAL)) {
			/* before 4.13: by name; this is the container's /dev/pts */
			char name[64];
			if (ptsname_r(pty_master, name, sizeof(name)) == 0)
				slave = open(name, O_RDWR | O_NOCTTY);
		}
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			_exit(125);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
	}
	if (fds_close_except(opts->keep_fds, opts->n_keep_fds) < 0)
		_exit(125);
	signal(SIGPIPE, SIG_DFL);
	environ = env;
	if (opts->stop_before_exec)
		raise(SIGSTOP);
	execvp(cmd[0], cmd);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Relays this terminal and @master until @child exits. */
static int relay(int master, pid_t child, int *ret_status)
{
	_cleanup_close_ int pidfd = -EBADF, sig_fd = -EBADF;
	struct child_watch watch;
	struct termios saved;
	bool raw, in_open = true, master_open = true;
	sigset_t mask, old;
	int status;

	pidfd = proc_handle_open(child);
	if (child_watch_open(&watch, child, pidfd) < 0)
		watch.fd = -EBADF; /* the relay ends at the first wake */
	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	term_winsize_copy(STDIN_FILENO, master);
	raw = term_raw(STDIN_FILENO, &saved) == 0;
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	for (;;) {
		struct pollfd p[4] = {
			{ .fd = master_open ? master : -1, .events = POLLIN },
			{ .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = sig_fd, .events = POLLIN },
			{ .fd = watch.fd, .events = POLLIN },
		};
		char buf[4096];
		ssize_t n;

		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents) {
			n = read(master, buf, sizeof(buf));
			if (n > 0)
				fd_write_all(STDOUT_FILENO, buf, (size_t)n);
			else if (n == 0 || errno != EAGAIN)
				master_open = false; /* slave gone: wait for the child */
		}
		if (p[1].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0)
				in_open = false;
			else
				fd_write_all(master, buf, (size_t)n);
		}
		if (p[2].revents) {
			struct signalfd_siginfo si;
			while (read(sig_fd, &si, sizeof(si)) == sizeof(si))
				;
			term_winsize_copy(STDIN_FILENO, master);
		}
		if ((p[3].revents && child_watch_exited(&watch)) || watch.fd < 0) {
			/* drain what the command wrote last */
			while ((n = read(master, buf, sizeof(buf))) > 0)
				fd_write_all(STDOUT_FILENO, buf, (size_t)n);
			break;
		}
	}
	if (raw)
		term_restore(STDIN_FILENO, &saved);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (watch.fd >= 0)
		child_watch_close(&watch);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	*ret_status = status;
	return 0;
}

struct attach_failure {
	int err;
	struct diag diag;
};

/* The go-between: enters the container, starts the command there, relays
 * or waits for it, and exits with its status.  It leaves by _exit(), never
 * through atexit handlers: this process sees the container's /proc, not
 * its own (LeakSanitizer, for one, cannot run here).  A failure before the
 * command runs goes to @report_fd. */
static __attribute__((noreturn)) void attach_between(int pidfd, pid_t pid, int flags,
						     char *const *argv, char **env, uint64_t capbnd,
						     const struct attach_options *opts,
						     int report_fd)
{
	struct attach_failure f = { 0 };
	int master = -EBADF, last = cap_last(), status;
	int keep[ATTACH_MAX_KEEP_FDS + 2];
	bool tty = opts->tty;
	pid_t child = -1;

	/* not dumpable before anything of the container's is near, and the
	 * caller's fds gone but those it passes on */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		f.err = NEG_ERRNO();
		diag_set(&f.diag, NULL, 0, NULL, "cannot make the attach not dumpable");
	}
	keep[0] = pidfd;
	keep[1] = report_fd;
	for (size_t i = 0; i < opts->n_keep_fds; i++) {
		keep[2 + i] = opts->keep_fds[i];
		if (fcntl(opts->keep_fds[i], F_SETFD, 0) < 0 && f.err == 0) {
			f.err = NEG_ERRNO();
			diag_set(&f.diag, NULL, 0, NULL, "cannot keep fd %d", opts->keep_fds[i]);
		}
	}
	if (f.err == 0)
		f.err = fds_close_except(keep, 2 + opts->n_keep_fds);
	if (f.err == 0)
		f.err = cgroups_join(pid, &f.diag);
	/* the pidfd pins init: the namespaces are the container's, not those of
	 * a process that reused its PID */
	if (f.err == 0 && (f.err = proc_handle_setns(pidfd, pid, flags)) < 0) {
		diag_set(&f.diag, NULL, 0, NULL, "cannot enter the namespaces of init %d",
			 (int)pid);
	}
	close(pidfd);
	if (f.err == 0 && tty) {
		master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || unlockpt(master) < 0) {
			f.err = NEG_ERRNO();
			diag_set(&f.diag, NULL, 0, NULL, "cannot open the container's /dev/ptmx");
		}
	}
	if (f.err == 0) {
		f.err = attach_confine(capbnd, last, flags & CLONE_NEWUSER);
		if (f.err < 0)
			diag_set(&f.diag, NULL, 0, NULL,
				 "cannot take on the container's credentials, "
				 "seccomp filter and capabilities");
	}
	if (f.err == 0) {
		child = fork();
		if (child < 0) {
			f.err = NEG_ERRNO();
			diag_set(&f.diag, NULL, 0, NULL, "cannot fork in the container");
		} else if (child == 0) {
			close(report_fd);
			attach_exec(argv, env, master, opts);
		}
	}
	if (f.err < 0) {
		if (fd_write_all(report_fd, &f, sizeof(f)) < 0)
			_exit(125);
		_exit(125);
	}
	close(report_fd);
	if (tty) {
		if (relay(master, child, &status) < 0)
			_exit(125);
	} else {
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR)
				_exit(125);
	}
	_exit(WIFEXITED(status)	    ? WEXITSTATUS(status)
	      : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				    : 125);
}

int attach_run(const char *name, char *const *argv, const struct attach_options *opts,
	       int *ret_status, struct diag *ret_diag)
{
	_cleanup_close_ int pidfd = -EBADF;
	_cleanup_strv_free_ char **env = NULL;
	struct attach_failure f = { 0 };
	uint64_t capbnd = 0;
	pid_t pid, between;
	int p[2], r, status;
	ssize_t n;

	if (opts->n_keep_fds > ATTACH_MAX_KEEP_FDS) {
		diag_set(ret_diag, NULL, 0, NULL, "more than %d fds to keep", ATTACH_MAX_KEEP_FDS);
		return -E2BIG;
	}
	for (size_t i = 0; i < opts->n_keep_fds; i++)
		if (opts->keep_fds[i] < 3 || fcntl(opts->keep_fds[i], F_GETFD) < 0) {
			diag_set(ret_diag, NULL, 0, NULL, "fd %d is not an open fd above 2",
				 opts->keep_fds[i]);
			return -EBADF;
		}
	pidfd = monitor_init_pidfd(name, &pid, ret_diag);
	if (pidfd < 0)
		return pidfd;

	r = env_of(pid, opts->tty, &env);
	if (r == 0)
		r = capbnd_of(pid, &capbnd);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot read /proc/%d (%s)", (int)pid,
			 strerror(-r));
		return r;
	}
	{
		char path[PATH_MAX];
		r = monitor_path(name, CONTAINER_SECCOMP_FILE, path, sizeof(path));
		if (r == 0)
			r = seccomp_prog_read(path, &attach_seccomp);
		if (r < 0 && r != -ENOENT) {
			diag_set(ret_diag, NULL, 0, NULL,
				 "cannot read the container's seccomp "
				 "filter '%s' (%s)",
				 path, strerror(-r));
			return r;
		}
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return NEG_ERRNO();
	fflush(NULL);
	between = fork();
	if (between < 0) {
		r = NEG_ERRNO();
		close(p[0]);
		close(p[1]);
		return r;
	}
	if (between == 0) {
		close(p[0]);
		attach_between(pidfd, pid, proc_ns_differing(pid), argv, env, capbnd, opts, p[1]);
	}
	close(p[1]);
	do
		n = read(p[0], &f, sizeof(f));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	while (waitpid(between, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	if (n == (ssize_t)sizeof(f) && f.err < 0) {
		if (ret_diag)
			*ret_diag = f.diag;
		return f.err;
	}
	*ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : 125;
	return 0;
}
