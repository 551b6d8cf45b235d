// SPDX-License-Identifier: LGPL-2.1-or-later
/* The config keys as data: each key's modern and legacy name, the handler
 * that parses its value, its default and its documented format.  The man
 * page ctr.conf(5) follows this table; `ctr-config --keys` lists it. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>

#include "config-internal.h"
#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/strutil.h"

#define F(field) offsetof(struct container_config, field)
#define N(field) offsetof(struct cfg_net, field)

/* --- small parsers ----------------------------------------------------------- */

static int parse_long(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;
	const char *d = (*s == '-' || *s == '+') ? s + 1 : s;

	if (!isdigit((unsigned char)*d))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int replace_str(char **field, const char *value)
{
	char *d = NULL;

	if (*value && !(d = strdup(value)))
		return -ENOMEM;
	free(*field);
	*field = d;
	return 0;
}

/* Interface names: what the kernel's dev_valid_name accepts. */
static const char *ifname_invalid(const char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		return "empty";
	if (len > 15)
		return "longer than 15 characters";
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return "not a valid interface name";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return "contains '/', ':' or a blank";
	return NULL;
}

/* --- handlers: container ------------------------------------------------------- */

/* lxc.seccomp.profile: the file is read by cfg_finish, the last line wins. */
static int set_seccomp_profile(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	char *path = NULL;

	(void)k;
	c->seccomp_origin = cfg_here(ctx);
	c->seccomp_off = !*value || strcmp(value, "none") == 0;
	if (c->seccomp_off) {
		free(c->seccomp_profile);
		c->seccomp_profile = NULL;
		return 0;
	}
	if (ctx->flags & CONFIG_LOAD_NO_FILES)
		return cfg_fail(ctx, "'%s' is not allowed here (no file access)", ctx->key);
	if (*value != '/' && strrchr(ctx->file, '/')) {
		const char *slash = strrchr(ctx->file, '/');
		if (asprintf(&path, "%.*s/%s", (int)(slash - ctx->file), ctx->file, value) < 0)
			return -ENOMEM;
	} else if (!(path = strdup(value)))
		return -ENOMEM;
	free(c->seccomp_profile);
	c->seccomp_profile = path;
	return 0;
}

static int bad(struct cfg_ctx *ctx, const char *value, const char *why)
{
	return cfg_fail(ctx, "invalid value '%s' for '%s' (%s)", value, ctx->key, why);
}

static int set_str(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	return replace_str((char **)((char *)ctx->cfg + k->off), value);
}

static int set_abs_path(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	if (*value && *value != '/')
		return bad(ctx, value, "not an absolute path");
	return set_str(ctx, k, value);
}

static int set_uts(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	if (strlen(value) > 64)
		return bad(ctx, value, "longer than 64 characters");
	for (const char *p = value; *p; p++)
		if (isspace((unsigned char)*p) || *p == '/')
			return bad(ctx, value, "contains a blank or '/'");
	return set_str(ctx, k, value);
}

/* LXC's snapshot rootfs, overlay:LOWER:UPPER (overlayfs: before LXC 2.1):
 * the rootfs is LOWER as seen through an overlay with the writable UPPER. */
static int set_rootfs_overlay(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	const char *upper = strchr(value, ':');
	_cleanup_free_ char *lower = NULL;
	int r;

	if (!upper || upper == value || !upper[1])
		return bad(ctx, value, "not overlay:LOWER:UPPER");
	lower = strndup(value, (size_t)(upper - value));
	if (!lower)
		return -ENOMEM;
	upper++;
	if (*lower != '/' || *upper != '/')
		return bad(ctx, value, "LOWER and UPPER must be absolute paths");
	if (strchr(upper, ':') || strchr(lower, ','))
		return bad(ctx, value, "a ':' or ',' in a layer's path");
	r = replace_str(&ctx->cfg->rootfs_overlay_upper, upper);
	return r < 0 ? r : set_str(ctx, k, lower);
}

static int set_rootfs(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	const char *colon = strchr(value, ':'), *slash = strchr(value, '/');

	free(ctx->cfg->rootfs_overlay_upper);
	ctx->cfg->rootfs_overlay_upper = NULL;
	if (strncmp(value, "overlay:", 8) == 0)
		return set_rootfs_overlay(ctx, k, value + 8);
	if (strncmp(value, "overlayfs:", 10) == 0)
		return set_rootfs_overlay(ctx, k, value + 10);
	if (strncmp(value, "dir:", 4) == 0)
		value += 4;
	else if (colon && (!slash || colon < slash)) {
		char be[32];
		snprintf(be, sizeof(be), "%.*s", (int)(colon - value), value);
		return cfg_fail(ctx,
				"unsupported rootfs backend '%s' in '%s' (a directory, "
				"optionally written 'dir:PATH', or overlay:LOWER:UPPER)",
				be, ctx->key);
	}
	if (*value && *value != '/')
		return bad(ctx, value, "not an absolute path");
	return set_str(ctx, k, value);
}

/* LXC's names; the canonical one is what config_print writes. */
static const struct {
	const char *name, *canonical;
	unsigned long per;
} arches[] = {
	{ "x86_64", "x86_64", PER_LINUX },     { "amd64", "x86_64", PER_LINUX },
	{ "aarch64", "aarch64", PER_LINUX },   { "arm64", "aarch64", PER_LINUX },
	{ "linux64", "linux64", PER_LINUX },   { "ppc64", "ppc64", PER_LINUX },
	{ "ppc64le", "ppc64le", PER_LINUX },   { "ppc64el", "ppc64le", PER_LINUX },
	{ "powerpc64", "ppc64", PER_LINUX },   { "s390x", "s390x", PER_LINUX },
	{ "mips64", "mips64", PER_LINUX },     { "mips64el", "mips64el", PER_LINUX },
	{ "riscv64", "riscv64", PER_LINUX },   { "i686", "i686", PER_LINUX32 },
	{ "i586", "i686", PER_LINUX32 },       { "i486", "i686", PER_LINUX32 },
	{ "i386", "i686", PER_LINUX32 },       { "x86", "i686", PER_LINUX32 },
	{ "athlon", "i686", PER_LINUX32 },     { "linux32", "linux32", PER_LINUX32 },
	{ "armhf", "armhf", PER_LINUX32 },     { "armv7l", "armhf", PER_LINUX32 },
	{ "armv7", "armhf", PER_LINUX32 },     { "arm", "armel", PER_LINUX32 },
	{ "armel", "armel", PER_LINUX32 },     { "ppc", "powerpc", PER_LINUX32 },
	{ "powerpc", "powerpc", PER_LINUX32 }, { "mips", "mips", PER_LINUX32 },
	{ "mipsel", "mipsel", PER_LINUX32 },   { "s390", "s390", PER_LINUX32 },
};

static int set_arch(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	(void)k;
	if (!*value) {
		free(ctx->cfg->arch);
		ctx->cfg->arch = NULL;
		ctx->cfg->personality = 0xffffffffUL;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcasecmp(value, arches[i].name) == 0) {
			int r = replace_str(&ctx->cfg->arch, arches[i].canonical);
			if (r < 0)
				return r;
			ctx->cfg->personality = arches[i].per;
			return 0;
		}
	return bad(ctx, value,
		   "unknown architecture; x86_64, amd64, i686, i386, x86, "
		   "aarch64, arm64, armhf, ppc64le, s390x, ...");
}

static int set_uint(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	unsigned long v = 0;
	int r;

	if (*value && (r = str_to_ulong(value, k->max, &v)) < 0) {
		char why[64];
		if (r == -ERANGE)
			snprintf(why, sizeof(why), "larger than %lu", k->max);
		else
			snprintf(why, sizeof(why), "not a number");
		return bad(ctx, value, why);
	}
	*(unsigned *)((char *)ctx->cfg + k->off) = (unsigned)v;
	return 0;
}

static int set_int(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	long v = 0;

	if (*value && parse_long(value, -(long)k->max, (long)k->max, &v) < 0)
		return bad(ctx, value, "not a number in range");
	*(int *)((char *)ctx->cfg + k->off) = (int)v;
	return 0;
}

static int set_bool(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	bool *b = (bool *)((char *)ctx->cfg + k->off);

	if (!*value)
		*b = strcmp(k->def, "1") == 0;
	else if (strcmp(value, "0") == 0)
		*b = false;
	else if (strcmp(value, "1") == 0)
		*b = true;
	else
		return bad(ctx, value, "expected 0 or 1");
	return 0;
}

static int set_signal(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	int sig = 0;

	if (*value && (sig = signal_parse(value)) < 0)
		return bad(ctx, value, "not a signal name like SIGPWR, PWR, RTMIN+3 or a number");
	*(int *)((char *)ctx->cfg + k->off) = sig;
	return 0;
}

static int parse_cap(const char *tok, cap_value_t *ret)
{
	char name[64];
	size_t i = 0;

	if (strncasecmp(tok, "cap_", 4) != 0 && !isdigit((unsigned char)*tok))
		i = (size_t)snprintf(name, sizeof(name), "cap_");
	if (strlen(tok) + i >= sizeof(name))
		return -EINVAL;
	for (const char *p = tok; *p; p++)
		name[i++] = (char)tolower((unsigned char)*p);
	name[i] = '\0';
	if (cap_from_name(name, ret) < 0 || *ret < 0 || *ret > 63)
		return -EINVAL;
	return 0;
}

static int set_caps(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	bool keep = strcmp(k->modern, "lxc.cap.keep") == 0;
	uint64_t bits = 0;
	bool none = false;
	_cleanup_free_ char *copy = strdup(value);
	char *save = NULL;

	if (!copy)
		return -ENOMEM;
	for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		cap_value_t cv;
		if (keep && strcmp(t, "none") == 0) {
			none = true;
			bits = 0;
			continue;
		}
		if (parse_cap(t, &cv) < 0)
			return cfg_fail(ctx,
					"unknown capability '%s' in '%s' (see capabilities(7); "
					"names like sys_admin or CAP_SYS_ADMIN)",
					t, ctx->key);
		bits |= 1ULL << cv;
	}
	if (keep) {
		if (!*value) {
			c->cap_keep = 0;
			c->cap_keep_set = false;
		} else {
			if (none)
				c->cap_keep = 0;
			c->cap_keep |= bits;
			c->cap_keep_set = true;
		}
	} else {
		if (!*value)
			c->cap_drop = 0;
		c->cap_drop |= bits;
		if ((bits >> CAP_SYS_BOOT) & 1)
			ctx->sys_boot_drop = cfg_here(ctx);
	}
	c->cap_origin = cfg_here(ctx);
	return 0;
}

/* --- cgroups ------------------------------------------------------------------ */

static const char *cpulist_invalid(const char *v)
{
	const char *p = v;

	while (*p) {
		unsigned long a, b;
		char *end;
		if (!isdigit((unsigned char)*p))
			return "expected a list like 0-3,5";
		a = strtoul(p, &end, 10);
		p = end;
		if (*p == '-') {
			p++;
			if (!isdigit((unsigned char)*p))
				return "expected a list like 0-3,5";
			b = strtoul(p, &end, 10);
			p = end;
			if (b < a)
				return "a range ends before it starts";
		}
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return "expected a list like 0-3,5";
	}
	return NULL;
}

static const char *devrule_invalid(const char *v)
{
	struct cgroup_device_rule r;

	if (cgroup_device_rule_parse(v, true, &r) < 0)
		return "expected 'a' or 'TYPE MAJOR:MINOR [ACCESS]': TYPE a, b or c, MAJOR and "
		       "MINOR numbers up to 2147483647 or '*', ACCESS a combination of r, w and m";
	return NULL;
}

static const char *cgroup_value_invalid(const char *file, const char *v, char *buf, size_t len)
{
	unsigned long n;
	uint64_t sz;

	if (cgroup_file_is_size(file)) {
		if (strcmp(v, "-1") == 0 || strcmp(v, "max") == 0)
			return NULL;
		if (size_parse(v, &sz) < 0)
			return "not a size like 512M, 1G or a number of bytes (or -1, max)";
		return NULL;
	}
	if (strcmp(file, "devices.allow") == 0 || strcmp(file, "devices.deny") == 0)
		return devrule_invalid(v);
	if (strcmp(file, "cpuset.cpus") == 0 || strcmp(file, "cpuset.mems") == 0)
		return cpulist_invalid(v);
	if (strcmp(file, "cpu.shares") == 0) {
		if (str_to_ulong(v, 262144, &n) < 0 || n < 2)
			return "expected a number from 2 to 262144";
		return NULL;
	}
	if (strcmp(file, "cpu.weight") == 0) {
		if (str_to_ulong(v, 10000, &n) < 0 || n < 1)
			return "expected a number from 1 to 10000";
		return NULL;
	}
	if (strcmp(file, "blkio.weight") == 0) {
		if (str_to_ulong(v, 1000, &n) < 0 || n < 10)
			return "expected a number from 10 to 1000";
		return NULL;
	}
	if (strcmp(file, "pids.max") == 0) {
		if (strcmp(v, "max") != 0 && str_to_ulong(v, LONG_MAX, &n) < 0)
			return "expected a number or max";
		return NULL;
	}
	(void)buf;
	(void)len;
	return NULL;
}

static int set_cgroup(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	bool v2 = strcmp(k->modern, "lxc.cgroup2.") == 0;
	const char *file = ctx->sub, *why;
	struct cfg_cgroup *nv;
	char buf[128];

	/* A controller file: "controller.name", no path separators. */
	if (!strchr(file, '.') || *file == '.' || file[strlen(file) - 1] == '.')
		return cfg_fail(
			ctx,
			"invalid cgroup file in key '%s' (expected "
			"lxc.cgroup.CONTROLLER.FILE, e.g. lxc.cgroup.memory.limit_in_bytes)",
			ctx->key);
	for (const char *p = file; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return cfg_fail(ctx,
					"invalid cgroup file in key '%s' (letters, digits, "
					"'.', '_' and '-' only)",
					ctx->key);
	if (!*value) {
		/* An empty value clears what earlier lines set for this file. */
		size_t j = 0;
		for (size_t i = 0; i < c->n_cgroups; i++) {
			if (c->cgroups[i].v2 == v2 && strcmp(c->cgroups[i].key, file) == 0) {
				free(c->cgroups[i].key);
				free(c->cgroups[i].value);
				continue;
			}
			c->cgroups[j++] = c->cgroups[i];
		}
		c->n_cgroups = j;
		return 0;
	}
	if ((why = cgroup_value_invalid(file, value, buf, sizeof(buf))))
		return bad(ctx, value, why);
	nv = realloc(c->cgroups, (c->n_cgroups + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	c->cgroups = nv;
	nv += c->n_cgroups;
	*nv = (struct cfg_cgroup){ .v2 = v2, .origin = cfg_here(ctx) };
	nv->key = strdup(file);
	nv->value = strdup(value);
	if (!nv->key || !nv->value) {
		free(nv->key);
		free(nv->value);
		return -ENOMEM;
	}
	c->n_cgroups++;
	return 0;
}

/* lxc.cgroup / lxc.cgroup2 with an empty value clears all of that version. */
static int set_cgroup_clear(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	bool v2 = strcmp(k->modern, "lxc.cgroup2") == 0;
	size_t j = 0;

	if (*value)
		return cfg_fail(ctx,
				"'%s' takes no value; write lxc.cgroup.CONTROLLER.FILE = VALUE "
				"(an empty value clears every earlier cgroup line)",
				ctx->key);
	for (size_t i = 0; i < c->n_cgroups; i++) {
		if (c->cgroups[i].v2 == v2) {
			free(c->cgroups[i].key);
			free(c->cgroups[i].value);
			continue;
		}
		c->cgroups[j++] = c->cgroups[i];
	}
	c->n_cgroups = j;
	return 0;
}

/* --- mounts ------------------------------------------------------------------- */

static int set_mount_fstab(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	_cleanup_free_ char *path = NULL;

	(void)k;
	if (*value && (ctx->flags & CONFIG_LOAD_NO_FILES))
		return cfg_fail(ctx, "'%s' is not allowed here (no file access)", ctx->key);
	if (*value && *value != '/') {
		/* Relative to the directory of the file that names it. */
		const char *slash = strrchr(ctx->file, '/');
		if (slash &&
		    asprintf(&path, "%.*s/%s", (int)(slash - ctx->file), ctx->file, value) < 0)
			return -ENOMEM;
	}
	ctx->cfg->mount_fstab_origin = cfg_here(ctx);
	return replace_str(&ctx->cfg->mount_fstab, path ? path : value);
}

static int set_mount_entry(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct cfg_mount m = { 0 }, *nv;
	const char *why = NULL;
	char buf[256];
	int r;

	(void)k;
	if (!*value) {
		for (size_t i = 0; i < ctx->n_entries; i++)
			cfg_mount_clear(&ctx->entries[i]);
		ctx->n_entries = 0;
		return 0;
	}
	r = cfg_mount_parse(value, &m, &why, buf, sizeof(buf));
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return bad(ctx, value, why);
	m.origin = cfg_here(ctx);
	nv = realloc(ctx->entries, (ctx->n_entries + 1) * sizeof(*nv));
	if (!nv) {
		cfg_mount_clear(&m);
		return -ENOMEM;
	}
	ctx->entries = nv;
	ctx->entries[ctx->n_entries++] = m;
	return 0;
}

static int set_mount_auto(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	_cleanup_free_ char *copy = strdup(value);
	char *save = NULL;

	(void)k;
	if (!copy)
		return -ENOMEM;
	c->mount_auto_set = true;
	if (!*value) {
		c->auto_proc = CFG_AUTO_PROC_NONE;
		c->auto_sys = CFG_AUTO_SYS_NONE;
		c->auto_cgroup = CFG_AUTO_CGROUP_NONE;
		ctx->cgroup_auto = false;
		return 0;
	}
	for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (strcmp(t, "proc") == 0 || strcmp(t, "proc:mixed") == 0)
			c->auto_proc = CFG_AUTO_PROC_MIXED;
		else if (strcmp(t, "proc:rw") == 0)
			c->auto_proc = CFG_AUTO_PROC_RW;
		else if (strcmp(t, "sys") == 0 || strcmp(t, "sys:mixed") == 0)
			c->auto_sys = CFG_AUTO_SYS_MIXED;
		else if (strcmp(t, "sys:ro") == 0)
			c->auto_sys = CFG_AUTO_SYS_RO;
		else if (strcmp(t, "sys:rw") == 0)
			c->auto_sys = CFG_AUTO_SYS_RW;
		else if (strcmp(t, "cgroup") == 0) {
			/* LXC: rw when the container keeps CAP_SYS_ADMIN, else
			 * mixed; decided once the capabilities are known. */
			ctx->cgroup_auto = true;
			c->auto_cgroup = CFG_AUTO_CGROUP_MIXED;
		} else if (strcmp(t, "cgroup:mixed") == 0) {
			ctx->cgroup_auto = false;
			c->auto_cgroup = CFG_AUTO_CGROUP_MIXED;
		} else if (strcmp(t, "cgroup:ro") == 0) {
			ctx->cgroup_auto = false;
			c->auto_cgroup = CFG_AUTO_CGROUP_RO;
		} else if (strcmp(t, "cgroup:rw") == 0) {
			ctx->cgroup_auto = false;
			c->auto_cgroup = CFG_AUTO_CGROUP_RW;
		} else if (strncmp(t, "cgroup", 6) == 0 || strncmp(t, "shmounts:", 9) == 0)
			return cfg_fail(ctx,
					"unsupported '%s' in '%s' (ctr knows proc, proc:mixed, "
					"proc:rw, sys, sys:ro, sys:mixed, sys:rw, cgroup, "
					"cgroup:mixed, cgroup:ro, cgroup:rw)",
					t, ctx->key);
		else
			return cfg_fail(ctx,
					"invalid value '%s' in '%s' (expected proc, proc:mixed, "
					"proc:rw, sys, sys:ro, sys:mixed, sys:rw, cgroup, "
					"cgroup:mixed, cgroup:ro, cgroup:rw)",
					t, ctx->key);
	}
	return 0;
}

/* --- init, environment, idmap ---------------------------------------------------- */

/* Splits like a shell without expansions: blanks separate words, '...' and
 * "..." group, a backslash takes the next character literally. */
static int split_words(const char *s, char ***ret, const char **why)
{
	_cleanup_strv_free_ char **v = NULL;
	_cleanup_free_ char *w = malloc(strlen(s) + 1);
	size_t n = 0;
	bool in_word = false;
	char q = 0;

	if (!w)
		return -ENOMEM;
	for (const char *p = s;; p++) {
		if (!*p || (!q && isspace((unsigned char)*p))) {
			if (q) {
				*why = "unterminated quote";
				return -EINVAL;
			}
			if (in_word) {
				w[n] = '\0';
				if (strv_add(&v, w) < 0)
					return -ENOMEM;
				n = 0;
				in_word = false;
			}
			if (!*p)
				break;
			continue;
		}
		in_word = true;
		if (*p == '\\' && q != '\'') {
			if (!p[1]) {
				*why = "a backslash at the end";
				return -EINVAL;
			}
			w[n++] = *++p;
		} else if ((*p == '\'' || *p == '"') && (!q || q == *p))
			q = q ? 0 : *p;
		else
			w[n++] = *p;
	}
	*ret = TAKE_PTR(v);
	return 0;
}

static int set_init_cmd(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	char **v = NULL;
	const char *why = NULL;
	int r;

	(void)k;
	r = split_words(value, &v, &why);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return bad(ctx, value, why);
	strv_free(ctx->cfg->init_cmd);
	ctx->cfg->init_cmd = v;
	return 0;
}

/* A list key at k->off: each line adds, an empty value clears. */
static int set_strv(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	char ***v = (char ***)((char *)ctx->cfg + k->off);

	if (!*value) {
		strv_free(*v);
		*v = NULL;
		return 0;
	}
	return strv_add(v, value);
}

static int set_environment(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	if (*value == '=')
		return bad(ctx, value, "expected NAME=VALUE");
	return set_strv(ctx, k, value);
}

static int set_idmap(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	struct cfg_idmap m = { .origin = cfg_here(ctx) }, *nv;
	char type[4], ns[24], host[24], range[24], extra;

	(void)k;
	if (!*value) {
		free(c->idmaps);
		c->idmaps = NULL;
		c->n_idmaps = 0;
		return 0;
	}
	if (sscanf(value, "%3s %23s %23s %23s %c", type, ns, host, range, &extra) != 4 ||
	    (strcmp(type, "u") != 0 && strcmp(type, "g") != 0))
		return bad(ctx, value, "expected 'u|g NSID HOSTID RANGE'");
	if (str_to_ulong(ns, UINT32_MAX - 1, &m.ns_id) < 0 ||
	    str_to_ulong(host, UINT32_MAX - 1, &m.host_id) < 0 ||
	    str_to_ulong(range, UINT32_MAX, &m.range) < 0 || m.range == 0)
		return bad(ctx, value, "ids are numbers below 4294967295, the range at least 1");
	if (m.ns_id + m.range > UINT32_MAX || m.host_id + m.range > UINT32_MAX)
		return bad(ctx, value, "the range runs past id 4294967294");
	m.type = type[0];
	for (size_t i = 0; i < c->n_idmaps; i++) {
		const struct cfg_idmap *o = &c->idmaps[i];
		if (o->type == m.type && m.ns_id < o->ns_id + o->range &&
		    o->ns_id < m.ns_id + m.range)
			return bad(ctx, value, "overlaps an earlier mapping of the same ids");
	}
	nv = realloc(c->idmaps, (c->n_idmaps + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	c->idmaps = nv;
	c->idmaps[c->n_idmaps++] = m;
	return 0;
}

/* --- network ---------------------------------------------------------------------- */

const char *cfg_net_type_name(enum cfg_net_type t)
{
	switch (t) {
	case CFG_NET_EMPTY:
		return "empty";
	case CFG_NET_VETH:
		return "veth";
	case CFG_NET_MACVLAN:
		return "macvlan";
	case CFG_NET_PHYS:
		return "phys";
	case CFG_NET_NONE:
		return "none";
	case CFG_NET_NONE_SET:
		break;
	}
	return NULL;
}

static int net_clear_all(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;

	(void)k;
	if (*value)
		return cfg_fail(ctx,
				"'%s' takes no value (an empty value removes every "
				"interface set so far)",
				ctx->key);
	for (size_t i = 0; i < c->n_nets; i++)
		cfg_net_clear(&c->nets[i]);
	free(c->nets);
	c->nets = NULL;
	c->n_nets = 0;
	ctx->legacy_net = -1;
	return 0;
}

static int net_type(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	static const enum cfg_net_type types[] = { CFG_NET_EMPTY, CFG_NET_VETH, CFG_NET_MACVLAN,
						   CFG_NET_PHYS, CFG_NET_NONE };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strcmp(value, cfg_net_type_name(types[i])) == 0) {
			n->type = types[i];
			n->origin = cfg_here(ctx);
			return 0;
		}
	if (strcmp(value, "vlan") == 0 || strcmp(value, "ipvlan") == 0)
		return cfg_fail(ctx,
				"unsupported network type '%s' in '%s' (ctr knows veth, "
				"macvlan, phys, empty, none)",
				value, ctx->key);
	return bad(ctx, value, "expected veth, macvlan, phys, empty or none");
}

static int net_flags(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	if (!*value)
		n->up = false;
	else if (strcmp(value, "up") == 0)
		n->up = true;
	else
		return bad(ctx, value, "the only flag is up");
	return 0;
}

static int net_ifname(struct cfg_ctx *ctx, char **field, const char *value)
{
	const char *why;

	if (*value && (why = ifname_invalid(value)))
		return bad(ctx, value, why);
	return replace_str(field, value);
}

static int net_link(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	n->link_origin = cfg_here(ctx);
	return net_ifname(ctx, &n->link, value);
}

static int net_name(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_ifname(ctx, &n->name, value);
}

static int net_pair(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_ifname(ctx, &n->veth_pair, value);
}

static int net_hwaddr(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	const char *p = value;
	bool known_zero = true;

	if (!*value)
		return replace_str(&n->hwaddr, value);
	for (int i = 0; i < 6; i++) {
		for (int j = 0; j < 2; j++, p++) {
			if (!isxdigit((unsigned char)*p) && *p != 'x' && *p != 'X')
				return bad(ctx, value,
					   "expected six hex pairs like 02:00:5e:10:00:01; "
					   "x stands for a random digit");
			if (*p != '0')
				known_zero = false;
		}
		if (i < 5 && *p++ != ':')
			return bad(ctx, value, "expected six hex pairs separated by ':'");
	}
	if (*p)
		return bad(ctx, value, "expected six hex pairs separated by ':'");
	if (isxdigit((unsigned char)value[1])) {
		unsigned d = (unsigned)strtoul((char[]){ value[1], 0 }, NULL, 16);
		if (d & 1)
			return bad(ctx, value, "a multicast address (the first byte is odd)");
	}
	if (known_zero)
		return bad(ctx, value, "the all-zero address");
	return replace_str(&n->hwaddr, value);
}

static int net_macvlan_mode(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	static const char *const modes[] = { "private", "vepa", "bridge", "passthru" };

	if (!*value)
		return replace_str(&n->macvlan_mode, value);
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(value, modes[i]) == 0)
			return replace_str(&n->macvlan_mode, value);
	return bad(ctx, value, "expected private, vepa, bridge or passthru");
}

static int net_mtu(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	unsigned long v = 0;

	if (*value && (str_to_ulong(value, 65535, &v) < 0 || v < 68))
		return bad(ctx, value, "expected a number from 68 to 65535");
	n->mtu = (unsigned)v;
	return 0;
}

/* "ADDR/PREFIX [BROADCAST]" for @af. */
static const char *cidr_invalid(int af, const char *value)
{
	char addr[64], bcast[64], extra;
	unsigned char buf[16];
	unsigned long prefix;
	const char *slash;
	int n;

	n = sscanf(value, "%63s %63s %c", addr, bcast, &extra);
	if (n < 1 || n > 2)
		return af == AF_INET ? "expected ADDRESS/PREFIX [BROADCAST]"
				     : "expected ADDRESS/PREFIX";
	if (n == 2 && af == AF_INET6)
		return "expected ADDRESS/PREFIX";
	slash = strchr(addr, '/');
	if (!slash)
		return "missing the /PREFIX length";
	if (str_to_ulong(slash + 1, af == AF_INET ? 32 : 128, &prefix) < 0)
		return af == AF_INET ? "the prefix length is a number from 0 to 32"
				     : "the prefix length is a number from 0 to 128";
	addr[slash - addr] = '\0';
	if (inet_pton(af, addr, buf) != 1)
		return af == AF_INET ? "not an IPv4 address" : "not an IPv6 address";
	if (n == 2 && inet_pton(AF_INET, bcast, buf) != 1)
		return "the broadcast is not an IPv4 address";
	return NULL;
}

static int net_addr(struct cfg_ctx *ctx, char ***list, int af, const char *value)
{
	const char *why;

	if (!*value) {
		strv_free(*list);
		*list = NULL;
		return 0;
	}
	if ((why = cidr_invalid(af, value)))
		return bad(ctx, value, why);
	return strv_add(list, value);
}

static int net_ipv4(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_addr(ctx, &n->ipv4, AF_INET, value);
}

static int net_ipv6(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_addr(ctx, &n->ipv6, AF_INET6, value);
}

static int net_gw(struct cfg_ctx *ctx, char **field, int af, const char *value)
{
	unsigned char buf[16];

	if (*value && strcmp(value, "auto") != 0 && inet_pton(af, value, buf) != 1)
		return bad(ctx, value,
			   af == AF_INET ? "expected an IPv4 address or auto"
					 : "expected an IPv6 address or auto");
	return replace_str(field, value);
}

static int net_ipv4_gw(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_gw(ctx, &n->ipv4_gateway, AF_INET, value);
}

static int net_ipv6_gw(struct cfg_ctx *ctx, struct cfg_net *n, const char *value)
{
	return net_gw(ctx, &n->ipv6_gateway, AF_INET6, value);
}

const struct cfg_net_key cfg_net_keys[] = {
	{ "type", NULL, net_type, CFG_KEY_SET, "-",
	  "veth, macvlan, phys, empty or none; a legacy lxc.network.type starts a new interface" },
	{ "flags", NULL, net_flags, CFG_KEY_SET, "(down)", "up" },
	{ "link", NULL, net_link, CFG_KEY_SET, "-",
	  "bridge (veth), parent (macvlan) or host NIC (phys), an interface name" },
	{ "name", NULL, net_name, CFG_KEY_SET, "ethN",
	  "the interface name inside, at most 15 characters" },
	{ "hwaddr", NULL, net_hwaddr, CFG_KEY_SET, "derived",
	  "xx:xx:xx:xx:xx:xx in hex, x for a random digit; unicast" },
	{ "veth.pair", NULL, net_pair, CFG_KEY_SET, "derived",
	  "the host end's name, at most 15 characters (veth only)" },
	{ "macvlan.mode", NULL, net_macvlan_mode, CFG_KEY_SET, "bridge",
	  "private, vepa, bridge or passthru (macvlan only)" },
	{ "mtu", NULL, net_mtu, CFG_KEY_SET, "the link's", "68 to 65535" },
	{ "ipv4.address", "ipv4", net_ipv4, CFG_KEY_SET, "-",
	  "ADDRESS/PREFIX [BROADCAST]; repeat for several, an empty value clears" },
	{ "ipv4.gateway", NULL, net_ipv4_gw, CFG_KEY_SET, "-", "an IPv4 address or auto" },
	{ "ipv6.address", "ipv6", net_ipv6, CFG_KEY_SET, "-",
	  "ADDRESS/PREFIX; repeat for several, an empty value clears" },
	{ "ipv6.gateway", NULL, net_ipv6_gw, CFG_KEY_SET, "-", "an IPv6 address or auto" },
	{ "script.up", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL, "hook scripts are not run by ctr" },
	{ "script.down", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL, "hook scripts are not run by ctr" },
	{ "vlan.id", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL, "vlan interfaces are not supported" },
	{ "ipvlan.mode", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "ipvlan interfaces are not supported" },
	{ "ipvlan.isolation", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "ipvlan interfaces are not supported" },
	{ "l2proxy", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "proxy ARP/NDP entries are not supported" },
	{ "veth.mode", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "only bridge-mode veth is supported" },
	{ "veth.ipv4.route", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "host-side routes are not supported" },
	{ "veth.ipv6.route", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "host-side routes are not supported" },
	{ "veth.vlan.id", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "bridge vlan filtering is not supported" },
	{ "veth.vlan.tagged.id", NULL, NULL, CFG_KEY_UNSUPPORTED, NULL,
	  "bridge vlan filtering is not supported" },
};
const size_t cfg_net_keys_n = ARRAY_SIZE(cfg_net_keys);

/* lxc.net.N.SUB, lxc.net.N (empty: remove interface N), lxc.network.SUB. */
static int set_net(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	bool legacy = strcmp(k->modern, "lxc.network.") == 0;
	const char *sub = ctx->sub;
	const struct cfg_net_key *nk = NULL;
	struct cfg_net *n;
	unsigned long index = 0;

	if (!legacy) {
		char *end;
		if (!isdigit((unsigned char)*sub))
			return cfg_unknown_key(ctx, ctx->key);
		errno = 0;
		index = strtoul(sub, &end, 10);
		if (errno || index > CFG_MAX_NET_INDEX || (*end && *end != '.') ||
		    (*sub == '0' && end - sub > 1))
			return cfg_fail(ctx,
					"invalid interface index in '%s' (0 to %d, no "
					"leading zeros)",
					ctx->key, CFG_MAX_NET_INDEX);
		if (!*end) {
			/* lxc.net.N = (empty) removes interface N. */
			struct container_config *c = ctx->cfg;
			if (*value)
				return cfg_fail(ctx,
						"'%s' takes no value (an empty value removes "
						"the interface)",
						ctx->key);
			for (size_t i = 0; i < c->n_nets; i++)
				if (c->nets[i].index == index) {
					cfg_net_clear(&c->nets[i]);
					memmove(&c->nets[i], &c->nets[i + 1],
						(c->n_nets - i - 1) * sizeof(*c->nets));
					c->n_nets--;
					break;
				}
			if (ctx->legacy_net == (int)index)
				ctx->legacy_net = -1;
			return 0;
		}
		sub = end + 1;
	}
	for (size_t i = 0; i < cfg_net_keys_n && !nk; i++)
		if (strcmp(sub, cfg_net_keys[i].modern) == 0 ||
		    (cfg_net_keys[i].legacy && strcmp(sub, cfg_net_keys[i].legacy) == 0))
			nk = &cfg_net_keys[i];
	if (!nk)
		return cfg_unknown_key(ctx, ctx->key);
	if (nk->kind == CFG_KEY_UNSUPPORTED)
		return cfg_fail(ctx, "unsupported key '%s' (%s)", ctx->key, nk->doc);

	if (legacy) {
		if (strcmp(nk->modern, "type") == 0) {
			/* Each legacy type line starts a new interface, numbered
			 * after every interface seen so far. */
			int next = 0;
			for (size_t i = 0; i < ctx->cfg->n_nets; i++)
				if ((int)ctx->cfg->nets[i].index >= next)
					next = (int)ctx->cfg->nets[i].index + 1;
			if (next > CFG_MAX_NET_INDEX)
				return cfg_fail(ctx, "too many interfaces at '%s'", ctx->key);
			index = (unsigned long)next;
		} else if (ctx->legacy_net < 0) {
			return cfg_fail(ctx,
					"'%s' before any 'lxc.network.type' (each "
					"lxc.network.type starts an interface)",
					ctx->key);
		} else
			index = (unsigned long)ctx->legacy_net;
	}
	n = cfg_net_get(ctx, (unsigned)index, true);
	if (!n)
		return -ENOMEM;
	ctx->net_index = (int)index;
	if (legacy && strcmp(nk->modern, "type") == 0)
		ctx->legacy_net = (int)index;
	return nk->set(ctx, n, value);
}

/* --- hooks and AppArmor ------------------------------------------------------- */

static const char *const hook_names[CFG_HOOK_MAX] = {
	[CFG_HOOK_PRE_START] = "pre-start",
	[CFG_HOOK_PRE_MOUNT] = "pre-mount",
	[CFG_HOOK_MOUNT] = "mount",
	[CFG_HOOK_AUTODEV] = "autodev",
	[CFG_HOOK_START_HOST] = "start-host",
	[CFG_HOOK_START] = "start",
	[CFG_HOOK_STOP] = "stop",
	[CFG_HOOK_POST_STOP] = "post-stop",
	[CFG_HOOK_CLONE] = "clone",
	[CFG_HOOK_DESTROY] = "destroy",
};

const char *config_hook_name(enum cfg_hook_type t)
{
	return (unsigned)t < CFG_HOOK_MAX ? hook_names[t] : NULL;
}

static void hooks_clear(struct container_config *c, int t)
{
	for (size_t i = 0; i < c->n_hooks[t]; i++)
		free(c->hooks[t][i].cmd);
	free(c->hooks[t]);
	c->hooks[t] = NULL;
	c->n_hooks[t] = 0;
}

/* lxc.hook.TYPE = COMMAND: repeatable, run in order; empty clears TYPE. */
static int set_hook(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	struct container_config *c = ctx->cfg;
	struct cfg_hook *nv;
	int t;

	(void)k;
	for (t = 0; t < CFG_HOOK_MAX; t++)
		if (strcmp(ctx->sub, hook_names[t]) == 0)
			break;
	if (t == CFG_HOOK_MAX)
		return cfg_fail(ctx,
				"unknown hook type '%s' in '%s' (pre-start, pre-mount, mount, "
				"autodev, start-host, start, stop, post-stop, clone, destroy)",
				ctx->sub, ctx->key);
	if (!*value) {
		hooks_clear(c, t);
		return 0;
	}
	nv = realloc(c->hooks[t], (c->n_hooks[t] + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	c->hooks[t] = nv;
	nv[c->n_hooks[t]] = (struct cfg_hook){ .cmd = strdup(value), .origin = cfg_here(ctx) };
	if (!nv[c->n_hooks[t]].cmd)
		return -ENOMEM;
	c->n_hooks[t]++;
	return 0;
}

/* lxc.hook with an empty value clears every hook, as in LXC. */
static int set_hook_clear(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	(void)k;
	if (*value)
		return cfg_fail(ctx,
				"'%s' takes no value; write lxc.hook.TYPE = COMMAND (an "
				"empty value clears every hook)",
				ctx->key);
	for (int t = 0; t < CFG_HOOK_MAX; t++)
		hooks_clear(ctx->cfg, t);
	return 0;
}

static int set_apparmor_profile(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value)
{
	for (const char *p = value; *p; p++)
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			return bad(ctx, value,
				   "a profile name has no blanks or control characters");
	ctx->cfg->apparmor_origin = cfg_here(ctx);
	return set_str(ctx, k, value);
}

/* --- the table ------------------------------------------------------------------- */

#define SET(modern, legacy, fn, off, max, def, doc)                              \
	{                                                                        \
		modern, legacy, fn, CFG_KEY_SET, false, off, max, NULL, def, doc \
	}
#define PREFIX(modern, legacy, fn, doc)                                     \
	{                                                                   \
		modern, legacy, fn, CFG_KEY_SET, true, 0, 0, NULL, "-", doc \
	}
#define IGNORED(modern, legacy, why)                                               \
	{                                                                          \
		modern, legacy, NULL, CFG_KEY_IGNORED, false, 0, 0, NULL, "-", why \
	}
#define IGNORED_IF(modern, legacy, safe, why)                                         \
	{                                                                             \
		modern, legacy, NULL, CFG_KEY_IGNORED_IF, false, 0, 0, safe, "-", why \
	}
#define UNSUPPORTED(modern, legacy, why)                                               \
	{                                                                              \
		modern, legacy, NULL, CFG_KEY_UNSUPPORTED, false, 0, 0, NULL, "-", why \
	}
#define UNSUPPORTED_PREFIX(modern, legacy, why)                                       \
	{                                                                             \
		modern, legacy, NULL, CFG_KEY_UNSUPPORTED, true, 0, 0, NULL, "-", why \
	}

const struct cfg_key cfg_keys[] = {
	SET("lxc.uts.name", "lxc.utsname", set_uts, F(uts_name), 0, "the container name",
	    "a host name, at most 64 characters"),
	SET("lxc.rootfs.path", "lxc.rootfs", set_rootfs, F(rootfs), 0, "the host's /",
	    "an absolute directory, optionally written dir:PATH"),
	SET("lxc.rootfs.options", NULL, set_str, F(rootfs_options), 0, "-",
	    "mount options for the rootfs bind mount"),
	SET("lxc.arch", NULL, set_arch, F(arch), 0, "the host's",
	    "x86_64, amd64, aarch64, arm64, ... (personality linux); i686, i386, x86, "
	    "armhf, ... (personality linux32)"),
	SET("lxc.tty.max", "lxc.tty", set_uint, F(tty_max), 1024, "0",
	    "number of ttys /dev/tty1..N, 0 to 1024"),
	SET("lxc.pty.max", "lxc.pts", set_uint, F(pty_max), 1048576, "0 (unlimited)",
	    "the devpts instance's maximum number of ptys"),
	SET("lxc.console.path", "lxc.console", set_str, F(console_path), 0, "a pty",
	    "a file or device for the console, or none"),
	SET("lxc.console.logfile", NULL, set_abs_path, F(console_logfile), 0, "-",
	    "an absolute path the console output is copied to"),
	SET("lxc.cap.drop", NULL, set_caps, 0, 0, "-",
	    "capability names (sys_admin, CAP_SYS_ADMIN) separated by blanks; repeatable; "
	    "an empty value clears"),
	SET("lxc.cap.keep", NULL, set_caps, 0, 0, "-",
	    "capability names to keep, all others dropped; none keeps none; not together "
	    "with lxc.cap.drop"),
	SET("lxc.cgroup", NULL, set_cgroup_clear, 0, 0, "-",
	    "empty only: clears every lxc.cgroup.* line before it"),
	SET("lxc.cgroup2", NULL, set_cgroup_clear, 0, 0, "-",
	    "empty only: clears every lxc.cgroup2.* line before it"),
	UNSUPPORTED("lxc.cgroup.dir", NULL, "ctr places containers at ctr/NAME"),
	UNSUPPORTED("lxc.cgroup.dir.container", NULL, "ctr places containers at ctr/NAME"),
	UNSUPPORTED("lxc.cgroup.dir.monitor", NULL, "ctr places containers at ctr/NAME"),
	UNSUPPORTED("lxc.cgroup.dir.container.inner", NULL, "ctr places containers at ctr/NAME"),
	UNSUPPORTED("lxc.cgroup.relative", NULL, "ctr places containers at ctr/NAME"),
	PREFIX("lxc.cgroup.", NULL, set_cgroup,
	       "lxc.cgroup.CONTROLLER.FILE = VALUE, a cgroup v1 file (translated on v2); "
	       "sizes like 512M; an empty value clears that file's lines"),
	PREFIX("lxc.cgroup2.", NULL, set_cgroup,
	       "lxc.cgroup2.CONTROLLER.FILE = VALUE, a cgroup v2 file; an empty value clears"),
	SET("lxc.mount.fstab", "lxc.mount", set_mount_fstab, 0, 0, "-",
	    "an fstab file, read at load time and applied before lxc.mount.entry; relative "
	    "to the config file's directory"),
	SET("lxc.mount.entry", NULL, set_mount_entry, 0, 0, "-",
	    "an fstab line: SOURCE TARGET FSTYPE OPTIONS [DUMP [PASS]]"),
	SET("lxc.mount.auto", NULL, set_mount_auto, 0, 0, "-",
	    "proc[:mixed|:rw] sys[:ro|:mixed|:rw] cgroup[:mixed|:ro|:rw]"),
	SET("lxc.autodev", NULL, set_bool, F(autodev), 0, "1", "0 or 1"),
	SET("lxc.keyring.session", NULL, set_bool, F(keyring_session), 0, "1",
	    "1: the init joins a new session keyring; 0: it keeps the starter's"),
	SET("lxc.init.cmd", "lxc.init_cmd", set_init_cmd, 0, 0, "/sbin/init",
	    "a command line; quotes group words"),
	SET("lxc.init.cwd", NULL, set_abs_path, F(init_cwd), 0, "/",
	    "an absolute directory inside the container"),
	SET("lxc.environment", NULL, set_environment, F(environment), 0, "-",
	    "NAME=VALUE; repeatable; an empty value clears"),
	SET("lxc.idmap", "lxc.id_map", set_idmap, 0, 0, "-",
	    "u|g NSID HOSTID RANGE; repeatable; an empty value clears"),
	SET("lxc.start.auto", NULL, set_bool, F(start_auto), 0, "0", "0 or 1"),
	SET("lxc.start.order", NULL, set_int, F(start_order), INT32_MAX, "0", "a number"),
	SET("lxc.start.delay", NULL, set_uint, F(start_delay), 86400, "0",
	    "seconds to wait after starting, 0 to 86400"),
	SET("lxc.signal.halt", "lxc.haltsignal", set_signal, F(signal_halt), 0, "SIGPWR",
	    "a signal: SIGPWR, PWR, RTMIN+3 or a number"),
	SET("lxc.signal.reboot", "lxc.rebootsignal", set_signal, F(signal_reboot), 0, "SIGINT",
	    "a signal"),
	SET("lxc.signal.stop", "lxc.stopsignal", set_signal, F(signal_stop), 0, "SIGKILL",
	    "a signal"),
	SET("lxc.net", "lxc.network", net_clear_all, 0, 0, "-",
	    "empty only: removes every interface set before it"),
	PREFIX("lxc.net.", NULL, set_net, "lxc.net.N.KEY: interface N (see NETWORK)"),
	PREFIX("lxc.network.", NULL, set_net,
	       "lxc.network.KEY: each lxc.network.type starts the next interface"),
	SET("lxc.seccomp.profile", "lxc.seccomp", set_seccomp_profile, 0, 0, "the built-in policy",
	    "an LXC seccomp policy file (versions 1 and 2), relative to "
	    "the config file's directory; none or an empty value: no filter (a warning)"),
	SET("lxc.seccomp.allow_nesting", NULL, set_bool, F(seccomp_allow_nesting), 0, "0",
	    "0 or 1: load the filter even where the runtime runs under one already"),
	SET("lxc.no_new_privs", NULL, set_bool, F(no_new_privs), 0, "0",
	    "0 or 1: set no_new_privs on the init, before the seccomp filter"),
	SET("lxc.include", NULL, NULL, 0, 0, "-",
	    "a file, or a directory whose *.conf files are read in order"),
	SET("lxc.hook.version", NULL, set_uint, F(hook_version), 1, "0",
	    "0: hooks get NAME lxc TYPE as arguments; 1: in LXC_NAME, LXC_HOOK_SECTION and "
	    "LXC_HOOK_TYPE instead"),
	SET("lxc.hook", NULL, set_hook_clear, 0, 0, "-", "empty only: clears every hook"),
	PREFIX("lxc.hook.", NULL, set_hook,
	       "lxc.hook.TYPE = COMMAND [ARGS], TYPE pre-start, pre-mount, mount, autodev, "
	       "start-host, start, stop, post-stop, clone or destroy; repeatable; an empty "
	       "value clears TYPE"),
	SET("lxc.apparmor.profile", "lxc.aa_profile", set_apparmor_profile, F(apparmor_profile), 0,
	    "-",
	    "an AppArmor profile the init is confined to, unconfined, unchanged or generated; "
	    "a host without AppArmor runs the container unconfined, as LXC does"),
	SET("lxc.apparmor.allow_incomplete", "lxc.aa_allow_incomplete", set_bool,
	    F(apparmor_allow_incomplete), 0, "0", "0 or 1"),
	SET("lxc.apparmor.allow_nesting", NULL, set_bool, F(apparmor_allow_nesting), 0, "0",
	    "0 or 1"),
	SET("lxc.apparmor.raw", NULL, set_strv, F(apparmor_raw), 0, "-",
	    "a line for a generated profile; repeatable; an empty value clears"),

	/* Safe to ignore: no isolation depends on them. */
	IGNORED("lxc.log.level", "lxc.loglevel", "ctr logs errors to stderr"),
	IGNORED("lxc.log.file", "lxc.logfile", "ctr logs errors to stderr"),
	IGNORED("lxc.log.syslog", "lxc.syslog", "ctr logs errors to stderr"),
	IGNORED("lxc.monitor.unshare", NULL,
		"ctr's monitor stays in the host's mount namespace, as LXC's does by default (0)"),
	IGNORED("lxc.monitor.signal.pdeath", NULL,
		"the init always gets SIGKILL when its monitor dies"),
	IGNORED("lxc.tty.dir", "lxc.devttydir", "ttys are always /dev/tty1..N"),
	IGNORED("lxc.pivotdir", NULL, "ctr pivots without a directory"),
	IGNORED("lxc.kmsg", NULL, "no /dev/kmsg link is made"),
	IGNORED("lxc.rootfs.mount", NULL, "ctr mounts the rootfs in its own namespace"),
	IGNORED("lxc.rootfs.managed", NULL, "ctr never deletes a rootfs"),
	IGNORED("lxc.group", NULL, "autostart groups are not used"),
	IGNORED("lxc.console.buffer.size", NULL, "no console ring buffer"),
	IGNORED("lxc.console.buffer.logfile", NULL, "no console ring buffer"),
	IGNORED("lxc.console.size", NULL, "the console log is not rotated"),
	IGNORED("lxc.console.rotate", NULL, "the console log is not rotated"),
	/* Safe to ignore only with the values that mean "nothing". */
	IGNORED_IF("lxc.selinux.context", "lxc.se_context", "",
		   "SELinux contexts are not applied; only an empty value is accepted"),
	IGNORED_IF("lxc.selinux.context.keyring", NULL, "",
		   "SELinux contexts are not applied; only an empty value is accepted"),
	IGNORED_IF("lxc.rootfs.backend", NULL, "dir", "only directory rootfs are supported"),
	IGNORED_IF("lxc.ephemeral", NULL, "0", "ephemeral containers are not supported"),
	/* Refused: ignoring them would change what runs or how it is confined. */
	UNSUPPORTED_PREFIX("lxc.prlimit.", "lxc.limit.", "resource limits are not set by ctr"),
	UNSUPPORTED_PREFIX("lxc.sysctl.", NULL, "sysctls are not set by ctr"),
	UNSUPPORTED_PREFIX("lxc.proc.", NULL, "/proc/PID settings are not made by ctr"),
	UNSUPPORTED_PREFIX("lxc.namespace.", NULL, "namespace sharing is not supported"),
	UNSUPPORTED_PREFIX(
		"lxc.seccomp.notify.", NULL,
		"ctr has no seccomp notify proxy; a notify rule's call fails with ENOSYS"),
	UNSUPPORTED("lxc.init.uid", "lxc.init_uid", "init always runs as root"),
	UNSUPPORTED("lxc.init.gid", "lxc.init_gid", "init always runs as root"),
	UNSUPPORTED("lxc.init.groups", NULL, "init always runs as root"),
	UNSUPPORTED("lxc.execute.cmd", NULL, "use lxc.init.cmd or the command after --"),
	UNSUPPORTED("lxc.rootfs.bind", NULL, "only directory rootfs are supported"),
	UNSUPPORTED("lxc.sched.core", NULL, "core scheduling is not supported"),
	UNSUPPORTED("lxc.time.offset.boot", NULL, "ctr sets the boot offset itself"),
	UNSUPPORTED("lxc.time.offset.monotonic", NULL, "monotonic offsets are not supported"),
};
const size_t cfg_keys_n = ARRAY_SIZE(cfg_keys);

static bool key_matches(const char *name, bool prefix, const char *key, const char **sub)
{
	size_t len;

	if (!name)
		return false;
	if (!prefix)
		return strcmp(name, key) == 0;
	len = strlen(name);
	if (strncmp(name, key, len) != 0 || !key[len])
		return false;
	*sub = key + len;
	return true;
}

const struct cfg_key *cfg_key_lookup(struct cfg_ctx *ctx, const char *key)
{
	/* Exact names first: lxc.cgroup.dir before lxc.cgroup.* */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < cfg_keys_n; i++) {
			const struct cfg_key *k = &cfg_keys[i];
			const char *sub = NULL;
			if (k->prefix != (pass == 1))
				continue;
			if (key_matches(k->modern, k->prefix, key, &sub) ||
			    key_matches(k->legacy, k->prefix, key, &sub)) {
				ctx->sub = sub;
				return k;
			}
		}
	return NULL;
}

int config_print_keys(FILE *f)
{
	static const char *const kinds[] = { "set", "ignored", "ignored-if", "unsupported" };

	for (size_t i = 0; i < cfg_keys_n; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (k->prefix && k->set == set_net) {
			/* Both generations of each sub-key on one line, once. */
			if (strcmp(k->modern, "lxc.net.") != 0)
				continue;
			for (size_t j = 0; j < cfg_net_keys_n; j++) {
				const struct cfg_net_key *n = &cfg_net_keys[j];
				fprintf(f, "lxc.net.N.%s\tlxc.network.%s\t%s\t%s\t%s\n", n->modern,
					n->legacy ? n->legacy : n->modern, kinds[n->kind],
					n->def ? n->def : "-", n->doc);
			}
			continue;
		}
		fprintf(f, "%s%s\t%s%s\t%s\t%s\t%s\n", k->modern, k->prefix ? "*" : "",
			k->legacy ? k->legacy : "-", k->legacy && k->prefix ? "*" : "",
			kinds[k->kind], k->def ? k->def : "-", k->doc);
	}
	return ferror(f) ? -EIO : 0;
}

/* --- suggestions for misspelt keys ----------------------------------------------- */

/* Optimal string alignment distance (Levenshtein with transpositions),
 * case-insensitive, in three rolling rows. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t rows[3][201], *pp, *p, *c;

	if (la > 200 || lb > 200)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		rows[1][j] = j;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (size_t i = 1; i <= la; i++) {
		int ca = tolower((unsigned char)a[i - 1]);
		c[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			int cb = tolower((unsigned char)b[j - 1]);
			size_t v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + (ca != cb) < v)
				v = p[j - 1] + (ca != cb);
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		size_t *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

/* No suggestion is further away than this (see cfg_unknown_key). */
#define SUGGEST_MAX 3

static size_t len_diff(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

static void consider(const char *key, const char *cand, char *best, size_t len, size_t *best_d)
{
	size_t klen = strlen(key), clen = strlen(cand), d = SIZE_MAX;

	/* The distance is at least the length difference: skip the hopeless. */
	if (len_diff(klen, clen) <= SUGGEST_MAX)
		d = edit_distance(key, cand);
	/* "utsname" for "lxc.utsname": the prefix left out is one mistake. */
	if (strncasecmp(key, "lxc", 3) != 0 && strncmp(cand, "lxc.", 4) == 0 &&
	    len_diff(klen, clen - 4) < SUGGEST_MAX) {
		size_t d2 = edit_distance(key, cand + 4);
		if (d2 != SIZE_MAX && d2 + 1 < d)
			d = d2 + 1;
	}

	if (d < *best_d) {
		*best_d = d;
		snprintf(best, len, "%s", cand);
	}
}

int cfg_unknown_key(struct cfg_ctx *ctx, const char *key)
{
	char best[256] = "", cand[256], tail[200] = "";
	size_t best_d = SIZE_MAX, limit, klen = strlen(key);
	unsigned long idx = 0;
	const char *p;

	/* The part after lxc.X. for the free-form families, and the N of
	 * lxc.net.N if there is one. */
	p = strchr(key, '.');
	if (p && (p = strchr(p + 1, '.')))
		snprintf(tail, sizeof(tail), "%s", p + 1);
	if (strncmp(key, "lxc.net.", 8) == 0 && isdigit((unsigned char)key[8]))
		idx = strtoul(key + 8, NULL, 10) % (CFG_MAX_NET_INDEX + 1);

	for (size_t i = 0; i < cfg_keys_n; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (k->prefix) {
			if (strcmp(k->modern, "lxc.cgroup.") == 0 ||
			    strcmp(k->modern, "lxc.cgroup2.") == 0) {
				if (!*tail)
					continue;
				snprintf(cand, sizeof(cand), "%s%s", k->modern, tail);
				consider(key, cand, best, sizeof(best), &best_d);
			}
			continue;
		}
		if (k->kind == CFG_KEY_UNSUPPORTED)
			continue;
		consider(key, k->modern, best, sizeof(best), &best_d);
		if (k->legacy)
			consider(key, k->legacy, best, sizeof(best), &best_d);
	}
	for (size_t j = 0; j < cfg_net_keys_n; j++) {
		const struct cfg_net_key *n = &cfg_net_keys[j];
		if (n->kind == CFG_KEY_UNSUPPORTED)
			continue;
		snprintf(cand, sizeof(cand), "lxc.net.%lu.%s", idx, n->modern);
		consider(key, cand, best, sizeof(best), &best_d);
		snprintf(cand, sizeof(cand), "lxc.network.%s", n->legacy ? n->legacy : n->modern);
		consider(key, cand, best, sizeof(best), &best_d);
	}
	/* Close enough to be a typo: a few edits, fewer than a third of it. */
	limit = klen / 3;
	if (limit > SUGGEST_MAX)
		limit = SUGGEST_MAX;
	if (limit < 1)
		limit = 1;
	if (best_d <= limit)
		return cfg_fail(ctx, "unknown key '%s' (did you mean '%s'?)", key, best);
	return cfg_fail(ctx, "unknown key '%s'", key);
}

/* --- mount entries (lxc.mount.entry, the fstab file) --------------------------- */

/* fstab's octal escapes: \040 is a blank. */
static void unescape_fstab(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else
			*w++ = *r;
	}
	*w = '\0';
}

static bool has_dotdot(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return true;
	return false;
}

int cfg_mount_parse(const char *line, struct cfg_mount *m, const char **why, char *whybuf,
		    size_t whylen)
{
	_cleanup_free_ char *copy = strdup(line);
	char *f[7] = { 0 }, *save = NULL, *opts;
	int n = 0;

	if (!copy)
		return -ENOMEM;
	for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == 6) {
			*why = "more than six fields: SOURCE TARGET FSTYPE OPTIONS [DUMP [PASS]]";
			return -EINVAL;
		}
		f[n++] = t;
	}
	if (n < 4) {
		*why = "expected SOURCE TARGET FSTYPE OPTIONS [DUMP [PASS]]";
		return -EINVAL;
	}
	for (int i = 4; i < n; i++)
		for (const char *p = f[i]; *p; p++)
			if (!isdigit((unsigned char)*p)) {
				*why = "dump and pass are numbers";
				return -EINVAL;
			}
	for (int i = 0; i < 4; i++)
		unescape_fstab(f[i]);
	if (!*f[1] || has_dotdot(f[1])) {
		*why = "the target must not contain '..'";
		return -EINVAL;
	}
	/* Options: create= takes dir or file; the rest is the kernel's. */
	opts = f[3];
	for (const char *o = opts; o && *o;) {
		const char *end = strchr(o, ',');
		size_t len = end ? (size_t)(end - o) : strlen(o);
		if (len == 0) {
			*why = "an empty mount option";
			return -EINVAL;
		}
		if (len > 7 && strncmp(o, "create=", 7) == 0 &&
		    !((len == 10 && strncmp(o + 7, "dir", 3) == 0) ||
		      (len == 11 && strncmp(o + 7, "file", 4) == 0))) {
			snprintf(whybuf, whylen, "create= takes dir or file, not '%.*s'",
				 (int)(len - 7 > 64 ? 64 : len - 7), o + 7);
			*why = whybuf;
			return -EINVAL;
		}
		if (len == 7 && strncmp(o, "create=", 7) == 0) {
			*why = "create= takes dir or file";
			return -EINVAL;
		}
		if (strcmp(f[2], "tmpfs") == 0 && len > 5 && strncmp(o, "size=", 5) == 0) {
			char sz[64];
			uint64_t v;
			snprintf(sz, sizeof(sz), "%.*s", (int)(len - 5), o + 5);
			if (sz[strlen(sz) - 1] != '%' && size_parse(sz, &v) < 0) {
				snprintf(whybuf, whylen,
					 "tmpfs size '%s' is not a size like 128m "
					 "or 50%%",
					 sz);
				*why = whybuf;
				return -EINVAL;
			}
		}
		o = end ? end + 1 : NULL;
	}
	m->source = strdup(f[0]);
	m->target = strdup(f[1]);
	m->fstype = strdup(f[2]);
	m->options = strdup(f[3]);
	if (!m->source || !m->target || !m->fstype || !m->options) {
		cfg_mount_clear(m);
		return -ENOMEM;
	}
	return 0;
}
