// SPDX-License-Identifier: LGPL-2.1-or-later
/* File system helpers shared by the runtime's parts; see ctr/fsutil.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/compat.h"
#include "ctr/fsutil.h"
#include "ctr/mountinfo.h"

int fs_mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return NEG_ERRNO();
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return NEG_ERRNO();
	return 0;
}

int fs_mkdir_parents(const char *path, mode_t mode)
{
	_cleanup_free_ char *dir = strdup(path);
	char *slash;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	return fs_mkdir_p(dir, mode);
}

int fs_open_in_root(int rootfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (flags & O_CREAT)
		how.mode = 0644;
	/* EAGAIN: a ".." met a rename or mount anywhere on the host meanwhile
	 * (openat2(2)); try again, then walk in user space, which needs no
	 * such check (it holds every directory it went through) */
	for (int i = 0; i < 16; i++) {
		fd = (int)syscall(SYS_openat2, rootfd, *rel ? rel : ".", &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0 && (errno == ENOSYS || errno == EAGAIN)) /* ENOSYS: before 5.6 */
		return compat_open_in_root(rootfd, rel, flags, (mode_t)how.mode);
	return fd < 0 ? NEG_ERRNO() : fd;
}

/* Splits @rel into a parent (in *ret_parent, caller frees) and a last part. */
static int split_rel(const char *rel, char **ret_parent, const char **ret_base)
{
	char *parent = strdup(rel), *slash;

	if (!parent)
		return -ENOMEM;
	slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		*ret_base = rel + (slash - parent) + 1;
	} else {
		parent[0] = '\0';
		*ret_base = rel;
	}
	*ret_parent = parent;
	return 0;
}

int fs_mkdir_in_root(int rootfd, const char *rel, mode_t mode)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_close_ int pfd = -EBADF;
	_cleanup_free_ char *parent = NULL;
	const char *base;
	int r;

	fd = fs_open_in_root(rootfd, rel, O_PATH | O_DIRECTORY);
	if (fd >= 0)
		return 0;
	if (fd != -ENOENT)
		return fd;
	r = split_rel(rel, &parent, &base);
	if (r < 0)
		return r;
	if (parent[0]) {
		r = fs_mkdir_in_root(rootfd, parent, mode);
		if (r < 0)
			return r;
	}
	pfd = fs_open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
	if (pfd < 0)
		return pfd;
	if (mkdirat(pfd, base, mode) < 0 && errno != EEXIST)
		return NEG_ERRNO();
	return 0;
}

int fs_write_in_root(int rootfd, const char *rel, const void *data, size_t len, mode_t mode)
{
	_cleanup_close_ int pfd = -EBADF;
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *parent = NULL;
	const char *base;
	char tmp[NAME_MAX + 1];
	int r;

	r = split_rel(rel, &parent, &base);
	if (r < 0)
		return r;
	if (!*base || strlen(base) > NAME_MAX - 8)
		return -EINVAL;
	pfd = fs_open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
	if (pfd < 0)
		return pfd;
	snprintf(tmp, sizeof(tmp), ".%s.ctrXXX", base);
	for (unsigned i = 0;; i++) {
		snprintf(tmp + strlen(tmp) - 3, 4, "%03u", i % 1000);
		fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0)
			break;
		if (errno != EEXIST || i >= 999)
			return NEG_ERRNO();
	}
	if ((r = fd_write_all(fd, data, len)) < 0) {
		unlinkat(pfd, tmp, 0);
		return r;
	}
	if (fchmod(fd, mode) < 0 || renameat(pfd, tmp, pfd, base) < 0) {
		r = NEG_ERRNO();
		unlinkat(pfd, tmp, 0);
		return r;
	}
	return 0;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* a non-blocking fd (a pty master): wait until it drains */
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			(void)poll(&pfd, 1, 100);
			continue;
		}
		if (n < 0)
			return NEG_ERRNO();
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_read_in_root(int rootfd, const char *rel, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = fs_open_in_root(rootfd, rel, O_RDONLY | O_NOFOLLOW);

	if (fd < 0)
		return fd;
	return fd_read_all(fd, max, ret, ret_len);
}

static int remove_below(int dirfd, dev_t dev)
{
	_cleanup_close_ int dfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (dfd < 0)
		return NEG_ERRNO();
	d = fdopendir(dfd);
	if (!d)
		return NEG_ERRNO();
	dfd = -EBADF; /* the DIR's now */
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = NEG_ERRNO();
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			_cleanup_close_ int sub = -EBADF;
			struct stat sst;
			if (st.st_dev != dev) {
				r = -EXDEV;
				break;
			}
			sub = openat(dirfd, e->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0 || fstat(sub, &sst) < 0) {
				r = NEG_ERRNO();
				break;
			}
			/* a bind mount of the same file system is a mount point too */
			if (sst.st_dev != dev || sst.st_ino != st.st_ino) {
				r = -EXDEV;
				break;
			}
			r = remove_below(sub, dev);
			if (r < 0)
				break;
			if (unlinkat(dirfd, e->d_name, AT_REMOVEDIR) < 0) {
				r = errno == EBUSY ? -EXDEV : NEG_ERRNO();
				break;
			}
		} else if (unlinkat(dirfd, e->d_name, 0) < 0) {
			r = errno == EBUSY ? -EXDEV : NEG_ERRNO();
			break;
		}
	}
	closedir(d);
	return r;
}

/* Whether anything is mounted at or below the directory open at @fd. */
static bool has_mounts_below(int fd)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	char self[64], path[PATH_MAX];
	struct mountinfo_entry e;
	ssize_t n;
	size_t plen;

	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	n = readlink(self, path, sizeof(path) - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	plen = (size_t)n;
	if (mountinfo_open(NULL, &mi) < 0)
		return false;
	while (mountinfo_next(mi, &e) > 0)
		if (strncmp(e.mount_point, path, plen) == 0 &&
		    (e.mount_point[plen] == '/' || e.mount_point[plen] == '\0'))
			return true;
	return false;
}

int fs_remove_tree(int dirfd, const char *name)
{
	_cleanup_close_ int fd = -EBADF;
	struct stat st;
	int r;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : NEG_ERRNO();
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 ? NEG_ERRNO() : 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	/* Refused before anything is removed: a bind mount of the host's
	 * data below a container's root must never be emptied. */
	if (has_mounts_below(fd))
		return -EXDEV;
	r = remove_below(fd, st.st_dev);
	if (r < 0)
		return r;
	return unlinkat(dirfd, name, AT_REMOVEDIR) < 0 ? NEG_ERRNO() : 0;
}

/* fd_close_range without close_range: the fds /proc/self/fd lists (closing
 * while reading is safe there).  -ENOENT without /proc. */
static int close_listed(unsigned first, unsigned last, unsigned flags)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int self;

	if (!d)
		return NEG_ERRNO();
	self = dirfd(d);
	while ((de = readdir(d))) {
		char *end;
		unsigned long fd = strtoul(de->d_name, &end, 10);
		if (de->d_name[0] == '.' || *end || fd < first || fd > last || (int)fd == self)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
		else
			(void)close((int)fd);
	}
	closedir(d);
	return 0;
}

int fd_close_range(unsigned first, unsigned last, unsigned flags)
{
	struct rlimit rl;
	unsigned top;

	if (first > last)
		return 0;
	if (close_range(first, last, flags) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return NEG_ERRNO();
	/* an older kernel: the open ones /proc lists (systemd's and crun's
	 * way), else one fd at a time, as far as any can be open */
	if (close_listed(first, last, flags) == 0)
		return 0;
	top = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY &&
			      rl.rlim_max < (1u << 20)
		      ? (unsigned)rl.rlim_max
		      : 1u << 20;
	for (unsigned fd = first; fd <= last && fd < top; fd++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
		else
			(void)close((int)fd);
	}
	return 0;
}
