/* Run inside a container (static, no libraries): tries the calls the
 * seccomp policies answer and prints one line each, "CALL ok" or "CALL
 * ERRNO-NAME".  Harmless: a handle of the container's own "/", keyctl
 * reading the session keyring's id. */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *call, long r)
{
	printf("%s %s\n", call, r >= 0 ? "ok" : strerrorname_np(errno));
}

int main(void)
{
	struct {
		struct file_handle h;
		unsigned char buf[MAX_HANDLE_SZ];
	} fh = { .h.handle_bytes = MAX_HANDLE_SZ };
	int mount_id, root, fd;

	/* name_to_handle_at is allowed; opening the handle is what
	 * "shocker" needs */
	root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 || name_to_handle_at(AT_FDCWD, "/", &fh.h, &mount_id, 0) < 0) {
		report("name_to_handle_at", -1);
		return 1;
	}
	fd = open_by_handle_at(root, &fh.h, O_RDONLY | O_CLOEXEC);
	report("open_by_handle_at", fd);
	report("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
	return 0;
}
