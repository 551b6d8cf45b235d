#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start -d, ctr-ls, ctr-info, ctr-attach and a dead monitor.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
t_require_cmd jq

a=ctrt${T_ID}a
printf '::sysinit:/bin/true\n::respawn:/bin/sleep 1000\n' >"$LC_ROOTFS/etc/inittab"
lc_conf "$a" "lxc.environment = CTRT_MARK=seen" "lxc.start.auto = 1" "lxc.start.order = 7" >/dev/null

t_ok "start -d returns 0" lc_start "$a"
pid=$(lc_pid "$a")
t_match "state file names the init" '^[0-9]+$' "$pid"
t_eq "the init is a process named init" "init" "$(cat /proc/"$pid"/comm 2>/dev/null)"
line=$(ctr-ls | awk -v n="$a" '$1 == n')
t_match "ls says RUNNING with the init's PID" "^$a +RUNNING +$pid " "$line"
t_match "ls shows autostart" " yes " "$line"
# ctr-netsetup keeps its state in the same run dir: not a container
mkdir -p "$CTR_RUNDIR/netsetup"
t_eq "ls does not list netsetup's state dir as a container" "" \
	"$(ctr-ls | awk '$1 == "netsetup"')"
js=$(ctr-info -n "$a" --json)
t_eq "info --json state" RUNNING "$(jq -r .state <<<"$js")"
t_eq "info --json pid" "$pid" "$(jq -r .pid <<<"$js")"
t_eq "info --json autostart" true "$(jq -r .autostart <<<"$js")"
t_eq "info --json start_order" 7 "$(jq -r .start_order <<<"$js")"
t_match "info --json memory is a number" '^[0-9]+$' "$(jq -r .memory <<<"$js")"
t_eq "ls --json lists it RUNNING" RUNNING \
	"$(ctr-ls --json | jq -r --arg n "$a" '.[] | select(.name == $n) | .state')"

# addresses come from inside the container's netns
ip link add "ctrt${T_ID}h" type veth peer name "ctrt${T_ID}c" &&
	t_defer "ip link del ctrt${T_ID}h"
ip link set "ctrt${T_ID}c" netns "$pid" &&
	nsenter -t "$pid" -n ip addr add 10.213.7.2/24 dev "ctrt${T_ID}c"
t_match "info shows the address inside" "ctrt${T_ID}c 10.213.7.2/24" "$(ctr-info -n "$a")"

out=$(ctr-start -d -n "$a" -f "$CTR_SYSCONFDIR/lxc/$a.conf" 2>&1)
rc=$?
t_not "a second start is refused" test "$rc" = 0
t_match "and says why" "already running" "$out"
t_eq "the first one still runs" "$pid" "$(lc_pid "$a")"
t_ok "its init is still alive" kill -0 "$pid"

# attach
t_eq "attach: hostname" "$a" "$(ctr-attach -n "$a" -- hostname)"
t_eq "attach: PID namespace (init is 1)" "init" "$(ctr-attach -n "$a" -- cat /proc/1/comm)"
t_eq "attach: same PID namespace as init" "$(readlink /proc/"$pid"/ns/pid)" \
	"$(ctr-attach -n "$a" -- readlink /proc/self/ns/pid)"
t_eq "attach: the container's environment" "seen" "$(ctr-attach -n "$a" -- sh -c 'echo $CTRT_MARK')"
# seen from inside its cgroup namespace: outside the init's cgroups a
# process reads as "/.." something
t_eq "attach: the init's cgroups" "$(ctr-attach -n "$a" -- cat /proc/1/cgroup)" \
	"$(ctr-attach -n "$a" -- cat /proc/self/cgroup)"
t_eq "attach: the init's bounding set" "$(grep CapBnd /proc/"$pid"/status)" \
	"$(ctr-attach -n "$a" -- grep CapBnd /proc/self/status)"
ctr-attach -n "$a" -- true
t_eq "attach: exit 0 passes through" 0 $?
ctr-attach -n "$a" -- sh -c 'exit 3'
t_eq "attach: exit 3 passes through" 3 $?
ctr-attach -n "$a" -- sh -c 'kill -9 $$'
t_eq "attach: death by SIGKILL is 137" 137 $?
ctr-attach -n "$a" -- /no/such/command 2>/dev/null
t_eq "attach: a missing command is 127" 127 $?
t_eq "attach: piped stdin arrives" "piped-$T_ID" "$(echo "piped-$T_ID" | ctr-attach -n "$a" -- cat)"
ctr-attach -n "ctrt${T_ID}none" -- true 2>/dev/null
t_eq "attach to a stopped name fails with 125" 125 $?

# only root and the monitor's owner may talk to it (SO_PEERCRED)
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	chmod 755 "$LC_DIR" # only the run dir (0700) stands between: connect is refused
	out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups ctr-stop -n "$a" -k 2>&1)
	t_match "an unprivileged user may not stop it" "Permission denied" "$out"
	out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups ctr-attach -n "$a" -- true 2>&1)
	t_match "nor attach to it" "Permission denied" "$out"
	t_eq "it still runs" RUNNING "$(lc_state "$a")"
else
	t_skip "an unprivileged user may not stop it" "no setpriv or no user nobody"
fi

# a dead monitor
mon=$(sed -n 's/^monitor=//p' "$CTR_RUNDIR/$a/state")
t_match "state names the monitor" '^[0-9]+$' "$mon"
t_eq "the monitor is small: ctr-monitor" "ctr-monitor" "$(cat /proc/"$mon"/comm 2>/dev/null)"
kill -9 "$mon"
lc_wait_for 5 sh -c "! kill -0 $mon 2>/dev/null"
t_nomatch "after kill -9 of the monitor ls does not say RUNNING" "RUNNING" "$(ctr-ls | awk -v n="$a" '$1 == n')"
t_eq "ctr-info says STOPPED" STOPPED "$(ctr-info -n "$a" --json | jq -r .state)"
t_ok "the next start works" lc_start "$a"
npid=$(lc_pid "$a")
t_match "with a new init" '^[0-9]+$' "$npid"
t_not "the old init is gone" sh -c "[ -d /proc/$pid ] && ! grep -q '^State:.*Z' /proc/$pid/status"
t_ok "stop -k" ctr-stop -n "$a" -k
t_eq "ls says STOPPED" STOPPED "$(lc_state "$a")"
t_not "no run dir is left" test -e "$CTR_RUNDIR/$a"
out=$(ctr-stop -n "$a" 2>&1)
t_eq "stopping a stopped container fails (1)" 1 $?
t_match "and says it is not running" "^ctr-stop: container '$a' is not running$" "$out"
# a dead monitor again, cleaned up by ctr-stop this time
t_ok "start" lc_start "$a"
mon=$(sed -n 's/^monitor=//p' "$CTR_RUNDIR/$a/state")
kill -9 "$mon"
lc_wait_for 5 sh -c "! kill -0 $mon 2>/dev/null"
ctr-stop -n "$a" -k >/dev/null 2>&1
t_not "ctr-stop after a dead monitor leaves no run dir (lock included)" test -e "$CTR_RUNDIR/$a"
t_not "nor its cgroup" sh -c "ls -d /sys/fs/cgroup/*/ctr/$a /sys/fs/cgroup/ctr/$a 2>/dev/null | grep -q ."

# SIGTERM to the monitor (a service manager's stop) is a graceful stop
t_ok "start" lc_start "$a"
pid=$(lc_pid "$a")
kill -TERM "$(sed -n 's/^monitor=//p' "$CTR_RUNDIR/$a/state")"
t_ok "SIGTERM to the monitor stops the container" lc_wait_for 20 sh -c "! test -e '$CTR_RUNDIR/$a'"
t_not "its init is gone" kill -0 "$pid"
t_done
