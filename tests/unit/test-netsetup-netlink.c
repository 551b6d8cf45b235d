// SPDX-License-Identifier: LGPL-2.1-or-later
/* The netlink library against the real kernel, in a private network
 * namespace (and two more it makes: one named, one a child's): the calls
 * the runtime will use for container veths, and the error translation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netlink/socket.h>

#include "ctr/netlink.h"

static struct nl_sock *sk;
static char ns_name[32];
static int ns_fd = -1;
static pid_t child = -1;

static int setup(void **state)
{
	char cmd[96], path[64];
	int p[2];

	(void)state;
	if (geteuid() != 0)
		return 0;
	snprintf(ns_name, sizeof(ns_name), "ctrtnl%x", getpid() & 0xffff);
	snprintf(cmd, sizeof(cmd), "ip netns add %s", ns_name);
	if (system(cmd) != 0)
		return 0;
	snprintf(path, sizeof(path), "/run/netns/%s", ns_name);
	ns_fd = open(path, O_RDONLY | O_CLOEXEC);
	/* a child in a network namespace of its own, for the pid variant */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	child = fork();
	if (child == 0) {
		char c = unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
		(void)!write(p[1], &c, 1);
		pause();
		_exit(0);
	}
	{
		char c = 'n';
		(void)!read(p[0], &c, 1);
		assert_int_equal(c, 'y');
	}
	close(p[0]);
	close(p[1]);
	assert_int_equal(unshare(CLONE_NEWNET), 0);
	assert_int_equal(netlink_open(&sk), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	if (sk)
		nl_socket_free(sk);
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	if (ns_fd >= 0)
		close(ns_fd);
	if (ns_name[0]) {
		snprintf(cmd, sizeof(cmd), "ip netns del %s", ns_name);
		(void)!system(cmd);
	}
	return 0;
}

#define NEED_ROOT()                                                                  \
	do {                                                                         \
		if (!sk)                                                             \
			skip_because("needs root (a network namespace of its own)"); \
	} while (0)

static void test_socket_cloexec(void **state)
{
	(void)state;
	NEED_ROOT();
	assert_true(fcntl(nl_socket_get_fd(sk), F_GETFD) & FD_CLOEXEC);
}

static void test_veth_peer_in_netns_fd(void **state)
{
	char cmd[128];
	struct link_info a;

	(void)state;
	NEED_ROOT();
	assert_int_equal(veth_create(sk, "ctrtv0", "ctrtv0p", ns_fd, 0, 1400), 0);
	assert_int_equal(link_get(sk, "ctrtv0", &a), 0);
	assert_int_equal(a.mtu, 1400);
	assert_string_equal(a.kind, "veth");
	assert_int_equal(link_get(sk, "ctrtv0p", &a), -ENODEV);
	snprintf(cmd, sizeof(cmd), "ip -n %s link show ctrtv0p | grep -q 'mtu 1400'", ns_name);
	assert_int_equal(system(cmd), 0);
	/* the same name again: the kernel's EEXIST */
	assert_int_equal(veth_create(sk, "ctrtv0", "ctrtv9", -1, 0, 0), -EEXIST);
	assert_int_equal(link_delete_name(sk, "ctrtv0"), 0);
	assert_int_equal(link_delete_name(sk, "ctrtv0"), -ENODEV);
}

static void test_veth_peer_in_pid_netns(void **state)
{
	char cmd[128];

	(void)state;
	NEED_ROOT();
	assert_int_equal(veth_create(sk, "ctrtv1", "ctrtv1p", -1, child, 0), 0);
	snprintf(cmd, sizeof(cmd), "nsenter -t %d -n ip link show ctrtv1p >/dev/null", child);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(link_delete_name(sk, "ctrtv1"), 0);
	/* pid 0 and no fd: both ends here (libnl 3.7's rtnl_link_veth_add fails) */
	assert_int_equal(veth_create(sk, "ctrtv2", "ctrtv2p", -1, 0, 0), 0);
	assert_int_equal(link_delete_name(sk, "ctrtv2p"), 0);
	assert_int_equal(link_delete_name(sk, "ctrtv2"), -ENODEV);
}

static void test_container_side(void **state)
{
	struct link_info a, br;
	uint8_t mac[6], gw[16] = { 0 };
	struct cidr c;
	char cmd[160];

	(void)state;
	NEED_ROOT();
	/* what the runtime does: pair, host end on a bridge, the other end
	 * moved, renamed eth0, given a MAC, an address and a route */
	assert_int_equal(bridge_create(sk, "ctrtbr0", NULL, 0, false), 0);
	assert_int_equal(link_get(sk, "ctrtbr0", &br), 0);
	assert_int_equal(veth_create(sk, "ctrtv3", "ctrtv3p", -1, 0, 0), 0);
	assert_int_equal(link_get(sk, "ctrtv3", &a), 0);
	assert_int_equal(bridge_enslave(sk, a.ifindex, br.ifindex), 0);
	assert_int_equal(bridge_enslave(sk, a.ifindex, br.ifindex), 0);
	assert_int_equal(link_set_up(sk, a.ifindex, true), 0);
	assert_int_equal(link_get(sk, "ctrtv3p", &a), 0);
	assert_int_equal(link_rename(sk, a.ifindex, "eth0"), 0);
	mac_stable("funtoo0", 0, mac);
	assert_int_equal(link_set_mac(sk, a.ifindex, mac), 0);
	assert_int_equal(link_set_mtu(sk, a.ifindex, 1450), 0);
	assert_int_equal(link_move_netns_fd(sk, a.ifindex, ns_fd), 0);
	assert_int_equal(link_get(sk, "eth0", &a), -ENODEV);
	snprintf(cmd, sizeof(cmd),
		 "ip -n %s -br link show eth0 | grep -q '%02x:%02x:%02x:%02x:%02x:%02x'", ns_name,
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	assert_int_equal(system(cmd), 0);
	/* inside that namespace, through a socket opened there */
	{
		_cleanup_close_ int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		struct nl_sock *in = NULL;
		assert_true(self >= 0);
		assert_int_equal(setns(ns_fd, CLONE_NEWNET), 0);
		assert_int_equal(netlink_open(&in), 0);
		assert_int_equal(link_get(in, "eth0", &a), 0);
		assert_int_equal(a.mtu, 1450);
		assert_int_equal(link_set_up(in, a.ifindex, true), 0);
		assert_int_equal(cidr_parse("10.97.0.5/24", true, &c), 0);
		assert_int_equal(addr_add_cidr(in, a.ifindex, &c), 0);
		assert_int_equal(addr_add_cidr(in, a.ifindex, &c), -EEXIST);
		inet_pton(AF_INET, "10.97.0.1", gw);
		assert_int_equal(route_add_default(in, AF_INET, gw, a.ifindex), 0);
		/* a gateway off every link: the kernel's ENETUNREACH, which libnl
		 * 3.7 flattens to NLE_FAILURE, and its extack text */
		inet_pton(AF_INET, "10.96.0.1", gw);
		assert_int_equal(route_add_default(in, AF_INET, gw, a.ifindex), -ENETUNREACH);
		assert_string_equal(netlink_ext_ack(), "Nexthop has invalid gateway");
		inet_pton(AF_INET, "10.97.0.1", gw);
		assert_int_equal(route_add_default(in, AF_INET, gw, a.ifindex), -EEXIST);
		{
			uint8_t g6[16];
			inet_pton(AF_INET6, "2001:db8:96::1", g6);
			assert_int_equal(route_add_default(in, AF_INET6, g6, a.ifindex),
					 -EHOSTUNREACH);
		}
		nl_socket_free(in);
		assert_int_equal(setns(self, CLONE_NEWNET), 0);
	}
	snprintf(cmd, sizeof(cmd), "ip -n %s route show default | grep -q 'via 10.97.0.1 dev eth0'",
		 ns_name);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(link_delete(sk, br.ifindex), 0);
}

static void test_bridge_errors(void **state)
{
	struct link_info a, b, c;

	(void)state;
	NEED_ROOT();
	assert_int_equal(bridge_create(sk, "ctrtbr1", NULL, 0, false), 0);
	assert_int_equal(bridge_create(sk, "ctrtbr1", NULL, 0, false), -EEXIST);
	assert_int_equal(veth_create(sk, "ctrtv4", "ctrtv4p", -1, 0, 0), 0);
	assert_int_equal(bridge_create(sk, "ctrtv4", NULL, 0, false), -EMEDIUMTYPE);
	assert_int_equal(bridge_create(sk, "ctrtbr2", NULL, 0, true), 0);
	assert_int_equal(link_get(sk, "ctrtbr2", &b), 0);
	assert_int_equal(b.stp_state, 1);
	assert_int_equal(link_get(sk, "ctrtbr1", &a), 0);
	assert_int_equal(a.stp_state, 0);
	assert_int_equal(a.forward_delay, 0);
	assert_int_equal(link_get(sk, "ctrtv4", &c), 0);
	assert_int_equal(bridge_enslave(sk, c.ifindex, a.ifindex), 0);
	/* the kernel would move it from one bridge to the other */
	assert_int_equal(bridge_enslave(sk, c.ifindex, b.ifindex), -EBUSY);
	assert_int_equal(bridge_release(sk, c.ifindex), 0);
	assert_int_equal(bridge_release(sk, c.ifindex), 0);
	assert_int_equal(bridge_enslave(sk, c.ifindex, b.ifindex), 0);
	/* a bridge into itself: the kernel's ELOOP, with its reason */
	assert_true(bridge_enslave(sk, a.ifindex, a.ifindex) < 0);
	assert_int_equal(link_get(sk, "nosuch0", &c), -ENODEV);
	assert_int_equal(link_get(sk, "a234567890123456", &c), -EINVAL);
	assert_int_equal(link_rename(sk, a.ifindex, "bad/name"), -EINVAL);
	assert_int_equal(link_rename(sk, a.ifindex, "ctrtbr9"), 0);
	assert_int_equal(link_rename(sk, a.ifindex, "ctrtbr1"), 0);
	assert_int_equal(link_delete_name(sk, "ctrtv4"), 0);
	assert_int_equal(link_delete_name(sk, "ctrtbr1"), 0);
	assert_int_equal(link_delete_name(sk, "ctrtbr2"), 0);
}

static void test_vlan(void **state)
{
	struct link_info a;
	int r;

	(void)state;
	NEED_ROOT();
	assert_int_equal(veth_create(sk, "ctrtv5", "ctrtv5p", -1, 0, 0), 0);
	assert_int_equal(link_get(sk, "ctrtv5", &a), 0);
	assert_int_equal(vlan_create(sk, "ctrtv5.7", a.ifindex, 0), -ERANGE);
	r = vlan_create(sk, "ctrtv5.7", a.ifindex, 7);
	if (r == -EOPNOTSUPP) {
		/* no 8021q: the kernel says so */
		assert_string_equal(netlink_ext_ack(), "Unknown device type");
	} else {
		assert_int_equal(r, 0);
		assert_int_equal(link_get(sk, "ctrtv5.7", &a), 0);
		assert_string_equal(a.kind, "vlan");
	}
	assert_int_equal(link_delete_name(sk, "ctrtv5"), 0);
}

static void test_errno_translation(void **state)
{
	(void)state;
	assert_int_equal(netlink_errno(0), 0);
	assert_int_equal(netlink_errno(5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_cloexec),
		cmocka_unit_test(test_veth_peer_in_netns_fd),
		cmocka_unit_test(test_veth_peer_in_pid_netns),
		cmocka_unit_test(test_container_side),
		cmocka_unit_test(test_bridge_errors),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_errno_translation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
