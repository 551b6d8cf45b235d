#!/usr/bin/env bash
# Debian 12 with sysvinit-core running OpenRC 0.45 (debootstrapped, cached:
# tests/distro/mktree), as an LXC user runs it: the config that lxc-create
# writes for the debian template (lxc.include of debian.common.conf,
# apparmor generated, a veth on a bridge with DHCP), used unchanged.  OpenRC
# reaches its default runlevel with no crashed service and sees LXC; the
# console gives a login prompt on tty1; ping over the bridge; reboot from
# inside and from the host; graceful stop; restart.
. "$(dirname "$0")/../lib.sh"
D_FLAVOURS=openrc
. "$T_TOP/tests/integration/lib/distro.sh"
t_require_cmd tmux "Debian package tmux"
t_require_cmd jq "Debian package jq"

tree=$D_TREE_openrc
D_BOOTED=d_booted_openrc D_BOOTED_OK=default
A=ctrt${T_ID}o
d_create "$A" "$tree" 3 || t_skip_all "lxc-create fails"

if [ "$D_CONFIG" = unchanged ]; then
	t_ok "ctr-config accepts the config lxc-create wrote, unchanged" ctr-config -f "$(d_conf "$A")"
else
	t_skip "ctr-config accepts the config unchanged" "D_CONFIG=flattened: a derived copy is used"
fi

# --- boot ---------------------------------------------------------------------
if d_start "$A" >"$D_DIR/start.out" 2>&1; then t_pass "ctr-start -d"; else
	t_fail "ctr-start -d" "$(head -n 5 "$D_DIR/start.out")"
	t_done; exit 1 # nothing after it can run
fi
t_eq "ctr-info says RUNNING" RUNNING "$(d_state "$A")"
s0=$SECONDS
t_eq "OpenRC reaches its default runlevel" default "$(d_booted_openrc "$A" 120)"
echo "# booted in about $((SECONDS - s0)) s"
t_eq "no crashed service (rc-status --crashed)" "" "$(ctr-attach -n "$A" -- rc-status --crashed 2>&1)"
t_match "every service of the default runlevel started" "started" \
	"$(ctr-attach -n "$A" -- rc-status default 2>&1)"
t_nomatch "none stopped or failed in it" "stopped|crashed|failed" \
	"$(ctr-attach -n "$A" -- rc-status default 2>&1)"
t_eq "openrc --sys: LXC (init's environment has container=lxc)" LXC \
	"$(ctr-attach -n "$A" -- openrc --sys 2>&1)"
t_eq "the hostname is the container's name" "$A" "$(ctr-attach -n "$A" -- hostname 2>&1)"
t_ok "the guest got its address from DHCP on the bridge" d_wait 30 ping -c1 -W1 "$(d_addr 3)"

# --- the console: lxc-debian's inittab runs a getty on tty1..4 and the console --
d_console "$A" 1 /dev/tty1

# --- reboot from inside, then from the host -------------------------------------
p=$(d_pid "$A")
ctr-attach -n "$A" -- reboot >/dev/null 2>&1
t_ok "reboot from inside (reboot): it comes back to its default runlevel" d_rebooted "$A" "$p"
t_eq "no crashed service after the reboot" "" "$(ctr-attach -n "$A" -- rc-status --crashed 2>&1)"
p=$(d_pid "$A")
t_ok "ctr-stop -r asks for a reboot" ctr-stop -r -n "$A"
t_ok "reboot from the host: it comes back to its default runlevel" d_rebooted "$A" "$p"
t_ok "ping over the bridge after the reboots" d_wait 30 ping -c1 -W1 "$(d_addr 3)"

# --- graceful stop, restart -----------------------------------------------------------
s0=$SECONDS
ctr-stop -n "$A" -t 60
t_eq "ctr-stop: status 0" 0 "$?"
t_ok "the halt was graceful (well inside the 60 s timeout: $((SECONDS - s0)) s)" [ $((SECONDS - s0)) -lt 30 ]
t_ok "ctr-info: not RUNNING" d_wait 10 eval '[ "$(d_state "$A")" != RUNNING ]'
t_eq "no process of the guest is left" "" "$(d_left "$A")"
t_ok "restart: ctr-start -d again" d_start "$A"
t_eq "and it reaches its default runlevel" default "$(d_booted_openrc "$A" 120)"
ctr-stop -n "$A" -t 60 >/dev/null 2>&1
t_eq "stopped again, no process left" "" "$(d_left "$A")"
t_done
