// SPDX-License-Identifier: LGPL-2.1-or-later
/* Capabilities of the container's init (libcap): lxc.cap.drop removes from
 * the bounding set, lxc.cap.keep keeps only those; by default the host's
 * module loading, raw I/O, clock, MAC policy and kernel log stay the
 * host's. */
#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "ctr/cleanup.h"
#include "ctr/container.h"

DEFINE_CLEANUP_FUNC(cap_t, cap_free)

#define CAP_BIT(c) (UINT64_C(1) << (c))

uint64_t caps_default_drops(void)
{
	return CAP_BIT(CAP_SYS_MODULE) | CAP_BIT(CAP_SYS_RAWIO) | CAP_BIT(CAP_SYS_TIME) |
	       CAP_BIT(CAP_MAC_ADMIN) | CAP_BIT(CAP_MAC_OVERRIDE) | CAP_BIT(CAP_SYSLOG);
}

/* cap.keep, when given, is the whole answer: what it names stays, even one
 * of the default drops. */
uint64_t caps_drop_mask(const struct container_config *cfg)
{
	if (cfg->cap_keep_set)
		return ~cfg->cap_keep;
	return cfg->cap_drop | caps_default_drops();
}

/* Returns 0 or -errno. */
int caps_apply(uint64_t mask)
{
	_cleanup_(cap_freep) cap_t caps = NULL;
	int last = (int)cap_max_bits();

	for (int c = 0; c < last && c < 64; c++) {
		if (!(mask & CAP_BIT(c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			return NEG_ERRNO();
	}
	/* Root's exec gains the inheritable set back through the file's
	 * all-ones inheritable mask: it must not hold what was dropped. */
	caps = cap_get_proc();
	if (!caps)
		return NEG_ERRNO();
	if (cap_clear_flag(caps, CAP_INHERITABLE) < 0 || cap_set_proc(caps) < 0)
		return NEG_ERRNO();
	if (CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
		return NEG_ERRNO();
	return 0;
}

/* The bounding set as caps_apply() makes it, and the effective and
 * permitted sets cut down to it: what an attached process keeps before it
 * execs (root's exec would give it the bounding set anyway). */
int caps_confine(uint64_t mask)
{
	_cleanup_(cap_freep) cap_t caps = NULL;
	int last = (int)cap_max_bits(), r;

	r = caps_apply(mask);
	if (r < 0)
		return r;
	caps = cap_get_proc();
	if (!caps)
		return NEG_ERRNO();
	for (int c = 0; c < last && c < 64; c++) {
		cap_value_t v = c;
		if (!(mask & CAP_BIT(c)))
			continue;
		if (cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_CLEAR) < 0 ||
		    cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_CLEAR) < 0)
			return NEG_ERRNO();
	}
	if (cap_set_proc(caps) < 0)
		return NEG_ERRNO();
	return 0;
}

int caps_keep(const struct container_config *cfg)
{
	if (cfg->cap_sets && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return NEG_ERRNO();
	return 0;
}

int caps_sets_apply(const struct container_config *cfg)
{
	_cleanup_(cap_freep) cap_t caps = NULL;
	int last = (int)cap_max_bits();

	if (!cfg->cap_sets)
		return 0;
	caps = cap_init();
	if (!caps)
		return NEG_ERRNO();
	for (int c = 0; c < last && c < 64; c++) {
		cap_value_t v = c;
		if (((cfg->cap_effective & CAP_BIT(c)) &&
		     cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0) ||
		    ((cfg->cap_permitted & CAP_BIT(c)) &&
		     cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET) < 0) ||
		    ((cfg->cap_inheritable & CAP_BIT(c)) &&
		     cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_SET) < 0))
			return NEG_ERRNO();
	}
	if (cap_set_proc(caps) < 0 || prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return NEG_ERRNO();
	for (int c = 0; c < last && c < 64; c++) {
		/* EPERM: not in both permitted and inheritable, as runc
		 * leaves it */
		if ((cfg->cap_ambient & CAP_BIT(c)) && CAP_AMBIENT_SUPPORTED() &&
		    cap_set_ambient(c, CAP_SET) < 0 && errno != EPERM)
			return NEG_ERRNO();
	}
	return 0;
}
