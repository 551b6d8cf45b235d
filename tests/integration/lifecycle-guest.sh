#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A guest that manages its own cgroups as systemd does, under
# lxc.mount.auto = cgroup:mixed (on a host with v1 hierarchies left to the
# guest, as LXC does, so the guest mounts what /proc/self/cgroup names, as
# systemd and OpenRC's cgroups service do): every hierarchy the host mounts, named ones
# (name=systemd) included, gives the container ctr/NAME with its init in
# it, seen from inside as the root; the guest's sub-cgroups (init.scope)
# land there, not at the host's root; MEMORY is the whole container's; after
# the stop nothing is left, sub-cgroups included.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/lib/lifecycle.sh"
t_require_cmd jq "Debian package jq"
a=ctrt${T_ID}g

# The guest: moves its init into init.scope on every hierarchy, starts a
# process in a sibling cgroup that fills 48 MiB of tmpfs, then waits.
cat >"$LC_ROOTFS/guest.sh" <<'GUEST'
#!/bin/sh
sed -n 's/^[0-9]*:\([^:]*\):\(.*\)/\1=\2/p' /proc/1/cgroup | tr '\n' ' ' >/tmp/roots
if ! grep -q ' /sys/fs/cgroup' /proc/self/mounts; then
	echo "self-mounted" >>/tmp/roots
	mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
	for c in $(sed -n 's/^[0-9]*:\([^:]*\):.*/\1/p' /proc/self/cgroup); do
		d=${c#name=}
		mkdir "/sys/fs/cgroup/$d" && mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$d" ||
			echo "failed mount $c" >>/tmp/roots
	done
	if grep -q '^0::' /proc/self/cgroup; then
		mkdir /sys/fs/cgroup/unified && mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified ||
			echo "failed mount cgroup2" >>/tmp/roots
	fi
fi
for mp in $(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/self/mounts); do
	mkdir -p "$mp/init.scope" "$mp/fill.scope" && echo 1 >"$mp/init.scope/cgroup.procs" ||
		echo "failed $mp" >>/tmp/roots
	# cgroup2: its controllers for its sub-cgroups, as systemd enables them
	[ -e "$mp/cgroup.subtree_control" ] || continue
	for c in $(cat "$mp/cgroup.controllers"); do
		echo "+$c" >"$mp/cgroup.subtree_control" || echo "failed +$c $mp" >>/tmp/roots
	done
done
sh -c 'for mp in $(awk "\$3 == \"cgroup\" || \$3 == \"cgroup2\" {print \$2}" /proc/self/mounts); do
	echo $$ >"$mp/fill.scope/cgroup.procs"; done
	dd if=/dev/zero of=/tmp/fill bs=1M count=48 2>/dev/null; touch /tmp/filled; exec sleep 100000' &
while :; do sleep 1; done
GUEST
chmod +x "$LC_ROOTFS/guest.sh"
lc_conf "$a" "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed" \
	"lxc.mount.entry = tmpfs tmp tmpfs size=128m 0 0" "lxc.init.cmd = /guest.sh" >/dev/null

t_ok "a guest that makes its own cgroups starts" lc_start "$a"
pid=$(lc_pid "$a")
t_ok "and fills its tmpfs" lc_wait_for 20 test -e "/proc/$pid/root/tmp/filled"

# every hierarchy the host mounts, named ones included
hiers=$(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/self/mounts | grep '^/sys/fs/cgroup')
missing="" leaked=""
for h in $hiers; do
	grep -qx "$pid" "$h/ctr/$a/init.scope/cgroup.procs" 2>/dev/null || missing="$missing $h"
	[ -e "$h/init.scope/cgroup.procs" ] && grep -qx "$pid" "$h/init.scope/cgroup.procs" && leaked="$leaked $h"
done
t_eq "on every hierarchy the guest's init.scope is inside ctr/$a" "" "$missing"
t_eq "and not at the host's root" "" "$leaked"
if grep -q ' /sys/fs/cgroup/systemd cgroup .*name=systemd' /proc/self/mounts; then
	t_ok "name=systemd included" grep -qx "$pid" "/sys/fs/cgroup/systemd/ctr/$a/init.scope/cgroup.procs"
else
	t_skip "name=systemd included" "this host mounts no name=systemd hierarchy"
fi
roots=$(cat "/proc/$pid/root/tmp/roots")
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
	t_nomatch "pure v2: cgroup2 mounted by ctr, as by LXC" "self-mounted" "$roots"
else
	t_match "v1 hierarchies: left to the guest, which mounted them itself" "self-mounted" "$roots"
fi
t_nomatch "inside, every cgroup mount was writable at its root" "failed" "$roots"
t_nomatch "and init's cgroups read as the root before the move" "=/[^ ]" "$roots"
v2=$(awk '$3 == "cgroup2" {print $2}' /proc/self/mounts | grep '^/sys/fs/cgroup' | head -n1)
if [ -n "$v2" ]; then
	t_eq "cgroup2: ctr/$a has every controller ctr/ has" "$(cat "$v2/ctr/cgroup.controllers")" \
		"$(cat "$v2/ctr/$a/cgroup.controllers")"
	t_eq "and the guest enabled them all for its sub-cgroups" "$(cat "$v2/ctr/$a/cgroup.controllers")" \
		"$(cat "$v2/ctr/$a/cgroup.subtree_control")"
	if [ "$v2" = /sys/fs/cgroup ]; then
		t_match "pure v2: memory and pids among them" "memory.*pids" "$(cat "$v2/ctr/$a/cgroup.controllers")"
	else
		t_skip "pure v2: memory and pids among them" "cgroup2 at $v2 beside v1 hierarchies"
	fi
else
	t_skip "cgroup2: ctr/$a has every controller ctr/ has" "no cgroup2 hierarchy"
fi

# MEMORY: the container's cgroup, not init.scope's
mem=$(ctr-info -n "$a" --json | jq -r .memory)
if [ -e "/sys/fs/cgroup/memory/ctr/$a/memory.usage_in_bytes" ]; then
	own=$(cat "/sys/fs/cgroup/memory/ctr/$a/memory.usage_in_bytes")
	scope=$(cat "/sys/fs/cgroup/memory/ctr/$a/init.scope/memory.usage_in_bytes")
else
	f=$(ls /sys/fs/cgroup/ctr/$a/memory.current /sys/fs/cgroup/unified/ctr/$a/memory.current 2>/dev/null | head -n1)
	own=$(cat "$f"); scope=$(cat "${f%/memory.current}/init.scope/memory.current")
fi
t_ok "MEMORY ($mem) is the container cgroup's ($own, init.scope $scope), 48 MiB filled" \
	awk -v m="$mem" -v o="$own" -v s="$scope" \
	'BEGIN { d = m - o; if (d < 0) d = -d; exit !(m >= 48 * 1048576 && d < 8 * 1048576 && m > s + 40 * 1048576) }'
ls_mem=$(ctr-ls | awk -v n="$a" '$1 == n {print $5}')
t_match "ctr-ls shows it too" "^(4[89]|[5-9][0-9])\.[0-9]M$" "$ls_mem"

t_ok "ctr-stop" ctr-stop -n "$a" -t 0
left=""
for h in $hiers; do [ -e "$h/ctr/$a" ] && left="$left $h/ctr/$a"; done
t_eq "nothing left on any hierarchy, sub-cgroups included" "" "$left"
t_done
