#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# podman (Debian's podman and conmon) with --runtime ctr-oci, on an image
# made offline with `podman import` of a busybox tarball, in a private
# --root/--runroot with the cgroupfs manager: run and run --rm, -d, exec
# and exec -t, logs, --memory and --pids-limit seen from inside,
# --cap-drop, --read-only, ps, pause/unpause, stop, the cgroupsPath podman
# passes (under --cgroup-parent), and nothing left after rm.  runc runs the same checks side by side where it can here.
#
# Where root has no CAP_SYS_RESOURCE (this host), podman's default rlimits
# (nofile 1048576) cannot be set by runc or ctr-oci: every run passes its
# own --ulimit, and one check shows both runtimes refusing the default
# the same way; where root has it (the VM matrix's v2-oci guest), that
# check sees the default set instead.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd podman
t_require_cmd conmon
t_require_cmd jq
tmp=$(t_tmpdir)
t_busybox_rootfs "$tmp/rootfs"
tar -C "$tmp/rootfs" -cf "$tmp/bb.tar" .

# Each runtime through a wrapper giving it its own --root: conmon's exit
# command (podman container cleanup) does not pass --runtime-flag on.
for rt in ctr-oci runc; do
	command -v $rt >/dev/null || continue
	printf '#!/bin/sh\nexec %s --root %s "$@"\n' "$(command -v $rt)" "$tmp/state-$rt" >"$tmp/$rt"
	chmod +x "$tmp/$rt"
done
pod() { # RUNTIME ARGS...: podman in the test's own storage
	local rt=$1; shift
	timeout 120 podman --root "$tmp/storage" --runroot "$tmp/run" --cgroup-manager cgroupfs \
		--storage-driver vfs --events-backend file --runtime "$tmp/$rt" "$@"
}
state() { # podman's word for the container's state
	$P inspect --format '{{.State.Status}}' "$1" 2>&1
}
P="pod ctr-oci"
U="--ulimit nofile=1024:4096 --ulimit nproc=1024:2048 --network none"
# (not `system reset`: it would also remove the host's podman networks)
t_defer "podman --root $tmp/storage --runroot $tmp/run --storage-driver vfs rmi -af >/dev/null 2>&1"
t_defer "podman --root $tmp/storage --runroot $tmp/run --storage-driver vfs rm -af -t 0 >/dev/null 2>&1"
img=localhost/ctrt$T_ID:latest
pod ctr-oci import "$tmp/bb.tar" "$img" >/dev/null || t_skip_all "podman import failed"

# CAP_SYS_RESOURCE (24) in this shell's effective set
sys_resource=$(( (0x$(awk '/^CapEff/ { print $2 }' /proc/self/status) >> 24) & 1 ))
runtimes=(ctr-oci)
command -v runc >/dev/null && runtimes+=(runc)
for rt in "${runtimes[@]}"; do
	R="pod $rt"
	out=$($R run --rm $U "$img" echo marker 2>&1)
	t_eq "$rt: run --rm echo marker" marker "$out"
	if [ "$sys_resource" = 1 ]; then
		out=$($R run --rm --network none "$img" sh -c 'ulimit -Hn' 2>&1)
		t_eq "$rt: podman's default nofile 1048576 is set (root has CAP_SYS_RESOURCE)" 1048576 "$out"
	else
		out=$($R run --rm --network none "$img" true 2>&1); rc=$?
		t_eq "$rt: podman's default nofile 1048576 is refused on this host (no CAP_SYS_RESOURCE)" 126 "$rc"
		t_match "$rt: and says it is the rlimit" "rlimit" "$out"
	fi
	out=$($R run --rm $U "$img" sh -c 'exit 7' 2>&1); rc=$?
	t_eq "$rt: the exit status comes back" 7 "$rc"
	out=$($R run --rm $U --cap-drop all "$img" grep CapBnd /proc/self/status 2>&1)
	t_eq "$rt: --cap-drop all" "CapBnd:	0000000000000000" "$out"
	out=$($R run --rm $U --read-only "$img" touch /x 2>&1)
	t_match "$rt: --read-only" "Read-only file system" "$out"
	out=$($R run --rm $U --memory 64m --pids-limit 50 "$img" sh -c \
		'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max' 2>&1)
	t_eq "$rt: --memory 64m and --pids-limit 50 seen from inside" "67108864 50" "$(echo $out)"
done

# ctr-oci only: a terminal, a user namespace, the host's network and a
# network namespace joined by path
U2="--ulimit nofile=1024:4096 --ulimit nproc=1024:2048"
t_eq "run -t: the process's stdio is a terminal" isatty \
	"$($P run --rm -t $U "$img" sh -c 'test -t 0 && test -t 1 && echo isatty' </dev/null 2>&1 | tr -d '\r')"
t_eq "--uidmap/--gidmap: a user namespace" "0 100000 65536 0:0" \
	"$($P run --rm $U --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$img" sh -c 'echo $(cat /proc/self/uid_map) $(id -u):$(id -g)' 2>&1)"
t_eq "--network host: the host's network namespace" "$(readlink /proc/self/ns/net)" \
	"$($P run --rm $U2 --network host "$img" readlink /proc/self/ns/net 2>&1)"
ns=$(t_netns)
t_eq "--network ns:PATH: joined by path" "$(ip netns exec "$ns" readlink /proc/self/ns/net)" \
	"$($P run --rm $U2 --network "ns:/run/netns/$ns" "$img" readlink /proc/self/ns/net 2>&1)"

t_eq "--device /dev/null:/dev/mynull: made and usable" "character special file 1:3 wrote" \
	"$($P run --rm $U --device /dev/null:/dev/mynull "$img" sh -c 'echo $(stat -c "%F %t:%T" /dev/mynull) $(echo x >/dev/mynull && echo wrote)' 2>&1)"

t_match "--user 1000 --cap-add net_bind_service: kept through the user switch" "CapEff:	0000000000000400" \
	"$($P run --rm $U --user 1000 --cap-drop all --cap-add net_bind_service "$img" grep Cap /proc/self/status 2>&1)"

# one container through its life with ctr-oci
n=ctrt$T_ID-c
cgp=ctrt$T_ID-pod
t_defer "for d in \$(find /sys/fs/cgroup -maxdepth 3 -depth -type d -path '*/$cgp*'); do rmdir \$d; done"
id=$($P run -d --name "$n" --cgroup-parent "/$cgp" $U "$img" sh -c 'echo logged; exec sleep 1000')
t_ok "run -d" test -n "$id"
cgpath=$(jq -r .linux.cgroupsPath "$($P inspect --format '{{.OCIConfigPath}}' "$n")")
t_match "podman passes a cgroupsPath under --cgroup-parent" "^/$cgp/" "$cgpath"
cgdirs() { find /sys/fs/cgroup -maxdepth 4 -type d -path "*$1" 2>/dev/null; }
t_ok "the container's cgroups are at that cgroupsPath" test -n "$(cgdirs "$cgpath")"
t_match "and its init is in them" "[0-9]+:[^:]*:$cgpath\$" \
	"$(cat /proc/$($P inspect --format '{{.State.Pid}}' "$n")/cgroup)"
t_eq "ctr-oci state: running" running "$(ctr-oci --root "$tmp/state-ctr-oci" state "$id" | jq -r .status)"
t_eq "podman: running" running "$(state "$n")"
t_match "ps lists it" "$n" "$($P ps --format '{{.Names}}' 2>&1)"
t_eq "exec" "inside 0" "$($P exec "$n" sh -c 'echo inside $(id -u)' 2>&1)"
t_match "exec -t gets a pty" "^/dev/pts/[0-9]+" "$($P exec -t "$n" tty 2>&1)"
out=$($P exec "$n" /nonexistent 2>&1); rc=$?
t_eq "exec of a missing command: podman's 127" 127 "$rc"
t_eq "logs" logged "$($P logs "$n" 2>&1)"
t_ok "pause" $P pause "$n"
t_eq "podman: paused" paused "$(state "$n")"
t_eq "ctr-oci state: paused" paused "$(ctr-oci --root "$tmp/state-ctr-oci" state "$id" | jq -r .status)"
t_ok "unpause" $P unpause "$n"
t_eq "podman: running again" running "$(state "$n")"
t_ok "stop" $P stop -t 1 "$n"
t_eq "podman: exited" exited "$(state "$n")"
t_ok "rm" $P rm "$n"
t_eq "nothing left under ctr-oci's --root (the --rm runs' included)" "" "$(ls "$tmp/state-ctr-oci")"
t_eq "no cgroup left" "" "$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/ctr/$id" 2>/dev/null)"
t_eq "rm removed the cgroupsPath cgroup" "" "$(cgdirs "$cgpath")"
t_done
