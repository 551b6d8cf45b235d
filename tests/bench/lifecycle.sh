#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The lifecycle side by side with LXC (Debian's lxc, its own lxcpath, a
# modern-key config), on the same busybox rootfs:
#  1. a `ctr-start -d` + `ctr-stop -k` cycle against `lxc-start -d` +
#     `lxc-stop -k`: medians and ratio (target: at most 0.8 x LXC's);
#  2. 100 containers started in the background, listed, stopped: total
#     times, and the monitor's memory per container (RSS and PSS).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib.sh" >/dev/null
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 0; }
for c in lxc-start lxc-stop lxc-ls busybox ctr-start; do
	command -v "$c" >/dev/null || { echo "skip: needs $c"; exit 0; }
done
N=${BENCH_N:-20}
M=${BENCH_MANY:-100}

d=$(mktemp -d /tmp/ctrt-bench-lifecycle-XXXXXX)
had_lxcbr=$(ip link show lxcbr0 >/dev/null 2>&1 && echo yes || echo no)
cleanup() {
	local n
	for n in "$d"/run/*/; do [ -d "$n" ] && ctr-stop -k -n "$(basename "$n")" >/dev/null 2>&1; done
	# a monitor that did not answer: kill it, then clean up after it
	for n in "$d"/run/*/monitor.pid; do [ -f "$n" ] && kill -9 "$(cat "$n")" 2>/dev/null; done
	for n in "$d"/run/*/; do [ -d "$n" ] && ctr-stop -k -n "$(basename "$n")" >/dev/null 2>&1; done
	for n in $(lxc-ls -P "$d/lxc" 2>/dev/null); do lxc-stop -P "$d/lxc" -n "$n" -k >/dev/null 2>&1; done
	# installing or running lxc may bring up its lxcbr0; leave none behind
	[ "$had_lxcbr" = no ] && ip link del lxcbr0 >/dev/null 2>&1
	rm -rf "$d"
}
trap 'cleanup; t__exit' EXIT
export CTR_RUNDIR=$d/run CTR_CONFIG_PATH=$d/etc
mkdir -p "$d/etc" "$d/lxc" "$CTR_RUNDIR"
t_busybox_rootfs "$d/rootfs" >/dev/null
printf '::respawn:/bin/sleep 100000\n' >"$d/rootfs/etc/inittab"

# mkconf NAME: the same container for both, in each one's key set
mkconf() {
	cat >"$d/etc/$1.conf" <<-C
	lxc.uts.name = $1
	lxc.rootfs.path = $d/rootfs
	lxc.mount.auto = proc:mixed sys:ro
	C
	mkdir -p "$d/lxc/$1"
	cat >"$d/lxc/$1/config" <<-C
	lxc.uts.name = $1
	lxc.rootfs.path = dir:$d/rootfs
	lxc.mount.auto = proc:mixed sys:ro
	lxc.net.0.type = empty
	lxc.apparmor.profile = unconfined
	lxc.init.cmd = /sbin/init
	C
}

ctr_cycle() { ctr-start -d -n "$1" -f "$d/etc/$1.conf" && ctr-stop -k -n "$1"; }
lxc_cycle() { lxc-start -P "$d/lxc" -n "$1" -d && lxc-stop -P "$d/lxc" -n "$1" -k; }

mkconf ctrtb
# warm both up once (page cache, lxc's first-run setup)
ctr_cycle ctrtb >/dev/null 2>&1 || { echo "ctr cycle fails"; exit 1; }
lxc_cycle ctrtb >/dev/null 2>&1 || { echo "lxc cycle fails"; exit 1; }
: >"$d/ctr.ms"; : >"$d/lxc.ms"
for i in $(seq 1 "$N"); do
	bench_ms ctr_cycle ctrtb >>"$d/ctr.ms"
	bench_ms lxc_cycle ctrtb >>"$d/lxc.ms"
done
cm=$(bench_median "$d/ctr.ms"); lm=$(bench_median "$d/lxc.ms")
echo "start -d + stop -k cycle, $N runs each (ms, median):"
printf '  ctr  %8.1f\n  lxc  %8.1f\n  ratio ctr/lxc %.2f (target <= 0.80)\n' "$cm" "$lm" \
	"$(awk -v a="$cm" -v b="$lm" 'BEGIN{print a/b}')"

# --- many containers -------------------------------------------------------
for i in $(seq 1 "$M"); do mkconf "ctrtm$i"; done
mem() { # mem PIDS...: "RSS PSS" in KiB, summed
	local p r=0 s=0 v
	for p in "$@"; do
		v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null) && r=$((r + ${v:-0}))
		v=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) && s=$((s + ${v:-0}))
	done
	echo "$r $s"
}
many_ctr() {
	local t0 t1 t2 t3 pids
	t0=$(date +%s%N)
	for i in $(seq 1 "$M"); do ctr-start -d -n "ctrtm$i" -f "$d/etc/ctrtm$i.conf" || return 1; done
	t1=$(date +%s%N)
	[ "$(ctr-ls --running -1 | grep -c '^ctrtm')" = "$M" ] || echo "  ctr-ls did not list $M"
	t2=$(date +%s%N)
	pids=$(for i in $(seq 1 "$M"); do sed -n 's/^monitor=//p' "$CTR_RUNDIR/ctrtm$i/state"; done)
	read -r rss pss <<<"$(mem $pids)"
	for i in $(seq 1 "$M"); do ctr-stop -k -n "ctrtm$i" || return 1; done
	t3=$(date +%s%N)
	echo "ctr $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000)) $(((t3 - t2) / 1000000)) $(((t3 - t0) / 1000000)) $((rss / M)) $((pss / M))"
}
many_lxc() {
	local t0 t1 t2 t3 pids
	t0=$(date +%s%N)
	for i in $(seq 1 "$M"); do lxc-start -P "$d/lxc" -n "ctrtm$i" -d || return 1; done
	t1=$(date +%s%N)
	[ "$(lxc-ls -P "$d/lxc" --running -1 | grep -c '^ctrtm')" = "$M" ] || echo "  lxc-ls did not list $M"
	t2=$(date +%s%N)
	pids=$(pgrep -f "^\[lxc monitor\] $d/lxc ctrtm")
	read -r rss pss <<<"$(mem $pids)"
	for i in $(seq 1 "$M"); do lxc-stop -P "$d/lxc" -n "ctrtm$i" -k || return 1; done
	t3=$(date +%s%N)
	echo "lxc $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000)) $(((t3 - t2) / 1000000)) $(((t3 - t0) / 1000000)) $((rss / M)) $((pss / M))"
}
echo "$M containers (ms; monitor memory per container, KiB):"
printf '  %-4s %8s %8s %8s %8s %8s %8s\n' "" start list stop total RSS PSS
for r in "$(many_ctr)" "$(many_lxc)"; do
	set -- $r
	printf '  %-4s %8s %8s %8s %8s %8s %8s\n' "$@"
done
