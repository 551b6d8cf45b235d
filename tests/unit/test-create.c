// SPDX-License-Identifier: LGPL-2.1-or-later
/* create_container unpacking a rootfs tarball into LXCPATH/NAME/rootfs, with
 * LXCPATH a temp dir and no SYSCONFDIR link: runs as any user (the
 * ownership of the tarball's entries is root's to restore; the tree, the
 * config and the refusals are everyone's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/create.h"
#include "unit/tmpdir.h"

/* system(3) of a command with the temp dir in it, as often as named */
#define sh(fmt, ...)                                            \
	({                                                      \
		char cmd_[4 * PATH_MAX + 256];                  \
		snprintf(cmd_, sizeof(cmd_), fmt, __VA_ARGS__); \
		system(cmd_);                                   \
	})

/* tmpdir/@rel: one of sixteen static buffers, reused in turn */
static const char *at(const char *rel)
{
	static char p[16][PATH_MAX + 256];
	static int next;
	char *q = p[next++ % 16];

	snprintf(q, PATH_MAX + 256, "%s/%s", tmpdir, rel);
	return q;
}

/* src/{etc/{hostname,hosts,inittab},bin/init,sbin/init -> ../bin/init} as
 * src.tar.  Its own /etc/hosts, as rootfs tarballs have: a file the guest
 * lacks is made owned by the container's root, which only root can do. */
static void make_tarball(void)
{
	assert_int_equal(
		sh("mkdir -p '%s/src/etc' '%s/src/bin' '%s/src/sbin'", tmpdir, tmpdir, tmpdir), 0);
	put("src/etc/hostname", "old\n");
	put("src/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\told\n");
	put("src/etc/inittab", "id:3:initdefault:\n");
	put("src/bin/init", "#!/bin/sh\n");
	assert_int_equal(symlink("../bin/init", at("src/sbin/init")), 0);
	assert_int_equal(sh("tar -C '%s/src' -cf '%s/src.tar' .", tmpdir, tmpdir), 0);
}

static void test_tarball_into_rootfs(void **state)
{
	struct create_opts o = { .name = "ctrtunit",
				 .lxcpath = at("lxc"),
				 .sysconfdir = "",
				 .source = CREATE_FROM_TARBALL,
				 .from = at("src.tar") };
	struct create_result res = { 0 };
	struct diag d = { 0 };
	char target[64] = { 0 }, line[64];
	FILE *f;
	struct stat st;
	int r;
	(void)state;

	make_tarball();
	r = create_container(&o, &res, &d);
	if (r < 0)
		print_message("# %s: %s\n", d.file, d.msg);
	assert_int_equal(r, 0);
	assert_string_equal(res.dir, at("lxc/ctrtunit"));
	assert_null(res.link);
	assert_true(res.entries >= 7);
	assert_int_equal(stat(res.config, &st), 0);
	assert_int_equal(stat(at("lxc/ctrtunit/rootfs/bin/init"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_true(readlink(at("lxc/ctrtunit/rootfs/sbin/init"), target, sizeof(target) - 1) > 0);
	assert_string_equal(target, "../bin/init");
	/* the guest's /etc told its new name */
	f = fopen(at("lxc/ctrtunit/rootfs/etc/hostname"), "re");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_string_equal(line, "ctrtunit\n");
	create_result_clear(&res);

	/* the name is taken now, and the one there is kept */
	assert_int_equal(create_container(&o, &res, &d), -EEXIST);
	assert_int_equal(stat(at("lxc/ctrtunit/rootfs/bin/init"), &st), 0);
	create_result_clear(&res);
}

/* An entry that climbs out of the rootfs is refused, and nothing made is
 * left: not the container's directory, not the file outside. */
static void test_hostile_entry(void **state)
{
	struct create_opts o = { .name = "ctrtevil",
				 .lxcpath = at("lxc2"),
				 .sysconfdir = "",
				 .source = CREATE_FROM_TARBALL,
				 .from = at("evil.tar") };
	struct create_result res = { 0 };
	struct diag d = { 0 };
	struct stat st;
	(void)state;

	assert_int_equal(sh("mkdir -p '%s/e/in'", tmpdir), 0);
	put("e/escaped", "x\n");
	assert_int_equal(sh("cd '%s/e/in' && tar -cPf ../../evil.tar ../escaped", tmpdir), 0);
	assert_int_equal(unlink(at("e/escaped")), 0);
	assert_int_equal(create_container(&o, &res, &d), -EPERM);
	assert_non_null(strstr(d.msg, "outside the rootfs"));
	assert_int_equal(stat(at("lxc2/ctrtevil"), &st), -1);
	assert_int_equal(stat(at("lxc2/escaped"), &st), -1);
	assert_int_equal(stat(at("e/escaped"), &st), -1);
	create_result_clear(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tarball_into_rootfs),
		cmocka_unit_test(test_hostile_entry),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
