#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Host checks end to end inside a private mount namespace (unshare -m), so
# the host itself is never touched: a cgroup v2-only layout (cgroup2 mounted
# on /sys/fs/cgroup), sysctls bound over with our own values, and
# newuidmap/newgidmap with and without the setuid bit.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq
t_require_cmd unshare "util-linux"
tmp=$(t_tmpdir)
bin=$(command -v ctr-checkconfig)

# CGROUP_BPF and BPF_SYSCALL set, the three v1-only controllers off: the
# kernel offers each on cgroup v2, whatever the host mounts.
cat >"$tmp/v2.config" <<'CFG'
# Linux/x86 6.1.0 Kernel Configuration
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_USER_NS=y
CONFIG_CGROUPS=y
CONFIG_CGROUP_SCHED=y
CONFIG_MEMCG=y
CONFIG_CGROUP_BPF=y
CONFIG_BPF_SYSCALL=y
# CONFIG_CGROUP_FREEZER is not set
# CONFIG_CGROUP_DEVICE is not set
# CONFIG_CGROUP_CPUACCT is not set
CONFIG_VETH=y
CONFIG_BRIDGE=y
CONFIG_UNIX98_PTYS=y
CFG
grep -v CGROUP_BPF "$tmp/v2.config" >"$tmp/v2-nobpf.config"
sed 's/^# \(CONFIG_[A-Z_]*\) is not set/\1=y/' "$tmp/v2.config" >"$tmp/full.config"

state() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .state' "$1"; }

# In a private mount namespace: cgroup2 alone on /sys/fs/cgroup.
v2run() { # CONFIG OUT: prints the exit status
	unshare -m --propagation private sh -c '
		umount -R -l /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup || exit 99
		mount -t cgroup2 none /sys/fs/cgroup || exit 98
		"$0" --json --host -c "$1" >"$2" 2>/dev/null' "$bin" "$1" "$2"
	echo $?
}
rc=$(v2run "$tmp/v2.config" "$tmp/v2.json")
if [ "$rc" = 98 ] || [ "$rc" = 99 ]; then
	t_skip "cgroup v2-only" "cannot remount /sys/fs/cgroup in a mount namespace (status $rc)"
else
	t_eq "v2-only host: layout" "v2" "$(jq -r .host.cgroup.layout "$tmp/v2.json")"
	t_eq "v2-only host: v2 mount" "/sys/fs/cgroup" "$(jq -r .host.cgroup.v2_mount "$tmp/v2.json")"
	for c in CGROUP_FREEZER CGROUP_DEVICE CGROUP_CPUACCT; do
		t_eq "v2-only host with CGROUP_BPF: $c ok (cgroup v2)" "cgroup-v2 true" \
			"$(jq -r --arg id $c '.checks[] | select(.id == $id) | "\(.state) \(.ok)"' "$tmp/v2.json")"
	done
	t_eq "v2-only host with CGROUP_BPF: exit 0" 0 "$rc"
	rc=$(v2run "$tmp/v2-nobpf.config" "$tmp/v2n.json")
	t_eq "v2-only host without CGROUP_BPF: devices missing" "missing" "$(state "$tmp/v2n.json" CGROUP_DEVICE)"
	t_eq "v2-only host without CGROUP_BPF: freezer still cgroup.freeze" "cgroup-v2" "$(state "$tmp/v2n.json" CGROUP_FREEZER)"
	t_eq "v2-only host without CGROUP_BPF: exit 1" 1 "$rc"
fi
# A host that mounts cgroup2 anywhere (hybrid here) can use the v2 routes.
"$bin" --json --host -c "$tmp/v2.config" >"$tmp/real.json" 2>/dev/null; rc=$?
if [ "$(jq -r .host.cgroup.v2_mount "$tmp/real.json")" != null ]; then
	t_eq "host with cgroup2: freezer ok (cgroup v2)" "cgroup-v2 true" \
		"$(jq -r '.checks[] | select(.id == "CGROUP_FREEZER") | "\(.state) \(.ok)"' "$tmp/real.json")"
	t_eq "host with cgroup2: exit 0" 0 "$rc"
else
	t_skip "host with cgroup2" "this host mounts no cgroup2"
fi
# A v1-only host (a named v1 hierarchy alone, in a private mount
# namespace): the v2 routes are there in the kernel but not here: a
# problem, not a failure, and the note says so.
rc=$(unshare -m --propagation private sh -c '
	umount -R -l /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup || exit 99
	mount -t tmpfs ctrt-cg /sys/fs/cgroup || exit 98
	mkdir /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd || exit 98
	"$0" --json --host -c "$1" >"$2" 2>/dev/null' "$bin" "$tmp/v2.config" "$tmp/v1.json"; echo $?)
if [ "$rc" = 98 ] || [ "$rc" = 99 ]; then
	t_skip "v1-only host" "cannot mount a v1 hierarchy in a mount namespace (status $rc)"
else
	t_eq "v1-only host: layout" "v1" "$(jq -r .host.cgroup.layout "$tmp/v1.json")"
	t_eq "v1-only host: devices a problem, not a failure" "cgroup-v2 false false" \
		"$(jq -r '.checks[] | select(.id == "CGROUP_DEVICE") | "\(.state) \(.ok) \(.fails)"' "$tmp/v1.json")"
	t_match "v1-only host: the note says so" "mounts no cgroup2" \
		"$(jq -r '.checks[] | select(.id == "CGROUP_DEVICE") | .message' "$tmp/v1.json")"
	t_eq "v1-only host: exit 0" 0 "$rc"
fi
# A foreign config without --host: the layout is not consulted.
"$bin" --json -c "$tmp/v2.config" >"$tmp/foreign.json" 2>/dev/null
t_eq "foreign config: host null" "null" "$(jq -c .host "$tmp/foreign.json")"

# Sysctls and id-mapping helpers, bound over in a private mount namespace.
mkdir -p "$tmp/bin"
printf '0\n' >"$tmp/zero"; printf '1\n' >"$tmp/one"
printf '#!/bin/sh\n' >"$tmp/bin/newuidmap"; chmod 0755 "$tmp/bin/newuidmap"
printf '#!/bin/sh\n' >"$tmp/bin/newgidmap"; chmod 4755 "$tmp/bin/newgidmap"
unshare -m --propagation private sh -c '
	t=$1
	mount --bind "$t/zero" /proc/sys/user/max_user_namespaces || exit 97
	mount --bind "$t/zero" /proc/sys/kernel/dmesg_restrict || exit 97
	mount --bind "$t/one" /proc/sys/net/ipv4/ip_forward || exit 97
	mount --bind "$t/bin" /usr/bin || exit 97
	exec "$2" --json --host -c "$3" >"$t/facts.json" 2>/dev/null' sh "$tmp" "$bin" "$tmp/full.config"
rc=$?
if [ "$rc" = 97 ]; then
	t_skip "host facts" "cannot bind-mount over /proc/sys in a mount namespace"
else
	fact() { jq -r --arg n "$1" '.host.facts[] | select(.name == $n) | "\(.value) \(.ok)"' "$tmp/facts.json"; }
	t_eq "max_user_namespaces 0 is a problem" "0 false" "$(fact user.max_user_namespaces)"
	t_eq "dmesg_restrict 0 is a problem" "0 false" "$(fact kernel.dmesg_restrict)"
	t_eq "ip_forward 1 is fine" "1 true" "$(fact net.ipv4.ip_forward)"
	t_eq "newuidmap without setuid is a problem" "/usr/bin/newuidmap false" "$(fact newuidmap)"
	t_eq "newgidmap setuid root is fine" "/usr/bin/newgidmap true" "$(fact newgidmap)"
	t_match "dmesg_restrict says why" "read the host's kernel log" \
		"$(jq -r '.host.facts[] | select(.name == "kernel.dmesg_restrict") | .message' "$tmp/facts.json")"
	t_eq "host facts never change the exit status" "0" "$(jq -r .summary.exit "$tmp/facts.json")"
fi
# Nothing to find: /proc hidden under a tmpfs in a private mount namespace
# (and no /boot config or kernel tree for this kernel here).
r=$(unshare -m --propagation private sh -c 'mount -t tmpfs none /proc || exit 97
	exec "$0" 2>&1' "$bin"; echo "rc=$?")
rel=$(uname -r)
if [ -e "/boot/config-$rel" ] || [ -e "/lib/modules/$rel/build/.config" ] || [ -e "/usr/src/linux-$rel/.config" ] || [ -e /usr/src/linux/.config ]; then
	t_skip "nothing found" "this host has a kernel config outside /proc"
elif [ "${r##*rc=}" = 97 ]; then
	t_skip "nothing found" "cannot mount a tmpfs on /proc in a mount namespace"
else
	t_eq "nothing found: exit 2" 2 "${r##*rc=}"
	t_match "nothing found: says where it looked" "no kernel configuration found \(looked at /proc/config.gz, /boot/config-$rel, /lib/modules/$rel/build/.config, /usr/src/linux-$rel/.config, /usr/src/linux/.config\)" "$r"
	t_match "nothing found: says how to get one" "load the 'configs' module for /proc/config.gz, install the kernel's config in /boot, or pass -c FILE" "$r"
fi

# -c naming the running kernel's own config is the running kernel: host checks.
if [ -r /proc/config.gz ]; then
	j=$("$bin" --json -c /proc/config.gz 2>/dev/null)
	t_eq "-c /proc/config.gz: running" "true" "$(jq -r .config.running <<<"$j")"
	t_ok "-c /proc/config.gz: host checked" jq -e '.host.cgroup.layout' <<<"$j"
fi
t_ok "the host's own max_user_namespaces is untouched" test "$(cat /proc/sys/user/max_user_namespaces)" != 0
t_done
