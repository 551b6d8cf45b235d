#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The other interface types: macvlan (containers on one parent reach each
# other in bridge mode, not in private mode), phys (a NIC moves in and comes
# back with its name, MTU and MAC), empty and no keys (loopback only), none
# (the host's namespace); and a background start (-d): ctr-info shows the
# addresses, ctr-stop removes the host end.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/lib/net.sh"

A=ctrt${T_ID}a B=ctrt${T_ID}b
run() { local n=$1 f=$2; shift 2; ctr-start -F -n "$n" -f "$f" -- /bin/sh -c "$*" </dev/null 2>&1; }
# the details of link @2 inside container @1's namespace, by the host's ip
inside_link() { nsenter --net="/proc/$(pgrep -P "${N_PID[$1]}" | head -n1)/ns/net" ip -d -j link show "$2"; }

# --- macvlan -----------------------------------------------------------------------
mp=ctrt${T_ID}-mp
ip link add "$mp" type veth peer name "ctrt${T_ID}-mq" && ip link set "$mp" up &&
	ip link set "ctrt${T_ID}-mq" up || t_skip_all "cannot make a veth pair"
t_defer "ip link del '$mp'"
for m in bridge private; do
	mode=()
	[ $m = private ] && mode=("lxc.net.0.macvlan.mode = private")
	net_conf "$N_DIR/mva.conf" "$A" lxc.net.0.type=macvlan "lxc.net.0.link = $mp" \
		"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.51.0.2/24" "${mode[@]}"
	net_conf "$N_DIR/mvb.conf" "$B" "lxc.network.type = macvlan" "lxc.network.link = $mp" \
		"lxc.network.flags = up" "lxc.network.ipv4 = 10.51.0.3/24" "${mode[@]/lxc.net.0./lxc.network.}"
	net_bg "$A" "$N_DIR/mva.conf"; t_eq "macvlan ($m): container A starts on '$mp'" 0 $?
	t_eq "its eth0 is a macvlan in $m mode on the parent" "macvlan $m" \
		"$(inside_link "$A" eth0 | jq -r '.[0].linkinfo | "\(.info_kind) \(.info_data.mode)"')"
	out=$(run "$B" "$N_DIR/mvb.conf" 'ping -c1 -W2 10.51.0.2 >/dev/null 2>&1 && echo reached || echo unreachable')
	if [ $m = bridge ]; then
		t_eq "B reaches A on the same parent" reached "$out"
	else
		t_eq "in private mode B does not reach A" unreachable "$out"
	fi
	net_stop "$A"
	t_eq "no macvlan left on the host" "" "$(ip -o link show type macvlan)"
done

# --- phys ----------------------------------------------------------------------------
p0=ctrt${T_ID}-p0 p1=ctrt${T_ID}-p1
ip link add "$p0" type veth peer name "$p1" && ip link set "$p1" up &&
	ip addr add 10.52.0.1/24 dev "$p1" || t_skip_all "cannot make a veth pair"
t_defer "ip link del '$p1'"
mac0=$(ip -j link show "$p0" | jq -r '.[0].address')
net_conf "$N_DIR/phys.conf" "$A" "lxc.net.0.type = phys" "lxc.net.0.link = $p0" \
	"lxc.net.0.name = eth3" "lxc.net.0.flags = up" "lxc.net.0.mtu = 1280" \
	"lxc.net.0.hwaddr = 02:00:00:52:00:02" "lxc.net.0.ipv4.address = 10.52.0.2/24"
net_bg "$A" "$N_DIR/phys.conf"; t_eq "phys: the container starts with '$p0'" 0 $?
t_not "the NIC has left the host" ip link show "$p0"
t_eq "inside it is eth3, up, with the MTU and MAC given" "1280 02:00:00:52:00:02 UP" \
	"$(inside_link "$A" eth3 | jq -r '.[0] | "\(.mtu) \(.address) \(.operstate)"')"
t_ok "the host reaches the container through it" ping -c1 -W3 10.52.0.2
net_stop "$A"
t_eq "after the stop the NIC is back under its name, MTU and MAC" "1500 $mac0" \
	"$(ip -j link show "$p0" 2>/dev/null | jq -r '.[0] | "\(.mtu) \(.address)"')"
net_conf "$N_DIR/nophys.conf" "$A" "lxc.net.0.type = phys" "lxc.net.0.link = ctrt${T_ID}-none"
out=$(run "$A" "$N_DIR/nophys.conf" true)
t_match "a missing NIC: an error naming the line and key" \
	"nophys.conf:[0-9]+: cannot use the interface 'ctrt${T_ID}-none' for 'eth0' \(no such link\)" "$out"
net_conf "$N_DIR/physgw.conf" "$A" "lxc.net.0.type = phys" "lxc.net.0.link = $p0" \
	"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.52.0.2/24" "lxc.net.0.ipv4.gateway = 10.99.0.1"
out=$(run "$A" "$N_DIR/physgw.conf" true); rc=$?
t_eq "a phys start that fails after the move" 125 $rc
t_ok "gives the NIC back" ip link show "$p0"

# --- empty, no keys, none --------------------------------------------------------------
net_conf "$N_DIR/empty.conf" "$A" "lxc.net.0.type = empty"
t_eq "empty: the loopback only, and up" "lo UP" \
	"$(run "$A" "$N_DIR/empty.conf" 'ls /sys/class/net; ip -o link show lo | grep -o "[<,]UP[,>]" | tr -d "<,>"' | tr '\n' ' ' | sed 's/ $//')"
net_conf "$N_DIR/nokeys.conf" "$A"
t_eq "no network keys: the same" "lo" "$(run "$A" "$N_DIR/nokeys.conf" 'ls /sys/class/net')"
net_conf "$N_DIR/none.conf" "$A" "lxc.net.0.type = none"
t_match "none: the host's links are visible (documented unsafe)" "$p1" \
	"$(run "$A" "$N_DIR/none.conf" 'ls /sys/class/net')"

# --- a user namespace: its network namespace belongs to it ---------------------------
ub=ctrt${T_ID}-ub
ip link add "$ub" type bridge && ip link set "$ub" up && ip addr add 10.55.0.1/24 dev "$ub"
t_defer "ip link del '$ub'"
net_conf "$N_DIR/userns.conf" "$A" "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536" \
	"lxc.net.0.type = veth" "lxc.net.0.link = $ub" "lxc.net.0.flags = up" \
	"lxc.net.0.ipv4.address = 10.55.0.2/24"
out=$(run "$A" "$N_DIR/userns.conf" 'read -r a b c </proc/self/uid_map; echo "$a $b"; ping -c1 -W3 10.55.0.1 >/dev/null && echo reached')
t_eq "a container with lxc.idmap gets its veth and reaches the bridge" "0 100000
reached" "$out"
t_eq "and leaves no veth" "" "$(ip -o link show type veth master "$ub")"

# --- a background start: ctr-info shows the addresses, ctr-stop removes the veth --------
if ctr-start --help 2>&1 | grep -q -- '--daemon' && command -v ctr-stop >/dev/null; then
	br=ctrt${T_ID}-br
	ip link add "$br" type bridge && ip link set "$br" up && ip addr add 10.53.0.1/24 dev "$br"
	t_defer "ip link del '$br'"
	net_conf "$N_DIR/d.conf" "$A" "lxc.net.0.type = veth" "lxc.net.0.link = $br" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.53.0.2/24" "lxc.net.0.ipv6.address = fd00:53::2/64"
	t_defer "ctr-stop -k -n '$A'"
	out=$(ctr-start -d -n "$A" -f "$N_DIR/d.conf" -- /bin/sh -c 'while :; do sleep 1; done' 2>&1 </dev/null)
	t_eq "ctr-start -d with a veth" "" "$out"
	t_ok "the host reaches the background container" ping -c1 -W3 10.53.0.2
	# (link-local addresses may or may not be listed)
	t_eq "ctr-info --json shows its addresses" "eth0 10.53.0.2/24 eth0 fd00:53::2/64" \
		"$(ctr-info -n "$A" --json | jq -r '[.addresses[] | select(.address | startswith("fe80") | not) | "\(.interface) \(.address)"] | join(" ")')"
	ctr-stop -k -n "$A" >/dev/null 2>&1; t_eq "ctr-stop -k" 0 $?
	t_eq "no veth left after ctr-stop" "" "$(net_veths | sed "s/ctrt${T_ID}-[mp][pq01] //g")"
	fails=0
	for i in $(seq 20); do
		ctr-start -d -n "$A" -f "$N_DIR/d.conf" -- /bin/sh -c 'while :; do sleep 1; done' \
			</dev/null >/dev/null 2>&1 || { fails=$((fails + 1)); continue; }
		ip link show "ve-$A-0" >/dev/null 2>&1 || fails=$((fails + 1))
		ctr-stop -k -n "$A" >/dev/null 2>&1 || fails=$((fails + 1))
		ip link show "ve-$A-0" >/dev/null 2>&1 && fails=$((fails + 1))
	done
	t_eq "20 cycles of start -d / stop -k with a veth: each had it, none left it" 0 "$fails"
	t_eq "no link of the container's on the bridge" "" "$(ip -o link show master "$br")"
else
	t_skip "ctr-start -d with a veth" "this build has no ctr-start -d / ctr-stop"
fi
t_done
