// SPDX-License-Identifier: LGPL-2.1-or-later
/* AppArmor: LXC confines a container's init to a profile when the host
 * enforces AppArmor and goes on unconfined when it does not.  ctr does the
 * same for named profiles, and for "generated" (what lxc-create writes)
 * writes a profile of the container's own and loads it, as LXC's
 * src/lxc/lsm/apparmor.c does, with apparmor_parser; the rules come from
 * the abstractions LXC's package installs (abstractions/lxc/container-base,
 * the base of LXC's own lxc-container-default-cgns). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/apparmor.h"
#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/spawn.h"

#define AA_PROFILE_FILE "apparmor.profile"
#define AA_ERR_FILE "apparmor.err"
#define AA_BASE "/etc/apparmor.d/abstractions/lxc/container-base"

bool apparmor_enabled(void)
{
	_cleanup_close_ int fd =
		open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
	char c = 0;

	return fd >= 0 && read(fd, &c, 1) == 1 && c == 'Y';
}

int apparmor_check(const struct container_config *cfg, struct diag_list *notes,
		   struct diag *ret_diag)
{
	const struct cfg_origin *o = &cfg->apparmor_origin;
	const char *p = cfg->apparmor_profile;
	struct diag d;

	if (!p)
		return 0;
	if (!apparmor_enabled()) {
		if (!notes)
			return 0;
		diag_set(&d, o->file, o->line, o->key,
			 "AppArmor is not enabled on this host: the "
			 "container runs without the profile '%s', as under LXC",
			 p);
		return diag_list_add(notes, &d);
	}
	(void)ret_diag; /* "generated" is made at the start (apparmor_generated_load) */
	return 0;
}

/* True when this process runs unconfined (/proc/self/attr/current). */
static bool am_unconfined(void)
{
	_cleanup_close_ int fd = open("/proc/self/attr/current", O_RDONLY | O_CLOEXEC);
	char buf[32] = "";

	return fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 &&
	       strncmp(buf, "unconfined", 10) == 0 && (buf[10] == '\n' || buf[10] == '\0');
}

const char *apparmor_exec_profile(const struct container_config *cfg)
{
	const char *p = cfg->apparmor_profile;

	if (!p || strcmp(p, "unchanged") == 0 || !apparmor_enabled())
		return NULL;
	/* as LXC: "unconfined" when already unconfined changes nothing */
	if (strcmp(p, "unconfined") == 0 && am_unconfined())
		return NULL;
	return p;
}

int apparmor_set_exec(const char *profile)
{
	static const char *const files[] = { "/proc/self/attr/apparmor/exec",
					     "/proc/self/attr/exec" };
	char buf[512];
	int len, r = -ENOENT;

	len = snprintf(buf, sizeof(buf), "exec %s", profile);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return -ENAMETOOLONG;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_close_ int fd = open(files[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			continue;
		}
		if (write(fd, buf, (size_t)len) == len)
			return 0;
		return -errno;
	}
	return r;
}

int apparmor_generate(const struct container_config *cfg, const char *profile, char **ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	fprintf(f,
		"#include <tunables/global>\n"
		"profile \"%s\" flags=(attach_disconnected,mediate_deleted) {\n"
		"  #include <abstractions/lxc/container-base>\n",
		profile);
	if (!cfg->apparmor_allow_nesting)
		/* a devpts mount would be the host's: LXC's cgns profile */
		fputs("  deny mount fstype=devpts,\n", f);
	fputs("  mount fstype=cgroup -> /sys/fs/cgroup/**,\n"
	      "  mount fstype=cgroup2 -> /sys/fs/cgroup/**,\n",
	      f);
	if (cfg->apparmor_allow_nesting)
		/* LXC's nesting rules; without a policy namespace of its own
		 * a nested container may only enter this same profile */
		fprintf(f,
			"  #include <abstractions/lxc/start-container>\n"
			"  pivot_root,\n"
			"  ptrace,\n"
			"  signal,\n"
			"  deny /dev/.lxc/proc/** rw,\n"
			"  deny /dev/.lxc/sys/** rw,\n"
			"  mount,\n"
			"  change_profile -> \"%s\",\n",
			profile);
	for (char **l = cfg->apparmor_raw; l && *l; l++)
		fprintf(f, "  %s\n", *l);
	fputs("}\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	return 0;
}

/* apparmor_parser @op @path, its output to AA_ERR_FILE in @dirfd.
 * Returns 0, -ENOENT (no apparmor_parser), -ECANCELED (it failed) or
 * -errno. */
static int aa_parser(int dirfd, const char *op, const char *path)
{
	char *argv[] = { "apparmor_parser", (char *)op, (char *)path, NULL };
	_cleanup_close_ int err = -EBADF;
	int status, r;

	err = openat(dirfd, AA_ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		     0600);
	if (err < 0)
		return NEG_ERRNO();
	r = spawn_wait(argv, err, &status);
	if (r < 0)
		return r;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -ENOENT : -ECANCELED;
}

/* The last line apparmor_parser wrote (its warnings come first, the
 * error last), into @buf. */
static void aa_parser_said(int dirfd, char *buf, size_t len)
{
	_cleanup_free_ char *text = NULL;
	size_t n = 0;
	char *line;

	buf[0] = '\0';
	if (fs_read_in_root(dirfd, AA_ERR_FILE, 65536, &text, &n) < 0)
		return;
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	line = strrchr(text, '\n');
	snprintf(buf, len, "%s", line ? line + 1 : text);
}

int apparmor_generated_load(const struct container_config *cfg, const char *run_path,
			    char **ret_profile, struct diag *ret_diag)
{
	const struct cfg_origin *o = &cfg->apparmor_origin;
	_cleanup_free_ char *profile = NULL, *text = NULL, *path = NULL, *rundir = NULL;
	_cleanup_close_ int dirfd = -EBADF;
	char said[256];
	char *slash;
	int r;

	rundir = strdup(run_path);
	if (!rundir)
		return -ENOMEM;
	slash = strrchr(rundir, '/');
	if (slash && slash != rundir)
		*slash = '\0';
	/* LXC's "lxc-NAME_<LXCPATH>", with ctr's run dir */
	if (asprintf(&profile, "ctr-%s_<%s>", cfg->name, rundir) < 0 ||
	    asprintf(&path, "%s/" AA_PROFILE_FILE, run_path) < 0)
		return -ENOMEM;
	if (access(AA_BASE, R_OK) < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, o->file, o->line, o->key,
			 "cannot generate an AppArmor profile without LXC's rules '%s' (%s; "
			 "install LXC's package or name a profile)",
			 AA_BASE, strerror(-r));
		return r;
	}
	r = apparmor_generate(cfg, profile, &text);
	if (r < 0)
		return r;
	dirfd = open(run_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return NEG_ERRNO();
	r = fs_write_in_root(dirfd, AA_PROFILE_FILE, text, strlen(text), 0600);
	if (r < 0) {
		diag_set(ret_diag, o->file, o->line, o->key, "cannot write '%s' (%s)", path,
			 strerror(-r));
		return r;
	}
	r = aa_parser(dirfd, "-r", path);
	if (r < 0) {
		aa_parser_said(dirfd, said, sizeof(said));
		if (r == -ENOENT)
			diag_set(ret_diag, o->file, o->line, o->key,
				 "cannot use a generated AppArmor profile: apparmor_parser is "
				 "not installed");
		else
			diag_set(ret_diag, o->file, o->line, o->key,
				 "cannot load the generated AppArmor profile '%s' (%s)", path,
				 *said ? said : strerror(-r));
		unlinkat(dirfd, AA_PROFILE_FILE, 0);
		unlinkat(dirfd, AA_ERR_FILE, 0);
		return r;
	}
	unlinkat(dirfd, AA_ERR_FILE, 0);
	*ret_profile = TAKE_PTR(profile);
	return 0;
}

void apparmor_generated_unload(const char *run_path)
{
	_cleanup_close_ int dirfd = open(run_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_free_ char *path = NULL;

	if (dirfd < 0 || faccessat(dirfd, AA_PROFILE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (asprintf(&path, "%s/" AA_PROFILE_FILE, run_path) >= 0)
		aa_parser(dirfd, "-R", path);
	unlinkat(dirfd, AA_PROFILE_FILE, 0);
	unlinkat(dirfd, AA_ERR_FILE, 0);
}
