# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by tests/integration/net-*.sh (sourced after tests/lib.sh).  The
# suite re-runs itself in a network namespace of its own (unshare -n, as
# iproute2's tests do): its bridges, veths and addresses never meet the
# host's, and whatever a failure leaves goes with the namespace.  Mounts
# and cgroups stay the host's (ip netns exec would hide /sys/fs/cgroup).
#   N_DIR, N_ROOTFS, CTR_RUNDIR   temp dir, busybox rootfs, run dir
#   net_conf FILE NAME [LINES]    a config for container NAME
#   net_bg NAME FILE              starts NAME in the background, waits for it
#   net_stop NAME                 stops it (SIGTERM to ctr-start), its status
#   net_veths                     the veth links of this namespace
t_require_root
t_require_cmd busybox "Debian package busybox-static"
t_require_cmd ctr-start "the runtime is not built"
t_require_cmd unshare "util-linux"
if [ -z "${CTRT_NET_INNER:-}" ]; then
	CTRT_NET_INNER=1 exec unshare -n -- bash "$0" "$@"
	t_skip_all "cannot make a network namespace (unshare -n)"
fi
ip link set lo up

N_DIR=$(mktemp -d "/tmp/ctrt-$T_SUITE-$$-XXXXXX") || t_skip_all "cannot make a temp dir"
t_defer "umount -R -l '$N_DIR' 2>/dev/null; rm -rf '$N_DIR'"
chmod 755 "$N_DIR" # a user namespace's root must reach the rootfs
export CTR_RUNDIR=$N_DIR/run
N_ROOTFS=$N_DIR/rootfs
t_busybox_rootfs "$N_ROOTFS" || t_skip_all "cannot make a busybox rootfs"
declare -A N_PID=()

# Every process of this suite's containers (their mounts show the rootfs).
net_kill_all() {
	local p
	for p in $(grep -lF " $N_ROOTFS " /proc/[0-9]*/mountinfo 2>/dev/null | cut -d/ -f3); do
		[ "$p" != "$$" ] && kill -9 "$p" 2>/dev/null
	done
	return 0
}
t_defer net_kill_all

net_conf() {
	local f=$1 name=$2
	shift 2
	{
		echo "lxc.uts.name = $name"
		echo "lxc.rootfs.path = $N_ROOTFS"
		echo "lxc.mount.auto = proc:mixed sys:mixed"
		for l in "$@"; do echo "$l"; done
	} >"$f"
}

# net_bg NAME FILE: a container whose init waits for SIGTERM; returns once
# its init runs (so its network is set up), 1 if it did not come up.
net_bg() {
	local name=$1 f=$2 i
	rm -f "$N_ROOTFS/tmp/ready-$name"
	ctr-start -F -n "$name" -f "$f" -- /bin/sh -c \
		"trap 'exit 0' TERM; touch /tmp/ready-$name; while :; do sleep 0.1; done" \
		</dev/null >"$N_DIR/$name.out" 2>&1 &
	N_PID[$name]=$!
	for i in $(seq 100); do
		[ -e "$N_ROOTFS/tmp/ready-$name" ] && return 0
		kill -0 "${N_PID[$name]}" 2>/dev/null || break
		sleep 0.05
	done
	sed 's/^/# /' "$N_DIR/$name.out"
	return 1
}

net_stop() {
	local pid=${N_PID[$1]:-}
	[ -n "$pid" ] || return 1
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
}

net_veths() { ip -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1 | sort | tr '\n' ' '; }
