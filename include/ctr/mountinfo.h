/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* /proc/self/mountinfo, read whole and handed out one mount at a time
 * (lib/mountinfo.c): the one parser the cgroup layout, the cgroup mounts of
 * a container, the tree removal, ctr-info's cgroup lookup and
 * ctr-checkconfig's host facts share. */
#ifndef CTR_MOUNTINFO_H
#define CTR_MOUNTINFO_H

#include <stdbool.h>

#include "ctr/cleanup.h"

/* One line of mountinfo(5), its paths unescaped (\040 is a blank).  The
 * strings are borrowed from the reader until its next call; the caller may
 * cut them up in place (strtok_r) meanwhile. */
struct mountinfo_entry {
	int id, parent;
	unsigned major, minor;
	char *root; /* the root of the mount in its file system */
	char *mount_point;
	char *options; /* per-mount options: rw,nosuid,... */
	char *fstype;  /* "cgroup2", "ext4", ... */
	char *source;
	char *super_options; /* per-superblock: rw,memory,... */
};

struct mountinfo;

/* Reads @path (NULL: /proc/self/mountinfo) whole, in as few read()s as the
 * kernel allows.  Returns 0 with *ret (mountinfo_close frees it) or -errno
 * (of open or read; -EFBIG past 256 MiB). */
int mountinfo_open(const char *path, struct mountinfo **ret);

/* The next mount into *ret (borrowed until the next call).  Lines that are
 * not mountinfo are passed over.  Returns 1, or 0 at the end (the file was
 * read whole by mountinfo_open: no read error can come here). */
int mountinfo_next(struct mountinfo *mi, struct mountinfo_entry *ret);

void mountinfo_close(struct mountinfo *mi);
DEFINE_CLEANUP_FUNC(struct mountinfo *, mountinfo_close)

/* Whether the comma-separated @options hold the option @opt exactly. */
bool mountinfo_has_option(const char *options, const char *opt);

#endif
