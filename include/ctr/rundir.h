/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The run directory (lib/rundir.c): where the container, monitor and
 * netsetup state lives, and the lock files in it. */
#ifndef CTR_RUNDIR_H
#define CTR_RUNDIR_H

#include <stdbool.h>

/* $CTR_RUNDIR when set and not empty, else RUNSTATEDIR/ctr; trailing
 * slashes cut.  Borrowed: valid until the next call. */
const char *rundir_path(void);

/* Takes an exclusive flock on the file @path (made 0600 if missing) in the
 * directory @dir, and checks that the file locked is still the one at
 * @path: a holder that ends unlinks it, and a lock on the unlinked file
 * would be no lock.  @dir, when removed meanwhile, is made again (0700).
 * While another holds the lock, retries @busy_tries times 20 ms apart
 * (0: none).  *ret_made (may be NULL): the file was made by this call (no
 * holder had it before).  Returns the locked fd (caller closes), -EBUSY
 * while held, -EAGAIN when the file kept changing, or -errno. */
int rundir_lock(const char *dir, const char *path, unsigned busy_tries, bool *ret_made);

#endif
