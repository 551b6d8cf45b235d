// SPDX-License-Identifier: LGPL-2.1-or-later
/* Test helper for tests/integration/escape.sh: tries, from inside a
 * container, the ways out that issue 11 lists, and prints one line per try:
 *
 *   PROBE <name> BLOCKED|ALLOWED|ERROR <errno-name or -> <detail>
 *
 * Built static (tests/build.mk: *-static.c, no library of ours) so that it
 * runs as the init of a busybox rootfs.  Harmless markers only: it reads
 * files the test made on the host, opens for writing and closes without
 * writing, and writes back values it has just read.
 *
 *   escape-probe [OPTIONS] static        every probe that needs no attach
 *   escape-probe [OPTIONS] attach-init   the init of the attach probes: spins
 *       on the next pid until it catches a process of an attach before its
 *       exec, ptraces it, holds an O_PATH of its /proc/PID/exe and, once the
 *       test says the attach is over, reopens that O_WRONLY (never writes);
 *       then the same for an attach binary re-executed through a command
 *       whose interpreter is /proc/self/exe.  Meets the test in --sync DIR:
 *       ready, caught, attach-done, reexec-ready, reexec-held, reexec-done,
 *       attach.out (the PROBE lines), attach.end
 *   escape-probe [OPTIONS] fdcheck       run by ctr-attach: is the caller's fd 3
 *       (a host directory) here, and does openat(3, NAME) read the marker?
 *   escape-probe handle PATH             prints the file handle of PATH (the
 *       host's file system root) as TYPE:HEX, for --fsroot-handle
 *   escape-probe connect SOCKET          may this user keep a connection open?
 *   escape-probe hold SOCKET N SECONDS   keeps N connections open (reconnecting
 *       when one is closed) for SECONDS; prints "HELD n" once the first round
 *       is made
 *
 * OPTIONS (from the test, describing the host):
 *   --marker REL=TEXT       a host file, REL relative to the root of the host
 *                           file system that holds the rootfs, and its text
 *   --fsroot-handle TYPE:HEX  the handle of that root (else: inode 2, ext4's)
 *   --fd-marker NAME=TEXT   fdcheck: the file openat(3, NAME) should find
 *   --host-inode LABEL=DEV:INO  the host's /dev/LABEL (st_dev, st_ino)
 *   --blockdev MAJ:MIN:FSTYPE   a host block device (a loop disk) to reach
 *   --disk-marker NAME      a file on that disk's file system
 *   --key DESC=TEXT         a "user" key in the session that ran ctr-start
 *   --host-exe DEV:INO      the host's ctr-attach binary
 *   --sync DIR              attach-init: where the test and the probe meet
 *   --attach-cmd PATH       attach-init: the binary the test's attaches run
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define MAX_HOST_INODES 16
#define SCRATCH "/tmp/.ctrt-probe"

struct host_inode {
	char label[32];
	dev_t dev;
	ino_t ino;
};

static const char *arg_marker_rel, *arg_marker_text;
static const char *arg_fd_name, *arg_fd_text;
static struct host_inode arg_inodes[MAX_HOST_INODES];
static size_t arg_n_inodes;
static unsigned arg_blk_major, arg_blk_minor;
static char arg_blk_fstype[32];
static bool arg_have_blk;
static const char *arg_disk_marker;
static const char *arg_key_desc, *arg_key_text;
static dev_t arg_exe_dev;
static ino_t arg_exe_ino;
static bool arg_have_exe;
static const char *arg_sync;
static const char *arg_attach_cmd;
static int arg_fsroot_type = -1;
static unsigned char arg_fsroot[MAX_HANDLE_SZ];
static size_t arg_fsroot_len;
static FILE *out;

static const char *errname(int err)
{
	const char *n;

	if (err == 0)
		return "-";
	n = strerrorname_np(err);
	return n ? n : "E?";
}

static void __attribute__((format(printf, 4, 5)))
report(const char *name, const char *verdict, int err, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	for (char *p = detail; *p; p++)
		if (*p == '\n')
			*p = ' ';
	fprintf(out, "PROBE %s %s %s %s\n", name, verdict, errname(err), detail);
	fflush(out);
}

/* A syscall refused before it did anything: by a seccomp filter (EPERM,
 * ENOSYS, or what the policy names) or by a missing capability (EPERM). */
static bool refused(int err)
{
	return err == EPERM || err == ENOSYS || err == EACCES;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Reads at most @len - 1 bytes of @path into @buf; returns the count or
 * -errno. */
static ssize_t read_at(int dfd, const char *path, char *buf, size_t len)
{
	int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* The hex value of "Field:" in /proc/@pid/status (pid 0: self), or -1. */
static long long status_field(pid_t pid, const char *field, int base)
{
	char path[64], buf[4096], *p;
	size_t fl = strlen(field);

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	if (read_at(AT_FDCWD, path, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, field, fl) && p[fl] == ':')
			return strtoll(p + fl + 1, NULL, base);
	return -1;
}

static const struct host_inode *host_inode_of(const struct stat *st)
{
	for (size_t i = 0; i < arg_n_inodes; i++)
		if (arg_inodes[i].dev == st->st_dev && arg_inodes[i].ino == st->st_ino)
			return &arg_inodes[i];
	return NULL;
}

/* --- seccomp and the syscalls a container must not reach ---------------- */

static void probe_seccomp_status(void)
{
	long long mode = status_field(0, "Seccomp", 10);
	long long filters = status_field(0, "Seccomp_filters", 10);

	report("seccomp_status", mode == 2 ? "BLOCKED" : "ALLOWED", 0,
	       "Seccomp: %lld (filters %lld)%s", mode, filters,
	       mode == 2 ? "" : ": no filter between the container and the kernel");
}

/* Arguments no kernel accepts: a call that gets past the filter and the
 * capability check fails with EINVAL/EFAULT/ENOEXEC/EBADF/ENOENT instead. */
static void probe_syscall(const char *name, long r, int err, const char *reached)
{
	if (r >= 0)
		report(name, "ALLOWED", 0, "returned %ld: the call reached the kernel", r);
	else if (refused(err))
		report(name, "BLOCKED", err, "refused before the kernel looked at its arguments");
	else
		report(name, "ALLOWED", err, "%s", reached);
}

static void probe_syscalls(void)
{
	long r;

	errno = 0;
	r = syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0x8000UL);
	probe_syscall("kexec_load", r, errno, "past the capability check (invalid flags refused)");
	errno = 0;
	r = syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, 0x80000000UL);
	probe_syscall("kexec_file_load", r, errno,
		      "past the capability check (invalid flags refused)");
	errno = 0;
	r = syscall(SYS_init_module, NULL, 0UL, "");
	probe_syscall("init_module", r, errno, "past the capability check (empty image refused)");
	errno = 0;
	r = syscall(SYS_finit_module, -1, "", 0);
	probe_syscall("finit_module", r, errno, "past the capability check (fd -1 refused)");
	errno = 0;
	r = syscall(SYS_delete_module, "ctrt_no_such_module", O_NONBLOCK);
	probe_syscall("delete_module", r, errno, "past the capability check (no such module)");
	errno = 0;
	r = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0);
	probe_syscall("keyctl", r, errno, "reached the kernel");
	errno = 0;
	r = syscall(SYS_add_key, NULL, NULL, NULL, 0UL, -2 /* process keyring */);
	probe_syscall("add_key", r, errno, "reached the kernel (NULL type refused)");
	errno = 0;
	r = syscall(SYS_request_key, NULL, NULL, NULL, 0);
	probe_syscall("request_key", r, errno, "reached the kernel (NULL type refused)");
}

/* The starter's session keyring: is the key the test added there in reach? */
static void probe_session_keyring(void)
{
	char buf[256];
	long id, n;

	if (!arg_key_desc) {
		report("session_keyring", "ERROR", 0, "no --key given");
		return;
	}
	id = syscall(SYS_keyctl, 10 /* KEYCTL_SEARCH */, -3 /* session */, "user", arg_key_desc, 0);
	if (id < 0) {
		int err = errno;
		id = syscall(SYS_request_key, "user", arg_key_desc, NULL, 0);
		if (id < 0) {
			report("session_keyring", "BLOCKED", err,
			       "key '%s' not found (request_key: %s)", arg_key_desc,
			       errname(errno));
			return;
		}
	}
	n = syscall(SYS_keyctl, 11 /* KEYCTL_READ */, id, buf, sizeof(buf) - 1);
	if (n < 0) {
		report("session_keyring", "ALLOWED", errno,
		       "found the starter's key %ld, unreadable", id);
		return;
	}
	buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
	report("session_keyring", "ALLOWED", 0, "read the starter's key %ld: '%s'%s", id, buf,
	       arg_key_text && !strcmp(buf, arg_key_text) ? " (the marker)" : "");
}

/* --- open_by_handle_at: the 2014 "shocker" --------------------------- */

static void probe_shocker(void)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[MAX_HANDLE_SZ];
	} h;
	int mfd, fd;
	uint32_t ino2[2] = { 2, 0 };
	struct stat st, root;
	char buf[256];
	ssize_t n;

	memset(&h, 0, sizeof(h));
	if (arg_fsroot_type >= 0) {
		/* the root's handle as the host sees it: what shocker guessed */
		h.fh.handle_type = arg_fsroot_type;
		h.fh.handle_bytes = (unsigned)arg_fsroot_len;
		memcpy(h.fh.f_handle, arg_fsroot, arg_fsroot_len);
	} else {
		struct statfs sf;
		/* FILEID_INO32_GEN: inode 2, generation 0 (not checked) is the
		 * root of an ext2/3/4 file system; others need --fsroot-handle */
		if (statfs("/", &sf) < 0 || sf.f_type != EXT4_SUPER_MAGIC) {
			report("open_by_handle_at", "ERROR", 0,
			       "the rootfs is not on ext4 and no --fsroot-handle");
			return;
		}
		h.fh.handle_type = 1;
		h.fh.handle_bytes = sizeof(ino2);
		memcpy(h.fh.f_handle, ino2, sizeof(ino2));
	}
	mfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = (int)syscall(SYS_open_by_handle_at, mfd, &h.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		report("open_by_handle_at", "BLOCKED", errno,
		       "no fd for the handle of the host file system's root");
		close(mfd);
		return;
	}
	close(mfd);
	if (fstat(fd, &st) == 0 && stat("/", &root) == 0 && st.st_dev == root.st_dev &&
	    st.st_ino == root.st_ino) {
		report("open_by_handle_at", "BLOCKED", 0, "that root is the container's own");
		close(fd);
		return;
	}
	if (arg_marker_rel && (n = read_at(fd, arg_marker_rel, buf, sizeof(buf))) >= 0) {
		chomp(buf);
		report("open_by_handle_at", "ALLOWED", 0,
		       "read the host's '/%s' outside the rootfs: '%s'%s", arg_marker_rel, buf,
		       arg_marker_text && !strcmp(buf, arg_marker_text) ? " (the marker)" : "");
	} else {
		report("open_by_handle_at", "ALLOWED", 0,
		       "opened the root of the host's file system (inode 2)");
	}
	close(fd);
}

/* --- device nodes ------------------------------------------------------- */

static const char *const node_dirs[] = { "/dev", SCRATCH, "/" };

/* Makes a node for @dev in the first of node_dirs that takes one and opens
 * it with @flags.  Returns the fd (>= 0) and the node's path in @path, or
 * -errno of the step that failed last, named in @stage. */
static int node_open(const char *tag, mode_t type, dev_t dev, int flags, char *path, size_t len,
		     const char **stage)
{
	int err = ENOENT;

	*stage = "mknod";
	for (size_t i = 0; i < sizeof(node_dirs) / sizeof(node_dirs[0]); i++) {
		int fd;
		snprintf(path, len, "%s/.ctrt-%s", strcmp(node_dirs[i], "/") ? node_dirs[i] : "",
			 tag);
		unlink(path);
		if (mknod(path, type | 0600, dev) < 0) {
			if ((*stage)[0] == 'm')
				err = errno;
			continue;
		}
		fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0)
			return fd;
		err = errno;
		*stage = "open";
		unlink(path);
	}
	return -err;
}

static void probe_chardev(const char *name, unsigned maj, unsigned min, const char *what)
{
	char path[128];
	const char *stage;
	int fd = node_open(name, S_IFCHR, makedev(maj, min), O_RDWR | O_NONBLOCK, path,
			   sizeof(path), &stage);

	if (fd < 0) {
		report(name, "BLOCKED", -fd, "%s of c %u:%u (%s) refused", stage, maj, min, what);
		return;
	}
	close(fd); /* opened, nothing written */
	unlink(path);
	report(name, "ALLOWED", 0, "made and opened c %u:%u (%s) read-write", maj, min, what);
}

static void probe_blockdev(void)
{
	char path[128], buf[512], mnt[] = SCRATCH "/disk", marker[256];
	const char *stage;
	dev_t dev;
	int fd;
	ssize_t n;

	if (!arg_have_blk) {
		report("blockdev_read", "ERROR", 0, "no --blockdev given");
		return;
	}
	dev = makedev(arg_blk_major, arg_blk_minor);
	fd = node_open("blk", S_IFBLK, dev, O_RDONLY, path, sizeof(path), &stage);
	if (fd < 0) {
		report("blockdev_read", "BLOCKED", -fd, "%s of the host's b %u:%u refused", stage,
		       arg_blk_major, arg_blk_minor);
	} else {
		n = read(fd, buf, sizeof(buf));
		close(fd);
		if (n == (ssize_t)sizeof(buf))
			report("blockdev_read", "ALLOWED", 0,
			       "read 512 bytes of the host's b %u:%u", arg_blk_major,
			       arg_blk_minor);
		else
			report("blockdev_read", "BLOCKED", n < 0 ? errno : 0, "read gave %zd", n);
	}
	/* mount: the node again (the open may have failed where mount would not) */
	mkdir(mnt, 0700);
	for (size_t i = 0; i < sizeof(node_dirs) / sizeof(node_dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/.ctrt-blk",
			 strcmp(node_dirs[i], "/") ? node_dirs[i] : "");
		unlink(path);
		if (mknod(path, S_IFBLK | 0600, dev) < 0) {
			stage = "mknod";
			fd = -errno;
			continue;
		}
		if (mount(path, mnt, arg_blk_fstype, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  NULL) == 0) {
			bool seen;
			snprintf(marker, sizeof(marker), "%s/%s", mnt,
				 arg_disk_marker ? arg_disk_marker : "");
			seen = arg_disk_marker && read_at(AT_FDCWD, marker, buf, sizeof(buf)) >= 0;
			umount2(mnt, MNT_DETACH);
			unlink(path);
			report("blockdev_mount", "ALLOWED", 0, "mounted the host's b %u:%u%s",
			       arg_blk_major, arg_blk_minor, seen ? ", its marker file read" : "");
			rmdir(mnt);
			return;
		}
		stage = "mount";
		fd = -errno;
		unlink(path);
	}
	rmdir(mnt);
	report("blockdev_mount", "BLOCKED", -fd, "%s of the host's b %u:%u refused", stage,
	       arg_blk_major, arg_blk_minor);
}

/* --- host inodes inside: /dev nodes and the masks ------------------------ */

static void probe_identity(const char *name, const char *path)
{
	struct stat st;
	const struct host_inode *h;

	if (stat(path, &st) < 0) {
		report(name, "BLOCKED", errno, "no %s", path);
		return;
	}
	h = host_inode_of(&st);
	if (h)
		report(name, "ALLOWED", 0, "%s is the host's /dev/%s (dev %ju ino %ju)", path,
		       h->label, (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	else
		report(name, "BLOCKED", 0, "%s is not a host inode (dev %ju ino %ju)", path,
		       (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
}

/* chmod to the mode it has, then a trusted.* xattr set and removed: the
 * host test sees its /dev/null's ctime move if these reached it. */
static void probe_metadata(const char *name, const char *path)
{
	char n1[64], n2[64];
	struct stat st;
	bool host;

	snprintf(n1, sizeof(n1), "%s_chmod", name);
	snprintf(n2, sizeof(n2), "%s_setxattr", name);
	if (stat(path, &st) < 0) {
		report(n1, "BLOCKED", errno, "no %s", path);
		report(n2, "BLOCKED", errno, "no %s", path);
		return;
	}
	host = host_inode_of(&st) != NULL;
	if (chmod(path, st.st_mode & 07777) < 0)
		report(n1, "BLOCKED", errno, "chmod of %s refused", path);
	else
		report(n1, host ? "ALLOWED" : "BLOCKED", 0, "chmod %o %s: %s", st.st_mode & 07777,
		       path, host ? "changed the host's inode" : "the container's own inode");
	if (setxattr(path, "trusted.ctrt-probe", "1", 1, 0) < 0) {
		report(n2, "BLOCKED", errno, "setxattr on %s refused", path);
	} else {
		removexattr(path, "trusted.ctrt-probe");
		report(n2, host ? "ALLOWED" : "BLOCKED", 0,
		       "set and removed trusted.ctrt-probe on %s: %s", path,
		       host ? "the host's inode" : "the container's own inode");
	}
}

/* Every /dev node that is a host inode (a fallback bind): may its chmod
 * (to the mode it has) or a trusted.* xattr reach the host's node? */
static void probe_dev_binds(void)
{
	char done[256] = "", refused_list[256] = "";
	int err = 0;

	for (size_t i = 0; i < arg_n_inodes; i++) {
		char path[64];
		struct stat st;
		size_t n;
		snprintf(path, sizeof(path), "/dev/%.31s", arg_inodes[i].label);
		if (stat(path, &st) < 0 || host_inode_of(&st) != &arg_inodes[i])
			continue;
		if (chmod(path, st.st_mode & 07777) == 0 ||
		    setxattr(path, "trusted.ctrt-probe", "1", 1, 0) == 0) {
			removexattr(path, "trusted.ctrt-probe");
			n = strlen(done);
			snprintf(done + n, sizeof(done) - n, " %s", path);
		} else {
			err = errno;
			n = strlen(refused_list);
			snprintf(refused_list + n, sizeof(refused_list) - n, " %s", path);
		}
	}
	if (done[0])
		report("dev_host_nodes_metadata", "ALLOWED", 0, "changed the host's node:%s", done);
	else if (refused_list[0])
		report("dev_host_nodes_metadata", "BLOCKED", err,
		       "host nodes bound in, chmod and setxattr refused:%s", refused_list);
	else
		report("dev_host_nodes_metadata", "BLOCKED", 0, "no host node in /dev");
}

/* umount of a mask: ALLOWED when what lies under it is the real file. */
static void probe_umount_mask(const char *name, const char *path, const char *fs_of)
{
	struct stat before, after, real;

	if (stat(path, &before) < 0) {
		report(name, "BLOCKED", errno, "no %s", path);
		return;
	}
	if (umount2(path, 0) < 0) {
		report(name, "BLOCKED", errno, "umount %s refused", path);
		return;
	}
	if (stat(path, &after) < 0) {
		report(name, "BLOCKED", errno, "umount %s worked, nothing under it", path);
		return;
	}
	if (stat(fs_of, &real) == 0 && after.st_dev == real.st_dev && before.st_dev != real.st_dev)
		report(name, "ALLOWED", 0, "umount %s removed the mask: the real file is back",
		       path);
	else
		report(name, "BLOCKED", 0, "umount %s worked, but it is still masked (dev %ju)",
		       path, (uintmax_t)after.st_dev);
}

/* --- beyond LXC: what only a user namespace stops ------------------------ */

/* Reads the value of @fd into @buf and writes it back as it was: the
 * harmless way to show a file is writable.  Returns the count (the value
 * left in @buf, chomped) or -1 with errno set. */
static ssize_t write_back(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);

	if (n <= 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	buf[n] = '\0';
	chomp(buf);
	return n;
}

/* Mounts a new @type at @mnt (made here); reports @probe BLOCKED if the
 * mount is refused. */
static bool scratch_mount(const char *probe, const char *mnt, const char *type)
{
	mkdir(mnt, 0700);
	if (mount(type, mnt, type, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		return true;
	report(probe, "BLOCKED", errno, "a new %s mount refused", type);
	rmdir(mnt);
	return false;
}

static void probe_core_pattern(void)
{
	char mnt[] = SCRATCH "/proc", buf[256];
	int fd;
	ssize_t n;

	if (!scratch_mount("proc_core_pattern", mnt, "proc"))
		return;
	fd = open(SCRATCH "/proc/sys/kernel/core_pattern", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		report("proc_core_pattern", "BLOCKED", errno,
		       "new proc mounted, core_pattern not writable");
	} else {
		n = write_back(fd, buf, sizeof(buf));
		if (n > 0) {
			report("proc_core_pattern", "ALLOWED", 0,
			       "wrote the host's core_pattern back ('%s') through a new proc mount",
			       buf);
		} else {
			report("proc_core_pattern", "BLOCKED", errno,
			       "core_pattern opened, write refused");
		}
		close(fd);
	}
	umount2(mnt, MNT_DETACH);
	rmdir(mnt);
}

static void probe_sys_rw(void)
{
	char mnt[] = SCRATCH "/sys";
	struct statvfs sv;

	if (statvfs("/sys/kernel", &sv) == 0) {
		if (!(sv.f_flag & ST_RDONLY)) {
			report("sys_remount_rw", "ALLOWED", 0, "/sys is read-write already");
			return;
		}
		if (mount(NULL, "/sys", NULL, MS_REMOUNT | MS_BIND, NULL) < 0) {
			report("sys_remount_rw", "BLOCKED", errno,
			       "remount of /sys read-write refused");
			return;
		}
		if (statvfs("/sys/kernel", &sv) == 0 && !(sv.f_flag & ST_RDONLY)) {
			mount(NULL, "/sys", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
			report("sys_remount_rw", "ALLOWED", 0,
			       "remounted /sys read-write (and back)");
		} else {
			report("sys_remount_rw", "BLOCKED", 0,
			       "remount worked, /sys stays read-only");
		}
		return;
	}
	mkdir(mnt, 0700);
	if (mount("sysfs", mnt, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		report("sys_remount_rw", "BLOCKED", errno, "no /sys, a sysfs mount refused");
	} else {
		bool rw = statvfs(mnt, &sv) == 0 && !(sv.f_flag & ST_RDONLY);
		umount2(mnt, MNT_DETACH);
		report("sys_remount_rw", rw ? "ALLOWED" : "BLOCKED", 0, "no /sys; mounted sysfs %s",
		       rw ? "read-write" : "read-only");
	}
	rmdir(mnt);
}

/* In the host's user namespace?  Its uid_map maps every uid to itself. */
static bool init_userns(void)
{
	char buf[256];

	if (read_at(AT_FDCWD, "/proc/self/uid_map", buf, sizeof(buf)) <= 0)
		return true;
	return strtoul(buf, NULL, 10) == 0 && strstr(buf, "4294967295") != NULL;
}

/* binfmt_misc: in the host's user namespace a mount is the host's instance
 * (a rule there runs for every exec on the host); since 6.7 a mount in
 * another user namespace is that namespace's own instance. */
static void probe_binfmt(void)
{
	char mnt[] = SCRATCH "/binfmt";
	int fd;

	if (!scratch_mount("binfmt_misc", mnt, "binfmt_misc"))
		return;
	fd = open(SCRATCH "/binfmt/register", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		report("binfmt_misc", "BLOCKED", errno, "mounted, register not writable");
	} else {
		close(fd); /* nothing registered */
		if (init_userns())
			report("binfmt_misc", "ALLOWED", 0,
			       "opened the host's binfmt_misc register for writing");
		else
			report("binfmt_misc", "BLOCKED", 0,
			       "register writable, but of its user namespace's own instance");
	}
	umount2(mnt, MNT_DETACH);
	rmdir(mnt);
}

/* swapon of an empty file made inside: no swap signature, so the kernel
 * refuses it (EINVAL) after the capability check; nothing is swapped on. */
static void probe_swapon(void)
{
	char path[] = SCRATCH "/swapfile";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
	if (swapon(path, 0) == 0) {
		swapoff(path);
		report("swapon", "ALLOWED", 0, "swapon of a file made inside worked (and swapoff)");
	} else if (refused(errno)) {
		report("swapon", "BLOCKED", errno, "swapon refused");
	} else {
		report("swapon", "ALLOWED", errno,
		       "swapon got past the capability check (no signature)");
	}
	unlink(path);
}

static void probe_cgroup_limit(void)
{
	static const struct {
		const char *type, *opts, *file;
	} tries[] = {
		{ "cgroup", "memory", "memory.limit_in_bytes" },
		{ "cgroup2", NULL, "memory.max" },
	};
	char mnt[] = SCRATCH "/cg", path[256], buf[64];
	int err = 0;

	mkdir(mnt, 0700);
	for (size_t i = 0; i < 2; i++) {
		int fd;
		ssize_t n;
		if (mount("cgroup", mnt, tries[i].type, MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  tries[i].opts) < 0) {
			if (!err || errno != EINVAL)
				err = errno;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", mnt, tries[i].file);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			err = errno;
			umount2(mnt, MNT_DETACH);
			continue;
		}
		n = write_back(fd, buf, sizeof(buf));
		if (n > 0) {
			report("cgroup_limit", "ALLOWED", 0,
			       "own %s mount: wrote its limit %s back (%s): it could lift it",
			       tries[i].type, tries[i].file, buf);
			close(fd);
			umount2(mnt, MNT_DETACH);
			rmdir(mnt);
			return;
		}
		err = errno;
		close(fd);
		umount2(mnt, MNT_DETACH);
	}
	rmdir(mnt);
	report("cgroup_limit", "BLOCKED", err,
	       "no writable memory limit through its own cgroup mount");
}

static int run_static(void)
{
	mkdir(SCRATCH, 0700);
	probe_seccomp_status();
	probe_shocker();
	probe_syscalls();
	probe_session_keyring();
	probe_identity("dev_null_host_inode", "/dev/null");
	for (size_t i = 0; i < arg_n_inodes; i++) {
		char name[64], path[64];
		if (!strcmp(arg_inodes[i].label, "null"))
			continue;
		snprintf(name, sizeof(name), "dev_%.31s_host_inode", arg_inodes[i].label);
		snprintf(path, sizeof(path), "/dev/%.31s", arg_inodes[i].label);
		probe_identity(name, path);
	}
	probe_identity("mask_keys_host_inode", "/proc/keys");
	probe_identity("mask_timer_list_host_inode", "/proc/timer_list");
	probe_metadata("devnull", "/dev/null");
	probe_dev_binds();
	probe_metadata("mask_keys", "/proc/keys");
	probe_blockdev();
	probe_chardev("tty1", 4, 1, "the host's tty1");
	probe_chardev("loop_control", 10, 237, "/dev/loop-control");
	probe_chardev("net_tun", 10, 200, "/dev/net/tun");
	probe_core_pattern();
	probe_binfmt();
	probe_swapon();
	probe_cgroup_limit();
	probe_sys_rw();
	/* last: these change the container's own view */
	probe_umount_mask("umount_proc_keys", "/proc/keys", "/proc/self/status");
	probe_umount_mask("umount_timer_list", "/proc/timer_list", "/proc/self/status");
	probe_umount_mask("umount_sys_firmware", "/sys/firmware", "/sys/kernel");
	rmdir(SCRATCH);
	fprintf(out, "DONE static\n");
	fflush(out);
	return 0;
}

/* --- attach -------------------------------------------------------------- */

static bool wait_file(const char *name, double seconds)
{
	char path[512];
	double end = now() + seconds;

	snprintf(path, sizeof(path), "%s/%s", arg_sync, name);
	while (access(path, F_OK) < 0) {
		if (now() > end)
			return false;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		sleep_ms(20);
	}
	return true;
}

static void sync_write(const char *name, const char *text)
{
	char path[512], tmp[520];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", arg_sync, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
	rename(tmp, path);
}

static pid_t last_pid(void)
{
	char buf[32];
	pid_t c;

	if (read_at(AT_FDCWD, "/proc/sys/kernel/ns_last_pid", buf, sizeof(buf)) > 0)
		return (pid_t)atoi(buf);
	c = fork();
	if (c == 0)
		_exit(0);
	waitpid(c, NULL, 0);
	return c;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

struct attach_try {
	int ptrace_err; /* -1: not known yet */
	char ptrace_msg[400];
	bool ptrace_allowed;
	int exe_fd;  /* an O_PATH of a pre-exec attach process's binary */
	int exe_err; /* -1: not known yet */
	char exe[256];
	pid_t exe_pid;
};

/* One process @p of an attach, caught: is it still before its exec (its
 * binary is neither ours nor the command's)? */
static void attach_catch(struct attach_try *t, pid_t p, bool seized, const struct stat *self_exe,
			 const struct stat *cmd_exe, long long bnd)
{
	char path[64], exe[256] = "?";
	struct stat st;
	bool pre_exec = false;
	int fd, err = 0, open_err;
	ssize_t n;

	if (!seized && t->ptrace_err < 0) {
		seized = ptrace(PTRACE_SEIZE, p, 0, 0) == 0;
		if (!seized)
			err = errno;
	}
	if (seized) {
		double wend = now() + 5;
		int wst;
		ptrace(PTRACE_INTERRUPT, p, 0, 0);
		while (waitpid(p, &wst, __WALL | WNOHANG) == 0 && now() < wend)
			;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)p);
	fd = open(path, O_PATH | O_CLOEXEC);
	open_err = fd < 0 ? errno : 0;
	if (fd >= 0) {
		pre_exec = fstat(fd, &st) == 0 && !same_file(&st, self_exe) &&
			   !same_file(&st, cmd_exe);
		n = readlink(path, exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = '\0';
	}
	if (seized && pre_exec) {
		/* what it may raise, not only what it has raised */
		long long capprm = status_field(p, "CapPrm", 16);
		t->ptrace_err = 0;
		t->ptrace_allowed = bnd >= 0 && capprm >= 0 && (capprm & ~bnd);
		snprintf(
			t->ptrace_msg, sizeof(t->ptrace_msg),
			t->ptrace_allowed
				? "traced the attach process %d before its exec (%s): CapPrm %llx "
				  "beyond the container's bounding set %llx"
				: "traced the attach process %d before its exec (%s), but it holds "
				  "nothing beyond the bounding set (CapPrm %llx, CapBnd %llx)",
			(int)p, exe, capprm, bnd);
	} else if (!seized && err && err != ESRCH && (pre_exec || refused(open_err))) {
		/* a live process before its exec: not a zombie (EPERM too), not
		 * the command already */
		t->ptrace_err = err;
		snprintf(t->ptrace_msg, sizeof(t->ptrace_msg),
			 "ptrace of the attach process %d refused", (int)p);
	}
	if (seized)
		ptrace(PTRACE_DETACH, p, 0, 0);
	if (t->exe_err < 0) {
		if (fd >= 0 && pre_exec) {
			t->exe_err = 0;
			t->exe_fd = fd;
			t->exe_pid = p;
			snprintf(t->exe, sizeof(t->exe), "%s", exe);
			return;
		}
		if (fd < 0 && refused(open_err)) {
			t->exe_err = open_err;
			t->exe_pid = p;
		}
	}
	if (fd >= 0)
		close(fd);
}

/* Once the attach is over: reopens the binary held by @fd (an O_PATH of a
 * /proc/PID/exe) for writing, closes it unwritten and reports whether that
 * was the host's attach binary. */
static void report_reopen(const char *name, int fd, const char *exe)
{
	char path[64];
	struct stat st;
	double end = now() + 10;
	int wfd;
	bool host;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* ETXTBSY while the host's attach binary still runs */
	while ((wfd = open(path, O_WRONLY | O_CLOEXEC)) < 0 && errno == ETXTBSY && now() < end)
		sleep_ms(50);
	if (wfd < 0) {
		report(name, "BLOCKED", errno, "reopening %s for writing refused", exe);
		return;
	}
	host = fstat(wfd, &st) == 0 && arg_have_exe && st.st_dev == arg_exe_dev &&
	       st.st_ino == arg_exe_ino;
	close(wfd); /* nothing written */
	report(name, host ? "ALLOWED" : "BLOCKED", 0, "%s (%s) reopened O_WRONLY%s", exe,
	       host ? "the host's attach binary" : "not the host's file",
	       host ? ", closed unwritten" : "");
}

/* Waits (30 s at most) for a process whose argv[0] is "/proc/self/exe" and
 * takes an O_PATH of its binary.  Returns the fd, or -1 with @err set when
 * the open was refused (0 when none was seen). */
static int reexec_find(pid_t *ret_pid, int *err, char *exe, size_t len)
{
	double end = now() + 30;

	while (now() < end) {
		DIR *d = opendir("/proc");
		struct dirent *de;
		while (d && (de = readdir(d))) {
			char path[300], cmd[64];
			pid_t p = (pid_t)atoi(de->d_name);
			int fd;
			ssize_t n;
			if (p <= 1 || p == getpid())
				continue;
			snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)p);
			if (read_at(AT_FDCWD, path, cmd, sizeof(cmd)) <= 0 ||
			    strcmp(cmd, "/proc/self/exe"))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/exe", (int)p);
			fd = open(path, O_PATH | O_CLOEXEC);
			*ret_pid = p;
			if (fd < 0) {
				if (!refused(errno))
					continue;
				*err = errno;
			} else {
				n = readlink(path, exe, len - 1);
				exe[n > 0 ? n : 0] = '\0';
			}
			closedir(d);
			return fd;
		}
		if (d)
			closedir(d);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		sleep_ms(5);
	}
	return -1;
}

static int run_attach_init(void)
{
	struct attach_try t = { .ptrace_err = -1, .exe_fd = -EBADF, .exe_err = -1 };
	char path[512], exe[256] = "?";
	long long bnd = status_field(0, "CapBnd", 16);
	struct stat self_exe, cmd_exe = { 0 };
	pid_t target;
	double end;

	snprintf(path, sizeof(path), "%s/attach.out", arg_sync);
	out = fopen(path, "we");
	if (!out)
		return 125;
	stat("/proc/self/exe", &self_exe);
	if (arg_attach_cmd)
		stat(arg_attach_cmd, &cmd_exe);
	target = last_pid() + 1;
	sync_write("ready", "ready\n");

	/* Each attach the test makes puts one process in here, at the next
	 * pid: spin on it, and catch it between its fork and its exec.  One
	 * missed (a busy machine) leaves its pid behind in ns_last_pid. */
	end = now() + 120;
	for (unsigned long i = 1; t.ptrace_err < 0 || t.exe_err < 0; i++) {
		int fd;
		if (t.ptrace_err < 0) {
			if (ptrace(PTRACE_SEIZE, target, 0, 0) == 0) {
				attach_catch(&t, target, true, &self_exe, &cmd_exe, bnd);
				target++;
				continue;
			}
			/* a filter may refuse ptrace whether or not the pid exists */
			if (errno != ESRCH && (kill(target, 0) == 0 || errno == EPERM)) {
				attach_catch(&t, target, false, &self_exe, &cmd_exe, bnd);
				target++;
				continue;
			}
		} else {
			snprintf(path, sizeof(path), "/proc/%d/exe", (int)target);
			fd = open(path, O_PATH | O_CLOEXEC);
			if (fd >= 0 || (errno != ENOENT && errno != ESRCH)) {
				if (fd >= 0)
					close(fd);
				attach_catch(&t, target, false, &self_exe, &cmd_exe, bnd);
				target++;
				continue;
			}
		}
		if ((i & 1023) == 0) {
			pid_t last = last_pid();
			if (last >= target)
				target = last + 1;
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
			snprintf(path, sizeof(path), "%s/attach-done", arg_sync);
			if (now() > end || access(path, F_OK) == 0)
				break;
		}
	}
	sync_write("caught", "caught\n");
	if (t.ptrace_err < 0)
		report("attach_ptrace", "ERROR", 0, "caught no attach process before its exec");
	else
		report("attach_ptrace", t.ptrace_err || !t.ptrace_allowed ? "BLOCKED" : "ALLOWED",
		       t.ptrace_err, "%s", t.ptrace_msg);

	/* CVE-2019-5736: once the attach is over, is its binary writable? */
	if (!wait_file("attach-done", 60)) {
		report("attach_exe", "ERROR", 0, "the test never said the attach was over");
	} else if (t.exe_err < 0) {
		report("attach_exe", "ERROR", 0, "caught no attach process before its exec");
	} else if (t.exe_err > 0) {
		report("attach_exe", "BLOCKED", t.exe_err, "no O_PATH on /proc/%d/exe",
		       (int)t.exe_pid);
	} else {
		report_reopen("attach_exe", t.exe_fd, t.exe);
	}

	/* CVE-2019-5736 as it was used: the attach's command is a script whose
	 * interpreter is /proc/self/exe, so the attach binary itself runs in
	 * here after the exec (the test keeps it blocked on a full stderr) */
	sync_write("reexec-ready", "ready\n");
	{
		pid_t p = 0;
		int err = 0, fd = reexec_find(&p, &err, exe, sizeof(exe));
		if (fd < 0 && err)
			report("attach_reexec", "BLOCKED", err, "no O_PATH on /proc/%d/exe",
			       (int)p);
		else if (fd < 0)
			report("attach_reexec", "ERROR", 0,
			       "no attach binary re-executed by its command seen");
		sync_write("reexec-held", "held\n");
		if (fd >= 0 && !wait_file("reexec-done", 60))
			report("attach_reexec", "ERROR", 0,
			       "the test never said the attach was over");
		else if (fd >= 0)
			report_reopen("attach_reexec", fd, exe);
	}
	fprintf(out, "DONE attach\n");
	fclose(out);
	out = stdout;
	sync_write("attach.end", "done\n");
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		pause();
	}
}

static int run_fdcheck(void)
{
	struct stat st;
	char buf[256];

	if (fstat(3, &st) < 0) {
		report("attach_fd", "BLOCKED", errno, "the caller's fd 3 did not arrive");
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		report("attach_fd", "BLOCKED", 0, "fd 3 is not the caller's directory (mode %o)",
		       st.st_mode);
		return 0;
	}
	if (arg_fd_name && read_at(3, arg_fd_name, buf, sizeof(buf)) >= 0) {
		chomp(buf);
		report("attach_fd", "ALLOWED", 0, "openat(3, \"%s\") read a host file: '%s'%s",
		       arg_fd_name, buf,
		       arg_fd_text && !strcmp(buf, arg_fd_text) ? " (the marker)" : "");
		return 0;
	}
	report("attach_fd", "ALLOWED", 0, "fd 3, a host directory, arrived inside");
	return 0;
}

/* --- the control socket, from a host user -------------------------------- */

static int sock_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

static int run_connect(const char *path)
{
	struct pollfd p;
	int fd = sock_connect(path);

	if (fd < 0) {
		report("socket_connect", "BLOCKED", -fd, "uid %d cannot connect", (int)getuid());
		return 0;
	}
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&p, 1, 3000) > 0) {
		char c;
		ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
		report("socket_connect", n <= 0 ? "BLOCKED" : "ALLOWED", n < 0 ? errno : 0,
		       "uid %d connected, %s", (int)getuid(),
		       n <= 0 ? "closed by the monitor at once" : "got data unasked");
	} else {
		report("socket_connect", "ALLOWED", 0, "uid %d connected and was left idle for 3 s",
		       (int)getuid());
	}
	close(fd);
	return 0;
}

static int run_hold(const char *path, int n, int seconds)
{
	struct pollfd p[256];
	double end = now() + seconds;
	int held = 0;

	if (n > 256)
		n = 256;
	for (int i = 0; i < n; i++) {
		p[i] = (struct pollfd){ .fd = sock_connect(path), .events = POLLIN };
		held += p[i].fd >= 0;
	}
	printf("HELD %d\n", held);
	fflush(stdout);
	while (now() < end) {
		if (poll(p, (nfds_t)n, 100) < 0)
			continue;
		for (int i = 0; i < n; i++)
			if (p[i].fd < 0 || p[i].revents) {
				if (p[i].fd >= 0)
					close(p[i].fd);
				p[i].fd = sock_connect(path);
				p[i].revents = 0;
			}
		if (held == 0)
			sleep_ms(100);
	}
	return 0;
}

/* On the host: the handle of the file system root @path, as TYPE:HEX. */
static int run_handle(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[MAX_HANDLE_SZ];
	} h = { .fh.handle_bytes = MAX_HANDLE_SZ };
	int mount_id;

	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) < 0) {
		fprintf(stderr, "escape-probe: name_to_handle_at '%s' failed (%s)\n", path,
			strerror(errno));
		return 1;
	}
	const unsigned char *b = (const unsigned char *)&h.fh + sizeof(h.fh);

	printf("%d:", h.fh.handle_type);
	for (unsigned i = 0; i < h.fh.handle_bytes && i < MAX_HANDLE_SZ; i++)
		printf("%02x", b[i]);
	printf("\n");
	return 0;
}

/* --- arguments ----------------------------------------------------------- */

static int split_eq(char *s, const char **a, const char **b)
{
	char *e = strchr(s, '=');

	if (!e)
		return -1;
	*e = '\0';
	*a = s;
	*b = e + 1;
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	out = stdout;
	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char *a, *b;
		unsigned long long d, n;
		if (!v)
			break;
		i++;
		if (!strcmp(o, "--marker") && split_eq(v, &a, &b) == 0) {
			arg_marker_rel = a[0] == '/' ? a + 1 : a;
			arg_marker_text = b;
		} else if (!strcmp(o, "--fd-marker") && split_eq(v, &a, &b) == 0) {
			arg_fd_name = a;
			arg_fd_text = b;
		} else if (!strcmp(o, "--host-inode") && split_eq(v, &a, &b) == 0 &&
			   arg_n_inodes < MAX_HOST_INODES && sscanf(b, "%llu:%llu", &d, &n) == 2) {
			snprintf(arg_inodes[arg_n_inodes].label, sizeof(arg_inodes[0].label), "%s",
				 a);
			arg_inodes[arg_n_inodes].dev = (dev_t)d;
			arg_inodes[arg_n_inodes++].ino = (ino_t)n;
		} else if (!strcmp(o, "--blockdev") &&
			   sscanf(v, "%u:%u:%31s", &arg_blk_major, &arg_blk_minor,
				  arg_blk_fstype) == 3) {
			arg_have_blk = true;
		} else if (!strcmp(o, "--disk-marker")) {
			arg_disk_marker = v;
		} else if (!strcmp(o, "--key") && split_eq(v, &a, &b) == 0) {
			arg_key_desc = a;
			arg_key_text = b;
		} else if (!strcmp(o, "--host-exe") && sscanf(v, "%llu:%llu", &d, &n) == 2) {
			arg_exe_dev = (dev_t)d;
			arg_exe_ino = (ino_t)n;
			arg_have_exe = true;
		} else if (!strcmp(o, "--fsroot-handle") &&
			   sscanf(v, "%d:", &arg_fsroot_type) == 1) {
			const char *x = strchr(v, ':') + 1;
			unsigned byte;
			arg_fsroot_len = 0;
			while (arg_fsroot_len < sizeof(arg_fsroot) &&
			       sscanf(x, "%2x", &byte) == 1) {
				arg_fsroot[arg_fsroot_len++] = (unsigned char)byte;
				x += 2;
			}
		} else if (!strcmp(o, "--attach-cmd")) {
			arg_attach_cmd = v;
		} else if (!strcmp(o, "--sync")) {
			arg_sync = v;
		} else {
			fprintf(stderr, "escape-probe: bad option '%s %s'\n", o, v);
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: escape-probe [OPTIONS] "
				"static|attach-init|fdcheck|handle|connect|hold\n");
		return 2;
	}
	if (!strcmp(argv[i], "static"))
		return run_static();
	if (!strcmp(argv[i], "attach-init") && arg_sync)
		return run_attach_init();
	if (!strcmp(argv[i], "fdcheck"))
		return run_fdcheck();
	if (!strcmp(argv[i], "handle") && i + 1 < argc)
		return run_handle(argv[i + 1]);
	if (!strcmp(argv[i], "connect") && i + 1 < argc)
		return run_connect(argv[i + 1]);
	if (!strcmp(argv[i], "hold") && i + 3 < argc)
		return run_hold(argv[i + 1], atoi(argv[i + 2]), atoi(argv[i + 3]));
	fprintf(stderr, "escape-probe: unknown mode '%s'\n", argv[i]);
	return 2;
}
