# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by the netsetup suites (after tests/lib.sh): a "host" network
# namespace whose veth "eth0" has an IPv4 and an IPv6 address and default
# routes via gateways on the peer "lan0" in a second namespace (the LAN).
#   ns_env_up [SUFFIX]   sets H (host ns), L (LAN ns), CTR_RUNDIR
#   nsx CMD...           runs CMD in the host namespace
#   snap_addr / snap_route   normalised `ip -j` output of the host ns
NS_MAC=02:00:0a:63:00:02

ns_env_up() {
	local s=${1:-}
	H=$(t_netns "h$s") || return 1
	L=$(t_netns "l$s") || return 1
	ip -n "$H" link add eth0 type veth peer name lan0 netns "$L" || return 1
	ip -n "$H" link set eth0 address "$NS_MAC"
	ip -n "$H" link set lo up
	ip -n "$L" link set lo up
	ip -n "$H" addr add 10.99.0.2/24 dev eth0
	ip -n "$H" addr add 2001:db8:99::2/64 dev eth0
	ip -n "$H" link set eth0 up
	ip -n "$L" addr add 10.99.0.1/24 dev lan0
	ip -n "$L" addr add 2001:db8:99::1/64 dev lan0 nodad
	ip -n "$L" link set lan0 up
	ip -n "$H" route add default via 10.99.0.1 dev eth0
	ns_wait_dad
	ip -n "$H" -6 route add default via 2001:db8:99::1 dev eth0
	CTR_RUNDIR=$(t_tmpdir)/run
	export CTR_RUNDIR
}

nsx() { ip netns exec "$H" "$@"; }

# IPv6 addresses are tentative until DAD is done (about a second).
ns_wait_dad() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ -z "$(ip -n "$H" -6 addr show tentative)" ] && return 0
		sleep 0.1
	done
	return 1
}

snap_addr() {
	ns_wait_dad
	ip -n "$H" -j addr show | jq -S '[.[] | {ifname, mtu, address, master, operstate,
		flags: (.flags | sort),
		addrs: ([.addr_info[] | del(.valid_life_time, .preferred_life_time)] | sort_by(.local))}]
		| sort_by(.ifname)'
}

snap_route() {
	{
		ip -n "$H" -j -4 route show table all
		ip -n "$H" -j -6 route show table all
	} | jq -S -s '[.[][] | del(.expires)] | sort_by(tostring)'
}

snap_all() { snap_addr; snap_route; ip -n "$H" -j link show | jq -S '[.[] | {ifname, master, mtu, address}] | sort_by(.ifname)'; }
