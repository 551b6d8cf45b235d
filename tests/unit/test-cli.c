// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/cli.c: the common options, the usage error (its two lines and its
 * exit status, 2 or 125) and the number parser the mains share. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctr/cli.h"

static void help(void)
{
	printf("usage: ctr-test -n NAME\n");
}

static const char *lxcpath_seen;

static int set_lxcpath(const char *dir)
{
	if (!*dir)
		return -EINVAL;
	lxcpath_seen = dir;
	return 0;
}

static const struct cli_command cmd = {
	.name = "ctr-test",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = set_lxcpath,
};
static const struct cli_command passthrough = {
	.name = "ctr-pass",
	.help = help,
	.flags = CLI_NAME | CLI_PASSTHROUGH,
};

/* Parses @argv (NULL-terminated) as a main does, in a child; returns its
 * exit status (-1: it returned, parsing went through) and what it wrote to
 * stdout and stderr. */
static int run(const struct cli_command *c, char **argv, char *out, size_t outlen, char *err,
	       size_t errlen)
{
	static const struct option options[] = {
		CLI_OPT_NAME, CLI_OPT_LXCPATH, CLI_OPT_QUIET, CLI_OPT_HELP, {}
	};
	int po[2], pe[2], status, argc = 0, opt;
	pid_t pid;
	ssize_t n;

	while (argv[argc])
		argc++;
	assert_int_equal(pipe(po), 0);
	assert_int_equal(pipe(pe), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct cli_args a = { 0 };
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		optind = 0;
		while ((opt = getopt_long(argc, argv, ":n:P:qhV", options, NULL)) >= 0)
			cli_option(c, opt, argv, &a);
		cli_operands(c, argc, argv, &a);
		printf("name=%s lxcpath=%s quiet=%d", a.name, a.lxcpath ? a.lxcpath : "-", a.quiet);
		fflush(stdout);
		_exit(99);
	}
	close(po[1]);
	close(pe[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	n = read(po[0], out, outlen - 1);
	out[n > 0 ? n : 0] = '\0';
	n = read(pe[0], err, errlen - 1);
	err[n > 0 ? n : 0] = '\0';
	close(po[0]);
	close(pe[0]);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == 99 ? -1 : WEXITSTATUS(status);
}

#define RUN(c, ...) \
	run(c, (char *[]){ "ctr-test", ##__VA_ARGS__, NULL }, out, sizeof(out), err, sizeof(err))

static void test_common_options(void **state)
{
	char out[512], err[512];

	(void)state;
	assert_int_equal(RUN(&cmd, "-q", "-P", "/x", "-n", "a"), -1);
	assert_string_equal(out, "name=a lxcpath=/x quiet=1");
	assert_string_equal(err, "");
	assert_int_equal(RUN(&cmd, "--quiet", "--name=b"), -1);
	assert_string_equal(out, "name=b lxcpath=- quiet=1");
	/* NAME as an operand, as lxc-* take it */
	assert_int_equal(RUN(&cmd, "c"), -1);
	assert_string_equal(out, "name=c lxcpath=- quiet=0");
}

static void test_help_version(void **state)
{
	char out[512], err[512];

	(void)state;
	assert_int_equal(RUN(&cmd, "--help"), 0);
	assert_string_equal(out, "usage: ctr-test -n NAME\n");
	assert_int_equal(RUN(&cmd, "-V"), 0);
	assert_string_equal(out, "ctr-test " CTR_VERSION "\n");
	assert_string_equal(err, "");
	/* --help wins over a missing NAME: it is read first */
	assert_int_equal(RUN(&passthrough, "-h"), 0);
}

static void test_usage_errors(void **state)
{
	char out[512], err[512];

	(void)state;
	assert_int_equal(RUN(&cmd, "--bogus"), 2);
	assert_string_equal(out, "");
	assert_string_equal(err, "ctr-test: unknown option '--bogus'\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-x"), 2);
	assert_string_equal(err, "ctr-test: unknown option '-x'\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-n"), 2);
	assert_string_equal(err, "ctr-test: option '-n' needs an argument\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-qn"), 2);
	assert_string_equal(err, "ctr-test: option '-n' needs an argument\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "--name"), 2);
	assert_string_equal(err, "ctr-test: option '--name' needs an argument\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-qx", "a"), 2);
	assert_string_equal(err, "ctr-test: unknown option '-x'\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-q"), 2);
	assert_string_equal(err, "ctr-test: no container named (use -n NAME)\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "a", "b"), 2);
	assert_string_equal(err, "ctr-test: unexpected argument 'b'\n"
				 "Try 'ctr-test --help' for more information.\n");
	assert_int_equal(RUN(&cmd, "-n", ""), 2);
	assert_int_equal(RUN(&cmd, "-P", "", "a"), 2);
	assert_string_equal(err, "ctr-test: invalid lxcpath ''\n"
				 "Try 'ctr-test --help' for more information.\n");
	/* a command with no -P to give takes none */
	assert_int_equal(RUN(&passthrough, "-P", "/x", "a"), 125);
}

static void test_passthrough_usage(void **state)
{
	char out[512], err[512];

	(void)state;
	/* ctr-start and ctr-attach pass a status through: their own is 125 */
	assert_int_equal(RUN(&passthrough, "--bogus"), 125);
	assert_string_equal(err, "ctr-pass: unknown option '--bogus'\n"
				 "Try 'ctr-pass --help' for more information.\n");
	assert_int_equal(RUN(&passthrough), 125);
}

/* The words after the first "--" are passed on; getopt sees the rest. */
static void test_split_dashdash(void **state)
{
	char *a1[] = { "ctr-start", "-n", "x", "--", "sh", "-c", "--", NULL };
	char *a2[] = { "ctr-start", "-n", "x", "--", NULL };
	char *a3[] = { "ctr-start", "-n", "x", NULL };
	int n1 = 7, n2 = 4, n3 = 3;
	char **rest;

	(void)state;
	rest = cli_split_dashdash(&n1, a1);
	assert_int_equal(n1, 3);
	assert_ptr_equal(rest, a1 + 4);
	assert_string_equal(rest[2], "--");
	assert_null(cli_split_dashdash(&n2, a2));
	assert_int_equal(n2, 3);
	assert_null(cli_split_dashdash(&n3, a3));
	assert_int_equal(n3, 3);
}

static void test_parse_long(void **state)
{
	long v = 7;

	(void)state;
	assert_int_equal(cli_parse_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cli_parse_long("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);
	v = 7;
	assert_int_equal(cli_parse_long("", 0, 100, &v), -EINVAL);
	assert_int_equal(cli_parse_long("4x", 0, 100, &v), -EINVAL);
	assert_int_equal(cli_parse_long("1e3", 0, 5000, &v), -EINVAL);
	assert_int_equal(cli_parse_long("101", 0, 100, &v), -ERANGE);
	assert_int_equal(cli_parse_long("-1", 0, 100, &v), -ERANGE);
	/* beyond a long: ERANGE, not LONG_MAX let through */
	assert_int_equal(cli_parse_long("99999999999999999999", 0, LONG_MAX, &v), -ERANGE);
	/* 4294967306 is 10 modulo 2^32: refused, not VLAN 10 */
	assert_int_equal(cli_parse_long("4294967306", 1, 4094, &v), -ERANGE);
	assert_int_equal(v, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_options), cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_usage_errors),   cmocka_unit_test(test_passthrough_usage),
		cmocka_unit_test(test_parse_long),     cmocka_unit_test(test_split_dashdash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
