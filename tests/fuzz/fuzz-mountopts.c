// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the fstab options parser of lxc.mount.entry and the
 * lxc.mount file (mount_parse_options): no crash, no leak, and what comes
 * back is consistent (the data string never holds our own options). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/container.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mount_opts o;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (mount_parse_options(s, &o) == 0 && o.data) {
		char *save = NULL;
		if (o.data[0] == ',' || o.data[strlen(o.data) - 1] == ',')
			abort();
		for (char *t = strtok_r(o.data, ",", &save); t; t = strtok_r(NULL, ",", &save))
			if (strncmp(t, "create=", 7) == 0 || strcmp(t, "optional") == 0 ||
			    strcmp(t, "bind") == 0 || strcmp(t, "ro") == 0)
				abort();
		free(o.data);
	}
	free(s);
	return 0;
}
