#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the seccomp filter costs a start: `ctr-start -F -- /bin/true` with the
# built-in default policy, with LXC's common.seccomp, and with
# lxc.seccomp.profile = none, side by side with lxc-execute loading
# common.seccomp, on the same busybox rootfs, BENCH_N rounds (default 40)
# interleaved; once on a quiet host and once with a busy loop on one core
# (BENCH_LOAD=0 skips that pass), each round in another order.  Prints wall
# medians, the median of each round's difference to "none", mean CPU time
# (user + system, children included: steadier on a busy host) and ratios.
# Then, where perf stat runs, as many rounds again timed by task-clock.
# Targets: the default filter adds at most 0.5 ms; ctr-start -F at most
# 0.7 x lxc-execute.
. "$(dirname "$0")/../lib.sh" >/dev/null
. "$(dirname "$0")/lib.sh"
n=${BENCH_N:-40}
[ "$(id -u)" = 0 ] || { echo "seccomp: skipped (needs root)"; exit 0; }
for c in ctr-start lxc-execute busybox; do
	command -v $c >/dev/null || { echo "seccomp: skipped (no $c)"; exit 0; }
done
common=/usr/share/lxc/config/common.seccomp
[ -r $common ] || { echo "seccomp: skipped (no $common)"; exit 0; }

had_lxcbr=$(ip link show lxcbr0 >/dev/null 2>&1 && echo yes)
tmp=$(mktemp -d /tmp/ctrt-bench-seccomp-XXXXXX)
name=ctrtb$T_ID
load_pid=""
cleanup() {
	[ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
	rm -rf "$tmp"
	if [ -z "$had_lxcbr" ] && ip link show lxcbr0 >/dev/null 2>&1; then
		ip link del lxcbr0
	fi
}
trap 'cleanup; t__exit' EXIT
rootfs=$tmp/rootfs
t_busybox_rootfs "$rootfs"
caps="sys_module sys_rawio sys_time mac_admin mac_override syslog"

# The same container for all: as tests/bench/start.sh, plus the profile.
base="lxc.uts.name = $name
lxc.rootfs.path = dir:$rootfs
lxc.mount.auto = proc:mixed sys:mixed
lxc.autodev = 1
lxc.tty.max = 0
lxc.pty.max = 1024"
printf '%s\n' "$base" >"$tmp/default.conf"
printf '%s\nlxc.seccomp.profile = %s\n' "$base" "$common" >"$tmp/common.conf"
printf '%s\nlxc.seccomp.profile = none\n' "$base" >"$tmp/none.conf"
mkdir -p "$tmp/lxc/$name"
printf '%s\nlxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\nlxc.cap.drop = %s\nlxc.seccomp.profile = %s\n' \
	"$base" "$caps" "$common" >"$tmp/lxc/$name/config"
export CTR_RUNDIR=$tmp/run
default_cmd=(ctr-start -F -n "$name" -f "$tmp/default.conf" -- /bin/true)
common_cmd=(ctr-start -F -n "$name" -f "$tmp/common.conf" -- /bin/true)
none_cmd=(ctr-start -F -n "$name" -f "$tmp/none.conf" -- /bin/true)
lxc_cmd=(lxc-execute -P "$tmp/lxc" -n "$name" -- /bin/true)
kinds="default common none lxc"

for k in $kinds; do
	eval "cmd=(\"\${${k}_cmd[@]}\")"
	"${cmd[@]}" </dev/null >/dev/null 2>"$tmp/err" || {
		echo "seccomp: '$k' does not run: $(head -c 300 "$tmp/err")"; exit 1; }
done

# rotate I WORD...: the words, starting at the (I mod count)th.
rotate() {
	local i=$1; shift
	local -a w=("$@")
	for j in $(seq 0 $((${#w[@]} - 1))); do
		printf '%s\n' "${w[(i + j) % ${#w[@]}]}"
	done
}
pass() {
	local label=$1 k c0 c1 s e
	for k in $kinds; do : >"$tmp/$k.ms"; : >"$tmp/$k.cpu"; done
	for i in $(seq "$n"); do
		# each round in another order: whatever one start leaves behind
		# (lxc-execute's teardown) does not always slow the same next one
		for k in $(rotate "$i" $kinds); do
			eval "cmd=(\"\${${k}_cmd[@]}\")"
			bench_child_cpu_ms "$tmp/times"; c0=$CPU_MS
			s=$EPOCHREALTIME
			"${cmd[@]}" </dev/null >/dev/null 2>&1
			e=$EPOCHREALTIME
			bench_child_cpu_ms "$tmp/times"; c1=$CPU_MS
			awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$tmp/$k.ms"
			echo $((c1 - c0)) >>"$tmp/$k.cpu"
		done
	done
	echo "-- $label (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	printf '%-44s %10s %12s\n' "start + /bin/true, $n rounds" "median ms" "mean cpu ms"
	for k in $kinds; do
		eval "label=\$${k}_label"
		printf '%-44s %10.2f %12.2f\n' "$label" "$(bench_median "$tmp/$k.ms")" \
			"$(awk '{t += $1} END {print NR ? t / NR : 0}' "$tmp/$k.cpu")"
	done | tee "$tmp/table"
	# the same round's starts paired: the median of the differences
	paste "$tmp/default.ms" "$tmp/none.ms" | awk '{print $1 - $2}' >"$tmp/d-default"
	paste "$tmp/common.ms" "$tmp/none.ms" | awk '{print $1 - $2}' >"$tmp/d-common"
	awk -v dd="$(bench_median "$tmp/d-default")" -v dc="$(bench_median "$tmp/d-common")" \
		'{w[NR] = $(NF - 1); c[NR] = $NF} END {
		printf "default filter adds %.2f ms wall (paired median %.2f), %.2f ms cpu (target <= 0.50)\n",
			w[1] - w[3], dd, c[1] - c[3]
		printf "common.seccomp adds %.2f ms wall (paired median %.2f), %.2f ms cpu\n",
			w[2] - w[3], dc, c[2] - c[3]
		printf "ratio ctr (default) / lxc-execute %.2f wall, %.2f cpu (target <= 0.70)\n",
			w[1] / w[4], (c[4] > 0 ? c[1] / c[4] : 0) }' "$tmp/table"
}
# CPU time of every process of a start, from perf stat's task-clock (to the
# nanosecond, where bash's times has milliseconds): on a host others load,
# steadier than the wall clock.  Its own pass, as perf's start would
# otherwise sit inside the wall times.
cpu_pass() {
	local k
	for k in $kinds; do : >"$tmp/$k.tc"; done
	for i in $(seq "$n"); do
		for k in $(rotate "$i" $kinds); do
			eval "cmd=(\"\${${k}_cmd[@]}\")"
			perf stat -x, -e task-clock -o "$tmp/ps" "${cmd[@]}" </dev/null >/dev/null 2>&1
			awk -F, '/task-clock/ {print $1}' "$tmp/ps" >>"$tmp/$k.tc"
		done
	done
	echo "-- task-clock (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	printf '%-44s %10s\n' "start + /bin/true, $n rounds" "median ms"
	for k in $kinds; do
		eval "label=\$${k}_label"
		printf '%-44s %10.3f\n' "$label" "$(bench_median "$tmp/$k.tc")"
	done | tee "$tmp/table"
	paste "$tmp/default.tc" "$tmp/none.tc" | awk '{print $1 - $2}' >"$tmp/d-default"
	awk -v dd="$(bench_median "$tmp/d-default")" '{c[NR] = $NF} END {
		printf "default filter adds %.3f ms cpu (paired median %.3f; target <= 0.50)\n",
			c[1] - c[3], dd
		printf "ratio ctr (default) / lxc-execute %.2f cpu\n", (c[4] > 0 ? c[1] / c[4] : 0) }' \
		"$tmp/table"
}
default_label="ctr-start -F, default policy"
common_label="ctr-start -F, common.seccomp"
none_label="ctr-start -F, lxc.seccomp.profile = none"
lxc_label="lxc-execute, common.seccomp"
pass "quiet"
if perf stat -x, -e task-clock -o /dev/null true >/dev/null 2>&1; then
	cpu_pass
else
	echo "-- task-clock: skipped (perf stat does not run here)"
fi
if [ "${BENCH_LOAD:-1}" != 0 ]; then
	( while :; do :; done ) &
	load_pid=$!
	pass "one core busy"
	kill "$load_pid"; wait "$load_pid" 2>/dev/null; load_pid=""
fi
