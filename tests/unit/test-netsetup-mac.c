// SPDX-License-Identifier: LGPL-2.1-or-later
/* MAC helpers and CIDR parsing (netsetup/mac.c, netsetup/addr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "ctr/netlink.h"

static void test_mac_from_ipv4(void **state)
{
	uint8_t ip[4] = { 10, 0, 1, 5 }, mac[6];
	char buf[18];

	(void)state;
	mac_from_ipv4(ip, mac);
	/* two digits per octet, unlike the seed's printf "%x" */
	assert_string_equal(mac_format(mac, buf), "02:00:0a:00:01:05");
	assert_true(mac_is_local_unicast(mac));
}

static void test_mac_random_bits(void **state)
{
	uint8_t a[6], b[6];
	int same = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(mac_random(a), 0);
		assert_int_equal(a[0] & 0x01, 0);    /* unicast */
		assert_int_equal(a[0] & 0x02, 0x02); /* locally administered */
		assert_int_equal(mac_random(b), 0);
		same += memcmp(a, b, 6) == 0;
	}
	assert_int_equal(same, 0);
}

static void test_mac_stable(void **state)
{
	uint8_t a[6], b[6], c[6], d[6];

	(void)state;
	mac_stable("funtoo0", 0, a);
	mac_stable("funtoo0", 0, b);
	mac_stable("funtoo0", 1, c);
	mac_stable("funtoo1", 0, d);
	assert_memory_equal(a, b, 6);
	assert_memory_not_equal(a, c, 6);
	assert_memory_not_equal(a, d, 6);
	for (unsigned i = 0; i < 2000; i++) {
		char name[32];
		snprintf(name, sizeof(name), "c%u", i);
		mac_stable(name, i % 4, a);
		assert_true(mac_is_local_unicast(a));
		/* never in the IP-derived 02:00: range */
		assert_false(a[0] == 0x02 && a[1] == 0x00);
	}
}

static void test_mac_parse(void **state)
{
	uint8_t m[6] = { 0 }, want[6] = { 0x02, 0xab, 0xcd, 0xef, 0x00, 0x01 };

	(void)state;
	assert_int_equal(mac_parse("02:AB:cd:ef:00:01", m), 0);
	assert_memory_equal(m, want, 6);
	assert_int_equal(mac_parse("02:ab:cd:ef:00", m), -EINVAL);
	assert_int_equal(mac_parse("02:ab:cd:ef:00:0g", m), -EINVAL);
	assert_int_equal(mac_parse("02-ab-cd-ef-00-01", m), -EINVAL);
	assert_int_equal(mac_parse("02:ab:cd:ef:00:011", m), -EINVAL);
	assert_int_equal(mac_parse(NULL, m), -EINVAL);
}

static void test_cidr_good(void **state)
{
	struct cidr c;
	char buf[64];

	(void)state;
	assert_int_equal(cidr_parse("192.0.2.10/24", true, &c), 0);
	assert_int_equal(c.family, AF_INET);
	assert_int_equal(c.prefixlen, 24);
	assert_string_equal(cidr_format(&c, buf, sizeof(buf)), "192.0.2.10/24");
	assert_int_equal(cidr_parse("2001:db8::1/64", true, &c), 0);
	assert_int_equal(c.family, AF_INET6);
	assert_string_equal(cidr_format(&c, buf, sizeof(buf)), "2001:db8::1/64");
	assert_int_equal(cidr_parse("10.0.0.1/0", true, &c), 0);
	assert_int_equal(cidr_parse("10.0.0.1/32", true, &c), 0);
	assert_int_equal(cidr_parse("::/128", true, &c), 0);
	assert_int_equal(cidr_parse("10.0.0.1", false, &c), 0);
	assert_int_equal(c.prefixlen, 32);
	assert_int_equal(cidr_parse("fe80::1", false, &c), 0);
	assert_int_equal(c.prefixlen, 128);
}

static void test_cidr_bad(void **state)
{
	static const char *bad[] = {
		"",
		"/",
		"/24",
		"10.0.0.1/",
		"10.0.0.1/33",
		"10.0.0.300/24",
		"10.0.0/24",
		"10.0.0.1/24x",
		"10.0.0.1/-1",
		"10.0.0.1/+8",
		"10.0.0.1/ 8",
		" 10.0.0.1/8",
		"2001:db8::1/129",
		"2001:db8:::1/64",
		"10.0.0.1/24/8",
		"10.0.0.1/0024",
		"abc",
		"10.0.0.1",
		"1.2.3.4/8 ",
		"::ffff:1.2.3.4.5/64",
	};
	struct cidr c = { .family = 77 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cidr_parse(bad[i], true, &c) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(c.family, 77); /* untouched on failure */
	assert_int_equal(cidr_parse(NULL, true, &c), -EINVAL);
}

static void test_ifname_valid(void **state)
{
	(void)state;
	assert_true(ifname_valid("eth0"));
	assert_true(ifname_valid("brwan"));
	assert_true(ifname_valid("a23456789012345"));
	assert_false(ifname_valid("a234567890123456"));
	assert_false(ifname_valid(""));
	assert_false(ifname_valid("."));
	assert_false(ifname_valid(".."));
	assert_false(ifname_valid("a/b"));
	assert_false(ifname_valid("a:b"));
	assert_false(ifname_valid("a b"));
	assert_false(ifname_valid(NULL));
}

/* The kernel's "Unknown device type" (-EOPNOTSUPP) for a link kind it could
 * not load becomes a message naming the module and how to load it; any
 * other error adds nothing. */
static void test_link_kind_hint(void **state)
{
	char b[256];

	(void)state;
	assert_string_equal(link_kind_module("vlan"), "8021q");
	assert_string_equal(link_kind_module("bridge"), "bridge");
	assert_string_equal(link_kind_module("veth"), "veth");
	assert_string_equal(link_kind_module("macvlan"), "macvlan");
	assert_null(link_kind_module("wireguard"));
	link_kind_hint(-EOPNOTSUPP, "vlan", b, sizeof(b));
	assert_non_null(strstr(b, "module '8021q'"));
	assert_non_null(strstr(b, "'modprobe 8021q'"));
	assert_string_equal(link_kind_hint(-EEXIST, "bridge", b, sizeof(b)), "");
	assert_string_equal(link_kind_hint(-EOPNOTSUPP, "wireguard", b, sizeof(b)), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_from_ipv4), cmocka_unit_test(test_mac_random_bits),
		cmocka_unit_test(test_mac_stable),    cmocka_unit_test(test_mac_parse),
		cmocka_unit_test(test_cidr_good),     cmocka_unit_test(test_cidr_bad),
		cmocka_unit_test(test_ifname_valid),  cmocka_unit_test(test_link_kind_hint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
