// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-copy: copy a stopped container under a new name, in full or as an
 * overlay snapshot of its rootfs, as lxc-copy does.
 * Exit status: 0 copied, 1 failure (nothing left behind), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/create.h"
#include "ctr/log.h"

static struct copy_opts arg_opts;
static struct cli_args arg;

static void help(void)
{
	printf("usage: ctr-copy -n NAME -N NEWNAME [-s] [-P DIR] [-q] [-- HOOKARG...]\n"
	       "       ctr-copy -h | -V\n"
	       "\n"
	       "Copies the stopped container NAME to LXCPATH/NEWNAME: its rootfs, or with -s\n"
	       "an overlay snapshot of it, and its config with the new name, hostname, MACs;\n"
	       "then runs the copy's lxc.hook.clone, with the HOOKARGs after its own.\n"
	       "\n"
	       "  -n, --name NAME        the container to copy\n"
	       "  -N, --newname NAME     the copy's name\n"
	       "  -s, --snapshot         an overlay over NAME's rootfs instead of a copy\n"
	       "  -P, --lxcpath DIR      where the copy goes (default %s)\n"
	       "  -q, --quiet            print nothing on success\n"
	       "  -h, --help             this help\n"
	       "  -V, --version          the version\n",
	       create_lxcpath());
}

static const struct cli_command cmd = {
	.name = "ctr-copy",
	.help = help,
	.flags = CLI_NAME | CLI_DASHDASH,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "newname", required_argument, NULL, 'N' },
						 { "snapshot", no_argument, NULL, 's' },
						 CLI_OPT_LXCPATH,
						 { "sysconfdir", required_argument, NULL, 'S' },
						 CLI_OPT_QUIET,
						 CLI_OPT_HELP,
						 {} };
	int c;

	/* what follows "--" goes to the clone hooks, unseen by getopt */
	arg_opts.hook_args = cli_split_dashdash(&argc, argv);
	while ((c = getopt_long(argc, argv, ":n:N:sP:qhV", options, NULL)) >= 0) {
		switch (c) {
		case 'N':
			arg_opts.newname = optarg;
			break;
		case 's':
			arg_opts.snapshot = true;
			break;
		case 'S':
			arg_opts.sysconfdir = optarg;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
	if (!arg_opts.newname)
		cli_usage_error(&cmd, "no name for the copy (use -N NEWNAME)");
	arg_opts.name = arg.name;
	arg_opts.lxcpath = arg.lxcpath;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *config = NULL, *lock_dir = NULL;
	_cleanup_close_ int lock = -EBADF;
	struct create_result res = { 0 };
	struct diag d = { 0 };
	char where[600];
	int r;

	parse_argv(argc, argv);
	r = config_find(arg_opts.sysconfdir, arg_opts.name, &config, &d);
	if (r < 0) {
		log_error("%s", d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	arg_opts.config = config;
	/* the origin's lock: it must not run (or start) while it is copied */
	lock = container_lock(NULL, arg_opts.name, &lock_dir);
	if (lock == -EBUSY) {
		log_error("container '%s' is running: stop it first", arg_opts.name);
		return 1;
	}
	if (lock < 0) {
		log_error("cannot lock container '%s' (%s)", arg_opts.name, strerror(-lock));
		return 1;
	}
	r = create_copy(&arg_opts, &res, &d);
	container_lock_release(TAKE_FD(lock), lock_dir);
	if (r < 0) {
		log_error("cannot copy '%s' to '%s': %s%s", arg_opts.name, arg_opts.newname,
			  diag_where(&d, where, sizeof(where)), d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	if (!arg.quiet)
		printf("%s %s: %s%s%s\n", arg_opts.snapshot ? "snapshot" : "copied",
		       arg_opts.newname, res.config, res.link ? ", linked from " : "",
		       res.link ? res.link : "");
	create_result_clear(&res);
	return 0;
}
