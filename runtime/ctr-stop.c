/* ctr-stop: stop a container gracefully (the seed's missing lxc-halt), kill
 * it (-k) or ask it to reboot (-r).
 * Exit status: 0 stopped (or reboot asked), 1 failure (also when it stopped
 * but a stop or post-stop hook failed), 2 not running. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/log.h"
#include "ctr/monitor.h"

static const char *arg_name;
static unsigned arg_timeout = 60;
static bool arg_kill;
static bool arg_reboot;

static void help(void)
{
	printf("usage: ctr-stop -n NAME [-t SECONDS] [-k] [-r] [-P DIR]\n"
	       "\n"
	       "Stops the container NAME: sends its init the halt signal, waits up to\n"
	       "SECONDS (default 60) for it to exit, then kills what is left.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -t, --timeout SECS   how long to wait for a clean shutdown\n"
	       "  -k, --kill           kill at once\n"
	       "  -r, --reboot         ask the container to reboot\n"
	       "  -P, --lxcpath DIR    LXC's container directory (as lxc-stop; the\n"
	       "                       running container is found by name)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "kill", no_argument, NULL, 'k' },
		{ "reboot", no_argument, NULL, 'r' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "P:n:t:krhV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 't':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > 86400) {
				log_error("bad timeout '%s' (seconds, 0 to 86400)", optarg);
				return -EINVAL;
			}
			arg_timeout = (unsigned)v;
			break;
		case 'k': arg_kill = true; break;
		case 'r': arg_reboot = true; break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0)
				return -EINVAL;
			break;
		case 'h': help(); return 1;
		case 'V': printf("ctr-stop %s\n", CTR_VERSION); return 1;
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
	if (arg_kill && arg_reboot) {
		log_error("-k and -r exclude each other");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char reply[256];
	struct diag d = { 0 };
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 1;
	if (arg_reboot)
		r = monitor_call(arg_name, "reboot", reply, sizeof(reply), NULL);
	else
		r = monitor_stop_diag(arg_name, arg_kill ? 0 : arg_timeout, &d);
	if (r == -ESRCH || r == -ENOENT || r == -ECONNREFUSED) {
		log_error("container '%s' is not running", arg_name);
		return 2;
	}
	if (r == -ECANCELED && d.msg[0]) {
		/* stopped, but a stop or post-stop hook failed: say which */
		log_error("%s", d.msg);
		return 1;
	}
	if (r < 0) {
		log_error("cannot %s container '%s' (%s)", arg_reboot ? "reboot" : "stop", arg_name,
			  strerror(-r));
		return 1;
	}
	return 0;
}
