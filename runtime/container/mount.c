// SPDX-License-Identifier: LGPL-2.1-or-later
/* The container's root filesystem: bind the rootfs, /dev (autodev), /proc
 * and /sys (lxc.mount.auto), the fstab file's lines and lxc.mount.entry in
 * order, the console and ttys, pivot_root, then the default masks.
 *
 * Runs in the child, in its new mount namespace, before the exec.  Every
 * target under the rootfs is opened with openat2(RESOLVE_IN_ROOT) and
 * mounted on through /proc/self/fd/N, so a symlink in the container's tree
 * never sends a mount to the host. */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/mountinfo.h"
#include "ctr/compat.h"
#include "ctr/container.h"
#include "ctr/fsutil.h"
#include "ctr/hooks.h"

#define FD_PATH_MAX 32

struct opt_flag {
	const char *name;
	bool clear;
	unsigned long flag;
};

static const struct opt_flag opt_flags[] = {
	{ "defaults", false, 0 },
	{ "auto", false, 0 },
	{ "noauto", false, 0 },
	{ "user", false, 0 },
	{ "nouser", false, 0 },
	{ "ro", false, MS_RDONLY },
	{ "rw", true, MS_RDONLY },
	{ "nosuid", false, MS_NOSUID },
	{ "suid", true, MS_NOSUID },
	{ "nodev", false, MS_NODEV },
	{ "dev", true, MS_NODEV },
	{ "noexec", false, MS_NOEXEC },
	{ "exec", true, MS_NOEXEC },
	{ "sync", false, MS_SYNCHRONOUS },
	{ "async", true, MS_SYNCHRONOUS },
	{ "dirsync", false, MS_DIRSYNC },
	{ "remount", false, MS_REMOUNT },
	{ "mand", false, MS_MANDLOCK },
	{ "nomand", true, MS_MANDLOCK },
	{ "atime", true, MS_NOATIME },
	{ "noatime", false, MS_NOATIME },
	{ "diratime", true, MS_NODIRATIME },
	{ "nodiratime", false, MS_NODIRATIME },
	{ "relatime", false, MS_RELATIME },
	{ "norelatime", true, MS_RELATIME },
	{ "strictatime", false, MS_STRICTATIME },
	{ "nostrictatime", true, MS_STRICTATIME },
	{ "lazytime", false, MS_LAZYTIME },
	{ "nolazytime", true, MS_LAZYTIME },
	{ "silent", false, MS_SILENT },
	{ "loud", true, MS_SILENT },
	{ "bind", false, MS_BIND },
	{ "rbind", false, MS_BIND | MS_REC },
};

static const struct opt_flag opt_propagation[] = {
	{ "private", false, MS_PRIVATE },	{ "rprivate", false, MS_PRIVATE | MS_REC },
	{ "slave", false, MS_SLAVE },		{ "rslave", false, MS_SLAVE | MS_REC },
	{ "shared", false, MS_SHARED },		{ "rshared", false, MS_SHARED | MS_REC },
	{ "unbindable", false, MS_UNBINDABLE }, { "runbindable", false, MS_UNBINDABLE | MS_REC },
};

static const struct opt_flag *opt_lookup(const struct opt_flag *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, s) == 0)
			return &t[i];
	return NULL;
}

/* Returns 0 or -EINVAL / -ENOMEM. */
int mount_parse_options(const char *options, struct mount_opts *ret)
{
	struct mount_opts o = { 0 };
	_cleanup_free_ char *copy = NULL;
	_cleanup_free_ char *data = NULL;
	size_t dlen = 0;
	char *save = NULL;

	copy = strdup(options ? options : "");
	data = calloc(1, strlen(options ? options : "") + 1);
	if (!copy || !data)
		return -ENOMEM;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct opt_flag *f;

		if (!*tok)
			continue;
		if ((f = opt_lookup(opt_flags, ARRAY_SIZE(opt_flags), tok))) {
			if (f->clear)
				o.flags &= ~f->flag;
			else
				o.flags |= f->flag;
		} else if ((f = opt_lookup(opt_propagation, ARRAY_SIZE(opt_propagation), tok))) {
			o.propagation |= f->flag;
		} else if (strcmp(tok, "create=dir") == 0) {
			o.create_dir = true;
		} else if (strcmp(tok, "create=file") == 0) {
			o.create_file = true;
		} else if (strncmp(tok, "create=", 7) == 0) {
			return -EINVAL;
		} else if (strcmp(tok, "optional") == 0) {
			o.optional = true;
		} else {
			if (dlen)
				data[dlen++] = ',';
			memcpy(data + dlen, tok, strlen(tok));
			dlen += strlen(tok);
			data[dlen] = '\0';
		}
	}
	if (dlen)
		o.data = TAKE_PTR(data);
	*ret = o;
	return 0;
}

static int touch_in_root(int rootfd, const char *rel, mode_t mode)
{
	_cleanup_close_ int pfd = -EBADF;
	_cleanup_free_ char *parent = strdup(rel);
	const char *base = rel;
	int fd, r;

	if (!parent)
		return -ENOMEM;
	char *slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		base = slash + 1;
		r = fs_mkdir_in_root(rootfd, parent, 0755);
		if (r < 0)
			return r;
	} else {
		parent[0] = '\0';
	}
	pfd = fs_open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
	if (pfd < 0)
		return pfd;
	fd = openat(pfd, base, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		/* An existing directory or device is a fine mount point. */
		if (errno == EISDIR || errno == ENXIO || errno == EACCES)
			return 0;
		return NEG_ERRNO();
	}
	close(fd);
	return 0;
}

static const char *fd_path(char buf[FD_PATH_MAX], int fd)
{
	snprintf(buf, FD_PATH_MAX, "/proc/self/fd/%d", fd);
	return buf;
}

/* The flags a remount of a bind must keep: in a user namespace the kernel
 * refuses to drop nosuid, nodev or noexec it locked. */
static unsigned long mount_locked_flags(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;

	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

/* Mounts on @rel under @rootfd: a bind (then a remount for the flags a bind
 * ignores) or a filesystem, then the propagation. */
static int mount_at(int rootfd, const char *rel, const char *source, const char *fstype,
		    const struct mount_opts *o)
{
	_cleanup_close_ int tfd = -EBADF;
	char p[FD_PATH_MAX];
	unsigned long rest;

	tfd = fs_open_in_root(rootfd, rel, O_PATH);
	if (tfd < 0)
		return tfd;
	if (o->flags & MS_BIND) {
		if (mount(source, fd_path(p, tfd), NULL, MS_BIND | (o->flags & MS_REC), NULL) < 0)
			return NEG_ERRNO();
		rest = o->flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
		if (rest || o->propagation) {
			/* The old fd names the covered directory: reopen to
			 * reach the new mount on top of it. */
			closep(&tfd);
			tfd = fs_open_in_root(rootfd, rel, O_PATH);
			if (tfd < 0)
				return tfd;
		}
		if (rest) {
			fd_path(p, tfd);
			if (mount(NULL, p, NULL,
				  MS_BIND | MS_REMOUNT | rest | mount_locked_flags(p), NULL) < 0)
				return NEG_ERRNO();
		}
	} else {
		if (mount(source, fd_path(p, tfd), fstype, o->flags, o->data) < 0)
			return NEG_ERRNO();
		if (o->propagation) {
			closep(&tfd);
			tfd = fs_open_in_root(rootfd, rel, O_PATH);
			if (tfd < 0)
				return tfd;
		}
	}
	if (o->propagation && mount(NULL, fd_path(p, tfd), NULL, o->propagation, NULL) < 0)
		return NEG_ERRNO();
	return 0;
}

/* @target relative to the rootfs, without leading or trailing slashes:
 * relative as is, or absolute under @rootfs as the seed writes them
 * (/lxc/funtoo0/rootfs/proc).  -EXDEV: absolute and outside the rootfs. */
static int target_relative(const char *rootfs, const char *target, char *buf, size_t len)
{
	size_t n = strlen(rootfs);
	const char *rel = target;

	while (n > 1 && rootfs[n - 1] == '/')
		n--;
	if (target[0] == '/') {
		if (strncmp(target, rootfs, n) != 0 || (target[n] != '/' && target[n] != '\0'))
			return -EXDEV;
		rel = target + n;
	}
	while (*rel == '/')
		rel++;
	if ((size_t)snprintf(buf, len, "%s", rel) >= len)
		return -ENAMETOOLONG;
	for (size_t l = strlen(buf); l > 0 && buf[l - 1] == '/'; l--)
		buf[l - 1] = '\0';
	return 0;
}

static int mount_entry(int rootfd, const char *rootfs, const struct cfg_mount *m, struct diag *d)
{
	_cleanup_free_ char *data = NULL;
	struct mount_opts o;
	char rel[4096];
	const char *fstype = m->fstype;
	int r;

	r = target_relative(rootfs, m->target, rel, sizeof(rel));
	if (r == -EXDEV) {
		diag_set(d, m->origin.file, m->origin.line, m->origin.key,
			 "mount target '%s' is outside the rootfs '%s'", m->target, rootfs);
		return r;
	}
	if (r < 0)
		goto fail;
	r = mount_parse_options(m->options, &o);
	if (r < 0) {
		diag_set(d, m->origin.file, m->origin.line, m->origin.key, "bad mount options '%s'",
			 m->options ? m->options : "");
		return r;
	}
	data = o.data;
	if (o.create_dir)
		r = fs_mkdir_in_root(rootfd, rel, 0755);
	else if (o.create_file)
		r = touch_in_root(rootfd, rel, 0644);
	if (r < 0 && !o.optional)
		goto fail;
	if (fstype && strcmp(fstype, "none") == 0 && (o.flags & MS_BIND))
		fstype = NULL;
	r = mount_at(rootfd, rel, m->source, fstype, &o);
	if (r < 0 && o.optional)
		return 0;
	if (r < 0)
		goto fail;
	return 0;
fail:
	diag_set(d, m->origin.file, m->origin.line, m->origin.key, "cannot mount '%s' on '%s' (%s)",
		 m->source, m->target, strerror(-r));
	return r;
}

static bool fs_is(int dirfd, const char *rel, long magic)
{
	struct statfs sf;
	_cleanup_close_ int fd = fs_open_in_root(dirfd, rel, O_PATH | O_DIRECTORY);

	return fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == magic;
}

/* Whether a file system of type @magic is mounted on @rel itself, not
 * just the one @rel lies on: /dev/shm is on the /dev tmpfs before its own. */
static bool mounted_at(int dirfd, const char *rel, long magic)
{
	_cleanup_close_ int fd = fs_open_in_root(dirfd, rel, O_PATH | O_DIRECTORY);
	struct statx sx;

	if (fd < 0 || !fs_is(dirfd, rel, magic))
		return false;
	if (statx(fd, "", AT_EMPTY_PATH, 0, &sx) < 0 ||
	    !(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return true; /* a kernel before 5.8 cannot say: trust the type */
	return sx.stx_attributes & STATX_ATTR_MOUNT_ROOT;
}

struct dev_node {
	const char *name;
	unsigned maj, min;
};

static const struct dev_node dev_nodes[] = {
	{ "null", 1, 3 },   { "zero", 1, 5 },	 { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "fd", "/proc/self/fd" },	 { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "ptmx", "pts/ptmx" },
};

/* Binds host @source on the file @name in @devfd (made if missing);
 * @readonly: the bind is read-only, so the node's owner, mode, times and
 * xattrs cannot be changed through it (reads and writes of the device
 * itself are not affected by a read-only mount). */
/* Whether this process's device cgroup refuses both reading and writing
 * the host's node @path (this process is in the container's cgroup). */
static bool dev_refused(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0 || errno != EPERM) {
		closep(&fd);
		return false;
	}
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0 || errno != EPERM) {
		closep(&fd);
		return false;
	}
	return true;
}

static int dev_bind(int devfd, const char *name, const char *source, bool readonly)
{
	_cleanup_close_ int fd = -EBADF;
	char p[FD_PATH_MAX];

	fd = openat(devfd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno != ENXIO && errno != EACCES)
		return NEG_ERRNO();
	closep(&fd);
	fd = openat(devfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	if (mount(source, fd_path(p, fd), NULL, MS_BIND, NULL) < 0)
		return NEG_ERRNO();
	if (!readonly)
		return 0;
	closep(&fd);
	fd = openat(devfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	fd_path(p, fd);
	if (mount(NULL, p, NULL,
		  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC | mount_locked_flags(p),
		  NULL) < 0)
		return NEG_ERRNO();
	return 0;
}

/* The config's own device nodes (OCI linux.devices), each replacing what
 * is at its path: made with its owner and mode, or under a user namespace
 * (no mknod there) the host's node at the same path bound, as runc does. */
static int devnodes_make(int rootfd, const struct container_config *cfg,
			 const struct mount_ctx *ctx, struct diag *d)
{
	for (size_t i = 0; i < cfg->n_devnodes; i++) {
		const struct cfg_devnode *n = &cfg->devnodes[i];
		_cleanup_free_ char *dir = strdup(n->path), *src = NULL;
		_cleanup_close_ int dfd = -EBADF;
		char *base;
		int r;

		if (!dir)
			return -ENOMEM;
		base = strrchr(dir, '/');
		if (!base || asprintf(&src, "/%s", n->path) < 0) {
			r = base ? -ENOMEM : -EINVAL;
			goto fail;
		}
		*base++ = '\0';
		r = fs_mkdir_in_root(rootfd, dir, 0755);
		if (r >= 0)
			r = dfd = fs_open_in_root(rootfd, dir, O_PATH | O_DIRECTORY);
		if (r < 0)
			goto fail;
		if (unlinkat(dfd, base, 0) < 0 && errno != ENOENT) {
			r = NEG_ERRNO();
			goto fail;
		}
		if (ctx->userns) {
			r = dev_bind(dfd, base, src, false);
			if (r < 0)
				goto fail;
			continue;
		}
		/* mknod honours the umask: the mode is set after */
		if (mknodat(dfd, base, n->mode, n->dev) < 0 ||
		    fchownat(dfd, base, n->uid, n->gid, AT_SYMLINK_NOFOLLOW) < 0 ||
		    fchmodat(dfd, base, n->mode & 07777, 0) < 0) {
			r = NEG_ERRNO();
			goto fail;
		}
		continue;
fail:
		diag_set(d, NULL, 0, "linux.devices", "cannot make device node '/%s' (%s)", n->path,
			 strerror(-r));
		return r;
	}
	return 0;
}

static int autodev_fill(int rootfd, const struct container_config *cfg, const struct mount_ctx *ctx,
			struct diag *d)
{
	_cleanup_close_ int devfd = -EBADF;
	char opts[128];
	const char *what = "/dev";
	int r = 0;

	devfd = fs_open_in_root(rootfd, "dev", O_PATH | O_DIRECTORY);
	if (devfd < 0) {
		r = devfd;
		goto fail;
	}
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		const struct dev_node *n = &dev_nodes[i];
		char src[32];

		what = n->name;
		if (faccessat(devfd, n->name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		/* The runtime still holds CAP_MKNOD here, whatever the config
		 * drops: the nodes are the container's own, on its own /dev. */
		if (!ctx->userns &&
		    mknodat(devfd, n->name, S_IFCHR | 0666, makedev(n->maj, n->min)) == 0) {
			/* mknod honours the umask; the nodes must be 0666. */
			_cleanup_close_ int nfd = openat(devfd, n->name, O_PATH | O_CLOEXEC);
			char p[FD_PATH_MAX];
			if (nfd >= 0)
				chmod(fd_path(p, nfd), 0666);
			continue;
		}
		/* No mknod: in a user namespace the kernel refuses it (and a
		 * node on a tmpfs mounted there could not be opened), or the
		 * config's device list refuses 'm'.  Bind the host's node, as
		 * LXC does, read-only: its metadata cannot change through the
		 * bind, and under a user namespace the container's root does
		 * not own it either. */
		snprintf(src, sizeof(src), "/dev/%s", n->name);
		/* A node the device list lets the container neither read nor
		 * write (the seed's lists leave out full and random) would be
		 * a host inode for nothing: left out. */
		if (!ctx->userns && dev_refused(src))
			continue;
		r = dev_bind(devfd, n->name, src, true);
		if (r < 0)
			goto fail;
	}
	for (size_t i = 0; i < ARRAY_SIZE(dev_links); i++) {
		what = dev_links[i].name;
		if (symlinkat(dev_links[i].target, devfd, dev_links[i].name) < 0 &&
		    errno != EEXIST) {
			r = NEG_ERRNO();
			goto fail;
		}
	}
	what = "/dev/pts";
	r = fs_mkdir_in_root(rootfd, "dev/pts", 0755);
	if (r < 0)
		goto fail;
	if (!fs_is(rootfd, "dev/pts", DEVPTS_SUPER_MAGIC)) {
		struct mount_opts o = { .flags = MS_NOSUID | MS_NOEXEC, .data = opts };
		/* the ttys come from it too, beyond lxc.pty.max, as LXC counts */
		if (cfg->pty_max)
			snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620%s,max=%u",
				 ctx->userns ? "" : ",gid=5", cfg->pty_max + ctx->n_ttys);
		else
			snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620%s",
				 ctx->userns ? "" : ",gid=5");
		r = mount_at(rootfd, "dev/pts", "devpts", "devpts", &o);
		if (r < 0)
			goto fail;
	}
	what = "/dev/shm";
	r = fs_mkdir_in_root(rootfd, "dev/shm", 01777);
	if (r < 0)
		goto fail;
	if (!mounted_at(rootfd, "dev/shm", TMPFS_MAGIC)) {
		struct mount_opts o = { .flags = MS_NOSUID | MS_NODEV,
					.data = (char *)"mode=1777" };
		r = mount_at(rootfd, "dev/shm", "shm", "tmpfs", &o);
		if (r < 0)
			goto fail;
	}
	return 0;
fail:
	diag_set(d, NULL, 0, "lxc.autodev", "cannot populate '%s' (%s)", what, strerror(-r));
	return r;
}

static int consoles_bind(int rootfd, const struct mount_ctx *ctx, struct diag *d)
{
	_cleanup_close_ int devfd = -EBADF;
	char name[32];
	int r;

	devfd = fs_open_in_root(rootfd, "dev", O_PATH | O_DIRECTORY);
	if (devfd < 0) {
		diag_set(d, NULL, 0, "lxc.tty.max", "cannot open '/dev' (%s)", strerror(-devfd));
		return devfd;
	}
	if (ctx->console) {
		r = dev_bind(devfd, "console", ctx->console, false);
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.console.path",
				 "cannot bind the console on '/dev/console' (%s)", strerror(-r));
			return r;
		}
	}
	for (unsigned i = 0; i < ctx->n_ttys; i++) {
		snprintf(name, sizeof(name), "tty%u", i + 1);
		r = dev_bind(devfd, name, ctx->ttys[i], false);
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.tty.max", "cannot bind a pty on '/dev/%s' (%s)",
				 name, strerror(-r));
			return r;
		}
	}
	return 0;
}

/* Whether a line of @cfg mounts on /@what itself. */
static bool cfg_mounts_on(const struct container_config *cfg, const char *rootfs, const char *what)
{
	char rel[4096];

	for (size_t i = 0; i < cfg->n_mounts; i++)
		if (target_relative(rootfs, cfg->mounts[i].target, rel, sizeof(rel)) == 0 &&
		    strcmp(rel, what) == 0)
			return true;
	return false;
}

/* The mount's super options a v1 cgroup mount inside needs: its
 * controllers and name=, not rw/ro nor the host's release agent. */
static void cgroup_v1_options(const char *super, char *buf, size_t len)
{
	_cleanup_free_ char *copy = strdup(super);
	char *save = NULL;
	size_t n = 0;

	buf[0] = '\0';
	if (!copy)
		return;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "rw") == 0 || strcmp(t, "ro") == 0 ||
		    strncmp(t, "release_agent=", 14) == 0)
			continue;
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "", t);
	}
}

/* lxc.mount.auto cgroup:ro|rw|mixed, where cgroup_auto_wanted (below).  In
 * the container's cgroup namespace a cgroup mount's root is the
 * container's own cgroup: the hierarchies the
 * host mounts under /sys/fs/cgroup are mounted the same way under the
 * container's, on a tmpfs unless the host is pure cgroup v2.  ro: all
 * read-only; rw and mixed: the container's own cgroup writable (nothing
 * above it is visible). */
static int cgroup_auto(int rootfd, enum cfg_auto_cgroup mode, struct diag *d)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	const char *what = "/sys/fs/cgroup";
	struct mountinfo_entry e;
	bool tmpfs_done = false;
	int r;

	if (mode == CFG_AUTO_CGROUP_RO)
		flags |= MS_RDONLY;
	r = mountinfo_open(NULL, &mi);
	if (r < 0)
		goto fail;
	r = fs_mkdir_in_root(rootfd, "sys/fs/cgroup", 0755);
	if (r < 0)
		goto fail;
	while ((r = mountinfo_next(mi, &e)) > 0) {
		const char *mnt = e.mount_point, *fstype = e.fstype, *super = e.super_options;
		char rel[PATH_MAX], opts[512];
		struct mount_opts o = { .flags = flags };

		if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
			continue;
		if (strcmp(mnt, "/sys/fs/cgroup") == 0) {
			/* Pure v2: one mount, no tmpfs. */
			r = mount_at(rootfd, "sys/fs/cgroup", "cgroup2", "cgroup2", &o);
			if (r < 0)
				goto fail;
			return 0;
		}
		if (strncmp(mnt, "/sys/fs/cgroup/", 15) != 0 || strchr(mnt + 15, '/'))
			continue;
		if (!tmpfs_done) {
			struct mount_opts t = { .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC,
						.data = (char *)"mode=755,size=64k" };
			r = mount_at(rootfd, "sys/fs/cgroup", "cgroup", "tmpfs", &t);
			if (r < 0)
				goto fail;
			tmpfs_done = true;
		}
		snprintf(rel, sizeof(rel), "sys/fs/cgroup/%s", mnt + 15);
		what = mnt;
		r = fs_mkdir_in_root(rootfd, rel, 0755);
		if (r < 0)
			goto fail;
		if (strcmp(fstype, "cgroup") == 0) {
			cgroup_v1_options(super, opts, sizeof(opts));
			o.data = opts;
		}
		r = mount_at(rootfd, rel, "cgroup", fstype, &o);
		if (r < 0)
			goto fail;
	}
	if (r == 0)
		return 0;
	what = "/proc/self/mountinfo"; /* @mnt is gone with the reader's line */
fail:
	diag_set(d, NULL, 0, "lxc.mount.auto", "cannot mount the cgroups on '%s' (%s)", what,
		 strerror(-r));
	return r;
}

/* Whether lxc.mount.auto cgroup:* mounts anything, as LXC decides it
 * (cgfsng_mount, lxc.container.conf(5) on :force): in a cgroup namespace a
 * container that keeps CAP_SYS_ADMIN mounts its cgroups itself (its
 * hierarchies' roots are its own cgroup there), so without :force nothing
 * is mounted for it, but for the one cgroup2 of a pure v2 host, which
 * guests' inits often do not mount. */
static bool cgroup_auto_wanted(const struct container_config *cfg)
{
	enum cgroup_layout layout;

	if (cfg->auto_cgroup_force || (caps_drop_mask(cfg) >> CAP_SYS_ADMIN) & 1)
		return true;
	/* a kernel before 4.6 (no cgroup namespace): the init's own mounts
	 * would show the host's whole hierarchies, so ctr mounts them */
	if (access("/proc/self/ns/cgroup", F_OK) < 0)
		return true;
	return cgroup_detect(NULL, &layout) < 0 || layout == CGROUP_LAYOUT_V2;
}

/* lxc.mount.auto proc and sys.  Without lxc.mount.auto: proc:mixed and
 * sys:mixed unless a mount line of the config mounts /proc or /sys itself
 * (as the seed does); LXC's own templates set these through common.conf. */
static int auto_mounts(int rootfd, const struct container_config *cfg, const char *rootfs,
		       enum cfg_auto_proc *ret_proc, struct diag *d)
{
	enum cfg_auto_proc proc = cfg->auto_proc;
	enum cfg_auto_sys sys = cfg->auto_sys;
	int r;

	if (!cfg->mount_auto_set) {
		proc = cfg_mounts_on(cfg, rootfs, "proc") ? CFG_AUTO_PROC_NONE
							  : CFG_AUTO_PROC_MIXED;
		sys = cfg_mounts_on(cfg, rootfs, "sys") ? CFG_AUTO_SYS_NONE : CFG_AUTO_SYS_MIXED;
	}
	*ret_proc = proc;
	if (proc != CFG_AUTO_PROC_NONE) {
		struct mount_opts o = { .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC };
		r = fs_mkdir_in_root(rootfd, "proc", 0555);
		if (r >= 0)
			r = mount_at(rootfd, "proc", "proc", "proc", &o);
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.mount.auto", "cannot mount '/proc' (%s)",
				 strerror(-r));
			return r;
		}
	}
	if (sys != CFG_AUTO_SYS_NONE) {
		struct mount_opts o = { .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC };
		r = fs_mkdir_in_root(rootfd, "sys", 0555);
		if (r >= 0)
			r = mount_at(rootfd, "sys", "sysfs", "sysfs", &o);
		/* sys:mixed: read-only but for the container's own network
		 * devices, as LXC does.  The superblock stays writable; the
		 * mount on /sys is made read-only after the bind. */
		if (r >= 0 && sys == CFG_AUTO_SYS_MIXED) {
			_cleanup_close_ int nfd =
				fs_open_in_root(rootfd, "sys/devices/virtual/net", O_PATH);
			struct mount_opts b = { .flags = MS_BIND | MS_NOSUID | MS_NODEV |
							 MS_NOEXEC };
			char src[FD_PATH_MAX];
			if (nfd >= 0)
				r = mount_at(rootfd, "sys/devices/virtual/net", fd_path(src, nfd),
					     NULL, &b);
		}
		if (r >= 0 && sys != CFG_AUTO_SYS_RW) {
			_cleanup_close_ int sfd = fs_open_in_root(rootfd, "sys", O_PATH);
			char sp[FD_PATH_MAX];
			r = sfd;
			if (sfd >= 0 && mount(NULL, fd_path(sp, sfd), NULL,
					      MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID |
						      MS_NODEV | MS_NOEXEC,
					      NULL) < 0)
				r = NEG_ERRNO();
		}
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.mount.auto", "cannot mount '/sys' (%s)",
				 strerror(-r));
			return r;
		}
	}
	if (cfg->mount_auto_set && cfg->auto_cgroup != CFG_AUTO_CGROUP_NONE &&
	    cgroup_auto_wanted(cfg))
		return cgroup_auto(rootfd, cfg->auto_cgroup, d);
	return 0;
}

static const char *const masked_files[] = {
	"proc/kcore",
	"proc/keys",
	"proc/timer_list",
	"proc/sched_debug",
};
static const char *const masked_dirs[] = { "sys/firmware" };
static const char *const readonly_paths[] = {
	"proc/sys",
	"proc/sysrq-trigger",
	"proc/irq",
	"proc/bus",
};

#define SCRATCH_DIR_MAX 32

/* scratch_make before 5.2 (no fsopen): mount(2) needs a path to reach the
 * new tmpfs by (over /proc/self/fd/N, a lookup stays below the mount), in
 * a place the container's root, mapped or not, may make a directory in:
 * @ret_dir, a fresh one in /tmp (or /dev/shm), the caller removes once the
 * tmpfs is detached. */
static int scratch_make_old(char ret_dir[SCRATCH_DIR_MAX], int *ret_mnt, int *ret_empty)
{
	static const char *const bases[] = { "/tmp", "/dev/shm" };
	_cleanup_close_ int mnt = -EBADF, f = -EBADF;
	struct statfs sf;
	int r = -ENOENT;

	for (size_t i = 0; i < ARRAY_SIZE(bases); i++) {
		snprintf(ret_dir, SCRATCH_DIR_MAX, "%s/.ctr-mask-XXXXXX", bases[i]);
		if (mkdtemp(ret_dir))
			break;
		r = NEG_ERRNO();
		ret_dir[0] = '\0';
	}
	if (!ret_dir[0])
		return r;
	/* ours, 0700, in a sticky directory: nobody else can swap it */
	if (mount("ctr-mask", ret_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=4k,nr_inodes=4,mode=0555") < 0) {
		r = NEG_ERRNO();
		rmdir(ret_dir);
		ret_dir[0] = '\0';
		return r;
	}
	mnt = open(ret_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (mnt >= 0 && (fstatfs(mnt, &sf) < 0 || sf.f_type != TMPFS_MAGIC)) {
		closep(&mnt);
		errno = EXDEV;
	}
	if (mnt >= 0)
		f = openat(mnt, "empty", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (f >= 0) {
		closep(&f);
		f = openat(mnt, "empty", O_PATH | O_CLOEXEC);
	}
	if (f < 0) {
		r = NEG_ERRNO();
		(void)umount2(ret_dir, MNT_DETACH);
		rmdir(ret_dir);
		ret_dir[0] = '\0';
		return r;
	}
	*ret_mnt = TAKE_FD(mnt);
	*ret_empty = TAKE_FD(f);
	return 0;
}

/* A private tmpfs holding one empty file, the source of the file masks:
 * made detached (fsopen), then attached on @dirfd, the runtime's own run
 * directory, in this mount namespace only, because a bind's source must
 * be attached.  *ret_mnt: the mount (to detach once the masks hold it),
 * *ret_empty: the file, O_PATH. */
static int scratch_make(int dirfd, int *ret_mnt, int *ret_empty, char ret_dir[SCRATCH_DIR_MAX])
{
	_cleanup_close_ int fs = -EBADF, mnt = -EBADF, f = -EBADF;

	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 && errno == ENOSYS)
		return scratch_make_old(ret_dir, ret_mnt, ret_empty);
	if (fs < 0)
		return NEG_ERRNO();
	if (fsconfig(fs, FSCONFIG_SET_STRING, "source", "ctr-mask", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "size", "4k", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "nr_inodes", "4", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0555", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return NEG_ERRNO();
	mnt = fsmount(fs, FSMOUNT_CLOEXEC,
		      MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	if (mnt < 0)
		return NEG_ERRNO();
	f = openat(mnt, "empty", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (f < 0)
		return NEG_ERRNO();
	closep(&f);
	if (move_mount(mnt, "", dirfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return NEG_ERRNO();
	f = openat(mnt, "empty", O_PATH | O_CLOEXEC);
	if (f < 0) {
		int r = NEG_ERRNO();
		char p[FD_PATH_MAX];
		(void)umount2(fd_path(p, mnt), MNT_DETACH);
		return r;
	}
	*ret_mnt = TAKE_FD(mnt);
	*ret_empty = TAKE_FD(f);
	return 0;
}

/* The masks OCI runtimes apply, where /proc and /sys are the kernel's; a
 * path this kernel lacks is skipped.  Files are masked with a read-only
 * bind of an empty file on a private tmpfs (never a host inode: a bind of
 * the host's /dev/null let the container chmod it), directories with an
 * empty read-only tmpfs of their own. */
static int masks_apply(int rootfd, bool proc_sys_rw, int scratch_dirfd, struct diag *d)
{
	_cleanup_close_ int scratch = -EBADF, empty = -EBADF;
	char scratch_dir[SCRATCH_DIR_MAX] = "";
	const char *p = NULL;
	char src[FD_PATH_MAX];
	int r = 0;

	if (fs_is(rootfd, "proc", PROC_SUPER_MAGIC)) {
		p = "proc";
		r = scratch_make(scratch_dirfd, &scratch, &empty, scratch_dir);
		if (r < 0)
			goto fail;
		for (size_t i = 0; i < ARRAY_SIZE(masked_files); i++) {
			struct mount_opts o = { .flags = MS_BIND | MS_RDONLY | MS_NOSUID |
							 MS_NODEV | MS_NOEXEC };
			p = masked_files[i];
			r = mount_at(rootfd, p, fd_path(src, empty), NULL, &o);
			if (r == -ENOENT)
				continue;
			if (r < 0)
				goto fail;
		}
		/* The binds hold the tmpfs; it need not stay attached. */
		(void)umount2(fd_path(src, scratch), MNT_DETACH);
		if (scratch_dir[0]) { /* scratch_make_old's */
			rmdir(scratch_dir);
			scratch_dir[0] = '\0';
		}
		for (size_t i = 0; i < ARRAY_SIZE(readonly_paths); i++) {
			struct mount_opts o = { .flags = MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID |
							 MS_NODEV | MS_NOEXEC };
			_cleanup_close_ int fd = -EBADF;

			p = readonly_paths[i];
			if (proc_sys_rw && strcmp(p, "proc/sys") == 0)
				continue;
			fd = fs_open_in_root(rootfd, p, O_PATH);
			if (fd == -ENOENT)
				continue;
			r = fd < 0 ? fd : mount_at(rootfd, p, fd_path(src, fd), NULL, &o);
			if (r < 0)
				goto fail;
		}
	}
	if (fs_is(rootfd, "sys", SYSFS_MAGIC)) {
		for (size_t i = 0; i < ARRAY_SIZE(masked_dirs); i++) {
			struct mount_opts o = { .flags = MS_RDONLY | MS_NOSUID | MS_NODEV |
							 MS_NOEXEC,
						.data = (char *)"size=0" };
			p = masked_dirs[i];
			r = mount_at(rootfd, p, "tmpfs", "tmpfs", &o);
			if (r == -ENOENT)
				continue;
			if (r < 0)
				goto fail;
		}
	}
	return 0;
fail:
	if (scratch_dir[0]) {
		(void)umount2(scratch_dir, MNT_DETACH);
		rmdir(scratch_dir);
	}
	diag_set(d, NULL, 0, NULL, "cannot mask '/%s' (%s)", p, strerror(-r));
	return r;
}

/* lxc.rootfs.options (ro, nosuid, ...), applied last: everything above
 * was made on the rootfs first. */
static int rootfs_options_apply(int rootfd, const struct container_config *cfg, struct diag *d)
{
	_cleanup_free_ char *data = NULL;
	struct mount_opts o;
	char p[FD_PATH_MAX];
	int r;

	if (!cfg->rootfs_options || !*cfg->rootfs_options)
		return 0;
	r = mount_parse_options(cfg->rootfs_options, &o);
	data = o.data;
	if (r == 0 && data)
		r = -EINVAL;
	if (r == 0 && o.flags) {
		fd_path(p, rootfd);
		if (mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | o.flags | mount_locked_flags(p),
			  NULL) < 0)
			r = NEG_ERRNO();
	}
	if (r < 0)
		diag_set(d, cfg->path, 0, "lxc.rootfs.options",
			 "cannot apply '%s' to the rootfs (%s)", cfg->rootfs_options, strerror(-r));
	return r;
}

/* overlay:LOWER:UPPER: the overlay mounted over LOWER itself, in this
 * (private) mount namespace only, so every later step sees the container's
 * rootfs at the path it has always had; the work dir is LXC's, UPPER's
 * sibling "olwork". */
static int rootfs_overlay_mount(const struct container_config *cfg, const char *lower,
				struct diag *d)
{
	_cleanup_free_ char *work = NULL, *opts = NULL, *upper = strdup(cfg->rootfs_overlay_upper);
	char *slash;
	int r;

	if (!upper)
		return -ENOMEM;
	slash = strrchr(upper, '/');
	if (asprintf(&work, "%.*s/olwork", (int)(slash - upper), upper) < 0 ||
	    asprintf(&opts, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work) < 0)
		return -ENOMEM;
	if ((mkdir(upper, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(work, 0755) < 0 && errno != EEXIST) ||
	    mount("overlay", lower, "overlay", 0, opts) < 0) {
		r = NEG_ERRNO();
		diag_set(d, cfg->path, 0, "lxc.rootfs.path",
			 "cannot mount the overlay rootfs '%s' over '%s' (%s)", upper, lower,
			 strerror(-r));
		return r;
	}
	return 0;
}

/* Returns 0 or -errno with @ret_diag naming the mount line that failed. */
int mount_setup(const struct container_config *cfg, const struct mount_ctx *ctx,
		struct diag *ret_diag)
{
	_cleanup_close_ int rootfd = -EBADF;
	enum cfg_auto_proc proc = CFG_AUTO_PROC_NONE;
	int r;

	/* Nothing of ours propagates to the host; the host's unmounts still
	 * reach us. */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot make '/' a slave mount (%s)",
			 strerror(-r));
		return r;
	}
	r = hooks_run(cfg, CFG_HOOK_PRE_MOUNT, &(struct hook_env){ .rootfs_mount = ctx->rootfs },
		      ret_diag);
	if (r < 0)
		return r;
	if (cfg->rootfs_overlay_upper) {
		r = rootfs_overlay_mount(cfg, ctx->rootfs, ret_diag);
		if (r < 0)
			return r;
	} else if (mount(ctx->rootfs, ctx->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
		r = NEG_ERRNO();
		goto fail_rootfs;
	}
	rootfd = open(ctx->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		r = NEG_ERRNO();
		goto fail_rootfs;
	}
	if (cfg->autodev) {
		struct mount_opts o = { .flags = MS_NOSUID | MS_STRICTATIME,
					.data = (char *)"size=500000,mode=755" };
		r = fs_mkdir_in_root(rootfd, "dev", 0755);
		if (r >= 0)
			r = mount_at(rootfd, "dev", "none", "tmpfs", &o);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, "lxc.autodev",
				 "cannot mount a tmpfs on '/dev' (%s)", strerror(-r));
			return r;
		}
	}
	r = auto_mounts(rootfd, cfg, ctx->rootfs, &proc, ret_diag);
	if (r < 0)
		return r;
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		r = mount_entry(rootfd, ctx->rootfs, &cfg->mounts[i], ret_diag);
		if (r < 0)
			return r;
	}
	r = hooks_run(cfg, CFG_HOOK_MOUNT, &(struct hook_env){ .rootfs_mount = ctx->rootfs },
		      ret_diag);
	if (r < 0)
		return r;
	/* LXC runs the autodev hooks before it fills /dev */
	if (cfg->autodev)
		r = hooks_run(cfg, CFG_HOOK_AUTODEV,
			      &(struct hook_env){ .rootfs_mount = ctx->rootfs }, ret_diag);
	if (r < 0)
		return r;
	if (cfg->autodev) {
		r = autodev_fill(rootfd, cfg, ctx, ret_diag);
		if (r < 0)
			return r;
	}
	r = devnodes_make(rootfd, cfg, ctx, ret_diag);
	if (r < 0)
		return r;
	if (ctx->console || ctx->n_ttys) {
		r = consoles_bind(rootfd, ctx, ret_diag);
		if (r < 0)
			return r;
	}
	r = masks_apply(rootfd, proc == CFG_AUTO_PROC_RW, ctx->scratch_dirfd, ret_diag);
	if (r < 0)
		return r;
	r = rootfs_options_apply(rootfd, cfg, ret_diag);
	if (r < 0)
		return r;
	if (ctx->before_pivot && (r = ctx->before_pivot(ctx->before_pivot_arg, ret_diag)) < 0)
		return r;
	if (fchdir(rootfd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, "lxc.rootfs.path", "cannot pivot_root to '%s' (%s)",
			 ctx->rootfs, strerror(-r));
		return r;
	}
	return 0;

fail_rootfs:
	diag_set(ret_diag, NULL, 0, "lxc.rootfs.path", "cannot bind the rootfs '%s' (%s)",
		 ctx->rootfs, strerror(-r));
	return r;
}

struct lock_args {
	int err;
	int nsfd;
};

/* Runs in a child that shares our memory and descriptors while we sleep
 * (CLONE_VM | CLONE_VFORK | CLONE_FILES): the copy made, its mount
 * namespace opened into our table through the container's /proc. */
static int lock_child(void *p)
{
	struct lock_args *a = p;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		a->err = errno;
		return 1;
	}
	a->nsfd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (a->nsfd < 0)
		a->err = errno;
	return 0;
}

/* mount_lock without a fork: no page tables copied (a fork is the dearer
 * part on a paravirtualised host).  Returns 0, -EOPNOTSUPP (no user
 * namespaces), -EAGAIN when this way is closed (no /proc in the container)
 * or -errno. */
static int mount_lock_vfork(void)
{
	/* the child's stack: ours is not used while we sleep */
	char stack[16384] __attribute__((aligned(16)));
	struct lock_args a = { .nsfd = -EBADF };
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), r;
	pid_t pid;

	pid = clone(lock_child, stack + sizeof(stack),
		    CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &a);
	if (pid < 0)
		return -EAGAIN;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	/* the memory is shared: a credential change in the child may have
	 * made it non-dumpable, which would keep the monitor out of our
	 * namespaces until the exec */
	if (dumpable >= 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != dumpable)
		prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0);
	if (a.nsfd < 0) {
		if (a.err == EINVAL || a.err == ENOSPC || a.err == EPERM || a.err == EUSERS)
			return -EOPNOTSUPP;
		return -EAGAIN;
	}
	r = setns(a.nsfd, CLONE_NEWNS) < 0 ? NEG_ERRNO() : 0;
	close(a.nsfd);
	return r;
}

int mount_lock(void)
{
	_cleanup_close_ int rd = -EBADF, wr = -EBADF, pidfd = -EBADF;
	int p[2], err = 0, r = 0;
	pid_t pid;

	r = mount_lock_vfork();
	if (r != -EAGAIN)
		return r;
	r = 0;
	if (pipe2(p, O_CLOEXEC) < 0)
		return NEG_ERRNO();
	rd = p[0];
	wr = p[1];
	pid = fork();
	if (pid < 0)
		return NEG_ERRNO();
	if (pid == 0) {
		/* The copy is made here; it lives while this process does.  In
		 * a user namespace the credential change made us non-dumpable
		 * (fs.suid_dumpable), which would keep our parent out of our
		 * namespaces; no other process of the container exists yet. */
		int e = prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0 ||
					unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0
				? errno
				: 0;
		if (write(wr, &e, sizeof(e)) != sizeof(e))
			_exit(1);
		closep(&wr);
		for (;;)
			pause();
	}
	closep(&wr);
	if (read(rd, &err, sizeof(err)) != sizeof(err))
		r = -EIO;
	else if (err)
		r = err == EINVAL || err == ENOSPC || err == EPERM || err == EUSERS ? -EOPNOTSUPP
										    : -err;
	if (r == 0) {
		/* our child, not reaped: a pidfd, or /proc/PID before 5.3, and
		 * its ns file where setns takes no pidfd (before 5.8) */
		pidfd = proc_handle_open(pid);
		r = pidfd < 0 ? pidfd : proc_handle_setns(pidfd, pid, CLONE_NEWNS);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return r;
}
