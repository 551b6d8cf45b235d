#!/usr/bin/env bash
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

conf() {
	{
		echo "lxc.uts.name = confine0"
		echo "lxc.rootfs.path = dir:$S_ROOTFS"
		for l in "$@"; do echo "$l"; done
	} >"$S_TMP/c.conf"
}
run() { ctr-start -F -n "$S_NAME" -f "${CONF:-$S_TMP/c.conf}" -- /bin/sh -c "$1" </dev/null 2>&1; }
val() { printf '%s\n' "$out" | sed -n "s/^$1=//p" | head -n1; }

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
			t_nomatch "default: $n not refused by the policy (host has no $n)" EPERM "$(val $n)"
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
echo >"$S_TMP/hold" &
stop_bg

conf "lxc.cgroup.devices.allow = a"
out=$(run "mknod /dev/ctrt-blk b 7 0; echo \"blk=\$(confine-probe open /dev/ctrt-blk)\"")
t_nomatch "any device line replaces the default (allow a)" "blk=open=EPERM" "$out"

# On cgroup v2: the same policy as an eBPF program, in a cgroup2 root of our own.
P=$B/tests/helpers/cgroup-probe
d=$S_TMP/v2
mkdir -p "$d/root" "$d/nodes"
if [ -x "$P" ] && [ -n "$loop" ] && mount -t tmpfs -o mode=0755 ctrt-dev "$d/nodes"; then
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
# must not find it unless lxc.keyring.session = 0.
conf
key_run() { keyctl session "ctrt$T_ID" sh -c 'keyctl add user "ctrtest-$0" marker @s >/dev/null && "$@"' "$T_ID" "$@" 2>&1 | grep -v '^Joined session keyring'; }
out=$(key_run sh -c "\"$PROBE\" key ctrtest-$T_ID | sed s/^/host-/")
if [ "$(val host-key)" = "ok marker" ]; then
	out=$(key_run ctr-start -F -n "$S_NAME" -f "$S_TMP/c.conf" -- confine-probe key "ctrtest-$T_ID" </dev/null 2>&1)
	t_eq "the starter's session key is not found inside" ENOKEY "$(val key)"
	conf "lxc.keyring.session = 0"
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

t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"
t_done
