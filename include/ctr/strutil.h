/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parsing and naming what the tools read from users and files
 * (lib/strutil.c): sizes with units, signal names and numbers, hex digits,
 * and string vectors.
 * One implementation each, for the config language, the cgroup writer, the
 * monitor's control protocol and netsetup alike. */
#ifndef CTR_STRUTIL_H
#define CTR_STRUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Parses a size: digits with an optional unit K, M, G, T, P or E (powers of
 * 1024, either case), the unit optionally followed by "B" or "iB"; a plain
 * "B" is bytes: "512M", "1g", "2GiB", "3MB", "4096".  No blanks.  Returns 0
 * with *ret (untouched on failure), -EINVAL or -ERANGE (over 2^64 - 1). */
int size_parse(const char *s, uint64_t *ret);

/* Parses a decimal number of at most @max: digits only (no sign, no
 * blanks).  Returns 0 with *ret (untouched on failure), -EINVAL, or -ERANGE
 * above @max. */
int str_to_ulong(const char *s, unsigned long max, unsigned long *ret);

/* Parses a signal: a name with or without "SIG" in either case ("SIGPWR",
 * "pwr"), "RTMIN", "RTMIN+N", "RTMAX", "RTMAX-N", or a number 1 to SIGRTMAX.
 * Returns the signal number or -EINVAL. */
int signal_parse(const char *s);

/* The name of @sig as signal_parse reads it back: "SIGTERM", "SIGRTMIN+3",
 * else the number, written into @buf of @len bytes.  Returns @buf. */
const char *signal_name(int sig, char *buf, size_t len);

/* The value of the hex digit @c (either case), or -1. */
int hex_digit(char c);

/* The count of strings in the NULL-terminated vector @v (NULL: 0). */
size_t strv_len(char *const *v);

/* Appends a copy of @s to the NULL-terminated vector *@v (NULL: an empty
 * one), which the caller frees (strv_free).  Returns 0, or -ENOMEM with *@v
 * unchanged. */
int strv_add(char ***v, const char *s);

#endif
