// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-ls, ctr-info and ctr-autostart's library: which containers exist
 * (configured or running) and what state they are in. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/rundir.h"
#include "ctr/config.h"
#include "ctr/json.h"
#include "ctr/lifecycle.h"
#include "ctr/monitor.h"
#include "ctr/network.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

const char *info_config_path(void)
{
	return config_dirs(NULL);
}

int info_find_config(const char *name, char **ret)
{
	return config_find(NULL, name, ret, NULL);
}

const char *info_state_name(const struct ctr_info *i)
{
	return i->frozen ? "FROZEN" : monitor_state_to_string(i->state);
}

void info_clear(struct ctr_info *i)
{
	free(i->name);
	free(i->config);
	strv_free(i->addresses);
	memset(i, 0, sizeof(*i));
}

void info_free(struct ctr_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		info_clear(&v[i]);
	free(v);
}

/* "IFNAME ADDR/PREFIX" for each address inside @pid's netns, or NULL. */
static char **addresses_of(pid_t pid)
{
	_cleanup_free_ struct net_addr *a = NULL;
	char **v;
	size_t n = 0;

	if (net_addresses(-1, pid, &a, &n) < 0)
		return NULL;
	v = calloc(n + 1, sizeof(char *));
	if (!v)
		return NULL;
	for (size_t k = 0; k < n; k++)
		if (asprintf(&v[k], "%s %s", a[k].ifname, a[k].addr) < 0) {
			v[k] = NULL;
			strv_free(v);
			return NULL;
		}
	return v;
}

int info_collect(const char *name, const char *config, bool deep, struct ctr_info *ret)
{
	struct ctr_info i = { .uptime = -1, .memory = -1 };
	struct monitor_info mi;
	int r;

	i.name = strdup(name);
	if (!i.name)
		return -ENOMEM;
	r = monitor_info_read(name, &mi);
	if (r < 0) {
		info_clear(&i);
		return r;
	}
	i.state = mi.state;
	if (mi.state == MONITOR_RUNNING) {
		struct cgroup_handle *h = NULL;
		if (cgroup_open(NULL, name, &h) == 0 && cgroup_frozen(h, &i.frozen) < 0)
			i.frozen = false;
		cgroup_free(h);
	}
	if (mi.state != MONITOR_STOPPED) {
		i.init_pid = mi.init_pid;
		i.started = mi.started;
		if (mi.started > 0)
			i.uptime = (int64_t)(time(NULL) - mi.started);
	}
	if (config)
		i.config = strdup(config);
	else if (mi.config[0])
		i.config = strdup(mi.config);
	if (i.config) {
		_cleanup_(config_freep) struct container_config *cfg = NULL;
		/* a config that does not parse still lists, without autostart */
		if (config_load(i.config, name, &cfg, NULL) == 0) {
			i.autostart = cfg->start_auto;
			i.start_order = cfg->start_order;
			i.start_delay = cfg->start_delay;
		}
	}
	if (deep && i.init_pid > 0) {
		struct cgroup_handle *cg = NULL;
		uint64_t mem;
		/* the container's whole cgroup: a guest's systemd moves its init
		 * into a sub-cgroup of its own (init.scope) */
		if (cgroup_open(NULL, name, &cg) == 0 && cgroup_memory_usage(cg, &mem) == 0)
			i.memory = (int64_t)mem;
		else if (pidinfo_memory(i.init_pid, &mem) == 0)
			i.memory = (int64_t)mem;
		cgroup_free(cg);
		i.addresses = addresses_of(i.init_pid);
	}
	*ret = i;
	return 0;
}

static bool name_ok(const char *n)
{
	return *n && *n != '.' && !strchr(n, '/');
}

/* Adds @name with @config unless listed already. */
static int list_add(char ***names, char ***configs, size_t *n, const char *name, const char *config)
{
	char **nn, **nc;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*names)[i], name))
			return 0;
	nn = realloc(*names, (*n + 1) * sizeof(char *));
	if (!nn)
		return -ENOMEM;
	*names = nn;
	nc = realloc(*configs, (*n + 1) * sizeof(char *));
	if (!nc)
		return -ENOMEM;
	*configs = nc;
	nn[*n] = strdup(name);
	nc[*n] = config ? strdup(config) : NULL;
	if (!nn[*n] || (config && !nc[*n])) {
		free(nn[*n]);
		free(nc[*n]);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* The run directory holds other tools' state too (ctr-netsetup keeps
 * netsetup/ there): a container's directory is the one with the start lock
 * or the monitor's lock in it. */
static bool rundir_is_container(int dfd, const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/monitor.lock", name);
	if (faccessat(dfd, p, F_OK, 0) == 0)
		return true;
	snprintf(p, sizeof(p), "%s/lock", name);
	return faccessat(dfd, p, F_OK, 0) == 0;
}

/* LXC's containers: LXCPATH/NAME/config. */
static int list_lxcpath(char ***names, char ***configs, size_t *n)
{
	_cleanup_free_ char *lxcpath = NULL;
	struct dirent *de;
	DIR *dir;
	int r = config_lxcpath(NULL, &lxcpath);

	if (r < 0 || !lxcpath || !(dir = opendir(lxcpath)))
		return r;
	while (r == 0 && (de = readdir(dir))) {
		char path[PATH_MAX];
		struct stat st;
		if (!name_ok(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/config", lxcpath, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			r = list_add(names, configs, n, de->d_name, path);
	}
	closedir(dir);
	return r;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ctr_info *)a)->name, ((const struct ctr_info *)b)->name);
}

int info_list(bool deep, struct ctr_info **ret, size_t *ret_n)
{
	_cleanup_free_ char *dirs = strdup(info_config_path());
	char **names = NULL, **configs = NULL, *save = NULL;
	struct ctr_info *v = NULL;
	size_t n = 0, got = 0;
	int r = 0;

	if (!dirs)
		return -ENOMEM;
	for (char *d = strtok_r(dirs, ":", &save); d && r == 0; d = strtok_r(NULL, ":", &save)) {
		DIR *dir = opendir(d);
		struct dirent *de;
		if (!dir)
			continue;
		while (r == 0 && (de = readdir(dir))) {
			size_t l = strlen(de->d_name);
			char path[PATH_MAX], name[NAME_MAX + 1];
			struct stat st;
			if (l <= 5 || strcmp(de->d_name + l - 5, ".conf") != 0)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)(l - 5), de->d_name);
			snprintf(path, sizeof(path), "%s/%s", d, de->d_name);
			/* LXC's own default.conf is a template, not a container */
			if (!name_ok(name) || !strcmp(name, "default") || stat(path, &st) < 0 ||
			    !S_ISREG(st.st_mode))
				continue;
			r = list_add(&names, &configs, &n, name, path);
		}
		closedir(dir);
	}
	if (r == 0)
		r = list_lxcpath(&names, &configs, &n);
	if (r == 0) {
		DIR *dir = opendir(rundir_path());
		struct dirent *de;
		while (dir && r == 0 && (de = readdir(dir))) {
			struct monitor_info mi;
			if (!name_ok(de->d_name) || de->d_type != DT_DIR ||
			    !rundir_is_container(dirfd(dir), de->d_name))
				continue;
			/* the lock is the truth: a run dir nobody holds is what a
			 * killed instance left, removed on the way where we may
			 * (its state written: a start in progress has none yet) */
			if (monitor_info_read(de->d_name, &mi) == 0 &&
			    mi.state == MONITOR_STOPPED) {
				char p[PATH_MAX];
				snprintf(p, sizeof(p), "%s/state", de->d_name);
				if (faccessat(dirfd(dir), p, F_OK, 0) == 0)
					(void)monitor_clean_stale(de->d_name);
				continue;
			}
			r = list_add(&names, &configs, &n, de->d_name, NULL);
		}
		if (dir)
			closedir(dir);
	}
	if (r == 0 && n) {
		v = calloc(n, sizeof(*v));
		if (!v)
			r = -ENOMEM;
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		/* a run dir can vanish under us: skip what cannot be read */
		if (info_collect(names[i], configs[i], deep, &v[got]) == 0)
			got++;
	}
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(configs[i]);
	}
	free(names);
	free(configs);
	if (r < 0) {
		info_free(v, got);
		return r;
	}
	if (got)
		qsort(v, got, sizeof(*v), by_name);
	*ret = v;
	*ret_n = got;
	return 0;
}

static void info_json_one(struct json_writer *w, const struct ctr_info *i)
{
	json_begin_object(w, NULL);
	json_string(w, "name", i->name);
	json_string(w, "state", info_state_name(i));
	if (i->init_pid > 0)
		json_int(w, "pid", i->init_pid);
	else
		json_null(w, "pid");
	json_string(w, "config", i->config);
	if (i->uptime >= 0)
		json_int(w, "uptime", i->uptime);
	else
		json_null(w, "uptime");
	if (i->memory >= 0)
		json_int(w, "memory", i->memory);
	else
		json_null(w, "memory");
	json_begin_array(w, "addresses");
	for (char **a = i->addresses; a && *a; a++) {
		const char *sp = strchr(*a, ' ');
		char ifname[64];
		snprintf(ifname, sizeof(ifname), "%.*s", sp ? (int)(sp - *a) : 0, *a);
		json_begin_object(w, NULL);
		json_string(w, "interface", ifname);
		json_string(w, "address", sp ? sp + 1 : *a);
		json_end(w);
	}
	json_end(w);
	json_bool(w, "autostart", i->autostart);
	json_int(w, "start_order", i->start_order);
	json_int(w, "start_delay", i->start_delay);
	json_end(w);
}

void info_write_json(FILE *f, const struct ctr_info *v, size_t n, bool array)
{
	struct json_writer w = JSON_WRITER_INIT(f);

	if (array)
		json_begin_array(&w, NULL);
	for (size_t i = 0; i < n; i++)
		info_json_one(&w, &v[i]);
	if (array)
		json_end(&w);
}

static int by_order(const void *a, const void *b)
{
	const struct ctr_info *x = a, *y = b;

	if (x->start_order != y->start_order)
		return x->start_order < y->start_order ? -1 : 1;
	return strcmp(x->name, y->name);
}

int autostart_list(struct ctr_info **ret, size_t *ret_n)
{
	struct ctr_info *v = NULL;
	size_t n = 0, k = 0;
	int r;

	r = info_list(false, &v, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		if (v[i].autostart && v[i].config)
			v[k++] = v[i];
		else
			info_clear(&v[i]);
	}
	if (k)
		qsort(v, k, sizeof(*v), by_order);
	*ret = v;
	*ret_n = k;
	return 0;
}

int autostart_start(const struct ctr_info *i, struct diag_list *warnings, struct diag *ret_diag)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	int r;

	if (!i->config) {
		diag_set(ret_diag, NULL, 0, NULL, "no config for '%s'", i->name);
		return -ENOENT;
	}
	r = config_load(i->config, i->name, &cfg, ret_diag);
	if (r < 0)
		return r;
	return monitor_spawn(cfg, NULL, &monitor_container_ops, NULL, warnings, ret_diag);
}
