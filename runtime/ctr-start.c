// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-start: run a system container from an LXC-style config file, in the
 * background under a monitor (the default, as lxc-start since LXC 2.0) or,
 * with -F, in the foreground as its own monitor.
 * Exit status: 0 once a background container's init runs; with -F the
 * init's exit code or 128+signal; 125 when the runtime fails (or on a usage
 * error), 126 when the
 * command cannot be executed, 127 when it is not found. */
#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/log.h"
#include "ctr/monitor.h"

static struct cli_args arg;
static const char *arg_file;
static bool arg_foreground;
static bool arg_daemon;
static bool arg_print_config;
static char **arg_cmd;

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

static void help(void)
{
	printf("usage: ctr-start [-F | -d] [-n NAME | NAME] [-f FILE] [--print-config] [-P DIR]\n"
	       "                 [-- CMD [ARGS ...]]\n"
	       "       ctr-start -h | -V\n"
	       "\n"
	       "Runs the container NAME from /etc/lxc/NAME.conf, /etc/ctr/NAME.conf,\n"
	       "LXCPATH/NAME/config or FILE, in the background under a monitor; returns\n"
	       "once its init runs.\n"
	       "\n"
	       "  -F, --foreground    stay attached: the console on this terminal (or the\n"
	       "                      init's stdio this process's), exit with the init's status\n"
	       "  -d, --daemon        run in the background (the default)\n"
	       "  -n, --name NAME     the container's name\n"
	       "  -f, --rcfile FILE   the config file to read\n"
	       "  -P, --lxcpath DIR   LXC's container directory (default: lxc.lxcpath in\n"
	       "                      /etc/lxc/lxc.conf, else /var/lib/lxc)\n"
	       "      --print-config  print the config in modern keys and exit\n"
	       "  -h, --help          this help\n"
	       "  -V, --version       the version\n");
}

static void diag_print(const struct diag *d, bool warning)
{
	char where[600];

	diag_where(d, where, sizeof(where));
	if (warning)
		log_warn("%s%s", where, d->msg);
	else
		log_error("%s%s", where, d->msg);
}

static void warn_print(const struct diag *d)
{
	diag_print(d, true);
}

static const struct cli_command cmd = {
	.name = "ctr-start",
	.help = help,
	.flags = CLI_NAME_OPTIONAL | CLI_PASSTHROUGH | CLI_DASHDASH,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { { "foreground", no_argument, NULL, 'F' },
						 { "daemon", no_argument, NULL, 'd' },
						 CLI_OPT_NAME,
						 { "rcfile", required_argument, NULL, 'f' },
						 { "print-config", no_argument, NULL, 'C' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	int nargs = argc, c;

	/* Everything after `--` is the container's command, untouched. */
	arg_cmd = cli_split_dashdash(&nargs, argv);
	while ((c = getopt_long(nargs, argv, ":Fdn:f:P:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'F':
			arg_foreground = true;
			break;
		case 'd':
			arg_daemon = true;
			break;
		case 'f':
			arg_file = optarg;
			break;
		case 'C':
			arg_print_config = true;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, nargs, argv, &arg);
	if (!arg.name && !arg_file)
		cli_usage_error(&cmd, "no container named (use -n NAME or -f FILE)");
	if (arg_daemon && arg_foreground)
		cli_usage_error(&cmd, "-d and -F exclude each other");
}

int main(int argc, char **argv)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	_cleanup_free_ char *path = NULL;
	struct diag_list warnings = { 0 };
	struct diag d = { 0 };
	int r, status;

	/* one write per message: with -F the init writes to the same
	 * stderr meanwhile, and a message must not be cut by its lines */
	setvbuf(stderr, NULL, _IOLBF, 0);
	parse_argv(argc, argv);
	if (arg_file) {
		path = strdup(arg_file);
	} else {
		r = config_find(NULL, arg.name, &path, &d);
		if (r < 0) {
			diag_print(&d, false);
			return CLI_EXIT_RUNTIME;
		}
	}
	if (!path) {
		log_error("out of memory");
		return CLI_EXIT_RUNTIME;
	}
	/* without -n the parser names the container after its file, as
	 * NAME.conf or NAME/config (the seed's /lxc/funtoo0/config) */
	r = config_load(path, arg.name, &cfg, &d);
	if (r < 0) {
		diag_print(&d, false);
		return CLI_EXIT_RUNTIME;
	}
	for (size_t i = 0; i < cfg->ignored.n; i++)
		diag_print(&cfg->ignored.v[i], true);
	if (arg_print_config) {
		r = config_print(cfg, stdout);
		if (r < 0 || fflush(stdout) != 0) {
			log_error("cannot print the config (%s)", strerror(r < 0 ? -r : errno));
			return CLI_EXIT_RUNTIME;
		}
		return 0;
	}
	if (arg_foreground) {
		enum monitor_stdio stdio =
			isatty(STDIN_FILENO) ? MONITOR_STDIO_CONSOLE : MONITOR_STDIO_INHERIT;
		r = monitor_run(cfg, arg_cmd, &monitor_container_ops, stdio, &status, warn_print,
				&d);
	} else {
		r = monitor_spawn(cfg, arg_cmd, &monitor_container_ops, NULL, &warnings, &d);
		status = 0;
	}
	for (size_t i = 0; i < warnings.n; i++)
		diag_print(&warnings.v[i], true);
	diag_list_free(&warnings);
	if (r < 0) {
		diag_print(&d, false);
		return arg_foreground ? status : CLI_EXIT_RUNTIME;
	}
	return status;
}
