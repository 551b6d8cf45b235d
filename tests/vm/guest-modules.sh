#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the VM only, in the modular setup (Debian's kernel as it boots:
# veth, bridge, 8021q, macvlan are modules, none loaded).  Both paths of the
# issue's module rule:
#  - load: the kernel loads a missing link type's module itself when asked
#    for the link over netlink (request_module runs /proc/sys/kernel/modprobe,
#    kmod); ctr-netsetup --vlan on the unloaded kernel must just work;
#  - fail: with module loading unavailable (modprobe path /bin/false, as in a
#    container or after the kernel's modules were removed by an upgrade), the
#    tool must fail naming the module and how to load it.
# Every module it loads is unloaded again: later suites find the kernel as
# it booted.
. "$(dirname "$0")/../lib.sh"
t_require_root
setup=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ctr\.setup=//p')
[ "$setup" = modular ] || t_skip_all "only in the VM's modular setup (this is '${setup:-not a VM guest}')"

loaded() { [ -d "/sys/module/$1" ]; }
# Unloads modules once nothing holds them (a deleted netns frees its links a
# moment later).
unload() {
	local i
	for ((i = 0; i < 50; i++)); do
		modprobe -r -a "$@" 2>/dev/null && return 0
		sleep 0.2
	done
	modprobe -r -a "$@"
}
t_defer "unload macvlan 8021q bridge veth dummy"

# --- the kernel loads link types on demand -----------------------------------------
ns=$(t_netns auto)
for m in veth bridge 8021q macvlan; do t_not "$m not loaded at the start" loaded "$m"; done
t_ok "a veth pair can be made" ip -n "$ns" link add ctrt-a type veth peer name ctrt-b
t_ok "which loaded veth" loaded veth
t_ok "a bridge can be made" ip -n "$ns" link add ctrt-br type bridge
t_ok "which loaded bridge" loaded bridge
t_ok "a VLAN can be made" ip -n "$ns" link add link ctrt-a name ctrt-a.7 type vlan id 7
t_ok "which loaded 8021q" loaded 8021q
t_ok "a macvlan can be made" ip -n "$ns" link add link ctrt-a name ctrt-mv type macvlan mode bridge
t_ok "which loaded macvlan" loaded macvlan
ip netns del "$ns"
t_ok "all four unload again" unload macvlan 8021q bridge veth

# --- ctr-netsetup on the unloaded kernel --------------------------------------------
if command -v ctr-netsetup >/dev/null && [ -f "$T_TOP/tests/helpers/netsetup-env.sh" ]; then
	. "$T_TOP/tests/helpers/netsetup-env.sh"
	ns_env_up m || t_fail "netsetup test namespaces" "ns_env_up failed"
	# ns_env_up made veth; bridge and 8021q are still out.
	t_not "bridge not loaded before ctr-netsetup" loaded bridge
	t_not "8021q not loaded before ctr-netsetup" loaded 8021q
	out=$(nsx ctr-netsetup --vlan 10 brwan eth0 2>&1)
	t_eq "ctr-netsetup --vlan 10 brwan eth0 works on the unloaded kernel" 0 "$?"
	[ -n "$out" ] && printf '%s\n' "$out" | tail -n 5 | sed 's/^/# /'
	t_match "brwan is a bridge" "brwan" "$(nsx ip -o link show type bridge 2>&1)"
	t_ok "bridge is loaded now" loaded bridge
	t_ok "8021q is loaded now" loaded 8021q
	out=$(nsx ctr-netsetup --down brwan 2>&1)
	t_eq "ctr-netsetup --down brwan" 0 "$?"
	ip netns del "$H"
	ip netns del "$L"
	t_ok "bridge and 8021q unload again" unload 8021q bridge

	# Module loading unavailable: the tool must say which module and how.
	old=$(cat /proc/sys/kernel/modprobe)
	t_defer "echo '$old' >/proc/sys/kernel/modprobe"
	ns_env_up n || t_fail "netsetup test namespaces" "ns_env_up failed"
	echo /bin/false >/proc/sys/kernel/modprobe
	out=$(nsx ctr-netsetup --vlan 10 brwan eth0 2>&1)
	rc=$?
	t_not "--vlan without 8021q loaded or loadable fails" test "$rc" = 0
	t_match "and names the module 8021q" "8021q" "$out"
	t_match "and says how to load it" "modprobe 8021q" "$out"
	t_ok "and leaves no brwan behind" sh -c "! ip netns exec '$H' ip link show brwan 2>/dev/null"
	out=$(nsx ctr-netsetup brwan eth0 2>&1)
	rc=$?
	t_not "a bridge without the bridge module fails" test "$rc" = 0
	t_match "and names the module bridge" "module 'bridge'|bridge module|module bridge|modprobe bridge" "$out"
	t_match "and says how to load it" "modprobe bridge" "$out"
	printf '%s\n' "$out" | tail -n 3 | sed 's/^/# /'
	echo "$old" >/proc/sys/kernel/modprobe
else
	t_skip "ctr-netsetup on the unloaded kernel" "ctr-netsetup or tests/helpers/netsetup-env.sh not there yet"
fi

t_done
