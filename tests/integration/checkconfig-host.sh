#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-checkconfig on this machine, end to end: the running kernel's config
# where the tool finds it by itself (/proc/config.gz, else
# /boot/config-RELEASE as Debian's kernels have it: the VM guests), the real
# cgroup mounts, text and JSON.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq

boot=/boot/config-$(uname -r)
if [ -r /proc/config.gz ]; then
	src=/proc/config.gz fmt=gzip
	cfg=$(zcat /proc/config.gz)
elif [ -r "$boot" ]; then
	src=$boot fmt=plain
	cfg=$(cat "$boot")
else
	t_skip_all "no /proc/config.gz or $boot on this host"
fi
# The version the config's own header names (Debian's release 6.1.0-56-amd64
# is kernel 6.1.192).
hver=$(sed -n 's/^# Linux\/[^ ]* \([0-9][0-9.]*\).* Kernel Configuration$/\1/p' <<<"$cfg" | head -n 1)

out=$(ctr-checkconfig --no-color 2>&1); rc=$?
# The exit status the file warrants: 1 only if a required option is off.
want=0
for o in NAMESPACES UTS_NS IPC_NS PID_NS NET_NS USER_NS CGROUPS CGROUP_SCHED MEMCG VETH BRIDGE UNIX98_PTYS; do
	grep -Eq "^CONFIG_$o=[ym]" <<<"$cfg" || want=1
done
t_eq "exit status matches the required options in $src" "$want" "$rc"
t_match "reads $src as the running kernel" "Config: +$src \($fmt, running kernel\)" "$out"
t_match "kernel version from the header" "Kernel: +${hver//./\\.}( |$)" "$out"

if grep -q '^CONFIG_VLAN_8021Q=[ym]' <<<"$cfg"; then
	t_match "VLAN_8021Q reported enabled" "VLAN \(802.1Q\): +(enabled|module)" "$out"
else
	t_match "VLAN_8021Q reported missing" "VLAN \(802.1Q\): +missing \(CONFIG_VLAN_8021Q\)" "$out"
fi
if grep -q '^CONFIG_MODULES=y' <<<"$cfg"; then
	t_nomatch "module support not denied" "without module support" "$out"
else
	t_match "no module support said once" "^Modules: kernel built without module support" "$out"
	t_eq "said only once" 1 "$(grep -c 'module support' <<<"$out")"
fi

# The host's cgroup layout, as /proc/self/mountinfo has it.
v1=$(awk '$9 == "cgroup"' /proc/self/mountinfo | wc -l)
v2root=$(awk '$9 == "cgroup2" && $5 == "/sys/fs/cgroup"' /proc/self/mountinfo | wc -l)
v2=$(awk '$9 == "cgroup2"' /proc/self/mountinfo | wc -l)
if [ "$v1" -gt 0 ] && [ "$v2" -gt 0 ]; then layout=hybrid
elif [ "$v1" -gt 0 ]; then layout=v1
elif [ "$v2root" -gt 0 ]; then layout=v2
else layout=none; fi
t_match "host cgroup layout is $layout" "cgroup.layout: +$layout" "$out"

json=$(ctr-checkconfig --json 2>/dev/null)
t_ok "--json parses" jq -e . <<<"$json"
t_eq "json tool name" "ctr-checkconfig" "$(jq -r .tool <<<"$json")"
t_eq "json config running" "true" "$(jq -r .config.running <<<"$json")"
t_eq "json host layout" "$layout" "$(jq -r .host.cgroup.layout <<<"$json")"
t_eq "json VLAN_8021Q state" "$(grep -q '^CONFIG_VLAN_8021Q=y' <<<"$cfg" && echo enabled || { grep -q '^CONFIG_VLAN_8021Q=m' <<<"$cfg" && echo module || echo missing; })" \
	"$(jq -r '.checks[] | select(.id == "VLAN_8021Q") | .state' <<<"$json")"
t_eq "json modules flag" "$(grep -q '^CONFIG_MODULES=y' <<<"$cfg" && echo true || echo false)" "$(jq -r .kernel.modules <<<"$json")"
t_eq "json summary exit equals status" "$want" "$(jq -r .summary.exit <<<"$json")"
t_eq "every check has a known state" 0 \
	"$(jq '[.checks[] | select(.state | IN("enabled","module","missing","not-needed","must-be-off","unknown") | not)] | length' <<<"$json")"

q=$(ctr-checkconfig -q --no-color 2>&1)
t_nomatch "-q hides OK lines" "Namespaces: +enabled" "$q"
if grep -q '^CONFIG_VLAN_8021Q=[ym]' <<<"$cfg"; then :; else
	t_match "-q shows the VLAN problem" "VLAN \(802.1Q\)" "$q"
fi
t_done
