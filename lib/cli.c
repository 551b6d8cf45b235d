// SPDX-License-Identifier: LGPL-2.1-or-later
/* The command layer of the ctr-* mains; see ctr/cli.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cli.h"

static int usage_status(const struct cli_command *cmd)
{
	return cmd->flags & CLI_PASSTHROUGH ? CLI_EXIT_RUNTIME : CLI_EXIT_USAGE;
}

void cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", cmd->name);
	exit(usage_status(cmd));
}

/* --help and --version: exit 0 once written, 1 when stdout failed (full
 * disk, closed pipe). */
static void __attribute__((noreturn)) exit_printed(const struct cli_command *cmd)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write to standard output (%s)\n", cmd->name,
			strerror(errno));
		exit(cmd->flags & CLI_PASSTHROUGH ? CLI_EXIT_RUNTIME : CLI_EXIT_FAILURE);
	}
	exit(CLI_EXIT_OK);
}

void cli_option(const struct cli_command *cmd, int c, char **argv, struct cli_args *a)
{
	/* the option word getopt_long just read, for its messages */
	const char *word = optind > 0 ? argv[optind - 1] : "?";

	switch (c) {
	case 'h':
		cmd->help();
		exit_printed(cmd);
	case 'V':
		printf("%s %s\n", cmd->name, CTR_VERSION);
		exit_printed(cmd);
	case 'n':
		if (!*optarg)
			cli_usage_error(cmd, "empty container name");
		a->name = optarg;
		return;
	case 'q':
		a->quiet = true;
		return;
	case 'P':
		if (!cmd->set_lxcpath || cmd->set_lxcpath(optarg) < 0)
			cli_usage_error(cmd, "invalid lxcpath '%s'", optarg);
		a->lxcpath = optarg;
		return;
	case ':':
		/* a short option may end a cluster ("-kt"): name the letter */
		if (strncmp(word, "--", 2) != 0 && optopt > 0 && optopt < 256)
			cli_usage_error(cmd, "option '-%c' needs an argument", optopt);
		cli_usage_error(cmd, "option '%s' needs an argument", word);
	case '?':
		if (strncmp(word, "--", 2) != 0 && optopt > 0 && optopt < 256)
			cli_usage_error(cmd, "unknown option '-%c'", optopt);
		cli_usage_error(cmd, "unknown option '%s'", word);
	default:
		cli_usage_error(cmd, "option '%s' is not taken here", word);
	}
}

void cli_operands(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a)
{
	if (optind < argc && !a->name && cmd->flags & (CLI_NAME | CLI_NAME_OPTIONAL)) {
		if (!*argv[optind])
			cli_usage_error(cmd, "empty container name");
		a->name = argv[optind++];
	}
	if (optind < argc)
		cli_usage_error(cmd, "unexpected argument '%s'%s", argv[optind],
				cmd->flags & CLI_DASHDASH ? " (what is passed on goes after '--')"
							  : "");
	if (!a->name && cmd->flags & CLI_NAME)
		cli_usage_error(cmd, "no container named (use -n NAME)");
}

int cli_parse_long(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

unsigned cli_timeout(const struct cli_command *cmd, const char *s)
{
	long v;

	if (cli_parse_long(s, 0, CLI_TIMEOUT_MAX, &v) < 0)
		cli_usage_error(cmd, "bad timeout '%s' (seconds, 0 to %d)", s, CLI_TIMEOUT_MAX);
	return (unsigned)v;
}

char **cli_split_dashdash(int *argc, char **argv)
{
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			*argc = i;
			return argv[i + 1] ? argv + i + 1 : NULL;
		}
	}
	return NULL;
}
