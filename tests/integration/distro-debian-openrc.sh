#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
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

# --- boot ---------------------------------------------------------------------
d_first_start "$A"
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
# Under software emulation (the VM matrix) one OpenRC boot takes a minute or
# more: there the guest boots once and stops; reboots and the restart run in
# the host's run of this suite.
if [ "$D_SCALE" -gt 1 ]; then
	t_skip "reboots from inside and from the host" "under emulation (CTR_TEST_TIME_SCALE=$D_SCALE) each OpenRC boot takes minutes; the host's run covers them"
	D_RESTART=0
else
	d_reboots "$A" 3 reboot
	t_eq "no crashed service after the reboots" "" "$(ctr-attach -n "$A" -- rc-status --crashed 2>&1)"
fi

# --- graceful stop, restart -----------------------------------------------------------
d_stop_restart "$A"
ctr-stop -n "$A" -t 60 >/dev/null 2>&1
t_eq "stopped again, no process left" "" "$(d_left "$A")"
t_done
