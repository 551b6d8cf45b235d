// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-console: attach this terminal to a container's console or tty N
 * through its monitor.  Ctrl-a q detaches; Ctrl-a Ctrl-a sends Ctrl-a.
 * Exit status: 0 detached, 1 failure (not running included), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cli.h"
#include "ctr/log.h"
#include "ctr/monitor.h"

static struct cli_args arg;
static unsigned arg_tty = 1;
static int arg_escape = 1; /* Ctrl-a */

static void help(void)
{
	printf("usage: ctr-console -n NAME [-t N] [-e LETTER] [-P DIR]\n"
	       "       ctr-console -h | -V\n"
	       "\n"
	       "Attaches this terminal to tty N (default 1; 0 is the console) of the\n"
	       "running container NAME.  Type Ctrl-a q to detach.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -t, --tty N          the tty (0: /dev/console)\n"
	       "  -e, --escape LETTER  the escape key with Ctrl (default a)\n"
	       "  -P, --lxcpath DIR    LXC's container directory (as lxc-console)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-console",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "tty", required_argument, NULL, 't' },
						 { "escape", required_argument, NULL, 'e' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	long v;
	int c;

	while ((c = getopt_long(argc, argv, ":P:n:t:e:hV", options, NULL)) >= 0) {
		switch (c) {
		case 't':
			if (cli_parse_long(optarg, 0, 64, &v) < 0)
				cli_usage_error(&cmd, "bad tty '%s' (0 to 64)", optarg);
			arg_tty = (unsigned)v;
			break;
		case 'e':
			if (strlen(optarg) != 1 ||
			    ((optarg[0] | 0x20) < 'a' || (optarg[0] | 0x20) > 'z'))
				cli_usage_error(&cmd, "bad escape '%s' (one letter)", optarg);
			arg_escape = (optarg[0] | 0x20) - 'a' + 1;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
}

int main(int argc, char **argv)
{
	int r, fd;

	parse_argv(argc, argv);
	fd = monitor_console_open(arg.name, arg_tty);
	if (fd >= 0) {
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "connected to tty %u of '%s'; type Ctrl-%c q to detach\r\n",
				arg_tty, arg.name, 'a' + arg_escape - 1);
		r = monitor_console_relay(fd, arg_escape);
		close(fd);
	} else {
		r = fd;
	}
	if (r == -ENXIO) {
		log_error("container '%s' has no tty %u", arg.name, arg_tty);
		return 1;
	}
	if (r == -ESRCH) {
		log_error("container '%s' is not running", arg.name);
		return CLI_EXIT_FAILURE;
	}
	if (r == -EBUSY) {
		log_error("tty %u of '%s' is attached elsewhere", arg_tty, arg.name);
		return 1;
	}
	if (r == -EPIPE) {
		fprintf(stderr, "\r\n");
		log_error("container '%s' went away", arg.name);
		return 1;
	}
	if (r < 0) {
		log_error("cannot attach to tty %u of '%s' (%s)", arg_tty, arg.name, strerror(-r));
		return 1;
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\n");
	return 0;
}
