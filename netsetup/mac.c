// SPDX-License-Identifier: LGPL-2.1-or-later
/* MAC address helpers: format, parse, IP-derived, random and stable MACs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

#include "ctr/netlink.h"
#include "ctr/strutil.h"

const char *mac_format(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

int mac_parse(const char *s, uint8_t ret[6])
{
	uint8_t m[6];

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		int hi = hex_digit(s[i * 3]), lo = hex_digit(s[i * 3 + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(ret, m, 6);
	return 0;
}

/* The seed's shell line printf "02:00:%x:%x:%x:%x" drops leading zeros
 * (10.0.0.5 gives 02:00:a:0:0:5); mac_format() always prints two digits. */
void mac_from_ipv4(const uint8_t ip[4], uint8_t ret[6])
{
	ret[0] = 0x02;
	ret[1] = 0x00;
	memcpy(ret + 2, ip, 4);
}

static void mac_local_unicast(uint8_t m[6])
{
	m[0] = (uint8_t)((m[0] & 0xfe) | 0x02);
}

int mac_random(uint8_t ret[6])
{
	uint8_t m[6];
	size_t got = 0;

	while (got < sizeof(m)) {
		ssize_t n = getrandom(m + got, sizeof(m) - got, 0);
		if (n < 0 && errno == ENOSYS) { /* before 3.17: the device */
			int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
			n = fd < 0 ? -1 : read(fd, m + got, sizeof(m) - got);
			if (fd >= 0)
				close(fd);
			if (n == 0)
				return -EIO;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return NEG_ERRNO();
		}
		got += (size_t)n;
	}
	mac_local_unicast(m);
	memcpy(ret, m, 6);
	return 0;
}

void mac_stable(const char *s, unsigned index, uint8_t ret[6])
{
	/* FNV-1a, 64 bits, over the string, a NUL and the index */
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h = (h ^ 0) * 0x100000001b3ull;
	for (int i = 0; i < 4; i++)
		h = (h ^ ((index >> (8 * i)) & 0xff)) * 0x100000001b3ull;
	/* mix the high bits down: FNV's low bytes vary little with the tail */
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	for (int i = 0; i < 6; i++)
		ret[i] = (uint8_t)(h >> (8 * i));
	mac_local_unicast(ret);
	/* keep clear of the IP-derived 02:00:... range */
	if (ret[0] == 0x02 && ret[1] == 0x00)
		ret[1] = 0x01;
}

bool mac_is_local_unicast(const uint8_t mac[6])
{
	return (mac[0] & 0x01) == 0 && (mac[0] & 0x02) != 0;
}
