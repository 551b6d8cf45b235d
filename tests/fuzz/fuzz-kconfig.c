// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the kernel config reader (plain and gzip paths) and
 * lookups on whatever it accepts. */
#include <stddef.h>
#include <stdint.h>

#include "ctr/kconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kconfig *kc = NULL;
	struct diag_list w = { 0 };
	struct diag d;

	if (kconfig_parse(data, size, "fuzz", &kc, &w, &d) == 0) {
		(void)kconfig_get(kc, "USER_NS");
		(void)kconfig_enabled(kc, "MODULES");
		(void)kconfig_line(kc, "A");
		(void)kconfig_version(kc);
		(void)kconfig_release(kc);
		kconfig_free(kc);
	}
	diag_list_free(&w);
	return 0;
}
