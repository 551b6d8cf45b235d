#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a container may reach of the host: the default device policy (a
# config without device lines: v1's devices controller here, the eBPF
# program in a cgroup2 root made for the test), the container's own /dev
# nodes and private masks (never the host's inodes), and a new session
# keyring for its init.  The host device is a loop device made for the test.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup c
B=${CTR_BUILD:-$T_TOP/build}
PROBE=$B/tests/helpers/confine-probe-static
[ -x "$PROBE" ] || t_skip_all "confine-probe-static not built (make tests-build)"
cp "$PROBE" "$S_ROOTFS/bin/confine-probe"

conf() { start_min_conf "$S_TMP/c.conf" confine0 "$@"; }
run() { ctr-start -F -n "$S_NAME" -f "${CONF:-$S_TMP/c.conf}" -- /bin/sh -c "$1" </dev/null 2>&1; }
val() { printf '%s\n' "$out" | sed -n "s|^$1=||p" | head -n1; }
# t_other NAME HOST_ID ID: ID is a dev:ino, and not HOST_ID
t_other() {
	case $3 in
	*[0-9]:[0-9]*) if [ "$3" != "$2" ]; then t_pass "$1"; else t_fail "$1" "the host's inode $2"; fi ;;
	*) t_fail "$1" "no inode seen ('$3')" ;;
	esac
}

# --- the default device policy --------------------------------------------------
truncate -s 1M "$S_TMP/disk"
loop=$(losetup -f --show "$S_TMP/disk" 2>/dev/null) || loop=
[ -n "$loop" ] && t_defer "losetup -d '$loop'"
# try NAME TYPE MAJ MIN: the node made in the container's /dev, then opened
try='try() { if mknod "/dev/ctrt-$1" $2 $3 $4; then echo "mknod-$1=ok"; else echo "mknod-$1=refused"; fi
	echo "$1=$(confine-probe open "/dev/ctrt-$1" | sed "s/^open=//")"; }'
conf
if [ -n "$loop" ]; then
	maj=$((0x$(stat -c %t "$loop"))) min=$((0x$(stat -c %T "$loop")))
	out=$(run "$try; try blk b $maj $min; try tty1 c 4 1; try loopctl c 10 237; try tun c 10 200;
		try fuse c 10 229; for n in null zero full random urandom tty; do
		echo \"\$n=\$(confine-probe open /dev/\$n w | sed s/^open=//)\"; done")
	t_eq "default: mknod of a block node is allowed" ok "$(val mknod-blk)"
	t_eq "default: the host's loop disk $loop cannot be opened" EPERM "$(val blk)"
	t_eq "default: nor the host's tty1" EPERM "$(val tty1)"
	t_eq "default: nor /dev/loop-control" EPERM "$(val loopctl)"
	for n in null zero full random urandom tty; do
		[ "$n" = tty ] && { t_eq "default: /dev/tty allowed (ENXIO: no controlling terminal)" ENXIO "$(val $n)"; continue; }
		t_eq "default: /dev/$n opens read-write" ok "$(val $n)"
	done
	for n in tun fuse; do
		if [ -c "/dev/$( [ $n = tun ] && echo net/tun || echo fuse)" ]; then
			t_eq "default: $n opens" ok "$(val $n)"
		else
			t_skip "default: $n opens" "the host has no $n device"
		fi
	done
else
	t_skip "default device policy from inside" "no free loop device (losetup -f failed)"
fi

# From outside, on v1: the container's devices.list is the default list.
run_bg() {
	ctr-start -F -n "$S_NAME" -f "${CONF:-$S_TMP/c.conf}" -- /bin/sh -c "$1" </dev/null >"$S_TMP/bg.out" 2>&1 &
	BG=$!
	t_defer "kill -9 $BG"
	INIT=$(start_init_pid "$BG")
}
stop_bg() { kill -9 "$INIT" 2>/dev/null; wait "$BG" 2>/dev/null; }
mkfifo "$S_TMP/hold"
conf "lxc.mount.entry = $S_TMP hold none bind,create=dir 0 0"
run_bg 'read x </hold/hold'
if [ -n "$INIT" ] && [ -d /sys/fs/cgroup/devices ] && grep -q '^[0-9]*:devices:' "/proc/$INIT/cgroup"; then
	t_eq "v1: devices.list is the default policy" "c *:* m
b *:* m
c 1:3 rwm
c 1:5 rwm
c 1:7 rwm
c 5:0 rwm
c 5:1 rwm
c 5:2 rwm
c 1:8 rwm
c 1:9 rwm
c 136:* rwm
c 10:229 rwm
c 10:200 rwm" "$(cat "$(start_cgroup_file "$INIT" devices devices.list x)")"
else
	t_skip "v1: devices.list is the default policy" "no v1 devices controller on this host"
fi
# In the background, bounded and away from our stdout: a container that never
# read the FIFO would leave it blocked holding the test's output open.
timeout 20 sh -c 'echo >"$1"' _ "$S_TMP/hold" </dev/null >/dev/null 2>&1 &
stop_bg

conf "lxc.cgroup.devices.allow = a"
out=$(run "mknod /dev/ctrt-blk b 7 0; echo \"blk=\$(confine-probe open /dev/ctrt-blk)\"")
t_match "any device line replaces the default (allow a)" "blk=open=(ok|ENXIO)" "$out"

# On cgroup v2: the same policy as an eBPF program, in a cgroup2 root of our own.
P=$B/tests/helpers/cgroup-probe
d=$S_TMP/v2
mkdir -p "$d/root" "$d/nodes"
if [ -x "$P" ] && [ -n "$loop" ] && mount -t tmpfs -o mode=0755 ctrt-dev "$d/nodes"; then
	t_defer "umount -l '$d/nodes'"
	mknod "$d/nodes/blk" b "$maj" "$min" && mknod "$d/nodes/null" c 1 3 && mknod "$d/nodes/tty1" c 4 1
	out=$(unshare -m --propagation private sh -c 'mount -t cgroup2 none "$0" && exec "$@"' "$d/root" \
		"$P" -r "$d/root" -n "ctrt$T_ID-v2" -- sh -c \
		"for n in blk null tty1; do echo \"\$n=\$($PROBE open $d/nodes/\$n w | sed s/^open=//)\"; done" 2>&1)
	umount "$d/nodes"
	t_eq "v2: the eBPF default denies the loop disk" EPERM "$(val blk)"
	t_eq "v2: and tty1" EPERM "$(val tty1)"
	t_eq "v2: and allows /dev/null" ok "$(val null)"
else
	t_skip "v2: the eBPF default policy" "no cgroup-probe, loop device or tmpfs for nodes"
fi

# --- keyring ---------------------------------------------------------------------
# A fresh named session for this test, holding one key; the container's init
# must not find it unless lxc.keyring.session = 0.  No seccomp filter: a
# default one answers keyctl with ENOSYS, which would hide what is tested.
nofilter="lxc.seccomp.profile ="
conf "$nofilter"
key_run() { keyctl session "ctrt$T_ID" sh -c 'keyctl add user "ctrtest-$0" marker @s >/dev/null && "$@"' "$T_ID" "$@" 2>&1 | grep -v '^Joined session keyring'; }
out=$(key_run sh -c "\"$PROBE\" key ctrtest-$T_ID | sed s/^/host-/")
if [ "$(val host-key)" = "ok marker" ]; then
	out=$(key_run ctr-start -F -n "$S_NAME" -f "$S_TMP/c.conf" -- confine-probe key "ctrtest-$T_ID" </dev/null 2>&1)
	t_eq "the starter's session key is not found inside" ENOKEY "$(val key)"
	conf "$nofilter" "lxc.keyring.session = 0"
	out=$(key_run ctr-start -F -n "$S_NAME" -f "$S_TMP/c.conf" -- confine-probe key "ctrtest-$T_ID" </dev/null 2>&1)
	t_eq "lxc.keyring.session = 0 shares it" "ok marker" "$(val key)"
	t_match "--print-config keeps lxc.keyring.session = 0" "^lxc.keyring.session = 0$" \
		"$(ctr-start --print-config -n "$S_NAME" -f "$S_TMP/c.conf" 2>&1)"
else
	t_skip "session keyring" "cannot add a key to a session keyring here ($(val host-key))"
fi
conf "lxc.keyring.session = yes"
t_match "a bad lxc.keyring.session names the line" "c.conf:3: invalid value 'yes' for 'lxc.keyring.session'" \
	"$(run true)"

# --- no host inode in the container ---------------------------------------------
host_null=$(stat -c '%d:%i' /dev/null)
host_meta() { echo "$(stat -c '%a %z' /dev/null) $("$PROBE" getxattr /dev/null "trusted.ctrt$T_ID")"; }
t_defer "'$PROBE' removexattr /dev/null trusted.ctrt$T_ID"
# meddle: chmod (to the mode it has) and setxattr on /dev/null and the masks
meddle='for f in /dev/null /dev/zero /proc/keys /proc/timer_list; do
	echo "id-$f=$(stat -c %d:%i $f)"
	echo "chmod-$f=$(confine-probe chmod $f 666 | sed s/^chmod=//)"
	echo "xattr-$f=$(confine-probe setxattr $f trusted.ctrt'$T_ID' x | sed s/^setxattr=//)"
	echo "write-$f=$( (echo x >$f) 2>/dev/null && echo ok || echo refused)"
done
echo "keys-size=$(wc -c </proc/keys)"'
check_meddle() { # LABEL: what the last run printed
	local f
	for f in /dev/null /dev/zero; do
		t_other "$1: $f is not the host's inode" "$host_null" "$(val "id-$f")"
	done
	for f in /proc/keys /proc/timer_list; do
		[ -n "$(val "id-$f")" ] || { t_skip "$1: $f mask" "this kernel has no $f"; continue; }
		t_other "$1: the $f mask is not the host's /dev/null" "$host_null" "$(val "id-$f")"
		t_eq "$1: the $f mask is read-only (chmod)" EROFS "$(val "chmod-$f")"
		t_eq "$1: the $f mask is read-only (setxattr)" EROFS "$(val "xattr-$f")"
		t_eq "$1: the $f mask is read-only (write)" refused "$(val "write-$f")"
	done
	t_eq "$1: /proc/keys reads empty" 0 "$(val keys-size)"
	t_eq "$1: the host's /dev/null unchanged (mode, ctime, xattr)" "$before" "$(host_meta)"
}

conf
before=$(host_meta)
out=$(run "$meddle")
check_meddle default
t_eq "default: chmod of its own /dev/null works" ok "$(val chmod-/dev/null)"

# The seed drops mknod (and sys_admin): the runtime made the nodes before.
CONF=$S_CONF
before=$(host_meta)
out=$(run "$meddle; stat -c 'dev-%n=%d:%i' /dev/full /dev/random /dev/urandom /dev/tty")
check_meddle seed
for f in /dev/full /dev/random /dev/urandom /dev/tty; do
	t_other "seed: $f is the container's own node" "$(stat -c %d:%i "$f")" "$(val "dev-$f")"
done
unset CONF

# A device list without mknod for /dev/full: the host's node, bound read-only.
conf "lxc.cgroup.devices.deny = a" "lxc.cgroup.devices.allow = c 1:3 rwm" "lxc.cgroup.devices.allow = c 1:7 rw"
out=$(run 'echo "id=$(stat -c %d:%i /dev/full)"; echo "chmod=$(confine-probe chmod /dev/full 666)"
	echo "open=$(confine-probe open /dev/full w)"')
t_eq "no 'm' for full: the host's /dev/full is bound" "$(stat -c %d:%i /dev/full)" "$(val id)"
t_eq "read-only: its metadata cannot change" "chmod=EROFS" "$(val chmod)"
t_eq "and the device still works" "open=ok" "$(val open)"

t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"

# --- the same under a user namespace -------------------------------------------------
if [ -e /proc/self/ns/user ]; then
	chown -R 100000:100000 "$S_ROOTFS"
	chmod 755 "$S_TMP"
	conf "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536"
	before=$(host_meta)
	out=$(run "$meddle")
	t_eq "userns: /dev/null is the host's, bound (mknod is impossible here)" "$host_null" "$(val id-/dev/null)"
	t_match "userns: and cannot be changed" "^(EROFS|EPERM)$" "$(val chmod-/dev/null)"
	t_match "userns: nor its xattrs" "^(EROFS|EPERM)$" "$(val xattr-/dev/null)"
	t_eq "userns: but works" ok "$(val write-/dev/null)"
	for f in /proc/keys /proc/timer_list; do
		[ -n "$(val "id-$f")" ] || continue
		t_other "userns: the $f mask is not the host's /dev/null" "$host_null" "$(val "id-$f")"
		t_match "userns: the $f mask is read-only" "^(EROFS|EPERM)$" "$(val "chmod-$f")"
	done
	t_eq "userns: the host's /dev/null unchanged" "$before" "$(host_meta)"
else
	t_skip "user namespace" "kernel without user namespaces"
fi
t_eq "nothing left on the host at the end" "" "$(start_leftovers "$S_NAME")"
t_done
