// SPDX-License-Identifier: LGPL-2.1-or-later
/* The audit: config, rules, modules, host, in that order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ctr/checkconfig.h"
#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/kmod.h"

DEFINE_CLEANUP_FUNC(struct cc_report *, checkconfig_report_free)

const char *checkconfig_default_rules(char *buf, size_t len)
{
	const char *d = getenv("CTR_DATADIR");
	snprintf(buf, len, "%s/checkconfig.rules", d && *d ? d : CTR_DATADIR);
	return buf;
}

/* The running kernel's config where the 'configs' module exposes it: the
 * first place looked, and the only one that needs no uname(). */
static const char proc_config[] = "/proc/config.gz";

static int candidates(char out[5][512])
{
	struct utsname u;
	if (uname(&u) < 0)
		return NEG_ERRNO();
	snprintf(out[0], 512, "%s", proc_config);
	snprintf(out[1], 512, "/boot/config-%s", u.release);
	snprintf(out[2], 512, "/lib/modules/%s/build/.config", u.release);
	snprintf(out[3], 512, "/usr/src/linux-%s/.config", u.release);
	snprintf(out[4], 512, "/usr/src/linux/.config");
	return 0;
}

int checkconfig_find(char *buf, size_t len, struct diag *ret_diag)
{
	char c[5][512];
	int r;

	/* The usual find, before uname and the four paths made from it. */
	if (access(proc_config, R_OK) == 0) {
		snprintf(buf, len, "%s", proc_config);
		return 0;
	}
	r = candidates(c);
	if (r < 0)
		return r;
	for (int i = 0; i < 5; i++)
		if (access(c[i], R_OK) == 0) {
			snprintf(buf, len, "%s", c[i]);
			return 0;
		}
	diag_set(
		ret_diag, NULL, 0, NULL,
		"no kernel configuration found (looked at %s, %s, %s, %s, %s); load the 'configs' "
		"module for /proc/config.gz, install the kernel's config in /boot, or pass -c FILE",
		c[0], c[1], c[2], c[3], c[4]);
	return -ENOENT;
}

/* A path the user gave is the running kernel's when it is one of the
 * places the search would have found (same file: device and inode). */
static bool is_running_config(const char *path)
{
	char c[5][512];
	struct stat a, b;

	if (candidates(c) < 0 || stat(path, &a) < 0)
		return false;
	for (int i = 0; i < 5; i++)
		if (stat(c[i], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return true;
	return false;
}

static void note(struct cc_report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct cc_report *rep, const char *fmt, ...)
{
	struct diag d = { 0 };
	va_list ap;
	snprintf(d.file, sizeof(d.file), "%.500s", rep->config);
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	diag_list_add(&rep->warnings, &d);
}

static void check_modules(struct cc_report *rep, const struct cc_options *o)
{
	_cleanup_(modcheck_freep) struct modcheck *m = NULL;
	struct utsname u;
	struct diag d = { 0 };
	bool want = false;

	rep->modules = kconfig_enabled(rep->kc, "MODULES");
	for (size_t i = 0; i < rep->n_res; i++) {
		struct check_result *res = &rep->res[i];
		if (res->module && res->state == STATE_ENABLED)
			res->module_status = MODULE_BUILTIN;
		if (res->module && res->state == STATE_MODULE)
			want = true;
	}
	if (!rep->modules) {
		snprintf(rep->modules_note, sizeof(rep->modules_note),
			 "kernel built without module support (CONFIG_MODULES is off): what is not "
			 "built in is not available");
		return;
	}
	if (o->modules_dir) {
		snprintf(rep->modules_dir, sizeof(rep->modules_dir), "%s", o->modules_dir);
	} else if (rep->running && uname(&u) == 0) {
		snprintf(rep->modules_dir, sizeof(rep->modules_dir), "/lib/modules/%s", u.release);
	} else {
		snprintf(rep->modules_note, sizeof(rep->modules_note),
			 "module status not checked for a foreign config (use --modules-dir DIR)");
		return;
	}
	if (!want)
		return;
	if (modcheck_new(rep->modules_dir, rep->running && !o->modules_dir, &m, &d) < 0) {
		snprintf(rep->modules_note, sizeof(rep->modules_note),
			 "module status not checked: '%.200s' %.250s", rep->modules_dir, d.msg);
		rep->modules_dir[0] = '\0';
		return;
	}
	for (size_t i = 0; i < rep->n_res; i++) {
		struct check_result *res = &rep->res[i];
		enum module_status st;
		if (!res->module || res->state != STATE_MODULE)
			continue;
		if (modcheck_status(m, res->module, &st) == 0) {
			res->module_status = st;
			check_result_judge(res);
		}
	}
}

int checkconfig_run(const struct cc_options *o, struct cc_report **ret, struct diag *ret_diag)
{
	_cleanup_(checkconfig_report_freep) struct cc_report *rep = calloc(1, sizeof(*rep));
	struct rules_input in = { 0 };
	struct utsname u;
	int r;

	if (!rep)
		return -ENOMEM;
	if (o->config) {
		snprintf(rep->config, sizeof(rep->config), "%s", o->config);
		rep->running = is_running_config(o->config);
	} else {
		r = checkconfig_find(rep->config, sizeof(rep->config), ret_diag);
		if (r < 0)
			return r;
		rep->running = true;
	}
	if (o->rules)
		snprintf(rep->rules_file, sizeof(rep->rules_file), "%s", o->rules);
	else
		checkconfig_default_rules(rep->rules_file, sizeof(rep->rules_file));
	r = rules_load_image(rep->rules_file, &rules_builtin, &rep->rules, ret_diag);
	if (r < 0)
		return r;
	r = kconfig_load(rep->config, &rep->kc, &rep->warnings, ret_diag);
	if (r < 0)
		return r;
	rep->format = kconfig_format(rep->kc);

	if (kconfig_release(rep->kc))
		snprintf(rep->release, sizeof(rep->release), "%s", kconfig_release(rep->kc));
	if (o->kernel_version) {
		rep->version = o->kernel_version;
		rep->version_from = "option";
	} else if (kconfig_version(rep->kc)) {
		rep->version = kconfig_version(rep->kc);
		rep->version_from = "header";
	}
	if (rep->running && uname(&u) == 0) {
		uint32_t uv = 0;
		if (kversion_parse(u.release, &uv) == 0) {
			if (!rep->version) {
				rep->version = uv;
				rep->version_from = "uname";
				snprintf(rep->release, sizeof(rep->release), "%s", u.release);
			} else if (rep->version_from[0] == 'h' &&
				   (KVERSION_MAJOR(uv) != KVERSION_MAJOR(rep->version) ||
				    KVERSION_MINOR(uv) != KVERSION_MINOR(rep->version))) {
				note(rep,
				     "the config's header says %s but the running kernel is %s",
				     rep->release, u.release);
			}
		}
	}
	if (!rep->version)
		note(rep, "no kernel version in the config (no '# Linux/... Kernel Configuration' "
			  "line): checks that depend on the version are reported as unknown "
			  "(use --kernel-version X.Y)");

	rep->host_checked = rep->running || o->host || o->container_name || o->container_file;
	if (rep->host_checked)
		host_probe(o->root ? o->root : "", &rep->host);

	in.kc = rep->kc;
	in.version = rep->version;
	in.no_cgroup2 = rep->host_checked && !rep->host.v2_mount[0];
	in.running = rep->running;
	in.root = o->root;
	r = rules_eval(rep->rules, &in, &rep->res, &rep->n_res);
	if (r < 0)
		return r;
	check_modules(rep, o);
	if (o->container_name || o->container_file) {
		_cleanup_free_ char *found = NULL;
		const char *path = o->container_file;
		if (!path) {
			r = config_find(o->sysconfdir, o->container_name, &found, ret_diag);
			if (r < 0)
				return r;
			path = found;
		}
		r = checkconfig_container(rep, path, o->container_name, o->root, ret_diag);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < rep->n_res; i++) {
		rep->n_failed += rep->res[i].fails;
		rep->n_problems += !rep->res[i].ok;
	}
	for (size_t i = 0; rep->host_checked && i < rep->host.n_facts; i++)
		rep->n_problems += !rep->host.facts[i].ok;
	*ret = TAKE_PTR(rep);
	return 0;
}

int checkconfig_exit_status(const struct cc_report *r)
{
	return r->n_failed || (r->container && r->container->n_failed) ? 1 : 0;
}

void checkconfig_report_free(struct cc_report *r)
{
	if (!r)
		return;
	if (r->container)
		free(r->container->needs);
	free(r->container);
	kconfig_free(r->kc);
	rules_free(r->rules);
	free(r->res);
	diag_list_free(&r->warnings);
	free(r);
}
