#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-attach side by side with lxc-attach (Debian's lxc, its own lxcpath),
# on one busybox container each: `ATTACH -- true`, BENCH_N runs each,
# medians and ratio.  ctr-attach re-executes itself from a sealed memfd copy
# of its binary before it enters the container; that copy is in the time.
# BENCH_ATTACH_BASELINE=PATH adds a third row: another ctr-attach binary
# (an older build, say), interleaved with the other two.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib.sh" >/dev/null
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 0; }
for c in lxc-start lxc-attach lxc-stop busybox ctr-start ctr-attach; do
	command -v "$c" >/dev/null || { echo "skip: needs $c"; exit 0; }
done
N=${BENCH_N:-50}

d=$(mktemp -d /tmp/ctrt-bench-attach-XXXXXX)
had_lxcbr=$(ip link show lxcbr0 >/dev/null 2>&1 && echo yes || echo no)
cleanup() {
	ctr-stop -k -n ctrtba >/dev/null 2>&1
	lxc-stop -P "$d/lxc" -n ctrtba -k >/dev/null 2>&1
	[ "$had_lxcbr" = no ] && ip link del lxcbr0 >/dev/null 2>&1
	umount -R -l "$d" 2>/dev/null
	rm -rf "$d"
}
trap 'cleanup; t__exit' EXIT
export CTR_RUNDIR=$d/run CTR_CONFIG_PATH=$d/etc
mkdir -p "$d/etc" "$d/lxc/ctrtba" "$CTR_RUNDIR"
t_busybox_rootfs "$d/rootfs" >/dev/null
printf '::respawn:/bin/sleep 100000\n' >"$d/rootfs/etc/inittab"
cat >"$d/etc/ctrtba.conf" <<C
lxc.uts.name = ctrtba
lxc.rootfs.path = $d/rootfs
lxc.mount.auto = proc:mixed sys:ro
C
cat >"$d/lxc/ctrtba/config" <<C
lxc.uts.name = ctrtba
lxc.rootfs.path = dir:$d/rootfs
lxc.mount.auto = proc:mixed sys:ro
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
lxc.init.cmd = /sbin/init
C
ctr-start -d -n ctrtba -f "$d/etc/ctrtba.conf" || { echo "ctr-start fails"; exit 1; }
lxc-start -P "$d/lxc" -n ctrtba -d || { echo "lxc-start fails"; exit 1; }
lxc-wait -P "$d/lxc" -n ctrtba -s RUNNING -t 10 >/dev/null 2>&1

ctr_a() { ctr-attach -T -n ctrtba -- true; }
lxc_a() { lxc-attach -P "$d/lxc" -n ctrtba -- true; }
base=${BENCH_ATTACH_BASELINE:-}
base_a() { "$base" -T -n ctrtba -- true; }
ctr_a >/dev/null 2>&1 || { echo "ctr-attach fails"; exit 1; }
lxc_a >/dev/null 2>&1 || { echo "lxc-attach fails"; exit 1; }
: >"$d/ctr.ms"; : >"$d/lxc.ms"; : >"$d/base.ms"
for i in $(seq 1 "$N"); do
	bench_ms ctr_a >>"$d/ctr.ms"
	bench_ms lxc_a >>"$d/lxc.ms"
	[ -z "$base" ] || bench_ms base_a >>"$d/base.ms"
done
cm=$(bench_median "$d/ctr.ms"); lm=$(bench_median "$d/lxc.ms")
echo "attach -- true, $N runs each (ms, median):"
printf '  ctr-attach  %7.2f\n  lxc-attach  %7.2f\n  ratio ctr/lxc %.2f\n' "$cm" "$lm" \
	"$(awk -v a="$cm" -v b="$lm" 'BEGIN{print a/b}')"
if [ -n "$base" ]; then
	bm=$(bench_median "$d/base.ms")
	printf '  baseline    %7.2f (%s)\n  ratio ctr/baseline %.2f\n' "$bm" "$base" \
		"$(awk -v a="$cm" -v b="$bm" 'BEGIN{print a/b}')"
fi
