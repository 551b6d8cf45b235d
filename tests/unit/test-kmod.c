// SPDX-License-Identifier: LGPL-2.1-or-later
/* Module status from depmod's indexes (checkconfig/kmod.c): a tree built
 * here with depmod -b (a loadable module with aliases, a built-in one with
 * an alias, a missing one), and index files written here byte by byte that
 * depmod never writes: wrong magic or version, offsets past the end,
 * strings without their NUL, cycles. */
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

#include "ctr/kmod.h"

static char top[] = "/tmp/ctrt-test-kmod-XXXXXX";
static char moddir[256], baddir[256];

static int tree_setup(void **state)
{
	char cmd[2048];
	(void)state;
	if (!mkdtemp(top))
		return -1;
	snprintf(moddir, sizeof(moddir), "%s/lib/modules/9.9.9-ctrt", top);
	snprintf(baddir, sizeof(baddir), "%s/bad", top);
	/* ctrtloadable.ko with two aliases, one a pattern; ctrtbuiltin built
	 * in, with an alias of its own in modules.builtin.modinfo. */
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir -p %1$s/kernel/net %3$s; cd %1$s;"
		 "printf '%%s\\n' "
		 "'static const char __attribute__((used, section(\".modinfo\"))) l[] = "
		 "\"license=GPL\";' "
		 "'static const char __attribute__((used, section(\".modinfo\"))) a[] = "
		 "\"alias=ctrt-net-pf-99\";' "
		 "'static const char __attribute__((used, section(\".modinfo\"))) b[] = "
		 "\"alias=ctrtdev:v*d00[0-3]\";' >m.c;"
		 "gcc -c m.c -o kernel/net/ctrt-loadable.ko; rm m.c;"
		 "echo kernel/net/ctrtbuiltin.ko >modules.builtin;"
		 "printf 'ctrtbuiltin.alias=ctrt-fs-x\\0ctrtbuiltin.license=GPL\\0' "
		 ">modules.builtin.modinfo;"
		 ": >modules.order;"
		 "depmod -b %2$s 9.9.9-ctrt 2>/dev/null;"
		 "test -s modules.alias.bin; test -s modules.builtin.alias.bin",
		 moddir, top, baddir);
	return system(cmd) == 0 ? 0 : -1;
}

static int tree_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static enum module_status status(struct modcheck *m, const char *name)
{
	enum module_status st = MODULE_UNCHECKED;
	assert_int_equal(modcheck_status(m, name, &st), 0);
	return st;
}

static void test_status(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	assert_int_equal(modcheck_new(moddir, false, &m, NULL), 0);
	assert_int_equal(status(m, "ctrt_loadable"), MODULE_AVAILABLE);
	/* libkmod's normalisation: '-' and '_' are one */
	assert_int_equal(status(m, "ctrt-loadable"), MODULE_AVAILABLE);
	assert_int_equal(status(m, "ctrtbuiltin"), MODULE_BUILTIN);
	assert_int_equal(status(m, "ctrtmissing"), MODULE_MISSING);
	/* modules.alias: a plain alias and a pattern with a range */
	assert_int_equal(status(m, "ctrt-net-pf-99"), MODULE_AVAILABLE);
	assert_int_equal(status(m, "ctrtdev:vXYZd002"), MODULE_AVAILABLE);
	assert_int_equal(status(m, "ctrtdev:vXYZd004"), MODULE_MISSING);
	assert_int_equal(status(m, "ctrt-net-pf-9"), MODULE_MISSING);
	/* modules.builtin.alias */
	assert_int_equal(status(m, "ctrt-fs-x"), MODULE_BUILTIN);
	assert_int_equal(modcheck_status(m, "", &(enum module_status){ 0 }), -EINVAL);
	modcheck_free(m);
}

static void test_no_dir(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	assert_int_equal(modcheck_new("/nonexistent/ctrt/modules", false, &m, &d), -ENOENT);
	assert_null(m);
	assert_string_equal(d.file, "/nonexistent/ctrt/modules");
	assert_non_null(strstr(d.msg, "modules directory not found"));
	assert_int_equal(modcheck_new("/etc/hostname", false, &m, &d), -ENOTDIR);
	assert_non_null(strstr(d.msg, "not a directory"));
	/* a directory without modules.dep.bin: depmod never ran there */
	assert_int_equal(modcheck_new(top, false, &m, &d), -ENOENT);
	assert_null(m);
	assert_non_null(strstr(d.msg, "no modules.dep.bin (run depmod"));
}

/* Writes @len bytes as BADDIR/@name. */
static void put_file(const char *name, const void *data, size_t len)
{
	char p[300];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", baddir, name);
	f = fopen(p, "we");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_index(const void *data, size_t len)
{
	put_file("modules.dep.bin", data, len);
}

#define BE(v)                                                                              \
	(unsigned char)((v) >> 24), (unsigned char)((v) >> 16), (unsigned char)((v) >> 8), \
		(unsigned char)(v)
#define HEADER(root) BE(0xB007F457u), BE(0x00020001u), BE(root)

static void test_bad_header(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	const unsigned char magic[] = { BE(0xB007FA57u), BE(0x00020001u), BE(0) };
	const unsigned char version[] = { BE(0xB007F457u), BE(0x00030001u), BE(0) };
	const unsigned char shorter[] = { BE(0xB007F457u), BE(0x00020001u) };

	put_index(magic, sizeof(magic));
	assert_int_equal(modcheck_new(baddir, false, &m, &d), -EBADMSG);
	assert_null(m);
	assert_non_null(strstr(d.msg, "modules.dep.bin is not a module index"));
	put_index(version, sizeof(version));
	assert_int_equal(modcheck_new(baddir, false, &m, &d), -EBADMSG);
	put_index(shorter, sizeof(shorter));
	assert_int_equal(modcheck_new(baddir, false, &m, &d), -EBADMSG);
}

/* Files that pass the header but lie inside: every lookup answers
 * "missing", none reads past the end or loops. */
static void test_corrupt_nodes(void **state)
{
	(void)state;
	/* the root past the end */
	const unsigned char root_past[] = { HEADER(0x80000000u | 4096) };
	/* a prefix with no NUL before the end */
	const unsigned char no_nul[] = { HEADER(0x80000000u | 12), 'c', 't', 'r', 't' };
	/* children that run past the end */
	const unsigned char kids_past[] = { HEADER(0x20000000u | 12), 'a', 'z', BE(0) };
	/* a value count with no value after it */
	const unsigned char no_value[] = { HEADER(0xC0000000u | 12), 'x', 0, BE(1) };
	/* the root its own child under 'a': an exact walk goes round it */
	const unsigned char loop[] = { HEADER(0x20000000u | 12), 'a', 'a', BE(0x20000000u | 12) };
	const struct {
		const unsigned char *p;
		size_t len;
	} files[] = { { root_past, sizeof(root_past) },
		      { no_nul, sizeof(no_nul) },
		      { kids_past, sizeof(kids_past) },
		      { no_value, sizeof(no_value) },
		      { loop, sizeof(loop) } };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct modcheck *m = NULL;
		put_index(files[i].p, files[i].len);
		assert_int_equal(modcheck_new(baddir, false, &m, NULL), 0);
		assert_int_equal(status(m, "ctrt"), MODULE_MISSING);
		assert_int_equal(status(m, "x"), MODULE_MISSING);
		assert_int_equal(status(m, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
				 MODULE_MISSING);
		modcheck_free(m);
	}
}

/* An alias index whose root is its own child under both '*' and '+': a
 * wildcard walk of it is a binary tree 1024 deep (2^1024 nodes), unless
 * the walk stops after as many nodes as the file can hold. */
static void test_wild_cycle(void **state)
{
	(void)state;
	const unsigned char dep[] = { HEADER(0x80000000u | 12), 'q', 0 };
	const unsigned char alias[] = { HEADER(0x60000000u | 12),
					'*',
					'+',
					BE(0x60000000u | 12),
					BE(0x60000000u | 12),
					BE(1),
					BE(0),
					'c',
					't',
					'r',
					't',
					0 };
	char p[300];
	struct modcheck *m = NULL;

	put_index(dep, sizeof(dep));
	put_file("modules.alias.bin", alias, sizeof(alias));
	snprintf(p, sizeof(p), "%s/modules.alias.bin", baddir);
	assert_int_equal(modcheck_new(baddir, false, &m, NULL), 0);
	/* Returns at all (the suite's timeout is the judge); the alias names
	 * module "ctrt", which has no file: missing. */
	assert_int_equal(status(m, "anything"), MODULE_MISSING);
	modcheck_free(m);
	unlink(p);
}

/* An alias whose module is a path ("../kernel"): not taken for
 * /sys/module/../kernel, a directory that would say "built in". */
static void test_alias_path(void **state)
{
	(void)state;
	const unsigned char dep[] = { HEADER(0x80000000u | 12), 'q', 0 };
	/* clang-format off */
	const unsigned char alias[] = { HEADER(0xC0000000u | 12), 'c', 't', 'r', 't', 0, BE(1), BE(0),
					'.', '.', '/', 'k', 'e', 'r', 'n', 'e', 'l', 0 };
	/* clang-format on */
	char p[300];
	struct modcheck *m = NULL;

	put_index(dep, sizeof(dep));
	put_file("modules.alias.bin", alias, sizeof(alias));
	snprintf(p, sizeof(p), "%s/modules.alias.bin", baddir);
	assert_int_equal(modcheck_new(baddir, true, &m, NULL), 0);
	assert_int_equal(status(m, "ctrt"), MODULE_MISSING);
	modcheck_free(m);
	unlink(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),	   cmocka_unit_test(test_no_dir),
		cmocka_unit_test(test_bad_header), cmocka_unit_test(test_corrupt_nodes),
		cmocka_unit_test(test_wild_cycle), cmocka_unit_test(test_alias_path),
	};
	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
