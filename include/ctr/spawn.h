/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running a helper program and waiting for it (lib/spawn.c): one home for
 * the fork, the redirections and the wait that running apparmor_parser,
 * debootstrap and the like takes. */
#ifndef CTR_SPAWN_H
#define CTR_SPAWN_H

/* Runs @argv (argv[0] looked up in PATH) with stdin /dev/null and stdout
 * and stderr on @out_fd (-EBADF: this process's stderr, for both), and
 * waits for it.  Returns 0 with *ret_status (as waitpid gives it; exit
 * status 127: the program could not be executed), or -errno when it
 * could not be started or waited for. */
int spawn_wait(char *const argv[], int out_fd, int *ret_status);

/* In a forked child before its exec: stdin /dev/null, stdout and stderr on
 * @out_fd (-EBADF: stdout to this process's stderr).  Errors are left to
 * the exec'd program to meet. */
void spawn_child_stdio(int out_fd);

#endif
