#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Container networking, in a network namespace of the bench's own (unshare
# -n -m) so its bridge and veths never meet the host's:
#  1. a start with one veth on a bridge, `-- /bin/true`: ctr-start -F
#     against lxc-execute (the same bridge, lxc.net.0.type = veth, its own
#     lxcpath) and both without a network (the veth's own cost),
#     BENCH_N rounds (default 30) interleaved; medians and the ratio
#     (target: ctr at most 0.8 x LXC).
#  2. scaling: BENCH_SCALE containers (default 200) started one after the
#     other on one bridge, each a sleeping init: the start time (launch to
#     init running) of the first 20 against the last 20 (the goal: flat),
#     the memory of the runtime's processes (the ctr-start parents: RSS and
#     PSS summed), and the time to stop them all.
. "$(dirname "$0")/../lib.sh" >/dev/null
. "$(dirname "$0")/lib.sh"
n=${BENCH_N:-30}
scale=${BENCH_SCALE:-200}
[ "$(id -u)" = 0 ] || { echo "net: skipped (needs root)"; exit 0; }
for c in ctr-start lxc-execute unshare busybox; do
	command -v $c >/dev/null || { echo "net: skipped (no $c)"; exit 0; }
done
if [ -z "${CTRT_NET_INNER:-}" ]; then
	had_lxcbr=$(ip link show lxcbr0 >/dev/null 2>&1 && echo yes)
	CTRT_NET_INNER=1 unshare -n -m -- bash "$0" "$@"
	rc=$?
	# Installing lxc may bring up lxcbr0 on the host: leave none behind.
	if [ -z "$had_lxcbr" ] && ip link show lxcbr0 >/dev/null 2>&1; then
		ip link del lxcbr0 && echo "(removed an lxcbr0 that lxc-net made)"
	fi
	exit $rc
fi

ip link set lo up
tmp=$(mktemp -d /tmp/ctrt-bench-net-XXXXXX)
# LXC looks for the bridge in /sys/class/net: a sysfs of this namespace, with
# the cgroup mounts moved over to it (in the bench's own mount namespace).
mkdir "$tmp/cg" && mount --rbind /sys/fs/cgroup "$tmp/cg" && mount -t sysfs sysfs /sys &&
	mount --move "$tmp/cg" /sys/fs/cgroup || { echo "net: cannot remount /sys"; exit 1; }
rootfs=$tmp/rootfs
br=ctrtb${T_ID}
pids=()
cleanup() {
	local p
	for p in $(grep -lF " $rootfs " /proc/[0-9]*/mountinfo 2>/dev/null | cut -d/ -f3); do
		[ "$p" != "$$" ] && kill -9 "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	ip link del "$br" 2>/dev/null
	umount -R -l "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap 'cleanup; t__exit' EXIT
t_busybox_rootfs "$rootfs"
ip link add "$br" type bridge && ip link set "$br" up && ip addr add 10.60.0.1/16 dev "$br" || {
	echo "net: cannot make a bridge"; exit 1; }
name=ctrtb$T_ID
caps="sys_module sys_rawio sys_time mac_admin mac_override syslog"
common="lxc.uts.name = $name
lxc.rootfs.path = dir:$rootfs
lxc.mount.auto = proc:mixed sys:mixed
lxc.autodev = 1
lxc.tty.max = 0
lxc.pty.max = 1024"
veth="lxc.net.0.type = veth
lxc.net.0.link = $br
lxc.net.0.flags = up
lxc.net.0.ipv4.address = 10.60.0.2/16"
printf '%s\n%s\n' "$common" "$veth" >"$tmp/ctr.conf"
printf '%s\n' "$common" >"$tmp/ctr-nonet.conf"
mkdir -p "$tmp/lxc/$name" "$tmp/lxc-nonet/$name"
printf '%s\n%s\nlxc.apparmor.profile = unconfined\nlxc.cap.drop = %s\n' "$common" "$veth" "$caps" \
	>"$tmp/lxc/$name/config"
printf '%s\nlxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\nlxc.cap.drop = %s\n' "$common" "$caps" \
	>"$tmp/lxc-nonet/$name/config"
export CTR_RUNDIR=$tmp/run
ctr_cmd=(ctr-start -F -n "$name" -f "$tmp/ctr.conf" -- /bin/true)
nonet_cmd=(ctr-start -F -n "$name" -f "$tmp/ctr-nonet.conf" -- /bin/true)
lxc_cmd=(lxc-execute -P "$tmp/lxc" -n "$name" -- /bin/true)
lxcnonet_cmd=(lxc-execute -P "$tmp/lxc-nonet" -n "$name" -- /bin/true)
for k in ctr nonet lxc lxcnonet; do
	eval "cmd=(\"\${${k}_cmd[@]}\")"
	"${cmd[@]}" </dev/null >/dev/null 2>"$tmp/err" || {
		echo "net: '$k' does not run: $(head -c 300 "$tmp/err")"; exit 1; }
done
for i in $(seq "$n"); do
	bench_ms "${ctr_cmd[@]}" </dev/null >>"$tmp/ctr.ms"
	bench_ms "${lxc_cmd[@]}" </dev/null >>"$tmp/lxc.ms"
	bench_ms "${nonet_cmd[@]}" </dev/null >>"$tmp/nonet.ms"
	bench_ms "${lxcnonet_cmd[@]}" </dev/null >>"$tmp/lxcnonet.ms"
done
left=$(ip -o link show type veth 2>/dev/null | wc -l)
c=$(bench_median "$tmp/ctr.ms") l=$(bench_median "$tmp/lxc.ms") z=$(bench_median "$tmp/nonet.ms")
lz=$(bench_median "$tmp/lxcnonet.ms")
printf '%-40s %10s\n' "start + /bin/true, $n rounds" "median ms"
printf '%-40s %10.2f\n' "ctr-start -F, one veth on a bridge" "$c"
printf '%-40s %10.2f\n' "lxc-execute, one veth on the same bridge" "$l"
printf '%-40s %10.2f\n' "ctr-start -F, no network (loopback)" "$z"
printf '%-40s %10.2f\n' "lxc-execute, no network (type empty)" "$lz"
awk -v c="$c" -v l="$l" -v z="$z" -v lz="$lz" 'BEGIN{
	printf "ratio ctr/lxc   %.2f (target <= 0.80)\n", c / l
	printf "the veth costs ctr %.2f ms, lxc %.2f ms\n", c - z, l - lz }'
echo "veths left after the rounds: $left"

# --- scaling ---------------------------------------------------------------------
now_ns() { date +%s%N; }
: >"$tmp/scale.ms"
t0=$(now_ns)
for i in $(seq "$scale"); do
	cn=ctrt${T_ID}s$i
	printf '%s\n%s\n' "${common/$name/$cn}" "${veth/10.60.0.2/10.60.$((i / 250 + 1)).$((i % 250 + 2))}" \
		>"$tmp/s$i.conf"
	s=$(now_ns)
	ctr-start -F -n "$cn" -f "$tmp/s$i.conf" -- /bin/sh -c "touch /tmp/r$i; exec sleep 100000" \
		</dev/null >/dev/null 2>"$tmp/s$i.err" &
	pids+=($!)
	until [ -e "$rootfs/tmp/r$i" ]; do
		kill -0 $! 2>/dev/null || { echo "net: container $i did not start: $(head -c 300 "$tmp/s$i.err")"; break 2; }
		sleep 0.002
	done
	e=$(now_ns)
	awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)/1e6}' >>"$tmp/scale.ms"
done
t1=$(now_ns)
started=$(wc -l <"$tmp/scale.ms")
head -n 20 "$tmp/scale.ms" >"$tmp/first.ms"
tail -n 20 "$tmp/scale.ms" >"$tmp/last.ms"
rss=0 pss=0
for p in "${pids[@]}"; do
	r=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null)
	q=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null)
	rss=$((rss + ${r:-0})) pss=$((pss + ${q:-0}))
done
ports=$(ip -o link show master "$br" 2>/dev/null | wc -l)
f=$(bench_median "$tmp/first.ms") la=$(bench_median "$tmp/last.ms")
echo
printf 'scaling: %d of %d containers started on one bridge (%d ports) in %.1f s\n' \
	"$started" "$scale" "$ports" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print (b-a)/1e9}')"
printf '%-40s %10.2f\n' "start, median of the first 20 (ms)" "$f"
printf '%-40s %10.2f\n' "start, median of the last 20 (ms)" "$la"
awk -v f="$f" -v l="$la" 'BEGIN{printf "ratio last/first %.2f (goal: flat, 1.0)\n", l / f}'
printf 'memory of the %d ctr-start processes: RSS %.1f MiB (%.2f MiB each), PSS %.1f MiB (%.2f MiB each)\n' \
	"${#pids[@]}" "$(awk -v k=$rss 'BEGIN{print k/1024}')" "$(awk -v k=$rss -v n=${#pids[@]} 'BEGIN{print k/1024/n}')" \
	"$(awk -v k=$pss 'BEGIN{print k/1024}')" "$(awk -v k=$pss -v n=${#pids[@]} 'BEGIN{print k/1024/n}')"
s=$(now_ns)
for p in "${pids[@]}"; do
	c=$(pgrep -P "$p" | head -n1)
	[ -n "$c" ] && kill -9 "$c"
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
e=$(now_ns)
pids=()
printf 'stopping all (SIGKILL to each init, ctr-start tears down): %.1f s; veths left: %d\n' \
	"$(awk -v a="$s" -v b="$e" 'BEGIN{print (b-a)/1e9}')" "$(ip -o link show type veth 2>/dev/null | wc -l)"
