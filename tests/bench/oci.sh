#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-oci run against runc run (and crun run where it runs on this host) of
# the same busybox bundle (`ctr-oci spec`, args /bin/true), BENCH_N rounds
# (default 20) interleaved, first on a quiet host, then with one core kept
# busy by a spinning shell.  Prints medians of wall and CPU time and the
# ratios.  Targets: ctr-oci at most 0.5 x runc, and at most 1.0 x crun,
# which refuses a hybrid cgroup host and so runs in the VM matrix's pure v2
# guest (tests/vm/run-vm --bench oci, make bench-vm BENCH=oci).
. "$(dirname "$0")/../lib.sh" >/dev/null
. "$(dirname "$0")/lib.sh"
n=${BENCH_N:-20}
[ "$(id -u)" = 0 ] || { echo "oci: skipped (needs root)"; exit 0; }
for c in ctr-oci runc jq; do
	command -v $c >/dev/null || { echo "oci: skipped (no $c)"; exit 0; }
done
tmp=$(mktemp -d /tmp/ctrt-bench-oci-XXXXXX)
spin=
cleanup() { [ -n "$spin" ] && kill "$spin" 2>/dev/null; rm -rf "$tmp"; }
trap 'cleanup; t__exit' EXIT
b=$tmp/bundle
mkdir -p "$b"
t_busybox_rootfs "$b/rootfs"
(cd "$b" && ctr-oci spec)
# ociVersion 1.0.2: crun 1.8 refuses any other ("unknown version specified")
jq '.process.args = ["/bin/true"] | .root.readonly = false | .ociVersion = "1.0.2"' "$b/config.json" \
	>"$b/c.json" && mv "$b/c.json" "$b/config.json"
id=ctrtb$T_ID
rts=(ctr-oci runc)
if command -v crun >/dev/null; then
	if crun --root "$tmp/crun" run --bundle "$b" "$id" </dev/null >/dev/null 2>"$tmp/err"; then
		rts+=(crun)
	else
		echo "oci: crun does not run here, left out: $(head -c 200 "$tmp/err")"
	fi
fi
for rt in "${rts[@]}"; do
	$rt --root "$tmp/$rt" run --bundle "$b" "$id" </dev/null >/dev/null 2>"$tmp/err" ||
		{ echo "oci: '$rt run' does not run: $(head -c 300 "$tmp/err")"; exit 1; }
done
run() { # RT LABEL: one timed round, wall and CPU appended to LABEL's files
	local rt=$1 c0 c1 s e
	bench_child_cpu_ms "$tmp/times"; c0=$CPU_MS
	s=$EPOCHREALTIME
	$rt --root "$tmp/$rt" run --bundle "$b" "$id" </dev/null >/dev/null 2>&1
	e=$EPOCHREALTIME
	bench_child_cpu_ms "$tmp/times"; c1=$CPU_MS
	awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$tmp/$2.ms"
	awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.3f\n", b - a}' >>"$tmp/$2.cpu"
}
report() { # LABEL-SUFFIX TITLE
	printf '%-34s %10s %12s\n' "$2, $n rounds" "median ms" "median cpu ms"
	for rt in "${rts[@]}"; do
		printf '%-34s %10.2f %12.2f\n' "$rt run" "$(bench_median "$tmp/$rt$1.ms")" \
			"$(bench_median "$tmp/$rt$1.cpu")"
	done
	awk -v c="$(bench_median "$tmp/ctr-oci$1.ms")" -v r="$(bench_median "$tmp/runc$1.ms")" \
	    -v cc="$(bench_median "$tmp/ctr-oci$1.cpu")" -v rc="$(bench_median "$tmp/runc$1.cpu")" \
	    'BEGIN{printf "ratio ctr-oci/runc %.2f wall, %.2f cpu (target <= 0.50)\n", c / r, (rc > 0 ? cc / rc : 0)}'
	[ -s "$tmp/crun$1.ms" ] || return 0
	awk -v c="$(bench_median "$tmp/ctr-oci$1.ms")" -v r="$(bench_median "$tmp/crun$1.ms")" \
	    -v cc="$(bench_median "$tmp/ctr-oci$1.cpu")" -v rc="$(bench_median "$tmp/crun$1.cpu")" \
	    'BEGIN{printf "ratio ctr-oci/crun %.2f wall, %.2f cpu (target <= 1.00)\n", c / r, (rc > 0 ? cc / rc : 0)}'
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$n"); do for rt in "${rts[@]}"; do run "$rt" "$rt"; done; done
report "" "quiet: run of /bin/true"
( while :; do :; done ) &
spin=$!
for i in $(seq "$n"); do for rt in "${rts[@]}"; do run "$rt" "$rt-busy"; done; done
kill "$spin"; wait "$spin" 2>/dev/null; spin=
report "-busy" "one core busy: run of /bin/true"
