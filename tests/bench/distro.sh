#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Debian 12 guests side by side with LXC (Debian's lxc, its own lxcpath
# under a temp dir, -P), on the same cached trees (tests/distro/mktree) and
# the same config, the one lxc-create writes (ctr: unchanged, or the
# suite's flattened copy with CTRT_DISTRO_CONFIG=flattened):
#   boot   from the start command until the guest's boot has ended:
#          systemd: `systemctl is-system-running --wait` says running;
#          OpenRC: the default runlevel is reached with nothing starting,
#          seen from the host through /proc (BENCH_OPENRC_PROBE=attach:
#          polled inside through ctr-attach / lxc-attach, as the suites do,
#          which disturbs the boot it measures)
#   start-cmd  how long the start command itself takes (part of boot)
#   cpu    CPU time (user + system) the guest used until then, from its
#          cgroup (ctr/NAME, LXC's lxc.payload.NAME): unlike boot, not
#          stretched by what else the host runs
#   stop   a graceful stop (ctr-stop / lxc-stop, 60 s timeout)
# medians of BENCH_N (default 5) cycles each, alternating, after one
# warm-up cycle each; ratios ctr/LXC.
# BENCH_CGROUP_FORCE=1: also both with lxc.mount.auto = cgroup:mixed:force
# (the runtime mounts the cgroups before the init; without :force both
# leave them to the guest's init on a host with v1 hierarchies), alternated
# with the others.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib.sh" >/dev/null
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 0; }
for c in lxc-start lxc-stop lxc-attach debootstrap busybox tmux jq; do
	command -v "$c" >/dev/null || { echo "skip: needs $c"; exit 0; }
done
N=${BENCH_N:-5}
# BENCH_FLAVOURS: the guests to run (default both)
FLAVOURS=${BENCH_FLAVOURS:-systemd openrc}
D_FLAVOURS=$FLAVOURS D_LXC_SYSFS=1
. "$(dirname "$0")/../integration/lib/distro.sh" || exit 0

# cpu_ms ctr|lxc NAME: CPU time (ms) of the guest's cgroup so far (v1
# cpuacct or v2 cpu.stat), or nothing.  On a pure v2 host LXC makes its
# cgroup below the caller's (a service's cgroup: /system.slice/X/), so v2
# looks for it a few levels down.
cpu_ms() {
	local g c d
	if [ "$1" = ctr ]; then g=ctr/$2; else g=lxc.payload.$2; fi
	if [ -r "/sys/fs/cgroup/cpuacct/$g/cpuacct.usage" ]; then
		c=$(cat "/sys/fs/cgroup/cpuacct/$g/cpuacct.usage") && echo $((c / 1000000))
		return
	fi
	d=/sys/fs/cgroup/$g
	[ -r "$d/cpu.stat" ] || d=$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/$g" -print -quit 2>/dev/null)
	[ -n "$d" ] && [ -r "$d/cpu.stat" ] &&
		awk '$1 == "usage_usec" { printf "%d\n", $2 / 1000 }' "$d/cpu.stat"
}

# booted_openrc_host NAME TIMEOUT: the end of OpenRC's boot seen from the
# host, with nothing run inside the guest: its /run/openrc/softlevel says
# default, nothing is starting and no openrc process is left in its PID
# namespace (found through /proc).  Prints default, or what it saw last.
# The in-guest probe (d_booted_openrc) attaches every 100 ms, and an
# attach's cgroup moves hold the lock the guest's forks need.
booted_openrc_host() {
	local end=$((SECONDS + $2 * D_SCALE)) pid= r= lvl=
	while [ $SECONDS -lt $end ] && [ -z "$pid" ]; do
		if [ "${D_ATTACH:-ctr}" = lxc ]; then pid=$(lxc-info -P "$D_LXC" -n "$1" -p -H 2>/dev/null)
		else pid=$(d_pid "$1"); fi
		[ -n "$pid" ] || sleep 0.01
	done
	r=/proc/$pid/root/run/openrc
	while [ $SECONDS -lt $end ]; do
		lvl=$(cat "$r/softlevel" 2>/dev/null)
		if [ "$lvl" = default ] && [ -z "$(ls -A "$r/starting" 2>/dev/null)" ] &&
			! pgrep --ns "$pid" --nslist pid -x openrc >/dev/null; then
			break
		fi
		sleep 0.01
	done
	echo "$lvl"
}

# cycle ctr|lxc NAME BOOTED OK: one start, boot, stop; appends the times
# (ms) to $D_DIR/TOOL-NAME.boot and .stop; fails when the boot did not end
cycle() {
	local tool=$1 n=$2 s r b e st
	s=$EPOCHREALTIME
	if [ "$tool" = ctr ]; then
		ctr-start -d -n "$n" -f "$(d_conf "$n")" >"$D_DIR/start.log" 2>&1
	else
		lxc-start -P "$D_LXC" -n "$n" -d -l info -o "$D_DIR/lxc-$n.log" >"$D_DIR/start.log" 2>&1
	fi || {
		echo "  $tool $n: the start fails:"
		sed 's/^/    /' "$D_DIR/start.log"
		grep -s ERROR "$D_DIR/lxc-$n.log" | head -n 6 | sed 's/^/    /'
		return 1
	}
	r=$EPOCHREALTIME
	st=$(D_ATTACH=$tool "$3" "$n" 120)
	b=$EPOCHREALTIME
	cpu=$(cpu_ms "$tool" "$n")
	if [ "$tool" = ctr ]; then ctr-stop -n "$n" -t 60 >/dev/null 2>&1
	else lxc-stop -P "$D_LXC" -n "$n" -t 60 >/dev/null 2>&1; fi
	e=$EPOCHREALTIME
	[ "$st" = "$4" ] || {
		echo "  $tool $n: boot ended as '$st', not '$4'"
		[ "$tool" = lxc ] && grep -E 'ERROR|WARN' "$D_DIR/lxc-$n.log" | tail -n 5 | sed 's/^/    /'
		return 1
	}
	awk -v s="$s" -v r="$r" 'BEGIN{printf "%.1f\n", (r-s)*1e3}' >>"$D_DIR/$tool-$n.start"
	awk -v s="$s" -v b="$b" 'BEGIN{printf "%.1f\n", (b-s)*1e3}' >>"$D_DIR/$tool-$n.boot"
	awk -v b="$b" -v e="$e" 'BEGIN{printf "%.1f\n", (e-b)*1e3}' >>"$D_DIR/$tool-$n.stop"
	echo "${cpu:-0}" >>"$D_DIR/$tool-$n.cpu"
}

rc=0
i=0
for f in $FLAVOURS; do
	i=$((i + 1))
	n=ctrt${T_ID}${f:0:1}
	tv=D_TREE_$f
	d_create "$n" "${!tv}" "$i" >/dev/null 2>&1 || { echo "$f: lxc-create fails"; rc=1; continue; }
	if [ $f = systemd ]; then booted=d_booted_systemd ok=running
	elif [ "${BENCH_OPENRC_PROBE:-host}" = host ]; then booted=booted_openrc_host ok=default
	else booted=d_booted_openrc ok=default; fi
	names=$n
	if [ -n "${BENCH_CGROUP_FORCE:-}" ]; then
		d_create "${n}f" "${!tv}" $((i + 10)) >/dev/null 2>&1 || { echo "$f: lxc-create fails"; rc=1; continue; }
		printf 'lxc.mount.auto =\nlxc.mount.auto = cgroup:mixed:force proc:mixed sys:mixed\n' >>"$D_LXC/${n}f/config"
		names="$n ${n}f"
	fi
	for m in $names; do
		cycle ctr "$m" $booted $ok && cycle lxc "$m" $booted $ok || { echo "$f: warm-up cycle fails"; rc=1; continue 2; }
	done
	rm -f "$D_DIR"/*-"$n"*.start "$D_DIR"/*-"$n"*.boot "$D_DIR"/*-"$n"*.stop "$D_DIR"/*-"$n"*.cpu
	for k in $(seq 1 "$N"); do
		for m in $names; do
			cycle ctr "$m" $booted $ok || rc=1
			cycle lxc "$m" $booted $ok || rc=1
		done
	done
	for n in $names; do
		cr=$(bench_median "$D_DIR/ctr-$n.start") lr=$(bench_median "$D_DIR/lxc-$n.start")
		cb=$(bench_median "$D_DIR/ctr-$n.boot") lb=$(bench_median "$D_DIR/lxc-$n.boot")
		cs=$(bench_median "$D_DIR/ctr-$n.stop") ls=$(bench_median "$D_DIR/lxc-$n.stop")
		cc=$(bench_median "$D_DIR/ctr-$n.cpu") lc=$(bench_median "$D_DIR/lxc-$n.cpu")
		echo "Debian 12 $f ($ok), config $D_CONFIG$([ "$n" = "${n%f}" ] || echo ", cgroup:mixed:force"), $N cycles each (ms, median, load $(cut -d' ' -f1-3 /proc/loadavg)):"
		printf '         %10s %10s %10s %10s\n' start-cmd boot cpu stop
		printf '  ctr    %10.1f %10.1f %10.1f %10.1f\n' "$cr" "$cb" "$cc" "$cs"
		printf '  lxc    %10.1f %10.1f %10.1f %10.1f\n' "$lr" "$lb" "$lc" "$ls"
		printf '  ratio  %10.2f %10.2f %10.2f %10.2f  (ctr/lxc; boot and stop: target <= 1.00)\n' \
			"$(awk -v a="$cr" -v b="$lr" 'BEGIN{print a/b}')" \
			"$(awk -v a="$cb" -v b="$lb" 'BEGIN{print a/b}')" \
			"$(awk -v a="$cc" -v b="$lc" 'BEGIN{print (b > 0 ? a / b : 0)}')" \
			"$(awk -v a="$cs" -v b="$ls" 'BEGIN{print a/b}')"
	done
done
exit $rc
