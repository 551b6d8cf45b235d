// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the config parser: any input either fails with a
 * diagnostic or loads; a loaded config prints, and the print loads again to
 * the same print (the round trip config_print promises).  No file access:
 * includes and the fstab file are refused (CONFIG_LOAD_NO_FILES). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *print_body(const struct container_config *c)
{
	char *buf = NULL, *out, *w;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	if (config_print(c, f) < 0)
		abort();
	fclose(f);
	/* Comment lines name files and ignored keys: not part of the config. */
	out = w = malloc(len + 1);
	if (!out)
		abort();
	for (char *line = buf; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (*line != '#') {
			memcpy(w, line, n);
			w += n;
		}
		line += n;
	}
	*w = '\0';
	free(buf);
	return out;
}

static struct container_config *load_mem(const void *data, size_t size, struct diag *d)
{
	struct container_config *c = NULL;
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return NULL;
	if (config_load_stream(f, "fuzz.conf", "fuzz", CONFIG_LOAD_NO_FILES, &c, d) < 0)
		c = NULL;
	fclose(f);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container_config *a, *b;
	struct diag d = { 0 };
	char *pa, *pb;

	if (size == 0 || size > 65536)
		return 0;
	a = load_mem(data, size, &d);
	if (!a) {
		/* A failure always says why. */
		if (!d.msg[0])
			abort();
		return 0;
	}
	pa = print_body(a);
	b = *pa ? load_mem(pa, strlen(pa), &d) : NULL;
	if (*pa && !b) {
		fprintf(stderr, "print does not load again: %s:%u: %s\n%s", d.file, d.line, d.msg,
			pa);
		abort();
	}
	if (b) {
		pb = print_body(b);
		if (strcmp(pa, pb) != 0) {
			fprintf(stderr, "round trip differs:\n%s---\n%s", pa, pb);
			abort();
		}
		free(pb);
	}
	free(pa);
	config_free(a);
	config_free(b);
	return 0;
}
