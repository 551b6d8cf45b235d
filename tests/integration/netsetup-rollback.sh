#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A step that fails half-way puts everything back as the snapshot says; a
# route that has to wait for another one is moved on the second pass.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/helpers/netsetup-env.sh"
t_require_root
t_require_cmd jq
ns_env_up || t_skip_all "cannot create network namespaces"

# A "proto kernel" route is left for the addresses to bring back, so the
# route whose gateway is only reachable through it cannot be re-added on
# brwan: the kernel answers ENETUNREACH half-way through the cut-over,
# after the bridge, the port and the addresses are in place.
ip -n "$H" route add 10.55.0.0/24 dev eth0 proto kernel scope link
ip -n "$H" route add 192.168.77.0/24 via 10.55.0.5 dev eth0
before=$(snap_all)
out=$(nsx ctr-netsetup -v brwan eth0 2>&1)
rc=$?
t_eq "a failed step exits 1" 1 "$rc"
t_match "the steps before it ran" "make 'eth0' a port of 'brwan'" "$out"
t_match "the message names the step and the kernel's reason" \
	"ctr-netsetup: cannot move route 192.168.77.0/24 via 10.55.0.5 table 254 metric 0 to 'brwan' \(network is unreachable: Nexthop has invalid gateway\); 'eth0' is back as it was" "$out"
t_eq "everything is back as it was" "$before" "$(snap_all)"
[ "$before" = "$(snap_all)" ] || diff <(echo "$before") <(snap_all) | head -30 | sed 's/^/# /'
t_not "no bridge left" ip -n "$H" link show brwan
t_not "no state file left" test -e "$CTR_RUNDIR/netsetup/brwan.json"
ip -n "$H" route del 192.168.77.0/24
ip -n "$H" route del 10.55.0.0/24

# 1.2.3.0/24 sorts before the static link route its gateway needs: the
# first pass fails with ENETUNREACH, the second moves it
ip -n "$H" route add 10.55.0.0/24 dev eth0 scope link
ip -n "$H" route add 1.2.3.0/24 via 10.55.0.5 dev eth0 metric 7
ip -n "$H" route add 10.66.0.0/16 via 10.99.0.1 table 100
out=$(nsx ctr-netsetup brwan eth0 2>&1)
t_eq "dependent routes: exits 0" 0 "$?"
t_eq "dependent routes: moved" "1.2.3.0/24 10.55.0.5 brwan 7" \
	"$(ip -n "$H" -j route show 1.2.3.0/24 | jq -r '.[] | "\(.dst) \(.gateway) \(.dev) \(.metric)"')"
t_eq "a route in another table moved" "10.66.0.0/16 brwan" \
	"$(ip -n "$H" -j route show table 100 | jq -r '.[] | "\(.dst) \(.dev)"')"
t_ok "--down" nsx ctr-netsetup --down brwan
t_eq "--down puts them back" "1.2.3.0/24 10.55.0.5 eth0 7" \
	"$(ip -n "$H" -j route show 1.2.3.0/24 | jq -r '.[] | "\(.dst) \(.gateway) \(.dev) \(.metric)"')"
t_eq "--down puts back the other table" "10.66.0.0/16 eth0" \
	"$(ip -n "$H" -j route show table 100 | jq -r '.[] | "\(.dst) \(.dev)"')"

# --down --force without a state file: the addresses go to the only port
ip -n "$H" route flush table 100
ip -n "$H" route del 1.2.3.0/24
ip -n "$H" route del 10.55.0.0/24
t_ok "set up again" nsx ctr-netsetup brwan eth0
rm -f "$CTR_RUNDIR/netsetup/brwan.json"
out=$(nsx ctr-netsetup --down brwan 2>&1)
t_eq "--down without a state file is refused" 1 "$?"
out=$(nsx ctr-netsetup --down --force brwan 2>&1)
t_eq "--down --force exits 0" 0 "$?"
t_not "--down --force deletes the bridge" ip -n "$H" link show brwan
t_eq "--down --force moves the IPv4 address back" "10.99.0.2/24 eth0" \
	"$(ip -n "$H" -j -4 addr show eth0 | jq -r '.[0].addr_info[] | "\(.local)/\(.prefixlen) \(.label)"')"
t_eq "--down --force moves the default route back" "10.99.0.1 eth0" \
	"$(ip -n "$H" -j -4 route show default | jq -r '.[] | "\(.gateway) \(.dev)"')"
t_done
