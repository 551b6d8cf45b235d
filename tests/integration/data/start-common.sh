# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by tests/integration/start-*.sh after tests/lib.sh: a busybox
# rootfs and the seed's config pointed at it, in a temp dir of the test.
#   start_setup            sets S_TMP, S_ROOTFS, S_CONF, S_NAME, CTR_RUNDIR
#   start_conf FILE SED..  writes a variant of the seed config to FILE
#   start_min_conf FILE UTS LINE..  a minimal config (uts name, rootfs, LINEs)
#   start_leftovers NAME   prints what of container NAME is left on the host
start_setup() {
	t_require_root
	t_require_cmd busybox "install busybox-static"
	t_require_cmd ctr-start "run make first"
	S_TMP=$(t_tmpdir)
	S_ROOTFS=$S_TMP/rootfs
	S_NAME=ctrt${T_ID}${1:-s}
	t_busybox_rootfs "$S_ROOTFS" || t_skip_all "cannot make a busybox rootfs"
	export CTR_RUNDIR=$S_TMP/run
	S_CONF=$S_TMP/seed.conf
	start_conf "$S_CONF"
	t_defer "start_kill_all"
}

# The seed's config with its rootfs and mount targets moved to the test's
# rootfs, plus any extra sed expressions.
start_conf() {
	local out=$1; shift
	local args=(-e "s#^lxc.rootfs\( *\)= .*#lxc.rootfs\1= $S_ROOTFS/#"
		-e "s#/lxc/funtoo0/rootfs#$S_ROOTFS#g")
	for e in "$@"; do args+=(-e "$e"); done
	sed "${args[@]}" "$T_TOP/tests/integration/data/seed.conf" >"$out"
}

# start_min_conf FILE UTSNAME [LINE]...: a config with only the uts name,
# the test's rootfs and the LINEs.
start_min_conf() {
	local out=$1 uts=$2 l
	shift 2
	{
		echo "lxc.uts.name = $uts"
		echo "lxc.rootfs.path = dir:$S_ROOTFS"
		for l in "$@"; do echo "$l"; done
	} >"$out"
}

# A process of the test's containers: its mounts show the rootfs (after
# pivot_root its root reads as "/").
start_pids() {
	grep -lF " $S_ROOTFS " /proc/[0-9]*/mountinfo 2>/dev/null | cut -d/ -f3
}

# Processes, cgroups and mounts of the test left on the host.
start_leftovers() {
	local name=$1 p
	for p in $(start_pids); do
		[ "$p" != "$$" ] && [ "$p" != "$BASHPID" ] && echo "process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
	done
	find /sys/fs/cgroup -maxdepth 4 -type d -name "$name" 2>/dev/null | sed 's/^/cgroup /'
	grep -F "$S_TMP" /proc/self/mountinfo | sed 's/^/mount /'
	[ -e "$CTR_RUNDIR/$name" ] && echo "rundir $CTR_RUNDIR/$name"
	true
}

start_kill_all() {
	local p
	for p in $(start_pids); do
		[ "$p" != "$$" ] && kill -9 "$p"
	done
	return 0
}

# start_init_pid PID_OF_CTR_START: the container init's pid, once it runs.
start_init_pid() {
	local i c
	for i in $(seq 100); do
		c=$(pgrep -P "$1" | head -n1)
		if [ -n "$c" ] && [ "$(readlink "/proc/$c/root" 2>/dev/null)" = / ] &&
			grep -qF " $S_ROOTFS / " "/proc/$c/mountinfo" 2>/dev/null; then
			echo "$c"; return 0
		fi
		sleep 0.05
	done
	return 1
}

# start_cgroup_file PID CONTROLLER V1FILE V2FILE: the host path of PID's
# cgroup file, on a v1 hierarchy of CONTROLLER if the host has one, else
# on the v2 one.
start_cgroup_file() {
	local pid=$1 ctrl=$2 f1=$3 f2=$4 path
	path=$(awk -F: -v c="$ctrl" '$2 == c {print $3}' "/proc/$pid/cgroup")
	if [ -n "$path" ] && [ -d "/sys/fs/cgroup/$ctrl" ]; then
		echo "/sys/fs/cgroup/$ctrl$path/$f1"
		return
	fi
	path=$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")
	if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo "/sys/fs/cgroup$path/$f2"
	else
		echo "/sys/fs/cgroup/unified$path/$f2"
	fi
}
