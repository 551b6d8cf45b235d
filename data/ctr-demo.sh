#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-demo: the seed's procedure end to end on a throwaway busybox rootfs.
#   1. ctr-checkconfig on this host
#   2. a bridge made by ctr-netsetup (the seed's brwan step)
#   3. a container from a seed-style config (legacy keys) with a veth on it:
#      ctr-start -d, ctr-ls, ctr-attach (hostname, PID 1, uptime, address),
#      a ping from the host side, ctr-stop
# Everything from step 2 on runs in a private network namespace and a run
# directory of its own, and is removed at the end: the host's links, routes,
# cgroups and /run are left as they were.  Needs root for steps 2 and 3.
# `make run` runs it from the build tree; installed, it is
# $(DATADIR)/ctr/ctr-demo.sh with the ctr-* commands on PATH.
set -eu

if [ -t 2 ]; then b='\033[1m' n='\033[0m'; else b='' n=''; fi
say() { printf "\n${b}\$ %s${n}\n" "$*" >&2; }
run() { say "$*"; "$@"; }

if [ "${1:-}" != --inside ]; then
	run ctr-checkconfig || true
	if [ "$(id -u)" != 0 ]; then
		echo "ctr-demo: the bridge and container steps need root; stopping here" >&2
		exit 0
	fi
	command -v busybox >/dev/null || {
		echo "ctr-demo: needs busybox (apt-get install busybox-static)" >&2
		exit 1
	}
	exec unshare -n bash "$0" --inside
fi

tmp=$(mktemp -d /tmp/ctr-demo.XXXXXX)
export CTR_RUNDIR=$tmp/run
name=ctrdemo
cleanup() {
	ctr-stop -k -n "$name" >/dev/null 2>&1 || true
	ctr-netsetup --down ctrdemo0 >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# a busybox rootfs; busybox init runs the inittab and halts on SIGPWR
root=$tmp/rootfs
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root}
cp "$(command -v busybox)" "$root/bin/busybox"
for a in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
printf 'root:x:0:\ntty:x:5:\n' >"$root/etc/group"
cat >"$root/etc/inittab" <<'EOF'
::respawn:/bin/sleep 3600
::shutdown:/bin/echo container halting
EOF

# the host's NIC and its LAN, played by a veth pair; the NIC has no address
# of its own, so the bridge gets one (the seed: "configure your bridge to
# have an IP address")
ip link set lo up
ip link add ctrdemo-nic type veth peer name ctrdemo-lan
ip link set ctrdemo-lan up
ip link set ctrdemo-nic up
run ctr-netsetup --address 10.207.0.1/24 ctrdemo0 ctrdemo-nic
run ctr-netsetup --show ctrdemo0

# the seed's config, its legacy keys as written, pointed at this rootfs
conf=$tmp/$name.conf
cat >"$conf" <<EOF
lxc.utsname                             = $name
lxc.rootfs                              = $root
lxc.tty                                 = 1  # one getty-able tty
lxc.pts                                 = 1024
lxc.cap.drop                            = sys_module
lxc.cap.drop                            = sys_time
lxc.cgroup.devices.deny                 = a
lxc.cgroup.devices.allow                = c 1:3 rwm   # /dev/null
lxc.cgroup.devices.allow                = c 1:5 rwm   # /dev/zero
lxc.cgroup.devices.allow                = c 1:9 rwm   # /dev/urandom
lxc.cgroup.devices.allow                = c 5:* rwm   # tty, console, ptmx
lxc.cgroup.devices.allow                = c 136:* rwm # /dev/pts/*
lxc.cgroup.memory.limit_in_bytes        = 256M
lxc.network.type                        = veth
lxc.network.flags                       = up
lxc.network.link                        = ctrdemo0
lxc.network.name                        = eth0
lxc.network.ipv4                        = 10.207.0.2/24
lxc.network.ipv4.gateway                = auto
EOF
say "cat $name.conf"
cat "$conf"
run ctr-start -d -n "$name" -f "$conf"
run ctr-ls
say "ctr-attach -n $name -- sh -c '...'"
ctr-attach -n "$name" -- sh -c '
	echo "hostname: $(hostname)"
	echo "PID 1:    $(tr "\0" " " </proc/1/cmdline)"
	echo "uptime:   $(cut -d" " -f1 /proc/uptime) s (the container'"'"'s own)"
	echo "eth0:     $(ip -4 -o addr show eth0 | awk "{print \$4}")"
	echo "gateway:  $(ip route | awk "/^default/ {print \$3}")"'
echo "host uptime: $(cut -d' ' -f1 /proc/uptime) s"
run ping -c 2 -W 2 10.207.0.2
run ctr-stop -n "$name" -t 10
run ctr-ls
run ctr-netsetup --down ctrdemo0
echo
echo "ctr-demo: done; nothing of it is left on the host"
