// SPDX-License-Identifier: LGPL-2.1-or-later
/* Talking to a container's monitor: requests, the console relay, signals. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/term.h"
#include "ctr/fdpass.h"
#include "ctr/fsutil.h"
#include "ctr/lifecycle.h"
#include "ctr/monitor.h"
#include "ctr/strutil.h"
#include "monitor-internal.h"

int monitor_connect(const char *name)
{
	struct sockaddr_un sa;
	_cleanup_close_ int fd = -EBADF;
	int r;

	r = monitor_control_addr(name, &sa);
	if (r < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NEG_ERRNO();
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return NEG_ERRNO();
	return TAKE_FD(fd);
}

int monitor_request(int fd, const char *req, char *reply, size_t len, int *ret_fd)
{
	char buf[1024];
	ssize_t n;
	int got_fd = -EBADF, first_err = 0;
	bool reset = false;

	if (ret_fd)
		*ret_fd = -EBADF;
	/* A refused client is answered and closed at once: its send may fail
	 * (EPIPE), or its first read report the reset (ECONNRESET, when the
	 * request went unread), while the answer waits in its queue. */
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0) {
		first_err = errno;
		if (first_err != EPIPE && first_err != ECONNRESET)
			return -first_err;
	}
	for (;;) {
		n = fd_recv(fd, buf, sizeof(buf) - 1, &got_fd,
			    first_err || reset ? MSG_DONTWAIT : 0);
		if (n >= 0)
			break;
		if (n == -ECONNRESET && !reset) {
			reset = true;
			continue;
		}
		return first_err ? -first_err : reset ? -ECONNRESET : (int)n;
	}
	if (n == 0)
		return -ECONNRESET;
	buf[n] = '\0';
	if (!strncmp(buf, "err ", 4)) {
		char *text = strchr(buf + 4, ' ');
		unsigned long e = 0;
		if (text)
			*text++ = '\0';
		/* an errno the monitor sent, else no errno of ours */
		if (str_to_ulong(buf + 4, 4095, &e) < 0)
			e = 0;
		if (got_fd >= 0)
			close(got_fd);
		if (reply && len)
			snprintf(reply, len, "%s", text ? text : "");
		return e > 0 ? -(int)e : -EIO;
	}
	if (strncmp(buf, "ok", 2) != 0) {
		if (got_fd >= 0)
			close(got_fd);
		return -EPROTO;
	}
	if (reply && len)
		snprintf(reply, len, "%s", buf[2] == ' ' ? buf + 3 : "");
	if (ret_fd)
		*ret_fd = got_fd;
	else if (got_fd >= 0)
		close(got_fd);
	return 0;
}

int monitor_call(const char *name, const char *req, char *reply, size_t len, int *ret_fd)
{
	_cleanup_close_ int fd = -EBADF;

	fd = monitor_connect(name);
	if (fd < 0)
		return fd;
	return monitor_request(fd, req, reply, len, ret_fd);
}

int monitor_init_pidfd(const char *name, pid_t *ret_pid, struct diag *ret_diag)
{
	_cleanup_close_ int pidfd = -EBADF;
	unsigned long pid;
	char reply[64];
	int r;

	r = monitor_call(name, "pidfd", reply, sizeof(reply), &pidfd);
	if (r == 0 && pidfd < 0)
		r = -ESRCH;
	if (r == -ENOENT || r == -ECONNREFUSED || r == -ESRCH) {
		diag_set(ret_diag, NULL, 0, NULL, "container '%s' is not running", name);
		return -ESRCH;
	}
	if (r < 0) { /* EACCES: running, and not ours to enter */
		diag_set(ret_diag, NULL, 0, NULL, "cannot ask the monitor of '%s' (%s)", name,
			 strerror(-r));
		return r;
	}
	if (str_to_ulong(reply, INT_MAX, &pid) < 0 || pid == 0) {
		diag_set(ret_diag, NULL, 0, NULL, "the monitor of '%s' gave no pid ('%s')", name,
			 reply);
		return -EPROTO;
	}
	*ret_pid = (pid_t)pid;
	return TAKE_FD(pidfd);
}

int monitor_stop(const char *name, unsigned timeout)
{
	return monitor_stop_diag(name, timeout, NULL);
}

int monitor_stop_diag(const char *name, unsigned timeout, struct diag *ret_diag)
{
	_cleanup_close_ int fd = -EBADF;
	char req[32], reply[1024];
	int r;

	fd = monitor_connect(name);
	if (fd == -ENOENT || fd == -ECONNREFUSED) {
		r = monitor_clean_stale(name);
		return r == -EBUSY ? r : -ESRCH;
	}
	if (fd < 0)
		return fd;
	snprintf(req, sizeof(req), "stop %u", timeout);
	r = monitor_request(fd, req, reply, sizeof(reply), NULL);
	if (r == -ECONNRESET || r == -EPIPE) {
		/* the monitor died on the way: finish its work */
		r = monitor_clean_stale(name);
		return r < 0 ? r : 0;
	}
	if (r == -ECANCELED)
		diag_set(ret_diag, NULL, 0, NULL, "%s", reply);
	return r;
}

static void send_winsize(int sock)
{
	struct winsize ws;
	char pkt[1 + sizeof(ws)];

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) < 0)
		return;
	pkt[0] = 'w';
	memcpy(pkt + 1, &ws, sizeof(ws));
	send(sock, pkt, sizeof(pkt), MSG_NOSIGNAL);
}

int monitor_console_open(const char *name, unsigned tty)
{
	_cleanup_close_ int sock = -EBADF;
	char req[32];
	int r;

	sock = monitor_connect(name);
	if (sock < 0)
		return sock == -ENOENT || sock == -ECONNREFUSED ? -ESRCH : sock;
	snprintf(req, sizeof(req), "console %u", tty);
	r = monitor_request(sock, req, NULL, 0, NULL);
	if (r < 0)
		return r;
	return TAKE_FD(sock);
}

int monitor_console_relay(int sock, int escape)
{
	_cleanup_close_ int sig_fd = -EBADF;
	struct termios saved;
	bool raw = false, esc = false;
	sigset_t mask, old;
	int r;

	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (isatty(STDIN_FILENO)) {
		raw = term_raw(STDIN_FILENO, &saved) == 0;
		send_winsize(sock);
	}
	r = 0;
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = sock, .events = POLLIN },
			{ .fd = sig_fd, .events = POLLIN },
		};
		char in[1024], out[1 + sizeof(in) * 2];
		ssize_t n;
		size_t o = 1;

		if (poll(p, sig_fd >= 0 ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = NEG_ERRNO();
			break;
		}
		if (p[2].revents) {
			struct signalfd_siginfo si;
			while (read(sig_fd, &si, sizeof(si)) == sizeof(si))
				;
			send_winsize(sock);
		}
		if (p[1].revents) {
			n = recv(sock, out, sizeof(out), 0);
			if (n <= 0) {
				r = -EPIPE;
				break;
			}
			if (fd_write_all(STDOUT_FILENO, out, (size_t)n) < 0) {
				r = NEG_ERRNO();
				break;
			}
		}
		if (p[0].revents) {
			n = read(STDIN_FILENO, in, sizeof(in));
			if (n <= 0)
				break; /* end of input: detach */
			out[0] = 'd';
			bool quit = false;
			for (ssize_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)in[i];
				if (esc) {
					esc = false;
					if (c == 'q') {
						quit = true;
						break;
					}
					if (c != escape)
						out[o++] = (char)escape;
					out[o++] = (char)c;
				} else if (escape > 0 && c == escape) {
					esc = true;
				} else {
					out[o++] = (char)c;
				}
			}
			if (o > 1 && send(sock, out, o, MSG_NOSIGNAL) < 0) {
				r = -EPIPE;
				break;
			}
			if (quit)
				break;
		}
	}
	if (raw)
		term_restore(STDIN_FILENO, &saved);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}
