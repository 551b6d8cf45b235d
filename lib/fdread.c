// SPDX-License-Identifier: LGPL-2.1-or-later
/* fd_read_all (declared in ctr/fsutil.h) in a file of its own, below both
 * fsutil.c and mountinfo.c: the mountinfo reader reads with it and
 * fs_remove_tree reads mountinfo, so in fsutil.c it made a call circle. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"

int fd_read_all(int fd, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	/* A regular file's size (even /proc/config.gz has one) sizes the
	 * buffer: one read and the one that finds the end, not one a doubling. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= max) {
		cap = (size_t)st.st_size + 1;
		buf = malloc(cap + 1);
		if (!buf)
			return -ENOMEM;
	}
	for (;;) {
		ssize_t n;
		if (len == cap) {
			char *nb;
			if (cap > max)
				return -EFBIG;
			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap + 1);
			if (!nb)
				return -ENOMEM;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NEG_ERRNO();
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max)
		return -EFBIG;
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[len] = '\0';
	*ret = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = len;
	return 0;
}
