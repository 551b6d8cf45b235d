// SPDX-License-Identifier: LGPL-2.1-or-later
/* Host facts: /proc/self/mountinfo for the cgroup layout, sysctls from
 * /proc/sys, newuidmap/newgidmap from the usual directories. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/mountinfo.h"
#include "ctr/host.h"

/* @src into @dst of @len bytes, cut short if need be: snprintf's "%s"
 * without its format parser, for the two dozen strings a probe sets. */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Reads a small file into @buf, first line only.  Returns 0 or -errno. */
static int read_line(const char *root, const char *path, char *buf, size_t len)
{
	char p[512];
	_cleanup_close_ int fd = -EBADF;
	ssize_t n;
	char *nl;

	if (*root)
		snprintf(p, sizeof(p), "%s%s", root, path);
	fd = open(*root ? p : path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NEG_ERRNO();
	n = read(fd, buf, len - 1);
	if (n < 0)
		return NEG_ERRNO();
	buf[n] = '\0';
	nl = memchr(buf, '\n', (size_t)n);
	if (nl)
		*nl = '\0';
	return 0;
}

static void append_word(char *dst, size_t len, const char *w)
{
	size_t u = strlen(dst);
	/* Each controller once, however many hierarchies name it. */
	for (const char *p = dst; (p = strstr(p, w)); p++) {
		size_t wl = strlen(w);
		if ((p == dst || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
			return;
	}
	snprintf(dst + u, len - u, "%s%s", u ? " " : "", w);
}

static bool is_v1_controller(const char *s)
{
	static const char *const known[] = { "cpuset",	   "cpu",      "cpuacct", "blkio",
					     "memory",	   "devices",  "freezer", "net_cls",
					     "perf_event", "net_prio", "hugetlb", "pids",
					     "rdma",	   "misc" };
	if (strncmp(s, "name=", 5) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(s, known[i]) == 0)
			return true;
	return false;
}

static void probe_cgroups(const char *root, struct host_info *h)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	char p[512], *tok;
	bool v1 = false, v2_at_root = false;

	if (*root)
		snprintf(p, sizeof(p), "%s/proc/self/mountinfo", root);
	if (mountinfo_open(*root ? p : NULL, &mi) < 0)
		return;
	while (mountinfo_next(mi, &e) > 0) {
		{
			char *fstype = e.fstype;
			char *super = e.super_options;
			if ((strcmp(fstype, "cgroup2") == 0 || strcmp(fstype, "cgroup") == 0) &&
			    h->n_mounts < HOST_MAX_MOUNTS) {
				struct host_cgroup_mount *m = &h->mounts[h->n_mounts++];
				m->v2 = fstype[6] == '2';
				copy(m->path, sizeof(m->path), e.mount_point);
				if (!m->v2 && super) {
					/* the controllers, without rw and the other options */
					char opts[256], *s3 = NULL;
					copy(opts, sizeof(opts), super);
					for (tok = strtok_r(opts, ",", &s3); tok;
					     tok = strtok_r(NULL, ",", &s3))
						if (is_v1_controller(tok)) {
							size_t u = strlen(m->controllers);
							snprintf(m->controllers + u,
								 sizeof(m->controllers) - u, "%s%s",
								 u ? "," : "", tok);
						}
				}
			}
			if (strcmp(fstype, "cgroup2") == 0) {
				if (!h->v2_mount[0] || strcmp(e.mount_point, "/sys/fs/cgroup") == 0)
					snprintf(h->v2_mount, sizeof(h->v2_mount), "%s",
						 e.mount_point);
				if (strcmp(e.mount_point, "/sys/fs/cgroup") == 0)
					v2_at_root = true;
			} else if (strcmp(fstype, "cgroup") == 0 && super) {
				char *s2 = NULL;
				v1 = true;
				for (tok = strtok_r(super, ",", &s2); tok;
				     tok = strtok_r(NULL, ",", &s2))
					if (is_v1_controller(tok))
						append_word(h->v1_controllers,
							    sizeof(h->v1_controllers), tok);
			}
		}
	}
	if (h->v2_mount[0]) {
		char ctl[512];
		snprintf(p, sizeof(p), "%s/cgroup.controllers", h->v2_mount);
		if (read_line(root, p, ctl, sizeof(ctl)) == 0)
			copy(h->v2_controllers, sizeof(h->v2_controllers), ctl);
	}
	if (v2_at_root && !v1)
		h->layout = CGROUP_LAYOUT_V2;
	else if (v1 && h->v2_mount[0])
		h->layout = CGROUP_LAYOUT_HYBRID;
	else if (v1)
		h->layout = CGROUP_LAYOUT_V1;
	else if (h->v2_mount[0])
		h->layout = CGROUP_LAYOUT_V2;
}

static struct host_fact *fact_add(struct host_info *h, const char *name)
{
	struct host_fact *f;
	if (h->n_facts >= HOST_MAX_FACTS)
		return NULL;
	f = &h->facts[h->n_facts++];
	memset(f, 0, sizeof(*f));
	copy(f->name, sizeof(f->name), name);
	return f;
}

/* A sysctl that should read @want. */
static void fact_sysctl(struct host_info *h, const char *root, const char *name, const char *path,
			const char *want, bool optional, const char *why, const char *fix)
{
	char v[128];
	struct host_fact *f;
	int r = read_line(root, path, v, sizeof(v));

	if (r < 0 && optional)
		return;
	f = fact_add(h, name);
	if (!f)
		return;
	if (r < 0) {
		f->ok = false;
		snprintf(f->detail, sizeof(f->detail), "cannot read %s (%s)", path, strerror(-r));
		return;
	}
	f->present = true;
	copy(f->value, sizeof(f->value), v);
	f->ok = strcmp(v, want) == 0;
	if (!f->ok) {
		copy(f->detail, sizeof(f->detail), why);
		copy(f->fix, sizeof(f->fix), fix);
	}
}

static void fact_idmap(struct host_info *h, const char *root, const char *cmd)
{
	static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/sbin", "/sbin",
					    "/usr/local/bin" };
	struct host_fact *f = fact_add(h, cmd);
	char p[512];
	struct stat st;

	if (!f)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(p, sizeof(p), "%s%s/%s", root, dirs[i], cmd);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			f->present = true;
			snprintf(f->value, sizeof(f->value), "%s/%s", dirs[i], cmd);
			f->ok = (st.st_mode & S_ISUID) && st.st_uid == 0;
			if (!f->ok) {
				snprintf(f->detail, sizeof(f->detail),
					 "%s is not setuid root: unprivileged users cannot map ids",
					 cmd);
				snprintf(f->fix, sizeof(f->fix), "chmod u+s %s/%s (owner root)",
					 dirs[i], cmd);
			}
			return;
		}
	}
	f->ok = false;
	snprintf(f->detail, sizeof(f->detail),
		 "%s not installed: unprivileged containers cannot map user and group ids", cmd);
	copy(f->fix, sizeof(f->fix), "apt-get install uidmap");
}

int host_probe(const char *root, struct host_info *h)
{
	struct host_fact *f;
	char v[128];

	memset(h, 0, sizeof(*h));
	if (!root)
		root = "";
	probe_cgroups(root, h);
	f = fact_add(h, "cgroup.layout");
	f->present = h->layout != CGROUP_LAYOUT_NONE;
	copy(f->value, sizeof(f->value), cgroup_layout_name(h->layout));
	f->ok = f->present;
	if (!f->ok) {
		copy(f->detail, sizeof(f->detail), "no cgroup file system is mounted");
		copy(f->fix, sizeof(f->fix), "mount cgroup2 on /sys/fs/cgroup");
	}

	f = fact_add(h, "cgroup.mounts");
	f->present = h->n_mounts > 0;
	f->ok = f->present;
	snprintf(f->value, sizeof(f->value), "%zu", h->n_mounts);
	if (!f->ok) {
		copy(f->detail, sizeof(f->detail), "no cgroup file system is mounted");
		copy(f->fix, sizeof(f->fix), "mount cgroup2 on /sys/fs/cgroup");
	}

	/* LXC before 4.0 needed cgroup.clone_children set on v1; ctr-start
	 * fills cpuset.cpus and cpuset.mems itself and sets it on its parent. */
	for (size_t j = 0; j < 2 * h->n_mounts; j++) {
		/* the cpuset hierarchy's, else the first v1 hierarchy's */
		size_t i = j % h->n_mounts;
		char p[300], mnt[256];
		if (h->mounts[i].v2 ||
		    (j < h->n_mounts && !strstr(h->mounts[i].controllers, "cpuset")))
			continue;
		memcpy(mnt, h->mounts[i].path, sizeof(mnt));
		f = fact_add(h, "cgroup.clone_children");
		if (!f)
			break;
		f->ok = true;
		snprintf(p, sizeof(p), "%s/cgroup.clone_children", mnt);
		if (read_line(root, p, v, sizeof(v)) == 0) {
			f->present = true;
			copy(f->value, sizeof(f->value), v);
			snprintf(
				f->detail, sizeof(f->detail),
				"%.150s: ctr-start copies cpuset.cpus and cpuset.mems from the parent "
				"itself, so 0 is fine",
				mnt);
		} else {
			snprintf(f->detail, sizeof(f->detail),
				 "no cgroup.clone_children in %.150s (cgroup v1 since 2.6.35)",
				 mnt);
		}
		break;
	}

	f = fact_add(h, "user.max_user_namespaces");
	if (read_line(root, "/proc/sys/user/max_user_namespaces", v, sizeof(v)) == 0) {
		f->present = true;
		copy(f->value, sizeof(f->value), v);
		f->ok = atol(v) > 0;
		if (!f->ok) {
			copy(f->detail, sizeof(f->detail),
			     "user namespaces are disabled on this host");
			copy(f->fix, sizeof(f->fix), "sysctl -w user.max_user_namespaces=15000");
		}
	} else {
		f->ok = false;
		copy(f->detail, sizeof(f->detail),
		     "/proc/sys/user/max_user_namespaces missing: no user namespaces");
	}
	fact_sysctl(h, root, "kernel.unprivileged_userns_clone",
		    "/proc/sys/kernel/unprivileged_userns_clone", "1", true,
		    "unprivileged users cannot create user namespaces",
		    "sysctl -w kernel.unprivileged_userns_clone=1");
	fact_idmap(h, root, "newuidmap");
	fact_idmap(h, root, "newgidmap");
	fact_sysctl(h, root, "kernel.dmesg_restrict", "/proc/sys/kernel/dmesg_restrict", "1", false,
		    "containers can read the host's kernel log",
		    "sysctl -w kernel.dmesg_restrict=1");
	fact_sysctl(h, root, "net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward", "1", false,
		    "containers behind NAT cannot reach other networks",
		    "sysctl -w net.ipv4.ip_forward=1");

	f = fact_add(h, "net.bridge.bridge-nf-call-iptables");
	if (read_line(root, "/proc/sys/net/bridge/bridge-nf-call-iptables", v, sizeof(v)) == 0) {
		f->present = true;
		copy(f->value, sizeof(f->value), v);
		f->ok = strcmp(v, "1") != 0;
		if (!f->ok) {
			snprintf(
				f->detail, sizeof(f->detail),
				"bridged container traffic passes the iptables FORWARD chain; a DROP "
				"policy there cuts containers off");
			snprintf(
				f->fix, sizeof(f->fix),
				"sysctl -w net.bridge.bridge-nf-call-iptables=0, or accept the bridge "
				"in FORWARD");
		}
	} else {
		f->ok = true;
		copy(f->detail, sizeof(f->detail),
		     "br_netfilter not loaded: bridged traffic bypasses iptables");
	}
	return 0;
}
