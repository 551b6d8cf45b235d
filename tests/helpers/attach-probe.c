// SPDX-License-Identifier: LGPL-2.1-or-later
/* attach-probe PID: run inside a container (statically linked, it needs
 * nothing of the rootfs) against PID, an attach that is stopped before its
 * exec (CTR_ATTACH_TEST_STOP).  Tries what CVE-2019-5736 did and prints one
 * line per probe, "NAME BLOCKED ERRNO" or "NAME ALLOWED [detail]":
 *   exe-path       an O_PATH of /proc/PID/exe (detail: its dev:ino)
 *   exe-write      /proc/PID/exe opened for writing while it runs
 *   ptrace         PTRACE_SEIZE of PID (detached at once)
 *   fds            /proc/PID/fd listed (detail: the fds above 2)
 *   maps-write     every file mapped in PID opened for writing through
 *                  /proc/PID/map_files (one ALLOWED line per file)
 *   exe-write-after  the O_PATH reopened for writing once PID is gone
 *                  (PID is killed with SIGKILL for it; detail: dev:ino and
 *                  "sealed" when writes to it fail, else "writable")
 * Harmless: a file opened for writing is closed without a byte written. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void blocked(const char *what, int err)
{
	printf("%s BLOCKED %s\n", what, strerrorname_np(err) ? strerrorname_np(err) : "?");
}

static void try_write(const char *what, const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0) {
		blocked(what, errno);
		return;
	}
	printf("%s ALLOWED\n", what);
	close(fd);
}

int main(int argc, char **argv)
{
	char path[64], self[64], list[512] = "";
	struct stat st;
	struct pollfd p;
	DIR *d;
	int pid, epath, pfd;

	if (argc != 2 || (pid = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: attach-probe PID\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	epath = open(path, O_PATH | O_CLOEXEC);
	if (epath < 0)
		blocked("exe-path", errno);
	else if (fstat(epath, &st) == 0)
		printf("exe-path ALLOWED %lu:%lu\n", (unsigned long)st.st_dev,
		       (unsigned long)st.st_ino);
	try_write("exe-write", path);

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		blocked("ptrace", errno);
	else {
		printf("ptrace ALLOWED\n");
		ptrace(PTRACE_DETACH, pid, 0, 0);
	}

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	if (!d)
		blocked("fds", errno);
	else {
		struct dirent *e;
		while ((e = readdir(d)))
			if (atoi(e->d_name) > 2 &&
			    strlen(list) + strlen(e->d_name) + 2 < sizeof(list)) {
				strcat(list, " ");
				strcat(list, e->d_name);
			}
		closedir(d);
		printf("fds ALLOWED%s\n", list);
	}

	/* every file mapped in it (its libraries, when it is not static):
	 * reached through map_files, opened for writing, closed */
	snprintf(path, sizeof(path), "/proc/%d/map_files", pid);
	d = opendir(path);
	if (!d)
		blocked("maps-write", errno);
	else {
		struct dirent *e;
		char link[320], target[512], seen[2048] = "";
		int n_ok = 0, n_blocked = 0, last_err = 0;
		while ((e = readdir(d))) {
			ssize_t k;
			int fd;
			if (e->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", path, e->d_name);
			k = readlink(link, target, sizeof(target) - 1);
			if (k < 0) {
				n_blocked++;
				last_err = errno;
				continue;
			}
			target[k] = '\0';
			if (strstr(seen, target))
				continue;
			if (strlen(seen) + strlen(target) + 2 < sizeof(seen)) {
				strcat(seen, " ");
				strcat(seen, target);
			}
			fd = open(link, O_WRONLY | O_CLOEXEC);
			if (fd < 0) {
				n_blocked++;
				last_err = errno;
				continue;
			}
			close(fd);
			n_ok++;
			printf("maps-write ALLOWED %s\n", target);
		}
		closedir(d);
		if (!n_ok)
			printf("maps-write BLOCKED %s%s\n",
			       n_blocked ? strerrorname_np(last_err) : "none-mapped", seen);
	}

	pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0 || syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0) < 0) {
		printf("kill FAILED %s\n", strerrorname_np(errno));
		return 1;
	}
	p = (struct pollfd){ .fd = pfd, .events = POLLIN };
	if (poll(&p, 1, 10000) != 1) {
		printf("kill FAILED timeout\n");
		return 1;
	}
	if (epath < 0) {
		blocked("exe-write-after", EBADF);
		return 0;
	}
	/* the rest of the attach (outside, not ours to watch) runs the same
	 * file until it has reaped PID: ETXTBSY until then, for a moment */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", epath);
	for (int tries = 0; tries < 500; tries++) {
		int fd = open(self, O_WRONLY | O_CLOEXEC), seals;
		if (fd < 0 && errno == ETXTBSY) {
			usleep(10000);
			continue;
		}
		if (fd < 0) {
			blocked("exe-write-after", errno);
			return 0;
		}
		seals = fcntl(fd, F_GET_SEALS);
		fstat(fd, &st);
		printf("exe-write-after ALLOWED %lu:%lu %s\n", (unsigned long)st.st_dev,
		       (unsigned long)st.st_ino,
		       seals >= 0 && (seals & F_SEAL_WRITE) ? "sealed" : "writable");
		close(fd);
		return 0;
	}
	blocked("exe-write-after", ETXTBSY);
	return 0;
}
