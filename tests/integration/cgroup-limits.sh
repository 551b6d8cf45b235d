#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The container cgroups on this host's real layout (hybrid here; v1-only and
# pure v2 in the VM): limits land in the right files, bad values fail naming
# the line and leave nothing, weights the kernel lacks only warn, destroy
# kills what is left and removes every directory.  Driven through
# tests/helpers/cgroup-probe, checked from outside.
. "$(dirname "$0")/../lib.sh"
t_require_root
P=${CTR_BUILD:-$T_TOP/build}/tests/helpers/cgroup-probe
[ -x "$P" ] || t_skip_all "cgroup-probe not built (make tests-build)"

layout=$("$P" -L)
t_match "layout detected" '^(v1|hybrid|v2)$' "$layout"
[ "$layout" = none ] && t_skip_all "no cgroup hierarchy mounted at /sys/fs/cgroup"
d=$(t_tmpdir)
N=ctrt$T_ID

# Every place a cgroup of ours could be left behind.
ours() { find /sys/fs/cgroup -maxdepth 4 -type d -path "*/ctr/ctrt$T_ID*" 2>/dev/null; }
t_defer 'for c in $(ours | sort -r); do kill -9 $(cat $c/cgroup.procs) 2>/dev/null; rmdir $c; done'

# hold NAME ARGS...: runs the probe in the background with a child that
# records its pid and waits for $d/go-NAME; waits until it is in.
hold() {
	local name=$1; shift
	rm -f "$d/pid-$name" "$d/go-$name"
	"$P" -p -i -n "$name" "$@" -- sh -c "echo \$\$ > $d/pid-$name.tmp; mv $d/pid-$name.tmp $d/pid-$name; while [ ! -e $d/go-$name ]; do sleep 0.05; done" \
		>"$d/out-$name" 2>"$d/err-$name" &
	HOLD_PID=$!
	for _ in $(seq 200); do
		[ -e "$d/pid-$name" ] && return 0
		kill -0 $HOLD_PID 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
release() { touch "$d/go-$1"; wait "$HOLD_PID"; }
path_of() { awk -v c="$2" '$1 == c { print $2 }' "$d/out-$1"; }
# file_of NAME CONTROLLER FILE: the file in the v1 hierarchy of CONTROLLER,
# else in the v2 cgroup
file_of() {
	local p
	p=$(path_of "$1" "$2")
	[ -n "$p" ] || p=$(path_of "$1" v2)
	echo "$p/$3"
}

# --- the seed's limits --------------------------------------------------------
memsw_args=()
v1mem=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
have_memsw=yes
if [ -n "$v1mem" ] && [ ! -e "$v1mem/memory.memsw.limit_in_bytes" ]; then
	have_memsw=no
elif [ "$layout" = v2 ] && ! grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	have_memsw=no
fi
[ $have_memsw = yes ] && memsw_args=(-c memory.memsw.limit_in_bytes=1G)

ok=yes
hold "$N" -c memory.limit_in_bytes=512M "${memsw_args[@]}" -c cpuset.cpus=0 \
	-c cpu.shares=512 -c blkio.weight=500 -c pids.max=100 -c devices.deny=a \
	-c 'devices.allow=c 1:3 rwm' -c 'devices.allow=c *:* m' || ok=no
t_eq "create with the seed's limits" yes "$ok"
[ $ok = no ] && sed 's/^/# /' "$d/err-$N"
pid=$(cat "$d/pid-$N" 2>/dev/null)

if [ "$layout" = v2 ]; then
	v2=$(path_of "$N" v2)
	t_eq "memory.max" 536870912 "$(cat "$v2/memory.max" 2>&1)"
	if [ $have_memsw = yes ]; then
		t_eq "memory.swap.max is memsw minus memory" 536870912 "$(cat "$v2/memory.swap.max" 2>&1)"
	else
		t_skip "memory.swap.max" "no memory controller"
	fi
	t_eq "cpu.weight from cpu.shares 512" 59 "$(cat "$v2/cpu.weight" 2>&1)"
	t_eq "cpuset.cpus" 0 "$(cat "$v2/cpuset.cpus" 2>&1)"
	t_eq "pids.max" 100 "$(cat "$v2/pids.max" 2>&1)"
	if [ -e "$v2/io.bfq.weight" ]; then
		t_match "io.bfq.weight" '(^| )500$' "$(head -n1 "$v2/io.bfq.weight")"
	elif [ -e "$v2/io.weight" ]; then
		t_match "io.weight scaled from 500" 'default 4950' "$(cat "$v2/io.weight")"
	else
		t_match "no io weight: warning naming the line" "probe.conf:[0-9]+: 'blkio.weight' not applied" "$(cat "$d/err-$N")"
	fi
	t_match "the child is in the v2 cgroup" "^0::/ctr/$N\$" "$(cat /proc/$pid/cgroup 2>&1)"
else
	mem=$(path_of "$N" memory)
	t_eq "memory.limit_in_bytes" 536870912 "$(cat "$mem/memory.limit_in_bytes" 2>&1)"
	if [ $have_memsw = yes ]; then
		t_eq "memory.memsw.limit_in_bytes" 1073741824 "$(cat "$mem/memory.memsw.limit_in_bytes" 2>&1)"
	else
		t_skip "memory.memsw.limit_in_bytes" "the kernel has no swap accounting"
	fi
	cs=$(path_of "$N" cpuset)
	t_eq "cpuset.cpus" 0 "$(cat "$cs/cpuset.cpus" 2>&1)"
	t_eq "cpuset.mems filled from the parent" "$(cat "${cs%/ctr/*}/cpuset.mems")" "$(cat "$cs/cpuset.mems" 2>&1)"
	t_eq "cpu.shares" 512 "$(cat "$(path_of "$N" cpu)/cpu.shares" 2>&1)"
	t_eq "pids.max" 100 "$(cat "$(path_of "$N" pids)/pids.max" 2>&1)"
	t_eq "devices.list" "c 1:3 rwm
c *:* m" "$(cat "$(path_of "$N" devices)/devices.list" 2>&1)"
	bl=$(path_of "$N" blkio)
	if [ -e "$bl/blkio.weight" ]; then
		t_eq "blkio.weight" 500 "$(cat "$bl/blkio.weight")"
	else
		# this host: no blkio.weight; BFQ's file or nothing, and a warning either way
		t_match "blkio.weight missing: a warning naming the line" \
			"warning: probe.conf:[0-9]+: 'blkio.weight' (applied as 'blkio.bfq.weight'|not applied)" "$(cat "$d/err-$N")"
	fi
	t_match "the child is in every v1 hierarchy" "memory:/ctr/$N" "$(cat /proc/$pid/cgroup 2>&1)"
	t_match "the child is in cpuset" "cpuset:/ctr/$N" "$(cat /proc/$pid/cgroup 2>&1)"
fi
t_eq "the library lists the child" "child: $pid" "$(grep '^child:' "$d/out-$N")"
t_match "the library reads the memory usage" "^memory: [0-9]+$" "$(grep '^memory:' "$d/out-$N")"
t_eq "the library sees it populated" "populated: 1" "$(grep '^populated:' "$d/out-$N")"
release "$N"
t_eq "probe exits with the child's status" 0 "$?"
t_eq "nothing left after destroy" "" "$(ours)"

# --- memsw before memory in the file: v1 wants memory first, the order is ours
if [ $have_memsw = yes ]; then
	out=$("$P" -p -n "$N-o" -c memory.memsw.limit_in_bytes=1G -c memory.limit_in_bytes=256M -- true 2>&1)
	t_eq "memsw written after memory whatever the line order" 0 "$?"
	[ -n "$out" ] && printf '%s\n' "$out" | grep -v '^[a-z0-9]* /' | sed 's/^/# /'
else
	t_skip "memsw line order" "no swap accounting"
fi

# --- devices seen from inside --------------------------------------------------
# device nodes need a filesystem without nodev (a VM's /tmp may be one)
mount -t tmpfs -o mode=0755 ctrt-dev "$d" || t_skip_all "cannot mount a tmpfs for device nodes"
mknod "$d/full" c 1 7 && mknod "$d/null" c 1 3
out=$("$P" -n "$N-dev" -c devices.deny=a -c 'devices.allow=c 1:3 rwm' -c 'devices.allow=c *:* m' \
	-- sh -c "cat $d/null && echo null-ok; head -c1 $d/full >/dev/null 2>$d/full-err || echo full-denied; cat $d/full-err; mknod $d/zero c 1 5 && echo mknod-ok" 2>&1)
t_match "allowed device opens inside" "null-ok" "$out"
t_match "denied device does not open inside" "full-denied" "$out"
t_match "denied with EPERM" "Operation not permitted" "$out"
t_match "mknod allowed by 'c *:* m'" "mknod-ok" "$out"
t_ok "outside the container the device opens" sh -c "head -c1 $d/full >/dev/null"
t_eq "nothing left after the device test" "" "$(ours)"

# --- a weight whose file is missing warns and goes on ---------------------------
if [ "$layout" = hybrid ]; then
	# cgroup2 here has no cpu controller: lxc.cgroup2.cpu.weight can't apply
	out=$("$P" -n "$N-w" -c cpu.shares=256 -2 cpu.weight=50 -- cat /proc/self/cgroup 2>&1)
	t_eq "start goes on despite the weight" 0 "$?"
	t_match "warning names the line and the key" "warning: probe.conf:2: 'cpu.weight' not applied" "$out"
	t_match "the container ran" "cpu:/ctr/$N-w" "$out"
else
	out=$("$P" -n "$N-w" -2 cpu.nonexistent.weight=50 -- true 2>&1)
	t_eq "start goes on despite the weight" 0 "$?"
	t_match "warning names the line and the key" "warning: probe.conf:1: 'cpu.nonexistent.weight' not applied" "$out"
fi

# --- bad values fail naming the line, and leave nothing ---------------------------
bad() {
	local name=$1 re=$2; shift 2
	local out rc
	out=$("$P" -n "$N-bad" "$@" -- true 2>&1); rc=$?
	t_eq "$name: fails" 2 "$rc"
	t_match "$name: names the line" "$re" "$out"
	t_eq "$name: nothing left" "" "$(ours)"
}
bad "memsw below memory" "probe.conf:2: .*memsw.*less than" \
	-c memory.limit_in_bytes=1G -c memory.memsw.limit_in_bytes=512M
bad "memsw without memory" "probe.conf:1: .*needs 'memory.limit_in_bytes'" \
	-c memory.memsw.limit_in_bytes=1G
bad "bad size" "probe.conf:2: bad size '12x'" -c cpu.shares=100 -c memory.limit_in_bytes=12x
bad "cpu the host lacks" "probe.conf:3: cannot (set|apply) 'cpuset.cpus'" \
	-c pids.max=10 -c memory.limit_in_bytes=100M -c cpuset.cpus=99
bad "bad device rule" "probe.conf:2: bad device rule 'x 1:3'" -c devices.deny=a -c 'devices.allow=x 1:3'
bad "unknown controller file" "probe.conf:1: cannot apply 'memory.bogus_limit'" -c memory.bogus_limit=5
if [ "$layout" != v2 ]; then
	bad "v1 value the kernel rejects" "probe.conf:1: cannot set 'pids.max' to 'lots'" -c pids.max=lots
fi

# --- destroy kills what is left, forks included ------------------------------------
"$P" -n "$N-k" -w "$d/grandchild" -k 100 -- sh -c "sleep 60 & echo \$! > $d/grandchild.tmp; mv $d/grandchild.tmp $d/grandchild; sleep 60" 2>"$d/err-k"
rc=$?
t_eq "destroy killed the container (SIGKILL)" 137 "$rc"
gc=$(cat "$d/grandchild" 2>/dev/null)
t_ok "grandchild recorded" test -n "$gc"
# PID 1 may be slow to reap the orphan: a zombie is dead enough
dead() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status"; }
t_ok "the grandchild is gone too" dead "${gc:-999999}"
t_eq "nothing left after the kill" "" "$(ours)"

# --- sub-cgroups the container made itself (systemd, openrc) go too -----------------
cat >"$d/nest.sh" <<'EOF'
# $1: the probe's -p output, $2: the container's name
for c in $(awk '$1 != "hierarchy" { print $2 }' "$1"); do
	case $c in */ctr/"$2") ;; *) echo "refusing '$c'"; continue ;; esac
	mkdir "$c/sub" "$c/sub/deeper" && echo $$ >"$c/sub/deeper/cgroup.procs" || echo cannot-nest
done
sleep 60 &
touch "${1%/*}/nested"
sleep 60
EOF
"$P" -p -n "$N-s" -c pids.max=50 -w "$d/nested" -k 100 -- sh "$d/nest.sh" "$d/out-s" "$N-s" >"$d/out-s" 2>"$d/err-s"
t_eq "destroy with nested cgroups kills all" 137 "$?"
t_nomatch "the container could nest its cgroups" "cannot-nest|refusing" "$(cat "$d/err-s" "$d/out-s")"
t_eq "nested cgroups removed too" "" "$(ours)"

# --- a second create of a running name fails and harms nothing ----------------------
hold "$N-2" -c pids.max=50 || true
first=$HOLD_PID
out=$("$P" -n "$N-2" -c pids.max=60 -- true 2>&1); rc=$?
t_eq "second create fails" 2 "$rc"
t_match "second create says why" "already exists" "$out"
t_eq "the first's cgroup is untouched" 50 "$(cat "$(file_of "$N-2" pids pids.max)" 2>&1)"
t_ok "the first's child still runs" kill -0 "$(cat "$d/pid-$N-2")"
HOLD_PID=$first
release "$N-2"
t_eq "nothing left after the pair" "" "$(ours)"

# --- delegation to a user namespace's root ---------------------------------------------
hold "$N-u" -u 100000:100000 -c pids.max=20 || true
upid=$HOLD_PID
owners=$(while read -r kind p rest; do
	[ "$kind" = hierarchy ] && continue
	stat -c '%u:%g' "$p" "$p/cgroup.procs"
done <"$d/out-$N-u" | sort -u)
t_eq "directories and cgroup.procs belong to the delegate" "100000:100000" "$owners"
if [ "$layout" = v1 ]; then
	t_eq "v1: so does tasks" "100000:100000" "$(stat -c '%u:%g' "$(path_of "$N-u" memory)/tasks")"
else
	v2=$(path_of "$N-u" v2)
	t_eq "v2: so does cgroup.subtree_control" "100000:100000" "$(stat -c '%u:%g' "$v2/cgroup.subtree_control")"
fi
t_eq "limits stay root's" "0:0" "$(stat -c '%u:%g' "$(file_of "$N-u" pids pids.max)")"
HOLD_PID=$upid
release "$N-u"

# --- another process destroys a running container (ctr-stop's way) --------------------
hold "$N-x" -c pids.max=20 || true
xpid=$HOLD_PID
t_ok "destroy by name from another process" "$P" -n "$N-x" -X
wait "$xpid"
t_eq "the holder saw its child killed" 137 "$?"
t_eq "nothing left after destroy by name" "" "$(ours)"

# --- containers come and go at once: the shared ctr parent is made and removed
# under each other's feet
for j in 1 2 3; do
	(
		for i in 1 2 3; do
			"$P" -n "$N-p$j" -c pids.max=10 -- true || echo "fail $j/$i"
		done
	) >"$d/par-$j" 2>&1 &
done
wait
t_eq "9 parallel create/destroy cycles succeed" "" "$(cat "$d"/par-*)"
t_eq "nothing left after the parallel cycles" "" "$(ours)"

# --- the ctr parent goes when the last container does ---------------------------------
left=""
for p in /sys/fs/cgroup/*/ctr /sys/fs/cgroup/ctr; do
	[ -d "$p" ] || continue
	# another suite's container may be living there right now
	[ -n "$(find "$p" -mindepth 1 -maxdepth 1 -type d)" ] && continue
	# wait for it to go (or for another suite's container to come)
	t_wait_for 10 sh -c "[ ! -d '$p' ] || [ -n \"\$(find '$p' -mindepth 1 -maxdepth 1 -type d)\" ]" ||
		left="$left $p"
done
t_eq "no empty ctr parent left" "" "$left"
t_done
