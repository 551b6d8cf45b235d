/* The monitor's way to start a container: the runtime's container_start,
 * detached (the console goes to its pty, held by the monitor). */
#include <errno.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/monitor.h"

static int mc_start(const struct container_config *cfg, char *const *argv,
		    struct monitor_container *ret, struct diag_list *warnings,
		    struct diag *ret_diag)
{
	struct container_opts opts = { .argv = argv, .stdio = CONTAINER_STDIO_DETACHED };
	struct container *c = NULL;
	int r;

	r = container_start(cfg, &opts, &c, warnings, ret_diag);
	if (r < 0)
		return r;
	if (c->exec_errno) {
		r = -c->exec_errno;
		diag_set(ret_diag, NULL, 0, NULL, "cannot execute '%s' (%s)",
			 c->exec_path ? c->exec_path : "/sbin/init", strerror(c->exec_errno));
		container_free(c);
		return r;
	}
	ret->init_pid = c->pid;
	ret->console_fd = c->console_master;
	ret->n_ttys = c->n_ttys < ARRAY_SIZE(ret->tty_fds) ? c->n_ttys : ARRAY_SIZE(ret->tty_fds);
	for (unsigned i = 0; i < ret->n_ttys; i++)
		ret->tty_fds[i] = c->tty_masters[i];
	ret->handle = c;
	return 0;
}

static int mc_wait(struct monitor_container *mc, int *ret_status)
{
	struct container *c = mc->handle;
	int r, k, status = 0;

	if (!c)
		return -EINVAL;
	r = container_wait(c, &status);
	k = container_free(c);
	mc->handle = NULL;
	*ret_status = status;
	return r < 0 ? r : k;
}

const struct monitor_ops monitor_container_ops = {
	.start = mc_start,
	.wait = mc_wait,
	.reload = config_load,
	.free_config = config_free,
};
