// SPDX-License-Identifier: LGPL-2.1-or-later
/* The grammar of lxc.cgroup.* and lxc.cgroup2.* values that both ctr-config's
 * check and the runtime (runtime/container/cgroup.c, cgroup-bpf.c) read: the
 * files that take sizes, and device rules.  See ctr/cgroup.h. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"

static int parse_num(const char **p, int64_t *ret)
{
	int64_t v = 0;
	if (**p == '*') {
		(*p)++;
		*ret = -1;
		return 0;
	}
	if (!isdigit((unsigned char)**p))
		return -EINVAL;
	for (; isdigit((unsigned char)**p); (*p)++) {
		v = v * 10 + (**p - '0');
		if (v > INT32_MAX)
			return -ERANGE;
	}
	*ret = v;
	return 0;
}

int cgroup_device_rule_parse(const char *value, bool allow, struct cgroup_device_rule *ret)
{
	struct cgroup_device_rule r = { .allow = allow, .major = -1, .minor = -1 };
	const char *p = value;

	if (!p)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != 'a' && *p != 'b' && *p != 'c')
		return -EINVAL;
	r.type = *p++;
	if (r.type == 'a' && (*p == '\0' || (isspace((unsigned char)*p) && !p[strspn(p, " \t")]))) {
		r.access = CGROUP_DEV_MKNOD | CGROUP_DEV_READ | CGROUP_DEV_WRITE;
		*ret = r;
		return 0;
	}
	if (!isspace((unsigned char)*p))
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (parse_num(&p, &r.major) < 0 || *p++ != ':' || parse_num(&p, &r.minor) < 0)
		return -EINVAL;
	if (*p && !isspace((unsigned char)*p))
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	for (; *p && !isspace((unsigned char)*p); p++) {
		switch (*p) {
		case 'r':
			r.access |= CGROUP_DEV_READ;
			break;
		case 'w':
			r.access |= CGROUP_DEV_WRITE;
			break;
		case 'm':
			r.access |= CGROUP_DEV_MKNOD;
			break;
		default:
			return -EINVAL;
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -EINVAL;
	if (!r.access)
		r.access = CGROUP_DEV_MKNOD | CGROUP_DEV_READ | CGROUP_DEV_WRITE;
	/* the kernel reads "a ..." as all devices, all access, whatever follows */
	if (r.type == 'a') {
		r.major = r.minor = -1;
		r.access = CGROUP_DEV_MKNOD | CGROUP_DEV_READ | CGROUP_DEV_WRITE;
	}
	*ret = r;
	return 0;
}

bool cgroup_file_is_size(const char *file)
{
	static const char *const sizes[] = {
		"memory.limit_in_bytes",
		"memory.memsw.limit_in_bytes",
		"memory.soft_limit_in_bytes",
		"memory.kmem.limit_in_bytes",
		"memory.kmem.tcp.limit_in_bytes",
		"memory.max",
		"memory.high",
		"memory.low",
		"memory.min",
		"memory.swap.max",
		"memory.swap.high",
		"memory.zswap.max",
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (strcmp(file, sizes[i]) == 0)
			return true;
	return false;
}
