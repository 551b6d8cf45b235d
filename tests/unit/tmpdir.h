/* A temp dir per unit test group: cmocka group setup and teardown.
 *   return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
 * and paths under tmpdir. */
#ifndef CTR_TESTS_TMPDIR_H
#define CTR_TESTS_TMPDIR_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static char tmpdir[PATH_MAX];

static inline int tmpdir_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ctrt-unit-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int tmpdir_teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
