// SPDX-License-Identifier: LGPL-2.1-or-later
/* checkconfig-time CONFIG RULES N: the full check (read, rules, evaluation,
 * text report to /dev/null) N times in one process; prints the median and
 * minimum wall time of one check in ms.  For tests/bench/checkconfig.sh:
 * the check's own cost, apart from starting a process. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctr/checkconfig.h"

int main(int argc, char **argv);

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct cc_options o = { 0 };
	FILE *null;
	double *t, *c;
	int n;

	if (argc != 4 || (n = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: checkconfig-time CONFIG RULES N\n");
		return 2;
	}
	o.config = argv[1];
	o.rules = argv[2];
	null = fopen("/dev/null", "we");
	t = calloc((size_t)n, sizeof(*t));
	c = calloc((size_t)n, sizeof(*c));
	if (!null || !t || !c)
		return 2;
	for (int i = 0; i < n; i++) {
		struct timespec a, b, ca, cb;
		struct cc_report *rep = NULL;
		struct diag d = { 0 };
		clock_gettime(CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
		if (checkconfig_run(&o, &rep, &d) < 0) {
			fprintf(stderr, "checkconfig-time: %s: %s\n", d.file, d.msg);
			return 2;
		}
		report_text(rep, null, 0);
		checkconfig_report_free(rep);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
		clock_gettime(CLOCK_MONOTONIC, &b);
		t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		c[i] = (double)(cb.tv_sec - ca.tv_sec) * 1e3 +
		       (double)(cb.tv_nsec - ca.tv_nsec) / 1e6;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	qsort(c, (size_t)n, sizeof(*c), cmp);
	printf("%.3f %.3f %.3f\n", t[n / 2], t[0], c[n / 2]);
	free(t);
	free(c);
	fclose(null);
	return 0;
}
