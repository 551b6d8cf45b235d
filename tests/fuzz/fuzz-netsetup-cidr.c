// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for cidr_parse() and mac_parse(); also a replay runner
 * over tests/fuzz/corpus/netsetup-cidr/.  A parsed prefix formats to text
 * that parses back to the same prefix. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/netlink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[128], buf[64];
	struct cidr c, c2;
	uint8_t mac[6];

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (int need = 0; need < 2; need++) {
		if (cidr_parse(s, need, &c) < 0)
			continue;
		if ((c.family == AF_INET && c.prefixlen > 32) || c.prefixlen > 128)
			abort();
		cidr_format(&c, buf, sizeof(buf));
		if (cidr_parse(buf, true, &c2) < 0 || c2.family != c.family ||
		    c2.prefixlen != c.prefixlen || memcmp(c2.addr, c.addr, 16) != 0)
			abort();
	}
	if (mac_parse(s, mac) == 0) {
		mac_format(mac, buf);
		if (strlen(buf) != 17)
			abort();
	}
	return 0;
}
