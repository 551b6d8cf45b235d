// SPDX-License-Identifier: LGPL-2.1-or-later
/* The OCI hooks: each run with the container's state on its stdin and its
 * own timeout; see ctr/oci.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"

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
