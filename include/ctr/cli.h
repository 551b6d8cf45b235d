/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The command layer every ctr-* main shares (lib/cli.c): the common options
 * (-h/--help, -V/--version, -q/--quiet, -P/--lxcpath DIR, -n/--name NAME),
 * one way to report a usage error, and one rule for exit statuses.  Each main
 * keeps its own getopt_long loop and hands the options it does not own to
 * cli_option().  This is the mains' half of the house: unlike library code
 * it prints, and a usage error, --help and --version end the process.
 *
 * Exit statuses (written in every man page's EXIT STATUS):
 *   every command          0 success, 1 failure, 2 usage error
 *   ctr-start, ctr-attach  pass the container's (or command's) status
 *                          through; their own errors, usage included, are
 *                          125, and 126 / 127 when the command is found but
 *                          cannot be run / is not found */
#ifndef CTR_CLI_H
#define CTR_CLI_H

#include <getopt.h>
#include <stdbool.h>

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILURE = 1,
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_RUNTIME = 125, /* ctr's own error where statuses pass through */
	CLI_EXIT_CANNOT_EXEC = 126,
	CLI_EXIT_NOT_FOUND = 127,
};

enum cli_flags {
	CLI_NAME = 1 << 0,	    /* needs a container: -n NAME or NAME */
	CLI_NAME_OPTIONAL = 1 << 1, /* takes -n NAME or NAME, may go without */
	CLI_PASSTHROUGH = 1 << 2,   /* passes a status through: usage exits 125 */
	CLI_DASHDASH = 1 << 3,	    /* passes on the words after "--" (a command) */
};

struct cli_command {
	const char *name;		     /* "ctr-stop": the prefix of every message */
	void (*help)(void);		     /* prints --help to stdout */
	unsigned flags;			     /* enum cli_flags */
	int (*set_lxcpath)(const char *dir); /* -P DIR: config_set_lxcpath */
};

/* What the common options set; the main reads them after parsing. */
struct cli_args {
	const char *name; /* -n NAME or the first operand (CLI_NAME) */
	const char *lxcpath;
	bool quiet;
};

/* The getopt_long entries and short letters of the common options.  A
 * main's optstring starts with ':' (missing arguments come back as ':') and
 * lists the letters of the common options it takes. */
/* clang-format off */
#define CLI_OPT_HELP { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }
#define CLI_OPT_NAME { "name", required_argument, NULL, 'n' }
#define CLI_OPT_LXCPATH { "lxcpath", required_argument, NULL, 'P' }
#define CLI_OPT_QUIET { "quiet", no_argument, NULL, 'q' }
/* clang-format on */

/* Handles getopt_long's result @c when it is a common option ('h', 'V',
 * 'n', 'P', 'q') or an error ('?', ':'), with @argv the main's argv.  --help
 * and --version print and exit 0; a bad option, a missing argument or a
 * -P that @cmd->set_lxcpath refuses is a usage error (exits).  Any other
 * @c is a usage error too: the main's switch passes only what it does not
 * handle itself. */
void cli_option(const struct cli_command *cmd, int c, char **argv, struct cli_args *a);

/* After the getopt_long loop: takes the first operand as NAME for a
 * CLI_NAME(_OPTIONAL) command without -n, then refuses any operand left
 * (between @optind and @argc) and a missing NAME (CLI_NAME), as usage
 * errors. */
void cli_operands(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a);

/* Splits @argv at its first "--" for a CLI_DASHDASH command: *@argc
 * becomes the count before it (what getopt_long and cli_operands are to
 * see).  Returns the words after it (NULL-terminated, borrowed from @argv),
 * or NULL when there is no "--" or nothing after it. */
char **cli_split_dashdash(int *argc, char **argv);

/* Prints "NAME: MESSAGE" and "Try 'NAME --help' for more information." to
 * stderr and exits with 2 (125 for a CLI_PASSTHROUGH command). */
__attribute__((noreturn, format(printf, 2, 3))) void cli_usage_error(const struct cli_command *cmd,
								     const char *fmt, ...);

/* Parses @s, a decimal integer from @min to @max, into @ret.  Returns 0, or
 * -EINVAL (not a number, trailing text) or -ERANGE (out of bounds). */
int cli_parse_long(const char *s, long min, long max, long *ret);

/* The longest timeout a -t SECONDS option takes (a day). */
#define CLI_TIMEOUT_MAX 86400

/* Parses @s, the argument of a -t SECONDS option, from 0 to CLI_TIMEOUT_MAX;
 * anything else is a usage error of @cmd (exits).  Returns the seconds. */
unsigned cli_timeout(const struct cli_command *cmd, const char *s);

#endif
