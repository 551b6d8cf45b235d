#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-freeze, ctr-unfreeze and ctr-wait on a running busybox container with
# 100 processes: the kernel's own word (cgroup.events, freezer.state) that it
# is frozen, FROZEN in ctr-ls and ctr-info, and ctr-wait woken by each change
# (a monitor killed with SIGKILL included) rather than a timer.
. "$(dirname "$0")/../lib.sh"
t_require_root

tmp=$(t_tmpdir)
export CTR_RUNDIR=$tmp/run
n=ctrt$T_ID
r=$tmp/rootfs
t_busybox_rootfs "$r"
# init starts 100 sleepers, says so through a FIFO the test reads, then sleeps
printf '#!/bin/sh\nfor i in $(seq 100); do sleep 1000 & done\necho ready >/ready\n' >"$r/bin/spawn100"
chmod +x "$r/bin/spawn100"; mkfifo "$r/ready"
printf '::sysinit:/bin/spawn100\n::respawn:/bin/sleep 1000\n' >"$r/etc/inittab"
printf 'lxc.uts.name = %s\nlxc.rootfs.path = %s\n' "$n" "$r" >"$tmp/$n.conf"
t_defer "ctr-stop -k -n $n"

out=$(ctr-wait -n "$n" -s RUNNING -t 0 2>&1); rc=$?
t_eq "ctr-wait -t 0 on a stopped container: timed out" 1 "$rc"
t_match "ctr-wait says the state it saw" "is STOPPED after 0 s" "$out"
ctr-wait -n "$n" -s RUNNING -t 20 & w=$!
t_ok "start" ctr-start -d -n "$n" -f "$tmp/$n.conf"
wait "$w"; t_eq "ctr-wait -s RUNNING returns once it runs" 0 $?
ctr-wait -n "$n" -s STOPPED -t 0 >/dev/null 2>&1
t_eq "ctr-wait -s STOPPED on a running one times out" 1 $?

t_eq "the init started its sleepers" ready "$(timeout 20 cat "$r/ready")"
cg2=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
v2=; [ -n "$cg2" ] && [ -f "$cg2/ctr/$n/cgroup.freeze" ] && v2=$cg2/ctr/$n
procs() { if [ -n "$v2" ]; then cat "$v2/cgroup.procs"; else cat "$(findmnt -n -t cgroup -O freezer -o TARGET)/ctr/$n/cgroup.procs"; fi | wc -l; }
t_ok "the container has its 100 sleepers" test "$(procs)" -ge 101

ctr-wait -n "$n" -s FROZEN -t 20 & w=$!
t_ok "ctr-freeze" ctr-freeze -n "$n"
wait "$w"; t_eq "ctr-wait -s FROZEN returns on the freeze" 0 $?
if [ -n "$v2" ]; then
	t_match "the kernel says frozen (cgroup.events)" "^frozen 1$" "$(cat "$v2/cgroup.events")"
else
	t_eq "the kernel says FROZEN (freezer.state)" FROZEN "$(cat "$(findmnt -n -t cgroup -O freezer -o TARGET)/ctr/$n/freezer.state")"
fi
t_match "ctr-ls shows FROZEN" "^$n +FROZEN" "$(ctr-ls)"
t_eq "ctr-info --json: FROZEN" FROZEN "$(ctr-info -n "$n" --json | jq -r .state)"
t_ok "freezing twice is fine" ctr-freeze -n "$n"
ctr-wait -n "$n" -s 'THAWED|STOPPED' -t 20 & w=$!
t_ok "ctr-unfreeze" ctr-unfreeze -n "$n"
wait "$w"; t_eq "ctr-wait -s 'THAWED|STOPPED' returns on the thaw" 0 $?
[ -n "$v2" ] && t_match "the kernel says thawed" "^frozen 0$" "$(cat "$v2/cgroup.events")"
t_match "ctr-ls shows RUNNING again" "^$n +RUNNING" "$(ctr-ls)"
t_eq "the sleepers are still there" "$(procs)" "$(procs)"

ctr-wait -n "$n" -s STOPPED -t 20 & w=$!
mon=$(cat "$CTR_RUNDIR/$n/monitor.pid")
kill -9 "$mon"
wait "$w"; t_eq "ctr-wait -s STOPPED returns when the monitor is killed" 0 $?
ctr-stop -k -n "$n" >/dev/null 2>&1

out=$(ctr-freeze -n "$n" 2>&1); rc=$?
t_eq "ctr-freeze of a stopped container" 1 "$rc"
t_match "ctr-freeze of a stopped container: says so" "is not running" "$out"
out=$(ctr-wait -n "$n" -s SLEEPING 2>&1); rc=$?
t_eq "ctr-wait with an unknown state: usage" 2 "$rc"
t_match "ctr-wait with an unknown state: lists the states" "STOPPED, STARTING, RUNNING" "$out"
t_done
