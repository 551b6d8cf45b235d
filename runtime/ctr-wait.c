// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-wait: wait until a container reaches a state, as lxc-wait does,
 * woken by the kernel's events (see ctr/wait.h), not by polling.
 * Exit status: 0 reached, 1 timed out or failed, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/log.h"
#include "ctr/wait.h"

static struct cli_args arg;
static int arg_mask;
static long arg_timeout = -1;

static void help(void)
{
	printf("usage: ctr-wait -n NAME -s STATES [-t SECONDS] [-P DIR]\n"
	       "       ctr-wait -h | -V\n"
	       "\n"
	       "Waits until the container NAME is in one of STATES: STOPPED, STARTING,\n"
	       "RUNNING, STOPPING, FROZEN or THAWED, several joined with '|'.\n"
	       "\n"
	       "  -n, --name NAME       the container\n"
	       "  -s, --state STATES    e.g. RUNNING or 'STOPPED|FROZEN'\n"
	       "  -t, --timeout SECS    give up after SECS (default: wait for ever)\n"
	       "  -P, --lxcpath DIR     LXC's container directory (as lxc-wait)\n"
	       "  -h, --help            this help\n"
	       "  -V, --version         the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-wait",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "state", required_argument, NULL, 's' },
						 { "timeout", required_argument, NULL, 't' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	int c;

	while ((c = getopt_long(argc, argv, ":n:s:t:P:hV", options, NULL)) >= 0) {
		switch (c) {
		case 's':
			arg_mask = wait_parse_states(optarg);
			if (arg_mask < 0)
				cli_usage_error(
					&cmd,
					"bad state '%s' (STOPPED, STARTING, RUNNING, STOPPING, FROZEN, THAWED, joined with '|')",
					optarg);
			break;
		case 't':
			if (cli_parse_long(optarg, 0, 2000000, &arg_timeout) < 0)
				cli_usage_error(&cmd, "bad timeout '%s' (seconds, 0 to 2000000)",
						optarg);
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
	if (!arg_mask)
		cli_usage_error(&cmd, "no state to wait for (use -s STATES)");
}

int main(int argc, char **argv)
{
	char state[32];
	int r;

	parse_argv(argc, argv);
	r = wait_state(arg.name, (unsigned)arg_mask,
		       arg_timeout < 0 ? -1 : (int)(arg_timeout * 1000), state, sizeof(state));
	if (r == -ETIMEDOUT) {
		log_error("container '%s' is %s after %ld s", arg.name, state, arg_timeout);
		return CLI_EXIT_FAILURE;
	}
	if (r < 0) {
		log_error("cannot wait for container '%s' (%s)", arg.name, strerror(-r));
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}
