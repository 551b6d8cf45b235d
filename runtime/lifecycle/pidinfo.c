// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the lifecycle tools read about a container's init from the host:
 * its cgroup directories and its memory use; and any process's start time. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/mountinfo.h"
#include "ctr/lifecycle.h"

static int strv_push(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 2) * sizeof(char *));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

/* true when every comma-separated word of @want is among @opts'. */
static bool opts_have_all(const char *opts, const char *want)
{
	_cleanup_free_ char *w = strdup(want);
	char *save = NULL;

	if (!w)
		return false;
	for (char *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!mountinfo_has_option(opts, t))
			return false;
	return true;
}

/* The mount point of the hierarchy @ctrls ("" for v2) and its root. */
static int hierarchy_mount(const char *ctrls, bool v2, char *mnt, size_t mlen, char *root,
			   size_t rlen)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	int r;

	r = mountinfo_open(NULL, &mi);
	if (r < 0)
		return r;
	while ((r = mountinfo_next(mi, &e)) > 0) {
		if (v2 ? strcmp(e.fstype, "cgroup2") != 0
		       : strcmp(e.fstype, "cgroup") != 0 || !opts_have_all(e.super_options, ctrls))
			continue;
		snprintf(mnt, mlen, "%s", e.mount_point);
		snprintf(root, rlen, "%s", e.root);
		return 0;
	}
	return r < 0 ? r : -ENOENT;
}

int pidinfo_cgroup_dirs(pid_t pid, char ***ret)
{
	char path[64];
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *line = NULL;
	_cleanup_strv_free_ char **v = NULL;
	char *v2dir = NULL;
	size_t cap = 0, n = 0;
	int r;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return NEG_ERRNO();
	while (getline(&line, &cap, f) > 0) {
		char *ctrls, *cg, mnt[PATH_MAX], root[PATH_MAX], *dir;
		size_t rl;

		line[strcspn(line, "\n")] = '\0';
		ctrls = strchr(line, ':');
		if (!ctrls)
			continue;
		*ctrls++ = '\0';
		cg = strchr(ctrls, ':');
		if (!cg)
			continue;
		*cg++ = '\0';
		bool v2 = !strcmp(line, "0") && !*ctrls;
		if (hierarchy_mount(ctrls, v2, mnt, sizeof(mnt), root, sizeof(root)) < 0)
			continue;
		rl = strlen(root);
		if (!strcmp(root, "/"))
			rl = 0;
		else if (strncmp(cg, root, rl) != 0)
			continue; /* not below this mount's root */
		if (asprintf(&dir, "%s%s", mnt, cg + rl) < 0)
			return -ENOMEM;
		if (v2) {
			free(v2dir);
			v2dir = dir;
			continue;
		}
		r = strv_push(&v, &n, dir);
		if (r < 0) {
			free(v2dir);
			return r;
		}
	}
	if (v2dir) {
		r = strv_push(&v, &n, v2dir);
		if (r < 0)
			return r;
	}
	if (!v) {
		v = calloc(1, sizeof(char *));
		if (!v)
			return -ENOMEM;
	}
	*ret = TAKE_PTR(v);
	return (int)n;
}

static int read_u64(const char *path, uint64_t *ret)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	unsigned long long v;

	if (!f)
		return NEG_ERRNO();
	if (fscanf(f, "%llu", &v) != 1)
		return -EINVAL;
	*ret = v;
	return 0;
}

int pidinfo_memory(pid_t pid, uint64_t *ret)
{
	_cleanup_strv_free_ char **dirs = NULL;
	char path[PATH_MAX];
	int r;

	r = pidinfo_cgroup_dirs(pid, &dirs);
	if (r < 0)
		return r;
	for (char **d = dirs; *d; d++) {
		snprintf(path, sizeof(path), "%s/memory.usage_in_bytes", *d);
		if (read_u64(path, ret) == 0)
			return 0;
	}
	for (char **d = dirs; *d; d++) {
		snprintf(path, sizeof(path), "%s/memory.current", *d);
		if (read_u64(path, ret) == 0)
			return 0;
	}
	return -ENOENT;
}
