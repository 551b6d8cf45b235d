// SPDX-License-Identifier: LGPL-2.1-or-later
/* The OCI commands over the engine: create (container_start with an exec
 * FIFO, then the runtime lets go: the init is reparented to the caller's
 * subreaper, conmon or containerd's shim), start, kill, delete; the hooks
 * with the state on their stdin. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <grp.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/container.h"
#include "ctr/fdpass.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"
#include "ctr/seccomp.h"

extern char **environ;

/* ---- hooks -------------------------------------------------------------- */

static int hook_run(const struct oci_hook *h, const char *state, struct diag *d, const char *key)
{
	int in[2], status = 0;
	struct timespec start, now;
	pid_t pid, w;

	if (pipe2(in, O_CLOEXEC) < 0)
		return NEG_ERRNO();
	pid = fork();
	if (pid < 0) {
		int r = NEG_ERRNO();
		close(in[0]);
		close(in[1]);
		return r;
	}
	if (pid == 0) {
		char *const none[] = { h->path, NULL };
		dup2(in[0], 0);
		if (!isatty(2))
			dup2(2, 1);
		execve(h->path, h->args ? h->args : none, h->env ? h->env : (char *[]){ NULL });
		_exit(127);
	}
	close(in[0]);
	signal(SIGPIPE, SIG_IGN);
	(void)fd_write_all(in[1], state, strlen(state));
	close(in[1]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		w = waitpid(pid, &status, h->timeout ? WNOHANG : 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return NEG_ERRNO();
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (h->timeout && now.tv_sec - start.tv_sec >= h->timeout) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			diag_set(d, NULL, 0, key, "hook '%s' timed out after %d s", h->path,
				 h->timeout);
			return -ETIMEDOUT;
		}
		if (h->timeout)
			usleep(10000);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		diag_set(d, NULL, 0, key, "hook '%s' failed (exit status %d)", h->path,
			 WEXITSTATUS(status));
	else
		diag_set(d, NULL, 0, key, "hook '%s' failed (killed by signal %d)", h->path,
			 WTERMSIG(status));
	return -ECANCELED;
}

int oci_hooks_run(const struct oci_spec *s, enum oci_hook_type type, const char *state_json,
		  struct diag *ret_diag)
{
	for (size_t i = 0; i < s->n_hooks[type]; i++) {
		char key[64];
		int r;
		snprintf(key, sizeof(key), "hooks.%s[%zu]", oci_hook_name(type), i);
		r = hook_run(&s->hooks[type][i], state_json, ret_diag, key);
		if (r < 0)
			return r;
	}
	return 0;
}

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

/* Connects to the AF_UNIX socket at @path: an fd or -errno. */
static int console_connect(const char *path)
{
	_cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (s < 0)
		return NEG_ERRNO();
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return NEG_ERRNO();
	return TAKE_FD(s);
}

/* Sends @fd over the connected socket @s, as runc's --console-socket. */
static int console_send_fd(int s, int fd)
{
	static const char name[] = "/dev/ptmx";

	return fd_send(s, fd, name, sizeof(name) - 1);
}

static int console_send(const char *path, int fd)
{
	_cleanup_close_ int s = console_connect(path);

	return s < 0 ? s : console_send_fd(s, fd);
}

/* The pid file, written through @dirfd (its directory, opened before this
 * process entered the container's mount namespace) or by path. */
static int pid_file_write_at(int dirfd, const char *path, pid_t pid)
{
	const char *name = dirfd >= 0 && strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = -EBADF;
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (asprintf(&tmp, "%s.tmp-%d", name, (int)getpid()) < 0)
		return -ENOMEM;
	fd = openat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return NEG_ERRNO();
	if (write(fd, buf, (size_t)n) != n ||
	    renameat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, dirfd >= 0 ? dirfd : AT_FDCWD, name) < 0) {
		int r = NEG_ERRNO();
		unlinkat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, 0);
		return r;
	}
	return 0;
}

static int pid_file_write(const char *path, pid_t pid)
{
	return pid_file_write_at(-EBADF, path, pid);
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

/* The state directory, gone: after a failed create or a delete. */
static void state_dir_remove(const struct oci_ctx *ctx, const char *id)
{
	_cleanup_close_ int rfd = open(ctx->root, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (rfd >= 0)
		(void)fs_remove_tree(rfd, id);
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
		state_dir_remove(ctx, id);
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
	state_dir_remove(ctx, id);
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

/* ---- exec --------------------------------------------------------------- */

struct exec_failure {
	int err;
	char what[256];
};

static _Noreturn void exec_fail(int fd, int err, const char *what)
{
	struct exec_failure f = { .err = err };

	snprintf(f.what, sizeof(f.what), "%s", what);
	(void)!write(fd, &f, sizeof(f));
	_exit(err == ENOENT ? 127 : 126);
}

/* In the child, in the container: the process's own settings, then its
 * exec.  Failures go to @report as one struct exec_failure. */
static _Noreturn void exec_child(const struct oci_spec *ps, const struct seccomp_prog *filter,
				 int tty_slave, int report)
{
	const struct container_config *cfg = ps->cfg;

	if (setsid() < 0)
		exec_fail(report, errno, "setsid");
	if (tty_slave >= 0 && (ioctl(tty_slave, TIOCSCTTY, 0) < 0 || dup2(tty_slave, 0) < 0 ||
			       dup2(tty_slave, 1) < 0 || dup2(tty_slave, 2) < 0))
		exec_fail(report, errno, "make the terminal the process's");
	if (chdir(cfg->init_cwd ? cfg->init_cwd : "/") < 0)
		exec_fail(report, errno, "change to the process's cwd");
	for (size_t i = 0; i < ps->n_rlimits; i++) {
		struct rlimit rl = { .rlim_cur = ps->rlimits[i].soft,
				     .rlim_max = ps->rlimits[i].hard };
		if (setrlimit(ps->rlimits[i].resource, &rl) < 0)
			exec_fail(report, errno, "set the process's rlimits");
	}
	if (ps->umask_set)
		umask(ps->umask);
	if (caps_apply(caps_drop_mask(cfg)) < 0)
		exec_fail(report, errno, "drop capabilities");
	if (cfg->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		exec_fail(report, errno, "set no_new_privs");
	if (filter && seccomp_prog_load(filter) < 0)
		exec_fail(report, errno, "load the container's seccomp filter");
	if (caps_keep(cfg) < 0)
		exec_fail(report, errno, "keep capabilities");
	if (cfg->user_set && (setgroups(cfg->n_user_groups, cfg->user_groups) < 0 ||
			      setresgid(cfg->user_gid, cfg->user_gid, cfg->user_gid) < 0 ||
			      setresuid(cfg->user_uid, cfg->user_uid, cfg->user_uid) < 0))
		exec_fail(report, errno, "become the process's user");
	if (caps_sets_apply(cfg) < 0)
		exec_fail(report, errno, "set the process's capability sets");
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	{
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	environ = cfg->environment ? cfg->environment : (char *[]){ NULL };
	execvp(cfg->init_cmd[0], cfg->init_cmd);
	exec_fail(report, errno, cfg->init_cmd[0]);
}

/* Reads the file @path whole (at most 1 MiB): 0 or -errno. */
static int read_path(const char *path, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *dir = strdup(path);
	_cleanup_close_ int dfd = -EBADF;
	char *slash = dir ? strrchr(dir, '/') : NULL;

	if (!dir)
		return -ENOMEM;
	if (slash)
		*slash = '\0';
	dfd = open(!slash ? "." : slash == dir ? "/" : dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return NEG_ERRNO();
	return fs_read_in_root(dfd, slash ? path + (slash - dir) + 1 : path, 1 << 20, ret, ret_len);
}

/* The process to run: --process FILE, else the bundle's, with the
 * command line's overrides. */
static int exec_process(const struct oci_state *st, const struct oci_exec_opts *o,
			struct oci_spec **ret, struct diag *d)
{
	struct oci_spec *ps = NULL;
	struct container_config *cfg;
	int r;

	if (o->process) {
		_cleanup_free_ char *data = NULL;
		size_t len;

		r = read_path(o->process, &data, &len);
		if (r < 0) {
			diag_set(d, o->process, 0, "", "cannot read (%s)", strerror(-r));
			return r;
		}
		r = oci_process_parse(data, len, o->process, &ps, d);
	} else {
		r = oci_spec_load(st->bundle, st->id, &ps, d);
		/* the bundle's process, but a terminal only with --tty (runc) */
		if (r == 0)
			ps->terminal = false;
	}
	if (r < 0)
		return r;
	cfg = ps->cfg;
	if (o->args && o->args[0]) {
		strv_free(cfg->init_cmd);
		cfg->init_cmd = NULL;
		for (size_t n = 0; o->args[n]; n++) {
			char **nv = realloc(cfg->init_cmd, (n + 2) * sizeof(char *));
			if (!nv)
				goto enomem;
			cfg->init_cmd = nv;
			nv[n] = strdup(o->args[n]);
			nv[n + 1] = NULL;
			if (!nv[n])
				goto enomem;
		}
	}
	if (!cfg->init_cmd || !cfg->init_cmd[0]) {
		diag_set(d, NULL, 0, NULL, "exec: no command given");
		oci_spec_free(ps);
		return -EINVAL;
	}
	if (o->cwd) {
		free(cfg->init_cwd);
		if (!(cfg->init_cwd = strdup(o->cwd)))
			goto enomem;
	}
	for (char **e = o->env; e && *e; e++) {
		size_t n = 0, klen = strcspn(*e, "=");
		char **nv;
		for (; cfg->environment && cfg->environment[n]; n++)
			if (strncmp(cfg->environment[n], *e, klen) == 0 &&
			    cfg->environment[n][klen] == '=')
				break;
		if (cfg->environment && cfg->environment[n]) {
			free(cfg->environment[n]);
			if (!(cfg->environment[n] = strdup(*e)))
				goto enomem;
			continue;
		}
		nv = realloc(cfg->environment, (n + 2) * sizeof(char *));
		if (!nv)
			goto enomem;
		cfg->environment = nv;
		nv[n + 1] = NULL;
		if (!(nv[n] = strdup(*e)))
			goto enomem;
	}
	if (o->user) {
		unsigned u, g = 0;
		int k = 0;
		if (sscanf(o->user, "%u%n:%u%n", &u, &k, &g, &k) < 1 || o->user[k]) {
			diag_set(d, NULL, 0, "--user", "'%s' is not UID[:GID]", o->user);
			oci_spec_free(ps);
			return -EINVAL;
		}
		cfg->user_set = true;
		cfg->user_uid = u;
		cfg->user_gid = g;
	}
	for (char **c = o->caps; c && *c; c++) {
		int n = oci_cap_parse(*c);
		if (n < 0) {
			diag_set(d, NULL, 0, "--cap", "unknown capability '%s'", *c);
			oci_spec_free(ps);
			return -EINVAL;
		}
		cfg->cap_keep |= 1ULL << n;
	}
	*ret = ps;
	return 0;
enomem:
	oci_spec_free(ps);
	return -ENOMEM;
}

int oci_exec(const struct oci_ctx *ctx, const char *id, const struct oci_exec_opts *o,
	     int *ret_status, struct diag *ret_diag)
{
	static const struct {
		const char *name;
		int flag;
	} nss[] = {
		{ "user", CLONE_NEWUSER },     { "mnt", CLONE_NEWNS },	{ "uts", CLONE_NEWUTS },
		{ "ipc", CLONE_NEWIPC },       { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID },
		{ "cgroup", CLONE_NEWCGROUP }, { "time", 0x80 },
	};
	struct oci_state *st = NULL;
	struct oci_spec *ps = NULL;
	struct cgroup_handle *cg = NULL;
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *filter = NULL;
	_cleanup_free_ char *bpf = NULL;
	_cleanup_close_ int pidfd = -EBADF, master = -EBADF, slave = -EBADF, pid_dir = -EBADF,
			    sock = -EBADF;
	struct exec_failure f = { 0 };
	int flags = 0, p[2] = { -EBADF, -EBADF }, status, r;
	pid_t child;
	ssize_t n;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	if (strcmp(oci_state_status(ctx, st), "running") != 0 &&
	    strcmp(oci_state_status(ctx, st), "created") != 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot exec in a container that is %s '%s'",
			 oci_state_status(ctx, st), id);
		r = -EINVAL;
		goto out;
	}
	r = exec_process(st, o, &ps, ret_diag);
	if (r < 0)
		goto out;
	if ((o->tty || ps->terminal) && !o->console_socket) {
		diag_set(ret_diag, NULL, 0, "--tty", "a terminal needs --console-socket");
		r = -EINVAL;
		goto out;
	}
	if (asprintf(&bpf, "%s/%s/" CONTAINER_SECCOMP_FILE, ctx->root, id) < 0) {
		r = -ENOMEM;
		goto out;
	}
	r = seccomp_prog_read(bpf, &filter);
	if (r < 0 && r != -ENOENT) {
		diag_set(ret_diag, NULL, 0, NULL,
			 "cannot read the container's seccomp filter '%s' (%s)", bpf, strerror(-r));
		goto out;
	}
	pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	if (pidfd < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "the container's init is gone '%s'", id);
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(nss); i++) {
		char a[64], b[64];
		struct stat sa, sb;
		snprintf(a, sizeof(a), "/proc/%d/ns/%s", (int)st->pid, nss[i].name);
		snprintf(b, sizeof(b), "/proc/self/ns/%s", nss[i].name);
		if (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		    (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev))
			flags |= nss[i].flag;
	}
	if (o->pid_file) {
		_cleanup_free_ char *dir = strdup(o->pid_file);
		char *slash = dir ? strrchr(dir, '/') : NULL;
		if (!dir) {
			r = -ENOMEM;
			goto out;
		}
		if (slash)
			*slash = '\0';
		pid_dir = open(!slash	      ? "."
			       : slash == dir ? "/"
					      : dir,
			       O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (pid_dir < 0) {
			r = NEG_ERRNO();
			diag_set(ret_diag, NULL, 0, "--pid-file",
				 "cannot open the directory of '%s' (%s)", o->pid_file,
				 strerror(-r));
			goto out;
		}
	}
	if (o->tty || ps->terminal) {
		sock = console_connect(o->console_socket);
		if (sock < 0) {
			r = sock;
			diag_set(ret_diag, NULL, 0, "--console-socket",
				 "cannot connect to '%s' (%s)", o->console_socket, strerror(-r));
			goto out;
		}
	}
	if (oci_cgroup_open(ctx, id, &cg) == 0) {
		r = cgroup_attach(cg, getpid());
		cgroup_free(cg);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, NULL, "cannot join the cgroups of '%s' (%s)",
				 id, strerror(-r));
			goto out;
		}
	}
	if (flags && setns(pidfd, flags) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot enter the namespaces of '%s' (%s)", id,
			 strerror(-r));
		goto out;
	}
	if (o->tty || ps->terminal) {
		/* from the container's own devpts */
		master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || unlockpt(master) < 0 ||
		    (slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
			r = NEG_ERRNO();
			diag_set(ret_diag, NULL, 0, "--tty",
				 "cannot open a pty in the container (%s)", strerror(-r));
			goto out;
		}
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		r = NEG_ERRNO();
		goto out;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		r = NEG_ERRNO();
		goto out;
	}
	if (child == 0) {
		close(p[0]);
		exec_child(ps, filter, slave, p[1]);
	}
	closep(&p[1]);
	closep(&slave);
	do
		n = read(p[0], &f, sizeof(f));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(f)) {
		waitpid(child, NULL, 0);
		if (f.err == ENOENT || f.err == EACCES)
			diag_set(ret_diag, NULL, 0, NULL, "exec: cannot run '%s' (%s)", f.what,
				 strerror(f.err));
		else
			diag_set(ret_diag, NULL, 0, NULL, "exec: cannot %s (%s)", f.what,
				 strerror(f.err));
		r = -f.err;
		goto out;
	}
	if (master >= 0) {
		r = console_send_fd(sock, master);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, "--console-socket",
				 "cannot send the pty to '%s' (%s)", o->console_socket,
				 strerror(-r));
			kill(child, SIGKILL);
			goto out;
		}
		closep(&master);
	}
	if (o->pid_file && (r = pid_file_write_at(pid_dir, o->pid_file, child)) < 0) {
		diag_set(ret_diag, NULL, 0, "--pid-file", "cannot write '%s' (%s)", o->pid_file,
			 strerror(-r));
		goto out;
	}
	*ret_status = 0;
	if (!o->detach) {
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR) {
				r = NEG_ERRNO();
				goto out;
			}
		*ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	r = 0;
out:
	closep(&p[0]);
	closep(&p[1]);
	oci_spec_free(ps);
	oci_state_free(st);
	return r;
}

/* ---- update ------------------------------------------------------------- */

int oci_update(const struct oci_ctx *ctx, const char *id, const char *file, struct diag *ret_diag)
{
	_cleanup_free_ char *data = NULL;
	struct container_config *cfg = NULL;
	struct cgroup_handle *cg = NULL;
	struct oci_state *st = NULL;
	struct diag_list warnings = { 0 };
	size_t len;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	if (strcmp(oci_state_status(ctx, st), "stopped") == 0) {
		diag_set(ret_diag, NULL, 0, NULL, "container not running '%s'", id);
		r = -ESRCH;
		goto out;
	}
	r = read_path(file, &data, &len);
	if (r < 0) {
		diag_set(ret_diag, file, 0, "", "cannot read (%s)", strerror(-r));
		goto out;
	}
	r = oci_resources_parse(data, len, file, id, &cfg, ret_diag);
	if (r < 0)
		goto out;
	r = oci_cgroup_open(ctx, id, &cg);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot find the cgroups of '%s' (%s)", id,
			 strerror(-r));
		goto out;
	}
	r = cgroup_update(cg, cfg, &warnings, ret_diag);
	cgroup_free(cg);
out:
	diag_list_free(&warnings);
	config_free(cfg);
	oci_state_free(st);
	return r;
}
