#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-checkconfig --container FILE / -n NAME: what one container needs from
# this kernel and this host, each need naming its config line.  One case
# per kind of need, one config that needs what is missing (exit 1, the line
# named) and one that fits (exit 0).  The kernel is a fake config (-c) where
# the host cannot vary; links live in a netns of our own, cgroup layouts
# and /etc/subuid in private mount namespaces: the host is never touched.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq
t_require_cmd unshare "util-linux"
tmp=$(t_tmpdir)
bin=$(command -v ctr-checkconfig)
mkdir -p "$tmp/rootfs"

# A kernel with everything (the golden v2-only 6.18 plus TMPFS), and copies
# with one option off.
full=$tmp/full.config
{ cat "$T_TOP/tests/golden/checkconfig/6.18.0-v2only.config"; echo CONFIG_TMPFS=y; } >"$full"
without() { # OPTION...: a copy of $full without them
	local f=$tmp/no-$(IFS=-; echo "$*").config re
	re=$(printf '|%s' "$@"); re=${re#|}
	grep -Ev "^CONFIG_($re)=" "$full" >"$f"
	echo "$f"
}
conf() { # NAME LINES...: a container config; prints its path
	local f=$tmp/$1.conf; shift
	printf '%s\n' "lxc.uts.name = ctrt$T_ID" "lxc.rootfs.path = $tmp/rootfs" "$@" >"$f"
	echo "$f"
}
audit() { # CONFIG KCONFIG [ARGS]: JSON in $j, exit status in $rc
	j=$("$bin" --json -c "$2" --container "$1" "${@:3}" 2>"$tmp/err"); rc=$?
}
need() { # KEY-or-NEED-substring: "line ok fails" of the first need matching
	jq -r --arg s "$1" '[.container.needs[] | select((.need | contains($s)) or .key == $s)][0]
		| "\(.line) \(.ok) \(.fails)"' <<<"$j"
}

# The baseline: a config with nothing special fits this kernel.
c=$(conf plain)
audit "$c" "$full"
t_eq "plain container: exit 0" 0 "$rc"
t_eq "plain container: no failing need" 0 "$(jq .container.failed <<<"$j")"
t_eq "plain container: rootfs present, line 2" "2 true false" "$(need "rootfs")"
t_match "plain container: the default device policy is a need" "^(null true false)$" \
	"$(need "default device policy")"

# lxc.idmap: USER_NS is required by this container (only a problem in the
# plain audit).
c=$(conf idmap "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536")
audit "$c" "$(without USER_NS)"
t_eq "idmap, no USER_NS: exit 1" 1 "$rc"
t_eq "idmap, no USER_NS: the need names line 3" "3 false true" "$(need "User namespace")"
t_eq "idmap, no USER_NS: the plain audit does not fail" 0 "$(jq .summary.failed <<<"$j")"
t_match "idmap, no USER_NS: text names file:line" "^$tmp/idmap.conf:3: lxc.idmap: User namespace \\(kernel\\): missing" \
	"$("$bin" --no-color -q -c "$(without USER_NS)" --container "$c" 2>/dev/null)"
audit "$c" "$full"
t_eq "idmap, USER_NS: exit 0" 0 "$rc"
t_eq "idmap, USER_NS: need met" "3 true false" "$(need "User namespace")"
# The subordinate ranges: advice (ctr-start as root maps any range), read
# from /etc/subuid and /etc/subgid, bound over in a private mount namespace.
printf 'root:100000:65536\n' >"$tmp/subid"
printf 'root:200000:65536\n' >"$tmp/subid-other"
subid() { # FILE: the subuid need's "line ok fails"
	unshare -m --propagation private sh -c '
		mount --bind "$1" /etc/subuid && mount --bind "$1" /etc/subgid || exit 99
		"$0" --json -c "$2" --container "$3"' "$bin" "$1" "$full" "$c" 2>/dev/null |
		jq -r '[.container.needs[] | select(.need | contains("/etc/subuid"))][0] | "\(.line) \(.ok) \(.fails)"'
}
if [ -e /etc/subuid ] && [ -e /etc/subgid ]; then
	t_eq "idmap: a covering /etc/subuid range" "3 true false" "$(subid "$tmp/subid")"
	t_eq "idmap: no covering range: a problem, not a failure" "3 false false" "$(subid "$tmp/subid-other")"
else
	t_skip "idmap: /etc/subuid ranges" "this host has no /etc/subuid or /etc/subgid to bind over"
fi

# veth: VETH and BRIDGE from the kernel, the bridge it names from the host.
ns=$(t_netns)
# $dm: a link that is not a bridge (one end of a veth pair: dummy may be
# missing from the kernel).
br=ctrt${T_ID}br dm=ctrt${T_ID}dm
ip -n "$ns" link add "$br" type bridge
ip -n "$ns" link add "$dm" type veth peer name "ctrt${T_ID}dp"
c=$(conf veth "lxc.net.0.type = veth" "lxc.net.0.link = $br" "lxc.net.0.flags = up")
audit "$c" "$full"
t_eq "veth, bridge missing here: exit 1" 1 "$rc"
t_eq "veth, bridge missing: names line 4" "4 false true" "$(need "bridge '$br'")"
j=$(ip netns exec "$ns" "$bin" --json -c "$full" --container "$c" 2>/dev/null); rc=$?
t_eq "veth, bridge there (its netns): exit 0" 0 "$rc"
t_eq "veth, bridge there: need met" "4 true false" "$(need "bridge '$br'")"
j=$(ip netns exec "$ns" "$bin" --json -c "$(without VETH)" --container "$c" 2>/dev/null); rc=$?
t_eq "veth, no CONFIG_VETH: names the type line 3" "3 false true" "$(need "Veth pair")"
c=$(conf vethdummy "lxc.net.0.type = veth" "lxc.net.0.link = $dm")
j=$(ip netns exec "$ns" "$bin" --json -c "$full" --container "$c" 2>/dev/null); rc=$?
t_eq "veth on a link that is not a bridge: exit 1" 1 "$rc"
t_match "veth on a dummy: says so" "not a bridge" \
	"$(jq -r '.container.needs[] | select(.key == "lxc.net.0.link" and (.need | contains("bridge '"'"'"))) | .state' <<<"$j")"

# macvlan and phys: the driver and the link.
c=$(conf macvlan "lxc.net.0.type = macvlan" "lxc.net.0.link = $dm")
audit "$c" "$full"
t_eq "macvlan, parent missing here: exit 1, line 4" "1 4 false true" "$rc $(need "macvlan parent")"
j=$(ip netns exec "$ns" "$bin" --json -c "$full" --container "$c" 2>/dev/null); rc=$?
t_eq "macvlan, parent there: exit 0" 0 "$rc"
j=$(ip netns exec "$ns" "$bin" --json -c "$(without MACVLAN)" --container "$c" 2>/dev/null); rc=$?
t_eq "macvlan, no CONFIG_MACVLAN: exit 1, type line 3" "1 3 false true" "$rc $(need "Macvlan")"
c=$(conf phys "lxc.net.0.type = phys" "lxc.net.0.link = $dm")
audit "$c" "$full"
t_eq "phys, NIC missing here: exit 1, line 4" "1 4 false true" "$rc $(need "network interface")"
j=$(ip netns exec "$ns" "$bin" --json -c "$full" --container "$c" 2>/dev/null); rc=$?
t_eq "phys, NIC there: exit 0" 0 "$rc"
c=$(conf physlo "lxc.net.0.type = phys" "lxc.net.0.link = lo")
audit "$c" "$full"
t_eq "phys on loopback: exit 1" 1 "$rc"
# vlan: ctr's parser has no vlan type; the config is refused with its line.
c=$(conf vlan "lxc.net.0.type = vlan" "lxc.net.0.link = $dm")
audit "$c" "$full"
t_eq "vlan: not a ctr network type: exit 2" 2 "$rc"
t_match "vlan: the refusal names file:line" "$tmp/vlan.conf:3:" "$(cat "$tmp/err")"

# lxc.cgroup.*: through the runtime's planner on this host's layout.
c=$(conf cg "lxc.cgroup.memory.limit_in_bytes = 256M" "lxc.cgroup.ctrtnosuch.max = 1")
audit "$c" "$full"
t_eq "cgroup: unknown controller: exit 1" 1 "$rc"
t_eq "cgroup: the bad line 4 is named" "4 false true" "$(need "ctrtnosuch.max")"
t_eq "cgroup: memory limit line 3 fits" "3 true false" "$(need "memory.limit_in_bytes")"
c=$(conf cgok "lxc.cgroup.memory.limit_in_bytes = 256M" "lxc.cgroup.pids.max = 100")
audit "$c" "$full"
t_eq "cgroup: memory and pids fit this host: exit 0" 0 "$rc"
# On a cgroup v2-only layout (private mount namespace): v1 keys translated
# where the controller is on v2 (a fresh cgroup2 mount offers only what no
# v1 hierarchy holds: hugetlb on this hybrid host, whatever is there on a
# v2 host), a weight without its controller is skipped (a problem), devices
# need CGROUP_BPF.
v2audit() { # CONFIG KCONFIG: JSON on stdout, exit status 98/99 if no v2 layout
	unshare -m --propagation private sh -c '
		umount -R -l /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup || exit 99
		mount -t cgroup2 none /sys/fs/cgroup || exit 98
		"$0" --json -c "$2" --container "$1"' "$bin" "$1" "$2" 2>/dev/null
}
c=$(conf cgv2 "lxc.cgroup.hugetlb.2MB.limit_in_bytes = 64M" "lxc.cgroup.ctrtnone.weight = 10" \
	"lxc.cgroup.devices.deny = a")
j=$(v2audit "$c" "$full"); rc=$?
if [ "$rc" = 98 ] || [ "$rc" = 99 ]; then
	t_skip "cgroup on a v2-only layout" "cannot mount cgroup2 alone in a mount namespace (status $rc)"
else
	t_eq "v2 layout: exit 0" 0 "$rc"
	t_eq "v2 layout: hugetlb limit translated" "translated to cgroup v2" \
		"$(jq -r '.container.needs[] | select(.need | contains("hugetlb.2MB")) | .state' <<<"$j")"
	t_eq "v2 layout: a weight without its controller a problem, not a failure" "4 false false" \
		"$(need "ctrtnone.weight")"
	t_eq "v2 layout: devices need CGROUP_BPF, met" "5 true false" "$(need "BPF cgroup programs")"
	sed 's/^CONFIG_CGROUP_BPF=y/# CONFIG_CGROUP_BPF is not set/; s/^# CONFIG_CGROUP_DEVICE is not set/CONFIG_CGROUP_DEVICE=y/' \
		"$full" >"$tmp/nobpf.config"
	j=$(v2audit "$c" "$tmp/nobpf.config"); rc=$?
	t_eq "v2 layout, no CGROUP_BPF: devices line 5 fails, exit 1" "1 5 false true" \
		"$rc $(need "BPF cgroup programs")"
	# No device line: the runtime's default device policy, an eBPF program
	# on v2, needs CGROUP_BPF just the same.
	c=$(conf cgv2def "lxc.cgroup.hugetlb.2MB.limit_in_bytes = 64M")
	j=$(v2audit "$c" "$tmp/nobpf.config"); rc=$?
	t_eq "v2 layout, no device line, no CGROUP_BPF: the default policy fails, exit 1" \
		"1 null false true" "$rc $(need "default device policy")"
	j=$(v2audit "$c" "$full"); rc=$?
	t_eq "v2 layout, no device line, CGROUP_BPF: exit 0" "0 null true false" \
		"$rc $(need "default device policy")"
fi

# No cgroup hierarchy at all (an empty tmpfs on /sys/fs/cgroup): the line
# that needs one fails.
c=$(conf cgnone "lxc.cgroup.memory.limit_in_bytes = 256M")
j=$(unshare -m --propagation private sh -c '
	umount -R -l /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup || exit 99
	mount -t tmpfs ctrt-cg /sys/fs/cgroup || exit 98
	"$0" --json -c "$2" --container "$1"' "$bin" "$c" "$full" 2>/dev/null); rc=$?
if [ "$rc" = 98 ] || [ "$rc" = 99 ]; then
	t_skip "no cgroup hierarchy" "cannot remount /sys/fs/cgroup in a mount namespace (status $rc)"
else
	t_eq "no cgroup hierarchy: exit 1, line 3 fails" "1 3 false true" "$rc $(need "memory.limit_in_bytes")"
	t_eq "no cgroup hierarchy: the host fact says so" "false" \
		"$(jq -r '.host.facts[] | select(.name == "cgroup.mounts") | .ok' <<<"$j")"
fi

# A seccomp profile: SECCOMP and SECCOMP_FILTER.
printf '2\ndenylist\nkexec_load errno 1\n' >"$tmp/seccomp"
c=$(conf seccomp "lxc.seccomp.profile = $tmp/seccomp")
audit "$c" "$(without SECCOMP_FILTER)"
t_eq "seccomp, no SECCOMP_FILTER: exit 1, line 3" "1 3 false true" "$rc $(need "Seccomp BPF")"
audit "$c" "$full"
t_eq "seccomp, SECCOMP_FILTER: exit 0" 0 "$rc"
# No profile: the built-in policy; without filters it is skipped with a
# warning at start, as LXC does: a problem, not a failure.
c=$(conf seccompdef "")
audit "$c" "$(without SECCOMP_FILTER)"
t_eq "built-in policy, no SECCOMP_FILTER: exit 0, a problem" "0 false false" \
	"$rc $(need "the built-in seccomp policy (every container)" | cut -d' ' -f2-)"
c=$(conf seccompoff "lxc.seccomp.profile = none")
audit "$c" "$(without SECCOMP_FILTER)"
t_eq "seccomp off: no need at all" "null null null" "$(need "Seccomp BPF")"
# Time offsets: ctr has no key for them (lxc.time.offset.* are refused).
c=$(conf timens "lxc.time.offset.boot = 1h")
audit "$c" "$full"
t_eq "time offsets: refused by the parser, exit 2" 2 "$rc"

# autodev (the default): a tmpfs on /dev; devpts for every container.
c=$(conf dev)
audit "$c" "$(without TMPFS)"
t_eq "autodev by default, no TMPFS: exit 1" 1 "$rc"
t_eq "autodev by default: the key says so" "lxc.autodev (default 1)" \
	"$(jq -r '.container.needs[] | select(.need | contains("tmpfs")) | .key' <<<"$j")"
c=$(conf noautodev "lxc.autodev = 0")
audit "$c" "$(without TMPFS)"
t_eq "lxc.autodev = 0, no TMPFS: exit 0" 0 "$rc"
c=$(conf pts "lxc.pty.max = 16")
audit "$c" "$(without UNIX98_PTYS)"
t_eq "devpts, no UNIX98_PTYS: the pty line 3 fails" "3 false true" "$(need "Unix98")"
audit "$c" "$full"
t_eq "devpts: met" "3 true false" "$(need "Unix98")"

# The rootfs: missing, not a directory, unreadable.
c=$(conf gone "lxc.rootfs.path = $tmp/nonexistent")
audit "$c" "$full"
t_eq "rootfs missing: exit 1, its line 3" "1 3 false true" "$rc $(need "rootfs")"
: >"$tmp/afile"
c=$(conf file "lxc.rootfs.path = $tmp/afile")
audit "$c" "$full"
t_eq "rootfs a file: exit 1" 1 "$rc"
if command -v setpriv >/dev/null; then
	d=$(mktemp -d /tmp/ctrt-cc-$T_ID-XXXXXX); t_defer "rm -rf '$d'"
	chmod 0755 "$d"; mkdir -m 0700 "$d/rootfs"; cp "$full" "$d/k.config"
	printf 'lxc.uts.name = x\nlxc.rootfs.path = %s/rootfs\n' "$d" >"$d/x.conf"
	chmod 0644 "$d/k.config" "$d/x.conf"
	j=$(setpriv --reuid=65534 --regid=65534 --clear-groups env CTR_DATADIR="$CTR_DATADIR" \
		"$bin" --json -c "$d/k.config" --container "$d/x.conf" 2>/dev/null); rc=$?
	t_eq "rootfs unreadable (as nobody): exit 1, line 2" "1 2 false true" "$rc $(need "rootfs")"
else
	t_skip "rootfs unreadable" "no setpriv to run as another user"
fi

# An overlay rootfs (overlay:LOWER:UPPER): the lower directory and
# OVERLAY_FS.
mkdir -p "$tmp/ov"
c=$(conf overlay "lxc.rootfs.path = overlay:$tmp/rootfs:$tmp/ov/delta0")
audit "$c" "$(without OVERLAY_FS)"
if [ "$rc" = 2 ]; then
	t_skip "overlay rootfs" "this build's parser refuses overlay:LOWER:UPPER ($(head -c 160 "$tmp/err"))"
else
	t_eq "overlay rootfs, no OVERLAY_FS: exit 1, line 3" "1 3 false true" "$rc $(need "Overlay")"
	audit "$c" "$full"
	t_eq "overlay rootfs, OVERLAY_FS: exit 0" 0 "$rc"
	t_eq "overlay rootfs: the lower directory checked" "3 true false" "$(need "rootfs '$tmp/rootfs'")"
fi

# A config that does not parse: its own file:line, exit 2.
c=$(conf bad "lxc.utsnam = x")
audit "$c" "$full"
t_eq "bad config: exit 2" 2 "$rc"
t_match "bad config: its file:line" "^ctr-checkconfig: $tmp/bad.conf:3: " "$(cat "$tmp/err")"

# -n NAME: /etc/lxc/NAME.conf, here a temp dir bound over /etc/lxc.
mkdir -p "$tmp/etc-lxc"
conf "ctrt$T_ID" "lxc.rootfs.path = $tmp/nonexistent" >/dev/null
cp "$tmp/ctrt$T_ID.conf" "$tmp/etc-lxc/ctrt$T_ID.conf"
out=$(unshare -m --propagation private sh -c '
	mkdir -p /etc/lxc 2>/dev/null; mount --bind "$1" /etc/lxc || exit 99
	"$0" --no-color -q -c "$2" -n "$3"; echo "rc=$?"' "$bin" "$tmp/etc-lxc" "$full" "ctrt$T_ID" 2>&1)
if [ "${out##*rc=}" = 99 ]; then
	t_skip "-n NAME" "cannot bind a directory over /etc/lxc"
else
	t_match "-n NAME: finds /etc/lxc/NAME.conf and names its line" \
		"^/etc/lxc/ctrt$T_ID.conf:3: lxc.rootfs.path: rootfs" "$out"
	t_eq "-n NAME: exit 1" 1 "${out##*rc=}"
fi
# -n NAME -P DIR: LXC's layout, DIR/NAME/config.
mkdir -p "$tmp/lxcpath/ctrt${T_ID}p"
printf '%s\n' "lxc.rootfs.path = $tmp/nonexistent" >"$tmp/lxcpath/ctrt${T_ID}p/config"
out=$("$bin" --no-color -q -c "$full" -n "ctrt${T_ID}p" -P "$tmp/lxcpath" 2>&1); rc=$?
t_match "-n NAME -P DIR: finds DIR/NAME/config and names its line" \
	"^$tmp/lxcpath/ctrt${T_ID}p/config:1: lxc.rootfs.path: rootfs" "$out"
t_eq "-n NAME -P DIR: exit 1" 1 "$rc"
"$bin" -n "ctrt${T_ID}none" -c "$full" >/dev/null 2>"$tmp/err"; rc=$?
t_eq "-n NAME without a config: exit 2" 2 "$rc"
t_match "-n NAME without a config: the places looked at" "no config for container" "$(cat "$tmp/err")"
"$bin" -n x --container "$c" -c "$full" >/dev/null 2>&1; rc=$?
t_eq "-n with --container: usage error" 2 "$rc"

# --format nfd: the container's verdict as a feature.
c=$(conf plain)
out=$("$bin" --format nfd -c "$full" --container "$c" 2>/dev/null)
t_match "nfd: the container fits (its name from the file)" "^ctr.container.plain=true$" "$out"
c=$(conf gone "lxc.rootfs.path = $tmp/nonexistent")
out=$("$bin" --format nfd -c "$full" --container "$c" 2>/dev/null)
t_match "nfd: the container does not" "^ctr.container.gone=false$" "$out"
t_match "nfd: overall not ok" "^ctr.checkconfig.ok=false$" "$out"
t_done
