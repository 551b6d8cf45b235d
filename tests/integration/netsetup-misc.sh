#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# --dry-run, --show/--json, --persist (against expected files), mac, and
# --address/--gateway on a NIC with nothing to move.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/helpers/netsetup-env.sh"
t_require_root
t_require_cmd jq
ns_env_up || t_skip_all "cannot create network namespaces"
exp=$T_TOP/tests/integration/expected

# --dry-run: every step printed, nothing changed, no state file
before=$(snap_all)
out=$(nsx ctr-netsetup --dry-run brwan eth0 2>&1)
t_eq "--dry-run exits 0" 0 "$?"
t_match "--dry-run prints the bridge step" "would create bridge 'brwan' \(MAC $NS_MAC, MTU 1500, STP off, forward delay 0\)" "$out"
t_match "--dry-run prints the route moves" "would move route default via 10.99.0.1 table 254 metric 0 to 'brwan'" "$out"
t_match "--dry-run prints the IPv6 step" "would disable IPv6 on 'eth0'" "$out"
t_eq "--dry-run changes nothing" "$before" "$(snap_all)"
t_not "--dry-run writes no state file" test -e "$CTR_RUNDIR/netsetup/brwan.json"

# --persist --dry-run prints the files; before and after the cut-over alike
for s in openrc networkd ifupdown; do
	out=$(nsx ctr-netsetup --persist $s --dry-run brwan eth0 2>&1)
	t_eq "--persist $s matches $s expected file" "$(cat "$exp/netsetup-persist-$s.txt")" "$out"
done
t_eq "--persist --dry-run changes nothing" "$before" "$(snap_all)"

root=$(t_tmpdir)
out=$(nsx ctr-netsetup --persist networkd --persist-root "$root" brwan eth0 2>&1)
t_eq "set up with --persist networkd" 0 "$?"
t_ok "the .netdev file is written" grep -qx "Kind=bridge" "$root/etc/systemd/network/25-brwan.netdev"
t_ok "the bridge's .network file is written" grep -qx "Address=10.99.0.2/24" "$root/etc/systemd/network/25-brwan.network"
for s in openrc networkd ifupdown; do
	out=$(nsx ctr-netsetup --persist $s --dry-run brwan eth0 2>&1)
	t_eq "--persist $s from the state file matches too" "$(cat "$exp/netsetup-persist-$s.txt")" "$out"
done
out=$(nsx ctr-netsetup --persist networkd --persist-root "$root" brwan eth0 2>&1)
t_eq "--persist again with the same files exits 0" 0 "$?"
echo "# mine" >"$root/etc/systemd/network/25-brwan.network"
out=$(nsx ctr-netsetup --persist networkd --persist-root "$root" brwan eth0 2>&1)
t_eq "--persist over a file of someone else's exits 1" 1 "$?"
t_match "--persist names the file it will not overwrite" "25-brwan.network: exists with other contents" "$out"
t_eq "the other file is untouched" "# mine" "$(cat "$root/etc/systemd/network/25-brwan.network")"
nsx ctr-netsetup --persist openrc --persist-root "$root" brwan eth0 >/dev/null 2>&1
t_eq "--persist openrc links netif.brwan to netif.tmpl" netif.tmpl "$(readlink "$root/etc/init.d/netif.brwan")"

# --show and --json
out=$(nsx ctr-netsetup --show 2>&1)
t_match "--show lists brwan with STP off" "^brwan: mac $NS_MAC mtu 1500 up stp off forward-delay 0.00s" "$out"
t_match "--show lists the port" "port eth0 veth up" "$out"
js=$(nsx ctr-netsetup --show --json brwan)
t_ok "--show --json is JSON" jq -e . <<<"$js"
t_eq "--json: name, port, STP" "brwan eth0 false" "$(jq -r '.bridges[0] | "\(.name) \(.ports[0].name) \(.stp)"' <<<"$js")"
t_eq "--json: addresses" "10.99.0.2/24 2001:db8:99::2/64" "$(jq -r '.bridges[0].addresses | join(" ")' <<<"$js")"
t_eq "--json: state file" "$CTR_RUNDIR/netsetup/brwan.json" "$(jq -r '.bridges[0].state_file' <<<"$js")"
out=$(nsx ctr-netsetup --show eth0 2>&1)
t_eq "--show of a non-bridge exits 1" 1 "$?"
t_match "--show of a non-bridge says so" "'eth0' is not a bridge" "$out"
t_ok "--down" nsx ctr-netsetup --down brwan
t_eq "--show --json with no bridge" "0" "$(nsx ctr-netsetup --show --json | jq '.bridges | length')"

# --stp and --address/--gateway on a NIC with no address to move
ip -n "$H" addr flush dev eth0
ip -n "$H" -6 route flush dev eth0
out=$(nsx ctr-netsetup --address 10.99.0.9/24 --gateway 10.99.0.1 brwan eth0 2>&1)
t_eq "--address/--gateway exits 0" 0 "$?"
t_eq "--address is on the bridge" "10.99.0.9/24" \
	"$(ip -n "$H" -j -4 addr show brwan | jq -r '.[0].addr_info[] | "\(.local)/\(.prefixlen)"')"
t_eq "--gateway is the default route" "10.99.0.1 brwan" \
	"$(ip -n "$H" -j -4 route show default | jq -r '.[] | "\(.gateway) \(.dev)"')"
t_ok "the LAN reaches --address" ip netns exec "$L" ping -n -c 1 -W 2 10.99.0.9
t_ok "--down after --address" nsx ctr-netsetup --down brwan
t_not "--down removes the bridge" ip -n "$H" link show brwan
# with STP on the port listens and learns before it forwards: no ping here
t_ok "--stp" nsx ctr-netsetup --stp brwan eth0
t_eq "--stp turns STP on" 1 "$(nsx cat /sys/class/net/brwan/bridge/stp_state)"
t_ok "--down after --stp" nsx ctr-netsetup --down brwan

# mac
t_eq "mac IP" "02:00:0a:00:01:05" "$(ctr-netsetup mac 10.0.1.5)"
t_eq "mac IP, high octets" "02:00:c0:a8:ff:fe" "$(ctr-netsetup mac 192.168.255.254)"
out=$(ctr-netsetup mac 10.0.1 2>&1)
t_eq "mac with a bad IP exits 2" 2 "$?"
t_match "mac with a bad IP names it" "invalid IPv4 address '10.0.1'" "$out"
ok=1
for i in $(seq 1 50); do
	m=$(ctr-netsetup mac --random)
	first=$((16#${m:0:2}))
	[[ $m =~ ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$ ]] && [ $((first & 1)) = 0 ] && [ $((first & 2)) = 2 ] || { ok=0; echo "# bad random MAC $m"; }
done
t_eq "mac --random: 50 locally administered unicast MACs" 1 "$ok"
t_not "mac --random differs between runs" [ "$(ctr-netsetup mac --random)" = "$(ctr-netsetup mac --random)" ]
t_eq "mac --stable is stable" "$(ctr-netsetup mac --stable funtoo0 1)" "$(ctr-netsetup mac --stable funtoo0 1)"
t_not "mac --stable differs by index" [ "$(ctr-netsetup mac --stable funtoo0 0)" = "$(ctr-netsetup mac --stable funtoo0 1)" ]
t_done
