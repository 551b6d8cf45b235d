#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-oci driven directly, as conmon and containerd's shim drive runc: spec,
# create (the process waits on the exec FIFO; pid file, state.json 0600 in
# a 0700 dir), start, state transitions, kill by name and number, pause and
# resume, delete (refused while running; nothing left: state, cgroups), run
# with the process's exit status, and bad config.json refused by JSON path
# with nothing left behind.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/oci-common.sh"
oci_setup
id=$O_ID

out=$(cd "$O_BUNDLE" && ctr-oci spec 2>&1); rc=$?
t_eq "spec refuses to overwrite config.json" 1 "$rc"
t_match "and says which file" "config.json' \(File exists\)" "$out"
t_eq "features: the spec version" 1.2.0 "$(ctr-oci features | jq -r .ociVersionMax)"
t_eq "features: every hook the spec has" "prestart createRuntime createContainer startContainer poststart poststop" \
	"$(ctr-oci features | jq -r '.hooks | join(" ")')"

# run: the process's status, its stdout, the config's hostname
oci_args sh -c 'hostname; exit 3'
out=$($O run --bundle "$O_BUNDLE" "$id" </dev/null); rc=$?
t_eq "run: the process's exit status" 3 "$rc"
t_eq "run: stdout is the caller's, hostname from config.json" ctr "$out"
t_eq "run: nothing left under --root" "" "$(ls "$O_ROOT")"
t_eq "run: no cgroup left" "" "$(oci_cgroup_left "$id")"
mkfifo "$O_BUNDLE/rootfs/ready1"
oci_args sh -c 'echo up >/ready1; sleep 1000'
$O run --bundle "$O_BUNDLE" "$id" </dev/null >/dev/null & runner=$!
t_eq "run: the process runs" up "$(timeout 10 cat "$O_BUNDLE/rootfs/ready1")"
t_ok "kill KILL from outside" $O kill "$id" KILL
wait "$runner"; t_eq "run: killed by a signal is 128+N" 137 $?
t_ok "run removes the killed container" test ! -e "$O_ROOT/$id"

# create: waits before the exec
mkfifo "$O_BUNDLE/rootfs/ready"
oci_args sh -c 'trap "exit 0" TERM; echo started >/ready; while :; do sleep 0.1; done'
oci_create --pid-file "$O_TMP/pid" "$id"; t_eq "create" 0 $?
pid=$(cat "$O_TMP/pid")
st=$($O state "$id")
t_eq "state: created" created "$(echo "$st" | jq -r .status)"
t_eq "state: the pid file's pid" "$pid" "$(echo "$st" | jq -r .pid)"
t_eq "state: the bundle" "$O_BUNDLE" "$(echo "$st" | jq -r .bundle)"
t_eq "state: id" "$id" "$(echo "$st" | jq -r .id)"
t_ok "the init lives" kill -0 "$pid"
t_match "and has not run the process yet" "ctr-oci|sh|busybox" "$(cat /proc/$pid/comm)"
t_nomatch "it waits before its exec" "sleep" "$(cat /proc/$pid/cmdline | tr '\0' ' ')"
t_eq "state dir is 0700" 700 "$(stat -c %a "$O_ROOT/$id")"
t_eq "state.json is 0600" 600 "$(stat -c %a "$O_ROOT/$id/state.json")"
t_ok "its cgroup exists" test -n "$(oci_cgroup_left "$id")"
out=$($O create --bundle "$O_BUNDLE" "$id" 2>&1); rc=$?
t_eq "create of an id that exists fails" 1 "$rc"
t_match "and says so" "container with id exists" "$out"
t_ok "start" $O start "$id"
t_eq "the process ran once started" started "$(timeout 10 cat "$O_BUNDLE/rootfs/ready")"
t_eq "state: running" running "$($O state "$id" | jq -r .status)"
out=$($O start "$id" 2>&1); rc=$?
t_eq "start twice fails" 1 "$rc"
t_match "and says why" "that is running" "$out"
t_eq "list shows it" "$id running" "$($O list --format json | jq -r '.[] | "\(.id) \(.status)"')"
t_match "ps lists the init" "\\b$pid\\b" "$($O ps --format json "$id")"
t_match "list as a table: its row" "^$id +$pid +running +$O_BUNDLE " "$($O list | grep "^$id ")"
t_eq "list -q: the ids alone" "$id" "$($O list -q)"
t_eq "ps as a table: a header" PID "$($O ps "$id" | head -n 1)"
t_ok "ps as a table: the init's own line" grep -qx "$pid" <($O ps "$id")
out=$($O list --format yaml 2>&1); rc=$?
t_eq "list: an unknown format is a usage error" 2 "$rc"

# exec: args with overrides, --process FILE, --detach with a pid file
out=$($O exec -e FOO=bar --cwd /tmp -u 1000:1000 "$id" sh -c 'echo $FOO $(pwd) $(id -u):$(id -g); exit 5' </dev/null); rc=$?
t_eq "exec: its exit status" 5 "$rc"
t_eq "exec: --env, --cwd, --user" "bar /tmp 1000:1000" "$out"
t_eq "exec: in the container's namespaces" ctr "$($O exec "$id" hostname </dev/null)"
t_eq "exec: in the container's PID namespace (init is 1)" 1 "$($O exec "$id" sh -c 'cat /proc/1/comm >/dev/null && echo 1' </dev/null)"
cat >"$O_TMP/proc.json" <<'J'
{"args": ["sh", "-c", "echo $X; grep CapBnd /proc/self/status"], "env": ["X=from-process"], "cwd": "/",
 "capabilities": {"bounding": ["CAP_KILL"]}}
J
out=$($O exec --process "$O_TMP/proc.json" "$id" </dev/null)
t_eq "exec --process: args, env, capabilities" "from-process CapBnd: 0000000000000020" "$(echo $out)"
$O exec -d --pid-file "$O_TMP/epid" "$id" sleep 1000 </dev/null >/dev/null 2>&1
t_eq "exec --detach: returns at once" 0 $?
t_ok "exec --pid-file: the process lives" kill -0 "$(cat "$O_TMP/epid")"
t_match "ps: the exec'd process is the container's" "\\b$(cat "$O_TMP/epid")\\b" "$($O ps --format json "$id")"
out=$($O exec "$id" /nonexistent 2>&1 </dev/null); rc=$?
t_eq "exec of a missing command: runc's 255" 255 "$rc"
t_match "and says so" "cannot run '/nonexistent'" "$out"
# update
echo '{"memory": {"limit": 33554432}, "pids": {"limit": 20}}' >"$O_TMP/res.json"
t_ok "update --resources" $O update --resources "$O_TMP/res.json" "$id"
out=$(for d in $(oci_cgroup_left "$id"); do cat "$d/memory.limit_in_bytes" "$d/memory.max" "$d/pids.max" 2>/dev/null; done | sort -u)
t_eq "update: memory and pids limits in the cgroups" "20 33554432" "$(echo $out)"
echo '{"devices": [{"allow": true}]}' >"$O_TMP/res.json"
out=$($O update --resources "$O_TMP/res.json" "$id" 2>&1); rc=$?
t_eq "update of device rules is refused" 1 "$rc"
t_match "by name" "devices: not supported" "$out"

t_ok "pause" $O pause "$id"
t_eq "state: paused" paused "$($O state "$id" | jq -r .status)"
out=$($O pause "$id" 2>&1); rc=$?
t_eq "pause twice fails" 1 "$rc"
t_match "and says why" "is paused, not running" "$out"
t_ok "resume" $O resume "$id"
t_eq "state: running again" running "$($O state "$id" | jq -r .status)"

out=$($O delete "$id" 2>&1); rc=$?
t_eq "delete of a running container is refused" 1 "$rc"
t_match "and says how" "not stopped: running \(--force" "$out"
t_ok "kill TERM (by name)" $O kill "$id" TERM
for i in $(seq 100); do [ -d /proc/$pid ] && grep -q '^State:.*Z' /proc/$pid/status 2>/dev/null && break; [ -d /proc/$pid ] || break; sleep 0.05; done
t_eq "state: stopped once the process exits" stopped "$($O state "$id" | jq -r .status)"
t_ok "delete" $O delete "$id"
t_ok "nothing left under --root" test ! -e "$O_ROOT/$id"
t_eq "no cgroup left" "" "$(oci_cgroup_left "$id")"
out=$($O state "$id" 2>&1); rc=$?
t_eq "state of a deleted container fails" 1 "$rc"
t_match "and says it does not exist" "does not exist" "$out"
t_ok "delete --force of what is gone is no error" $O delete --force "$id"

# kill by number, --all, delete --force
oci_args sleep 1000
oci_create --pid-file "$O_TMP/pid" "$id"; t_eq "create again" 0 $?
t_ok "start" $O start "$id"
out=$($O kill "$id" NOSUCH 2>&1); rc=$?
t_eq "kill with an unknown signal fails" 1 "$rc"
t_match "and names it" "unknown signal 'NOSUCH'" "$out"
t_ok "kill --all 9" $O kill --all "$id" 9
pid=$(cat "$O_TMP/pid")
for i in $(seq 100); do [ "$($O state "$id" | jq -r .status)" = stopped ] && break; sleep 0.05; done
t_eq "stopped after SIGKILL" stopped "$($O state "$id" | jq -r .status)"
t_ok "delete" $O delete "$id"
oci_args sleep 1000
oci_create "$id"
t_ok "delete --force of a created container" $O delete --force "$id"
t_eq "no cgroup left after --force" "" "$(oci_cgroup_left "$id")"
t_ok "nothing left under --root after --force" test ! -e "$O_ROOT/$id"

# --systemd-cgroup, --log-format json
out=$(ctr-oci --systemd-cgroup --root "$O_ROOT" state x 2>&1); rc=$?
t_eq "--systemd-cgroup is refused" 1 "$rc"
t_match "with a clear message" "no systemd cgroup driver" "$out"
$O --log "$O_TMP/log.json" --log-format json state nosuch 2>/dev/null
t_eq "--log-format json: runc's error line" "error" "$(jq -r .level "$O_TMP/log.json")"
t_match "with the message" "does not exist" "$(jq -r .msg "$O_TMP/log.json")"

# bad config.json: refused by JSON path, exit 1, nothing left
cp "$O_BUNDLE/config.json" "$O_TMP/good.json"
bad() { # NAME PATTERN: create must fail saying PATTERN and leave nothing
	local out rc
	out=$($O create --bundle "$O_BUNDLE" "$id" 2>&1 </dev/null); rc=$?
	t_eq "$1: exit 1" 1 "$rc"
	t_match "$1: says '$2'" "$2" "$out"
	t_ok "$1: nothing under --root" test ! -e "$O_ROOT/$id"
	t_eq "$1: no cgroup" "" "$(oci_cgroup_left "$id")"
	cp "$O_TMP/good.json" "$O_BUNDLE/config.json"
}
echo '{"ociVersion": "1.2.0", "process": ' >"$O_BUNDLE/config.json"
bad "not JSON" "config.json: not valid JSON"
printf '{"a":%.0s' $(seq 200) >"$O_BUNDLE/config.json"
bad "nested 200 deep" "config.json: not valid JSON \(nesting too deep"
oci_cfg '.process.args = "sh"'
bad "args of the wrong type" "config.json: process.args: expected an array, not a string"
oci_cfg '.process.user.uid = "root"'
bad "uid of the wrong type" "process.user.uid: expected an integer"
oci_cfg '.mounts += [{"destination": "/../../etc/x", "type": "tmpfs", "source": "tmpfs"}]'
bad "mount escaping the rootfs" "mounts\[7\].destination: '/../../etc/x' escapes the container's root"
oci_cfg '.linux.namespaces += [{"type": "ipc", "path": "/etc/hostname"}] | .linux.namespaces |= (map(select(.type != "ipc" or .path)))'
bad "namespace path that is no namespace" "linux.namespaces\[[0-9]\]: '/etc/hostname' is not a namespace"
oci_cfg '.linux.namespaces |= map(if .type == "network" then .path = "/proc/self/ns/uts" else . end)'
bad "namespace of another type" "is a namespace of another type"
oci_cfg '.linux.intelRdt = {"closID": "x"}'
bad "intelRdt" "linux.intelRdt: not supported: Intel RDT"
oci_cfg '.linux.namespaces += [{"type": "nosuch"}]'
bad "unknown namespace type" "unknown namespace type 'nosuch'"
oci_cfg '.linux.sysctl = {"kernel.panic": "1"}'
bad "a sysctl of the host's" "linux.sysctl.kernel.panic: not namespaced"
oci_cfg '.process.args = ["/nonexistent"]'
bad "a process that cannot run" "cannot run '/nonexistent'"
oci_cfg '.root.path = "nosuch"'
bad "a root that is not there" "root.path: '.*nosuch' is not a directory"
oci_cfg '.process.terminal = true'
bad "a terminal without --console-socket" "process.terminal: a terminal needs --console-socket"

# hooks: each gets the state on stdin
h() { printf '{"path": "/bin/sh", "args": ["sh", "-c", "cat >%s/hook-%s"]}' "$O_TMP" "$1"; }
oci_cfg ".hooks = {\"prestart\": [$(h prestart)], \"createRuntime\": [$(h createRuntime)],
	\"poststart\": [$(h poststart)], \"poststop\": [$(h poststop)]}"
oci_args true
$O run --bundle "$O_BUNDLE" "$id" </dev/null
t_eq "run with hooks" 0 $?
for k in prestart:creating createRuntime:creating poststart:running poststop:stopped; do
	t_eq "hook ${k%%:*}: the state on stdin" "$id ${k#*:}" \
		"$(jq -r '"\(.id) \(.status)"' "$O_TMP/hook-${k%%:*}" 2>&1)"
done
t_match "hook prestart: the init's pid" '^[1-9][0-9]*$' "$(jq -r .pid "$O_TMP/hook-prestart")"
oci_cfg '.hooks = {"createRuntime": [{"path": "/bin/false"}]}'
out=$($O run --bundle "$O_BUNDLE" "$id" 2>&1 </dev/null); rc=$?
t_eq "a failing hook fails create" 1 "$rc"
t_match "and names it" "hooks.createRuntime\[0\]: hook '/bin/false' failed \(exit status 1\)" "$out"
t_ok "a failing hook leaves nothing" test ! -e "$O_ROOT/$id"
t_eq "nor a cgroup" "" "$(oci_cgroup_left "$id")"
cp "$O_TMP/good.json" "$O_BUNDLE/config.json"

# createContainer (in the container's namespaces before pivot_root: the
# host's paths, the container's UTS namespace) and startContainer (in the
# container, at start, before the exec: its paths)
oci_cfg ".hooks = {\"createContainer\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\",
	\"cat >$O_TMP/hook-cc; echo >>$O_TMP/hook-cc; readlink /proc/self/ns/uts >>$O_TMP/hook-cc; readlink /proc/self/ns/mnt >>$O_TMP/hook-cc\"]}],
	\"startContainer\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"cat >/hook-sc; echo >>/hook-sc; test -e /proc/1 && echo inside >>/hook-sc\"]}]}"
oci_args sleep 1000
oci_create --pid-file "$O_TMP/pid" "$id"; t_eq "create with createContainer and startContainer hooks" 0 $?
pid=$(cat "$O_TMP/pid")
t_eq "createContainer: the state on stdin, the init's host pid" "$id creating $pid" \
	"$(head -1 "$O_TMP/hook-cc" | jq -r '"\(.id) \(.status) \(.pid)"' 2>&1)"
t_eq "createContainer: in the container's UTS namespace" "$(readlink /proc/$pid/ns/uts)" "$(sed -n 2p "$O_TMP/hook-cc")"
t_nomatch "createContainer: not in the host's mount namespace" "^$(readlink /proc/self/ns/mnt)\$" "$(sed -n 3p "$O_TMP/hook-cc")"
t_ok "startContainer: not yet run at create" test ! -e "$O_BUNDLE/rootfs/hook-sc"
t_ok "start" $O start "$id"
for i in $(seq 100); do grep -q inside "$O_BUNDLE/rootfs/hook-sc" 2>/dev/null && break; sleep 0.05; done
t_eq "startContainer: ran in the container (its path, its root), the state on stdin" "$id created inside" \
	"$(echo $(head -1 "$O_BUNDLE/rootfs/hook-sc" | jq -r '"\(.id) \(.status)"' 2>&1) $(sed -n 2p "$O_BUNDLE/rootfs/hook-sc"))"
t_ok "delete --force" $O delete --force "$id"
rm -f "$O_BUNDLE/rootfs/hook-sc"
oci_cfg '.hooks = {"createContainer": [{"path": "/bin/false"}]}'
bad "a failing createContainer hook" "hooks.createContainer\[0\]: hook '/bin/false' failed"

# linux.cgroupsPath, as runc's cgroupfs driver takes it: below the cgroup
# root, the same path in every hierarchy; delete removes that cgroup only
cg=ctrt-ocicg-$T_ID
cgdirs() { find /sys/fs/cgroup -maxdepth 3 -type d -path "*/$1" 2>/dev/null; }
t_defer "for d in \$(find /sys/fs/cgroup -maxdepth 3 -depth -type d -path '*/$cg*'); do rmdir \$d; done"
oci_args sleep 1000
oci_cfg ".linux.cgroupsPath = \"/$cg/c1\""
oci_create --pid-file "$O_TMP/pid" "$id"; t_eq "cgroupsPath (absolute): create" 0 $?
pid=$(cat "$O_TMP/pid")
t_ok "cgroupsPath: the container's cgroups are there" test -n "$(cgdirs "$cg/c1")"
t_eq "cgroupsPath: and not under ctr/" "" "$(oci_cgroup_left "$id")"
t_eq "cgroupsPath: the init is in it on every hierarchy" "" \
	"$(grep -v ":/$cg/c1\$" /proc/$pid/cgroup | grep -v -e '^[0-9]*:misc:' -e '^[0-9]*:rdma:')"
t_ok "cgroupsPath: start" $O start "$id"
t_match "cgroupsPath: ps finds the init there" "\\b$pid\\b" "$($O ps --format json "$id")"
t_ok "cgroupsPath: pause" $O pause "$id"
t_eq "cgroupsPath: state paused" paused "$($O state "$id" | jq -r .status)"
t_ok "cgroupsPath: delete --force" $O delete --force "$id"
t_eq "cgroupsPath: delete removes that cgroup" "" "$(cgdirs "$cg/c1")"
t_ok "cgroupsPath: and leaves its parent (others may share it)" test -n "$(cgdirs "$cg")"
oci_cfg ".linux.cgroupsPath = \"$cg/c2\""
oci_create "$id"; t_eq "cgroupsPath (relative): create" 0 $?
t_ok "cgroupsPath (relative): below the cgroup root too" test -n "$(cgdirs "$cg/c2")"
t_ok "cgroupsPath (relative): delete --force" $O delete --force "$id"
t_eq "cgroupsPath (relative): nothing left" "" "$(cgdirs "$cg/c2")"
cp "$O_TMP/good.json" "$O_BUNDLE/config.json"
oci_cfg '.linux.cgroupsPath = "system.slice:ctr:x"'
bad "cgroupsPath in the systemd form" "linux.cgroupsPath: not supported: the systemd form"
oci_cfg '.linux.cgroupsPath = "/a/../../b"'
bad "cgroupsPath with '..'" "linux.cgroupsPath: 'a/../../b' has a '.' or '..' component"

# linux.devices: nodes made with their type, numbers, mode and owner, and
# allowed in the device cgroup (loop-control, 10:237, is not in the
# default policy: without the entry its open is refused)
oci_args sh -c 'stat -c "%F %t:%T %a %u:%g" /dev/mynull /dev/sub/lc; echo x >/dev/mynull && echo wrote; exec 3</dev/sub/lc && echo opened'
oci_cfg '.linux.devices = [{"path": "/dev/mynull", "type": "c", "major": 1, "minor": 3, "fileMode": 422, "uid": 1000, "gid": 1001},
	{"path": "/dev/sub/lc", "type": "c", "major": 10, "minor": 237}]'
out=$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1)
t_eq "linux.devices: made, usable, allowed" "character special file 1:3 646 1000:1001
character special file a:ed 666 0:0
wrote
opened" "$out"
oci_args sh -c 'mknod /dev/lc2 c 10 237; exec 3</dev/lc2 && echo opened'
out=$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1)
t_match "and a node not listed is refused by the device cgroup" "Operation not permitted" "$out"
oci_cfg '.linux.devices = [{"path": "/dev/x", "type": "c", "major": 1}]'
bad "a device without its minor" "linux.devices\[0\]: a 'c' device needs its major and minor"
oci_cfg '.linux.devices = [{"path": "/dev/../../x", "type": "c", "major": 1, "minor": 3}]'
bad "a device path with '..'" "linux.devices\[0\]: path '/dev/../../x'"

# process.capabilities: all five sets, kept by a process of another user
# through the switch (net_bind_service is bit 10: 0x400)
oci_args sh -c 'grep ^Cap /proc/self/status | tr -d "\t"'
oci_cfg '.process.user = {"uid": 1000, "gid": 1000} | .process.capabilities = {"bounding": ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
	"effective": ["CAP_NET_BIND_SERVICE"], "permitted": ["CAP_NET_BIND_SERVICE"], "inheritable": ["CAP_NET_BIND_SERVICE"],
	"ambient": ["CAP_NET_BIND_SERVICE"]}'
t_eq "capabilities: uid 1000 keeps its ambient, inheritable, permitted and effective sets" \
	"CapInh:0000000000000400 CapPrm:0000000000000400 CapEff:0000000000000400 CapBnd:0000000000000420 CapAmb:0000000000000400" \
	"$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1 | tr '\n' ' ' | sed 's/ $//')"
oci_cfg '.process.capabilities.ambient = [] | .process.capabilities.inheritable = []'
t_eq "capabilities: without ambient, uid 1000's exec has none" \
	"CapInh:0000000000000000 CapPrm:0000000000000000 CapEff:0000000000000000 CapBnd:0000000000000420 CapAmb:0000000000000000" \
	"$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1 | tr '\n' ' ' | sed 's/ $//')"
cp "$O_TMP/good.json" "$O_BUNDLE/config.json"
oci_cfg '.process.capabilities.ambient = ["CAP_NOSUCH"]'
bad "an unknown ambient capability" "process.capabilities.ambient: unknown capability 'CAP_NOSUCH'"

# domainname (in the container's UTS namespace) and linux.timeOffsets (the
# time namespace's boottime, seen in /proc/uptime: without the offset the
# engine starts it at 0)
host_dn=$(cat /proc/sys/kernel/domainname)
oci_args sh -c 'echo $(cat /proc/sys/kernel/domainname) $(cut -d. -f1 /proc/uptime)'
oci_cfg '.domainname = "ctrt.example" | .linux.timeOffsets = {"boottime": {"secs": 100000000}, "monotonic": {"secs": 5, "nanosecs": 7}}'
out=$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1)
t_match "domainname set in the container" "^ctrt.example " "$out"
t_match "timeOffsets: boottime 100000000 s ahead" " 1000[0-9]{5}$" "$out"
t_eq "the host's domain name is untouched" "$host_dn" "$(cat /proc/sys/kernel/domainname)"
cp "$O_TMP/good.json" "$O_BUNDLE/config.json"
oci_cfg '.linux.timeOffsets = {"realtime": {"secs": 1}}'
bad "a clock that cannot be offset" "linux.timeOffsets: unknown clock 'realtime'"

# what config.json sets, seen from inside
oci_args sh -c 'echo "$(id -u):$(id -g):$(id -G | tr " " ,) $(umask) $(ulimit -n) $(cat /proc/self/oom_score_adj) $(grep NoNewPrivs /proc/self/status | cut -f2) $FOO $(pwd)"'
oci_cfg '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [5, 7], "umask": 63} |
	 .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 123, "hard": 456}] |
	 .process.oomScoreAdj = 200 | .process.env += ["FOO=bar"] | .process.cwd = "/tmp"'
t_eq "user, groups, umask, rlimit, oomScoreAdj, noNewPrivileges, env, cwd" \
	"1000:1001:1001,5,7 0077 123 200 1 bar /tmp" "$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1)"
cp "$O_TMP/good.json" "$O_BUNDLE/config.json"
host_pgr=$(cat /proc/sys/net/ipv4/ping_group_range)
oci_args sh -c 'cat /proc/sys/net/ipv4/ping_group_range; cat /proc/self/status | grep CapBnd; touch /x 2>&1; echo fs $(ls /proc/fs | wc -l) version $(wc -c </proc/version) keys $(wc -c </proc/keys)'
oci_cfg '.linux.sysctl = {"net.ipv4.ping_group_range": "0 0"} | .root.readonly = true | .linux.maskedPaths += ["/proc/version", "/proc/fs"]'
out=$($O run --bundle "$O_BUNDLE" "$id" </dev/null 2>&1)
t_match "sysctl set in the container's network namespace" "^0	0" "$out"
t_match "the bounding set is process.capabilities.bounding" "CapBnd:	0000000020000420" "$out"
t_match "root.readonly" "Read-only file system" "$out"
t_match "maskedPaths: a directory (/proc/fs), a file (/proc/version), the engine's own (/proc/keys)" "fs 0 version 0 keys 0" "$out"
t_ok "the host's ping_group_range is untouched" test "$(cat /proc/sys/net/ipv4/ping_group_range)" = "$host_pgr"
t_done
