// SPDX-License-Identifier: LGPL-2.1-or-later
/* The monitor's way to start a container: the runtime's container_start,
 * its console on a pty the monitor holds (and relays, for a foreground
 * start). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/monitor.h"
#include "ctr/network.h"

/* The monitor's handle: the container and its network state. */
struct mc_handle {
	struct container *c;
	struct net_hook net;
};

static int mc_start(const struct container_config *cfg, char *const *argv,
		    struct monitor_container *ret, struct diag_list *warnings,
		    struct diag *ret_diag)
{
	struct container_opts opts = { .argv = argv };
	struct mc_handle *h = calloc(1, sizeof(*h));
	struct container *c = NULL;
	int r;

	if (!h)
		return -ENOMEM;
	opts.stdio = ret->stdio == MONITOR_STDIO_CONSOLE   ? CONTAINER_STDIO_CONSOLE
		     : ret->stdio == MONITOR_STDIO_INHERIT ? CONTAINER_STDIO_INHERIT
							   : CONTAINER_STDIO_DETACHED;
	h->net.cfg = cfg;
	opts.setup_hook = net_start_hook;
	opts.userdata = &h->net;
	r = container_start(cfg, &opts, &c, warnings, ret_diag);
	if (r < 0) {
		/* the hook may have run before a later step failed */
		net_teardown(h->net.state);
		free(h);
		return r;
	}
	if (c->exec_errno) {
		r = -c->exec_errno;
		ret->exec_errno = c->exec_errno;
		diag_set(ret_diag, NULL, 0, NULL, "cannot execute '%s' (%s)",
			 c->exec_path ? c->exec_path : "/sbin/init", strerror(c->exec_errno));
		container_free(c);
		net_teardown(h->net.state);
		free(h);
		return r;
	}
	/* the monitor relays the console, container_wait must not */
	c->stdio = CONTAINER_STDIO_DETACHED;
	h->c = c;
	ret->init_pid = c->pid;
	ret->console_fd = c->console_master;
	ret->console_log = c->console_log;
	ret->n_ttys = c->n_ttys < ARRAY_SIZE(ret->tty_fds) ? c->n_ttys : ARRAY_SIZE(ret->tty_fds);
	for (unsigned i = 0; i < ret->n_ttys; i++)
		ret->tty_fds[i] = c->tty_masters[i];
	ret->handle = h;
	return 0;
}

static int mc_wait(struct monitor_container *mc, int *ret_status)
{
	struct mc_handle *h = mc->handle;
	int r, k, n, status = 0;

	if (!h)
		return -EINVAL;
	r = container_wait(h->c, &status);
	h->c->stop_diag = &mc->stop_diag;
	/* after container_free, which lets go of the namespace: no veth
	 * outlives the stop, and phys NICs come back under their names */
	k = container_free(h->c);
	n = net_teardown(h->net.state);
	free(h);
	mc->handle = NULL;
	if (k == 0)
		k = n;
	*ret_status = status;
	return r < 0 ? r : k;
}

static int mc_clean_stale(const struct container_config *cfg)
{
	int r = net_cleanup(cfg, NULL);

	return r < 0 ? r : 0;
}

const struct monitor_ops monitor_container_ops = {
	.start = mc_start,
	.wait = mc_wait,
	.clean_stale = mc_clean_stale,
	.reload = config_load,
	.free_config = config_free,
};
