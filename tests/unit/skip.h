/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A cmocka skip with its reason.  cmocka's skip() takes none and its TAP
 * line ("not ok N # SKIP test_name") says nothing of why; tests/run counts a
 * skip without a reason as a failure, as for the shell suites.  This prints
 * the reason as a TAP comment just before that line, where tests/run reads
 * it.  Include after <cmocka.h>:
 *   if (geteuid() != 0)
 *           skip_because("needs root");  */
#ifndef CTR_TESTS_SKIP_H
#define CTR_TESTS_SKIP_H

#include <stdio.h>

#define skip_because(why)                    \
	do {                                 \
		printf("# skip: %s\n", why); \
		skip();                      \
	} while (0)

#endif
