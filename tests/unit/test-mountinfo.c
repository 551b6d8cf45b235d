// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/mountinfo.c: the one mountinfo(5) parser (optional fields, escaped
 * paths, lines that are not mountinfo, a table far larger than one read),
 * and option lookups. */
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
#include "tmpdir.h"

static void test_fields(void **state)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	const char *path =
		put("fields",
		    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
		    "not a mountinfo line\n"
		    "35 22 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
		    "36 35 0:31 /sub /mnt/a\\040b\\134c rw master:2 shared:3 - tmpfs "
		    "my\\040src rw\n"
		    "37 22 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		    "38 22 0:33 / /nosuper rw - proc proc\n"
		    "39 22 0:34 / /nodash rw shared:4 proc proc rw\n");
	(void)state;

	assert_int_equal(mountinfo_open(path, &mi), 0);
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

/* Escapes of each kind the kernel writes (blank, tab, newline, backslash),
 * and what is not an escape left as it is. */
static void test_escapes(void **state)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	const char *path =
		put("escapes", "40 1 0:40 /r\\011t /a\\040b\\012c\\134d rw - "
			       "tmpfs x\\040y rw\n"
			       "41 1 0:41 / /not\\escape\\08\\400\\04 rw - tmpfs t rw\n");
	(void)state;

	assert_int_equal(mountinfo_open(path, &mi), 0);
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_string_equal(e.root, "/r\tt");
	assert_string_equal(e.mount_point, "/a b\nc\\d");
	assert_string_equal(e.source, "x y");
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_string_equal(e.mount_point, "/not\\escape\\08\\400\\04");
	assert_int_equal(mountinfo_next(mi, &e), 0);
}

/* No optional field, several, an empty source (mount -t tmpfs "" DIR), the
 * last line without its newline. */
static void test_optional_and_empty(void **state)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	const char *path = put("optional", "50 1 0:50 / /a rw - tmpfs tmpfs rw,size=1k\n"
					   "51 1 0:51 / /b rw shared:7 master:3 propagate_from:2 "
					   "unbindable - tmpfs tmpfs rw\n"
					   "52 1 0:52 / /c rw - tmpfs  rw,mode=755\n"
					   "53 1 0:53 / /d ro - tmpfs last rw");
	(void)state;

	assert_int_equal(mountinfo_open(path, &mi), 0);
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 50);
	assert_string_equal(e.fstype, "tmpfs");
	assert_string_equal(e.super_options, "rw,size=1k");
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 51);
	assert_string_equal(e.options, "rw");
	assert_string_equal(e.fstype, "tmpfs");
	assert_string_equal(e.super_options, "rw");
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 52);
	assert_string_equal(e.source, "");
	assert_string_equal(e.super_options, "rw,mode=755");
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 53);
	assert_string_equal(e.options, "ro");
	assert_string_equal(e.super_options, "rw");
	assert_int_equal(mountinfo_next(mi, &e), 0);
}

/* Lines cut short anywhere, bad numbers: passed over, the next read. */
static void test_truncated(void **state)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	const char *path = put("truncated", "\n"
					    "60\n"
					    "61 1\n"
					    "62 1 0:62 / /e\n"
					    "63 1 0:63 / /f rw shared:1\n"
					    "64 1 0:64 / /g rw shared:1 -\n"
					    "65 1 0:65 / /h rw - tmpfs\n"
					    "x66 1 0:66 / /i rw - tmpfs t rw\n"
					    "67 1 066 / /j rw - tmpfs t rw\n"
					    "68 1 0:x / /k rw - tmpfs t rw\n"
					    "99999999999 1 0:0 / /l rw - tmpfs t rw\n"
					    "69 1 0:69 / /m rw - tmpfs t rw\n"
					    "70 1 0:70 / /n rw - tmp");
	(void)state;

	assert_int_equal(mountinfo_open(path, &mi), 0);
	assert_int_equal(mountinfo_next(mi, &e), 1);
	assert_int_equal(e.id, 69);
	assert_int_equal(e.major, 0);
	assert_int_equal(e.minor, 69);
	assert_string_equal(e.mount_point, "/m");
	assert_int_equal(mountinfo_next(mi, &e), 0); /* "tmp" but no source */
	assert_int_equal(mountinfo_next(mi, &e), 0);
}

/* Far more than one read (the reader grows its buffer): every line, in order. */
static void test_many(void **state)
{
	enum {
		N = 40000
	};
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	char path[PATH_MAX + 16], want[64];
	FILE *f;
	int n = 0, r;
	(void)state;

	snprintf(path, sizeof(path), "%s/many", tmpdir);
	f = fopen(path, "we");
	assert_non_null(f);
	for (int i = 0; i < N; i++)
		fprintf(f,
			"%d 1 0:%d / /srv/ctrt/mount\\040%d rw,relatime shared:%d - tmpfs tmpfs rw\n",
			i + 100, i, i, i);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(mountinfo_open(path, &mi), 0);
	while ((r = mountinfo_next(mi, &e)) > 0) {
		assert_int_equal(e.id, n + 100);
		assert_int_equal(e.minor, n);
		snprintf(want, sizeof(want), "/srv/ctrt/mount %d", n);
		assert_string_equal(e.mount_point, want);
		n++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(n, N);
}

/* An unreadable "file" fails the open, not a later next. */
static void test_read_error(void **state)
{
	struct mountinfo *mi = NULL;
	(void)state;

	assert_int_equal(mountinfo_open(tmpdir, &mi), -EISDIR);
	assert_null(mi);
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
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_optional_and_empty),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_has_option),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
