# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by tests/integration/lifecycle-*.sh (sourced after tests/lib.sh).
# Every suite gets its own run dir (CTR_RUNDIR), config dir (CTR_SYSCONFDIR)
# and busybox rootfs; container names are ctrt<T_ID><letter>.
t_require_root
t_require_cmd busybox "Debian package busybox-static"
t_require_cmd ctr-start "the runtime is not built"
ctr-start --help 2>&1 | grep -q -- '--daemon' ||
	t_skip_all "ctr-start has no -d yet (the start path is not on this branch)"

# not $(t_tmpdir): its t_defer would be lost in the subshell
LC_DIR=$(mktemp -d "/tmp/ctrt-$T_SUITE-$$-XXXXXX") || t_skip_all "cannot make a temp dir"
t_defer "umount -R -l '$LC_DIR' 2>/dev/null; rm -rf '$LC_DIR'"
export CTR_RUNDIR=$LC_DIR/run CTR_SYSCONFDIR=$LC_DIR/etc
mkdir -p "$CTR_SYSCONFDIR/lxc" "$CTR_RUNDIR"
LC_ROOTFS=$LC_DIR/rootfs
t_busybox_rootfs "$LC_ROOTFS" || t_skip_all "cannot build a busybox rootfs"
# root without a password, so a getty login needs only the name
echo "root::0:0:root:/root:/bin/sh" >"$LC_ROOTFS/etc/passwd"

# Stops (kills) every container this suite started, even on failure.
lc_cleanup() {
	local d
	for d in "$CTR_RUNDIR"/*/; do
		[ -d "$d" ] && ctr-stop -k -n "$(basename "$d")" >/dev/null 2>&1
	done
	return 0
}
t_defer lc_cleanup

# lc_conf NAME [EXTRA LINES...]: writes CTR_SYSCONFDIR/lxc/NAME.conf.
lc_conf() {
	local name=$1 f=$CTR_SYSCONFDIR/lxc/$1.conf
	shift
	{
		echo "lxc.uts.name = $name"
		echo "lxc.rootfs.path = $LC_ROOTFS"
		echo "lxc.mount.auto = proc:mixed sys:ro"
		for l in "$@"; do echo "$l"; done
	} >"$f"
	echo "$f"
}

lc_start() { ctr-start -d -n "$1" -f "$CTR_SYSCONFDIR/lxc/$1.conf"; }

# The init PID the monitor's state file holds ("" when stopped).
lc_pid() { sed -n 's/^pid=//p' "$CTR_RUNDIR/$1/state" 2>/dev/null; }

# ctr-ls's state column for NAME.
lc_state() { ctr-ls | awk -v n="$1" '$1 == n { print $2 }'; }

# lc_wait_for SECONDS CMD...: t_wait_for (tests/lib.sh).
lc_wait_for() { t_wait_for "$@"; }
