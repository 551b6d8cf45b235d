#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Containers on a bridge through veth pairs: they reach each other and the
# host, get their configured or derived (stable) MAC, MTU, addresses and
# gateways; a leftover host end is replaced; a missing bridge and every
# failure after the pair exists leave no link; a stop leaves no veth.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/lib/net.sh"

br=ctrt${T_ID}-br
A=ctrt${T_ID}a B=ctrt${T_ID}b
ip link add "$br" mtu 1400 type bridge && ip link set "$br" up &&
	ip addr add 10.50.0.1/24 dev "$br" && ip -6 addr add fd00:50::1/64 dev "$br" nodad ||
	t_skip_all "cannot make a bridge"
t_defer "ip link del '$br'"

veth=(lxc.net.0.type=veth lxc.net.0.flags=up "lxc.net.0.link=$br")
net_conf "$N_DIR/a.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.hwaddr = 02:00:5e:10:00:0a" \
	"lxc.net.0.ipv4.address = 10.50.0.2/24" "lxc.net.0.ipv4.gateway = auto"
net_conf "$N_DIR/b.conf" "$B" "${veth[@]/=/ = }" \
	"lxc.net.0.ipv4.address = 10.50.0.3/24" "lxc.net.0.ipv4.address = 10.50.1.3/24 10.50.1.127" \
	"lxc.net.0.ipv6.address = fd00:50::3/64" "lxc.net.0.ipv4.gateway = 10.50.0.1" \
	"lxc.net.0.ipv6.gateway = fd00:50::1"
run() { local n=$1 f=$2; shift 2; ctr-start -F -n "$n" -f "$f" -- /bin/sh -c "$*" </dev/null 2>&1; }

# --- two containers on one bridge ---------------------------------------------
net_bg "$A" "$N_DIR/a.conf"; t_eq "container A starts on the bridge" 0 $?
pair=ve-$A-0
t_eq "its host end has the derived pair name and joins the bridge" "$br" \
	"$(ip -j link show "$pair" 2>/dev/null | jq -r '.[0].master')"
t_match "the host end is up" "UP" "$(ip -br link show "$pair" 2>/dev/null)"
t_match "the host end's MAC starts with fe: (the bridge keeps its own)" "^fe:" \
	"$(ip -j link show "$pair" 2>/dev/null | jq -r '.[0].address')"
t_eq "the host end has the bridge's MTU" 1400 "$(ip -j link show "$pair" 2>/dev/null | jq -r '.[0].mtu')"
t_ok "the host reaches A through its address on the bridge" ping -c1 -W3 10.50.0.2
out=$(run "$B" "$N_DIR/b.conf" 'ping -c1 -W3 10.50.0.2 >/dev/null && echo reached')
t_eq "B reaches A" reached "$out"
out=$(run "$B" "$N_DIR/b.conf" 'cat /sys/class/net/eth0/mtu; ip -o addr show dev eth0 | grep -v " fe80" | awk "{print \$3, \$4, \$5, \$6}"; ip route | grep ^default | cut -d" " -f1-5; ip -6 route | grep ^default | cut -d" " -f1-5')
t_eq "B's eth0 has the bridge's MTU, its addresses, broadcasts and gateways" \
"1400
inet 10.50.0.3/24 brd 10.50.0.255
inet 10.50.1.3/24 brd 10.50.1.127
inet6 fd00:50::3/64 scope global
default via 10.50.0.1 dev eth0
default via fd00:50::1 dev eth0" "$out"

net_bg "$B" "$N_DIR/b.conf"; t_eq "B starts in the background too" 0 $?
t_ok "the host reaches B" ping -c1 -W3 10.50.0.3
net_stop "$A"; t_eq "A stops with its init's status" 0 $?
t_eq "A's host end is gone after its stop" "ve-$B-0 " "$(net_veths)"
out=$(run "$A" "$N_DIR/a.conf" 'cat /sys/class/net/eth0/address; ip route | grep ^default | cut -d" " -f1-5; ping -c1 -W3 10.50.0.3 >/dev/null && echo reached')
t_eq "A (again) has the configured MAC, the auto gateway, and reaches B" \
"02:00:5e:10:00:0a
default via 10.50.0.1 dev eth0
reached" "$out"

# --- a second start of a running name harms nothing -----------------------------
out=$(run "$B" "$N_DIR/b.conf" true); rc=$?
t_eq "a second start of B is refused" 125 $rc
t_ok "B's host end is still there" ip link show "ve-$B-0"
t_ok "and B still answers" ping -c1 -W3 10.50.0.3
net_stop "$B"
t_eq "no veth left after both stopped" "" "$(net_veths)"

# --- MACs ---------------------------------------------------------------------------
net_conf "$N_DIR/d.conf" "$A" "${veth[@]/=/ = }"
m1=$(run "$A" "$N_DIR/d.conf" 'cat /sys/class/net/eth0/address')
m2=$(run "$A" "$N_DIR/d.conf" 'cat /sys/class/net/eth0/address')
t_match "no hwaddr: a derived, locally administered unicast MAC" "^.[26ae]:..:..:..:..:..$" "$m1"
t_eq "the same MAC on the next start" "$m1" "$m2"
m3=$(run "$B" "$N_DIR/d.conf" 'cat /sys/class/net/eth0/address')
t_ok "another container name derives another MAC" [ -n "$m3" -a "$m3" != "$m1" ]
net_conf "$N_DIR/w.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.hwaddr = 0x:16:3e:xx:xx:Xx"
m1=$(run "$A" "$N_DIR/w.conf" 'cat /sys/class/net/eth0/address')
m2=$(run "$A" "$N_DIR/w.conf" 'cat /sys/class/net/eth0/address')
t_match "x digits are filled, unicast" "^0[02468ace]:16:3e:..:..:.." "$m1"
t_eq "and the same on the next start" "$m1" "$m2"

# --- two interfaces, a pair name given, a veth without a bridge ---------------------
net_conf "$N_DIR/two.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.veth.pair = ctrt${T_ID}-h0" \
	lxc.net.1.type=veth lxc.net.1.flags=up "lxc.net.1.name = in1" "lxc.net.1.mtu = 1300"
out=$(run "$A" "$N_DIR/two.conf" 'ls /sys/class/net | tr "\n" " "; cat /sys/class/net/in1/mtu; ip link show ctrt'"${T_ID}"'-h0 >/dev/null 2>&1 || echo pair-not-inside')
t_eq "two interfaces inside: eth0 and the named in1 with its MTU" "eth0 in1 lo 1300
pair-not-inside" "$out"
net_bg "$A" "$N_DIR/two.conf"; t_eq "a start with two interfaces" 0 $?
t_eq "the given pair name on the bridge" "$br" \
	"$(ip -j link show "ctrt${T_ID}-h0" 2>/dev/null | jq -r '.[0].master')"
t_eq "the unbridged host end has no master, is up" "null UP" \
	"$(ip -j link show "ve-$A-1" 2>/dev/null | jq -r '"\(.[0].master) \(.[0].operstate)"')"
net_stop "$A"
t_eq "both host ends gone" "" "$(net_veths)"

# --- two containers with one veth.pair: the second does not take the first's --------
net_conf "$N_DIR/sa.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.veth.pair = ctrt${T_ID}-sh" \
	"lxc.net.0.ipv4.address = 10.50.0.2/24"
net_conf "$N_DIR/sb.conf" "$B" "${veth[@]/=/ = }" "lxc.net.0.veth.pair = ctrt${T_ID}-sh"
net_bg "$A" "$N_DIR/sa.conf"; t_eq "A starts with veth.pair ctrt${T_ID}-sh" 0 $?
t_match "its host end's alias names the owner" "^ctr:${N_PID[$A]}:[0-9]+:$A\$" \
	"$(ip -j link show "ctrt${T_ID}-sh" | jq -r '.[0].ifalias')"
out=$(run "$B" "$N_DIR/sb.conf" true); rc=$?
t_eq "B with the same veth.pair fails to start" 125 $rc
t_match "naming the running container that uses it" \
	"sb.conf:[0-9]+: cannot use 'ctrt${T_ID}-sh' as the host end of 'the veth' \(the running container '$A' uses it: give each container its own 'lxc.net.0.veth.pair'\)" "$out"
t_ok "A still answers" ping -c1 -W3 10.50.0.2
net_stop "$A"
t_eq "once A is stopped B starts" ok "$(run "$B" "$N_DIR/sb.conf" 'echo ok')"

# --- restart hygiene: a leftover host end -------------------------------------------
ip link add "ve-$A-0" type veth peer name "ctrt${T_ID}-sp"
# an owner that is gone (as a killed runtime's would be)
ip link set "ve-$A-0" alias "ctr:99999999:12345:$A"
t_defer "ip link del 'ctrt${T_ID}-sp'"
out=$(run "$A" "$N_DIR/d.conf" 'ping -c1 -W3 10.50.0.1 >/dev/null 2>&1; echo started')
t_eq "a leftover veth named like the pair: the start works anyway" started "$out"
t_eq "the leftover pair is gone with it" "" "$(net_veths)"
ip link add "ve-$A-0" type bridge
out=$(run "$A" "$N_DIR/d.conf" 'echo started'); rc=$?
t_eq "a bridge named like the pair is not removed: the start fails" 125 $rc
t_match "naming the key and what is in the way" \
	"d.conf:[0-9]+: cannot use 've-$A-0' as the host end .*is a bridge, not a leftover veth" "$out"
t_ok "the bridge is still there" ip link show "ve-$A-0" type bridge
ip link del "ve-$A-0"

# --- bad input: an error naming file, line and key, no link left ---------------------
net_conf "$N_DIR/nobr.conf" "$A" lxc.net.0.type=veth lxc.net.0.flags=up \
	"lxc.net.0.link = ctrt${T_ID}-nobr"
out=$(run "$A" "$N_DIR/nobr.conf" true); rc=$?
t_eq "a missing bridge fails the start" 125 $rc
t_match "naming file:line, the key and the bridge, suggesting ctr-netsetup" \
	"ctr-start: $N_DIR/nobr.conf:6: cannot attach 'eth0' to the bridge 'ctrt${T_ID}-nobr' \(no such bridge: make it with 'ctr-netsetup', or name another in 'lxc.net.0.link'\)" "$out"
t_eq "no link left" "" "$(net_veths)"
ip link add "ctrt${T_ID}-nb" type veth peer name "ctrt${T_ID}-nc"
net_conf "$N_DIR/notbr.conf" "$A" lxc.network.type=veth "lxc.network.link = ctrt${T_ID}-nb"
out=$(run "$A" "$N_DIR/notbr.conf" true); rc=$?
t_match "a link that is no bridge: an error naming the legacy key's line" \
	"notbr.conf:5: cannot attach 'eth0' to 'ctrt${T_ID}-nb' \(not a bridge but a veth" "$out"
t_eq "only the test's own veth is there" "ctrt${T_ID}-nb ctrt${T_ID}-nc " "$(net_veths)"
ip link del "ctrt${T_ID}-nb"
net_conf "$N_DIR/down.conf" "$A" lxc.net.0.type=veth "lxc.net.0.link = $br" \
	"lxc.net.0.ipv4.address = 10.50.0.9/24" "lxc.net.0.ipv4.gateway = 10.50.0.1"
out=$(run "$A" "$N_DIR/down.conf" true); rc=$?
t_match "a gateway on an interface left down: an error naming the key" \
	"down.conf:[0-9]+: cannot add the gateway '10.50.0.1' on 'eth0' \(the interface stays down: set 'lxc.net.0.flags = up'\)" "$out"
net_conf "$N_DIR/noaddr.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.ipv6.gateway = auto"
ip -6 addr flush dev "$br" scope global
out=$(run "$A" "$N_DIR/noaddr.conf" true); rc=$?
t_match "gateway auto on a bridge without such an address: an error" \
	"noaddr.conf:[0-9]+: cannot find the gateway for 'lxc.net.0.ipv6.gateway = auto' \('$br' has no ipv6 address\)" "$out"

# --- failures after the pair exists roll back ----------------------------------------
net_conf "$N_DIR/unreach.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.ipv4.address = 10.50.0.9/24" \
	"lxc.net.0.ipv4.gateway = 10.77.0.1"
out=$(run "$A" "$N_DIR/unreach.conf" true); rc=$?
t_eq "a gateway off every subnet fails the start" 125 $rc
t_match "with the kernel's reason" "cannot add the default route via '10.77.0.1' on 'eth0' \(Network is unreachable" "$out"
t_eq "the pair made before is gone" "" "$(net_veths)"
net_conf "$N_DIR/dup.conf" "$A" "${veth[@]/=/ = }" "lxc.net.0.ipv4.address = 10.50.0.9/24" \
	"lxc.net.1.type = veth" "lxc.net.1.link = $br" "lxc.net.1.name = eth0"
out=$(run "$A" "$N_DIR/dup.conf" true); rc=$?
t_eq "a second interface that cannot be made fails the start" 125 $rc
t_eq "the first pair is gone too" "" "$(net_veths)"
net_conf "$N_DIR/mnt.conf" "$A" "${veth[@]/=/ = }" "lxc.mount.entry = none $N_ROOTFS/mnt ctrtnofs defaults 0 0"
out=$(run "$A" "$N_DIR/mnt.conf" true); rc=$?
t_eq "a mount that fails after the network is up fails the start" 125 $rc
t_eq "and leaves no link" "" "$(net_veths)"
ctr-start -F -n "$A" -f "$N_DIR/d.conf" -- /nonexistent </dev/null >/dev/null 2>&1; rc=$?
t_eq "an init that cannot be executed: 127" 127 $rc
t_eq "and no link left" "" "$(net_veths)"
t_done
