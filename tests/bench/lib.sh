# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark helpers: sourced by tests/bench/*.sh.
# bench_median FILE: median of the numbers in FILE (one a line).
bench_median() { sort -g "$1" | awk '{a[NR]=$1} END{if(NR==0){print "nan"}else if(NR%2){print a[(NR+1)/2]}else{print (a[NR/2]+a[NR/2+1])/2}}'; }
# bench_ms CMD...: wall time of CMD in milliseconds (float), output discarded.
# Reads the clock from bash itself ($EPOCHREALTIME): a $(date) around the
# command put a fork and exec of date inside the timed interval (about 3.5 ms
# here, more than a whole ctr-checkconfig run).
bench_ms() {
	local s e
	s=$EPOCHREALTIME; "$@" >/dev/null 2>&1; e=$EPOCHREALTIME
	awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}'
}
# bench_child_cpu_ms SCRATCH_FILE: sets CPU_MS to the CPU time (user +
# system) of this shell's children so far, in ms, from bash's `times` (run in
# this shell, not a subshell, which would count too): on a busy host it says
# more than the wall clock.
bench_child_cpu_ms() {
	local line u sy ms=0 t m sec
	times >"$1"
	{ read -r line; read -r u sy; } <"$1"
	for t in "$u" "$sy"; do
		m=${t%%m*} sec=${t#*m}; sec=${sec%s}
		ms=$((ms + m * 60000 + 10#${sec//./}))
	done
	CPU_MS=$ms
}
