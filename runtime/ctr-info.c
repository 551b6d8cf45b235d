/* ctr-info: one container's state, init PID, addresses, memory use,
 * uptime and autostart.  Exit status: 0, 1 on failure, 2 when the
 * container is neither configured nor running. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/lifecycle.h"
#include "ctr/log.h"

static const char *arg_name;
static bool arg_json;

static void help(void)
{
	printf("usage: ctr-info -n NAME [--json] [-P DIR]\n"
	       "\n"
	       "Shows the state of the container NAME.\n"
	       "\n"
	       "  -n, --name NAME  the container\n"
	       "  -j, --json       JSON output\n"
	       "  -P, --lxcpath DIR  look for DIR/NAME/config too\n"
	       "  -h, --help       this help\n"
	       "  -V, --version    the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "P:n:jhV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 'j': arg_json = true; break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0)
				return -EINVAL;
			break;
		case 'h': help(); return 1;
		case 'V': printf("ctr-info %s\n", CTR_VERSION); return 1;
		default: return -EINVAL;
		}
	}
	if (optind < argc && !arg_name)
		arg_name = argv[optind++];
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (!arg_name) {
		log_error("no container named (use -n NAME)");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ctr_info i;
	char *config = NULL;
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 1;
	if (info_find_config(arg_name, &config) < 0)
		config = NULL;
	r = info_collect(arg_name, config, true, &i);
	free(config);
	if (r < 0) {
		log_error("cannot read the state of '%s' (%s)", arg_name, strerror(-r));
		return 1;
	}
	if (!i.config && i.state == MONITOR_STOPPED) {
		log_error("no container '%s' (no config in %s, not running)", arg_name,
			  info_config_path());
		info_clear(&i);
		return 2;
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
	return fflush(stdout) == 0 ? 0 : 1;
}
