#!/usr/bin/env bash
# What every command shares: -V and -h, and argument checks that once let a
# bad value through (--vlan 4294967306 was VLAN 10), -f for lxc-ls users.
. "$(dirname "$0")/../lib.sh"

for b in "$CTR_BUILD"/bin/ctr-*; do
	n=$(basename "$b")
	out=$("$b" -V 2>&1); rc=$?
	t_eq "$n -V: exit 0" 0 "$rc"
	t_match "$n -V: prints its name and version" "^$n [0-9]+\.[0-9]+" "$out"
	out=$("$b" --version 2>&1)
	t_match "$n --version" "^$n [0-9]+\.[0-9]+" "$out"
	out=$("$b" -h 2>&1); rc=$?
	t_eq "$n -h: exit 0" 0 "$rc"
	t_match "$n -h: lists -V" '-V, --version' "$out"
done

out=$(ctr-netsetup --vlan 4294967306 ctrt${T_ID}br ctrt${T_ID}nic 2>&1); rc=$?
t_eq "--vlan 4294967306: usage error" 2 "$rc"
t_match "--vlan 4294967306: says why" "invalid VLAN id '4294967306' \(1 to 4094\)" "$out"
out=$(ctr-netsetup --vlan -4294967286 ctrt${T_ID}br ctrt${T_ID}nic 2>&1); rc=$?
t_eq "--vlan -4294967286 (10 modulo 2^32): usage error" 2 "$rc"

tmp=$(t_tmpdir)
export CTR_CONFIG_PATH=$tmp CTR_RUNDIR=$tmp/run
printf 'lxc.rootfs.path = %s\n' "$tmp" >"$tmp/ctrt$T_ID.conf"
t_eq "ctr-ls -f: the same table as ctr-ls" "$(ctr-ls 2>&1)" "$(ctr-ls -f 2>&1)"
t_match "ctr-ls --fancy lists the container" "^ctrt$T_ID +STOPPED" "$(ctr-ls --fancy 2>&1)"
t_done
