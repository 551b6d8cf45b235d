/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A temp dir per unit test group (cmocka group setup and teardown) and
 * files written into it, for the unit tests that read files.  Include after
 * <cmocka.h>:
 *   return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
 *   const char *path = put("a.conf", "lxc.uts.name = a\n"); */
#ifndef CTR_TESTS_TMPDIR_H
#define CTR_TESTS_TMPDIR_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static char tmpdir[PATH_MAX];

static inline int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ctrt-unit-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int teardown_dir(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes @text to tmpdir/@name; returns its path (one of eight static
 * buffers, reused in turn). */
static inline const char *put(const char *name, const char *text)
{
	static char paths[8][PATH_MAX + 256];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, PATH_MAX + 256, "%s/%.200s", tmpdir, name);
	f = fopen(p, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return p;
}

#endif
