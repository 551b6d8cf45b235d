// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-device: hand a host device node or network interface to a running
 * container, or take it back, as lxc-device does.
 * Exit status: 0 done, 1 failure or refusal (nothing changed), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/device.h"
#include "ctr/log.h"

static struct cli_args arg;
static enum device_op arg_op;
static const char *arg_device, *arg_newname;

static void help(void)
{
	printf("usage: ctr-device -n NAME [-q] [-P DIR] add DEVICE [NEWNAME]\n"
	       "       ctr-device -n NAME [-q] [-P DIR] del DEVICE [NEWNAME]\n"
	       "       ctr-device -h | -V\n"
	       "\n"
	       "add: makes the host's device node DEVICE (/dev/...) in the running container\n"
	       "NAME, at NEWNAME if given, and allows it in its device cgroup; or moves the\n"
	       "host's network interface DEVICE into the container, renamed NEWNAME if given.\n"
	       "del: removes the node DEVICE (or NEWNAME) from the container and denies it;\n"
	       "or moves the container's interface DEVICE back to the host, as NEWNAME if given.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -q, --quiet          print nothing on success\n"
	       "  -P, --lxcpath DIR    LXC's container directory (as lxc-device; the\n"
	       "                       running container is found by name)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n");
}

static const struct cli_command cmd = {
	.name = "ctr-device",
	.help = help,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		CLI_OPT_NAME, CLI_OPT_QUIET, CLI_OPT_LXCPATH, CLI_OPT_HELP, {}
	};
	int c;

	/* '+': the options end at the action, as DEVICE may start with '-' */
	while ((c = getopt_long(argc, argv, "+:n:qP:hV", options, NULL)) >= 0)
		cli_option(&cmd, c, argv, &arg);
	if (!arg.name)
		cli_usage_error(&cmd, "no container named (use -n NAME)");
	if (optind >= argc)
		cli_usage_error(&cmd, "no action (add or del)");
	if (strcmp(argv[optind], "add") == 0)
		arg_op = DEVICE_ADD;
	else if (strcmp(argv[optind], "del") == 0)
		arg_op = DEVICE_DEL;
	else
		cli_usage_error(&cmd, "unknown action '%s' (add or del)", argv[optind]);
	optind++;
	if (optind >= argc)
		cli_usage_error(&cmd, "no device given");
	arg_device = argv[optind++];
	if (optind < argc)
		arg_newname = argv[optind++];
	cli_operands(&cmd, argc, argv, &arg);
}

int main(int argc, char **argv)
{
	struct device_result res;
	struct diag d = { 0 };
	char where[600];
	int r;

	parse_argv(argc, argv);
	r = device_change(arg.name, arg_op, arg_device, arg_newname, &res, &d);
	if (r < 0) {
		log_error("cannot %s '%s' %s '%s': %s%s", arg_op == DEVICE_ADD ? "add" : "remove",
			  arg_device, arg_op == DEVICE_ADD ? "to" : "from", arg.name,
			  diag_where(&d, where, sizeof(where)), d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	if (!arg.quiet) {
		if (arg_op == DEVICE_ADD)
			printf("added %s to %s as %s\n", arg_device, arg.name, res.where);
		else if (res.netdev)
			printf("moved %s from %s back to the host as %s\n", arg_device, arg.name,
			       res.where);
		else
			printf("removed %s from %s\n", res.where, arg.name);
	}
	return 0;
}
