#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every refusal and every bad input: a clear error, exit 1 (2 and a pointer
# to --help for usage),
# and nothing changed in the namespace, no state file left.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/helpers/netsetup-env.sh"
t_require_root
t_require_cmd jq
ns_env_up || t_skip_all "cannot create network namespaces"

# refused NAME WANT_RC REGEX ARGS...: runs ctr-netsetup ARGS in the host ns
refused() {
	local name=$1 want=$2 re=$3 before out rc; shift 3
	before=$(snap_all)
	out=$(nsx ctr-netsetup "$@" 2>&1)
	rc=$?
	t_eq "$name: exit status" "$want" "$rc"
	t_match "$name: message" "$re" "$out"
	if [ "$want" = 2 ]; then # a usage error: the message, then where to look
		t_eq "$name: two lines, program name first" "2 ctr-netsetup: " "$(printf '%s\n' "$out" | wc -l) ${out:0:14}"
		t_eq "$name: points to --help" "Try 'ctr-netsetup --help' for more information." "$(printf '%s\n' "$out" | tail -n 1)"
	else
		t_eq "$name: one line, program name first" "1 ctr-netsetup: " "$(printf '%s\n' "$out" | wc -l) ${out:0:14}"
	fi
	t_eq "$name: nothing changed" "$before" "$(snap_all)"
	t_not "$name: no state file" test -e "$CTR_RUNDIR/netsetup/brwan.json"
}

refused "unknown NIC" 1 "network interface 'nosuch0' not found" brwan nosuch0
refused "loopback" 1 "'lo' is the loopback interface" brwan lo
ip -n "$H" link add brx type bridge
refused "a bridge as the NIC" 1 "'brx' is a bridge" brwan brx
ip -n "$H" link set eth0 master brx
refused "NIC already has a master" 1 "'eth0' already has a master 'brx'" brwan eth0
ip -n "$H" link set eth0 nomaster
ip -n "$H" link del brx
ip -n "$H" link add brwan type veth peer name brwanp
refused "brwan exists and is not a bridge" 1 "'brwan' exists and is not a bridge \(kind 'veth'\)" brwan eth0
ip -n "$H" link del brwan
refused "bridge name over 15 characters" 1 "invalid bridge name 'brwan0123456789x'" brwan0123456789x eth0
refused "NIC name over 15 characters" 1 "invalid interface name 'eth0123456789abc'" brwan eth0123456789abc
refused "a '/' in a name" 1 "invalid bridge name 'br/wan'" br/wan eth0
refused "--vlan name over 15 characters" 1 "--vlan 4094: the VLAN interface name 'eth0123456a.4094' is longer than 15 characters" --vlan 4094 brwan eth0123456a
refused "bad CIDR: octet" 2 "--address: invalid address '10.0.0.300/24'" --address 10.0.0.300/24 brwan eth0
refused "bad CIDR: prefix" 2 "--address: invalid address '10.0.0.1/33'" --address 10.0.0.1/33 brwan eth0
refused "bad CIDR: no prefix" 2 "--address: invalid address '10.0.0.1'" --address 10.0.0.1 brwan eth0
refused "bad CIDR: junk" 2 "--address: invalid address '2001:db8::1/64x'" --address 2001:db8::1/64x brwan eth0
refused "bad gateway" 2 "--gateway: invalid IP address '10.0.0.1/24'" --address 10.0.0.2/24 --gateway 10.0.0.1/24 brwan eth0
refused "bad --vlan" 2 "--vlan: invalid VLAN id '4095'" --vlan 4095 brwan eth0
refused "bad --persist" 2 "--persist: unknown system 'upstart'" --persist upstart brwan eth0
refused "usage" 2 "usage" brwan

# no CAP_NET_ADMIN over the namespace: a user namespace has every
# capability, but only over what it owns
before=$(snap_all)
out=$(nsx unshare -U ctr-netsetup brwan eth0 2>&1)
t_eq "no CAP_NET_ADMIN: exit status" 1 "$?"
t_match "no CAP_NET_ADMIN: message" "no permission to change network links: CAP_NET_ADMIN" "$out"
t_eq "no CAP_NET_ADMIN: nothing changed" "$before" "$(snap_all)"

# --vlan on a kernel without 8021q names the option and ctr-checkconfig
if ip -n "$H" link add link eth0 name vt.7 type vlan id 7 2>/dev/null; then
	ip -n "$H" link del vt.7
	t_skip "--vlan without 8021q" "this kernel has 802.1Q VLAN support (netsetup-vlan covers it)"
else
	refused "--vlan without 8021q" 1 "--vlan 10: this kernel has no 802.1Q VLAN support \(CONFIG_VLAN_8021Q\); run ctr-checkconfig" --vlan 10 brwan eth0
fi

# --down: no state file, a bad state file
ip -n "$H" link add brwan type bridge
refused "--down without a state file" 1 "no state file '.*brwan.json' for 'brwan'.*--force" --down brwan
mkdir -p "$CTR_RUNDIR/netsetup"
printf '{\n  "version": 1,\n  "bridge": "brwan",\n  "nic": "eth0",\n  "port": "eth0",\n  "mac": "02:00:zz:00:00:01"\n}\n' >"$CTR_RUNDIR/netsetup/brwan.json"
before=$(snap_all)
out=$(nsx ctr-netsetup --down brwan 2>&1)
t_eq "--down with a bad state file: exit status" 1 "$?"
t_match "--down with a bad state file: file, line and key" "brwan.json:6: bad state file: key 'mac'" "$out"
t_eq "--down with a bad state file: nothing changed" "$before" "$(snap_all)"
rm -f "$CTR_RUNDIR/netsetup/brwan.json"
ip -n "$H" link del brwan
t_done
