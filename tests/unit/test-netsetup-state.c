// SPDX-License-Identifier: LGPL-2.1-or-later
/* The state file: format, parse back, atomic save/load, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/netsetup.h"

static void fill(struct netsetup_state *st)
{
	struct rtmsg rtm = { .rtm_family = AF_INET,
			     .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_BOOT,
			     .rtm_type = RTN_UNICAST };

	memset(st, 0, sizeof(*st));
	strcpy(st->bridge, "brwan");
	strcpy(st->nic, "eth0");
	strcpy(st->port, "eth0.10");
	st->vlan = 10;
	st->bridge_created = true;
	st->vlan_created = true;
	st->mtu = 9000;
	st->ipv6_disabled = 0;
	mac_parse("02:00:0a:63:00:02", st->mac);
	st->n_addrs = 2;
	st->addrs = calloc(2, sizeof(*st->addrs));
	st->addrs[0].family = AF_INET;
	inet_pton(AF_INET, "10.99.0.2", st->addrs[0].local);
	inet_pton(AF_INET, "10.99.0.255", st->addrs[0].brd);
	st->addrs[0].has_brd = true;
	st->addrs[0].prefixlen = 24;
	st->addrs[0].flags = IFA_F_PERMANENT;
	st->addrs[0].valid_lft = st->addrs[0].preferred_lft = 0xffffffffu;
	strcpy(st->addrs[0].label, "eth0:1\"\\");
	st->addrs[1].family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", st->addrs[1].local);
	st->addrs[1].prefixlen = 64;
	st->addrs[1].valid_lft = 3600;
	st->addrs[1].preferred_lft = 1800;
	st->n_routes = 1;
	st->routes = calloc(1, sizeof(*st->routes));
	st->routes[0].family = AF_INET;
	st->routes[0].table = RT_TABLE_MAIN;
	st->routes[0].protocol = RTPROT_BOOT;
	st->routes[0].type = RTN_UNICAST;
	st->routes[0].has_gw = true;
	inet_pton(AF_INET, "10.99.0.1", st->routes[0].gw);
	st->routes[0].oif = 2;
	st->routes[0].len = sizeof(rtm) + 8;
	st->routes[0].msg = calloc(1, st->routes[0].len);
	memcpy(st->routes[0].msg, &rtm, sizeof(rtm));
	st->routes[0].msg[sizeof(rtm)] = 8;
	st->has_address = true;
	cidr_parse("192.0.2.9/24", true, &st->address);
	st->gw_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", st->gw);
}

static char *render(const struct netsetup_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(state_format(st, f), 0);
	fclose(f);
	return buf;
}

static void test_round_trip(void **state)
{
	struct netsetup_state a, b;
	struct diag d = { .line = 0 };
	char *t1, *t2;

	(void)state;
	fill(&a);
	t1 = render(&a);
	assert_int_equal(state_parse(t1, strlen(t1), "x.json", &b, &d), 0);
	assert_string_equal(b.port, "eth0.10");
	assert_int_equal(b.vlan, 10);
	assert_true(b.vlan_created);
	assert_int_equal(b.mtu, 9000);
	assert_int_equal(b.n_addrs, 2);
	assert_string_equal(b.addrs[0].label, "eth0:1\"\\");
	assert_memory_equal(b.addrs[0].brd, a.addrs[0].brd, 4);
	assert_int_equal(b.addrs[1].valid_lft, 3600);
	assert_int_equal(b.n_routes, 1);
	assert_int_equal(b.routes[0].len, a.routes[0].len);
	assert_memory_equal(b.routes[0].msg, a.routes[0].msg, a.routes[0].len);
	assert_int_equal(b.gw_family, AF_INET);
	/* what is read back writes the same text */
	t2 = render(&b);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	state_free(&a);
	state_free(&b);
}

static void test_save_load(void **state)
{
	char dir[] = "/tmp/ctrt-state-XXXXXX", path[512];
	struct netsetup_state a, b;
	struct diag d = { .line = 0 };
	struct stat sb;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("CTR_RUNDIR", dir, 1);
	fill(&a);
	assert_int_equal(state_load("brwan", &b, &d), -ENOENT);
	assert_int_equal(state_save(&a), 0);
	assert_string_equal(state_path("brwan", path, sizeof(path)),
			    strcat(strcpy((char[256]){ 0 }, dir), "/netsetup/brwan.json"));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(state_load("brwan", &b, &d), 0);
	assert_string_equal(b.bridge, "brwan");
	state_free(&b);
	assert_int_equal(state_remove("brwan"), 0);
	assert_int_equal(state_remove("brwan"), 0);
	state_free(&a);
	rmdir(strcat(strcpy((char[256]){ 0 }, dir), "/netsetup"));
	rmdir(dir);
	unsetenv("CTR_RUNDIR");
}

static void expect_bad(const char *text, unsigned line, const char *key)
{
	struct netsetup_state st = { .vlan = 99 };
	struct diag d = { .line = 0 };

	if (state_parse(text, strlen(text), "s.json", &st, &d) != -EINVAL)
		fail_msg("accepted: %s", text);
	assert_int_equal(st.vlan, 99);
	assert_string_equal(d.file, "s.json");
	if (d.line != line)
		fail_msg("line %u, not %u, for: %s (%s)", d.line, line, text, d.msg);
	assert_string_equal(d.key, key);
	assert_true(d.msg[0] >= 'a' && d.msg[0] <= 'z');
}

#define HEAD "{\n\"version\": 1,\n\"bridge\": \"brwan\",\n\"nic\": \"eth0\",\n\"port\": \"eth0\",\n"

static void test_bad_input(void **state)
{
	(void)state;
	expect_bad("", 1, "");
	expect_bad("[]", 1, "");
	expect_bad("{", 1, "");
	expect_bad("{\"version\": 1,}", 1, "");
	expect_bad("{\"version\": 2}", 1, "version");
	expect_bad(HEAD "\"mac\": \"02:00:00:00:00:0x\"\n}", 6, "mac");
	expect_bad(HEAD "\"mac\": \"02:00:00:00:00:01\",\n\"mtu\": -1\n}", 7, "mtu");
	expect_bad("{\n\"version\": 1,\n\"bridge\": \"brwan0123456789ab\"}", 3, "bridge");
	expect_bad(
		HEAD
		"\"mac\": \"02:00:00:00:00:01\",\n\"addresses\": [{\"family\": \"inet\", \"address\": \"10.0.0.1\", \"prefixlen\": 33}]\n}",
		7, "prefixlen");
	expect_bad(
		HEAD
		"\"mac\": \"02:00:00:00:00:01\",\n\"addresses\": [{\"family\": \"inet6\", \"address\": \"10.0.0.1\", \"prefixlen\": 8}]\n}",
		7, "address");
	expect_bad(
		HEAD
		"\"mac\": \"02:00:00:00:00:01\",\n\"routes\": [{\"family\": \"inet\", \"nlmsg\": \"0200\"}]\n}",
		7, "nlmsg");
	expect_bad(
		HEAD
		"\"mac\": \"02:00:00:00:00:01\",\n\"routes\": [{\"family\": \"inet\", \"nlmsg\": \"0a0000000000000000000000\"}]\n}",
		7, "nlmsg");
	expect_bad(HEAD "\"mac\": \"02:00:00:00:00:01\",\n\"address\": \"10.0.0.1\"\n}", 7,
		   "address");
	expect_bad(HEAD "\"mac\": \"02:00:00:00:00:01\"\n} x", 7, "");
	expect_bad("{\"a\": \"\\u00e9\"}", 1, "");
	expect_bad(
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
		1, "");
	expect_bad("{\"n\": 12345678901234567890}", 1, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
