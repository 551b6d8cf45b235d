// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-autostart: start every container with lxc.start.auto = 1, in
 * lxc.start.order (lower first) with lxc.start.delay after each; stop
 * them in reverse order.  Exit status: 0, 1 when any of them failed,
 * 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cli.h"
#include "ctr/lifecycle.h"
#include "ctr/log.h"

static const char *arg_action = "start";
static unsigned arg_timeout = 60;

static void help(void)
{
	printf("usage: ctr-autostart [start | stop | list] [-t SECONDS] [-P DIR]\n"
	       "       ctr-autostart -h | -V\n"
	       "\n"
	       "Starts the containers configured in %s with lxc.start.auto = 1,\n"
	       "lower lxc.start.order first, waiting lxc.start.delay seconds after each;\n"
	       "stop stops them in the reverse order.\n"
	       "\n"
	       "  -t, --timeout SECS  for stop: how long each may take to shut down (60)\n"
	       "  -P, --lxcpath DIR   also LXC's containers in DIR/NAME/config\n"
	       "  -h, --help          this help\n"
	       "  -V, --version       the version\n",
	       info_config_path());
}

static const struct cli_command cmd = {
	.name = "ctr-autostart",
	.help = help,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "timeout", required_argument, NULL, 't' }, CLI_OPT_LXCPATH, CLI_OPT_HELP, {}
	};
	struct cli_args arg = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, ":P:t:hV", options, NULL)) >= 0) {
		switch (c) {
		case 't':
			arg_timeout = cli_timeout(&cmd, optarg);
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	if (optind < argc)
		arg_action = argv[optind++];
	cli_operands(&cmd, argc, argv, &arg);
	if (strcmp(arg_action, "start") && strcmp(arg_action, "stop") && strcmp(arg_action, "list"))
		cli_usage_error(&cmd, "unknown action '%s' (start, stop or list)", arg_action);
}

static void diag_print(const char *name, const struct diag *d, bool warning)
{
	char where[600];

	diag_where(d, where, sizeof(where));
	if (warning)
		log_warn("%s: %s%s", name, where, d->msg);
	else
		log_error("cannot start '%s': %s%s", name, where, d->msg);
}

int main(int argc, char **argv)
{
	struct ctr_info *v = NULL;
	size_t n = 0;
	int r, failed = 0;

	parse_argv(argc, argv);
	r = autostart_list(&v, &n);
	if (r < 0) {
		log_error("cannot list containers (%s)", strerror(-r));
		return 1;
	}
	if (!strcmp(arg_action, "list")) {
		for (size_t i = 0; i < n; i++)
			printf("%s %d %u\n", v[i].name, v[i].start_order, v[i].start_delay);
	} else if (!strcmp(arg_action, "start")) {
		for (size_t i = 0; i < n; i++) {
			struct diag_list w = { 0 };
			struct diag d = { 0 };
			if (v[i].state != MONITOR_STOPPED)
				continue;
			r = autostart_start(&v[i], &w, &d);
			for (size_t k = 0; k < w.n; k++)
				diag_print(v[i].name, &w.v[k], true);
			diag_list_free(&w);
			if (r < 0 && r != -EBUSY) {
				diag_print(v[i].name, &d, false);
				failed = 1;
				continue;
			}
			if (v[i].start_delay && i + 1 < n)
				sleep(v[i].start_delay);
		}
	} else {
		for (size_t i = n; i-- > 0;) {
			r = monitor_stop(v[i].name, arg_timeout);
			if (r < 0 && r != -ESRCH) {
				log_error("cannot stop '%s' (%s)", v[i].name, strerror(-r));
				failed = 1;
			}
		}
	}
	info_free(v, n);
	return failed;
}
