/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Diagnostics that library code hands back to a main instead of printing:
 * where (file, line, key) and why.  A library function that can fail with
 * context takes a `struct diag *ret_diag` (may be NULL) and fills it on
 * failure; warnings that do not stop the work go to a `struct diag_list`. */
#ifndef CTR_DIAG_H
#define CTR_DIAG_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diag {
	char file[512]; /* config or rules file, "" if none */
	unsigned line;	/* 1-based line, 0 if none */
	char key[128];	/* config key or option, "" if none */
	char msg[512];	/* the reason, lower-case, no trailing full stop */
};

struct diag_list {
	struct diag *v;
	size_t n;
};

__attribute__((format(printf, 5, 6))) static inline void
diag_set(struct diag *d, const char *file, unsigned line, const char *key, const char *fmt, ...)
{
	va_list ap;
	if (!d)
		return;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	snprintf(d->key, sizeof(d->key), "%s", key ? key : "");
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

/* Appends a copy of @d; returns 0 or -ENOMEM. */
static inline int diag_list_add(struct diag_list *l, const struct diag *d)
{
	struct diag *nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	nv[l->n++] = *d;
	l->v = nv;
	return 0;
}

static inline void diag_list_free(struct diag_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* "file:line: " prefix for messages; writes "" when there is no file. */
static inline const char *diag_where(const struct diag *d, char *buf, size_t len)
{
	if (d->file[0] && d->line)
		snprintf(buf, len, "%s:%u: ", d->file, d->line);
	else if (d->file[0])
		snprintf(buf, len, "%s: ", d->file);
	else
		buf[0] = '\0';
	return buf;
}

#endif
