// SPDX-License-Identifier: LGPL-2.1-or-later
/* Making and removing containers; see ctr/create.h. */
#include <archive.h>
#include <archive_entry.h>
#include <crypt.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/create.h"
#include "ctr/fsutil.h"
#include "ctr/hooks.h"
#include "ctr/netlink.h"

DEFINE_CLEANUP_FUNC(struct archive *, archive_read_free)
DEFINE_CLEANUP_FUNC(struct archive *, archive_write_free)
DEFINE_CLEANUP_FUNC(struct archive_entry *, archive_entry_free)
DEFINE_CLEANUP_FUNC(DIR *, closedir)
DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

#define SUBID_RANGE 65536UL

const char *create_lxcpath(void)
{
	static char *path;

	if (!path && config_lxcpath(NULL, &path) < 0)
		path = NULL;
	return path ? path : "/var/lib/lxc";
}

static bool name_ok(const char *n)
{
	if (!n || !*n || strlen(n) > 64 || n[0] == '.' || n[0] == '-')
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

void create_result_clear(struct create_result *r)
{
	free(r->dir);
	free(r->config);
	free(r->link);
	*r = (struct create_result){ 0 };
}

/* ---- subordinate ids ---------------------------------------------------- */

/* The first range of at least SUBID_RANGE ids for root in @file. */
static int subid_base(const char *file, unsigned long *ret)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	char line[256];

	if (!f)
		return NEG_ERRNO();
	while (fgets(line, sizeof(line), f)) {
		char who[128];
		unsigned long start, count;
		if (sscanf(line, "%127[^:]:%lu:%lu", who, &start, &count) != 3)
			continue;
		if ((strcmp(who, "root") == 0 || strcmp(who, "0") == 0) && count >= SUBID_RANGE &&
		    start > 0 && start <= 0xffffffffUL - SUBID_RANGE) {
			*ret = start;
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- filling the rootfs ------------------------------------------------- */

/* Our own word on a path before libarchive's: absolute paths and ".."
 * components are refused by name, whatever the archive's format. */
static bool path_hostile(const char *p)
{
	if (!p)
		return false;
	if (p[0] == '/')
		return true;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return true;
		s += n;
		s += strspn(s, "/");
	}
	return false;
}

struct fill {
	const struct create_opts *o;
	struct create_result *res;
	struct diag *d;
	const char *what; /* the source, for messages */
};

static int copy_data(struct archive *in, struct archive *out, struct fill *f, const char *path)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(in, &buf, &size, &off)) == ARCHIVE_OK) {
		if (archive_write_data_block(out, buf, size, off) != ARCHIVE_OK) {
			diag_set(f->d, f->what, 0, NULL, "cannot write '%s' (%s)", path,
				 archive_error_string(out));
			return -EIO;
		}
		f->res->bytes += size;
	}
	if (r != ARCHIVE_EOF) {
		diag_set(f->d, f->what, 0, NULL, "cannot read '%s' (%s)", path,
			 archive_error_string(in));
		return -EIO;
	}
	return 0;
}

static int write_entries_loop(struct archive *in, struct archive *out, struct archive_entry *e,
			      struct archive_entry_linkresolver *lr, const char *strip,
			      size_t strip_len, struct fill *f);

/* Writes every entry of @in below the current directory (the rootfs). */
static int write_entries(struct archive *in, bool from_disk, const char *strip, struct fill *f)
{
	_cleanup_(archive_write_freep) struct archive *out = archive_write_disk_new();
	_cleanup_(archive_entry_freep) struct archive_entry *e = NULL;
	struct archive_entry_linkresolver *lr = NULL;
	size_t strip_len = strip ? strlen(strip) : 0;
	int r;

	if (!out)
		return -ENOMEM;
	/* No user lookup: owners stay numeric, as the tree's own passwd says. */
	archive_write_disk_set_options(
		out, ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
			     ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL | ARCHIVE_EXTRACT_FFLAGS |
			     ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
			     ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_SPARSE);
	if (from_disk) {
		/* a tree's hardlinks are found by inode: the tar strategy writes
		 * the first name with data, the others as links to it */
		e = archive_entry_new();
		lr = archive_entry_linkresolver_new();
		if (!e || !lr) {
			archive_entry_linkresolver_free(lr);
			return -ENOMEM;
		}
		archive_entry_linkresolver_set_strategy(lr, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
	}
	r = write_entries_loop(in, out, e, lr, strip, strip_len, f);
	archive_entry_linkresolver_free(lr);
	if (r < 0)
		return r;
	if (archive_write_close(out) != ARCHIVE_OK) {
		diag_set(f->d, f->what, 0, NULL, "cannot finish writing (%s)",
			 archive_error_string(out));
		return -EIO;
	}
	return 0;
}

static int write_entries_loop(struct archive *in, struct archive *out, struct archive_entry *e,
			      struct archive_entry_linkresolver *lr, const char *strip,
			      size_t strip_len, struct fill *f)
{
	bool from_disk = e != NULL;
	int r;

	for (;;) {
		struct archive_entry *cur;
		const char *p, *link;
		char rel[PATH_MAX];
		mode_t type;

		if (from_disk) {
			archive_entry_clear(e);
			r = archive_read_next_header2(in, e);
			cur = e;
		} else {
			r = archive_read_next_header(in, &cur);
		}
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			diag_set(f->d, f->what, 0, NULL, "cannot read the %s (%s)",
				 from_disk ? "tree" : "archive", archive_error_string(in));
			return -EIO;
		}
		p = archive_entry_pathname(cur);
		if (from_disk) {
			/* read_disk names entries DIR/...: make them relative */
			if (!p || strncmp(p, strip, strip_len) != 0)
				continue;
			p += strip_len;
			p += strspn(p, "/");
			if (!*p) {
				archive_read_disk_descend(in);
				continue;
			}
			snprintf(rel, sizeof(rel), "%s", p);
			archive_entry_set_pathname(cur, rel);
			archive_read_disk_descend(in);
			p = rel;
			{
				struct archive_entry *spare = NULL;
				archive_entry_linkify(lr, &cur, &spare);
				if (!cur)
					continue;
			}
		}
		link = archive_entry_hardlink(cur);
		if (path_hostile(p) || path_hostile(link)) {
			diag_set(
				f->d, f->what, 0, NULL,
				"entry '%s'%s%s: an absolute path or '..' is refused (it would write outside the rootfs)",
				p, link ? " linked to " : "", link ? link : "");
			return -EPERM;
		}
		type = archive_entry_filetype(cur);
		if (f->o->unprivileged) {
			if (type == AE_IFCHR || type == AE_IFBLK) {
				diag_set(
					f->d, f->what, 0, NULL,
					"entry '%s': a device node is refused in an unprivileged container (the container's root could not use it safely)",
					p);
				return -EPERM;
			}
			if (archive_entry_uid(cur) >= (la_int64_t)SUBID_RANGE ||
			    archive_entry_gid(cur) >= (la_int64_t)SUBID_RANGE) {
				diag_set(
					f->d, f->what, 0, NULL,
					"entry '%s': owner %lld:%lld is outside the container's %lu ids",
					p, (long long)archive_entry_uid(cur),
					(long long)archive_entry_gid(cur), SUBID_RANGE);
				return -ERANGE;
			}
			archive_entry_set_uid(cur, archive_entry_uid(cur) +
							   (la_int64_t)f->res->uid_base);
			archive_entry_set_gid(cur, archive_entry_gid(cur) +
							   (la_int64_t)f->res->gid_base);
		}
		r = archive_write_header(out, cur);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			diag_set(f->d, f->what, 0, NULL, "entry '%s': %s", p,
				 archive_error_string(out));
			return archive_errno(out) == ENOSPC ? -ENOSPC : -EPERM;
		}
		if (archive_entry_size(cur) > 0 && (type == AE_IFREG || !type)) {
			r = copy_data(in, out, f, p);
			if (r < 0)
				return r;
		}
		r = archive_write_finish_entry(out);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			diag_set(f->d, f->what, 0, NULL, "entry '%s': %s", p,
				 archive_error_string(out));
			return -EIO;
		}
		f->res->entries++;
	}
	return 0;
}

static int fill_tarball(struct fill *f)
{
	_cleanup_(archive_read_freep) struct archive *in = archive_read_new();

	if (!in)
		return -ENOMEM;
	archive_read_support_filter_all(in);
	archive_read_support_format_all(in);
	if (archive_read_open_filename(in, f->o->from, 1 << 20) != ARCHIVE_OK) {
		int e = archive_errno(in);
		diag_set(f->d, f->o->from, 0, NULL, "cannot open the archive (%s)",
			 archive_error_string(in));
		return e > 0 ? -e : -EINVAL;
	}
	return write_entries(in, false, NULL, f);
}

static int fill_dir(struct fill *f)
{
	_cleanup_(archive_read_freep) struct archive *in = archive_read_disk_new();
	char real[PATH_MAX];

	if (!in)
		return -ENOMEM;
	if (!realpath(f->o->from, real)) {
		int r = NEG_ERRNO();
		diag_set(f->d, f->o->from, 0, NULL, "cannot copy it (%s)", strerror(-r));
		return r;
	}
	archive_read_disk_set_symlink_physical(in);
	archive_read_disk_set_behavior(in, ARCHIVE_READDISK_NO_TRAVERSE_MOUNTS);
	if (archive_read_disk_open(in, real) != ARCHIVE_OK) {
		diag_set(f->d, f->o->from, 0, NULL, "cannot copy it (%s)",
			 archive_error_string(in));
		return -EIO;
	}
	return write_entries(in, true, real, f);
}

/* The first Debian mirror in apt's sources (one-line or deb822 format). */
static int apt_mirror(char *buf, size_t len)
{
	static const char *const files[] = { "/etc/apt/sources.list.d/debian.sources",
					     "/etc/apt/sources.list" };
	char line[1024];

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_fclose_ FILE *f = fopen(files[i], "re");
		while (f && fgets(line, sizeof(line), f)) {
			char url[512];
			if ((sscanf(line, "URIs: %511s", url) == 1 ||
			     sscanf(line, "deb %511s", url) == 1) &&
			    strncmp(url, "http", 4) == 0 && !strstr(url, "security")) {
				snprintf(buf, len, "%s", url);
				return 0;
			}
		}
	}
	return -ENOENT;
}

static int fill_debootstrap(struct fill *f, const char *rootfs)
{
	char mirror[512], include[1024];
	pid_t pid;
	int status;

	if (f->o->mirror)
		snprintf(mirror, sizeof(mirror), "%s", f->o->mirror);
	else if (apt_mirror(mirror, sizeof(mirror)) < 0) {
		diag_set(f->d, NULL, 0, "--mirror",
			 "no Debian mirror in apt's sources: give one with --mirror");
		return -ENOENT;
	}
	/* What lxc-create -t debian adds to minbase, so the guest boots. */
	snprintf(
		include, sizeof(include),
		"--include=init,ifupdown,iproute2,netbase,isc-dhcp-client,procps,less,vim-tiny%s%s",
		f->o->packages ? "," : "", f->o->packages ? f->o->packages : "");
	pid = fork();
	if (pid < 0)
		return NEG_ERRNO();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (null >= 0)
			dup2(null, 0);
		dup2(2, 1); /* its progress to stderr: stdout is the command's own */
		execlp("debootstrap", "debootstrap", "--variant=minbase", include, f->o->from,
		       rootfs, mirror, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag_set(f->d, NULL, 0, "--debootstrap", "debootstrap %s from %s failed (%s %d)",
			 f->o->from, mirror, WIFEXITED(status) ? "exit status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -ENOENT : -EIO;
	}
	return 0;
}

/* Moves every owner of the tree at @dirfd into the subordinate range. */
static int shift_tree(int dirfd, unsigned long ubase, unsigned long gbase, struct fill *f)
{
	_cleanup_(closedirp) DIR *d = NULL;
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	struct dirent *e;
	struct stat st;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return NEG_ERRNO();
	}
	while ((e = readdir(d))) {
		char cap[256];
		ssize_t caplen = -1;
		if (!strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return NEG_ERRNO();
		if (!strcmp(e->d_name, ".")) {
			if (fchownat(dirfd, "", ubase + st.st_uid, gbase + st.st_gid,
				     AT_EMPTY_PATH) < 0)
				return NEG_ERRNO();
			continue;
		}
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
			diag_set(f->d, f->what, 0, NULL,
				 "'%s': a device node is refused in an unprivileged container",
				 e->d_name);
			return -EPERM;
		}
		if (S_ISREG(st.st_mode)) {
			char p[64];
			_cleanup_close_ int rfd =
				openat(dirfd, e->d_name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			if (rfd >= 0) {
				snprintf(p, sizeof(p), "/proc/self/fd/%d", rfd);
				caplen = getxattr(p, "security.capability", cap, sizeof(cap));
			}
		}
		if (fchownat(dirfd, e->d_name, ubase + st.st_uid, gbase + st.st_gid,
			     AT_SYMLINK_NOFOLLOW) < 0)
			return NEG_ERRNO();
		/* chown clears file capabilities: put them back */
		if (caplen > 0) {
			char p[64];
			_cleanup_close_ int rfd =
				openat(dirfd, e->d_name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			snprintf(p, sizeof(p), "/proc/self/fd/%d", rfd);
			if (rfd < 0 ||
			    setxattr(p, "security.capability", cap, (size_t)caplen, 0) < 0)
				return NEG_ERRNO();
		}
		if (S_ISDIR(st.st_mode)) {
			_cleanup_close_ int sub = openat(
				dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int r;
			if (sub < 0)
				return NEG_ERRNO();
			r = shift_tree(sub, ubase, gbase, f);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- adapting the guest ------------------------------------------------- */

static int read_text(int rootfd, const char *rel, char **ret)
{
	size_t len;
	int r = fs_read_in_root(rootfd, rel, 1 << 20, ret, &len);
	return r;
}

/* Writes @text to @rel, keeping the owner and mode of the file it replaces. */
static int write_text(int rootfd, const char *rel, const char *text, mode_t mode, uid_t uid,
		      gid_t gid)
{
	_cleanup_close_ int old = fs_open_in_root(rootfd, rel, O_PATH | O_NOFOLLOW);
	struct stat st;
	int r;

	if (old >= 0 && fstat(old, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
		uid = st.st_uid;
		gid = st.st_gid;
	}
	r = fs_write_in_root(rootfd, rel, text, strlen(text), mode);
	if (r < 0)
		return r;
	{
		_cleanup_close_ int fd = fs_open_in_root(rootfd, rel, O_PATH | O_NOFOLLOW);
		if (fd < 0 || fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0)
			return fd < 0 ? fd : NEG_ERRNO();
	}
	return 0;
}

/* A growing string; on allocation failure it stays NULL and says so once. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3))) static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || b->len + (size_t)n + 1 > b->cap) {
		size_t cap = (b->len + (size_t)(n < 0 ? 0 : n) + 1) * 2;
		char *ns = realloc(b->s, cap);
		if (n < 0 || !ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The tty word of a getty command line ("tty2" in "/sbin/agetty 38400 tty2
 * linux"), or NULL. */
static const char *getty_tty(const char *cmd)
{
	for (const char *w = cmd; *w;) {
		size_t n = strcspn(w, " \t");
		if ((n >= 4 && !strncmp(w, "tty", 3) && w[3] >= '0' && w[3] <= '9') ||
		    (n == 7 && !strncmp(w, "console", 7)))
			return w;
		w += n;
		w += strspn(w, " \t");
	}
	return NULL;
}

/* sysvinit: a getty on the console and tty1 (the container's one tty), the
 * other ttys off as the seed says, and a power failure halts the system,
 * which is what ctr-stop's SIGPWR asks of sysvinit. */
static int adapt_inittab(int rootfd, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *text = NULL;
	struct sbuf out = { 0 };
	char getty[256] = "/sbin/getty 38400 console";
	bool have_console = false;
	int r;

	r = read_text(rootfd, "etc/inittab", &text);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	for (char *line = text, *next; line && *line; line = next) {
		size_t n = strcspn(line, "\n");
		char *prog;
		next = line[n] ? line + n + 1 : NULL;
		line[n] = '\0';
		prog = strstr(line, ":respawn:");
		if (prog && strstr(line, "getty") && line[0] != '#') {
			const char *tty = getty_tty(prog + 9);
			if (tty && !strncmp(tty, "console", 7))
				have_console = true;
			if (tty && !strncmp(tty, "tty", 3) && strncmp(tty, "tty1", 4) != 0) {
				sb_printf(&out, "#%s  # off: the container has one tty\n", line);
				continue;
			}
			/* the console's getty is tty1's, with the device changed */
			if (tty && !strncmp(tty, "tty1", 4))
				snprintf(getty, sizeof(getty), "%.*sconsole%s",
					 (int)(tty - prog - 9), prog + 9, tty + 4);
		}
		if (!strncmp(line, "pf::", 4) || !strncmp(line, "pn::", 4) ||
		    !strncmp(line, "po::", 4)) {
			sb_printf(&out, "#%s  # replaced by p0 (ctr-create)\n", line);
			continue;
		}
		if (!strncmp(line, "p0::", 4))
			continue;
		sb_printf(&out, "%s\n", line);
	}
	if (!have_console)
		sb_printf(&out, "co:2345:respawn:%s\n", getty);
	sb_printf(&out, "p0::powerfail:/sbin/init 0\n");
	if (out.oom) {
		free(out.s);
		return -ENOMEM;
	}
	r = write_text(rootfd, "etc/inittab", out.s, 0644, uid, gid);
	free(out.s);
	return r;
}

static int adapt_hosts(int rootfd, const char *name, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *text = NULL;
	struct sbuf out = { 0 };
	bool done = false;
	int r;

	r = read_text(rootfd, "etc/hosts", &text);
	if (r == -ENOENT) {
		text = strdup(
			"127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n");
		if (!text)
			return -ENOMEM;
	} else if (r < 0) {
		return r;
	}
	for (char *line = text, *next; line && *line; line = next) {
		size_t n = strcspn(line, "\n");
		next = line[n] ? line + n + 1 : NULL;
		line[n] = '\0';
		if (!strncmp(line, "127.0.1.1", 9) && (line[9] == ' ' || line[9] == '\t')) {
			if (!done)
				sb_printf(&out, "127.0.1.1\t%s\n", name);
			done = true;
			continue;
		}
		sb_printf(&out, "%s\n", line);
	}
	if (!done)
		sb_printf(&out, "127.0.1.1\t%s\n", name);
	if (out.oom) {
		free(out.s);
		return -ENOMEM;
	}
	r = write_text(rootfd, "etc/hosts", out.s, 0644, uid, gid);
	free(out.s);
	return r;
}

/* root's password in the guest's shadow file, hashed here (yescrypt where
 * libxcrypt has it), from the first line of @file. */
static int set_root_password(int rootfd, const char *file, struct diag *d)
{
	_cleanup_free_ char *pw = NULL, *shadow = NULL, *salt = NULL;
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	struct crypt_data *cd = NULL;
	struct sbuf out = { 0 };
	const char *hash;
	size_t cap = 0;
	ssize_t n;
	bool done = false;
	int r;

	if (!f) {
		r = NEG_ERRNO();
		diag_set(d, file, 0, "--root-password-file", "cannot read it (%s)", strerror(-r));
		return r;
	}
	n = getline(&pw, &cap, f);
	if (n <= 0) {
		diag_set(d, file, 0, "--root-password-file", "is empty");
		return -EINVAL;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	if (!*pw) {
		diag_set(d, file, 1, "--root-password-file", "the password is empty");
		return -EINVAL;
	}
	salt = crypt_gensalt_ra(NULL, 0, NULL, 0);
	cd = calloc(1, sizeof(*cd));
	if (!salt || !cd) {
		free(cd);
		return -ENOMEM;
	}
	hash = crypt_r(pw, salt, cd);
	explicit_bzero(pw, cap);
	if (!hash || hash[0] == '*') {
		free(cd);
		diag_set(d, file, 0, "--root-password-file", "cannot hash the password");
		return -EINVAL;
	}
	r = read_text(rootfd, "etc/shadow", &shadow);
	if (r < 0) {
		free(cd);
		diag_set(d, NULL, 0, "--root-password-file",
			 "cannot read the guest's /etc/shadow (%s)", strerror(-r));
		return r;
	}
	for (char *line = shadow, *next; line && *line; line = next) {
		size_t len = strcspn(line, "\n");
		next = line[len] ? line + len + 1 : NULL;
		line[len] = '\0';
		if (!strncmp(line, "root:", 5) && !done) {
			char *rest = strchr(line + 5, ':');
			sb_printf(&out, "root:%s%s\n", hash, rest ? rest : ":::::::");
			done = true;
			continue;
		}
		sb_printf(&out, "%s\n", line);
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	if (!done)
		sb_printf(&out, "root:%s:%ld:0:99999:7:::\n", hash, (long)(time(NULL) / 86400));
	if (out.oom) {
		free(out.s);
		return -ENOMEM;
	}
	r = write_text(rootfd, "etc/shadow", out.s, 0640, 0, 0);
	explicit_bzero(out.s, out.len);
	free(out.s);
	if (r < 0)
		diag_set(d, NULL, 0, "--root-password-file",
			 "cannot write the guest's /etc/shadow (%s)", strerror(-r));
	return r;
}

static int adapt_guest(int rootfd, const struct create_opts *o, const struct create_result *res,
		       struct diag *d)
{
	char text[128];
	uid_t uid = (uid_t)res->uid_base;
	gid_t gid = (gid_t)res->gid_base;
	int r;

	r = fs_mkdir_in_root(rootfd, "etc", 0755);
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot make the guest's /etc (%s)", strerror(-r));
		return r;
	}
	snprintf(text, sizeof(text), "%s\n", o->name);
	r = write_text(rootfd, "etc/hostname", text, 0644, uid, gid);
	if (r >= 0)
		r = adapt_hosts(rootfd, o->name, uid, gid);
	if (r >= 0)
		r = adapt_inittab(rootfd, uid, gid);
	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot adapt the guest's /etc for a container (%s)",
			 strerror(-r));
		return r;
	}
	if (o->root_password_file)
		return set_root_password(rootfd, o->root_password_file, d);
	return 0;
}

/* ---- the config --------------------------------------------------------- */

static int write_config(const char *dir, const struct create_opts *o,
			const struct create_result *res, struct diag *d)
{
	struct sbuf b = { 0 };
	char path[PATH_MAX];
	uint8_t mac[6];
	time_t now = time(NULL);
	char when[64];
	FILE *f;
	int r = 0;

	strftime(when, sizeof(when), "%Y-%m-%d", gmtime(&now));
	sb_printf(&b, "# %s, made by ctr-create on %s from %s\n", o->name, when,
		  o->source == CREATE_DEBOOTSTRAP ? "debootstrap" : o->from);
	if (o->source == CREATE_DEBOOTSTRAP)
		sb_printf(&b, "# debootstrap suite: %s\n", o->from);
	sb_printf(&b, "# See ctr.conf(5).  The built-in seccomp policy and device list apply\n"
		      "# (no lxc.seccomp.profile, no lxc.cgroup.devices lines).\n");
	sb_printf(&b, "lxc.uts.name = %s\n", o->name);
	sb_printf(&b, "lxc.rootfs.path = dir:%s/rootfs\n", dir);
	sb_printf(&b, "lxc.mount.fstab = %s/fstab\n", dir);
	sb_printf(&b, "lxc.mount.auto = proc:mixed sys:ro cgroup:mixed\n");
	sb_printf(&b, "lxc.autodev = 1\n");
	sb_printf(&b, "lxc.tty.max = 1\n");
	sb_printf(&b, "lxc.pty.max = 1024\n");
	sb_printf(&b, "# the seed's drops\n");
	sb_printf(&b, "lxc.cap.drop = sys_module mac_admin mac_override sys_time\n");
	if (o->unprivileged) {
		sb_printf(&b, "lxc.idmap = u 0 %lu %lu\n", res->uid_base, SUBID_RANGE);
		sb_printf(&b, "lxc.idmap = g 0 %lu %lu\n", res->gid_base, SUBID_RANGE);
	}
	if (o->bridge) {
		mac_stable(o->name, 0, mac);
		sb_printf(&b, "lxc.net.0.type = veth\n");
		sb_printf(&b, "lxc.net.0.link = %s\n", o->bridge);
		sb_printf(&b, "lxc.net.0.flags = up\n");
		sb_printf(&b, "lxc.net.0.name = eth0\n");
		sb_printf(&b, "lxc.net.0.hwaddr = %02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1],
			  mac[2], mac[3], mac[4], mac[5]);
	}
	if (b.oom) {
		free(b.s);
		return -ENOMEM;
	}
	snprintf(path, sizeof(path), "%s/fstab", dir);
	f = fopen(path, "wxe");
	if (f)
		r = fclose(f) ? NEG_ERRNO() : 0;
	else
		r = NEG_ERRNO();
	snprintf(path, sizeof(path), "%s/config", dir);
	if (r >= 0) {
		f = fopen(path, "wxe");
		if (!f)
			r = NEG_ERRNO();
		else if (fputs(b.s, f) < 0 || fclose(f) != 0)
			r = NEG_ERRNO();
	}
	free(b.s);
	if (r < 0)
		diag_set(d, path, 0, NULL, "cannot write it (%s)", strerror(-r));
	return r;
}

/* ---- create and destroy ------------------------------------------------- */

/* What a failed create or copy made: LXCPATH/NAME, all of it. */
static void made_remove(const char *lxcpath, const char *name)
{
	_cleanup_close_ int parent = open(lxcpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (parent >= 0)
		(void)fs_remove_tree(parent, name);
}

/* SYSCONFDIR/lxc/NAME.conf -> the new config, as the seed links it; on
 * failure res->link is dropped (nothing to remove). */
static int config_link(struct create_result *res, const char *sysconf, struct diag *d)
{
	char etc_lxc[PATH_MAX];
	int r;

	if (!res->link)
		return 0;
	snprintf(etc_lxc, sizeof(etc_lxc), "%s/lxc", sysconf);
	r = fs_mkdir_p(etc_lxc, 0755);
	if (r >= 0 && symlink(res->config, res->link) < 0)
		r = NEG_ERRNO();
	if (r < 0) {
		diag_set(d, res->link, 0, NULL, "cannot link it to '%s' (%s)", res->config,
			 strerror(-r));
		free(res->link);
		res->link = NULL;
	}
	return r;
}

int create_container(const struct create_opts *o, struct create_result *ret, struct diag *d)
{
	struct create_result res = { 0 };
	_cleanup_close_ int rootfd = -EBADF;
	_cleanup_close_ int cwd = -EBADF;
	_cleanup_free_ char *rootfs = NULL;
	const char *lxcpath = o->lxcpath ? o->lxcpath : create_lxcpath();
	const char *sysconf = o->sysconfdir ? o->sysconfdir : CTR_SYSCONFDIR;
	struct fill fill = { .o = o, .res = &res, .d = d, .what = o->from };
	bool made_dir = false;
	struct stat st;
	int r;

	if (!name_ok(o->name)) {
		diag_set(
			d, NULL, 0, "--name",
			"bad container name '%s' (letters, digits, '-', '_' and '.', at most 64, not starting with '.' or '-')",
			o->name ? o->name : "");
		return -EINVAL;
	}
	if (asprintf(&res.dir, "%s/%s", lxcpath, o->name) < 0 ||
	    asprintf(&res.config, "%s/config", res.dir) < 0 ||
	    asprintf(&rootfs, "%s/rootfs", res.dir) < 0 ||
	    (*sysconf && asprintf(&res.link, "%s/lxc/%s.conf", sysconf, o->name) < 0)) {
		create_result_clear(&res);
		return -ENOMEM;
	}
	if (res.link && lstat(res.link, &st) == 0) {
		diag_set(d, res.link, 0, NULL, "a container named '%s' exists already", o->name);
		r = -EEXIST;
		goto fail;
	}
	if (o->source == CREATE_FROM_TARBALL && access(o->from, R_OK) < 0) {
		r = NEG_ERRNO();
		diag_set(d, o->from, 0, "--from", "cannot read the tarball (%s)", strerror(-r));
		goto fail;
	}
	if (o->source == CREATE_FROM_DIR && (stat(o->from, &st) < 0 || !S_ISDIR(st.st_mode))) {
		r = errno && !S_ISDIR(st.st_mode) ? NEG_ERRNO() : -ENOTDIR;
		diag_set(d, o->from, 0, "--from-dir", "not a directory to copy");
		goto fail;
	}
	if (o->unprivileged) {
		char su[PATH_MAX], sg[PATH_MAX];
		snprintf(su, sizeof(su), "%s/subuid", *sysconf ? sysconf : CTR_SYSCONFDIR);
		snprintf(sg, sizeof(sg), "%s/subgid", *sysconf ? sysconf : CTR_SYSCONFDIR);
		if (subid_base(su, &res.uid_base) < 0 || subid_base(sg, &res.gid_base) < 0) {
			diag_set(
				d, su, 0, "--unprivileged",
				"no range of %lu ids for root in subuid and subgid (add 'root:100000:65536' to both)",
				SUBID_RANGE);
			r = -ENOENT;
			goto fail;
		}
	}
	r = fs_mkdir_p(lxcpath, 0755);
	if (r < 0) {
		diag_set(d, lxcpath, 0, "-P", "cannot make the container directory's parent (%s)",
			 strerror(-r));
		goto fail;
	}
	if (mkdir(res.dir, 0755) < 0) {
		r = NEG_ERRNO();
		if (r == -EEXIST)
			diag_set(d, res.dir, 0, NULL, "a container named '%s' exists already",
				 o->name);
		else
			diag_set(d, res.dir, 0, NULL, "cannot make it (%s)", strerror(-r));
		goto fail;
	}
	made_dir = true;
	if (mkdir(rootfs, 0755) < 0 ||
	    (rootfd = open(rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		r = NEG_ERRNO();
		diag_set(d, rootfs, 0, NULL, "cannot make it (%s)", strerror(-r));
		goto fail;
	}
	if (o->unprivileged && fchown(rootfd, (uid_t)res.uid_base, (gid_t)res.gid_base) < 0) {
		r = NEG_ERRNO();
		diag_set(d, rootfs, 0, NULL, "cannot give it to the container's root (%s)",
			 strerror(-r));
		goto fail;
	}

	switch (o->source) {
	case CREATE_FROM_TARBALL:
	case CREATE_FROM_DIR:
		/* libarchive writes relative to the working directory */
		cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0 || fchdir(rootfd) < 0) {
			r = NEG_ERRNO();
			goto fail;
		}
		r = o->source == CREATE_FROM_TARBALL ? fill_tarball(&fill) : fill_dir(&fill);
		if (fchdir(cwd) < 0 && r >= 0)
			r = NEG_ERRNO();
		break;
	case CREATE_DEBOOTSTRAP:
		r = fill_debootstrap(&fill, rootfs);
		if (r >= 0 && o->unprivileged)
			r = shift_tree(rootfd, res.uid_base, res.gid_base, &fill);
		break;
	}
	if (r < 0)
		goto fail;
	r = adapt_guest(rootfd, o, &res, d);
	if (r < 0)
		goto fail;
	r = write_config(res.dir, o, &res, d);
	if (r < 0)
		goto fail;
	r = config_link(&res, sysconf, d);
	if (r < 0)
		goto fail;
	*ret = res;
	return 0;

fail:
	closep(&rootfd);
	if (made_dir)
		made_remove(lxcpath, o->name);
	create_result_clear(&res);
	return r;
}

/* Removes the directory @path of a snapshot's own layer, when it lies in
 * the container's directory @dir. */
static int remove_layer(const char *path, const char *dir, struct diag *d)
{
	_cleanup_free_ char *p = strdup(path);
	_cleanup_close_ int parent = -EBADF;
	size_t dl = strlen(dir);
	char *slash = p ? strrchr(p, '/') : NULL;
	int r;

	if (!slash)
		return -ENOMEM;
	if (strncmp(path, dir, dl) != 0 || path[dl] != '/' || strchr(path + dl + 1, '/'))
		return 0; /* not the container's own: left alone */
	*slash = '\0';
	parent = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = parent < 0 ? NEG_ERRNO() : fs_remove_tree(parent, slash + 1);
	if (r < 0)
		diag_set(d, path, 0, "lxc.rootfs.path", "cannot remove the snapshot's layer (%s)",
			 r == -EXDEV ? "something is mounted inside it" : strerror(-r));
	return r;
}

/* Whether a container beside @dir (in the same lxcpath) is a snapshot with
 * @rootfs as its lower layer; *ret_name names it (caller frees). */
static bool snapshot_of(const char *rootfs, const char *dir, char **ret_name)
{
	_cleanup_free_ char *lxcpath = strdup(dir);
	_cleanup_(closedirp) DIR *dd = NULL;
	char *slash = lxcpath ? strrchr(lxcpath, '/') : NULL;
	struct dirent *e;

	if (!slash)
		return false;
	*slash = '\0';
	dd = opendir(*lxcpath ? lxcpath : "/");
	while (dd && (e = readdir(dd))) {
		_cleanup_(config_freep) struct container_config *c = NULL;
		char cp[PATH_MAX];
		if (e->d_name[0] == '.' || strcmp(e->d_name, slash + 1) == 0)
			continue;
		snprintf(cp, sizeof(cp), "%s/%s/config", lxcpath, e->d_name);
		if (access(cp, F_OK) < 0 || config_load(cp, e->d_name, &c, NULL) < 0)
			continue;
		if (c->rootfs_overlay_upper && c->rootfs) {
			_cleanup_free_ char *lower = realpath(c->rootfs, NULL);
			if (lower && strcmp(lower, rootfs) == 0) {
				*ret_name = strdup(e->d_name);
				return *ret_name != NULL;
			}
		}
	}
	return false;
}

int create_destroy(const char *name, const char *config_path, const char *sysconfdir,
		   struct diag *d)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	_cleanup_free_ char *real = NULL, *dir = NULL, *link = NULL, *fstab_real = NULL;
	_cleanup_close_ int parent = -EBADF;
	const char *sysconf = sysconfdir ? sysconfdir : CTR_SYSCONFDIR;
	char target[PATH_MAX];
	char *slash;
	ssize_t n;
	int r;

	r = config_load(config_path, name, &cfg, d);
	if (r < 0)
		return r;
	/* as LXC: a failing destroy hook keeps the container */
	r = hooks_run(cfg, CFG_HOOK_DESTROY, NULL, d);
	if (r < 0)
		return r;
	real = realpath(config_path, NULL);
	if (!real)
		return -ENOMEM;
	dir = strdup(real);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (cfg->rootfs_overlay_upper) {
		/* a snapshot: its own layer goes, the origin's rootfs stays */
		r = remove_layer(cfg->rootfs_overlay_upper, dir, d);
		if (r >= 0) {
			_cleanup_free_ char *work = strdup(cfg->rootfs_overlay_upper);
			char *s = work ? strrchr(work, '/') : NULL;
			if (!s)
				return -ENOMEM;
			strcpy(s + 1, "olwork");
			r = remove_layer(work, dir, d);
		}
		if (r < 0)
			return r;
	} else if (cfg->rootfs) {
		_cleanup_free_ char *rroot = realpath(cfg->rootfs, NULL);
		_cleanup_free_ char *snap = NULL;
		if (rroot && snapshot_of(rroot, dir, &snap)) {
			diag_set(d, cfg->path, 0, "lxc.rootfs.path",
				 "the snapshot '%s' is built on this rootfs: destroy it first",
				 snap);
			return -EBUSY;
		}
		char *rs;
		size_t rl = rroot ? strlen(rroot) : 0;
		if (rroot && (strcmp(rroot, "/") == 0 ||
			      (strncmp(dir, rroot, rl) == 0 && (dir[rl] == '/' || !dir[rl])))) {
			diag_set(
				d, cfg->path, 0, "lxc.rootfs.path",
				"refusing to remove '%s': it holds the host's or the config's own directory",
				rroot);
			return -EPERM;
		}
		if (rroot) {
			rs = strrchr(rroot, '/');
			*rs = '\0';
			parent = open(*rroot ? rroot : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			r = parent < 0 ? NEG_ERRNO() : fs_remove_tree(parent, rs + 1);
			if (r < 0) {
				*rs = '/';
				diag_set(d, rroot, 0, "lxc.rootfs.path",
					 "cannot remove the rootfs (%s)",
					 r == -EXDEV ? "something is mounted inside it"
						     : strerror(-r));
				return r;
			}
		}
	}
	/* the fstab goes when it is the container's own, beside its config */
	if (cfg->mount_fstab && (fstab_real = realpath(cfg->mount_fstab, NULL)) &&
	    strncmp(fstab_real, dir, strlen(dir)) == 0 && fstab_real[strlen(dir)] == '/' &&
	    !strchr(fstab_real + strlen(dir) + 1, '/'))
		unlink(fstab_real);
	if (unlink(real) < 0 && errno != ENOENT) {
		r = NEG_ERRNO();
		diag_set(d, real, 0, NULL, "cannot remove the config (%s)", strerror(-r));
		return r;
	}
	if (*sysconf && asprintf(&link, "%s/lxc/%s.conf", sysconf, name) >= 0 &&
	    (n = readlink(link, target, sizeof(target) - 1)) > 0) {
		target[n] = '\0';
		if (strcmp(target, real) == 0 || strcmp(target, config_path) == 0)
			unlink(link);
	}
	if (strcmp(config_path, real) != 0 &&
	    (n = readlink(config_path, target, sizeof(target) - 1)) > 0)
		unlink(config_path);
	rmdir(dir); /* only when nothing else is left in it */
	return 0;
}

/* ---- copies and snapshots ----------------------------------------------- */

static bool key_is(const char *key, size_t klen, const char *a, const char *b)
{
	return (strlen(a) == klen && !strncmp(key, a, klen)) ||
	       (b && strlen(b) == klen && !strncmp(key, b, klen));
}

/* The origin's config, rewritten line by line for the copy: comments,
 * includes and every other key kept as written. */
static int copy_config_text(const char *text, const struct copy_opts *o,
			    const struct container_config *src, const char *src_dir,
			    const char *dir, struct sbuf *out)
{
	size_t sdl = strlen(src_dir);
	int legacy_net = -1;

	sb_printf(out, "# %s: a %s of %s made by ctr-copy\n", o->newname,
		  o->snapshot ? "snapshot" : "copy", o->name);
	for (const char *line = text; line && *line;) {
		size_t n = strcspn(line, "\n");
		const char *k = line + strspn(line, " \t"), *eq, *v;
		size_t klen;
		char vbuf[PATH_MAX];

		eq = memchr(line, '=', n);
		if (*k == '#' || !eq) {
			sb_printf(out, "%.*s\n", (int)n, line);
			goto next;
		}
		klen = (size_t)(eq - k);
		while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
			klen--;
		v = eq + 1 + strspn(eq + 1, " \t");
		snprintf(vbuf, sizeof(vbuf), "%.*s", (int)(line + n - v), v);
		if (key_is(k, klen, "lxc.network.type", NULL))
			legacy_net++;
		if (key_is(k, klen, "lxc.uts.name", "lxc.utsname")) {
			sb_printf(out, "%.*s = %s\n", (int)klen, k, o->newname);
		} else if (key_is(k, klen, "lxc.rootfs.path", "lxc.rootfs")) {
			if (o->snapshot)
				sb_printf(out, "lxc.rootfs.path = overlay:%s:%s/delta0\n",
					  src->rootfs, dir);
			else
				sb_printf(out, "lxc.rootfs.path = dir:%s/rootfs\n", dir);
		} else if ((klen > 8 && !strncmp(k, "lxc.net.", 8) &&
			    !strncmp(k + klen - 7, ".hwaddr", 7)) ||
			   key_is(k, klen, "lxc.network.hwaddr", NULL)) {
			uint8_t mac[6];
			unsigned idx = legacy_net < 0 ? 0 : (unsigned)legacy_net;
			if (!strncmp(k, "lxc.net.", 8))
				idx = (unsigned)strtoul(k + 8, NULL, 10);
			mac_stable(o->newname, idx, mac);
			sb_printf(out, "%.*s = %02x:%02x:%02x:%02x:%02x:%02x\n", (int)klen, k,
				  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		} else if ((klen > 8 && !strncmp(k, "lxc.net.", 8) &&
			    !strncmp(k + klen - 10, ".veth.pair", 10)) ||
			   key_is(k, klen, "lxc.network.veth.pair", NULL)) {
			sb_printf(out,
				  "# %.*s  # ctr-copy: a pair name is derived from the new name\n",
				  (int)n, line);
		} else if (!o->snapshot && !strncmp(vbuf, src_dir, sdl) && vbuf[sdl] == '/') {
			/* a path of the origin's own directory: the copy's */
			sb_printf(out, "%.*s = %s%s\n", (int)klen, k, dir, vbuf + sdl);
		} else if (!o->snapshot && key_is(k, klen, "lxc.mount.entry", NULL) &&
			   src->rootfs && strstr(vbuf, src->rootfs)) {
			char *at = strstr(vbuf, src->rootfs);
			sb_printf(out, "%.*s = %.*s%s/rootfs%s\n", (int)klen, k, (int)(at - vbuf),
				  vbuf, dir, at + strlen(src->rootfs));
		} else if (key_is(k, klen, "lxc.mount.fstab", "lxc.mount") &&
			   !strncmp(vbuf, src_dir, sdl) && vbuf[sdl] == '/') {
			sb_printf(out, "%.*s = %s%s\n", (int)klen, k, dir, vbuf + sdl);
		} else {
			sb_printf(out, "%.*s\n", (int)n, line);
		}
next:
		line += n;
		if (*line)
			line++;
	}
	return out->oom ? -ENOMEM : 0;
}

/* The fstab beside the origin's config, for the copy: the origin's rootfs
 * in mount targets becomes the copy's (a snapshot keeps the path, where its
 * overlay is mounted). */
static int copy_fstab(const struct container_config *src, const char *src_dir, const char *dir,
		      bool snapshot)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int sfd = -EBADF;
	struct sbuf out = { 0 };
	size_t len;
	char path[PATH_MAX];
	FILE *f;
	int r;

	if (!src->mount_fstab || strncmp(src->mount_fstab, src_dir, strlen(src_dir)) != 0)
		return 0;
	sfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = fs_read_in_root(sfd, src->mount_fstab + 1, 1 << 20, &text, &len);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	for (char *line = text, *next; line && *line; line = next) {
		size_t n = strcspn(line, "\n");
		char *at = snapshot || !src->rootfs ? NULL : strstr(line, src->rootfs);
		next = line[n] ? line + n + 1 : NULL;
		line[n] = '\0';
		if (at)
			sb_printf(&out, "%.*s%s/rootfs%s\n", (int)(at - line), line, dir,
				  at + strlen(src->rootfs));
		else
			sb_printf(&out, "%s\n", line);
	}
	if (out.oom)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s%s", dir, src->mount_fstab + strlen(src_dir));
	f = fopen(path, "wxe");
	r = !f ? NEG_ERRNO() : (fputs(out.s ? out.s : "", f) < 0) | fclose(f) ? -EIO : 0;
	free(out.s);
	return r;
}

/* A snapshot's /etc/hostname and hosts, written into its own layer from
 * the origin's. */
static int snapshot_names(const char *lower, const char *upper, const char *name)
{
	_cleanup_close_ int lfd = open(lower, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int ufd = open(upper, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int etc = -EBADF;
	_cleanup_free_ char *hosts = NULL;
	struct stat st;
	size_t len;
	char text[128];
	int r;

	if (lfd < 0 || ufd < 0)
		return NEG_ERRNO();
	etc = fs_open_in_root(lfd, "etc", O_PATH | O_DIRECTORY);
	if (etc < 0)
		return 0; /* no /etc in the origin: nothing to name */
	if (fstat(etc, &st) < 0 || mkdirat(ufd, "etc", st.st_mode & 07777) < 0 ||
	    fchownat(ufd, "etc", st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return NEG_ERRNO();
	snprintf(text, sizeof(text), "%s\n", name);
	r = write_text(ufd, "etc/hostname", text, 0644, st.st_uid, st.st_gid);
	if (r < 0)
		return r;
	r = fs_read_in_root(lfd, "etc/hosts", 1 << 20, &hosts, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	r = write_text(ufd, "etc/hosts", hosts, 0644, st.st_uid, st.st_gid);
	return r < 0 ? r : adapt_hosts(ufd, name, st.st_uid, st.st_gid);
}

/* The copy's clone hooks, as LXC runs them: with its rootfs mounted (a
 * snapshot's overlay over the origin's path, in a mount namespace of the
 * hooks' own, as ctr-start mounts it). */
static int copy_clone_hooks(const struct copy_opts *o, const char *config, struct diag *d)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	struct hook_env env = { .src_name = o->name, .args = o->hook_args };
	_cleanup_free_ char *opts = NULL;
	_cleanup_close_ int rd = -EBADF, wr = -EBADF;
	int fds[2], status, r;
	struct diag cd = { 0 };
	pid_t pid;
	char *slash;

	r = config_load(config, o->newname, &cfg, d);
	if (r < 0 || !cfg->n_hooks[CFG_HOOK_CLONE])
		return r;
	if (!cfg->rootfs_overlay_upper)
		return hooks_run(cfg, CFG_HOOK_CLONE, &env, d);
	slash = strrchr(cfg->rootfs_overlay_upper, '/');
	if (asprintf(&opts, "lowerdir=%s,upperdir=%s,workdir=%.*s/olwork", cfg->rootfs,
		     cfg->rootfs_overlay_upper, (int)(slash - cfg->rootfs_overlay_upper),
		     cfg->rootfs_overlay_upper) < 0)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return NEG_ERRNO();
	rd = fds[0];
	wr = fds[1];
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return NEG_ERRNO();
	if (pid == 0) {
		r = 0;
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("overlay", cfg->rootfs, "overlay", 0, opts) < 0) {
			r = NEG_ERRNO();
			diag_set(&cd, cfg->path, 0, "lxc.rootfs.path",
				 "cannot mount the snapshot's rootfs for its clone hooks (%s)",
				 strerror(-r));
		}
		if (r >= 0)
			r = hooks_run(cfg, CFG_HOOK_CLONE, &env, &cd);
		if (r < 0 && write(wr, &cd, sizeof(cd)) != (ssize_t)sizeof(cd))
			_exit(1);
		_exit(r < 0 ? 1 : 0);
	}
	close(TAKE_FD(wr));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NEG_ERRNO();
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (read(rd, &cd, sizeof(cd)) == (ssize_t)sizeof(cd)) {
		cd.file[sizeof(cd.file) - 1] = cd.key[sizeof(cd.key) - 1] =
			cd.msg[sizeof(cd.msg) - 1] = 0;
		if (d)
			*d = cd;
	} else {
		diag_set(d, cfg->path, 0, NULL, "the clone hooks' process failed");
	}
	return -ECANCELED;
}

int create_copy(const struct copy_opts *o, struct create_result *ret, struct diag *d)
{
	_cleanup_(config_freep) struct container_config *src = NULL;
	_cleanup_free_ char *real = NULL, *src_dir = NULL, *text = NULL, *upper = NULL;
	const char *lxcpath = o->lxcpath ? o->lxcpath : create_lxcpath();
	const char *sysconf = o->sysconfdir ? o->sysconfdir : CTR_SYSCONFDIR;
	struct create_result res = { 0 };
	struct create_opts co = { .name = o->newname, .source = CREATE_FROM_DIR };
	struct sbuf cfgtext = { 0 };
	bool made_dir = false;
	struct stat st;
	size_t len;
	int r;

	if (!name_ok(o->newname)) {
		diag_set(d, NULL, 0, "--newname", "bad container name '%s'",
			 o->newname ? o->newname : "");
		return -EINVAL;
	}
	r = config_load(o->config, o->name, &src, d);
	if (r < 0)
		return r;
	if (!src->rootfs || !*src->rootfs) {
		diag_set(d, o->config, 0, "lxc.rootfs.path", "the container has no rootfs to copy");
		return -EINVAL;
	}
	if (src->rootfs_overlay_upper) {
		diag_set(
			d, o->config, 0, "lxc.rootfs.path",
			"'%s' is itself a snapshot: copy its origin, or copy it once stopped with a full copy of the origin",
			o->name);
		return -EOPNOTSUPP;
	}
	real = realpath(o->config, NULL);
	src_dir = real ? strdup(real) : NULL;
	if (!src_dir)
		return -ENOMEM;
	*strrchr(src_dir, '/') = '\0';
	{
		_cleanup_close_ int cfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		r = fs_read_in_root(cfd, real + 1, 1 << 20, &text, &len);
		if (r < 0) {
			diag_set(d, real, 0, NULL, "cannot read it (%s)", strerror(-r));
			return r;
		}
	}
	if (asprintf(&res.dir, "%s/%s", lxcpath, o->newname) < 0 ||
	    asprintf(&res.config, "%s/config", res.dir) < 0 ||
	    (*sysconf && asprintf(&res.link, "%s/lxc/%s.conf", sysconf, o->newname) < 0))
		goto nomem;
	if (res.link && lstat(res.link, &st) == 0) {
		diag_set(d, res.link, 0, NULL, "a container named '%s' exists already", o->newname);
		r = -EEXIST;
		goto fail;
	}
	r = fs_mkdir_p(lxcpath, 0755);
	if (r >= 0 && mkdir(res.dir, 0755) < 0)
		r = NEG_ERRNO();
	if (r < 0) {
		diag_set(d, res.dir, 0, NULL,
			 r == -EEXIST ? "a container named '%s' exists already" : "cannot make it",
			 o->newname);
		goto fail;
	}
	made_dir = true;
	if (o->snapshot) {
		char work[PATH_MAX];
		if (asprintf(&upper, "%s/delta0", res.dir) < 0)
			goto nomem;
		snprintf(work, sizeof(work), "%s/olwork", res.dir);
		if (stat(src->rootfs, &st) < 0 || mkdir(upper, st.st_mode & 07777) < 0 ||
		    chown(upper, st.st_uid, st.st_gid) < 0 || mkdir(work, 0700) < 0) {
			r = NEG_ERRNO();
			diag_set(d, res.dir, 0, NULL, "cannot make the snapshot's layer (%s)",
				 strerror(-r));
			goto fail;
		}
		r = snapshot_names(src->rootfs, upper, o->newname);
		if (r < 0) {
			diag_set(d, upper, 0, NULL, "cannot name the snapshot's guest (%s)",
				 strerror(-r));
			goto fail;
		}
	} else {
		_cleanup_close_ int rootfd = -EBADF;
		_cleanup_close_ int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		char rootfs[PATH_MAX];
		struct fill fill = { .o = &co, .res = &res, .d = d, .what = src->rootfs };

		co.from = src->rootfs;
		snprintf(rootfs, sizeof(rootfs), "%s/rootfs", res.dir);
		if (stat(src->rootfs, &st) < 0 || mkdir(rootfs, st.st_mode & 07777) < 0 ||
		    (rootfd = open(rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		    cwd < 0 || fchdir(rootfd) < 0) {
			r = NEG_ERRNO();
			diag_set(d, rootfs, 0, NULL, "cannot make it (%s)", strerror(-r));
			goto fail;
		}
		r = fill_dir(&fill);
		if (fchdir(cwd) < 0 && r >= 0)
			r = NEG_ERRNO();
		if (r >= 0 && fstat(rootfd, &st) == 0) {
			_cleanup_close_ int etc =
				fs_open_in_root(rootfd, "etc", O_PATH | O_DIRECTORY);
			char text2[128];
			snprintf(text2, sizeof(text2), "%s\n", o->newname);
			if (etc >= 0) {
				r = write_text(rootfd, "etc/hostname", text2, 0644, st.st_uid,
					       st.st_gid);
				if (r >= 0)
					r = adapt_hosts(rootfd, o->newname, st.st_uid, st.st_gid);
			}
		}
		if (r < 0)
			goto fail;
	}
	r = copy_config_text(text, o, src, src_dir, res.dir, &cfgtext);
	if (r >= 0)
		r = copy_fstab(src, src_dir, res.dir, o->snapshot);
	if (r >= 0) {
		FILE *f = fopen(res.config, "wxe");
		r = !f ? NEG_ERRNO() : (fputs(cfgtext.s, f) < 0) | fclose(f) ? -EIO : 0;
	}
	free(cfgtext.s);
	if (r < 0) {
		diag_set(d, res.config, 0, NULL, "cannot write it (%s)", strerror(-r));
		goto fail;
	}
	r = config_link(&res, sysconf, d);
	if (r < 0)
		goto fail;
	r = copy_clone_hooks(o, res.config, d);
	if (r < 0) {
		/* as LXC: a failing clone hook undoes the copy */
		unlink(res.link);
		goto fail;
	}
	*ret = res;
	return 0;
nomem:
	r = -ENOMEM;
fail:
	if (made_dir)
		made_remove(lxcpath, o->newname);
	create_result_clear(&res);
	return r;
}
