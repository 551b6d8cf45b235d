# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by tests/integration/distro-*.sh and tests/bench/distro.sh (sourced
# after tests/lib.sh): Debian 12 guests from the cached trees of
# tests/distro/mktree, with configs that lxc-create itself writes.
#
# The suite re-runs itself in a network namespace of its own (unshare -n):
# the bridge (what lxcbr0 is to LXC), its DHCP server (busybox udhcpd, as
# dnsmasq serves lxcbr0) and the guests' veths never meet the host's links.
# Mounts and cgroups stay the host's.
#   D_DIR, D_LXC, CTR_RUNDIR     temp dir, lxcpath, ctr's run dir
#   D_CONFIG                     unchanged | flattened (see below)
#   D_TREE_systemd, D_TREE_openrc  the cached trees (built when absent)
#   d_create NAME FLAVOUR N      lxc-create a container, its rootfs an overlay
#   d_conf NAME                  the config file ctr is given
#   d_addr N                     the address DHCP leases to container N
#   d_pid NAME                   its init's PID (ctr-info), "" when stopped
#   d_booted_systemd/openrc NAME TIMEOUT   waits for the guest's boot to end

# The single switch between the configs as `lxc-create -t debian` writes
# them (unchanged: lxc.include of debian.common.conf, apparmor generated...)
# and, for a branch whose ctr-config still refuses some of LXC's stock
# lines, a copy the suite derives itself: every lxc.include expanded, each
# line ctr-config refuses commented out (and listed in the log).
D_CONFIG=${CTRT_DISTRO_CONFIG:-unchanged}
# Every wait for the guest is scaled by CTR_TEST_TIME_SCALE (default 1): the
# VM matrix boots these guests under software emulation, about ten times
# slower (tests/vm/guest-run sets it).
D_SCALE=${CTR_TEST_TIME_SCALE:-1}

t_require_root
for c in ctr-start ctr-attach ctr-stop ctr-info ctr-config; do t_require_cmd "$c" "the runtime is not built"; done
t_require_cmd debootstrap "Debian package debootstrap"
t_require_cmd lxc-create "Debian package lxc"
t_require_cmd busybox "Debian package busybox-static"
t_require_cmd unshare "util-linux"
[ -f /usr/share/lxc/config/debian.common.conf ] || t_skip_all "needs LXC's /usr/share/lxc/config/debian.common.conf"
# The trees are built (debootstrap needs the host's network) before the
# suite enters its own network namespace: D_TREE_systemd, D_TREE_openrc for
# the flavours in D_FLAVOURS (set by the suite).
if [ -z "${CTRT_DISTRO_INNER:-}" ]; then
	for f in ${D_FLAVOURS:-systemd}; do
		t=$("$T_TOP/tests/distro/mktree" "$f" 2>/tmp/ctrt-mktree-$$.err) || {
			sed 's/^/# /' /tmp/ctrt-mktree-$$.err; rm -f /tmp/ctrt-mktree-$$.err
			t_skip_all "cannot build the Debian $f tree (tests/distro/mktree failed, see above)"
		}
		sed 's/^/# /' /tmp/ctrt-mktree-$$.err; rm -f /tmp/ctrt-mktree-$$.err
		export "D_TREE_$f=$t"
	done
	if [ -n "${D_LXC_SYSFS:-}" ]; then
		CTRT_DISTRO_INNER=1 exec unshare -n -m --propagation private -- bash "$0" "$@"
	else
		CTRT_DISTRO_INNER=1 exec unshare -n -- bash "$0" "$@"
	fi
	t_skip_all "cannot make a network namespace (unshare -n)"
fi
ip link set lo up

D_DIR=$(mktemp -d "/tmp/ctrt-$T_SUITE-$$-XXXXXX") || t_skip_all "cannot make a temp dir"
t_defer "umount -R -l '$D_DIR' 2>/dev/null; rm -rf --one-file-system '$D_DIR'"
chmod 755 "$D_DIR"
D_LXC=$D_DIR/lxc
export CTR_RUNDIR=$D_DIR/run
mkdir -p "$D_LXC" "$CTR_RUNDIR" "$D_DIR/ov"
# D_LXC_SYSFS=1 (the benchmark, which runs LXC too): the suite has a mount
# namespace of its own, where /sys/class/net and /sys/devices/virtual/net
# show this network namespace's links: lxc-start looks for the bridge
# there (the host's sysfs shows the host's links).
if [ -n "${D_LXC_SYSFS:-}" ]; then
	mkdir -p "$D_DIR/sys" && mount -t sysfs sysfs "$D_DIR/sys" &&
		t_defer "umount -l '$D_DIR/sys'" &&
		mount --bind "$D_DIR/sys/class/net" /sys/class/net &&
		mount --bind "$D_DIR/sys/devices/virtual/net" /sys/devices/virtual/net ||
		t_skip_all "cannot mount a sysfs for the network namespace"
fi
D_BR=ctrt${T_ID}-br
D_NET=10.77.0

# Kills whatever this suite's guests left (their mounts show the lxcpath).
d_kill_all() {
	local n p
	for n in "$CTR_RUNDIR"/*/; do [ -d "$n" ] && ctr-stop -k -n "$(basename "$n")" >/dev/null 2>&1; done
	for n in $(lxc-ls -P "$D_LXC" --running 2>/dev/null); do lxc-stop -P "$D_LXC" -n "$n" -k >/dev/null 2>&1; done
	for p in $(grep -lF " $D_LXC/" /proc/[0-9]*/mountinfo 2>/dev/null | cut -d/ -f3); do
		[ "$p" != "$$" ] && kill -9 "$p" 2>/dev/null
	done
	return 0
}
t_defer d_kill_all

# The bridge and its DHCP server: container N (1..99) gets 00:16:3e:c7:00:N
# and D_NET.(10+N).
ip link add "$D_BR" type bridge && ip link set "$D_BR" up &&
	ip addr add "$D_NET.1/24" dev "$D_BR" || t_skip_all "cannot make a bridge"
{
	echo "start $D_NET.100"
	echo "end $D_NET.200"
	echo "interface $D_BR"
	echo "lease_file $D_DIR/udhcpd.leases"
	echo "pidfile $D_DIR/udhcpd.pid"
	echo "opt subnet 255.255.255.0"
	echo "opt router $D_NET.1"
	echo "opt lease 3600"
	for n in $(seq 1 20); do printf 'static_lease 00:16:3e:c7:00:%02x %s.%d\n' "$n" "$D_NET" $((10 + n)); done
} >"$D_DIR/udhcpd.conf"
: >"$D_DIR/udhcpd.leases"
busybox udhcpd -f "$D_DIR/udhcpd.conf" >"$D_DIR/udhcpd.log" 2>&1 &
t_defer "kill $! 2>/dev/null"
d_mac() { printf '00:16:3e:c7:00:%02x' "$1"; }
d_addr() { echo "$D_NET.$((10 + $1))"; }

# LXC's default.conf, the bridge ours; lxc-create copies it into the config.
printf 'lxc.net.0.type = veth\nlxc.net.0.link = %s\nlxc.net.0.flags = up\n\nlxc.apparmor.profile = generated\nlxc.apparmor.allow_nesting = 1\n' \
	"$D_BR" >"$D_DIR/default.conf"
# A template for lxc-create that does to the config what lxc-debian's
# copy_configuration() does (the rootfs comes from the cache, below).
cat >"$D_DIR/template" <<'TPL'
#!/bin/bash
set -e
for a; do case $a in --path=*) path=${a#--path=} ;; --name=*) name=${a#--name=} ;; --mac=*) mac=${a#--mac=} ;; esac; done
c=$path/config
sed -i -e "/^lxc\.net\.0\.type[ \t]*=[ \t]*veth/a lxc.net.0.hwaddr = $mac" "$c"
{
	echo ""
	echo "# Common configuration"
	echo "lxc.include = /usr/share/lxc/config/debian.common.conf"
	echo ""
	echo "# Container specific configuration"
	cat <<-EOT
	lxc.tty.max = 4
	lxc.uts.name = $name
	lxc.arch = amd64
	lxc.pty.max = 1024
	EOT
} >>"$c"
TPL
chmod +x "$D_DIR/template"

# d_flatten FILE: FILE with every lxc.include expanded (a directory: its
# *.conf in order, as LXC does).
d_flatten() {
	local l v i
	while IFS= read -r l || [ -n "$l" ]; do
		if [[ $l =~ ^[[:space:]]*lxc\.include[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$ ]]; then
			v=${BASH_REMATCH[1]}
			if [ -d "$v" ]; then
				for i in "${v%/}"/*.conf; do [ -f "$i" ] && d_flatten "$i"; done
			else d_flatten "$v"; fi
		else printf '%s\n' "$l"; fi
	done <"$1"
}

# d_create NAME FLAVOUR N: the container as `lxc-create -t debian` makes it
# in D_LXC/NAME (config by lxc-create itself, hwaddr d_mac N), its rootfs an
# overlay on the cached tree (the cache stays clean), with the hostname
# files lxc-debian's configure_debian() writes.
d_create() {
	local name=$1 tree=$2 n=$3 r=$D_LXC/$1/rootfs ov=$D_DIR/ov/$1 i l out
	lxc-create -P "$D_LXC" -n "$name" -f "$D_DIR/default.conf" -t "$D_DIR/template" -- \
		--mac="$(d_mac "$n")" >"$D_DIR/create-$name.log" 2>&1 || {
		sed 's/^/# /' "$D_DIR/create-$name.log"; return 1
	}
	mkdir -p "$ov/upper" "$ov/work" "$r"
	if mount -t overlay overlay -o "lowerdir=$tree,upperdir=$ov/upper,workdir=$ov/work" "$r"; then
		t_defer "umount -l '$r'"
	else
		cp -a "$tree/." "$r/" || return 1
	fi
	echo "$name" >"$r/etc/hostname"
	sed -i "s/^127\.0\.1\.1.*/127.0.1.1   $name/" "$r/etc/hosts"
	if [ "$D_CONFIG" = flattened ]; then
		d_flatten "$D_LXC/$name/config" >"$D_DIR/$name.conf"
		for i in $(seq 1 20); do
			out=$(ctr-config -f "$D_DIR/$name.conf" 2>&1) && break
			l=$(printf '%s\n' "$out" | sed -n 's/^[^:]*: [^:]*:\([0-9]*\): .*/\1/p' | head -n 1)
			[ -n "$l" ] || break
			echo "# flattened: ${out#*: }" >&2
			sed -i "${l}s/^/# refused by ctr-config: /" "$D_DIR/$name.conf"
		done
	fi
	return 0
}

d_conf() {
	if [ "$D_CONFIG" = flattened ]; then echo "$D_DIR/$1.conf"; else echo "$D_LXC/$1/config"; fi
}
d_start() { ctr-start -d -n "$1" -f "$(d_conf "$1")"; }
d_pid() { ctr-info -n "$1" --json 2>/dev/null | jq -r '.pid // empty' 2>/dev/null; }
d_state() { ctr-info -n "$1" --json 2>/dev/null | jq -r '.state // empty' 2>/dev/null; }
# d_left NAME: PIDs of processes still in NAME's rootfs (none after a stop)
d_left() {
	local q r=$D_LXC/$1/rootfs
	for q in /proc/[0-9]*; do [ "$(readlink "$q/root" 2>/dev/null)" = "$r" ] && echo "${q#/proc/}"; done
	return 0
}

# d_console NAME TTY LOGIN_REGEX: ctr-console in tmux; waits (bounded) for
# the login prompt, logs in as root (mktree's password: root), runs a
# command, logs out and detaches with Ctrl-a q.  Three results.
d_console() {
	local name=$1 tty=$2 tm=(tmux -L "ctrt$T_ID" -f /dev/null)
	t_defer "tmux -L ctrt$T_ID kill-server"
	"${tm[@]}" new-session -d -s "con$tty" -x 100 -y 30 "ctr-console -n $name -t $tty; echo console-exited; sleep 600"
	d_pane() { "${tm[@]}" capture-pane -p -t "con$tty" 2>/dev/null; }
	d_pane_grep() { d_pane | grep -Eq -- "$1"; }
	d_pane_has() { d_wait "$2" d_pane_grep "$1"; }
	d_pane_has "connected to tty $tty" 10
	"${tm[@]}" send-keys -t "con$tty" Enter
	if d_pane_has "$name login: *$" 60; then t_pass "ctr-console -t $tty shows the login prompt"
	else t_fail "ctr-console -t $tty shows the login prompt" "screen: $(d_pane | grep . | tail -n 5)"; fi
	"${tm[@]}" send-keys -t "con$tty" root Enter
	d_pane_has "Password: *$" 10 && "${tm[@]}" send-keys -t "con$tty" root Enter
	"${tm[@]}" send-keys -t "con$tty" 'echo logged-in-$((6*7)) on $(tty)' Enter
	if d_pane_has "^logged-in-42 on $3" 20; then t_pass "root logs in there and gets a shell on $3"
	else t_fail "root logs in there and gets a shell on $3" "screen: $(d_pane | grep . | tail -n 5)"; fi
	"${tm[@]}" send-keys -t "con$tty" exit Enter
	d_pane_has "$name login: *$" 10
	"${tm[@]}" send-keys -t "con$tty" C-a q
	if d_pane_has "^console-exited" 10; then t_pass "Ctrl-a q detaches"
	else t_fail "Ctrl-a q detaches" "screen: $(d_pane | grep . | tail -n 5)"; fi
	"${tm[@]}" kill-session -t "con$tty" 2>/dev/null
}

# d_wait SECONDS CMD...: runs CMD until it succeeds, at most SECONDS.
d_wait() {
	local end=$((SECONDS + $1 * D_SCALE))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

# d_att NAME: sets D_ATT to the command that runs a command in the guest:
# ctr-attach or, with D_ATTACH=lxc (the benchmark), lxc-attach.
d_att() {
	if [ "${D_ATTACH:-ctr}" = lxc ]; then D_ATT=(lxc-attach -P "$D_LXC" -n "$1" --)
	else D_ATT=(ctr-attach -n "$1" --); fi
}

# d_booted_systemd NAME TIMEOUT: waits for `systemctl is-system-running
# --wait` inside (it blocks until the boot ends; before systemd's bus is up
# it fails at once, then again); prints what it said last.
d_booted_systemd() {
	local end=$((SECONDS + $2 * D_SCALE)) s=
	d_att "$1"
	while [ $SECONDS -lt $end ]; do
		s=$(timeout $((end - SECONDS + 1)) "${D_ATT[@]}" systemctl is-system-running --wait 2>/dev/null)
		case $s in running | degraded | maintenance | stopping) break ;; esac
		sleep 0.05
	done
	echo "$s"
}
# d_booted_openrc NAME TIMEOUT: waits until OpenRC's runlevel is default, no
# service is starting and openrc itself has ended; prints the runlevel.
d_booted_openrc() {
	local end=$((SECONDS + $2 * D_SCALE)) s=
	d_att "$1"
	while [ $SECONDS -lt $end ]; do
		s=$("${D_ATT[@]}" sh -c 'r=$(rc-status -r) && [ "$r" = default ] && [ -z "$(ls -A /run/openrc/starting)" ] && ! pgrep -x openrc && echo "$r"' 2>/dev/null)
		[ "$s" = default ] && break
		sleep 0.1
	done
	echo "$s"
}

# d_rebooted NAME OLDPID: after a reboot, the init is another process,
# RUNNING, and its boot ends as the first did (D_BOOTED: the suite's
# d_booted_* function, D_BOOTED_OK what it prints then).
d_new_init() {
	local p
	[ "$(d_state "$1")" = RUNNING ] && p=$(d_pid "$1") && [ -n "$p" ] && [ "$p" != "$2" ]
}
d_rebooted() {
	d_wait 60 d_new_init "$1" "$2" &&
		[ "$("$D_BOOTED" "$1" 120)" = "$D_BOOTED_OK" ]
}

# d_first_start NAME: ctr-config takes the config unchanged (when D_CONFIG
# is), ctr-start -d starts it (else the suite ends: nothing after can run),
# ctr-info says RUNNING.
d_first_start() {
	if [ "$D_CONFIG" = unchanged ]; then
		t_ok "ctr-config accepts the config lxc-create wrote, unchanged" ctr-config -f "$(d_conf "$1")"
	else
		t_skip "ctr-config accepts the config unchanged" "D_CONFIG=flattened: a derived copy is used"
	fi
	if d_start "$1" >"$D_DIR/start.out" 2>&1; then t_pass "ctr-start -d"; else
		t_fail "ctr-start -d" "$(head -n 5 "$D_DIR/start.out")"
		t_done
		exit 1
	fi
	t_eq "ctr-info says RUNNING" RUNNING "$(d_state "$1")"
}

# d_reboots NAME N CMD...: a reboot from inside (CMD in the guest) and one
# from the host (ctr-stop -r); each time the guest comes back and boots to
# its end; then it answers on its address (d_addr N).
d_reboots() {
	local n=$1 i=$2 p
	shift 2
	p=$(d_pid "$n")
	ctr-attach -n "$n" -- "$@" >/dev/null 2>&1
	t_ok "reboot from inside ($*): it comes back, its boot ends ($D_BOOTED_OK)" d_rebooted "$n" "$p"
	p=$(d_pid "$n")
	t_ok "ctr-stop -r asks for a reboot" ctr-stop -r -n "$n"
	t_ok "reboot from the host: it comes back, its boot ends ($D_BOOTED_OK)" d_rebooted "$n" "$p"
	t_ok "ping over the bridge after the reboots" d_wait 30 ping -c1 -W1 "$(d_addr "$i")"
}

# d_stop_restart NAME: a graceful stop (well inside ctr-stop's timeout,
# nothing of the guest left), then a restart whose boot ends (not when
# D_RESTART=0).
d_stop_restart() {
	local s0=$SECONDS rc
	ctr-stop -n "$1" -t $((60 * D_SCALE)) >"$D_DIR/stop.out" 2>&1
	rc=$?
	t_eq "ctr-stop: status 0" 0 "$rc"
	t_ok "the halt was graceful (well inside the $((60 * D_SCALE)) s timeout: $((SECONDS - s0)) s)" [ $((SECONDS - s0)) -lt $((30 * D_SCALE)) ]
	t_ok "ctr-info: no longer RUNNING" d_wait 10 d_not_running "$1"
	t_eq "no process of the guest is left" "" "$(d_left "$1")"
	if [ "${D_RESTART:-1}" = 0 ]; then
		t_skip "restart" "under emulation another boot takes minutes; the host's run covers it"
		return 0
	fi
	t_ok "restart: ctr-start -d again" d_start "$1"
	t_eq "and its boot ends" "$D_BOOTED_OK" "$("$D_BOOTED" "$1" 120)"
}
d_not_running() { [ "$(d_state "$1")" != RUNNING ]; }
