// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-stop: stop a container gracefully (the seed's missing lxc-halt), kill
 * it (-k) or ask it to reboot (-r).
 * Exit status: 0 stopped (or reboot asked), 1 failure (not running
 * included, and a stop or post-stop hook that failed), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/log.h"
#include "ctr/monitor.h"

static struct cli_args arg;
static unsigned arg_timeout = 60;
static bool arg_kill;
static bool arg_reboot;

static void help(void)
{
	printf("usage: ctr-stop -n NAME [-t SECONDS] [-k] [-r] [-P DIR]\n"
	       "       ctr-stop -h | -V\n"
	       "\n"
	       "Stops the container NAME: sends its init the halt signal, waits up to\n"
	       "SECONDS (default 60) for it to exit, then kills what is left.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -t, --timeout SECS   how long to wait for a clean shutdown\n"
	       "  -k, --kill           kill at once\n"
	       "  -r, --reboot         ask the container to reboot\n"
	       "  -P, --lxcpath DIR    LXC's container directory (as lxc-stop; the\n"
	       "                       running container is found by name)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-stop",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "timeout", required_argument, NULL, 't' },
						 { "kill", no_argument, NULL, 'k' },
						 { "reboot", no_argument, NULL, 'r' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	int c;

	while ((c = getopt_long(argc, argv, ":P:n:t:krhV", options, NULL)) >= 0) {
		switch (c) {
		case 't':
			arg_timeout = cli_timeout(&cmd, optarg);
			break;
		case 'k':
			arg_kill = true;
			break;
		case 'r':
			arg_reboot = true;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
	if (arg_kill && arg_reboot)
		cli_usage_error(&cmd, "-k and -r exclude each other");
}

int main(int argc, char **argv)
{
	char reply[256];
	struct diag d = { 0 };
	int r;

	parse_argv(argc, argv);
	if (arg_reboot)
		r = monitor_call(arg.name, "reboot", reply, sizeof(reply), NULL);
	else
		r = monitor_stop_diag(arg.name, arg_kill ? 0 : arg_timeout, &d);
	if (r == -ESRCH || r == -ENOENT || r == -ECONNREFUSED) {
		log_error("container '%s' is not running", arg.name);
		return CLI_EXIT_FAILURE;
	}
	if (r == -ECANCELED && d.msg[0]) {
		/* stopped, but a stop or post-stop hook failed: say which */
		log_error("%s", d.msg);
		return CLI_EXIT_FAILURE;
	}
	if (r < 0) {
		log_error("cannot %s container '%s' (%s)", arg_reboot ? "reboot" : "stop", arg.name,
			  strerror(-r));
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}
