#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-create and ctr-destroy from the outside: the seed's layout from a
# tarball and from a tree, the guest adapted, hostile tarballs refused with
# nothing left, an unprivileged create shifted into a subordinate range, and
# destroy removing only what is the container's.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd python3

tmp=$(t_tmpdir)
lxc=$tmp/lxc etc=$tmp/etc
mkdir -p "$lxc" "$etc/lxc"
export CTR_RUNDIR=$tmp/run CTR_CONFIG_PATH=$etc/lxc
n=ctrt$T_ID
cr() { ctr-create -P "$lxc" --sysconfdir "$etc" "$@"; }
de() { ctr-destroy -P "$lxc" --sysconfdir "$etc" "$@"; }

# --- a busybox tree with the bits a real stage3 has ----------------------
src=$tmp/src
t_busybox_rootfs "$src"
printf 'id:3:initdefault:\nc1:12345:respawn:/sbin/agetty 38400 tty1 linux\nc2:2345:respawn:/sbin/agetty 38400 tty2 linux\nc3:2345:respawn:/sbin/agetty 38400 tty3 linux\npf::powerwait:/etc/init.d/powerfail start\n' >"$src/etc/inittab"
printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$src/etc/shadow"
chmod 0640 "$src/etc/shadow"; chgrp 42 "$src/etc/shadow"
printf '127.0.0.1 localhost\n127.0.1.1 oldname\n' >"$src/etc/hosts"
mkdir -p "$src/home/u"; echo data >"$src/home/u/file"; chown -R 1000:1000 "$src/home/u"
ln "$src/home/u/file" "$src/home/u/hardlink"
mknod "$src/dev/null-test" c 1 3
cp "$src/bin/busybox" "$src/bin/pinger"; setcap cap_net_raw+ep "$src/bin/pinger" 2>/dev/null && has_caps=1 || has_caps=0
setfattr -n user.ctrtest -v marker "$src/home/u/file" 2>/dev/null && has_xattr=1 || has_xattr=0
tar --xattrs --xattrs-include='*' -C "$src" -czf "$tmp/stage3.tar.gz" .
tar --xattrs --xattrs-include='*' -C "$src" -cJf "$tmp/stage3.tar.xz" .
tar -C "$src" --exclude=./dev/null-test -czf "$tmp/nodev.tar.gz" .
echo 'correct horse' >"$tmp/pw"

out=$(cr -n "$n" --from "$tmp/stage3.tar.gz" --root-password-file "$tmp/pw" --bridge ctrt${T_ID}br 2>&1); rc=$?
t_eq "create from a gzip tarball" 0 "$rc"
t_match "create says where" "created $n: $lxc/$n/rootfs" "$out"
r=$lxc/$n/rootfs
t_ok "the seed's layout: config, fstab, rootfs" test -f "$lxc/$n/config" -a -f "$lxc/$n/fstab" -a -d "$r"
t_eq "/etc/lxc/NAME.conf links to the config" "$lxc/$n/config" "$(readlink "$etc/lxc/$n.conf")"
t_eq "numeric owners kept" "1000:1000" "$(stat -c %u:%g "$r/home/u/file")"
t_eq "hardlinks kept" "$(stat -c %i "$r/home/u/file")" "$(stat -c %i "$r/home/u/hardlink")"
t_eq "device nodes kept" "character special file 1:3" "$(stat -c '%F %t:%T' "$r/dev/null-test")"
t_eq "symlinks kept" "/bin/busybox" "$(readlink "$r/bin/sh")"
t_eq "shadow keeps its mode and group" "640 42" "$(stat -c '%a %g' "$r/etc/shadow")"
if [ "$has_caps" = 1 ]; then
	t_match "file capabilities kept" "cap_net_raw[=+]ep" "$(getcap "$r/bin/pinger")"
else
	t_skip "file capabilities kept" "setcap could not set a capability on this file system"
fi
if [ "$has_xattr" = 1 ]; then
	t_eq "xattrs kept" marker "$(getfattr --only-values -n user.ctrtest "$r/home/u/file" 2>/dev/null)"
else
	t_skip "xattrs kept" "setfattr could not set a user xattr here"
fi
t_eq "hostname" "$n" "$(cat "$r/etc/hostname")"
t_match "/etc/hosts names the container" "^127\.0\.1\.1[[:space:]]+$n$" "$(cat "$r/etc/hosts")"
t_nomatch "/etc/hosts: the old name is gone" "oldname" "$(cat "$r/etc/hosts")"
it=$(cat "$r/etc/inittab")
t_match "inittab: tty1's getty kept" "^c1:12345:respawn:/sbin/agetty 38400 tty1 linux$" "$it"
t_match "inittab: tty2 off" "^#c2:" "$it"
t_match "inittab: tty3 off" "^#c3:" "$it"
t_match "inittab: a getty on the console, as tty1's" "^co:2345:respawn:/sbin/agetty 38400 console linux$" "$it"
t_match "inittab: powerfail halts (ctr-stop's SIGPWR)" "^p0::powerfail:/sbin/init 0$" "$it"
t_match "inittab: the old powerwait line is off" "^#pf::powerwait" "$it"
hash=$(sed -n 's/^root:\([^:]*\):.*/\1/p' "$r/etc/shadow")
t_match "root's password is hashed" '^\$(y|6|2b|gy)\$' "$hash"
t_ok "the hash checks against the password" python3 -c '
import crypt,sys; h=sys.argv[1]; sys.exit(0 if crypt.crypt("correct horse", h) == h else 1)' "$hash"
t_nomatch "the password is nowhere in clear" "correct horse" "$(cat "$r/etc/shadow" "$lxc/$n/config")"
cfg=$(cat "$lxc/$n/config")
t_match "config: veth on the bridge" "^lxc.net.0.link = ctrt${T_ID}br$" "$cfg"
t_match "config: a stable MAC" "^lxc.net.0.hwaddr = $(ctr-netsetup mac --stable "$n" 0)$" "$cfg"
t_match "config: the seed's capability drops" "^lxc.cap.drop = sys_module mac_admin mac_override sys_time$" "$cfg"
t_ok "the config passes ctr-config" ctr-config -q -f "$lxc/$n/config"

out=$(cr -n "$n" --from "$tmp/stage3.tar.gz" 2>&1); rc=$?
t_eq "the same name again: refused" 1 "$rc"
t_match "the same name again: says so" "exists already" "$out"

# --- it runs, then destroy removes only its own ----------------------------
sed -i '/^lxc.net/d' "$lxc/$n/config"
printf '::sysinit:/bin/true\n::respawn:/bin/sleep 1000\n' >"$r/etc/inittab"
t_ok "the created container starts" ctr-start -d -n "$n" -f "$etc/lxc/$n.conf"
t_eq "its hostname" "$n" "$(ctr-attach -n "$n" -- hostname 2>&1)"
out=$(de -n "$n" 2>&1); rc=$?
t_eq "destroy of a running container: refused" 1 "$rc"
t_match "destroy of a running container: says -f" "is running.*-f" "$out"
t_ok "the rootfs is still there" test -x "$r/bin/busybox"
mkdir -p "$tmp/hostdata"; echo keep >"$tmp/hostdata/f"
t_ok "destroy -f of a running container" de -f -n "$n"
t_not "the container is gone" test -e "$lxc/$n"
t_not "the link is gone" test -L "$etc/lxc/$n.conf"
t_eq "nothing else is touched" keep "$(cat "$tmp/hostdata/f")"
t_eq "the lxcpath is left" "" "$(ls -A "$lxc")"
t_eq "no run dir left" "" "$(t_rundir_ls)"

# destroy refuses a rootfs with a mount inside, and touches nothing
t_ok "create from an xz tarball" cr -q -n "${n}m" --from "$tmp/stage3.tar.xz"
mkdir -p "$lxc/${n}m/rootfs/mnt/host"
mount --bind "$tmp/hostdata" "$lxc/${n}m/rootfs/mnt/host"
t_defer "umount -l '$lxc/${n}m/rootfs/mnt/host'"
out=$(de -n "${n}m" 2>&1); rc=$?
t_eq "destroy with a bind mount inside: refused" 1 "$rc"
t_match "destroy with a bind mount inside: says why" "mounted inside" "$out"
t_eq "the host's data behind the mount survives" keep "$(cat "$tmp/hostdata/f")"
t_ok "the rootfs is untouched" test -x "$lxc/${n}m/rootfs/bin/busybox"
umount "$lxc/${n}m/rootfs/mnt/host"
t_ok "destroy once nothing is mounted" de -n "${n}m"

# a config whose rootfs is the host's own /: never removed
mkdir -p "$tmp/bad"; printf 'lxc.rootfs.path = /\n' >"$tmp/bad/config"
out=$(de -n badroot -P "$tmp" 2>&1); rc=$?
mv "$tmp/bad" "$tmp/badroot" 2>/dev/null
out=$(de -n badroot -P "$tmp" 2>&1); rc=$?
t_eq "destroy of a config naming / as rootfs: refused" 1 "$rc"
t_match "destroy of / as rootfs: says why" "refusing to remove '/'" "$out"

# --- from a directory ------------------------------------------------------
t_ok "create from a directory" cr -q -n "${n}d" --from-dir "$src"
t_eq "from-dir: owners kept" "1000:1000" "$(stat -c %u:%g "$lxc/${n}d/rootfs/home/u/file")"
t_eq "from-dir: hardlinks kept" "$(stat -c %i "$lxc/${n}d/rootfs/home/u/file")" \
	"$(stat -c %i "$lxc/${n}d/rootfs/home/u/hardlink")"
t_ok "destroy it" de -n "${n}d"

# --- hostile tarballs: a clear error and nothing left ---------------------
mkdir -p "$tmp/outside"
python3 - "$tmp" <<'PY'
import io, sys, tarfile
tmp = sys.argv[1]
def mk(name, entries):
    with tarfile.open(f"{tmp}/{name}.tar", "w") as t:
        for e in entries:
            ti = tarfile.TarInfo(e[1])
            if e[0] == "file":
                data = b"pwned\n"; ti.size = len(data); t.addfile(ti, io.BytesIO(data))
            elif e[0] == "dir":
                ti.type = tarfile.DIRTYPE; t.addfile(ti)
            elif e[0] == "sym":
                ti.type = tarfile.SYMTYPE; ti.linkname = e[2]; t.addfile(ti)
            elif e[0] == "hard":
                ti.type = tarfile.LNKTYPE; ti.linkname = e[2]; t.addfile(ti)
            elif e[0] == "chr":
                ti.type = tarfile.CHRTYPE; ti.devmajor, ti.devminor = 1, 3; t.addfile(ti)
mk("dotdot", [("dir", "etc"), ("file", "../../outside/dotdot")])
mk("absolute", [("dir", "etc"), ("file", f"{tmp}/outside/absolute")])
mk("symlink", [("sym", "lnk", f"{tmp}/outside"), ("file", "lnk/through-link")])
mk("relsymlink", [("dir", "a"), ("sym", "a/up", "../../../outside"), ("file", "a/up/through-rel-link")])
mk("hardlink", [("hard", "passwd-copy", "/etc/passwd")])
mk("hardlink-dotdot", [("hard", "x", "../../outside/target")])
mk("device", [("dir", "dev"), ("chr", "dev/mem")])
PY
echo original >"$tmp/outside/target"
head -c 3000 "$tmp/stage3.tar.gz" >"$tmp/truncated.tar.gz"
printf 'root:100000:65536\n' >"$etc/subuid"; printf 'root:100000:65536\n' >"$etc/subgid"
for case in dotdot absolute symlink relsymlink hardlink hardlink-dotdot truncated device; do
	f=$tmp/$case.tar; [ "$case" = truncated ] && f=$tmp/truncated.tar.gz
	extra=(); [ "$case" = device ] && extra=(--unprivileged)
	out=$(cr -n "${n}h" --from "$f" "${extra[@]}" 2>&1); rc=$?
	t_eq "hostile tarball '$case': refused" 1 "$rc"
	t_match "hostile tarball '$case': a clear error naming the archive" "cannot create '${n}h': $f: " "$out"
	t_not "hostile tarball '$case': no container dir left" test -e "$lxc/${n}h"
	t_not "hostile tarball '$case': no link left" test -L "$etc/lxc/${n}h.conf"
done
t_eq "nothing written outside the rootfs" "target" "$(ls "$tmp/outside")"
t_eq "a hardlink target outside is untouched" original "$(cat "$tmp/outside/target")"

# --- unprivileged: shifted into root's subordinate range -----------------
t_ok "unprivileged create" cr -q -n "${n}u" --from "$tmp/nodev.tar.gz" --unprivileged
t_eq "unprivileged: root's files are 100000's" "100000:100000" "$(stat -c %u:%g "$lxc/${n}u/rootfs/bin/busybox")"
t_eq "unprivileged: uid 1000 is 101000" "101000:101000" "$(stat -c %u:%g "$lxc/${n}u/rootfs/home/u/file")"
t_match "unprivileged: lxc.idmap lines" "lxc.idmap = u 0 100000 65536" "$(cat "$lxc/${n}u/config")"
t_ok "destroy it" de -n "${n}u"
rm -f "$etc/subuid" "$etc/subgid"
out=$(cr -n "${n}u" --from "$tmp/nodev.tar.gz" --unprivileged 2>&1); rc=$?
t_eq "unprivileged without a subuid range: refused" 1 "$rc"
t_match "unprivileged without a subuid range: says what to add" "root:100000:65536" "$out"

# --- usage ------------------------------------------------------------------
out=$(ctr-create -n x 2>&1); rc=$?
t_eq "no source: usage error" 2 "$rc"
out=$(ctr-create -n x --from a --from-dir b 2>&1); rc=$?
t_eq "two sources: usage error" 2 "$rc"
out=$(cr -n "../x" --from "$tmp/stage3.tar.gz" 2>&1); rc=$?
t_eq "a name with a slash: refused" 1 "$rc"
t_match "a name with a slash: says why" "bad container name" "$out"
out=$(cr -n "${n}n" --from "$tmp/nonexistent.tar" 2>&1); rc=$?
t_match "a missing tarball: says so" "nonexistent.tar: cannot read the tarball \(No such file or directory\)" "$out"
out=$(de -n "${n}nothere" 2>&1); rc=$?
t_eq "destroy of an unknown name" 1 "$rc"
t_match "destroy of an unknown name: says where it looked" "no config for container '${n}nothere' \(looked at .*/lxc/${n}nothere/config\)" "$out"
t_done
