/* ctr-attach: run a command (default: a shell) inside a running container.
 * Exit status: the command's, or 128+signal; 125 when attaching fails,
 * 126 / 127 when the command cannot be run or is not found. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/lifecycle.h"
#include "ctr/log.h"

#define EXIT_RUNTIME 125

static const char *arg_name;
static char **arg_cmd;
static int arg_tty = -1; /* -1: when stdin and stdout are terminals */
static int arg_keep_fds[ATTACH_MAX_KEEP_FDS];
static size_t arg_n_keep_fds;

static void help(void)
{
	printf("usage: ctr-attach -n NAME [-t | -T] [-P DIR] [--keep-fd N]... [-- CMD ARGS]\n"
	       "\n"
	       "Runs CMD (default: /bin/sh) in every namespace of the running container\n"
	       "NAME, in its cgroups, with its capability bounding set and environment.\n"
	       "\n"
	       "  -n, --name NAME  the container\n"
	       "  -t, --tty        give the command a new pty (default on a terminal)\n"
	       "  -T, --no-tty     pass stdin, stdout and stderr as they are\n"
	       "  -P, --lxcpath DIR  LXC's container directory (as lxc-attach)\n"
	       "      --keep-fd N  pass this fd (above 2) on to CMD; every other one\n"
	       "                   is closed before the container is entered\n"
	       "  -h, --help       this help\n"
	       "  -V, --version    the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "tty", no_argument, NULL, 't' },
		{ "no-tty", no_argument, NULL, 'T' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "keep-fd", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int nargs = argc, c;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			nargs = i;
			arg_cmd = argv + i + 1;
			break;
		}
	while ((c = getopt_long(nargs, argv, "P:n:tThV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 't': arg_tty = 1; break;
		case 'T': arg_tty = 0; break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0)
				return -EINVAL;
			break;
		case 'K': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 3 || v > 1 << 20) {
				log_error("invalid fd '%s' for --keep-fd (a number above 2: stdin, "
					  "stdout and stderr are always passed)", optarg);
				return -EINVAL;
			}
			if (arg_n_keep_fds == ATTACH_MAX_KEEP_FDS) {
				log_error("more than %d --keep-fd", ATTACH_MAX_KEEP_FDS);
				return -EINVAL;
			}
			arg_keep_fds[arg_n_keep_fds++] = (int)v;
			break;
		}
		case 'h': help(); return 1;
		case 'V': printf("ctr-attach %s\n", CTR_VERSION); return 1;
		default: return -EINVAL;
		}
	}
	if (optind < nargs && !arg_name)
		arg_name = argv[optind++];
	if (optind < nargs) {
		log_error("unexpected argument '%s' (a command goes after '--')", argv[optind]);
		return -EINVAL;
	}
	if (!arg_name) {
		log_error("no container named (use -n NAME)");
		return -EINVAL;
	}
	if (arg_cmd && !arg_cmd[0])
		arg_cmd = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct attach_options opts = { 0 };
	struct diag d = { 0 };
	int r, status = EXIT_RUNTIME;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : EXIT_RUNTIME;
	r = attach_exec_sealed(argv);
	if (r < 0) {
		log_error("cannot run from a sealed copy of '/proc/self/exe' (%s)", strerror(-r));
		return EXIT_RUNTIME;
	}
	opts.tty = arg_tty >= 0 ? arg_tty : isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	opts.keep_fds = arg_keep_fds;
	opts.n_keep_fds = arg_n_keep_fds;
	opts.stop_before_exec = getenv("CTR_ATTACH_TEST_STOP") != NULL;
	r = attach_run(arg_name, arg_cmd, &opts, &status, &d);
	if (r < 0) {
		log_error("%s (%s)", d.msg[0] ? d.msg : "cannot attach", strerror(-r));
		return EXIT_RUNTIME;
	}
	return status;
}
