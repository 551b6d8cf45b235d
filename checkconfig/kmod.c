// SPDX-License-Identifier: LGPL-2.1-or-later
/* libkmod at its edge: contexts, lookups and the log, nothing printed.
 * libkmod is dlopen()ed on first use: linked in, it drags libcrypto, libzstd
 * and liblzma into every start, which cost more than the whole check of a
 * 300 KB config; most runs (foreign configs, kernels without modules) never
 * ask libkmod anything. */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libkmod.h>

#include "ctr/cleanup.h"
#include "ctr/kmod.h"
#include "ctr/log.h"

static struct {
	void *handle;
	struct kmod_ctx *(*new_ctx)(const char *, const char *const *);
	struct kmod_ctx *(*unref_ctx)(struct kmod_ctx *);
	void (*set_log_fn)(struct kmod_ctx *,
			   void (*)(void *, int, const char *, int, const char *, const char *,
				    va_list),
			   const void *);
	void (*set_log_priority)(struct kmod_ctx *, int);
	int (*lookup)(struct kmod_ctx *, const char *, struct kmod_list **);
	struct kmod_module *(*get_module)(const struct kmod_list *);
	int (*get_initstate)(const struct kmod_module *);
	const char *(*get_path)(const struct kmod_module *);
	struct kmod_module *(*unref)(struct kmod_module *);
	int (*unref_list)(struct kmod_list *);
} km;

/* Loads libkmod.  Returns 0 or -ENOSYS with @ret_diag. */
static int km_load(struct diag *ret_diag)
{
	static const char *const names[] = { "kmod_new",
					     "kmod_unref",
					     "kmod_set_log_fn",
					     "kmod_set_log_priority",
					     "kmod_module_new_from_lookup",
					     "kmod_module_get_module",
					     "kmod_module_get_initstate",
					     "kmod_module_get_path",
					     "kmod_module_unref",
					     "kmod_module_unref_list" };
	void **slots[] = { (void **)&km.new_ctx,       (void **)&km.unref_ctx,
			   (void **)&km.set_log_fn,    (void **)&km.set_log_priority,
			   (void **)&km.lookup,	       (void **)&km.get_module,
			   (void **)&km.get_initstate, (void **)&km.get_path,
			   (void **)&km.unref,	       (void **)&km.unref_list };

	if (km.handle)
		return 0;
	km.handle = dlopen("libkmod.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!km.handle)
		goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		*slots[i] = dlsym(km.handle, names[i]);
		if (!*slots[i]) {
			dlclose(km.handle);
			km.handle = NULL;
			goto fail;
		}
	}
	return 0;
fail:
	diag_set(ret_diag, "libkmod.so.2", 0, NULL, "cannot load libkmod (install libkmod2)");
	return -ENOSYS;
}

static void km_unref_listp(struct kmod_list **l)
{
	if (*l)
		km.unref_list(*l);
}

struct modcheck {
	struct kmod_ctx *ctx;
	bool running;
};

static void modcheck_log(void *data, int priority, const char *file, int line, const char *fn,
			 const char *format, va_list args)
{
	char msg[512];
	(void)data;
	(void)file;
	(void)line;
	vsnprintf(msg, sizeof(msg), format, args);
	msg[strcspn(msg, "\n")] = '\0';
	log_debug("libkmod: %s: %s (priority %d)", fn, msg, priority);
}

int modcheck_new(const char *dir, bool running, struct modcheck **ret, struct diag *ret_diag)
{
	static const char *const no_config[] = { NULL };
	struct modcheck *m;
	struct stat st;
	int r;

	if (stat(dir, &st) < 0) {
		int e = errno;
		diag_set(ret_diag, dir, 0, NULL, "modules directory not found (%s)", strerror(e));
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_set(ret_diag, dir, 0, NULL, "modules directory is not a directory");
		return -ENOTDIR;
	}
	r = km_load(ret_diag);
	if (r < 0)
		return r;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	/* No modprobe.d: aliases and blacklists are not ours to judge. */
	m->ctx = km.new_ctx(dir, no_config);
	if (!m->ctx) {
		free(m);
		diag_set(ret_diag, dir, 0, NULL, "libkmod cannot use the modules directory");
		return -ENOMEM;
	}
	km.set_log_fn(m->ctx, modcheck_log, NULL);
	if (log_debug_enabled())
		km.set_log_priority(m->ctx, 7);
	m->running = running;
	*ret = m;
	return 0;
}

int modcheck_status(struct modcheck *m, const char *name, enum module_status *ret)
{
	_cleanup_(km_unref_listp) struct kmod_list *list = NULL;
	struct kmod_module *mod;
	int r;

	r = km.lookup(m->ctx, name, &list);
	if (r < 0)
		return r;
	if (!list) {
		*ret = MODULE_MISSING;
		return 0;
	}
	mod = km.get_module(list);
	if (m->running) {
		int st = km.get_initstate(mod);
		if (st == KMOD_MODULE_LIVE || st == KMOD_MODULE_COMING || st == KMOD_MODULE_GOING) {
			km.unref(mod);
			*ret = MODULE_LOADED;
			return 0;
		}
		if (st == KMOD_MODULE_BUILTIN) {
			km.unref(mod);
			*ret = MODULE_BUILTIN;
			return 0;
		}
	}
	/* Found but with no file: the lookup came from modules.builtin. */
	*ret = km.get_path(mod) ? MODULE_AVAILABLE : MODULE_BUILTIN;
	km.unref(mod);
	return 0;
}

void modcheck_free(struct modcheck *m)
{
	if (!m)
		return;
	km.unref_ctx(m->ctx);
	free(m);
}
