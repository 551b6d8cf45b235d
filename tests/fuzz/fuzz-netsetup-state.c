// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the state file parser (netsetup/state.c); also a
 * replay runner over tests/fuzz/corpus/netsetup-state/.  Whatever parses
 * must write back to text that parses to the same text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/netsetup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *render(const struct netsetup_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	state_format(st, f);
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netsetup_state st, again;
	struct diag d;
	char *t1, *t2;

	if (state_parse((const char *)data, size, "fuzz", &st, &d) < 0)
		return 0;
	t1 = render(&st);
	if (t1 && state_parse(t1, strlen(t1), "fuzz", &again, &d) == 0) {
		t2 = render(&again);
		if (t2 && strcmp(t1, t2) != 0)
			abort();
		free(t2);
		state_free(&again);
	} else if (t1) {
		abort(); /* what we write, we must read */
	}
	free(t1);
	state_free(&st);
	return 0;
}
