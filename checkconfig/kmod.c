// SPDX-License-Identifier: LGPL-2.1-or-later
/* Module status read from depmod's binary indexes, the files libkmod reads
 * (modules.dep.bin, modules.alias.bin, modules.builtin.bin,
 * modules.builtin.alias.bin), looked up in libkmod's order.  Not libkmod
 * itself: dlopen()ing it pulled in libcrypto, libzstd and liblzma and took
 * 1.3 ms of a 2.9 ms audit of Debian's kernel, and a static ctr-checkconfig
 * cannot dlopen() at all.  The tests hold every answer against libkmod's
 * (kmod's modinfo).  Nothing here prints.
 *
 * The index format (kmod, libkmod-index.c): big-endian 32-bit integers; a
 * header of magic 0xB007F457, version 2.x and the root node's offset; a
 * node offset carries flags in its high nibble (0x8: a NUL-terminated
 * prefix follows, 0x4: values, 0x2: children) and the file offset below.
 * A node is [prefix] [first last child[last - first + 1]] [count
 * {priority value}...]: a trie whose keys may hold fnmatch() wildcards
 * (aliases). */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/kmod.h"
#include "ctr/log.h"

#define MI_MAGIC 0xB007F457u
#define MI_MAJOR 2u
#define MI_PREFIX 0x80000000u
#define MI_VALUES 0x40000000u
#define MI_CHILDS 0x20000000u
#define MI_MASK 0x0FFFFFFFu
/* Longer than any key depmod writes (module names, modalias strings):
 * bound the walks of a corrupt file whose children point back up. */
#define MI_MAX_DEPTH 1024
#define MI_KEY_MAX 1024

/* One index file, mapped; p == NULL when the file is absent. */
struct modindex {
	const unsigned char *p;
	size_t len;
	uint32_t root;
};

struct mi_node {
	const char *prefix;
	unsigned first, last; /* first > last: no children */
	const unsigned char *child;
	uint32_t n_values;
	const unsigned char *values;
};

enum {
	IX_DEP,
	IX_ALIAS,
	IX_BUILTIN,
	IX_BUILTIN_ALIAS,
	IX_N
};
static const char *const ix_file[IX_N] = { "modules.dep.bin", "modules.alias.bin",
					   "modules.builtin.bin", "modules.builtin.alias.bin" };

struct modcheck {
	struct modindex ix[IX_N];
	bool running;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The NUL-terminated string at @off, or NULL when it runs past the end. */
static const char *mi_str(const struct modindex *ix, size_t off, size_t *ret_len)
{
	const unsigned char *nul;

	if (off >= ix->len)
		return NULL;
	nul = memchr(ix->p + off, '\0', ix->len - off);
	if (!nul)
		return NULL;
	*ret_len = (size_t)(nul - (ix->p + off));
	return (const char *)ix->p + off;
}

/* Reads the node @off points at.  Returns false for no node (offset 0) or
 * one that does not fit in the file. */
static bool mi_node(const struct modindex *ix, uint32_t off, struct mi_node *n)
{
	size_t at = off & MI_MASK, l;

	if (at == 0 || at >= ix->len)
		return false;
	n->prefix = "";
	if (off & MI_PREFIX) {
		n->prefix = mi_str(ix, at, &l);
		if (!n->prefix)
			return false;
		at += l + 1;
	}
	n->first = 1;
	n->last = 0;
	n->child = NULL;
	if (off & MI_CHILDS) {
		if (at + 2 > ix->len)
			return false;
		n->first = ix->p[at];
		n->last = ix->p[at + 1];
		if (n->first > n->last || at + 2 + 4 * (size_t)(n->last - n->first + 1) > ix->len)
			return false;
		n->child = ix->p + at + 2;
		at += 2 + 4 * (size_t)(n->last - n->first + 1);
	}
	n->n_values = 0;
	n->values = NULL;
	if (off & MI_VALUES) {
		if (at + 4 > ix->len)
			return false;
		n->n_values = be32(ix->p + at);
		n->values = ix->p + at + 4;
	}
	return true;
}

static uint32_t mi_child(const struct mi_node *n, unsigned char c)
{
	return c >= n->first && c <= n->last ? be32(n->child + 4 * (c - n->first)) : 0;
}

/* The node's first value (depmod writes them by priority) and its
 * priority, or NULL. */
static const char *mi_value(const struct modindex *ix, const struct mi_node *n,
			    uint32_t *ret_priority)
{
	size_t at, l;

	if (!n->n_values)
		return NULL;
	at = (size_t)(n->values - ix->p);
	if (at + 4 > ix->len)
		return NULL;
	*ret_priority = be32(ix->p + at);
	return mi_str(ix, at + 4, &l);
}

/* The value of the key equal to @key, or NULL. */
static const char *mi_search(const struct modindex *ix, const char *key)
{
	struct mi_node n;
	uint32_t off = ix->root, prio;

	for (int depth = 0; ix->p && depth < MI_MAX_DEPTH && mi_node(ix, off, &n); depth++) {
		size_t pl = strlen(n.prefix);
		if (strncmp(n.prefix, key, pl) != 0)
			return NULL;
		key += pl;
		if (!*key)
			return mi_value(ix, &n, &prio);
		off = mi_child(&n, (unsigned char)*key++);
	}
	return NULL;
}

/* A wildcard search: the best match so far (the value of lowest priority
 * among the keys that match, as libkmod's sorted list has it first), the
 * pattern being spelled, and a budget of nodes: a tree visits each node
 * once and a node takes at least two bytes, so a walk that needs more
 * nodes than that is going round a corrupt file's cycles. */
struct mi_walk {
	const struct modindex *ix;
	size_t budget;
	const char *value;
	uint32_t priority;
	char pat[MI_KEY_MAX];
};

static void mi_take(struct mi_walk *w, const struct mi_node *n)
{
	uint32_t prio;
	const char *v = mi_value(w->ix, n, &prio);

	/* libkmod puts a later value of equal priority first */
	if (v && (!w->value || prio <= w->priority)) {
		w->value = v;
		w->priority = prio;
	}
}

/* Every key under @n, whose text so far is the @pl bytes of w->pat (and
 * @pos bytes of the node's prefix), tried as a pattern against @subkey. */
static void mi_all(struct mi_walk *w, const struct mi_node *n, size_t pos, size_t pl,
		   const char *subkey)
{
	size_t l = strlen(n->prefix + pos);

	if (!w->budget || pl + l + 2 > MI_KEY_MAX)
		return;
	w->budget--;
	memcpy(w->pat + pl, n->prefix + pos, l);
	pl += l;
	for (unsigned c = n->first; c <= n->last && n->child; c++) {
		struct mi_node ch;
		if (!mi_node(w->ix, mi_child(n, (unsigned char)c), &ch))
			continue;
		w->pat[pl] = (char)c;
		mi_all(w, &ch, 0, pl + 1, subkey);
	}
	w->pat[pl] = '\0';
	if (n->n_values && fnmatch(w->pat, subkey, 0) == 0)
		mi_take(w, n);
}

/* libkmod's wildcard search: walk @key down the trie; at each node, the
 * keys that go on with '*', '?' or '[' are patterns matched against the
 * rest of @key. */
static const char *mi_search_wild(const struct modindex *ix, const char *key)
{
	static const char wild[] = "*?[";
	struct mi_walk w = { .ix = ix, .budget = ix->len / 2 + 1 };
	struct mi_node n;
	uint32_t off = ix->root;
	size_t i = 0;

	for (int depth = 0; ix->p && depth < MI_MAX_DEPTH && mi_node(ix, off, &n); depth++) {
		size_t j;
		for (j = 0; n.prefix[j]; j++) {
			if (strchr(wild, n.prefix[j])) {
				mi_all(&w, &n, j, 0, key + i + j);
				return w.value;
			}
			if (n.prefix[j] != key[i + j])
				return w.value;
		}
		i += j;
		for (const char *c = wild; *c; c++) {
			struct mi_node ch;
			if (mi_node(ix, mi_child(&n, (unsigned char)*c), &ch)) {
				w.pat[0] = *c;
				mi_all(&w, &ch, 0, 1, key + i);
			}
		}
		if (!key[i]) {
			mi_take(&w, &n);
			return w.value;
		}
		off = mi_child(&n, (unsigned char)key[i++]);
	}
	return w.value;
}

/* Maps @name in @dirfd.  Returns 0 (an absent or empty file leaves @ix
 * empty),
 * -EBADMSG for a file that is not a version 2 index, or -errno. */
static int mi_open(int dirfd, const char *name, struct modindex *ix)
{
	_cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	void *p;

	*ix = (struct modindex){ 0 };
	if (fd < 0)
		return errno == ENOENT ? 0 : NEG_ERRNO();
	if (fstat(fd, &st) < 0)
		return NEG_ERRNO();
	/* depmod leaves modules.builtin.alias.bin empty when the kernel has
	 * no modules.builtin.modinfo: no index, as for libkmod */
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return 0;
	if (!S_ISREG(st.st_mode) || st.st_size < 12 || (uint64_t)st.st_size > MI_MASK)
		return -EBADMSG;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return NEG_ERRNO();
	ix->p = p;
	ix->len = (size_t)st.st_size;
	if (be32(ix->p) != MI_MAGIC || be32(ix->p + 4) >> 16 != MI_MAJOR) {
		munmap(p, ix->len);
		*ix = (struct modindex){ 0 };
		return -EBADMSG;
	}
	ix->root = be32(ix->p + 8);
	return 0;
}

void modcheck_free(struct modcheck *m)
{
	if (!m)
		return;
	for (int i = 0; i < IX_N; i++)
		if (m->ix[i].p)
			munmap((void *)m->ix[i].p, m->ix[i].len);
	free(m);
}

int modcheck_new(const char *dir, bool running, struct modcheck **ret, struct diag *ret_diag)
{
	_cleanup_(modcheck_freep) struct modcheck *m = NULL;
	_cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (dfd < 0) {
		int e = errno;
		if (e == ENOTDIR)
			diag_set(ret_diag, dir, 0, NULL, "modules directory is not a directory");
		else
			diag_set(ret_diag, dir, 0, NULL, "modules directory not found (%s)",
				 strerror(e));
		return -e;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (int i = 0; i < IX_N; i++) {
		r = mi_open(dfd, ix_file[i], &m->ix[i]);
		if (r == -EBADMSG) {
			diag_set(ret_diag, dir, 0, NULL,
				 "%s is not a module index (run depmod for this kernel)",
				 ix_file[i]);
			return r;
		}
		if (r < 0) {
			diag_set(ret_diag, dir, 0, NULL, "cannot read %s (%s)", ix_file[i],
				 strerror(-r));
			return r;
		}
	}
	if (!m->ix[IX_DEP].p) {
		diag_set(ret_diag, dir, 0, NULL, "no modules.dep.bin (run depmod for this kernel)");
		return -ENOENT;
	}
	m->running = running;
	*ret = TAKE_PTR(m);
	return 0;
}

/* The running kernel's word on module @name: 1 loaded (live, coming or
 * going), 2 built in (a /sys/module entry without initstate), 0 neither. */
static int sys_module_state(const char *name)
{
	char p[300], st[16] = "";
	_cleanup_close_ int fd = -EBADF;
	ssize_t n;

	snprintf(p, sizeof(p), "/sys/module/%s/initstate", name);
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		p[strlen(p) - strlen("/initstate")] = '\0';
		return errno == ENOENT && access(p, F_OK) == 0 ? 2 : 0;
	}
	n = read(fd, st, sizeof(st) - 1);
	if (n <= 0)
		return 0;
	st[n] = '\0';
	return strncmp(st, "live", 4) == 0 || strncmp(st, "coming", 6) == 0 ||
			       strncmp(st, "going", 5) == 0
		       ? 1
		       : 0;
}

/* libkmod's alias_normalize: '-' is '_' outside [...] ranges. */
static int normalize(const char *in, char *out, size_t len)
{
	size_t i = 0;
	bool range = false;

	for (; in[i]; i++) {
		char c = in[i];
		if (i + 1 >= len)
			return -ENAMETOOLONG;
		if (c == '[')
			range = true;
		else if (c == ']')
			range = false;
		out[i] = c == '-' && !range ? '_' : c;
	}
	out[i] = '\0';
	return i ? 0 : -EINVAL;
}

int modcheck_status(struct modcheck *m, const char *name, enum module_status *ret)
{
	char key[256], mod[256];
	const char *v;
	bool found = false, builtin = false;
	int r = normalize(name, key, sizeof(key));

	if (r < 0)
		return r;
	/* modules.dep, modules.alias, modules.builtin, the builtin aliases:
	 * libkmod's order (no modprobe.d: aliases and blacklists there are
	 * not ours to judge). */
	if (mi_search(&m->ix[IX_DEP], key)) {
		found = true;
		snprintf(mod, sizeof(mod), "%s", key);
	} else if ((v = mi_search_wild(&m->ix[IX_ALIAS], key))) {
		found = true;
		snprintf(mod, sizeof(mod), "%s", v);
	} else if (mi_search(&m->ix[IX_BUILTIN], key)) {
		found = builtin = true;
		snprintf(mod, sizeof(mod), "%s", key);
	} else if ((v = mi_search(&m->ix[IX_BUILTIN_ALIAS], key))) {
		found = builtin = true;
		snprintf(mod, sizeof(mod), "%s", v);
	}
	/* a module name is a file name: an index naming a path is corrupt */
	if (found && strchr(mod, '/'))
		found = false;
	log_debug("module '%s': %s%s%s", name, found ? "found as '" : "not found", found ? mod : "",
		  found ? "'" : "");
	if (!found) {
		*ret = MODULE_MISSING;
		return 0;
	}
	if (!builtin && !mi_search(&m->ix[IX_DEP], mod))
		builtin = mi_search(&m->ix[IX_BUILTIN], mod) != NULL;
	if (m->running) {
		int s = sys_module_state(mod);
		if (s) {
			*ret = s == 1 ? MODULE_LOADED : MODULE_BUILTIN;
			return 0;
		}
	}
	if (builtin) {
		*ret = MODULE_BUILTIN;
		return 0;
	}
	/* An alias naming a module that has no file and is not built in: the
	 * tree is broken, and the module cannot be loaded. */
	*ret = mi_search(&m->ix[IX_DEP], mod) ? MODULE_AVAILABLE : MODULE_MISSING;
	return 0;
}
