// SPDX-License-Identifier: LGPL-2.1-or-later
/* runtime/container/network.c: pair names, derived and wildcard MACs, and net_setup's
 * rollback.  The rollback tests run as root in network namespaces of their
 * own (the test process unshares one for the "host" and one for the
 * "container"), with one netsetup call made to fail at a time through a
 * wrap (tests/unit/test-network.mk): each failure leaves no link behind in
 * either namespace and gives a phys NIC back under its name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/netlink.h"
#include "ctr/network.h"

/* --- wraps: fail the named call -------------------------------------------- */

static const char *fail_fn;

int __real_bridge_enslave(struct nl_sock *sk, int port, int bridge);
int __wrap_bridge_enslave(struct nl_sock *sk, int port, int bridge);
int __wrap_bridge_enslave(struct nl_sock *sk, int port, int bridge)
{
	if (fail_fn && strcmp(fail_fn, "bridge_enslave") == 0)
		return -EIO;
	return __real_bridge_enslave(sk, port, bridge);
}

int __real_link_set_up(struct nl_sock *sk, int ifindex, bool up);
int __wrap_link_set_up(struct nl_sock *sk, int ifindex, bool up);
int __wrap_link_set_up(struct nl_sock *sk, int ifindex, bool up)
{
	if (fail_fn && strcmp(fail_fn, "link_set_up") == 0)
		return -EIO;
	return __real_link_set_up(sk, ifindex, up);
}

int __real_addr_add(struct nl_sock *sk, const struct addr_info *a, int ifindex, const char *ifname,
		    uint32_t extra_flags);
int __wrap_addr_add(struct nl_sock *sk, const struct addr_info *a, int ifindex, const char *ifname,
		    uint32_t extra_flags);
int __wrap_addr_add(struct nl_sock *sk, const struct addr_info *a, int ifindex, const char *ifname,
		    uint32_t extra_flags)
{
	if (fail_fn && strcmp(fail_fn, "addr_add") == 0)
		return -EIO;
	return __real_addr_add(sk, a, ifindex, ifname, extra_flags);
}

int __real_link_set_mac(struct nl_sock *sk, int ifindex, const uint8_t mac[6]);
int __wrap_link_set_mac(struct nl_sock *sk, int ifindex, const uint8_t mac[6]);
int __wrap_link_set_mac(struct nl_sock *sk, int ifindex, const uint8_t mac[6])
{
	if (fail_fn && strcmp(fail_fn, "link_set_mac") == 0)
		return -EIO;
	return __real_link_set_mac(sk, ifindex, mac);
}

/* --- names and MACs ---------------------------------------------------------- */

static char *conf_name = "web";
static struct container_config conf(struct cfg_net *n)
{
	return (struct container_config){ .name = conf_name, .nets = n, .n_nets = 1 };
}

static void test_pair_names(void **state)
{
	struct cfg_net n = { .index = 0, .type = CFG_NET_VETH };
	struct container_config c = conf(&n);
	char a[IFNAMSIZ], b[IFNAMSIZ];

	(void)state;
	net_pair_name(&c, &n, a);
	assert_string_equal(a, "ve-web-0");
	n.index = 12;
	net_pair_name(&c, &n, a);
	assert_string_equal(a, "ve-web-12");
	c.name = "a-very-long-container-name-1";
	net_pair_name(&c, &n, a);
	assert_int_equal(strlen(a), 15);
	assert_true(strncmp(a, "ve-a-ve", 7) == 0);
	assert_string_equal(a + strlen(a) - 3, "-12");
	c.name = "a-very-long-container-name-2";
	net_pair_name(&c, &n, b);
	assert_int_equal(strlen(b), 15);
	assert_string_not_equal(a, b);
	n.veth_pair = "veth-example";
	net_pair_name(&c, &n, a);
	assert_string_equal(a, "veth-example");
}

static void test_macs(void **state)
{
	struct cfg_net n = { .index = 0, .type = CFG_NET_VETH };
	struct container_config c = conf(&n);
	uint8_t m1[6], m2[6], s[6];

	(void)state;
	assert_int_equal(net_mac(&c, &n, m1), 0);
	assert_int_equal(net_mac(&c, &n, m2), 0);
	assert_memory_equal(m1, m2, 6);
	assert_true(mac_is_local_unicast(m1));
	mac_stable("web", 0, s);
	assert_memory_equal(m1, s, 6);
	n.index = 1;
	assert_int_equal(net_mac(&c, &n, m2), 0);
	assert_memory_not_equal(m1, m2, 6);

	n.hwaddr = "02:00:5e:10:00:01";
	assert_int_equal(net_mac(&c, &n, m1), 0);
	assert_memory_equal(m1, ((uint8_t[]){ 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 }), 6);
	/* every digit a wildcard, again and again: unicast and stable */
	n.hwaddr = "xx:xx:xx:xx:xx:xx";
	assert_int_equal(net_mac(&c, &n, m1), 0);
	assert_int_equal(net_mac(&c, &n, m2), 0);
	assert_memory_equal(m1, m2, 6);
	assert_int_equal(m1[0] & 1, 0);
	n.hwaddr = "00:16:3e:xx:xX:Xx";
	assert_int_equal(net_mac(&c, &n, m1), 0);
	assert_memory_equal(m1, ((uint8_t[]){ 0x00, 0x16, 0x3e }), 3);
	n.hwaddr = "00:16:3e:zz:00:00";
	assert_int_equal(net_mac(&c, &n, m1), -EINVAL);
	n.hwaddr = "00:16:3e";
	assert_int_equal(net_mac(&c, &n, m1), -EINVAL);
}

static void test_nothing_to_do(void **state)
{
	struct cfg_net n = { .index = 0, .type = CFG_NET_EMPTY };
	struct container_config c = conf(&n);
	struct net_state *st = (struct net_state *)&n;

	(void)state;
	/* the host's namespace (type none): nothing, and no state */
	assert_int_equal(net_setup(&c, -1, &st, NULL), 0);
	assert_null(st);
	/* empty: the loopback only, which the init brings up */
	st = (struct net_state *)&n;
	assert_int_equal(net_setup(&c, 0, &st, NULL), 0);
	assert_null(st);
	assert_int_equal(net_teardown(NULL), 0);
}

/* --- rollback, as root in namespaces of the test's own ------------------------- */

static int host_ns = -EBADF, ctr_ns = -EBADF;

/* The veth and macvlan links in the namespace @fd. */
static int count_links(int fd, const char *kind)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	_cleanup_free_ struct link_info *v = NULL;
	size_t n = 0;
	int k = 0;

	assert_int_equal(netlink_open_netns(fd, &sk), 0);
	assert_int_equal(link_list(sk, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].kind, kind) == 0;
	return k;
}

static int setup_ns(void **state)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;

	(void)state;
	if (host_ns >= 0)
		return 0;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0)
		return 0;
	host_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (unshare(CLONE_NEWNET) < 0)
		return -1;
	ctr_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(host_ns, CLONE_NEWNET) < 0)
		return -1;
	if (netlink_open(&sk) < 0 || bridge_create(sk, "ctrtbr", NULL, 0, false) < 0)
		return -1;
	return 0;
}

static void test_veth_rollback(void **state)
{
	static const char *const fns[] = { "link_set_mac", "bridge_enslave", "link_set_up",
					   "addr_add" };
	char *v4[] = { "10.60.0.2/24", NULL };
	struct cfg_net n = { .index = 0,
			     .type = CFG_NET_VETH,
			     .up = true,
			     .link = "ctrtbr",
			     .ipv4 = v4,
			     .origin = { "x.conf", 4, "lxc.net.0.type" } };
	struct container_config c = conf(&n);

	(void)state;
	if (host_ns < 0)
		skip_because("needs root (a network namespace of its own)");
	for (size_t i = 0; i < ARRAY_SIZE(fns); i++) {
		struct net_state *st = NULL;
		struct diag d = { 0 };
		fail_fn = fns[i];
		assert_int_equal(net_setup(&c, ctr_ns, &st, &d), -EIO);
		fail_fn = NULL;
		assert_null(st);
		assert_string_equal(d.file, "x.conf");
		assert_non_null(strstr(d.msg, "(Input/output error)"));
		assert_int_equal(count_links(host_ns, "veth"), 0);
		assert_int_equal(count_links(ctr_ns, "veth"), 0);
	}
	{
		struct net_state *st = NULL;
		struct net_addr *a = NULL;
		size_t n_a = 0;
		assert_int_equal(net_setup(&c, ctr_ns, &st, NULL), 0);
		assert_int_equal(count_links(host_ns, "veth"), 1);
		assert_int_equal(count_links(ctr_ns, "veth"), 1);
		/* what ctr-info shows: no loopback, no link-local */
		assert_int_equal(net_addresses(ctr_ns, 0, &a, &n_a), 0);
		assert_int_equal(n_a, 1);
		assert_string_equal(a[0].ifname, "eth0");
		assert_int_equal(a[0].family, AF_INET);
		assert_string_equal(a[0].addr, "10.60.0.2/24");
		free(a);
		assert_int_equal(net_addresses(-1, 999999999, &a, &n_a), -ENOENT);
		assert_int_equal(net_teardown(st), 0);
		assert_int_equal(count_links(host_ns, "veth"), 0);
		assert_int_equal(count_links(ctr_ns, "veth"), 0);
	}
}

static void test_macvlan_phys_rollback(void **state)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	char *v4[] = { "10.61.0.2/24", NULL };
	struct cfg_net n = { .index = 0,
			     .type = CFG_NET_MACVLAN,
			     .up = true,
			     .link = "ctrtp0",
			     .ipv4 = v4,
			     .origin = { "x.conf", 4, "lxc.net.0.type" } };
	struct container_config c = conf(&n);
	struct net_state *st = NULL;
	struct link_info l;

	(void)state;
	if (host_ns < 0)
		skip_because("needs root (a network namespace of its own)");
	assert_int_equal(netlink_open(&sk), 0);
	assert_int_equal(veth_create(sk, "ctrtp0", "ctrtp1", -1, 0, 0), 0);
	fail_fn = "addr_add";
	assert_int_equal(net_setup(&c, ctr_ns, &st, NULL), -EIO);
	assert_int_equal(count_links(ctr_ns, "macvlan"), 0);
	assert_int_equal(count_links(host_ns, "macvlan"), 0);

	n.type = CFG_NET_PHYS;
	n.name = "eth5";
	assert_int_equal(net_setup(&c, ctr_ns, &st, NULL), -EIO);
	fail_fn = NULL;
	assert_int_equal(link_get(sk, "ctrtp0", &l), 0);
	assert_int_equal(count_links(ctr_ns, "veth"), 0);
	assert_int_equal(net_setup(&c, ctr_ns, &st, NULL), 0);
	assert_int_equal(link_get(sk, "ctrtp0", &l), -ENODEV);
	assert_int_equal(count_links(ctr_ns, "veth"), 1);
	assert_int_equal(net_teardown(st), 0);
	assert_int_equal(link_get(sk, "ctrtp0", &l), 0);
	assert_int_equal(link_delete(sk, l.ifindex), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair_names),
		cmocka_unit_test(test_macs),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test_setup(test_veth_rollback, setup_ns),
		cmocka_unit_test_setup(test_macvlan_phys_rollback, setup_ns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
