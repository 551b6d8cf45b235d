// SPDX-License-Identifier: LGPL-2.1-or-later
/* mountinfo(5) lines; see ctr/mountinfo.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/fsutil.h"
#include "ctr/mountinfo.h"
#include "ctr/strutil.h"

/* Thousands of mounts are a few hundred kilobytes; this only bounds a file
 * that is not mountinfo at all. */
#define MOUNTINFO_MAX (256u << 20)

struct mountinfo {
	char *buf; /* the whole file, NUL-terminated */
	char *pos; /* the next line */
	char *end;
};

/* The whole file into one buffer, parsed in place: stdio read /proc in
 * st_blksize pieces (1024 bytes, three read()s for a host of 22 mounts),
 * each starting the kernel's walk of the mount list again. */
int mountinfo_open(const char *path, struct mountinfo **ret)
{
	_cleanup_close_ int fd = -EBADF;
	struct mountinfo *mi;
	size_t len = 0;
	int r;

	fd = open(path ? path : "/proc/self/mountinfo", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NEG_ERRNO();
	mi = calloc(1, sizeof(*mi));
	if (!mi)
		return -ENOMEM;
	r = fd_read_all(fd, MOUNTINFO_MAX, &mi->buf, &len);
	if (r < 0) {
		free(mi);
		return r;
	}
	mi->pos = mi->buf;
	mi->end = mi->buf + len;
	*ret = mi;
	return 0;
}

void mountinfo_close(struct mountinfo *mi)
{
	if (!mi)
		return;
	free(mi->buf);
	free(mi);
}

/* The kernel escapes blank, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 4;
		} else
			*w++ = *r++;
	}
	*w = '\0';
}

/* The field at *@p up to the next blank, NUL-terminated in place; *@p moves
 * past the blank (to NULL at the line's end).  NULL when there is none. */
static char *field(char **p)
{
	char *s = *p, *blank;

	if (!s)
		return NULL;
	blank = strchr(s, ' ');
	if (blank) {
		*blank = '\0';
		*p = blank + 1;
	} else
		*p = NULL;
	return s;
}

static bool parse_int(const char *s, int *ret)
{
	unsigned long v;

	if (str_to_ulong(s, INT_MAX, &v) < 0)
		return false;
	*ret = (int)v;
	return true;
}

/* id parent major:minor root mount-point options [optional...] - fstype source super
 * Fields are one blank apart; the source may be empty (a device named ""). */
static bool parse_line(char *line, struct mountinfo_entry *e)
{
	char *p = line, *tok[6], *t, *fs, *src, *super, *colon;
	unsigned long major, minor;

	for (int i = 0; i < 6; i++)
		if (!(tok[i] = field(&p)) || !*tok[i])
			return false;
	/* the optional fields up to the lone "-" */
	while ((t = field(&p)) && strcmp(t, "-") != 0)
		;
	if (!t || !(fs = field(&p)) || !*fs || !(src = field(&p)))
		return false;
	super = field(&p);
	colon = strchr(tok[2], ':');
	if (!colon)
		return false;
	*colon = '\0';
	if (!parse_int(tok[0], &e->id) || !parse_int(tok[1], &e->parent) ||
	    str_to_ulong(tok[2], UINT_MAX, &major) < 0 ||
	    str_to_ulong(colon + 1, UINT_MAX, &minor) < 0)
		return false;
	e->major = (unsigned)major;
	e->minor = (unsigned)minor;
	unescape(tok[3]);
	unescape(tok[4]);
	unescape(src);
	e->root = tok[3];
	e->mount_point = tok[4];
	e->options = tok[5];
	e->fstype = fs;
	e->source = src;
	e->super_options = super ? super : fs + strlen(fs); /* "" */
	return true;
}

int mountinfo_next(struct mountinfo *mi, struct mountinfo_entry *ret)
{
	while (mi->pos < mi->end) {
		char *line = mi->pos, *nl = memchr(line, '\n', (size_t)(mi->end - line));
		if (nl) {
			*nl = '\0';
			mi->pos = nl + 1;
		} else
			mi->pos = mi->end;
		if (parse_line(line, ret))
			return 1;
	}
	return 0;
}

bool mountinfo_has_option(const char *options, const char *opt)
{
	size_t len = strlen(opt);

	if (!len)
		return false;
	for (const char *p = options; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && strncmp(p, opt, len) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}
