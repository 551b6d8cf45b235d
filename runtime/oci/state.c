// SPDX-License-Identifier: LGPL-2.1-or-later
/* ROOT/ID/state.json: what `create` leaves for the other commands (the
 * init's pid and start time, the bundle, the annotations), written and
 * read through json-c; and the spec's state document built from it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"

DEFINE_CLEANUP_FUNC(DIR *, closedir)

unsigned long long oci_pid_start_time(pid_t pid)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int dfd = -EBADF;
	unsigned long long t = 0;
	char path[64], state = 0;
	const char *p;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pid <= 0 || dfd < 0 || fs_read_in_root(dfd, "stat", 4096, &buf, &len) < 0)
		return 0;
	/* after the last ')' of the command name: state, then 19 more fields */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1,
			 " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
			 "%*d %*d %*d %*d %llu",
			 &state, &t) != 2)
		return 0;
	/* a zombie has exited: its container is stopped */
	return state == 'Z' || state == 'X' ? 0 : t;
}

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

char *oci_state_json(const struct oci_state *st, const char *status)
{
	json_object *o = json_object_new_object(), *ann = NULL;
	char *ret = NULL;

	if (!o)
		return NULL;
	json_object_object_add(o, "ociVersion",
			       jstr(st->oci_version ? st->oci_version : OCI_VERSION));
	json_object_object_add(o, "id", jstr(st->id));
	json_object_object_add(o, "status", jstr(status));
	if (strcmp(status, "stopped") != 0)
		json_object_object_add(o, "pid", json_object_new_int(st->pid));
	else
		json_object_object_add(o, "pid", json_object_new_int(0));
	json_object_object_add(o, "bundle", jstr(st->bundle));
	json_object_object_add(o, "rootfs", jstr(st->rootfs));
	json_object_object_add(o, "created", jstr(st->created));
	if (st->annotations)
		ann = json_tokener_parse(st->annotations);
	json_object_object_add(o, "annotations", ann ? ann : json_object_new_object());
	ret = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return ret;
}

int oci_state_save(const struct oci_ctx *ctx, const struct oci_state *st)
{
	_cleanup_close_ int dfd = -EBADF;
	_cleanup_free_ char *dir = NULL;
	json_object *o = json_object_new_object();
	const char *s;
	int r;

	if (!o)
		return -ENOMEM;
	if (asprintf(&dir, "%s/%s", ctx->root, st->id) < 0) {
		json_object_put(o);
		return -ENOMEM;
	}
	json_object_object_add(o, "ociVersion", jstr(st->oci_version));
	json_object_object_add(o, "id", jstr(st->id));
	json_object_object_add(o, "pid", json_object_new_int(st->pid));
	json_object_object_add(o, "start_time", json_object_new_uint64(st->start_time));
	json_object_object_add(o, "bundle", jstr(st->bundle));
	json_object_object_add(o, "rootfs", jstr(st->rootfs));
	json_object_object_add(o, "created", jstr(st->created));
	json_object_object_add(o, "annotations", jstr(st->annotations));
	json_object_object_add(o, "poststart", json_object_new_boolean(st->poststart));
	json_object_object_add(o, "poststop", json_object_new_boolean(st->poststop));
	if (st->cgroup_path)
		json_object_object_add(o, "cgroup_path", jstr(st->cgroup_path));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = dfd < 0 ? NEG_ERRNO() : fs_write_in_root(dfd, "state.json", s, strlen(s), 0600);
	json_object_put(o);
	return r;
}

static int dup_field(json_object *o, const char *key, char **ret)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return -EINVAL;
	*ret = strdup(json_object_get_string(v));
	return *ret ? 0 : -ENOMEM;
}

int oci_state_load(const struct oci_ctx *ctx, const char *id, struct oci_state **ret,
		   struct diag *ret_diag)
{
	_cleanup_free_ char *dir = NULL, *data = NULL;
	_cleanup_close_ int dfd = -EBADF;
	struct oci_state *st;
	json_object *o, *v;
	size_t len;
	int r;

	if (!id || !*id || strchr(id, '/') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0) {
		diag_set(ret_diag, NULL, 0, NULL, "bad container id '%s'", id ? id : "");
		return -EINVAL;
	}
	if (asprintf(&dir, "%s/%s", ctx->root, id) < 0)
		return -ENOMEM;
	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = dfd < 0 ? NEG_ERRNO() : fs_read_in_root(dfd, "state.json", 1 << 20, &data, &len);
	if (r == -ENOENT) {
		diag_set(ret_diag, NULL, 0, NULL, "container does not exist '%s'", id);
		return r;
	}
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot read '%s/state.json' (%s)", dir,
			 strerror(-r));
		return r;
	}
	o = json_tokener_parse(data);
	st = calloc(1, sizeof(*st));
	if (!o || !st || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		free(st);
		diag_set(ret_diag, NULL, 0, NULL, "'%s/state.json' is damaged", dir);
		return -EINVAL;
	}
	r = 0;
	if (dup_field(o, "id", &st->id) < 0 || dup_field(o, "bundle", &st->bundle) < 0 ||
	    dup_field(o, "rootfs", &st->rootfs) < 0 || dup_field(o, "created", &st->created) < 0 ||
	    dup_field(o, "annotations", &st->annotations) < 0 ||
	    dup_field(o, "ociVersion", &st->oci_version) < 0 ||
	    !json_object_object_get_ex(o, "pid", &v) || !json_object_is_type(v, json_type_int))
		r = -EINVAL;
	else
		st->pid = (pid_t)json_object_get_int(v);
	if (r == 0 && json_object_object_get_ex(o, "start_time", &v))
		st->start_time = json_object_get_uint64(v);
	if (r == 0 && json_object_object_get_ex(o, "poststart", &v))
		st->poststart = json_object_get_boolean(v);
	if (r == 0 && json_object_object_get_ex(o, "poststop", &v))
		st->poststop = json_object_get_boolean(v);
	if (r == 0 && json_object_object_get_ex(o, "cgroup_path", &v))
		r = dup_field(o, "cgroup_path", &st->cgroup_path);
	json_object_put(o);
	if (r < 0) {
		oci_state_free(st);
		diag_set(ret_diag, NULL, 0, NULL, "'%s/state.json' is damaged", dir);
		return r;
	}
	*ret = st;
	return 0;
}

void oci_state_free(struct oci_state *st)
{
	if (!st)
		return;
	free(st->id);
	free(st->bundle);
	free(st->rootfs);
	free(st->created);
	free(st->annotations);
	free(st->oci_version);
	free(st->cgroup_path);
	free(st);
}

int oci_cgroup_open(const struct oci_ctx *ctx, const char *id, struct cgroup_handle **ret)
{
	struct oci_state *st = NULL;
	int r = oci_state_load(ctx, id, &st, NULL);
	if (r < 0)
		return r;
	r = cgroup_open_path(ctx->cgroup_root, id, st->cgroup_path, ret);
	oci_state_free(st);
	return r;
}

const char *oci_state_status(const struct oci_ctx *ctx, const struct oci_state *st)
{
	_cleanup_free_ char *fifo = NULL;
	struct cgroup_handle *cg = NULL;
	bool frozen = false;

	if (st->pid <= 0 || oci_pid_start_time(st->pid) != st->start_time)
		return "stopped";
	if (asprintf(&fifo, "%s/%s/exec.fifo", ctx->root, st->id) < 0)
		return "running";
	if (access(fifo, F_OK) == 0)
		return "created";
	if (cgroup_open_path(ctx->cgroup_root, st->id, st->cgroup_path, &cg) == 0) {
		if (cgroup_frozen(cg, &frozen) < 0)
			frozen = false;
		cgroup_free(cg);
	}
	return frozen ? "paused" : "running";
}

void oci_state_remove(const struct oci_ctx *ctx, const char *id)
{
	_cleanup_close_ int rfd = open(ctx->root, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (rfd >= 0)
		(void)fs_remove_tree(rfd, id);
}

int oci_status(const struct oci_ctx *ctx, const char *id, const char **ret_status,
	       struct diag *ret_diag)
{
	struct oci_state *st = NULL;
	int r = oci_state_load(ctx, id, &st, ret_diag);

	if (r < 0)
		return r;
	*ret_status = oci_state_status(ctx, st);
	oci_state_free(st);
	return 0;
}

int oci_state_show(const struct oci_ctx *ctx, const char *id, char **ret, struct diag *ret_diag)
{
	_cleanup_free_ char *js = NULL;
	struct oci_state *st = NULL;
	json_object *o;
	char *out;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	js = oci_state_json(st, oci_state_status(ctx, st));
	oci_state_free(st);
	o = js ? json_tokener_parse(js) : NULL;
	if (!o)
		return -ENOMEM;
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	if (!out)
		return -ENOMEM;
	*ret = out;
	return 0;
}

int oci_list(const struct oci_ctx *ctx, struct oci_state ***ret, size_t *ret_n)
{
	_cleanup_(closedirp) DIR *dir = opendir(ctx->root);
	struct oci_state **v = NULL;
	struct dirent *de;
	size_t n = 0;

	/* no root yet: no containers */
	if (!dir && errno != ENOENT)
		return NEG_ERRNO();
	while (dir && (de = readdir(dir))) {
		struct oci_state *st = NULL, **nv;
		if (de->d_name[0] == '.' || oci_state_load(ctx, de->d_name, &st, NULL) < 0)
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			oci_state_free(st);
			oci_list_free(v, n);
			return -ENOMEM;
		}
		v = nv;
		v[n++] = st;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

void oci_list_free(struct oci_state **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		oci_state_free(v[i]);
	free(v);
}

char *oci_list_json(const struct oci_ctx *ctx, struct oci_state *const *v, size_t n)
{
	json_object *arr = json_object_new_array();
	char *out;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *js = oci_state_json(v[i], oci_state_status(ctx, v[i]));
		json_object *o = js ? json_tokener_parse(js) : NULL;
		if (o)
			json_object_array_add(arr, o);
	}
	out = strdup(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	return out;
}
