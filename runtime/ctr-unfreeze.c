// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-unfreeze: thaws a container frozen by ctr-freeze; one source for both. */
#define CTR_UNFREEZE
#include "ctr-freeze.c"
