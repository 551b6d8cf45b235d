#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc.hook.*: each type runs at LXC's moment and in LXC's namespaces, with
# LXC's arguments (version 0) or environment (version 1); stop hooks get
# the namespaces; a failing hook stops the start, names itself and leaves
# nothing behind.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup h

log=$S_ROOTFS/hooks.log
host_mnt=$(readlink /proc/self/ns/mnt)
host_uts=$(readlink /proc/self/ns/uts)
# One recorder for the host-side hooks; it appends to the rootfs's
# /hooks.log, which the start hook (inside) appends to as well.
cat >"$S_TMP/rec" <<EOF2
#!/bin/sh
t=\${LXC_HOOK_TYPE:-\$3}
mnt=host; [ "\$(readlink /proc/self/ns/mnt)" = "$host_mnt" ] || mnt=container
uts=host; [ "\$(readlink /proc/self/ns/uts)" = "$host_uts" ] || uts=container
extra=
case \$t in
mount|autodev) grep -q " \$LXC_ROOTFS_MOUNT/mnt/hk tmpfs " /proc/self/mounts && extra="\$extra sees-entry"
	[ -e "\$LXC_ROOTFS_MOUNT/dev/null" ] && extra="\$extra dev-null" ;;
start-host) [ -d "/proc/\$LXC_PID" ] && [ "\$(readlink /proc/\$LXC_PID/ns/mnt)" != "$host_mnt" ] && extra=" pid-is-container" ;;
stop)	for a in "\$@"; do case \$a in mnt:*) p=\${a#mnt:}; extra="\$extra arg-\$(readlink \$p | cut -d: -f1)";; esac; done
	[ -n "\${LXC_MNT_NS:-}" ] && extra="\$extra env-\$(readlink \$LXC_MNT_NS | cut -d: -f1)"
	[ -n "\${LXC_NET_NS:-}" ] && extra="\$extra net-\$(readlink \$LXC_NET_NS | cut -d: -f1)" ;;
esac
echo "\$t mnt=\$mnt uts=\$uts args=\$# \$1 \$2 name=\$LXC_NAME ver=\$LXC_HOOK_VERSION sec=\${LXC_HOOK_SECTION:-} cgns=\$LXC_CGNS_AWARE target=\${LXC_TARGET:-} cfg=\$LXC_CONFIG_FILE path=\$LXC_ROOTFS_PATH\$extra" >>"$log"
exit \${HOOK_FAIL:-0}
EOF2
chmod +x "$S_TMP/rec"
# The start hook runs inside: its own script, in the rootfs.
cat >"$S_ROOTFS/rec-start" <<'EOF2'
#!/bin/sh
echo "start host=$(hostname) root=$(stat -c %i /) args=$# $1 $2 name=$LXC_NAME" >>/hooks.log
EOF2
chmod +x "$S_ROOTFS/rec-start"
mkdir -p "$S_ROOTFS/mnt/hk"

conf() {
	local t l
	{
		echo "lxc.uts.name = hooked$T_ID"
		echo "lxc.rootfs.path = dir:$S_ROOTFS"
		echo "lxc.mount.entry = tmpfs mnt/hk tmpfs defaults 0 0"
		for t in pre-start pre-mount mount autodev start-host stop post-stop; do
			echo "lxc.hook.$t = $S_TMP/rec"
		done
		echo "lxc.hook.start = /rec-start"
		echo "lxc.hook.clone = /usr/share/lxc/hooks/clonehostname"
		for l in "$@"; do echo "$l"; done
	} >"$S_TMP/h.conf"
}
start() { ctr-start -F -n "$S_NAME" -f "$S_TMP/h.conf" -- /bin/sh -c "$1" </dev/null 2>"$S_TMP/err"; }
line() { grep "^$1 " "$log"; }

# --- version 0 -------------------------------------------------------------------
conf
rm -f "$log"
start 'echo init-ran >>/hooks.log'
t_eq "a container with every hook type runs" 0 "$?"
t_eq "each type once, in LXC's order, the init between start and stop" \
	"pre-start pre-mount mount autodev start-host start init-ran stop post-stop" \
	"$(echo $(cut -d' ' -f1 "$log"))"
t_match "pre-start: in the host's namespaces" "^pre-start mnt=host uts=host " "$(line pre-start)"
t_match "pre-mount: in the container's namespaces" "^pre-mount mnt=container uts=container " "$(line pre-mount)"
t_match "mount: sees the container's mount entries" "^mount mnt=container .* sees-entry" "$(line mount)"
t_match "autodev: after the mounts, before /dev is filled" "^autodev mnt=container .*sees-entry$" "$(line autodev)"
t_match "start-host: in the host, LXC_PID is the container's init" "^start-host mnt=host uts=host .* pid-is-container$" "$(line start-host)"
t_match "start: inside, with the container's hostname and root" \
	"^start host=hooked$T_ID root=$(stat -c %i "$S_ROOTFS") args=3 $S_NAME lxc name=$S_NAME$" "$(line start)"
t_match "stop: in the host, after the init, its namespaces as arguments" \
	"^stop mnt=host uts=host .* target=stop .* arg-mnt$" "$(line stop)"
t_match "post-stop: in the host" "^post-stop mnt=host uts=host .*target=stop " "$(line post-stop)"
t_match "version 0: NAME lxc TYPE as arguments" "^mount .* args=3 $S_NAME lxc name=$S_NAME ver=0 sec= " "$(line mount)"
t_match "LXC's environment" "cgns=1 target= cfg=$S_TMP/h.conf path=$S_ROOTFS" "$(line pre-start)"
t_eq "clone hooks are kept, not run at start" "" "$(grep -c clone "$log" | grep -v '^0$')"

# --- version 1 -------------------------------------------------------------------
conf "lxc.hook.version = 1" "lxc.autodev = 0"
rm -f "$log"
start 'true'
t_eq "version 1: starts" 0 "$?"
t_eq "version 1: no autodev hook without lxc.autodev" \
	"pre-start pre-mount mount start-host start stop post-stop" "$(echo $(cut -d' ' -f1 "$log"))"
t_match "version 1: no arguments, type and section in the environment" \
	"^mount mnt=container uts=container args=0 +name=$S_NAME ver=1 sec=lxc " "$(line mount)"
t_match "version 1: stop gets LXC_*_NS" "^stop .* env-mnt net-net$" "$(line stop)"

# --- in the background, under the monitor -----------------------------------------
conf
rm -f "$log"
out=$(ctr-start -d -n "$S_NAME" -f "$S_TMP/h.conf" -- /bin/sleep 600 2>&1)
t_eq "-d: starts with every hook" "0 " "$? $out"
t_eq "-d: the start hooks ran once the start returned" \
	"pre-start pre-mount mount autodev start-host start" "$(echo $(cut -d' ' -f1 "$log"))"
ctr-stop -n "$S_NAME" -k >/dev/null 2>&1
t_eq "-d: stop and post-stop ran once ctr-stop returned" "stop post-stop" \
	"$(echo $(cut -d' ' -f1 "$log" | tail -n 2))"
t_match "-d: stop after a kill is a stop" "^stop .*target=stop " "$(line stop)"

# --- failures ---------------------------------------------------------------------
for t in pre-start mount start-host; do
	conf
	sed -i "s#^lxc.hook.$t = .*#lxc.hook.$t = $S_TMP/fail-$t#" "$S_TMP/h.conf"
	printf '#!/bin/sh\necho "%s says no" >&2\nexit 3\n' "$t" >"$S_TMP/fail-$t"
	chmod +x "$S_TMP/fail-$t"
	n=$(grep -n "^lxc.hook.$t " "$S_TMP/h.conf" | cut -d: -f1)
	rm -f "$log"
	start 'echo init-ran >>/hooks.log'
	rc=$?
	t_eq "failing $t hook: the start fails (125)" 125 "$rc"
	t_match "failing $t hook: named, with its line and exit status" \
		"$S_TMP/h.conf:$n: $t hook '$S_TMP/fail-$t' failed \(exit status 3\)" "$(cat "$S_TMP/err")"
	t_match "failing $t hook: its own stderr shown" "$t says no" "$(cat "$S_TMP/err")"
	t_nomatch "failing $t hook: the init never ran" "init-ran" "$(cat "$log" 2>/dev/null)"
	t_eq "failing $t hook: nothing left (process, cgroup, mount, run dir)" "" "$(start_leftovers "$S_NAME")"
done
t_eq "after a failing pre-start no other hook ran" "" \
	"$(rm -f "$log"; conf "lxc.hook.pre-start =" "lxc.hook.pre-start = /bin/false"; start true; cat "$log" 2>/dev/null | cut -d' ' -f1)"
t_match "a hook that is not there fails as sh says" "pre-start hook '/nonexistent/ctrt-hook' failed \(exit status 127\)" \
	"$(conf "lxc.hook.pre-start =" "lxc.hook.pre-start = /nonexistent/ctrt-hook"; start true; cat "$S_TMP/err")"

# A failing start-host hook after the network is made: no veth is left
# (nsenter: ip netns exec would hide /sys/fs/cgroup).
if ns=$(t_netns hk) && ip -n "$ns" link add "ctrt${T_ID}hb" type bridge &&
	ip -n "$ns" link set "ctrt${T_ID}hb" up; then
	conf "lxc.hook.start-host =" "lxc.hook.start-host = $S_TMP/veth-then-fail" \
		"lxc.net.0.type = veth" "lxc.net.0.link = ctrt${T_ID}hb" "lxc.net.0.veth.pair = ctrt${T_ID}hv"
	printf '#!/bin/sh\nip link show ctrt%shv >/dev/null && echo veth-there >>"%s"\nexit 4\n' \
		"$T_ID" "$log" >"$S_TMP/veth-then-fail"
	chmod +x "$S_TMP/veth-then-fail"
	rm -f "$log"
	nsenter --net="/run/netns/$ns" ctr-start -F -n "$S_NAME" -f "$S_TMP/h.conf" -- true </dev/null 2>"$S_TMP/err"
	t_eq "failing start-host with a veth: the start fails" 125 "$?"
	t_match "the hook saw the container's veth" "veth-there" "$(cat "$log")"
	t_not "and after the failure the veth is gone" ip -n "$ns" link show "ctrt${T_ID}hv"
	t_eq "and nothing else is left" "" "$(start_leftovers "$S_NAME")"
	t_match "stop and post-stop still ran, as LXC runs them" "stop post-stop$" "$(echo $(cut -d' ' -f1 "$log"))"
else
	t_skip "failing start-host with a veth" "cannot make a network namespace with a bridge"
fi

# A hook that leaves a process behind holding its output: the start does
# not wait for that process (LXC's popen would).
printf '#!/bin/sh\nsleep 60 &\necho $! >"%s"\necho left-one-behind\n' "$S_TMP/bg.pid" >"$S_TMP/bg"
chmod +x "$S_TMP/bg"
conf "lxc.hook.pre-start =" "lxc.hook.pre-start = $S_TMP/bg"
t_defer "[ -f '$S_TMP/bg.pid' ] && kill \$(cat '$S_TMP/bg.pid')"
s0=$SECONDS
timeout 30 ctr-start -F -n "$S_NAME" -f "$S_TMP/h.conf" -- true </dev/null 2>"$S_TMP/err"
t_eq "a hook that leaves a process holding its output: the start goes on" "0 left-one-behind" \
	"$? $(cat "$S_TMP/err")"
t_ok "and does not wait for that process" test $((SECONDS - s0)) -lt 20

# --- a failing stop or post-stop hook: the container is down, the hook named ------
printf '#!/bin/sh\necho "stop hook ran" >>"%s"\necho "first words"\necho "the stop hook says no" >&2\nexit 5\n' \
	"$log" >"$S_TMP/fail-stop"
chmod +x "$S_TMP/fail-stop"
conf "lxc.hook.stop =" "lxc.hook.stop = $S_TMP/fail-stop" "lxc.console.logfile = $S_TMP/console.log"
n=$(grep -n "^lxc.hook.stop = $S_TMP" "$S_TMP/h.conf" | cut -d: -f1)
want="$S_TMP/h.conf:$n: stop hook '$S_TMP/fail-stop' failed \(exit status 5\): first words; the stop hook says no"
rm -f "$log" "$S_TMP/console.log"
ctr-start -d -n "$S_NAME" -f "$S_TMP/h.conf" -- /bin/sleep 600 </dev/null >/dev/null 2>&1
t_eq "failing stop hook under the monitor: the container starts" 0 "$?"
ctr-stop -n "$S_NAME" -k 2>"$S_TMP/err"
t_eq "failing stop hook: ctr-stop exits 1" 1 "$?"
t_match "failing stop hook: ctr-stop names it, its line, status and output" "^ctr-stop: $want$" "$(cat "$S_TMP/err")"
t_eq "failing stop hook: the post-stop hook still ran, as LXC runs it" "stop hook ran post-stop" \
	"$(echo $(tail -n 2 "$log" | sed 's/ mnt=.*//'))"
t_match "failing stop hook: the monitor's console log has it" "^ctr-monitor: $want$" "$(cat "$S_TMP/console.log")"
t_eq "failing stop hook: nothing left" "" "$(start_leftovers "$S_NAME")"
t_match "failing stop hook: ctr-stop again says it is not running" "is not running" \
	"$(ctr-stop -n "$S_NAME" 2>&1)"

# a poweroff from inside: nobody waits, the console log keeps the word
rm -f "$S_TMP/console.log" "$S_ROOTFS/go"
ctr-start -d -n "$S_NAME" -f "$S_TMP/h.conf" -- /bin/sh -c 'while [ ! -e /go ]; do sleep 0.05; done' \
	</dev/null >/dev/null 2>&1
t_eq "a stop from inside with a failing stop hook: starts" 0 "$?"
touch "$S_ROOTFS/go"
for i in $(seq 100); do [ -e "$CTR_RUNDIR/$S_NAME" ] || break; sleep 0.1; done
rm -f "$S_ROOTFS/go"
t_match "a stop from inside: the console log names the failed hook" "^ctr-monitor: $want$" \
	"$(cat "$S_TMP/console.log" 2>/dev/null)"
t_eq "a stop from inside: nothing left" "" "$(start_leftovers "$S_NAME")"

# in the foreground: a warning, and the init's own exit status
conf "lxc.hook.post-stop =" "lxc.hook.post-stop = $S_TMP/fail-stop"
n=$(grep -n "^lxc.hook.post-stop = $S_TMP" "$S_TMP/h.conf" | cut -d: -f1)
start 'exit 3'
t_eq "failing post-stop hook with -F: the init's exit status" 3 "$?"
t_match "failing post-stop hook with -F: a warning naming it" \
	"^ctr-start: warning: $S_TMP/h.conf:$n: post-stop hook '$S_TMP/fail-stop' failed \(exit status 5\): first words; the stop hook says no$" \
	"$(cat "$S_TMP/err")"

# --- the config's warnings: once, in the foreground and under the monitor -----------
# debian.common.conf as lxc-create includes it: common.conf sets lxc.tty.dir
# and debian.common.conf empties it (no warning); a key ignored twice warns
# once, for its last line.
if [ -f /usr/share/lxc/config/debian.common.conf ]; then
	start_min_conf "$S_TMP/w.conf" "w$T_ID" "lxc.include = /usr/share/lxc/config/debian.common.conf" \
		"lxc.log.level = 1" "lxc.loglevel = 2"
	want="ctr-start: warning: $S_TMP/w.conf:5: ignored key 'lxc.loglevel' (ctr logs errors to stderr)"
	ctr-start -F -n "$S_NAME" -f "$S_TMP/w.conf" -- true </dev/null 2>"$S_TMP/err"
	t_eq "-F: the ignored key's warning once, the emptied key's none" "0 $want" "$? $(cat "$S_TMP/err")"
	ctr-start -d -n "$S_NAME" -f "$S_TMP/w.conf" -- sleep 600 </dev/null 2>"$S_TMP/err"
	t_eq "-d: the ignored key's warning once, the emptied key's none" "0 $want" "$? $(cat "$S_TMP/err")"
	ctr-stop -n "$S_NAME" -k >/dev/null 2>&1
else
	t_skip "the config's warnings once" "needs LXC's /usr/share/lxc/config/debian.common.conf"
fi

# LXC's own dhclient hook (start-host and stop): it enters the container
# through LXC_PID, keeps its lease under the rootfs's sibling hook/, and
# releases it on stop through the namespace paths (arguments in version 0,
# LXC_UTS_NS/LXC_NET_NS in version 1).  A udhcpd on a bridge in a network
# namespace of the test answers.
lxc_dhclient=/usr/share/lxc/hooks/dhclient
if [ ! -x "$lxc_dhclient" ] || [ ! -x /sbin/dhclient ]; then
	t_skip "LXC's dhclient hook gets a lease" "needs $lxc_dhclient (lxc) and /sbin/dhclient (isc-dhcp-client)"
elif ! { ns=$(t_netns dh) && ip -n "$ns" link add "ctrt${T_ID}db" type bridge &&
	ip -n "$ns" addr add 10.61.0.1/24 dev "ctrt${T_ID}db" && ip -n "$ns" link set "ctrt${T_ID}db" up; }; then
	t_skip "LXC's dhclient hook gets a lease" "cannot make a network namespace with a bridge"
else
	printf 'start 10.61.0.100\nend 10.61.0.150\ninterface ctrt%sdb\nlease_file %s/udhcpd.leases\npidfile %s/udhcpd.pid\noption subnet 255.255.255.0\n' \
		"$T_ID" "$S_TMP" "$S_TMP" >"$S_TMP/udhcpd.conf"
	: >"$S_TMP/udhcpd.leases"
	nsenter --net="/run/netns/$ns" busybox udhcpd -f "$S_TMP/udhcpd.conf" >/dev/null 2>&1 &
	t_defer "kill $! 2>/dev/null"
	t_defer "[ -f '$S_TMP/hook/dhclient.pid' ] && kill \$(cat '$S_TMP/hook/dhclient.pid')"
	for v in 0 1; do
		{
			echo "lxc.uts.name = dh$T_ID"
			echo "lxc.rootfs.path = dir:$S_ROOTFS"
			echo "lxc.hook.version = $v"
			echo "lxc.net.0.type = veth"
			echo "lxc.net.0.flags = up"
			echo "lxc.net.0.link = ctrt${T_ID}db"
			echo "lxc.net.0.name = eth0"
			echo "lxc.hook.start-host = $lxc_dhclient"
			echo "lxc.hook.stop = $lxc_dhclient"
		} >"$S_TMP/dh.conf"
		out=$(nsenter --net="/run/netns/$ns" ctr-start -F -n "$S_NAME" -f "$S_TMP/dh.conf" -- \
			/bin/sh -c 'ip -4 -o addr show dev eth0' </dev/null 2>"$S_TMP/err")
		t_match "version $v: LXC's dhclient hook gets the container a lease before its init" \
			"inet 10\.61\.0\.1[0-9][0-9]/24" "$out$(cat "$S_TMP/err")"
		t_ok "version $v: the stop hook released it (dhclient's pid file gone)" \
			test ! -e "$S_TMP/hook/dhclient.pid"
	done
fi
t_done
