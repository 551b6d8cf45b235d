#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the VM only, in the "systemd" setup (Debian's systemd is PID 1):
# our unit data/ctr@.service under a real systemd, as an admin uses it.  The
# unit is installed the way `make install` does it (its /usr/local/sbin
# rewritten to where the binaries are: /ctr/build/bin here), the container's
# config goes to /etc/ctr/NAME.conf, and everything is checked from outside:
# systemctl start, is-active, MainPID (the PIDFile) against the monitor,
# ctr-ls, ctr-attach, where the processes' cgroups are, a graceful stop
# through ExecStop, restart, reload, a broken config, systemd-analyze verify.
. "$(dirname "$0")/../lib.sh"
t_require_root
setup=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ctr\.setup=//p')
[ "$setup" = systemd ] || t_skip_all "only in the VM's systemd setup (this is '${setup:-not a VM guest}')"
[ "$(cat /proc/1/comm)" = systemd ] || t_skip_all "PID 1 is not systemd"
t_require_cmd ctr-start "not built yet"

n=ctrt${T_ID}u    # the container the unit runs
bad=ctrt${T_ID}x  # one whose config is broken
unit=/etc/systemd/system/ctr@.service
run=/run/ctr
cg=/sys/fs/cgroup
mark() { echo "# at $(cut -d' ' -f1 /proc/uptime): $*"; }
wait_for() { # TENTHS CMD...: polls CMD every 0.1 s
	local i
	for ((i = 0; i < $1; i++)); do "${@:2}" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

# A busybox root with the few applets used (a link per applet costs an exec,
# and every exec is slow under emulation).
rootfs=$(t_tmpdir)/rootfs
mkdir -p "$rootfs"/{bin,sbin,etc,proc,sys,dev,tmp,run,root}
cp /usr/bin/busybox "$rootfs/bin/busybox"
for x in bin/sh sbin/init bin/sleep bin/hostname sbin/reboot; do ln -s /bin/busybox "$rootfs/$x"; done
echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
echo "root:x:0:" >"$rootfs/etc/group"
# busybox init: its shutdown action (run on the halt signal) leaves a marker;
# ctrl-alt-del (the reboot signal, SIGINT) reboots
cat >"$rootfs/etc/inittab" <<'IT'
::respawn:/bin/sleep 1000
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sh -c 'echo shutdown-ran >> /shutdown-marker'
IT
mkdir -p /etc/ctr
cat >"/etc/ctr/$n.conf" <<EOF
lxc.uts.name = $n
lxc.rootfs.path = $rootfs
lxc.mount.auto = proc:mixed sys:ro
EOF
cat >"/etc/ctr/$bad.conf" <<EOF
lxc.uts.name = $bad
lxc.rootfs.path = $rootfs
lxc.utsnam = typo
EOF
t_defer "rm -f /etc/ctr/$n.conf /etc/ctr/$bad.conf $unit; systemctl daemon-reload"
t_defer "systemctl stop ctr@$n ctr@$bad; systemctl reset-failed ctr@$n ctr@$bad; ctr-stop -k -n $n"

# --- install, as `make install` does it -------------------------------------------
sed 's|/usr/local/sbin|/ctr/build/bin|g' /ctr/data/ctr@.service >"$unit"
t_ok "the unit installs into /etc/systemd/system" systemctl daemon-reload
t_match "systemd knows ctr@NAME" "^LoadState=loaded" "$(systemctl show -p LoadState "ctr@$n")"
# man(1) is not in the guest: the man pages are verified on the host
# (lifecycle-service); here the unit against the real manager's unit paths.
out=$(systemd-analyze verify --man=no "ctr@$n.service" 2>&1)
t_eq "systemd-analyze verify ctr@NAME.service passes" "0:" "$?:$out"
vd=$(t_tmpdir)
sed 's|/usr/local/sbin|/nowhere/bin|g' /ctr/data/ctr@.service >"$vd/ctr@$n.service"
out=$(cd "$vd" && systemd-analyze verify --man=no "./ctr@$n.service" 2>&1)
t_match "and would fail for a unit whose commands are not there" "/nowhere/bin/ctr-start is not executable" "$out"

# --- start ---------------------------------------------------------------------------
mark start
rm -f "$rootfs/shutdown-marker"
out=$(systemctl start "ctr@$n" 2>&1)
t_eq "systemctl start ctr@NAME succeeds" "0:" "$?:$out"
t_eq "systemctl is-active says active" active "$(systemctl is-active "ctr@$n")"
mainpid=$(systemctl show -P MainPID "ctr@$n")
monitor=$(sed -n 's/^monitor=//p' "$run/$n/state" 2>/dev/null)
init=$(sed -n 's/^pid=//p' "$run/$n/state" 2>/dev/null)
t_eq "MainPID (from PIDFile=) is the monitor" "$monitor" "$mainpid"
t_eq "and is what monitor.pid says" "$(cat "$run/$n/monitor.pid" 2>/dev/null)" "$mainpid"
t_eq "the monitor is ctr-start's daemon" ctr-monitor "$(cat "/proc/$mainpid/comm" 2>/dev/null)"
t_eq "the container's init is the monitor's child" "$mainpid" \
	"$(awk '/^PPid:/ { print $2 }' "/proc/$init/status" 2>/dev/null)"
ls=$(ctr-ls)
t_eq "ctr-ls says RUNNING with the init's PID" "RUNNING $init" \
	"$(awk -v n="$n" '$1 == n { print $2, $3 }' <<<"$ls")"
t_eq "ctr-attach -n NAME -- hostname" "$n" "$(ctr-attach -n "$n" -- hostname 2>&1)"

# --- cgroups: what systemd sees, what the runtime made ---------------------------------
mark cgroups
svc=$(systemctl show -P ControlGroup "ctr@$n")
t_eq "the unit's cgroup" "/system.slice/system-ctr.slice/ctr@$n.service" "$svc"
t_eq "the monitor lives in it" "0::$svc" "$(grep '^0::' "/proc/$mainpid/cgroup")"
t_eq "and nothing else does (Delegate=yes: the unit's cgroup is the monitor's)" "$mainpid" \
	"$(cat "$cg$svc/cgroup.procs" 2>/dev/null | paste -sd' ')"
# The unit's comment: "The container makes its own cgroups (ctr/%i)".
t_eq "the container's init is in ctr/NAME, as the unit says" "0::/ctr/$n" \
	"$(grep '^0::' "/proc/$init/cgroup")"
t_eq "with all its processes (busybox init and its sleep)" 2 "$(wc -l <"$cg/ctr/$n/cgroup.procs")"
echo "# systemctl status ctr@$n:"
systemctl status --no-pager -n 0 "ctr@$n" 2>&1 | sed 's/^/#   /'
# At poweroff systemd stops the unit (ExecStop: gracefully) before it
# unmounts anything: the default dependencies order it so.
t_match "stopped before shutdown.target" "(^| )shutdown\.target( |$)" "$(systemctl show -P Before "ctr@$n")"
t_match "and conflicts with it" "(^| )shutdown\.target( |$)" "$(systemctl show -P Conflicts "ctr@$n")"
t_match "started after the network is online" "(^| )network-online\.target( |$)" "$(systemctl show -P After "ctr@$n")"
t_ok "systemctl daemon-reload" systemctl daemon-reload
t_ok "leaves the init alive" kill -0 "$init"
t_eq "and where it was" "0::/ctr/$n" "$(grep '^0::' "/proc/$init/cgroup")"
t_eq "the unit still active, MainPID unchanged" "active $mainpid" \
	"$(systemctl is-active "ctr@$n") $(systemctl show -P MainPID "ctr@$n")"

# --- stop: ExecStop= runs ctr-stop, gracefully ------------------------------------------
mark stop
out=$(systemctl stop "ctr@$n" 2>&1)
t_eq "systemctl stop ctr@NAME succeeds" "0:" "$?:$out"
t_eq "the busybox init ran its shutdown action (ctr-stop, not a kill)" shutdown-ran \
	"$(cat "$rootfs/shutdown-marker" 2>/dev/null)"
t_eq "the unit is inactive, not failed" inactive "$(systemctl is-active "ctr@$n")"
t_not "the init is gone" kill -0 "$init"
t_not "the monitor is gone" kill -0 "$mainpid"
left=$(grep -l "^0::/ctr/$n\$" /proc/[0-9]*/cgroup 2>/dev/null)
t_eq "no process left in the container's cgroup" "" "$left"
t_not "its cgroup ctr/NAME is gone" test -d "$cg/ctr/$n"
t_not "the unit's cgroup is gone" test -d "$cg$svc"
t_not "$run/NAME is gone" test -e "$run/$n"
t_eq "ctr-ls says STOPPED" STOPPED "$(ctr-ls | awk -v n="$n" '$1 == n { print $2 }')"
journal=$(journalctl -q --no-pager -u "ctr@$n" 2>&1)
t_match "the journal has the stop" "Stopp(ing|ed) ctr@$n" "$journal"

# --- restart, reload ---------------------------------------------------------------------
mark restart
t_ok "start again" systemctl start "ctr@$n"
init=$(sed -n 's/^pid=//p' "$run/$n/state" 2>/dev/null)
t_ok "systemctl restart" systemctl restart "ctr@$n"
init2=$(sed -n 's/^pid=//p' "$run/$n/state" 2>/dev/null)
t_ok "gives a new init" test -n "$init2" -a "$init2" != "$init"
t_not "the old one is gone" kill -0 "$init"
t_eq "active, MainPID the new monitor" "active $(sed -n 's/^monitor=//p' "$run/$n/state")" \
	"$(systemctl is-active "ctr@$n") $(systemctl show -P MainPID "ctr@$n")"
t_eq "RUNNING with the new init" "RUNNING $init2" "$(ctr-ls | awk -v n="$n" '$1 == n { print $2, $3 }')"
mp=$(systemctl show -P MainPID "ctr@$n")
t_ok "systemctl reload (ExecReload: ctr-stop -r reboots the container)" systemctl reload "ctr@$n"
for _ in $(seq 100); do
	init3=$(sed -n 's/^pid=//p' "$run/$n/state" 2>/dev/null)
	[ -n "$init3" ] && [ "$init3" != "$init2" ] && break
	sleep 0.1
done
t_ok "the container came back with a new init" test -n "$init3" -a "$init3" != "$init2"
t_eq "under the same monitor, still active" "active $mp" \
	"$(systemctl is-active "ctr@$n") $(systemctl show -P MainPID "ctr@$n")"

# --- the monitor dies: the container must not live on, unseen by systemd --------------
mark monitor
mp=$(systemctl show -P MainPID "ctr@$n")
init=$(sed -n 's/^pid=//p' "$run/$n/state" 2>/dev/null)
t_ok "systemctl kill -s KILL --kill-who=main (the monitor only)" \
	systemctl kill -s KILL --kill-who=main "ctr@$n"
t_ok "the unit fails" wait_for 50 sh -c "systemctl is-active 'ctr@$n' | grep -qx failed"
t_ok "and the container's init dies with its monitor" wait_for 50 test ! -e "/proc/$init"
t_eq "no process left in ctr/NAME" "" "$(cat "$cg/ctr/$n/cgroup.procs" 2>/dev/null)"
t_ok "systemctl start works again" systemctl start "ctr@$n"
t_eq "RUNNING" RUNNING "$(ctr-ls | awk -v n="$n" '$1 == n { print $2 }')"
t_ok "stop" systemctl stop "ctr@$n"
t_not "nothing left" test -e "$run/$n" -o -d "$cg/ctr/$n"

# --- a broken config ----------------------------------------------------------------------
mark a
out=$(systemctl start "ctr@$bad" 2>&1)
t_not "systemctl start fails for a broken config" test $? = 0
t_eq "the unit is failed" failed "$(systemctl is-active "ctr@$bad")"
status=$(systemctl status --no-pager -n 20 "ctr@$bad" 2>&1)
t_match "systemctl status shows our error" "ctr-start: .*$bad\.conf:3: .*lxc\.utsnam" "$status"
t_match "so does the journal" "ctr-start: .*$bad\.conf:3: .*lxc\.utsnam" \
	"$(journalctl -q --no-pager -u "ctr@$bad" 2>&1)"
printf '%s\n' "$status" | grep 'ctr-start' | head -n 3 | sed 's/^/# /'
t_not "and leaves no run dir" test -e "$run/$bad"
t_not "nor cgroup" test -d "$cg/ctr/$bad"
mark end
t_done
