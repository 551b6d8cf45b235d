// SPDX-License-Identifier: LGPL-2.1-or-later
/* Module status through libkmod on a tree built here with depmod -b, and
 * the error paths libkmod will not produce on demand (wrapped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dlfcn.h>
#include <libkmod.h>

#include "ctr/kmod.h"

static bool fail_kmod_new;
static int fail_lookup;
static const char *fail_dlsym; /* a symbol name dlsym does not find */

typedef struct kmod_ctx *(*kmod_new_fn)(const char *, const char *const *);
typedef int (*lookup_fn)(struct kmod_ctx *, const char *, struct kmod_list **);
static kmod_new_fn real_kmod_new;
static lookup_fn real_lookup;

static struct kmod_ctx *tramp_kmod_new(const char *dirname, const char *const *config_paths)
{
	return fail_kmod_new ? NULL : real_kmod_new(dirname, config_paths);
}

static int tramp_lookup(struct kmod_ctx *ctx, const char *alias, struct kmod_list **list)
{
	return fail_lookup ? fail_lookup : real_lookup(ctx, alias, list);
}

/* libkmod is dlopen()ed: faults go in through the symbols it resolves. */
void *__real_dlsym(void *handle, const char *name);
void *__wrap_dlsym(void *handle, const char *name);
void *__wrap_dlsym(void *handle, const char *name)
{
	void *p;
	if (fail_dlsym && strcmp(name, fail_dlsym) == 0)
		return NULL;
	p = __real_dlsym(handle, name);
	if (p && strcmp(name, "kmod_new") == 0) {
		real_kmod_new = (kmod_new_fn)p;
		return (void *)tramp_kmod_new;
	}
	if (p && strcmp(name, "kmod_module_new_from_lookup") == 0) {
		real_lookup = (lookup_fn)p;
		return (void *)tramp_lookup;
	}
	return p;
}

static char top[] = "/tmp/ctrt-test-kmod-XXXXXX";
static char moddir[256];

static int tree_setup(void **state)
{
	char cmd[1024];
	(void)state;
	if (!mkdtemp(top))
		return -1;
	snprintf(moddir, sizeof(moddir), "%s/lib/modules/9.9.9-ctrt", top);
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir -p %1$s/kernel/net; cd %1$s;"
		 "printf 'static const char __attribute__((used, section(\".modinfo\"))) l[] = "
		 "\"license=GPL\";\\n' >m.c;"
		 "gcc -c m.c -o kernel/net/ctrtloadable.ko; rm m.c;"
		 "echo kernel/net/ctrtbuiltin.ko >modules.builtin; : >modules.order;"
		 "depmod -b %2$s 9.9.9-ctrt 2>/dev/null",
		 moddir, top);
	return system(cmd) == 0 ? 0 : -1;
}

static int tree_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_status(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	enum module_status st;
	assert_int_equal(modcheck_new(moddir, false, &m, NULL), 0);
	assert_int_equal(modcheck_status(m, "ctrtloadable", &st), 0);
	assert_int_equal(st, MODULE_AVAILABLE);
	assert_int_equal(modcheck_status(m, "ctrtbuiltin", &st), 0);
	assert_int_equal(st, MODULE_BUILTIN);
	assert_int_equal(modcheck_status(m, "ctrtmissing", &st), 0);
	assert_int_equal(st, MODULE_MISSING);
	modcheck_free(m);
}

static void test_no_dir(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	assert_int_equal(modcheck_new("/nonexistent/ctrt/modules", false, &m, &d), -ENOENT);
	assert_null(m);
	assert_string_equal(d.file, "/nonexistent/ctrt/modules");
	assert_non_null(strstr(d.msg, "modules directory not found"));
	assert_int_equal(modcheck_new("/etc/hostname", false, &m, &d), -ENOTDIR);
}

static void test_kmod_new_fails(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	fail_kmod_new = true;
	assert_int_equal(modcheck_new(moddir, false, &m, &d), -ENOMEM);
	fail_kmod_new = false;
	assert_null(m);
	assert_non_null(strstr(d.msg, "libkmod cannot use"));
}

static void test_lookup_fails(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	enum module_status st = MODULE_UNCHECKED;
	assert_int_equal(modcheck_new(moddir, false, &m, NULL), 0);
	fail_lookup = -ENOMEM;
	assert_int_equal(modcheck_status(m, "ctrtloadable", &st), -ENOMEM);
	fail_lookup = 0;
	assert_int_equal(st, MODULE_UNCHECKED); /* untouched on failure */
	modcheck_free(m);
}

static void test_libkmod_unloadable(void **state)
{
	(void)state;
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	fail_dlsym = "kmod_module_get_path";
	assert_int_equal(modcheck_new(moddir, false, &m, &d), -ENOSYS);
	fail_dlsym = NULL;
	assert_null(m);
	assert_non_null(strstr(d.msg, "cannot load libkmod"));
	/* Not cached: the next call loads it. */
	assert_int_equal(modcheck_new(moddir, false, &m, &d), 0);
	modcheck_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libkmod_unloadable),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_no_dir),
		cmocka_unit_test(test_kmod_new_fails),
		cmocka_unit_test(test_lookup_fails),
	};
	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
