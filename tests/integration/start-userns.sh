#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start with lxc.idmap: a user namespace whose maps the runtime writes
# from outside; the container's root is uid 100000 on the host, its device
# nodes are the host's bound in, its ptys belong to it.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup u
[ -e /proc/self/ns/user ] || t_skip_all "kernel without user namespaces"
chown -R 100000:100000 "$S_ROOTFS"
# The mapped root must reach its rootfs: mktemp -d makes 0700 dirs.
chmod 755 "$S_TMP"
cat >"$S_TMP/u.conf" <<CONF
lxc.uts.name = userns0
lxc.rootfs.path = dir:$S_ROOTFS
lxc.idmap = u 0 100000 65536
lxc.idmap = g 0 100000 65536
lxc.tty.max = 2
lxc.environment = CTRT=$T_ID
CONF
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/u.conf" -- /bin/sh -c '
echo "id=$(id -u):$(id -g)"
echo "map=$(cat /proc/self/uid_map | tr -s " " | sed "s/^ //")"
echo "gmap=$(cat /proc/self/gid_map | tr -s " " | sed "s/^ //")"
echo "pid=$$"
echo "host=$(hostname)"
echo x >/dev/null && echo null=ok
echo x >/dev/console && echo console=ok
echo x >/dev/tty2 && echo tty2=ok
echo "ctrt=$CTRT"
echo "keys=$(wc -c </proc/keys)"
echo 1 >/proc/sys/kernel/ns_last_pid 2>/dev/null && echo procsys=writable || echo procsys=refused
touch /ctrt-file && echo rootfs=writable
' </dev/null 2>&1)
t_eq "starts in a user namespace" 0 $?
val() { printf '%s\n' "$out" | sed -n "s/^$1=//p"; }
t_eq "root inside" 0:0 "$(val id)"
t_eq "uid map written from outside" "0 100000 65536" "$(val map)"
t_eq "gid map written from outside" "0 100000 65536" "$(val gmap)"
t_eq "PID 1, own hostname" "1 userns0" "$(val pid) $(val host)"
t_eq "/dev/null bound from the host works" ok "$(val null)"
t_eq "the console pty is the container root's" ok "$(val console)"
t_eq "a tty pty is the container root's" ok "$(val tty2)"
t_eq "lxc.environment reaches the init" "$T_ID" "$(val ctrt)"
t_eq "masks apply in a user namespace" "0 refused" "$(val keys) $(val procsys)"
t_eq "the rootfs is the mapped root's" ok "$(val rootfs | sed 's/writable/ok/')"
t_eq "owned by uid 100000 on the host" 100000 "$(stat -c %u "$S_ROOTFS/ctrt-file" 2>&1)"
t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"

# An idmap that does not map the rootfs owner's... a map the kernel refuses.
cat >"$S_TMP/bad.conf" <<CONF
lxc.rootfs.path = dir:$S_ROOTFS
lxc.idmap = u 0 100000 65536
lxc.idmap = u 0 200000 65536
CONF
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/bad.conf" -- /bin/true </dev/null 2>&1); rc=$?
t_eq "overlapping idmaps: exit 125" 125 "$rc"
t_match "with a message naming the idmap" "idmap|uid map" "$out"
t_eq "nothing left after the failed start" "" "$(start_leftovers "$S_NAME")"
t_done
