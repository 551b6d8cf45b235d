# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the oci-* suites: a busybox bundle made with `ctr-oci spec`, a
# private --root, and jq to edit config.json.
#   oci_setup            sets O_TMP, O_ROOT, O_BUNDLE, O_ID (unique), O (the command)
#   oci_cfg JQ-FILTER    edits $O_BUNDLE/config.json in place
#   oci_cgroup_left ID   prints the cgroup directories left for ID
t_require_root
t_require_cmd jq
oci_setup() {
	O_TMP=$(t_tmpdir)
	O_ROOT=$O_TMP/root
	O_BUNDLE=$O_TMP/bundle
	O_ID=ctrt$T_ID
	O="ctr-oci --root $O_ROOT"
	mkdir -p "$O_BUNDLE"
	t_busybox_rootfs "$O_BUNDLE/rootfs"
	(cd "$O_BUNDLE" && ctr-oci spec) || t_skip_all "ctr-oci spec failed"
	oci_cfg '.root.readonly = false'
	t_defer "for d in \$(ls $O_ROOT 2>/dev/null); do ctr-oci --root $O_ROOT delete --force \$d; done"
}
oci_cfg() {
	local f=$O_BUNDLE/config.json
	jq "$1" "$f" >"$f.new" && mv "$f.new" "$f"
}
oci_args() {
	local a
	a=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	oci_cfg ".process.args = $a"
}
# create, the process's stdio to $O_TMP/out (a pipe would be held open by
# the container's process); ctr-oci's errors to stderr
oci_create() {
	$O create --bundle "$O_BUNDLE" "$@" </dev/null >"$O_TMP/out" 2>"$O_TMP/err"
	local rc=$?
	cat "$O_TMP/err" >&2
	return $rc
}
oci_cgroup_left() {
	find /sys/fs/cgroup -maxdepth 4 -type d -path "*/ctr/$1" 2>/dev/null
}
