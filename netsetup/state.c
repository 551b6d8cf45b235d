// SPDX-License-Identifier: LGPL-2.1-or-later
/* The state file: what the NIC looked like before, as JSON, written
 * atomically; and the small JSON reader it needs. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include "ctr/json.h"
#include "ctr/rundir.h"
#include "ctr/fsutil.h"
#include "ctr/netsetup.h"
#include "ctr/strutil.h"

#define STATE_MAX_SIZE (1 << 20)
#define STATE_MAX_DEPTH 16

void state_free(struct netsetup_state *st)
{
	if (!st)
		return;
	free(st->addrs);
	route_list_free(st->routes, st->n_routes);
	st->addrs = NULL;
	st->routes = NULL;
	st->n_addrs = st->n_routes = 0;
}

const char *state_dir(char *buf, size_t len)
{
	snprintf(buf, len, "%s/netsetup", rundir_path());
	return buf;
}

const char *state_path(const char *bridge, char *buf, size_t len)
{
	char d[PATH_MAX];

	if (snprintf(buf, len, "%s/%s.json", state_dir(d, sizeof(d)), bridge) >= (int)len)
		buf[0] = '\0';
	return buf;
}

/* ---- writing ---------------------------------------------------------------- */

static const char *fam_name(int f)
{
	return f == AF_INET ? "inet" : "inet6";
}

static void json_ip(struct json_writer *w, const char *key, int family, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(family, a, s, sizeof(s)))
		json_string(w, key, s);
	else
		json_null(w, key);
}

int state_format(const struct netsetup_state *st, FILE *f)
{
	struct json_writer w = JSON_WRITER_INIT(f);
	char mac[18], c[INET6_ADDRSTRLEN + 8];

	json_begin_object(&w, NULL);
	json_int(&w, "version", 1);
	json_string(&w, "bridge", st->bridge);
	json_string(&w, "nic", st->nic);
	json_string(&w, "port", st->port);
	json_int(&w, "vlan", st->vlan);
	json_bool(&w, "bridge_created", st->bridge_created);
	json_bool(&w, "vlan_created", st->vlan_created);
	json_bool(&w, "stp", st->stp);
	json_string(&w, "mac", mac_format(st->mac, mac));
	json_int(&w, "mtu", st->mtu);
	json_int(&w, "ipv6_disabled", st->ipv6_disabled);
	json_begin_array(&w, "addresses");
	for (size_t i = 0; i < st->n_addrs; i++) {
		const struct addr_info *a = &st->addrs[i];
		json_begin_object(&w, NULL);
		json_string(&w, "family", fam_name(a->family));
		json_ip(&w, "address", a->family, a->local);
		json_int(&w, "prefixlen", a->prefixlen);
		if (a->has_peer)
			json_ip(&w, "peer", a->family, a->peer);
		if (a->has_brd)
			json_ip(&w, "broadcast", a->family, a->brd);
		json_string(&w, "label", a->label);
		json_int(&w, "scope", a->scope);
		json_int(&w, "flags", a->flags);
		json_int(&w, "valid_lft", a->valid_lft);
		json_int(&w, "preferred_lft", a->preferred_lft);
		json_end(&w);
	}
	json_end(&w);
	json_begin_array(&w, "routes");
	for (size_t i = 0; i < st->n_routes; i++) {
		const struct route_info *r = &st->routes[i];
		char *hex = malloc(r->len * 2 + 1);
		if (!hex)
			return -ENOMEM;
		for (size_t k = 0; k < r->len; k++)
			snprintf(hex + 2 * k, 3, "%02x", r->msg[k]);
		json_begin_object(&w, NULL);
		json_string(&w, "family", fam_name(r->family));
		if (r->has_dst)
			json_ip(&w, "dst", r->family, r->dst);
		json_int(&w, "dst_len", r->dst_len);
		if (r->has_gw)
			json_ip(&w, "gateway", r->family, r->gw);
		json_int(&w, "table", r->table);
		json_int(&w, "metric", r->priority);
		json_int(&w, "protocol", r->protocol);
		json_int(&w, "scope", r->scope);
		json_int(&w, "type", r->type);
		json_int(&w, "oif", r->oif);
		json_string(&w, "nlmsg", hex);
		json_end(&w);
		free(hex);
	}
	json_end(&w);
	if (st->has_address)
		json_string(&w, "address", cidr_format(&st->address, c, sizeof(c)));
	else
		json_null(&w, "address");
	if (st->gw_family)
		json_ip(&w, "gateway", st->gw_family, st->gw);
	else
		json_null(&w, "gateway");
	json_end(&w);
	return ferror(f) ? -EIO : 0;
}

int state_save(const struct netsetup_state *st)
{
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 16];
	_cleanup_close_ int fd = -EBADF, dfd = -EBADF;
	_cleanup_fclose_ FILE *f = NULL;
	int r;

	state_dir(dir, sizeof(dir));
	/* /run/ctr/netsetup; a test's CTR_RUNDIR may not exist */
	if ((r = fs_mkdir_p(dir, 0755)) < 0)
		return r;
	state_path(st->bridge, path, sizeof(path));
	if (!path[0] || snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	f = fdopen(fd, "w");
	if (!f) {
		r = NEG_ERRNO();
		unlink(tmp);
		return r;
	}
	TAKE_FD(fd);
	r = state_format(st, f);
	if (r == 0 && (fflush(f) != 0 || fsync(fileno(f)) < 0))
		r = NEG_ERRNO();
	if (r == 0 && fclose(TAKE_PTR(f)) != 0)
		r = NEG_ERRNO();
	if (r == 0 && rename(tmp, path) < 0)
		r = NEG_ERRNO();
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		(void)fsync(dfd);
	return 0;
}

int state_remove(const char *bridge)
{
	char path[PATH_MAX];

	if (unlink(state_path(bridge, path, sizeof(path))) < 0 && errno != ENOENT)
		return NEG_ERRNO();
	return 0;
}

/* ---- reading: a small JSON parser -------------------------------------------------- */

enum jtype {
	J_NULL,
	J_BOOL,
	J_NUM,
	J_STR,
	J_ARR,
	J_OBJ
};

struct jval {
	enum jtype t;
	unsigned line;
	long long num;
	char *str;	   /* J_STR */
	struct jval *kids; /* J_ARR, J_OBJ */
	char **keys;	   /* J_OBJ */
	size_t n;
};

struct jparser {
	const char *p, *end;
	unsigned line;
	const char *err;
};

static void jfree(struct jval *v)
{
	free(v->str);
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->kids[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	memset(v, 0, sizeof(*v));
}

static void jws(struct jparser *jp)
{
	while (jp->p < jp->end &&
	       (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')) {
		if (*jp->p == '\n')
			jp->line++;
		jp->p++;
	}
}

static int jfail(struct jparser *jp, const char *why)
{
	if (!jp->err)
		jp->err = why;
	return -EINVAL;
}

static int jstring(struct jparser *jp, char **ret)
{
	size_t cap = 16, n = 0;
	char *s;

	if (jp->p >= jp->end || *jp->p != '"')
		return jfail(jp, "expected a string");
	jp->p++;
	s = malloc(cap);
	if (!s)
		return -ENOMEM;
	for (;;) {
		char c;
		if (jp->p >= jp->end) {
			free(s);
			return jfail(jp, "unterminated string");
		}
		c = *jp->p++;
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20) {
			free(s);
			return jfail(jp, "control character in string");
		}
		if (c == '\\') {
			if (jp->p >= jp->end) {
				free(s);
				return jfail(jp, "unterminated string");
			}
			c = *jp->p++;
			switch (c) {
			case '"':
			case '\\':
			case '/':
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'u': {
				unsigned v = 0;
				for (int i = 0; i < 4; i++) {
					int d = jp->p < jp->end ? *jp->p++ : 0;
					if (d >= '0' && d <= '9')
						v = v * 16 + (unsigned)(d - '0');
					else if (d >= 'a' && d <= 'f')
						v = v * 16 + (unsigned)(d - 'a' + 10);
					else if (d >= 'A' && d <= 'F')
						v = v * 16 + (unsigned)(d - 'A' + 10);
					else {
						free(s);
						return jfail(jp, "bad \\u escape");
					}
				}
				/* the writer only escapes control characters */
				if (v == 0 || v > 0x7f) {
					free(s);
					return jfail(jp, "unsupported \\u escape");
				}
				c = (char)v;
				break;
			}
			default:
				free(s);
				return jfail(jp, "bad escape");
			}
		}
		if (n + 2 > cap) {
			char *ns = realloc(s, cap * 2);
			if (!ns) {
				free(s);
				return -ENOMEM;
			}
			s = ns;
			cap *= 2;
		}
		s[n++] = c;
	}
	s[n] = '\0';
	*ret = s;
	return 0;
}

static int jvalue(struct jparser *jp, struct jval *v, int depth);

static int jpush(struct jval *v, size_t *cap)
{
	if (v->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		struct jval *nk = realloc(v->kids, nc * sizeof(*nk));
		if (!nk)
			return -ENOMEM;
		v->kids = nk;
		if (v->t == J_OBJ) {
			char **nkeys = realloc(v->keys, nc * sizeof(*nkeys));
			if (!nkeys)
				return -ENOMEM;
			v->keys = nkeys;
		}
		*cap = nc;
	}
	memset(&v->kids[v->n], 0, sizeof(v->kids[0]));
	if (v->t == J_OBJ)
		v->keys[v->n] = NULL;
	v->n++;
	return 0;
}

static int jcontainer(struct jparser *jp, struct jval *v, int depth, char close)
{
	size_t cap = 0;
	int r;

	jp->p++;
	jws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		jws(jp);
		if (v->t == J_OBJ) {
			r = jstring(jp, &key);
			if (r < 0)
				return r;
			jws(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return jfail(jp, "expected ':'");
			}
			jp->p++;
		}
		r = jpush(v, &cap);
		if (r < 0) {
			free(key);
			return r;
		}
		if (v->t == J_OBJ)
			v->keys[v->n - 1] = key;
		r = jvalue(jp, &v->kids[v->n - 1], depth + 1);
		if (r < 0)
			return r;
		jws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return 0;
		}
		return jfail(jp, "expected ',' or the end of a list");
	}
}

static int jvalue(struct jparser *jp, struct jval *v, int depth)
{
	jws(jp);
	v->line = jp->line;
	if (depth > STATE_MAX_DEPTH)
		return jfail(jp, "nested too deep");
	if (jp->p >= jp->end)
		return jfail(jp, "unexpected end of file");
	switch (*jp->p) {
	case '{':
		v->t = J_OBJ;
		return jcontainer(jp, v, depth, '}');
	case '[':
		v->t = J_ARR;
		return jcontainer(jp, v, depth, ']');
	case '"':
		v->t = J_STR;
		return jstring(jp, &v->str);
	}
	if (jp->end - jp->p >= 4 && memcmp(jp->p, "null", 4) == 0) {
		v->t = J_NULL;
		jp->p += 4;
		return 0;
	}
	if (jp->end - jp->p >= 4 && memcmp(jp->p, "true", 4) == 0) {
		v->t = J_BOOL;
		v->num = 1;
		jp->p += 4;
		return 0;
	}
	if (jp->end - jp->p >= 5 && memcmp(jp->p, "false", 5) == 0) {
		v->t = J_BOOL;
		jp->p += 5;
		return 0;
	}
	if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9')) {
		bool neg = *jp->p == '-';
		unsigned long long n = 0;
		int digits = 0;
		if (neg)
			jp->p++;
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9') {
			if (++digits > 18)
				return jfail(jp, "number out of range");
			n = n * 10 + (unsigned)(*jp->p++ - '0');
		}
		if (!digits)
			return jfail(jp, "bad number");
		v->t = J_NUM;
		v->num = neg ? -(long long)n : (long long)n;
		return 0;
	}
	return jfail(jp, "unexpected character");
}

static const struct jval *jget(const struct jval *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (o->keys[i] && strcmp(o->keys[i], key) == 0)
			return &o->kids[i];
	return NULL;
}

/* ---- from the JSON tree to the state ------------------------------------------- */

struct sconv {
	const char *file;
	struct diag *d;
};

static int bad(struct sconv *sc, const struct jval *v, const char *key, const char *why)
{
	diag_set(sc->d, sc->file, v ? v->line : 0, key, "%s", why);
	return -EINVAL;
}

static int get_name(struct sconv *sc, const struct jval *o, const char *key, char out[IFNAMSIZ],
		    bool required)
{
	const struct jval *v = jget(o, key);

	if (!v || v->t == J_NULL) {
		if (required)
			return bad(sc, o, key, "missing interface name");
		out[0] = '\0';
		return 0;
	}
	if (v->t != J_STR || !ifname_valid(v->str))
		return bad(sc, v, key, "not a valid interface name");
	snprintf(out, IFNAMSIZ, "%s", v->str);
	return 0;
}

static int get_int(struct sconv *sc, const struct jval *o, const char *key, long long min,
		   long long max, long long def, long long *ret)
{
	const struct jval *v = jget(o, key);

	if (!v) {
		*ret = def;
		return 0;
	}
	if (v->t != J_NUM && v->t != J_BOOL)
		return bad(sc, v, key, "not a number");
	if (v->num < min || v->num > max)
		return bad(sc, v, key, "number out of range");
	*ret = v->num;
	return 0;
}

static int get_ip(struct sconv *sc, const struct jval *o, const char *key, int family,
		  uint8_t out[16], bool *has)
{
	const struct jval *v = jget(o, key);

	*has = false;
	if (!v || v->t == J_NULL)
		return 0;
	if (v->t != J_STR || inet_pton(family, v->str, out) != 1)
		return bad(sc, v, key, "not an IP address of the entry's family");
	*has = true;
	return 0;
}

static int get_family(struct sconv *sc, const struct jval *o, int *ret)
{
	const struct jval *v = jget(o, "family");

	if (v && v->t == J_STR && strcmp(v->str, "inet") == 0)
		*ret = AF_INET;
	else if (v && v->t == J_STR && strcmp(v->str, "inet6") == 0)
		*ret = AF_INET6;
	else
		return bad(sc, v ? v : o, "family", "must be \"inet\" or \"inet6\"");
	return 0;
}

static int conv_addr(struct sconv *sc, const struct jval *o, struct addr_info *a)
{
	const struct jval *lab;
	long long n;
	bool has;
	int r;

	memset(a, 0, sizeof(*a));
	if (o->t != J_OBJ)
		return bad(sc, o, "addresses", "entry is not an object");
	if ((r = get_family(sc, o, &a->family)) < 0)
		return r;
	if ((r = get_ip(sc, o, "address", a->family, a->local, &has)) < 0)
		return r;
	if (!has)
		return bad(sc, o, "address", "missing");
	if ((r = get_ip(sc, o, "peer", a->family, a->peer, &a->has_peer)) < 0)
		return r;
	if ((r = get_ip(sc, o, "broadcast", a->family, a->brd, &a->has_brd)) < 0)
		return r;
	if ((r = get_int(sc, o, "prefixlen", 0, a->family == AF_INET ? 32 : 128, -1, &n)) < 0)
		return r;
	if (n < 0)
		return bad(sc, o, "prefixlen", "missing");
	a->prefixlen = (uint8_t)n;
	if ((r = get_int(sc, o, "scope", 0, 255, 0, &n)) < 0)
		return r;
	a->scope = (uint8_t)n;
	if ((r = get_int(sc, o, "flags", 0, UINT32_MAX, 0, &n)) < 0)
		return r;
	a->flags = (uint32_t)n;
	if ((r = get_int(sc, o, "valid_lft", 0, UINT32_MAX, UINT32_MAX, &n)) < 0)
		return r;
	a->valid_lft = (uint32_t)n;
	if ((r = get_int(sc, o, "preferred_lft", 0, UINT32_MAX, UINT32_MAX, &n)) < 0)
		return r;
	a->preferred_lft = (uint32_t)n;
	lab = jget(o, "label");
	if (lab && lab->t == J_STR && lab->str[0]) {
		if (strlen(lab->str) >= IFNAMSIZ)
			return bad(sc, lab, "label", "longer than 15 characters");
		snprintf(a->label, sizeof(a->label), "%s", lab->str);
	}
	return 0;
}

static int conv_route(struct sconv *sc, const struct jval *o, struct route_info *ri)
{
	const struct jval *hex;
	long long n;
	size_t len;
	int r;

	memset(ri, 0, sizeof(*ri));
	if (o->t != J_OBJ)
		return bad(sc, o, "routes", "entry is not an object");
	if ((r = get_family(sc, o, &ri->family)) < 0)
		return r;
	if ((r = get_ip(sc, o, "dst", ri->family, ri->dst, &ri->has_dst)) < 0)
		return r;
	if ((r = get_ip(sc, o, "gateway", ri->family, ri->gw, &ri->has_gw)) < 0)
		return r;
	if ((r = get_int(sc, o, "dst_len", 0, ri->family == AF_INET ? 32 : 128, 0, &n)) < 0)
		return r;
	ri->dst_len = (uint8_t)n;
	if ((r = get_int(sc, o, "table", 0, UINT32_MAX, RT_TABLE_MAIN, &n)) < 0)
		return r;
	ri->table = (uint32_t)n;
	if ((r = get_int(sc, o, "metric", 0, UINT32_MAX, 0, &n)) < 0)
		return r;
	ri->priority = (uint32_t)n;
	if ((r = get_int(sc, o, "protocol", 0, 255, RTPROT_BOOT, &n)) < 0)
		return r;
	ri->protocol = (uint8_t)n;
	if ((r = get_int(sc, o, "scope", 0, 255, 0, &n)) < 0)
		return r;
	ri->scope = (uint8_t)n;
	if ((r = get_int(sc, o, "type", 0, 255, RTN_UNICAST, &n)) < 0)
		return r;
	ri->type = (uint8_t)n;
	if ((r = get_int(sc, o, "oif", 0, INT32_MAX, 0, &n)) < 0)
		return r;
	ri->oif = (int)n;
	hex = jget(o, "nlmsg");
	if (!hex || hex->t != J_STR)
		return bad(sc, hex ? hex : o, "nlmsg", "missing route message");
	len = strlen(hex->str);
	if (len % 2 || len / 2 < sizeof(struct rtmsg) || len / 2 > 65536)
		return bad(sc, hex, "nlmsg", "route message has a bad length");
	ri->msg = malloc(len / 2);
	if (!ri->msg)
		return -ENOMEM;
	ri->len = len / 2;
	for (size_t i = 0; i < ri->len; i++) {
		int hi = hex_digit(hex->str[2 * i]), lo = hex_digit(hex->str[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(ri->msg);
			ri->msg = NULL;
			return bad(sc, hex, "nlmsg", "route message is not lower-case hex");
		}
		ri->msg[i] = (uint8_t)(hi << 4 | lo);
	}
	if (((struct rtmsg *)ri->msg)->rtm_family != ri->family) {
		free(ri->msg);
		ri->msg = NULL;
		return bad(sc, hex, "nlmsg", "route message family differs from the entry's");
	}
	return 0;
}

static int conv_state(struct sconv *sc, const struct jval *root, struct netsetup_state *st)
{
	const struct jval *v;
	long long n;
	int r;

	if (root->t != J_OBJ)
		return bad(sc, root, "", "not a JSON object");
	if ((r = get_int(sc, root, "version", 1, 1, -1, &n)) < 0)
		return r;
	if (n != 1)
		return bad(sc, root, "version", "missing or unknown version");
	if ((r = get_name(sc, root, "bridge", st->bridge, true)) < 0 ||
	    (r = get_name(sc, root, "nic", st->nic, true)) < 0 ||
	    (r = get_name(sc, root, "port", st->port, true)) < 0)
		return r;
	if ((r = get_int(sc, root, "vlan", 0, 4094, 0, &n)) < 0)
		return r;
	st->vlan = (int)n;
	if ((r = get_int(sc, root, "bridge_created", 0, 1, 0, &n)) < 0)
		return r;
	st->bridge_created = n;
	if ((r = get_int(sc, root, "vlan_created", 0, 1, 0, &n)) < 0)
		return r;
	st->vlan_created = n;
	if ((r = get_int(sc, root, "stp", 0, 1, 0, &n)) < 0)
		return r;
	st->stp = n;
	if ((r = get_int(sc, root, "mtu", 0, 65536, 0, &n)) < 0)
		return r;
	st->mtu = (unsigned)n;
	if ((r = get_int(sc, root, "ipv6_disabled", -1, 1, -1, &n)) < 0)
		return r;
	st->ipv6_disabled = (int)n;
	v = jget(root, "mac");
	if (!v || v->t != J_STR || mac_parse(v->str, st->mac) < 0)
		return bad(sc, v ? v : root, "mac", "missing or not a MAC address");
	v = jget(root, "addresses");
	if (v && v->t != J_ARR)
		return bad(sc, v, "addresses", "not a list");
	if (v && v->n) {
		st->addrs = calloc(v->n, sizeof(*st->addrs));
		if (!st->addrs)
			return -ENOMEM;
		for (size_t i = 0; i < v->n; i++, st->n_addrs++)
			if ((r = conv_addr(sc, &v->kids[i], &st->addrs[i])) < 0)
				return r;
	}
	v = jget(root, "routes");
	if (v && v->t != J_ARR)
		return bad(sc, v, "routes", "not a list");
	if (v && v->n) {
		st->routes = calloc(v->n, sizeof(*st->routes));
		if (!st->routes)
			return -ENOMEM;
		for (size_t i = 0; i < v->n; i++) {
			if ((r = conv_route(sc, &v->kids[i], &st->routes[i])) < 0)
				return r;
			st->n_routes++;
		}
	}
	v = jget(root, "address");
	if (v && v->t != J_NULL) {
		if (v->t != J_STR || cidr_parse(v->str, true, &st->address) < 0)
			return bad(sc, v, "address", "not an address/prefix-length");
		st->has_address = true;
	}
	v = jget(root, "gateway");
	if (v && v->t != J_NULL) {
		struct cidr g;
		if (v->t != J_STR || cidr_parse(v->str, false, &g) < 0 || strchr(v->str, '/'))
			return bad(sc, v, "gateway", "not an IP address");
		st->gw_family = g.family;
		memcpy(st->gw, g.addr, 16);
	}
	return 0;
}

int state_parse(const char *buf, size_t len, const char *file, struct netsetup_state *ret,
		struct diag *d)
{
	struct jparser jp = { .p = buf, .end = buf + len, .line = 1 };
	struct netsetup_state st = { .ipv6_disabled = -1 };
	struct sconv sc = { .file = file, .d = d };
	struct jval root = { .t = J_NULL };
	int r;

	if (len > STATE_MAX_SIZE) {
		diag_set(d, file, 0, "", "larger than %d bytes", STATE_MAX_SIZE);
		return -EINVAL;
	}
	r = jvalue(&jp, &root, 0);
	if (r == 0) {
		jws(&jp);
		if (jp.p != jp.end)
			r = jfail(&jp, "trailing characters after the object");
	}
	if (r < 0) {
		if (r == -EINVAL)
			diag_set(d, file, jp.line, "", "%s", jp.err ? jp.err : "bad JSON");
		jfree(&root);
		return r;
	}
	r = conv_state(&sc, &root, &st);
	jfree(&root);
	if (r < 0) {
		state_free(&st);
		return r;
	}
	*ret = st;
	return 0;
}

int state_load(const char *bridge, struct netsetup_state *ret, struct diag *d)
{
	char path[PATH_MAX];
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	state_path(bridge, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NEG_ERRNO();
	r = fd_read_all(fd, STATE_MAX_SIZE, &buf, &len);
	if (r == -EFBIG)
		diag_set(d, path, 0, "", "larger than %d bytes", STATE_MAX_SIZE);
	if (r < 0)
		return r;
	return state_parse(buf, len, path, ret, d);
}
