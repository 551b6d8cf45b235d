/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Module status through libkmod (checkconfig/kmod.c).  libkmod's own log
 * goes to log_debug (CTR_DEBUG=1 shows it). */
#ifndef CTR_KMOD_H
#define CTR_KMOD_H

#include <stdbool.h>

#include "ctr/diag.h"
#include "ctr/rules.h"

struct modcheck; /* opaque */

/* Opens the modules directory @dir (e.g. /lib/modules/6.1.0).  @running:
 * the directory belongs to the running kernel, so "loaded" can be read
 * from /sys/module.  Returns 0 with *ret (caller frees with modcheck_free),
 * -ENOENT with @ret_diag when @dir does not exist, or -errno. */
int modcheck_new(const char *dir, bool running, struct modcheck **ret, struct diag *ret_diag);

/* Looks module @name up: builtin (modules.builtin), loaded (running kernel
 * only), available (in modules.dep) or missing.  Returns 0 with *ret, or
 * -errno. */
int modcheck_status(struct modcheck *m, const char *name, enum module_status *ret);

void modcheck_free(struct modcheck *m);

#endif
