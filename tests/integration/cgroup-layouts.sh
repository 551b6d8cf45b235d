#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The other host layouts, made for real inside private mount namespaces
# (unshare -m) so the host's mounts stay as they are: a fresh cgroup2 mount
# as the whole root (a pure v2 host), and the host's v1 hierarchies mounted
# again on a tmpfs without cgroup2 (a v1-only host).  The cgroups they make
# are the host's own hierarchies, seen from outside under the host's mounts.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd unshare util-linux
P=${CTR_BUILD:-$T_TOP/build}/tests/helpers/cgroup-probe
[ -x "$P" ] || t_skip_all "cgroup-probe not built (make tests-build)"
d=$(t_tmpdir)
N=ctrt$T_ID
ours() { find /sys/fs/cgroup -maxdepth 4 -type d -path "*/ctr/ctrt$T_ID*" 2>/dev/null; }
t_defer 'for c in $(ours | sort -r); do kill -9 $(cat $c/cgroup.procs) 2>/dev/null; rmdir $c; done'
# device nodes need a filesystem without nodev (a VM's /tmp may be one)
mount -t tmpfs -o mode=0755 ctrt-dev "$d" || t_skip_all "cannot mount a tmpfs for device nodes"
mkdir -p "$d/v2" "$d/v1"
mknod "$d/null" c 1 3 && mknod "$d/full" c 1 7

# in_v2 CMD...: runs CMD in a mount namespace where $d/v2 is a cgroup2 root
in_v2() { unshare -m --propagation private sh -c 'mount -t cgroup2 none "$0" && exec "$@"' "$d/v2" "$@"; }

# --- pure v2 ---------------------------------------------------------------------
t_eq "fresh cgroup2 root: layout v2" v2 "$(in_v2 "$P" -r "$d/v2" -L 2>&1)"
ctrls=$(in_v2 cat "$d/v2/cgroup.controllers")
has() { case " $ctrls " in *" $1 "*) return 0 ;; esac; return 1; }
echo "# cgroup2 controllers here: ${ctrls:-none}"

seed_dev=(-c devices.deny=a -c 'devices.allow=c *:* m' -c 'devices.allow=c 1:3 rwm'
	-c 'devices.allow=c 1:5 rwm')
out=$(in_v2 "$P" -r "$d/v2" -n "$N-v2" "${seed_dev[@]}" -c cpu.shares=512 -c blkio.weight=500 \
	-- sh -c "cat /proc/self/cgroup; head -c1 $d/null >$d/o && echo null-ok; head -c1 $d/full >$d/o 2>$d/e || echo full-denied; cat $d/e; cat $d/v2/ctr/$N-v2/cpu.weight 2>/dev/null | sed 's/^/cpu.weight=/'" 2>&1)
rc=$?
t_eq "v2: devices, cpu.shares and blkio.weight start" 0 "$rc"
t_match "v2: the child is in ctr/NAME of the v2 root" "^0::/ctr/$N-v2" "$out"
t_match "v2: eBPF program allows 1:3" "null-ok" "$out"
t_match "v2: eBPF program denies 1:7" "full-denied" "$out"
t_match "v2: with EPERM" "Operation not permitted" "$out"
if has cpu; then
	t_match "v2: cpu.weight 59 from cpu.shares 512" "cpu.weight=59" "$out"
else
	t_match "v2: no cpu controller: warning naming line 5" "warning: probe.conf:5: 'cpu.shares' not applied \(controller 'cpu'" "$out"
fi
if has io; then
	t_nomatch "v2: io weight applied without warning" "'blkio.weight' not applied" "$out"
else
	t_match "v2: no io controller: warning naming line 6" "warning: probe.conf:6: 'blkio.weight' not applied" "$out"
fi
t_eq "v2: nothing left" "" "$(ours)"

# hard limits: applied where the controller is there, else refused naming the line
out=$(in_v2 "$P" -r "$d/v2" -n "$N-m" -c memory.limit_in_bytes=512M \
	-c memory.memsw.limit_in_bytes=1G -c pids.max=64 -c cpuset.cpus=0 \
	-- sh -c "cd $d/v2/ctr/$N-m && for f in memory.max memory.swap.max pids.max cpuset.cpus; do echo \$f=\$(cat \$f); done" 2>&1)
rc=$?
if has memory && has pids && has cpuset; then
	t_eq "v2: memory, memsw, pids, cpuset applied" 0 "$rc"
	t_match "v2: memory.max" "memory.max=536870912" "$out"
	t_match "v2: memory.swap.max = memsw - memory" "memory.swap.max=536870912" "$out"
	t_match "v2: pids.max" "pids.max=64" "$out"
	t_match "v2: cpuset.cpus" "cpuset.cpus=0" "$out"
else
	t_eq "v2 without the memory controller: refused" 2 "$rc"
	t_match "v2: the refusal names line 1 and the controller" "probe.conf:1: cannot apply 'memory.limit_in_bytes' \(controller 'memory'" "$out"
fi
t_eq "v2: nothing left after the hard limits" "" "$(ours)"

# pure v2: lxc.cgroup2 keys are written as given; errors name their line
out=$(in_v2 "$P" -r "$d/v2" -n "$N-k" -2 cgroup.max.descendants=7 \
	-- cat "$d/v2/ctr/$N-k/cgroup.max.descendants" 2>&1)
t_eq "v2: lxc.cgroup2.cgroup.max.descendants written as given" 7 "$out"
out=$(in_v2 "$P" -r "$d/v2" -n "$N-k" -2 cgroup.max.descendants=lots -- true 2>&1)
t_match "v2: a value the kernel rejects names the line" "probe.conf:1: cannot set 'cgroup.max.descendants' to 'lots'" "$out"
out=$(in_v2 "$P" -r "$d/v2" -n "$N-k" -c net_cls.classid=0x100001 -- true 2>&1)
t_match "v2: a v1 key without an equivalent is refused" "probe.conf:1: cannot apply 'net_cls.classid'" "$out"
t_eq "v2: nothing left after the refusals" "" "$(ours)"

# --- v1 only -------------------------------------------------------------------------
# the host's v1 hierarchies with controllers, as "OPTIONS DIRNAME"
v1s=$(awk '$0 ~ / - cgroup cgroup / {
	n = split($NF, o, ","); opts = ""
	for (i = 1; i <= n; i++)
		if (o[i] != "rw" && o[i] != "ro" && o[i] !~ /^(name=|release_agent=)/ && o[i] != "xattr" && o[i] != "clone_children")
			opts = opts (opts == "" ? "" : ",") o[i]
	m = split($5, p, "/")
	if (opts != "") print opts, p[m]
}' /proc/self/mountinfo)
if [ -z "$v1s" ]; then
	t_skip "v1-only layout" "this host has no v1 hierarchy to mount again (pure v2)"
	t_done
	exit
fi
in_v1() {
	unshare -m --propagation private sh -c '
		root=$0; mount -t tmpfs ctrt-v1 "$root" || exit 125
		printf "%s\n" "$V1S" | while read -r opts dir; do
			mkdir -p "$root/$dir" && mount -t cgroup -o "$opts" cgroup "$root/$dir" || exit 125
		done || exit 125
		exec "$@"' "$d/v1" "$@"
}
export V1S=$v1s
t_eq "v1 hierarchies without cgroup2: layout v1" v1 "$(in_v1 "$P" -r "$d/v1" -L 2>&1)"

out=$(in_v1 "$P" -r "$d/v1" -n "$N-v1" -c memory.limit_in_bytes=256M -c pids.max=32 \
	"${seed_dev[@]}" -2 cpu.weight=50 \
	-- sh -c "cat /proc/self/cgroup; cat $d/v1/memory/ctr/$N-v1/memory.limit_in_bytes $d/v1/pids/ctr/$N-v1/pids.max; head -c1 $d/full >$d/o 2>$d/e || echo full-denied" 2>&1)
rc=$?
t_eq "v1: starts" 0 "$rc"
t_match "v1: memory.limit_in_bytes written" "^268435456$" "$out"
t_match "v1: pids.max written" "^32$" "$out"
t_match "v1: devices through the v1 controller" "full-denied" "$out"
t_match "v1: the child is in the memory hierarchy" "memory:/ctr/$N-v1" "$out"
t_nomatch "v1: no v2 cgroup made" "^0::/ctr/" "$out"
t_match "v1: a v2 weight warns naming line 7" "warning: probe.conf:7: 'cpu.weight' not applied \(this host has no cgroup v2 hierarchy\)" "$out"

out=$(in_v1 "$P" -r "$d/v1" -n "$N-v1" -c pids.max=32 -2 memory.max=1G -- true 2>&1)
t_eq "v1: a v2 hard limit is refused" 2 "$?"
t_match "v1: the refusal names line 2" "probe.conf:2: cannot apply 'memory.max' \(this host has no cgroup v2 hierarchy\)" "$out"
# no cgroup.kill on v1: destroy freezes, kills and thaws
in_v1 "$P" -r "$d/v1" -n "$N-v1k" -c pids.max=32 -w "$d/gc" -k 100 \
	-- sh -c "sleep 60 & echo \$! > $d/gc.tmp; mv $d/gc.tmp $d/gc; sleep 60" 2>&1
t_eq "v1: destroy kills the container" 137 "$?"
dead() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status"; }
t_ok "v1: and the grandchild" dead "$(cat "$d/gc")"
t_eq "v1: nothing left" "" "$(ours)"
t_done
