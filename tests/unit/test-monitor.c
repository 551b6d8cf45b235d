// SPDX-License-Identifier: LGPL-2.1-or-later
/* The monitor's pieces that need no container: signal names, the halt
 * signal for systemd, paths, the state file, the reply protocol, and
 * monitor_spawn's failure and stop paths with a starter that forks a plain
 * process instead of a container. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fdpass.h"
#include "ctr/monitor.h"
#include "ctr/rundir.h"

static char rundir[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	snprintf(rundir, sizeof(rundir), "/tmp/ctrt-test-monitor-%d-XXXXXX", (int)getpid());
	if (!mkdtemp(rundir))
		return -1;
	setenv("CTR_RUNDIR", rundir, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rundir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(monitor_state_to_string(MONITOR_STOPPED), "STOPPED");
	assert_string_equal(monitor_state_to_string(MONITOR_STARTING), "STARTING");
	assert_string_equal(monitor_state_to_string(MONITOR_RUNNING), "RUNNING");
	assert_string_equal(monitor_state_to_string(MONITOR_STOPPING), "STOPPING");
}

static void test_rundir_env(void **state)
{
	(void)state;
	assert_string_equal(rundir_path(), rundir);
}

/* A process whose executable is named systemd gets SIGRTMIN+3. */
static void test_halt_signal_systemd(void **state)
{
	char dir[PATH_MAX + 8], exe[PATH_MAX + 32], cmd[2 * PATH_MAX + 64];
	pid_t a, b;
	(void)state;

	snprintf(dir, sizeof(dir), "%s/bin", rundir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(exe, sizeof(exe), "%s/systemd", dir);
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep '%s'", exe);
	assert_int_equal(system(cmd), 0);
	a = fork();
	if (a == 0) {
		execl(exe, "systemd", "10", (char *)NULL);
		_exit(127);
	}
	b = fork();
	if (b == 0) {
		execl("/bin/sleep", "sleep", "10", (char *)NULL);
		_exit(127);
	}
	usleep(200000);
	assert_int_equal(monitor_default_halt_signal(a), SIGRTMIN + 3);
	assert_int_equal(monitor_default_halt_signal(b), SIGPWR);
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
}

/* A state file without a live monitor (the lock free) reads as STOPPED;
 * with the lock held it is read. */
static void test_info_read(void **state)
{
	char path[PATH_MAX + 64];
	struct monitor_info info;
	FILE *f;
	int lock;
	(void)state;

	assert_int_equal(monitor_info_read("ctrtnone", &info), 0);
	assert_int_equal(info.state, MONITOR_STOPPED);

	snprintf(path, sizeof(path), "%s/ctrtx", rundir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/ctrtx/state", rundir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "name=ctrtx\nstate=RUNNING\npid=4242\nmonitor=4241\nstarted=1700000000\n"
		   "restarts=2\nconfig=/etc/lxc/ctrtx.conf\n");
	fclose(f);
	snprintf(path, sizeof(path), "%s/ctrtx/monitor.lock", rundir);
	lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	assert_true(lock >= 0);

	assert_int_equal(monitor_info_read("ctrtx", &info), 0);
	assert_int_equal(info.state, MONITOR_STOPPED); /* nobody holds the lock */
	assert_int_equal(info.init_pid, 0);

	assert_int_equal(flock(lock, LOCK_EX), 0);
	if (fork() == 0) { /* the lock is per open file: read from another */
		struct monitor_info i2;
		int ok = monitor_info_read("ctrtx", &i2) == 0 && i2.state == MONITOR_RUNNING &&
			 i2.init_pid == 4242 && i2.monitor_pid == 4241 && i2.restarts == 2 &&
			 i2.started == 1700000000 && !strcmp(i2.config, "/etc/lxc/ctrtx.conf");
		_exit(ok ? 0 : 1);
	}
	int st;
	wait(&st);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);

	/* a pid past int (atoi made it -1 or worse) is a corrupt file */
	snprintf(path, sizeof(path), "%s/ctrtx/state", rundir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "name=ctrtx\nstate=RUNNING\npid=4294967297\nmonitor=4241\n");
	fclose(f);
	if (fork() == 0) {
		struct monitor_info i3;
		_exit(monitor_info_read("ctrtx", &i3) == -EBADMSG ? 0 : 1);
	}
	wait(&st);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	close(lock);
}

static void test_bad_names(void **state)
{
	struct monitor_info info;
	(void)state;
	assert_int_equal(monitor_info_read("../etc", &info), -EINVAL);
	assert_int_equal(monitor_connect(".."), -EINVAL);
	assert_int_equal(monitor_connect(""), -EINVAL);
	assert_int_equal(monitor_connect("ctrtnotrunning"), -ENOENT);
	assert_int_equal(monitor_stop("ctrtnotrunning", 1), -ESRCH);
}

/* The reply protocol: "ok TEXT", "err ERRNO TEXT", an fd with SCM_RIGHTS. */
static void test_request_replies(void **state)
{
	int sv[2], fd;
	char reply[64], buf[64];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(send(sv[1], "ok RUNNING 7", 12, 0), 12);
	assert_int_equal(monitor_request(sv[0], "state", reply, sizeof(reply), NULL), 0);
	assert_string_equal(reply, "RUNNING 7");
	assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), 5);

	assert_int_equal(send(sv[1], "err 16 tty 1 is attached elsewhere", 34, 0), 34);
	assert_int_equal(monitor_request(sv[0], "console 1", reply, sizeof(reply), NULL), -EBUSY);
	assert_string_equal(reply, "tty 1 is attached elsewhere");
	recv(sv[1], buf, sizeof(buf), 0);

	assert_int_equal(send(sv[1], "what", 4, 0), 4);
	assert_int_equal(monitor_request(sv[0], "state", reply, sizeof(reply), NULL), -EPROTO);
	recv(sv[1], buf, sizeof(buf), 0);

	{ /* an fd rides along */
		int passed = open("/dev/null", O_RDONLY | O_CLOEXEC);
		int two[2] = { passed, passed };
		assert_int_equal(fd_send(sv[1], passed, "ok 9", 4), 0);
		assert_int_equal(monitor_request(sv[0], "pidfd", reply, sizeof(reply), &fd), 0);
		assert_string_equal(reply, "9");
		assert_true(fd >= 0);
		assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		close(fd);
		recv(sv[1], buf, sizeof(buf), 0);
		/* more fds than a reply carries: refused, none kept */
		assert_int_equal(fds_send(sv[1], "ok 9", 4, two, 2), 0);
		fd = 7;
		assert_int_equal(monitor_request(sv[0], "pidfd", reply, sizeof(reply), &fd),
				 -EBADMSG);
		assert_int_equal(fd, -EBADF);
		close(passed);
		recv(sv[1], buf, sizeof(buf), 0);
	}

	/* the monitor goes away after the request: no reply */
	assert_int_equal(shutdown(sv[1], SHUT_WR), 0);
	assert_int_equal(monitor_request(sv[0], "stop 5", reply, sizeof(reply), NULL), -ECONNRESET);
	close(sv[1]); /* gone before it: the send or the reply fails */
	int r = monitor_request(sv[0], "state", reply, sizeof(reply), NULL);
	assert_true(r == -EPIPE || r == -ECONNRESET);
	close(sv[0]);
}

/* --- monitor_spawn with a plain process as the "container" -------------- */

static int fake_start_fail(const struct container_config *cfg, char *const *argv,
			   struct monitor_container *ret, struct diag_list *warnings,
			   struct diag *ret_diag)
{
	struct diag w;
	(void)cfg;
	(void)argv;
	(void)ret;
	diag_set(&w, "f.conf", 3, "lxc.cgroup.blkio.weight", "no blkio.weight here");
	diag_list_add(warnings, &w);
	diag_set(ret_diag, "f.conf", 7, "lxc.rootfs.path", "cannot use the rootfs");
	return -ENOENT;
}

static int fake_start(const struct container_config *cfg, char *const *argv,
		      struct monitor_container *ret, struct diag_list *warnings,
		      struct diag *ret_diag)
{
	pid_t pid;
	(void)cfg;
	(void)argv;
	(void)warnings;
	(void)ret_diag;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* an "init" that ignores the halt signal */
		signal(SIGPWR, SIG_IGN);
		execl("/bin/sleep", "sleep", "100", (char *)NULL);
		_exit(127);
	}
	ret->init_pid = pid;
	return 0;
}

static int fake_wait(struct monitor_container *c, int *ret_status)
{
	int st;
	kill(c->init_pid, SIGKILL);
	if (waitpid(c->init_pid, &st, 0) < 0)
		return -errno;
	*ret_status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	return 0;
}

static void test_spawn_failure_leaves_nothing(void **state)
{
	struct monitor_ops ops = { .start = fake_start_fail, .wait = fake_wait };
	struct container_config cfg = { .name = "ctrtfail" };
	struct diag_list w = { 0 };
	struct diag d = { 0 };
	char path[PATH_MAX + 16];
	struct stat st;
	(void)state;

	assert_int_equal(monitor_spawn(&cfg, NULL, &ops, NULL, &w, &d), -ENOENT);
	assert_string_equal(d.msg, "cannot use the rootfs");
	assert_int_equal(d.line, 7);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0].key, "lxc.cgroup.blkio.weight");
	diag_list_free(&w);
	snprintf(path, sizeof(path), "%s/ctrtfail", rundir);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_spawn_stop(void **state)
{
	struct monitor_ops ops = { .start = fake_start, .wait = fake_wait };
	struct container_config cfg = { .name = "ctrtok" };
	struct monitor_info info;
	struct diag d = { 0 };
	char path[PATH_MAX + 16], reply[64];
	pid_t init = 0;
	struct stat st;
	(void)state;

	assert_int_equal(monitor_spawn(&cfg, NULL, &ops, &init, NULL, &d), 0);
	assert_true(init > 0);
	assert_int_equal(monitor_info_read("ctrtok", &info), 0);
	assert_int_equal(info.state, MONITOR_RUNNING);
	assert_int_equal(info.init_pid, init);
	assert_int_equal(monitor_spawn(&cfg, NULL, &ops, NULL, NULL, &d), -EBUSY);
	assert_int_equal(monitor_call("ctrtok", "state", reply, sizeof(reply), NULL), 0);
	assert_true(!strncmp(reply, "RUNNING ", 8));
	assert_int_equal(monitor_call("ctrtok", "console 3", reply, sizeof(reply), NULL), -ENXIO);
	assert_int_equal(monitor_call("ctrtok", "bogus", reply, sizeof(reply), NULL), -EINVAL);
	assert_int_equal(monitor_call("ctrtok", "kill SIGNOPE", reply, sizeof(reply), NULL),
			 -EINVAL);
	/* the init ignores SIGPWR: killed after the 1 s timeout */
	assert_int_equal(monitor_stop("ctrtok", 1), 0);
	assert_int_equal(kill(init, 0), -1);
	assert_int_equal(monitor_info_read("ctrtok", &info), 0);
	assert_int_equal(info.state, MONITOR_STOPPED);
	snprintf(path, sizeof(path), "%s/ctrtok", rundir);
	assert_int_equal(stat(path, &st), -1);
}

/* --- monitor_run: the foreground, this process the monitor ----------------- */

static const char *fake_script;

static int fake_start_sh(const struct container_config *cfg, char *const *argv,
			 struct monitor_container *ret, struct diag_list *warnings,
			 struct diag *ret_diag)
{
	struct diag w;
	pid_t pid;
	(void)cfg;
	(void)argv;
	(void)ret_diag;
	diag_set(&w, "f.conf", 5, "lxc.cgroup.cpu.shares", "a warning");
	diag_list_add(warnings, &w);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", fake_script, (char *)NULL);
		_exit(127);
	}
	ret->init_pid = pid;
	return 0;
}

static int fake_start_noexec(const struct container_config *cfg, char *const *argv,
			     struct monitor_container *ret, struct diag_list *warnings,
			     struct diag *ret_diag)
{
	(void)cfg;
	(void)argv;
	(void)warnings;
	ret->exec_errno = ENOENT;
	diag_set(ret_diag, NULL, 0, NULL, "cannot execute '/nonexistent'");
	return -ENOENT;
}

static unsigned warned;
static void count_warning(const struct diag *d)
{
	if (!strcmp(d->msg, "a warning"))
		warned++;
}

static void assert_no_rundir(const char *name)
{
	char path[PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", rundir, name);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_run_foreground(void **state)
{
	struct monitor_ops ops = { .start = fake_start_sh, .wait = fake_wait };
	struct container_config cfg = { .name = "ctrtfg" };
	struct diag d = { 0 };
	int status = -1;
	(void)state;

	/* the init's status, its warnings before it ends, the state file while
	 * it runs, and nothing left after */
	/* RUNNING is written once start returns, which is after the init
	 * began: wait for it (5 s at most) */
	fake_script = "for i in $(seq 100); do grep -q '^state=RUNNING' "
		      "\"$CTR_RUNDIR/ctrtfg/state\" && exit 3; sleep 0.05; done; exit 9";
	warned = 0;
	assert_int_equal(
		monitor_run(&cfg, NULL, &ops, MONITOR_STDIO_INHERIT, &status, count_warning, &d),
		0);
	assert_int_equal(status, 3);
	assert_int_equal(warned, 1);
	assert_no_rundir("ctrtfg");
	/* a poweroff from inside (reboot(2) kills the init with SIGINT): 0 */
	fake_script = "kill -INT $$";
	assert_int_equal(monitor_run(&cfg, NULL, &ops, MONITOR_STDIO_INHERIT, &status, NULL, &d),
			 0);
	assert_int_equal(status, 0);
	/* any other signal: 128+N */
	fake_script = "kill -TERM $$";
	assert_int_equal(monitor_run(&cfg, NULL, &ops, MONITOR_STDIO_INHERIT, &status, NULL, &d),
			 0);
	assert_int_equal(status, 128 + SIGTERM);
	assert_no_rundir("ctrtfg");
}

/* The state cannot be written (state.tmp is a directory): the start fails
 * with the reason, before any container is started. */
static void test_run_state_unwritable(void **state)
{
	struct monitor_ops ops = { .start = fake_start_sh, .wait = fake_wait };
	struct container_config cfg = { .name = "ctrtsw" };
	char path[PATH_MAX + 32];
	struct diag d = { 0 };
	int status = -1;
	(void)state;

	snprintf(path, sizeof(path), "%s/ctrtsw", rundir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/ctrtsw/state.tmp", rundir);
	assert_int_equal(mkdir(path, 0700), 0);
	fake_script = "exit 0";
	assert_int_equal(monitor_run(&cfg, NULL, &ops, MONITOR_STDIO_INHERIT, &status, NULL, &d),
			 -EISDIR);
	assert_int_equal(status, 125);
	assert_non_null(strstr(d.msg, "cannot write the state of 'ctrtsw'"));
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof(path), "%s/ctrtsw/state", rundir);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_run_exec_failure(void **state)
{
	struct monitor_ops ops = { .start = fake_start_noexec, .wait = fake_wait };
	struct container_config cfg = { .name = "ctrtfgx" };
	struct diag d = { 0 };
	int status = -1;
	(void)state;

	assert_int_equal(monitor_run(&cfg, NULL, &ops, MONITOR_STDIO_INHERIT, &status, NULL, &d),
			 -ENOENT);
	assert_int_equal(status, 127);
	assert_string_equal(d.msg, "cannot execute '/nonexistent'");
	assert_no_rundir("ctrtfgx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_rundir_env),
		cmocka_unit_test(test_halt_signal_systemd),
		cmocka_unit_test(test_info_read),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_request_replies),
		cmocka_unit_test(test_spawn_failure_leaves_nothing),
		cmocka_unit_test(test_spawn_stop),
		cmocka_unit_test(test_run_foreground),
		cmocka_unit_test(test_run_exec_failure),
		cmocka_unit_test(test_run_state_unwritable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
