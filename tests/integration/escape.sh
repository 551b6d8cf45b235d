#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (issue 11): tests/helpers/escape-probe-static runs as the init of
# four containers -- the default config (rootfs and uts name only), the
# seed's config from the README (ctrdemo.conf without its network), the
# seed page's Funtoo config (tests/integration/data/seed.conf) and an
# idmapped one -- and tries every way out the issue lists.  Each escape must
# say BLOCKED in all four; the "beyond LXC" probes (a new proc mount to
# core_pattern, /sys read-write, binfmt_misc, swapon, its own cgroup mount)
# must say BLOCKED in the idmapped one and are recorded for the others.
# One exception: /dev nodes that are the host's are recorded, not refused,
# in the idmapped container (no mknod of a device in a user namespace; LXC
# binds the host's there); their chmod and setxattr are refused in all four.
# Then, from the host: the control socket and run-dir modes, a host user who
# connects or holds connections, and include fan-out.  LXC 5 runs the same
# probe once under common.conf, its results side by side (not asserted).
# Harmless markers only: files the test made, opened for writing and closed
# unwritten, values written back as they were read.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
t_require_root
t_require_cmd busybox "install busybox-static"
t_require_cmd ctr-start "run make first"
t_require_cmd keyctl "install keyutils"
t_require_cmd losetup "install util-linux"
t_require_cmd setpriv "install util-linux"
t_require_cmd mke2fs "install e2fsprogs"
E_PROBE=${CTR_BUILD:-$T_TOP/build}/tests/helpers/escape-probe-static
[ -x "$E_PROBE" ] || t_skip_all "no $E_PROBE (make tests-build)"

E_TMP=$(t_tmpdir)
# a host user must be able to reach the run dir for the socket checks, and
# the idmapped root its rootfs: mktemp -d makes 0700 dirs
chmod 755 "$E_TMP"
export CTR_RUNDIR=$E_TMP/run
mkdir -m 755 "$CTR_RUNDIR"
cp "$E_PROBE" "$E_TMP/escape-probe"
E_NAME=ctrt${T_ID}e

# --- what the host holds: markers, a disk, its device inodes, a key -------
E_TEXT=ctrt-$T_ID-host-marker
echo "$E_TEXT" >"$E_TMP/host-marker"
mp=$(stat -c %m "$E_TMP/host-marker")
rel=${E_TMP}/host-marker
[ "$mp" = / ] || rel=${rel#"$mp"}
mkdir -p "$E_TMP/hostdir" "$E_TMP/diskroot"
echo "$E_TEXT" >"$E_TMP/hostdir/secret"
echo "$E_TEXT" >"$E_TMP/diskroot/ctrt-disk-marker"
E_LOOP=
if truncate -s 8M "$E_TMP/disk.img" && mke2fs -q -F -t ext4 -d "$E_TMP/diskroot" "$E_TMP/disk.img" &&
	E_LOOP=$(timeout 10 losetup --find --show "$E_TMP/disk.img"); then
	t_defer "losetup -d '$E_LOOP'"
fi
E_KEY=ctrt-$T_ID-session
E_KEYTEXT=ctrt-$T_ID-key-marker
E_ARGS=(--marker "$rel=$E_TEXT" --key "$E_KEY=$E_KEYTEXT" --disk-marker ctrt-disk-marker
	--fd-marker "secret=$E_TEXT")
for n in null zero full random urandom tty; do
	[ -e /dev/$n ] && E_ARGS+=(--host-inode "$n=$(stat -c %d:%i /dev/$n)")
done
if [ -n "$E_LOOP" ]; then
	E_ARGS+=(--blockdev "$((16#$(stat -c %t "$E_LOOP"))):$((16#$(stat -c %T "$E_LOOP"))):ext4")
fi
h=$("$E_PROBE" handle "$mp") && E_ARGS+=(--fsroot-handle "$h")
E_ATTACH=$(command -v ctr-attach)
E_ARGS+=(--host-exe "$(stat -L -c %d:%i "$E_ATTACH")")

# --- what must be blocked --------------------------------------------------
ESCAPES=(seccomp_status open_by_handle_at kexec_load kexec_file_load init_module finit_module
	delete_module keyctl add_key request_key session_keyring
	dev_null_host_inode dev_zero_host_inode dev_full_host_inode dev_random_host_inode
	dev_urandom_host_inode dev_tty_host_inode mask_keys_host_inode mask_timer_list_host_inode
	devnull_chmod devnull_setxattr dev_host_nodes_metadata mask_keys_chmod mask_keys_setxattr
	blockdev_read blockdev_mount tty1 loop_control
	umount_proc_keys umount_timer_list umount_sys_firmware
	attach_ptrace attach_exe attach_reexec attach_fd)
BEYOND=(proc_core_pattern sys_remount_rw binfmt_misc swapon cgroup_limit)
RECORDED=(net_tun)
CONFIGS=(default seed funtoo idmapped)
declare -A R # R[config:probe]="VERDICT ERRNO detail"

# e_conf CONFIG ROOTFS: the config file's text
e_conf() {
	case $1 in
	default)
		S_ROOTFS=$2 start_min_conf /dev/stdout "$E_NAME" ;;
	idmapped)
		S_ROOTFS=$2 start_min_conf /dev/stdout "$E_NAME" "lxc.idmap = u 0 100000 65536" \
			"lxc.idmap = g 0 100000 65536" ;;
	funtoo)
		# the seed page's own config (ctr.conf(5)'s Funtoo example): it
		# drops mknod and sys_admin (issue 11: /dev nodes fall back on binds)
		S_ROOTFS=$2 start_conf /dev/stdout ;;
	seed)
		# README's ctrdemo.conf as data/ctr-demo.sh writes it (its legacy
		# keys as written), without its network
		sed -n '/^cat >"\$conf" <<EOF$/,/^EOF$/p' "$T_TOP/data/ctr-demo.sh" | sed '1d;$d' |
			grep -v '^lxc\.network' | sed "s#\\\$name#$E_NAME#; s#\\\$root#$2#" ;;
	esac
}

# e_host_nodes: ctime, mode and owner of the host's nodes the probe may see
e_host_nodes() {
	local n
	for n in null zero full random urandom tty; do
		[ -e "/dev/$n" ] && stat -c "$n %Z %a %U" "/dev/$n"
	done | tr '\n' ' '
}

# e_collect CONFIG TEXT: files the PROBE lines of TEXT under CONFIG
e_collect() {
	local c=$1 line name rest
	while IFS= read -r line; do
		case $line in PROBE\ *) ;; *) continue ;; esac
		rest=${line#PROBE }
		name=${rest%% *}
		R[$c:$name]=${rest#* }
	done <<<"$2"
}

# e_gone NAME: waits (10 s at most) until the container's run dir is gone
e_gone() {
	local i
	for i in $(seq 100); do
		[ -e "$CTR_RUNDIR/$1" ] || return 0
		sleep 0.1
	done
	return 1
}

# e_wait_file FILE SECONDS
e_wait_file() {
	local i
	for i in $(seq $(($2 * 20))); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# e_attach_phase CONFIG ROOT ATTACH...: the probe's attach-init runs in
# the container (from ROOT/ctrt-sync); runs `ATTACH... /bin/true` until the
# probe has caught a process of the attach before its exec, then the fd 3
# probe, and prints what the probes said (exit 1: they did not finish).
e_attach_phase() {
	local c=$1 root=$2 sync=$2/ctrt-sync try
	shift 2
	e_wait_file "$sync/ready" 15 || { echo "# $c: the probe's init did not start"; return 1; }
	# The probe spins on the next pid.  The attach stops itself right before
	# its exec (CTR_ATTACH_TEST_STOP), so the probe meets it whatever the
	# machine's load, in the state it has from its fork on (its credentials,
	# filter and fds are set before the fork); once caught it goes on.
	local ap between
	for try in 1 2 3; do
		CTR_ATTACH_TEST_STOP=1 timeout 15 "$@" /bin/true </dev/null >/dev/null 2>&1 &
		ap=$!
		e_wait_file "$sync/caught" 10
		between=$(pgrep -P "$ap" 2>/dev/null)
		[ -n "$between" ] && pkill -CONT -P "$between" 2>/dev/null
		wait "$ap" 2>/dev/null
		[ -e "$sync/caught" ] && break
	done
	echo "# $c: the probe caught an attach process before its exec after $try attach(es)"
	timeout 30 "$@" /escape-probe "${E_ARGS[@]}" fdcheck 3<"$E_TMP/hostdir" </dev/null 2>&1
	: >"$sync/attach-done"
	e_wait_file "$sync/reexec-ready" 30 || { cat "$sync/attach.out" 2>&1; return 1; }
	e_reexec "$root" "$@"
	e_wait_file "$sync/attach.end" 30 || { cat "$sync/attach.out" 2>&1; return 1; }
	cat "$sync/attach.out"
}

# e_reexec ROOT ATTACH...: CVE-2019-5736 as it was used.  The command is a
# script whose interpreter is /proc/self/exe: the attach binary execs
# itself inside (its libraries are copied in for that) and, given a
# container name it cannot find, blocks writing to a full stderr until the
# probe holds its /proc/PID/exe; then the pipe is drained and it ends.
e_reexec() {
	local root=$1 sync=$1/ctrt-sync fifo=$E_TMP/stderr.fifo lib ap dp
	shift
	for lib in $(ldd "$(command -v "$1")" | grep -o '/[^ ]*'); do
		mkdir -p "$root${lib%/*}" && cp -L "$lib" "$root$lib"
	done
	printf '#!/proc/self/exe\n' >"$root/ctrt-trigger"
	chmod 755 "$root/ctrt-trigger"
	rm -f "$fifo"
	mkfifo "$fifo"
	exec 7<>"$fifo"
	head -c 65536 /dev/zero >&7 # a full pipe: the next write blocks
	timeout 40 "$@" /ctrt-trigger </dev/null >/dev/null 2>&7 &
	ap=$!
	e_wait_file "$sync/reexec-held" 35
	cat <&7 >/dev/null &
	dp=$!
	wait "$ap"
	kill "$dp"
	wait "$dp" 2>/dev/null
	exec 7>&-
	: >"$sync/reexec-done"
}

# The host side of the control socket, while container NAME runs.
e_socket_checks() {
	local name=$1 dir=$CTR_RUNDIR/$1 m f out held hp rc
	m=$(stat -c %a "$dir/control" 2>&1)
	t_ok "control socket is 0600 or stricter (mode $m)" [ $((8#${m:-777} & 8#077)) -eq 0 ]
	m=$(stat -c %a "$dir" 2>&1)
	t_ok "the run dir is not writable by group or others (mode $m)" [ $((8#${m:-777} & 8#022)) -eq 0 ]
	echo "# run dir $dir: mode $m"
	for f in state monitor.pid monitor.lock; do
		[ -e "$dir/$f" ] || { t_skip "$f not world-readable" "the runtime keeps no $f"; continue; }
		m=$(stat -c %a "$dir/$f")
		t_ok "$f is not world-readable (mode $m)" [ $((8#$m & 8#004)) -eq 0 ]
	done
	t_not "a host user (uid 65534) cannot read the state file" \
		timeout 5 setpriv --reuid=65534 --regid=65534 --clear-groups cat "$dir/state"
	out=$(timeout 10 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$E_TMP/escape-probe" connect "$dir/control" 2>&1)
	t_match "a host user (uid 65534) cannot connect or is closed at once" \
		"^PROBE socket_connect BLOCKED" "$out"
	# 40 idle connections from that user, remade whenever one is closed
	timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$E_TMP/escape-probe" hold "$dir/control" 40 25 >"$E_TMP/hold.out" 2>&1 &
	hp=$!
	t_defer "kill $hp"
	e_wait_file "$E_TMP/hold.out" 10
	for _ in $(seq 100); do grep -q HELD "$E_TMP/hold.out" && break; sleep 0.05; done
	held=$(sed -n 's/^HELD //p' "$E_TMP/hold.out")
	echo "# a host user holds ${held:-?} of 40 connections to $dir/control"
	out=$(timeout 15 ctr-info -n "$name" 2>&1); rc=$?
	t_eq "root's ctr-info works while a host user holds connections" 0 "$rc"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | grep -v '^$' | sed 's/^/# /' | tail -n 3
	out=$(timeout 15 ctr-attach -n "$name" -T -- /bin/true </dev/null 2>&1); rc=$?
	t_eq "root's ctr-attach works while a host user holds connections" 0 "$rc"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | grep -v '^$' | sed 's/^/# /' | tail -n 3
	out=$(timeout 15 ctr-stop -k -n "$name" 2>&1); rc=$?
	t_eq "root's ctr-stop works while a host user holds connections" 0 "$rc"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | grep -v '^$' | sed 's/^/# /' | tail -n 3
	kill "$hp" 2>/dev/null
	wait "$hp" 2>/dev/null
}

# --- the four configs ------------------------------------------------------
for c in "${CONFIGS[@]}"; do
	root=$E_TMP/$c/rootfs
	mkdir -p "$E_TMP/$c"
	t_busybox_rootfs "$root" || { t_fail "$c: a busybox rootfs"; continue; }
	cp "$E_PROBE" "$root/escape-probe"
	mkdir "$root/ctrt-sync"
	if [ "$c" = idmapped ]; then
		chown -R 100000:100000 "$root"
		chmod 755 "$E_TMP/$c"
	fi
	e_conf "$c" "$root" >"$E_TMP/$c.conf"
	grep -q '^lxc.rootfs' "$E_TMP/$c.conf" || { t_fail "$c: its config" "empty (data/ctr-demo.sh changed?)"; continue; }

	# the static probes, as init, started from a session holding a key
	before=$(e_host_nodes)
	out=$(keyctl session "ctrt-$T_ID" bash -c 'keyctl add user "$1" "$2" @s >/dev/null &&
		exec timeout 60 ctr-start -F -n "$3" -f "$4" -- "${@:5}"' _ \
		"$E_KEY" "$E_KEYTEXT" "$E_NAME" "$E_TMP/$c.conf" /escape-probe "${E_ARGS[@]}" static \
		</dev/null 2>"$E_TMP/$c.err")
	rc=$?
	t_ok "$c: the probe ran as the container's init (exit $rc)" [ "$rc" = 0 ]
	t_match "$c: every static probe reported" "^DONE static" "$out"
	grep -v '^$' "$E_TMP/$c.err" | sed "s/^/# $c: /" | head -n 20
	printf '%s\n' "$out" | grep -v '^PROBE \|^DONE\|^Joined session keyring\|^$' | sed "s/^/# $c: /" | head -n 20
	e_collect "$c" "$out"
	t_eq "$c: the host's /dev nodes unchanged (ctime, mode, owner)" "$before" "$(e_host_nodes)"
	e_gone "$E_NAME"

	# the attach probes: init waits for ctr-attach's process and ptraces it
	rm -f "$root/ctrt-sync/"*
	out=$(timeout 30 ctr-start -d -n "$E_NAME" -f "$E_TMP/$c.conf" -- /escape-probe \
		--sync /ctrt-sync --attach-cmd /bin/busybox "${E_ARGS[@]}" attach-init </dev/null 2>&1)
	rc=$?
	t_defer "ctr-stop -k -n '$E_NAME'"
	if [ "$rc" != 0 ]; then
		t_fail "$c: the attach probe's init runs" "ctr-start -d: $rc: $out"
		continue
	fi
	out=$(e_attach_phase "$c" "$root" ctr-attach -n "$E_NAME" -T --)
	t_ok "$c: the attach probes reported" [ "$?" = 0 ]
	printf '%s\n' "$out" | grep '^#'
	e_collect "$c" "$out"
	if [ "$c" = default ]; then
		e_socket_checks "$E_NAME"
	else
		m=$(stat -c %a "$CTR_RUNDIR/$E_NAME/control" 2>&1)
		t_ok "$c: control socket is 0600 or stricter (mode $m)" [ $((8#${m:-777} & 8#077)) -eq 0 ]
	fi
	timeout 15 ctr-stop -k -n "$E_NAME" >/dev/null 2>&1
	t_ok "$c: stopped, its run dir gone" e_gone "$E_NAME"
done

# --- one line per probe per config ----------------------------------------
e_assert() {
	local c=$1 p=$2 v=${R[$1:$2]:-}
	if [ -z "$v" ]; then
		t_fail "$c: $p BLOCKED" "the probe did not report"
	elif [ "${v%% *}" = BLOCKED ]; then
		t_pass "$c: $p BLOCKED (${v#* })"
	else
		t_fail "$c: $p BLOCKED" "$v"
	fi
}
for c in "${CONFIGS[@]}"; do
	for p in "${ESCAPES[@]}"; do
		case $p in dev_*_host_inode)
			n=${p#dev_}; n=${n%_host_inode}
			[ -e "/dev/$n" ] || continue
			# no mknod of a device inside a user namespace: LXC binds the
			# host's nodes into unprivileged containers; what must hold
			# there is that their metadata stays out of reach (devnull_*)
			if [ "$c" = idmapped ]; then
				echo "# $c (recorded, a bind is allowed here): $p ${R[$c:$p]:-not reported}"
				continue
			fi ;;
		esac
		case $p in blockdev_*)
			if [ -z "$E_LOOP" ]; then t_skip "$c: $p" "no loop device on this host"; continue; fi ;;
		esac
		e_assert "$c" "$p"
	done
	for p in "${BEYOND[@]}"; do
		if [ "$c" = idmapped ]; then e_assert "$c" "$p"
		else echo "# $c (privileged, recorded): $p ${R[$c:$p]:-not reported}"; fi
	done
	for p in "${RECORDED[@]}"; do echo "# $c (recorded): $p ${R[$c:$p]:-not reported}"; done
done
[ -e /proc/modules ] || echo "# this kernel has no module support: init_module and co. answer ENOSYS themselves"
[ -e /sys/kernel/kexec_loaded ] || echo "# this kernel has no kexec: kexec_load and kexec_file_load answer ENOSYS themselves"

# --- include fan-out -------------------------------------------------------
mkdir "$E_TMP/fan"
for i in $(seq 0 13); do
	for _ in 1 2 3 4; do echo "lxc.include = $E_TMP/fan/f$((i + 1)).conf"; done >"$E_TMP/fan/f$i.conf"
done
printf 'lxc.uts.name = fan\nlxc.rootfs.path = dir:%s\n' "$E_TMP/default/rootfs" >"$E_TMP/fan/f14.conf"
t0=$(date +%s.%N)
out=$(timeout 20 ctr-config -q -f "$E_TMP/fan/f0.conf" 2>&1); rc=$?
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
t_ok "include fan-out (4 per file, 14 deep) is refused (exit $rc)" [ "$rc" != 0 -a "$rc" != 124 ]
t_ok "within a few seconds (${secs}s)" awk -v s="$secs" 'BEGIN{exit !(s < 5)}'
t_match "with an error naming the include" "f[0-9]+\.conf.*include|include.*f[0-9]+\.conf" "$out"

# --- LXC 5 side by side (informative) -------------------------------------
e_lxc() {
	local root=$E_TMP/lxc/rootfs name=ctrt${T_ID}l out rc
	command -v lxc-execute >/dev/null || { echo "no lxc-execute"; return 1; }
	[ -f /usr/share/lxc/config/common.conf ] || { echo "no common.conf"; return 1; }
	mkdir -p "$E_TMP/lxc/path"
	t_busybox_rootfs "$root" || return 1
	cp "$E_PROBE" "$root/escape-probe"
	cat >"$E_TMP/lxc/$name.conf" <<CONF
lxc.include = /usr/share/lxc/config/common.conf
lxc.uts.name = $name
lxc.rootfs.path = dir:$root
lxc.net.0.type = empty
CONF
	out=$(keyctl session "ctrt-$T_ID" bash -c 'keyctl add user "$1" "$2" @s >/dev/null &&
		exec timeout 60 lxc-execute -n "$3" -P "$4" -f "$5" -- "${@:6}"' _ \
		"$E_KEY" "$E_KEYTEXT" "$name" "$E_TMP/lxc/path" "$E_TMP/lxc/$name.conf" \
		/escape-probe "${E_ARGS[@]}" static </dev/null 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q '^DONE static' || return 1
	# the attach probes under lxc-attach (its own binary is the host's here)
	mkdir "$root/ctrt-sync"
	timeout 30 lxc-execute -d -n "$name" -P "$E_TMP/lxc/path" -f "$E_TMP/lxc/$name.conf" -- \
		/escape-probe --sync /ctrt-sync --attach-cmd /bin/busybox "${E_ARGS[@]}" \
		--host-exe "$(stat -L -c %d:%i "$(command -v lxc-attach)")" attach-init </dev/null 2>&1 &&
		e_attach_phase lxc "$root" lxc-attach -n "$name" -P "$E_TMP/lxc/path" --
	timeout 15 lxc-stop -k -n "$name" -P "$E_TMP/lxc/path" >/dev/null 2>&1
	return 0
}
t_defer "lxc-stop -k -n ctrt${T_ID}l -P '$E_TMP/lxc/path'"
if out=$(e_lxc 2>&1); then
	e_collect lxc "$out"
	printf '%s\n' "$out" | grep '^# '
	t_pass "LXC 5 ran the probe under common.conf (its results below, not asserted)"
else
	t_skip "LXC side by side" "lxc-execute failed: $(printf '%s' "$out" | grep -v '^PROBE' | tail -n 2 | tr '\n' ' ')"
fi

# --- the table -------------------------------------------------------------
printf '# %-28s %-16s %-16s %-16s %-16s %s\n' probe default seed funtoo idmapped "lxc (common.conf)"
for p in "${ESCAPES[@]}" "${BEYOND[@]}" "${RECORDED[@]}"; do
	row=()
	for c in "${CONFIGS[@]}" lxc; do
		v=${R[$c:$p]:-}
		v=${v%% *}/$(printf '%s' "$v" | cut -d' ' -f2)
		[ "$v" = / ] && v=-
		row+=("${v%/-}")
	done
	printf '# %-28s %-16s %-16s %-16s %-16s %s\n' "$p" "${row[@]}"
done
t_done
