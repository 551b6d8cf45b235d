// SPDX-License-Identifier: LGPL-2.1-or-later
/* Ptys for the container's console and ttys, and the foreground relay
 * between the console's master and the caller's terminal or stdio. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/term.h"
#include "ctr/fsutil.h"
#include "ctr/compat.h"
#include "ctr/container.h"

/* Returns 0 or -errno. */
int console_pty_open(int *ret_master, char **ret_slave_path)
{
	_cleanup_close_ int m = -EBADF;
	char name[64];
	char *path;

	m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return NEG_ERRNO();
	if (unlockpt(m) < 0 || ptsname_r(m, name, sizeof(name)) != 0)
		return NEG_ERRNO();
	path = strdup(name);
	if (!path)
		return -ENOMEM;
	*ret_master = TAKE_FD(m);
	*ret_slave_path = path;
	return 0;
}

/* Moves what @master has ready to @out without blocking; returns false when
 * the master is done (no slave open any more). */
static bool master_drain(int master, int out, int log)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(master, buf, sizeof(buf));
		if (n > 0) {
			if (out >= 0)
				fd_write_all(out, buf, (size_t)n);
			if (log >= 0)
				fd_write_all(log, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && errno == EAGAIN;
	}
}

/* Returns 0 or -errno.  @master may be -EBADF (no console: only waits and
 * forwards signals); @in -EBADF: nothing to send. */
int console_relay(int master, int in, int out, int log, pid_t pid, int pidfd)
{
	_cleanup_close_ int sfd = -EBADF;
	struct child_watch watch;
	struct termios saved;
	bool tty = false;
	sigset_t mask, old;
	unsigned forwarded = 0;
	int r = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGWINCH);
	r = child_watch_open(&watch, pid, pidfd);
	if (r < 0)
		return r;
	if (sigprocmask(SIG_BLOCK, &mask, &old) < 0) {
		child_watch_close(&watch);
		return NEG_ERRNO();
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		r = NEG_ERRNO();
		goto restore_mask;
	}
	if (master >= 0) {
		fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
		if (in >= 0 && isatty(in) && term_raw(in, &saved) == 0) {
			tty = true;
			term_winsize_copy(in, master);
		}
	}

	for (;;) {
		struct pollfd p[4] = {
			{ .fd = watch.fd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
			{ .fd = master, .events = POLLIN },
			{ .fd = master >= 0 ? in : -1, .events = POLLIN },
		};

		if (poll(p, ARRAY_SIZE(p), -1) < 0) {
			if (errno == EINTR)
				continue;
			r = NEG_ERRNO();
			break;
		}
		if (p[2].revents) {
			if (!master_drain(master, out, log))
				master = -EBADF; /* every slave closed: stop polling */
		}
		if (p[3].revents) {
			char buf[4096];
			ssize_t n = read(in, buf, sizeof(buf));
			if (n > 0 && master >= 0)
				fd_write_all(master, buf, (size_t)n);
			else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				in = -EBADF;
		}
		if (p[1].revents) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				int sig = (int)si.ssi_signo;
				if (sig == SIGWINCH) {
					if (tty && master >= 0)
						term_winsize_copy(in, master);
					continue;
				}
				/* An init that ignores the signal (PID 1 does by
				 * default) gets SIGKILL at the third. */
				if (++forwarded >= 3)
					sig = SIGKILL;
				proc_handle_signal(pidfd, pid, sig);
			}
		}
		if (p[0].revents && child_watch_exited(&watch)) {
			if (master >= 0)
				master_drain(master, out, log);
			break;
		}
	}

	if (tty)
		term_restore(in, &saved);
restore_mask:
	sigprocmask(SIG_SETMASK, &old, NULL);
	child_watch_close(&watch);
	return r;
}
