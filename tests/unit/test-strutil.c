// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/strutil.c: one size parser and one signal table for every user (the
 * config language, the cgroup writer, the monitor's control protocol), and
 * hex digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/strutil.h"

static void test_size_parse(void **state)
{
	static const struct {
		const char *s;
		int r;
		uint64_t v;
	} t[] = {
		{ "512M", 0, 512ULL << 20 },
		{ "1G", 0, 1ULL << 30 },
		{ "128m", 0, 128ULL << 20 },
		{ "4k", 0, 4096 },
		{ "2GiB", 0, 2ULL << 30 },
		{ "1gib", 0, 1ULL << 30 },
		{ "3MB", 0, 3ULL << 20 },
		{ "4096", 0, 4096 },
		{ "7B", 0, 7 },
		{ "15E", 0, 15ULL << 60 },
		{ "16E", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "M", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "1 G", -EINVAL, 0 },
		{ "1Gx", -EINVAL, 0 },
		{ "1iB", -EINVAL, 0 },
		{ "1.5G", -EINVAL, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "99999999999P", -ERANGE, 0 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 12345;
		int r = size_parse(t[i].s, &v);
		if (r != t[i].r || (r == 0 && v != t[i].v))
			fail_msg("'%s': r=%d v=%" PRIu64 ", expected r=%d v=%" PRIu64, t[i].s, r, v,
				 t[i].r, t[i].v);
		if (r < 0 && v != 12345)
			fail_msg("'%s': output written on failure", t[i].s);
	}
	assert_int_equal(size_parse(NULL, &(uint64_t){ 0 }), -EINVAL);
}

static void test_signal_parse(void **state)
{
	(void)state;
	assert_int_equal(signal_parse("SIGPWR"), SIGPWR);
	assert_int_equal(signal_parse("PWR"), SIGPWR);
	assert_int_equal(signal_parse("pwr"), SIGPWR);
	assert_int_equal(signal_parse("sigterm"), SIGTERM);
	assert_int_equal(signal_parse("SIGKILL"), SIGKILL);
	assert_int_equal(signal_parse("SIGSYS"), SIGSYS);
	assert_int_equal(signal_parse("15"), SIGTERM);
	assert_int_equal(signal_parse("9"), 9);
	assert_int_equal(signal_parse("RTMIN+3"), SIGRTMIN + 3);
	assert_int_equal(signal_parse("SIGRTMIN+3"), SIGRTMIN + 3);
	assert_int_equal(signal_parse("SIGRTMAX-1"), SIGRTMAX - 1);
	assert_int_equal(signal_parse("rtmax"), SIGRTMAX);
	assert_int_equal(signal_parse("RTMIN"), SIGRTMIN);
	assert_int_equal(signal_parse("0"), -EINVAL);
	assert_int_equal(signal_parse("65"), -EINVAL);
	assert_int_equal(signal_parse("RTMIN+99"), -EINVAL);
	assert_int_equal(signal_parse("RTMIN+"), -EINVAL);
	assert_int_equal(signal_parse("RTMIN-1"), -EINVAL);
	assert_int_equal(signal_parse("RTMAX+1"), -EINVAL);
	assert_int_equal(signal_parse("RTMIN+-1"), -EINVAL);
	assert_int_equal(signal_parse("SIGFOO"), -EINVAL);
	assert_int_equal(signal_parse(""), -EINVAL);
	assert_int_equal(signal_parse(NULL), -EINVAL);
	/* strtol's overflow once wrapped: 2^64 + 15 is no SIGTERM */
	assert_int_equal(signal_parse("18446744073709551631"), -EINVAL);
	assert_int_equal(signal_parse("RTMIN+18446744073709551617"), -EINVAL);
}

/* Every name signal_name writes, signal_parse reads back. */
static void test_signal_name(void **state)
{
	char buf[32];
	(void)state;
	assert_string_equal(signal_name(SIGTERM, buf, sizeof(buf)), "SIGTERM");
	assert_string_equal(signal_name(SIGPWR, buf, sizeof(buf)), "SIGPWR");
	assert_string_equal(signal_name(SIGABRT, buf, sizeof(buf)), "SIGABRT");
	assert_string_equal(signal_name(SIGRTMIN + 3, buf, sizeof(buf)), "SIGRTMIN+3");
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		if (sig > SIGSYS && sig < SIGRTMIN)
			continue; /* glibc's own real-time signals: no name */
		if (signal_parse(signal_name(sig, buf, sizeof(buf))) != sig)
			fail_msg("%d: '%s' reads back as %d", sig, buf, signal_parse(buf));
	}
}

static void test_str_to_ulong(void **state)
{
	unsigned long v = 7;
	(void)state;
	assert_int_equal(str_to_ulong("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(str_to_ulong("101", 100, &v), -ERANGE);
	assert_int_equal(str_to_ulong("99999999999999999999999", ~0UL, &v), -ERANGE);
	assert_int_equal(str_to_ulong("-1", ~0UL, &v), -EINVAL);
	assert_int_equal(str_to_ulong("+1", ~0UL, &v), -EINVAL);
	assert_int_equal(str_to_ulong(" 1", ~0UL, &v), -EINVAL);
	assert_int_equal(str_to_ulong("1x", ~0UL, &v), -EINVAL);
	assert_int_equal(str_to_ulong("", ~0UL, &v), -EINVAL);
	assert_int_equal(v, 42);
}

static void test_hex_digit(void **state)
{
	(void)state;
	assert_int_equal(hex_digit('0'), 0);
	assert_int_equal(hex_digit('9'), 9);
	assert_int_equal(hex_digit('a'), 10);
	assert_int_equal(hex_digit('F'), 15);
	assert_int_equal(hex_digit('g'), -1);
	assert_int_equal(hex_digit(':'), -1);
	assert_int_equal(hex_digit('\0'), -1);
}

static void test_strv(void **state)
{
	_cleanup_strv_free_ char **v = NULL;
	char buf[] = "a";
	(void)state;

	assert_int_equal(strv_len(NULL), 0);
	assert_int_equal(strv_add(&v, buf), 0);
	buf[0] = 'x'; /* a copy was kept */
	assert_int_equal(strv_add(&v, "b"), 0);
	assert_int_equal(strv_len(v), 2);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "b");
	assert_null(v[2]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_parse),  cmocka_unit_test(test_signal_parse),
		cmocka_unit_test(test_signal_name), cmocka_unit_test(test_str_to_ulong),
		cmocka_unit_test(test_hex_digit),   cmocka_unit_test(test_strv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
