// SPDX-License-Identifier: LGPL-2.1-or-later
/* Host facts from a fake root: mountinfo for each cgroup layout, sysctls,
 * newuidmap/newgidmap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/host.h"

static char root[] = "/tmp/ctrt-test-host-XXXXXX";

static void put(const char *rel, const char *text, mode_t mode)
{
	char p[512], cmd[600];
	FILE *f;
	snprintf(p, sizeof(p), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(cmd), 0);
	f = fopen(p, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct host_fact *fact(const struct host_info *h, const char *name)
{
	for (size_t i = 0; i < h->n_facts; i++)
		if (strcmp(h->facts[i].name, name) == 0)
			return &h->facts[i];
	return NULL;
}

#define MI_V1                                                                         \
	"30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"                  \
	"31 30 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"           \
	"32 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n" \
	"33 30 0:29 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"

static void test_layout_hybrid(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/self/mountinfo",
	    MI_V1 "34 30 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", 0644);
	put("/sys/fs/cgroup/unified/cgroup.controllers", "\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.layout, CGROUP_LAYOUT_HYBRID);
	assert_string_equal(h.v1_controllers, "memory cpu cpuacct name=systemd");
	assert_string_equal(h.v2_mount, "/sys/fs/cgroup/unified");
	assert_string_equal(h.v2_controllers, "");
	assert_string_equal(fact(&h, "cgroup.layout")->value, "hybrid");
}

static void test_layout_v1(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/self/mountinfo", MI_V1, 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.layout, CGROUP_LAYOUT_V1);
	assert_string_equal(h.v2_mount, "");
}

static void test_layout_v2(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/self/mountinfo",
	    "30 25 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n", 0644);
	put("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.layout, CGROUP_LAYOUT_V2);
	assert_string_equal(h.v2_controllers, "cpuset cpu io memory pids");
	assert_string_equal(h.v1_controllers, "");
}

static void test_layout_none(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/self/mountinfo", "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.layout, CGROUP_LAYOUT_NONE);
	assert_false(fact(&h, "cgroup.layout")->ok);
}

static void test_mounts_clone_children(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/self/mountinfo",
	    MI_V1
	    "34 30 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
	    "35 30 0:31 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset,clone_children\n",
	    0644);
	put("/sys/fs/cgroup/cpuset/cgroup.clone_children", "1\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.n_mounts, 5);
	assert_string_equal(h.mounts[1].path, "/sys/fs/cgroup/cpu,cpuacct");
	assert_string_equal(h.mounts[1].controllers, "cpu,cpuacct");
	assert_string_equal(h.mounts[2].controllers, "name=systemd");
	assert_true(h.mounts[3].v2);
	assert_string_equal(fact(&h, "cgroup.mounts")->value, "5");
	/* read on the cpuset hierarchy, and fine either way */
	assert_string_equal(fact(&h, "cgroup.clone_children")->value, "1");
	assert_true(fact(&h, "cgroup.clone_children")->ok);
	assert_non_null(strstr(fact(&h, "cgroup.clone_children")->detail, "/sys/fs/cgroup/cpuset"));
	/* v2 only: no clone_children fact */
	put("/proc/self/mountinfo", "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_int_equal(h.n_mounts, 1);
	assert_null(fact(&h, "cgroup.clone_children"));
	/* nothing mounted: a problem */
	put("/proc/self/mountinfo", "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_false(fact(&h, "cgroup.mounts")->ok);
}

static void test_sysctls(void **state)
{
	(void)state;
	struct host_info h;
	put("/proc/sys/user/max_user_namespaces", "0\n", 0644);
	put("/proc/sys/kernel/dmesg_restrict", "1\n", 0644);
	put("/proc/sys/net/ipv4/ip_forward", "0\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_false(fact(&h, "user.max_user_namespaces")->ok);
	assert_non_null(strstr(fact(&h, "user.max_user_namespaces")->fix, "sysctl"));
	assert_true(fact(&h, "kernel.dmesg_restrict")->ok);
	assert_false(fact(&h, "net.ipv4.ip_forward")->ok);
	/* Absent where it does not exist (only some kernels have it). */
	assert_null(fact(&h, "kernel.unprivileged_userns_clone"));
	/* br_netfilter not loaded: fine, and said. */
	assert_true(fact(&h, "net.bridge.bridge-nf-call-iptables")->ok);
	assert_false(fact(&h, "net.bridge.bridge-nf-call-iptables")->present);
	put("/proc/sys/kernel/unprivileged_userns_clone", "0\n", 0644);
	put("/proc/sys/net/bridge/bridge-nf-call-iptables", "1\n", 0644);
	assert_int_equal(host_probe(root, &h), 0);
	assert_false(fact(&h, "kernel.unprivileged_userns_clone")->ok);
	assert_false(fact(&h, "net.bridge.bridge-nf-call-iptables")->ok);
}

static void test_idmap(void **state)
{
	(void)state;
	struct host_info h;
	assert_int_equal(host_probe(root, &h), 0);
	assert_false(fact(&h, "newuidmap")->present);
	assert_non_null(strstr(fact(&h, "newuidmap")->fix, "uidmap"));
	put("/usr/bin/newuidmap", "#!/bin/sh\n", 04755);
	put("/bin/newgidmap", "#!/bin/sh\n", 0755);
	assert_int_equal(host_probe(root, &h), 0);
	/* setuid and owned by root; another user's files are its own, so
	 * there a setuid newuidmap is seen as not setuid root */
	assert_int_equal(fact(&h, "newuidmap")->ok, geteuid() == 0);
	assert_string_equal(fact(&h, "newuidmap")->value, "/usr/bin/newuidmap");
	if (geteuid() != 0)
		assert_non_null(strstr(fact(&h, "newuidmap")->detail, "not setuid root"));
	assert_true(fact(&h, "newgidmap")->present);
	assert_false(fact(&h, "newgidmap")->ok);
	assert_non_null(strstr(fact(&h, "newgidmap")->detail, "not setuid root"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_hybrid),
		cmocka_unit_test(test_layout_v1),
		cmocka_unit_test(test_layout_v2),
		cmocka_unit_test(test_layout_none),
		cmocka_unit_test(test_mounts_clone_children),
		cmocka_unit_test(test_sysctls),
		cmocka_unit_test(test_idmap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
