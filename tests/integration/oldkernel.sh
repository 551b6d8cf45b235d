#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The runtime on older kernels, proved on this one: tests/helpers/enosys-exec
# makes the system calls (and flags) newer than a kernel fail as that kernel
# would, and the real tools run under it -- ctr-start (-d and -F),
# ctr-attach (with and without a pty), ctr-wait, ctr-ls, ctr-stop and
# ctr-create --from-dir -- for three profiles:
#   5.4   Ubuntu 20.04: no openat2, close_range, time namespace, setns on a pidfd
#   4.19  Debian 10: also no clone3, pidfds, CLONE_PIDFD, mount API
#   3.10  RHEL 7: also no statx, memfd_create, seccomp(2), getrandom,
#         execveat, cgroup namespace, TIOCGPTPEER, ambient capabilities
# The filter is inherited by the containers too, as such a kernel would be.
# Each profile first shows that the filter holds and that this kernel has
# the calls (else the fallback is not what ran).  Then the in-root resolver's
# probes: links in the rootfs that point out of it, followed by host-side
# opens (mount targets, /dev, /etc/hostname of ctr-create), must stay inside.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
E=${CTR_BUILD:-$T_TOP/build}/tests/helpers/enosys-exec
[ -x "$E" ] || t_skip_all "no $E (make tests-build)"

# setns with both CLONE_NEWPID and CLONE_NEWNS: only a pidfd takes several
# namespaces at once; before 5.8 that is EINVAL
P54=(openat2 close_range faccessat2 pidfd_getfd mount_setattr epoll_pwait2
	landlock_create_ruleset landlock_add_rule landlock_restrict_self
	'unshare:0&0x80/EINVAL' 'setns:1&0x20020000/EINVAL')
P419=("${P54[@]}" clone3 pidfd_open pidfd_send_signal fsopen fsconfig fsmount
	move_mount open_tree fspick io_uring_setup 'clone:0&0x1000/EINVAL')
P310=("${P419[@]}" statx memfd_create getrandom seccomp execveat renameat2
	copy_file_range userfaultfd membarrier mlock2 preadv2 pwritev2 rseq
	sched_setattr sched_getattr pkey_alloc
	'clone:0&0x02000000/EINVAL' 'unshare:0&0x02000000/EINVAL' 'setns:1&0x02000000/EINVAL'
	'ioctl:1=0x5441/ENOTTY' 'prctl:0=47/EINVAL')
# a 3.10 host is cgroup v1: bpf(2) for v2's device filter is its own matter
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || P310+=(bpf)

# The plain system call names of a profile (no flag rules).
calls() { for r in "$@"; do case $r in *[:/]*) ;; *) echo "$r" ;; esac; done; }

OUT=$LC_DIR/outside
mkdir -p "$OUT/dev"
echo "host-$T_ID" >"$OUT/hostname"
# links in the rootfs that lead out of it when followed on the host; what
# they name inside the rootfs is there (a link that dangles inside fails)
mkdir -p "$LC_ROOTFS/mnt" "$LC_ROOTFS/$OUT"
ln -s "../../../../../../../../$OUT" "$LC_ROOTFS/mnt/up"
ln -s / "$LC_ROOTFS/mnt/root"
printf '::sysinit:/bin/true\n::respawn:/bin/sleep 1000\n' >"$LC_ROOTFS/etc/inittab"

# a copy owned by the mapped root, for the lxc.idmap container; the mapped
# root must reach it (mktemp -d makes 0700 dirs)
UROOTFS=$LC_DIR/urootfs
cp -a "$LC_ROOTFS" "$UROOTFS" && chown -R 100000:100000 "$UROOTFS" && chmod 755 "$LC_DIR"

# leftovers NAME: what of NAME's run dir is left after it stopped
leftovers() { ls -A "$CTR_RUNDIR/$1" 2>/dev/null | grep -v -x -e state -e log -e console.log; }

profile() {
	local p=$1 a=ctrt${T_ID}$2
	shift 2
	local rules=("$@") out rc pid
	run() { "$E" "${rules[@]}" -- "$@"; }

	# --- the filter holds, and this kernel has the calls it hides
	out=$("$E" --check $(calls "${rules[@]}"))
	t_eq "$p: this kernel has every call the profile hides" "" "$(grep ENOSYS <<<"$out")"
	out=$(run "$E" --check $(calls "${rules[@]}"))
	t_eq "$p: under the profile each fails with ENOSYS" "" "$(grep -v ENOSYS <<<"$out")"

	# --- background start, ls, attach, wait, stop
	lc_conf "$a" "lxc.seccomp.allow_nesting = 1" \
		"lxc.mount.entry = tmpfs mnt/up/$p-mnt tmpfs create=dir 0 0" \
		"lxc.mount.entry = tmpfs mnt/root/$p-root tmpfs create=dir 0 0" >/dev/null
	out=$(run ctr-start -d -n "$a" -f "$CTR_SYSCONFDIR/lxc/$a.conf" 2>&1)
	rc=$?
	t_eq "$p: start -d" 0 "$rc" || echo "# $out"
	pid=$(lc_pid "$a")
	t_match "$p: ls says RUNNING" "^$a +RUNNING +$pid " "$(run ctr-ls | awk -v n="$a" '$1 == n')"
	t_eq "$p: attach runs in the container" "$a" "$(run ctr-attach -n "$a" -- hostname)"
	t_eq "$p: attach sees the init as PID 1" init "$(run ctr-attach -n "$a" -- cat /proc/1/comm)"
	t_eq "$p: attach enters the init's mount namespace" "$(readlink /proc/"$pid"/ns/mnt)" \
		"$(run ctr-attach -n "$a" -- readlink /proc/self/ns/mnt)"
	# what the kernel lacks the container does without
	t_eq "$p: no time namespace (before 5.6): the host's" "$(readlink /proc/self/ns/time)" \
		"$(readlink /proc/"$pid"/ns/time)"
	if [ "$p" = 3.10 ]; then
		t_eq "$p: no cgroup namespace (before 4.6): the host's" \
			"$(readlink /proc/self/ns/cgroup)" "$(readlink /proc/"$pid"/ns/cgroup)"
	else
		t_not "$p: a cgroup namespace of its own" test \
			"$(readlink /proc/self/ns/cgroup)" = "$(readlink /proc/"$pid"/ns/cgroup)"
	fi
	run ctr-attach -n "$a" -- sh -c 'exit 5'
	t_eq "$p: attach passes the exit status" 5 $?
	t_eq "$p: attach relays all the output" 2000 \
		"$(run ctr-attach -T -n "$a" -- sh -c 'seq 2000' | wc -l)"
	t_match "$p: attach -t gets a pty" '^/dev/pts/[0-9]+' \
		"$(run ctr-attach -t -n "$a" -- tty </dev/null | tr -d '\r')"
	# two filters: the profile's and the container's own, loaded (on 3.10
	# through prctl) and stacked (lxc.seccomp.allow_nesting)
	if grep -q '^Seccomp_filters:' /proc/"$pid"/status; then
		t_eq "$p: the container's seccomp filter is loaded" 2 \
			"$(awk '$1 == "Seccomp_filters:" { print $2 }' /proc/"$pid"/status)"
	else
		t_skip "$p: the container's seccomp filter is loaded" "no Seccomp_filters (before 5.9)"
	fi
	# in-root: the mount targets went through links that point out
	t_not "$p: a mount target through a ../ link stays out of the host" \
		test -e "$OUT/$p-mnt"
	t_not "$p: a mount target through a link to / stays out of the host" \
		test -e "/$p-root"
	t_ok "$p: the ../ link's target is inside the rootfs" \
		run ctr-attach -n "$a" -- test -d "$OUT/$p-mnt"
	t_ok "$p: the / link's target is inside the rootfs" \
		run ctr-attach -n "$a" -- test -d "/$p-root"

	run ctr-wait -n "$a" -s STOPPED -t 30 >/dev/null 2>&1 &
	local waiter=$!
	out=$(run ctr-stop -n "$a" -t 10 2>&1)
	t_eq "$p: stop" 0 $? || echo "# $out"
	wait "$waiter"
	t_eq "$p: wait saw it stop" 0 $?
	t_eq "$p: ls says STOPPED" STOPPED "$(run ctr-ls | awk -v n="$a" '$1 == n { print $2 }')"
	t_not "$p: its init is gone" kill -0 "$pid"
	t_eq "$p: nothing of it left in the run dir" "" "$(leftovers "$a")"

	# a monitor killed outright: the next start finds and clears its init
	run ctr-start -d -n "$a" -f "$CTR_SYSCONFDIR/lxc/$a.conf" >/dev/null 2>&1
	pid=$(lc_pid "$a")
	kill -9 "$(sed -n 's/^monitor=//p' "$CTR_RUNDIR/$a/state")" 2>/dev/null
	run ctr-stop -k -n "$a" >/dev/null 2>&1
	lc_wait_for 10 sh -c "! kill -0 $pid 2>/dev/null"
	t_not "$p: stop -k after a dead monitor kills the init" kill -0 "$pid"

	# --- foreground
	out=$(run ctr-start -F -n "$a" -f "$CTR_SYSCONFDIR/lxc/$a.conf" -- \
		/bin/sh -c 'seq 500; exit 7' </dev/null 2>/dev/null)
	rc=$?
	t_eq "$p: start -F passes the exit status" 7 "$rc"
	t_eq "$p: start -F relays all the output" 500 "$(grep -c . <<<"$out")"

	# --- an unprivileged container (lxc.idmap): its maps written from outside
	printf 'lxc.uts.name = %s\nlxc.rootfs.path = %s\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\nlxc.seccomp.allow_nesting = 1\n' \
		"$a" "$UROOTFS" >"$CTR_SYSCONFDIR/lxc/${a}u.conf"
	out=$(run ctr-start -F -n "${a}u" -f "$CTR_SYSCONFDIR/lxc/${a}u.conf" -- \
		/bin/sh -c 'echo "$(id -u) $(tr -s " " </proc/self/uid_map)"' </dev/null 2>&1)
	t_eq "$p: start -F with lxc.idmap" 0 $? || echo "# $out"
	t_eq "$p: root inside, uid 100000 outside" "0 0 100000 65536" "$(echo $out)"
}

profile 5.4 a "${P54[@]}"
profile 4.19 b "${P419[@]}"
profile 3.10 c "${P310[@]}"
# before 5.2 the masks' tmpfs is mounted on a directory made in /tmp
t_eq "no scratch directory of the masks is left in /tmp" "" \
	"$(ls -d /tmp/.ctr-mask-* /dev/shm/.ctr-mask-* 2>/dev/null)"

# --- ctr-create --from-dir: /etc/hostname is a link to a host file --------
lxc=$LC_DIR/lxc
mkdir -p "$lxc" "$LC_DIR/cetc/lxc" "$LC_DIR/src"
cp -a "$LC_ROOTFS/." "$LC_DIR/src/"
rm -f "$LC_DIR/src/etc/hostname"
ln -s "$OUT/hostname" "$LC_DIR/src/etc/hostname"
n=ctrt${T_ID}d
out=$("$E" "${P310[@]}" -- ctr-create -q -P "$lxc" --sysconfdir "$LC_DIR/cetc" -n "$n" \
	--from-dir "$LC_DIR/src" 2>&1)
t_eq "3.10: create --from-dir" 0 $? || echo "# $out"
t_eq "3.10: create wrote no host file through the link" "host-$T_ID" "$(cat "$OUT/hostname")"
t_match "3.10: create wrote the name inside the rootfs" "$n" \
	"$(cat "$lxc/$n/rootfs/$OUT/hostname" "$lxc/$n/rootfs/etc/hostname" 2>/dev/null)"
t_eq "nothing was made in the outside dir" "dev hostname" "$(ls "$OUT" | xargs)"
t_done
