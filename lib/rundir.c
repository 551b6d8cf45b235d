// SPDX-License-Identifier: LGPL-2.1-or-later
/* The run directory and its locks; see ctr/rundir.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/rundir.h"

const char *rundir_path(void)
{
	static char dir[PATH_MAX];
	const char *e = getenv("CTR_RUNDIR");

	if (e && *e)
		snprintf(dir, sizeof(dir), "%s", e);
	else
		snprintf(dir, sizeof(dir), "%s/ctr", CTR_RUNSTATEDIR);
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	return dir;
}

int rundir_lock(const char *dir, const char *path, unsigned busy_tries, bool *ret_made)
{
	unsigned busy = 0;

	for (int tries = 0; tries < 100; tries++) {
		_cleanup_close_ int fd = -EBADF;
		struct stat a, b;
		int r;

		bool made = true;

		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno == EEXIST) {
			made = false;
			fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		}
		if (fd < 0) {
			if (errno != ENOENT)
				return NEG_ERRNO();
			/* the directory went with an ending holder */
			if ((r = fs_mkdir_p(dir, 0700)) < 0)
				return r;
			continue;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK)
				return NEG_ERRNO();
			if (busy++ >= busy_tries)
				return -EBUSY;
			usleep(20000);
			continue;
		}
		if (fstat(fd, &a) < 0)
			return NEG_ERRNO();
		if (stat(path, &b) < 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev)
			continue;
		if (ret_made)
			*ret_made = made;
		return TAKE_FD(fd);
	}
	return -EAGAIN;
}
