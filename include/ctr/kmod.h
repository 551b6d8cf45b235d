/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Module status from depmod's indexes, looked up as libkmod does
 * (checkconfig/kmod.c).  Each lookup goes to log_debug (CTR_DEBUG=1). */
#ifndef CTR_KMOD_H
#define CTR_KMOD_H

#include <stdbool.h>

#include "ctr/cleanup.h"
#include "ctr/diag.h"
#include "ctr/rules.h"

struct modcheck; /* opaque */

/* Opens the modules directory @dir (e.g. /lib/modules/6.1.0) and maps its
 * indexes.  @running: the directory belongs to the running kernel, so
 * "loaded" can be read from /sys/module.  Returns 0 with *ret (caller
 * frees with modcheck_free); with @ret_diag, -ENOENT when @dir or its
 * modules.dep.bin does not exist, -ENOTDIR, -EBADMSG for an index file
 * that is not one, or -errno. */
int modcheck_new(const char *dir, bool running, struct modcheck **ret, struct diag *ret_diag);

/* Looks module @name (a name or an alias, as modprobe takes it) up:
 * builtin, loaded (running kernel only), available (a file in
 * modules.dep) or missing.  Returns 0 with *ret, -EINVAL for an empty
 * name, -ENAMETOOLONG. */
int modcheck_status(struct modcheck *m, const char *name, enum module_status *ret);

void modcheck_free(struct modcheck *m);
DEFINE_CLEANUP_FUNC(struct modcheck *, modcheck_free)

#endif
