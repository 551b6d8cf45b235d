// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kernel config reader: plain, gzip, every bad input; version parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ctr/cleanup.h"
#include "ctr/kconfig.h"

static const char sample[] = "#\n"
			     "# Automatically generated file; DO NOT EDIT.\n"
			     "# Linux/x86 3.10.0 Kernel Configuration\n"
			     "#\n"
			     "CONFIG_USER_NS=y\n"
			     "CONFIG_XFS_FS=m\n"
			     "# CONFIG_VLAN_8021Q is not set\n"
			     "CONFIG_NR_CPUS=64\n"
			     "CONFIG_LOCALVERSION=\"-test\"\n"
			     "CONFIG_FOO=n\n";

static struct kconfig *parse_ok(const char *s, size_t len, struct diag_list *w)
{
	struct kconfig *kc = NULL;
	struct diag d = { 0 };
	int r = kconfig_parse(s, len, "t.config", &kc, w, &d);
	if (r < 0)
		fail_msg("parse failed: %d %s", r, d.msg);
	return kc;
}

static int parse_err(const void *s, size_t len, struct diag *d)
{
	struct kconfig *kc = NULL;
	int r = kconfig_parse(s, len, "t.config", &kc, NULL, d);
	assert_null(kc);
	return r;
}

static void test_plain_values(void **state)
{
	(void)state;
	struct diag_list w = { 0 };
	struct kconfig *kc = parse_ok(sample, sizeof(sample) - 1, &w);
	assert_int_equal(kconfig_get(kc, "USER_NS"), 'y');
	assert_int_equal(kconfig_get(kc, "XFS_FS"), 'm');
	assert_int_equal(kconfig_get(kc, "VLAN_8021Q"), 'n');
	assert_int_equal(kconfig_get(kc, "NR_CPUS"), 'v');
	assert_int_equal(kconfig_get(kc, "LOCALVERSION"), 'v');
	assert_int_equal(kconfig_get(kc, "FOO"), 'n');
	assert_int_equal(kconfig_get(kc, "ABSENT"), 0);
	assert_int_equal(kconfig_get(kc, "USER"), 0); /* prefix of a name */
	assert_true(kconfig_enabled(kc, "XFS_FS"));
	assert_false(kconfig_enabled(kc, "VLAN_8021Q"));
	assert_int_equal(kconfig_line(kc, "XFS_FS"), 6);
	assert_int_equal(kconfig_count(kc), 6);
	assert_int_equal(kconfig_version(kc), KVERSION(3, 10, 0));
	assert_string_equal(kconfig_release(kc), "3.10.0");
	assert_int_equal(kconfig_format(kc), KCONFIG_PLAIN);
	assert_int_equal(w.n, 0);
	kconfig_free(kc);
	diag_list_free(&w);
}

static void test_header_forms(void **state)
{
	(void)state;
	static const char a[] =
		"# Linux/x86_64 3.10.0-1160.119.1.0.5.el7.x86_64 Kernel Configuration\nCONFIG_A=y\n";
	static const char b[] = "# Linux kernel version: 2.6.32\nCONFIG_A=y\n";
	static const char c[] = "CONFIG_A=y\n# CONFIG_B is not set\n";
	static const char d[] = "# Linux/arm64 6.17.5-arch1 Kernel Configuration\r\nCONFIG_A=y\r\n";
	struct kconfig *kc = parse_ok(a, sizeof(a) - 1, NULL);
	assert_int_equal(kconfig_version(kc), KVERSION(3, 10, 0));
	assert_string_equal(kconfig_release(kc), "3.10.0-1160.119.1.0.5.el7.x86_64");
	kconfig_free(kc);
	kc = parse_ok(b, sizeof(b) - 1, NULL);
	assert_int_equal(kconfig_version(kc), KVERSION(2, 6, 32));
	kconfig_free(kc);
	kc = parse_ok(c, sizeof(c) - 1, NULL);
	assert_int_equal(kconfig_version(kc), 0);
	assert_null(kconfig_release(kc));
	kconfig_free(kc);
	kc = parse_ok(d, sizeof(d) - 1, NULL);
	assert_int_equal(kconfig_version(kc), KVERSION(6, 17, 5));
	kconfig_free(kc);
}

static void test_set_twice_last_wins(void **state)
{
	(void)state;
	static const char s[] = "CONFIG_A=y\nCONFIG_B=y\nCONFIG_A=m\n# CONFIG_B is not set\n";
	struct diag_list w = { 0 };
	struct kconfig *kc = parse_ok(s, sizeof(s) - 1, &w);
	assert_int_equal(kconfig_get(kc, "A"), 'm');
	assert_int_equal(kconfig_get(kc, "B"), 'n');
	assert_int_equal(kconfig_line(kc, "A"), 3);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.v[0].line, 3);
	assert_non_null(strstr(w.v[0].msg, "set twice"));
	assert_non_null(strstr(w.v[0].msg, "lines 1 and 3"));
	kconfig_free(kc);
	diag_list_free(&w);
}

static void test_crlf(void **state)
{
	(void)state;
	static const char s[] = "CONFIG_A=y\r\nCONFIG_B=m\r\n# CONFIG_C is not set\r\n";
	struct diag_list w = { 0 };
	struct kconfig *kc = parse_ok(s, sizeof(s) - 1, &w);
	assert_int_equal(kconfig_get(kc, "A"), 'y');
	assert_int_equal(kconfig_get(kc, "B"), 'm');
	assert_int_equal(kconfig_get(kc, "C"), 'n');
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.v[0].msg, "CRLF"));
	kconfig_free(kc);
	diag_list_free(&w);
}

static void test_line_without_equals(void **state)
{
	(void)state;
	static const char s[] = "CONFIG_A=y\nCONFIG_BROKEN\nCONFIG_C=m\n";
	struct diag_list w = { 0 };
	struct kconfig *kc = parse_ok(s, sizeof(s) - 1, &w);
	assert_int_equal(kconfig_get(kc, "BROKEN"), 0);
	assert_int_equal(kconfig_get(kc, "C"), 'm');
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v[0].line, 2);
	assert_non_null(strstr(w.v[0].msg, "no '='"));
	kconfig_free(kc);
	diag_list_free(&w);
}

static void test_warnings_capped(void **state)
{
	(void)state;
	_cleanup_free_ char *s = malloc(100 * 12 + 16);
	struct diag_list w = { 0 };
	size_t n = 0;
	struct kconfig *kc;
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(s + n, "CONFIG_X%02d\n", i);
	n += (size_t)sprintf(s + n, "CONFIG_OK=y\n");
	kc = parse_ok(s, n, &w);
	assert_true(w.n <= 21);
	assert_non_null(strstr(w.v[w.n - 1].msg, "more warnings"));
	kconfig_free(kc);
	diag_list_free(&w);
}

static void test_empty(void **state)
{
	(void)state;
	struct diag d = { 0 };
	assert_int_equal(parse_err("", 0, &d), -ENODATA);
	assert_non_null(strstr(d.msg, "empty"));
	assert_string_equal(d.file, "t.config");
}

static void test_binary(void **state)
{
	(void)state;
	static const char s[] = "CONFIG_A=y\n\x7f"
				"ELF\0\1\2";
	struct diag d = { 0 };
	assert_int_equal(parse_err(s, sizeof(s) - 1, &d), -EBADMSG);
	assert_non_null(strstr(d.msg, "binary"));
	assert_int_equal(d.line, 2);
}

static void test_no_config_lines(void **state)
{
	(void)state;
	static const char s[] = "hello\nworld\n# just a comment\n";
	static const char t[] = "CONFIG_A\nCONFIG_B\n";
	struct diag d = { 0 };
	assert_int_equal(parse_err(s, sizeof(s) - 1, &d), -ENODATA);
	assert_non_null(strstr(d.msg, "no CONFIG_ lines"));
	assert_int_equal(parse_err(t, sizeof(t) - 1, &d), -ENODATA);
	assert_non_null(strstr(d.msg, "lacks '='"));
}

static size_t gz(const char *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream zs = { 0 };
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	return cap - zs.avail_out;
}

static void test_gzip(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = gz(sample, sizeof(sample) - 1, buf, sizeof(buf));
	struct kconfig *kc = parse_ok((char *)buf, n, NULL);
	assert_int_equal(kconfig_format(kc), KCONFIG_GZIP);
	assert_int_equal(kconfig_get(kc, "XFS_FS"), 'm');
	assert_int_equal(kconfig_version(kc), KVERSION(3, 10, 0));
	kconfig_free(kc);
}

static void test_gzip_concatenated(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = gz("CONFIG_A=y\n", 11, buf, sizeof(buf));
	n += gz("CONFIG_B=m\n", 11, buf + n, sizeof(buf) - n);
	struct kconfig *kc = parse_ok((char *)buf, n, NULL);
	assert_int_equal(kconfig_get(kc, "A"), 'y');
	assert_int_equal(kconfig_get(kc, "B"), 'm');
	kconfig_free(kc);
}

static void test_gzip_truncated(void **state)
{
	(void)state;
	unsigned char buf[4096];
	struct diag d = { 0 };
	size_t n = gz(sample, sizeof(sample) - 1, buf, sizeof(buf));
	assert_int_equal(parse_err(buf, n / 2, &d), -EBADMSG);
	assert_non_null(strstr(d.msg, "truncated gzip"));
	/* A gzip header and nothing more. */
	assert_int_equal(parse_err(buf, 10, &d), -EBADMSG);
}

static void test_gzip_corrupt(void **state)
{
	(void)state;
	unsigned char buf[4096];
	struct diag d = { 0 };
	size_t n = gz(sample, sizeof(sample) - 1, buf, sizeof(buf));
	for (size_t i = 12; i < n - 8; i++)
		buf[i] ^= 0x5a;
	assert_int_equal(parse_err(buf, n, &d), -EBADMSG);
	assert_non_null(strstr(d.msg, "gzip"));
}

/* The trailer's size is wrong: not trusted, the stream is refused as
 * corrupt whichever way it was inflated. */
static void test_gzip_trailer_lies(void **state)
{
	(void)state;
	unsigned char buf[4096];
	struct diag d = { 0 };
	size_t n = gz(sample, sizeof(sample) - 1, buf, sizeof(buf));
	buf[n - 4] ^= 0x01;
	assert_int_equal(parse_err(buf, n, &d), -EBADMSG);
	assert_non_null(strstr(d.msg, "gzip"));
	buf[n - 4] ^= 0x01;
	buf[n - 1] = 0x7f; /* says 2 GiB: past the limit, inflated by zlib to its end */
	assert_int_equal(parse_err(buf, n, &d), -EBADMSG);
}

/* Options far denser than the table is first sized for (one per 12 bytes,
 * not 28): it grows, and every option is still found, plain and gzip. */
static void test_dense_options_grow(void **state)
{
	(void)state;
	enum {
		N = 6000
	};
	char *text = malloc(N * 16), *p = text;
	unsigned char *z = malloc(N * 16);
	struct kconfig *kc;
	size_t zn;

	assert_non_null(text);
	assert_non_null(z);
	for (int i = 0; i < N; i++)
		p += sprintf(p, "CONFIG_%04d=%c\n", i, i % 2 ? 'y' : 'm');
	kc = parse_ok(text, (size_t)(p - text), NULL);
	assert_int_equal(kconfig_count(kc), N);
	assert_int_equal(kconfig_get(kc, "0000"), 'm');
	assert_int_equal(kconfig_get(kc, "5999"), 'y');
	assert_int_equal(kconfig_line(kc, "5999"), N);
	kconfig_free(kc);
	zn = gz(text, (size_t)(p - text), z, N * 16);
	kc = parse_ok((char *)z, zn, NULL);
	assert_int_equal(kconfig_count(kc), N);
	assert_int_equal(kconfig_get(kc, "4321"), 'y');
	kconfig_free(kc);
	free(text);
	free(z);
}

static void test_compressed_refused(void **state)
{
	(void)state;
	static const struct {
		const char *magic;
		size_t len;
		const char *name, *cmd;
	} m[] = {
		{ "\xfd"
		  "7zXZ\0\0\0",
		  8, "xz", "xz -dc" },
		{ "\x28\xb5\x2f\xfd\0\0\0\0", 8, "zstd", "zstd -dc" },
		{ "BZh91AY&SY", 10, "bzip2", "bzip2 -dc" },
		{ "\x04\x22\x4d\x18\0\0\0\0", 8, "lz4", "lz4 -dc" },
		{ "\x02\x21\x4c\x18\0\0\0\0", 8, "lz4", "lz4 -dc" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(m); i++) {
		struct diag d = { 0 };
		assert_string_equal(kconfig_compression(m[i].magic, m[i].len), m[i].name);
		assert_int_equal(parse_err(m[i].magic, m[i].len, &d), -EPROTONOSUPPORT);
		assert_non_null(strstr(d.msg, m[i].name));
		assert_non_null(strstr(d.msg, m[i].cmd));
	}
	assert_null(kconfig_compression("CONFIG_A=y\n", 11));
	assert_null(kconfig_compression("BZ", 2));
}

static void test_load_file(void **state)
{
	(void)state;
	char path[] = "/tmp/ctrt-kconfig-XXXXXX";
	int fd = mkostemp(path, O_CLOEXEC);
	struct kconfig *kc = NULL;
	struct diag d = { 0 };
	assert_true(fd >= 0);
	assert_int_equal(write(fd, sample, sizeof(sample) - 1), (ssize_t)(sizeof(sample) - 1));
	close(fd);
	assert_int_equal(kconfig_load(path, &kc, NULL, &d), 0);
	assert_int_equal(kconfig_get(kc, "USER_NS"), 'y');
	kconfig_free(kc);
	unlink(path);
	kc = NULL;
	assert_int_equal(kconfig_load(path, &kc, NULL, &d), -ENOENT);
	assert_null(kc);
	assert_string_equal(d.file, path);
	assert_non_null(strstr(d.msg, "cannot open"));
	assert_int_equal(kconfig_load("/tmp", &kc, NULL, &d), -EISDIR);
}

static void test_too_large(void **state)
{
	(void)state;
	struct kconfig *kc = NULL;
	struct diag d = { 0 };
	char path[] = "/tmp/ctrt-kconfig-XXXXXX";
	int fd = mkostemp(path, O_CLOEXEC);
	assert_true(fd >= 0);
	/* Sparse: no disk used. */
	assert_int_equal(ftruncate(fd, (off_t)KCONFIG_MAX_SIZE + 1), 0);
	close(fd);
	assert_int_equal(kconfig_load(path, &kc, NULL, &d), -EFBIG);
	assert_non_null(strstr(d.msg, "too large"));
	unlink(path);
}

static void test_version_parse(void **state)
{
	(void)state;
	uint32_t v = 0;
	char buf[32];
	assert_int_equal(kversion_parse("3.10", &v), 0);
	assert_int_equal(v, KVERSION(3, 10, 0));
	assert_int_equal(kversion_parse("3.10.0-1160.el7.x86_64", &v), 0);
	assert_int_equal(v, KVERSION(3, 10, 0));
	assert_int_equal(kversion_parse("6.17.5-arch1", &v), 0);
	assert_int_equal(v, KVERSION(6, 17, 5));
	assert_int_equal(kversion_parse("4.14.165-133.209.amzn2.x86_64", &v), 0);
	assert_int_equal(KVERSION_PATCH(v), 165);
	assert_int_equal(kversion_parse("2.6.32.71", &v), 0);
	assert_int_equal(v, KVERSION(2, 6, 32));
	assert_int_equal(kversion_parse("6.1-rc3", &v), 0);
	assert_int_equal(v, KVERSION(6, 1, 0));
	assert_string_equal(kversion_format(KVERSION(5, 10, 252), buf, sizeof(buf)), "5.10.252");
	assert_int_equal(kversion_parse("3", &v), -EINVAL);
	assert_int_equal(kversion_parse("", &v), -EINVAL);
	assert_int_equal(kversion_parse("x.y", &v), -EINVAL);
	assert_int_equal(kversion_parse("0.1", &v), -EINVAL);
	assert_int_equal(kversion_parse("3.", &v), -EINVAL);
	assert_int_equal(kversion_parse("300.1", &v), -EINVAL);
}

static void test_version_compare(void **state)
{
	(void)state;
	uint32_t a, b;
	assert_int_equal(kversion_parse("3.9.11", &a), 0);
	assert_int_equal(kversion_parse("3.10", &b), 0);
	assert_true(kversion_cmp(a, b) < 0); /* 9 < 10 numerically, not as text */
	assert_int_equal(kversion_parse("4.19.249", &a), 0);
	assert_int_equal(kversion_parse("4.19.9", &b), 0);
	assert_true(kversion_cmp(a, b) > 0);
	assert_int_equal(kversion_cmp(KVERSION(5, 1, 0), KVERSION(5, 1, 0)), 0);
	assert_true(kversion_cmp(KVERSION(5, 0, 21), KVERSION(5, 1, 0)) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_values),
		cmocka_unit_test(test_header_forms),
		cmocka_unit_test(test_set_twice_last_wins),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_line_without_equals),
		cmocka_unit_test(test_warnings_capped),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_no_config_lines),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_concatenated),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_gzip_corrupt),
		cmocka_unit_test(test_gzip_trailer_lies),
		cmocka_unit_test(test_dense_options_grow),
		cmocka_unit_test(test_compressed_refused),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_version_parse),
		cmocka_unit_test(test_version_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
