// SPDX-License-Identifier: LGPL-2.1-or-later
/* Container cgroups on v1, hybrid and v2 hosts: layout detection from
 * /proc/self/mountinfo, one cgroup "ctr/NAME" per hierarchy, the config's
 * lxc.cgroup.* / lxc.cgroup2.* settings (translated where the controller
 * lives on v2), and the teardown.  The eBPF device program is in
 * cgroup-bpf.c. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/mountinfo.h"
#include "ctr/fsutil.h"
#include "ctr/strutil.h"

#define CG_DEFAULT_ROOT "/sys/fs/cgroup"
#define CG_PARENT "ctr"
#define CG_MAX_CONTROLLERS 32

struct cg_hier {
	char *mnt;   /* mount point */
	char *ctrls; /* v1: "cpu,cpuacct" as mounted; v2: the root's cgroup.controllers */
	bool v2;
	bool named; /* v1 without a controller, "name=systemd": limits nothing */
	char *path; /* mnt/ctr/NAME */
	bool made;  /* path is ours to remove */
};

struct cgroup_handle {
	char *name;
	char *rel; /* a path below each hierarchy's mount (OCI cgroupsPath); NULL: ctr/NAME */
	struct cg_hier *h;
	size_t n;
	ssize_t v2; /* index into h, -1: none */
	enum cgroup_layout layout;
};

/* One planned write: FILE = VALUE in hierarchy HI; ALT_FILE = ALT_VALUE is
 * tried when FILE does not exist (io.bfq.weight, then io.weight). */
struct cg_write {
	size_t hi;
	char *file;
	char *value;
	char *alt_file;
	char *alt_value;
	bool alt_warn; /* say so when ALT_FILE was used */
	bool soft;     /* a weight: a missing file is a warning */
	int rank;      /* written in rank order (memory before memsw), */
	size_t seq;    /* then in file order */
	const struct cfg_cgroup *src;
};

struct cg_plan {
	struct cg_write *w;
	size_t n;
	struct cgroup_device_rule *dev;
	size_t n_dev;
	const struct cfg_cgroup *dev_src;     /* last device line, for errors */
	char ctrl_v2[CG_MAX_CONTROLLERS][32]; /* v2 controllers the writes need */
	size_t n_ctrl_v2;
};

/* --- small file helpers ------------------------------------------------------ */

static char *path_join3(const char *a, const char *b, const char *c)
{
	char *p = NULL;
	if (asprintf(&p, "%s%s%s%s%s", a, b ? "/" : "", b ? b : "", c ? "/" : "", c ? c : "") < 0)
		return NULL;
	return p;
}

static int write_file(const char *dir, const char *file, const char *value)
{
	_cleanup_free_ char *p = path_join3(dir, file, NULL);
	_cleanup_close_ int fd = -EBADF;
	size_t len = strlen(value);
	ssize_t n;

	if (!p)
		return -ENOMEM;
	fd = open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NEG_ERRNO();
	n = write(fd, value, len);
	if (n < 0)
		return NEG_ERRNO();
	return (size_t)n == len ? 0 : -EIO;
}

/* A cgroup file read whole: cgroup.procs of a large cgroup is the longest. */
#define CG_READ_MAX (16u << 20)

/* Reads @dir/@file (small) into *ret (caller frees), trailing newline cut. */
static int read_file(const char *dir, const char *file, char **ret)
{
	_cleanup_free_ char *p = path_join3(dir, file, NULL);
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	if (!p)
		return -ENOMEM;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NEG_ERRNO();
	r = fd_read_all(fd, CG_READ_MAX, &buf, &len);
	if (r < 0)
		return r;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	*ret = TAKE_PTR(buf);
	return 0;
}

static bool file_exists(const char *dir, const char *file)
{
	_cleanup_free_ char *p = path_join3(dir, file, NULL);
	return p && access(p, F_OK) == 0;
}

/* Whether @word is one of the words of @list (separated by any of @seps). */
static bool list_has(const char *list, const char *word, const char *seps)
{
	size_t wl = strlen(word);
	const char *s = list;

	if (!list)
		return false;
	while (*s) {
		size_t l;
		s += strspn(s, seps);
		l = strcspn(s, seps);
		if (l == wl && strncmp(s, word, wl) == 0)
			return true;
		s += l;
	}
	return false;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* --- translations ------------------------------------------------------------ */

/* floor(a * b / 2^sh), 0 < sh < 64, for a result that fits in 64 bits; in
 * 32-bit halves, as 32-bit targets have no 128-bit integer type */
static uint64_t mul_shr(uint64_t a, uint64_t b, unsigned int sh)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	uint64_t hi = ah * bh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	uint64_t lo = (mid << 32) | (ll & 0xffffffffu);

	return (hi << (64 - sh)) | (lo >> sh);
}

#define LOG2_FRAC 40

/* log2(v) for v >= 1, with LOG2_FRAC fraction bits (truncated): the
 * mantissa, kept in [1, 2) with 62 fraction bits, is squared once per
 * bit; a square of 2 or more is that bit set. */
static uint64_t log2_fixed(uint64_t v)
{
	unsigned int k = 63 - (unsigned int)__builtin_clzll(v);
	uint64_t x = v << (62 - k), r = (uint64_t)k << LOG2_FRAC;

	for (int i = LOG2_FRAC - 1; i >= 0; i--) {
		x = mul_shr(x, x, 62);
		if (x >= UINT64_C(1) << 63) {
			x >>= 1;
			r |= UINT64_C(1) << i;
		}
	}
	return r;
}

uint64_t cgroup_shares_to_weight(uint64_t shares)
{
	const uint64_t one = UINT64_C(1) << LOG2_FRAC;
	uint64_t l, e, lo = 1, hi = 10000, base;

	/* The 2025 mapping of crun 1.23 and runc 1.3.2: log-quadratic, so
	 * 2 -> 1, 1024 (v1's default) -> 100 (v2's default), 262144 -> 10000:
	 * with l = log2(shares), weight = ceil(10^((l^2 + 125 l) / 612 - 7/34))
	 * where their 10^x is first rounded to 6 decimals.  In integers, as
	 * the smallest weight w with 10^x < w + 0.5e-6, in base 2 logarithms:
	 * (l^2 + 125 l - 126) log2(10) < 612 log2((2e6 w + 1) / 2e6).  The
	 * closest of all shares comes within 3e-7 of a boundary; the fixed
	 * point is off by less than 2e-9 (tests/unit/test-cgroup.c compares
	 * every shares value with the floating-point form). */
	if (shares == 0)
		return 0;
	if (shares <= 2)
		return 1;
	if (shares >= 262144)
		return 10000;
	l = log2_fixed(shares);
	e = mul_shr(mul_shr(l, l + 125 * one, LOG2_FRAC) - 126 * one, log2_fixed(10), LOG2_FRAC);
	base = log2_fixed(2000000);
	while (lo < hi) {
		uint64_t w = lo + (hi - lo) / 2;
		if (e < 612 * (log2_fixed(2000000 * w + 1) - base))
			hi = w;
		else
			lo = w + 1;
	}
	return lo;
}

uint64_t cgroup_blkio_weight_to_io_weight(uint64_t weight)
{
	if (weight == 0)
		return 0;
	if (weight <= 10)
		return 1;
	if (weight >= 1000)
		return 10000;
	return 1 + (weight - 10) * 9999 / 990;
}

int cgroup_memsw_to_swap(uint64_t memory, uint64_t memsw, uint64_t *ret)
{
	if (memsw == UINT64_MAX) {
		*ret = UINT64_MAX;
		return 0;
	}
	if (memory == UINT64_MAX || memsw < memory)
		return -EINVAL;
	*ret = memsw - memory;
	return 0;
}

int cgroup_parse_size(const char *s, uint64_t *ret)
{
	char buf[64];
	size_t len;

	if (!s)
		return -EINVAL;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "-1") == 0 || strcmp(buf, "max") == 0) {
		*ret = UINT64_MAX;
		return 0;
	}
	/* the config language's sizes: what ctr-config accepts, ctr-start writes */
	return size_parse(buf, ret);
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end = NULL;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* --- layout ------------------------------------------------------------------ */

/* The controllers the kernel knows, from /proc/cgroups (v1 names). */
static bool is_v1_controller(const char *known, const char *opt)
{
	return list_has(known, opt, " \n");
}

static char *known_controllers(void)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/cgroups", "re");
	char line[256];
	char *out = NULL;
	size_t len = 0;
	FILE *m;

	m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char name[64];
			if (line[0] == '#' || sscanf(line, "%63s", name) != 1)
				continue;
			fprintf(m, "%s ", name);
		}
	} else {
		fputs("cpuset cpu cpuacct blkio memory devices freezer net_cls perf_event "
		      "net_prio hugetlb pids rdma misc ",
		      m);
	}
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void hiers_free(struct cg_hier *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].mnt);
		free(h[i].ctrls);
		free(h[i].path);
	}
	free(h);
}

/* Adds or replaces (same mount point: the later mount shadows) a hierarchy. */
static int hiers_add(struct cg_hier **h, size_t *n, const char *mnt, char *ctrls, bool v2)
{
	struct cg_hier *nh;
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*h)[i].mnt, mnt) == 0) {
			free((*h)[i].ctrls);
			(*h)[i].ctrls = ctrls;
			(*h)[i].v2 = v2;
			(*h)[i].named = !v2 && !strncmp(ctrls, "name=", 5);
			return 0;
		}
	}
	nh = realloc(*h, (*n + 1) * sizeof(*nh));
	if (!nh) {
		free(ctrls);
		return -ENOMEM;
	}
	*h = nh;
	nh[*n] = (struct cg_hier){ .mnt = strdup(mnt),
				   .ctrls = ctrls,
				   .v2 = v2,
				   .named = !v2 && !strncmp(ctrls, "name=", 5) };
	if (!nh[*n].mnt) {
		free(ctrls);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* Reads the hierarchies mounted at or below @root.  v1 hierarchies without
 * a controller (name=systemd) are kept as "name=X": they limit nothing, but
 * a guest's systemd makes its own cgroups there, which belong in the
 * container's cgroup like any other (and they do not count for the
 * layout). */
static int layout_scan(const char *root_in, struct cg_hier **ret, size_t *ret_n, ssize_t *ret_v2,
		       enum cgroup_layout *ret_layout)
{
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	_cleanup_free_ char *known = known_controllers();
	_cleanup_free_ char *root = strdup(root_in ? root_in : CG_DEFAULT_ROOT);
	struct mountinfo_entry e;
	size_t rl, n = 0, n_v1 = 0;
	struct cg_hier *h = NULL;
	ssize_t v2 = -1;
	bool v2_at_root = false;
	int r;

	if (!known || !root)
		return -ENOMEM;
	rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		root[--rl] = '\0';
	r = mountinfo_open(NULL, &mi);
	if (r < 0)
		return r;
	while ((r = mountinfo_next(mi, &e)) > 0) {
		char *fstype = e.fstype, *super = e.super_options, *mp = e.mount_point;

		if (strncmp(mp, root, rl) != 0 || (mp[rl] != '\0' && mp[rl] != '/'))
			continue;
		if (strcmp(fstype, "cgroup2") == 0) {
			_cleanup_free_ char *c = NULL;
			r = read_file(mp, "cgroup.controllers", &c);
			if (r < 0 && !(c = strdup("")))
				r = -ENOMEM;
			if (r == -ENOMEM) {
				hiers_free(h, n);
				return r;
			}
			r = hiers_add(&h, &n, mp, TAKE_PTR(c), true);
			if (r < 0) {
				hiers_free(h, n);
				return r;
			}
			if (mp[rl] == '\0')
				v2_at_root = true;
		} else if (strcmp(fstype, "cgroup") == 0) {
			char *ctrls = NULL, *o, *osave = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&ctrls, &len);
			if (!m) {
				hiers_free(h, n);
				return -ENOMEM;
			}
			const char *named = NULL;
			for (o = strtok_r(super, ",", &osave); o; o = strtok_r(NULL, ",", &osave)) {
				if (is_v1_controller(known, o))
					fprintf(m, "%s%s", len ? "," : "", o), fflush(m);
				else if (strncmp(o, "name=", 5) == 0 && o[5])
					named = o;
			}
			if (fclose(m) != 0) {
				free(ctrls);
				hiers_free(h, n);
				return -ENOMEM;
			}
			if (!ctrls[0]) {
				free(ctrls);
				if (!named)
					continue;
				ctrls = strdup(named);
				if (!ctrls) {
					hiers_free(h, n);
					return -ENOMEM;
				}
			}
			r = hiers_add(&h, &n, mp, ctrls, false);
			if (r < 0) {
				hiers_free(h, n);
				return r;
			}
		}
	}
	if (r < 0) {
		hiers_free(h, n);
		return r;
	}
	/* cgroup2 on the root shadows anything mounted below it before */
	if (v2_at_root) {
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			if (h[i].v2 && strcmp(h[i].mnt, root) == 0)
				h[w++] = h[i];
			else {
				free(h[i].mnt);
				free(h[i].ctrls);
			}
		}
		n = w;
	}
	/* the same v1 hierarchy bound twice: keep the first */
	for (size_t i = 0; i < n; i++) {
		if (h[i].v2) {
			if (v2 >= 0) { /* two cgroup2 mounts: keep the first */
				free(h[i].mnt);
				free(h[i].ctrls);
				memmove(&h[i], &h[i + 1], (n - i - 1) * sizeof(*h));
				n--, i--;
				continue;
			}
			v2 = (ssize_t)i;
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (!h[j].v2 && strcmp(h[j].ctrls, h[i].ctrls) == 0) {
				free(h[i].mnt);
				free(h[i].ctrls);
				memmove(&h[i], &h[i + 1], (n - i - 1) * sizeof(*h));
				n--, i--;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!h[i].v2 && !h[i].named)
			n_v1++;
	*ret_layout = v2_at_root || (n_v1 == 0 && v2 >= 0) ? CGROUP_LAYOUT_V2
		      : n_v1 && v2 >= 0			   ? CGROUP_LAYOUT_HYBRID
		      : n_v1				   ? CGROUP_LAYOUT_V1
							   : CGROUP_LAYOUT_NONE;
	*ret = h;
	*ret_n = n;
	*ret_v2 = v2;
	return 0;
}

int cgroup_detect(const char *root, enum cgroup_layout *ret)
{
	struct cg_hier *h = NULL;
	size_t n = 0;
	ssize_t v2;
	int r = layout_scan(root, &h, &n, &v2, ret);
	if (r < 0)
		return r;
	hiers_free(h, n);
	return 0;
}

static int plan_build(const struct cgroup_handle *cg, const struct container_config *cfg,
		      struct cg_plan *p, struct diag_list *warnings, struct diag *d);
static void plan_free(struct cg_plan *p);

/* plan_build on the layout under @root, scanned for the purpose. */
static int plan_on_layout(const char *root, const struct container_config *cfg, struct cg_plan *p,
			  struct diag_list *warnings, struct diag *d)
{
	struct cgroup_handle cg = { .v2 = -1 };
	int r = layout_scan(root, &cg.h, &cg.n, &cg.v2, &cg.layout);

	if (r < 0) {
		diag_set(d, NULL, 0, NULL, "cannot read the cgroup layout (%s)", strerror(-r));
		return r;
	}
	r = plan_build(&cg, cfg, p, warnings, d);
	hiers_free(cg.h, cg.n);
	return r;
}

int cgroup_plan_check(const char *root, const struct container_config *cfg,
		      struct diag_list *warnings, struct diag *ret_diag)
{
	struct cg_plan plan = { 0 };
	int r = plan_on_layout(root, cfg, &plan, warnings, ret_diag);

	plan_free(&plan);
	return r;
}

int cgroup_device_rules(const char *root, const struct container_config *cfg,
			struct cgroup_device_rule **ret, size_t *ret_n, struct diag *ret_diag)
{
	struct cg_plan plan = { 0 };
	struct diag_list warnings = { 0 };
	int r = plan_on_layout(root, cfg, &plan, &warnings, ret_diag);

	if (r >= 0) {
		*ret = TAKE_PTR(plan.dev);
		*ret_n = plan.n_dev;
	}
	diag_list_free(&warnings);
	plan_free(&plan);
	return r;
}

/* The v1 hierarchy that holds @ctrl, or -1. */
static ssize_t v1_find(const struct cgroup_handle *cg, const char *ctrl)
{
	for (size_t i = 0; i < cg->n; i++)
		if (!cg->h[i].v2 && list_has(cg->h[i].ctrls, ctrl, ","))
			return (ssize_t)i;
	return -1;
}

static bool v2_has(const struct cgroup_handle *cg, const char *ctrl)
{
	if (cg->v2 < 0)
		return false;
	return strcmp(ctrl, "cgroup") == 0 || list_has(cg->h[cg->v2].ctrls, ctrl, " \n");
}

/* --- the plan: config lines -> writes ------------------------------------------ */

static void plan_free(struct cg_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->w[i].file);
		free(p->w[i].value);
		free(p->w[i].alt_file);
		free(p->w[i].alt_value);
	}
	free(p->w);
	free(p->dev);
	*p = (struct cg_plan){ 0 };
}

static const char *src_key(const struct cfg_cgroup *c, char *buf, size_t len)
{
	if (c->origin.key)
		return c->origin.key;
	snprintf(buf, len, "lxc.cgroup%s.%s", c->v2 ? "2" : "", c->key);
	return buf;
}

__attribute__((format(printf, 3, 4))) static void
src_diag(struct diag *d, const struct cfg_cgroup *c, const char *fmt, ...)
{
	char kb[160], msg[sizeof(d->msg)];
	va_list ap;
	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(d, c->origin.file, c->origin.line, src_key(c, kb, sizeof(kb)), "%s", msg);
}

static int warn_add(struct diag_list *warnings, const struct cfg_cgroup *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int warn_add(struct diag_list *warnings, const struct cfg_cgroup *c, const char *fmt, ...)
{
	struct diag d;
	char kb[160];
	va_list ap;
	if (!warnings)
		return 0;
	diag_set(&d, c->origin.file, c->origin.line, src_key(c, kb, sizeof(kb)), "%s", "");
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	return diag_list_add(warnings, &d);
}

static int plan_add(struct cg_plan *p, size_t hi, const char *file, const char *value, bool soft,
		    int rank, const struct cfg_cgroup *src)
{
	struct cg_write *nw = realloc(p->w, (p->n + 1) * sizeof(*nw));
	if (!nw)
		return -ENOMEM;
	p->w = nw;
	nw[p->n] =
		(struct cg_write){ .hi = hi, .soft = soft, .rank = rank, .seq = p->n, .src = src };
	nw[p->n].file = strdup(file);
	nw[p->n].value = strdup(value);
	if (!nw[p->n].file || !nw[p->n].value) {
		free(nw[p->n].file);
		free(nw[p->n].value);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

static int plan_alt(struct cg_plan *p, const char *file, const char *value)
{
	struct cg_write *w = &p->w[p->n - 1];
	w->alt_file = strdup(file);
	w->alt_value = strdup(value);
	return w->alt_file && w->alt_value ? 0 : -ENOMEM;
}

static void plan_need_v2(struct cg_plan *p, const char *file)
{
	char c[32];
	size_t l = strcspn(file, ".");
	if (l == 0 || l >= sizeof(c))
		return;
	memcpy(c, file, l);
	c[l] = '\0';
	if (strcmp(c, "cgroup") == 0)
		return;
	for (size_t i = 0; i < p->n_ctrl_v2; i++)
		if (strcmp(p->ctrl_v2[i], c) == 0)
			return;
	if (p->n_ctrl_v2 < CG_MAX_CONTROLLERS)
		snprintf(p->ctrl_v2[p->n_ctrl_v2++], sizeof(p->ctrl_v2[0]), "%s", c);
}

static int plan_device(struct cg_plan *p, const struct cfg_cgroup *c, bool allow, struct diag *d)
{
	struct cgroup_device_rule rule, *nd;
	if (cgroup_device_rule_parse(c->value, allow, &rule) < 0) {
		src_diag(d, c,
			 "bad device rule '%s' (expected 'a' or 'TYPE MAJOR:MINOR ACCESS', "
			 "e.g. 'c 1:3 rwm')",
			 c->value);
		return -EINVAL;
	}
	nd = realloc(p->dev, (p->n_dev + 1) * sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	p->dev = nd;
	nd[p->n_dev++] = rule;
	p->dev_src = c;
	return 0;
}

/* The origin of the default device policy's writes, for messages. */
static const struct cfg_cgroup default_devices_src[2] = {
	{ .key = (char *)"devices.deny",
	  .value = (char *)"",
	  .origin = { .key = "default device policy" } },
	{ .key = (char *)"devices.allow",
	  .value = (char *)"",
	  .origin = { .key = "default device policy" } },
};

static bool is_default_devices(const struct cfg_cgroup *c)
{
	return c == &default_devices_src[0] || c == &default_devices_src[1];
}

static bool is_device_key(const char *key)
{
	return strcmp(key, "devices.allow") == 0 || strcmp(key, "devices.deny") == 0;
}

/* No device line in the config: the default policy, on v1's devices
 * controller where the host mounts one, else as the eBPF program on v2. */
static int plan_default_devices(const struct cgroup_handle *cg, struct cg_plan *p,
				struct diag_list *warnings)
{
	const struct cgroup_device_rule *rules;
	size_t n = cgroup_device_defaults(&rules);
	ssize_t hi = v1_find(cg, "devices");
	char buf[64];
	int r;

	if (hi < 0 && cg->v2 < 0)
		return warn_add(warnings, &default_devices_src[0],
				"no default device policy (no devices controller on cgroup v1 and "
				"no cgroup v2 hierarchy): every device is open to the container");
	for (size_t i = 0; i < n; i++) {
		const struct cfg_cgroup *src = &default_devices_src[rules[i].allow];
		if (hi >= 0) {
			r = cgroup_device_rule_format(&rules[i], buf, sizeof(buf));
			if (r == 0)
				r = plan_add(p, (size_t)hi, src->key, buf, false, 0, src);
		} else {
			struct cgroup_device_rule *nd =
				realloc(p->dev, (p->n_dev + 1) * sizeof(*nd));
			r = nd ? 0 : -ENOMEM;
			if (nd) {
				p->dev = nd;
				nd[p->n_dev++] = rules[i];
				p->dev_src = src;
			}
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static bool is_weight(const char *file)
{
	size_t l = strlen(file);
	return (l > 7 && strcmp(file + l - 7, ".shares") == 0) ||
	       (l > 7 && strcmp(file + l - 7, ".weight") == 0);
}

static void fmt_size(char *buf, size_t len, uint64_t v, bool v2)
{
	if (v == UINT64_MAX)
		snprintf(buf, len, "%s", v2 ? "max" : "-1");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* A controller is missing: a weight is a warning, anything else an error. */
static int plan_missing(const struct cgroup_handle *cg, const struct cfg_cgroup *c,
			const char *ctrl, bool soft, struct diag_list *warnings, struct diag *d)
{
	char why[256];
	if (cg->v2 >= 0 && c->v2)
		snprintf(why, sizeof(why), "controller '%s' is not available on cgroup v2 at '%s'",
			 ctrl, cg->h[cg->v2].mnt);
	else if (cg->v2 >= 0)
		snprintf(why, sizeof(why),
			 "controller '%s' is neither a mounted v1 hierarchy nor "
			 "available on cgroup v2 at '%s'",
			 ctrl, cg->h[cg->v2].mnt);
	else
		snprintf(why, sizeof(why), "controller '%s' is not mounted", ctrl);
	if (soft)
		return warn_add(warnings, c, "'%s' not applied (%s)", c->key, why);
	src_diag(d, c, "cannot apply '%s' (%s)", c->key, why);
	return -EOPNOTSUPP;
}

static bool key_ok(const char *k)
{
	return k && *k && !strchr(k, '/') && strcmp(k, ".") != 0 && strcmp(k, "..") != 0 &&
	       strchr(k, '.');
}

static int plan_build(const struct cgroup_handle *cg, const struct container_config *cfg,
		      struct cg_plan *p, struct diag_list *warnings, struct diag *d)
{
	const struct cfg_cgroup *mem = NULL, *memsw = NULL, *quota = NULL, *period = NULL;
	uint64_t mem_v = UINT64_MAX, memsw_v = UINT64_MAX;
	bool has_devices = false;
	char buf[64];
	int r;

	/* last line wins for the values that combine */
	for (size_t i = 0; i < cfg->n_cgroups; i++) {
		const struct cfg_cgroup *c = &cfg->cgroups[i];
		if (!key_ok(c->key) || !c->value) {
			src_diag(d, c, "bad cgroup key '%s'", c->key ? c->key : "");
			return -EINVAL;
		}
		if (is_device_key(c->key))
			has_devices = true;
		if (cgroup_file_is_size(c->key)) {
			uint64_t v;
			r = cgroup_parse_size(c->value, &v);
			if (r < 0) {
				src_diag(d, c,
					 "bad size '%s' for '%s' (expected bytes with an optional "
					 "K, M, G or T, or -1)",
					 c->value, c->key);
				return r;
			}
		}
		if (strcmp(c->key, c->v2 ? "memory.max" : "memory.limit_in_bytes") == 0)
			mem = c;
		else if (!c->v2 && strcmp(c->key, "memory.memsw.limit_in_bytes") == 0)
			memsw = c;
		else if (!c->v2 && strcmp(c->key, "cpu.cfs_quota_us") == 0)
			quota = c;
		else if (!c->v2 && strcmp(c->key, "cpu.cfs_period_us") == 0)
			period = c;
	}
	if (mem)
		cgroup_parse_size(mem->value, &mem_v);
	if (memsw) {
		cgroup_parse_size(memsw->value, &memsw_v);
		if (memsw_v != UINT64_MAX && !mem) {
			src_diag(d, memsw,
				 "cannot apply 'memory.memsw.limit_in_bytes' (it needs "
				 "'memory.limit_in_bytes' set too)");
			return -EINVAL;
		}
		if (memsw_v != UINT64_MAX && (mem_v == UINT64_MAX || memsw_v < mem_v)) {
			src_diag(d, memsw,
				 "cannot apply 'memory.memsw.limit_in_bytes' ('%s' is less than "
				 "the memory limit '%s' of line %u)",
				 memsw->value, mem->value, mem->origin.line);
			return -EINVAL;
		}
	}

	for (size_t i = 0; i < cfg->n_cgroups; i++) {
		const struct cfg_cgroup *c = &cfg->cgroups[i];
		char ctrl[32];
		size_t l = strcspn(c->key, ".");
		bool soft = is_weight(c->key);
		ssize_t hi;

		snprintf(ctrl, sizeof(ctrl), "%.*s", (int)(l < sizeof(ctrl) ? l : sizeof(ctrl) - 1),
			 c->key);

		if (c->v2) {
			if (cg->v2 < 0) {
				if (soft) {
					r = warn_add(warnings, c,
						     "'%s' not applied (this host has no "
						     "cgroup v2 hierarchy)",
						     c->key);
					if (r < 0)
						return r;
					continue;
				}
				src_diag(d, c,
					 "cannot apply '%s' (this host has no cgroup v2 hierarchy)",
					 c->key);
				return -EOPNOTSUPP;
			}
			if (strcmp(c->key, "devices.allow") == 0 ||
			    strcmp(c->key, "devices.deny") == 0) {
				r = plan_device(p, c, c->key[8] == 'a', d);
				if (r < 0)
					return r;
				continue;
			}
			if (!v2_has(cg, ctrl)) {
				r = plan_missing(cg, c, ctrl, soft, warnings, d);
				if (r < 0)
					return r;
				continue;
			}
			if (cgroup_file_is_size(c->key)) {
				uint64_t v;
				cgroup_parse_size(c->value, &v);
				fmt_size(buf, sizeof(buf), v, true);
				r = plan_add(p, (size_t)cg->v2, c->key, buf, soft, 0, c);
			} else
				r = plan_add(p, (size_t)cg->v2, c->key, c->value, soft, 0, c);
			if (r < 0)
				return r;
			plan_need_v2(p, c->key);
			continue;
		}

		/* v1 key, written as given where its controller lives on v1 */
		hi = v1_find(cg, ctrl);
		if (hi >= 0) {
			int rank = strcmp(c->key, "memory.memsw.limit_in_bytes") == 0 ? 1 : 0;
			if (strcmp(c->key, "devices.allow") == 0 ||
			    strcmp(c->key, "devices.deny") == 0) {
				struct cgroup_device_rule rule;
				if (cgroup_device_rule_parse(c->value, true, &rule) < 0) {
					src_diag(d, c,
						 "bad device rule '%s' (expected 'a' or 'TYPE "
						 "MAJOR:MINOR ACCESS', e.g. 'c 1:3 rwm')",
						 c->value);
					return -EINVAL;
				}
			}
			if (cgroup_file_is_size(c->key)) {
				uint64_t v;
				cgroup_parse_size(c->value, &v);
				fmt_size(buf, sizeof(buf), v, false);
				r = plan_add(p, (size_t)hi, c->key, buf, soft, rank, c);
			} else
				r = plan_add(p, (size_t)hi, c->key, c->value, soft, rank, c);
			if (r < 0)
				return r;
			/* kernels since 5.0 have BFQ's file only */
			if (strcmp(c->key, "blkio.weight") == 0) {
				if ((r = plan_alt(p, "blkio.bfq.weight", c->value)) < 0)
					return r;
				p->w[p->n - 1].alt_warn = true;
			}
			continue;
		}

		/* translated to v2 */
		if (strcmp(c->key, "devices.allow") == 0 || strcmp(c->key, "devices.deny") == 0) {
			if (cg->v2 < 0) {
				r = plan_missing(cg, c, ctrl, false, warnings, d);
				if (r < 0)
					return r;
				continue;
			}
			r = plan_device(p, c, c->key[8] == 'a', d);
			if (r < 0)
				return r;
			continue;
		}
		/* v1's blkio is v2's io */
		if (!v2_has(cg, strcmp(ctrl, "blkio") == 0 ? "io" : ctrl)) {
			r = plan_missing(cg, c, ctrl, soft, warnings, d);
			if (r < 0)
				return r;
			continue;
		}
		if (strcmp(c->key, "cpu.shares") == 0) {
			uint64_t v;
			if (parse_u64(c->value, &v) < 0) {
				src_diag(d, c,
					 "bad value '%s' for 'cpu.shares' (expected a number, 2 to "
					 "262144)",
					 c->value);
				return -EINVAL;
			}
			snprintf(buf, sizeof(buf), "%" PRIu64, cgroup_shares_to_weight(v));
			r = plan_add(p, (size_t)cg->v2, "cpu.weight", buf, true, 0, c);
		} else if (strcmp(c->key, "blkio.weight") == 0) {
			uint64_t v;
			char alt[64];
			if (parse_u64(c->value, &v) < 0 || v < 10 || v > 1000) {
				src_diag(d, c,
					 "bad value '%s' for 'blkio.weight' (expected 10 to 1000)",
					 c->value);
				return -EINVAL;
			}
			/* BFQ's weight has v1's range; io.weight is 1..10000 */
			snprintf(buf, sizeof(buf), "%" PRIu64, v);
			snprintf(alt, sizeof(alt), "default %" PRIu64,
				 cgroup_blkio_weight_to_io_weight(v));
			r = plan_add(p, (size_t)cg->v2, "io.bfq.weight", buf, true, 0, c);
			if (r == 0)
				r = plan_alt(p, "io.weight", alt);
		} else if (strcmp(c->key, "memory.limit_in_bytes") == 0 ||
			   strcmp(c->key, "memory.soft_limit_in_bytes") == 0) {
			uint64_t v;
			cgroup_parse_size(c->value, &v);
			fmt_size(buf, sizeof(buf), v, true);
			r = plan_add(p, (size_t)cg->v2,
				     c->key[7] == 'l' ? "memory.max" : "memory.low", buf, false, 0,
				     c);
		} else if (strcmp(c->key, "memory.memsw.limit_in_bytes") == 0) {
			uint64_t swap;
			if (c != memsw)
				continue;
			if (cgroup_memsw_to_swap(mem_v, memsw_v, &swap) < 0) {
				src_diag(
					d, c,
					"cannot apply 'memory.memsw.limit_in_bytes' (less than the "
					"memory limit)");
				return -EINVAL;
			}
			fmt_size(buf, sizeof(buf), swap, true);
			r = plan_add(p, (size_t)cg->v2, "memory.swap.max", buf, false, 1, c);
		} else if (strcmp(c->key, "memory.swappiness") == 0 ||
			   strncmp(c->key, "memory.kmem.", 12) == 0) {
			r = warn_add(warnings, c, "'%s' not applied (cgroup v2 has no equivalent)",
				     c->key);
			if (r < 0)
				return r;
			continue;
		} else if (strcmp(c->key, "cpu.cfs_quota_us") == 0 ||
			   strcmp(c->key, "cpu.cfs_period_us") == 0) {
			uint64_t q = UINT64_MAX, per = 100000;
			const struct cfg_cgroup *last = quota && period
								? (quota > period ? quota : period)
								: (quota ? quota : period);
			if (c != last)
				continue;
			if (quota && strcmp(quota->value, "-1") != 0 &&
			    parse_u64(quota->value, &q) < 0) {
				src_diag(d, quota, "bad value '%s' for 'cpu.cfs_quota_us'",
					 quota->value);
				return -EINVAL;
			}
			if (period && parse_u64(period->value, &per) < 0) {
				src_diag(d, period, "bad value '%s' for 'cpu.cfs_period_us'",
					 period->value);
				return -EINVAL;
			}
			if (q == UINT64_MAX)
				snprintf(buf, sizeof(buf), "max %" PRIu64, per);
			else
				snprintf(buf, sizeof(buf), "%" PRIu64 " %" PRIu64, q, per);
			r = plan_add(p, (size_t)cg->v2, "cpu.max", buf, false, 0, c);
		} else if (strcmp(c->key, "cpuset.cpus") == 0 ||
			   strcmp(c->key, "cpuset.mems") == 0 || strcmp(c->key, "pids.max") == 0) {
			r = plan_add(p, (size_t)cg->v2, c->key, c->value, false, 0, c);
		} else if (strncmp(c->key, "hugetlb.", 8) == 0 && l > 0 && strlen(c->key) > 15 &&
			   strcmp(c->key + strlen(c->key) - 15, ".limit_in_bytes") == 0) {
			char f[128];
			uint64_t v;
			if (cgroup_parse_size(c->value, &v) < 0) {
				src_diag(d, c, "bad size '%s' for '%s'", c->value, c->key);
				return -EINVAL;
			}
			snprintf(f, sizeof(f), "%.*s.max", (int)(strlen(c->key) - 15), c->key);
			fmt_size(buf, sizeof(buf), v, true);
			r = plan_add(p, (size_t)cg->v2, f, buf, false, 0, c);
		} else {
			if (soft) {
				r = warn_add(warnings, c,
					     "'%s' not applied (cgroup v2 has no "
					     "equivalent)",
					     c->key);
				if (r < 0)
					return r;
				continue;
			}
			src_diag(d, c,
				 "cannot apply '%s' (controller '%s' lives on cgroup v2 here and "
				 "'%s' has no v2 equivalent)",
				 c->key, ctrl, c->key);
			return -EOPNOTSUPP;
		}
		if (r < 0)
			return r;
		plan_need_v2(p, p->w[p->n - 1].file);
	}
	if (!has_devices)
		return plan_default_devices(cg, p, warnings);
	return 0;
}

/* --- creating and removing ------------------------------------------------------ */

static void handle_free(struct cgroup_handle *cg)
{
	if (!cg)
		return;
	hiers_free(cg->h, cg->n);
	free(cg->name);
	free(cg->rel);
	free(cg);
}

void cgroup_free(struct cgroup_handle *h)
{
	handle_free(h);
}

static bool name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0 && strlen(name) < 200;
}

/* A cgroup path of the caller's: relative, no "." or ".." component. */
static bool rel_ok(const char *rel)
{
	size_t len;
	if (!rel || !*rel || *rel == '/' || strlen(rel) >= 4096)
		return false;
	for (const char *c = rel; *c; c += len + (c[len] == '/')) {
		len = strcspn(c, "/");
		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	return true;
}

/* A fresh v1 cpuset cgroup has empty cpus and mems: no task may join.
 * Fill them from the parent (the config's own values come later). */
static int cpuset_fill(const char *dir, const char *parent)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *cur = NULL, *up = NULL;
		int r = read_file(dir, files[i], &cur);
		if (r < 0)
			return r;
		if (cur[0])
			continue;
		r = read_file(parent, files[i], &up);
		if (r < 0)
			return r;
		r = write_file(dir, files[i], up[0] ? up : "\n");
		if (r < 0)
			return r;
	}
	return 0;
}

/* Enables the controllers @p's writes need (those the cgroup offers) for
 * @dir's children, and memory and pids if it can.  @delegate: every
 * controller @dir offers too, if it can (ctr/, so that a guest's own init,
 * systemd, finds in its cgroup what it would find on a host). */
static int v2_enable(const char *dir, const struct cg_plan *p, bool delegate, struct diag *d)
{
	static const char *const always[] = { "memory", "pids" };
	_cleanup_free_ char *avail = NULL, *on = NULL;
	int r = read_file(dir, "cgroup.controllers", &avail);
	if (r < 0)
		return r;
	r = read_file(dir, "cgroup.subtree_control", &on);
	if (r < 0)
		return r;
	if (delegate) {
		_cleanup_free_ char *all = strdup(avail);
		char *save = NULL;
		if (!all)
			return -ENOMEM;
		for (char *c = strtok_r(all, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
			char w[40];
			if (list_has(on, c, " ") ||
			    snprintf(w, sizeof(w), "+%s", c) >= (int)sizeof(w))
				continue;
			/* best effort: with CONFIG_RT_GROUP_SCHED the cpu
			 * controller refuses while realtime tasks sit below
			 * the root */
			(void)write_file(dir, "cgroup.subtree_control", w);
		}
		free(on);
		on = NULL;
		r = read_file(dir, "cgroup.subtree_control", &on);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < p->n_ctrl_v2 + ARRAY_SIZE(always); i++) {
		const char *c = i < p->n_ctrl_v2 ? p->ctrl_v2[i] : always[i - p->n_ctrl_v2];
		char w[40];
		if (list_has(on, c, " ") || !list_has(avail, c, " "))
			continue;
		snprintf(w, sizeof(w), "+%s", c);
		r = write_file(dir, "cgroup.subtree_control", w);
		if (r < 0 && i < p->n_ctrl_v2) {
			diag_set(
				d, NULL, 0, NULL,
				"cannot enable controller '%s' in '%s/cgroup.subtree_control' (%s)",
				c, dir, strerror(-r));
			return r;
		}
	}
	return 0;
}

/* Serialises "make the shared parent, then our cgroup in it" against "remove
 * the parent when it is empty" across containers starting and stopping at
 * once: without it a destroy can rmdir the parent between another start's
 * two mkdirs, and retrying only loses the race again under load.  The lock is
 * an flock on the hierarchy's mount directory, which every ctr process on
 * the host opens the same way.  Returns an fd to close, or -errno. */
static int hier_lock(const char *mnt)
{
	int fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int r = NEG_ERRNO();
			close(fd);
			return r;
		}
	}
	return fd;
}

static void rmdir_parent(const char *mnt)
{
	_cleanup_free_ char *parent = path_join3(mnt, CG_PARENT, NULL);
	_cleanup_close_ int lock = hier_lock(mnt);
	/* EBUSY: another container still lives there */
	if (parent)
		(void)rmdir(parent);
}

/* hier_create for a handle with a path of its own (cg->rel): every missing
 * ancestor is made (controllers enabled, cpusets filled on the way down, as
 * runc's cgroupfs driver does); the leaf may already exist, empty (runc joins
 * it too).  Ancestors stay behind on removal: others may share them. */
static int hier_create_rel(struct cgroup_handle *cg, struct cg_hier *h, const struct cg_plan *p,
			   struct diag *d)
{
	_cleanup_free_ char *rel = strdup(cg->rel), *dir = strdup(h->mnt);
	char *save = NULL;
	bool cpuset = !h->v2 && list_has(h->ctrls, "cpuset", ",");
	int r;

	if (!rel || !dir)
		return -ENOMEM;
	for (char *c = strtok_r(rel, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		_cleanup_free_ char *next = path_join3(dir, c, NULL);
		bool fresh;
		if (!next)
			return -ENOMEM;
		if (h->v2 && (r = v2_enable(dir, p, strcmp(dir, h->mnt) != 0, d)) < 0)
			return r;
		fresh = mkdir(next, 0755) == 0;
		if (!fresh && errno != EEXIST) {
			r = NEG_ERRNO();
			diag_set(d, NULL, 0, NULL, "cannot create cgroup '%s' (%s)", next,
				 strerror(-r));
			return r;
		}
		if (cpuset && fresh && (r = cpuset_fill(next, dir)) < 0) {
			diag_set(d, NULL, 0, NULL,
				 "cannot fill cpuset.cpus and cpuset.mems of '%s' (%s)", next,
				 strerror(-r));
			return r;
		}
		free(dir);
		dir = TAKE_PTR(next);
	}
	h->path = TAKE_PTR(dir);
	h->made = true;
	return 0;
}

static int hier_create(struct cgroup_handle *cg, struct cg_hier *h, const struct cg_plan *p,
		       struct diag *d)
{
	_cleanup_free_ char *parent = path_join3(h->mnt, CG_PARENT, NULL);
	int r = 0;

	if (!parent)
		return -ENOMEM;
	if (cg->rel)
		return hier_create_rel(cg, h, p, d);
	h->path = path_join3(h->mnt, CG_PARENT, cg->name);
	if (!h->path)
		return -ENOMEM;
	_cleanup_close_ int lock = hier_lock(h->mnt);
	/* without the lock (mount dir unreadable) the retries still cover the
	 * race with another container's destroy removing the parent */
	for (int attempt = 0; attempt < 20; attempt++) {
		if (h->v2) {
			r = v2_enable(h->mnt, p, false, d);
			if (r < 0)
				return r;
		}
		if (mkdir(parent, 0755) < 0 && errno != EEXIST) {
			r = NEG_ERRNO();
			diag_set(d, NULL, 0, NULL, "cannot create cgroup '%s' (%s)", parent,
				 strerror(-r));
			return r;
		}
		if (h->v2)
			r = v2_enable(parent, p, true, d);
		else if (list_has(h->ctrls, "cpuset", ",")) {
			r = cpuset_fill(parent, h->mnt);
			if (r == 0)
				(void)write_file(parent, "cgroup.clone_children", "1");
		}
		/* ENODEV: kernfs's answer for a cgroup being removed */
		if (r == -ENOENT || r == -ENODEV) {
			if (d)
				*d = (struct diag){ 0 };
			continue;
		}
		if (r < 0) {
			if (!d || !d->msg[0])
				diag_set(d, NULL, 0, NULL, "cannot prepare cgroup '%s' (%s)",
					 parent, strerror(-r));
			return r;
		}
		if (mkdir(h->path, 0755) == 0) {
			h->made = true;
			break;
		}
		r = NEG_ERRNO();
		if (r == -ENOENT || r == -ENODEV)
			continue;
		if (r == -EEXIST)
			diag_set(d, NULL, 0, NULL,
				 "cgroup '%s' already exists (is container '%s' running?)", h->path,
				 cg->name);
		else
			diag_set(d, NULL, 0, NULL, "cannot create cgroup '%s' (%s)", h->path,
				 strerror(-r));
		return r;
	}
	if (!h->made) {
		diag_set(d, NULL, 0, NULL, "cannot create cgroup '%s' (%s)", h->path, strerror(-r));
		return r < 0 ? r : -EAGAIN;
	}
	if (!h->v2 && list_has(h->ctrls, "cpuset", ",")) {
		r = cpuset_fill(h->path, parent);
		if (r < 0) {
			diag_set(d, NULL, 0, NULL,
				 "cannot fill cpuset.cpus and cpuset.mems of '%s' (%s)", h->path,
				 strerror(-r));
			return r;
		}
	}
	return 0;
}

static int write_cmp(const void *a, const void *b)
{
	const struct cg_write *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *errno_why(int r)
{
	switch (-r) {
	case EINVAL:
		return "the kernel rejected the value";
	case ENOSPC:
		return "no such cpu or memory node, or over a limit";
	case EBUSY:
		return "busy";
	case EPERM:
	case EACCES:
		return "not permitted";
	case ERANGE:
		return "out of range";
	default:
		return strerror(-r);
	}
}

static int plan_apply(struct cgroup_handle *cg, struct cg_plan *p, struct diag_list *warnings,
		      struct diag *d)
{
	int r;

	/* memory.limit_in_bytes before memsw: v1 wants memsw >= memory at all times */
	if (p->n)
		qsort(p->w, p->n, sizeof(*p->w), write_cmp);
	for (size_t i = 0; i < p->n; i++) {
		struct cg_write *w = &p->w[i];
		const char *dir = cg->h[w->hi].path;

		r = write_file(dir, w->file, w->value);
		if (r == -ENOENT && w->alt_file) {
			r = write_file(dir, w->alt_file, w->alt_value);
			if (r == 0 && w->alt_warn) {
				r = warn_add(warnings, w->src,
					     "'%s' applied as '%s' (this kernel has no "
					     "'%s'; it weighs only disks that use the "
					     "bfq scheduler)",
					     w->src->key, w->alt_file, w->file);
				if (r < 0)
					return r;
				continue;
			}
		}
		if (r == -ENOENT && w->soft) {
			if (w->alt_file)
				r = warn_add(warnings, w->src,
					     "'%s' not applied (this kernel has neither "
					     "'%s' nor '%s')",
					     w->src->key, w->file, w->alt_file);
			else
				r = warn_add(warnings, w->src,
					     "'%s' not applied (this kernel has no '%s')",
					     w->src->key, w->file);
			if (r < 0)
				return r;
			continue;
		}
		if (r == -ENOENT) {
			src_diag(d, w->src,
				 "cannot apply '%s' (no file '%s/%s': controller or kernel "
				 "feature missing)",
				 w->src->key, dir, w->file);
			return r;
		}
		if (r < 0) {
			if (is_default_devices(w->src))
				src_diag(d, w->src,
					 "cannot apply the default device policy ('%s = %s' "
					 "on '%s': %s)",
					 w->file, w->value, dir, errno_why(r));
			else if (strcmp(w->file, w->src->key) == 0)
				src_diag(d, w->src, "cannot set '%s' to '%s' (%s)", w->file,
					 w->value, errno_why(r));
			else
				src_diag(d, w->src, "cannot apply '%s = %s' as '%s = %s' (%s)",
					 w->src->key, w->src->value, w->file, w->value,
					 errno_why(r));
			return r;
		}
	}
	if (p->n_dev) {
		_cleanup_close_ int fd = -EBADF;
		const char *dir = cg->h[cg->v2].path;
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			r = NEG_ERRNO();
			src_diag(d, p->dev_src, "cannot open cgroup '%s' (%s)", dir, strerror(-r));
			return r;
		}
		r = cgroup_bpf_devices_attach(fd, p->dev, p->n_dev, d);
		if (r < 0) {
			char why[sizeof(d->msg)];
			snprintf(why, sizeof(why), "%s", d && d->msg[0] ? d->msg : strerror(-r));
			src_diag(d, p->dev_src,
				 "cannot apply the %s as an eBPF program on '%s' (%s)",
				 is_default_devices(p->dev_src) ? "default device policy"
								: "device rules",
				 dir, why);
			return r;
		}
	}
	return 0;
}

static int handle_new(const char *root, const char *name, struct cgroup_handle **ret)
{
	struct cgroup_handle *cg = calloc(1, sizeof(*cg));
	int r;
	if (!cg)
		return -ENOMEM;
	cg->name = strdup(name);
	if (!cg->name) {
		free(cg);
		return -ENOMEM;
	}
	r = layout_scan(root, &cg->h, &cg->n, &cg->v2, &cg->layout);
	if (r < 0) {
		handle_free(cg);
		return r;
	}
	*ret = cg;
	return 0;
}

/* Removes the directories we made (no process in them yet) and frees. */
static void handle_undo(struct cgroup_handle *cg)
{
	for (size_t i = 0; i < cg->n; i++) {
		if (cg->h[i].made)
			(void)rmdir(cg->h[i].path);
		if (!cg->rel)
			rmdir_parent(cg->h[i].mnt);
	}
	handle_free(cg);
}

int cgroup_create(const char *root, const struct container_config *cfg, struct cgroup_handle **ret,
		  struct diag_list *warnings, struct diag *ret_diag)
{
	struct cgroup_handle *cg = NULL;
	struct cg_plan plan = { 0 };
	int r;

	if (ret_diag)
		*ret_diag = (struct diag){ 0 };
	if (!cfg || !name_ok(cfg->name)) {
		diag_set(ret_diag, cfg ? cfg->path : NULL, 0, NULL, "bad container name '%s'",
			 cfg && cfg->name ? cfg->name : "");
		return -EINVAL;
	}
	if (cfg->cgroup_path && !rel_ok(cfg->cgroup_path)) {
		diag_set(ret_diag, cfg->path, 0, NULL, "bad cgroup path '%s'", cfg->cgroup_path);
		return -EINVAL;
	}
	r = handle_new(root, cfg->name, &cg);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot read the cgroup layout (%s)",
			 strerror(-r));
		return r;
	}
	if (cfg->cgroup_path && !(cg->rel = strdup(cfg->cgroup_path))) {
		handle_free(cg);
		return -ENOMEM;
	}
	if (cg->layout == CGROUP_LAYOUT_NONE) {
		diag_set(ret_diag, NULL, 0, NULL, "no cgroup hierarchy is mounted at '%s'",
			 root ? root : CG_DEFAULT_ROOT);
		handle_free(cg);
		return -ENOENT;
	}
	r = plan_build(cg, cfg, &plan, warnings, ret_diag);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < cg->n; i++) {
		r = hier_create(cg, &cg->h[i], &plan, ret_diag);
		if (r < 0)
			goto fail;
	}
	r = plan_apply(cg, &plan, warnings, ret_diag);
	if (r < 0)
		goto fail;
	plan_free(&plan);
	*ret = cg;
	return 0;
fail:
	plan_free(&plan);
	handle_undo(cg);
	return r;
}

int cgroup_update(struct cgroup_handle *h, const struct container_config *cfg,
		  struct diag_list *warnings, struct diag *ret_diag)
{
	struct cg_plan plan = { 0 };
	int r;

	r = plan_build(h, cfg, &plan, warnings, ret_diag);
	if (r == 0)
		r = plan_apply(h, &plan, warnings, ret_diag);
	plan_free(&plan);
	return r;
}

int cgroup_open(const char *root, const char *name, struct cgroup_handle **ret)
{
	return cgroup_open_path(root, name, NULL, ret);
}

int cgroup_open_path(const char *root, const char *name, const char *rel,
		     struct cgroup_handle **ret)
{
	struct cgroup_handle *cg = NULL;
	bool any = false;
	int r;

	if (!name_ok(name) || (rel && !rel_ok(rel)))
		return -EINVAL;
	r = handle_new(root, name, &cg);
	if (r < 0)
		return r;
	if (rel && !(cg->rel = strdup(rel))) {
		handle_free(cg);
		return -ENOMEM;
	}
	for (size_t i = 0; i < cg->n; i++) {
		struct stat st;
		cg->h[i].path = rel ? path_join3(cg->h[i].mnt, rel, NULL)
				    : path_join3(cg->h[i].mnt, CG_PARENT, name);
		if (!cg->h[i].path) {
			handle_free(cg);
			return -ENOMEM;
		}
		if (stat(cg->h[i].path, &st) == 0 && S_ISDIR(st.st_mode))
			cg->h[i].made = any = true;
	}
	if (!any) {
		handle_free(cg);
		return -ENOENT;
	}
	*ret = cg;
	return 0;
}

int cgroup_attach(struct cgroup_handle *h, pid_t pid)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < h->n; i++) {
		int r;
		if (!h->h[i].made)
			continue;
		r = write_file(h->h[i].path, "cgroup.procs", buf);
		if (r < 0)
			return r;
	}
	return 0;
}

static int open_in(const char *dir, const char *file, int flags)
{
	_cleanup_free_ char *p = path_join3(dir, file, NULL);
	int fd;

	if (!p)
		return -ENOMEM;
	fd = open(p, flags | O_CLOEXEC | O_NOFOLLOW);
	return fd < 0 ? NEG_ERRNO() : fd;
}

int cgroup_join_open(struct cgroup_handle *h, struct cgroup_join *ret)
{
	struct cgroup_join j = { .v2_dirfd = -EBADF, .v2_procs = -EBADF };
	int r;

	j.fds = calloc(h->n ? h->n : 1, sizeof(int));
	if (!j.fds)
		return -ENOMEM;
	for (size_t i = 0; i < h->n; i++) {
		const struct cg_hier *hi = &h->h[i];
		if (!hi->made)
			continue;
		if (hi->v2) {
			r = j.v2_dirfd = open_in(hi->path, NULL, O_RDONLY | O_DIRECTORY);
			if (r >= 0)
				r = j.v2_procs = open_in(hi->path, "cgroup.procs", O_WRONLY);
		} else {
			r = j.fds[j.n] = open_in(hi->path, "tasks", O_WRONLY);
			if (r >= 0)
				j.n++;
		}
		if (r < 0) {
			cgroup_join_close(&j);
			return r;
		}
	}
	*ret = j;
	return 0;
}

static int write_zero(int fd)
{
	/* "0": the writer itself */
	ssize_t n = write(fd, "0", 1);

	return n == 1 ? 0 : n < 0 ? NEG_ERRNO() : -EIO;
}

int cgroup_join_self(const struct cgroup_join *j, bool cloned_into_v2)
{
	int r;

	for (size_t i = 0; i < j->n; i++) {
		r = write_zero(j->fds[i]);
		if (r < 0)
			return r;
	}
	/* takes the slow lock: only where the kernel could not clone into it */
	if (!cloned_into_v2 && j->v2_procs >= 0)
		return write_zero(j->v2_procs);
	return 0;
}

void cgroup_join_close(struct cgroup_join *j)
{
	for (size_t i = 0; i < j->n; i++)
		closep(&j->fds[i]);
	free(j->fds);
	closep(&j->v2_dirfd);
	closep(&j->v2_procs);
	*j = (struct cgroup_join){ .v2_dirfd = -EBADF, .v2_procs = -EBADF };
}

const char *cgroup_path(struct cgroup_handle *h, const char *controller)
{
	if (!controller)
		return h->v2 >= 0 && h->h[h->v2].made ? h->h[h->v2].path : NULL;
	for (size_t i = 0; i < h->n; i++)
		if (!h->h[i].v2 && h->h[i].made && list_has(h->h[i].ctrls, controller, ","))
			return h->h[i].path;
	return NULL;
}

int cgroup_delegate(struct cgroup_handle *h, uid_t uid, gid_t gid)
{
	static const char *const files[] = { "cgroup.procs", "cgroup.threads",
					     "cgroup.subtree_control", "tasks" };
	for (size_t i = 0; i < h->n; i++) {
		if (!h->h[i].made)
			continue;
		if (chown(h->h[i].path, uid, gid) < 0)
			return NEG_ERRNO();
		for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
			_cleanup_free_ char *p = path_join3(h->h[i].path, files[f], NULL);
			if (!p)
				return -ENOMEM;
			if (chown(p, uid, gid) < 0 && errno != ENOENT)
				return NEG_ERRNO();
		}
	}
	return 0;
}

int cgroup_foreach(struct cgroup_handle *h,
		   int (*fn)(const char *mnt, const char *controllers, const char *path,
			     void *userdata),
		   void *userdata)
{
	for (size_t i = 0; i < h->n; i++) {
		int r;
		if (!h->h[i].made)
			continue;
		r = fn(h->h[i].mnt, h->h[i].v2 ? NULL : h->h[i].ctrls, h->h[i].path, userdata);
		if (r < 0)
			return r;
	}
	return 0;
}

static int procs_read(const char *dir, pid_t **ret, size_t *ret_n)
{
	_cleanup_free_ char *s = NULL;
	pid_t *v = NULL;
	size_t n = 0;
	char *save = NULL;
	int r = read_file(dir, "cgroup.procs", &s);
	if (r < 0)
		return r;
	for (char *t = strtok_r(s, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		pid_t *nv = realloc(v, (n + 1) * sizeof(*nv));
		if (!nv) {
			free(v);
			return -ENOMEM;
		}
		v = nv;
		v[n++] = (pid_t)atoi(t);
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

DEFINE_CLEANUP_FUNC(DIR *, closedir)

/* Calls @fn on @dir and on every cgroup below it, children first (so that
 * rmdir works): system containers make their own sub-cgroups (systemd,
 * openrc).  A positive return of @fn stops the walk and is returned; else
 * the first error, after visiting everything. */
static int walk(const char *dir, int (*fn)(const char *dir, void *ud), void *ud, unsigned depth)
{
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int r = 0, k;

	if (depth > 64)
		return -ELOOP;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : NEG_ERRNO();
	while ((de = readdir(d))) {
		_cleanup_free_ char *sub = NULL;
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join3(dir, de->d_name, NULL);
		if (!sub)
			return -ENOMEM;
		k = walk(sub, fn, ud, depth + 1);
		if (k > 0)
			return k;
		if (k < 0 && r == 0)
			r = k;
	}
	k = fn(dir, ud);
	if (k > 0)
		return k;
	return r < 0 ? r : k;
}

struct pid_set {
	pid_t *v;
	size_t n;
};

static int collect_pids(const char *dir, void *ud)
{
	struct pid_set *set = ud;
	pid_t *v = NULL;
	size_t n = 0;
	int r = procs_read(dir, &v, &n);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	for (size_t j = 0; j < n; j++) {
		bool seen = false;
		for (size_t k = 0; k < set->n && !seen; k++)
			seen = set->v[k] == v[j];
		if (!seen) {
			pid_t *nv = realloc(set->v, (set->n + 1) * sizeof(*nv));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			set->v = nv;
			set->v[set->n++] = v[j];
		}
	}
	free(v);
	return 0;
}

int cgroup_pids(struct cgroup_handle *h, pid_t **ret_pids, size_t *ret_n)
{
	struct pid_set set = { 0 };

	for (size_t i = 0; i < h->n; i++) {
		int r;
		if (!h->h[i].made)
			continue;
		r = walk(h->h[i].path, collect_pids, &set, 0);
		if (r < 0) {
			free(set.v);
			return r;
		}
	}
	*ret_pids = set.v;
	*ret_n = set.n;
	return 0;
}

static int has_procs(const char *dir, void *ud)
{
	_cleanup_free_ char *s = NULL;
	(void)ud;
	return read_file(dir, "cgroup.procs", &s) == 0 && s[0] ? 1 : 0;
}

bool cgroup_is_populated(struct cgroup_handle *h)
{
	for (size_t i = 0; i < h->n; i++) {
		if (!h->h[i].made)
			continue;
		if (h->h[i].v2) {
			_cleanup_free_ char *ev = NULL;
			/* populated counts the whole subtree */
			if (read_file(h->h[i].path, "cgroup.events", &ev) == 0) {
				if (strstr(ev, "populated 1"))
					return true;
				continue;
			}
		}
		if (walk(h->h[i].path, has_procs, NULL, 0) > 0)
			return true;
	}
	return false;
}

int cgroup_memory_usage(struct cgroup_handle *h, uint64_t *ret)
{
	const char *dir = cgroup_path(h, "memory");
	_cleanup_free_ char *s = NULL;
	uint64_t v;
	int r;

	if (dir)
		r = read_file(dir, "memory.usage_in_bytes", &s);
	else if ((dir = cgroup_path(h, NULL)))
		r = read_file(dir, "memory.current", &s);
	else
		return -ENODATA;
	if (r == -ENOENT)
		return -ENODATA;
	if (r < 0)
		return r;
	r = parse_u64(s, &v);
	if (r < 0)
		return r;
	*ret = v;
	return 0;
}

static int kill_procs(const char *dir, void *ud)
{
	int sig = *(int *)ud;
	pid_t *v = NULL;
	size_t n = 0;
	int r = procs_read(dir, &v, &n);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	for (size_t i = 0; i < n; i++)
		if (v[i] > 0 && kill(v[i], sig) < 0 && errno != ESRCH && r == 0)
			r = NEG_ERRNO();
	free(v);
	return r;
}

int cgroup_kill(struct cgroup_handle *h, int sig)
{
	int r = 0;
	for (size_t i = 0; i < h->n; i++) {
		int k;
		if (!h->h[i].made)
			continue;
		if (h->h[i].v2 && sig == SIGKILL &&
		    write_file(h->h[i].path, "cgroup.kill", "1") == 0)
			continue;
		k = walk(h->h[i].path, kill_procs, &sig, 0);
		if (k < 0 && r == 0)
			r = k;
	}
	return r;
}

static int v2_events_wait(const char *dir, const char *want, int timeout_ms);

int cgroup_freeze(struct cgroup_handle *h, bool frozen)
{
	const char *v1 = cgroup_path(h, "freezer");
	const char *v2 = cgroup_path(h, NULL);
	int r;

	if (v2 && file_exists(v2, "cgroup.freeze")) {
		r = write_file(v2, "cgroup.freeze", frozen ? "1" : "0");
		if (r < 0)
			return r;
		/* freezing is asynchronous: done when the kernel says frozen */
		r = v2_events_wait(v2, frozen ? "frozen 1" : "frozen 0", 1000);
		return r == -ETIMEDOUT ? -EBUSY : r;
	}
	if (!v1)
		return -EOPNOTSUPP;
	r = write_file(v1, "freezer.state", frozen ? "FROZEN" : "THAWED");
	if (r < 0 || !frozen)
		return r;
	for (int i = 0; i < 200; i++) {
		_cleanup_free_ char *s = NULL;
		r = read_file(v1, "freezer.state", &s);
		if (r < 0)
			return r;
		if (strcmp(s, "FROZEN") == 0)
			return 0;
		sleep_ms(5);
	}
	return -EBUSY;
}

static int rmdir_retry(const char *dir, void *ud)
{
	(void)ud;
	for (int tries = 0;; tries++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		/* the kernel may still be tearing down exited tasks */
		if (errno != EBUSY || tries == 100)
			return NEG_ERRNO();
		sleep_ms(10);
	}
}

/* With cgroup2's cgroup.events: waits until it holds the line @want
 * ("populated 0": the subtree is empty; "frozen 1"), woken by the kernel
 * (POLLPRI when the file changes) rather than by a timer.  0, -ETIMEDOUT
 * when @timeout_ms pass without a change, or -errno when the file cannot be
 * read. */
static int v2_events_wait(const char *dir, const char *want, int timeout_ms)
{
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/cgroup.events", dir) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	/* each wake is a change (populated, frozen): a few at most */
	for (int i = 0; i < 100; i++) {
		struct pollfd p = { .fd = fd, .events = POLLPRI };
		char buf[256];
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
		int k;
		if (n < 0)
			return NEG_ERRNO();
		buf[n] = '\0';
		if (strstr(buf, want))
			return 0;
		k = poll(&p, 1, timeout_ms);
		if (k == 0)
			return -ETIMEDOUT;
		if (k < 0 && errno != EINTR)
			return NEG_ERRNO();
	}
	return -ETIMEDOUT;
}

int cgroup_destroy(struct cgroup_handle *h)
{
	const char *v2;
	int r = 0;
	bool frozen, killed_v2;

	if (!h)
		return 0;
	/* cgroup2's cgroup.kill takes the whole subtree at once, forks in
	 * flight included, and every task of the container is in it (a hybrid
	 * host attaches the init to both kinds), so the v1 trees need no walk. */
	v2 = cgroup_path(h, NULL);
	killed_v2 = v2 && write_file(v2, "cgroup.kill", "1") == 0;
	if (killed_v2) {
		int w = v2_events_wait(v2, "populated 0", 10000);
		if (w == -ETIMEDOUT)
			r = -EBUSY;
		else if (w < 0)
			killed_v2 = false; /* fall back to polling below */
	}
	if (!killed_v2) {
		/* v1 has no cgroup.kill: freeze so nothing forks while we kill.
		 * Thaw even when freezing did not finish in time: SIGKILL does
		 * not take a frozen task, and the container would stay there
		 * forever. */
		int f = cgroup_freeze(h, true);
		frozen = f == 0 || f == -EBUSY;
		(void)cgroup_kill(h, SIGKILL);
		if (frozen)
			(void)cgroup_freeze(h, false);
		for (int i = 0; cgroup_is_populated(h); i++) {
			if (i == 500) { /* ~10 s */
				r = -EBUSY;
				break;
			}
			if (i % 10 == 9)
				(void)cgroup_kill(h, SIGKILL);
			sleep_ms(i < 20 ? 2 : 20);
		}
	}
	for (size_t i = 0; i < h->n; i++) {
		int k;
		if (!h->h[i].made)
			continue;
		k = walk(h->h[i].path, rmdir_retry, NULL, 0);
		if (k < 0 && r == 0)
			r = k;
		if (!h->rel)
			rmdir_parent(h->h[i].mnt);
	}
	handle_free(h);
	return r;
}

int cgroup_frozen(struct cgroup_handle *h, bool *ret)
{
	const char *v1 = cgroup_path(h, "freezer");
	const char *v2 = cgroup_path(h, NULL);
	_cleanup_free_ char *s = NULL;
	int r;

	if (v2 && file_exists(v2, "cgroup.freeze")) {
		r = read_file(v2, "cgroup.freeze", &s);
		if (r < 0)
			return r;
		*ret = s[0] == '1';
		return 0;
	}
	if (!v1)
		return -EOPNOTSUPP;
	r = read_file(v1, "freezer.state", &s);
	if (r < 0)
		return r;
	*ret = strcmp(s, "THAWED") != 0;
	return 0;
}
