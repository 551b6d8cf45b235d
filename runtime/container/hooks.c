// SPDX-License-Identifier: LGPL-2.1-or-later
/* LXC's hooks: each runs as `/bin/sh -c "exec COMMAND ..."` in a child
 * process with LXC's environment (src/lxc/start.c, run_script_argv in
 * src/lxc/utils.c), and the first failing one stops the rest.  Like LXC's
 * run_buffer, the hook's output is read through a pipe: a failing hook's
 * last words go into the diagnostic, so that they reach the user even when
 * the hook ran in a monitor whose stderr is /dev/null. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/container.h"
#include "ctr/hooks.h"
#include "ctr/fsutil.h"
#include "ctr/spawn.h"

/* LXC's order and names (src/lxc/namespace.c ns_info). */
static const struct {
	enum container_ns ns;
	const char *name, *env;
} hook_ns[] = {
	{ CONTAINER_NS_USER, "user", "LXC_USER_NS" },
	{ CONTAINER_NS_MNT, "mnt", "LXC_MNT_NS" },
	{ CONTAINER_NS_PID, "pid", "LXC_PID_NS" },
	{ CONTAINER_NS_UTS, "uts", "LXC_UTS_NS" },
	{ CONTAINER_NS_IPC, "ipc", "LXC_IPC_NS" },
	{ CONTAINER_NS_NET, "net", "LXC_NET_NS" },
	{ CONTAINER_NS_CGROUP, "cgroup", "LXC_CGROUP_NS" },
	{ CONTAINER_NS_TIME, "time", "LXC_TIME_NS" },
};

/* The shell command line; NULL on ENOMEM. */
static char *hook_cmdline(const struct container_config *cfg, enum cfg_hook_type type,
			  const char *cmd, const struct hook_env *env, pid_t self)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f, "exec %s", cmd);
	if (cfg->hook_version == 0) {
		fprintf(f, " '%s' 'lxc' '%s'", cfg->name, config_hook_name(type));
		for (size_t i = 0;
		     type == CFG_HOOK_STOP && env && env->ns_fds && i < ARRAY_SIZE(hook_ns); i++)
			if (env->ns_fds[hook_ns[i].ns] >= 0)
				fprintf(f, " %s:/proc/%d/fd/%d", hook_ns[i].name, (int)self,
					env->ns_fds[hook_ns[i].ns]);
	}
	/* LXC pastes these in unquoted; here each stays one word */
	for (char *const *a = env ? env->args : NULL; a && *a; a++) {
		fputs(" '", f);
		for (const char *c = *a; *c; c++)
			if (*c == '\'')
				fputs("'\\''", f);
			else
				fputc(*c, f);
		fputc('\'', f);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* In the forked child: LXC's environment, then exec; never returns. */
static _Noreturn void hook_exec(const struct container_config *cfg, enum cfg_hook_type type,
				const char *line, const struct hook_env *env, pid_t self,
				int out_fd)
{
	char buf[64];
	sigset_t none;

	setenv("LXC_NAME", cfg->name, 1);
	if (cfg->path)
		setenv("LXC_CONFIG_FILE", cfg->path, 1);
	if (cfg->rootfs)
		setenv("LXC_ROOTFS_PATH", cfg->rootfs, 1);
	if (env && env->rootfs_mount)
		setenv("LXC_ROOTFS_MOUNT", env->rootfs_mount, 1);
	else if (cfg->rootfs)
		setenv("LXC_ROOTFS_MOUNT", cfg->rootfs, 1);
	if (cfg->console_path)
		setenv("LXC_CONSOLE", cfg->console_path, 1);
	if (cfg->console_logfile)
		setenv("LXC_CONSOLE_LOGPATH", cfg->console_logfile, 1);
	setenv("LXC_CGNS_AWARE", "1", 1);
	setenv("LXC_LOG_LEVEL", "ERROR", 1);
	setenv("LXC_HOOK_VERSION", cfg->hook_version ? "1" : "0", 1);
	if (cfg->hook_version) {
		setenv("LXC_HOOK_TYPE", config_hook_name(type), 1);
		setenv("LXC_HOOK_SECTION", "lxc", 1);
		for (size_t i = 0;
		     type == CFG_HOOK_STOP && env && env->ns_fds && i < ARRAY_SIZE(hook_ns); i++)
			if (env->ns_fds[hook_ns[i].ns] >= 0) {
				snprintf(buf, sizeof(buf), "/proc/%d/fd/%d", (int)self,
					 env->ns_fds[hook_ns[i].ns]);
				setenv(hook_ns[i].env, buf, 1);
			}
	}
	if (env && env->pid > 0) {
		snprintf(buf, sizeof(buf), "%d", (int)env->pid);
		setenv("LXC_PID", buf, 1);
	}
	if (env && env->target)
		setenv("LXC_TARGET", env->target, 1);
	if (env && env->src_name)
		setenv("LXC_SRC_NAME", env->src_name, 1);

	spawn_child_stdio(out_fd);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execl("/bin/sh", "sh", "-c", line, (char *)NULL);
	_exit(127);
}

/* A hook's output: passed on to stderr as it comes, but for the last
 * HOOK_TAIL bytes, which are held back for the diagnostic of a failure. */
#define HOOK_TAIL 240

struct hook_output {
	char buf[HOOK_TAIL];
	size_t n;
};

static void output_add(struct hook_output *o, const char *p, size_t n)
{
	if (n >= HOOK_TAIL) {
		fd_write_all(STDERR_FILENO, o->buf, o->n);
		fd_write_all(STDERR_FILENO, p, n - HOOK_TAIL);
		p += n - HOOK_TAIL;
		n = HOOK_TAIL;
		o->n = 0;
	} else if (o->n + n > HOOK_TAIL) {
		size_t drop = o->n + n - HOOK_TAIL;
		fd_write_all(STDERR_FILENO, o->buf, drop);
		memmove(o->buf, o->buf + drop, o->n - drop);
		o->n -= drop;
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

/* Reads @fd until its end, or until @pid has exited and what it wrote is
 * read (a process the hook left behind may hold the pipe); then reaps
 * @pid into *ret_status.  Returns 0 or -errno. */
static int output_collect(int fd, pid_t pid, struct hook_output *o, int *ret_status)
{
	char buf[4096];
	bool exited = false;
	size_t after = 0; /* read since the hook exited: a writer it left is not waited for */
	int status = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int k;

		if (!exited) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w < 0 && errno != EINTR)
				return NEG_ERRNO();
			exited = w == pid;
		}
		k = poll(&p, 1, exited ? 0 : 100);
		if (k < 0 && errno != EINTR)
			return NEG_ERRNO();
		if (k > 0) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			output_add(o, buf, (size_t)n);
			if (exited && (after += (size_t)n) >= 65536)
				break;
			continue;
		}
		if (exited)
			break;
	}
	if (!exited)
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return NEG_ERRNO();
	*ret_status = status;
	return 0;
}

/* The held-back output as one line for a message: newlines as "; ",
 * without the trailing ones; "" when there was none. */
static void output_line(const struct hook_output *o, char *buf, size_t len)
{
	size_t n = o->n, j = 0;

	while (n > 0 && (o->buf[n - 1] == '\n' || o->buf[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < n && j + 3 < len; i++) {
		if (o->buf[i] == '\n') {
			buf[j++] = ';';
			buf[j++] = ' ';
		} else {
			buf[j++] = o->buf[i] == '\r' || o->buf[i] == '\t' ? ' ' : o->buf[i];
		}
	}
	buf[j] = '\0';
}

static int hook_run_one(const struct container_config *cfg, enum cfg_hook_type type,
			const struct cfg_hook *h, const struct hook_env *env, struct diag *ret_diag)
{
	_cleanup_free_ char *line = NULL;
	_cleanup_close_ int rd = -EBADF, wr = -EBADF;
	struct hook_output out = { .n = 0 };
	char said[HOOK_TAIL * 2 + 8], why[64];
	pid_t self = getpid(), pid;
	int pipe_fd[2], status = 0, r;

	line = hook_cmdline(cfg, type, h->cmd, env, self);
	if (!line)
		return -ENOMEM;
	if (pipe2(pipe_fd, O_CLOEXEC) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, h->origin.file, h->origin.line, h->origin.key,
			 "cannot run the %s hook '%s' (%s)", config_hook_name(type), h->cmd,
			 strerror(-r));
		return r;
	}
	rd = pipe_fd[0];
	wr = pipe_fd[1];
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, h->origin.file, h->origin.line, h->origin.key,
			 "cannot run the %s hook '%s' (%s)", config_hook_name(type), h->cmd,
			 strerror(-r));
		return r;
	}
	if (pid == 0)
		hook_exec(cfg, type, line, env, self, wr);
	closep(&wr);
	r = output_collect(rd, pid, &out, &status);
	if (r < 0) {
		diag_set(ret_diag, h->origin.file, h->origin.line, h->origin.key,
			 "cannot wait for the %s hook '%s' (%s)", config_hook_name(type), h->cmd,
			 strerror(-r));
		return r;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		fd_write_all(STDERR_FILENO, out.buf, out.n);
		return 0;
	}
	if (WIFEXITED(status))
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(status));
	else
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	output_line(&out, said, sizeof(said));
	diag_set(ret_diag, h->origin.file, h->origin.line, h->origin.key,
		 "%s hook '%s' failed (%s)%s%s", config_hook_name(type), h->cmd, why,
		 *said ? ": " : "", said);
	return -ECANCELED;
}

int hooks_run(const struct container_config *cfg, enum cfg_hook_type type,
	      const struct hook_env *env, struct diag *ret_diag)
{
	if (!cfg || (unsigned)type >= CFG_HOOK_MAX)
		return -EINVAL;
	for (size_t i = 0; i < cfg->n_hooks[type]; i++) {
		int r = hook_run_one(cfg, type, &cfg->hooks[type][i], env, ret_diag);
		if (r < 0)
			return r;
	}
	return 0;
}

static int dup_str(char **dst, const char *src)
{
	if (src && !(*dst = strdup(src)))
		return -ENOMEM;
	return 0;
}

/* The config's file list: origins point into it. */
static const char *keep_file(struct container_config *k, const char *file)
{
	size_t n = 0;
	char **nv;

	if (!file)
		return NULL;
	for (; k->files && k->files[n]; n++)
		if (strcmp(k->files[n], file) == 0)
			return k->files[n];
	nv = realloc(k->files, (n + 2) * sizeof(*nv));
	if (!nv)
		return NULL;
	k->files = nv;
	nv[n + 1] = NULL;
	return nv[n] = strdup(file);
}

int hooks_keep(const struct container_config *cfg, struct container_config **ret)
{
	static const enum cfg_hook_type kept[] = { CFG_HOOK_STOP, CFG_HOOK_POST_STOP };
	_cleanup_free_ struct container_config *k = NULL;
	int r = 0;

	*ret = NULL;
	if (!cfg->n_hooks[CFG_HOOK_STOP] && !cfg->n_hooks[CFG_HOOK_POST_STOP])
		return 0;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->hook_version = cfg->hook_version;
	if (dup_str(&k->name, cfg->name) < 0 || dup_str(&k->path, cfg->path) < 0 ||
	    dup_str(&k->rootfs, cfg->rootfs) < 0 ||
	    dup_str(&k->console_path, cfg->console_path) < 0 ||
	    dup_str(&k->console_logfile, cfg->console_logfile) < 0)
		r = -ENOMEM;
	for (size_t t = 0; r == 0 && t < ARRAY_SIZE(kept); t++) {
		size_t n = cfg->n_hooks[kept[t]];
		if (!n)
			continue;
		k->hooks[kept[t]] = calloc(n, sizeof(struct cfg_hook));
		if (!k->hooks[kept[t]]) {
			r = -ENOMEM;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			const struct cfg_hook *h = &cfg->hooks[kept[t]][i];
			struct cfg_hook *d = &k->hooks[kept[t]][i];
			d->origin = h->origin;
			d->origin.file = keep_file(k, h->origin.file);
			d->origin.key = NULL;
			d->cmd = strdup(h->cmd);
			k->n_hooks[kept[t]]++;
			if (!d->cmd || (h->origin.file && !d->origin.file)) {
				r = -ENOMEM;
				break;
			}
		}
	}
	if (r < 0) {
		config_free(TAKE_PTR(k));
		return r;
	}
	*ret = TAKE_PTR(k);
	return 0;
}
