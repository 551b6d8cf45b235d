// SPDX-License-Identifier: LGPL-2.1-or-later
/* A running container's cgroups: update, pause and resume, ps; see
 * ctr/oci.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/oci.h"

int oci_update(const struct oci_ctx *ctx, const char *id, const char *file, struct diag *ret_diag)
{
	_cleanup_free_ char *data = NULL;
	struct container_config *cfg = NULL;
	struct cgroup_handle *cg = NULL;
	struct oci_state *st = NULL;
	struct diag_list warnings = { 0 };
	size_t len;
	int r;

	r = oci_state_load(ctx, id, &st, ret_diag);
	if (r < 0)
		return r;
	if (strcmp(oci_state_status(ctx, st), "stopped") == 0) {
		diag_set(ret_diag, NULL, 0, NULL, "container not running '%s'", id);
		r = -ESRCH;
		goto out;
	}
	r = oci_read_path(file, &data, &len);
	if (r < 0) {
		diag_set(ret_diag, file, 0, "", "cannot read (%s)", strerror(-r));
		goto out;
	}
	r = oci_resources_parse(data, len, file, id, &cfg, ret_diag);
	if (r < 0)
		goto out;
	r = oci_cgroup_open(ctx, id, &cg);
	if (r < 0) {
		diag_set(ret_diag, NULL, 0, NULL, "cannot find the cgroups of '%s' (%s)", id,
			 strerror(-r));
		goto out;
	}
	r = cgroup_update(cg, cfg, &warnings, ret_diag);
	cgroup_free(cg);
out:
	diag_list_free(&warnings);
	config_free(cfg);
	oci_state_free(st);
	return r;
}

int oci_pause(const struct oci_ctx *ctx, const char *id, bool frozen, struct diag *ret_diag)
{
	const char *want = frozen ? "running" : "paused", *status;
	struct cgroup_handle *cg = NULL;
	int r = oci_status(ctx, id, &status, ret_diag);

	if (r < 0)
		return r;
	if (strcmp(status, want) != 0) {
		diag_set(ret_diag, NULL, 0, NULL, "container '%s' is %s, not %s", id, status, want);
		return -EINVAL;
	}
	r = oci_cgroup_open(ctx, id, &cg);
	if (r >= 0) {
		r = cgroup_freeze(cg, frozen);
		cgroup_free(cg);
	}
	if (r < 0)
		diag_set(ret_diag, NULL, 0, NULL, "cannot %s '%s' (%s)",
			 frozen ? "pause" : "resume", id, strerror(-r));
	return r;
}

int oci_ps(const struct oci_ctx *ctx, const char *id, pid_t **ret_pids, size_t *ret_n,
	   struct diag *ret_diag)
{
	struct cgroup_handle *cg = NULL;
	const char *status;
	pid_t *pids = NULL;
	size_t n = 0;
	int r = oci_status(ctx, id, &status, ret_diag);

	if (r < 0)
		return r;
	/* cgroups gone (a stopped container): no processes */
	if (oci_cgroup_open(ctx, id, &cg) == 0) {
		if (cgroup_pids(cg, &pids, &n) < 0) {
			pids = NULL;
			n = 0;
		}
		cgroup_free(cg);
	}
	*ret_pids = pids;
	*ret_n = n;
	return 0;
}
