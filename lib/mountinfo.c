// SPDX-License-Identifier: LGPL-2.1-or-later
/* mountinfo(5) lines; see ctr/mountinfo.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/mountinfo.h"

struct mountinfo {
	FILE *f;
	char *line;
	size_t cap;
};

int mountinfo_open(const char *path, struct mountinfo **ret)
{
	struct mountinfo *mi = calloc(1, sizeof(*mi));

	if (!mi)
		return -ENOMEM;
	mi->f = fopen(path ? path : "/proc/self/mountinfo", "re");
	if (!mi->f) {
		int r = NEG_ERRNO();
		free(mi);
		return r;
	}
	*ret = mi;
	return 0;
}

void mountinfo_close(struct mountinfo *mi)
{
	if (!mi)
		return;
	fclose(mi->f);
	free(mi->line);
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

/* id parent major:minor root mount-point options [optional...] - fstype source super */
static bool parse_line(char *line, struct mountinfo_entry *e)
{
	char *tok[6], *save = NULL, *t, *fs, *src, *super;
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < 6 && (t = strtok_r(n ? NULL : line, " ", &save)))
		tok[n++] = t;
	if (n < 6)
		return false;
	/* the optional fields up to the lone "-" */
	while ((t = strtok_r(NULL, " ", &save)) && strcmp(t, "-") != 0)
		;
	if (!t || !(fs = strtok_r(NULL, " ", &save)) || !(src = strtok_r(NULL, " ", &save)))
		return false;
	super = strtok_r(NULL, " ", &save);
	if (sscanf(tok[0], "%d", &e->id) != 1 || sscanf(tok[1], "%d", &e->parent) != 1 ||
	    sscanf(tok[2], "%u:%u", &e->major, &e->minor) != 2)
		return false;
	for (int i = 3; i < 5; i++)
		unescape(tok[i]);
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
	errno = 0;
	while (getline(&mi->line, &mi->cap, mi->f) > 0)
		if (parse_line(mi->line, ret))
			return 1;
	return ferror(mi->f) ? (errno ? NEG_ERRNO() : -EIO) : 0;
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
