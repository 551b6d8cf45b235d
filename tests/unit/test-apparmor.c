// SPDX-License-Identifier: LGPL-2.1-or-later
/* runtime/container/apparmor.c: the profile "generated" stands for, as
 * text (LXC's container-base, the cgroup mounts, nesting, raw lines), and
 * checked by apparmor_parser itself when the host has it (-Q: parsed and
 * compiled, not loaded, so no AppArmor kernel is needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/apparmor.h"
#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "unit/skip.h"

static void test_plain(void **state)
{
	char *raw[] = { "deny /mnt/secret rw,", NULL };
	struct container_config cfg = { .name = "c1", .apparmor_raw = raw };
	_cleanup_free_ char *t = NULL;
	const char *end;

	(void)state;
	assert_int_equal(apparmor_generate(&cfg, "ctr-c1_</run/ctr>", &t), 0);
	assert_non_null(strstr(t, "profile \"ctr-c1_</run/ctr>\" "
				  "flags=(attach_disconnected,mediate_deleted) {\n"));
	assert_non_null(strstr(t, "  #include <abstractions/lxc/container-base>\n"));
	assert_non_null(strstr(t, "  deny mount fstype=devpts,\n"));
	assert_non_null(strstr(t, "  mount fstype=cgroup2 -> /sys/fs/cgroup/**,\n"));
	assert_null(strstr(t, "change_profile"));
	assert_null(strstr(t, "start-container"));
	/* the raw lines last, inside the profile */
	end = strstr(t, "  deny /mnt/secret rw,\n}\n");
	assert_non_null(end);
	assert_string_equal(end + strlen("  deny /mnt/secret rw,\n"), "}\n");
}

static void test_nesting(void **state)
{
	struct container_config cfg = { .name = "c2", .apparmor_allow_nesting = true };
	_cleanup_free_ char *t = NULL;

	(void)state;
	assert_int_equal(apparmor_generate(&cfg, "ctr-c2_</r>", &t), 0);
	assert_non_null(strstr(t, "  #include <abstractions/lxc/start-container>\n"));
	assert_non_null(strstr(t, "  change_profile -> \"ctr-c2_</r>\",\n"));
	assert_non_null(strstr(t, "  mount,\n"));
	assert_null(strstr(t, "deny mount fstype=devpts"));
}

/* apparmor_parser -Q on the text, with LXC's abstractions: the profile is
 * one the parser takes. */
static void test_parser_takes_it(void **state)
{
	for (int nesting = 0; nesting < 2; nesting++) {
		struct container_config cfg = { .name = "c3", .apparmor_allow_nesting = nesting };
		_cleanup_free_ char *t = NULL;
		char path[] = "/tmp/ctrt-aa-XXXXXX", cmd[256];
		FILE *f;
		int fd, st;

		(void)state;
		if (system("command -v apparmor_parser >/dev/null") != 0)
			skip_because("no apparmor_parser (Debian package apparmor)");
		if (access("/etc/apparmor.d/abstractions/lxc/container-base", R_OK) != 0 ||
		    access("/etc/apparmor.d/tunables/global", R_OK) != 0)
			skip_because("no AppArmor abstractions of LXC's (package liblxc-common) "
				     "or apparmor's");
		assert_int_equal(apparmor_generate(&cfg, "ctr-c3_</run/ctr>", &t), 0);
		fd = mkstemp(path);
		assert_true(fd >= 0);
		f = fdopen(fd, "w");
		assert_non_null(f);
		fputs(t, f);
		fclose(f);
		/* its output only when it refuses (a host without AppArmor
		 * has it note the missing cache interface) */
		snprintf(cmd, sizeof(cmd),
			 "out=$(apparmor_parser -Q -K %s 2>&1) || { echo \"$out\"; exit 1; }",
			 path);
		st = system(cmd);
		unlink(path);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("apparmor_parser refused the profile (nesting %d):\n%s", nesting,
				 t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_parser_takes_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
