#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start on the seed's config (network section left out) and a busybox
# rootfs: what the container sees from inside, its cgroup limits from
# outside, a second start refused, and nothing left afterwards.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup s

# What the seed drops, plus our default drops (sys_module, sys_rawio,
# sys_time, mac_admin, mac_override, syslog), out of the kernel's full set.
last=$(cat /proc/sys/kernel/cap_last_cap)
drops=(29 30 33 32 27 31 8 21 22 16 20 17 24 25 34)
bnd=$(((1 << (last + 1)) - 1))
for c in "${drops[@]}"; do bnd=$((bnd & ~(1 << c))); done
want_bnd=$(printf '%016x' "$bnd")

inside='
echo "host=$(hostname)"
echo "pid=$$"
echo "capbnd=$(sed -n "s/^CapBnd:[[:space:]]*//p" /proc/self/status)"
echo "dev=$(ls /dev | tr "\n" " ")"
for t in 1 2 3 4 5 6; do [ -c /dev/tty$t ] && echo "tty$t=c"; done
[ -c /dev/console ] && echo console=c
[ -c /dev/pts/ptmx ] && echo ptmx=c
echo "uptime=$(cut -d" " -f1 /proc/uptime)"
echo "keys=$(wc -c </proc/keys)"
echo "timer_list=$(wc -c </proc/timer_list)"
[ -e /proc/kcore ] && echo "kcore=$(wc -c </proc/kcore)"
[ -e /proc/sysrq-trigger ] && { echo h >/proc/sysrq-trigger && echo sysrq=writable || echo sysrq=refused; }
echo 1 >/proc/sys/kernel/ns_last_pid 2>/dev/null && echo procsys=writable || echo procsys=refused
echo "firmware=$(ls /sys/firmware | wc -l)"
touch /sys/ctrt 2>/dev/null && echo sys=writable || echo sys=refused
echo "env=$container"
echo "cgroup=$(grep -vc ":/\$" /proc/self/cgroup)"
grep -q " /tmp tmpfs .*nodev" /proc/mounts && echo tmp=tmpfs
grep -q " /run tmpfs " /proc/mounts && echo run=tmpfs
grep -q "^devpts /dev/pts devpts .*ptmxmode=666" /proc/mounts && echo devpts=new
'
host_uptime=$(cut -d' ' -f1 /proc/uptime)
out=$(ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sh -c "$inside" </dev/null 2>&1)
t_eq "seed config starts and runs a command" 0 $?
val() { printf '%s\n' "$out" | sed -n "s/^$1=//p"; }

t_eq "hostname is the seed's utsname" funtoo0 "$(val host)"
t_eq "the command is PID 1" 1 "$(val pid)"
t_eq "bounding set lacks the seed's drops and ours" "$want_bnd" "$(val capbnd)"
t_eq "/dev holds only the expected nodes" \
	"console fd full null ptmx pts random shm stderr stdin stdout tty tty1 tty2 tty3 tty4 tty5 tty6 urandom zero " \
	"$(val dev)"
t_eq "lxc.tty = 6 gives /dev/tty1..6" "c c c c c c" "$(echo $(val tty1) $(val tty2) $(val tty3) $(val tty4) $(val tty5) $(val tty6))"
t_eq "/dev/console is a pty" c "$(val console)"
t_eq "devpts is a new instance" "c new" "$(val ptmx) $(val devpts)"
t_ok "/proc/uptime is the container's ($(val uptime) < host's $host_uptime)" \
	awk -v a="$(val uptime)" -v b="$host_uptime" 'BEGIN{exit !(a + 0 < b + 0 && a + 0 < 30)}'
t_eq "/proc/keys masked" 0 "$(val keys)"
t_eq "/proc/timer_list masked" 0 "$(val timer_list)"
if [ -e /proc/kcore ]; then t_eq "/proc/kcore masked" 0 "$(val kcore)"
else t_skip "/proc/kcore masked" "this kernel has no /proc/kcore (CONFIG_PROC_KCORE off)"; fi
if [ -e /proc/sysrq-trigger ]; then t_eq "/proc/sysrq-trigger not writable" refused "$(val sysrq)"
else t_skip "/proc/sysrq-trigger not writable" "this kernel has no /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ off)"; fi
t_eq "/proc/sys is read-only" refused "$(val procsys)"
t_eq "/sys/firmware is masked" 0 "$(val firmware)"
t_eq "the seed's read-only sysfs" refused "$(val sys)"
t_eq "container=lxc in the environment, as LXC gives it" lxc "$(val env)"
t_eq "its cgroup namespace hides the host's paths" 0 "$(val cgroup)"
t_eq "the seed's mount entries are in place" "tmpfs tmpfs" "$(val tmp) $(val run)"

# Limits from outside, while it runs; a second start meanwhile.
ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sleep 30 </dev/null >/dev/null 2>&1 &
first=$!
t_defer "kill -9 $first"
init=$(start_init_pid "$first")
t_ok "the container's init runs" [ -n "$init" ]
t_eq "memory limit in place" 536870912 \
	"$(cat "$(start_cgroup_file "$init" memory memory.limit_in_bytes memory.max)" 2>&1)"
t_eq "cpuset limit in place" 0 "$(cat "$(start_cgroup_file "$init" cpuset cpuset.cpus cpuset.cpus)" 2>&1)"
t_match "init is in the container's own cgroup" "/ctr/$S_NAME/" \
	"$(start_cgroup_file "$init" memory memory.limit_in_bytes memory.max)"
out=$(ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/true </dev/null 2>&1)
rc=$?
t_eq "a second start of a running name fails" 125 "$rc"
t_match "and says why" "ctr-start: container '$S_NAME' is already running" "$out"
t_ok "the first is unharmed" kill -0 "$init"
kill -9 "$init"
wait "$first"
t_eq "SIGKILL of the init from outside exits 128+9" 137 $?
t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"

# Devices: mknod is allowed for all (c *:* m), open only what is listed.
start_conf "$S_TMP/mknod.conf" '/^lxc.cap.drop *= mknod/d'
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/mknod.conf" -- /bin/sh -c '
mknod /dev/ctrt-null c 1 3 && echo x >/dev/ctrt-null && echo null=ok
mknod /dev/ctrt-full c 1 7 && { echo x >/dev/ctrt-full; } 2>&1 | sed "s/.*: /full=/"' </dev/null 2>&1)
t_eq "an allowed device (c 1:3) opens" ok "$(val null)"
t_eq "a denied device (c 1:7) does not" "Operation not permitted" "$(val full)"
t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"
t_done
