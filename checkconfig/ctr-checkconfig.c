// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-checkconfig: can this kernel (and host) run containers?
 * Exit status: 0 every required check passes, 1 a required check fails or a
 * must-be-off option is on (a verdict, as grep's 1), 2 usage error or
 * unreadable input: nothing could be checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/checkconfig.h"
#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/log.h"

static const char *arg_config;
static const char *arg_rules;
static const char *arg_modules_dir;
static uint32_t arg_kernel_version;
static bool arg_host;
static const char *arg_container;
static enum {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_NFD
} arg_format;
static struct cli_args arg;
static bool arg_no_color;

/* The report leaves in one write(): stdio's own buffer is st_blksize (4096
 * for a pipe or /dev/null, so the 4.2 KB text report took two), and
 * allocating it costs an fstat and an ioctl.  A terminal stays line
 * buffered. */
static char stdout_buf[1 << 16];

/* Not freed at the end: exit returns the report's heap and the kernel
 * config's mappings in one teardown, where free and munmap took some 30 us
 * of a 600 us audit.  Static, so a leak checker sees it still reachable. */
static struct cc_report *rep;

static void help(void)
{
	printf("usage: ctr-checkconfig [-c FILE] [-r FILE] [-m DIR] [-k X.Y[.Z]] [-H] [-j] [-q]\n"
	       "                       [-n NAME [-P DIR] | --container FILE] [--format FMT]\n"
	       "                       [--no-color]\n"
	       "       ctr-checkconfig -h | -V\n"
	       "Check that a kernel configuration and this host can run containers.\n"
	       "\n"
	       "  -c, --config FILE          kernel config to check (plain or gzip); default\n"
	       "                             $CONFIG, else the running kernel's\n"
	       "  -r, --rules FILE           rules file (default $CTR_DATADIR/checkconfig.rules)\n"
	       "  -m, --modules-dir DIR      look modules up in DIR (default, for the running\n"
	       "                             kernel: /lib/modules/$(uname -r))\n"
	       "  -k, --kernel-version X.Y[.Z]  kernel version, instead of the config's header\n"
	       "  -H, --host                 check the host even for a foreign config\n"
	       "  -n, --name NAME            also audit what container NAME needs here\n"
	       "                             (" CTR_SYSCONFDIR "/lxc/NAME.conf, " CTR_SYSCONFDIR
	       "/ctr/NAME.conf,\n"
	       "                             then LXCPATH/NAME/config)\n"
	       "  -P, --lxcpath DIR          LXC's container directory for -n (default:\n"
	       "                             lxc.lxcpath in " CTR_SYSCONFDIR
	       "/lxc/lxc.conf, else /var/lib/lxc)\n"
	       "      --container FILE       the same for the container config FILE\n"
	       "  -j, --json                 one JSON document on standard output\n"
	       "      --format FMT           text (default), json, or nfd (node-feature-\n"
	       "                             discovery: one key=value a line)\n"
	       "  -q, --quiet                show only problems\n"
	       "      --no-color             no colour (also NO_COLOR in the environment)\n"
	       "  -h, --help                 this help\n"
	       "  -V, --version              the version\n"
	       "\n"
	       "Exit status: 0 every required check passes, 1 a required check fails, a\n"
	       "must-be-off option is on or the container cannot start here, 2 usage error\n"
	       "or unreadable input (a container config that does not parse).\n");
}

static const struct cli_command cmd = {
	.name = "ctr-checkconfig",
	.help = help,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_args(int argc, char **argv)
{
	enum {
		OPT_NO_COLOR = 0x100,
		OPT_CONTAINER,
		OPT_FORMAT
	};
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "modules-dir", required_argument, NULL, 'm' },
		{ "kernel-version", required_argument, NULL, 'k' },
		{ "host", no_argument, NULL, 'H' },
		CLI_OPT_NAME,
		CLI_OPT_LXCPATH,
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, 'j' },
		CLI_OPT_QUIET,
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		CLI_OPT_HELP,
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, ":c:r:m:k:Hn:P:jqhV", opts, NULL)) >= 0) {
		switch (c) {
		case 'c':
			arg_config = optarg;
			break;
		case 'r':
			arg_rules = optarg;
			break;
		case 'm':
			arg_modules_dir = optarg;
			break;
		case 'k':
			if (kversion_parse(optarg, &arg_kernel_version) < 0)
				cli_usage_error(&cmd, "bad kernel version '%s' (want X.Y or X.Y.Z)",
						optarg);
			break;
		case 'H':
			arg_host = true;
			break;
		case OPT_CONTAINER:
			arg_container = optarg;
			break;
		case 'j':
			arg_format = FORMAT_JSON;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				arg_format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				arg_format = FORMAT_JSON;
			else if (strcmp(optarg, "nfd") == 0)
				arg_format = FORMAT_NFD;
			else
				cli_usage_error(&cmd,
						"unknown format '%s' (want text, json or nfd)",
						optarg);
			break;
		case OPT_NO_COLOR:
			arg_no_color = true;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	if (arg.name && arg_container)
		cli_usage_error(&cmd, "-n NAME and --container FILE name the same thing: give one");
	if (optind < argc)
		cli_usage_error(&cmd, "unexpected argument '%s' (the config goes after -c)",
				argv[optind]);
	if (!arg_config) {
		const char *e = getenv("CONFIG");
		if (e && *e)
			arg_config = e;
	}
}

int main(int argc, char **argv)
{
	struct cc_options o = { 0 };
	struct diag d = { 0 };
	char where[600];
	const char *nc = getenv("NO_COLOR");
	bool tty = isatty(STDOUT_FILENO);
	unsigned flags = 0;
	int r, status;

	setvbuf(stdout, stdout_buf, tty ? _IOLBF : _IOFBF, sizeof(stdout_buf));
	parse_args(argc, argv);
	o.config = arg_config;
	o.rules = arg_rules;
	o.modules_dir = arg_modules_dir;
	o.kernel_version = arg_kernel_version;
	o.host = arg_host;
	o.container_name = arg.name;
	o.container_file = arg_container;
	r = checkconfig_run(&o, &rep, &d);
	if (r < 0) {
		if (d.msg[0])
			log_error("%s%s", diag_where(&d, where, sizeof(where)), d.msg);
		else
			log_error("checking failed (%s)", strerror(-r));
		return 2;
	}
	for (size_t i = 0; i < rep->warnings.n; i++)
		log_warn("%s%s", diag_where(&rep->warnings.v[i], where, sizeof(where)),
			 rep->warnings.v[i].msg);
	if (arg_format == FORMAT_JSON) {
		report_json(rep, stdout);
	} else if (arg_format == FORMAT_NFD) {
		report_nfd(rep, stdout);
	} else {
		const char *term = getenv("TERM");

		if (tty && !arg_no_color && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0))
			flags |= REPORT_COLOR;
		if (arg.quiet)
			flags |= REPORT_QUIET;
		report_text(rep, stdout, flags);
	}
	status = checkconfig_exit_status(rep);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("cannot write the report to standard output");
		return 2;
	}
	return status;
}
