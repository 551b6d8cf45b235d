// SPDX-License-Identifier: LGPL-2.1-or-later
/* config.json into the engine's struct container_config (runtime-spec
 * config.md, config-linux.md), through json-c: the document is the
 * caller's, possibly hostile, so every value's type is checked and every
 * failure names its JSON path.  Unknown properties are ignored as the spec
 * asks; known ones the engine cannot honour are refused by name. */
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"
#include "ctr/seccomp.h"

#define SPEC_MAX (4u << 20)

struct pctx {
	const char *file;
	struct oci_spec *s;
	struct diag *d;
	char path[256];
};

static int fail(struct pctx *p, const char *key, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct pctx *p, const char *key, int err, const char *fmt, ...)
{
	va_list ap;

	diag_set(p->d, p->file, 0, key, "%s", "");
	va_start(ap, fmt);
	vsnprintf(p->d ? p->d->msg : (char[1]){ 0 }, p->d ? sizeof(p->d->msg) : 1, fmt, ap);
	va_end(ap);
	return -err;
}

static const char *type_name(json_type t)
{
	switch (t) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "?";
}

/* @key of @obj when present, else NULL; -EINVAL when present with the wrong
 * type (json null counts as absent). */
static int get(struct pctx *p, json_object *obj, const char *key, json_type t, const char *path,
	       json_object **ret)
{
	json_object *v = NULL;

	*ret = NULL;
	if (!obj || !json_object_object_get_ex(obj, key, &v) || !v)
		return 0;
	if (json_object_get_type(v) != t &&
	    !(t == json_type_int && json_object_is_type(v, json_type_double)))
		return fail(p, path, EINVAL, "expected %s, not %s", type_name(t),
			    type_name(json_object_get_type(v)));
	*ret = v;
	return 0;
}

static int get_str(struct pctx *p, json_object *obj, const char *key, const char *path,
		   const char **ret)
{
	json_object *v;
	int r = get(p, obj, key, json_type_string, path, &v);

	*ret = v ? json_object_get_string(v) : NULL;
	return r;
}

static int get_int(struct pctx *p, json_object *obj, const char *key, const char *path, int64_t min,
		   int64_t max, bool *ret_set, int64_t *ret)
{
	json_object *v;
	int r = get(p, obj, key, json_type_int, path, &v);

	*ret_set = false;
	if (r < 0 || !v)
		return r;
	if (json_object_is_type(v, json_type_double))
		return fail(p, path, EINVAL, "expected an integer, not a fraction");
	errno = 0;
	*ret = json_object_get_int64(v);
	if (errno || *ret < min || *ret > max)
		return fail(p, path, ERANGE, "%s is out of range [%lld, %lld]",
			    json_object_get_string(v), (long long)min, (long long)max);
	*ret_set = true;
	return 0;
}

static int get_bool(struct pctx *p, json_object *obj, const char *key, const char *path, bool *ret)
{
	json_object *v;
	int r = get(p, obj, key, json_type_boolean, path, &v);

	if (v)
		*ret = json_object_get_boolean(v);
	return r;
}

/* An array of strings into a new NULL-terminated vector (NULL if absent). */
static int get_strv(struct pctx *p, json_object *obj, const char *key, const char *path,
		    char ***ret)
{
	json_object *a;
	char **v;
	size_t n;
	int r = get(p, obj, key, json_type_array, path, &a);

	*ret = NULL;
	if (r < 0 || !a)
		return r;
	n = json_object_array_length(a);
	v = calloc(n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		if (!json_object_is_type(e, json_type_string)) {
			strv_free(v);
			return fail(p, path, EINVAL, "element %zu: expected a string, not %s", i,
				    type_name(json_object_get_type(e)));
		}
		v[i] = strdup(json_object_get_string(e));
		if (!v[i]) {
			strv_free(v);
			return -ENOMEM;
		}
	}
	*ret = v;
	return 0;
}

/* A string the config keeps for origins (cfg->pool, freed with it). */
static const char *pool_add(struct container_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *pool_add(struct container_config *cfg, const char *fmt, ...)
{
	char **np = realloc(cfg->pool, (cfg->n_pool + 1) * sizeof(char *));
	va_list ap;
	char *s = NULL;
	int n;

	if (!np)
		return NULL;
	cfg->pool = np;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	cfg->pool[cfg->n_pool++] = s;
	return s;
}

/* What is known and refused: present and not empty fails. */
static int refuse(struct pctx *p, json_object *obj, const char *key, const char *path,
		  const char *why)
{
	json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v) || !v)
		return 0;
	if ((json_object_is_type(v, json_type_array) && json_object_array_length(v) == 0) ||
	    (json_object_is_type(v, json_type_object) && json_object_object_length(v) == 0) ||
	    (json_object_is_type(v, json_type_string) && !*json_object_get_string(v)))
		return 0;
	return fail(p, path, EOPNOTSUPP, "not supported: %s", why);
}

/* ---- process ------------------------------------------------------------ */

static const struct {
	const char *name;
	int res;
} rlimit_names[] = {
	{ "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
	{ "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK },
};

static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

int oci_cap_parse(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(cap_names); k++)
		if (strcasecmp(name, cap_names[k]) == 0 ||
		    (strncasecmp(name, "CAP_", 4) != 0 && strcasecmp(name, cap_names[k] + 4) == 0))
			return (int)k;
	return -EINVAL;
}

/* One set of process.capabilities (an array of names) into *@ret. */
static int parse_cap_set(struct pctx *p, json_object *caps, const char *set, uint64_t *ret)
{
	char path[64];
	json_object *a;
	int r;

	snprintf(path, sizeof(path), "process.capabilities.%s", set);
	*ret = 0;
	r = get(p, caps, set, json_type_array, path, &a);
	for (size_t i = 0; r == 0 && a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *n =
			json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
		size_t k;
		if (!n)
			return fail(p, path, EINVAL, "element %zu: expected a string", i);
		for (k = 0; k < ARRAY_SIZE(cap_names); k++)
			if (strcasecmp(n, cap_names[k]) == 0)
				break;
		if (k == ARRAY_SIZE(cap_names))
			return fail(p, path, EINVAL, "unknown capability '%s'", n);
		*ret |= 1ULL << k;
	}
	return r;
}

/* process.capabilities: bounding as the engine's cap_keep, the other four
 * sets applied after the switch to the process's user (caps_sets_apply). */
static int parse_caps(struct pctx *p, json_object *proc)
{
	json_object *caps;
	struct container_config *cfg = p->s->cfg;
	int r;

	r = get(p, proc, "capabilities", json_type_object, "process.capabilities", &caps);
	if (r < 0)
		return r;
	/* No capabilities object: the process keeps none (runc). */
	cfg->cap_keep_set = true;
	cfg->cap_keep = 0;
	if (!caps)
		return 0;
	cfg->cap_sets = true;
	if ((r = parse_cap_set(p, caps, "bounding", &cfg->cap_keep)) < 0 ||
	    (r = parse_cap_set(p, caps, "effective", &cfg->cap_effective)) < 0 ||
	    (r = parse_cap_set(p, caps, "permitted", &cfg->cap_permitted)) < 0 ||
	    (r = parse_cap_set(p, caps, "inheritable", &cfg->cap_inheritable)) < 0 ||
	    (r = parse_cap_set(p, caps, "ambient", &cfg->cap_ambient)) < 0)
		return r;
	return 0;
}

static int parse_rlimits(struct pctx *p, json_object *proc)
{
	json_object *a;
	int r = get(p, proc, "rlimits", json_type_array, "process.rlimits", &a);

	if (r < 0 || !a)
		return r;
	p->s->rlimits = calloc(json_object_array_length(a) + 1, sizeof(*p->s->rlimits));
	if (!p->s->rlimits)
		return -ENOMEM;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		struct oci_rlimit *l = &p->s->rlimits[p->s->n_rlimits];
		const char *type;
		int64_t v;
		bool set;
		size_t k;

		snprintf(p->path, sizeof(p->path), "process.rlimits[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, p->path, EINVAL, "expected an object");
		if ((r = get_str(p, e, "type", p->path, &type)) < 0)
			return r;
		for (k = 0; type && k < ARRAY_SIZE(rlimit_names); k++)
			if (strcmp(type, rlimit_names[k].name) == 0)
				break;
		if (!type || k == ARRAY_SIZE(rlimit_names))
			return fail(p, p->path, EINVAL, "unknown rlimit type '%s'",
				    type ? type : "");
		l->resource = rlimit_names[k].res;
		if ((r = get_int(p, e, "soft", p->path, 0, INT64_MAX, &set, &v)) < 0)
			return r;
		l->soft = set ? (uint64_t)v : 0;
		if ((r = get_int(p, e, "hard", p->path, 0, INT64_MAX, &set, &v)) < 0)
			return r;
		l->hard = set ? (uint64_t)v : 0;
		/* json-c stops at INT64_MAX; unlimited is UINT64_MAX */
		if (l->soft == INT64_MAX)
			l->soft = RLIM_INFINITY;
		if (l->hard == INT64_MAX)
			l->hard = RLIM_INFINITY;
		p->s->n_rlimits++;
	}
	return 0;
}

static int parse_user(struct pctx *p, json_object *proc)
{
	struct container_config *cfg = p->s->cfg;
	json_object *u, *g;
	int64_t v;
	bool set;
	int r;

	if ((r = get(p, proc, "user", json_type_object, "process.user", &u)) < 0 || !u)
		return r;
	if ((r = refuse(p, u, "username", "process.user.username", "a Windows field")) < 0)
		return r;
	if ((r = get_int(p, u, "uid", "process.user.uid", 0, UINT32_MAX - 1, &set, &v)) < 0)
		return r;
	cfg->user_uid = set ? (uid_t)v : 0;
	if ((r = get_int(p, u, "gid", "process.user.gid", 0, UINT32_MAX - 1, &set, &v)) < 0)
		return r;
	cfg->user_gid = set ? (gid_t)v : 0;
	if ((r = get_int(p, u, "umask", "process.user.umask", 0, 0777, &set, &v)) < 0)
		return r;
	p->s->umask_set = set;
	p->s->umask = (mode_t)v;
	cfg->user_set = true;
	if ((r = get(p, u, "additionalGids", json_type_array, "process.user.additionalGids", &g)) <
	    0)
		return r;
	if (g && json_object_array_length(g)) {
		size_t n = json_object_array_length(g);
		cfg->user_groups = calloc(n, sizeof(gid_t));
		if (!cfg->user_groups)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(g, i);
			if (!json_object_is_type(e, json_type_int) ||
			    json_object_get_int64(e) < 0 || json_object_get_int64(e) >= UINT32_MAX)
				return fail(p, "process.user.additionalGids", EINVAL,
					    "element %zu: expected a group id", i);
			cfg->user_groups[cfg->n_user_groups++] = (gid_t)json_object_get_int64(e);
		}
	}
	return 0;
}

static int parse_process(struct pctx *p, json_object *root)
{
	struct container_config *cfg = p->s->cfg;
	json_object *proc, *cs;
	const char *cwd, *s;
	int64_t v;
	bool set;
	int r;

	if ((r = get(p, root, "process", json_type_object, "process", &proc)) < 0)
		return r;
	if (!proc)
		return fail(p, "process", EINVAL, "missing: the container needs a process to run");
	if ((r = get_strv(p, proc, "args", "process.args", &cfg->init_cmd)) < 0)
		return r;
	if (!cfg->init_cmd || !cfg->init_cmd[0] || !*cfg->init_cmd[0])
		return fail(p, "process.args", EINVAL, "missing or empty: nothing to run");
	if ((r = refuse(p, proc, "commandLine", "process.commandLine", "a Windows field")) < 0)
		return r;
	if ((r = get_strv(p, proc, "env", "process.env", &cfg->environment)) < 0)
		return r;
	for (char **e = cfg->environment; e && *e; e++)
		if (!strchr(*e, '=') || **e == '=')
			return fail(p, "process.env", EINVAL, "'%s' is not KEY=value", *e);
	if ((r = get_str(p, proc, "cwd", "process.cwd", &cwd)) < 0)
		return r;
	if (!cwd || cwd[0] != '/')
		return fail(p, "process.cwd", EINVAL, "must be an absolute path");
	if (!(cfg->init_cwd = strdup(cwd)))
		return -ENOMEM;
	if ((r = get_bool(p, proc, "terminal", "process.terminal", &p->s->terminal)) < 0)
		return r;
	if ((r = get(p, proc, "consoleSize", json_type_object, "process.consoleSize", &cs)) < 0)
		return r;
	if (cs) {
		if ((r = get_int(p, cs, "height", "process.consoleSize.height", 0, 65535, &set,
				 &v)) < 0)
			return r;
		p->s->console_rows = set ? (unsigned)v : 0;
		if ((r = get_int(p, cs, "width", "process.consoleSize.width", 0, 65535, &set, &v)) <
		    0)
			return r;
		p->s->console_cols = set ? (unsigned)v : 0;
	}
	if ((r = parse_user(p, proc)) < 0 || (r = parse_caps(p, proc)) < 0 ||
	    (r = parse_rlimits(p, proc)) < 0)
		return r;
	if ((r = get_bool(p, proc, "noNewPrivileges", "process.noNewPrivileges",
			  &cfg->no_new_privs)) < 0)
		return r;
	if ((r = get_int(p, proc, "oomScoreAdj", "process.oomScoreAdj", -1000, 1000, &set, &v)) < 0)
		return r;
	p->s->oom_set = set;
	p->s->oom_score_adj = (int)v;
	/* AppArmor through the engine (nothing where the host has none);
	 * SELinux labels are ignored on a host without SELinux, as the spec
	 * allows. */
	if ((r = get_str(p, proc, "apparmorProfile", "process.apparmorProfile", &s)) < 0)
		return r;
	if (s && *s && !(cfg->apparmor_profile = strdup(s)))
		return -ENOMEM;
	if (access("/sys/fs/selinux/enforce", F_OK) == 0 &&
	    (r = refuse(p, proc, "selinuxLabel", "process.selinuxLabel", "SELinux labels")) < 0)
		return r;
	if ((r = refuse(p, proc, "ioPriority", "process.ioPriority", "I/O priorities")) < 0 ||
	    (r = refuse(p, proc, "scheduler", "process.scheduler", "scheduler policies")) < 0 ||
	    (r = refuse(p, proc, "execCPUAffinity", "process.execCPUAffinity", "CPU affinity")) < 0)
		return r;
	return 0;
}

/* ---- root, mounts ------------------------------------------------------- */

/* A container path, cleaned: no ".." above its root. */
static int clean_dest(struct pctx *p, const char *dest, const char *path, char **ret)
{
	_cleanup_free_ char *out = malloc(strlen(dest) + 2);
	size_t len = 0;
	const char *c = dest;

	if (!out)
		return -ENOMEM;
	if (dest[0] != '/')
		return fail(p, path, EINVAL, "'%s' is not an absolute path", dest);
	while (*c) {
		size_t n;
		while (*c == '/')
			c++;
		n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.')) {
		} else if (n == 2 && c[0] == '.' && c[1] == '.') {
			if (len == 0)
				return fail(p, path, EXDEV, "'%s' escapes the container's root",
					    dest);
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else {
			if (len)
				out[len++] = '/';
			memcpy(out + len, c, n);
			len += n;
		}
		c += n;
	}
	out[len] = '\0';
	*ret = TAKE_PTR(out);
	return 0;
}

static int parse_root(struct pctx *p, json_object *root)
{
	struct container_config *cfg = p->s->cfg;
	json_object *o;
	const char *path;
	bool ro = false;
	int r;

	if ((r = get(p, root, "root", json_type_object, "root", &o)) < 0)
		return r;
	if (!o)
		return fail(p, "root", EINVAL, "missing: no root filesystem");
	if ((r = get_str(p, o, "path", "root.path", &path)) < 0)
		return r;
	if (!path || !*path)
		return fail(p, "root.path", EINVAL, "missing");
	if (path[0] == '/')
		cfg->rootfs = strdup(path);
	else if (asprintf(&cfg->rootfs, "%s/%s", p->s->bundle, path) < 0)
		cfg->rootfs = NULL;
	if (!cfg->rootfs)
		return -ENOMEM;
	{
		struct stat st;
		if (stat(cfg->rootfs, &st) < 0 || !S_ISDIR(st.st_mode))
			return fail(p, "root.path", ENOENT, "'%s' is not a directory", cfg->rootfs);
	}
	if ((r = get_bool(p, o, "readonly", "root.readonly", &ro)) < 0)
		return r;
	if (ro && !(cfg->rootfs_options = strdup("ro")))
		return -ENOMEM;
	return 0;
}

/* Options that only say something to other runtimes or to the engine
 * above (podman's SELinux relabel flags, crun's tmpcopyup). */
static bool opt_ignored(const char *o)
{
	static const char *const ign[] = { "z",		"Z",	       "U",
					   "tmpcopyup", "notmpcopyup", "copy-symlink",
					   "nocopyup" };
	for (size_t i = 0; i < ARRAY_SIZE(ign); i++)
		if (strcmp(o, ign[i]) == 0)
			return true;
	return false;
}

static int mount_add(struct container_config *cfg, const char *src, const char *dest,
		     const char *type, const char *opts, const char *key)
{
	struct cfg_mount *nm = realloc(cfg->mounts, (cfg->n_mounts + 1) * sizeof(*nm));
	struct cfg_mount *m;

	if (!nm)
		return -ENOMEM;
	cfg->mounts = nm;
	m = &nm[cfg->n_mounts];
	*m = (struct cfg_mount){ .source = strdup(src),
				 .target = strdup(dest),
				 .fstype = strdup(type),
				 .options = strdup(opts),
				 .origin = { .key = key } };
	if (!m->source || !m->target || !m->fstype || !m->options) {
		free(m->source);
		free(m->target);
		free(m->fstype);
		free(m->options);
		return -ENOMEM;
	}
	cfg->n_mounts++;
	return 0;
}

static int parse_mount(struct pctx *p, json_object *m, size_t i)
{
	struct container_config *cfg = p->s->cfg;
	_cleanup_free_ char *dest = NULL, *opts = NULL;
	_cleanup_strv_free_ char **ov = NULL;
	const char *d, *src, *type, *key;
	bool bind = false, ro = false;
	size_t len = 0;
	struct stat st;
	int r;

	key = pool_add(cfg, "mounts[%zu]", i);
	if (!key)
		return -ENOMEM;
	if (!json_object_is_type(m, json_type_object))
		return fail(p, key, EINVAL, "expected an object");
	snprintf(p->path, sizeof(p->path), "%s.destination", key);
	if ((r = get_str(p, m, "destination", p->path, &d)) < 0)
		return r;
	if (!d)
		return fail(p, p->path, EINVAL, "missing");
	if ((r = clean_dest(p, d, p->path, &dest)) < 0)
		return r;
	snprintf(p->path, sizeof(p->path), "%s.source", key);
	if ((r = get_str(p, m, "source", p->path, &src)) < 0)
		return r;
	snprintf(p->path, sizeof(p->path), "%s.type", key);
	if ((r = get_str(p, m, "type", p->path, &type)) < 0)
		return r;
	snprintf(p->path, sizeof(p->path), "%s.options", key);
	if ((r = get_strv(p, m, "options", p->path, &ov)) < 0)
		return r;
	snprintf(p->path, sizeof(p->path), "%s.uidMappings", key);
	if ((r = refuse(p, m, "uidMappings", p->path, "id-mapped mounts")) < 0)
		return r;
	snprintf(p->path, sizeof(p->path), "%s.gidMappings", key);
	if ((r = refuse(p, m, "gidMappings", p->path, "id-mapped mounts")) < 0)
		return r;
	opts = calloc(1, 1);
	if (!opts)
		return -ENOMEM;
	for (char **o = ov; o && *o; o++) {
		const char *w = *o;
		char *n;
		if (strcmp(w, "bind") == 0 || strcmp(w, "rbind") == 0)
			bind = true;
		if (strcmp(w, "ro") == 0 || strcmp(w, "rro") == 0) {
			ro = true;
			w = "ro";
		} else if (strcmp(w, "rrw") == 0) {
			w = "rw";
		} else if (strcmp(w, "idmap") == 0 || strcmp(w, "ridmap") == 0) {
			snprintf(p->path, sizeof(p->path), "%s.options", key);
			return fail(p, p->path, EOPNOTSUPP,
				    "not supported: id-mapped mounts ('%s')", w);
		} else if (opt_ignored(w)) {
			continue;
		}
		if (strchr(w, ',') && (type && strcmp(type, "bind") == 0)) {
			snprintf(p->path, sizeof(p->path), "%s.options", key);
			return fail(p, p->path, EINVAL, "'%s' holds a comma", w);
		}
		n = realloc(opts, len + strlen(w) + 2);
		if (!n)
			return -ENOMEM;
		opts = n;
		len += (size_t)sprintf(opts + len, "%s%s", len ? "," : "", w);
	}
	if (!type || !*type)
		type = bind ? "none" : NULL;
	if (type && strcmp(type, "bind") == 0) {
		type = "none";
		bind = true;
	}
	if (!type) {
		snprintf(p->path, sizeof(p->path), "%s.type", key);
		return fail(p, p->path, EINVAL, "missing, and the options say no bind");
	}
	if (!src)
		src = type;
	/* What the engine mounts itself, with the masks OCI runtimes apply
	 * (config-linux.md's default /proc and /sys handling). */
	if (strcmp(dest, "proc") == 0 && strcmp(type, "proc") == 0) {
		cfg->auto_proc = CFG_AUTO_PROC_MIXED;
		return 0;
	}
	if (strcmp(dest, "sys") == 0 && strcmp(type, "sysfs") == 0) {
		cfg->auto_sys = ro ? CFG_AUTO_SYS_RO : CFG_AUTO_SYS_RW;
		return 0;
	}
	if (strcmp(dest, "sys/fs/cgroup") == 0 && strcmp(type, "cgroup") == 0) {
		cfg->auto_cgroup = ro ? CFG_AUTO_CGROUP_RO : CFG_AUTO_CGROUP_RW;
		cfg->auto_cgroup_force = true; /* the spec's mounts are all made */
		return 0;
	}
	if (strcmp(type, "cgroup") == 0 || strcmp(type, "cgroup2") == 0) {
		snprintf(p->path, sizeof(p->path), "%s.destination", key);
		return fail(p, p->path, EOPNOTSUPP,
			    "not supported: a cgroup mount elsewhere than /sys/fs/cgroup");
	}
	if (bind && src[0] != '/') {
		snprintf(p->path, sizeof(p->path), "%s.source", key);
		return fail(p, p->path, EINVAL, "a bind's source must be an absolute path");
	}
	{
		const char *create = bind && stat(src, &st) == 0 && !S_ISDIR(st.st_mode)
					     ? "create=file"
					     : "create=dir";
		char *n = realloc(opts, len + strlen(create) + 2);
		if (!n)
			return -ENOMEM;
		opts = n;
		sprintf(opts + len, "%s%s", len ? "," : "", create);
	}
	return mount_add(cfg, src, dest[0] ? dest : ".", type, opts, key);
}

static int parse_mounts(struct pctx *p, json_object *root)
{
	json_object *a;
	int r = get(p, root, "mounts", json_type_array, "mounts", &a);

	if (r < 0 || !a)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if ((r = parse_mount(p, json_object_array_get_idx(a, i), i)) < 0)
			return r;
	return 0;
}

/* ---- linux -------------------------------------------------------------- */

static const struct {
	const char *name;
	int flag;
} ns_types[] = {
	{ "pid", CLONE_NEWPID },       { "network", CLONE_NEWNET },
	{ "mount", CLONE_NEWNS },      { "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS },       { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", 0x80 /* CLONE_NEWTIME */ },
};

static int parse_namespaces(struct pctx *p, json_object *lx)
{
	struct container_config *cfg = p->s->cfg;
	int seen = 0, want = 0;
	json_object *a;
	int r;

	if ((r = get(p, lx, "namespaces", json_type_array, "linux.namespaces", &a)) < 0)
		return r;
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *type, *path;
		size_t k;

		snprintf(p->path, sizeof(p->path), "linux.namespaces[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, p->path, EINVAL, "expected an object");
		if ((r = get_str(p, e, "type", p->path, &type)) < 0 ||
		    (r = get_str(p, e, "path", p->path, &path)) < 0)
			return r;
		for (k = 0; type && k < ARRAY_SIZE(ns_types); k++)
			if (strcmp(type, ns_types[k].name) == 0)
				break;
		if (!type || k == ARRAY_SIZE(ns_types))
			return fail(p, p->path, EINVAL, "unknown namespace type '%s'",
				    type ? type : "");
		if (seen & ns_types[k].flag)
			return fail(p, p->path, EINVAL, "namespace '%s' given twice", type);
		seen |= ns_types[k].flag;
		if (path && *path) {
			struct oci_ns_join *nj;
			if (ns_types[k].flag == CLONE_NEWNS || ns_types[k].flag == CLONE_NEWUSER ||
			    ns_types[k].flag == CLONE_NEWCGROUP || ns_types[k].flag == 0x80)
				return fail(p, p->path, EOPNOTSUPP,
					    "not supported: joining an existing %s namespace",
					    type);
			nj = realloc(p->s->joins, (p->s->n_joins + 1) * sizeof(*nj));
			if (!nj)
				return -ENOMEM;
			p->s->joins = nj;
			nj[p->s->n_joins] = (struct oci_ns_join){ .flag = ns_types[k].flag,
								  .path = strdup(path),
								  .json_path = strdup(p->path) };
			p->s->n_joins++;
			if (!nj[p->s->n_joins - 1].path || !nj[p->s->n_joins - 1].json_path)
				return -ENOMEM;
			p->s->ns_shared |= ns_types[k].flag;
		} else {
			want |= ns_types[k].flag;
		}
	}
	/* The engine always makes its own mount, PID, UTS and IPC namespaces
	 * (and cgroup and time): a container sharing the host's is refused,
	 * not silently given new ones -- but for UTS and IPC, which only
	 * isolate more. */
	if (!(seen & CLONE_NEWNS))
		return fail(p, "linux.namespaces", EOPNOTSUPP,
			    "not supported: a container without a mount namespace");
	if (!(seen & CLONE_NEWPID))
		return fail(p, "linux.namespaces", EOPNOTSUPP,
			    "not supported: the host's PID namespace (give a 'pid' namespace)");
	if (!(seen & CLONE_NEWNET)) {
		/* the host's network */
		cfg->nets = calloc(1, sizeof(*cfg->nets));
		if (!cfg->nets)
			return -ENOMEM;
		cfg->n_nets = 1;
		cfg->nets[0].type = CFG_NET_NONE;
	}
	if ((want & CLONE_NEWUSER) && !cfg->n_idmaps)
		return fail(p, "linux.uidMappings", EINVAL,
			    "a user namespace needs uidMappings and gidMappings");
	if (!(want & CLONE_NEWUSER) && cfg->n_idmaps)
		return fail(p, "linux.uidMappings", EINVAL, "mappings without a user namespace");
	return 0;
}

static int parse_idmaps(struct pctx *p, json_object *lx, const char *key, char type)
{
	struct container_config *cfg = p->s->cfg;
	json_object *a;
	int r;

	snprintf(p->path, sizeof(p->path), "linux.%s", key);
	if ((r = get(p, lx, key, json_type_array, p->path, &a)) < 0 || !a)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		struct cfg_idmap *nm;
		int64_t c, h, s;
		bool set1, set2, set3;

		snprintf(p->path, sizeof(p->path), "linux.%s[%zu]", key, i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, p->path, EINVAL, "expected an object");
		if ((r = get_int(p, e, "containerID", p->path, 0, UINT32_MAX, &set1, &c)) < 0 ||
		    (r = get_int(p, e, "hostID", p->path, 0, UINT32_MAX, &set2, &h)) < 0 ||
		    (r = get_int(p, e, "size", p->path, 1, UINT32_MAX, &set3, &s)) < 0)
			return r;
		if (!set1 || !set2 || !set3)
			return fail(p, p->path, EINVAL, "needs containerID, hostID and size");
		nm = realloc(cfg->idmaps, (cfg->n_idmaps + 1) * sizeof(*nm));
		if (!nm)
			return -ENOMEM;
		cfg->idmaps = nm;
		nm[cfg->n_idmaps++] =
			(struct cfg_idmap){ .type = type,
					    .ns_id = (unsigned long)c,
					    .host_id = (unsigned long)h,
					    .range = (unsigned long)s,
					    .origin = { .key = "linux.uidMappings" } };
	}
	return 0;
}

static int cg_add(struct pctx *p, const char *key, const char *value, bool v2, const char *path)
{
	struct container_config *cfg = p->s->cfg;
	struct cfg_cgroup *n = realloc(cfg->cgroups, (cfg->n_cgroups + 1) * sizeof(*n));
	const char *origin = pool_add(cfg, "%s", path);

	if (!n || !origin)
		return -ENOMEM;
	cfg->cgroups = n;
	n[cfg->n_cgroups] = (struct cfg_cgroup){ .key = strdup(key),
						 .value = strdup(value),
						 .v2 = v2,
						 .origin = { .file = p->file, .key = origin } };
	if (!n[cfg->n_cgroups].key || !n[cfg->n_cgroups].value) {
		free(n[cfg->n_cgroups].key);
		free(n[cfg->n_cgroups].value);
		return -ENOMEM;
	}
	cfg->n_cgroups++;
	return 0;
}

/* An integer @field of @obj into lxc.cgroup.@key (-1: "max" where @max). */
static int cg_int(struct pctx *p, json_object *obj, const char *field, const char *base,
		  const char *key, bool neg_is_max)
{
	char path[128], buf[32];
	int64_t v;
	bool set;
	int r;

	snprintf(path, sizeof(path), "%s.%s", base, field);
	if ((r = get_int(p, obj, field, path, neg_is_max ? -1 : 0, INT64_MAX, &set, &v)) < 0 ||
	    !set)
		return r;
	if (v < 0 || (neg_is_max && v == 0 && strcmp(key, "pids.max") == 0))
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	if (strcmp(buf, "max") == 0 && strcmp(key, "pids.max") != 0)
		snprintf(buf, sizeof(buf), "-1");
	return cg_add(p, key, buf, false, path);
}

static int parse_devices_cg(struct pctx *p, json_object *res)
{
	json_object *a;
	int r = get(p, res, "devices", json_type_array, "linux.resources.devices", &a);

	for (size_t i = 0; r == 0 && a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *type, *access;
		char rule[64], maj[24] = "*", min[24] = "*";
		int64_t v;
		bool allow = false, set;

		snprintf(p->path, sizeof(p->path), "linux.resources.devices[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, p->path, EINVAL, "expected an object");
		if ((r = get_bool(p, e, "allow", p->path, &allow)) < 0 ||
		    (r = get_str(p, e, "type", p->path, &type)) < 0 ||
		    (r = get_str(p, e, "access", p->path, &access)) < 0)
			return r;
		if ((r = get_int(p, e, "major", p->path, -1, UINT32_MAX, &set, &v)) < 0)
			return r;
		if (set && v >= 0)
			snprintf(maj, sizeof(maj), "%lld", (long long)v);
		if ((r = get_int(p, e, "minor", p->path, -1, UINT32_MAX, &set, &v)) < 0)
			return r;
		if (set && v >= 0)
			snprintf(min, sizeof(min), "%lld", (long long)v);
		if (!type || !*type)
			type = "a";
		if (!access || !*access)
			access = "rwm";
		if (strcmp(type, "a") == 0)
			snprintf(rule, sizeof(rule), "a");
		else
			snprintf(rule, sizeof(rule), "%s %s:%s %s", type, maj, min, access);
		{
			struct cgroup_device_rule dr;
			if (cgroup_device_rule_parse(rule, allow, &dr) < 0)
				return fail(p, p->path, EINVAL, "bad device rule '%s'", rule);
		}
		r = cg_add(p, allow ? "devices.allow" : "devices.deny", rule, false, p->path);
	}
	/* After the config's own, as runc: the nodes every container has
	 * (null, zero, full, random, urandom, tty, console, ptmx, pts) and
	 * mknod of any, the engine's default allows. */
	if (r == 0 && a && json_object_array_length(a)) {
		const struct cgroup_device_rule *def;
		size_t n = cgroup_device_defaults(&def);
		for (size_t i = 0; r == 0 && i < n; i++) {
			char rule[64];
			if (!def[i].allow || def[i].type == 'a' ||
			    cgroup_device_rule_format(&def[i], rule, sizeof(rule)) < 0)
				continue;
			r = cg_add(p, "devices.allow", rule, false, "linux.resources.devices");
		}
	}
	return r;
}

static int parse_resources(struct pctx *p, json_object *lx)
{
	json_object *res, *o;
	int r;

	if ((r = get(p, lx, "resources", json_type_object, "linux.resources", &res)) < 0 || !res)
		return r;
	if ((r = parse_devices_cg(p, res)) < 0)
		return r;
	if ((r = get(p, res, "memory", json_type_object, "linux.resources.memory", &o)) < 0)
		return r;
	if (o && ((r = cg_int(p, o, "limit", "linux.resources.memory", "memory.limit_in_bytes",
			      true)) < 0 ||
		  (r = cg_int(p, o, "reservation", "linux.resources.memory",
			      "memory.soft_limit_in_bytes", true)) < 0 ||
		  (r = cg_int(p, o, "swap", "linux.resources.memory", "memory.memsw.limit_in_bytes",
			      true)) < 0))
		return r;
	if (o && ((r = refuse(p, o, "kernel", "linux.resources.memory.kernel",
			      "kernel memory limits (deprecated)")) < 0 ||
		  (r = refuse(p, o, "kernelTCP", "linux.resources.memory.kernelTCP",
			      "kernel memory limits (deprecated)")) < 0))
		return r;
	if ((r = get(p, res, "cpu", json_type_object, "linux.resources.cpu", &o)) < 0)
		return r;
	if (o) {
		const char *s;
		if ((r = cg_int(p, o, "shares", "linux.resources.cpu", "cpu.shares", false)) < 0 ||
		    (r = cg_int(p, o, "quota", "linux.resources.cpu", "cpu.cfs_quota_us", true)) <
			    0 ||
		    (r = cg_int(p, o, "period", "linux.resources.cpu", "cpu.cfs_period_us",
				false)) < 0)
			return r;
		if ((r = get_str(p, o, "cpus", "linux.resources.cpu.cpus", &s)) < 0 ||
		    (s && *s &&
		     (r = cg_add(p, "cpuset.cpus", s, false, "linux.resources.cpu.cpus")) < 0))
			return r;
		if ((r = get_str(p, o, "mems", "linux.resources.cpu.mems", &s)) < 0 ||
		    (s && *s &&
		     (r = cg_add(p, "cpuset.mems", s, false, "linux.resources.cpu.mems")) < 0))
			return r;
		if ((r = refuse(p, o, "realtimeRuntime", "linux.resources.cpu.realtimeRuntime",
				"real-time scheduling limits")) < 0 ||
		    (r = refuse(p, o, "realtimePeriod", "linux.resources.cpu.realtimePeriod",
				"real-time scheduling limits")) < 0)
			return r;
	}
	if ((r = get(p, res, "pids", json_type_object, "linux.resources.pids", &o)) < 0)
		return r;
	if (o && (r = cg_int(p, o, "limit", "linux.resources.pids", "pids.max", true)) < 0)
		return r;
	if ((r = get(p, res, "blockIO", json_type_object, "linux.resources.blockIO", &o)) < 0)
		return r;
	if (o && (r = cg_int(p, o, "weight", "linux.resources.blockIO", "blkio.weight", false)) < 0)
		return r;
	if (o &&
	    ((r = refuse(p, o, "weightDevice", "linux.resources.blockIO.weightDevice",
			 "per-device I/O weights")) < 0 ||
	     (r = refuse(p, o, "throttleReadBpsDevice",
			 "linux.resources.blockIO.throttleReadBpsDevice", "I/O throttling")) < 0 ||
	     (r = refuse(p, o, "throttleWriteBpsDevice",
			 "linux.resources.blockIO.throttleWriteBpsDevice", "I/O throttling")) < 0 ||
	     (r = refuse(p, o, "throttleReadIOPSDevice",
			 "linux.resources.blockIO.throttleReadIOPSDevice", "I/O throttling")) < 0 ||
	     (r = refuse(p, o, "throttleWriteIOPSDevice",
			 "linux.resources.blockIO.throttleWriteIOPSDevice", "I/O throttling")) < 0))
		return r;
	if ((r = get(p, res, "hugepageLimits", json_type_array, "linux.resources.hugepageLimits",
		     &o)) < 0)
		return r;
	for (size_t i = 0; o && i < json_object_array_length(o); i++) {
		json_object *e = json_object_array_get_idx(o, i);
		const char *size;
		char key[64];
		snprintf(p->path, sizeof(p->path), "linux.resources.hugepageLimits[%zu]", i);
		if (!json_object_is_type(e, json_type_object) ||
		    (r = get_str(p, e, "pageSize", p->path, &size)) < 0 || !size ||
		    strlen(size) > 16)
			return r < 0 ? r : fail(p, p->path, EINVAL, "needs a pageSize");
		snprintf(key, sizeof(key), "hugetlb.%s.limit_in_bytes", size);
		if ((r = cg_int(p, e, "limit", p->path, key, false)) < 0)
			return r;
	}
	if ((r = get(p, res, "unified", json_type_object, "linux.resources.unified", &o)) < 0)
		return r;
	if (o) {
		json_object_object_foreach(o, k, v)
		{
			snprintf(p->path, sizeof(p->path), "linux.resources.unified.%s", k);
			if (!json_object_is_type(v, json_type_string))
				return fail(p, p->path, EINVAL, "expected a string");
			if (strchr(k, '/') || k[0] == '.')
				return fail(p, p->path, EINVAL, "not a cgroup file name");
			if ((r = cg_add(p, k, json_object_get_string(v), true, p->path)) < 0)
				return r;
		}
	}
	if ((r = refuse(p, res, "network", "linux.resources.network",
			"net_cls/net_prio settings")) < 0 ||
	    (r = refuse(p, res, "rdma", "linux.resources.rdma", "RDMA limits")) < 0)
		return r;
	return 0;
}

static int parse_sysctl(struct pctx *p, json_object *lx)
{
	json_object *o;
	int r = get(p, lx, "sysctl", json_type_object, "linux.sysctl", &o);

	if (r < 0 || !o)
		return r;
	p->s->sysctls = calloc(json_object_object_length(o) + 1, sizeof(*p->s->sysctls));
	if (!p->s->sysctls)
		return -ENOMEM;
	json_object_object_foreach(o, k, v)
	{
		struct oci_sysctl *s = &p->s->sysctls[p->s->n_sysctls];
		snprintf(p->path, sizeof(p->path), "linux.sysctl.%s", k);
		if (!json_object_is_type(v, json_type_string))
			return fail(p, p->path, EINVAL, "expected a string");
		if (strstr(k, "..") || strchr(k, '/') || !*k)
			return fail(p, p->path, EINVAL, "not a sysctl name");
		/* Only what the container's own namespaces hold. */
		if (strncmp(k, "net.", 4) != 0 && strncmp(k, "kernel.msg", 10) != 0 &&
		    strncmp(k, "kernel.sem", 10) != 0 && strncmp(k, "kernel.shm", 10) != 0 &&
		    strncmp(k, "fs.mqueue.", 10) != 0 && strcmp(k, "kernel.hostname") != 0 &&
		    strcmp(k, "kernel.domainname") != 0)
			return fail(p, p->path, EPERM,
				    "not namespaced: it would change the host's setting");
		s->key = strdup(k);
		s->value = strdup(json_object_get_string(v));
		if (!s->key || !s->value)
			return -ENOMEM;
		p->s->n_sysctls++;
	}
	return 0;
}

static const struct {
	const char *name;
	enum seccomp_action_kind kind;
} seccomp_actions[] = {
	{ "SCMP_ACT_KILL", SECCOMP_ACTION_KILL },   { "SCMP_ACT_KILL_THREAD", SECCOMP_ACTION_KILL },
	{ "SCMP_ACT_ALLOW", SECCOMP_ACTION_ALLOW }, { "SCMP_ACT_ERRNO", SECCOMP_ACTION_ERRNO },
	{ "SCMP_ACT_TRAP", SECCOMP_ACTION_TRAP },   { "SCMP_ACT_TRACE", SECCOMP_ACTION_TRACE },
	{ "SCMP_ACT_LOG", SECCOMP_ACTION_LOG },
};

static const struct {
	const char *name;
	enum seccomp_cmp op;
} seccomp_ops[] = {
	{ "SCMP_CMP_NE", SECCOMP_CMP_NE },
	{ "SCMP_CMP_LT", SECCOMP_CMP_LT },
	{ "SCMP_CMP_LE", SECCOMP_CMP_LE },
	{ "SCMP_CMP_EQ", SECCOMP_CMP_EQ },
	{ "SCMP_CMP_GE", SECCOMP_CMP_GE },
	{ "SCMP_CMP_GT", SECCOMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SECCOMP_CMP_MASKED_EQ },
};

static int seccomp_action(struct pctx *p, json_object *o, const char *akey, const char *ekey,
			  const char *path, struct seccomp_action *ret)
{
	const char *a;
	int64_t e;
	bool set;
	size_t k;
	int r;

	if ((r = get_str(p, o, akey, path, &a)) < 0)
		return r;
	for (k = 0; a && k < ARRAY_SIZE(seccomp_actions); k++)
		if (strcmp(a, seccomp_actions[k].name) == 0)
			break;
	if (!a || k == ARRAY_SIZE(seccomp_actions))
		return fail(p, path, EOPNOTSUPP, "unknown or unsupported seccomp action '%s'",
			    a ? a : "");
	ret->kind = seccomp_actions[k].kind;
	ret->data = ret->kind == SECCOMP_ACTION_ERRNO ? EPERM : 0;
	if ((r = get_int(p, o, ekey, path, 0, 4095, &set, &e)) < 0)
		return r;
	if (set)
		ret->data = (uint32_t)e;
	return 0;
}

static int parse_seccomp(struct pctx *p, json_object *lx)
{
	struct container_config *cfg = p->s->cfg;
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *pol = NULL;
	json_object *sc, *a;
	int r;

	if ((r = get(p, lx, "seccomp", json_type_object, "linux.seccomp", &sc)) < 0)
		return r;
	if (!sc) {
		/* no seccomp section: no filter (runtime-spec) */
		cfg->seccomp_off = true;
		return 0;
	}
	if ((r = refuse(p, sc, "listenerPath", "linux.seccomp.listenerPath",
			"seccomp user notification")) < 0 ||
	    (r = refuse(p, sc, "flags", "linux.seccomp.flags", "seccomp filter flags")) < 0)
		return r;
	pol = calloc(1, sizeof(*pol));
	if (!pol)
		return -ENOMEM;
	if ((r = seccomp_action(p, sc, "defaultAction", "defaultErrnoRet",
				"linux.seccomp.defaultAction", &pol->default_action)) < 0)
		return r;
	if ((r = get(p, sc, "syscalls", json_type_array, "linux.seccomp.syscalls", &a)) < 0)
		return r;
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i), *args;
		_cleanup_strv_free_ char **names = NULL;
		struct seccomp_rule rule = { 0 };
		char base[64];

		snprintf(base, sizeof(base), "linux.seccomp.syscalls[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, base, EINVAL, "expected an object");
		snprintf(p->path, sizeof(p->path), "%s.names", base);
		if ((r = get_strv(p, e, "names", p->path, &names)) < 0)
			return r;
		snprintf(p->path, sizeof(p->path), "%s.action", base);
		if ((r = seccomp_action(p, e, "action", "errnoRet", p->path, &rule.action)) < 0)
			return r;
		snprintf(p->path, sizeof(p->path), "%s.args", base);
		if ((r = get(p, e, "args", json_type_array, p->path, &args)) < 0)
			return r;
		if (args && json_object_array_length(args) > 6)
			return fail(p, p->path, EINVAL, "more than six argument filters");
		for (size_t j = 0; args && j < json_object_array_length(args); j++) {
			json_object *ae = json_object_array_get_idx(args, j), *vv;
			struct seccomp_arg *sa = &rule.args[rule.n_args];
			const char *op;
			int64_t idx;
			bool set;
			size_t k;

			snprintf(p->path, sizeof(p->path), "%s.args[%zu]", base, j);
			if (!json_object_is_type(ae, json_type_object))
				return fail(p, p->path, EINVAL, "expected an object");
			if ((r = get_int(p, ae, "index", p->path, 0, 5, &set, &idx)) < 0)
				return r;
			if ((r = get_str(p, ae, "op", p->path, &op)) < 0)
				return r;
			for (k = 0; op && k < ARRAY_SIZE(seccomp_ops); k++)
				if (strcmp(op, seccomp_ops[k].name) == 0)
					break;
			if (!set || !op || k == ARRAY_SIZE(seccomp_ops))
				return fail(p, p->path, EINVAL, "needs an index and a known op");
			sa->index = (unsigned)idx;
			sa->op = seccomp_ops[k].op;
			/* uint64 values: json-c keeps them as uint64 */
			if (json_object_object_get_ex(ae, "value", &vv) && vv)
				sa->value = json_object_get_uint64(vv);
			if (json_object_object_get_ex(ae, "valueTwo", &vv) && vv)
				sa->mask = json_object_get_uint64(vv);
			if (sa->op == SECCOMP_CMP_MASKED_EQ) {
				/* libseccomp's order: mask first, then the datum */
				uint64_t m = sa->value;
				sa->value = sa->mask;
				sa->mask = m;
			}
			rule.n_args++;
		}
		for (char **n = names; n && *n; n++) {
			struct seccomp_rule *nr =
				realloc(pol->rules, (pol->n_rules + 1) * sizeof(*nr));
			if (!nr)
				return -ENOMEM;
			pol->rules = nr;
			nr[pol->n_rules] = rule;
			nr[pol->n_rules].syscall = strdup(*n);
			if (!nr[pol->n_rules].syscall)
				return -ENOMEM;
			pol->n_rules++;
		}
	}
	cfg->seccomp = TAKE_PTR(pol);
	cfg->seccomp_origin = (struct cfg_origin){ .file = p->file, .key = "linux.seccomp" };
	return 0;
}

/* hostname or domainname (@key) into *@ret when set: at most 64 bytes. */
static int get_uts_name(struct pctx *p, json_object *root, const char *key, char **ret)
{
	const char *str;
	int r = get_str(p, root, key, key, &str);

	if (r < 0 || !str || !*str)
		return r;
	if (strlen(str) > 64)
		return fail(p, key, EINVAL, "longer than 64 bytes");
	*ret = strdup(str);
	return *ret ? 0 : -ENOMEM;
}

/* linux.timeOffsets: monotonic and boottime offsets of the time namespace
 * the engine always makes (the other clocks cannot be offset). */
static int parse_time_offsets(struct pctx *p, json_object *lx)
{
	static const char *const clocks[] = { "monotonic", "boottime" };
	struct container_config *cfg = p->s->cfg;
	long long *vals[][2] = { { &cfg->time_mono_s, &cfg->time_mono_ns },
				 { &cfg->time_boot_s, &cfg->time_boot_ns } };
	json_object *t, *c;
	int r = get(p, lx, "timeOffsets", json_type_object, "linux.timeOffsets", &t);

	if (r < 0 || !t)
		return r;
	json_object_object_foreach(t, key, val)
	{
		(void)val;
		if (strcmp(key, clocks[0]) != 0 && strcmp(key, clocks[1]) != 0)
			return fail(p, "linux.timeOffsets", EINVAL,
				    "unknown clock '%s' (monotonic or boottime)", key);
	}
	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
		int64_t v;
		bool set;
		snprintf(p->path, sizeof(p->path), "linux.timeOffsets.%s", clocks[i]);
		if ((r = get(p, t, clocks[i], json_type_object, p->path, &c)) < 0)
			return r;
		if (!c)
			continue;
		if ((r = get_int(p, c, "secs", p->path, INT64_MIN / 2, INT64_MAX / 2, &set, &v)) <
		    0)
			return r;
		*vals[i][0] = set ? v : 0;
		if ((r = get_int(p, c, "nanosecs", p->path, 0, 999999999, &set, &v)) < 0)
			return r;
		*vals[i][1] = set ? v : 0;
	}
	cfg->time_offsets_set = true;
	return 0;
}

/* Whether the path @s has a "." or ".." component. */
static bool has_dot_component(const char *s)
{
	size_t len;
	for (const char *c = s; *c; c += len + (c[len] == '/')) {
		len = strcspn(c, "/");
		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return true;
	}
	return false;
}

/* linux.devices: nodes made in the container (cfg->devnodes) and allowed
 * in its device cgroup after linux.resources.devices, as runc does; with
 * no rule of the config's own, after the engine's default policy. */
static int parse_devnodes(struct pctx *p, json_object *lx)
{
	struct container_config *cfg = p->s->cfg;
	json_object *a;
	size_t n;
	bool has_rules = false;
	int r = get(p, lx, "devices", json_type_array, "linux.devices", &a);

	if (r < 0 || !a || !(n = json_object_array_length(a)))
		return r;
	cfg->devnodes = calloc(n, sizeof(*cfg->devnodes));
	if (!cfg->devnodes)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_cgroups; i++)
		if (!strcmp(cfg->cgroups[i].key, "devices.allow") ||
		    !strcmp(cfg->cgroups[i].key, "devices.deny"))
			has_rules = true;
	if (!has_rules) {
		const struct cgroup_device_rule *def;
		size_t nd = cgroup_device_defaults(&def);
		for (size_t i = 0; r == 0 && i < nd; i++) {
			char rule[64];
			if (cgroup_device_rule_format(&def[i], rule, sizeof(rule)) == 0)
				r = cg_add(p, def[i].allow ? "devices.allow" : "devices.deny", rule,
					   false, "linux.devices");
		}
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		struct cfg_devnode *d = &cfg->devnodes[cfg->n_devnodes];
		const char *path, *type;
		int64_t maj = 0, min = 0, mode = 0666, uid = 0, gid = 0;
		bool set_maj = false, set_min = false, set;
		char rule[64];

		snprintf(p->path, sizeof(p->path), "linux.devices[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return fail(p, p->path, EINVAL, "expected an object");
		if ((r = get_str(p, e, "path", p->path, &path)) < 0 ||
		    (r = get_str(p, e, "type", p->path, &type)) < 0 ||
		    (r = get_int(p, e, "major", p->path, 0, UINT32_MAX, &set_maj, &maj)) < 0 ||
		    (r = get_int(p, e, "minor", p->path, 0, UINT32_MAX, &set_min, &min)) < 0 ||
		    (r = get_int(p, e, "fileMode", p->path, 0, 0177777, &set, &mode)) < 0 ||
		    (r = get_int(p, e, "uid", p->path, 0, UINT32_MAX - 1, &set, &uid)) < 0 ||
		    (r = get_int(p, e, "gid", p->path, 0, UINT32_MAX - 1, &set, &gid)) < 0)
			return r;
		if (!path || *path != '/' || has_dot_component(path) || !strchr(path + 1, '/'))
			return fail(
				p, p->path, EINVAL,
				"path '%s': expected an absolute path below a directory, no '.' "
				"or '..'",
				path ? path : "");
		if (!type || strlen(type) != 1 || !strchr("cubp", *type))
			return fail(p, p->path, EINVAL, "type '%s': expected c, u, b or p",
				    type ? type : "");
		if (*type != 'p' && (!set_maj || !set_min))
			return fail(p, p->path, EINVAL, "a '%s' device needs its major and minor",
				    type);
		while (*path == '/')
			path++;
		if (!(d->path = strdup(path)))
			return -ENOMEM;
		/* podman passes the type bits too: only the permissions count */
		d->mode = ((mode_t)mode & 07777) | (*type == 'b'   ? S_IFBLK
						    : *type == 'p' ? S_IFIFO
								   : S_IFCHR);
		d->dev = *type == 'p' ? 0 : makedev((unsigned)maj, (unsigned)min);
		d->uid = (uid_t)uid;
		d->gid = (gid_t)gid;
		cfg->n_devnodes++;
		if (*type == 'p')
			continue;
		snprintf(rule, sizeof(rule), "%c %lld:%lld rwm", *type == 'b' ? 'b' : 'c',
			 (long long)maj, (long long)min);
		r = cg_add(p, "devices.allow", rule, false, p->path);
	}
	return r;
}

static int parse_linux(struct pctx *p, json_object *root)
{
	struct container_config *cfg = p->s->cfg;
	json_object *lx;
	const char *s;
	int r;

	if ((r = get(p, root, "linux", json_type_object, "linux", &lx)) < 0)
		return r;
	if (!lx)
		return fail(p, "linux", EINVAL,
			    "missing: a Linux container needs its linux object");
	if ((r = parse_idmaps(p, lx, "uidMappings", 'u')) < 0 ||
	    (r = parse_idmaps(p, lx, "gidMappings", 'g')) < 0 ||
	    (r = parse_namespaces(p, lx)) < 0 || (r = parse_resources(p, lx)) < 0 ||
	    (r = parse_devnodes(p, lx)) < 0 || (r = parse_time_offsets(p, lx)) < 0 ||
	    (r = parse_sysctl(p, lx)) < 0 || (r = parse_seccomp(p, lx)) < 0)
		return r;
	if ((r = refuse(p, lx, "intelRdt", "linux.intelRdt", "Intel RDT")) < 0 ||
	    (r = refuse(p, lx, "memoryPolicy", "linux.memoryPolicy", "NUMA memory policies")) < 0 ||
	    (r = refuse(p, lx, "netDevices", "linux.netDevices", "moving network devices")) < 0)
		return r;
	if ((r = get_str(p, lx, "rootfsPropagation", "linux.rootfsPropagation", &s)) < 0)
		return r;
	if (s && *s && strcmp(s, "rslave") != 0 && strcmp(s, "slave") != 0 &&
	    strcmp(s, "private") != 0 && strcmp(s, "rprivate") != 0)
		return fail(p, "linux.rootfsPropagation", EOPNOTSUPP,
			    "not supported: '%s' (the rootfs is always a slave of the host's)", s);
	if ((r = get_str(p, lx, "cgroupsPath", "linux.cgroupsPath", &s)) < 0)
		return r;
	/* runc's cgroupfs driver: a path below the cgroup root (leading '/'
	 * or not), the same in every v1 hierarchy; ctr/ID when empty */
	if (s && *s != '/' && strchr(s, ':'))
		return fail(p, "linux.cgroupsPath", EOPNOTSUPP,
			    "not supported: the systemd form 'slice:prefix:name' in '%s' (ctr-oci "
			    "uses the cgroupfs driver: give a path)",
			    s);
	while (s && *s == '/')
		s++;
	if (s && *s) {
		if (has_dot_component(s))
			return fail(p, "linux.cgroupsPath", EINVAL,
				    "'%s' has a '.' or '..' component", s);
		if (!(cfg->cgroup_path = strdup(s)))
			return -ENOMEM;
	}
	if ((r = get(p, lx, "personality", json_type_object, "linux.personality", &root)) < 0)
		return r;
	if (root) {
		const char *dom;
		if ((r = get_str(p, root, "domain", "linux.personality.domain", &dom)) < 0)
			return r;
		if (dom && strcmp(dom, "LINUX32") == 0)
			cfg->personality = PER_LINUX32;
		else if (dom && strcmp(dom, "LINUX") == 0)
			cfg->personality = PER_LINUX;
		else
			return fail(p, "linux.personality.domain", EINVAL, "unknown domain '%s'",
				    dom ? dom : "");
	}
	/* maskedPaths: an empty read-only tmpfs on a directory, a read-only
	 * bind of /dev/null on a file (whichever fits: both are optional).
	 * readonlyPaths: the standard ones the engine makes read-only itself
	 * (mount.c masks_apply); any other is masked, which is stricter. */
	{
		static const char *const engine_ro[] = { "/proc/sys", "/proc/sysrq-trigger",
							 "/proc/irq", "/proc/bus" };
		static const char *const keys[] = { "maskedPaths", "readonlyPaths" };
		for (size_t t = 0; t < 2; t++) {
			_cleanup_strv_free_ char **v = NULL;
			snprintf(p->path, sizeof(p->path), "linux.%s", keys[t]);
			if ((r = get_strv(p, lx, keys[t], p->path, &v)) < 0)
				return r;
			for (size_t i = 0; v && v[i]; i++) {
				_cleanup_free_ char *dest = NULL;
				const char *key;
				size_t k;
				for (k = 0; t == 1 && k < ARRAY_SIZE(engine_ro); k++)
					if (strcmp(v[i], engine_ro[k]) == 0)
						break;
				if (t == 1 && k < ARRAY_SIZE(engine_ro))
					continue;
				key = pool_add(cfg, "linux.%s[%zu]", keys[t], i);
				if (!key)
					return -ENOMEM;
				if ((r = clean_dest(p, v[i], key, &dest)) < 0)
					return r;
				if (!*dest)
					return fail(p, key, EINVAL, "cannot mask the root");
				if ((r = mount_add(cfg, "tmpfs", dest, "tmpfs",
						   "ro,nosuid,nodev,noexec,size=0,optional", key)) <
					    0 ||
				    (r = mount_add(cfg, "/dev/null", dest, "none",
						   "bind,ro,nosuid,noexec,optional", key)) < 0)
					return r;
			}
		}
	}
	return 0;
}

/* ---- hooks, annotations ------------------------------------------------- */

static const char *const hook_names[OCI_HOOK_MAX] = {
	"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

const char *oci_hook_name(enum oci_hook_type t)
{
	return t < OCI_HOOK_MAX ? hook_names[t] : NULL;
}

static int parse_hooks(struct pctx *p, json_object *root)
{
	json_object *h;
	int r;

	if ((r = get(p, root, "hooks", json_type_object, "hooks", &h)) < 0 || !h)
		return r;
	for (int t = 0; t < OCI_HOOK_MAX; t++) {
		json_object *a;
		char base[64];

		snprintf(base, sizeof(base), "hooks.%s", hook_names[t]);
		if ((r = get(p, h, hook_names[t], json_type_array, base, &a)) < 0)
			return r;
		if (!a || !json_object_array_length(a))
			continue;
		p->s->hooks[t] = calloc(json_object_array_length(a), sizeof(struct oci_hook));
		if (!p->s->hooks[t])
			return -ENOMEM;
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			json_object *e = json_object_array_get_idx(a, i);
			struct oci_hook *k = &p->s->hooks[t][i];
			const char *path;
			int64_t to;
			bool set;

			snprintf(p->path, sizeof(p->path), "%s[%zu]", base, i);
			if (!json_object_is_type(e, json_type_object))
				return fail(p, p->path, EINVAL, "expected an object");
			p->s->n_hooks[t]++;
			if ((r = get_str(p, e, "path", p->path, &path)) < 0)
				return r;
			if (!path || path[0] != '/')
				return fail(p, p->path, EINVAL, "path must be absolute");
			if (!(k->path = strdup(path)))
				return -ENOMEM;
			if ((r = get_strv(p, e, "args", p->path, &k->args)) < 0 ||
			    (r = get_strv(p, e, "env", p->path, &k->env)) < 0)
				return r;
			if ((r = get_int(p, e, "timeout", p->path, 1, 86400, &set, &to)) < 0)
				return r;
			k->timeout = set ? (int)to : 0;
		}
	}
	return 0;
}

int oci_spec_parse(const char *json, size_t len, const char *file, const char *bundle,
		   const char *id, struct oci_spec **ret, struct diag *ret_diag)
{
	struct oci_spec *s = NULL;
	struct pctx p = { .file = file, .d = ret_diag };
	json_tokener *tok;
	json_object *root, *o;
	const char *str;
	int r;

	tok = json_tokener_new_ex(64);
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, json, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset < (int)len) {
		enum json_tokener_error e = json_tokener_get_error(tok);
		size_t off = (size_t)tok->char_offset;
		/* trailing blanks are fine */
		while (root && off < len && strchr(" \t\r\n", json[off]))
			off++;
		if (!root || e != json_tokener_success || off < len) {
			json_tokener_free(tok);
			json_object_put(root);
			diag_set(ret_diag, file, 0, "", "not valid JSON (%s at byte %zu)",
				 e != json_tokener_success
					 ? json_tokener_error_desc(e)
					 : (root ? "trailing data" : "incomplete"),
				 off);
			return -EINVAL;
		}
	}
	json_tokener_free(tok);
	r = -ENOMEM;
	s = calloc(1, sizeof(*s));
	if (!s)
		goto out;
	s->cfg = calloc(1, sizeof(*s->cfg));
	if (!s->cfg)
		goto out;
	p.s = s;
	s->cfg->personality = 0xffffffffUL;
	s->cfg->autodev = true;
	s->cfg->keyring_session = true;
	s->cfg->mount_auto_set = true;
	s->cfg->console_path = strdup("none");
	s->cfg->name = strdup(id);
	s->bundle = strdup(bundle);
	if (!s->cfg->console_path || !s->cfg->name || !s->bundle ||
	    asprintf(&s->config_path, "%s/config.json", bundle) < 0)
		goto out;
	s->cfg->path = strdup(s->config_path);
	if (!s->cfg->path)
		goto out;
	r = -EINVAL;
	if (!json_object_is_type(root, json_type_object)) {
		fail(&p, "", EINVAL, "expected a JSON object");
		goto out;
	}
	if ((r = get_str(&p, root, "ociVersion", "ociVersion", &str)) < 0)
		goto out;
	if (!str || strncmp(str, "1.", 2) != 0) {
		r = fail(&p, "ociVersion", EINVAL, "'%s' is not a 1.x runtime-spec version",
			 str ? str : "");
		goto out;
	}
	if (!(s->oci_version = strdup(str))) {
		r = -ENOMEM;
		goto out;
	}
	if ((r = refuse(&p, root, "solaris", "solaris", "a Solaris container")) < 0 ||
	    (r = refuse(&p, root, "windows", "windows", "a Windows container")) < 0 ||
	    (r = refuse(&p, root, "vm", "vm", "a virtual-machine container")) < 0 ||
	    (r = refuse(&p, root, "zos", "zos", "a z/OS container")) < 0)
		goto out;
	if ((r = parse_root(&p, root)) < 0 || (r = parse_process(&p, root)) < 0 ||
	    (r = parse_mounts(&p, root)) < 0 || (r = parse_linux(&p, root)) < 0 ||
	    (r = parse_hooks(&p, root)) < 0)
		goto out;
	if ((r = get_uts_name(&p, root, "hostname", &s->cfg->uts_name)) < 0 ||
	    (r = get_uts_name(&p, root, "domainname", &s->cfg->domain_name)) < 0)
		goto out;
	if ((r = get(&p, root, "annotations", json_type_object, "annotations", &o)) < 0)
		goto out;
	s->annotations =
		strdup(o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : "{}");
	if (!s->annotations) {
		r = -ENOMEM;
		goto out;
	}
	/* the seccomp policy is compiled by container_start */
	*ret = TAKE_PTR(s);
	r = 0;
out:
	json_object_put(root);
	oci_spec_free(s);
	return r;
}

int oci_process_parse(const char *json, size_t len, const char *file, struct oci_spec **ret,
		      struct diag *ret_diag)
{
	_cleanup_free_ char *wrapped = NULL;
	struct oci_spec *s = NULL;
	struct pctx p = { .file = file, .d = ret_diag };
	json_object *root;
	int r;

	/* the process object, as config.json's "process" */
	if (asprintf(&wrapped, "{\"process\": %.*s}", (int)len, json) < 0)
		return -ENOMEM;
	root = json_tokener_parse(wrapped);
	if (!root) {
		diag_set(ret_diag, file, 0, "", "not valid JSON");
		return -EINVAL;
	}
	r = -ENOMEM;
	s = calloc(1, sizeof(*s));
	if (s)
		s->cfg = calloc(1, sizeof(*s->cfg));
	if (s && s->cfg) {
		p.s = s;
		r = parse_process(&p, root);
	}
	json_object_put(root);
	if (r < 0) {
		oci_spec_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

int oci_resources_parse(const char *json, size_t len, const char *file, const char *id,
			struct container_config **ret, struct diag *ret_diag)
{
	_cleanup_free_ char *wrapped = NULL;
	struct oci_spec *s = NULL;
	struct pctx p = { .file = file, .d = ret_diag };
	json_object *root, *lx = NULL, *dev = NULL;
	int r;

	/* the resources object, as config.json's linux.resources */
	if (asprintf(&wrapped, "{\"resources\": %.*s}", (int)len, json) < 0)
		return -ENOMEM;
	root = json_tokener_parse(wrapped);
	if (!root || !json_object_object_get_ex(root, "resources", &lx) ||
	    !json_object_is_type(lx, json_type_object)) {
		json_object_put(root);
		diag_set(ret_diag, file, 0, "", "not valid JSON, or not an object");
		return -EINVAL;
	}
	if (json_object_object_get_ex(lx, "devices", &dev) && dev) {
		json_object_put(root);
		diag_set(ret_diag, file, 0, "devices",
			 "not supported: device rules cannot change "
			 "once the container runs");
		return -EOPNOTSUPP;
	}
	r = -ENOMEM;
	s = calloc(1, sizeof(*s));
	if (s)
		s->cfg = calloc(1, sizeof(*s->cfg));
	if (s && s->cfg && (s->cfg->name = strdup(id)) && (s->cfg->path = strdup(file))) {
		p.s = s;
		r = parse_resources(&p, root);
	}
	json_object_put(root);
	if (r == 0) {
		*ret = s->cfg;
		s->cfg = NULL;
	}
	oci_spec_free(s);
	return r;
}

int oci_spec_load(const char *bundle, const char *id, struct oci_spec **ret, struct diag *ret_diag)
{
	_cleanup_free_ char *abs = realpath(bundle, NULL), *data = NULL, *file = NULL;
	_cleanup_close_ int dfd = -EBADF;
	size_t len = 0;
	int r;

	if (!abs) {
		r = NEG_ERRNO();
		diag_set(ret_diag, bundle, 0, "", "cannot use the bundle (%s)", strerror(-r));
		return r;
	}
	if (asprintf(&file, "%s/config.json", abs) < 0)
		return -ENOMEM;
	dfd = open(abs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		r = NEG_ERRNO();
		diag_set(ret_diag, abs, 0, "", "cannot open the bundle (%s)", strerror(-r));
		return r;
	}
	r = fs_read_in_root(dfd, "config.json", SPEC_MAX, &data, &len);
	if (r < 0) {
		diag_set(ret_diag, file, 0, "", "cannot read (%s)",
			 r == -EFBIG ? "larger than 4 MiB" : strerror(-r));
		return r;
	}
	return oci_spec_parse(data, len, file, abs, id, ret, ret_diag);
}

void oci_spec_free(struct oci_spec *s)
{
	if (!s)
		return;
	config_free(s->cfg);
	free(s->bundle);
	free(s->config_path);
	free(s->oci_version);
	for (size_t i = 0; i < s->n_joins; i++) {
		free(s->joins[i].path);
		free(s->joins[i].json_path);
	}
	free(s->joins);
	for (size_t i = 0; i < s->n_sysctls; i++) {
		free(s->sysctls[i].key);
		free(s->sysctls[i].value);
	}
	free(s->sysctls);
	free(s->rlimits);
	for (int t = 0; t < OCI_HOOK_MAX; t++) {
		for (size_t i = 0; i < s->n_hooks[t]; i++) {
			free(s->hooks[t][i].path);
			strv_free(s->hooks[t][i].args);
			strv_free(s->hooks[t][i].env);
		}
		free(s->hooks[t]);
	}
	free(s->annotations);
	free(s);
}
