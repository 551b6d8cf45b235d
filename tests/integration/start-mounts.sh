#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start's filesystem choices: the defaults without lxc.mount.auto,
# proc/sys/cgroup modes, autodev off, the console log, --print-config.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup m

conf() { start_min_conf "$S_TMP/m.conf" mounts0 "$@"; }
run() { ctr-start -F -n "$S_NAME" -f "$S_TMP/m.conf" -- /bin/sh -c "$1" </dev/null 2>&1; }
fstype() { echo "grep \" $1 \" /proc/mounts | tail -n1 | cut -d\" \" -f3,4 | cut -d, -f1"; }

conf
t_eq "without lxc.mount.auto: proc and a read-only sysfs" "proc rw sysfs ro" \
	"$(echo $(run "$(fstype /proc); $(fstype /sys)"))"
t_eq "and no cgroup mounts" "" "$(run 'grep cgroup /proc/mounts')"

conf
t_eq "sys:mixed: the container's network devices writable" "ok" \
	"$(run 'echo 999 >/sys/class/net/lo/tx_queue_len && echo ok')"
conf "lxc.mount.auto = proc:mixed sys:ro"
t_match "sys:ro: not even those" "Read-only file system" \
	"$(run 'echo 999 >/sys/class/net/lo/tx_queue_len && echo ok')"

conf "lxc.mount.auto = proc:rw sys:rw"
t_eq "proc:rw leaves /proc/sys writable, sys:rw" "writable sysfs rw" \
	"$(echo $(run 'echo 1 >/proc/sys/kernel/ns_last_pid && echo writable'; run "$(fstype /sys)"))"

conf "lxc.mount.auto = proc:mixed"
t_eq "proc alone: no /sys" "proc rw ." "$(echo $(run "$(fstype /proc); $(fstype /sys); echo ."))"

# cgroup:*, as LXC: a container that keeps CAP_SYS_ADMIN on a host with v1
# hierarchies mounts them itself, rooted at its own cgroup by its cgroup
# namespace (systemd and OpenRC's cgroups service do); :force, a container
# without CAP_SYS_ADMIN, or a pure v2 host: the runtime mounts them.
pure_v2=0
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && pure_v2=1
conf "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed"
if [ $pure_v2 = 1 ]; then
	t_eq "cgroup:mixed on a pure v2 host: cgroup2 mounted" "cgroup2" \
		"$(run 'grep " /sys/fs/cgroup " /proc/mounts | cut -d" " -f3')"
	t_skip "cgroup:mixed keeping sys_admin: left to the init" "pure cgroup v2 host (LXC mounts cgroup2 there)"
	t_skip "which mounts a hierarchy itself, rooted and writable at its own cgroup" "pure cgroup v2 host"
else
	t_eq "cgroup:mixed keeping sys_admin: left to the init, as in LXC" "" \
		"$(run 'grep cgroup /proc/mounts')"
	# a v1 hierarchy of the host's and its controllers (or name=)
	mp=$(awk '$3 == "cgroup" && $2 ~ "^/sys/fs/cgroup/" {print $2; exit}' /proc/self/mounts)
	h=$(awk -v m="$mp" '$2 == m {print $4}' /proc/self/mounts | tr , '\n' |
		grep -Ev '^(rw|ro|nosuid|nodev|noexec|relatime|clone_children|release_agent=.*)$' | paste -sd,)
	out=$(run "mkdir -p /tmp/cg && mount -t cgroup -o $h none /tmp/cg 2>&1
grep ':$h:' /proc/1/cgroup | cut -d: -f3; echo \$\$ >/tmp/cg/cgroup.procs && echo rw; umount /tmp/cg")
	t_eq "which mounts a hierarchy itself ($h), rooted and writable at its own cgroup" "/ rw" "$(echo $out)"
fi
conf "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed" "lxc.cap.drop = sys_admin"
t_eq "cgroup:mixed without sys_admin: every hierarchy mounted" \
	"$(grep -c ' /sys/fs/cgroup[^ ]* cgroup' /proc/self/mounts)" \
	"$(run 'grep -c " /sys/fs/cgroup[^ ]* cgroup" /proc/mounts')"

conf "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed:force" "lxc.cgroup.memory.limit_in_bytes = 256M" \
	"lxc.cgroup.pids.max = 77"
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
	files="memory.max pids.max" procs=cgroup.procs
else
	files="memory/memory.limit_in_bytes pids/pids.max" procs=pids/cgroup.procs
	[ -d /sys/fs/cgroup/memory ] || files="unified/memory.max unified/pids.max"
	[ -d /sys/fs/cgroup/pids ] || procs=unified/cgroup.procs
fi
out=$(run "for f in $files; do cat /sys/fs/cgroup/\$f; done
grep -c ' /sys/fs/cgroup/' /proc/mounts; echo \$\$ >/sys/fs/cgroup/$procs && echo pids=rw")
t_eq "cgroup:mixed:force: the container's own limits inside" "268435456 77" "$(echo $out | cut -d' ' -f1,2)"
t_eq "every hierarchy the host mounts" "$(grep -c ' /sys/fs/cgroup/' /proc/self/mounts)" "$(echo $out | cut -d' ' -f3)"
t_match "and writable" "pids=rw" "$out"
conf "lxc.mount.auto = proc:mixed sys:mixed cgroup:ro:force" "lxc.cgroup.pids.max = 77"
pmax=pids/pids.max
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && pmax=pids.max
out=$(run "cat /sys/fs/cgroup/$pmax; echo 5 >/sys/fs/cgroup/$pmax || echo refused")
t_match "cgroup:ro:force: visible, read-only" "77.*Read-only file system.*refused" "$(echo $out)"

conf
t_eq "autodev: /dev/shm is a tmpfs of its own, mode 1777" "1 1777" \
	"$(echo $(run 'grep -c " /dev/shm tmpfs " /proc/mounts; stat -c %a /dev/shm'))"

conf "lxc.autodev = 0" "lxc.tty.max = 0" "lxc.console.path = none"
mkdir -p "$S_ROOTFS/dev/ctrt-mark"
t_eq "lxc.autodev = 0: the rootfs's own /dev" "ctrt-mark" "$(run 'ls /dev')"
rmdir "$S_ROOTFS/dev/ctrt-mark"

conf "lxc.console.logfile = $S_TMP/console.log" "lxc.tty.max = 1"
out=$(run 'echo to-the-console >/dev/console; echo to-stdout')
t_eq "what the container writes to /dev/console reaches stdout" "to-stdout to-the-console" \
	"$(echo $(printf '%s\n' $out | tr -d '\r' | sort))"
t_match "and lxc.console.logfile" "to-the-console" "$(cat "$S_TMP/console.log" 2>&1)"
start_conf "$S_TMP/log.conf" '/blkio.weight/d' "s|^#lxc.console *= [^ ]*|lxc.console = $S_TMP/legacy.log|"
ctr-start -F -n "$S_NAME" -f "$S_TMP/log.conf" -- /bin/sh -c 'echo seed-console >/dev/console' </dev/null >/dev/null 2>&1
t_match "the seed's legacy lxc.console file logs the console" "seed-console" "$(cat "$S_TMP/legacy.log" 2>&1)"

# The init: lxc.init.cmd without `--`, its cwd and environment; the arch.
conf "lxc.init.cmd = /bin/sh -c 'echo \"\$PWD \$container \$CTRT_A \$(uname -m)\"'" "lxc.init.cwd = /tmp" \
	"lxc.environment = CTRT_A=one" "lxc.arch = i686"
t_eq "lxc.init.cmd, init.cwd, environment, arch" "/tmp lxc one i686" \
	"$(ctr-start -F -n "$S_NAME" -f "$S_TMP/m.conf" </dev/null 2>&1)"

conf "lxc.rootfs.options = ro,nosuid" "lxc.mount.entry = tmpfs tmp tmpfs size=1m 0 0"
out=$(run 'touch /ctrt 2>&1; touch /tmp/ctrt && echo tmp=rw; grep " / " /proc/mounts | cut -d" " -f4')
t_match "lxc.rootfs.options = ro: a read-only root" "Read-only file system" "$out"
t_match "mounts on it still writable" "tmp=rw" "$out"
t_match "nosuid too" "^ro,nosuid" "$(printf '%s\n' "$out" | tail -n1)"

conf "lxc.init.cwd = /ctrt-nonexistent"
out=$(run true); rc=$?
t_eq "a missing lxc.init.cwd exits 125" 125 "$rc"
t_match "naming it" "cannot change to '/ctrt-nonexistent' \(No such file or directory\)" "$out"

# No fd of the caller or the runtime reaches the init.
conf
exec 7>"$S_TMP/leak"
t_eq "only stdin, stdout, stderr are open in the init" "0 1 2" "$(echo $(run 'ls /proc/1/fd; true'))"
exec 7>&-

out=$(ctr-start --print-config -n "$S_NAME" -f "$S_CONF" 2>&1)
t_match "--print-config prints modern keys" "lxc.uts.name = funtoo0" "$out"
t_nomatch "and no legacy ones" "^lxc.utsname" "$out"
t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"
t_done
