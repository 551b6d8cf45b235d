#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-attach among the container's processes before its exec (CVE-2019-5736
# class): a sealed memfd copy of the binary, not dumpable, no capability
# beyond the container's, no fd of the caller's but those it keeps.  The
# attach stops itself right before its exec (CTR_ATTACH_TEST_STOP) and a
# static probe inside tries what an attacker would (tests/helpers/attach-probe.c).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
probe=$CTR_BUILD/tests/helpers/attach-probe
[ -x "$probe" ] || t_skip_all "no $probe (make tests-build)"
cp "$probe" "$LC_ROOTFS/bin/attach-probe"
printf '::respawn:/bin/sleep 1000\n' >"$LC_ROOTFS/etc/inittab"
attach_bin=$(command -v ctr-attach)
host_exe=$(stat -L -c '%d:%i' "$attach_bin")
secret=$(t_tmpdir)
echo "host-secret-$T_ID" >"$secret/secret"

# stopped_attach NAME: starts `ctr-attach -- true` with fd 3 on the host
# directory $secret, stopped before its exec; sets apid (ctr-attach) and
# child (the stopped process inside, host PID).
stopped_attach() {
	local between
	CTR_ATTACH_TEST_STOP=1 ctr-attach -T -n "$1" -- true 3<"$secret" >/dev/null 2>&1 &
	apid=$!
	child=""
	lc_wait_for 10 sh -c "pgrep -P $apid >/dev/null" || return 1
	between=$(pgrep -P "$apid")
	lc_wait_for 10 sh -c "pgrep -P $between >/dev/null" || return 1
	child=$(pgrep -P "$between")
	lc_wait_for 10 sh -c "grep -q '^State:.*stopped' /proc/$child/status"
}
# the PID of host PID $1 in its own (the container's) PID namespace
inner_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }
field() { printf '%s\n' "$2" | awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }'; }

# --- a default container (it keeps sys_ptrace) -----------------------------------
a=ctrt${T_ID}a
lc_conf "$a" >/dev/null
t_ok "start" lc_start "$a"
ipid=$(lc_pid "$a")
# a user the run dir is closed to: the container runs, and the answer says
# so (EACCES was once "not running")
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups ctr-attach -n "$a" -- true 2>&1)
t_nomatch "as nobody: not told 'not running'" "not running" "$out"
t_match "as nobody: the reason is given" "Permission denied" "$out"
stopped_attach "$a"
t_eq "an attach stops before its exec" 0 $?
t_match "its /proc/PID/exe is a memfd, not the host's binary" '^/memfd:ctr-attach' \
	"$(readlink "/proc/$child/exe")"
for k in CapBnd CapEff CapPrm; do
	t_eq "its $k is the container's bounding set" "$(grep '^CapBnd' /proc/"$ipid"/status | awk '{print $2}')" \
		"$(grep "^$k" /proc/"$child"/status | awk '{print $2}')"
done
t_eq "its CapInh is empty" 0000000000000000 "$(awk '/^CapInh/ {print $2}' /proc/"$child"/status)"
t_eq "its CapAmb is empty" 0000000000000000 "$(awk '/^CapAmb/ {print $2}' /proc/"$child"/status)"
t_eq "the caller's fd 3 (a host directory) is not open in it" "0 1 2" \
	"$(ls /proc/"$child"/fd | sort -n | tr '\n' ' ' | sed 's/ $//')"
out=$(ctr-attach -T -n "$a" -- attach-probe "$(inner_pid "$child")" 2>&1)
printf '%s\n' "$out" | sed 's/^/# probe: /'
wait "$apid"
t_eq "killed from inside before its exec: 137" 137 $?
t_match "inside: an O_PATH of its exe is not the host's binary" \
	"^exe-path (BLOCKED|ALLOWED [0-9:]+)$" "$(field exe-path "$out" | sed 's/^/exe-path /')"
t_nomatch "inside: its exe is not the host binary's inode ($host_exe)" "ALLOWED $host_exe\$" \
	"$(field exe-path "$out")"
t_match "inside: its exe cannot be opened for writing while it runs" '^BLOCKED' \
	"$(field exe-write "$out")"
# ETXTBSY is no answer: the probe's own attach would run the same binary
t_match "inside: nor once it is gone (at most the sealed memfd opens)" \
	'^(BLOCKED (EACCES|EPERM|EBADF|ENOENT)|ALLOWED [0-9:]+ sealed)$' "$(field exe-write-after "$out")"
t_nomatch "inside: and that is not the host binary's inode" "ALLOWED $host_exe " \
	"$(field exe-write-after "$out")"
t_nomatch "inside: no fd above 2 in it" '^ALLOWED [0-9]' "$(field fds "$out")"
# a privileged container keeps sys_admin and sys_ptrace: map_files is open
# to it, and a shared library of the host's would be writable through it
if file -L "$attach_bin" | grep -q 'static'; then
	t_nomatch "inside: no file of the host is mapped in it (static)" '^maps-write ALLOWED' "$out"
	t_match "inside: at most its sealed copy is mapped" '^(BLOCKED (ETXTBSY|EACCES|EPERM) /memfd:ctr-attach \(deleted\)|BLOCKED none-mapped)$' \
		"$(field maps-write "$out")"
else
	t_skip "inside: no file of the host is mapped in it (static)" \
		"this ctr-attach is dynamically linked (a sanitizer build)"
	t_skip "inside: at most its sealed copy is mapped" \
		"this ctr-attach is dynamically linked (a sanitizer build)"
fi
t_ok "the host binary is untouched" test "$(stat -L -c '%d:%i' "$attach_bin")" = "$host_exe"

# --- without sys_ptrace, only dumpable 0 keeps a root peer out --------------------
b=ctrt${T_ID}b
lc_conf "$b" "lxc.cap.drop = sys_ptrace" >/dev/null
t_ok "start a container without sys_ptrace" lc_start "$b"
stopped_attach "$b"
t_eq "an attach stops before its exec" 0 $?
out=$(ctr-attach -T -n "$b" -- attach-probe "$(inner_pid "$child")" 2>&1)
printf '%s\n' "$out" | sed 's/^/# probe: /'
wait "$apid"
t_match "inside: ptrace of the attach is refused" '^BLOCKED EPERM' "$(field ptrace "$out")"
t_match "inside: its exe cannot be reached" '^BLOCKED' "$(field exe-path "$out")"
t_nomatch "inside: no fd above 2 in it" '^ALLOWED [0-9]' "$(field fds "$out")"

# --- an idmapped container: its root is uid 100000 on the host ----------------------
u=ctrt${T_ID}u
uroot=$LC_DIR/urootfs
if [ -e /proc/self/ns/user ] && t_busybox_rootfs "$uroot"; then
	cp "$probe" "$uroot/bin/attach-probe"
	printf '::respawn:/bin/sleep 1000\n' >"$uroot/etc/inittab"
	chown -R 100000:100000 "$uroot"
	chmod 755 "$LC_DIR" # the mapped root must reach its rootfs
	lc_conf "$u" "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536" >/dev/null
	sed -i "s|^lxc.rootfs.path = .*|lxc.rootfs.path = $uroot|" "$CTR_SYSCONFDIR/lxc/$u.conf"
	t_ok "start an idmapped container" lc_start "$u"
	t_eq "attach: root inside, 100000 outside" "0:0 100000" \
		"$(ctr-attach -T -n "$u" -- sh -c 'echo $(id -u):$(id -g) $(cat /proc/self/uid_map | awk "{print \$2}")')"
	stopped_attach "$u"
	t_eq "an attach stops before its exec" 0 $?
	t_eq "its uid is the container root's (100000)" 100000 \
		"$(awk '/^Uid:/ {print $2}' /proc/"$child"/status)"
	out=$(ctr-attach -T -n "$u" -- attach-probe "$(inner_pid "$child")" 2>&1)
	printf '%s\n' "$out" | sed 's/^/# probe: /'
	wait "$apid"
	# (its setuid inside made it not dumpable too, by fs.suid_dumpable)
	t_match "inside: the same uid cannot ptrace it (not dumpable)" '^BLOCKED EPERM' \
		"$(field ptrace "$out")"
	t_match "inside: nor reach its exe" '^BLOCKED' "$(field exe-path "$out")"
else
	t_skip "an idmapped container" "no user namespaces or no busybox rootfs"
fi

# --- fds: closed unless kept ------------------------------------------------------
out=$(ctr-attach -T -n "$a" -- cat /proc/self/fd/3/secret 3<"$secret" 2>&1)
t_nomatch "a caller's fd 3 on a host directory does not arrive inside" "host-secret" "$out"
out=$(ctr-attach -T --keep-fd 3 -n "$a" -- cat /proc/self/fd/3/secret 3<"$secret" 2>&1)
t_eq "with --keep-fd 3 it does" "host-secret-$T_ID" "$out"
t_eq "--keep-fd 4 and 5: both arrive, 3 does not" "4 5" "$(ctr-attach -T --keep-fd 4 --keep-fd 5 \
	-n "$a" -- sh -c 'for f in 3 4 5; do [ -e /proc/self/fd/$f ] && printf "%s " $f; done' \
	3<"$secret" 4<"$secret" 5<"$secret" | sed 's/ $//')"
ctr-attach -T --keep-fd 7 -n "$a" -- true 2>"$LC_DIR/err"
t_eq "--keep-fd of a closed fd: 125" 125 $?
t_match "and says which" "fd 7 is not an open fd above 2" "$(cat "$LC_DIR/err")"
ctr-attach -T --keep-fd 2 -n "$a" -- true 2>/dev/null
t_eq "--keep-fd 2: a usage error" 125 $?

# --- what the command itself gets --------------------------------------------------
t_eq "the command's CapEff is the container's" "$(awk '/^CapEff/ {print $2}' /proc/"$ipid"/status)" \
	"$(ctr-attach -T -n "$a" -- awk '/^CapEff/ {print $2}' /proc/self/status)"
t_eq "the command is dumpable again (exec resets it): its /proc/self/exe is readable" \
	"/bin/busybox" "$(ctr-attach -T -n "$a" -- readlink /proc/self/exe)"
t_done
