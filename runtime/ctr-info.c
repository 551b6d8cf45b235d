// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-info: one container's state, init PID, addresses, memory use,
 * uptime and autostart.  Exit status: 0, 1 on failure (the container
 * neither configured nor running included), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/lifecycle.h"
#include "ctr/log.h"

static struct cli_args arg;
static bool arg_json;

static void help(void)
{
	printf("usage: ctr-info -n NAME [-j] [-P DIR]\n"
	       "       ctr-info -h | -V\n"
	       "\n"
	       "Shows the state of the container NAME.\n"
	       "\n"
	       "  -n, --name NAME    the container\n"
	       "  -j, --json         JSON output\n"
	       "  -P, --lxcpath DIR  look for DIR/NAME/config too\n"
	       "  -h, --help         this help\n"
	       "  -V, --version      the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-info",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		CLI_OPT_NAME, { "json", no_argument, NULL, 'j' }, CLI_OPT_LXCPATH, CLI_OPT_HELP, {}
	};
	int c;

	while ((c = getopt_long(argc, argv, ":P:n:jhV", options, NULL)) >= 0) {
		if (c == 'j')
			arg_json = true;
		else
			cli_option(&cmd, c, argv, &arg);
	}
	cli_operands(&cmd, argc, argv, &arg);
}

int main(int argc, char **argv)
{
	struct ctr_info i;
	char *config = NULL;
	int r;

	parse_argv(argc, argv);
	if (info_find_config(arg.name, &config) < 0)
		config = NULL;
	r = info_collect(arg.name, config, true, &i);
	free(config);
	if (r < 0) {
		log_error("cannot read the state of '%s' (%s)", arg.name, strerror(-r));
		return CLI_EXIT_FAILURE;
	}
	if (!i.config && i.state == MONITOR_STOPPED) {
		log_error("no container '%s' (no config in %s, not running)", arg.name,
			  info_config_path());
		info_clear(&i);
		return CLI_EXIT_FAILURE;
	}
	if (arg_json) {
		info_write_json(stdout, &i, 1, false);
	} else {
		printf("Name:       %s\n", i.name);
		printf("State:      %s\n", info_state_name(&i));
		if (i.init_pid > 0)
			printf("PID:        %d\n", (int)i.init_pid);
		for (char **a = i.addresses; a && *a; a++)
			printf("Address:    %s\n", *a);
		if (i.memory >= 0)
			printf("Memory use: %.2f MiB\n", (double)i.memory / (1024 * 1024));
		if (i.uptime >= 0)
			printf("Uptime:     %llds\n", (long long)i.uptime);
		printf("Autostart:  %s (order %d, delay %us)\n", i.autostart ? "yes" : "no",
		       i.start_order, i.start_delay);
		if (i.config)
			printf("Config:     %s\n", i.config);
	}
	info_clear(&i);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
