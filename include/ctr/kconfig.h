/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Kernel configuration files (checkconfig/kconfig.c): plain text or gzip,
 * read whole into memory and indexed by option name.  xz, zstd, bzip2 and
 * lz4 are recognised by their magic bytes and refused.  Kernel versions are
 * packed into a uint32_t (KVERSION) so they compare as integers. */
#ifndef CTR_KCONFIG_H
#define CTR_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctr/diag.h"

/* Larger inputs (or gzip that inflates beyond it) are refused: real
 * configs are well under 1 MiB. */
#define KCONFIG_MAX_SIZE (64u << 20)

#define KVERSION(a, b, c) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | (uint32_t)(c))
#define KVERSION_MAJOR(v) ((v) >> 24)
#define KVERSION_MINOR(v) (((v) >> 16) & 0xff)
#define KVERSION_PATCH(v) ((v)&0xffff)

enum kconfig_format {
	KCONFIG_PLAIN,
	KCONFIG_GZIP
};

struct kconfig; /* opaque */

/* Parses "X.Y" or "X.Y.Z" with anything after it ("3.10.0-1160.el7",
 * "6.17.5-arch1").  Returns 0 with *ret, or -EINVAL. */
int kversion_parse(const char *s, uint32_t *ret);

/* Compares two packed versions: <0, 0, >0. */
int kversion_cmp(uint32_t a, uint32_t b);

/* Writes "X.Y.Z" into @buf; returns @buf. */
char *kversion_format(uint32_t v, char *buf, size_t len);

/* Recognises compressed data by its first bytes: returns "gzip", "xz",
 * "zstd", "bzip2", "lz4" or NULL for anything else. */
const char *kconfig_compression(const void *data, size_t len);

/* Reads @path (plain or gzip).  Returns 0 with *ret (caller frees with
 * kconfig_free), or -errno with @ret_diag saying why: -ENOENT and other
 * open errors, -EPROTONOSUPPORT for a compression we do not read (the
 * message says how to decompress), -EBADMSG for binary or corrupt gzip
 * data, -ENODATA for an empty file or one without CONFIG_ lines, -EFBIG
 * beyond KCONFIG_MAX_SIZE.  Oddities that do not stop the reading (lines
 * without '=', an option set twice, CRLF line ends) are appended to
 * @warnings (may be NULL). */
int kconfig_load(const char *path, struct kconfig **ret, struct diag_list *warnings,
		 struct diag *ret_diag);

/* Like kconfig_load, on @len bytes at @data (copied); @name is used in
 * messages. */
int kconfig_parse(const void *data, size_t len, const char *name, struct kconfig **ret,
		  struct diag_list *warnings, struct diag *ret_diag);

void kconfig_free(struct kconfig *kc);

/* The value of option @name (without "CONFIG_"): 'y', 'm', 'n' (also for
 * "# CONFIG_X is not set"), 'v' for any other value (a number, a string),
 * or 0 when the file does not mention it.  The last setting wins. */
char kconfig_get(const struct kconfig *kc, const char *name);

/* True when @name is 'y' or 'm'. */
bool kconfig_enabled(const struct kconfig *kc, const char *name);

/* The 1-based line of @name's (last) setting, 0 if absent. */
unsigned kconfig_line(const struct kconfig *kc, const char *name);

/* The version from the header line ("# Linux/x86 3.10.0 Kernel
 * Configuration", or "# Linux kernel version: 2.6.32"), 0 when there is
 * none.  kconfig_release is the release as written there ("3.10.0-1160.el7
 * .x86_64"), borrowed from @kc, NULL when there is none. */
uint32_t kconfig_version(const struct kconfig *kc);
const char *kconfig_release(const struct kconfig *kc);

enum kconfig_format kconfig_format(const struct kconfig *kc);

/* Number of distinct options set or mentioned as not set. */
size_t kconfig_count(const struct kconfig *kc);

#endif
