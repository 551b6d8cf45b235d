/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to the config parser: runtime/config/config-ctx.c (the context,
 * its diagnostics and lists), runtime/config/config.c (reading files, lines,
 * includes, finishing checks), runtime/config/config-keys.c (the key table and the
 * value parsers), runtime/config/config-print.c (normalised output). */
#ifndef CTR_CONFIG_INTERNAL_H
#define CTR_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ctr/config.h"

#define CFG_MAX_DEPTH 16	 /* nested lxc.include */
#define CFG_MAX_LINE 65536	 /* bytes in one line */
#define CFG_MAX_NET_INDEX 1023	 /* N in lxc.net.N */
#define CFG_MAX_FILES 256	 /* files read for one config, includes counted each time */
#define CFG_MAX_BYTES (4u << 20) /* bytes read for one config, all its files */

struct cfg_ctx {
	struct container_config *cfg;
	struct diag *diag;
	unsigned flags;

	/* The line being read. */
	const char *file; /* borrowed from cfg->files */
	unsigned line;
	const char *key; /* as written; interned in cfg->pool */
	const char *sub; /* after the prefix of a prefix key */
	int net_index;	 /* interface of an lxc.net.N.* / lxc.network.* key */

	/* Files being read, for loop detection. */
	struct {
		dev_t dev;
		ino_t ino;
	} stack[CFG_MAX_DEPTH];
	int depth;
	unsigned n_files; /* files read so far (CFG_MAX_FILES) */
	size_t n_bytes;	  /* bytes read so far (CFG_MAX_BYTES) */

	struct cfg_mount *entries; /* lxc.mount.entry lines until the end */
	size_t n_entries;
	int legacy_net;			 /* index of the last lxc.network.type, -1 */
	bool cgroup_auto;		 /* lxc.mount.auto had a bare "cgroup" */
	struct cfg_origin sys_boot_drop; /* the lxc.cap.drop line naming sys_boot */

	/* config_check: errors read past (NULL: stop at the first). */
	struct diag_list *errors;
	size_t n_errors; /* all of them, also those past CONFIG_MAX_ERRORS */
};

enum cfg_key_kind {
	CFG_KEY_SET,	     /* stored */
	CFG_KEY_IGNORED,     /* accepted and ignored: safe to ignore */
	CFG_KEY_IGNORED_IF,  /* ignored when the value is one of @safe, else unsupported */
	CFG_KEY_UNSUPPORTED, /* known to LXC, refused: ignoring would be unsafe */
};

struct cfg_key {
	const char *modern; /* the name config_print writes */
	const char *legacy; /* the pre-LXC-3.0 name, or NULL */
	int (*set)(struct cfg_ctx *ctx, const struct cfg_key *k, const char *value);
	enum cfg_key_kind kind;
	bool prefix;	   /* @modern/@legacy end in '.' and take a suffix */
	size_t off;	   /* field of struct container_config (or cfg_net) */
	unsigned long max; /* numbers: the largest value */
	const char *safe;  /* CFG_KEY_IGNORED_IF: values that may be ignored */
	const char *def;   /* default, as documented */
	const char *doc;   /* the value's format, or why ignored/refused */
};

/* A network sub-key: lxc.net.N.<modern> and lxc.network.<legacy>; either
 * spelling is accepted in both generations. */
struct cfg_net_key {
	const char *modern;
	const char *legacy; /* NULL: the same as @modern */
	int (*set)(struct cfg_ctx *ctx, struct cfg_net *n, const char *value);
	enum cfg_key_kind kind;
	const char *def;
	const char *doc;
};

/* The tables (config-keys.c). */
extern const struct cfg_key cfg_keys[];
extern const size_t cfg_keys_n;
extern const struct cfg_net_key cfg_net_keys[];
extern const size_t cfg_net_keys_n;

/* Finds the table entry for @key, setting ctx->sub and ctx->net_index.
 * Returns NULL when no entry matches. */
const struct cfg_key *cfg_key_lookup(struct cfg_ctx *ctx, const char *key);

/* Fills ctx->diag: "unknown key 'K' (did you mean 'X'?)"; returns -EINVAL. */
int cfg_unknown_key(struct cfg_ctx *ctx, const char *key);

/* Fills ctx->diag naming the current file, line and key; returns -EINVAL. */
__attribute__((format(printf, 2, 3))) int cfg_fail(struct cfg_ctx *ctx, const char *fmt, ...);

/* The same for the line @o (a key read earlier). */
__attribute__((format(printf, 3, 4))) int
cfg_fail_at(struct cfg_ctx *ctx, const struct cfg_origin *o, const char *fmt, ...);

/* The origin of the current line. */
struct cfg_origin cfg_here(const struct cfg_ctx *ctx);

/* Interns @s in cfg->pool (owned by the config).  NULL on ENOMEM. */
const char *cfg_intern(struct container_config *cfg, const char *s);

/* Parses one fstab line (lxc.mount.entry value or a line of the fstab
 * file) into @m, validating its fields.  Returns 0 or -EINVAL with a reason
 * in @why (static text). */
int cfg_mount_parse(const char *line, struct cfg_mount *m, const char **why, char *whybuf,
		    size_t whylen);
void cfg_mount_clear(struct cfg_mount *m);

/* Net interfaces and the finishing checks. */
struct cfg_net *cfg_net_get(struct cfg_ctx *ctx, unsigned index, bool create);
void cfg_net_clear(struct cfg_net *n);
int cfg_finish(struct cfg_ctx *ctx);

/* Helpers shared with config-print.c. */
const char *cfg_net_type_name(enum cfg_net_type t);

#endif
