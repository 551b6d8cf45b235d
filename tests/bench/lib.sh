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
