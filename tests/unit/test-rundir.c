// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/rundir.c: the one run-dir lookup (for the containers, the monitors
 * and netsetup) and the one lock-retry loop. */
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

#include "ctr/cleanup.h"
#include "ctr/rundir.h"

static void test_path(void **state)
{
	(void)state;
	assert_int_equal(setenv("CTR_RUNDIR", "/tmp/ctrt-x//", 1), 0);
	assert_string_equal(rundir_path(), "/tmp/ctrt-x");
	assert_int_equal(setenv("CTR_RUNDIR", "", 1), 0);
	assert_string_equal(rundir_path(), CTR_RUNSTATEDIR "/ctr");
	assert_int_equal(unsetenv("CTR_RUNDIR"), 0);
	assert_string_equal(rundir_path(), CTR_RUNSTATEDIR "/ctr");
}

static void test_lock(void **state)
{
	char top[] = "/tmp/ctrt-rundir-XXXXXX", dir[PATH_MAX], path[PATH_MAX + 8];
	int a, b;
	struct stat st;
	(void)state;

	assert_non_null(mkdtemp(top));
	snprintf(dir, sizeof(dir), "%s/c1", top);
	snprintf(path, sizeof(path), "%s/lock", dir);
	/* the directory is made when missing */
	bool made = false;
	a = rundir_lock(dir, path, 0, &made);
	assert_true(a >= 0);
	assert_true(made);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* held: -EBUSY at once, and after two retries */
	assert_int_equal(rundir_lock(dir, path, 0, NULL), -EBUSY);
	assert_int_equal(rundir_lock(dir, path, 2, NULL), -EBUSY);
	/* the holder ends, unlinking its file: the next taker gets a new one */
	assert_int_equal(unlink(path), 0);
	b = rundir_lock(dir, path, 0, NULL);
	assert_true(b >= 0);
	close(a);
	assert_int_equal(rundir_lock(dir, path, 0, NULL), -EBUSY);
	close(b);
	b = rundir_lock(dir, path, 0, &made);
	assert_true(b >= 0);
	assert_false(made); /* the file was there */
	close(b);
	unlink(path);
	rmdir(dir);
	rmdir(top);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
