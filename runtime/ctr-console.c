/* ctr-console: attach this terminal to a container's console or tty N
 * through its monitor.  Ctrl-a q detaches; Ctrl-a Ctrl-a sends Ctrl-a.
 * Exit status: 0 detached, 1 failure, 2 not running. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/log.h"
#include "ctr/monitor.h"

static const char *arg_name;
static unsigned arg_tty = 1;
static int arg_escape = 1; /* Ctrl-a */

static void help(void)
{
	printf("usage: ctr-console -n NAME [-t N] [-e LETTER] [-P DIR]\n"
	       "\n"
	       "Attaches this terminal to tty N (default 1; 0 is the console) of the\n"
	       "running container NAME.  Type Ctrl-a q to detach.\n"
	       "\n"
	       "  -n, --name NAME     the container\n"
	       "  -t, --tty N         the tty (0: /dev/console)\n"
	       "  -e, --escape LETTER the escape key with Ctrl (default a)\n"
	       "  -P, --lxcpath DIR   LXC's container directory (as lxc-console)\n"
	       "  -h, --help          this help\n"
	       "  -V, --version       the version\n");
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "tty", required_argument, NULL, 't' },
		{ "escape", required_argument, NULL, 'e' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "P:n:t:e:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 't':
			v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 || v > 64) {
				log_error("bad tty '%s' (0 to 64)", optarg);
				return -EINVAL;
			}
			arg_tty = (unsigned)v;
			break;
		case 'e':
			if (strlen(optarg) != 1 || ((optarg[0] | 0x20) < 'a' || (optarg[0] | 0x20) > 'z')) {
				log_error("bad escape '%s' (one letter)", optarg);
				return -EINVAL;
			}
			arg_escape = (optarg[0] | 0x20) - 'a' + 1;
			break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0)
				return -EINVAL;
			break;
		case 'h': help(); return 1;
		case 'V': printf("ctr-console %s\n", CTR_VERSION); return 1;
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
	int r, fd;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 1;
	fd = monitor_console_open(arg_name, arg_tty);
	if (fd >= 0) {
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "connected to tty %u of '%s'; type Ctrl-%c q to detach\r\n",
				arg_tty, arg_name, 'a' + arg_escape - 1);
		r = monitor_console_relay(fd, arg_escape);
		close(fd);
	} else {
		r = fd;
	}
	if (r == -ENXIO) {
		log_error("container '%s' has no tty %u", arg_name, arg_tty);
		return 1;
	}
	if (r == -ESRCH) {
		log_error("container '%s' is not running", arg_name);
		return 2;
	}
	if (r == -EBUSY) {
		log_error("tty %u of '%s' is attached elsewhere", arg_tty, arg_name);
		return 1;
	}
	if (r == -EPIPE) {
		fprintf(stderr, "\r\n");
		log_error("container '%s' went away", arg_name);
		return 1;
	}
	if (r < 0) {
		log_error("cannot attach to tty %u of '%s' (%s)", arg_tty, arg_name, strerror(-r));
		return 1;
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\n");
	return 0;
}
