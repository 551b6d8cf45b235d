// SPDX-License-Identifier: LGPL-2.1-or-later
/* exec: a process run in a running container, as runc exec does it (its
 * namespaces, cgroups, user, capabilities, rlimits and seccomp filter); see
 * ctr/oci.h. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/container.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"
#include "ctr/procutil.h"
#include "ctr/seccomp.h"
#include "ctr/strutil.h"

extern char **environ;

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

		r = oci_read_path(o->process, &data, &len);
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
		for (size_t n = 0; o->args[n]; n++)
			if (strv_add(&cfg->init_cmd, o->args[n]) < 0)
				goto enomem;
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
		if (strv_add(&cfg->environment, *e) < 0)
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
	flags = proc_ns_differing(st->pid);
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
		sock = oci_console_connect(o->console_socket);
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
		r = oci_console_send_fd(sock, master);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, "--console-socket",
				 "cannot send the pty to '%s' (%s)", o->console_socket,
				 strerror(-r));
			kill(child, SIGKILL);
			goto out;
		}
		closep(&master);
	}
	if (o->pid_file && (r = oci_pid_file_write_at(pid_dir, o->pid_file, child)) < 0) {
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
