/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Terminals (lib/term.c): raw mode and window sizes for the relays of
 * ctr-start -F (runtime/container/console.c), ctr-console and ctr-attach. */
#ifndef CTR_TERM_H
#define CTR_TERM_H

#include <termios.h>

/* Puts terminal @fd in raw mode (keys typed ahead kept), the old settings
 * in *ret_saved.  Returns 0 or -errno. */
int term_raw(int fd, struct termios *ret_saved);

/* Puts back what term_raw saved. */
void term_restore(int fd, const struct termios *saved);

/* Gives the terminal @to the window size of @from; nothing when either is
 * not a terminal. */
void term_winsize_copy(int from, int to);

#endif
