#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-copy: a full copy and an overlay snapshot of a stopped container, both
# running at once beside the origin with their own names and MACs; the
# snapshot writes only to its own layer; destroy keeps what is not its own.
. "$(dirname "$0")/../lib.sh"
t_require_root

tmp=$(t_tmpdir)
lxc=$tmp/lxc etc=$tmp/etc
mkdir -p "$lxc" "$etc/lxc"
export CTR_RUNDIR=$tmp/run CTR_CONFIG_PATH=$etc/lxc
n=ctrt$T_ID
cp_() { ctr-copy -P "$lxc" --sysconfdir "$etc" "$@"; }
de() { ctr-destroy -P "$lxc" --sysconfdir "$etc" "$@"; }
st() { ctr-start -d -n "$1" -f "$etc/lxc/$1.conf"; }
t_defer "for c in $n ${n}c ${n}s; do ctr-stop -k -n \$c; done"

src=$tmp/src
t_busybox_rootfs "$src"
printf '::respawn:/bin/sleep 1000\n' >"$src/etc/inittab"
echo origin >"$src/etc/marker"
t_ok "create the origin" ctr-create -q -n "$n" --from-dir "$src" -P "$lxc" --sysconfdir "$etc"
# a legacy-key network line and a pair name, as seed configs have them
printf 'lxc.network.type = empty\nlxc.net.1.type = veth\nlxc.net.1.veth.pair = %sv\nlxc.net.1.hwaddr = 02:00:00:00:00:01\n' "$n" >>"$lxc/$n/config"
sed -i '/^lxc.net.1/d' "$lxc/$n/config"

out=$(cp_ -n "$n" -N "${n}c" 2>&1); rc=$?
t_eq "a full copy" 0 "$rc"
t_match "a full copy: says where" "copied ${n}c: $lxc/${n}c/config" "$out"
cfg=$(cat "$lxc/${n}c/config")
t_match "copy: the new name" "^lxc.uts.name = ${n}c$" "$cfg"
t_match "copy: its own rootfs" "^lxc.rootfs.path = dir:$lxc/${n}c/rootfs$" "$cfg"
t_match "copy: its own fstab" "^lxc.mount.fstab = $lxc/${n}c/fstab$" "$cfg"
t_ok "copy: the fstab is there" test -f "$lxc/${n}c/fstab"
t_eq "copy: hostname" "${n}c" "$(cat "$lxc/${n}c/rootfs/etc/hostname")"
t_eq "copy: the guest's files" origin "$(cat "$lxc/${n}c/rootfs/etc/marker")"
t_eq "copy: linked" "$lxc/${n}c/config" "$(readlink "$etc/lxc/${n}c.conf")"
t_ok "copy: passes ctr-config" ctr-config -q -f "$lxc/${n}c/config"

out=$(cp_ -n "$n" -N "${n}s" -s 2>&1); rc=$?
t_eq "a snapshot" 0 "$rc"
cfg=$(cat "$lxc/${n}s/config")
t_match "snapshot: an overlay over the origin" "^lxc.rootfs.path = overlay:$lxc/$n/rootfs:$lxc/${n}s/delta0$" "$cfg"
t_eq "snapshot: its layer names it" "${n}s" "$(cat "$lxc/${n}s/delta0/etc/hostname")"
t_eq "snapshot: the origin's hostname is untouched" "$n" "$(cat "$lxc/$n/rootfs/etc/hostname")"
t_ok "snapshot: passes ctr-config" ctr-config -q -f "$lxc/${n}s/config"
t_match "snapshot: ctr-config --print keeps the overlay" "overlay:" "$(ctr-config -p -f "$lxc/${n}s/config")"

t_ok "the origin runs" st "$n"
t_ok "the copy runs beside it" st "${n}c"
t_ok "the snapshot runs beside both" st "${n}s"
t_eq "origin's hostname" "$n" "$(ctr-attach -n "$n" -- hostname 2>&1)"
t_eq "copy's hostname" "${n}c" "$(ctr-attach -n "${n}c" -- hostname 2>&1)"
t_eq "snapshot's hostname" "${n}s" "$(ctr-attach -n "${n}s" -- hostname 2>&1)"
ctr-attach -n "${n}s" -- sh -c 'echo snap >/etc/marker; echo new >/root/new' >/dev/null 2>&1
t_eq "a write in the snapshot lands in its layer" snap "$(cat "$lxc/${n}s/delta0/etc/marker")"
t_eq "the origin's file is untouched" origin "$(cat "$lxc/$n/rootfs/etc/marker")"
t_eq "the origin sees nothing of it" origin "$(ctr-attach -n "$n" -- cat /etc/marker 2>&1)"
t_not "the origin has no /root/new" test -e "$lxc/$n/rootfs/root/new"
t_nomatch "the overlay is not mounted on the host" "$lxc/$n/rootfs" "$(findmnt -rn -o TARGET)"

out=$(cp_ -n "$n" -N "${n}x" 2>&1); rc=$?
t_eq "copying a running container: refused" 1 "$rc"
t_match "copying a running container: says so" "is running" "$out"
t_not "nothing made for the refused copy" test -e "$lxc/${n}x"
for c in "$n" "${n}c" "${n}s"; do ctr-stop -k -n "$c" >/dev/null 2>&1; done

out=$(de -n "$n" 2>&1); rc=$?
t_eq "destroying an origin with a snapshot: refused" 1 "$rc"
t_match "destroying an origin with a snapshot: names it" "snapshot '${n}s'" "$out"
t_ok "destroy the snapshot" de -n "${n}s"
t_not "the snapshot's directory is gone" test -e "$lxc/${n}s"
t_eq "the origin's rootfs is kept" origin "$(cat "$lxc/$n/rootfs/etc/marker")"
t_ok "destroy the copy" de -n "${n}c"
t_ok "destroy the origin now" de -n "$n"
t_eq "nothing left in the lxcpath" "" "$(ls -A "$lxc")"
t_eq "no run dirs left" "" "$(t_rundir_ls)"

out=$(ctr-copy -n "$n" 2>&1); rc=$?
t_eq "no new name: usage" 2 "$rc"
out=$(cp_ -n "${n}none" -N x 2>&1); rc=$?
t_eq "an unknown origin" 1 "$rc"
t_done
