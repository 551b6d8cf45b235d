// SPDX-License-Identifier: LGPL-2.1-or-later
/* The OCI commands over the engine: create (container_start with an exec
 * FIFO, then the runtime lets go: the init is reparented to the caller's
 * subreaper, conmon or containerd's shim), start, kill, delete, and run's
 * wait. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/container.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"
#include "ctr/seccomp.h"

extern char **environ;

/* ---- create ------------------------------------------------------------- */

struct create_ctx {
	const struct oci_ctx *ctx;
	const struct oci_spec *spec;
	struct oci_state st;
};

/* The sysctls, written from a child that joins the container's network
 * and IPC namespaces (/proc/sys/net and the IPC keys follow the writer's
 * namespaces). */
static int sysctls_write(struct container *c, const struct oci_spec *s, struct diag *d)
{
	int status = 0;
	pid_t pid;

	if (!s->n_sysctls)
		return 0;
	pid = fork();
	if (pid < 0)
		return NEG_ERRNO();
	if (pid == 0) {
		if ((c->ns_fds[CONTAINER_NS_NET] >= 0 &&
		     setns(c->ns_fds[CONTAINER_NS_NET], CLONE_NEWNET) < 0) ||
		    (c->ns_fds[CONTAINER_NS_IPC] >= 0 &&
		     setns(c->ns_fds[CONTAINER_NS_IPC], CLONE_NEWIPC) < 0) ||
		    (c->ns_fds[CONTAINER_NS_UTS] >= 0 &&
		     setns(c->ns_fds[CONTAINER_NS_UTS], CLONE_NEWUTS) < 0))
			_exit(100);
		for (size_t i = 0; i < s->n_sysctls; i++) {
			char path[512];
			_cleanup_close_ int fd = -EBADF;
			snprintf(path, sizeof(path), "/proc/sys/%s", s->sysctls[i].key);
			for (char *p = path + 10; *p; p++)
				if (*p == '.')
					*p = '/';
			fd = open(path, O_WRONLY | O_CLOEXEC);
			if (fd < 0 ||
			    write(fd, s->sysctls[i].value, strlen(s->sysctls[i].value)) < 0)
				_exit((int)i + 1 > 99 ? 99 : (int)i + 1);
		}
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 1 && WEXITSTATUS(status) <= 99) {
		size_t i = (size_t)WEXITSTATUS(status) - 1;
		char key[300];
		snprintf(key, sizeof(key), "linux.sysctl.%s", s->sysctls[i].key);
		diag_set(d, s->config_path, 0, key, "cannot set '%s' to '%s'", s->sysctls[i].key,
			 s->sysctls[i].value);
	} else {
		diag_set(d, s->config_path, 0, "linux.sysctl",
			 "cannot enter the container's namespaces to set the sysctls");
	}
	return -EINVAL;
}

/* Runs in create once the init exists, its namespaces and cgroups in
 * place, before it mounts anything. */
static int setup_hook(struct container *c, void *userdata, struct diag *d)
{
	struct create_ctx *cc = userdata;
	const struct oci_spec *s = cc->spec;
	_cleanup_free_ char *state = NULL;
	int r;

	for (size_t i = 0; i < s->n_rlimits; i++) {
		struct rlimit rl = { .rlim_cur = s->rlimits[i].soft,
				     .rlim_max = s->rlimits[i].hard };
		if (prlimit(c->pid, s->rlimits[i].resource, &rl, NULL) < 0) {
			r = NEG_ERRNO();
			diag_set(d, s->config_path, 0, "process.rlimits",
				 "cannot set rlimit %d (%s)", s->rlimits[i].resource, strerror(-r));
			return r;
		}
	}
	if (s->oom_set) {
		char path[64], val[16];
		_cleanup_close_ int fd = -EBADF;
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)c->pid);
		snprintf(val, sizeof(val), "%d", s->oom_score_adj);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, val, strlen(val)) < 0) {
			r = NEG_ERRNO();
			diag_set(d, s->config_path, 0, "process.oomScoreAdj", "cannot set it (%s)",
				 strerror(-r));
			return r;
		}
	}
	r = sysctls_write(c, s, d);
	if (r < 0)
		return r;
	if (!s->n_hooks[OCI_HOOK_PRESTART] && !s->n_hooks[OCI_HOOK_CREATE_RUNTIME])
		return 0;
	cc->st.pid = c->pid;
	state = oci_state_json(&cc->st, "creating");
	if (!state)
		return -ENOMEM;
	r = oci_hooks_run(s, OCI_HOOK_PRESTART, state, d);
	if (r == 0)
		r = oci_hooks_run(s, OCI_HOOK_CREATE_RUNTIME, state, d);
	return r;
}

/* In the init (container_opts.inside_hook): the createContainer hooks
 * before pivot_root, where the host's /proc still gives the init's pid as
 * the host sees it, and the startContainer hooks before the exec. */
static int inside_hook(enum container_inside when, void *userdata, struct diag *d)
{
	struct create_ctx *cc = userdata;
	bool create = when == CONTAINER_INSIDE_CREATE;
	enum oci_hook_type t = create ? OCI_HOOK_CREATE_CONTAINER : OCI_HOOK_START_CONTAINER;
	_cleanup_free_ char *state = NULL;

	if (create) {
		char buf[32] = "";
		ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);
		if (n > 0)
			cc->st.pid = (pid_t)atoi(buf);
	}
	if (!cc->spec->n_hooks[t])
		return 0;
	state = oci_state_json(&cc->st, create ? "creating" : "created");
	if (!state)
		return -ENOMEM;
	return oci_hooks_run(cc->spec, t, state, d);
}

/* Joins the namespaces config.json names by path, after checking each is
 * one of the type it claims.  *ret_saved: this process's own, to return. */
static int ns_join(const struct oci_spec *s, int saved[], struct diag *d)
{
	for (size_t i = 0; i < s->n_joins; i++) {
		const struct oci_ns_join *j = &s->joins[i];
		_cleanup_close_ int fd = open(j->path, O_RDONLY | O_CLOEXEC);
		const char *self;
		int type, r;

		if (fd < 0) {
			r = NEG_ERRNO();
			diag_set(d, s->config_path, 0, j->json_path, "cannot open '%s' (%s)",
				 j->path, strerror(-r));
			return r;
		}
		type = ioctl(fd, NS_GET_NSTYPE);
		if (type < 0 || type != j->flag) {
			diag_set(d, s->config_path, 0, j->json_path, "'%s' is not a%s namespace",
				 j->path, type < 0 ? "" : " namespace of that type; nor");
			if (type < 0)
				snprintf(d->msg, sizeof(d->msg), "'%s' is not a namespace",
					 j->path);
			else
				snprintf(d->msg, sizeof(d->msg),
					 "'%s' is a namespace of another type", j->path);
			return -EINVAL;
		}
		self = j->flag == CLONE_NEWNET	 ? "/proc/self/ns/net"
		       : j->flag == CLONE_NEWIPC ? "/proc/self/ns/ipc"
		       : j->flag == CLONE_NEWUTS ? "/proc/self/ns/uts"
						 : "/proc/self/ns/pid_for_children";
		saved[i] = open(self, O_RDONLY | O_CLOEXEC);
		if (saved[i] < 0 || setns(fd, j->flag) < 0) {
			r = NEG_ERRNO();
			diag_set(d, s->config_path, 0, j->json_path, "cannot join '%s' (%s)",
				 j->path, strerror(-r));
			return r;
		}
	}
	return 0;
}

static void ns_return(const struct oci_spec *s, int saved[])
{
	for (size_t i = s->n_joins; i-- > 0;)
		if (saved[i] >= 0) {
			(void)setns(saved[i], s->joins[i].flag);
			closep(&saved[i]);
		}
}

static int console_send(const char *path, int fd)
{
	_cleanup_close_ int s = oci_console_connect(path);

	return s < 0 ? s : oci_console_send_fd(s, fd);
}

static int pid_file_write(const char *path, pid_t pid)
{
	return oci_pid_file_write_at(-EBADF, path, pid);
}

static void rfc3339_now(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec);
}

static bool id_valid(const char *id)
{
	return id && *id && strlen(id) < 128 && !strchr(id, '/') && strcmp(id, ".") != 0 &&
	       strcmp(id, "..") != 0 && id[0] != '.';
}

int oci_create(const struct oci_ctx *ctx, const char *id, const struct oci_create_opts *o,
	       pid_t *ret_pid, struct diag *ret_diag)
{
	struct oci_spec *spec = NULL;
	_cleanup_free_ char *dir = NULL, *fifo = NULL;
	struct container *c = NULL;
	struct diag_list warnings = { 0 };
	struct create_ctx cc = { .ctx = ctx };
	struct container_opts copts = { 0 };
	int saved[8] = { -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF };
	char created[64];
	mode_t old_umask = 0;
	bool made = false;
	int r;

	if (!id_valid(id)) {
		diag_set(ret_diag, NULL, 0, NULL, "bad container id '%s'", id ? id : "");
		return -EINVAL;
	}
	r = oci_spec_load(o->bundle, id, &spec, ret_diag);
	if (r < 0)
		return r;
	if (spec->terminal && !o->console_socket) {
		diag_set(ret_diag, spec->config_path, 0, "process.terminal",
			 "a terminal needs --console-socket");
		r = -EINVAL;
		goto out;
	}
	if (spec->n_joins > ARRAY_SIZE(saved)) {
		diag_set(ret_diag, spec->config_path, 0, "linux.namespaces", "too many to join");
		r = -EINVAL;
		goto out;
	}
	if (asprintf(&dir, "%s/%s", ctx->root, id) < 0 ||
	    asprintf(&fifo, "%s/exec.fifo", dir) < 0) {
		r = -ENOMEM;
		goto out;
	}
	r = fs_mkdir_p(ctx->root, 0700);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot make the root '%s' (%s)", ctx->root,
			 strerror(-r));
		goto out;
	}
	if (mkdir(dir, 0700) < 0) {
		r = NEG_ERRNO();
		if (r == -EEXIST)
			diag_set(ret_diag, NULL, 0, NULL, "container with id exists: '%s'", id);
		else
			diag_set(ret_diag, NULL, 0, NULL, "cannot make '%s' (%s)", dir,
				 strerror(-r));
		goto out;
	}
	made = true;
	if (mkfifo(fifo, 0600) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot make '%s' (%s)", fifo, strerror(-r));
		goto out;
	}
	/* the init opens it as the root of its user namespace */
	if (spec->cfg->n_idmaps) {
		long uid = -1, gid = -1;
		for (size_t i = 0; i < spec->cfg->n_idmaps; i++) {
			const struct cfg_idmap *m = &spec->cfg->idmaps[i];
			if (m->ns_id == 0 && m->type == 'u')
				uid = (long)m->host_id;
			if (m->ns_id == 0 && m->type == 'g')
				gid = (long)m->host_id;
		}
		if (chown(fifo, (uid_t)uid, (gid_t)gid) < 0) {
			r = NEG_ERRNO();
			diag_set(ret_diag, NULL, 0, NULL,
				 "cannot hand '%s' to the container's root (%s)", fifo,
				 strerror(-r));
			goto out;
		}
	}

	rfc3339_now(created, sizeof(created));
	cc.spec = spec;
	cc.st = (struct oci_state){ .id = (char *)id,
				    .bundle = spec->bundle,
				    .rootfs = spec->cfg->rootfs,
				    .created = created,
				    .annotations = spec->annotations,
				    .oci_version = spec->oci_version,
				    .poststart = spec->n_hooks[OCI_HOOK_POSTSTART] > 0,
				    .poststop = spec->n_hooks[OCI_HOOK_POSTSTOP] > 0,
				    .cgroup_path = spec->cfg->cgroup_path };
	copts = (struct container_opts){
		.argv = NULL,
		.rundir = ctx->root,
		.cgroup_root = ctx->cgroup_root,
		.stdio = spec->terminal ? CONTAINER_STDIO_CONSOLE : CONTAINER_STDIO_INHERIT,
		.setup_hook = setup_hook,
		.inside_hook = inside_hook,
		.userdata = &cc,
		.exec_fifo = fifo,
		.detach = !o->run,
		.ns_shared = spec->ns_shared,
	};
	if (spec->terminal) {
		free(spec->cfg->console_path);
		spec->cfg->console_path = NULL;
	}
	r = ns_join(spec, saved, ret_diag);
	if (r < 0) {
		ns_return(spec, saved);
		goto out;
	}
	if (spec->umask_set)
		old_umask = umask(spec->umask);
	r = container_start(spec->cfg, &copts, &c, &warnings, ret_diag);
	if (spec->umask_set)
		umask(old_umask);
	ns_return(spec, saved);
	diag_list_free(&warnings);
	if (r < 0)
		goto out;
	if (c->exec_errno) {
		diag_set(ret_diag, spec->config_path, 0, "process.args", "cannot run '%s' (%s)",
			 c->exec_path, strerror(c->exec_errno));
		r = -c->exec_errno;
		goto out;
	}
	if (spec->terminal) {
		if (spec->console_rows && spec->console_cols) {
			struct winsize ws = { .ws_row = (unsigned short)spec->console_rows,
					      .ws_col = (unsigned short)spec->console_cols };
			ioctl(c->console_master, TIOCSWINSZ, &ws);
		}
		r = console_send(o->console_socket, c->console_master);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, "--console-socket",
				 "cannot send the console to '%s' (%s)", o->console_socket,
				 strerror(-r));
			goto out;
		}
	}
	cc.st.pid = c->pid;
	cc.st.start_time = oci_pid_start_time(c->pid);
	r = oci_state_save(ctx, &cc.st);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot write '%s/state.json' (%s)", dir,
			 strerror(-r));
		goto out;
	}
	if (o->pid_file && (r = pid_file_write(o->pid_file, c->pid)) < 0) {
		diag_set(ret_diag, NULL, 0, "--pid-file", "cannot write '%s' (%s)", o->pid_file,
			 strerror(-r));
		goto out;
	}
	*ret_pid = c->pid;
	container_release(TAKE_PTR(c));
	oci_spec_free(spec);
	return 0;

out:
	/* nothing left: the init killed, its cgroups and the state gone */
	if (c)
		container_free(c);
	if (made)
		oci_state_remove(ctx, id);
	oci_spec_free(spec);
	return r;
}

/* ---- start, kill, delete ------------------------------------------------ */

int oci_start(const struct oci_ctx *ctx, const char *id, struct diag *ret_diag)
{
	struct oci_state *st = NULL;
	_cleanup_free_ char *fifo = NULL, *state = NULL;
	_cleanup_close_ int fd = -EBADF;
	struct oci_spec *spec = NULL;
	struct pollfd pfd;
	const char *status;
	char b;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	status = oci_state_status(ctx, st);
	if (strcmp(status, "created") != 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot start a container that is %s '%s'",
			 status, id);
		r = -EINVAL;
		goto out;
	}
	if (asprintf(&fifo, "%s/%s/exec.fifo", ctx->root, id) < 0) {
		r = -ENOMEM;
		goto out;
	}
	/* Non-blocking: an init that died meanwhile never opens its end. */
	fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot open '%s' (%s)", fifo, strerror(-r));
		goto out;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		ssize_t n;
		r = poll(&pfd, 1, 200);
		if (r < 0 && errno != EINTR) {
			r = NEG_ERRNO();
			break;
		}
		n = read(fd, &b, 1);
		if (n == 1) {
			r = 0;
			break;
		}
		if (oci_pid_start_time(st->pid) != st->start_time) {
			r = -ESRCH;
			break;
		}
	}
	unlink(fifo);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "the container's init is gone '%s' (%s)", id,
			 strerror(-r));
		goto out;
	}
	/* poststart: from the bundle's config, as created */
	if (st->poststart && oci_spec_load(st->bundle, id, &spec, NULL) == 0 &&
	    spec->n_hooks[OCI_HOOK_POSTSTART]) {
		state = oci_state_json(st, "running");
		if (!state)
			r = -ENOMEM;
		else
			r = oci_hooks_run(spec, OCI_HOOK_POSTSTART, state, ret_diag);
	}
out:
	oci_spec_free(spec);
	oci_state_free(st);
	return r;
}

int oci_kill(const struct oci_ctx *ctx, const char *id, int sig, bool all, struct diag *ret_diag)
{
	struct oci_state *st = NULL;
	struct cgroup_handle *cg = NULL;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	if (all && oci_cgroup_open(ctx, id, &cg) == 0) {
		r = cgroup_kill(cg, sig);
		cgroup_free(cg);
		if (r < 0)
			diag_set(ret_diag, NULL, 0, NULL,
				 "cannot signal the container's processes '%s' (%s)", id,
				 strerror(-r));
	} else if (strcmp(oci_state_status(ctx, st), "stopped") == 0) {
		diag_set(ret_diag, NULL, 0, NULL, "container not running '%s'", id);
		r = -ESRCH;
	} else if (kill(st->pid, sig) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot signal the init of '%s' (%s)", id,
			 strerror(-r));
	}
	oci_state_free(st);
	return r;
}

int oci_delete(const struct oci_ctx *ctx, const char *id, bool force, struct diag *ret_diag)
{
	struct oci_state *st = NULL;
	struct cgroup_handle *cg = NULL;
	struct oci_spec *spec = NULL;
	_cleanup_free_ char *state = NULL;
	const char *status;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	status = oci_state_status(ctx, st);
	if (strcmp(status, "stopped") != 0 && strcmp(status, "created") != 0 && !force) {
		diag_set(ret_diag, NULL, 0, NULL,
			 "cannot delete container '%s' that is not stopped: %s (--force kills it)",
			 id, status);
		r = -EBUSY;
		goto out;
	}
	/* the whole cgroup, every process in it killed (a created init too) */
	if (oci_cgroup_open(ctx, id, &cg) == 0) {
		if (strcmp(status, "paused") == 0)
			(void)cgroup_freeze(cg, false);
		r = cgroup_destroy(cg);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, NULL, "cannot remove the cgroups of '%s' (%s)",
				 id, strerror(-r));
			goto out;
		}
	} else if (strcmp(status, "stopped") != 0) {
		(void)kill(st->pid, SIGKILL);
	}
	oci_state_remove(ctx, id);
	if (st->poststop && oci_spec_load(st->bundle, id, &spec, NULL) == 0 &&
	    spec->n_hooks[OCI_HOOK_POSTSTOP]) {
		state = oci_state_json(st, "stopped");
		r = state ? oci_hooks_run(spec, OCI_HOOK_POSTSTOP, state, ret_diag) : -ENOMEM;
	}
out:
	oci_spec_free(spec);
	oci_state_free(st);
	return r;
}

int oci_run_wait(pid_t pid)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 100 * 1000 * 1000 };
	int status = 0;
	sigset_t mask;
	siginfo_t si;

	sigemptyset(&mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(&mask, sigs[i]);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		int s;
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return 1;
		s = sigtimedwait(&mask, &si, &tick);
		if (s > 0 && s != SIGCHLD)
			kill(pid, s);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
