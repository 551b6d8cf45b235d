#!/usr/bin/env bash
# ctr-device add|del on a running busybox container: a device node made in
# its /dev with the host node's type, numbers, mode and owner, usable only
# once added (the device cgroup's word) and not after del; a network
# interface moved into its namespace under a new name and back.  Refusals
# (not running, no such device, a name in use inside, a link planted where
# the node goes) change nothing; nothing is ever made outside its root.
. "$(dirname "$0")/../lib.sh"
t_require_root

tmp=$(t_tmpdir)
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

out=$(ctr-device -n "$n" frob /dev/null 2>&1); rc=$?
t_eq "an unknown action: usage" 2 "$rc"
out=$(ctr-device add /dev/null 2>&1); rc=$?
t_eq "no name: usage" 2 "$rc"
t_ok "stop" ctr-stop -k -n "$n"
t_eq "nothing of ctr-device left in the run dir" "" "$(ls -A "$CTR_RUNDIR" 2>/dev/null)"
t_done
