// SPDX-License-Identifier: LGPL-2.1-or-later
/* The per-container monitor: a small daemon that is the parent of the
 * container's init, holds its pty masters and answers on a control socket.
 * See include/ctr/monitor.h for the protocol and the files it keeps. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/term.h"
#include "ctr/rundir.h"
#include "ctr/compat.h"
#include "ctr/procutil.h"
#include "ctr/strutil.h"
#include "ctr/fdpass.h"
#include "ctr/fsutil.h"
#include "ctr/container.h"
#include "ctr/lifecycle.h"
#include "ctr/monitor.h"
#include "monitor-internal.h"

#define MAX_CLIENTS 32
#define CLIENT_IDLE_MS 5000 /* a client that sends no request for this long is dropped */
#define NTTY ((unsigned)ARRAY_SIZE(((struct monitor_container *)0)->tty_fds) + 1)

enum client_mode {
	CLIENT_FREE,
	CLIENT_REQUEST,
	CLIENT_STOP_WAIT,
	CLIENT_CONSOLE
};

struct client {
	int fd;
	enum client_mode mode;
	unsigned tty;
	int64_t idle_at_ms; /* CLIENT_REQUEST: dropped at this monotonic time */
};

struct monitor {
	const char *name;
	struct container_config *cfg; /* owned after a reload, else borrowed */
	bool cfg_owned;
	char *const *argv;
	const struct monitor_ops *ops;
	struct monitor_container c;
	bool running;
	int pidfd;		       /* proc_handle_open's: a pidfd or /proc/PID */
	struct child_watch init_watch; /* the init's exit, to poll */
	int listen_fd;
	int sig_fd;
	int log_fd;
	int slave_fd[NTTY]; /* held so a master never reads EIO between gettys */
	struct client clients[MAX_CLIENTS];
	enum monitor_state state;
	int64_t kill_at_ms; /* monotonic deadline of the stop, -1: none */
	unsigned restarts;
	bool reboot_asked; /* ctr-stop -r: the init's next exit is a reboot */
	time_t started;
	uid_t owner;
	enum monitor_stdio stdio;
	int status; /* the last init's exit code or 128+signal */
	/* the foreground (monitor_run): its terminal or pipes */
	bool fg;
	int fg_in;	    /* relayed to the console, -EBADF: none (or at its end) */
	int fg_out;	    /* the console's output is copied there */
	unsigned forwarded; /* signals passed to the init */
	bool signalled;	    /* so its death of SIGHUP is no reboot */
	void (*warn)(const struct diag *d); /* the foreground's, or NULL */
	struct diag stop_diag;		    /* the last stop's failed hook, msg "" if none */
};

const char *monitor_state_to_string(enum monitor_state s)
{
	switch (s) {
	case MONITOR_STARTING:
		return "STARTING";
	case MONITOR_RUNNING:
		return "RUNNING";
	case MONITOR_STOPPING:
		return "STOPPING";
	case MONITOR_STOPPED:
		break;
	}
	return "STOPPED";
}

int monitor_path(const char *name, const char *file, char *buf, size_t len)
{
	int n;

	if (!name || !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	if (file)
		n = snprintf(buf, len, "%s/%s/%s", rundir_path(), name, file);
	else
		n = snprintf(buf, len, "%s/%s", rundir_path(), name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int64_t monitor_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int monitor_control_addr(const char *name, struct sockaddr_un *ret)
{
	char path[PATH_MAX];
	int r;

	r = monitor_path(name, "control", path, sizeof(path));
	if (r < 0)
		return r;
	if (strlen(path) >= sizeof(ret->sun_path))
		return -ENAMETOOLONG;
	*ret = (struct sockaddr_un){ .sun_family = AF_UNIX };
	strcpy(ret->sun_path, path);
	return 0;
}

int monitor_default_halt_signal(pid_t pid)
{
	char path[64], exe[PATH_MAX];
	ssize_t n;
	const char *base;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		base = strrchr(exe, '/');
		base = base ? base + 1 : exe;
		if (!strcmp(base, "systemd"))
			return SIGRTMIN + 3;
	}
	return SIGPWR;
}

static int state_write(struct monitor *m)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	_cleanup_fclose_ FILE *f = NULL;
	int fd, r;

	r = monitor_path(m->name, "state", path, sizeof(path));
	if (r < 0)
		return r;
	r = monitor_path(m->name, "state.tmp", tmp, sizeof(tmp));
	if (r < 0)
		return r;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return NEG_ERRNO();
	f = fdopen(fd, "w");
	if (!f) {
		r = NEG_ERRNO();
		close(fd);
		return r;
	}
	fprintf(f,
		"name=%s\nstate=%s\npid=%d\npidstart=%llu\nmonitor=%d\nstarted=%lld\n"
		"restarts=%u\nconfig=%s\n",
		m->name, monitor_state_to_string(m->state), m->running ? (int)m->c.init_pid : 0,
		m->running ? proc_starttime(m->c.init_pid) : 0ULL, (int)getpid(),
		(long long)m->started, m->restarts, m->cfg && m->cfg->path ? m->cfg->path : "");
	if (fflush(f) != 0)
		return NEG_ERRNO();
	if (rename(tmp, path) < 0)
		return NEG_ERRNO();
	return 0;
}

/* RUNDIR/NAME, 0700: only root and the owner reach the socket and the
 * state (RUNDIR itself stays 0755).  An older run dir is tightened. */
static int rundir_make(const char *dir)
{
	int r = fs_mkdir_p(dir, 0755);

	if (r < 0)
		return r;
	if (chmod(dir, 0700) < 0)
		return NEG_ERRNO();
	return 0;
}

/* Takes the lock of @name's run dir: 0 with *ret_fd, -EBUSY when a monitor
 * holds it.  Retries briefly: a reader (ctr-ls) may hold it shared for a
 * moment.  Checks the file is still the one at the path (a monitor that
 * ends unlinks it while holding it).  *ret_made (may be NULL): the lock
 * file was made here, no monitor had it before. */
static int lock_take(const char *name, int *ret_fd, bool *ret_made)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int r;

	r = monitor_path(name, NULL, dir, sizeof(dir));
	if (r < 0)
		return r;
	r = rundir_make(dir);
	if (r < 0)
		return r;
	r = monitor_path(name, "monitor.lock", path, sizeof(path));
	if (r < 0)
		return r;
	r = rundir_lock(dir, path, 5, ret_made);
	if (r < 0)
		return r == -EAGAIN ? -EBUSY : r;
	*ret_fd = r;
	return 0;
}

/* Removes the run dir's files; the caller holds the lock. */
static void rundir_remove(const char *name)
{
	static const char *const files[] = { "control", "state",       "state.tmp",   "monitor.pid",
					     "devices", "devices.tmp", "monitor.lock" };
	char path[PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (monitor_path(name, files[i], path, sizeof(path)) == 0)
			unlink(path);
	if (monitor_path(name, NULL, path, sizeof(path)) == 0)
		rmdir(path);
}

/* Parses RUNDIR/NAME/state into @ret (not the liveness). */
int monitor_state_parse(const char *name, struct monitor_info *ret,
			unsigned long long *ret_pidstart)
{
	char path[PATH_MAX], line[4200];
	_cleanup_fclose_ FILE *f = NULL;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (ret_pidstart)
		*ret_pidstart = 0;
	r = monitor_path(name, "state", path, sizeof(path));
	if (r < 0)
		return r;
	f = fopen(path, "re");
	if (!f)
		return NEG_ERRNO();
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '=');
		if (!v)
			continue;
		*v++ = '\0';
		v[strcspn(v, "\n")] = '\0';
		if (!strcmp(line, "state")) {
			for (int s = MONITOR_STOPPED; s <= MONITOR_STOPPING; s++)
				if (!strcmp(v, monitor_state_to_string(s)))
					ret->state = s;
		} else if (!strcmp(line, "pid") || !strcmp(line, "monitor")) {
			/* a pid read wrong is a process killed wrong (stale_remove) */
			unsigned long pid;
			if (str_to_ulong(v, INT_MAX, &pid) < 0)
				return -EBADMSG;
			*(!strcmp(line, "pid") ? &ret->init_pid : &ret->monitor_pid) = (pid_t)pid;
		} else if (!strcmp(line, "pidstart") && ret_pidstart)
			*ret_pidstart = strtoull(v, NULL, 10);
		else if (!strcmp(line, "started"))
			ret->started = (time_t)strtoll(v, NULL, 10);
		else if (!strcmp(line, "restarts"))
			ret->restarts = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(line, "config"))
			snprintf(ret->config, sizeof(ret->config), "%s", v);
	}
	return 0;
}

/* Kills a process by pid if its start time still matches, and waits (up to
 * 5 s) for it to be gone. */
static void kill_verified(pid_t pid, unsigned long long pidstart)
{
	_cleanup_close_ int pfd = -EBADF;
	struct pollfd p;

	if (pid <= 1 || !pidstart)
		return;
	pfd = proc_handle_open(pid);
	if (pfd < 0)
		return;
	if (proc_starttime(pid) != pidstart)
		return;
	if (proc_handle_signal(pfd, pid, SIGKILL) < 0)
		return;
	/* readable once init has exited, which is after the kernel emptied its
	 * PID namespace: the cgroups can go then */
	if (proc_handle_is_pidfd(pfd)) {
		p = (struct pollfd){ .fd = pfd, .events = POLLIN };
		poll(&p, 1, 5000);
		return;
	}
	/* before 5.3 no fd tells of another's exit: look every 20 ms */
	for (int i = 0; i < 250 && proc_handle_alive(pfd); i++)
		poll(NULL, 0, 20);
}

/* Whether the container lock RUNDIR/NAME/lock (container_lock's) is held:
 * a foreground ctr-start runs that name. */
static bool container_lock_held(const char *name)
{
	char path[PATH_MAX];
	_cleanup_close_ int fd = -EBADF;

	if (monitor_path(name, "lock", path, sizeof(path)) < 0)
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return false;
	return errno == EWOULDBLOCK;
}

/* With the monitor lock held: kills a dead monitor's container, removes
 * its cgroups and files.  -EBUSY when a foreground instance runs it. */
static int stale_remove(const char *name)
{
	struct monitor_info info;
	struct cgroup_handle *cg = NULL;
	unsigned long long pidstart;
	char path[PATH_MAX];

	if (monitor_state_parse(name, &info, &pidstart) == 0)
		kill_verified(info.init_pid, pidstart);
	if (container_lock_held(name))
		return -EBUSY;
	if (cgroup_open(NULL, name, &cg) == 0)
		cgroup_destroy(cg);
	/* the dead instance's container lock: nobody holds it (checked above) */
	if (monitor_path(name, "lock", path, sizeof(path)) == 0)
		unlink(path);
	if (monitor_path(name, CONTAINER_SECCOMP_FILE, path, sizeof(path)) == 0)
		unlink(path);
	rundir_remove(name);
	return 0;
}

int monitor_clean_stale(const char *name)
{
	_cleanup_close_ int fd = -EBADF;
	char dir[PATH_MAX];
	struct stat st;
	int r;

	/* no run dir, no monitor ever: touch nothing (not even to make one) */
	r = monitor_path(name, NULL, dir, sizeof(dir));
	if (r < 0)
		return r;
	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? 0 : NEG_ERRNO();
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	r = lock_take(name, &fd, NULL);
	if (r < 0)
		return r;
	return stale_remove(name);
}

int monitor_info_read(const char *name, struct monitor_info *ret)
{
	char path[PATH_MAX];
	_cleanup_close_ int fd = -EBADF;
	int r;

	memset(ret, 0, sizeof(*ret));
	r = monitor_path(name, "monitor.lock", path, sizeof(path));
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : NEG_ERRNO();
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return 0; /* nobody holds it: no monitor */
	if (errno != EWOULDBLOCK)
		return NEG_ERRNO();
	r = monitor_state_parse(name, ret, NULL);
	if (r == -ENOENT) { /* lock taken, state not yet written */
		memset(ret, 0, sizeof(*ret));
		ret->state = MONITOR_STARTING;
		return 0;
	}
	return r;
}

/* --- the monitor process ---------------------------------------------------- */

static int master_fd(struct monitor *m, unsigned tty)
{
	if (!m->running)
		return -EBADF;
	if (tty == 0)
		return m->c.console_fd;
	if (tty > m->c.n_ttys || tty >= NTTY)
		return -EBADF;
	return m->c.tty_fds[tty - 1];
}

static void client_drop(struct client *cl)
{
	if (cl->fd >= 0)
		close(cl->fd);
	cl->fd = -EBADF;
	cl->mode = CLIENT_FREE;
}

__attribute__((format(printf, 3, 4))) static void reply(int fd, int err, const char *fmt, ...)
{
	char buf[1024];
	int n;
	va_list ap;

	if (err)
		n = snprintf(buf, sizeof(buf), "err %d ", -err);
	else
		n = snprintf(buf, sizeof(buf), "ok ");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	send(fd, buf, strlen(buf), MSG_NOSIGNAL | MSG_DONTWAIT);
}

static int signal_init(struct monitor *m, int sig)
{
	if (!m->running || m->pidfd < 0)
		return -ESRCH;
	return proc_handle_signal(m->pidfd, m->c.init_pid, sig);
}

static void stop_begin(struct monitor *m, unsigned timeout)
{
	int64_t at = monitor_now_ms() + (int64_t)timeout * 1000;
	int sig;

	if (m->state == MONITOR_STOPPING) {
		if (at < m->kill_at_ms)
			m->kill_at_ms = at;
	} else {
		m->state = MONITOR_STOPPING;
		/* no one to tell here: the stop goes on, readers see RUNNING */
		(void)state_write(m);
		m->kill_at_ms = at;
		if (timeout > 0) {
			sig = m->cfg->signal_halt ? m->cfg->signal_halt
						  : monitor_default_halt_signal(m->c.init_pid);
			if (signal_init(m, sig) < 0)
				m->kill_at_ms = monitor_now_ms();
		}
	}
	if (m->kill_at_ms <= monitor_now_ms())
		signal_init(m, SIGKILL);
}

static void handle_request(struct monitor *m, struct client *cl)
{
	char buf[256];
	ssize_t n;
	unsigned v;
	int sig;

	n = recv(cl->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			client_drop(cl);
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	cl->idle_at_ms = monitor_now_ms() + CLIENT_IDLE_MS;

	if (!strcmp(buf, "state")) {
		reply(cl->fd, 0, "%s %d", monitor_state_to_string(m->state),
		      m->running ? (int)m->c.init_pid : 0);
	} else if (sscanf(buf, "stop %u", &v) == 1) {
		if (!m->running) {
			reply(cl->fd, 0, "stopped");
			return;
		}
		cl->mode = CLIENT_STOP_WAIT;
		stop_begin(m, v);
	} else if (!strncmp(buf, "kill ", 5)) {
		sig = signal_parse(buf + 5);
		if (sig < 0)
			reply(cl->fd, sig, "bad signal '%s'", buf + 5);
		else {
			int r = signal_init(m, sig);
			reply(cl->fd, r, "%s", r ? "init not running" : "");
		}
	} else if (!strcmp(buf, "reboot")) {
		int r = m->state == MONITOR_RUNNING
				? signal_init(m, m->cfg->signal_reboot ? m->cfg->signal_reboot
								       : SIGINT)
				: -ESRCH;
		if (r == 0)
			m->reboot_asked = true;
		reply(cl->fd, r, "%s", r ? "not running" : "");
	} else if (!strcmp(buf, "pidfd")) {
		char text[64];
		if (!m->running || m->pidfd < 0) {
			reply(cl->fd, -ESRCH, "not running");
			return;
		}
		snprintf(text, sizeof(text), "ok %d", (int)m->c.init_pid);
		(void)fd_send(cl->fd, m->pidfd, text, strlen(text));
	} else if (sscanf(buf, "console %u", &v) == 1) {
		if (master_fd(m, v) < 0) {
			reply(cl->fd, -ENXIO, "no tty %u", v);
			return;
		}
		for (size_t i = 0; i < MAX_CLIENTS; i++)
			if (m->clients[i].mode == CLIENT_CONSOLE && m->clients[i].tty == v) {
				reply(cl->fd, -EBUSY, "tty %u is attached elsewhere", v);
				return;
			}
		cl->mode = CLIENT_CONSOLE;
		cl->tty = v;
		reply(cl->fd, 0, "%u", v);
	} else {
		reply(cl->fd, -EINVAL, "unknown request '%s'", buf);
	}
}

static void handle_console_input(struct monitor *m, struct client *cl)
{
	char buf[4097];
	ssize_t n;
	int fd = master_fd(m, cl->tty);

	n = recv(cl->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			client_drop(cl);
		return;
	}
	if (fd < 0)
		return;
	if (buf[0] == 'd' && n > 1) {
		/* the master is non-blocking: input a stuck tty cannot take is lost
		 * rather than stalling every other container tty */
		ssize_t w = write(fd, buf + 1, (size_t)n - 1);
		(void)w;
	} else if (buf[0] == 'w' && (size_t)n == 1 + sizeof(struct winsize)) {
		struct winsize ws;
		memcpy(&ws, buf + 1, sizeof(ws));
		ioctl(fd, TIOCSWINSZ, &ws);
	}
}

/* Returns what was read (<= 0: nothing ready, or the end). */
static ssize_t handle_tty_output(struct monitor *m, unsigned tty)
{
	char buf[4096];
	ssize_t n;
	int fd = master_fd(m, tty);

	n = read(fd, buf, sizeof(buf));
	if (n <= 0)
		return n;
	if (tty == 0 && m->log_fd >= 0) {
		ssize_t w = write(m->log_fd, buf, (size_t)n);
		(void)w;
	}
	if (tty == 0 && m->fg && m->fg_out >= 0 && fd_write_all(m->fg_out, buf, (size_t)n) < 0)
		m->fg_out = -EBADF; /* the reader went away: the console goes on */
	for (size_t i = 0; i < MAX_CLIENTS; i++)
		if (m->clients[i].mode == CLIENT_CONSOLE && m->clients[i].tty == tty)
			send(m->clients[i].fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	return n;
}

/* The foreground's terminal or pipe to the console. */
static void handle_fg_input(struct monitor *m)
{
	char buf[4096];
	ssize_t n = read(m->fg_in, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		m->fg_in = -EBADF; /* the end of input: the container goes on */
		return;
	}
	if (m->running && m->c.console_fd >= 0) {
		ssize_t w = write(m->c.console_fd, buf, (size_t)n);
		(void)w;
	}
}

/* A signal to the foreground: the window size follows; the rest goes to
 * the init, SIGKILL at the third (PID 1 ignores what it has no handler
 * for). */
static void handle_fg_signal(struct monitor *m, int sig)
{
	struct winsize ws;

	if (sig == SIGWINCH) {
		if (m->running && m->c.console_fd >= 0 && m->fg_in >= 0 &&
		    ioctl(m->fg_in, TIOCGWINSZ, &ws) == 0)
			ioctl(m->c.console_fd, TIOCSWINSZ, &ws);
		return;
	}
	if (!m->running)
		return;
	m->signalled = true;
	if (++m->forwarded >= 3)
		sig = SIGKILL;
	signal_init(m, sig);
}

/* Only root and the owner get a slot.  Anyone else is answered and closed
 * at once, so that no stranger holds a slot or an fd of ours (the run dir
 * is 0700: this is for a socket reached anyway).  The reply waits in the
 * client's queue; monitor_request reads it after its send's EPIPE. */
static void handle_accept(struct monitor *m)
{
	_cleanup_close_ int fd = -EBADF;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return;
	if (cred.uid != 0 && cred.uid != m->owner) {
		reply(fd, -EACCES, "only root and the owner may control this container");
		return;
	}
	for (size_t i = 0; i < MAX_CLIENTS; i++) {
		if (m->clients[i].mode == CLIENT_FREE) {
			m->clients[i].mode = CLIENT_REQUEST;
			m->clients[i].idle_at_ms = monitor_now_ms() + CLIENT_IDLE_MS;
			m->clients[i].fd = TAKE_FD(fd);
			return;
		}
	}
	reply(fd, -EMFILE, "too many clients");
}

/* Drops the clients that sent no request in time; returns the milliseconds
 * until the next one is due, or -1 when none waits. */
static int clients_expire(struct monitor *m)
{
	int64_t now = monitor_now_ms(), next = -1;

	for (size_t i = 0; i < MAX_CLIENTS; i++) {
		struct client *cl = &m->clients[i];
		if (cl->mode != CLIENT_REQUEST)
			continue;
		if (cl->idle_at_ms <= now) {
			client_drop(cl);
			continue;
		}
		if (next < 0 || cl->idle_at_ms - now < next)
			next = cl->idle_at_ms - now;
	}
	return (int)next;
}

/* The monitor's own fds for the container (the masters are the starter's,
 * closed by ops->wait). */
static void container_fds_close(struct monitor *m)
{
	m->c.console_fd = -EBADF;
	for (unsigned i = 0; i < ARRAY_SIZE(m->c.tty_fds); i++)
		m->c.tty_fds[i] = -EBADF;
	for (unsigned i = 0; i < NTTY; i++) {
		if (m->slave_fd[i] >= 0)
			close(m->slave_fd[i]);
		m->slave_fd[i] = -EBADF;
	}
	child_watch_close(&m->init_watch);
	if (m->pidfd >= 0)
		close(m->pidfd);
	m->pidfd = -EBADF;
	if (m->log_fd >= 0)
		close(m->log_fd);
	m->log_fd = -EBADF;
}

/* Starts (or restarts) the container; the monitor's part of it. */
static int monitor_boot(struct monitor *m, struct diag_list *warnings, struct diag *ret_diag)
{
	int r;

	memset(&m->c, 0, sizeof(m->c));
	m->c.stdio = m->stdio;
	m->c.console_fd = m->c.console_log = -EBADF;
	for (unsigned i = 0; i < ARRAY_SIZE(m->c.tty_fds); i++)
		m->c.tty_fds[i] = -EBADF;
	m->forwarded = 0;
	m->signalled = false;
	m->state = MONITOR_STARTING;
	r = state_write(m);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot write the state of '%s' to '%s/%s' (%s)",
			 m->name, rundir_path(), m->name, strerror(-r));
		return r;
	}

	r = m->ops->start(m->cfg, m->argv, &m->c, warnings, ret_diag);
	if (r < 0)
		return r;
	m->running = true;
	m->started = time(NULL);
	/* our child, not reaped yet: the handle names that init */
	m->pidfd = proc_handle_open(m->c.init_pid);
	r = m->pidfd < 0 ? m->pidfd : child_watch_open(&m->init_watch, m->c.init_pid, m->pidfd);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot watch the init (%s)", strerror(-r));
		kill(m->c.init_pid, SIGKILL);
		int st;
		m->ops->wait(&m->c, &st);
		m->running = false;
		return r;
	}
	for (unsigned t = 0; t < NTTY; t++) {
		int fd = master_fd(m, t);
		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		m->slave_fd[t] = ioctl(fd, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	}
	if (m->c.console_log >= 0 && m->c.console_fd >= 0)
		m->log_fd = fcntl(m->c.console_log, F_DUPFD_CLOEXEC, 3);
	else if (m->cfg->console_logfile && *m->cfg->console_logfile && m->c.console_fd >= 0)
		m->log_fd = open(m->cfg->console_logfile,
				 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
	m->state = MONITOR_RUNNING;
	/* STARTING was written a moment ago: a failure now is worth noting,
	 * not worth killing a running container for (ctr-ls shows STARTING) */
	r = state_write(m);
	if (r < 0 && warnings) {
		struct diag d;
		diag_set(&d, NULL, 0, NULL,
			 "cannot write the state of '%s' (%s): it shows as "
			 "STARTING",
			 m->name, strerror(-r));
		(void)diag_list_add(warnings, &d);
	}
	return 0;
}

/* A stop or post-stop hook that failed in the last ops->wait: kept for the
 * stop waiters, told to the foreground's caller, and written to the
 * console log and stderr, so that a stop nobody waits for (a poweroff
 * inside) leaves a word too. */
static void stop_hook_report(struct monitor *m)
{
	char where[600], line[1200];
	int n;

	m->stop_diag = m->c.stop_diag;
	if (!m->stop_diag.msg[0])
		return;
	if (m->fg && m->warn) {
		m->warn(&m->stop_diag);
		return;
	}
	n = snprintf(line, sizeof(line), "ctr-monitor: %s%s\n",
		     diag_where(&m->stop_diag, where, sizeof(where)), m->stop_diag.msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (m->log_fd >= 0)
		fd_write_all(m->log_fd, line, (size_t)n);
	fd_write_all(STDERR_FILENO, line, (size_t)n);
}

/* Init exited: reap, tear down, and say whether to boot again. */
static bool monitor_reap(struct monitor *m)
{
	int status = 0;
	bool reboot;

	/* what the init wrote last is still in the pty */
	if (master_fd(m, 0) >= 0)
		for (int i = 0; i < 256 && handle_tty_output(m, 0) > 0; i++)
			;
	m->ops->wait(&m->c, &status);
	m->running = false;
	stop_hook_report(m);
	/* reboot(2) halting a PID namespace kills its init with SIGINT: a
	 * poweroff from inside is a clean end, as lxc-start -F has it */
	m->status = status == 128 + SIGINT && !m->signalled && m->state != MONITOR_STOPPING
			    ? 0
			    : status;
	container_fds_close(m);
	for (size_t i = 0; i < MAX_CLIENTS; i++)
		if (m->clients[i].mode == CLIENT_CONSOLE)
			client_drop(&m->clients[i]);

	/* reboot(2) in a PID namespace: init dies of SIGHUP (restart) or
	 * SIGINT (halt, poweroff).  Without CAP_SYS_BOOT (the seed drops
	 * sys_boot) reboot(2) fails and the init just exits: a reboot the
	 * host asked for is still one. */
	reboot = m->state != MONITOR_STOPPING &&
		 ((status == 128 + SIGHUP && !m->signalled) || m->reboot_asked);
	m->reboot_asked = false;
	if (!reboot)
		return false;
	/* reboot from inside: read the config again, as a fresh start would */
	if (m->cfg->path && m->ops->reload && m->ops->free_config) {
		struct container_config *ncfg = NULL;
		if (m->ops->reload(m->cfg->path, m->name, &ncfg, NULL) == 0) {
			if (m->cfg_owned)
				m->ops->free_config(m->cfg);
			m->cfg = ncfg;
			m->cfg_owned = true;
		}
	}
	m->restarts++;
	return true;
}

static int poll_timeout(struct monitor *m)
{
	int64_t left;

	if (m->state != MONITOR_STOPPING || m->kill_at_ms < 0)
		return -1;
	left = m->kill_at_ms - monitor_now_ms();
	return left < 0 ? 0 : (int)(left > 60000 ? 60000 : left);
}

static void monitor_loop(struct monitor *m)
{
	int r;

	for (;;) {
		struct pollfd p[5 + NTTY + MAX_CLIENTS];
		/* -1 listen, -2 sig, -3 init, -4 the foreground's input, tty: 1000+t, client i */
		int who[5 + NTTY + MAX_CLIENTS];
		nfds_t n = 0;
		bool attached[NTTY] = { false };
		int idle = clients_expire(m); /* before the fds are listed */

		p[n] = (struct pollfd){ .fd = m->listen_fd, .events = POLLIN };
		who[n++] = -1;
		p[n] = (struct pollfd){ .fd = m->sig_fd, .events = POLLIN };
		who[n++] = -2;
		if (m->running && m->pidfd >= 0) {
			p[n] = (struct pollfd){ .fd = m->init_watch.fd, .events = POLLIN };
			who[n++] = -3;
		}
		if (m->fg && m->fg_in >= 0 && m->running) {
			p[n] = (struct pollfd){ .fd = m->fg_in, .events = POLLIN };
			who[n++] = -4;
		}
		for (size_t i = 0; i < MAX_CLIENTS; i++) {
			struct client *cl = &m->clients[i];
			if (cl->mode == CLIENT_FREE)
				continue;
			if (cl->mode == CLIENT_CONSOLE && cl->tty < NTTY)
				attached[cl->tty] = true;
			p[n] = (struct pollfd){ .fd = cl->fd, .events = POLLIN };
			who[n++] = (int)i;
		}
		/* the console is always drained (and logged); a tty only while
		 * someone is attached, so a getty's prompt waits for them */
		for (unsigned t = 0; t < NTTY; t++) {
			int fd = master_fd(m, t);
			if (fd < 0 || (t > 0 && !attached[t]))
				continue;
			p[n] = (struct pollfd){ .fd = fd, .events = POLLIN };
			who[n++] = 1000 + (int)t;
		}

		int timeout = poll_timeout(m);
		if (idle >= 0 && (timeout < 0 || idle < timeout))
			timeout = idle;
		if (poll(p, n, timeout) < 0 && errno != EINTR)
			return;
		if (m->state == MONITOR_STOPPING && m->kill_at_ms >= 0 &&
		    monitor_now_ms() >= m->kill_at_ms) {
			signal_init(m, SIGKILL);
			m->kill_at_ms = -1;
		}
		for (nfds_t i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			if (who[i] == -1) {
				handle_accept(m);
			} else if (who[i] == -2) {
				struct signalfd_siginfo si;
				if (read(m->sig_fd, &si, sizeof(si)) != sizeof(si))
					continue;
				if (m->fg)
					handle_fg_signal(m, (int)si.ssi_signo);
				else if (m->running)
					stop_begin(m, 60);
			} else if (who[i] == -4) {
				handle_fg_input(m);
			} else if (who[i] == -3) {
				if (!child_watch_exited(&m->init_watch))
					continue; /* another child's SIGCHLD */
				if (!monitor_reap(m))
					return;
				struct diag d = { 0 };
				struct diag_list w = { 0 };
				r = monitor_boot(m, &w, &d);
				diag_list_free(&w);
				if (r < 0)
					return;
				break; /* the fd set changed */
			} else if (who[i] >= 1000) {
				handle_tty_output(m, (unsigned)(who[i] - 1000));
			} else {
				struct client *cl = &m->clients[who[i]];
				if (cl->mode == CLIENT_CONSOLE)
					handle_console_input(m, cl);
				else if (cl->mode == CLIENT_REQUEST)
					handle_request(m, cl);
				else if (cl->mode == CLIENT_STOP_WAIT) {
					char b[64];
					if (recv(cl->fd, b, sizeof(b), MSG_DONTWAIT) == 0)
						client_drop(cl);
				}
			}
		}
	}
}

static int listen_socket(const char *name, int *ret_fd)
{
	struct sockaddr_un sa;
	const char *path = sa.sun_path;
	_cleanup_close_ int fd = -EBADF;
	int r;

	r = monitor_control_addr(name, &sa);
	if (r < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return NEG_ERRNO();
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return NEG_ERRNO();
	/* root and the owner; the run dir around it is 0700 too */
	if (chmod(path, 0600) < 0)
		return NEG_ERRNO();
	if (listen(fd, 16) < 0)
		return NEG_ERRNO();
	*ret_fd = TAKE_FD(fd);
	return 0;
}

#define MAX_REPORTED_WARNINGS 8

static void pidfile_write(const char *name)
{
	char path[PATH_MAX], buf[32];
	_cleanup_close_ int fd = -EBADF;

	if (monitor_path(name, "monitor.pid", path, sizeof(path)) < 0)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	fd_write_all(fd, buf, strlen(buf));
}

struct spawn_report {
	int err;
	pid_t init_pid;
	struct diag diag;
	unsigned n_warnings;
	struct diag warnings[MAX_REPORTED_WARNINGS];
};

static void monitor_init(struct monitor *m, const struct container_config *cfg, char *const *argv,
			 const struct monitor_ops *ops)
{
	*m = (struct monitor){
		.name = cfg->name,
		.cfg = (struct container_config *)cfg,
		.argv = argv,
		.ops = ops,
		.pidfd = -EBADF,
		.listen_fd = -EBADF,
		.sig_fd = -EBADF,
		.log_fd = -EBADF,
		.kill_at_ms = -1,
		.owner = getuid(),
		.fg_in = -EBADF,
		.fg_out = -EBADF,
	};
	for (unsigned i = 0; i < NTTY; i++)
		m->slave_fd[i] = -EBADF;
	for (size_t i = 0; i < MAX_CLIENTS; i++)
		m->clients[i] = (struct client){ .fd = -EBADF };
}

/* The control socket, the pid file and the signalfd for @mask (blocked by
 * the caller); then the container's first boot, with @mask unblocked so
 * the init does not inherit it blocked.  Returns 0 or -errno with
 * @ret_diag. */
static int monitor_open(struct monitor *m, const sigset_t *mask, struct diag_list *warnings,
			struct diag *ret_diag)
{
	int r;

	r = listen_socket(m->name, &m->listen_fd);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot create the control socket (%s)",
			 strerror(-r));
		return r;
	}
	pidfile_write(m->name); /* for service managers (systemd's PIDFile=) */
	m->sig_fd = signalfd(-1, mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (m->sig_fd < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "signalfd failed (%s)", strerror(-r));
		return r;
	}
	sigprocmask(SIG_UNBLOCK, mask, NULL);
	r = monitor_boot(m, warnings, ret_diag);
	sigprocmask(SIG_BLOCK, mask, NULL);
	return r;
}

/* After the loop: the container down if it still runs, the run dir gone,
 * and only then the stop waiters answered. */
static void monitor_finish(struct monitor *m)
{
	if (m->running) { /* the loop failed: take the container down with us */
		int st;
		signal_init(m, SIGKILL);
		m->ops->wait(&m->c, &st);
		m->running = false;
		container_fds_close(m);
	}
	m->state = MONITOR_STOPPED;
	rundir_remove(m->name);
	for (size_t i = 0; i < MAX_CLIENTS; i++) {
		char where[600];
		if (m->clients[i].mode == CLIENT_STOP_WAIT && m->stop_diag.msg[0])
			reply(m->clients[i].fd, -ECANCELED, "%s%s",
			      diag_where(&m->stop_diag, where, sizeof(where)), m->stop_diag.msg);
		else if (m->clients[i].mode == CLIENT_STOP_WAIT)
			reply(m->clients[i].fd, 0, "stopped");
		client_drop(&m->clients[i]);
	}
	if (m->listen_fd >= 0)
		close(m->listen_fd);
	if (m->sig_fd >= 0)
		close(m->sig_fd);
	m->listen_fd = m->sig_fd = -EBADF;
	if (m->cfg_owned)
		m->ops->free_config(m->cfg);
	m->cfg_owned = false;
}

/* The monitor process; never returns. */
static __attribute__((noreturn)) void monitor_main(const struct container_config *cfg,
						   char *const *argv, const struct monitor_ops *ops,
						   int lock_fd, int report_fd)
{
	struct monitor m;
	struct spawn_report rep = { 0 };
	struct diag_list w = { 0 };
	sigset_t mask;
	int null_fd;

	monitor_init(&m, cfg, argv, ops);
	prctl(PR_SET_NAME, "ctr-monitor");
	if (chdir("/") < 0)
		_exit(1);
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd >= 0) {
		dup2(null_fd, 0);
		dup2(null_fd, 1);
		if (!getenv("CTR_MONITOR_STDERR"))
			dup2(null_fd, 2);
		if (null_fd > 2)
			close(null_fd);
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	rep.err = monitor_open(&m, &mask, &w, &rep.diag);
	for (size_t i = 0; i < w.n && i < MAX_REPORTED_WARNINGS; i++)
		rep.warnings[rep.n_warnings++] = w.v[i];
	diag_list_free(&w);
	rep.init_pid = m.c.init_pid;
	if (rep.err < 0) /* nothing left behind before the starter hears */
		rundir_remove(m.name);
	if (fd_write_all(report_fd, &rep, sizeof(rep)) < 0) {
		/* the starter is gone; carry on */
	}
	close(report_fd);
	if (rep.err < 0)
		_exit(1);

	monitor_loop(&m);
	monitor_finish(&m);
	close(lock_fd);
	_exit(0);
}

/* Takes @name's monitor lock with nothing of a dead instance left: 0 with
 * *ret_fd, -EBUSY (and @ret_diag) when one runs. */
static int lock_fresh(const char *name, int *ret_fd, struct diag *ret_diag)
{
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX];
	bool made = false;
	int r;

	r = lock_take(name, &fd, &made);
	if (r == -EBUSY) {
		diag_set(ret_diag, NULL, 0, NULL, "container '%s' is already running", name);
		return r;
	}
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot lock '%s/%s' (%s)", rundir_path(), name,
			 strerror(-r));
		return r;
	}
	/* A lock file made just now: every monitor before ended in
	 * rundir_remove, which unlinks it last, after the cgroups and the
	 * container went.  Only a foreground start's container lock or state
	 * could be left (a dead ctr-start -F leaves its lock file too): with
	 * neither, there is nothing to clean, and the lock taken stays. */
	if (made && monitor_path(name, "lock", path, sizeof(path)) == 0 && access(path, F_OK) < 0 &&
	    errno == ENOENT && monitor_path(name, "state", path, sizeof(path)) == 0 &&
	    access(path, F_OK) < 0 && errno == ENOENT) {
		*ret_fd = TAKE_FD(fd);
		return 0;
	}
	/* restart hygiene: what a defunct instance left */
	r = stale_remove(name);
	if (r == -EBUSY) {
		diag_set(ret_diag, NULL, 0, NULL, "container '%s' is already running", name);
		return r;
	}
	/* the run dir went with the stale instance: a new one, a new lock,
	 * taken while the old one is still held */
	r = lock_take(name, ret_fd, NULL);
	if (r < 0)
		diag_set(ret_diag, NULL, 0, NULL, "cannot lock '%s/%s' (%s)", rundir_path(), name,
			 strerror(-r));
	return r;
}

/* The start of either kind of monitor: @cfg's name locked (*ret_fd), what a
 * dead instance left removed.  Returns 0 or -errno with @ret_diag. */
static int monitor_claim(const struct container_config *cfg, const struct monitor_ops *ops,
			 int *ret_fd, struct diag *ret_diag)
{
	int r;

	if (!cfg || !cfg->name || !ops || !ops->start || !ops->wait)
		return -EINVAL;
	r = lock_fresh(cfg->name, ret_fd, ret_diag);
	if (r < 0)
		return r;
	if (ops->clean_stale)
		ops->clean_stale(cfg);
	return 0;
}

int monitor_spawn(const struct container_config *cfg, char *const *argv,
		  const struct monitor_ops *ops, pid_t *ret_init_pid, struct diag_list *warnings,
		  struct diag *ret_diag)
{
	_cleanup_close_ int lock_fd = -EBADF;
	int pipe_fd[2];
	struct spawn_report rep = { 0 };
	pid_t pid;
	ssize_t n;
	int r, status;

	r = monitor_claim(cfg, ops, &lock_fd, ret_diag);
	if (r < 0)
		return r;

	if (pipe2(pipe_fd, O_CLOEXEC) < 0)
		return NEG_ERRNO();
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = NEG_ERRNO();
		close(pipe_fd[0]);
		close(pipe_fd[1]);
		return r;
	}
	/* One fork, no double fork: the monitor leaves our session at once,
	 * opens every terminal with O_NOCTTY, and is reparented when we exit.
	 * A second fork cost a third of the start on a paravirtualised host
	 * (page tables are copied through the hypervisor). */
	if (pid == 0) {
		close(pipe_fd[0]);
		setsid();
		monitor_main(cfg, argv, ops, lock_fd, pipe_fd[1]);
	}
	close(pipe_fd[1]);
	n = 0;
	while ((size_t)n < sizeof(rep)) {
		ssize_t k = read(pipe_fd[0], (char *)&rep + n, sizeof(rep) - (size_t)n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += k;
	}
	close(pipe_fd[0]);
	/* a monitor that failed exits at once: reap it; a running one is
	 * reaped by whoever inherits it */
	if (n != (ssize_t)sizeof(rep) || rep.err < 0)
		waitpid(pid, &status, 0);
	for (unsigned i = 0; warnings && i < rep.n_warnings && i < MAX_REPORTED_WARNINGS; i++)
		diag_list_add(warnings, &rep.warnings[i]);
	if (n != (ssize_t)sizeof(rep)) {
		diag_set(ret_diag, NULL, 0, NULL, "the monitor died while starting");
		return -EIO;
	}
	if (rep.err < 0) {
		if (ret_diag)
			*ret_diag = rep.diag;
		return rep.err;
	}
	if (ret_init_pid)
		*ret_init_pid = rep.init_pid;
	return 0;
}

int monitor_run(const struct container_config *cfg, char *const *argv,
		const struct monitor_ops *ops, enum monitor_stdio stdio, int *ret_status,
		void (*warn)(const struct diag *d), struct diag *ret_diag)
{
	_cleanup_close_ int lock_fd = -EBADF;
	struct diag_list w = { 0 };
	struct monitor m;
	struct termios saved;
	bool raw = false;
	sigset_t mask, old;
	void (*old_pipe)(int);
	int r;

	*ret_status = 125;
	r = monitor_claim(cfg, ops, &lock_fd, ret_diag);
	if (r < 0)
		return r;

	monitor_init(&m, cfg, argv, ops);
	m.fg = true;
	m.warn = warn;
	m.stdio = stdio;
	m.fg_out = STDOUT_FILENO;
	if (stdio == MONITOR_STDIO_CONSOLE)
		m.fg_in = STDIN_FILENO;
	old_pipe = signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, &old);

	r = monitor_open(&m, &mask, &w, ret_diag);
	for (size_t i = 0; warn && i < w.n; i++)
		warn(&w.v[i]);
	diag_list_free(&w);
	if (r < 0) {
		if (m.c.exec_errno)
			*ret_status =
				m.c.exec_errno == ENOENT || m.c.exec_errno == ENOTDIR ? 127 : 126;
		monitor_finish(&m);
		goto out;
	}
	if (m.fg_in >= 0 && isatty(m.fg_in))
		raw = term_raw(m.fg_in, &saved) == 0;
	monitor_loop(&m);
	if (raw)
		term_restore(m.fg_in >= 0 ? m.fg_in : STDIN_FILENO, &saved);
	monitor_finish(&m);
	*ret_status = m.status;
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGPIPE, old_pipe);
	return r;
}
