#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Boot integration: ctr-autostart, the OpenRC script (in a fake openrc-run
# environment) and the systemd template unit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"

printf '::respawn:/bin/sleep 1000\n::ctrlaltdel:/sbin/reboot\n' >"$LC_ROOTFS/etc/inittab"
a=ctrt${T_ID}p b=ctrt${T_ID}q c=ctrt${T_ID}r
lc_conf "$a" "lxc.start.auto = 1" "lxc.start.order = 20" >/dev/null
lc_conf "$b" "lxc.start.auto = 1" "lxc.start.order = 10" "lxc.start.delay = 1" >/dev/null
lc_conf "$c" "lxc.start.auto = 0" >/dev/null

# --- ctr-autostart -------------------------------------------------------
t_eq "autostart list: lower order first, only start.auto = 1" \
	"$b 10 1,$a 20 0" "$(ctr-autostart list | paste -sd,)"
t_ok "autostart start" ctr-autostart start
t_eq "both autostart containers run" "RUNNING RUNNING" "$(lc_state "$b") $(lc_state "$a")"
t_eq "the other one does not" STOPPED "$(lc_state "$c")"
sb=$(sed -n 's/^started=//p' "$CTR_RUNDIR/$b/state")
sa=$(sed -n 's/^started=//p' "$CTR_RUNDIR/$a/state")
t_ok "the second started after the first's 1 s delay" test "$sa" -ge $((sb + 1))
t_ok "autostart start again leaves the running ones be" ctr-autostart start
t_ok "autostart stop" ctr-autostart stop -t 5
t_eq "both stopped" "STOPPED STOPPED" "$(lc_state "$b") $(lc_state "$a")"

# --- the OpenRC script, with openrc-run's functions stubbed ----------------
openrc() { # openrc SVCNAME ACTION: runs the script's function as openrc-run would
	SVCNAME=$1 CTR_CONFIG=${CTR_CONFIG:-} bash -c '
		ebegin() { echo "* $*"; }
		eend() { [ "$1" = 0 ] && echo "[ ok ]" || echo "[ !! ] ${2:-}"; return "$1"; }
		einfo() { echo "* $*"; }
		eerror() { echo "* ERROR: $*" >&2; }
		. "$1"; "$2"' openrc "$CTR_DATADIR/ctr.openrc" "$2"
}
t_ok "the script parses as sh" sh -n "$CTR_DATADIR/ctr.openrc"
out=$(CTR_CONFIG=$CTR_SYSCONFDIR/lxc/$c.conf openrc "ctr.$c" start 2>&1)
t_match "ctr.NAME start: Starting NAME ... ok" "Starting $c.*ok" "$(echo $out)"
t_eq "the container runs" RUNNING "$(lc_state "$c")"
out=$(openrc "ctr.$c" status 2>&1)
t_eq "status exits 0 while running" 0 $?
t_match "and says so" "RUNNING" "$out"
pid=$(lc_pid "$c")
t_ok "reboot" openrc "ctr.$c" reboot
t_ok "it comes back with a new init" lc_wait_for 10 sh -c \
	"p=\$(sed -n 's/^pid=//p' '$CTR_RUNDIR/$c/state'); [ -n \"\$p\" ] && [ \"\$p\" != $pid ]"
t_ok "stop" openrc "ctr.$c" stop
t_eq "the container is stopped" STOPPED "$(lc_state "$c")"
openrc "ctr.$c" status >/dev/null 2>&1
t_eq "status exits 3 when stopped" 3 $?
t_ok "stop when stopped is fine" openrc "ctr.$c" stop
out=$(openrc ctr start 2>&1)
t_not "the bare script refuses to start" test $? = 0
t_match "and says how to link it" "ln -s ctr /etc/init.d/ctr.NAME" "$out"

# --- the systemd unit ------------------------------------------------------
if ! command -v systemd-analyze >/dev/null; then
	t_skip "systemd-analyze verify ctr@.service" "systemd-analyze is not installed"
else
	sd=$LC_DIR/systemd
	mkdir -p "$sd/man/man8"
	sed "s|/usr/local/sbin/|$CTR_BUILD/bin/|g" "$CTR_DATADIR/ctr@.service" >"$sd/ctr@.service"
	cp "$sd/ctr@.service" "$sd/ctr@$a.service"
	# Documentation= is checked with man(1): give it our pages
	for m in "$T_TOP"/man/*.8; do ln -s "$m" "$sd/man/man8/"; done
	man=--man=yes
	if ! command -v man >/dev/null; then
		man=--man=no # the VM guests have systemd-analyze but no man
		t_skip "systemd-analyze verify finds the Documentation= pages" "man(1) is not installed"
	fi
	out=$(cd "$sd" && MANPATH=$sd/man systemd-analyze verify "$man" "./ctr@$a.service" 2>&1)
	t_eq "systemd-analyze verify ctr@NAME.service passes" "0:" "$?:$out"
	t_match "the unit starts with ctr-start -d" "^ExecStart=.*ctr-start -d -n %i$" \
		"$(grep ^ExecStart= "$CTR_DATADIR/ctr@.service")"
	t_match "and knows the monitor's PID file" "^PIDFile=/run/ctr/%i/monitor.pid$" \
		"$(grep ^PIDFile= "$CTR_DATADIR/ctr@.service")"
	t_ok "which the monitor writes" sh -c "lc() { :; }; ctr-start -d -n $a -f $CTR_SYSCONFDIR/lxc/$a.conf &&
		test \"\$(cat $CTR_RUNDIR/$a/monitor.pid)\" = \"\$(sed -n 's/^monitor=//p' $CTR_RUNDIR/$a/state)\" &&
		ctr-stop -k -n $a"
fi
t_done
