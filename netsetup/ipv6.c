// SPDX-License-Identifier: LGPL-2.1-or-later
/* The per-link IPv6 switch: net.ipv6.conf.NAME.disable_ipv6.  The kernel
 * takes no IFLA_INET6_CONF in a request, so this goes through /proc/sys
 * (which shows the caller's network namespace). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctr/netlink.h"

static int ipv6_path(const char *ifname, char *buf, size_t len)
{
	if (!ifname_valid(ifname) || strcmp(ifname, "all") == 0 || strcmp(ifname, "default") == 0)
		return -EINVAL;
	snprintf(buf, len, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	return 0;
}

int ipv6_get_disabled(const char *ifname, bool *ret)
{
	char p[96], v[8] = "";
	_cleanup_close_ int fd = -EBADF;
	ssize_t n;
	int r = ipv6_path(ifname, p, sizeof(p));

	if (r < 0)
		return r;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	n = read(fd, v, sizeof(v) - 1);
	if (n < 0)
		return NEG_ERRNO();
	*ret = v[0] == '1';
	return 0;
}

int ipv6_set_disabled(const char *ifname, bool disabled)
{
	char p[96];
	_cleanup_close_ int fd = -EBADF;
	int r = ipv6_path(ifname, p, sizeof(p));

	if (r < 0)
		return r;
	fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	if (write(fd, disabled ? "1\n" : "0\n", 2) != 2)
		return NEG_ERRNO();
	return 0;
}
