// SPDX-License-Identifier: LGPL-2.1-or-later
/* Test helper for tests/integration/start-confine.sh, linked statically so
 * that it runs inside a busybox container (copied into its rootfs) as well
 * as on the host.  Prints one line per call, "WHAT=RESULT", RESULT being
 * "ok ..." or the errno's name; exits 0 unless the usage is wrong.
 *
 *   confine-probe key DESC          a "user" key DESC in the session keyring:
 *                                   key=ok PAYLOAD, or key=ENOKEY, ...
 *   confine-probe setxattr PATH NAME VALUE    setxattr=ok or setxattr=EPERM, ...
 *   confine-probe getxattr PATH NAME          getxattr=ok VALUE or getxattr=ENODATA
 *   confine-probe removexattr PATH NAME       removexattr=ok or ...
 *   confine-probe chmod PATH MODE             chmod=ok or chmod=EROFS, ...
 *   confine-probe open PATH [w]               open=ok or open=EPERM, ... (read,
 *                                             or read-write with w) */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case EROFS:
		return "EROFS";
	case ENOKEY:
		return "ENOKEY";
	case EKEYREVOKED:
		return "EKEYREVOKED";
	case ENODATA:
		return "ENODATA";
	case ENODEV:
		return "ENODEV";
	case ENXIO:
		return "ENXIO";
	case ENOTSUP:
		return "ENOTSUP";
	case ENOSYS:
		return "ENOSYS";
	case EINVAL:
		return "EINVAL";
	default:
		return strerror(e);
	}
}

static int usage(void)
{
	fputs("usage: confine-probe key DESC | setxattr PATH NAME VALUE | getxattr PATH NAME |"
	      " removexattr PATH NAME | chmod PATH MODE | open PATH [w]\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "key") == 0) {
		char buf[256];
		long id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "user",
				  argv[2], 0);
		long n;
		if (id < 0) {
			printf("key=%s\n", errname(errno));
			return 0;
		}
		n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof(buf) - 1);
		if (n < 0) {
			printf("key=%s\n", errname(errno));
			return 0;
		}
		buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
		printf("key=ok %s\n", buf);
	} else if (strcmp(argv[1], "setxattr") == 0 && argc == 5) {
		if (setxattr(argv[2], argv[3], argv[4], strlen(argv[4]), 0) < 0)
			printf("setxattr=%s\n", errname(errno));
		else
			printf("setxattr=ok\n");
	} else if (strcmp(argv[1], "getxattr") == 0 && argc == 4) {
		char buf[256];
		ssize_t n = getxattr(argv[2], argv[3], buf, sizeof(buf) - 1);
		if (n < 0)
			printf("getxattr=%s\n", errname(errno));
		else
			printf("getxattr=ok %.*s\n", (int)n, buf);
	} else if (strcmp(argv[1], "removexattr") == 0 && argc == 4) {
		if (removexattr(argv[2], argv[3]) < 0)
			printf("removexattr=%s\n", errname(errno));
		else
			printf("removexattr=ok\n");
	} else if (strcmp(argv[1], "chmod") == 0 && argc == 4) {
		if (chmod(argv[2], (mode_t)strtoul(argv[3], NULL, 8)) < 0)
			printf("chmod=%s\n", errname(errno));
		else
			printf("chmod=ok\n");
	} else if (strcmp(argv[1], "open") == 0 && (argc == 3 || argc == 4)) {
		int fd = open(argv[2], (argc == 4 ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			printf("open=%s\n", errname(errno));
		else {
			printf("open=ok\n");
			close(fd);
		}
	} else
		return usage();
	return 0;
}
