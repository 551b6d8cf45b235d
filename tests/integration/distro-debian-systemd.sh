#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Debian 12 with systemd 252 (debootstrapped, cached: tests/distro/mktree),
# as an LXC user runs it: the config that lxc-create writes for the debian
# template (lxc.include of debian.common.conf, apparmor generated, a veth on
# a bridge with DHCP), used unchanged.  systemd reaches `running` with no
# failed unit and knows it is in LXC; the console gives a login prompt;
# ping over the bridge; reboot from inside and from the host; graceful
# stop; restart; two guests at once in cgroups of their own, nothing left
# after stop.  The trees are built on the first run (a few minutes).
. "$(dirname "$0")/../lib.sh"
D_FLAVOURS=systemd
. "$T_TOP/tests/integration/lib/distro.sh"
t_require_cmd tmux "Debian package tmux"
t_require_cmd jq "Debian package jq"

tree=$D_TREE_systemd
D_BOOTED=d_booted_systemd D_BOOTED_OK=running
A=ctrt${T_ID}a B=ctrt${T_ID}b
d_create "$A" "$tree" 1 || t_skip_all "lxc-create fails"
d_create "$B" "$tree" 2 || t_skip_all "lxc-create fails"
echo "# config ($D_CONFIG):"; sed 's/^/#   /' "$(d_conf "$A")" | grep -v '^#   #' | grep -v '^#   $'

# --- boot ---------------------------------------------------------------------
d_first_start "$A"
s0=$SECONDS
st=$(d_booted_systemd "$A" 120)
t_eq "systemctl is-system-running --wait says running" running "$st"
echo "# booted in about $((SECONDS - s0)) s"
failed=$(ctr-attach -n "$A" -- systemctl --failed --plain --no-legend 2>&1)
t_eq "no failed unit" "" "$failed"
t_eq "systemd-detect-virt: lxc (init's environment has container=lxc)" lxc \
	"$(ctr-attach -n "$A" -- systemd-detect-virt --container 2>&1)"
t_eq "the hostname is the container's name" "$A" "$(ctr-attach -n "$A" -- hostname 2>&1)"
t_ok "the guest got its address from DHCP on the bridge" d_wait 30 ping -c1 -W1 "$(d_addr 1)"
t_match "and its default route" "^default via $D_NET.1 dev eth0" \
	"$(ctr-attach -n "$A" -- ip route 2>&1)"

# --- the console: a login prompt, a login, Ctrl-a q --------------------------------
# getty@tty1..4 have ConditionPathExists=/dev/tty0, which no container has,
# and lxc-debian masks container-getty@; systemd's console-getty.service
# gives the login prompt on the console, as under LXC (lxc-console -t 0).
d_console "$A" 0 /dev/console

# --- reboot from inside, then from the host -------------------------------------
d_reboots "$A" 1 systemctl reboot
t_eq "no failed unit after the reboots" "" "$(ctr-attach -n "$A" -- systemctl --failed --plain --no-legend 2>&1)"

# --- graceful stop, restart -----------------------------------------------------------
d_stop_restart "$A"

# --- two guests at once: cgroups of their own --------------------------------------
t_ok "a second guest starts beside it" d_start "$B"
t_eq "the second guest runs" running "$(d_booted_systemd "$B" 120)"
t_eq "no failed unit in the second guest" "" "$(ctr-attach -n "$B" -- systemctl --failed --plain --no-legend 2>&1)"
# guest_pids NAME COMM: host PIDs of COMM in NAME's PID namespace
guest_pids() {
	local ns q
	ns=$(readlink "/proc/$(d_pid "$1")/ns/pid") || return
	for q in /proc/[0-9]*; do
		[ "$(cat "$q/comm" 2>/dev/null)" = "$2" ] && [ "$(readlink "$q/ns/pid" 2>/dev/null)" = "$ns" ] &&
			echo "${q#/proc/}"
	done
}
shared=""
for comm in systemd-journal dbus-daemon; do
	pa=$(guest_pids "$A" "$comm" | head -n 1) pb=$(guest_pids "$B" "$comm" | head -n 1)
	if [ -z "$pa" ] || [ -z "$pb" ]; then shared="$shared $comm:missing(a=$pa,b=$pb)"; continue; fi
	# every hierarchy line (ID:CONTROLLERS:PATH) of one differs from the other's
	c=$(comm -12 <(sort "/proc/$pa/cgroup") <(sort "/proc/$pb/cgroup"))
	[ -n "$c" ] && shared="$shared $comm:$(echo $c)"
done
t_eq "the two guests' journald and dbus share no cgroup on the host" "" "$shared"
# outside: each hierarchy's line of the guest's init names the guest's own
# cgroup (name=systemd included; systemd makes init.scope under it)
outside() {
	local n=$1 l bad=""
	while IFS= read -r l; do
		[[ ${l#*:*:} =~ /$n(/|$) ]] || bad="$bad $l"
	done <"/proc/$(d_pid "$n")/cgroup"
	echo "$bad"
}
# the subtree is delegated: the guest's systemd made its slices and services
# under the guest's own cgroup (cgroup2 on a v2 host, name=systemd on v1)
jpid=$(guest_pids "$A" systemd-journal | head -n 1)
t_ok "guest A's systemd put journald in system.slice of A's own cgroup (a subtree it can write)" \
	grep -Eq "/$A/(.*/)?system\.slice/systemd-journald\.service\$" "/proc/${jpid:-0}/cgroup"
t_eq "guest A's init is in A's cgroup in every hierarchy" "" "$(outside "$A")"
t_eq "guest B's init is in B's cgroup in every hierarchy" "" "$(outside "$B")"
mem=$(ctr-info -n "$A" --json | jq -r '.memory // 0')
t_ok "ctr-info's memory counts the whole guest, not init's own cgroup ($mem bytes > 8 MiB)" \
	[ "$mem" -gt $((8 << 20)) ]
for n in "$A" "$B"; do ctr-stop -n "$n" -t 60 >/dev/null 2>&1; done
left=$(find /sys/fs/cgroup -mindepth 1 -type d \( -name "$A" -o -name "$B" \) 2>/dev/null)
t_eq "after both stopped, no cgroup of theirs is left" "" "$left"
t_done
