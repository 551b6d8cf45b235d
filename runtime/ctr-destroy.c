// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-destroy: remove a container that ctr-create (or lxc-create, or the
 * seed's hand) made: its rootfs, config, fstab and /etc/lxc link.
 * Exit status: 0 removed, 1 failure (running without -f, not found), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/create.h"
#include "ctr/log.h"
#include "ctr/monitor.h"

static struct cli_args arg;
static const char *arg_sysconfdir;
static bool arg_force;

static void help(void)
{
	printf("usage: ctr-destroy -n NAME [-f] [-P DIR]\n"
	       "       ctr-destroy -h | -V\n"
	       "\n"
	       "Runs the destroy hooks of the stopped container NAME, then removes its\n"
	       "rootfs, its config and fstab, the %s/lxc/NAME.conf link and its\n"
	       "directory when left empty.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -f, --force          stop (kill) it first if it runs\n"
	       "  -P, --lxcpath DIR    where containers live (default %s)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n",
	       CTR_SYSCONFDIR, create_lxcpath());
}

static const struct cli_command cmd = {
	.name = "ctr-destroy",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		CLI_OPT_NAME,	 { "force", no_argument, NULL, 'f' },
		CLI_OPT_LXCPATH, { "sysconfdir", required_argument, NULL, 'S' },
		CLI_OPT_HELP,	 {}
	};
	int c;

	while ((c = getopt_long(argc, argv, ":n:fP:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'f':
			arg_force = true;
			break;
		case 'S':
			arg_sysconfdir = optarg;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *config = NULL, *lock_path = NULL; /* the run dir */
	_cleanup_close_ int lock = -EBADF;
	struct diag d = { 0 };
	char where[600];
	int r;

	parse_argv(argc, argv);
	r = config_find(arg_sysconfdir, arg.name, &config, &d);
	if (r < 0) {
		log_error("%s", d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	/* The container's own lock: held while it runs, and by us while we
	 * remove it, so no start can race the removal. */
	lock = container_lock(NULL, arg.name, &lock_path);
	if (lock == -EBUSY && arg_force) {
		r = monitor_stop(arg.name, 0);
		if (r < 0 && r != -ESRCH && r != -ENOENT && r != -ECONNREFUSED) {
			log_error("cannot stop container '%s' (%s)", arg.name, strerror(-r));
			return 1;
		}
		lock = container_lock(NULL, arg.name, &lock_path);
	}
	if (lock == -EBUSY) {
		log_error("container '%s' is running (stop it first, or -f to kill it)", arg.name);
		return 1;
	}
	if (lock < 0) {
		log_error("cannot lock container '%s' (%s)", arg.name, strerror(-lock));
		return 1;
	}
	r = create_destroy(arg.name, config, arg_sysconfdir, &d);
	container_lock_release(TAKE_FD(lock), lock_path);
	if (r < 0) {
		log_error("cannot destroy '%s': %s%s", arg.name,
			  diag_where(&d, where, sizeof(where)), d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	return 0;
}
