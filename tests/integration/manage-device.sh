#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-device add|del on a running busybox container: a device node made in
# its /dev with the host node's type, numbers, mode and owner, usable only
# once added (the device cgroup's word) and not after del; a network
# interface moved into its namespace under a new name and back.  Refusals
# (not running, no such device, a name in use inside, a link planted where
# the node goes) change nothing; nothing is ever made outside its root.
. "$(dirname "$0")/../lib.sh"
t_require_root

tmp=$(t_tmpdir)
chmod 755 "$tmp" # the user namespace container below walks it
export CTR_RUNDIR=$tmp/run
n=ctrt$T_ID
r=$tmp/rootfs
t_busybox_rootfs "$r"
printf '::respawn:/bin/sleep 1000\n' >"$r/etc/inittab"
printf 'lxc.uts.name = %s\nlxc.rootfs.path = %s\nlxc.net.0.type = empty\n' "$n" "$r" >"$tmp/$n.conf"
t_defer "ctr-stop -k -n $n"
inside() { ctr-attach -n "$n" -- "$@"; }
# opening a node is what the device cgroup checks; count=0 reads nothing
opens() { inside dd if="$1" of=/dev/null count=0 2>&1; }

# a host node of our own, with a mode and owner to carry over: loop7's numbers
mknod -m 0640 "$tmp/hostnode" b 7 7 && chown 1:2 "$tmp/hostnode"

out=$(ctr-device -n "$n" add "$tmp/hostnode" /dev/ctrtest 2>&1); rc=$?
t_eq "a stopped container: refused" 1 "$rc"
t_match "a stopped container: says so" "container '$n' is not running" "$out"

t_ok "start" ctr-start -d -n "$n" -f "$tmp/$n.conf"
inside mknod /tmp/own b 7 7
t_match "before add: the device cgroup denies the numbers" "Operation not permitted" "$(opens /tmp/own)"

out=$(ctr-device -n "$n" add "$tmp/hostnode" /dev/ctrtest 2>&1); rc=$?
t_eq "add a node at a path of our choice" 0 "$rc"
t_eq "add: says where" "added $tmp/hostnode to $n as /dev/ctrtest" "$out"
t_eq "the node inside: type, numbers, mode, owner" "b 7:7 640 1:2" \
	"$(inside stat -c '%A %t:%T %a %u:%g' /dev/ctrtest 2>&1 | sed 's/^\(.\)[^ ]*/\1/')"
t_ok "the node opens inside" inside dd if=/dev/ctrtest of=/dev/null count=0
t_ok "and so do the same numbers under another name" inside dd if=/tmp/own of=/dev/null count=0
devices=$(findmnt -n -t cgroup -O devices -o TARGET | head -n 1)
if [ -n "$devices" ] && [ -f "$devices/ctr/$n/devices.list" ]; then
	t_match "v1: devices.list has the rule" "^b 7:7 rwm$" "$(cat "$devices/ctr/$n/devices.list")"
else
	t_ok "v2: ctr-device kept the container's rules" grep -q '^allow b 7:7 rwm$' "$CTR_RUNDIR/$n/devices"
fi

out=$(ctr-device -n "$n" add /dev/loop-control 2>&1); rc=$?
t_eq "add a host /dev node under its own path" 0 "$rc"
t_eq "it is there with the host's numbers" "$(stat -c '%t:%T %a' /dev/loop-control)" \
	"$(inside stat -c '%t:%T %a' /dev/loop-control 2>&1)"
out=$(ctr-device -n "$n" add /dev/loop-control 2>&1); rc=$?
t_eq "adding it twice: refused" 1 "$rc"
t_match "adding it twice: in use" "'/dev/loop-control' is in use in '$n'" "$out"

out=$(ctr-device -n "$n" add /dev/ctrt-none-$T_ID 2>&1); rc=$?
t_eq "a node the host lacks: refused" 1 "$rc"
t_match "a node the host lacks: says so" "no device '/dev/ctrt-none-$T_ID' on the host" "$out"
out=$(ctr-device -n "$n" add "$r/etc/passwd" /dev/passwd 2>&1); rc=$?
t_eq "a file that is no node: refused" 1 "$rc"
t_match "a file that is no node: says so" "is not a device node" "$out"
t_not "a file that is no node: nothing made inside" inside test -e /dev/passwd
out=$(ctr-device -n "$n" add "$tmp/hostnode" /etc/shadow 2>&1); rc=$?
t_eq "a path outside /dev/: refused" 1 "$rc"
out=$(ctr-device -n "$n" add "$tmp/hostnode" /dev/../etc/x 2>&1); rc=$?
t_eq "a path with ..: refused" 1 "$rc"

# the container plants links where the node would go, pointing at host paths
echo host >"$tmp/victim"
inside ln -s "$tmp/victim" /dev/evil
out=$(ctr-device -n "$n" add "$tmp/hostnode" /dev/evil 2>&1); rc=$?
t_eq "a link planted at the node's path: refused" 1 "$rc"
t_match "a link planted at the node's path: in use" "in use" "$out"
t_eq "the host file it points at is untouched" "host:$(stat -c %a "$tmp/victim")" \
	"$(cat "$tmp/victim"):644"
mkdir "$tmp/outside"
inside ln -s "$tmp/outside" /dev/evildir
out=$(ctr-device -n "$n" add "$tmp/hostnode" /dev/evildir/x 2>&1); rc=$?
t_eq "a directory link to a host path the container lacks: refused" 1 "$rc"
t_eq "nothing made in the host directory it names" "" "$(ls -A "$tmp/outside")"
inside mkdir -p "$tmp/outside"
t_ok "a directory link planted on the way: resolved inside the container" \
	ctr-device -q -n "$n" add "$tmp/hostnode" /dev/evildir/x
t_eq "still nothing made in the host directory" "" "$(ls -A "$tmp/outside")"
t_ok "the node is in the container's own tree" test -b "$r$tmp/outside/x"
t_ok "remove it again" ctr-device -q -n "$n" del /dev/evildir/x

out=$(ctr-device -n "$n" del /dev/ctrtest 2>&1); rc=$?
t_eq "del the node" 0 "$rc"
t_eq "del: says so" "removed /dev/ctrtest from $n" "$out"
t_not "the node is gone inside" inside test -e /dev/ctrtest
t_match "after del: the numbers are denied again" "Operation not permitted" "$(opens /tmp/own)"
out=$(ctr-device -n "$n" del /dev/ctrtest 2>&1); rc=$?
t_eq "del of a node that is not there: refused" 1 "$rc"
t_match "del of a node that is not there: says so" "no device '/dev/ctrtest' in '$n'" "$out"
out=$(ctr-device -n "$n" del /dev/evil 2>&1); rc=$?
t_eq "del of a link, not a node: refused" 1 "$rc"
t_ok "del of a link: the link is left alone" inside test -L /dev/evil
t_ok "del /dev/loop-control" ctr-device -q -n "$n" del /dev/loop-control

# network interfaces: the "host" side is a namespace of the test's own
ns=$(t_netns)
hx() { ip netns exec "$ns" "$@"; }
a=ctrt${T_ID}a b=ctrt${T_ID}b
hx ip link add "$a" type veth peer name "$b"
hx ip link set "$a" up
out=$(hx ctr-device -n "$n" add "$a" eth1 2>&1); rc=$?
t_eq "add an interface under a new name" 0 "$rc"
t_eq "add an interface: says where" "added $a to $n as eth1" "$out"
t_not "it left the host side" hx ip link show "$a"
t_match "it is inside as eth1" "eth1" "$(inside ip link show eth1 2>&1)"
t_match "it came up again inside, as it was" "<[^>]*UP" "$(inside ip link show eth1 2>&1)"

hx ip link add "${a}2" type veth peer name "${b}2"
out=$(hx ctr-device -n "$n" add "${a}2" eth1 2>&1); rc=$?
t_eq "a name in use inside: refused" 1 "$rc"
t_match "a name in use inside: says so" "an interface named 'eth1' is in '$n' already" "$out"
t_ok "a name in use inside: the interface stays on the host" hx ip link show "${a}2"
out=$(hx ctr-device -n "$n" add ctrt${T_ID}none 2>&1); rc=$?
t_eq "an interface the host lacks: refused" 1 "$rc"
t_match "an interface the host lacks: says so" "no network interface 'ctrt${T_ID}none' in the host" "$out"
out=$(hx ctr-device -n "$n" add lo 2>&1); rc=$?
t_eq "the loopback: refused" 1 "$rc"

out=$(hx ctr-device -n "$n" del eth1 "${a}2" 2>&1); rc=$?
t_eq "del to a name in use on the host: refused" 1 "$rc"
t_ok "del to a name in use: still inside" inside ip link show eth1
out=$(hx ctr-device -n "$n" del eth1 "$a" 2>&1); rc=$?
t_eq "del the interface" 0 "$rc"
t_eq "del: says where" "moved eth1 from $n back to the host as $a" "$out"
t_not "it left the container" inside ip link show eth1
t_match "it is on the host side again, up" "<[^>]*UP" "$(hx ip link show "$a" 2>&1)"
out=$(hx ctr-device -n "$n" del eth9 2>&1); rc=$?
t_eq "del of an interface the container lacks: refused" 1 "$rc"

# The v2 path of ctr-device on a hybrid host: with the v1 devices hierarchy
# unmounted in a mount namespace of its own, ctr-device sees only the
# container's cgroup2 directory and replaces its eBPF program there, which
# the kernel checks besides v1's rules.
v2dir=$(findmnt -n -t cgroup2 -o TARGET | head -n1)/ctr/$n
if [ -n "$devices" ] && [ -d "$v2dir" ] && [ "$v2dir" != /ctr/$n ]; then
	v2dev() { unshare -m --propagation private sh -c 'umount -l "$0" && exec "$@"' "$devices" ctr-device -n "$n" "$@"; }
	t_ok "v2 path: del /dev/full" v2dev del /dev/full
	t_ok "v2 path: the rules kept in the run dir, the container's defaults first" \
		grep -qx 'allow c 1:3 rwm' "$CTR_RUNDIR/$n/devices"
	t_eq "v2 path: the deny last" "deny c 1:7 rwm" "$(tail -n 1 "$CTR_RUNDIR/$n/devices")"
	t_match "v2 path: the program denies 1:7, mknod included (v1 still allows it)" \
		"Operation not permitted" "$(inside mknod /tmp/full c 1 7 2>&1)"
	t_ok "v2 path: add /dev/full back" v2dev add /dev/full
	t_ok "v2 path: it opens again: the old program is gone, not beside the new" \
		inside dd if=/dev/full of=/tmp/o count=1
	t_ok "v2 path: and a node of its own with those numbers can be made" inside mknod /tmp/full c 1 7
	t_eq "v2 path: the allow last" "allow c 1:7 rwm" "$(tail -n 1 "$CTR_RUNDIR/$n/devices")"
	t_ok "v2 path: /dev/null still opens (the defaults kept)" inside dd if=/dev/null of=/tmp/o count=0
	# a failure after the node is made takes it away again: rules that do not parse
	cp "$CTR_RUNDIR/$n/devices" "$tmp/devices.good"
	{ head -n 1 "$tmp/devices.good"; echo "allow q 1:2 rwm"; } >"$CTR_RUNDIR/$n/devices"
	out=$(v2dev add /dev/loop-control 2>&1); rc=$?
	t_eq "v2 path: unreadable rules: the add fails" 1 "$rc"
	t_match "v2 path: unreadable rules: says so" "cannot read the device rules" "$out"
	t_not "v2 path: unreadable rules: the node made is removed again" inside test -e /dev/loop-control
	cp "$tmp/devices.good" "$CTR_RUNDIR/$n/devices"
else
	t_skip "v2 path on a hybrid host" "not a hybrid host with v1 devices and the container's cgroup2 directory"
fi

# a container with a user namespace: the host's node bind-mounted, as LXC
# does (a node made from the host would not open on its /dev)
u=ctrt${T_ID}u ur=$tmp/urootfs
t_busybox_rootfs "$ur"
printf '::respawn:/bin/sleep 1000\n' >"$ur/etc/inittab"
chown -R 100000:100000 "$ur"
printf 'lxc.uts.name = %s\nlxc.rootfs.path = %s\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\nlxc.net.0.type = empty\n' \
	"$u" "$ur" >"$tmp/$u.conf"
t_defer "ctr-stop -k -n $u"
mknod -m 0666 "$tmp/unode" b 7 7
if ctr-start -d -n "$u" -f "$tmp/$u.conf" >"$tmp/ustart.out" 2>&1; then
	ui() { ctr-attach -n "$u" -- "$@"; }
	# no mknod in a user namespace: the cgroup's own word on 7:7
	rule77() {
		if [ -n "$devices" ] && [ -f "$devices/ctr/$u/devices.list" ]; then
			grep -c '^b 7:7 rwm$' "$devices/ctr/$u/devices.list"
		else tail -n 1 "$CTR_RUNDIR/$u/devices" 2>/dev/null | grep -c '^allow b 7:7 rwm$'; fi
	}
	t_eq "userns: before add, 7:7 not allowed" 0 "$(rule77)"
	t_ok "userns: add" ctr-device -q -n "$u" add "$tmp/unode" /dev/ctrtest
	t_eq "userns: the host's node is there" "b 7:7" "$(ui stat -c '%A %t:%T' /dev/ctrtest 2>&1 | sed 's/^\(.\)[^ ]*/\1/')"
	t_ok "userns: it opens" ui dd if=/dev/ctrtest of=/tmp/o count=0
	t_eq "userns: 7:7 allowed" 1 "$(rule77)"
	t_match "userns: a bind mount in the container's mount namespace" " /dev/ctrtest " \
		"$(cat "/proc/$(ctr-info -n "$u" --json | jq -r .pid)/mountinfo")"
	t_ok "userns: del" ctr-device -q -n "$u" del /dev/ctrtest
	t_not "userns: gone" ui test -e /dev/ctrtest
	t_nomatch "userns: unmounted" " /dev/ctrtest " "$(cat "/proc/$(ctr-info -n "$u" --json | jq -r .pid)/mountinfo")"
	t_eq "userns: 7:7 not allowed again" 0 "$(rule77)"
	ctr-stop -k -n "$u" >/dev/null 2>&1
else
	t_skip "userns: ctr-device on a container with a user namespace" "it does not start here: $(head -n 1 "$tmp/ustart.out")"
fi

# cgroup v2's way, whichever layout the container above had: the program
# replaced, not added to (programs attached side by side must all allow).
P=${CTR_BUILD:-$T_TOP/build}/tests/helpers/cgroup-probe
mnt=$(findmnt -n -t cgroup2 -o TARGET | head -n1)
if [ -x "$P" ] && [ -n "$mnt" ] && mkdir "$tmp/nodes" && mount -t tmpfs ctrt-dev "$tmp/nodes"; then
	t_defer "umount -l '$tmp/nodes'"
	mknod "$tmp/nodes/null" c 1 3 && mknod "$tmp/nodes/full" c 1 7
	cg=$mnt/ctrt$T_ID-dev
	mkdir "$cg" && t_defer "rmdir '$cg'"
	# no /dev/null in there: the rules may deny it ($0: a scratch dir)
	try='for f; do dd if="$f" of="$0/o" count=0 2>"$0/e" && echo "$f ok" || echo "$f denied"; done'
	out=$("$P" -b "$cg" -d a -a 'c 1:3 rwm' -- sh -c "$try" "$tmp" "$tmp/nodes/null" "$tmp/nodes/full" 2>&1)
	t_eq "v2: the start's program: null only" "$(printf '%s ok\n%s denied' "$tmp/nodes/null" "$tmp/nodes/full")" "$out"
	out=$("$P" -b "$cg" -R -d a -a 'c 1:3 rwm' -a 'c 1:7 rwm' -- sh -c "$try" "$tmp" "$tmp/nodes/null" "$tmp/nodes/full" 2>&1)
	t_eq "v2: replaced with one more allowed: both open (the old one is gone)" \
		"$(printf '%s ok\n%s ok' "$tmp/nodes/null" "$tmp/nodes/full")" "$out"
	out=$("$P" -b "$cg" -R -d a -a 'c 1:7 rwm' -- sh -c "$try" "$tmp" "$tmp/nodes/null" "$tmp/nodes/full" 2>&1)
	t_eq "v2: replaced with one fewer: it is denied again" \
		"$(printf '%s denied\n%s ok' "$tmp/nodes/null" "$tmp/nodes/full")" "$out"
else
	t_skip "v2: the device program replaced" "no cgroup2 mount, no cgroup-probe or no tmpfs for nodes"
fi

out=$(ctr-device -n "$n" frob /dev/null 2>&1); rc=$?
t_eq "an unknown action: usage" 2 "$rc"
out=$(ctr-device add /dev/null 2>&1); rc=$?
t_eq "no name: usage" 2 "$rc"
t_ok "stop" ctr-stop -k -n "$n"
t_eq "nothing of ctr-device left in the run dir" "" "$(t_rundir_ls)"
t_done
