// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-ls: the containers configured in /etc/lxc and /etc/ctr and those
 * running, with state, init PID, uptime, memory, autostart and addresses.
 * Exit status: 0, 1 on failure, 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/lifecycle.h"
#include "ctr/log.h"

static bool arg_json;
static bool arg_running;
static bool arg_names;

static void help(void)
{
	printf("usage: ctr-ls [-f] [-j] [--running] [-1] [-P DIR]\n"
	       "       ctr-ls -h | -V\n"
	       "\n"
	       "Lists the containers configured in %s and those running.\n"
	       "\n"
	       "  -f, --fancy        the table (the default; lxc-ls -f)\n"
	       "  -j, --json         JSON output\n"
	       "      --running      only the running ones\n"
	       "  -1                 names only, one a line\n"
	       "  -P, --lxcpath DIR  also list LXC's containers in DIR/NAME/config\n"
	       "  -h, --help         this help\n"
	       "  -V, --version      the version\n",
	       info_config_path());
}

static const struct cli_command cmd = {
	.name = "ctr-ls",
	.help = help,
	.set_lxcpath = config_set_lxcpath,
};

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = { { "fancy", no_argument, NULL, 'f' },
						 { "json", no_argument, NULL, 'j' },
						 { "running", no_argument, NULL, 'r' },
						 CLI_OPT_LXCPATH,
						 CLI_OPT_HELP,
						 {} };
	struct cli_args arg = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, ":P:fj1hV", options, NULL)) >= 0) {
		switch (c) {
		case 'f':
			arg_json = arg_names = false;
			break;
		case 'j':
			arg_json = true;
			break;
		case 'r':
			arg_running = true;
			break;
		case '1':
			arg_names = true;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
}

/* "1.5M"-style, into @buf. */
static const char *human(int64_t v, char *buf, size_t len)
{
	static const char units[] = "BKMGT";
	double d = (double)v;
	unsigned u = 0;

	if (v < 0)
		return "-";
	while (d >= 1024 && u < sizeof(units) - 2) {
		d /= 1024;
		u++;
	}
	snprintf(buf, len, u ? "%.1f%c" : "%.0f%c", d, units[u]);
	return buf;
}

int main(int argc, char **argv)
{
	struct ctr_info *v = NULL;
	size_t n = 0, k = 0;
	int r;

	parse_argv(argc, argv);
	r = info_list(!arg_names, &v, &n);
	if (r < 0) {
		log_error("cannot list containers (%s)", strerror(-r));
		return 1;
	}
	for (size_t i = 0; i < n; i++) /* keep only what is asked for */
		if (!arg_running || v[i].state != MONITOR_STOPPED)
			v[k++] = v[i];
		else
			info_clear(&v[i]);
	if (arg_json) {
		info_write_json(stdout, v, k, true);
	} else if (arg_names) {
		for (size_t i = 0; i < k; i++)
			printf("%s\n", v[i].name);
	} else {
		printf("%-16s %-8s %7s %9s %8s %-9s %s\n", "NAME", "STATE", "PID", "UPTIME",
		       "MEMORY", "AUTOSTART", "ADDRESSES");
		for (size_t i = 0; i < k; i++) {
			char pid[16] = "-", up[24] = "-", mem[16];
			if (v[i].init_pid > 0)
				snprintf(pid, sizeof(pid), "%d", (int)v[i].init_pid);
			if (v[i].uptime >= 0)
				snprintf(up, sizeof(up), "%llds", (long long)v[i].uptime);
			printf("%-16s %-8s %7s %9s %8s %-9s ", v[i].name, info_state_name(&v[i]),
			       pid, up, human(v[i].memory, mem, sizeof(mem)),
			       v[i].autostart ? "yes" : "no");
			for (char **a = v[i].addresses; a && *a; a++)
				printf("%s%s", a == v[i].addresses ? "" : ", ", *a);
			printf("%s\n", v[i].addresses && v[i].addresses[0] ? "" : "-");
		}
	}
	info_free(v, k);
	return fflush(stdout) == 0 ? 0 : 1;
}
