// SPDX-License-Identifier: LGPL-2.1-or-later
/* Benchmark helper: attaches N veth ports to one bridge through the netlink
 * library, the way the runtime will for container veths, timing each port.
 * Run it inside a throwaway network namespace:
 *   ip netns exec NS netsetup-ports 1000
 * Prints the median time per port for the first and the last 100 and their
 * ratio (flat: about 1), for the whole port and for each request. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctr/netlink.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the median: the machine is shared, a mean follows the odd stall */
static double mean(const double *v, int n)
{
	double c[1000];

	if (n <= 0 || n > 1000)
		return 0;
	memcpy(c, v, (size_t)n * sizeof(*c));
	qsort(c, (size_t)n, sizeof(*c), cmp);
	return n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
}

static double sum(const double *v, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}

int main(int argc, char **argv)
{
	_cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
	int n = argc > 1 ? atoi(argv[1]) : 1000, k, r;
	_cleanup_free_ double *t = NULL, *st = NULL;
	static const char *names[] = { "veth", "lookup", "mac", "enslave", "up" };
	struct link_info br, vp;
	uint8_t mac[6];

	if (n < 1 || !(t = calloc((size_t)n, sizeof(*t))) ||
	    !(st = calloc((size_t)n * 5, sizeof(*st))))
		return 2;
	if ((r = netlink_open(&sk)) < 0 || (r = bridge_create(sk, "ctrtbr", NULL, 0, false)) < 0 ||
	    (r = link_get(sk, "ctrtbr", &br)) < 0 || (r = link_set_up(sk, br.ifindex, true)) < 0) {
		fprintf(stderr, "netsetup-ports: bridge: %s %s\n", strerror(-r), netlink_ext_ack());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char a[IFNAMSIZ], b[IFNAMSIZ];
		double t0 = now_us();

		snprintf(a, sizeof(a), "vp%d", i);
		snprintf(b, sizeof(b), "vq%d", i);
		mac_stable("ctrt-bench", (unsigned)i, mac);
#define STEP(k, e) (r = (e), st[(size_t)(k)*n + i] = now_us(), r)
		if (STEP(0, veth_create(sk, a, b, -1, 0, 0)) < 0 ||
		    STEP(1, link_get(sk, a, &vp)) < 0 ||
		    STEP(2, link_set_mac(sk, vp.link, mac)) < 0 ||
		    STEP(3, bridge_enslave(sk, vp.ifindex, br.ifindex)) < 0 ||
		    STEP(4, link_set_up(sk, vp.ifindex, true)) < 0) {
			fprintf(stderr, "netsetup-ports: port %d: %s %s\n", i, strerror(-r),
				netlink_ext_ack());
			return 1;
		}
		t[i] = now_us() - t0;
		for (int s = 4; s > 0; s--)
			st[(size_t)s * n + i] -= st[(size_t)(s - 1) * n + i];
		st[i] -= t0;
	}
	k = n < 100 ? n : 100;
	printf("ports %d total_ms %.1f first100_median_us %.1f last100_median_us %.1f ratio %.2f\n",
	       n, sum(t, n) / 1000, mean(t, k), mean(t + n - k, k),
	       mean(t + n - k, k) / mean(t, k));
	for (int s = 0; s < 5; s++) {
		double *v = st + (size_t)s * n;
		printf("  %-8s first100_median_us %8.1f last100_median_us %8.1f ratio %.2f\n",
		       names[s], mean(v, k), mean(v + n - k, k), mean(v + n - k, k) / mean(v, k));
	}
	return 0;
}
