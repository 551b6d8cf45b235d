#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Graceful stop, the kill after the timeout, reboot and poweroff from inside.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"

a=ctrt${T_ID}s
cat >"$LC_ROOTFS/etc/inittab" <<'IT'
::respawn:/bin/sleep 1000
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sh -c 'echo shutdown-ran >> /shutdown-marker'
IT
lc_conf "$a" >/dev/null
rm -f "$LC_ROOTFS/shutdown-marker"

# graceful: SIGPWR makes busybox init run its shutdown actions
t_ok "start" lc_start "$a"
pid=$(lc_pid "$a")
t_ok "stop (halt signal, default SIGPWR)" ctr-stop -n "$a" -t 20
t_eq "the inittab shutdown action ran" "shutdown-ran" "$(cat "$LC_ROOTFS/shutdown-marker" 2>/dev/null)"
t_not "the init is gone" kill -0 "$pid"
t_eq "ls says STOPPED" STOPPED "$(lc_state "$a")"
t_not "its cgroup is gone" sh -c "ls -d /sys/fs/cgroup/*/ctr/$a /sys/fs/cgroup/unified/ctr/$a 2>/dev/null | grep -q ."

# an init that ignores the halt signal is killed after -t 2
lc_conf "$a" "lxc.init.cmd = /bin/sleep 1000" >/dev/null
t_ok "start an init that ignores SIGPWR" lc_start "$a"
pid=$(lc_pid "$a")
s=$(date +%s%N)
t_ok "stop -t 2" ctr-stop -n "$a" -t 2
e=$(date +%s%N)
t_ok "it waited the 2 s before killing" test $(((e - s) / 1000000)) -ge 1900
t_not "the init is gone" kill -0 "$pid"
t_eq "ls says STOPPED" STOPPED "$(lc_state "$a")"

# lxc.signal.halt chooses the signal
lc_conf "$a" "lxc.signal.halt = SIGUSR2" \
	"lxc.init.cmd = /bin/sh -c \"trap 'echo usr2 > /halt-signal; exit 0' USR2; while :; do sleep 0.1; done\"" >/dev/null
rm -f "$LC_ROOTFS/halt-signal"
t_ok "start an init that traps SIGUSR2" lc_start "$a"
t_ok "stop" ctr-stop -n "$a" -t 20
t_eq "lxc.signal.halt was sent" usr2 "$(cat "$LC_ROOTFS/halt-signal" 2>/dev/null)"

# -k kills at once, whatever the init does
lc_conf "$a" "lxc.init.cmd = /bin/sleep 1000" >/dev/null
t_ok "start" lc_start "$a"
pid=$(lc_pid "$a")
t_ok "stop -k" ctr-stop -n "$a" -k
t_not "the init is gone" kill -0 "$pid"

# reboot from inside: reboot(2) in a PID namespace kills init with SIGHUP
lc_conf "$a" >/dev/null
rm -f "$LC_ROOTFS/shutdown-marker"
t_ok "start busybox init" lc_start "$a"
pid=$(lc_pid "$a")
ctr-attach -n "$a" -- reboot
t_ok "after reboot inside, the container comes back with a new init" \
	lc_wait_for 20 sh -c "p=\$(sed -n 's/^pid=//p' '$CTR_RUNDIR/$a/state'); [ -n \"\$p\" ] && [ \"\$p\" != $pid ] && grep -q '^state=RUNNING' '$CTR_RUNDIR/$a/state'"
npid=$(lc_pid "$a")
t_eq "ls says RUNNING with the new PID" "RUNNING $npid" "$(ctr-ls | awk -v n="$a" '$1 == n { print $2, $3 }')"
t_eq "the state counts the restart" 1 "$(sed -n 's/^restarts=//p' "$CTR_RUNDIR/$a/state")"
t_eq "the shutdown action ran on the way" "shutdown-ran" "$(cat "$LC_ROOTFS/shutdown-marker" 2>/dev/null)"
t_eq "the new init runs the container again" init "$(ctr-attach -n "$a" -- cat /proc/1/comm)"

# the reboot reads the config again
lc_conf "$a" "lxc.environment = CTRT_GEN=two" >/dev/null
pid=$(lc_pid "$a")
t_ok "ctr-stop -r asks for a reboot (SIGINT: ctrlaltdel)" ctr-stop -n "$a" -r
t_ok "it comes back with a new init" \
	lc_wait_for 20 sh -c "p=\$(sed -n 's/^pid=//p' '$CTR_RUNDIR/$a/state'); [ -n \"\$p\" ] && [ \"\$p\" != $pid ] && grep -q '^state=RUNNING' '$CTR_RUNDIR/$a/state'"
t_eq "and the config as changed meanwhile" two "$(ctr-attach -n "$a" -- sh -c 'echo $CTRT_GEN')"

# poweroff from inside: init dies of SIGINT, the container stays down
pid=$(lc_pid "$a")
mon=$(sed -n 's/^monitor=//p' "$CTR_RUNDIR/$a/state")
t_match "the state names the monitor" '^[0-9]+$' "$mon"
ctr-attach -n "$a" -- poweroff
t_ok "after poweroff inside, the container is stopped" lc_wait_for 20 sh -c "! test -e '$CTR_RUNDIR/$a'"
t_eq "ls says STOPPED" STOPPED "$(lc_state "$a")"
# only the monitor restarts a container: once it is gone, nothing can
t_ok "its monitor exits" timeout 20 tail --pid="$mon" -s 0.05 -f /dev/null
t_eq "and it stays down" STOPPED "$(lc_state "$a")"
t_not "the init is gone" kill -0 "$pid"

# the seed drops sys_boot: reboot(2) inside fails, busybox init exits 0 and
# the container stops (ctr-config says so); ctr-stop -r still reboots it
lc_conf "$a" "lxc.cap.drop = sys_boot" >/dev/null
t_match "ctr-config warns, naming the line" \
	"warning: .*/$a.conf:4: without sys_boot, reboot and poweroff inside .* ctr-stop -r" \
	"$(ctr-config -f "$CTR_SYSCONFDIR/lxc/$a.conf" 2>&1)"
err=$(lc_start "$a" 2>&1)
t_eq "start without sys_boot" 0 "$?"
t_eq "and the start itself does not repeat it" "" "$err"
pid=$(lc_pid "$a")
t_ok "ctr-stop -r reboots it all the same" ctr-stop -n "$a" -r
t_ok "it comes back with a new init" \
	lc_wait_for 20 sh -c "p=\$(sed -n 's/^pid=//p' '$CTR_RUNDIR/$a/state'); [ -n \"\$p\" ] && [ \"\$p\" != $pid ] && grep -q '^state=RUNNING' '$CTR_RUNDIR/$a/state'"
t_eq "and counts the restart" 1 "$(sed -n 's/^restarts=//p' "$CTR_RUNDIR/$a/state")"
pid=$(lc_pid "$a")
ctr-attach -n "$a" -- reboot
t_ok "reboot inside without sys_boot stops it" lc_wait_for 20 sh -c "! test -e '$CTR_RUNDIR/$a'"
t_not "the init is gone" kill -0 "$pid"
t_done
