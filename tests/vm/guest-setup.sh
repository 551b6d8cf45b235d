#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the VM only (tests/vm/guest-run): checks that the guest is the
# host setup its kernel command line names, so the suites after it test what
# they claim to.  Setup from /proc/cmdline: ctr.setup=v2|v1|modular|systemd.
. "$(dirname "$0")/../lib.sh"
t_require_root
setup=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ctr\.setup=//p')
[ -n "$setup" ] || t_skip_all "not in a ctr VM guest (no ctr.setup= on the kernel command line)"
kver=$(uname -r)

t_ok "kernel config at /boot/config-$kver" test -s "/boot/config-$kver"
t_ok "module indexes for $kver" test -s "/lib/modules/$kver/modules.dep.bin"

# --- cgroup layout -------------------------------------------------------------
fstype=$(stat -f -c %T /sys/fs/cgroup)
v1mounts=$(awk '$3 == "cgroup" { print $2 }' /proc/mounts)
v2mounts=$(awk '$3 == "cgroup2" { print $2 }' /proc/mounts)
case $setup in
v2 | modular)
	t_eq "/sys/fs/cgroup is cgroup2" cgroup2fs "$fstype"
	t_eq "no cgroup v1 hierarchy mounted" "" "$v1mounts"
	t_eq "cgroup2 mounted once" /sys/fs/cgroup "$v2mounts"
	sub=$(cat /sys/fs/cgroup/cgroup.subtree_control)
	for c in cpuset cpu io memory pids; do
		t_match "root enables $c for the subtree" "(^| )$c( |$)" "$sub"
	done
	t_eq "system.slice enables what the root does" "$sub" \
		"$(cat /sys/fs/cgroup/system.slice/cgroup.subtree_control)"
	t_eq "the suites run in a leaf of system.slice" "0::/system.slice/ctr-tests.service" \
		"$(grep '^0::' /proc/self/cgroup)"
	t_match "the mount delegates namespaces" "nsdelegate" "$(awk '$3 == "cgroup2"' /proc/mounts)"
	;;
systemd)
	t_eq "PID 1 is systemd" systemd "$(cat /proc/1/comm)"
	t_match "Debian's systemd" "^systemd [0-9]+ \\(.*deb" "$(systemctl --version | head -n 1)"
	t_eq "/sys/fs/cgroup is cgroup2 (systemd mounted it)" cgroup2fs "$fstype"
	t_eq "no cgroup v1 hierarchy mounted" "" "$v1mounts"
	t_eq "cgroup2 mounted once" /sys/fs/cgroup "$v2mounts"
	t_eq "the suites run in their service's cgroup" "0::/system.slice/ctr-vm-test.service" \
		"$(grep '^0::' /proc/self/cgroup)"
	t_match "systemctl status of this shell says so too" "ctr-vm-test\.service" \
		"$(systemctl status --no-pager $$ 2>&1 | head -n 1)"
	t_eq "which is starting (a oneshot, until the suites end)" activating \
		"$(systemctl is-active ctr-vm-test.service)"
	t_eq "journald runs" active "$(systemctl is-active systemd-journald.service)"
	t_eq "no unit failed" "" "$(systemctl --failed --plain --no-legend)"
	;;
v1)
	t_eq "/sys/fs/cgroup is a tmpfs" tmpfs "$fstype"
	t_eq "no cgroup2 mounted anywhere" "" "$v2mounts"
	for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
		opts=$(awk -v m="/sys/fs/cgroup/$c" '$2 == m && $3 == "cgroup" { print $4 }' /proc/mounts)
		others=$(printf '%s' "$opts" | tr ',' '\n' |
			grep -Ev "^($c|rw|nosuid|nodev|noexec|relatime|clone_children)$" || true)
		t_ok "$c on its own hierarchy" test -n "$opts" -a -z "$others"
	done
	t_match "name=systemd hierarchy" "name=systemd" "$(awk '$2 == "/sys/fs/cgroup/systemd"' /proc/mounts)"
	t_ok "memory.limit_in_bytes is there (v1 files)" test -f /sys/fs/cgroup/memory/memory.limit_in_bytes
	t_ok "devices.allow is there (v1 files)" test -f /sys/fs/cgroup/devices/devices.allow
	;;
*) t_fail "setup '$setup' is known" "expected v2, v1 or modular" ;;
esac

# A cgroup can be made and removed where the runtime will make its own.
if [ "$setup" = v1 ]; then cg=/sys/fs/cgroup/memory/ctrt$T_ID; else cg=/sys/fs/cgroup/ctrt$T_ID; fi
t_defer "rmdir '$cg'"
t_ok "a cgroup can be made ($cg)" mkdir "$cg"
t_ok "and removed" rmdir "$cg"

# --- modules ---------------------------------------------------------------------
loaded() { [ -d "/sys/module/$1" ]; }
for m in veth bridge 8021q macvlan; do
	t_ok "$m is a module of this kernel" modinfo -k "$kver" -F filename "$m"
	if [ "$setup" = modular ]; then
		t_not "$m is not loaded at boot" loaded "$m"
	else
		t_ok "$m is loaded (a host that has used it)" loaded "$m"
	fi
done
if [ "$setup" = modular ]; then
	# Load through kmod (libkmod) and unload again: the suites after this one
	# must find the kernel as it booted.
	t_ok "modprobe loads veth, bridge, 8021q, macvlan" modprobe -a veth bridge 8021q macvlan
	for m in veth bridge 8021q macvlan; do t_ok "$m loaded now" loaded "$m"; done
	t_ok "and unloads them" modprobe -r -a macvlan 8021q bridge veth
	for m in veth bridge 8021q macvlan; do t_not "$m unloaded again" loaded "$m"; done
fi

# --- what runtimes rely on -----------------------------------------------------------
d=$(t_tmpdir)
t_ok "pivot_root works (the root is not the initramfs rootfs)" \
	unshare -m sh -c "mount -t tmpfs t '$d' && mkdir '$d/old' && cd '$d' && pivot_root . old"
t_ok "device nodes open in /tmp (not nodev, as on a Debian host)" \
	sh -c "mknod '$d/null' c 1 3 && head -c1 '$d/null' >/dev/null"
t_ok "eth0 is up with qemu's address" sh -c "ip -4 addr show dev eth0 | grep -q 10.0.2.15/24"
t_ok "busybox is static (container root filesystems copy it)" \
	sh -c "file -b /bin/busybox | grep -q static"

t_done
