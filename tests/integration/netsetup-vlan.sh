#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# --vlan ID bridges NIC.ID (802.1Q).  Runs where the kernel has 8021q;
# elsewhere skips with the reason (netsetup-refuse checks the error then).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/helpers/netsetup-env.sh"
t_require_root
t_require_cmd jq
ns_env_up || t_skip_all "cannot create network namespaces"
if ! ip -n "$H" link add link eth0 name vt.7 type vlan id 7 2>/dev/null; then
	t_skip_all "this kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q not set, no 8021q module)"
fi
ip -n "$H" link del vt.7
before=$(snap_all)
out=$(nsx ctr-netsetup --vlan 10 brwan eth0 2>&1)
t_eq "--vlan 10 exits 0" 0 "$?"
t_eq "eth0.10 is a VLAN with id 10" "vlan 10" \
	"$(ip -n "$H" -j -d link show eth0.10 | jq -r '.[0].linkinfo | "\(.info_kind) \(.info_data.id)"')"
t_eq "eth0.10 is brwan's port" brwan "$(ip -n "$H" -j link show eth0.10 | jq -r '.[0].master')"
t_eq "eth0 keeps its IPv4 address" "10.99.0.2/24" \
	"$(ip -n "$H" -j -4 addr show eth0 | jq -r '.[0].addr_info[] | "\(.local)/\(.prefixlen)"')"
t_ok "--down" nsx ctr-netsetup --down brwan
t_not "--down deletes eth0.10" ip -n "$H" link show eth0.10
t_eq "--down restores the rest" "$before" "$(snap_all)"
t_done
