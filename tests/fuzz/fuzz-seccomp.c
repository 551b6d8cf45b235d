// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the LXC seccomp policy reader: any input either
 * fails with a message naming a line of the input, or parses into rules
 * that compile (or fail to compile with a message). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seccomp_policy *p = NULL;
	struct seccomp_prog *prog = NULL;
	struct diag_list warnings = { 0 };
	struct diag d = { 0 };
	unsigned lines = 1;
	FILE *f;
	int r;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	f = fmemopen((void *)data, size, "r");
	if (!f)
		abort();
	r = seccomp_policy_parse(f, "fuzz.seccomp", &p, &warnings, &d);
	fclose(f);
	if (r < 0) {
		if (p || !d.msg[0] || d.line > lines || strcmp(d.file, "fuzz.seccomp") != 0)
			abort();
	} else {
		if (!p)
			abort();
		for (size_t i = 0; i < warnings.n; i++)
			if (!warnings.v[i].line || warnings.v[i].line > lines)
				abort();
		/* compiling is slow: a bounded number of rules */
		if (p->n_rules <= 32) {
			r = seccomp_compile(p, &prog, &d);
			if (r < 0 ? prog != NULL || !d.msg[0] : seccomp_prog_size(prog) == 0)
				abort();
		}
	}
	seccomp_prog_free(prog);
	seccomp_policy_free(p);
	diag_list_free(&warnings);
	return 0;
}
