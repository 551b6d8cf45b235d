// SPDX-License-Identifier: LGPL-2.1-or-later
/* Fault injection over the real kernel: in a private network namespace,
 * make the Nth netlink request of ctr-netsetup's cut-over (and of --down)
 * fail, for every N, and check that everything is back as it was.  Two
 * kinds of fault: the request never reaches the kernel (nl_send_auto), or
 * the kernel did the work and the answer is lost (nl_wait_for_ack), which
 * the idempotent restore must cope with too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "ctr/netsetup.h"

int __real_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg);
int __real_nl_wait_for_ack(struct nl_sock *sk);

static int calls, fail_at, mode; /* mode 0: send fails, 1: ack lost */
static char rundir[] = "/tmp/ctrt-fault-XXXXXX";

int __wrap_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	if (mode == 0 && ++calls == fail_at) {
		errno = EIO;
		return -NLE_FAILURE;
	}
	return __real_nl_send_auto(sk, msg);
}

int __wrap_nl_wait_for_ack(struct nl_sock *sk)
{
	int r = __real_nl_wait_for_ack(sk);

	if (mode == 1 && ++calls == fail_at) {
		errno = EIO;
		return -NLE_FAILURE;
	}
	return r;
}

static char *snap(void)
{
	const char *cmd =
		"{ ip -o link show; ip -o addr show; ip route show table all;"
		" ip -6 route show table all; cat /proc/sys/net/ipv6/conf/ctrtf0/disable_ipv6; }"
		" 2>&1 | sed -e 's/ tentative//' | sort";
	FILE *p = popen(cmd, "re");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char line[1024];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		fputs(line, m);
	pclose(p);
	fclose(m);
	return buf;
}

/* The kernel adds a link-local address's local route a moment after the
 * link comes up (from a work queue): compare only once nothing moves. */
static char *snap_settled(void)
{
	char *a;

	/* both ends: the peer's route arriving late, under load, was read as a
	 * difference the fault left behind */
	for (int i = 0; i < 100; i++) {
		if (system("r=$(ip -6 route show table local);"
			   " echo \"$r\" | grep -q 'local fe80.* dev ctrtf0 ' &&"
			   " echo \"$r\" | grep -q 'local fe80.* dev ctrtf0p '") == 0)
			break;
		usleep(50 * 1000);
	}
	a = snap();

	for (int i = 0; i < 40; i++) {
		char *b;
		usleep(50 * 1000);
		b = snap();
		if (strcmp(a, b) == 0) {
			free(b);
			return a;
		}
		free(a);
		a = b;
	}
	return a;
}

/* Shows what differs (the message of fail_msg() is cut short). */
static void show_diff(const char *before, const char *after)
{
	FILE *a = fopen("/tmp/ctrt-fault-before.txt", "we"),
	     *b = fopen("/tmp/ctrt-fault-after.txt", "we");

	if (a && b) {
		fputs(before, a);
		fputs(after, b);
	}
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	(void)!system("diff /tmp/ctrt-fault-before.txt /tmp/ctrt-fault-after.txt >&2;"
		      " rm -f /tmp/ctrt-fault-before.txt /tmp/ctrt-fault-after.txt");
}

static int setup(void **state)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	struct link_info eth, lo;
	struct cidr c4, c6;
	uint8_t gw[16] = { 0 };
	struct addr_info a6 = { .family = AF_INET6,
				.prefixlen = 64,
				.valid_lft = 0xffffffffu,
				.preferred_lft = 0xffffffffu };

	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0)
		return 0; /* the tests skip */
	assert_non_null(mkdtemp(rundir));
	setenv("CTR_RUNDIR", rundir, 1);
	/* no duplicate address detection in this namespace: a link-local
	 * address that comes back with IPv6 is there at once, not a second
	 * later, so every round compares a settled state */
	assert_int_equal(system("echo 0 >/proc/sys/net/ipv6/conf/default/dad_transmits"), 0);
	/* the library itself builds the test bed: veth, addresses, routes */
	assert_int_equal(netlink_open(&sk), 0);
	assert_int_equal(veth_create(sk, "ctrtf0", "ctrtf0p", -1, 0, 0), 0);
	assert_int_equal(link_get(sk, "ctrtf0", &eth), 0);
	assert_int_equal(link_get(sk, "lo", &lo), 0);
	assert_int_equal(link_set_up(sk, lo.ifindex, true), 0);
	assert_int_equal(link_set_up(sk, eth.ifindex, true), 0);
	assert_int_equal(link_set_up(sk, eth.link, true), 0);
	assert_int_equal(cidr_parse("10.98.0.2/24", true, &c4), 0);
	assert_int_equal(addr_add_cidr(sk, eth.ifindex, &c4), 0);
	assert_int_equal(cidr_parse("10.98.1.2/24", true, &c4), 0);
	assert_int_equal(addr_add_cidr(sk, eth.ifindex, &c4), 0);
	assert_int_equal(cidr_parse("2001:db8:98::2/64", true, &c6), 0);
	memcpy(a6.local, c6.addr, 16);
	assert_int_equal(addr_add(sk, &a6, eth.ifindex, NULL, IFA_F_NODAD), 0);
	inet_pton(AF_INET, "10.98.0.1", gw);
	assert_int_equal(route_add_default(sk, AF_INET, gw, eth.ifindex), 0);
	inet_pton(AF_INET6, "2001:db8:98::1", gw);
	assert_int_equal(route_add_default(sk, AF_INET6, gw, eth.ifindex), 0);
	assert_int_equal(route_add_default(sk, AF_INET6, gw, eth.ifindex), -EEXIST);
	return 0;
}

static struct netsetup_opts opts = { .bridge = "ctrtfbr", .nic = "ctrtf0" };

static void faults_in_up(void **state)
{
	char *before, *after, path[512];
	struct diag d;
	int r, hit = 0;

	(void)state;
	if (geteuid() != 0 || !getenv("CTR_RUNDIR"))
		skip_because("needs root and CTR_RUNDIR (changes links in a namespace)");
	before = snap_settled();
	for (mode = 0; mode < 2; mode++) {
		for (fail_at = 1; fail_at < 500; fail_at++) {
			calls = 0;
			memset(&d, 0, sizeof(d));
			r = netsetup_up(&opts, &d);
			if (calls < fail_at) {
				/* no fault hit: it went through; undo for the next mode */
				assert_int_equal(r, 0);
				fail_at = -fail_at;
				assert_int_equal(netsetup_down(&opts, &d), 0);
				fail_at = -fail_at;
				break;
			}
			hit++;
			if (r == 0) {
				/* the lost ack was the last one: done all the same */
				assert_int_equal(mode, 1);
				fail_at = -fail_at;
				assert_int_equal(netsetup_down(&opts, &d), 0);
				fail_at = -fail_at;
			} else {
				assert_true(r < 0);
				assert_true(d.msg[0] != '\0');
				/* never a half-done state without its file */
				if (access(state_path("ctrtfbr", path, sizeof(path)), F_OK) == 0)
					fail_msg("fault %d/%d: state file left: %s", mode, fail_at,
						 d.msg);
			}
			after = snap_settled();
			if (strcmp(before, after) != 0) {
				show_diff(before, after);
				fail_msg("fault %d at request %d (%s) left what differs above",
					 mode, fail_at, d.msg);
			}
			free(after);
		}
		assert_true(fail_at > 10 && fail_at < 500);
	}
	print_message("%d faults injected into the cut-over, each rolled back\n", hit);
	free(before);
}

static void faults_in_down(void **state)
{
	char *before, *after, path[512];
	struct diag d;
	int r;

	(void)state;
	if (geteuid() != 0 || !getenv("CTR_RUNDIR"))
		skip_because("needs root and CTR_RUNDIR (changes links in a namespace)");
	before = snap_settled();
	mode = 0;
	for (fail_at = 1; fail_at < 500; fail_at++) {
		fail_at = -fail_at; /* no faults while setting up */
		assert_int_equal(netsetup_up(&opts, &d), 0);
		fail_at = -fail_at;
		calls = 0;
		memset(&d, 0, sizeof(d));
		r = netsetup_down(&opts, &d);
		if (calls < fail_at) {
			assert_int_equal(r, 0);
			break;
		}
		if (r < 0) {
			/* a failed --down keeps its state file; the next one finishes */
			assert_int_equal(access(state_path("ctrtfbr", path, sizeof(path)), F_OK),
					 0);
			fail_at = -fail_at;
			r = netsetup_down(&opts, &d);
			if (r != 0)
				fail_msg("the --down after a failed one: %d (%s)", r, d.msg);
			fail_at = -fail_at;
		}
		after = snap_settled();
		if (strcmp(before, after) != 0) {
			show_diff(before, after);
			fail_msg("--down fault at %d (%s) left what differs above", fail_at, d.msg);
		}
		free(after);
	}
	assert_true(fail_at > 5 && fail_at < 500);
	print_message("%d faults injected into --down, each finished by the next --down\n",
		      fail_at - 1);
	free(before);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rundir);
	if (getenv("CTR_RUNDIR"))
		(void)!system(cmd);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faults_in_up),
		cmocka_unit_test(faults_in_down),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
