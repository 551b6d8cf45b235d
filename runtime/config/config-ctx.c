// SPDX-License-Identifier: LGPL-2.1-or-later
/* The parser's context: its diagnostics (file, line, key), the interned
 * strings and the growing lists of mounts and interfaces.  The lowest file
 * of runtime/config/: the key table (config-keys.c) and the reader
 * (config.c) both build on it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-internal.h"
#include "ctr/cleanup.h"

static int vfail(struct cfg_ctx *ctx, const char *file, unsigned line, const char *key,
		 const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static int vfail(struct cfg_ctx *ctx, const char *file, unsigned line, const char *key,
		 const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	diag_set(ctx->diag, file, line, key, "%s", msg);
	return -EINVAL;
}

int cfg_fail(struct cfg_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(ctx, ctx->file, ctx->line, ctx->key, fmt, ap);
	va_end(ap);
	return r;
}

int cfg_fail_at(struct cfg_ctx *ctx, const struct cfg_origin *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(ctx, o->file, o->line, o->key, fmt, ap);
	va_end(ap);
	return r;
}

const char *cfg_intern(struct container_config *cfg, const char *s)
{
	char **nv, *d;

	for (size_t i = 0; i < cfg->n_pool; i++)
		if (strcmp(cfg->pool[i], s) == 0)
			return cfg->pool[i];
	if (!(d = strdup(s)))
		return NULL;
	nv = realloc(cfg->pool, (cfg->n_pool + 1) * sizeof(*nv));
	if (!nv) {
		free(d);
		return NULL;
	}
	cfg->pool = nv;
	cfg->pool[cfg->n_pool++] = d;
	return d;
}

struct cfg_origin cfg_here(const struct cfg_ctx *ctx)
{
	return (struct cfg_origin){ .file = ctx->file, .line = ctx->line, .key = ctx->key };
}

void cfg_mount_clear(struct cfg_mount *m)
{
	free(m->source);
	free(m->target);
	free(m->fstype);
	free(m->options);
	*m = (struct cfg_mount){ 0 };
}

void cfg_net_clear(struct cfg_net *n)
{
	free(n->link);
	free(n->name);
	free(n->hwaddr);
	free(n->veth_pair);
	free(n->macvlan_mode);
	strv_free(n->ipv4);
	free(n->ipv4_gateway);
	strv_free(n->ipv6);
	free(n->ipv6_gateway);
	*n = (struct cfg_net){ 0 };
}

struct cfg_net *cfg_net_get(struct cfg_ctx *ctx, unsigned index, bool create)
{
	struct container_config *c = ctx->cfg;
	struct cfg_net *nv;

	for (size_t i = 0; i < c->n_nets; i++)
		if (c->nets[i].index == index)
			return &c->nets[i];
	if (!create)
		return NULL;
	nv = realloc(c->nets, (c->n_nets + 1) * sizeof(*nv));
	if (!nv)
		return NULL;
	c->nets = nv;
	nv += c->n_nets++;
	*nv = (struct cfg_net){ .index = index, .origin = cfg_here(ctx) };
	return nv;
}
