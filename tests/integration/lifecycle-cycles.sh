#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# 20 start/stop cycles leave nothing behind: no cgroups, mounts, sockets,
# run files or processes (counted before and after), and no host links.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"

a=ctrt${T_ID}y
printf '::respawn:/bin/sleep 1000\n' >"$LC_ROOTFS/etc/inittab"
conf=$(lc_conf "$a" "lxc.tty.max = 2" "lxc.console.logfile = $LC_DIR/console.log")

cgroups() { find /sys/fs/cgroup -maxdepth 4 -type d -name "$a" 2>/dev/null | wc -l; }
mounts() { grep -c -- "$LC_DIR" /proc/self/mountinfo; }
sockets() { grep -c -- "$CTR_RUNDIR" /proc/net/unix; }
runfiles() { find "$CTR_RUNDIR" -mindepth 1 ! -name '.seccomp-*.bpf' 2>/dev/null | wc -l; }
# every process in the container's cgroups, and our monitors
procs() {
	local p n=0
	for p in /proc/[0-9]*; do
		if grep -q -- "/ctr/$a\$" "$p/cgroup" 2>/dev/null; then
			n=$((n + 1))
		elif [ "$(cat "$p/comm" 2>/dev/null)" = ctr-monitor ] &&
			tr '\0' '\n' <"$p/environ" 2>/dev/null | grep -qx "CTR_RUNDIR=$CTR_RUNDIR"; then
			n=$((n + 1))
		fi
	done
	echo $n
}
links() { ip -o link show 2>/dev/null | grep -c -- "$T_ID"; }
count() { echo "cgroups=$(cgroups) mounts=$(mounts) sockets=$(sockets) files=$(runfiles) procs=$(procs) links=$(links)"; }

before=$(count)
t_eq "nothing of ours before" "cgroups=0 mounts=0 sockets=0 files=0 procs=0 links=0" "$before"
fails=0 during=""
for i in $(seq 1 20); do
	ctr-start -d -n "$a" -f "$conf" || { fails=$((fails + 1)); continue; }
	[ "$i" = 10 ] && during=$(count)
	if [ $((i % 2)) = 0 ]; then ctr-stop -n "$a" -k; else ctr-stop -n "$a" -t 0; fi ||
		fails=$((fails + 1))
done
t_eq "20 start/stop cycles, every step succeeded" 0 "$fails"
t_match "while running there was something to count" \
	"cgroups=[1-9].* sockets=1 files=[1-9].* procs=[2-9]" "$during"
t_eq "after: the same as before" "$before" "$(count)"
t_eq "ls says STOPPED" STOPPED "$(lc_state "$a")"

# the same with a veth on a bridge of our own
br=ctrt${T_ID}br pair=ctrt${T_ID}v
if ! ip link add "$br" type bridge 2>/dev/null; then
	t_skip "20 cycles with a veth leave no host link" "cannot make a bridge"
else
	t_defer "ip link del $br"
	ip link set "$br" up
	conf=$(lc_conf "$a" "lxc.net.0.type = veth" "lxc.net.0.link = $br" \
		"lxc.net.0.veth.pair = $pair" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.213.9.2/24")
	links() { ip -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		grep -- "$T_ID" | grep -cvx -- "$br"; }
	before=$(count)
	fails=0 during="" info=""
	for i in $(seq 1 20); do
		ctr-start -d -n "$a" -f "$conf" || { fails=$((fails + 1)); continue; }
		if [ "$i" = 10 ]; then during=$(count); info=$(ctr-info -n "$a"); fi
		ctr-stop -n "$a" -k || fails=$((fails + 1))
	done
	t_eq "20 cycles with a veth, every step succeeded" 0 "$fails"
	t_match "while running the host end was there" "links=1" "$during"
	t_match "ctr-info shows the address inside" "eth0 10.213.9.2/24" "$info"
	t_eq "after: no link, cgroup, mount, socket, file or process left" "$before" "$(count)"
fi
t_done
