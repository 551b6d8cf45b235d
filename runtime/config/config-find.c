// SPDX-License-Identifier: LGPL-2.1-or-later
/* Where a container's config is: the config directories (/etc/lxc/NAME.conf,
 * /etc/ctr/NAME.conf, or $CTR_CONFIG_PATH), then LXC's own place,
 * LXCPATH/NAME/config.  One lookup for every command. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"

#define LXC_DEFAULT_LXCPATH "/var/lib/lxc"

static const char *sysconfdir_default(const char *sysconfdir)
{
	const char *e = getenv("CTR_SYSCONFDIR");

	if (sysconfdir)
		return sysconfdir;
	return e && *e ? e : CTR_SYSCONFDIR;
}

const char *config_dirs(const char *sysconfdir)
{
	static char buf[2 * PATH_MAX + 16];
	const char *e = getenv("CTR_CONFIG_PATH");

	if (!sysconfdir && e && *e)
		return e;
	sysconfdir = sysconfdir_default(sysconfdir);
	snprintf(buf, sizeof(buf), "%s/lxc:%s/ctr", sysconfdir, sysconfdir);
	return buf;
}

/* lxc.lxcpath from SYSCONFDIR/lxc/lxc.conf, as LXC reads it: the last
 * "lxc.lxcpath = DIR" line.  *ret NULL when the file or the key is missing. */
static int lxc_conf_lxcpath(const char *sysconfdir, char **ret)
{
	_cleanup_free_ char *path = NULL, *line = NULL;
	_cleanup_fclose_ FILE *f = NULL;
	size_t cap = 0;
	ssize_t len;

	*ret = NULL;
	if (asprintf(&path, "%s/lxc/lxc.conf", sysconfdir) < 0)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *v, *end;
		while (isspace((unsigned char)*s))
			s++;
		if (strncmp(s, "lxc.lxcpath", 11) != 0)
			continue;
		for (v = s + 11; isspace((unsigned char)*v); v++)
			;
		if (*v != '=')
			continue;
		for (v++; isspace((unsigned char)*v); v++)
			;
		for (end = v + strlen(v); end > v && isspace((unsigned char)end[-1]);)
			*--end = '\0';
		free(*ret);
		if (!(*ret = strdup(v)))
			return -ENOMEM;
	}
	return 0;
}

int config_lxcpath(const char *sysconfdir, char **ret)
{
	const char *e = getenv("CTR_LXCPATH");
	char *p = NULL;
	int r;

	if (e && *e)
		p = strdup(e);
	else {
		r = lxc_conf_lxcpath(sysconfdir_default(sysconfdir), &p);
		if (r < 0)
			return r;
		/* A relocated config dir (tests, a chroot) has no default
		 * lxcpath: the host's /var/lib/lxc is not its. */
		if (!p && !sysconfdir && !getenv("CTR_SYSCONFDIR") && !getenv("CTR_CONFIG_PATH"))
			p = strdup(LXC_DEFAULT_LXCPATH);
		else if (!p)
			return *ret = NULL, 0;
	}
	if (!p)
		return -ENOMEM;
	/* no trailing slashes: DIR/NAME/config prints without "//" */
	for (size_t l = strlen(p); l > 1 && p[l - 1] == '/'; l--)
		p[l - 1] = '\0';
	*ret = p;
	return 0;
}

int config_set_lxcpath(const char *dir)
{
	if (!dir || !*dir)
		return -EINVAL;
	return setenv("CTR_LXCPATH", dir, 1) < 0 ? -errno : 0;
}

static bool name_valid(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

/* 1: @path is a config file (symlinks followed), 0: absent, -errno. */
static int try_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		return S_ISDIR(st.st_mode) ? -EISDIR : 1;
	return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
}

int config_find(const char *sysconfdir, const char *name, char **ret_path, struct diag *ret_diag)
{
	_cleanup_free_ char *dirs = NULL, *lxcpath = NULL, *tried = NULL;
	size_t tried_len = 0;
	FILE *t;
	char *save = NULL;
	int r;

	if (!name_valid(name)) {
		diag_set(ret_diag, NULL, 0, NULL, "invalid container name '%s'", name ? name : "");
		return -EINVAL;
	}
	if (!(dirs = strdup(config_dirs(sysconfdir))))
		return -ENOMEM;
	if ((r = config_lxcpath(sysconfdir, &lxcpath)) < 0)
		return r;
	t = open_memstream(&tried, &tried_len);
	if (!t)
		return -ENOMEM;
	for (char *d = strtok_r(dirs, ":", &save);; d = strtok_r(NULL, ":", &save)) {
		_cleanup_free_ char *p = NULL;
		if (d && asprintf(&p, "%s/%s.conf", d, name) < 0)
			r = -ENOMEM;
		else if (!d && lxcpath && asprintf(&p, "%s/%s/config", lxcpath, name) < 0)
			r = -ENOMEM;
		else if (p)
			r = try_path(p);
		if (r == 1) {
			fclose(t);
			*ret_path = TAKE_PTR(p);
			return 0;
		}
		if (r < 0) {
			fclose(t);
			if (r != -ENOMEM)
				diag_set(ret_diag, p, 0, NULL, "cannot read config '%s' (%s)", p,
					 strerror(-r));
			return r;
		}
		if (p)
			fprintf(t, "%s%s", ftell(t) ? ", " : "", p);
		if (!d)
			break;
	}
	if (fclose(t) != 0)
		return -ENOMEM;
	diag_set(ret_diag, NULL, 0, NULL, "no config for container '%s' (looked at %s)", name,
		 tried);
	return -ENOENT;
}
