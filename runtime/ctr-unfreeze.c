/* ctr-unfreeze: thaws a container frozen by ctr-freeze; one source for both. */
#define CTR_UNFREEZE
#include "ctr-freeze.c"
