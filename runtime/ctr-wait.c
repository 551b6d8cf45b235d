/* ctr-wait: wait until a container reaches a state, as lxc-wait does,
 * woken by the kernel's events (see ctr/wait.h), not by polling.
 * Exit status: 0 reached, 1 timed out or failed, 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/log.h"
#include "ctr/wait.h"

static const char *arg_name;
static int arg_mask;
static long arg_timeout = -1;

static void help(void)
{
	printf("usage: ctr-wait -n NAME -s STATES [-t SECONDS]\n"
	       "\n"
	       "Waits until the container NAME is in one of STATES: STOPPED, STARTING,\n"
	       "RUNNING, STOPPING, FROZEN or THAWED, several joined with '|'.\n"
	       "\n"
	       "  -n, --name NAME       the container\n"
	       "  -s, --state STATES    e.g. RUNNING or 'STOPPED|FROZEN'\n"
	       "  -t, --timeout SECS    give up after SECS (default: wait for ever)\n"
	       "  -h, --help            this help\n"
	       "  -V, --version         the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "state", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "n:s:t:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 's':
			arg_mask = wait_parse_states(optarg);
			if (arg_mask < 0) {
				log_error("bad state '%s' (STOPPED, STARTING, RUNNING, STOPPING, FROZEN, THAWED, joined with '|')",
					  optarg);
				return -EINVAL;
			}
			break;
		case 't':
			errno = 0;
			arg_timeout = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || arg_timeout < 0 || arg_timeout > 2000000) {
				log_error("bad timeout '%s' (seconds, 0 to 2000000)", optarg);
				return -EINVAL;
			}
			break;
		case 'h': help(); return 1;
		case 'V': printf("ctr-wait %s\n", CTR_VERSION); return 1;
		default: return -EINVAL;
		}
	}
	if (optind < argc && !arg_name)
		arg_name = argv[optind++];
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (!arg_name || !arg_mask) {
		log_error("give -n NAME and -s STATES");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char state[32];
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 2;
	r = wait_state(arg_name, (unsigned)arg_mask, arg_timeout < 0 ? -1 : (int)(arg_timeout * 1000),
		       state, sizeof(state));
	if (r == -ETIMEDOUT) {
		log_error("container '%s' is %s after %ld s", arg_name, state, arg_timeout);
		return 1;
	}
	if (r < 0) {
		log_error("cannot wait for container '%s' (%s)", arg_name, strerror(-r));
		return 1;
	}
	return 0;
}
