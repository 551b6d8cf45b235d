// SPDX-License-Identifier: LGPL-2.1-or-later
/* The config reader: `key = value` lines, comments, trailing remarks,
 * includes, and the checks that need the whole file (fstab, networks,
 * capabilities).  The keys themselves are data in config-keys.c. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config-internal.h"
#include "ctr/cleanup.h"
#include "ctr/seccomp.h"
#include "ctr/strutil.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

/* --- mounts ---------------------------------------------------------------------- */

/* rootfs without trailing slashes: its length as a prefix. */
static size_t rootfs_len(const char *rootfs)
{
	size_t len = strlen(rootfs);

	while (len > 1 && rootfs[len - 1] == '/')
		len--;
	return len;
}

static bool under_rootfs(const char *rootfs, const char *target)
{
	size_t len = rootfs_len(rootfs);

	if (len == 1 && rootfs[0] == '/')
		return true;
	return strncmp(rootfs, target, len) == 0 && (target[len] == '/' || target[len] == '\0');
}

const char *config_mount_path(const struct container_config *cfg, const struct cfg_mount *m)
{
	const char *t = m->target;

	if (t[0] == '/' && cfg->rootfs && under_rootfs(cfg->rootfs, t)) {
		size_t len = rootfs_len(cfg->rootfs);
		if (!(len == 1 && cfg->rootfs[0] == '/'))
			t += len;
	}
	while (*t == '/')
		t++;
	return t;
}

/* --- networks ---------------------------------------------------------------------- */

const char *config_net_name(const struct cfg_net *n, char buf[static 16])
{
	if (n->name)
		return n->name;
	snprintf(buf, 16, "eth%u", n->index);
	return buf;
}

static int net_cmp(const void *a, const void *b)
{
	const struct cfg_net *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

static int finish_nets(struct cfg_ctx *ctx)
{
	struct container_config *c = ctx->cfg;

	if (c->n_nets > 1)
		qsort(c->nets, c->n_nets, sizeof(*c->nets), net_cmp);
	for (size_t i = 0; i < c->n_nets; i++) {
		struct cfg_net *n = &c->nets[i];
		char name[16];
		if (n->type == CFG_NET_NONE_SET)
			return cfg_fail_at(ctx, &n->origin,
					   "interface lxc.net.%u has no type (set "
					   "lxc.net.%u.type)",
					   n->index, n->index);
		if (n->veth_pair && n->type != CFG_NET_VETH)
			return cfg_fail_at(ctx, &n->origin,
					   "interface lxc.net.%u: veth.pair on a %s "
					   "interface",
					   n->index, cfg_net_type_name(n->type));
		if (n->macvlan_mode && n->type != CFG_NET_MACVLAN)
			return cfg_fail_at(ctx, &n->origin,
					   "interface lxc.net.%u: macvlan.mode on a "
					   "%s interface",
					   n->index, cfg_net_type_name(n->type));
		if ((n->type == CFG_NET_MACVLAN || n->type == CFG_NET_PHYS) && !n->link)
			return cfg_fail_at(ctx, &n->origin,
					   "interface lxc.net.%u: a %s interface "
					   "needs a link",
					   n->index, cfg_net_type_name(n->type));
		if (n->type == CFG_NET_NONE && c->n_nets > 1)
			return cfg_fail_at(ctx, &n->origin,
					   "interface lxc.net.%u: type none (the "
					   "host's network) cannot be combined with other "
					   "interfaces",
					   n->index);
		for (size_t j = 0; j < i; j++) {
			const struct cfg_net *o = &c->nets[j];
			char oname[16];
			if ((n->type == CFG_NET_VETH || n->type == CFG_NET_MACVLAN ||
			     n->type == CFG_NET_PHYS) &&
			    (o->type == CFG_NET_VETH || o->type == CFG_NET_MACVLAN ||
			     o->type == CFG_NET_PHYS) &&
			    strcmp(config_net_name(n, name), config_net_name(o, oname)) == 0)
				return cfg_fail_at(ctx, &n->origin,
						   "interfaces lxc.net.%u and "
						   "lxc.net.%u have the same name '%s'",
						   o->index, n->index, config_net_name(n, name));
			if (n->veth_pair && o->veth_pair && strcmp(n->veth_pair, o->veth_pair) == 0)
				return cfg_fail_at(ctx, &n->origin,
						   "interfaces lxc.net.%u and "
						   "lxc.net.%u have the same veth.pair '%s'",
						   o->index, n->index, n->veth_pair);
		}
	}
	return 0;
}

/* --- the fstab file ----------------------------------------------------------------- */

static int files_add(struct container_config *c, const char *path, const char **ret)
{
	size_t n = strv_len(c->files);

	for (size_t i = 0; i < n; i++)
		if (strcmp(c->files[i], path) == 0) {
			*ret = c->files[i];
			return 0;
		}
	if (strv_add(&c->files, path) < 0)
		return -ENOMEM;
	*ret = c->files[n];
	return 0;
}

static int mounts_add(struct container_config *c, struct cfg_mount *m)
{
	struct cfg_mount *nv = realloc(c->mounts, (c->n_mounts + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	c->mounts = nv;
	c->mounts[c->n_mounts++] = *m;
	*m = (struct cfg_mount){ 0 };
	return 0;
}

static int read_fstab(struct cfg_ctx *ctx)
{
	struct container_config *c = ctx->cfg;
	const struct cfg_origin *o = &c->mount_fstab_origin;
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	const char *file;
	unsigned line = 0;
	struct stat st;
	int r;

	f = fopen(c->mount_fstab, "re");
	if (!f)
		return cfg_fail_at(ctx, o, "cannot read fstab '%s' named by '%s' (%s)",
				   c->mount_fstab, o->key, strerror(errno));
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode))
		return cfg_fail_at(ctx, o,
				   "cannot read fstab '%s' named by '%s' (not a regular file)",
				   c->mount_fstab, o->key);
	if ((r = files_add(c, c->mount_fstab, &file)) < 0)
		return r;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		struct cfg_mount m = { 0 };
		const char *why = NULL;
		char whybuf[256];
		char *s = buf;
		line++;
		if ((size_t)len != strlen(buf))
			return cfg_fail_at(ctx, &(struct cfg_origin){ file, line, o->key },
					   "a NUL byte in the line");
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		r = cfg_mount_parse(s, &m, &why, whybuf, sizeof(whybuf));
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			return cfg_fail_at(ctx, &(struct cfg_origin){ file, line, o->key },
					   "invalid fstab line '%s' (%s)", s, why);
		m.origin = (struct cfg_origin){ .file = file, .line = line, .key = o->key };
		if ((r = mounts_add(c, &m)) < 0) {
			cfg_mount_clear(&m);
			return r;
		}
	}
	return 0;
}

/* lxc.seccomp.profile: the policy is read and checked here, so that
 * ctr-config reports its errors with the policy's own file and line (what
 * libseccomp refuses of it, container_config_check reports). */
static int read_seccomp(struct cfg_ctx *ctx)
{
	struct container_config *c = ctx->cfg;
	const struct cfg_origin *o = &c->seccomp_origin;
	size_t first = c->ignored.n;
	const char *file;
	struct diag d = { 0 };
	int r;

	if (c->seccomp_off) {
		diag_set(&d, o->file, o->line, o->key,
			 "seccomp is off: the container runs without "
			 "a system call filter (kexec_load, open_by_handle_at, init_module and "
			 "keyctl reach the kernel)");
		return diag_list_add(&c->ignored, &d);
	}
	if (!c->seccomp_profile)
		return 0;
	r = seccomp_policy_load(c->seccomp_profile, &c->seccomp, &c->ignored, &d);
	if (r == -ENOMEM)
		return r;
	if (r < 0 && !d.file[0])
		return cfg_fail_at(ctx, o, "%s", d.msg);
	if (r < 0) {
		snprintf(d.key, sizeof(d.key), "%s", o->key);
		if (ctx->diag)
			*ctx->diag = d;
		return r;
	}
	if ((r = files_add(c, c->seccomp_profile, &file)) < 0)
		return r;
	for (size_t i = first; i < c->ignored.n; i++)
		snprintf(c->ignored.v[i].key, sizeof(c->ignored.v[i].key), "%s", o->key);
	return 0;
}

/* The checks that need the whole file. */
int cfg_finish(struct cfg_ctx *ctx)
{
	struct container_config *c = ctx->cfg;
	int r;

	if (c->mount_fstab && (r = read_fstab(ctx)) < 0)
		return r;
	if ((r = read_seccomp(ctx)) < 0)
		return r;
	for (size_t i = 0; i < ctx->n_entries; i++)
		if ((r = mounts_add(c, &ctx->entries[i])) < 0)
			return r;
	ctx->n_entries = 0;
	if (c->rootfs)
		for (size_t i = 0; i < c->n_mounts; i++) {
			const struct cfg_mount *m = &c->mounts[i];
			if (m->target[0] == '/' && !under_rootfs(c->rootfs, m->target))
				return cfg_fail_at(ctx, &m->origin,
						   "mount target '%s' is outside the "
						   "rootfs '%s' (write it under the rootfs or "
						   "relative to it)",
						   m->target, c->rootfs);
		}

	if (c->cap_keep_set && c->cap_drop)
		return cfg_fail_at(ctx, &c->cap_origin,
				   "lxc.cap.drop and lxc.cap.keep together (use "
				   "one of them)");
	if (c->cap_keep_set ? !((c->cap_keep >> CAP_SYS_BOOT) & 1)
			    : (c->cap_drop >> CAP_SYS_BOOT) & 1) {
		/* the seed drops it: a config check says what that costs */
		const struct cfg_origin *o = c->cap_keep_set ? &c->cap_origin : &ctx->sys_boot_drop;
		struct diag d;
		diag_set(&d, o->file, o->line, c->cap_keep_set ? "lxc.cap.keep" : "lxc.cap.drop",
			 "without sys_boot, reboot and poweroff inside the container end its init "
			 "without a restart (reboot(2) needs CAP_SYS_BOOT); ctr-stop -r reboots it "
			 "from the host");
		if ((r = diag_list_add(&c->notes, &d)) < 0)
			return r;
	}
	if (ctx->cgroup_auto) {
		bool admin = c->cap_keep_set ? (c->cap_keep >> CAP_SYS_ADMIN) & 1
					     : !((c->cap_drop >> CAP_SYS_ADMIN) & 1);
		c->auto_cgroup = admin ? CFG_AUTO_CGROUP_RW : CFG_AUTO_CGROUP_MIXED;
	}
	return finish_nets(ctx);
}

/* --- reading ------------------------------------------------------------------------- */

static int read_path(struct cfg_ctx *ctx, const char *path, bool top);

/* The file or directory an lxc.include in @file names: relative to @file's
 * directory, without doubled or trailing slashes. */
static int include_path(const char *file, const char *value, char **ret)
{
	const char *slash = strrchr(file, '/');
	char *p, *w;

	if (*value != '/' && slash) {
		if (asprintf(&p, "%.*s/%s", (int)(slash - file), file, value) < 0)
			return -ENOMEM;
	} else if (!(p = strdup(value)))
		return -ENOMEM;
	w = p;
	for (const char *r = p; *r; r++)
		if (!(*r == '/' && w > p && w[-1] == '/'))
			*w++ = *r;
	while (w > p + 1 && w[-1] == '/')
		w--;
	*w = '\0';
	*ret = p;
	return 0;
}

static int do_include(struct cfg_ctx *ctx, const char *value)
{
	_cleanup_free_ char *path = NULL;
	const char *fail_file = ctx->file;
	unsigned fail_line = ctx->line;
	const char *fail_key = ctx->key;
	struct stat st;
	int r;

	if (ctx->flags & CONFIG_LOAD_NO_FILES)
		return cfg_fail(ctx, "'lxc.include' is not allowed here (no file access)");
	if (!*value)
		return cfg_fail(ctx, "'lxc.include' needs a file or directory");
	if ((r = include_path(ctx->file, value, &path)) < 0)
		return r;

	if (stat(path, &st) < 0) {
		/* LXC reads a directory named with a trailing slash and
		 * skips it when it is missing: userns.conf names
		 * userns.conf.d/, which no package ships. */
		if (errno == ENOENT && value[strlen(value) - 1] == '/')
			return 0;
		return cfg_fail(ctx, "cannot include '%s' (%s)", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		struct dirent **ents = NULL;
		int n = scandir(path, &ents, NULL, alphasort);
		if (n < 0)
			return cfg_fail(ctx, "cannot include '%s' (%s)", path, strerror(errno));
		r = 0;
		for (int i = 0; i < n; i++) {
			const char *d = ents[i]->d_name;
			size_t len = strlen(d);
			if (r == 0 && d[0] != '.' && len > 5 && strcmp(d + len - 5, ".conf") == 0) {
				char *p;
				if (asprintf(&p, "%s/%s", path, d) < 0)
					r = -ENOMEM;
				else {
					r = read_path(ctx, p, false);
					free(p);
				}
			}
			free(ents[i]);
		}
		free(ents);
	} else
		r = read_path(ctx, path, false);
	ctx->file = fail_file;
	ctx->line = fail_line;
	ctx->key = fail_key;
	return r;
}

/* Drops the warning an earlier line of @k left in @l. */
static void ignored_forget(struct diag_list *l, const struct cfg_key *k)
{
	size_t j = 0;

	for (size_t i = 0; i < l->n; i++) {
		const char *key = l->v[i].key;
		if (strcmp(key, k->modern) == 0 || (k->legacy && strcmp(key, k->legacy) == 0))
			continue;
		l->v[j++] = l->v[i];
	}
	l->n = j;
}

/* Splits one line into key and value and applies it. */
static int parse_line(struct cfg_ctx *ctx, char *s)
{
	const struct cfg_key *k;
	char *eq, *key, *value, *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return 0;
	eq = strchr(s, '=');
	key = s;
	if (!eq) {
		end = s + strlen(s);
		while (end > s && isspace((unsigned char)end[-1]))
			*--end = '\0';
		ctx->key = cfg_intern(ctx->cfg, key);
		if (!ctx->key)
			return -ENOMEM;
		return cfg_fail(ctx, "missing '=' after '%s' (expected KEY = VALUE)", key);
	}
	*eq = '\0';
	for (end = eq; end > key && isspace((unsigned char)end[-1]);)
		*--end = '\0';
	value = eq + 1;
	while (isspace((unsigned char)*value))
		value++;
	/* A value ends before a blank followed by '#': the seed's remarks. */
	for (char *p = value; *p; p++)
		if (*p == '#' && p > value && isspace((unsigned char)p[-1])) {
			*p = '\0';
			break;
		}
	for (end = value + strlen(value); end > value && isspace((unsigned char)end[-1]);)
		*--end = '\0';
	if (*value == '#')
		*value = '\0';

	ctx->key = cfg_intern(ctx->cfg, key);
	if (!ctx->key)
		return -ENOMEM;
	if (!*key)
		return cfg_fail(ctx, "missing key before '=' (expected KEY = VALUE)");
	for (const char *p = key; *p; p++)
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			return cfg_fail(ctx, "invalid key '%s' (a blank or control character)",
					key);
	ctx->sub = NULL;
	ctx->net_index = -1;
	k = cfg_key_lookup(ctx, key);
	if (!k)
		return cfg_unknown_key(ctx, key);
	switch (k->kind) {
	case CFG_KEY_SET:
		if (strcmp(k->modern, "lxc.include") == 0)
			return do_include(ctx, value);
		return k->set(ctx, k, value);
	case CFG_KEY_IGNORED_IF: {
		bool safe = false;
		if (!*k->safe)
			safe = !*value;
		else
			safe = strcmp(value, k->safe) == 0 || !*value;
		if (!safe)
			return cfg_fail(ctx, "unsupported value '%s' for '%s' (%s)", value, key,
					k->doc);
	}
		/* fall through */
	case CFG_KEY_IGNORED: {
		struct diag d;
		/* the last line of a key counts, as for any key, and an empty
		 * value asks for the default, which is what ctr does: LXC's
		 * common.conf sets lxc.tty.dir and debian.common.conf empties
		 * it, which is one warning too many, not two */
		ignored_forget(&ctx->cfg->ignored, k);
		if (!*value)
			return 0;
		diag_set(&d, ctx->file, ctx->line, ctx->key, "ignored key '%s' (%s)", key, k->doc);
		return diag_list_add(&ctx->cfg->ignored, &d);
	}
	case CFG_KEY_UNSUPPORTED:
		return cfg_fail(ctx, "unsupported key '%s' (%s)", key, k->doc);
	}
	return 0;
}

/* After a line's error @r: 0 to read on (config_check: the error is kept
 * in ctx->errors), else @r. */
static int keep_going(struct cfg_ctx *ctx, int r)
{
	if (!ctx->errors || r == -ENOMEM)
		return r;
	ctx->n_errors++;
	if (ctx->errors->n < CONFIG_MAX_ERRORS && diag_list_add(ctx->errors, ctx->diag) < 0)
		return -ENOMEM;
	return 0;
}

static int read_stream(struct cfg_ctx *ctx, FILE *f, const char *file)
{
	_cleanup_free_ char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	const char *name;
	unsigned line = 0;
	int r;

	if ((r = files_add(ctx->cfg, file, &name)) < 0)
		return r;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		char *s = buf;
		ctx->file = name;
		ctx->line = ++line;
		ctx->key = NULL;
		if (len > CFG_MAX_LINE) {
			if ((r = keep_going(ctx, cfg_fail(ctx, "line longer than %d bytes",
							  CFG_MAX_LINE))) < 0)
				return r;
			continue;
		}
		/* a file that grows while it is read, or a stream */
		ctx->n_bytes += (size_t)len;
		if (ctx->n_bytes > CFG_MAX_BYTES)
			return cfg_fail(ctx,
					"the config is larger than %u bytes in all (its "
					"includes counted)",
					CFG_MAX_BYTES);
		if ((size_t)len != strlen(buf)) {
			if ((r = keep_going(ctx, cfg_fail(ctx, "a NUL byte in the line"))) < 0)
				return r;
			continue;
		}
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		if ((r = parse_line(ctx, s)) < 0 && (r = keep_going(ctx, r)) < 0)
			return r;
	}
	if (ferror(f)) {
		ctx->line = 0;
		return cfg_fail(ctx, "cannot read '%s' (%s)", file, strerror(errno));
	}
	return 0;
}

static int read_path(struct cfg_ctx *ctx, const char *path, bool top)
{
	_cleanup_fclose_ FILE *f = NULL;
	struct stat st;
	int r;

	f = fopen(path, "re");
	if (!f) {
		r = -errno;
		if (top) /* the message names the file: no "file: " prefix */
			diag_set(ctx->diag, NULL, 0, NULL, "cannot read config '%s' (%s)", path,
				 strerror(-r));
		else
			cfg_fail(ctx, "cannot include '%s' (%s)", path, strerror(-r));
		return r;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		if (top)
			diag_set(ctx->diag, NULL, 0, NULL,
				 "cannot read config '%s' (not a regular "
				 "file)",
				 path);
		else
			cfg_fail(ctx, "cannot include '%s' (not a regular file)", path);
		return -EINVAL;
	}
	for (int i = 0; i < ctx->depth; i++)
		if (ctx->stack[i].dev == st.st_dev && ctx->stack[i].ino == st.st_ino)
			return cfg_fail(ctx, "include loop: '%s' is already being read", path);
	if (ctx->depth == CFG_MAX_DEPTH)
		return cfg_fail(ctx, "includes nested deeper than %d at '%s'", CFG_MAX_DEPTH, path);
	/* fan-out: a file that includes the next one four times, ten deep,
	 * is a million reads; stop at the include that goes over */
	if (++ctx->n_files > CFG_MAX_FILES)
		return cfg_fail(ctx,
				"include '%s' goes over %d files read for one config "
				"(includes counted each time)",
				path, CFG_MAX_FILES);
	if ((uintmax_t)st.st_size > CFG_MAX_BYTES - ctx->n_bytes) {
		if (!top)
			return cfg_fail(ctx,
					"include '%s' goes over %u bytes read for one "
					"config (it has %jd; includes counted)",
					path, CFG_MAX_BYTES, (intmax_t)st.st_size);
		diag_set(ctx->diag, NULL, 0, NULL, "config '%s' is larger than %u bytes", path,
			 CFG_MAX_BYTES);
		return -EINVAL;
	}
	ctx->stack[ctx->depth].dev = st.st_dev;
	ctx->stack[ctx->depth].ino = st.st_ino;
	ctx->depth++;
	r = read_stream(ctx, f, path);
	ctx->depth--;
	return r;
}

/* --- loading ---------------------------------------------------------------------- */

static struct container_config *config_new(void)
{
	struct container_config *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->personality = 0xffffffffUL;
	c->autodev = true;
	c->keyring_session = true;
	return c;
}

/* The name from the file: NAME.conf, or DIR/config as LXC lays out
 * /var/lib/lxc/NAME/config (and the seed /lxc/funtoo0/config). */
static char *name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	if (strcmp(base, "config") == 0 && base > path + 1) {
		const char *end = base - 1, *start = end;
		while (start > path && start[-1] != '/')
			start--;
		if (end > start)
			return strndup(start, (size_t)(end - start));
	}
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".conf") == 0)
		len -= 5;
	return strndup(base, len);
}

static void ctx_done(struct cfg_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_entries; i++)
		cfg_mount_clear(&ctx->entries[i]);
	free(ctx->entries);
}

static int load(FILE *f, const char *path, const char *name, unsigned flags,
		struct container_config **ret_cfg, struct diag *ret_diag, struct diag_list *errors)
{
	_cleanup_(config_freep) struct container_config *c = config_new();
	struct cfg_ctx ctx = {
		.diag = ret_diag, .flags = flags, .legacy_net = -1, .errors = errors
	};
	char *real;
	int r;

	if (!c)
		return -ENOMEM;
	ctx.cfg = c;
	c->name = name ? strdup(name) : name_from_path(path);
	if (!c->name) {
		diag_set(ret_diag, path, 0, "", "out of memory");
		return -ENOMEM;
	}
	real = (flags & CONFIG_LOAD_NO_FILES) ? NULL : realpath(path, NULL);
	c->path = real ? real : strdup(path);
	if (!c->path)
		return -ENOMEM;

	if (f) {
		struct stat st;
		if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
			ctx.stack[0].dev = st.st_dev;
			ctx.stack[0].ino = st.st_ino;
			ctx.depth = 1;
		}
		ctx.n_files = 1;
		r = read_stream(&ctx, f, path);
	} else
		r = read_path(&ctx, path, true);
	if (r >= 0 && (r = cfg_finish(&ctx)) < 0)
		r = keep_going(&ctx, r);
	if (r >= 0 && ctx.n_errors) {
		r = -EINVAL;
		*ret_diag = errors->v[0];
	}
	ctx_done(&ctx);
	if (r == -ENOMEM)
		diag_set(ret_diag, path, 0, "", "out of memory");
	if (r < 0) {
		if (errors && ctx.n_errors > errors->n) {
			struct diag d;
			diag_set(&d, NULL, 0, NULL, "and %zu more error%s",
				 ctx.n_errors - errors->n,
				 ctx.n_errors - errors->n == 1 ? "" : "s");
			if (diag_list_add(errors, &d) < 0)
				return -ENOMEM;
		}
		return r;
	}
	*ret_cfg = TAKE_PTR(c);
	return 0;
}

int config_load(const char *path, const char *name, struct container_config **ret_cfg,
		struct diag *ret_diag)
{
	if (!path || !ret_cfg)
		return -EINVAL;
	return load(NULL, path, name, 0, ret_cfg, ret_diag, NULL);
}

int config_check(const char *path, const char *name, struct container_config **ret_cfg,
		 struct diag_list *ret_errors)
{
	struct diag d = { 0 };
	int r;

	if (!path || !ret_cfg || !ret_errors)
		return -EINVAL;
	r = load(NULL, path, name, 0, ret_cfg, &d, ret_errors);
	/* An error that stopped the reading (an unreadable file) is the
	 * only one. */
	if (r < 0 && ret_errors->n == 0 && diag_list_add(ret_errors, &d) < 0)
		return -ENOMEM;
	return r;
}

int config_load_stream(FILE *f, const char *file, const char *name, unsigned flags,
		       struct container_config **ret_cfg, struct diag *ret_diag)
{
	if (!f || !file || !ret_cfg)
		return -EINVAL;
	return load(f, file, name, flags, ret_cfg, ret_diag, NULL);
}

void config_free(struct container_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->name);
	free(cfg->path);
	strv_free(cfg->files);
	free(cfg->uts_name);
	free(cfg->rootfs);
	free(cfg->rootfs_overlay_upper);
	free(cfg->rootfs_options);
	free(cfg->arch);
	free(cfg->console_path);
	free(cfg->cgroup_path);
	free(cfg->domain_name);
	for (size_t i = 0; i < cfg->n_devnodes; i++)
		free(cfg->devnodes[i].path);
	free(cfg->devnodes);
	free(cfg->console_logfile);
	for (size_t i = 0; i < cfg->n_cgroups; i++) {
		free(cfg->cgroups[i].key);
		free(cfg->cgroups[i].value);
	}
	free(cfg->cgroups);
	free(cfg->mount_fstab);
	for (size_t i = 0; i < cfg->n_mounts; i++)
		cfg_mount_clear(&cfg->mounts[i]);
	free(cfg->mounts);
	strv_free(cfg->init_cmd);
	free(cfg->init_cwd);
	strv_free(cfg->environment);
	free(cfg->idmaps);
	for (int t = 0; t < CFG_HOOK_MAX; t++) {
		for (size_t i = 0; i < cfg->n_hooks[t]; i++)
			free(cfg->hooks[t][i].cmd);
		free(cfg->hooks[t]);
	}
	free(cfg->apparmor_profile);
	strv_free(cfg->apparmor_raw);
	for (size_t i = 0; i < cfg->n_nets; i++)
		cfg_net_clear(&cfg->nets[i]);
	free(cfg->nets);
	diag_list_free(&cfg->ignored);
	diag_list_free(&cfg->notes);
	free(cfg->seccomp_profile);
	seccomp_policy_free(cfg->seccomp);
	free(cfg->user_groups);
	for (size_t i = 0; i < cfg->n_pool; i++)
		free(cfg->pool[i]);
	free(cfg->pool);
	free(cfg);
}
