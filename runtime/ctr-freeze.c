/* ctr-freeze and ctr-unfreeze (built from this file with CTR_UNFREEZE):
 * freeze every process of a running container, or thaw them, as lxc-freeze
 * and lxc-unfreeze do: cgroup.freeze on v2, the freezer controller on v1.
 * Exit status: 0 done, 1 failure (not running, no freezer), 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/log.h"

#ifdef CTR_UNFREEZE
#define CMD "ctr-unfreeze"
#define FREEZE false
#else
#define CMD "ctr-freeze"
#define FREEZE true
#endif

DEFINE_CLEANUP_FUNC(struct cgroup_handle *, cgroup_free)

static const char *arg_name;

static void help(void)
{
	printf("usage: " CMD " -n NAME\n"
	       "\n"
	       "%s every process of the running container NAME.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n",
	       FREEZE ? "Freezes" : "Thaws");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "n:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 'h': help(); return 1;
		case 'V': printf(CMD " %s\n", CTR_VERSION); return 1;
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
	_cleanup_(cgroup_freep) struct cgroup_handle *h = NULL;
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 2;
	r = cgroup_open(NULL, arg_name, &h);
	if (r == -ENOENT) {
		log_error("container '%s' is not running", arg_name);
		return 1;
	}
	if (r >= 0)
		r = cgroup_freeze(h, FREEZE);
	if (r == -EOPNOTSUPP) {
		log_error("cannot %s '%s': neither cgroup.freeze (cgroup v2) nor the v1 freezer is there",
			  FREEZE ? "freeze" : "thaw", arg_name);
		return 1;
	}
	if (r == -EBUSY && FREEZE) {
		log_error("cannot freeze '%s': still freezing after a second (a task in an uninterruptible sleep?); "
			  "ctr-unfreeze undoes it", arg_name);
		return 1;
	}
	if (r < 0) {
		log_error("cannot %s '%s' (%s)", FREEZE ? "freeze" : "thaw", arg_name, strerror(-r));
		return 1;
	}
	return 0;
}
