/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Messages from the ctr-* mains.  Only mains print (library code returns
 * -errno and hands context back through out-parameters).  Format:
 *   ctr-start: funtoo0.conf:12: unknown key 'lxc.utsnam' (did you mean ...)
 * lower-case start, no trailing full stop, to stderr. */
#ifndef CTR_LOG_H
#define CTR_LOG_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char *program_invocation_short_name;

/* CTR_DEBUG=1 in the environment turns on debug output, the only output
 * library code may produce. */
static inline bool log_debug_enabled(void)
{
	const char *d = getenv("CTR_DEBUG");
	return d && *d && strcmp(d, "0") != 0;
}

__attribute__((format(printf, 1, 2))) static inline void log_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

__attribute__((format(printf, 1, 2))) static inline void log_warn(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: warning: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

__attribute__((format(printf, 1, 2))) static inline void log_debug(const char *fmt, ...)
{
	va_list ap;
	if (!log_debug_enabled())
		return;
	fprintf(stderr, "%s: debug: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#endif
