#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Module status from depmod's indexes on a module tree this test builds with
# `depmod -b`: one loadable module (a tiny ELF object with .modinfo, or,
# where there is no compiler as in the VM guests, the running kernel's own
# veth.ko), one built in (modules.builtin), one missing.  Then every module,
# built-in module and alias of Debian's own kernel (the VM matrix's, fetched
# with apt and cached), each answer held against kmod's modinfo, which asks
# libkmod.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq
t_require_cmd depmod "package kmod"
command -v gcc >/dev/null || modinfo -n veth >/dev/null 2>&1 ||
	t_skip_all "needs gcc or the running kernel's veth module"
tmp=$(t_tmpdir)
ver=9.9.9-ctrt$T_ID
mods=$tmp/lib/modules/$ver
mkdir -p "$mods/kernel/drivers/net" "$mods/kernel/net/8021q"

ko() { # NAME DIR: a relocatable object depmod accepts as a module
	local real
	if ! command -v gcc >/dev/null; then
		real=$(modinfo -n "$1") && cp "$real" "$2/$1.ko"
		return
	fi
	printf '%s\n' \
		'static const char __attribute__((used, section(".modinfo"))) l[] = "license=GPL";' \
		"static const char __attribute__((used, section(\".modinfo\"))) n[] = \"name=$1\";" \
		>"$tmp/$1.c"
	gcc -c "$tmp/$1.c" -o "$2/$1.ko"
}
ko veth "$mods/kernel/drivers/net"
echo "kernel/net/bridge/bridge.ko" >"$mods/modules.builtin"
: >"$mods/modules.order"
depmod -b "$tmp" "$ver" 2>/dev/null
t_ok "depmod built the index" test -s "$mods/modules.dep.bin"

cat >"$tmp/config" <<CFG
# Linux/x86 6.1.0 Kernel Configuration
CONFIG_MODULES=y
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_USER_NS=y
CONFIG_CGROUPS=y
CONFIG_CGROUP_DEVICE=y
CONFIG_CGROUP_FREEZER=y
CONFIG_CGROUP_SCHED=y
CONFIG_CGROUP_CPUACCT=y
CONFIG_MEMCG=y
CONFIG_UNIX98_PTYS=y
CONFIG_VETH=m
CONFIG_BRIDGE=m
CONFIG_VLAN_8021Q=m
CONFIG_MACVLAN=y
CFG

state() { jq -r --arg id "$1" '.checks[] | select(.id == $id) | "\(.state) \(.module.status) \(.ok)"' <<<"$j"; }
j=$(ctr-checkconfig --json -c "$tmp/config" --modules-dir "$mods")
rc=$?
t_eq "loadable: VETH module available" "module available true" "$(state VETH)"
t_eq "modules.builtin honoured: BRIDGE=m is built in" "module builtin true" "$(state BRIDGE)"
t_eq "missing: 8021q not in the tree" "module missing false" "$(state VLAN_8021Q)"
t_eq "=y: built in without asking" "enabled builtin true" "$(state MACVLAN)"
t_eq "modules dir in the JSON" "$mods" "$(jq -r .modules.dir <<<"$j")"
t_eq "a recommended module missing does not fail" 0 "$rc"
out=$(ctr-checkconfig --no-color -c "$tmp/config" -m "$mods")
t_match "text: available" "Veth pair device: +module, available \\(not loaded\\)" "$out"
t_match "text: missing names the tree" "VLAN \(802.1Q\): +module, but '8021q' is missing from $mods" "$out"

# A required module missing from the tree fails.
: >"$mods/modules.builtin"
depmod -b "$tmp" "$ver" 2>/dev/null
j=$(ctr-checkconfig --json -c "$tmp/config" --modules-dir "$mods"); rc=$?
t_eq "required module missing: state" "module missing false" "$(state BRIDGE)"
t_eq "required module missing: exit 1" 1 "$rc"

# A modules directory that does not exist: said, not fatal.
j=$(ctr-checkconfig --json -c "$tmp/config" --modules-dir "$tmp/nowhere"); rc=$?
t_match "no such modules dir: noted" "module status not checked: '$tmp/nowhere' modules directory not found" "$(jq -r .modules.note <<<"$j")"
t_eq "no such modules dir: VETH unchecked" "module unchecked true" "$(state VETH)"

# The lookups are in the debug log (CTR_DEBUG=1), never on stdout.
err=$(CTR_DEBUG=1 ctr-checkconfig --json -c "$tmp/config" -m "$mods" 2>&1 >/dev/null)
t_match "lookups in ctr's debug log" "ctr-checkconfig: debug: module 'veth': found as 'veth'" "$err"
t_match "a missing one too" "ctr-checkconfig: debug: module 'bridge': not found" "$err"
t_nomatch "no lookup log without CTR_DEBUG" "debug" "$(ctr-checkconfig -c "$tmp/config" -m "$mods" 2>&1)"

# A tree where depmod never ran (an unpacked kernel package): said, not
# every module reported missing.
rm -f "$mods"/modules.*.bin
j=$(ctr-checkconfig --json -c "$tmp/config" --modules-dir "$mods"); rc=$?
t_match "no modules.dep.bin: noted" "module status not checked: '$mods' no modules.dep.bin \\(run depmod for this kernel\\)" "$(jq -r .modules.note <<<"$j")"
t_eq "no modules.dep.bin: VETH unchecked" "module unchecked true" "$(state VETH)"
t_eq "no modules.dep.bin: exit 0" 0 "$rc"
printf 'not an index' >"$mods/modules.dep.bin"
j=$(ctr-checkconfig --json -c "$tmp/config" --modules-dir "$mods")
t_match "a file that is no index: noted" "modules.dep.bin is not a module index" "$(jq -r .modules.note <<<"$j")"

# Debian's kernel: every answer as libkmod gives it (modinfo -F filename: a
# path is available, "(builtin)" built in, an error missing).
# On the host: the VM matrix's kernel, every name.  In a VM guest (no apt
# there): the running Debian kernel's own tree (what the initramfs holds),
# some 400 names spread over it (modinfo runs some twenty times slower
# under emulation).
helper=${CTR_BUILD:-$T_TOP/build}/tests/helpers/modstatus
tree="" step=1
if [ -x "$helper" ] && grep -q 'ctr\.setup=' /proc/cmdline &&
	[ -f "/lib/modules/$(uname -r)/modules.dep.bin" ]; then
	tree=/ kver=$(uname -r) step=0
elif [ -x "$helper" ] &&
	tree=$("$T_TOP/tests/vm/fetch-kernel" "${CTR_VM_CACHE:-$T_TOP/build-vm}" 2>"$tmp/fetch.err"); then
	kver=$(ls "$tree/lib/modules" | head -n 1)
fi
if [ ! -x "$helper" ]; then
	t_skip "Debian's kernel against modinfo" "$helper not built (make tests-build)"
elif [ -z "$tree" ]; then
	t_skip "Debian's kernel against modinfo" "no Debian kernel: $(tail -n 1 "$tmp/fetch.err")"
else
	kdir=$tree/lib/modules/$kver
	# Every module and built-in module by name; every alias without a
	# wildcard, of modules and of built-in ones; each wildcard alias with
	# its wildcards filled in (every 8th: '*' as "x1", '?' as "z", a range
	# as its first character); names that are nowhere.
	{
		sed -n 's|^\([^:]*\):.*|\1|p' "$kdir/modules.dep" | sed 's|.*/||; s/\.ko.*$//'
		sed 's|.*/||; s/\.ko$//' "$kdir/modules.builtin"
		awk '$1 == "alias" && $2 !~ /[*?[]/ { print $2 }' "$kdir/modules.alias"
		tr '\0' '\n' <"$kdir/modules.builtin.modinfo" | sed -n 's/^[^.]*\.alias=//p' | grep -v '[*?[]'
		awk '$1 == "alias" && $2 ~ /[*?[]/ && NR % 8 == 0 { print $2 }' "$kdir/modules.alias" |
			sed 's/\*/x1/g; s/?/z/g; s/\[\(.\)[^]]*\]/\1/g'
		printf 'ctrt-nosuch-%s\n' a b c
	} | grep -v '[[:space:]]' | sort -u >"$tmp/all"
	[ "$step" -gt 0 ] || step=$(($(wc -l <"$tmp/all") / 400 + 1))
	awk -v s="$step" 'NR % s == 0 || /^ctrt-/' "$tmp/all" >"$tmp/names"
	"$helper" "$kdir" <"$tmp/names" >"$tmp/ours"
	# modinfo per name, two at a time
	xargs -P 2 -n 64 sh -c 'for n; do
		f=$(modinfo -b "$0" -k "'"$kver"'" -F filename "$n" 2>/dev/null | head -n 1)
		case $f in "") s=missing ;; "(builtin)") s=builtin ;; *) s=available ;; esac
		echo "$n $s"
	done' "$tree" <"$tmp/names" | sort >"$tmp/theirs"
	sort "$tmp/ours" >"$tmp/ours.sorted"
	n=$(wc -l <"$tmp/names")
	t_eq "Debian $kver: all $n names looked up" "$n" "$(wc -l <"$tmp/ours.sorted")"
	t_ok "Debian $kver: some of each kind" \
		test "$(cut -d' ' -f2 "$tmp/ours.sorted" | sort -u | tr '\n' ' ')" = "available builtin missing "
	diff "$tmp/theirs" "$tmp/ours.sorted" >"$tmp/diff"
	t_eq "Debian $kver: every answer is libkmod's ($n names)" "" "$(head -n 20 "$tmp/diff")"
fi

if [ -d /sys/module ] && [ -e /proc/modules ]; then
	t_skip "loaded modules" "not covered here: needs a module this test may load (tests/vm/guest-checkconfig.sh loads and checks them in the VM)"
else
	t_skip "loaded modules" "the running kernel has no module support (CONFIG_MODULES off)"
fi
t_done
