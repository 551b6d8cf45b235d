#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-netsetup against the same steps as `ip` commands in a shell script
# (and against the naive order many scripts use), side by side in network
# namespaces: the cut-over time (start until the host answers on brwan
# again) and the pings lost from the LAN, one every 10 ms.  Then 1,000 veth
# ports attached to one bridge through the library, time per port.
# BENCH_ROUNDS (default 5) cut-overs per method; BENCH_PORTS (default 1000).
set -u
. "$(dirname "$0")/lib.sh"
rounds=${BENCH_ROUNDS:-5}
ports=${BENCH_PORTS:-1000}
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)"; exit 1; }
command -v ctr-netsetup >/dev/null || { echo "ctr-netsetup not built"; exit 1; }
helper=${CTR_BUILD:-$PWD/build}/tests/helpers/netsetup-ports
# `make bench` builds the commands only: build the helper here
[ -x "$helper" ] || make -s -C "${CTR_TOP:-.}" B="${CTR_BUILD:-$PWD/build}" "$helper" >/dev/null ||
	{ echo "cannot build $helper"; exit 1; }
id=$(printf '%x' $(($$ % 65536)))
H=ctrtb${id}h L=ctrtb${id}l P=ctrtb${id}p
tmp=$(mktemp -d /tmp/ctrt-bench-netsetup-XXXXXX)
export CTR_RUNDIR=$tmp/run
cleanup() {
	for n in $H $L $P; do ip netns del $n 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

env_up() {
	ip netns add $H && ip netns add $L || return 1
	ip -n $H link add eth0 type veth peer name lan0 netns $L
	ip -n $H link set eth0 address 02:00:0a:63:00:02
	ip -n $H link set lo up; ip -n $L link set lo up
	ip -n $H addr add 10.99.0.2/24 dev eth0
	ip -n $H addr add 2001:db8:99::2/64 dev eth0
	ip -n $H link set eth0 up
	ip -n $L addr add 10.99.0.1/24 dev lan0
	ip -n $L addr add 2001:db8:99::1/64 dev lan0 nodad
	ip -n $L link set lan0 up
	ip -n $H route add default via 10.99.0.1 dev eth0
	for _ in $(seq 50); do [ -z "$(ip -n $H -6 addr show tentative)" ] && break; sleep 0.1; done
	ip -n $H -6 route add default via 2001:db8:99::1 dev eth0
}
env_down() { ip netns del $H; ip netns del $L; rm -rf "$CTR_RUNDIR"; }

# the same steps as ctr-netsetup, one `ip` process each
by_ip() {
	ip netns exec $H sh -e -c '
	ip link add brwan address 02:00:0a:63:00:02 mtu 1500 type bridge stp_state 0 forward_delay 0
	ip link set brwan up
	ip link set eth0 master brwan
	ip addr add 10.99.0.2/24 dev brwan
	ip -6 addr add 2001:db8:99::2/64 dev brwan nodad
	ip route replace default via 10.99.0.1 dev brwan
	ip -6 route replace default via 2001:db8:99::1 dev brwan metric 1024
	ip addr del 10.99.0.2/24 dev eth0
	ip -6 addr del 2001:db8:99::2/64 dev eth0
	echo 1 >/proc/sys/net/ipv6/conf/eth0/disable_ipv6'
}
# the order of the usual recipe: take the address off first, default STP
by_naive() {
	ip netns exec $H sh -e -c '
	ip addr flush dev eth0
	ip link add brwan type bridge
	ip link set eth0 master brwan
	ip link set brwan up
	ip addr add 10.99.0.2/24 dev brwan
	ip -6 addr add 2001:db8:99::2/64 dev brwan
	ip route add default via 10.99.0.1 dev brwan
	ip -6 route replace default via 2001:db8:99::1 dev brwan'
}
by_ctr() { ip netns exec $H ctr-netsetup brwan eth0; }

# one cut-over: prints "MS LOST TOOL_MS"
cutover() {
	local how=$1 t0 t1 ta pid sent recv
	env_up || return 1
	ip netns exec $L ping -n -q -i 0.01 -w 4 10.99.0.2 >"$tmp/ping" 2>&1 &
	pid=$!
	sleep 0.5
	t0=$EPOCHREALTIME
	"by_$how" >/dev/null 2>&1 || echo "# $how failed" >&2
	ta=$EPOCHREALTIME
	# the host answers on brwan: the address is there and a ping comes back
	for _ in $(seq 3000); do
		ip -n $H -4 addr show dev brwan 2>/dev/null | grep -q 10.99.0.2 &&
			ip netns exec $L ping -n -q -c 1 -W 0.2 10.99.0.2 >/dev/null 2>&1 && break
	done
	t1=$EPOCHREALTIME
	wait $pid
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$tmp/ping")
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$tmp/ping")
	env_down
	awk -v a="$t0" -v b="$t1" -v c="$ta" -v s="${sent:-0}" -v r="${recv:-0}" \
		'BEGIN{printf "%.1f %d %.1f\n", (b-a)*1000, s-r, (c-a)*1000}'
}

echo "cut-over: $rounds rounds per method, pings every 10 ms from the LAN namespace"
for how in ctr ip naive; do : >"$tmp/$how.ms"; : >"$tmp/$how.lost"; : >"$tmp/$how.tool"; done
for ((i = 0; i < rounds; i++)); do
	for how in ctr ip naive; do
		read -r ms lost tool < <(cutover $how)
		echo "$ms" >>"$tmp/$how.ms"
		echo "$tool" >>"$tmp/$how.tool"
		echo "$lost" >>"$tmp/$how.lost"
	done
done
echo "(cutover_ms: start until the LAN gets an answer from the address on brwan; the
 polling with ip/ping processes is in it.  tool_ms: the command or script alone)"
printf '%-26s %12s %10s %12s %10s\n' method cutover_ms tool_ms lost_median lost_total
for how in ctr ip naive; do
	case $how in ctr) name="ctr-netsetup" ;; ip) name="ip script, same steps" ;; naive) name="ip script, naive order" ;; esac
	printf '%-26s %12s %10s %12s %10s\n' "$name" "$(bench_median "$tmp/$how.ms")" "$(bench_median "$tmp/$how.tool")" \
		"$(bench_median "$tmp/$how.lost")" "$(awk '{s+=$1} END{print s+0}' "$tmp/$how.lost")"
done
awk -v a="$(bench_median "$tmp/ctr.ms")" -v b="$(bench_median "$tmp/ip.ms")" \
	-v c="$(bench_median "$tmp/ctr.tool")" -v d="$(bench_median "$tmp/ip.tool")" \
	'BEGIN{printf "ratio ip script / ctr-netsetup, medians: cut-over %.2f, tool alone %.2f\n", b/a, d/c}'

echo
echo "$ports veth ports attached to one bridge through the library (medians per port):"
ip netns add $P
ip netns exec $P "$helper" "$ports"
ip netns del $P
