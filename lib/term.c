// SPDX-License-Identifier: LGPL-2.1-or-later
/* Terminal helpers for the relays; see ctr/term.h. */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/term.h"

int term_raw(int fd, struct termios *ret_saved)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return NEG_ERRNO();
	*ret_saved = t;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	/* TCSADRAIN, not TCSAFLUSH: keys typed ahead are the user's */
	if (tcsetattr(fd, TCSADRAIN, &t) < 0)
		return NEG_ERRNO();
	return 0;
}

void term_restore(int fd, const struct termios *saved)
{
	tcsetattr(fd, TCSADRAIN, saved);
}

void term_winsize_copy(int from, int to)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(to, TIOCSWINSZ, &ws);
}
