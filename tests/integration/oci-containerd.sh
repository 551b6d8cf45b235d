#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# containerd 1.6 (Debian's) runs its tasks through ctr-oci: a private
# containerd (own root, state and socket under the test's temp dir), its
# runc shim told to use ctr-oci (ctr run --runc-binary, its own
# --runc-root), driven by containerd's `ctr`: an OCI image archive built
# here with tar and imported (no registry), run of the image, run --rootfs,
# a detached task, exec, kill, delete, and nothing left after.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd containerd
t_require_cmd containerd-shim-runc-v2
t_require_cmd ctr "containerd's client"
t_require_cmd sha256sum
tmp=$(t_tmpdir)
t_busybox_rootfs "$tmp/rootfs"
cat >"$tmp/config.toml" <<EOC
version = 2
root = "$tmp/root"
state = "$tmp/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$tmp/sock"
[ttrpc]
  address = "$tmp/sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOC
containerd --config "$tmp/config.toml" >"$tmp/containerd.log" 2>&1 &
ctd=$!
t_defer "kill $ctd; wait $ctd 2>/dev/null"
t_defer "for t in \$(ctr -a $tmp/sock task ls -q 2>/dev/null); do ctr -a $tmp/sock task kill -s KILL \$t; ctr -a $tmp/sock task delete -f \$t; done >/dev/null 2>&1"
for i in $(seq 100); do [ -S "$tmp/sock" ] && ctr -a "$tmp/sock" version >/dev/null 2>&1 && break; sleep 0.1; done
ctr -a "$tmp/sock" version >/dev/null 2>&1 || t_skip_all "containerd did not start (see $tmp/containerd.log)"
C="timeout 120 ctr -a $tmp/sock"
R="--runc-binary $(command -v ctr-oci) --runc-root $tmp/oci"
n=ctrt$T_ID
# containerd's cgroupsPath is /NAMESPACE/ID unless --cgroup says: a parent
# of the test's own, removed at the end
cgp=ctrt$T_ID-ctd
t_defer "for d in \$(find /sys/fs/cgroup -maxdepth 3 -depth -type d -path '*/$cgp*'); do rmdir \$d; done"
cgdirs() { find /sys/fs/cgroup -maxdepth 4 -type d -path "*$1" 2>/dev/null; }

# an OCI image archive: one layer, the busybox tree
blob() { # FILE MEDIATYPE: moves FILE into the layout's blobs, prints its descriptor
	local d s
	d=$(sha256sum "$1" | cut -d' ' -f1); s=$(stat -c %s "$1")
	mv "$1" "$tmp/img/blobs/sha256/$d"
	printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$d" "$s"
}
mkdir -p "$tmp/img/blobs/sha256"
tar -C "$tmp/rootfs" -cf "$tmp/layer.tar" .
diff_id=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
layer=$(blob "$tmp/layer.tar" application/vnd.oci.image.layer.v1.tar)
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
	"$diff_id" >"$tmp/cfg.json"
cfg=$(blob "$tmp/cfg.json" application/vnd.oci.image.config.v1+json)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
	"$cfg" "$layer" >"$tmp/manifest.json"
man=$(blob "$tmp/manifest.json" application/vnd.oci.image.manifest.v1+json)
img=localhost/ctrt$T_ID:latest
printf '{"schemaVersion":2,"manifests":[%s]}' \
	"$(echo "$man" | sed "s|}\$|,\"annotations\":{\"org.opencontainers.image.ref.name\":\"$img\"}}|")" >"$tmp/img/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$tmp/img/oci-layout"
tar -C "$tmp/img" -cf "$tmp/image.tar" .
t_ok "ctr images import of an OCI archive built here" $C images import "$tmp/image.tar"

out=$($C run --rm $R --cgroup "/$cgp/$n-a" "$img" "$n-a" echo marker 2>&1)
t_eq "run of the imported image through ctr-oci" marker "$out"
out=$($C run --rm $R --cgroup "/$cgp/$n-b" --rootfs "$tmp/rootfs" "$n-b" sh -c 'exit 3' 2>&1); rc=$?
t_eq "run --rootfs: the exit status comes back" 3 "$rc"
t_ok "ctr-oci used (its --runc-root)" test -d "$tmp/oci"

$C run -d $R --cgroup "/$cgp/$n-c" "$img" "$n-c" sleep 1000 >/dev/null 2>&1
t_eq "containerd passes its cgroupsPath" "/$cgp/$n-c" "$($C container info "$n-c" | jq -r .Spec.linux.cgroupsPath)"
t_ok "the task's cgroups are at that cgroupsPath" test -n "$(cgdirs "/$cgp/$n-c")"
t_eq "a detached task runs" RUNNING "$($C task ls 2>/dev/null | awk -v n="$n-c" '$1 == n {print $3}')"
t_eq "ctr-oci's state: running" running "$(ctr-oci --root "$tmp/oci/default" state "$n-c" 2>/dev/null | jq -r .status)"
out=$($C task exec --exec-id e1 "$n-c" sh -c 'echo in $(hostname); exit 4' 2>&1); rc=$?
t_eq "task exec: output" "in $n-c" "$out"
t_eq "task exec: exit status" 4 "$rc"
t_match "task ps lists the init" "^[0-9]+" "$($C task ps "$n-c" 2>&1 | tail -n +2)"
t_ok "task pause" $C task pause "$n-c"
t_eq "paused" PAUSED "$($C task ls 2>/dev/null | awk -v n="$n-c" '$1 == n {print $3}')"
t_ok "task resume" $C task resume "$n-c"
t_ok "task kill" $C task kill -s KILL "$n-c"
for i in $(seq 100); do [ "$($C task ls 2>/dev/null | awk -v n="$n-c" '$1 == n {print $3}')" = STOPPED ] && break; sleep 0.05; done
t_eq "stopped after the kill" STOPPED "$($C task ls 2>/dev/null | awk -v n="$n-c" '$1 == n {print $3}')"
t_ok "task delete" $C task delete "$n-c"
t_ok "container delete" $C container delete "$n-c"
t_eq "nothing left under ctr-oci's root" "" "$(ls "$tmp/oci/default" 2>/dev/null)"
t_eq "no cgroup left" "" "$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/ctr/$n-*" 2>/dev/null)"
t_eq "task delete removed the cgroupsPath cgroups, the --rm runs' too" "" "$(cgdirs "/$cgp/$n-*")"
t_done
