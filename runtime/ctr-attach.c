// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-attach: run a command (default: a shell) inside a running container.
 * Exit status: the command's, or 128+signal; 125 when attaching fails or
 * on a usage error,
 * 126 / 127 when the command cannot be run or is not found. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cli.h"
#include "ctr/lifecycle.h"
#include "ctr/log.h"

static struct cli_args arg;
static char **arg_cmd;
static int arg_tty = -1; /* -1: when stdin and stdout are terminals */
static int arg_keep_fds[ATTACH_MAX_KEEP_FDS];
static size_t arg_n_keep_fds;

static void help(void)
{
	printf("usage: ctr-attach -n NAME [-t | -T] [-P DIR] [--keep-fd N ...] [-- CMD [ARGS ...]]\n"
	       "       ctr-attach -h | -V\n"
	       "\n"
	       "Runs CMD (default: /bin/sh) in every namespace of the running container\n"
	       "NAME, in its cgroups, with its capability bounding set and environment.\n"
	       "\n"
	       "  -n, --name NAME  the container\n"
	       "  -t, --tty        give the command a new pty (default on a terminal)\n"
	       "  -T, --no-tty     pass stdin, stdout and stderr as they are\n"
	       "  -P, --lxcpath DIR  LXC's container directory (as lxc-attach)\n"
	       "      --keep-fd N  pass this fd (above 2) on to CMD; every other one\n"
	       "                   is closed before the container is entered\n"
	       "  -h, --help       this help\n"
	       "  -V, --version    the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-attach",
	.help = help,
	.flags = CLI_NAME | CLI_PASSTHROUGH | CLI_DASHDASH,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "tty", no_argument, NULL, 't' },
						 { "no-tty", no_argument, NULL, 'T' },
						 CLI_OPT_LXCPATH,
						 { "keep-fd", required_argument, NULL, 'K' },
						 CLI_OPT_HELP,
						 {} };
	int nargs = argc, c;
	long v;

	arg_cmd = cli_split_dashdash(&nargs, argv);
	while ((c = getopt_long(nargs, argv, ":P:n:tThV", options, NULL)) >= 0) {
		switch (c) {
		case 't':
			arg_tty = 1;
			break;
		case 'T':
			arg_tty = 0;
			break;
		case 'K':
			if (cli_parse_long(optarg, 3, 1 << 20, &v) < 0)
				cli_usage_error(&cmd,
						"invalid fd '%s' for --keep-fd (a number above 2: "
						"stdin, stdout and stderr are always passed)",
						optarg);
			if (arg_n_keep_fds == ATTACH_MAX_KEEP_FDS)
				cli_usage_error(&cmd, "more than %d --keep-fd",
						ATTACH_MAX_KEEP_FDS);
			arg_keep_fds[arg_n_keep_fds++] = (int)v;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, nargs, argv, &arg);
}

int main(int argc, char **argv)
{
	struct attach_options opts = { 0 };
	struct diag d = { 0 };
	int r, status = CLI_EXIT_RUNTIME;

	parse_argv(argc, argv);
	r = attach_exec_sealed(argv);
	if (r < 0) {
		log_error("cannot run from a sealed copy of '/proc/self/exe' (%s)", strerror(-r));
		return CLI_EXIT_RUNTIME;
	}
	opts.tty = arg_tty >= 0 ? arg_tty : isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	opts.keep_fds = arg_keep_fds;
	opts.n_keep_fds = arg_n_keep_fds;
	opts.stop_before_exec = getenv("CTR_ATTACH_TEST_STOP") != NULL;
	r = attach_run(arg.name, arg_cmd, &opts, &status, &d);
	if (r < 0) {
		log_error("%s (%s)", d.msg[0] ? d.msg : "cannot attach", strerror(-r));
		return CLI_EXIT_RUNTIME;
	}
	return status;
}
