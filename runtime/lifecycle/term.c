/* Terminal helpers for the relays of ctr-console and ctr-attach. */
#include <errno.h>
#include <termios.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/lifecycle.h"

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
