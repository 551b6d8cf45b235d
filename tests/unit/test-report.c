// SPDX-License-Identifier: LGPL-2.1-or-later
/* The whole audit through checkconfig_run on files made here, and both
 * report forms: grouping, -q, colour, the JSON document's keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/checkconfig.h"
#include "ctr/cleanup.h"

static char dir[] = "/tmp/ctrt-test-report-XXXXXX";
static char cfg[256], rules[256], root[256];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char cmd[1024];
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	snprintf(rules, sizeof(rules), "%s/rules", dir);
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/proc/self %s/proc/sys/kernel", root, root);
	if (system(cmd) != 0)
		return -1;
	put(cfg, "# Linux/x86 3.11.7 Kernel Configuration\n"
		 "CONFIG_XFS_FS=y\nCONFIG_VETH=m\n# CONFIG_VLAN_8021Q is not set\n");
	put(rules, "group Namespaces\n"
		   "check USER_NS\n\ttitle User namespace\n\tseverity required\n\twhy uid maps\n"
		   "\tfix set it\n"
		   "check USERNS_CONSTRAINTS\n\ttitle Constraints\n\tseverity must-be-off\n"
		   "\tunless USER_NS\n\toption XFS_FS 3.5..3.12\n\twhy blocks USER_NS\n"
		   "group Networking\n"
		   "check VETH\n\tseverity required\n\toption VETH module=veth\n\twhy pairs\n"
		   "check VLAN_8021Q\n\ttitle VLAN\n\tseverity recommended\n\twhy vlans\n");
	{
		char p[512];
		snprintf(p, sizeof(p), "%s/proc/self/mountinfo", root);
		put(p, "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
		snprintf(p, sizeof(p), "%s/proc/sys/kernel/dmesg_restrict", root);
		put(p, "0\n");
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct cc_report *run(bool host)
{
	struct cc_options o = { .config = cfg, .rules = rules, .host = host, .root = root };
	struct cc_report *rep = NULL;
	struct diag d = { 0 };
	if (checkconfig_run(&o, &rep, &d) < 0)
		fail_msg("checkconfig_run: %s:%u: %s", d.file, d.line, d.msg);
	return rep;
}

__attribute__((noinline)) static char *render(const struct cc_report *rep, int json, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (json)
		report_json(rep, f);
	else
		report_text(rep, f, flags);
	fclose(f);
	return buf;
}

static void test_run_summary(void **state)
{
	(void)state;
	struct cc_report *rep = run(false);
	assert_false(rep->running);
	assert_false(rep->host_checked);
	assert_int_equal(rep->version, KVERSION(3, 11, 7));
	assert_string_equal(rep->version_from, "header");
	assert_int_equal(rep->n_res, 4);
	assert_int_equal(rep->n_failed, 2); /* USER_NS missing, XFS_FS on */
	assert_int_equal(rep->n_problems, 3);
	assert_false(rep->modules); /* no CONFIG_MODULES line */
	assert_non_null(strstr(rep->modules_note, "without module support"));
	checkconfig_report_free(rep);
}

static void test_text(void **state)
{
	(void)state;
	struct cc_report *rep = run(false);
	_cleanup_free_ char *t = render(rep, 0, 0);
	_cleanup_free_ char *q = render(rep, 0, REPORT_QUIET);
	_cleanup_free_ char *c = render(rep, 0, REPORT_COLOR);
	const char *ns = strstr(t, "--- Namespaces ---"), *net = strstr(t, "--- Networking ---");
	assert_non_null(ns);
	assert_non_null(net);
	assert_true(ns < net);
	assert_non_null(strstr(t, "User namespace: "));
	assert_non_null(strstr(
		t, "missing, required (CONFIG_USER_NS)\n    why: uid maps\n    fix: set it\n"));
	assert_non_null(strstr(t, "Constraints:"));
	assert_non_null(strstr(t, "must be off: CONFIG_XFS_FS=y\n"));
	assert_non_null(strstr(t, "VETH:"));
	assert_non_null(strstr(t, "module\n"));
	assert_non_null(strstr(t, "not checked: the config is not the running kernel's"));
	assert_non_null(strstr(t, "4 checks: 3 problems, 2 failing (exit status 1)"));
	assert_null(strstr(t, "\033["));
	/* -q: problems only, no header, no OK line. */
	assert_null(strstr(q, "ctr-checkconfig "));
	assert_null(strstr(q, "VETH:"));
	assert_non_null(strstr(q, "VLAN:"));
	assert_int_equal(q[0], '-');
	assert_non_null(strstr(c, "\033[1;31m"));
	assert_non_null(strstr(c, "\033[0m"));
	checkconfig_report_free(rep);
}

static void test_text_aligned(void **state)
{
	(void)state;
	struct cc_report *rep = run(false);
	_cleanup_free_ char *t = render(rep, 0, 0);
	/* Every state starts in the same column. */
	const char *a = strstr(t, "User namespace:"), *b = strstr(t, "VLAN:");
	size_t ca = strcspn(a + strlen("User namespace:"), "abcdefghijklmnopqrstuvwxyz");
	size_t cb = strcspn(b + strlen("VLAN:"), "abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(strlen("User namespace:") + ca, strlen("VLAN:") + cb);
	checkconfig_report_free(rep);
}

static void test_json(void **state)
{
	(void)state;
	struct cc_report *rep = run(false);
	_cleanup_free_ char *j = render(rep, 1, 0);
	static const char *const keys[] = { "\"tool\": \"ctr-checkconfig\"",
					    "\"config\": {",
					    "\"format\": \"plain\"",
					    "\"running\": false",
					    "\"version\": \"3.11.7\"",
					    "\"version_from\": \"header\"",
					    "\"modules\": false",
					    "\"rules\": ",
					    "\"checks\": [",
					    "\"id\": \"USER_NS\"",
					    "\"severity\": \"must-be-off\"",
					    "\"state\": \"must-be-off\"",
					    "\"message\": \"CONFIG_XFS_FS=y\"",
					    "\"state\": \"module\"",
					    "\"module\": {",
					    "\"status\": \"unchecked\"",
					    "\"value\": \"m\"",
					    "\"value\": \"n\"",
					    "\"value\": null",
					    "\"host\": null",
					    "\"warnings\": [",
					    "\"summary\": {",
					    "\"failed\": 2",
					    "\"exit\": 1" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strstr(j, keys[i]))
			fail_msg("no %s in %s", keys[i], j);
	assert_int_equal(j[strlen(j) - 1], '\n');
	checkconfig_report_free(rep);
}

static void test_host_from_root(void **state)
{
	(void)state;
	struct cc_report *rep = run(true);
	_cleanup_free_ char *j = render(rep, 1, 0);
	_cleanup_free_ char *t = render(rep, 0, 0);
	assert_true(rep->host_checked);
	assert_int_equal(rep->host.layout, CGROUP_LAYOUT_V2);
	assert_non_null(strstr(j, "\"layout\": \"v2\""));
	assert_non_null(strstr(j, "\"name\": \"kernel.dmesg_restrict\""));
	assert_non_null(strstr(t, "--- Host ---"));
	assert_non_null(strstr(t, "cgroup.layout:"));
	assert_non_null(strstr(t, "why: containers can read the host's kernel log"));
	checkconfig_report_free(rep);
}

static void test_errors(void **state)
{
	(void)state;
	struct cc_options o = { .config = "/nonexistent/ctrt.config", .rules = rules };
	struct cc_report *rep = NULL;
	struct diag d = { 0 };
	assert_int_equal(checkconfig_run(&o, &rep, &d), -ENOENT);
	assert_null(rep);
	assert_string_equal(d.file, "/nonexistent/ctrt.config");
	o.config = cfg;
	o.rules = "/nonexistent/ctrt.rules";
	assert_int_equal(checkconfig_run(&o, &rep, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "cannot open rules file"));
}

static void test_default_rules_path(void **state)
{
	(void)state;
	char buf[512];
	setenv("CTR_DATADIR", "/ctrt/data", 1);
	assert_string_equal(checkconfig_default_rules(buf, sizeof(buf)),
			    "/ctrt/data/checkconfig.rules");
	unsetenv("CTR_DATADIR");
	assert_string_equal(checkconfig_default_rules(buf, sizeof(buf)),
			    CTR_DATADIR "/checkconfig.rules");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_summary),	   cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_aligned),	   cmocka_unit_test(test_json),
		cmocka_unit_test(test_host_from_root),	   cmocka_unit_test(test_errors),
		cmocka_unit_test(test_default_rules_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
