// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccomp-dump PID: writes the BPF program of PID's (only or newest)
 * seccomp filter to stdout, as seccomp_export_bpf writes it, through
 * PTRACE_SECCOMP_GET_FILTER (root).  Exit status 0, 1 when PID has no
 * filter, 2 on errors.  For comparing the filter ctr loads with LXC's. */
#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

int main(int argc, char **argv)
{
	static struct sock_filter prog[4096];
	pid_t pid;
	long n;
	int status, rc = 0;

	if (argc != 2 || (pid = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: seccomp-dump PID\n");
		return 2;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) < 0) {
		fprintf(stderr, "seccomp-dump: cannot stop %d (%s)\n", (int)pid, strerror(errno));
		return 2;
	}
	n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, prog);
	if (n < 0) {
		rc = errno == ENOENT ? 1 : 2;
		if (rc == 2)
			fprintf(stderr, "seccomp-dump: cannot read the filter of %d (%s)\n",
				(int)pid, strerror(errno));
	} else if (fwrite(prog, sizeof(prog[0]), (size_t)n, stdout) != (size_t)n)
		rc = 2;
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return rc;
}
