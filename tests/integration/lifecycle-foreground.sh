#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start without -F returns with the init running (as lxc-start since
# LXC 2.0); a foreground ctr-start -F is the container's monitor, so ctr-ls,
# ctr-info, ctr-attach, ctr-console and ctr-stop work on it; no ghost after
# a poweroff inside or a kill -9 of the foreground process (the lock is the
# truth); a reboot from inside restarts it in the foreground too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
t_require_cmd jq

a=ctrt${T_ID}a b=ctrt${T_ID}b c=ctrt${T_ID}c
R=$LC_ROOTFS
lc_conf "$a" >/dev/null
lc_conf "$b" >/dev/null
running() { [ "$(lc_state "$1")" = RUNNING ]; }

# --- the default is the background ---------------------------------------------
t_ok "ctr-start NAME (neither -F nor -d) returns" \
	timeout 20 ctr-start -n "$a" -f "$CTR_SYSCONFDIR/lxc/$a.conf" -- /bin/sleep 1000
pid=$(lc_pid "$a")
t_ok "with the init already running" kill -0 "$pid"
t_eq "which is the command given" sleep "$(cat "/proc/$pid/comm" 2>/dev/null)"
t_eq "ctr-ls: RUNNING" RUNNING "$(lc_state "$a")"
t_ok "ctr-stop" ctr-stop -n "$a" -k

# --- the foreground is a monitor too ----------------------------------------------
rm -f "$R/fg-$b"
ctr-start -F -n "$b" -f "$CTR_SYSCONFDIR/lxc/$b.conf" -- /bin/sh -c \
	"touch /fg-$b; while :; do echo tick-\$\$ >/dev/console; sleep 0.2; done" </dev/null >"$LC_DIR/out-$b" 2>&1 &
fg=$!
t_ok "ctr-start -F runs" lc_wait_for 20 running "$b"
pid=$(lc_pid "$b")
t_eq "its init is the foreground process's child" "$fg" "$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)"
t_match "ctr-ls lists it RUNNING with its init" "^$b +RUNNING +$pid " "$(ctr-ls | awk -v n="$b" '$1 == n')"
js=$(ctr-info -n "$b" --json)
t_eq "ctr-info: RUNNING, its PID" "RUNNING $pid" "$(jq -r '"\(.state) \(.pid)"' <<<"$js")"
t_eq "ctr-attach enters it" "$b sh" "$(ctr-attach -n "$b" -- sh -c 'echo $(hostname) $(cat /proc/1/comm)')"
# attached until the console has shown a tick (or 10 s), then detached by
# closing its input
mkfifo "$LC_DIR/console-in"
timeout 10 ctr-console -n "$b" -t 0 <"$LC_DIR/console-in" >"$LC_DIR/console-out" 2>&1 &
viewer=$!
exec 7>"$LC_DIR/console-in"
t_ok "ctr-console shows its console" lc_wait_for 10 grep -q tick- "$LC_DIR/console-out"
exec 7>&-
wait "$viewer"
t_match "and so does the foreground's stdout" "tick-1" "$(cat "$LC_DIR/out-$b")"
t_ok "ctr-stop stops it" timeout 30 ctr-stop -n "$b" -t 2
wait "$fg"; rc=$?
t_eq "the foreground ctr-start ends with its init (killed: 128+9)" 137 "$rc"
t_not "its run dir is gone" test -e "$CTR_RUNDIR/$b"

# --- poweroff inside -----------------------------------------------------------------
ctr-start -F -n "$b" -f "$CTR_SYSCONFDIR/lxc/$b.conf" -- /bin/sh -c 'sleep 0.5; poweroff -f' </dev/null >/dev/null 2>&1
t_eq "poweroff inside ends the foreground cleanly, as lxc-start -F" 0 "$?"
t_not "no run dir left" test -e "$CTR_RUNDIR/$b"
t_eq "ctr-ls: STOPPED, no ghost" STOPPED "$(lc_state "$b")"

# --- reboot inside: restarted in the foreground ----------------------------------------
rm -f "$R/boot1-$b" "$R/boot2-$b"
ctr-start -F -n "$b" -f "$CTR_SYSCONFDIR/lxc/$b.conf" -- /bin/sh -c \
	"if [ -e /boot1-$b ]; then touch /boot2-$b; exec sleep 1000; fi; touch /boot1-$b; sleep 0.3; reboot -f" \
	</dev/null >/dev/null 2>&1 &
fg=$!
t_ok "reboot inside boots it again" lc_wait_for 20 test -e "$R/boot2-$b"
t_ok "still RUNNING under the same foreground process" lc_wait_for 5 running "$b"
t_eq "which is still the init's parent" "$fg" "$(awk '/^PPid:/ {print $2}' "/proc/$(lc_pid "$b")/status" 2>/dev/null)"

# --- kill -9 of the foreground process ------------------------------------------------
pid=$(lc_pid "$b")
kill -9 "$fg"; wait "$fg" 2>/dev/null
t_ok "its init goes with it" lc_wait_for 10 sh -c "! kill -0 $pid"
t_eq "ctr-ls: STOPPED, not a ghost RUNNING" STOPPED "$(lc_state "$b")"
t_not "and the dead instance's run dir is cleaned" test -e "$CTR_RUNDIR/$b/monitor.lock"
# one that is not configured: only its run dir told of it
cp "$CTR_SYSCONFDIR/lxc/$b.conf" "$LC_DIR/$c.conf"
ctr-start -F -n "$c" -f "$LC_DIR/$c.conf" -- /bin/sleep 1000 </dev/null >/dev/null 2>&1 &
fg=$!
t_ok "an unconfigured foreground container runs" lc_wait_for 20 running "$c"
kill -9 "$fg"; wait "$fg" 2>/dev/null
t_ok "after kill -9, ctr-ls does not list it" lc_wait_for 10 sh -c "! ctr-ls | grep -q '^$c '"
out=$(ctr-info -n "$c" 2>&1 >/dev/null)
t_eq "ctr-info agrees: no such container (1)" 1 "$?"
t_match "ctr-info says so" "no container '$c'" "$out"
t_ok "it starts again" ctr-start -n "$c" -f "$LC_DIR/$c.conf" -- /bin/sleep 1000
t_ok "and stops" ctr-stop -n "$c" -k
left=$(find /sys/fs/cgroup -maxdepth 4 -type d \( -name "$b" -o -name "$c" \) 2>/dev/null)
t_eq "no cgroup of either left" "" "$left"
t_done
