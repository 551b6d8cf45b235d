// SPDX-License-Identifier: LGPL-2.1-or-later
/* Starting a container: the lock, the ptys, the cgroups, then one clone3()
 * into new namespaces (and into the v2 cgroup).  The parent writes the id
 * maps, runs the caller's hook and lets it go; the child moves itself into
 * its v1 cgroups (a move by pid takes the kernel's cgroup-wide lock, slow),
 * unshares its cgroup namespace, builds its root filesystem (without a user
 * namespace or mount hooks, while the parent finishes), sets hostname,
 * personality and capabilities and execs the init.  Parent and child talk
 * over a SOCK_SEQPACKET pair: the child sends a failure as one message, and
 * its exec closes its end (O_CLOEXEC), which the parent reads as success.
 *
 * The time namespace: unshare(CLONE_NEWTIME) only affects children, and its
 * offsets can only be written before a process enters it.  So the parent
 * unshares it, writes a boottime offset of minus the host's uptime to
 * /proc/self/timens_offsets, clones the child into it and moves back into
 * its own time namespace with setns(). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/keyctl.h>
#include <linux/sched.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctr/apparmor.h"
#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/rundir.h"
#include "ctr/compat.h"
#include "ctr/fdpass.h"
#include "ctr/fsutil.h"
#include "ctr/container.h"
#include "ctr/hooks.h"
#include "ctr/seccomp.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

extern char **environ;

enum child_msg_kind {
	CHILD_SETUP_FAILED = 1,
	CHILD_EXEC_FAILED = 2,
	CHILD_READY = 3,   /* set up, waiting for the start-host hooks */
	CHILD_TTYS = 4,	   /* the ttys' masters from its devpts (SCM_RIGHTS) */
	CHILD_WAITING = 5, /* set up, waiting on opts->exec_fifo */
};

struct child_msg {
	int kind;
	int err;
	struct diag diag;
};

struct child_args {
	const struct container_config *cfg;
	const struct container_opts *opts;
	struct container *c;
	int sock;
	bool userns, netns;
	struct mount_ctx mctx;
	int console_slave;		    /* opened in the child before pivot_root */
	int fifo_fd;			    /* opts->exec_fifo, O_PATH, or -EBADF */
	const struct seccomp_prog *seccomp; /* NULL: no filter */
	struct cgroup_join cgj;		    /* how the child joins its cgroups */
	bool into_v2;			    /* cloned into the v2 cgroup already */
	char ttys[64 * 16];		    /* "pts/0 pts/1 ...": container_ttys, "" if none */
};

static const struct {
	const char *name;
	int flag;
} ns_names[CONTAINER_NS_MAX] = {
	[CONTAINER_NS_MNT] = { "mnt", CLONE_NEWNS },
	[CONTAINER_NS_UTS] = { "uts", CLONE_NEWUTS },
	[CONTAINER_NS_IPC] = { "ipc", CLONE_NEWIPC },
	[CONTAINER_NS_PID] = { "pid", CLONE_NEWPID },
	[CONTAINER_NS_NET] = { "net", CLONE_NEWNET },
	[CONTAINER_NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP },
	[CONTAINER_NS_USER] = { "user", CLONE_NEWUSER },
	[CONTAINER_NS_TIME] = { "time", CLONE_NEWTIME },
};

static const char *rundir_default(const char *rundir)
{
	return rundir ? rundir : rundir_path();
}

static bool name_valid(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0 && strlen(name) < 128;
}

/* Returns the lock fd or -EBUSY / -errno. */
int container_lock(const char *rundir, const char *name, char **ret_path)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_free_ char *lock = NULL;
	int r;

	if (!name_valid(name))
		return -EINVAL;
	if (asprintf(&dir, "%s/%s", rundir_default(rundir), name) < 0 ||
	    asprintf(&lock, "%s/lock", dir) < 0)
		return -ENOMEM;
	r = fs_mkdir_p(dir, 0700);
	if (r < 0)
		return r;
	/* The lock file goes away with the container (container_lock_release). */
	r = rundir_lock(dir, lock, 0, NULL);
	if (r < 0)
		return r;
	*ret_path = TAKE_PTR(dir);
	return r;
}

void container_lock_release(int fd, const char *path)
{
	if (fd >= 0 && path) {
		_cleanup_free_ char *lock = NULL;
		if (asprintf(&lock, "%s/lock", path) >= 0)
			unlink(lock);
		rmdir(path);
	}
	closep(&fd);
}

static void container_unlock(struct container *c)
{
	if (c->lock_fd >= 0 && c->run_path) {
		_cleanup_free_ char *bpf = NULL;
		if (asprintf(&bpf, "%s/" CONTAINER_SECCOMP_FILE, c->run_path) >= 0)
			unlink(bpf);
		if (c->aa_generated)
			apparmor_generated_unload(c->run_path);
	}
	container_lock_release(TAKE_FD(c->lock_fd), c->run_path);
}

static struct container *container_new(const char *name)
{
	struct container *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->name = strdup(name);
	if (!c->name) {
		free(c);
		return NULL;
	}
	c->pid = -1;
	c->pidfd = c->console_master = c->console_peer = c->console_log = c->lock_fd = -EBADF;
	for (int i = 0; i < CONTAINER_NS_MAX; i++)
		c->ns_fds[i] = -EBADF;
	return c;
}

/* ---- the child --------------------------------------------------------- */

static _Noreturn void child_fail(int sock, int kind, int err, const struct diag *d, int code)
{
	struct child_msg m = { .kind = kind, .err = err };

	if (d)
		m.diag = *d;
	(void)!send(sock, &m, sizeof(m), MSG_NOSIGNAL);
	_exit(code);
}

/* @err is read before the message is formatted, which may change errno. */
#define CHILD_FAIL(a, err, ...)                                          \
	do {                                                             \
		int _e = (err);                                          \
		struct diag _d;                                          \
		diag_set(&_d, NULL, 0, NULL, __VA_ARGS__);               \
		child_fail((a)->sock, CHILD_SETUP_FAILED, _e, &_d, 125); \
	} while (0)

static void loopback_up(void)
{
	_cleanup_close_ int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { .ifr_name = "lo" };

	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return;
	ifr.ifr_flags |= IFF_UP;
	ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* The init's environment, as LXC gives it (start.c, do_start): nothing of
 * the caller's, container=lxc (what OpenRC's "-lxc" keywords and systemd's
 * detection look for), container_ttys naming the ttys in the container's
 * devpts (@ttys, "pts/0 pts/1": systemd starts container-getty@N on them)
 * when there are any, and lxc.environment, a later line winning.  Unlike LXC a fixed PATH, so
 * that a command given as the init is found as the shell would find it; no
 * TERM, as LXC: an init picks its console's type itself (systemd then
 * writes no colour codes into the console log). */
static char **env_build(const struct container_config *cfg, const char *ttys)
{
	size_t n = 0, extra = 0;
	char **env;

	for (char **e = cfg->environment; e && *e; e++)
		extra++;
	env = calloc(3 + extra + 1, sizeof(char *));
	if (!env)
		return NULL;
	env[n++] = (char *)"container=lxc";
	env[n++] = (char *)"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	if (ttys[0] && asprintf(&env[n], "container_ttys=%s", ttys) > 0)
		n++;
	for (char **e = cfg->environment; e && *e; e++) {
		size_t klen = strcspn(*e, "=");
		size_t j;
		for (j = 0; j < n; j++)
			if (strncmp(env[j], *e, klen) == 0 && env[j][klen] == '=')
				break;
		env[j] = *e;
		if (j == n)
			n++;
	}
	env[n] = NULL;
	return env;
}

/* The last steps before the init's exec: the parent's start-host hooks
 * (once everything here is set up), the start hooks inside, the AppArmor
 * profile for the exec.  Reports its own failures; returns 0 or -errno. */
/* mount_ctx.before_pivot: the caller's CONTAINER_INSIDE_CREATE hook. */
static int inside_create(void *arg, struct diag *d)
{
	struct child_args *a = arg;
	return a->opts->inside_hook(CONTAINER_INSIDE_CREATE, a->opts->userdata, d);
}

static int child_hooks(struct child_args *a)
{
	const struct container_config *cfg = a->cfg;
	const struct hook_env env = { .rootfs_mount = a->mctx.rootfs };
	const char *aa = a->c->aa_generated ? a->c->aa_generated : apparmor_exec_profile(cfg);
	struct diag d = { 0 };
	char go = 0;
	int r;

	if (cfg->n_hooks[CFG_HOOK_START_HOST]) {
		struct child_msg m = { .kind = CHILD_READY };
		if (send(a->sock, &m, sizeof(m), MSG_NOSIGNAL) != (ssize_t)sizeof(m) ||
		    read(a->sock, &go, 1) != 1 || go != 1)
			return -EPIPE;
	}
	r = hooks_run(cfg, CFG_HOOK_START, &env, &d);
	if (r < 0)
		child_fail(a->sock, CHILD_SETUP_FAILED, -r, &d, 125);
	if (a->opts->inside_hook &&
	    (r = a->opts->inside_hook(CONTAINER_INSIDE_START, a->opts->userdata, &d)) < 0)
		child_fail(a->sock, CHILD_SETUP_FAILED, -r, &d, 125);
	if (aa && (r = apparmor_set_exec(aa)) < 0) {
		diag_set(&d, cfg->apparmor_origin.file, cfg->apparmor_origin.line,
			 cfg->apparmor_origin.key,
			 "cannot confine the init to the AppArmor profile "
			 "'%s' (%s)",
			 aa, strerror(-r));
		child_fail(a->sock, CHILD_SETUP_FAILED, -r, &d, 125);
	}
	return 0;
}

/* opts->exec_fifo: tells the parent the init is set up, then blocks until
 * the FIFO is opened for reading (ctr-oci start), as runc's exec.fifo.
 * Reopened through /proc/self/fd: the path is the host's. */
static void child_wait_start(struct child_args *a)
{
	struct child_msg m = { .kind = CHILD_WAITING };
	_cleanup_close_ int fd = -EBADF;
	char p[64];

	if (send(a->sock, &m, sizeof(m), MSG_NOSIGNAL) != (ssize_t)sizeof(m))
		_exit(125);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", a->fifo_fd);
	fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		_exit(125);
	closep(&a->fifo_fd);
}

/* Whether @file can be executed here, found as execvp finds it: 0 or the
 * errno its exec would fail with (a created init reports that at create,
 * as runc does, rather than after start). */
static int exec_lookup(const char *file)
{
	const char *path = getenv("PATH");
	int err = ENOENT;

	if (strchr(file, '/'))
		return access(file, X_OK) == 0 ? 0 : errno;
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		char buf[4096];
		if (n && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, file) <
				 sizeof(buf)) {
			if (access(buf, X_OK) == 0)
				return 0;
			if (errno == EACCES)
				err = EACCES;
		}
		path += n;
		if (*path)
			path++;
	}
	return err;
}

/* After pivot_root: the ttys from the container's own devpts, as LXC makes
 * them, bound on /dev/tty1..N in place of the host's ptys mount_setup bound
 * there, their masters sent to the parent, their names in a->ttys.  A
 * container without a devpts of its own keeps the host's ptys (and no
 * container_ttys): 0 either way, or -errno when a tty was lost on the way. */
static int child_ttys(struct child_args *a)
{
	unsigned n = a->mctx.n_ttys, got = 0;
	int fds[FDPASS_MAX];
	struct child_msg m = { .kind = CHILD_TTYS };
	char *slaves[FDPASS_MAX] = { NULL };
	size_t len = 0;
	int r = 0;

	if (n == 0 || n > ARRAY_SIZE(fds))
		return 0;
	for (; got < n; got++) {
		if (console_pty_open(&fds[got], &slaves[got]) < 0)
			break;
		if (strncmp(slaves[got], "/dev/pts/", 9) != 0) {
			close(fds[got]);
			free(slaves[got]);
			slaves[got] = NULL;
			break;
		}
	}
	if (got < n) /* no devpts of its own, or too small: the host's stay */
		n = 0;
	for (unsigned i = 0; i < n && r == 0; i++) {
		char tty[32];
		snprintf(tty, sizeof(tty), "/dev/tty%u", i + 1);
		if (umount2(tty, MNT_DETACH) < 0 || mount(slaves[i], tty, NULL, MS_BIND, NULL) < 0)
			r = NEG_ERRNO();
		len += (size_t)snprintf(a->ttys + len, sizeof(a->ttys) - len, "%s%s",
					len ? " " : "", slaves[i] + 5);
	}
	if (r == 0 && n > 0)
		r = fds_send(a->sock, &m, sizeof(m), fds, n);
	for (unsigned i = 0; i < got; i++) {
		close(fds[i]);
		free(slaves[i]);
	}
	if (r < 0)
		a->ttys[0] = '\0';
	return r;
}

static _Noreturn void child_main(struct child_args *a)
{
	const struct container_config *cfg = a->cfg;
	struct diag d = { 0 };
	char go = 0;
	/* Without a user namespace (no id maps to wait for) and without mount
	 * hooks (which may look for the network the parent's hook moves in),
	 * the mounts are made while the parent finishes its part: its go is
	 * awaited only before the network and the init's own setup. */
	bool early = !a->userns && !cfg->n_hooks[CFG_HOOK_PRE_MOUNT] &&
		     !cfg->n_hooks[CFG_HOOK_MOUNT] && !cfg->n_hooks[CFG_HOOK_AUTODEV];
	char *const default_init[] = { (char *)"/sbin/init", NULL };
	char *const *argv;
	const char *cwd = cfg->init_cwd ? cfg->init_cwd : "/";
	int null_in = -EBADF;
	sigset_t none;
	int r;

	/* The container dies with its runtime (or monitor). */
	if (!a->opts->detach)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!early && (read(a->sock, &go, 1) != 1 || go != 1))
		_exit(125);
	/* Into the cgroups before anything else (and before the cgroup
	 * namespace, whose root they become): this process moves itself,
	 * which is quicker than the parent moving it by pid. */
	r = cgroup_join_self(&a->cgj, a->into_v2);
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot move the init into its cgroups (%s)", strerror(-r));

	/* The run directory, for the masks' private tmpfs: opened here, in
	 * the child's own mount namespace (an fd of the parent's names a
	 * mount of the host's, where nothing may be attached), and before
	 * the ids change (the directory is root's, 0700). */
	a->mctx.scratch_dirfd = open(a->c->run_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (a->mctx.scratch_dirfd < 0)
		CHILD_FAIL(a, errno, "cannot open the run directory '%s' (%s)", a->c->run_path,
			   strerror(errno));
	if (a->opts->exec_fifo) {
		a->fifo_fd = open(a->opts->exec_fifo, O_PATH | O_CLOEXEC);
		if (a->fifo_fd < 0)
			CHILD_FAIL(a, errno, "cannot open the exec FIFO '%s' (%s)",
				   a->opts->exec_fifo, strerror(errno));
	}

	if (a->userns) {
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			CHILD_FAIL(a, errno, "cannot become root in the user namespace (%s)",
				   strerror(errno));
		if (setgroups(0, NULL) < 0)
			CHILD_FAIL(a, errno, "cannot drop the supplementary groups (%s)",
				   strerror(errno));
	}
	/* EINVAL: a kernel before 4.6 has no cgroup namespace; LXC goes on */
	if (unshare(CLONE_NEWCGROUP) < 0 && errno != EINVAL)
		CHILD_FAIL(a, errno, "cannot unshare the cgroup namespace (%s)", strerror(errno));
	if (setsid() < 0)
		CHILD_FAIL(a, errno, "cannot start a session (%s)", strerror(errno));
	if (a->c->stdio != CONTAINER_STDIO_INHERIT && a->mctx.console) {
		a->console_slave = open(a->mctx.console, O_RDWR | O_CLOEXEC);
		if (a->console_slave < 0)
			CHILD_FAIL(a, errno, "cannot open the console '%s' (%s)", a->mctx.console,
				   strerror(errno));
	}
	/* The host's: the rootfs may have no /dev/null of its own. */
	if (a->c->stdio == CONTAINER_STDIO_DETACHED) {
		null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (null_in < 0)
			CHILD_FAIL(a, errno, "cannot open '/dev/null' (%s)", strerror(errno));
	}

	if (a->opts->inside_hook) {
		a->mctx.before_pivot = inside_create;
		a->mctx.before_pivot_arg = a;
	}
	r = mount_setup(cfg, &a->mctx, &d);
	if (r < 0)
		child_fail(a->sock, CHILD_SETUP_FAILED, -r, &d, 125);
	r = child_ttys(a);
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot put the container's own ptys on its ttys (%s)",
			   strerror(-r));
	r = mount_lock();
	if (r < 0 && r != -EOPNOTSUPP)
		CHILD_FAIL(a, -r, "cannot lock the container's mounts (%s)", strerror(-r));
	if (early && (read(a->sock, &go, 1) != 1 || go != 1))
		_exit(125);

	if (a->console_slave >= 0) {
		int in = null_in >= 0 ? null_in : a->console_slave;
		if (ioctl(a->console_slave, TIOCSCTTY, 0) < 0 || dup2(in, 0) < 0 ||
		    dup2(a->console_slave, 1) < 0 || dup2(a->console_slave, 2) < 0)
			CHILD_FAIL(a, errno, "cannot make the console the init's terminal (%s)",
				   strerror(errno));
	}
	if (a->netns)
		loopback_up();
	if (!(a->opts->ns_shared & CLONE_NEWUTS)) {
		const char *host = cfg->uts_name ? cfg->uts_name : cfg->name;
		if (host && sethostname(host, strlen(host)) < 0)
			CHILD_FAIL(a, errno, "cannot set the hostname '%s' (%s)", host,
				   strerror(errno));
		if (cfg->domain_name &&
		    setdomainname(cfg->domain_name, strlen(cfg->domain_name)) < 0)
			CHILD_FAIL(a, errno, "cannot set the domain name '%s' (%s)",
				   cfg->domain_name, strerror(errno));
	}
	if (cfg->personality != 0xffffffffUL && personality(cfg->personality) < 0)
		CHILD_FAIL(a, errno, "cannot set the personality for '%s' (%s)",
			   cfg->arch ? cfg->arch : "", strerror(errno));
	if (chdir(cwd) < 0)
		CHILD_FAIL(a, errno, "cannot change to '%s' (%s)", cwd, strerror(errno));
	environ = env_build(cfg, a->ttys);
	if (!environ)
		CHILD_FAIL(a, ENOMEM, "out of memory");

	/* The starter's session keyring (its keys, its tokens) stays outside.
	 * ENOSYS: a kernel without keys has nothing to share. */
	if (cfg->keyring_session && syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    errno != ENOSYS)
		CHILD_FAIL(a, errno,
			   "cannot join a new session keyring (%s; "
			   "lxc.keyring.session = 0 keeps the starter's)",
			   strerror(errno));

	r = caps_apply(caps_drop_mask(cfg));
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot drop capabilities (%s)", strerror(-r));

	/* What the caller's process left open does not reach the init. */
	r = fd_close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot close the runtime's descriptors (%s)", strerror(-r));
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	argv = a->opts->argv && a->opts->argv[0]   ? a->opts->argv
	       : cfg->init_cmd && cfg->init_cmd[0] ? cfg->init_cmd
						   : default_init;
	if (a->fifo_fd >= 0) {
		r = exec_lookup(argv[0]);
		if (r)
			child_fail(a->sock, CHILD_EXEC_FAILED, r, NULL, r == ENOENT ? 127 : 126);
		child_wait_start(a);
	}
	r = child_hooks(a);
	if (r < 0)
		_exit(125);
	/* Last before exec: the filter sees only the init's own calls. */
	if (cfg->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		CHILD_FAIL(a, errno, "cannot set no_new_privs (%s)", strerror(errno));
	if (a->seccomp && (r = seccomp_prog_load(a->seccomp)) < 0)
		CHILD_FAIL(a, -r, "cannot load the seccomp filter (%s)", strerror(-r));
	r = caps_keep(cfg);
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot keep capabilities (%s)", strerror(-r));
	if (cfg->user_set && (setgroups(cfg->n_user_groups, cfg->user_groups) < 0 ||
			      setresgid(cfg->user_gid, cfg->user_gid, cfg->user_gid) < 0 ||
			      setresuid(cfg->user_uid, cfg->user_uid, cfg->user_uid) < 0))
		CHILD_FAIL(a, errno, "cannot become user %u:%u (%s)", (unsigned)cfg->user_uid,
			   (unsigned)cfg->user_gid, strerror(errno));
	r = caps_sets_apply(cfg);
	if (r < 0)
		CHILD_FAIL(a, -r, "cannot set the capability sets (%s)", strerror(-r));

	execvp(argv[0], argv);
	r = errno;
	child_fail(a->sock, CHILD_EXEC_FAILED, r, NULL, r == ENOENT || r == ENOTDIR ? 127 : 126);
}

/* ---- the parent -------------------------------------------------------- */

static int write_file(const char *path, const char *s)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return NEG_ERRNO();
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		return NEG_ERRNO();
	return 0;
}

static int idmaps_write(pid_t pid, const struct container_config *cfg, struct diag *d)
{
	for (int pass = 0; pass < 2; pass++) {
		char type = pass ? 'g' : 'u';
		char buf[4096] = "", path[64];
		size_t len = 0;
		int r;

		for (size_t i = 0; i < cfg->n_idmaps; i++) {
			const struct cfg_idmap *m = &cfg->idmaps[i];
			if (m->type != type)
				continue;
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%lu %lu %lu\n",
						m->ns_id, m->host_id, m->range);
			if (len >= sizeof(buf))
				return -E2BIG;
		}
		if (!len)
			continue;
		/* Only an unprivileged writer must give up setgroups first. */
		if (type == 'g' && geteuid() != 0) {
			snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
			write_file(path, "deny");
		}
		snprintf(path, sizeof(path), "/proc/%d/%cid_map", pid, type);
		r = write_file(path, buf);
		if (r < 0) {
			const struct cfg_idmap *m = &cfg->idmaps[0];
			diag_set(d, m->origin.file, m->origin.line, m->origin.key,
				 "cannot write the %cid map (%s)", type, strerror(-r));
			return r;
		}
	}
	return 0;
}

/* The host id that @ns_id of type @type ('u' or 'g') maps to, or -1. */
static long idmap_host_id(const struct container_config *cfg, char type, unsigned long ns_id)
{
	for (size_t i = 0; i < cfg->n_idmaps; i++) {
		const struct cfg_idmap *m = &cfg->idmaps[i];
		if (m->type == type && ns_id >= m->ns_id && ns_id - m->ns_id < m->range)
			return (long)(m->host_id + (ns_id - m->ns_id));
	}
	return -1;
}

/* The ptys belong to the container's root, as LXC's do: under a user
 * namespace its root cannot open a slave the host's root owns. */
static int ptys_chown(const struct container_config *cfg, const struct mount_ctx *m, struct diag *d)
{
	long uid = idmap_host_id(cfg, 'u', 0), gid = idmap_host_id(cfg, 'g', 0);

	if (uid < 0 && gid < 0)
		return 0;
	for (unsigned i = 0; i <= m->n_ttys; i++) {
		const char *p = i < m->n_ttys ? m->ttys[i] : m->console;
		if (p && chown(p, (uid_t)uid, (gid_t)gid) < 0) {
			int r = NEG_ERRNO();
			diag_set(d, NULL, 0, "lxc.idmap",
				 "cannot give the pty '%s' to the container's root (%s)", p,
				 strerror(-r));
			return r;
		}
	}
	return 0;
}

/* Moves the caller's children into a new time namespace whose boottime
 * starts now, or with @cfg's offsets where it has them (OCI timeOffsets).
 * *ret_saved: the caller's own, to return to.  -EOPNOTSUPP where the
 * kernel has no time namespaces. */
static int timens_enter(const struct container_config *cfg, int *ret_saved)
{
	_cleanup_close_ int saved = -EBADF;
	struct timespec now;
	char buf[64];
	int r;

	saved = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return errno == ENOENT ? -EOPNOTSUPP : NEG_ERRNO();
	if (unshare(CLONE_NEWTIME) < 0)
		return errno == EINVAL ? -EOPNOTSUPP : NEG_ERRNO();
	clock_gettime(CLOCK_BOOTTIME, &now);
	if (cfg->time_offsets_set)
		snprintf(buf, sizeof(buf), "monotonic %lld %lld\nboottime %lld %lld\n",
			 cfg->time_mono_s, cfg->time_mono_ns, cfg->time_boot_s, cfg->time_boot_ns);
	else
		snprintf(buf, sizeof(buf), "boottime %lld 0\n", -(long long)now.tv_sec);
	r = write_file("/proc/self/timens_offsets", buf);
	if (r < 0) {
		setns(saved, CLONE_NEWTIME);
		return r;
	}
	*ret_saved = TAKE_FD(saved);
	return 0;
}

static void ns_fds_open(struct container *c, int flags)
{
	char path[64];

	for (int i = 0; i < CONTAINER_NS_MAX; i++) {
		if (c->ns_fds[i] >= 0 || !(flags & ns_names[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", c->pid, ns_names[i].name);
		c->ns_fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (c->ns_fds[i] < 0)
			c->ns_fds[i] = -EBADF;
	}
}

static int ptys_open(struct container *c, const struct container_config *cfg, struct mount_ctx *m,
		     struct diag *d)
{
	int r;

	if (!cfg->console_path || strcmp(cfg->console_path, "none") != 0) {
		r = console_pty_open(&c->console_master, (char **)&m->console);
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.console.path",
				 "cannot open a pty for the console (%s)", strerror(-r));
			return r;
		}
	}
	if (!cfg->tty_max)
		return 0;
	c->tty_masters = calloc(cfg->tty_max, sizeof(int));
	m->ttys = calloc(cfg->tty_max, sizeof(char *));
	if (!c->tty_masters || !m->ttys)
		return -ENOMEM;
	for (unsigned i = 0; i < cfg->tty_max; i++) {
		r = console_pty_open(&c->tty_masters[i], &m->ttys[i]);
		if (r < 0) {
			diag_set(d, NULL, 0, "lxc.tty.max", "cannot open a pty for tty%u (%s)",
				 i + 1, strerror(-r));
			return r;
		}
		c->n_ttys = ++m->n_ttys;
	}
	return 0;
}

/* lxc.console.logfile, or the legacy lxc.console naming a file (the seed's
 * "uncomment if you want to log containers console"): the console's output
 * is copied there. */
static int console_log_open(struct container *c, const struct container_config *cfg, struct diag *d)
{
	const char *p = cfg->console_logfile;
	struct stat st;

	if (!p && cfg->console_path && strcmp(cfg->console_path, "none") != 0 &&
	    !(stat(cfg->console_path, &st) == 0 && S_ISCHR(st.st_mode)))
		p = cfg->console_path;
	if (!p)
		return 0;
	c->console_log = open(p, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
	if (c->console_log < 0) {
		int r = NEG_ERRNO();
		c->console_log = -EBADF;
		diag_set(d, cfg->path, 0,
			 cfg->console_logfile ? "lxc.console.logfile" : "lxc.console.path",
			 "cannot open the console log '%s' (%s)", p, strerror(-r));
		return r;
	}
	return 0;
}

static void mount_ctx_free(struct mount_ctx *m)
{
	free((char *)m->rootfs);
	free((char *)m->console);
	for (unsigned i = 0; i < m->n_ttys; i++)
		free(m->ttys[i]);
	free(m->ttys);
}

static int container_reap(struct container *c)
{
	siginfo_t si = { 0 };

	if (c->reaped || c->pid <= 0)
		return 0;
	while (waitid(P_PID, (id_t)c->pid, &si, WEXITED) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	c->reaped = true;
	c->status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	return 0;
}

/* @cfg's seccomp policy compiled for this host into *ret_prog (caller
 * frees); a rule libseccomp refuses is reported at its line, under the key
 * lxc.seccomp.profile.  Returns 0 or -errno with @ret_diag filled. */
static int seccomp_compile_profile(const struct container_config *cfg, const char *cache_dir,
				   struct seccomp_prog **ret_prog, struct diag *ret_diag)
{
	struct diag d = { 0 };
	int r = cache_dir ? seccomp_compile_cached(cfg->seccomp, cache_dir, ret_prog, &d)
			  : seccomp_compile(cfg->seccomp, ret_prog, &d);

	if (r < 0 && r != -ENOMEM) {
		snprintf(d.key, sizeof(d.key), "%s", cfg->seccomp_origin.key);
		if (ret_diag)
			*ret_diag = d;
	}
	return r;
}

int container_config_check(struct container_config *cfg, struct diag *ret_diag)
{
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	int r;

	if ((r = apparmor_check(cfg, &cfg->notes, ret_diag)) < 0)
		return r;
	if (cfg->seccomp && !cfg->seccomp_off)
		return seccomp_compile_profile(cfg, NULL, &prog, ret_diag);
	return 0;
}

/* The init's seccomp filter: @cfg's profile or the built-in policy,
 * compiled here into *ret_owned, saved to
 * RUNDIR/NAME/seccomp.bpf for ctr-attach.  *ret_prog stays NULL when there
 * is none (lxc.seccomp.profile = none, or the runtime is confined already
 * and lxc.seccomp.allow_nesting is 0, as in LXC). */
static int seccomp_prepare(const struct container_config *cfg, const char *run_path,
			   const struct seccomp_prog **ret_prog, struct seccomp_prog **ret_owned,
			   struct diag_list *warnings, struct diag *ret_diag)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *def = NULL;
	_cleanup_free_ char *path = NULL, *cache_dir = NULL;
	char *slash;
	int r;

	if (asprintf(&path, "%s/" CONTAINER_SECCOMP_FILE, run_path) < 0 ||
	    !(cache_dir = strdup(run_path)))
		return -ENOMEM;
	/* compiled programs are kept in the run dir, beside the containers' */
	if ((slash = strrchr(cache_dir, '/')) && slash != cache_dir)
		*slash = '\0';
	else {
		free(cache_dir);
		cache_dir = NULL;
	}
	(void)unlink(path);
	if (cfg->seccomp_off)
		return 0;
	if (!seccomp_available() || (seccomp_active() && !cfg->seccomp_allow_nesting)) {
		struct diag d;
		if (!seccomp_available())
			diag_set(&d, cfg->path, 0, "lxc.seccomp.profile",
				 "this kernel has no "
				 "seccomp filters (CONFIG_SECCOMP_FILTER): the container runs "
				 "without one (as in LXC)");
		else
			diag_set(&d, cfg->path, 0, "lxc.seccomp.allow_nesting",
				 "the runtime runs "
				 "under a seccomp filter already: the container's filter is not "
				 "loaded (as in LXC; lxc.seccomp.allow_nesting = 1 stacks it)");
		return warnings ? diag_list_add(warnings, &d) : 0;
	}
	if (cfg->seccomp)
		r = seccomp_compile_profile(cfg, cache_dir, ret_owned, ret_diag);
	else if ((r = seccomp_policy_default(&def)) == 0)
		r = cache_dir ? seccomp_compile_cached(def, cache_dir, ret_owned, ret_diag)
			      : seccomp_compile(def, ret_owned, ret_diag);
	if (r < 0)
		return r;
	if ((r = seccomp_prog_save(*ret_owned, path)) < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot save the seccomp filter to '%s' (%s)",
			 path, strerror(-r));
		return r;
	}
	*ret_prog = *ret_owned;
	return 0;
}

/* One message from the child into @msg; the ttys' masters it sends
 * replace the host's ptys in @c.  Returns recvmsg's: the bytes, or -1 with
 * errno set. */
static ssize_t child_recv(int sock, struct child_msg *msg, struct container *c)
{
	int fds[FDPASS_MAX];
	size_t k = 0;
	ssize_t n = fds_recv(sock, msg, sizeof(*msg), fds, ARRAY_SIZE(fds), &k, 0);

	if (n < 0) {
		errno = (int)-n;
		return -1;
	}
	for (size_t i = 0; i < k; i++) {
		if (n == (ssize_t)sizeof(*msg) && msg->kind == CHILD_TTYS && i < c->n_ttys) {
			closep(&c->tty_masters[i]);
			c->tty_masters[i] = fds[i];
		} else {
			close(fds[i]);
		}
	}
	return n;
}

/* Returns 0 or -errno with @ret_diag filled. */
int container_start(const struct container_config *cfg, const struct container_opts *opts,
		    struct container **ret, struct diag_list *warnings, struct diag *ret_diag)
{
	static const struct container_opts no_opts = { 0 };
	struct mount_ctx mctx = { .scratch_dirfd = -EBADF };
	struct child_args a = { .cfg = cfg,
				.console_slave = -EBADF,
				.fifo_fd = -EBADF,
				.cgj = { .v2_dirfd = -EBADF, .v2_procs = -EBADF } };
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *seccomp = NULL;
	struct container *c = NULL;
	_cleanup_close_ int saved_time = -EBADF;
	int sv[2] = { -EBADF, -EBADF };
	struct child_msg msg;
	int flags, r;
	ssize_t n;
	char go = 1;
	bool gone = false;

	if (!opts)
		opts = &no_opts;
	if (!name_valid(cfg->name)) {
		diag_set(ret_diag, NULL, 0, NULL, "bad container name '%s'",
			 cfg->name ? cfg->name : "");
		return -EINVAL;
	}
	if (!cfg->rootfs || !*cfg->rootfs) {
		diag_set(ret_diag, cfg->path, 0, "lxc.rootfs.path", "no rootfs given");
		return -EINVAL;
	}
	if ((r = apparmor_check(cfg, NULL, ret_diag)) < 0)
		return r;
	c = container_new(cfg->name);
	if (!c)
		return -ENOMEM;
	c->stdio = opts->stdio;

	r = container_lock(opts->rundir, cfg->name, &c->run_path);
	if (r < 0) {
		if (r == -EBUSY)
			diag_set(ret_diag, NULL, 0, NULL,
				 "container '%s' is running already (lock held in '%s/%s')",
				 cfg->name, rundir_default(opts->rundir), cfg->name);
		else
			diag_set(ret_diag, NULL, 0, NULL, "cannot lock '%s/%s' (%s)",
				 rundir_default(opts->rundir), cfg->name, strerror(-r));
		goto fail;
	}
	c->lock_fd = r;
	r = seccomp_prepare(cfg, c->run_path, &a.seccomp, &seccomp, warnings, ret_diag);
	if (r < 0)
		goto fail;
	if (cfg->apparmor_profile && strcmp(cfg->apparmor_profile, "generated") == 0 &&
	    apparmor_enabled()) {
		r = apparmor_generated_load(cfg, c->run_path, &c->aa_generated, ret_diag);
		if (r < 0)
			goto fail;
	}
	mctx.rootfs = realpath(cfg->rootfs, NULL);
	if (!mctx.rootfs) {
		r = NEG_ERRNO();
		diag_set(ret_diag, cfg->path, 0, "lxc.rootfs.path",
			 "cannot use the rootfs '%s' (%s)", cfg->rootfs, strerror(-r));
		goto fail;
	}
	r = hooks_run(cfg, CFG_HOOK_PRE_START, &(struct hook_env){ .rootfs_mount = mctx.rootfs },
		      ret_diag);
	if (r < 0)
		goto fail;
	/* from here on the stop and post-stop hooks run, as LXC's do */
	r = hooks_keep(cfg, &c->hook_cfg);
	if (r < 0)
		goto fail;
	a.userns = cfg->n_idmaps > 0;
	a.netns = !(cfg->n_nets == 1 && cfg->nets[0].type == CFG_NET_NONE);
	mctx.userns = a.userns;
	r = ptys_open(c, cfg, &mctx, ret_diag);
	if (r < 0)
		goto fail;
	r = console_log_open(c, cfg, ret_diag);
	if (r < 0)
		goto fail;
	if (a.userns) {
		r = ptys_chown(cfg, &mctx, ret_diag);
		if (r < 0)
			goto fail;
	}
	if (mctx.console) {
		/* Held open so the master never reads as hung up while the
		 * container has no console open. */
		c->console_peer = open(mctx.console, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (c->stdio == CONTAINER_STDIO_CONSOLE) {
			struct winsize ws;
			if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(c->console_master, TIOCSWINSZ, &ws);
		}
	}

	r = cgroup_create(opts->cgroup_root, cfg, &c->cgroup, warnings, ret_diag);
	if (r < 0)
		goto fail;
	if (a.userns) {
		/* the guest's root manages its own sub-cgroups (systemd does) */
		long uid = idmap_host_id(cfg, 'u', 0), gid = idmap_host_id(cfg, 'g', 0);
		r = cgroup_delegate(c->cgroup, uid < 0 ? (uid_t)-1 : (uid_t)uid,
				    gid < 0 ? (gid_t)-1 : (gid_t)gid);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, "lxc.idmap",
				 "cannot hand the container's cgroups to its root (%s)",
				 strerror(-r));
			goto fail;
		}
	}

	if (c->cgroup) {
		r = cgroup_join_open(c->cgroup, &a.cgj);
		if (r < 0) {
			diag_set(ret_diag, NULL, 0, NULL,
				 "cannot open the container's cgroups for "
				 "its init (%s)",
				 strerror(-r));
			goto fail;
		}
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot make a socket pair (%s)", strerror(-r));
		goto fail;
	}
	r = timens_enter(cfg, &saved_time);
	if (r < 0 && r != -EOPNOTSUPP) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot make a time namespace (%s)",
			 strerror(-r));
		goto fail;
	}

	flags = (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID) & ~opts->ns_shared;
	if (a.netns && !(opts->ns_shared & CLONE_NEWNET))
		flags |= CLONE_NEWNET;
	if (a.userns)
		flags |= CLONE_NEWUSER;
	a.opts = opts;
	a.c = c;
	a.sock = sv[1];
	a.mctx = mctx;
	fflush(NULL);
	/* born in its v2 cgroup where the kernel can (5.7): no move, no
	 * cgroup-wide lock; clone3 with CLONE_PIDFD, before 5.3 clone(2):
	 * c->pidfd may be -1 */
	c->pid = compat_clone((unsigned long)flags, a.cgj.v2_dirfd, &c->pidfd, &a.into_v2);
	if (c->pid == 0) {
		close(sv[0]);
		child_main(&a);
	}
	r = c->pid < 0 ? (int)c->pid : 0;
	if (saved_time >= 0 && setns(saved_time, CLONE_NEWTIME) < 0 && r == 0)
		r = NEG_ERRNO();
	closep(&sv[1]);
	if (c->pid < 0) {
		c->pidfd = -EBADF;
		diag_set(ret_diag, NULL, 0, NULL, "cannot clone the container's init (%s)",
			 strerror(-r));
		goto fail;
	}
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot return to the host's time namespace (%s)",
			 strerror(-r));
		goto fail;
	}
	ns_fds_open(c, flags | (saved_time >= 0 ? CLONE_NEWTIME : 0));

	if (a.userns) {
		r = idmaps_write(c->pid, cfg, ret_diag);
		if (r < 0)
			goto fail;
	}
	if (opts->setup_hook) {
		r = opts->setup_hook(c, opts->userdata, ret_diag);
		if (r < 0)
			goto fail;
	}
	/* a child that failed early is gone: its message is still queued */
	if (send(sv[0], &go, 1, MSG_NOSIGNAL) != 1 && errno != EPIPE && errno != ECONNRESET) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot release the container's init (%s)",
			 strerror(-r));
		goto fail;
	}
	for (;;) {
		n = child_recv(sv[0], &msg, c);
		if (n < 0 && errno == EINTR)
			continue;
		/* the child ended with our go unread (it failed before it
		 * waited for it): what it sent is still queued behind */
		if (n < 0 && errno == ECONNRESET && !gone) {
			gone = true;
			continue;
		}
		if (n != (ssize_t)sizeof(msg) || msg.kind != CHILD_TTYS)
			break;
	}
	/* gone without a word nor an exec */
	if (n == 0 && gone) {
		n = -1;
		errno = EIO;
	}
	if (n == (ssize_t)sizeof(msg) && msg.kind == CHILD_READY) {
		r = hooks_run(cfg, CFG_HOOK_START_HOST,
			      &(struct hook_env){ .rootfs_mount = mctx.rootfs, .pid = c->pid },
			      ret_diag);
		if (r < 0)
			goto fail;
		do
			n = send(sv[0], &go, 1, MSG_NOSIGNAL) != 1 ? -1
								   : child_recv(sv[0], &msg, c);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot hear from the container's init (%s)",
			 strerror(-r));
		goto fail;
	}
	if (n == (ssize_t)sizeof(msg) && msg.kind == CHILD_EXEC_FAILED) {
		char *const *argv = opts->argv && opts->argv[0] ? opts->argv : cfg->init_cmd;
		c->exec_errno = msg.err ? msg.err : EIO;
		c->exec_path = strdup(argv && argv[0] ? argv[0] : "/sbin/init");
	} else if (n != 0 && !(n == (ssize_t)sizeof(msg) && msg.kind == CHILD_WAITING)) {
		r = n == (ssize_t)sizeof(msg) && msg.err ? -msg.err : -EIO;
		if (n == (ssize_t)sizeof(msg))
			*ret_diag = msg.diag;
		else
			diag_set(ret_diag, NULL, 0, NULL, "the container's init failed to start");
		goto fail;
	}
	if (!c->exec_errno) {
		/* The init left the mount namespace it was set up in for its
		 * locked copy: that one, when the init still runs to show it. */
		int mnt = c->ns_fds[CONTAINER_NS_MNT];
		c->ns_fds[CONTAINER_NS_MNT] = -EBADF;
		ns_fds_open(c, CLONE_NEWCGROUP | CLONE_NEWNS);
		if (c->ns_fds[CONTAINER_NS_MNT] < 0)
			c->ns_fds[CONTAINER_NS_MNT] = mnt;
		else
			closep(&mnt);
	}
	closep(&sv[0]);
	cgroup_join_close(&a.cgj);
	mount_ctx_free(&mctx);
	*ret = c;
	return 0;

fail:
	closep(&sv[0]);
	closep(&sv[1]);
	cgroup_join_close(&a.cgj);
	mount_ctx_free(&mctx);
	container_free(c);
	return r;
}

/* The namespace fds, the ptys and the pidfd @c holds. */
static void container_close_fds(struct container *c)
{
	for (int i = 0; i < CONTAINER_NS_MAX; i++)
		closep(&c->ns_fds[i]);
	for (unsigned i = 0; i < c->n_ttys; i++)
		closep(&c->tty_masters[i]);
	free(c->tty_masters);
	closep(&c->console_master);
	closep(&c->console_peer);
	closep(&c->console_log);
	closep(&c->pidfd);
}

void container_release(struct container *c)
{
	if (!c)
		return;
	cgroup_free(c->cgroup);
	container_close_fds(c);
	closep(&c->lock_fd);
	config_free(c->hook_cfg);
	free(c->run_path);
	free(c->exec_path);
	free(c->name);
	free(c);
}

/* Returns 0 or -errno. */
int container_wait(struct container *c, int *ret_status)
{
	int r = 0;

	if (!c->reaped) {
		bool relay = c->stdio != CONTAINER_STDIO_DETACHED;
		int in = c->stdio == CONTAINER_STDIO_CONSOLE ? STDIN_FILENO : -EBADF;
		if (relay)
			r = console_relay(c->console_master, in, STDOUT_FILENO, c->console_log,
					  c->pid, c->pidfd);
		if (r == 0)
			r = container_reap(c);
		if (r < 0)
			return r;
	}
	*ret_status = c->status;
	return 0;
}

/* Returns 0 or the first -errno. */
int container_free(struct container *c)
{
	struct hook_env hook_env;
	int r = 0, k;

	if (!c)
		return 0;
	if (c->pid > 0 && !c->reaped) {
		/* our child, not reaped: kill(2) cannot hit another process */
		proc_handle_signal(c->pidfd, c->pid, SIGKILL);
		r = container_reap(c);
	}
	hook_env = (struct hook_env){
		.pid = c->pid > 0 ? c->pid : 0,
		/* reboot(2) in a PID namespace kills its init with SIGHUP */
		.target = c->reaped && c->status == 128 + SIGHUP ? "reboot" : "stop",
		.ns_fds = c->ns_fds,
	};
	if (c->hook_cfg) {
		k = hooks_run(c->hook_cfg, CFG_HOOK_STOP, &hook_env, c->stop_diag);
		if (k < 0 && r == 0)
			r = k;
	}
	if (c->cgroup) {
		k = cgroup_destroy(c->cgroup);
		c->cgroup = NULL;
		if (k < 0 && r == 0)
			r = k;
	}
	container_close_fds(c);
	if (c->hook_cfg) {
		hook_env.ns_fds = NULL;
		k = hooks_run(c->hook_cfg, CFG_HOOK_POST_STOP, &hook_env, c->stop_diag);
		if (k < 0 && r == 0)
			r = k;
		config_free(c->hook_cfg);
	}
	container_unlock(c);
	free(c->aa_generated);
	free(c->run_path);
	free(c->exec_path);
	free(c->name);
	free(c);
	return r;
}
