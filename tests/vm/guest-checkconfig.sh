#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the VM only (tests/vm/guest-run): ctr-checkconfig on Debian's
# own kernel, as the host it boots: the cgroup layout it reports is the
# setup's, and the network drivers that are modules show as available before
# loading and as loaded after.
. "$(dirname "$0")/../lib.sh"
t_require_root
setup=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ctr\.setup=//p')
[ -n "$setup" ] || t_skip_all "not in a ctr VM guest (no ctr.setup= on the kernel command line)"
t_require_cmd ctr-checkconfig "not built yet"
kver=$(uname -r)

text=$(ctr-checkconfig --no-color 2>&1)
rc=$?
t_eq "ctr-checkconfig passes on Debian's kernel" 0 "$rc"
[ $rc -eq 0 ] || printf '%s\n' "$text" | grep -E 'missing|fail|error' | head -n 20 | sed 's/^/# /'
t_match "reads /boot/config-$kver (Debian has no /proc/config.gz)" "^Config: +/boot/config-$kver" "$text"
t_match "looks modules up in /lib/modules/$kver" "^Modules: +(/usr)?/lib/modules/$kver" "$text"

json=$(ctr-checkconfig -j 2>/dev/null)
t_ok "-j prints JSON" jq -e . <<<"$json"
layout() { jq -r '.host.cgroup.layout' <<<"$json"; }
status() { jq -r --arg o "$1" '.checks[] | select(.option == $o) | .module.status // "none"' <<<"$json"; }
case $setup in
v2 | modular | systemd)
	t_eq "host layout is v2" v2 "$(layout)"
	t_match "text says v2" "^cgroup\.layout: +v2" "$text"
	t_eq "no v1 controllers reported" 0 "$(jq '.host.cgroup.v1_controllers | length' <<<"$json")"
	for c in cpu io memory pids; do
		t_match "v2 controller $c reported" "(^| )$c( |$)" "$(jq -r '.host.cgroup.v2_controllers | join(" ")' <<<"$json")"
	done ;;
v1)
	t_eq "host layout is v1" v1 "$(layout)"
	t_match "text says v1" "^cgroup\.layout: +v1" "$text"
	t_eq "no cgroup2 mount reported" null "$(jq -r '.host.cgroup.v2_mount' <<<"$json")"
	for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
		t_match "v1 controller $c reported" "(^| )$c( |$)" "$(jq -r '.host.cgroup.v1_controllers | join(" ")' <<<"$json")"
	done ;;
esac

# The network drivers: modules of this kernel, loaded or not per the setup.
declare -A mod=([VETH]=veth [BRIDGE]=bridge [VLAN_8021Q]=8021q [MACVLAN]=macvlan)
if [ "$setup" = modular ]; then
	for o in "${!mod[@]}"; do
		t_eq "$o is 'available' before loading" available "$(status "$o")"
	done
	t_match "text says 'module, available'" "^Veth pair device: +module, available \\(not loaded\\)" "$text"
	t_ok "modprobe the four" modprobe -a veth bridge 8021q macvlan
	json=$(ctr-checkconfig -j 2>/dev/null)
	text=$(ctr-checkconfig --no-color 2>&1)
	for o in "${!mod[@]}"; do
		t_eq "$o is 'loaded' after loading" loaded "$(status "$o")"
	done
	t_match "text says 'module, loaded'" "^Bridge: +module, loaded" "$text"
	# Back to the kernel as it booted, for the suites after this one.
	t_ok "unload them again" modprobe -r -a macvlan 8021q bridge veth
	json=$(ctr-checkconfig -j 2>/dev/null)
	t_eq "VETH 'available' again" available "$(status VETH)"
else
	for o in "${!mod[@]}"; do
		t_eq "$o is 'loaded'" loaded "$(status "$o")"
	done
	t_match "text says 'module, loaded'" "^Macvlan: +module, loaded" "$text"
fi
t_done
