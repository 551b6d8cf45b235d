// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-config: validate a container config and print it in modern keys.
 * Exit status: 0 valid, 1 invalid or unreadable, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/log.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

static struct cli_args arg;
static const char *arg_file;
static const char *arg_sysconfdir;
static bool arg_print;
static bool arg_keys;

static void help(void)
{
	printf("usage: ctr-config [-q] [-p] [--sysconfdir DIR] [-P DIR] -n NAME | -f FILE | NAME\n"
	       "       ctr-config --keys\n"
	       "       ctr-config -h | -V\n"
	       "\n"
	       "  -n, --name NAME    the config of NAME: " CTR_SYSCONFDIR "/lxc/NAME.conf, then\n"
	       "                     " CTR_SYSCONFDIR "/ctr/NAME.conf, then LXCPATH/NAME/config\n"
	       "  -f, --file FILE    this config file\n"
	       "  -P, --lxcpath DIR  LXC's container directory (default: lxc.lxcpath in\n"
	       "                     " CTR_SYSCONFDIR "/lxc/lxc.conf, else /var/lib/lxc)\n"
	       "  -p, --print        print the config normalised, in modern keys\n"
	       "  -q, --quiet        no warnings (ignored keys, costly settings)\n"
	       "      --keys         list every known key\n"
	       "      --sysconfdir DIR  look under DIR instead of " CTR_SYSCONFDIR "\n"
	       "  -h, --help         this help\n"
	       "  -V, --version      the version\n"
	       "exit status: 0 valid, 1 invalid or unreadable, 2 usage\n");
}

static const struct cli_command cmd = {
	.name = "ctr-config",
	.help = help,
	.flags = CLI_NAME_OPTIONAL,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME,
						 { "file", required_argument, NULL, 'f' },
						 { "print", no_argument, NULL, 'p' },
						 CLI_OPT_QUIET,
						 { "keys", no_argument, NULL, 'K' },
						 { "sysconfdir", required_argument, NULL, 'S' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	int c;

	while ((c = getopt_long(argc, argv, ":n:f:P:pqhV", options, NULL)) >= 0) {
		switch (c) {
		case 'f':
			arg_file = optarg;
			break;
		case 'p':
			arg_print = true;
			break;
		case 'K':
			arg_keys = true;
			break;
		case 'S':
			arg_sysconfdir = optarg;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	if (arg_keys)
		return;
	if (!arg_file)
		cli_operands(&cmd, argc, argv, &arg);
	else if (optind < argc)
		cli_usage_error(&cmd, "unexpected argument '%s'", argv[optind]);
	if (!arg.name == !arg_file)
		cli_usage_error(&cmd, "give one of -n NAME or -f FILE");
}

int main(int argc, char **argv)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	_cleanup_free_ char *found = NULL;
	struct diag_list errors = { 0 };
	struct diag d = { 0 };
	char where[600];
	int r;

	parse_argv(argc, argv);
	if (arg_keys)
		return config_print_keys(stdout) < 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
	if (!arg_file) {
		r = config_find(arg_sysconfdir, arg.name, &found, &d);
		if (r < 0) {
			log_error("%s%s", diag_where(&d, where, sizeof(where)), d.msg);
			return 1;
		}
		arg_file = found;
	}
	r = config_check(arg_file, arg.name, &cfg, &errors);
	if (r < 0) {
		for (size_t i = 0; i < errors.n; i++)
			log_error("%s%s", diag_where(&errors.v[i], where, sizeof(where)),
				  errors.v[i].msg);
		if (!errors.n)
			log_error("cannot load '%s' (%s)", arg_file, strerror(-r));
		diag_list_free(&errors);
		return 1;
	}
	r = container_config_check(cfg, &d);
	if (r < 0) {
		log_error("%s%s", diag_where(&d, where, sizeof(where)), d.msg);
		return 1;
	}
	if (!arg.quiet) {
		for (size_t i = 0; i < cfg->ignored.n; i++)
			log_warn("%s%s", diag_where(&cfg->ignored.v[i], where, sizeof(where)),
				 cfg->ignored.v[i].msg);
		for (size_t i = 0; i < cfg->notes.n; i++)
			log_warn("%s%s", diag_where(&cfg->notes.v[i], where, sizeof(where)),
				 cfg->notes.v[i].msg);
	}
	if (arg_print && config_print(cfg, stdout) < 0) {
		log_error("cannot write the config (%s)", strerror(errno));
		return 1;
	}
	return 0;
}
