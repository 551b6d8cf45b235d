#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start -F against lxc-execute and a bare unshare + chroot (the floor),
# side by side in one run, on the same busybox rootfs, each with a new
# network namespace: `-- /bin/true`, BENCH_N rounds (default 30),
# interleaved.  Prints medians of wall and CPU time (user + system, from
# bash's `times`: steadier on a busy host), ratios and peak memory (GNU time's maximum
# RSS).  Targets: ctr at most 0.7 x LXC (issue 11), within 1.5 x the floor.
# The clock is bash's own ($EPOCHREALTIME): a $(date) at each end put a
# fork and exec of date inside every timed interval, the same few ms on
# each side, which pulled every ratio towards 1.
. "$(dirname "$0")/../lib.sh" >/dev/null
. "$(dirname "$0")/lib.sh"
n=${BENCH_N:-30}
[ "$(id -u)" = 0 ] || { echo "start: skipped (needs root)"; exit 0; }
for c in ctr-start lxc-execute unshare chroot busybox; do
	command -v $c >/dev/null || { echo "start: skipped (no $c)"; exit 0; }
done
gtime=/usr/bin/time
[ -x $gtime ] || gtime=""

had_lxcbr=$(ip link show lxcbr0 >/dev/null 2>&1 && echo yes)
tmp=$(mktemp -d /tmp/ctrt-bench-start-XXXXXX)
name=ctrtb$T_ID
cleanup() {
	rm -rf "$tmp"
	# Installing lxc may bring up lxcbr0; leave no such link behind.
	if [ -z "$had_lxcbr" ] && ip link show lxcbr0 >/dev/null 2>&1; then
		ip link del lxcbr0
	fi
	if [ -f /etc/default/lxc-net ] && ! grep -q '^USE_LXC_BRIDGE="false"' /etc/default/lxc-net; then
		sed -i 's/^USE_LXC_BRIDGE=.*/USE_LXC_BRIDGE="false"/' /etc/default/lxc-net
	fi
}
trap 'cleanup; t__exit' EXIT
rootfs=$tmp/rootfs
t_busybox_rootfs "$rootfs"
caps="sys_module sys_rawio sys_time mac_admin mac_override syslog"

# The same container for both: new namespaces (network: loopback only),
# autodev, proc and sys, no ttys, the default capability drops.
cat >"$tmp/ctr.conf" <<CONF
lxc.uts.name = $name
lxc.rootfs.path = dir:$rootfs
lxc.mount.auto = proc:mixed sys:mixed
lxc.autodev = 1
lxc.tty.max = 0
lxc.pty.max = 1024
CONF
mkdir -p "$tmp/lxc/$name"
cat >"$tmp/lxc/$name/config" <<CONF
lxc.uts.name = $name
lxc.rootfs.path = dir:$rootfs
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:mixed
lxc.autodev = 1
lxc.tty.max = 0
lxc.pty.max = 1024
lxc.apparmor.profile = unconfined
lxc.cap.drop = $caps
lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp
CONF
export CTR_RUNDIR=$tmp/run
ctr_cmd=(ctr-start -F -n "$name" -f "$tmp/ctr.conf" -- /bin/true)
lxc_cmd=(lxc-execute -P "$tmp/lxc" -n "$name" -- /bin/true)
floor_cmd=(unshare --mount --uts --ipc --pid --net --cgroup --time --fork chroot "$rootfs" /bin/true)

for k in ctr lxc floor; do
	eval "cmd=(\"\${${k}_cmd[@]}\")"
	"${cmd[@]}" </dev/null >/dev/null 2>"$tmp/err" || {
		echo "start: '$k' does not run: $(head -c 300 "$tmp/err")"; exit 1; }
done
# run K: one timed round of K's command, wall and CPU appended.
run() {
	local k=$1 c0 c1
	eval "cmd=(\"\${${k}_cmd[@]}\")"
	bench_child_cpu_ms "$tmp/times"; c0=$CPU_MS
	s0=$EPOCHREALTIME
	"${cmd[@]}" </dev/null >/dev/null 2>&1
	s1=$EPOCHREALTIME
	bench_child_cpu_ms "$tmp/times"; c1=$CPU_MS
	awk -v s="$s0" -v e="$s1" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$tmp/$k.ms"
	awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.3f\n", b - a}' >>"$tmp/$k.cpu"
}
for i in $(seq "$n"); do
	run ctr
	run lxc
	run floor
done
rss() {
	[ -n "$gtime" ] || { echo "?"; return; }
	$gtime -f %M -o "$tmp/rss" "$@" </dev/null >/dev/null 2>&1
	tail -n1 "$tmp/rss"
}
c=$(bench_median "$tmp/ctr.ms") l=$(bench_median "$tmp/lxc.ms") f=$(bench_median "$tmp/floor.ms")
cc=$(bench_median "$tmp/ctr.cpu") lc=$(bench_median "$tmp/lxc.cpu") fc=$(bench_median "$tmp/floor.cpu")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %10s %12s %14s\n' "start + /bin/true, $n rounds" "median ms" "median cpu ms" "peak RSS KiB"
printf '%-30s %10.2f %12.2f %14s\n' "ctr-start -F" "$c" "$cc" "$(rss "${ctr_cmd[@]}")"
printf '%-30s %10.2f %12.2f %14s\n' "lxc-execute" "$l" "$lc" "$(rss "${lxc_cmd[@]}")"
printf '%-30s %10.2f %12.2f %14s\n' "unshare + chroot (floor)" "$f" "$fc" "$(rss "${floor_cmd[@]}")"
awk -v c="$c" -v l="$l" -v f="$f" -v cc="$cc" -v lc="$lc" -v fc="$fc" 'BEGIN{
	printf "ratio ctr/lxc   %.2f wall, %.2f cpu (target <= 0.70)\n", c / l, (lc > 0 ? cc / lc : 0)
	printf "ratio ctr/floor %.2f wall, %.2f cpu (target <= 1.50)\n", c / f, (fc > 0 ? cc / fc : 0) }'
