// SPDX-License-Identifier: LGPL-2.1-or-later
/* The start path's building blocks (mount options, capability masks) and
 * container_start's protocol and rollbacks, with cgroups and the child's
 * mount setup replaced by wraps (tests/unit/test-container.mk): a failure at
 * each step leaves no process, lock or cgroup; the child's diag reaches the
 * parent; exec failures come back as 127/126. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/container.h"
#include "ctr/fsutil.h"

/* --- wraps ----------------------------------------------------------------- */

struct cgroup_handle {
	int n_attached;
};
static int fail_create, fail_attach, fail_mount;
static int n_created, n_destroyed;

int __wrap_cgroup_create(const char *root, const struct container_config *cfg,
			 struct cgroup_handle **ret, struct diag_list *warnings, struct diag *d);
int __wrap_cgroup_create(const char *root, const struct container_config *cfg,
			 struct cgroup_handle **ret, struct diag_list *warnings, struct diag *d)
{
	(void)root;
	(void)cfg;
	(void)warnings;
	if (fail_create) {
		diag_set(d, "x.conf", 7, "lxc.cgroup.memory.limit_in_bytes",
			 "no memory controller");
		return fail_create;
	}
	*ret = calloc(1, sizeof(**ret));
	n_created++;
	return 0;
}

/* The init joins its cgroups itself, through what this opens: nothing
 * here, so its join is a no-op. */
int __wrap_cgroup_join_open(struct cgroup_handle *h, struct cgroup_join *ret);
int __wrap_cgroup_join_open(struct cgroup_handle *h, struct cgroup_join *ret)
{
	h->n_attached++;
	if (fail_attach)
		return fail_attach;
	*ret = (struct cgroup_join){ .v2_dirfd = -EBADF, .v2_procs = -EBADF };
	return 0;
}

int __wrap_cgroup_destroy(struct cgroup_handle *h);
int __wrap_cgroup_destroy(struct cgroup_handle *h)
{
	free(h);
	n_destroyed++;
	return 0;
}

/* Runs in the child: no rootfs, the command runs in the host's tree. */
int __wrap_mount_setup(const struct container_config *cfg, const struct mount_ctx *ctx,
		       struct diag *d);
int __wrap_mount_setup(const struct container_config *cfg, const struct mount_ctx *ctx,
		       struct diag *d)
{
	(void)cfg;
	(void)ctx;
	if (fail_mount) {
		diag_set(d, "x.conf", 42, "lxc.mount.entry", "cannot mount 'tmpfs' on '/tmp' (%s)",
			 strerror(-fail_mount));
		return fail_mount;
	}
	return 0;
}

/* --- helpers --------------------------------------------------------------- */

static char rundir[] = "/tmp/ctrt-unit-container-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0)
		return 0;
	if (!mkdtemp(rundir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* the run dir holds what the starts left on purpose (the compiled
	 * seccomp programs' cache) */
	if (geteuid() == 0)
		(void)fs_remove_tree(AT_FDCWD, rundir);
	return 0;
}

static void reset(void)
{
	fail_create = fail_attach = fail_mount = 0;
	n_created = n_destroyed = 0;
}

static struct container_config base_cfg(void)
{
	struct container_config c = {
		.name = (char *)"ctrtunit",
		.rootfs = (char *)"/",
		.personality = 0xffffffffUL,
		.console_path = (char *)"none",
	};
	return c;
}

static bool run_path_gone(void)
{
	char p[256];
	struct stat st;
	snprintf(p, sizeof(p), "%s/ctrtunit", rundir);
	return stat(p, &st) < 0 && errno == ENOENT;
}

static bool no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

#define REQUIRE_ROOT()                                                   \
	do {                                                             \
		if (geteuid() != 0)                                      \
			skip_because("needs root (starts a container)"); \
	} while (0)

static int start(struct container_config *cfg, char **argv, struct container **c, struct diag *d)
{
	struct container_opts o = { .argv = argv,
				    .rundir = rundir,
				    .stdio = CONTAINER_STDIO_INHERIT };
	return container_start(cfg, &o, c, NULL, d);
}

/* --- mount options --------------------------------------------------------- */

static void test_mount_options_seed(void **state)
{
	struct mount_opts o;
	(void)state;

	assert_int_equal(mount_parse_options("defaults,size=128m,nodev,nosuid", &o), 0);
	assert_int_equal(o.flags, MS_NODEV | MS_NOSUID);
	assert_string_equal(o.data, "size=128m");
	free(o.data);
	assert_int_equal(mount_parse_options("defaults,size=1g,mode=0755,nosuid", &o), 0);
	assert_int_equal(o.flags, MS_NOSUID);
	assert_string_equal(o.data, "size=1g,mode=0755");
	free(o.data);
	assert_int_equal(mount_parse_options("nodev,noexec,nosuid", &o), 0);
	assert_int_equal(o.flags, MS_NODEV | MS_NOEXEC | MS_NOSUID);
	assert_null(o.data);
}

static void test_mount_options_bind_create(void **state)
{
	struct mount_opts o;
	(void)state;

	assert_int_equal(mount_parse_options("defaults,bind,ro,create=dir,optional", &o), 0);
	assert_int_equal(o.flags, MS_BIND | MS_RDONLY);
	assert_true(o.create_dir && o.optional && !o.create_file);
	assert_null(o.data);
	assert_int_equal(mount_parse_options("rbind,rslave,create=file", &o), 0);
	assert_int_equal(o.flags, MS_BIND | MS_REC);
	assert_int_equal(o.propagation, MS_SLAVE | MS_REC);
	assert_true(o.create_file);
}

static void test_mount_options_later_wins(void **state)
{
	struct mount_opts o;
	(void)state;

	assert_int_equal(mount_parse_options("ro,rw,nosuid,suid,,", &o), 0);
	assert_int_equal(o.flags, 0);
	assert_null(o.data);
	assert_int_equal(mount_parse_options("create=socket", &o), -EINVAL);
	assert_int_equal(mount_parse_options(NULL, &o), 0);
	assert_int_equal(o.flags, 0);
}

/* --- capabilities ---------------------------------------------------------- */

static void test_caps_default(void **state)
{
	struct container_config c = { 0 };
	(void)state;

	assert_int_equal(caps_drop_mask(&c),
			 (1ULL << CAP_SYS_MODULE) | (1ULL << CAP_SYS_RAWIO) |
				 (1ULL << CAP_SYS_TIME) | (1ULL << CAP_MAC_ADMIN) |
				 (1ULL << CAP_MAC_OVERRIDE) | (1ULL << CAP_SYSLOG));
	c.cap_drop = 1ULL << CAP_MKNOD;
	assert_true(caps_drop_mask(&c) & (1ULL << CAP_MKNOD));
	assert_true(caps_drop_mask(&c) & (1ULL << CAP_SYSLOG));
	assert_false(caps_drop_mask(&c) & (1ULL << CAP_CHOWN));
}

static void test_caps_keep(void **state)
{
	struct container_config c = { .cap_keep_set = true,
				      .cap_keep = (1ULL << CAP_SYS_TIME) | (1ULL << CAP_CHOWN),
				      .cap_drop = 1ULL << CAP_CHOWN };
	(void)state;

	/* keep is the whole answer, even for a default drop. */
	assert_false(caps_drop_mask(&c) & (1ULL << CAP_SYS_TIME));
	assert_false(caps_drop_mask(&c) & (1ULL << CAP_CHOWN));
	assert_true(caps_drop_mask(&c) & (1ULL << CAP_SYS_ADMIN));
	assert_true(caps_drop_mask(&c) & (1ULL << CAP_SYSLOG));
}

/* --- container_start ------------------------------------------------------- */

static void test_start_exit_codes(void **state)
{
	struct container_config cfg = base_cfg();
	char *ok[] = { (char *)"/bin/sh", (char *)"-c", (char *)"exit 3", NULL };
	char *missing[] = { (char *)"/nonexistent/ctrt", NULL };
	char *noexec[] = { (char *)"/etc/passwd", NULL };
	struct container *c = NULL;
	struct diag d = { 0 };
	int status = -1;
	(void)state;
	REQUIRE_ROOT();

	reset();
	assert_int_equal(start(&cfg, ok, &c, &d), 0);
	assert_int_equal(c->exec_errno, 0);
	/* The init has a time namespace of its own; the caller's children
	 * are back in the caller's. */
	if (access("/proc/self/ns/time", F_OK) == 0) {
		struct stat own, children, init_ns;
		assert_int_equal(stat("/proc/self/ns/time", &own), 0);
		assert_int_equal(stat("/proc/self/ns/time_for_children", &children), 0);
		assert_true(c->ns_fds[CONTAINER_NS_TIME] >= 0);
		assert_int_equal(fstat(c->ns_fds[CONTAINER_NS_TIME], &init_ns), 0);
		assert_int_equal(own.st_ino, children.st_ino);
		assert_int_not_equal(own.st_ino, init_ns.st_ino);
	}
	assert_int_equal(n_created, 1);
	assert_true(c->pidfd >= 0 && c->ns_fds[CONTAINER_NS_PID] >= 0 &&
		    c->ns_fds[CONTAINER_NS_NET] >= 0 && c->ns_fds[CONTAINER_NS_USER] < 0);
	assert_int_equal(container_wait(c, &status), 0);
	assert_int_equal(status, 3);
	assert_int_equal(container_free(c), 0);
	assert_int_equal(n_destroyed, 1);
	assert_true(run_path_gone());

	assert_int_equal(start(&cfg, missing, &c, &d), 0);
	assert_int_equal(c->exec_errno, ENOENT);
	assert_string_equal(c->exec_path, "/nonexistent/ctrt");
	assert_int_equal(container_wait(c, &status), 0);
	assert_int_equal(status, 127);
	container_free(c);

	assert_int_equal(start(&cfg, noexec, &c, &d), 0);
	assert_int_equal(c->exec_errno, EACCES);
	assert_int_equal(container_wait(c, &status), 0);
	assert_int_equal(status, 126);
	container_free(c);
	assert_true(no_children());
}

static void test_start_killed(void **state)
{
	struct container_config cfg = base_cfg();
	char *sleeper[] = { (char *)"/bin/sleep", (char *)"30", NULL };
	struct container *c = NULL;
	struct diag d = { 0 };
	int status = -1;
	(void)state;
	REQUIRE_ROOT();

	reset();
	assert_int_equal(start(&cfg, sleeper, &c, &d), 0);
	kill(c->pid, SIGKILL);
	assert_int_equal(container_wait(c, &status), 0);
	assert_int_equal(status, 128 + SIGKILL);
	container_free(c);
	/* container_free on a running one kills it. */
	assert_int_equal(start(&cfg, sleeper, &c, &d), 0);
	assert_int_equal(container_free(c), 0);
	assert_true(no_children());
	assert_true(run_path_gone());
}

static void test_start_busy(void **state)
{
	struct container_config cfg = base_cfg();
	char *sleeper[] = { (char *)"/bin/sleep", (char *)"30", NULL };
	struct container *c = NULL, *c2 = NULL;
	struct diag d = { 0 };
	(void)state;
	REQUIRE_ROOT();

	reset();
	assert_int_equal(start(&cfg, sleeper, &c, &d), 0);
	assert_int_equal(start(&cfg, sleeper, &c2, &d), -EBUSY);
	assert_non_null(strstr(d.msg, "running already"));
	assert_int_equal(n_created, 1);
	assert_int_equal(kill(c->pid, 0), 0);
	container_free(c);
	assert_true(no_children());
}

static void test_start_rollbacks(void **state)
{
	struct container_config cfg = base_cfg();
	char *cmd[] = { (char *)"/bin/true", NULL };
	struct container *c = NULL;
	struct diag d = { 0 };
	(void)state;
	REQUIRE_ROOT();

	reset();
	fail_create = -ENOENT;
	assert_int_equal(start(&cfg, cmd, &c, &d), -ENOENT);
	assert_int_equal(d.line, 7);
	assert_true(run_path_gone());

	reset();
	fail_attach = -EACCES;
	assert_int_equal(start(&cfg, cmd, &c, &d), -EACCES);
	assert_non_null(strstr(d.msg, "cgroups"));
	assert_int_equal(n_destroyed, 1);
	assert_true(no_children());
	assert_true(run_path_gone());

	/* A failure in the child comes back with its diag, as the child
	 * wrote it. */
	reset();
	fail_mount = -ENODEV;
	assert_int_equal(start(&cfg, cmd, &c, &d), -ENODEV);
	assert_string_equal(d.file, "x.conf");
	assert_int_equal(d.line, 42);
	assert_non_null(strstr(d.msg, "No such device"));
	assert_int_equal(n_destroyed, 1);
	assert_true(no_children());
	assert_true(run_path_gone());

	reset();
	cfg.rootfs = (char *)"/nonexistent/ctrt";
	assert_int_equal(start(&cfg, cmd, &c, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "rootfs"));
	assert_int_equal(n_created, 0);
	assert_true(run_path_gone());

	cfg = base_cfg();
	cfg.name = (char *)"../x";
	assert_int_equal(start(&cfg, cmd, &c, &d), -EINVAL);
}

static int hook_fail(struct container *c, void *userdata, struct diag *d)
{
	(void)userdata;
	/* The child is there, in its namespaces, waiting. */
	assert_true(c->pid > 0 && c->ns_fds[CONTAINER_NS_NET] >= 0);
	diag_set(d, NULL, 0, "lxc.net.0.link", "no bridge 'ctrt0'");
	return -ENODEV;
}

static void test_start_hook_fails(void **state)
{
	struct container_config cfg = base_cfg();
	char *cmd[] = { (char *)"/bin/true", NULL };
	struct container_opts o = { .argv = cmd, .rundir = rundir, .setup_hook = hook_fail };
	struct container *c = NULL;
	struct diag d = { 0 };
	(void)state;
	REQUIRE_ROOT();

	reset();
	assert_int_equal(container_start(&cfg, &o, &c, NULL, &d), -ENODEV);
	assert_string_equal(d.key, "lxc.net.0.link");
	assert_int_equal(n_destroyed, 1);
	assert_true(no_children());
	assert_true(run_path_gone());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_options_seed),
		cmocka_unit_test(test_mount_options_bind_create),
		cmocka_unit_test(test_mount_options_later_wins),
		cmocka_unit_test(test_caps_default),
		cmocka_unit_test(test_caps_keep),
		cmocka_unit_test(test_start_exit_codes),
		cmocka_unit_test(test_start_killed),
		cmocka_unit_test(test_start_busy),
		cmocka_unit_test(test_start_rollbacks),
		cmocka_unit_test(test_start_hook_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
