/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* File system helpers the runtime's parts share (lib/fsutil.c): one home
 * for making directories, resolving paths inside a container's root without
 * leaving it, removing a tree without following links out of it, and closing
 * the file descriptors a container must not inherit. */
#ifndef CTR_FSUTIL_H
#define CTR_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* mkdir -p: @path and its missing parents, each with @mode.  Returns 0 (also
 * when it exists) or -errno. */
int fs_mkdir_p(const char *path, mode_t mode);

/* mkdir -p of the directory @path is in (not @path itself).  Returns 0 or
 * -errno. */
int fs_mkdir_parents(const char *path, mode_t mode);

/* Opens @rel (relative; "" is the root itself) below the directory @rootfd
 * as if @rootfd were "/": absolute links and ".." stay inside
 * (openat2 RESOLVE_IN_ROOT, no magic links; before 5.6 compat_open_in_root's
 * walk).  @flags get O_CLOEXEC.  Returns an fd (caller closes) or -errno. */
int fs_open_in_root(int rootfd, const char *rel, int flags);

/* mkdir -p of @rel below @rootfd, resolved as fs_open_in_root does.  Returns
 * 0 or -errno. */
int fs_mkdir_in_root(int rootfd, const char *rel, mode_t mode);

/* Replaces the file @rel below @rootfd with @len bytes of @data, mode @mode,
 * through a temporary file and rename in the same directory; a link at @rel
 * is replaced, never followed.  Returns 0 or -errno. */
int fs_write_in_root(int rootfd, const char *rel, const void *data, size_t len, mode_t mode);

/* Reads the file @rel below @rootfd whole (at most @max bytes, else -EFBIG).
 * *ret (NUL-terminated, caller frees) and *ret_len.  Returns 0 or -errno. */
int fs_read_in_root(int rootfd, const char *rel, size_t max, char **ret, size_t *ret_len);

/* Reads @fd to its end (at most @max bytes, else -EFBIG), EINTR retried
 * (lib/fdread.c).
 * *ret (NUL-terminated, caller frees) and *ret_len (when not NULL).
 * Returns 0 or -errno. */
int fd_read_all(int fd, size_t max, char **ret, size_t *ret_len);

/* Writes all @len bytes of @buf to @fd: short writes and EINTR retried,
 * EAGAIN waited out (a non-blocking fd).  Returns 0 or -errno. */
int fd_write_all(int fd, const void *buf, size_t len);

/* Removes @name in the directory @dirfd and everything below it, never
 * following a symbolic link and never entering another file system: a
 * mount point inside fails the whole removal with -EXDEV before anything
 * below it is touched.  Returns 0 (also when @name does not exist) or the
 * first -errno. */
int fs_remove_tree(int dirfd, const char *name);

/* close_range(2) of [@first, @last] with @flags 0 (close) or
 * CLOSE_RANGE_CLOEXEC, also on kernels without it (before 5.9) or without
 * CLOSE_RANGE_CLOEXEC (before 5.11): then fd by fd, up to the hard limit on
 * open files.  Returns 0 or -errno. */
int fd_close_range(unsigned first, unsigned last, unsigned flags);

#endif
