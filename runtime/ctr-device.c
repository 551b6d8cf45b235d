/* ctr-device: hand a host device node or network interface to a running
 * container, or take it back, as lxc-device does.
 * Exit status: 0 done, 1 failure or refusal (nothing changed), 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/device.h"
#include "ctr/log.h"

static const char *arg_name;
static bool arg_quiet;
static enum device_op arg_op;
static const char *arg_device, *arg_newname;

static void help(void)
{
	printf("usage: ctr-device -n NAME [-q] add DEVICE [NEWNAME]\n"
	       "       ctr-device -n NAME [-q] del DEVICE [NEWNAME]\n"
	       "\n"
	       "add: makes the host's device node DEVICE (/dev/...) in the running container\n"
	       "NAME, at NEWNAME if given, and allows it in its device cgroup; or moves the\n"
	       "host's network interface DEVICE into the container, renamed NEWNAME if given.\n"
	       "del: removes the node DEVICE (or NEWNAME) from the container and denies it;\n"
	       "or moves the container's interface DEVICE back to the host, as NEWNAME if given.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -q, --quiet          print nothing on success\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {{"name", required_argument, NULL, 'n'},
						{"quiet", no_argument, NULL, 'q'},
						{"help", no_argument, NULL, 'h'},
						{"version", no_argument, NULL, 'V'},
						{}};
	int c;

	while ((c = getopt_long(argc, argv, "+n:qhV", options, NULL)) >= 0) {
		switch (c) {
		case 'n':
			arg_name = optarg;
			break;
		case 'q':
			arg_quiet = true;
			break;
		case 'h':
			help();
			return 1;
		case 'V':
			printf("ctr-device %s\n", CTR_VERSION);
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (!arg_name) {
		log_error("no container named (use -n NAME)");
		return -EINVAL;
	}
	if (optind >= argc) {
		log_error("say add or del");
		return -EINVAL;
	}
	if (strcmp(argv[optind], "add") == 0) {
		arg_op = DEVICE_ADD;
	} else if (strcmp(argv[optind], "del") == 0) {
		arg_op = DEVICE_DEL;
	} else {
		log_error("unknown action '%s' (add or del)", argv[optind]);
		return -EINVAL;
	}
	optind++;
	if (optind >= argc) {
		log_error("no device given");
		return -EINVAL;
	}
	arg_device = argv[optind++];
	if (optind < argc)
		arg_newname = argv[optind++];
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct device_result res;
	struct diag d = {0};
	char where[600];
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 2;
	r = device_change(arg_name, arg_op, arg_device, arg_newname, &res, &d);
	if (r < 0) {
		log_error("cannot %s '%s' %s '%s': %s%s", arg_op == DEVICE_ADD ? "add" : "remove",
			  arg_device, arg_op == DEVICE_ADD ? "to" : "from", arg_name,
			  diag_where(&d, where, sizeof(where)), d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	if (!arg_quiet) {
		if (arg_op == DEVICE_ADD)
			printf("added %s to %s as %s\n", arg_device, arg_name, res.where);
		else if (res.netdev)
			printf("moved %s from %s back to the host as %s\n", arg_device, arg_name,
			       res.where);
		else
			printf("removed %s from %s\n", res.where, arg_name);
	}
	return 0;
}
