#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The seed's "Create and Configure Container Filesystem" end to end, with
# ctr's commands instead of its hand work: a rootfs tarball of a real Debian
# 12 tree (sysvinit and OpenRC, debootstrapped once and cached by
# tests/distro/mktree), ctr-create --from it with --root-password-file,
# an overlay snapshot running beside it (attach, freeze, wait, thaw), root
# logs in on the console with that password (ctr-console on a pty, tmux, as
# the distro suites drive it) and runs a command, a graceful stop (the
# powerfail line ctr-create wrote), destroy, nothing left.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd tmux "Debian package tmux"
t_require_cmd debootstrap "Debian package debootstrap"
for c in ctr-create ctr-start ctr-console ctr-stop ctr-destroy; do t_require_cmd "$c" "the runtime is not built"; done

tree=$("$T_TOP/tests/distro/mktree" openrc 2>"/tmp/ctrt-mktree-$$.err") || {
	sed 's/^/# /' "/tmp/ctrt-mktree-$$.err"; rm -f "/tmp/ctrt-mktree-$$.err"
	t_skip_all "no cached Debian tree and cannot debootstrap one (tests/distro/mktree failed, see above)"
}
rm -f "/tmp/ctrt-mktree-$$.err"

tmp=$(t_tmpdir)
chmod 755 "$tmp"
lxc=$tmp/lxc etc=$tmp/etc
mkdir -p "$lxc" "$etc/lxc"
export CTR_RUNDIR=$tmp/run CTR_CONFIG_PATH=$etc/lxc
n=ctrt${T_ID}s
t_defer "ctr-stop -k -n $n; ctr-stop -k -n ${n}x"
tm=(tmux -L "ctrt$T_ID" -f /dev/null)
t_defer "tmux -L ctrt$T_ID kill-server"

# the template tarball, as a stage3 or an OpenVZ template comes: the tree
# with numeric owners, compressed
s0=$SECONDS
# (zstd where the host has it: a gzip of the tree takes longer than the rest)
z="gzip -1" tb=$tmp/rootfs.tar.gz
command -v zstd >/dev/null && z="zstd -q -1 -T0" tb=$tmp/rootfs.tar.zst
tar --numeric-owner -C "$tree" -cf - . | $z >"$tb" || t_skip_all "cannot make the tarball"
echo "# the tarball in about $((SECONDS - s0)) s"
pw="seed-$T_ID-$RANDOM"
printf '%s\n' "$pw" >"$tmp/pw"
chmod 600 "$tmp/pw"

s0=$SECONDS
out=$(ctr-create -n "$n" --from "$tb" --root-password-file "$tmp/pw" \
	-P "$lxc" --sysconfdir "$etc" 2>&1); rc=$?
t_eq "ctr-create --from the tarball --root-password-file" 0 "$rc"
echo "# created in about $((SECONDS - s0)) s: $out"
r=$lxc/$n/rootfs
t_eq "linked as the seed links it" "$lxc/$n/config" "$(readlink "$etc/lxc/$n.conf")"
t_ok "the fstab is there (empty)" test -f "$lxc/$n/fstab"
t_match "inittab: a getty on the console" "^[^#].*:respawn:.*getty.* console" "$(cat "$r/etc/inittab")"
t_match "inittab: tty2 and up off, as the seed says" "^#.*tty2" "$(cat "$r/etc/inittab")"
t_match "inittab: powerfail halts" "^p0::powerfail:/sbin/init 0$" "$(cat "$r/etc/inittab")"
t_eq "the hostname is the container's" "$n" "$(cat "$r/etc/hostname")"
root_hash() { grep '^root:' "$1/etc/shadow" | cut -d: -f2; }
t_match "root has a password hash" '^\$' "$(root_hash "$r")"
t_ok "root's password is no longer the tree's" test "$(root_hash "$r")" != "$(root_hash "$tree")"

# a snapshot beside it, both running at once
sn=${n}x
t_ok "ctr-copy --snapshot" ctr-copy -q -n "$n" -N "$sn" -s -P "$lxc" --sysconfdir "$etc"
t_ok "start" ctr-start -d -n "$n" -f "$etc/lxc/$n.conf"
t_ok "start the snapshot beside it" ctr-start -d -n "$sn" -f "$etc/lxc/$sn.conf"
t_eq "ctr-attach: the snapshot's own hostname" "$sn" "$(ctr-attach -n "$sn" -- hostname 2>&1)"
t_ok "ctr-freeze the snapshot" ctr-freeze -n "$sn"
t_ok "ctr-wait: FROZEN" ctr-wait -n "$sn" -s FROZEN -t 10
t_ok "ctr-unfreeze it" ctr-unfreeze -n "$sn"
t_ok "ctr-wait: THAWED" ctr-wait -n "$sn" -s 'THAWED|RUNNING' -t 10

# the console: wait for the login prompt, log in with the password given
pane() { "${tm[@]}" capture-pane -p -t con 2>/dev/null; }
pane_has() {
	local end=$((SECONDS + $2))
	until pane | grep -Eq -- "$1"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}
"${tm[@]}" new-session -d -s con -x 100 -y 30 "ctr-console -n $n -t 0; echo console-exited; sleep 600"
pane_has "connected to tty 0" 10
"${tm[@]}" send-keys -t con Enter
if pane_has "$n login: *$" 90; then t_pass "ctr-console -t 0: the console's login prompt"
else t_fail "ctr-console -t 0: the console's login prompt" "screen: $(pane | grep . | tail -n 5)"; fi
"${tm[@]}" send-keys -t con root Enter
pane_has "Password: *$" 10 && "${tm[@]}" send-keys -t con "$pw" Enter
# what is typed before the shell's prompt, login may flush
pane_has "# *$" 30
"${tm[@]}" send-keys -t con 'echo logged-in-$((6*7)) as $(id -un) on $(tty) in $(hostname)' Enter
if pane_has "^logged-in-42 as root on /dev/console in $n" 30; then
	t_pass "root logs in on the console with the password file's password and runs a command"
else
	t_fail "root logs in on the console with the password file's password and runs a command" \
		"screen: $(pane | grep . | tail -n 5)"
fi
"${tm[@]}" send-keys -t con exit Enter
pane_has "$n login: *$" 10
"${tm[@]}" send-keys -t con C-a q
t_ok "Ctrl-a q detaches" pane_has "^console-exited" 10
"${tm[@]}" kill-session -t con 2>/dev/null

s0=$SECONDS
t_ok "a graceful stop (powerfail: init 0)" ctr-stop -n "$n" -t 60
t_ok "well inside the timeout ($((SECONDS - s0)) s)" test $((SECONDS - s0)) -lt 40
t_ok "stop the snapshot" ctr-stop -n "$sn" -t 60
t_ok "ctr-destroy the snapshot" ctr-destroy -n "$sn" -P "$lxc" --sysconfdir "$etc"
t_ok "ctr-destroy" ctr-destroy -n "$n" -P "$lxc" --sysconfdir "$etc"
t_eq "nothing left in the lxcpath" "" "$(ls -A "$lxc")"
t_eq "no link left" "" "$(ls -A "$etc/lxc")"
t_eq "no run dir left" "" "$(t_rundir_ls)"
t_eq "no cgroup left" "" "$(ls -d /sys/fs/cgroup/*/ctr/"$n" /sys/fs/cgroup/ctr/"$n" 2>/dev/null)"
t_done
