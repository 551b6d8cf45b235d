/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The per-container monitor (runtime/lifecycle/monitor.c) and its clients
 * (runtime/lifecycle/monitor-client.c).
 *
 * One small daemon per running container, started by `ctr-start` through
 * monitor_spawn(), or the foreground `ctr-start -F` itself through
 * monitor_run() (the same files and socket; it relays the console to its
 * terminal as well).  It is the parent of the container's init, holds the
 * console and tty pty masters, restarts the container when its init dies of
 * SIGHUP (reboot(2) inside a PID namespace) and keeps it down on SIGINT
 * (poweroff/halt).  Everything lives in RUNDIR/NAME/ (RUNDIR is $CTR_RUNDIR,
 * else /run/ctr):
 *   monitor.lock  flock()ed by the monitor for its whole life: free = no
 *            monitor (RUNDIR/NAME/lock is the container's own, see
 *            container_lock)
 *   state    "key=value" lines, replaced atomically (rename)
 *   monitor.pid  the monitor's PID (for systemd's PIDFile=)
 *   control  SOCK_SEQPACKET socket; only root or the monitor's owner:
 *            SO_PEERCRED at accept, anyone else answered EACCES and
 *            closed at once; a client that sends no request for 5 s is
 *            dropped
 * RUNDIR/NAME is 0700 and every file in it 0600, the owner's.
 *
 * Requests are one text packet each; the reply is one packet "ok ..." or
 * "err ERRNO ...":
 *   state          -> "ok STATE PID"
 *   stop SECONDS   -> sends the halt signal, kills the rest after SECONDS
 *                     (0: at once); replied to when everything is removed
 *                     ("err ECANCELED FILE:LINE: ..." when a stop or
 *                     post-stop hook failed; the container is down)
 *   kill SIGNAL    -> signals init
 *   reboot         -> sends the reboot signal to init
 *   pidfd          -> "ok PID" with a pidfd of init (SCM_RIGHTS)
 *   console N      -> "ok"; then the connection relays tty N (0: console):
 *                     client packets 'd'+bytes (input) or 'w'+struct
 *                     winsize; monitor packets are output bytes
 * SIGTERM to the monitor is "stop 60".  Its stdio is /dev/null (stderr kept
 * when $CTR_MONITOR_STDERR is set, for debugging).  A failing stop or
 * post-stop hook is written, as "ctr-monitor: FILE:LINE: ...", to the
 * console log (lxc.console.logfile) and stderr, and told to stop waiters. */
#ifndef CTR_MONITOR_H
#define CTR_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ctr/config.h"
#include "ctr/diag.h"

enum monitor_state {
	MONITOR_STOPPED,
	MONITOR_STARTING,
	MONITOR_RUNNING,
	MONITOR_STOPPING,
};

/* "STOPPED", "STARTING", "RUNNING", "STOPPING". */
const char *monitor_state_to_string(enum monitor_state s);

/* Where the init's stdin, stdout and stderr go. */
enum monitor_stdio {
	MONITOR_STDIO_DETACHED, /* /dev/null in, the console pty out: the daemon's */
	MONITOR_STDIO_CONSOLE,	/* the console pty, relayed to the foreground's terminal */
	MONITOR_STDIO_INHERIT,	/* the foreground's own (pipes, files) */
};

/* What a started container hands the monitor.  The fds stay the starter's
 * (closed by wait()); the monitor only uses them. */
struct monitor_container {
	enum monitor_stdio stdio; /* in: set before start() */
	pid_t init_pid;
	int console_fd;	 /* pty master of /dev/console, or -EBADF */
	int console_log; /* where console output is copied (lxc.console.logfile), or -EBADF */
	int tty_fds[64]; /* pty masters of /dev/tty1..N, -EBADF when unused */
	unsigned n_ttys;
	int exec_errno;	       /* start() failed because the init's exec failed with it */
	struct diag stop_diag; /* out of wait(): the stop or post-stop hook that
				* failed, msg "" when none did */
	void *handle;
};

/* How the monitor starts and reaps a container: the runtime's
 * container_start/container_wait (monitor_container_ops) or a test's own. */
struct monitor_ops {
	/* Starts @cfg (with @argv instead of its init when non-NULL) as a child
	 * of the caller.  Returns 0 with @ret filled, or -errno and @ret_diag;
	 * warnings that do not stop the start go to @warnings. */
	int (*start)(const struct container_config *cfg, char *const *argv,
		     struct monitor_container *ret, struct diag_list *warnings,
		     struct diag *ret_diag);
	/* Called once init has exited (or to make it): kills what is left,
	 * reaps init (*ret_status: exit code or 128+signal), removes the
	 * container's cgroups, mounts and links, closes the fds in @c and frees
	 * the handle. */
	int (*wait)(struct monitor_container *c, int *ret_status);
	/* Removes what a defunct instance of @cfg left (cgroups, host veths);
	 * may be NULL. */
	int (*clean_stale)(const struct container_config *cfg);
	/* Reads the config again for a reboot (config_load, config_free); NULL:
	 * reboot with the config as it was. */
	int (*reload)(const char *path, const char *name, struct container_config **ret_cfg,
		      struct diag *ret_diag);
	void (*free_config)(struct container_config *cfg);
};

/* The runtime's container start path (runtime/lifecycle/monitor-container.c). */
extern const struct monitor_ops monitor_container_ops;

/* What RUNDIR/NAME/state says, plus whether a monitor holds the lock. */
struct monitor_info {
	enum monitor_state state; /* MONITOR_STOPPED when no monitor lives */
	pid_t init_pid;		  /* 0 when stopped */
	pid_t monitor_pid;
	time_t started;	   /* wall clock of the last (re)start */
	char config[4096]; /* config file path, "" if unknown */
	unsigned restarts; /* reboots from inside so far */
};

/* Starts a monitor for @cfg in the background (a child in its own session;
 * it outlives the caller, and a long-lived caller reaps it when it ends)
 * and returns once the container's init runs (0) or the start failed
 * (-errno, @ret_diag says why; nothing is left behind).  -EBUSY: a monitor
 * for that name is already running.  A dead monitor's leftovers are removed
 * first.  *ret_init_pid (may be NULL) is the container's init. */
int monitor_spawn(const struct container_config *cfg, char *const *argv,
		  const struct monitor_ops *ops, pid_t *ret_init_pid, struct diag_list *warnings,
		  struct diag *ret_diag);

/* Runs @cfg's container in the foreground, this process its monitor: the
 * same lock, run dir, state and control socket as monitor_spawn's, so the
 * lifecycle commands work on it.  With MONITOR_STDIO_CONSOLE the console
 * is relayed to stdin/stdout (raw mode, window size followed); with
 * MONITOR_STDIO_INHERIT the init gets this process's stdio and console
 * output goes to stdout.  SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed
 * to the init (SIGKILL at the third).  A reboot from inside restarts the
 * container.  The first start's warnings go to @warn (may be NULL) as soon
 * as it is done, before anything is relayed.  Returns 0 once it ended for
 * good, *ret_status its init's exit code or 128+signal (0 for a poweroff
 * or halt from inside, as lxc-start -F has it); or -errno with
 * @ret_diag when the start failed (-EBUSY: running already), *ret_status
 * then 127 or 126 when the init could not be executed, else 125.  Nothing
 * is left behind either way. */
int monitor_run(const struct container_config *cfg, char *const *argv,
		const struct monitor_ops *ops, enum monitor_stdio stdio, int *ret_status,
		void (*warn)(const struct diag *d), struct diag *ret_diag);

/* Reads the state of container @name.  A state file without a live
 * monitor reads as MONITOR_STOPPED (and *ret is otherwise zeroed).
 * Returns 0 or -errno. */
int monitor_info_read(const char *name, struct monitor_info *ret);

/* Removes a dead monitor's leftovers for @name: its init if it still runs,
 * its cgroups, socket, state and lock file.  Returns 0, -EBUSY when a
 * monitor (or a foreground ctr-start) runs it. */
int monitor_clean_stale(const char *name);

/* Connects to @name's control socket (SOCK_CLOEXEC).  Returns the fd or
 * -errno (-ENOENT / -ECONNREFUSED: not running).  Caller closes. */
int monitor_connect(const char *name);

/* Sends @req on @fd and reads the reply into @reply (NUL-terminated, the
 * text after "ok "), with a received fd in *ret_fd when given (-EBADF if
 * none; caller closes).  Returns 0, or the -errno of an "err" reply. */
int monitor_request(int fd, const char *req, char *reply, size_t len, int *ret_fd);

/* One-shot: connect, request, close. */
int monitor_call(const char *name, const char *req, char *reply, size_t len, int *ret_fd);

/* @name's init, from its monitor: a pidfd (caller closes) and *ret_pid.
 * Returns the fd, -ESRCH when the container is not running, or another
 * -errno (-EACCES: running, and the run dir is closed to this user;
 * -EPROTO: a reply without a pid), each with @ret_diag filled. */
int monitor_init_pidfd(const char *name, pid_t *ret_pid, struct diag *ret_diag);

/* Stops @name: the halt signal, then after @timeout seconds (0: at once)
 * SIGKILL for everything left; returns once the container, its cgroups,
 * mounts and links are gone (0).  -ESRCH: it was not running (a dead
 * monitor's leftovers are removed on the way). */
int monitor_stop(const char *name, unsigned timeout);

/* As monitor_stop; -ECANCELED when the container stopped but one of its
 * stop or post-stop hooks failed: @ret_diag (may be NULL) then says which,
 * with its config line, exit status and last output, in its msg. */
int monitor_stop_diag(const char *name, unsigned timeout, struct diag *ret_diag);

/* Attaches to tty @tty (0: console) of @name: returns the connection (the
 * caller's), -ESRCH when not running, -ENXIO when there is no such tty,
 * -EBUSY when someone else is attached to it. */
int monitor_console_open(const char *name, unsigned tty);

/* Relays this process's terminal (stdin/stdout, raw mode, window size) to
 * the connection @sock until Ctrl-a q or the end of stdin (returns 0) or
 * the container goes (returns -EPIPE).  @escape: the escape character (1
 * for Ctrl-a); escape twice sends it once.  Does not close @sock. */
int monitor_console_relay(int sock, int escape);

/* Default halt signal for init @pid: SIGRTMIN+3 when it is systemd, else
 * SIGPWR. */
int monitor_default_halt_signal(pid_t pid);

#endif
