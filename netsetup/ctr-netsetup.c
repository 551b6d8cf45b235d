// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-netsetup: bridge the host's NIC for containers without cutting the
 * host off.  Parses arguments, calls the library, maps to an exit status. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/log.h"
#include "ctr/netsetup.h"

static bool arg_down, arg_show, arg_json, arg_dry_run, arg_force, arg_stp, arg_verbose;
static const char *arg_persist, *arg_persist_root = "/";
static struct netsetup_opts arg_opts;

static void help(void)
{
	printf("usage: ctr-netsetup [--stp] [--vlan ID] [--address CIDR [--gateway IP]]\n"
	       "                    [--persist SYSTEM [--persist-root DIR]] [--dry-run] [-v]\n"
	       "                    BRIDGE NIC\n"
	       "       ctr-netsetup --down [--force] [--dry-run] BRIDGE\n"
	       "       ctr-netsetup --show [--json] [BRIDGE]\n"
	       "       ctr-netsetup mac IPV4 | --random | --stable NAME [INDEX]\n"
	       "       ctr-netsetup -h | -V\n"
	       "\n"
	       "  --stp                 keep STP on (default: off, forward delay 0)\n"
	       "  --vlan ID             bridge NIC.ID (802.1Q) instead of NIC\n"
	       "  --address CIDR        give the bridge this address too\n"
	       "  --gateway IP          and a default route via IP\n"
	       "  --persist SYSTEM      write openrc, networkd or ifupdown configuration\n"
	       "  --persist-root DIR    write it under DIR instead of /\n"
	       "  --down                undo: the bridge's addresses and routes back to\n"
	       "                        the NIC (--force: without a state file)\n"
	       "  --show                the bridges, their ports and addresses (--json)\n"
	       "  --dry-run             print the steps (or files), change nothing\n"
	       "  -v, --verbose         print each step as it runs\n"
	       "  -h, --help            this help\n"
	       "  -V, --version         the version\n");
}

static void on_step(void *userdata, const char *what)
{
	(void)userdata;
	if (arg_dry_run)
		printf("would %s\n", what);
	else if (arg_verbose)
		printf("%s\n", what);
}

static int fail(const struct diag *d)
{
	char where[600];

	log_error("%s%s", diag_where(d, where, sizeof(where)), d->msg);
	return 1;
}

static const struct cli_command cmd = { .name = "ctr-netsetup", .help = help };

static void __attribute__((noreturn)) usage(const char *what)
{
	cli_usage_error(&cmd, "wrong arguments (usage: ctr-netsetup %s)", what);
}

static int cmd_mac(int argc, char **argv)
{
	uint8_t ip[4], mac[6];
	char buf[18];

	if (argc == 2 && strcmp(argv[1], "--random") == 0) {
		if (mac_random(mac) < 0) {
			log_error("cannot read random bytes (%m)");
			return 1;
		}
	} else if ((argc == 3 || argc == 4) && strcmp(argv[1], "--stable") == 0) {
		char *end = NULL;
		unsigned long idx = argc == 4 ? strtoul(argv[3], &end, 10) : 0;
		if (argc == 4 && (!argv[3][0] || *end || idx > 0xffffffffUL))
			usage("mac --stable NAME [INDEX] (INDEX: a number)");
		mac_stable(argv[2], (unsigned)idx, mac);
	} else if (argc == 2 && argv[1][0] != '-') {
		if (inet_pton(AF_INET, argv[1], ip) != 1)
			cli_usage_error(&cmd, "invalid IPv4 address '%s'", argv[1]);
		mac_from_ipv4(ip, mac);
	} else {
		usage("mac IPV4 | --random | --stable NAME [INDEX]");
	}
	printf("%s\n", mac_format(mac, buf));
	return 0;
}

static void parse_args(int argc, char **argv)
{
	enum {
		O_DOWN = 256,
		O_SHOW,
		O_JSON,
		O_DRY,
		O_FORCE,
		O_STP,
		O_VLAN,
		O_ADDR,
		O_GW,
		O_PERSIST,
		O_ROOT
	};
	static const struct option opts[] = {
		{ "down", no_argument, NULL, O_DOWN },
		{ "show", no_argument, NULL, O_SHOW },
		{ "json", no_argument, NULL, O_JSON },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "force", no_argument, NULL, O_FORCE },
		{ "stp", no_argument, NULL, O_STP },
		{ "vlan", required_argument, NULL, O_VLAN },
		{ "address", required_argument, NULL, O_ADDR },
		{ "gateway", required_argument, NULL, O_GW },
		{ "persist", required_argument, NULL, O_PERSIST },
		{ "persist-root", required_argument, NULL, O_ROOT },
		{ "verbose", no_argument, NULL, 'v' },
		CLI_OPT_HELP,
		{ 0 },
	};
	struct cli_args arg = { 0 };
	struct cidr c;
	long vlan;
	int o;

	while ((o = getopt_long(argc, argv, ":vhV", opts, NULL)) >= 0) {
		switch (o) {
		case O_DOWN:
			arg_down = true;
			break;
		case O_SHOW:
			arg_show = true;
			break;
		case O_JSON:
			arg_json = true;
			break;
		case O_DRY:
			arg_dry_run = true;
			break;
		case O_FORCE:
			arg_force = true;
			break;
		case O_STP:
			arg_stp = true;
			break;
		case 'v':
			arg_verbose = true;
			break;
		case O_ROOT:
			arg_persist_root = optarg;
			break;
		case O_VLAN:
			if (cli_parse_long(optarg, 1, 4094, &vlan) < 0)
				cli_usage_error(&cmd, "--vlan: invalid VLAN id '%s' (1 to 4094)",
						optarg);
			arg_opts.vlan = (int)vlan;
			break;
		case O_ADDR:
			if (cidr_parse(optarg, true, &arg_opts.address) < 0)
				cli_usage_error(
					&cmd,
					"--address: invalid address '%s' (expected ADDRESS/PREFIX-LENGTH, e.g. 192.0.2.10/24)",
					optarg);
			arg_opts.has_address = true;
			break;
		case O_GW:
			if (strchr(optarg, '/') || cidr_parse(optarg, false, &c) < 0)
				cli_usage_error(&cmd, "--gateway: invalid IP address '%s'", optarg);
			arg_opts.gw_family = c.family;
			memcpy(arg_opts.gw, c.addr, 16);
			break;
		case O_PERSIST:
			if (persist_system_parse(optarg) < 0)
				cli_usage_error(
					&cmd,
					"--persist: unknown system '%s' (openrc, networkd or ifupdown)",
					optarg);
			arg_persist = optarg;
			break;
		default:
			cli_option(&cmd, o, argv, &arg);
		}
	}
	if (arg_opts.gw_family && !arg_opts.has_address)
		cli_usage_error(&cmd, "--gateway needs --address");
}

static int cmd_persist(void)
{
	struct diag d = { .line = 0 };

	return netsetup_persist(&arg_opts, persist_system_parse(arg_persist), arg_persist_root,
				arg_dry_run ? stdout : NULL, &d) < 0
		       ? fail(&d)
		       : 0;
}

int main(int argc, char **argv)
{
	struct diag d = { .line = 0 };
	int r;

	if (argc >= 2 && strcmp(argv[1], "mac") == 0)
		return cmd_mac(argc - 1, argv + 1);
	parse_args(argc, argv);
	arg_opts.stp = arg_stp;
	arg_opts.dry_run = arg_dry_run;
	arg_opts.force = arg_force;
	arg_opts.step = on_step;
	if (arg_show) {
		if (argc - optind > 1)
			usage("--show [--json] [BRIDGE]");
		return netsetup_show(stdout, optind < argc ? argv[optind] : NULL, arg_json, &d) < 0
			       ? fail(&d)
			       : 0;
	}
	if (arg_down) {
		if (argc - optind != 1)
			usage("--down [--force] [--dry-run] BRIDGE");
		arg_opts.bridge = argv[optind];
		r = netsetup_down(&arg_opts, &d);
		if (r == NETSETUP_ALREADY)
			printf("%s: nothing to undo\n", arg_opts.bridge);
		return r < 0 ? fail(&d) : 0;
	}
	if (argc - optind != 2)
		usage("[options] BRIDGE NIC");
	arg_opts.bridge = argv[optind];
	arg_opts.nic = argv[optind + 1];
	if (arg_persist && arg_dry_run)
		return cmd_persist();
	r = netsetup_up(&arg_opts, &d);
	if (r < 0)
		return fail(&d);
	if (r == NETSETUP_ALREADY)
		printf("%s: '%s' is already a port of '%s': nothing to do\n", arg_opts.bridge,
		       arg_opts.vlan ? "the VLAN" : arg_opts.nic, arg_opts.bridge);
	return arg_persist ? cmd_persist() : 0;
}
