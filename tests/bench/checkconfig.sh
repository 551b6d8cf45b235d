#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-checkconfig against LXC's lxc-checkconfig (Debian package lxc) on the
# same kernel configs, alternating run by run, in one run.  Prints the median
# wall time of each per config, the ratio, and the 300 KB target.  Timing
# uses bash's $EPOCHREALTIME, so no extra process sits inside the interval.
# BENCH_ROUNDS (default 7) rounds over every config.
set -u
. "$(dirname "$0")/lib.sh"
rounds=${BENCH_ROUNDS:-7}
dir=${CTR_SHARED:-}/kconfigs
command -v ctr-checkconfig >/dev/null || { echo "ctr-checkconfig not built"; exit 1; }
lxc=$(command -v lxc-checkconfig) || { echo "lxc-checkconfig missing: apt-get install lxc (make bench does)"; exit 1; }
[ -d "$dir" ] || { echo "no configs at $dir"; exit 1; }

# Installing lxc may start lxc-net, which makes an lxcbr0 bridge: leave the
# host as it was, and keep lxc-net from making it again.
if [ -f /etc/default/lxc-net ] && grep -q '^USE_LXC_BRIDGE="true"' /etc/default/lxc-net; then
	[ "$(id -u)" = 0 ] && sed -i 's/^USE_LXC_BRIDGE="true"/USE_LXC_BRIDGE="false"/' /etc/default/lxc-net
fi
if ip link show lxcbr0 >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "removing lxcbr0 left by lxc-net"
	ip link del lxcbr0
fi

tmp=$(mktemp -d /tmp/ctrt-bench-checkconfig-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

ms_since() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f\n", (b-a)*1000}'; }
configs=("$dir"/*.config)
echo "rounds: $rounds over ${#configs[@]} configs; lxc: $("$lxc" --version 2>/dev/null | head -1 || dpkg-query -W -f='${Version}' lxc)"
for ((i = 0; i < rounds; i++)); do
	for f in "${configs[@]}"; do
		n=$(basename "$f" .config)
		# Alternate which goes first, so neither always runs on a warm cache.
		for who in $( ((i % 2)) && echo "lxc ctr true" || echo "true ctr lxc"); do
			if [ "$who" = true ]; then # the floor: starting any process
				a=$EPOCHREALTIME; CONFIG=$f /bin/true >/dev/null 2>&1; b=$EPOCHREALTIME
			elif [ "$who" = ctr ]; then
				a=$EPOCHREALTIME; CONFIG=$f ctr-checkconfig >/dev/null 2>&1; b=$EPOCHREALTIME
			else
				a=$EPOCHREALTIME; CONFIG=$f "$lxc" >/dev/null 2>&1; b=$EPOCHREALTIME
			fi
			ms_since "$a" "$b" >>"$tmp/$n.$who"
			ms_since "$a" "$b" >>"$tmp/all.$who"
		done
	done
done

printf '%-36s %8s %12s %12s %8s\n' config size ctr_ms lxc_ms ratio
for f in "${configs[@]}"; do
	n=$(basename "$f" .config)
	c=$(bench_median "$tmp/$n.ctr"); l=$(bench_median "$tmp/$n.lxc")
	printf '%-36s %7sK %12.3f %12.3f %7.0fx\n' "$n" "$(( $(stat -c %s "$f") / 1024 ))" "$c" "$l" \
		"$(awk -v c="$c" -v l="$l" 'BEGIN{print (c > 0 ? l / c : 0)}')"
done
c=$(bench_median "$tmp/all.ctr"); l=$(bench_median "$tmp/all.lxc")
printf '%-36s %8s %12.3f %12.3f %7.0fx\n' "all (median of every run)" "" "$c" "$l" \
	"$(awk -v c="$c" -v l="$l" 'BEGIN{print l / c}')"

# The target: a full check of a ~300 KB config under 5 ms, >= 100x faster.
big=$(ls -S "${configs[@]}" | head -1); n=$(basename "$big" .config)
c=$(bench_median "$tmp/$n.ctr"); l=$(bench_median "$tmp/$n.lxc")
ratio=$(awk -v c="$c" -v l="$l" 'BEGIN{printf "%.0f", l / c}')
echo "process start floor (/bin/true, same loop): median $(bench_median "$tmp/all.true") ms; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "largest config: $n ($(( $(stat -c %s "$big") / 1024 )) KB): ctr-checkconfig median ${c} ms (target < 5 ms: $(awk -v c="$c" 'BEGIN{print (c < 5 ? "met" : "NOT met")}')), lxc-checkconfig median ${l} ms, ratio ${ratio}x (target >= 100x: $( [ "$ratio" -ge 100 ] && echo met || echo "NOT met"))"
# The check's own cost, without starting a process: the whole check in a
# loop inside one process (tests/helpers/checkconfig-time).
helper=${CTR_BUILD:-build}/tests/helpers/checkconfig-time
make -s -C "${CTR_TOP:-.}" B="${CTR_BUILD:-build}" "$helper" >/dev/null 2>&1
if [ -x "$helper" ]; then
	read -r med min cpu < <("$helper" "$big" "${CTR_DATADIR:-data}/checkconfig.rules" 201)
	echo "in-process full check of $n (read, rules, evaluation, text report), 201 runs: wall median ${med} ms, best ${min} ms; CPU median ${cpu} ms (target < 5 ms: $(awk -v c="$med" 'BEGIN{print (c < 5 ? "met" : "NOT met")}') by the wall median)"
else
	echo "in-process timing skipped: cannot build $helper"
fi
# The same two commands timed by hyperfine with no shell in between (-N):
# the loop above pays bash's own fork and exec on every run (its /bin/true
# floor shows how much), which weighs on a 5 ms command and not on 600 ms.
if command -v hyperfine >/dev/null && command -v jq >/dev/null; then
	CONFIG=$big hyperfine -N -w 10 -r 200 --export-json "$tmp/hc.json" ctr-checkconfig >/dev/null 2>&1
	CONFIG=$big hyperfine -N -w 1 -r 10 --export-json "$tmp/hl.json" "$lxc" >/dev/null 2>&1
	hc=$(jq -r '.results[0].median * 1000' "$tmp/hc.json" 2>/dev/null)
	hl=$(jq -r '.results[0].median * 1000' "$tmp/hl.json" 2>/dev/null)
	if [ -n "$hc" ] && [ -n "$hl" ]; then
		awk -v c="$hc" -v l="$hl" -v n="$n" 'BEGIN{printf "hyperfine -N, %s: ctr-checkconfig median %.3f ms (target < 5 ms: %s), lxc-checkconfig median %.1f ms, ratio %.0fx (target >= 100x: %s)\n", n, c, (c < 5 ? "met" : "NOT met"), l, l / c, (l / c >= 100 ? "met" : "NOT met")}'
	fi
fi

# The targets of issue 13, side by side in one hyperfine -N run (no shell in
# between): /bin/true, the plain audit of this host (the running kernel's
# config and the host checks, as a fleet runs it), the container-aware audit
# of a typical config, and lxc-checkconfig on the same host.  Targets: the
# container audit <= 2x the plain audit, the plain audit <= 2x /bin/true and
# <= 1/40 of lxc-checkconfig.
if command -v hyperfine >/dev/null && command -v jq >/dev/null; then
	mkdir -p "$tmp/rootfs"
	cat >"$tmp/bench.conf" <<CONF
lxc.uts.name = bench
lxc.rootfs.path = $tmp/rootfs
lxc.idmap = u 0 100000 65536
lxc.idmap = g 0 100000 65536
lxc.net.0.type = veth
lxc.net.0.link = lo
lxc.cgroup.memory.limit_in_bytes = 256M
lxc.cgroup.pids.max = 200
lxc.cgroup.devices.deny = a
lxc.cgroup.devices.allow = c 1:3 rwm
lxc.pty.max = 16
CONF
	cc=$(command -v ctr-checkconfig)
	# The plain audit of a shared config with -c, as before an upgrade:
	# the median-sized one.
	mid=$(ls -S "${configs[@]}" | sed -n "$(( (${#configs[@]} + 1) / 2 ))p")
	# BENCH_DYNAMIC=1: also the build linked against the shared libc
	# (CHECKCONFIG_STATIC=0, checkconfig/build.mk), built here into the
	# temp dir.
	static=()
	if [ "${BENCH_DYNAMIC:-0}" = 1 ] &&
		make -s -C "${CTR_TOP:-.}" B="$tmp/dynamic" CHECKCONFIG_STATIC=0 \
			"$tmp/dynamic/bin/ctr-checkconfig" >/dev/null 2>&1; then
		static=(-n dynamic "$tmp/dynamic/bin/ctr-checkconfig")
	fi
	# A modular host's audit: Debian's kernel config and its modules
	# directory (the VM matrix's cached kernel, when there is one), every
	# module of the rules looked up in depmod's indexes.
	modular=()
	ktree=$(ls -d "${CTR_VM_CACHE:-${CTR_TOP:-.}/build-vm}"/kernel-*/ 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$ktree" ] && kver=$(ls "$ktree/lib/modules" 2>/dev/null | head -n 1) && [ -n "$kver" ]; then
		modular=(-n modular "$cc -c $ktree/boot/config-$kver -m $ktree/lib/modules/$kver")
	fi
	# hyperfine runs one command after the other: on a machine others
	# share, the load moves between the first and the last.  So the runs
	# are split into rounds (BENCH_SIDE_ROUNDS, default 10), each over
	# every command, and the medians taken over the runs of all rounds.
	rounds_side=${BENCH_SIDE_ROUNDS:-10}
	per=$(( (${BENCH_RUNS:-100} + rounds_side - 1) / rounds_side ))
	for ((r = 0; r < rounds_side; r++)); do
		hyperfine -N -i -w 3 -r "$per" --export-json "$tmp/side.$r.json" \
			-n true /bin/true -n plain "$cc" -n plain-c "$cc -c $mid" \
			-n container "$cc --container $tmp/bench.conf" "${static[@]}" "${modular[@]}" \
			-n lxc "$lxc" >/dev/null 2>&1
	done
	sel='[.[] | .results[] | select(.command == $n)]'
	med() { jq -rs --arg n "$1" "$sel"' | [.[].times[]] | sort | .[length / 2 | floor] * 1000' "$tmp"/side.*.json; }
	cpu() { jq -rs --arg n "$1" "$sel"' | (map(.user + .system) | add / length) * 1000' "$tmp"/side.*.json; }
	best() { jq -rs --arg n "$1" "$sel"' | [.[].times[]] | min * 1000' "$tmp"/side.*.json; }
	t=$(med true) p=$(med plain) c=$(med container) l=$(med lxc) pcm=$(med plain-c)
	tc=$(cpu true) pc=$(cpu plain) cc_=$(cpu container) lc=$(cpu lxc)
	if [ -n "$t" ] && [ -n "$p" ] && [ -n "$c" ] && [ -n "$l" ]; then
		echo "side by side, hyperfine -N in $rounds_side rounds of $per runs, medians (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
		awk -v t="$t" -v p="$p" -v c="$c" -v l="$l" 'BEGIN {
			printf "  /bin/true %.3f ms | plain audit %.3f ms | container audit %.3f ms | lxc-checkconfig %.1f ms\n", t, p, c, l
			printf "  container / plain  %.2fx (target <= 2x: %s)\n", c / p, (c / p <= 2 ? "met" : "NOT met")
			printf "  plain / /bin/true  %.2fx (target <= 2x: %s)\n", p / t, (p / t <= 2 ? "met" : "NOT met")
			printf "  lxc / plain        %.0fx (target >= 40x: %s)\n", l / p, (l / p >= 40 ? "met" : "NOT met")
		}'
		awk -v t="$t" -v p="$pcm" -v n="$(basename "$mid" .config)" 'BEGIN {
			printf "  plain -c %s / /bin/true  %.3f ms, %.2fx (target <= 2x: %s)\n", n, p, p / t, (p / t <= 2 ? "met" : "NOT met")
		}'
		if [ ${#static[@]} -gt 0 ]; then
			awk -v t="$t" -v s="$(med dynamic)" 'BEGIN {
				printf "  dynamic (CHECKCONFIG_STATIC=0) plain / /bin/true  %.3f ms, %.2fx\n", s, s / t
			}'
		fi
		if [ ${#modular[@]} -gt 0 ]; then
			awk -v t="$t" -v s="$(med modular)" -v k="$kver" 'BEGIN {
				printf "  Debian %s with its modules dir (-c -m) / /bin/true  %.3f ms, %.2fx\n", k, s, s / t
			}'
		fi
		# CPU time (user + system, means) weighs less on a loaded machine
		awk -v t="$tc" -v p="$pc" -v c="$cc_" -v l="$lc" 'BEGIN {
			printf "  CPU time: /bin/true %.3f ms | plain %.3f ms | container %.3f ms | lxc %.1f ms; container/plain %.2fx, plain/true %.2fx, lxc/plain %.0fx\n", t, p, c, l, c / p, p / t, l / p
		}'
		# The best run of each: what a run costs when nothing else wants
		# the CPU.  On a busy machine the medians grow with the load, and
		# more for a longer command, which is more often interrupted.
		awk -v t="$(best true)" -v p="$(best plain)" -v c="$(best container)" 'BEGIN {
			printf "  best runs: /bin/true %.3f ms | plain %.3f ms | container %.3f ms; container/plain %.2fx, plain/true %.2fx\n", t, p, c, c / p, p / t
		}'
	fi
fi
ip link show lxcbr0 >/dev/null 2>&1 && echo "warning: lxcbr0 exists after the run"
exit 0
