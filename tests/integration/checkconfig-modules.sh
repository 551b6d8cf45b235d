#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Module status through libkmod on a module tree this test builds with
# `depmod -b`: one loadable module (a tiny ELF object with .modinfo, or,
# where there is no compiler as in the VM guests, the running kernel's own
# veth.ko), one built in (modules.builtin), one missing.
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

# libkmod's own log goes through ours (CTR_DEBUG=1), never to stdout.
err=$(CTR_DEBUG=1 ctr-checkconfig --json -c "$tmp/config" -m "$mods" 2>&1 >/dev/null)
t_match "libkmod log routed through ctr's debug log" "ctr-checkconfig: debug: libkmod: " "$err"
t_nomatch "no libkmod log without CTR_DEBUG" "libkmod" "$(ctr-checkconfig -c "$tmp/config" -m "$mods" 2>&1)"

if [ -d /sys/module ] && [ -e /proc/modules ]; then
	t_skip "loaded modules" "not covered here: needs a module this test may load (tests/vm/guest-checkconfig.sh loads and checks them in the VM)"
else
	t_skip "loaded modules" "the running kernel has no module support (CONFIG_MODULES off)"
fi
t_done
