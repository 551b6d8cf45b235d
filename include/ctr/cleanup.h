/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Cleanup by attribute, the one home for it.  Owning locals start as NULL or
 * -EBADF; hand ownership on with TAKE_PTR / TAKE_FD.  Library objects get a
 * cleanup through DEFINE_CLEANUP_FUNC next to their own header, e.g.
 *   DEFINE_CLEANUP_FUNC(struct nl_sock *, nl_socket_free)
 *   _cleanup_(nl_socket_freep) struct nl_sock *sk = NULL;
 */
#ifndef CTR_CLEANUP_H
#define CTR_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

#define DEFINE_CLEANUP_FUNC(type, func)     \
	static inline void func##p(type *p) \
	{                                   \
		if (*p)                     \
			func(*p);           \
	}

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

/* Frees a NULL-terminated array of strings and the array. */
static inline void strv_free(char **v)
{
	if (!v)
		return;
	for (char **s = v; *s; s++)
		free(*s);
	free(v);
}
DEFINE_CLEANUP_FUNC(char **, strv_free)

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)
#define _cleanup_strv_free_ _cleanup_(strv_freep)

#define TAKE_PTR(p)                     \
	({                              \
		__typeof__(p) _p = (p); \
		(p) = NULL;             \
		_p;                     \
	})

#define TAKE_FD(fd)             \
	({                      \
		int _fd = (fd); \
		(fd) = -EBADF;  \
		_fd;            \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* libc's -1/errno to -errno, at the edge. */
#define NEG_ERRNO() (errno > 0 ? -errno : -EIO)

#endif
