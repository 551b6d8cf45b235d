// SPDX-License-Identifier: LGPL-2.1-or-later
/* --persist text for OpenRC netif, systemd-networkd and ifupdown, and the
 * all-or-nothing writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/netsetup.h"

static struct addr_info addrs[2];

/* eth0 with a DHCP-given IPv4 address, a static IPv6 one, jumbo frames */
static void fill(struct netsetup_state *st, int vlan)
{
	memset(st, 0, sizeof(*st));
	memset(addrs, 0, sizeof(addrs));
	strcpy(st->bridge, "brwan");
	strcpy(st->nic, "eth0");
	strcpy(st->port, vlan ? "eth0.10" : "eth0");
	st->vlan = vlan;
	st->mtu = 9000;
	st->stp = true;
	mac_parse("02:00:0a:63:00:02", st->mac);
	addrs[0].family = AF_INET;
	inet_pton(AF_INET, "10.99.0.2", addrs[0].local);
	addrs[0].prefixlen = 24;
	addrs[0].valid_lft = 3600;
	addrs[1].family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", addrs[1].local);
	addrs[1].prefixlen = 64;
	addrs[1].flags = IFA_F_PERMANENT;
	st->addrs = addrs;
	st->n_addrs = 2;
}

static char *find(struct persist_file *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].path, path) == 0)
			return v[i].text;
	fail_msg("no file %s", path);
	return NULL;
}

static void test_networkd(void **state)
{
	struct netsetup_state st;
	struct persist_file *v;
	size_t n;

	(void)state;
	fill(&st, 10);
	assert_int_equal(persist_render(PERSIST_NETWORKD, &st, &v, &n), 0);
	assert_int_equal(n, 5);
	assert_non_null(
		strstr(find(v, n, "/etc/systemd/network/25-brwan.netdev"),
		       "MACAddress=02:00:0a:63:00:02\nMTUBytes=9000\n\n[Bridge]\nSTP=yes\n"));
	assert_null(strstr(find(v, n, "/etc/systemd/network/25-brwan.netdev"), "ForwardDelaySec"));
	assert_non_null(strstr(find(v, n, "/etc/systemd/network/25-eth0.10.netdev"),
			       "Kind=vlan\n\n[VLAN]\nId=10\n"));
	assert_non_null(
		strstr(find(v, n, "/etc/systemd/network/25-eth0.network"), "VLAN=eth0.10\n"));
	assert_non_null(
		strstr(find(v, n, "/etc/systemd/network/25-eth0.10.network"), "Bridge=brwan\n"));
	assert_string_equal(
		strstr(find(v, n, "/etc/systemd/network/25-brwan.network"), "[Network]"),
		"[Network]\nDHCP=ipv4\nAddress=2001:db8::2/64\n");
	persist_files_free(v, n);
}

static void test_ifupdown(void **state)
{
	struct netsetup_state st;
	struct persist_file *v;
	size_t n;
	char *t;

	(void)state;
	fill(&st, 0);
	assert_int_equal(persist_render(PERSIST_IFUPDOWN, &st, &v, &n), 0);
	assert_int_equal(n, 1);
	t = find(v, n, "/etc/network/interfaces.d/brwan");
	assert_non_null(strstr(t, "iface eth0 inet manual\n"));
	assert_non_null(strstr(
		t, "auto brwan\niface brwan inet dhcp\n\tbridge_ports eth0\n\tbridge_stp on\n"));
	assert_non_null(strstr(t, "\tmtu 9000\n"));
	assert_non_null(strstr(t, "iface brwan inet6 static\n\taddress 2001:db8::2/64\n"));
	persist_files_free(v, n);
}

static void test_openrc(void **state)
{
	struct netsetup_state st;
	struct persist_file *v;
	size_t n;

	(void)state;
	fill(&st, 10);
	st.has_address = true;
	cidr_parse("192.0.2.9/24", true, &st.address);
	st.gw_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", st.gw);
	assert_int_equal(persist_render(PERSIST_OPENRC, &st, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_non_null(strstr(find(v, n, "/etc/conf.d/netif.brwan"),
			       "template=\"bridge\"\n# the address of eth0 came from DHCP"));
	assert_non_null(strstr(find(v, n, "/etc/conf.d/netif.brwan"),
			       "ipv4=\"192.0.2.9/24\"\ngateway=\"192.0.2.1\"\n"));
	assert_non_null(
		strstr(find(v, n, "/etc/conf.d/netif.brwan"), "slaves=\"netif.eth0.10\"\n"));
	assert_non_null(
		strstr(find(v, n, "/etc/conf.d/netif.eth0.10"), "template=\"interface-noip\"\n"));
	assert_string_equal(find(v, n, "/etc/init.d/netif.brwan"), "netif.tmpl");
	assert_true(v[2].symlink && v[3].symlink);
	persist_files_free(v, n);
	assert_int_equal(persist_system_parse("openrc"), PERSIST_OPENRC);
	assert_int_equal(persist_system_parse("systemd"), -EINVAL);
}

static void test_write(void **state)
{
	char root[] = "/tmp/ctrt-persist-XXXXXX", p[512], cmd[600];
	struct netsetup_state st;
	struct persist_file *v;
	struct diag d = { .line = 0 };
	size_t n;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(root));
	fill(&st, 0);
	assert_int_equal(persist_render(PERSIST_OPENRC, &st, &v, &n), 0);
	assert_int_equal(persist_write(v, n, root, &d), 0);
	snprintf(p, sizeof(p), "%s/etc/init.d/netif.eth0", root);
	assert_int_equal(access(p, F_OK), -1);		    /* dangling link: no netif.tmpl here */
	assert_int_equal(persist_write(v, n, root, &d), 0); /* same again: fine */
	snprintf(p, sizeof(p), "%s/etc/conf.d/netif.eth0", root);
	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x\n", 2), 2);
	close(fd);
	assert_int_equal(persist_write(v, n, root, &d), -EEXIST);
	assert_string_equal(d.file, p);
	persist_files_free(v, n);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* A root so long that root + path does not fit: refused, not cut short
 * (a cut path would write somewhere else). */
static void test_write_long_root(void **state)
{
	static char root[PATH_MAX];
	struct netsetup_state st;
	struct persist_file *v;
	struct diag d = { .line = 0 };
	size_t n;

	(void)state;
	memset(root, 'r', sizeof(root) - 1);
	root[0] = '/';
	root[sizeof(root) - 1] = '\0';
	fill(&st, 0);
	assert_int_equal(persist_render(PERSIST_OPENRC, &st, &v, &n), 0);
	assert_int_equal(persist_write(v, n, root, &d), -ENAMETOOLONG);
	assert_non_null(strstr(d.msg, "too long"));
	persist_files_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_networkd),	cmocka_unit_test(test_ifupdown),
		cmocka_unit_test(test_openrc),		cmocka_unit_test(test_write),
		cmocka_unit_test(test_write_long_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
