#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-netsetup BRIDGE NIC in a namespace: the cut-over loses no ping, the
# result is right, a second run is a no-op and --down restores exactly.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/helpers/netsetup-env.sh"
t_require_root
t_require_cmd jq
t_require_cmd ping iputils-ping
ns_env_up || t_skip_all "cannot create network namespaces"

before=$(snap_all)

# pings every 10 ms from the LAN during the cut-over; count what is lost
ip netns exec "$L" ping -n -q -i 0.01 -c 250 -W 1 10.99.0.2 >"$CTR_RUNDIR.ping4" 2>&1 &
p4=$!
ip netns exec "$L" ping -6 -n -q -i 0.01 -c 250 -W 1 2001:db8:99::2 >"$CTR_RUNDIR.ping6" 2>&1 &
p6=$!
sleep 0.5
out=$(nsx ctr-netsetup brwan eth0 2>&1)
rc=$?
wait $p4 $p6
t_eq "cut-over exits 0" 0 "$rc"
[ $rc = 0 ] || printf '# %s\n' "$out"
# Natively no echo may be lost.  In the VM matrix's guest (qemu's software
# emulation, ctr.setup= on its command line) one echo per family may be:
# traced there with kprobes, the kernel's br_add_if registers the port's rx
# handler (netdev_rx_handler_register) 0.8-14.4 ms before the port forwards
# (br_stp_enable_port), and frames arriving in between are dropped by the
# bridge; the lost echoes were freed inside that window, at one kernel
# location, in the runs whose window was longest.  The window is inside one
# netlink request, so no order of ours avoids it; natively it is microseconds
# against the 10 ms between pings.  There one is allowed and reported;
# anything more fails.
max_lost=0
grep -q 'ctr\.setup=' /proc/cmdline && max_lost=1
lost_check() {
	local fam=$1 file=$2 recv
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$file")
	if [ -z "$recv" ]; then
		t_fail "$fam: no ping lost during the cut-over" "no ping summary: $(head -c 300 "$file")"
	elif [ $((250 - recv)) -le $max_lost ]; then
		t_pass "$fam: no ping lost during the cut-over ($((250 - recv)) lost, $max_lost allowed here)"
	else
		t_fail "$fam: no ping lost during the cut-over" "$((250 - recv)) of 250 lost: $(grep "packet loss" "$file")"
	fi
}
lost_check IPv4 "$CTR_RUNDIR.ping4"
lost_check IPv6 "$CTR_RUNDIR.ping6"

t_eq "eth0 is brwan's port" brwan "$(ip -n "$H" -j link show eth0 | jq -r '.[0].master')"
t_eq "brwan has eth0's MAC" "$NS_MAC" "$(ip -n "$H" -j link show brwan | jq -r '.[0].address')"
t_eq "brwan has the IPv4 address" "10.99.0.2/24" \
	"$(ip -n "$H" -j -4 addr show brwan | jq -r '.[0].addr_info[] | "\(.local)/\(.prefixlen)"')"
t_eq "the IPv4 address carries brwan's label" brwan \
	"$(ip -n "$H" -j -4 addr show brwan | jq -r '.[0].addr_info[0].label')"
t_match "brwan has the IPv6 address" "2001:db8:99::2/64" \
	"$(ip -n "$H" -j -6 addr show brwan | jq -r '.[0].addr_info[] | "\(.local)/\(.prefixlen)"')"
t_eq "eth0 has no address left" 0 "$(ip -n "$H" -j addr show eth0 | jq '.[0].addr_info | length')"
t_eq "IPv4 default route via brwan" "10.99.0.1 brwan" \
	"$(ip -n "$H" -j -4 route show default | jq -r '.[] | "\(.gateway) \(.dev)"')"
t_eq "IPv6 default route via brwan" "2001:db8:99::1 brwan" \
	"$(ip -n "$H" -j -6 route show default | jq -r '.[] | "\(.gateway) \(.dev)"')"
t_eq "IPv6 is off on the port" 1 "$(nsx cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6)"
t_eq "STP is off" 0 "$(nsx cat /sys/class/net/brwan/bridge/stp_state)"
t_eq "forward delay is 0" 0 "$(nsx cat /sys/class/net/brwan/bridge/forward_delay)"
t_ok "the state file is there" test -s "$CTR_RUNDIR/netsetup/brwan.json"
t_ok "the state file is JSON" jq -e '.bridge == "brwan" and .nic == "eth0"' "$CTR_RUNDIR/netsetup/brwan.json"
t_ok "the host reaches the LAN through brwan" nsx ping -n -c 1 -W 2 10.99.0.1

mid=$(snap_all)
out=$(nsx ctr-netsetup brwan eth0 2>&1)
t_eq "a second run exits 0" 0 "$?"
t_match "a second run says it is set up" "already" "$out"
t_eq "a second run changes nothing" "$mid" "$(snap_all)"

out=$(nsx ctr-netsetup --down brwan 2>&1)
t_eq "--down exits 0" 0 "$?"
[ -n "$out" ] && printf '# %s\n' "$out"
after=$(snap_all)
t_eq "--down restores addresses, routes and links exactly" "$before" "$after"
[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after") | head -40 | sed 's/^/# /'
t_not "--down removes the state file" test -e "$CTR_RUNDIR/netsetup/brwan.json"
out=$(nsx ctr-netsetup --down brwan 2>&1)
t_eq "--down again exits 0" 0 "$?"
t_match "--down again has nothing to undo" "nothing to undo" "$out"
t_done
