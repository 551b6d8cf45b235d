// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the rules reader, and evaluating what it accepts
 * against a small fixed config at a few versions. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ctr/kconfig.h"
#include "ctr/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char cfg[] = "CONFIG_USER_NS=y\nCONFIG_XFS_FS=m\nCONFIG_SMP=y\n"
				  "# CONFIG_VLAN_8021Q is not set\nCONFIG_CGROUP_BPF=y\n";
	static const uint32_t versions[] = { 0, KVERSION(3, 5, 0), KVERSION(3, 11, 7),
					     KVERSION(6, 1, 0) };
	struct rules *r = NULL;
	struct kconfig *kc = NULL;

	if (rules_parse((const char *)data, size, "fuzz.rules", &r, NULL) < 0)
		return 0;
	if (kconfig_parse(cfg, sizeof(cfg) - 1, "cfg", &kc, NULL, NULL) == 0) {
		for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
			struct rules_input in = { .kc = kc,
						  .version = versions[i],
						  .no_cgroup2 = i & 1 };
			struct check_result *res = NULL;
			size_t n = 0;
			if (rules_eval(r, &in, &res, &n) == 0)
				free(res);
		}
		kconfig_free(kc);
	}
	rules_free(r);
	return 0;
}
