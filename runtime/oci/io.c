// SPDX-License-Identifier: LGPL-2.1-or-later
/* What create, exec and update share: the --console-socket, the pid file
 * and reading a file the command line names; see ctr/oci.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fdpass.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"

int oci_console_connect(const char *path)
{
	_cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (s < 0)
		return NEG_ERRNO();
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return NEG_ERRNO();
	return TAKE_FD(s);
}

int oci_console_send_fd(int s, int fd)
{
	static const char name[] = "/dev/ptmx";

	return fd_send(s, fd, name, sizeof(name) - 1);
}

int oci_pid_file_write_at(int dirfd, const char *path, pid_t pid)
{
	const char *name = dirfd >= 0 && strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = -EBADF;
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (asprintf(&tmp, "%s.tmp-%d", name, (int)getpid()) < 0)
		return -ENOMEM;
	fd = openat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return NEG_ERRNO();
	if (write(fd, buf, (size_t)n) != n ||
	    renameat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, dirfd >= 0 ? dirfd : AT_FDCWD, name) < 0) {
		int r = NEG_ERRNO();
		unlinkat(dirfd >= 0 ? dirfd : AT_FDCWD, tmp, 0);
		return r;
	}
	return 0;
}

int oci_read_path(const char *path, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *dir = strdup(path);
	_cleanup_close_ int dfd = -EBADF;
	char *slash = dir ? strrchr(dir, '/') : NULL;

	if (!dir)
		return -ENOMEM;
	if (slash)
		*slash = '\0';
	dfd = open(!slash ? "." : slash == dir ? "/" : dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return NEG_ERRNO();
	return fs_read_in_root(dfd, slash ? path + (slash - dir) + 1 : path, 1 << 20, ret, ret_len);
}
