/* libkmod at its edge: contexts, lookups and the log, nothing printed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libkmod.h>

#include "ctr/cleanup.h"
#include "ctr/kmod.h"
#include "ctr/log.h"

DEFINE_CLEANUP_FUNC(struct kmod_list *, kmod_module_unref_list)

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
	static const char *const no_config[] = {NULL};
	struct modcheck *m;
	struct stat st;

	if (stat(dir, &st) < 0) {
		int e = errno;
		diag_set(ret_diag, dir, 0, NULL, "modules directory not found (%s)", strerror(e));
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_set(ret_diag, dir, 0, NULL, "modules directory is not a directory");
		return -ENOTDIR;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	/* No modprobe.d: aliases and blacklists are not ours to judge. */
	m->ctx = kmod_new(dir, no_config);
	if (!m->ctx) {
		free(m);
		diag_set(ret_diag, dir, 0, NULL, "libkmod cannot use the modules directory");
		return -ENOMEM;
	}
	kmod_set_log_fn(m->ctx, modcheck_log, NULL);
	if (log_debug_enabled())
		kmod_set_log_priority(m->ctx, 7);
	m->running = running;
	*ret = m;
	return 0;
}

int modcheck_status(struct modcheck *m, const char *name, enum module_status *ret)
{
	_cleanup_(kmod_module_unref_listp) struct kmod_list *list = NULL;
	struct kmod_module *mod;
	int r;

	r = kmod_module_new_from_lookup(m->ctx, name, &list);
	if (r < 0)
		return r;
	if (!list) {
		*ret = MODULE_MISSING;
		return 0;
	}
	mod = kmod_module_get_module(list);
	if (m->running) {
		int st = kmod_module_get_initstate(mod);
		if (st == KMOD_MODULE_LIVE || st == KMOD_MODULE_COMING || st == KMOD_MODULE_GOING) {
			kmod_module_unref(mod);
			*ret = MODULE_LOADED;
			return 0;
		}
		if (st == KMOD_MODULE_BUILTIN) {
			kmod_module_unref(mod);
			*ret = MODULE_BUILTIN;
			return 0;
		}
	}
	/* Found but with no file: the lookup came from modules.builtin. */
	*ret = kmod_module_get_path(mod) ? MODULE_AVAILABLE : MODULE_BUILTIN;
	kmod_module_unref(mod);
	return 0;
}

void modcheck_free(struct modcheck *m)
{
	if (!m)
		return;
	kmod_unref(m->ctx);
	free(m);
}
