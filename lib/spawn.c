// SPDX-License-Identifier: LGPL-2.1-or-later
/* Running a helper program and waiting for it; see ctr/spawn.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/spawn.h"

void spawn_child_stdio(int out_fd)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null >= 0)
		dup2(null, STDIN_FILENO);
	if (out_fd >= 0) {
		dup2(out_fd, STDOUT_FILENO);
		dup2(out_fd, STDERR_FILENO);
	} else {
		dup2(STDERR_FILENO, STDOUT_FILENO);
	}
}

int spawn_wait(char *const argv[], int out_fd, int *ret_status)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return NEG_ERRNO();
	if (pid == 0) {
		spawn_child_stdio(out_fd);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	*ret_status = status;
	return 0;
}
