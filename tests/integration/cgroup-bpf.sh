#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The eBPF device program (BPF_PROG_TYPE_CGROUP_DEVICE) on the real kernel:
# attached to test-owned cgroups under the host's cgroup2 mount
# (/sys/fs/cgroup/unified here, /sys/fs/cgroup on a pure v2 host), a process
# moved in tries device nodes made in a temp dir.
. "$(dirname "$0")/../lib.sh"
t_require_root
P=${CTR_BUILD:-$T_TOP/build}/tests/helpers/cgroup-probe
[ -x "$P" ] || t_skip_all "cgroup-probe not built (make tests-build)"
mnt=$(findmnt -n -t cgroup2 -o TARGET | head -n1)
[ -n "$mnt" ] || t_skip_all "no cgroup2 mount on this host"
d=$(t_tmpdir)

# device nodes need a filesystem without nodev (a VM's /tmp may be one)
mount -t tmpfs -o mode=0755 ctrt-dev "$d" || t_skip_all "cannot mount a tmpfs for device nodes"
mknod "$d/null" c 1 3 && mknod "$d/full" c 1 7 && mknod "$d/zero" c 1 5 && mknod "$d/loop" b 7 0
t_ok "device nodes made in the temp dir" test -c "$d/full"

# Each case gets its own cgroup: programs attached with BPF_F_ALLOW_MULTI add up.
n=0
next_cg() {
	n=$((n + 1))
	CG="$mnt/ctrt$T_ID-b$n"
	t_defer "kill -9 \$(cat '$CG/cgroup.procs') 2>/dev/null; rmdir '$CG'"
	mkdir "$CG"
}
# try PATH...: "PATH ok" when it opens for reading, else the error ($0: temp dir;
# no /dev/null involved, the rules may deny it)
try='for f in "$@"; do if head -c1 "$f" >"$0/o.$$" 2>"$0/e.$$"; then echo "$f ok"; else echo "$f $(sed "s/.*: //" "$0/e.$$")"; fi; done; rm -f "$0/o.$$" "$0/e.$$"'

# The seed's list: deny everything, mknod of any char/block node, a few nodes rwm.
seed=(-d a -a 'c *:* m' -a 'b *:* m' -a 'c 5:1 rwm' -a 'c 10:229 rwm' -a 'c 1:3 rwm'
	-a 'c 5:2 rwm' -a 'c 136:* rwm' -a 'c 1:8 rwm' -a 'c 254:0 rwm' -a 'c 5:0 rwm'
	-a 'c 1:9 rwm' -a 'c 1:5 rwm')
next_cg; out=$("$P" -b "$CG" "${seed[@]}" -- sh -c "$try" "$d" "$d/null" "$d/zero" "$d/full" "$d/loop" /dev/null 2>&1)
t_match "seed: /dev/null-like 1:3 opens" "$d/null ok" "$out"
t_match "seed: 1:5 opens" "$d/zero ok" "$out"
t_match "seed: 1:7 (full) is denied with EPERM" "$d/full Operation not permitted" "$out"
t_match "seed: block 7:0 is denied" "$d/loop Operation not permitted" "$out"
t_match "seed: the host's /dev/null opens" "/dev/null ok" "$out"

next_cg; out=$("$P" -b "$CG" "${seed[@]}" -- sh -c "mknod $d/m1 c 1 7 && echo mknod-ok; mknod $d/m2 b 7 1 && echo bmknod-ok" 2>&1)
t_match "seed: mknod of a char node allowed ('c *:* m')" "mknod-ok" "$out"
t_match "seed: mknod of a block node allowed ('b *:* m')" "bmknod-ok" "$out"

next_cg; out=$("$P" -b "$CG" -d a -a 'c 1:3 rwm' -- sh -c "mknod $d/m3 c 1 7 || echo mknod-denied" 2>&1)
t_match "no m rule: mknod denied" "mknod-denied" "$out"
t_match "no m rule: with EPERM" "Operation not permitted" "$out"
t_ok "denied mknod made nothing" test ! -e "$d/m3"

# later rules win, per access
next_cg; out=$("$P" -b "$CG" -d a -a 'c 1:3 rwm' -d 'c 1:3 w' -- sh -c "head -c0 $d/null && echo read-ok; (echo x > $d/null) 2>/dev/null || echo write-denied" 2>&1)
t_match "later deny of w: read still allowed" "read-ok" "$out"
t_match "later deny of w: write denied" "write-denied" "$out"

next_cg; out=$("$P" -b "$CG" -d a -a 'c 1:3 r' -a 'c 1:3 w' -- sh -c "(echo x > $d/null) && echo rw-ok" 2>&1)
t_match "r and w from two rules combine" "rw-ok" "$out"

next_cg; out=$("$P" -b "$CG" -a 'c 1:7 rwm' -d a -- sh -c "$try" "$d" "$d/full" 2>&1)
t_match "a final 'deny a' wins over earlier allows" "$d/full Operation not permitted" "$out"

next_cg; out=$("$P" -b "$CG" -d 'c 1:7 rwm' -- sh -c "$try" "$d" "$d/full" "$d/zero" 2>&1)
t_match "denies alone: the named node is denied" "$d/full Operation not permitted" "$out"
t_match "denies alone: others stay allowed" "$d/zero ok" "$out"

# outside the cgroups nothing changed
t_ok "outside, the denied node still opens" sh -c "head -c1 $d/full >/dev/null"
t_done
