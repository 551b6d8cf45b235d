// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/mountinfo.c: the one mountinfo(5) parser (optional fields, escaped
 * paths, lines that are not mountinfo), and option lookups. */
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
#include <unistd.h>

#include "ctr/mountinfo.h"

static void test_fields(void **state)
{
	char path[] = "/tmp/ctrt-mountinfo-XXXXXX";
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	FILE *f;
	int fd;
	(void)state;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
	      "not a mountinfo line\n"
	      "35 22 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
	      "36 35 0:31 /sub /mnt/a\\040b\\134c rw master:2 shared:3 - tmpfs my\\040src rw\n"
	      "37 22 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
	      "38 22 0:33 / /nosuper rw - proc proc\n"
	      "39 22 0:34 / /nodash rw shared:4 proc proc rw\n",
	      f);
	fclose(f);

	assert_int_equal(mountinfo_open(path, &mi), 0);
	unlink(path);
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 22);
	assert_int_equal(e.parent, 1);
	assert_int_equal(e.major, 8);
	assert_int_equal(e.minor, 1);
	assert_string_equal(e.root, "/");
	assert_string_equal(e.mount_point, "/");
	assert_string_equal(e.options, "rw,relatime");
	assert_string_equal(e.fstype, "ext4");
	assert_string_equal(e.source, "/dev/sda1");
	assert_string_equal(e.super_options, "rw,errors=remount-ro");

	assert_int_equal(mountinfo_next(mi, &e), 1); /* the junk line passed over */
	assert_int_equal(e.id, 35);
	assert_string_equal(e.mount_point, "/sys/fs/cgroup");
	assert_string_equal(e.fstype, "cgroup2");

	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_string_equal(e.root, "/sub");
	assert_string_equal(e.mount_point, "/mnt/a b\\c");
	assert_string_equal(e.source, "my src");
	assert_string_equal(e.fstype, "tmpfs");

	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_string_equal(e.mount_point, "/sys/fs/cgroup/memory");
	assert_true(mountinfo_has_option(e.super_options, "memory"));
	assert_false(mountinfo_has_option(e.super_options, "mem"));

	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_string_equal(e.mount_point, "/nosuper");
	assert_string_equal(e.super_options, "");

	assert_int_equal(mountinfo_next(mi, &e), 0); /* no " - ": not a line */
	assert_int_equal(mountinfo_next(mi, &e), 0);
}

/* This process's own table has its root and /proc. */
static void test_self(void **state)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	bool root = false, proc = false;
	int r;
	(void)state;

	assert_int_equal(mountinfo_open(NULL, &mi), 0);
	while ((r = mountinfo_next(mi, &e)) > 0) {
		root |= strcmp(e.mount_point, "/") == 0;
		proc |= strcmp(e.fstype, "proc") == 0;
	}
	assert_int_equal(r, 0);
	assert_true(root && proc);
	assert_int_equal(mountinfo_open("/nonexistent/ctrt", &mi), -ENOENT);
}

static void test_has_option(void **state)
{
	(void)state;
	assert_true(mountinfo_has_option("rw,cpu,cpuacct", "cpu"));
	assert_true(mountinfo_has_option("rw,cpu,cpuacct", "cpuacct"));
	assert_true(mountinfo_has_option("rw", "rw"));
	assert_false(mountinfo_has_option("rw,cpuacct", "cpu"));
	assert_false(mountinfo_has_option("", "rw"));
	assert_false(mountinfo_has_option("rw,,ro", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_has_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
