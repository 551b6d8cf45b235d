/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Facts about the running host that decide whether containers work
 * (checkconfig/host.c): the cgroup layout and a few sysctls and helpers.
 * They are advice: they never change ctr-checkconfig's exit status. */
#ifndef CTR_HOST_H
#define CTR_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "ctr/cgroup.h" /* enum cgroup_layout, cgroup_layout_name() */

struct host_fact {
	char name[48];	 /* e.g. "user.max_user_namespaces" */
	char value[128]; /* as read, "" when absent */
	bool present;	 /* the file or command exists */
	bool ok;
	char detail[256]; /* why it matters when not OK, or a note */
	char fix[160];	  /* "" when there is nothing to do */
};

#define HOST_MAX_FACTS 12
#define HOST_MAX_MOUNTS 24

struct host_cgroup_mount {
	char path[256];
	bool v2;
	char controllers[128]; /* v1: as mounted ("cpu,cpuacct", "name=systemd") */
};

struct host_info {
	enum cgroup_layout layout;
	char v1_controllers[512]; /* mounted v1 controllers, space-separated */
	char v2_mount[256];	  /* "" without cgroup2 */
	char v2_controllers[512]; /* from cgroup.controllers there */
	struct host_cgroup_mount mounts[HOST_MAX_MOUNTS]; /* in mountinfo order */
	size_t n_mounts;
	struct host_fact facts[HOST_MAX_FACTS];
	size_t n_facts;
};

/* Probes the host under @root ("" for the real one; tests pass a tree with
 * proc/self/mountinfo, proc/sys/... and usr/bin/newuidmap).  Missing files
 * become facts that say so.  Returns 0, or -ENOMEM. */
int host_probe(const char *root, struct host_info *ret);

#endif
