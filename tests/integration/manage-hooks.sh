#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc.hook.clone in ctr-copy and lxc.hook.destroy in ctr-destroy, as LXC runs
# them: LXC's arguments (NAME lxc TYPE, then ctr-copy's words after --) and
# environment (LXC_SRC_NAME, LXC_NAME, LXC_CONFIG_FILE, LXC_ROOTFS_MOUNT with
# the copy's rootfs mounted, a snapshot's overlay included); a failing clone
# hook undoes the copy, a failing destroy hook keeps the container.
. "$(dirname "$0")/../lib.sh"
t_require_root

tmp=$(t_tmpdir)
lxc=$tmp/lxc etc=$tmp/etc
mkdir -p "$lxc" "$etc/lxc"
export CTR_RUNDIR=$tmp/run CTR_CONFIG_PATH=$etc/lxc
n=ctrt$T_ID
cp_() { ctr-copy -q -P "$lxc" --sysconfdir "$etc" "$@"; }
de() { ctr-destroy -P "$lxc" --sysconfdir "$etc" "$@"; }

cat >"$tmp/hook" <<EOF
#!/bin/sh
log=$tmp/hook.\$LXC_NAME
{ printf 'arg %s\n' "\$@"
  env | grep -E '^LXC_(SRC_NAME|NAME|CONFIG_FILE|ROOTFS_MOUNT|HOOK_VERSION)=' | sort
  [ -d "\$LXC_ROOTFS_MOUNT/etc" ] && echo rootfs-there
} >"\$log"
[ -d "\$LXC_ROOTFS_MOUNT/etc" ] && echo "\$3 \$LXC_NAME" >"\$LXC_ROOTFS_MOUNT/etc/hooked"
[ ! -e $tmp/fail ]
EOF
chmod +x "$tmp/hook"

src=$tmp/src
t_busybox_rootfs "$src"
t_ok "create the origin" ctr-create -q -n "$n" --from-dir "$src" -P "$lxc" --sysconfdir "$etc"
printf 'lxc.hook.clone = %s\nlxc.hook.destroy = %s\n' "$tmp/hook" "$tmp/hook" >>"$lxc/$n/config"

t_ok "a copy with hook arguments" cp_ -n "$n" -N "${n}c" -- one "two words" "it's"
log=$(cat "$tmp/hook.${n}c" 2>&1)
t_eq "clone hook: LXC's arguments, then ours, each one word" \
	"$(printf 'arg %s\n' "${n}c" lxc clone one "two words" "it's")" "$(grep '^arg' <<<"$log")"
t_match "clone hook: LXC_SRC_NAME is the origin" "^LXC_SRC_NAME=$n$" "$log"
t_match "clone hook: LXC_NAME is the copy" "^LXC_NAME=${n}c$" "$log"
t_match "clone hook: LXC_CONFIG_FILE is the copy's" "^LXC_CONFIG_FILE=$lxc/${n}c/config$" "$log"
t_match "clone hook: LXC_ROOTFS_MOUNT is the copy's rootfs" "^LXC_ROOTFS_MOUNT=$lxc/${n}c/rootfs$" "$log"
t_eq "clone hook: it wrote into the copy" "clone ${n}c" "$(cat "$lxc/${n}c/rootfs/etc/hooked" 2>&1)"
t_not "clone hook: not into the origin" test -e "$lxc/$n/rootfs/etc/hooked"

t_ok "a snapshot" cp_ -n "$n" -N "${n}s" -s
log=$(cat "$tmp/hook.${n}s" 2>&1)
t_match "snapshot's clone hook: the origin's path, the overlay over it" \
	"^LXC_ROOTFS_MOUNT=$lxc/$n/rootfs$" "$log"
t_eq "snapshot's clone hook: its write is in the snapshot's layer" "clone ${n}s" \
	"$(cat "$lxc/${n}s/delta0/etc/hooked" 2>&1)"
t_not "snapshot's clone hook: the origin is untouched" test -e "$lxc/$n/rootfs/etc/hooked"
t_nomatch "snapshot's clone hook: no overlay left mounted" "$lxc/$n/rootfs" "$(findmnt -rn -o TARGET)"

touch "$tmp/fail"
for how in "" -s; do
	out=$(cp_ -n "$n" -N "${n}f" $how 2>&1); rc=$?
	t_eq "a failing clone hook${how:+ (snapshot)}: the copy fails" 1 "$rc"
	t_match "a failing clone hook${how:+ (snapshot)}: says which" "clone hook '$tmp/hook' failed \(exit status 1\)" "$out"
	t_not "a failing clone hook${how:+ (snapshot)}: no copy left" test -e "$lxc/${n}f"
	t_not "a failing clone hook${how:+ (snapshot)}: no link left" test -L "$etc/lxc/${n}f.conf"
done

out=$(de -n "${n}c" 2>&1); rc=$?
t_eq "a failing destroy hook: refused" 1 "$rc"
t_match "a failing destroy hook: says which" "destroy hook '$tmp/hook' failed" "$out"
t_ok "a failing destroy hook: the container is kept" test -f "$lxc/${n}c/rootfs/etc/hooked"
t_ok "a failing destroy hook: its config too" test -f "$lxc/${n}c/config"
rm -f "$tmp/fail" "$tmp/hook.${n}c"

t_ok "destroy the copy" de -n "${n}c"
log=$(cat "$tmp/hook.${n}c" 2>&1)
t_eq "destroy hook: LXC's arguments" "$(printf 'arg %s\n' "${n}c" lxc destroy)" "$(grep '^arg' <<<"$log")"
t_match "destroy hook: LXC_CONFIG_FILE" "^LXC_CONFIG_FILE=$lxc/${n}c/config$" "$log"
t_match "destroy hook: it ran before the removal" "^rootfs-there$" "$log"
t_not "the copy is gone" test -e "$lxc/${n}c"
t_ok "destroy the snapshot" de -n "${n}s"
t_ok "destroy the origin" de -n "$n"
t_eq "nothing left in the lxcpath" "" "$(ls -A "$lxc")"
t_eq "no links left" "" "$(ls -A "$etc/lxc")"

out=$(ctr-copy -n "$n" -N x stray 2>&1); rc=$?
t_eq "a stray word without --: usage" 2 "$rc"
t_done
