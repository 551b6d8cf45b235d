// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-freeze and ctr-unfreeze (built from this file with CTR_UNFREEZE):
 * freeze every process of a running container, or thaw them, as lxc-freeze
 * and lxc-unfreeze do: cgroup.freeze on v2, the freezer controller on v1.
 * Exit status: 0 done, 1 failure (not running, no freezer), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/log.h"

#ifdef CTR_UNFREEZE
#define CMD "ctr-unfreeze"
#define FREEZE false
#else
#define CMD "ctr-freeze"
#define FREEZE true
#endif

DEFINE_CLEANUP_FUNC(struct cgroup_handle *, cgroup_free)

static struct cli_args arg;

static void help(void)
{
	printf("usage: " CMD " -n NAME [-P DIR]\n"
	       "       " CMD " -h | -V\n"
	       "\n"
	       "%s every process of the running container NAME.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -P, --lxcpath DIR    LXC's container directory (as lxc-freeze)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n",
	       FREEZE ? "Freezes" : "Thaws");
}

static const struct cli_command cmd = {
	.name = CMD,
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { CLI_OPT_NAME, CLI_OPT_LXCPATH, CLI_OPT_HELP, {} };
	int c;

	while ((c = getopt_long(argc, argv, ":n:P:hV", options, NULL)) >= 0)
		cli_option(&cmd, c, argv, &arg);
	cli_operands(&cmd, argc, argv, &arg);
}

int main(int argc, char **argv)
{
	_cleanup_(cgroup_freep) struct cgroup_handle *h = NULL;
	int r;

	parse_argv(argc, argv);
	r = cgroup_open(NULL, arg.name, &h);
	if (r == -ENOENT) {
		log_error("container '%s' is not running", arg.name);
		return 1;
	}
	if (r >= 0)
		r = cgroup_freeze(h, FREEZE);
	if (r == -EOPNOTSUPP) {
		log_error(
			"cannot %s '%s': neither cgroup.freeze (cgroup v2) nor the v1 freezer is there",
			FREEZE ? "freeze" : "thaw", arg.name);
		return 1;
	}
	if (r == -EBUSY && FREEZE) {
		log_error(
			"cannot freeze '%s': still freezing after a second (a task in an uninterruptible sleep?); "
			"ctr-unfreeze undoes it",
			arg.name);
		return 1;
	}
	if (r < 0) {
		log_error("cannot %s '%s' (%s)", FREEZE ? "freeze" : "thaw", arg.name,
			  strerror(-r));
		return 1;
	}
	return 0;
}
