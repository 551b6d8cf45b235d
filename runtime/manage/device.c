// SPDX-License-Identifier: LGPL-2.1-or-later
/* Devices in and out of a running container; see ctr/device.h.
 *
 * The container is reached through its init, pinned by the pidfd its
 * monitor hands out: /proc/PID/root and /proc/PID/ns/net are opened, then
 * the pidfd says the PID was still that init.  Everything written in the
 * container's tree is resolved below that root (openat2 RESOLVE_IN_ROOT)
 * and never through a link, so nothing the container plants there can
 * send the work to the host's files.
 *
 * In a container with a user namespace a node made from the host would not
 * open (its /dev is a file system of that namespace, where the host's root
 * has no id): there, as LXC does, the host's node is bind-mounted, from a
 * child that has entered the container's user and mount namespaces. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <net/if.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/device.h"
#include "ctr/fsutil.h"
#include "ctr/monitor.h"
#include "ctr/netlink.h"
#include "ctr/procutil.h"
#include "ctr/rundir.h"

DEFINE_CLEANUP_FUNC(struct cgroup_handle *, cgroup_free)
DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

/* Opens /proc/PID/@what of the init behind @pidfd, checking afterwards
 * that the PID was not reused meanwhile. */
static int device_open_proc(int pidfd, pid_t pid, const char *what, int flags)
{
	_cleanup_close_ int fd = -EBADF;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0)
		return -ESRCH;
	return TAKE_FD(fd);
}

/* ---- device nodes ---------------------------------------------------- */

/* @path ("/dev/x/y", no "." or ".." component, no "//") relative to the
 * root: "dev/x/y". */
static const char *node_rel(const char *path)
{
	const char *p;

	if (strncmp(path, "/dev/", 5) != 0 || !path[5] || strlen(path) >= PATH_MAX)
		return NULL;
	for (p = path + 1; p;) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == 0 || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
			return NULL;
		p = e ? e + 1 : NULL;
	}
	return path + 1;
}

/* The rule of @st for the device cgroup. */
static void node_rule(const struct stat *st, bool allow, struct cgroup_device_rule *ret)
{
	*ret = (struct cgroup_device_rule){
		.allow = allow,
		.type = S_ISBLK(st->st_mode) ? 'b' : 'c',
		.major = major(st->st_rdev),
		.minor = minor(st->st_rdev),
		.access = CGROUP_DEV_MKNOD | CGROUP_DEV_READ | CGROUP_DEV_WRITE,
	};
}

/* v1: devices.allow or devices.deny of the container's own cgroup. */
static int cgroup_rule_v1(const char *dir, const struct cgroup_device_rule *rule, struct diag *d)
{
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX], text[64];
	int r;

	r = cgroup_device_rule_format(rule, text, sizeof(text));
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/%s", dir, rule->allow ? "devices.allow" : "devices.deny");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) < 0) {
		r = NEG_ERRNO();
		diag_set(d, path, 0, NULL, "cannot write '%s' (%s)", text, strerror(-r));
		return r;
	}
	return 0;
}

/* RUNDIR/NAME/devices: the rules of the program ctr-device attached last,
 * for the init it names ("init PID STARTTIME"), one rule a line as
 * devices.allow takes it after "allow " or "deny ".  Returns the count, or
 * -ENOENT when there is no file for this init. */
static int rules_read(const char *path, pid_t pid, struct cgroup_device_rule **ret)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	_cleanup_free_ struct cgroup_device_rule *v = NULL;
	unsigned long long start = 0;
	char line[128];
	int n = 0, p = 0;

	if (!f)
		return -ENOENT;
	if (!fgets(line, sizeof(line), f) || sscanf(line, "init %d %llu", &p, &start) != 2 ||
	    p != pid || start != proc_starttime(pid))
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		struct cgroup_device_rule *nv;
		bool allow = strncmp(line, "allow ", 6) == 0;
		line[strcspn(line, "\n")] = '\0';
		if (n >= 4096 || !(nv = realloc(v, (n + 1) * sizeof(*v))))
			return -ENOMEM;
		v = nv;
		if (cgroup_device_rule_parse(strchr(line, ' ') ? strchr(line, ' ') + 1 : "", allow,
					     &v[n]) < 0)
			return -EINVAL;
		n++;
	}
	*ret = TAKE_PTR(v);
	return n;
}

/* The rules into @tmp (made anew), for the init @pid. */
static int rules_write(const char *tmp, pid_t pid, const struct cgroup_device_rule *v, size_t n)
{
	char text[64];
	FILE *f;
	int r = 0;

	f = fopen(tmp, "we");
	if (!f)
		return NEG_ERRNO();
	fprintf(f, "init %d %llu\n", (int)pid, proc_starttime(pid));
	for (size_t i = 0; i < n && r >= 0; i++) {
		r = cgroup_device_rule_format(&v[i], text, sizeof(text));
		if (r >= 0)
			fprintf(f, "%s %s\n", v[i].allow ? "allow" : "deny", text);
	}
	if (fclose(f) != 0 && r >= 0)
		r = -EIO;
	if (r < 0)
		unlink(tmp);
	return r;
}

/* v2: the container's program again with @rule last.  The rules it was
 * started with come from its config the first time (what cgroup_create
 * attached), later from the run dir, where the new list is kept. */
static int cgroup_rule_v2(const char *dir, const char *name, pid_t pid,
			  const struct cgroup_device_rule *rule, struct diag *d)
{
	_cleanup_free_ struct cgroup_device_rule *v = NULL;
	_cleanup_close_ int fd = -EBADF;
	struct cgroup_device_rule *nv;
	char path[PATH_MAX], tmp[PATH_MAX + 4];
	size_t n = 0;
	int r;

	snprintf(path, sizeof(path), "%s/%s/devices", rundir_path(), name);
	r = rules_read(path, pid, &v);
	if (r >= 0) {
		n = (size_t)r;
	} else if (r == -ENOENT) {
		_cleanup_(config_freep) struct container_config *cfg = NULL;
		struct monitor_info mi;
		r = monitor_info_read(name, &mi);
		if (r >= 0 && !mi.config[0])
			r = -ENOENT;
		if (r < 0) {
			diag_set(d, NULL, 0, NULL, "cannot tell which config '%s' runs from (%s)",
				 name, strerror(-r));
			return r;
		}
		r = config_load(mi.config, name, &cfg, d);
		if (r >= 0)
			r = cgroup_device_rules(NULL, cfg, &v, &n, d);
		if (r < 0)
			return r;
	} else {
		diag_set(d, path, 0, NULL, "cannot read the device rules (%s)", strerror(-r));
		return r;
	}
	nv = realloc(v, (n + 1) * sizeof(*v));
	if (!nv)
		return -ENOMEM;
	v = nv;
	v[n++] = *rule;
	/* the list is written before the program changes and takes its
	 * place after, so that the two never disagree */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	r = rules_write(tmp, pid, v, n);
	if (r < 0) {
		diag_set(d, tmp, 0, NULL, "cannot keep the device rules (%s)", strerror(-r));
		return r;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = fd < 0 ? NEG_ERRNO() : cgroup_bpf_devices_replace(fd, v, n, d);
	if (r < 0) {
		char why[sizeof(d->msg)];
		snprintf(why, sizeof(why), "%s", d && d->msg[0] ? d->msg : strerror(-r));
		diag_set(d, dir, 0, NULL, "cannot replace the device program (%s)", why);
		unlink(tmp);
		return r;
	}
	if (rename(tmp, path) < 0) {
		r = NEG_ERRNO();
		diag_set(d, path, 0, NULL, "cannot keep the device rules (%s)", strerror(-r));
		(void)cgroup_bpf_devices_replace(fd, v, n - 1, NULL);
		unlink(tmp);
		return r;
	}
	return 0;
}

/* The rule in the container's device cgroup: v1's devices controller when
 * the host has one, else the v2 program. */
static int cgroup_rule(const char *name, pid_t pid, const struct cgroup_device_rule *rule,
		       struct diag *d)
{
	_cleanup_(cgroup_freep) struct cgroup_handle *h = NULL;
	const char *dir;
	int r;

	r = cgroup_open(NULL, name, &h);
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot find the cgroups of '%s' (%s)", name,
			 strerror(-r));
		return r;
	}
	dir = cgroup_path(h, "devices");
	if (dir)
		return cgroup_rule_v1(dir, rule, d);
	dir = cgroup_path(h, NULL);
	if (!dir) {
		diag_set(d, NULL, 0, NULL, "'%s' has no device cgroup to allow the device in",
			 name);
		return -EOPNOTSUPP;
	}
	return cgroup_rule_v2(dir, name, pid, rule, d);
}

/* Where a node goes in the container: its root (an fd), the directory
 * below it ("dev/x") and the node's name there. */
struct node_place {
	int root;
	char *parent;
	const char *base;
};

static void node_place_clear(struct node_place *p)
{
	if (p->root >= 0)
		close(p->root);
	free(p->parent);
}

/* @inside checked (node_rel) and split, the root of the init behind
 * @pidfd opened.  Returns 0 or -errno with @d. */
static int node_place_open(const char *name, int pidfd, pid_t pid, const char *inside,
			   struct node_place *ret, struct diag *d)
{
	const char *rel = node_rel(inside);

	*ret = (struct node_place){ .root = -EBADF };
	if (!rel) {
		diag_set(d, NULL, 0, NULL, "'%s' is not a path below /dev/", inside);
		return -EINVAL;
	}
	ret->parent = strdup(rel);
	if (!ret->parent)
		return -ENOMEM;
	*strrchr(ret->parent, '/') = '\0';
	ret->base = strrchr(rel, '/') + 1;
	ret->root = device_open_proc(pidfd, pid, "root", O_PATH | O_DIRECTORY);
	if (ret->root < 0) {
		diag_set(d, NULL, 0, NULL, "cannot open the root of '%s' (%s)", name,
			 strerror(-ret->root));
		return ret->root;
	}
	return 0;
}

/* Whether the init runs in a user namespace other than ours. */
static bool in_userns(pid_t pid)
{
	struct stat a, b;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return stat(path, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 &&
	       (a.st_ino != b.st_ino || a.st_dev != b.st_dev);
}

/* In a child that entered the user and mount namespaces of the init behind
 * @pidfd: with @tree (a detached mount of the host's node) an empty file
 * @base in @dir with @tree mounted on it; without, @base unmounted (not
 * following a link) and removed.  Returns 0 or -errno. */
static int node_userns(int pidfd, int dir, const char *base, int tree)
{
	pid_t child;
	int st;

	fflush(NULL);
	child = fork();
	if (child < 0)
		return NEG_ERRNO();
	if (child == 0) {
		int fd, r = 0;
		/* the container's root, so that what it makes has an owner there */
		if (setns(pidfd, CLONE_NEWUSER | CLONE_NEWNS) < 0 || setgroups(0, NULL) < 0 ||
		    setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			_exit(errno);
		if (tree >= 0) {
			fd = openat(dir, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				    0);
			if (fd < 0)
				_exit(errno);
			close(fd);
			if (move_mount(tree, "", dir, base, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
				r = errno;
				unlinkat(dir, base, 0);
			}
			_exit(r);
		}
		if (fchdir(dir) < 0)
			_exit(errno);
		if (umount2(base, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL)
			_exit(errno);
		_exit(unlinkat(dir, base, 0) < 0 ? errno : 0);
	}
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	if (!WIFEXITED(st))
		return -ECHILD;
	return -WEXITSTATUS(st);
}

static int node_add(const char *name, int pidfd, pid_t pid, const char *device, const char *newname,
		    struct device_result *ret, struct diag *d)
{
	_cleanup_(node_place_clear) struct node_place pl = { .root = -EBADF };
	_cleanup_close_ int dir = -EBADF;
	const char *inside = newname ? newname : device;
	struct cgroup_device_rule rule;
	struct stat st, in;
	bool made_parent = false;
	int root, r;
	char *parent;
	const char *base;

	if (stat(device, &st) < 0) {
		r = NEG_ERRNO();
		diag_set(d, NULL, 0, NULL, "no device '%s' on the host (%s)", device, strerror(-r));
		return r == -ENOENT ? -ENODEV : r;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
		diag_set(d, NULL, 0, NULL, "'%s' is not a device node", device);
		return -ENODEV;
	}
	r = node_place_open(name, pidfd, pid, inside, &pl, d);
	if (r < 0)
		return r;
	root = pl.root;
	parent = pl.parent;
	base = pl.base;
	dir = fs_open_in_root(root, parent, O_PATH | O_DIRECTORY);
	if (dir == -ENOENT) {
		r = fs_mkdir_in_root(root, parent, 0755);
		if (r < 0) {
			diag_set(d, NULL, 0, NULL, "cannot make '/%s' in '%s' (%s)", parent, name,
				 strerror(-r));
			return r;
		}
		made_parent = true;
		dir = fs_open_in_root(root, parent, O_PATH | O_DIRECTORY);
	}
	if (dir < 0) {
		diag_set(d, NULL, 0, NULL, "cannot open '/%s' in '%s' (%s)", parent, name,
			 strerror(-dir));
		return dir;
	}
	if (fstatat(dir, base, &in, AT_SYMLINK_NOFOLLOW) == 0) {
		diag_set(d, NULL, 0, NULL, "'%s' is in use in '%s'", inside, name);
		return -EEXIST;
	}
	if (in_userns(pid)) {
		_cleanup_close_ int tree =
			open_tree(AT_FDCWD, device, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		r = tree < 0 ? NEG_ERRNO() : node_userns(pidfd, dir, base, tree);
		if (r < 0) {
			diag_set(d, NULL, 0, NULL, "cannot bind-mount '%s' at '%s' in '%s' (%s)",
				 device, inside, name, strerror(-r));
			goto undo_parent;
		}
		goto rule;
	}
	/* the mode and owner set through the new name, never through a link
	 * the container may have put there since */
	if (mknodat(dir, base, (st.st_mode & S_IFMT) | 0600, st.st_rdev) < 0) {
		r = NEG_ERRNO();
		diag_set(d, NULL, 0, NULL, "cannot make '%s' in '%s' (%s)", inside, name,
			 strerror(-r));
		goto undo_parent;
	}
	if (fchownat(dir, base, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0 ||
	    fchmodat(dir, base, st.st_mode & 07777, AT_SYMLINK_NOFOLLOW) < 0) {
		r = NEG_ERRNO();
		diag_set(d, NULL, 0, NULL, "cannot set the owner and mode of '%s' in '%s' (%s)",
			 inside, name, strerror(-r));
		goto undo_node;
	}
rule:
	node_rule(&st, true, &rule);
	r = cgroup_rule(name, pid, &rule, d);
	if (r < 0)
		goto undo_node;
	snprintf(ret->where, sizeof(ret->where), "%s", inside);
	return 0;
undo_node:
	if (in_userns(pid))
		(void)node_userns(pidfd, dir, base, -EBADF);
	else
		unlinkat(dir, base, 0);
undo_parent:
	if (made_parent) {
		/* the last level made, while empty; its parent found as any path inside */
		char *last = strrchr(parent, '/');
		_cleanup_close_ int up = -EBADF;
		*last = '\0';
		up = fs_open_in_root(root, parent, O_PATH | O_DIRECTORY);
		if (up >= 0)
			unlinkat(up, last + 1, AT_REMOVEDIR);
	}
	return r;
}

static int node_del(const char *name, int pidfd, pid_t pid, const char *device, const char *newname,
		    struct device_result *ret, struct diag *d)
{
	_cleanup_(node_place_clear) struct node_place pl = { .root = -EBADF };
	_cleanup_close_ int dir = -EBADF;
	const char *inside = newname ? newname : device;
	struct cgroup_device_rule rule;
	struct stat in;
	int r;

	r = node_place_open(name, pidfd, pid, inside, &pl, d);
	if (r < 0)
		return r;
	dir = fs_open_in_root(pl.root, pl.parent, O_PATH | O_DIRECTORY);
	if (dir < 0 || fstatat(dir, pl.base, &in, AT_SYMLINK_NOFOLLOW) < 0) {
		diag_set(d, NULL, 0, NULL, "no device '%s' in '%s'", inside, name);
		return -ENODEV;
	}
	if (!S_ISCHR(in.st_mode) && !S_ISBLK(in.st_mode)) {
		diag_set(d, NULL, 0, NULL, "'%s' in '%s' is not a device node", inside, name);
		return -ENODEV;
	}
	/* denied first: from here on the node opens nothing */
	node_rule(&in, false, &rule);
	r = cgroup_rule(name, pid, &rule, d);
	if (r < 0)
		return r;
	if (in_userns(pid))
		r = node_userns(pidfd, dir, pl.base, -EBADF);
	else
		r = unlinkat(dir, pl.base, 0) < 0 ? NEG_ERRNO() : 0;
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot remove '%s' in '%s' (%s)", inside, name,
			 strerror(-r));
		return r;
	}
	snprintf(ret->where, sizeof(ret->where), "%s", inside);
	return 0;
}

/* ---- network interfaces ------------------------------------------------ */

/* Moves @from (a link in @src's namespace) to the namespace @dst_ns as @to;
 * up again there when it was up. */
static int netdev_move(struct nl_sock *src, struct nl_sock *dst, int dst_ns, const char *from,
		       const char *to, const char *name, bool adding, struct diag *d)
{
	const char *src_where = adding ? "the host" : name, *dst_where = adding ? name : "the host";
	struct link_info li, exist;
	int r;

	if (!ifname_valid(to)) {
		diag_set(d, NULL, 0, NULL, "bad interface name '%s'", to);
		return -EINVAL;
	}
	r = link_get(src, from, &li);
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "no network interface '%s' in %s%s%s", from,
			 adding ? "" : "'", src_where, adding ? "" : "'");
		return r == -ENODEV ? -ENODEV : r;
	}
	if (li.flags & IFF_LOOPBACK) {
		diag_set(d, NULL, 0, NULL, "'%s' is a loopback interface: it cannot move", from);
		return -EINVAL;
	}
	r = link_get(dst, to, &exist);
	if (r == 0) {
		diag_set(d, NULL, 0, NULL, "an interface named '%s' is in %s%s%s already", to,
			 adding ? "'" : "", dst_where, adding ? "'" : "");
		return -EEXIST;
	}
	r = link_move_netns_fd_name(src, li.ifindex, dst_ns, to);
	if (r < 0) {
		const char *ack = netlink_ext_ack();
		diag_set(d, NULL, 0, NULL, "cannot move '%s' to %s%s%s (%s%s%s)", from,
			 adding ? "'" : "", dst_where, adding ? "'" : "", strerror(-r),
			 *ack ? ": " : "", ack);
		return r;
	}
	if (li.flags & IFF_UP) {
		r = link_get(dst, to, &exist);
		if (r == 0)
			r = link_set_up(dst, exist.ifindex, true);
		if (r < 0) {
			diag_set(d, NULL, 0, NULL,
				 "moved '%s' as '%s', but cannot bring it up (%s)", from, to,
				 strerror(-r));
			return r;
		}
	}
	return 0;
}

static int netdev_change(const char *name, int pidfd, pid_t pid, bool adding, const char *device,
			 const char *newname, struct device_result *ret, struct diag *d)
{
	_cleanup_(nl_socket_freep) struct nl_sock *host = NULL, *inside = NULL;
	_cleanup_close_ int ns = -EBADF, self = -EBADF;
	const char *to = newname ? newname : device;
	int r;

	ret->netdev = true;
	if (!ifname_valid(device)) {
		diag_set(d, NULL, 0, NULL,
			 "bad interface name '%s' (a device node starts with /dev/)", device);
		return -EINVAL;
	}
	ns = device_open_proc(pidfd, pid, "ns/net", O_RDONLY);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (ns < 0 || self < 0) {
		r = ns < 0 ? ns : NEG_ERRNO();
		diag_set(d, NULL, 0, NULL, "cannot open the network namespace of '%s' (%s)", name,
			 strerror(-r));
		return r;
	}
	r = netlink_open(&host);
	if (r >= 0)
		r = netlink_open_netns(ns, &inside);
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot open a netlink socket (%s)", strerror(-r));
		return r;
	}
	if (adding)
		r = netdev_move(host, inside, ns, device, to, name, true, d);
	else
		r = netdev_move(inside, host, self, device, to, name, false, d);
	if (r >= 0)
		snprintf(ret->where, sizeof(ret->where), "%s", to);
	return r;
}

int device_change(const char *name, enum device_op op, const char *device, const char *newname,
		  struct device_result *ret, struct diag *d)
{
	_cleanup_close_ int pidfd = -EBADF;
	struct device_result res = { 0 };
	pid_t pid = 0;
	int r;

	if (!name || !device || !*device || (newname && !*newname)) {
		diag_set(d, NULL, 0, NULL, "no device named");
		return -EINVAL;
	}
	pidfd = monitor_init_pidfd(name, &pid, d);
	if (pidfd < 0)
		return pidfd;
	if (device[0] == '/')
		r = op == DEVICE_ADD ? node_add(name, pidfd, pid, device, newname, &res, d)
				     : node_del(name, pidfd, pid, device, newname, &res, d);
	else
		r = netdev_change(name, pidfd, pid, op == DEVICE_ADD, device, newname, &res, d);
	if (r < 0)
		return r;
	*ret = res;
	return 0;
}
