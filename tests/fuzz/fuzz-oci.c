// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the OCI config.json reader (runtime/oci/spec.c): any
 * input either fails with a diagnostic naming a JSON path, or parses; no
 * crash, no leak. */
#include <stdint.h>
#include <stdlib.h>

#include "ctr/oci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oci_spec *s = NULL;
	struct diag d = { 0 };
	int r = oci_spec_parse((const char *)data, size, "config.json", "/tmp", "fuzz", &s, &d);

	if (r == 0 && !s)
		abort();
	if (r < 0 && (s || !d.msg[0]))
		abort();
	oci_spec_free(s);
	return 0;
}
