// SPDX-License-Identifier: LGPL-2.1-or-later
/* The rules file reader and evaluator.  The file is line-oriented:
 *   group TITLE          following checks belong to TITLE
 *   check ID             starts a check; the keys below belong to it
 *   title TEXT | severity S | option NAME [RANGE] [module=M] | version RANGE
 *   since X.Y | probe PATH
 *   depends ID | unless OPTION | v2-route [OPTION...] [RANGE] | v2-note TEXT
 *   why TEXT | fix TEXT
 * ctr-checkconfig(8) documents the meaning of each key. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/rules.h"

#define RULES_MAX_SIZE (4u << 20)

static const char *const severity_names[] = {
	[SEV_REQUIRED] = "required",	       [SEV_RECOMMENDED] = "recommended",
	[SEV_OPTIONAL] = "optional",	       [SEV_MUST_BE_OFF] = "must-be-off",
	[SEV_SHOULD_BE_OFF] = "should-be-off",
};

static const char *const state_names[] = {
	[STATE_ENABLED] = "enabled",	     [STATE_MODULE] = "module",
	[STATE_MISSING] = "missing",	     [STATE_NOT_NEEDED] = "not-needed",
	[STATE_MUST_BE_OFF] = "must-be-off", [STATE_UNKNOWN] = "unknown",
	[STATE_CGROUP_V2] = "cgroup-v2",
};

static const char *const module_names[] = {
	[MODULE_UNCHECKED] = "unchecked", [MODULE_BUILTIN] = "builtin", [MODULE_LOADED] = "loaded",
	[MODULE_AVAILABLE] = "available", [MODULE_MISSING] = "missing",
};

const char *rule_severity_name(enum rule_severity s)
{
	return (unsigned)s < ARRAY_SIZE(severity_names) ? severity_names[s] : "?";
}

const char *check_state_name(enum check_state s)
{
	return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

const char *module_status_name(enum module_status s)
{
	return (unsigned)s < ARRAY_SIZE(module_names) ? module_names[s] : "?";
}

int vrange_parse(const char *s, struct vrange *ret)
{
	const char *dots = strstr(s, "..");
	struct vrange r = { 0, 0 };
	char a[32], b[32];
	size_t la, lb;

	if (!dots)
		return -EINVAL;
	la = (size_t)(dots - s);
	lb = strlen(dots + 2);
	if (la >= sizeof(a) || lb >= sizeof(b) || (la == 0 && lb == 0))
		return -EINVAL;
	memcpy(a, s, la);
	a[la] = '\0';
	memcpy(b, dots + 2, lb + 1);
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return -EINVAL;
	if (la && kversion_parse(a, &r.from) < 0)
		return -EINVAL;
	if (lb && kversion_parse(b, &r.to) < 0)
		return -EINVAL;
	if (r.from && r.to && r.from >= r.to)
		return -EINVAL;
	*ret = r;
	return 0;
}

bool vrange_contains(const struct vrange *r, uint32_t v)
{
	return (!r->from || v >= r->from) && (!r->to || v < r->to);
}

/* The strings of a rules file, a few blocks of them instead of a malloc()
 * each: about 400 of them, whose allocating and freeing cost a fifth of
 * parsing the file. */
struct rules_block {
	struct rules_block *next;
	size_t used, cap;
	char data[];
};

/* A copy of @n bytes at @s, NUL-terminated, owned by @r.  NULL when out of
 * memory. */
static char *rules_strndup(struct rules *r, const char *s, size_t n)
{
	struct rules_block *b = r->blocks;
	char *d;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 8192 ? n + 1 : 8192;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = r->blocks;
		b->used = 0;
		b->cap = cap;
		r->blocks = b;
	}
	d = b->data + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

static char *rules_strdup(struct rules *r, const char *s)
{
	return rules_strndup(r, s, strlen(s));
}

void rules_free(struct rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; !r->shared && i < r->n; i++) {
		free(r->v[i].opts);
		free(r->v[i].v2_opts);
	}
	if (!r->shared) {
		free(r->v);
		free(r->groups);
	}
	for (struct rules_block *b = r->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(r);
}

/* strcmp() == 0, with the first letters compared inline: the parser asks
 * each line's key against a dozen names and each check's id against every
 * earlier one, and most differ at once. */
static inline bool same(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

struct rp {
	struct rules *r;
	const char *name;
	unsigned line;
	struct diag *diag;
	int sev_set; /* the current check has a severity */
};

__attribute__((format(printf, 2, 3))) static int rp_error(struct rp *p, const char *fmt, ...)
{
	va_list ap;
	if (p->diag) {
		snprintf(p->diag->file, sizeof(p->diag->file), "%s", p->name);
		p->diag->line = p->line;
		p->diag->key[0] = '\0';
		va_start(ap, fmt);
		vsnprintf(p->diag->msg, sizeof(p->diag->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static struct rule *rp_cur(struct rp *p)
{
	return p->r->n ? &p->r->v[p->r->n - 1] : NULL;
}

static int rp_finish(struct rp *p)
{
	struct rule *c = rp_cur(p);
	unsigned saved = p->line;
	int r = 0;

	if (!c)
		return 0;
	p->line = c->line;
	if (!p->sev_set)
		r = rp_error(p, "check '%s' has no 'severity'", c->id);
	else if (!c->why)
		r = rp_error(p, "check '%s' has no 'why'", c->id);
	else if (c->has_v2 != (c->v2_note != NULL))
		r = rp_error(p, "check '%s': 'v2-route' and 'v2-note' go together", c->id);
	else if (c->n_opts == 0) {
		/* No option line: the check's id is the option. */
		c->opts = calloc(1, sizeof(*c->opts));
		if (!c->opts)
			return -ENOMEM;
		c->opts[0].name = rules_strdup(p->r, c->id);
		if (!c->opts[0].name)
			return -ENOMEM;
		c->n_opts = 1;
	}
	p->line = saved;
	return r;
}

static int rp_group(struct rp *p, const char *arg)
{
	char **ng;
	for (size_t i = 0; i < p->r->n_groups; i++)
		if (strcmp(p->r->groups[i], arg) == 0)
			return 0;
	ng = realloc(p->r->groups, (p->r->n_groups + 1) * sizeof(*ng));
	if (!ng)
		return -ENOMEM;
	p->r->groups = ng;
	ng[p->r->n_groups] = rules_strdup(p->r, arg);
	if (!ng[p->r->n_groups])
		return -ENOMEM;
	p->r->n_groups++;
	return 0;
}

static int rp_check(struct rp *p, const char *arg)
{
	struct rule *nv, *c;
	int r = rp_finish(p);

	if (r < 0)
		return r;
	if (!name_ok(arg))
		return rp_error(p, "bad check id '%s' (letters, digits and '_' only)", arg);
	if (p->r->n_groups == 0)
		return rp_error(p, "check '%s' before any 'group' line", arg);
	for (size_t i = 0; i < p->r->n; i++)
		if (same(p->r->v[i].id, arg))
			return rp_error(p, "check '%s' defined twice (first at line %u)", arg,
					p->r->v[i].line);
	nv = realloc(p->r->v, (p->r->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	p->r->v = nv;
	c = &nv[p->r->n++];
	memset(c, 0, sizeof(*c));
	c->line = p->line;
	c->group = p->r->groups[p->r->n_groups - 1];
	c->id = rules_strdup(p->r, arg);
	p->sev_set = 0;
	return c->id ? 0 : -ENOMEM;
}

static int rp_option(struct rp *p, struct rule *c, char *arg)
{
	struct rule_option o = { 0 };
	struct rule_option *nv;
	char *save = NULL;
	char *tok = strtok_r(arg, " \t", &save);

	if (!name_ok(tok))
		return rp_error(p, "bad option name '%s'", tok);
	if (strncmp(tok, "CONFIG_", 7) == 0)
		return rp_error(p, "option '%s': write it without 'CONFIG_'", tok);
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (strncmp(tok, "module=", 7) == 0) {
			if (!name_ok(tok + 7) || o.module)
				return rp_error(p, "bad module name '%s'", tok + 7);
			o.module = rules_strdup(p->r, tok + 7);
			if (!o.module)
				return -ENOMEM;
		} else if (!o.ranged && vrange_parse(tok, &o.range) == 0) {
			o.ranged = true;
		} else {
			return rp_error(p,
					"bad version range or word '%s' (want A..B, A.. or ..B, "
					"or module=NAME)",
					tok);
		}
	}
	nv = realloc(c->opts, (c->n_opts + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	c->opts = nv;
	o.name = rules_strdup(p->r, arg);
	if (!o.name)
		return -ENOMEM;
	nv[c->n_opts++] = o;
	return 0;
}

/* v2-route [OPTION...] [RANGE]: at least one of them. */
static int rp_v2_route(struct rp *p, struct rule *c, char *arg)
{
	char *save = NULL;

	if (c->has_v2)
		return rp_error(p, "'v2-route' given twice for check '%s'", c->id);
	c->has_v2 = true;
	for (char *tok = strtok_r(arg, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char **nv;
		if (strstr(tok, "..")) {
			if (c->v2_ranged || vrange_parse(tok, &c->v2_range) < 0)
				return rp_error(p, "bad version range '%s' in 'v2-route'", tok);
			c->v2_ranged = true;
			continue;
		}
		if (!name_ok(tok))
			return rp_error(p, "bad option name '%s' in 'v2-route'", tok);
		nv = realloc(c->v2_opts, (c->n_v2_opts + 1) * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		c->v2_opts = nv;
		nv[c->n_v2_opts] = rules_strdup(p->r, tok);
		if (!nv[c->n_v2_opts])
			return -ENOMEM;
		c->n_v2_opts++;
	}
	return 0;
}

static int rp_set_text(struct rp *p, char **field, const char *key, const char *arg)
{
	if (*field)
		return rp_error(p, "'%s' given twice for check '%s'", key, rp_cur(p)->id);
	*field = rules_strdup(p->r, arg);
	return *field ? 0 : -ENOMEM;
}

static int rp_line(struct rp *p, char *s)
{
	struct rule *c;
	char *key, *arg;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	key = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	arg = s;
	s += strlen(s);
	while (s > arg && (s[-1] == ' ' || s[-1] == '\t'))
		*--s = '\0';
	if (!*arg)
		return rp_error(p, "'%s' needs a value", key);
	if (same(key, "group"))
		return rp_group(p, arg);
	if (same(key, "check"))
		return rp_check(p, arg);

	c = rp_cur(p);
	if (!c) {
		if (same(key, "title") || same(key, "severity") || same(key, "option") ||
		    same(key, "version") || same(key, "depends") || same(key, "unless") ||
		    same(key, "v2-route") || same(key, "v2-note") || same(key, "since") ||
		    same(key, "probe") || same(key, "why") || same(key, "fix"))
			return rp_error(p, "'%s' outside a check (start one with 'check ID')", key);
		return rp_error(p, "unknown key '%s'", key);
	}
	if (same(key, "title"))
		return rp_set_text(p, &c->title, key, arg);
	if (same(key, "why"))
		return rp_set_text(p, &c->why, key, arg);
	if (same(key, "fix"))
		return rp_set_text(p, &c->fix, key, arg);
	if (same(key, "v2-note"))
		return rp_set_text(p, &c->v2_note, key, arg);
	if (same(key, "v2-route"))
		return rp_v2_route(p, c, arg);
	if (same(key, "probe")) {
		if (arg[0] != '/')
			return rp_error(p, "'probe' wants an absolute path, not '%s'", arg);
		return rp_set_text(p, &c->probe, key, arg);
	}
	if (same(key, "since")) {
		if (c->since)
			return rp_error(p, "'since' given twice for check '%s'", c->id);
		if (kversion_parse(arg, &c->since) < 0 || strspn(arg, "0123456789.") != strlen(arg))
			return rp_error(p, "bad version '%s' (want X.Y or X.Y.Z)", arg);
		return 0;
	}
	if (same(key, "severity")) {
		for (size_t i = 0; i < ARRAY_SIZE(severity_names); i++)
			if (strcmp(arg, severity_names[i]) == 0) {
				c->severity = (enum rule_severity)i;
				p->sev_set = 1;
				return 0;
			}
		return rp_error(p,
				"unknown severity '%s' (want required, recommended, optional, "
				"must-be-off or should-be-off)",
				arg);
	}
	if (same(key, "option"))
		return rp_option(p, c, arg);
	if (same(key, "version")) {
		if (c->ranged)
			return rp_error(p, "'version' given twice for check '%s'", c->id);
		if (vrange_parse(arg, &c->range) < 0)
			return rp_error(p, "bad version range '%s' (want A..B, A.. or ..B)", arg);
		c->ranged = true;
		return 0;
	}
	if (same(key, "depends") || same(key, "unless")) {
		char **f = key[0] == 'd' ? &c->depends : &c->unless;
		if (!name_ok(arg))
			return rp_error(p, "bad option name '%s'", arg);
		return rp_set_text(p, f, key, arg);
	}
	return rp_error(p, "unknown key '%s'", key);
}

int rules_parse(const char *data, size_t len, const char *name, struct rules **ret,
		struct diag *ret_diag)
{
	struct rules *r = calloc(1, sizeof(*r));
	struct rp p = { .r = r, .name = name ? name : "<memory>", .diag = ret_diag };
	const char *s = data, *end = data + len;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	int e = 0;

	if (!r)
		return -ENOMEM;
	r->file = rules_strdup(r, p.name);
	if (!r->file) {
		e = -ENOMEM;
		goto fail;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		p.line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n)) {
			e = rp_error(&p, "NUL byte in line; not a rules file");
			goto fail;
		}
		if (n + 1 > cap) {
			char *nb = realloc(line, n + 1);
			if (!nb) {
				e = -ENOMEM;
				goto fail;
			}
			line = nb;
			cap = n + 1;
		}
		memcpy(line, s, n);
		line[n] = '\0';
		e = rp_line(&p, line);
		if (e < 0)
			goto fail;
		s = nl ? nl + 1 : end;
	}
	e = rp_finish(&p);
	if (e < 0)
		goto fail;
	if (r->n == 0) {
		p.line = 0;
		e = rp_error(&p, "no checks in the rules file");
		goto fail;
	}
	/* A dependency on another check must point backwards: evaluation is
	 * in file order. */
	for (size_t i = 0; i < r->n; i++) {
		if (!r->v[i].depends)
			continue;
		for (size_t j = i; j < r->n; j++)
			if (same(r->v[j].id, r->v[i].depends)) {
				p.line = r->v[i].line;
				e = rp_error(&p,
					     "check '%s' depends on check '%s', which is not "
					     "defined before it",
					     r->v[i].id, r->v[i].depends);
				goto fail;
			}
	}
	*ret = r;
	return 0;
fail:
	rules_free(r);
	return e;
}

/* Whether the file open at @fd holds exactly @img's text, compared a
 * stack buffer at a time: no copy into fresh heap pages (14 against 30 us
 * for the 19.5 KB installed file, and a mapping would cost its munmap and
 * could SIGBUS if the file were cut short meanwhile).  Leaves the offset
 * at 0. */
static bool same_as_image(int fd, const struct rules_image *img)
{
	char chunk[4096];
	struct stat st;
	size_t off = 0;
	bool same;

	if (!img || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != img->len)
		return false;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			same = n == 0 && off == img->len;
			break;
		}
		if ((size_t)n > img->len - off || memcmp(chunk, img->text + off, (size_t)n) != 0) {
			same = false;
			break;
		}
		off += (size_t)n;
	}
	if (!same && lseek(fd, 0, SEEK_SET) < 0)
		return false;
	return same;
}

int rules_load_image(const char *path, const struct rules_image *img, struct rules **ret,
		     struct diag *ret_diag)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	struct rules *r;
	size_t len = 0;
	int e;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		diag_set(ret_diag, path, 0, NULL, "cannot open rules file (%s)", strerror(e));
		return -e;
	}
	if (!same_as_image(fd, img)) {
		e = fd_read_all(fd, RULES_MAX_SIZE, &buf, &len);
		if (e == -EFBIG) {
			diag_set(ret_diag, path, 0, NULL, "rules file larger than %u MiB",
				 RULES_MAX_SIZE >> 20);
			return e;
		}
		if (e < 0) {
			diag_set(ret_diag, path, 0, NULL, "cannot read rules file (%s)",
				 strerror(-e));
			return e;
		}
		if (!img || len != img->len || memcmp(buf, img->text, len) != 0)
			return rules_parse(buf, len, path, ret, ret_diag);
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->shared = true;
	r->file = rules_strdup(r, path);
	if (!r->file) {
		rules_free(r);
		return -ENOMEM;
	}
	r->v = img->v;
	r->n = img->n;
	r->groups = img->groups;
	r->n_groups = img->n_groups;
	*ret = r;
	return 0;
}

int rules_load(const char *path, struct rules **ret, struct diag *ret_diag)
{
	return rules_load_image(path, NULL, ret, ret_diag);
}

static bool rule_version_bound(const struct rule *c)
{
	if (c->ranged || c->since)
		return true;
	for (size_t i = 0; i < c->n_opts; i++)
		if (c->opts[i].ranged)
			return true;
	return false;
}

void check_result_judge(struct check_result *res)
{
	enum rule_severity sev = res->rule->severity;

	switch (res->state) {
	case STATE_ENABLED:
	case STATE_MODULE:
		res->ok = !(res->state == STATE_MODULE && res->module_status == MODULE_MISSING);
		res->fails = !res->ok && sev == SEV_REQUIRED;
		break;
	case STATE_NOT_NEEDED:
		res->ok = true;
		res->fails = false;
		break;
	case STATE_MISSING:
		res->ok = sev == SEV_MUST_BE_OFF || sev == SEV_SHOULD_BE_OFF;
		res->fails = sev == SEV_REQUIRED;
		break;
	case STATE_MUST_BE_OFF:
		res->ok = false;
		res->fails = sev == SEV_MUST_BE_OFF;
		break;
	case STATE_CGROUP_V2:
		/* res->ok is set by the caller: false on a host without cgroup2 */
		res->fails = false;
		break;
	case STATE_UNKNOWN:
		res->ok = false;
		res->fails = false;
		break;
	}
}

/* Whether dependency @name holds: a check evaluated before (by id) or an
 * option.  Returns 1, 0, or -1 when it is unknown. */
static int dep_holds(const struct check_result *done, size_t n, const struct kconfig *kc,
		     const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(done[i].rule->id, name) != 0)
			continue;
		if (done[i].state == STATE_UNKNOWN)
			return -1;
		return done[i].state == STATE_ENABLED || done[i].state == STATE_MODULE;
	}
	return kconfig_enabled(kc, name);
}

static bool rule_known(const struct rules *r, size_t upto, const char *id)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return true;
	return false;
}

/* Whether @c's cgroup v2 route is there: every v2-route option set and the
 * version (known) in its range. */
static bool v2_route_there(const struct rule *c, const struct kconfig *kc, uint32_t ver)
{
	if (!c->has_v2)
		return false;
	if (c->v2_ranged && (!ver || !vrange_contains(&c->v2_range, ver)))
		return false;
	for (size_t i = 0; i < c->n_v2_opts; i++)
		if (!kconfig_enabled(kc, c->v2_opts[i]))
			return false;
	return true;
}

/* Evaluates one rule; returns false when it does not apply (outside its
 * version range or every option's range). */
static bool eval_one(const struct rules *rs, size_t idx, const struct rules_input *in,
		     const struct check_result *done, size_t n_done, struct check_result *res)
{
	const struct rule *c = &rs->v[idx];
	const struct kconfig *kc = in->kc;
	uint32_t ver = in->version;
	char setlist[200] = "";
	size_t used = 0;
	bool any = false;
	int best = -1;

	memset(res, 0, sizeof(*res));
	res->rule = c;
	if (ver && c->ranged && !vrange_contains(&c->range, ver))
		return false;
	if (c->unless && kconfig_enabled(kc, c->unless)) {
		res->state = STATE_NOT_NEEDED;
		snprintf(res->detail, sizeof(res->detail), "CONFIG_%s is set", c->unless);
		goto judge;
	}
	if (c->depends) {
		int h = dep_holds(done, n_done, kc, c->depends);
		if (h < 0) {
			res->state = STATE_UNKNOWN;
			snprintf(res->detail, sizeof(res->detail),
				 "depends on %s, which is unknown", c->depends);
			goto judge;
		}
		if (h == 0) {
			/* A check id names its own option only when it has no alternatives. */
			res->state = STATE_NOT_NEEDED;
			snprintf(res->detail, sizeof(res->detail), "%s%s is off",
				 rule_known(rs, idx, c->depends) ? "" : "CONFIG_", c->depends);
			goto judge;
		}
	}
	if (!ver && rule_version_bound(c)) {
		res->state = STATE_UNKNOWN;
		snprintf(res->detail, sizeof(res->detail),
			 "depends on the kernel version, which the config does not say "
			 "(use --kernel-version)");
		goto judge;
	}
	if (c->probe && in->running) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s%s", in->root ? in->root : "", c->probe);
		if (stat(path, &st) == 0) {
			res->state = STATE_ENABLED;
			snprintf(res->detail, sizeof(res->detail), "%s exists", c->probe);
			goto judge;
		}
	}
	if (c->since && ver < c->since) {
		char vb[32];
		res->state = STATE_MISSING;
		snprintf(res->detail, sizeof(res->detail), "Linux %s and later only",
			 kversion_format(c->since, vb, sizeof(vb)));
		goto judge;
	}
	for (size_t i = 0; i < c->n_opts; i++) {
		const struct rule_option *o = &c->opts[i];
		char v;
		if (o->ranged && !vrange_contains(&o->range, ver))
			continue;
		any = true;
		v = kconfig_get(kc, o->name);
		if (c->severity == SEV_MUST_BE_OFF || c->severity == SEV_SHOULD_BE_OFF) {
			if (v == 'y' || v == 'm' || v == 'v') {
				int w = snprintf(setlist + used, sizeof(setlist) - used,
						 "%sCONFIG_%s=%c", used ? ", " : "", o->name,
						 v == 'v' ? '?' : v);
				if (w > 0 && (size_t)w < sizeof(setlist) - used)
					used += (size_t)w;
				if (best < 0)
					best = (int)i;
			}
			continue;
		}
		/* The best of the names valid for this version: y over m over unset. */
		if (v == 'y' || v == 'v') {
			if (best < 0 || kconfig_get(kc, c->opts[best].name) != 'y')
				best = (int)i;
		} else if (v == 'm' && best < 0) {
			best = (int)i;
		}
	}
	if (!any)
		return false;
	if (best >= 0) {
		res->option = c->opts[best].name;
		res->value = kconfig_get(kc, res->option);
		res->module = c->opts[best].module;
	} else {
		for (size_t i = 0; i < c->n_opts; i++)
			if (!c->opts[i].ranged || vrange_contains(&c->opts[i].range, ver)) {
				res->option = c->opts[i].name;
				res->value = kconfig_get(kc, res->option);
				res->module = c->opts[i].module;
				break;
			}
	}
	if (c->severity == SEV_MUST_BE_OFF || c->severity == SEV_SHOULD_BE_OFF) {
		res->state = best >= 0 ? STATE_MUST_BE_OFF : STATE_MISSING;
		if (best >= 0)
			snprintf(res->detail, sizeof(res->detail), "%s", setlist);
	} else if (best < 0) {
		res->state = STATE_MISSING;
		if (v2_route_there(c, kc, ver)) {
			res->state = STATE_CGROUP_V2;
			snprintf(res->detail, sizeof(res->detail), "%s%s", c->v2_note,
				 in->no_cgroup2 ? "; this host mounts no cgroup2" : "");
			check_result_judge(res);
			res->ok = !in->no_cgroup2;
			return true;
		}
	} else {
		res->state = res->value == 'm' ? STATE_MODULE : STATE_ENABLED;
	}
judge:
	check_result_judge(res);
	return true;
}

int rules_eval(const struct rules *r, const struct rules_input *in, struct check_result **ret,
	       size_t *ret_n)
{
	struct check_result *v = calloc(r->n ? r->n : 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		if (eval_one(r, i, in, v, n, &v[n]))
			n++;
	*ret = v;
	*ret_n = n;
	return 0;
}
