#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-config: exit statuses, messages, the seed's file, lookup by name, the
# normalised print and its round trip, and the man page covering every key.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-config "build it with make"

d=$(t_tmpdir)
fixture=$T_TOP/tests/unit/data/seed.conf

# run CMD...: sets rc, out (stdout), err (stderr).
run() {
	"$@" >"$d/out" 2>"$d/err"
	rc=$?
	out=$(cat "$d/out")
	err=$(cat "$d/err")
}

# --- the seed ---------------------------------------------------------------
seed_txt=$(ls "$CTR_SHARED"/seed/*.txt 2>/dev/null | head -n1)
if [ -n "$seed_txt" ]; then
	awk '/^## Container/{p=1} p{print} /^## Network/{exit}' "$seed_txt" >"$d/seed.conf"
	t_ok "fixture is the seed's config byte for byte" cmp "$d/seed.conf" "$fixture"
	run ctr-config -f "$d/seed.conf"
	t_eq "seed's config is valid" 0 "$rc"
	t_eq "valid config prints nothing on stdout" "" "$out"
	# one warning: the seed drops sys_boot (line 19), which a reboot inside needs
	t_match "its only warning is the sys_boot note, with the line" \
		"^ctr-config: warning: $d/seed.conf:19: without sys_boot, reboot and poweroff inside " "$err"
	t_eq "and it is one line" 1 "$(printf '%s\n' "$err" | wc -l)"
else
	t_skip "fixture is the seed's config byte for byte" "no seed under CTR_SHARED=$CTR_SHARED"
	t_skip "seed's config is valid" "no seed under CTR_SHARED=$CTR_SHARED"
	t_skip "valid config prints nothing on stdout" "no seed under CTR_SHARED=$CTR_SHARED"
	t_skip "its only warning is the sys_boot note, with the line" "no seed under CTR_SHARED=$CTR_SHARED"
	t_skip "and it is one line" "no seed under CTR_SHARED=$CTR_SHARED"
	cp "$fixture" "$d/seed.conf"
fi

# The seed with the network keys the page lost (README.md), as people run it.
{
	cat "$fixture"
	cat <<'CONF'
lxc.network.type      = veth
lxc.network.flags     = up
lxc.network.hwaddr    = 02:00:5e:10:00:01  # put your MAC address here
lxc.network.link      = br0
lxc.network.name      = eth0
lxc.network.veth.pair = veth-example
CONF
} >"$d/seed-net.conf"
run ctr-config --print -f "$d/seed-net.conf"
t_eq "seed with its network section: valid" 0 "$rc"
t_match "print: modern uts key" '^lxc\.uts\.name = funtoo0$' "$out"
t_match "print: tty from 'lxc.tty = 6  # if ...'" '^lxc\.tty\.max = 6$' "$out"
t_match "print: pts as pty.max" 'lxc\.pty\.max = 1024' "$out"
t_match "print: cpuset remark stripped" '^lxc\.cgroup\.cpuset\.cpus = 0$' "$out"
t_match "print: network as lxc.net.0" 'lxc\.net\.0\.veth\.pair = veth-example' "$out"
t_match "print: hwaddr remark stripped" '^lxc\.net\.0\.hwaddr = 02:00:5e:10:00:01$' "$out"
t_nomatch "print: no legacy key left" '^lxc\.(utsname|rootfs|tty|pts|mount|console) =|^lxc\.network\.' "$(grep -v '^#' "$d/out")"
printf '%s\n' "$out" >"$d/migrated.conf"
run ctr-config --print -f "$d/migrated.conf"
t_eq "migrated file is valid" 0 "$rc"
t_eq "print of the print is the same (round trip)" \
	"$(grep -v '^#' "$d/migrated.conf")" "$(printf '%s\n' "$out" | grep -v '^#')"

# --- lookup by name ------------------------------------------------------------
mkdir -p "$d/etc/lxc" "$d/etc/ctr" "$d/lxc/ctrt$T_ID"
cp "$d/seed.conf" "$d/lxc/ctrt$T_ID/config"
ln -s "$d/lxc/ctrt$T_ID/config" "$d/etc/lxc/ctrt$T_ID.conf"
run ctr-config --sysconfdir "$d/etc" -n "ctrt$T_ID" -p
t_eq "-n follows /etc/lxc/NAME.conf symlink" 0 "$rc"
t_match "-n: print names the real file" "normalised from $d/lxc/ctrt$T_ID/config" "$out"
echo "lxc.uts.name = fromctr" >"$d/etc/ctr/only$T_ID.conf"
run ctr-config --sysconfdir "$d/etc" -p "only$T_ID"
t_eq "NAME falls back to /etc/ctr/NAME.conf" 0 "$rc"
t_match "fallback file read" 'lxc\.uts\.name = fromctr' "$out"
run ctr-config --sysconfdir "$d/etc" -n "none$T_ID"
t_eq "unknown name: exit 1" 1 "$rc"
t_match "unknown name: both places named" "^ctr-config: no config for container 'none$T_ID' \(looked at $d/etc/lxc/none$T_ID.conf, $d/etc/ctr/none$T_ID.conf\)$" "$err"

# LXC's own place: LXCPATH/NAME/config, with -P, or lxc.lxcpath in lxc.conf.
mkdir -p "$d/lxcpath/web$T_ID" "$d/lxcpath2/db$T_ID"
printf 'lxc.uts.name = fromlxcpath\n' >"$d/lxcpath/web$T_ID/config"
printf 'lxc.uts.name = fromlxcconf\n' >"$d/lxcpath2/db$T_ID/config"
run ctr-config --sysconfdir "$d/etc" -P "$d/lxcpath/" -n "web$T_ID" -p
t_eq "-P: LXCPATH/NAME/config found" 0 "$rc"
t_match "-P: that file read, no doubled slash" "normalised from $d/lxcpath/web$T_ID/config" "$out"
run ctr-config --sysconfdir "$d/etc" -P "$d/lxcpath" -n "none$T_ID"
t_match "-P: the lxcpath is among the places named" "looked at .*, $d/lxcpath/none$T_ID/config\)$" "$err"
mkdir -p "$d/lxcpath/ctrt$T_ID" && echo "lxc.uts.name = shadowed" >"$d/lxcpath/ctrt$T_ID/config"
run ctr-config --sysconfdir "$d/etc" -P "$d/lxcpath" -n "ctrt$T_ID" -p
t_match "/etc/lxc/NAME.conf comes before the lxcpath" "normalised from $d/lxc/ctrt$T_ID/config" "$out"
printf '# LXC system config\nlxc.lxcpath = %s\n' "$d/lxcpath2" >"$d/etc/lxc/lxc.conf"
run ctr-config --sysconfdir "$d/etc" -n "db$T_ID" -p
t_eq "lxc.lxcpath from SYSCONFDIR/lxc/lxc.conf" 0 "$rc"
t_match "lxc.conf's lxcpath read" 'lxc\.uts\.name = fromlxcconf' "$out"
run env CTR_CONFIG_PATH="$d/etc/ctr" ctr-config -n "only$T_ID" -p
t_eq "ctr-config honours CTR_CONFIG_PATH as ctr-ls and ctr-info do" 0 "$rc"
if command -v ctr-ls >/dev/null && command -v ctr-info >/dev/null; then
	run env CTR_RUNDIR="$d/run" CTR_SYSCONFDIR="$d/etc" ctr-ls -1 -P "$d/lxcpath"
	t_match "ctr-ls -P lists LXCPATH's containers" "^web$T_ID$" "$out"
	run env CTR_RUNDIR="$d/run" CTR_SYSCONFDIR="$d/etc" ctr-info -P "$d/lxcpath" -n "web$T_ID"
	t_eq "ctr-info -P finds LXCPATH/NAME/config" 0 "$rc"
	t_match "ctr-info -P: names the file" "$d/lxcpath/web$T_ID/config" "$out"
fi
rm "$d/etc/lxc/lxc.conf"

# --- errors --------------------------------------------------------------------
printf 'lxc.uts.name = a\nlxc.utsnam = b\n' >"$d/bad.conf"
run ctr-config -f "$d/bad.conf" --print
t_eq "unknown key: exit 1" 1 "$rc"
t_eq "unknown key: nothing on stdout" "" "$out"
t_eq "unknown key: message with suggestion" \
	"ctr-config: $d/bad.conf:2: unknown key 'lxc.utsnam' (did you mean 'lxc.utsname'?)" "$err"

printf '\n\nlxc.cap.drop = sys_admin sys_admn\n' >"$d/cap.conf"
run ctr-config -f "$d/cap.conf"
t_eq "bad capability: exit 1" 1 "$rc"
t_match "bad capability: file:line and name" "^ctr-config: $d/cap.conf:3: unknown capability 'sys_admn' in 'lxc.cap.drop'" "$err"

printf 'lxc.cgroup.memory.limit_in_bytes = 512Q\n' >"$d/size.conf"
run ctr-config -f "$d/size.conf"
t_match "bad size names key and reason" "size.conf:1: invalid value '512Q' for 'lxc.cgroup.memory.limit_in_bytes' \(not a size" "$err"

printf 'lxc.net.0.type = veth\nlxc.net.0.veth.pair = ctrt-much-too-long0\n' >"$d/pair.conf"
run ctr-config -f "$d/pair.conf"
t_match "veth.pair too long" "pair.conf:2: invalid value 'ctrt-much-too-long0' for 'lxc.net.0.veth.pair' \(longer than 15 characters\)" "$err"

printf 'lxc.network.type = veth\nlxc.network.hwaddr = 02:00:5e:10:00\n' >"$d/mac.conf"
run ctr-config -f "$d/mac.conf"
t_match "bad hwaddr" "mac.conf:2: invalid value '02:00:5e:10:00' for 'lxc.network.hwaddr'" "$err"

printf 'lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.0.1/40\n' >"$d/cidr.conf"
run ctr-config -f "$d/cidr.conf"
t_match "bad CIDR" "cidr.conf:2: invalid value '10.0.0.1/40' for 'lxc.net.0.ipv4.address' \(the prefix length" "$err"

printf 'lxc.include = sub.conf\n' >"$d/inc.conf"
run ctr-config -f "$d/inc.conf"
t_eq "missing include: exit 1" 1 "$rc"
t_match "missing include named" "inc.conf:1: cannot include '$d/sub.conf' \(No such file or directory\)" "$err"

printf 'lxc.include = loop2.conf\n' >"$d/loop1.conf"
printf 'lxc.tty = 1\nlxc.include = loop1.conf\n' >"$d/loop2.conf"
run ctr-config -f "$d/loop1.conf"
t_match "include loop detected at the looping line" "loop2.conf:2: include loop" "$err"

run ctr-config -f "$d/does-not-exist.conf"
t_eq "missing file: exit 1" 1 "$rc"
t_match "missing file named" "cannot read config '$d/does-not-exist.conf' \(No such file or directory\)" "$err"

printf 'lxc.log.level = 1\nlxc.tty.dir = lxc\nlxc.uts.name = w\n' >"$d/warn.conf"
run ctr-config -f "$d/warn.conf" -p
t_eq "ignored keys: still valid" 0 "$rc"
t_match "ignored key warned with its line" "^ctr-config: warning: $d/warn.conf:1: ignored key 'lxc.log.level'" "$err"
t_match "ignored keys kept as comments in print" "# .*warn.conf:2: ignored key 'lxc.tty.dir'" "$out"
run ctr-config -q -f "$d/warn.conf"
t_eq "-q: no warnings" "" "$err"
# A key set again warns once, for its last line; an empty value asks for
# the default (LXC's common.conf sets lxc.tty.dir, debian.common.conf
# empties it) and warns not at all.
printf 'lxc.log.level = 1\nlxc.tty.dir = lxc\nlxc.loglevel = 2\nlxc.tty.dir =\nlxc.uts.name = w\n' >"$d/warn2.conf"
run ctr-config -f "$d/warn2.conf"
t_eq "a key ignored twice: one warning, the last line's; an emptied one: none" \
	"ctr-config: warning: $d/warn2.conf:3: ignored key 'lxc.loglevel' (ctr logs errors to stderr)" "$err"

# AppArmor as LXC: without it on the host, every profile runs unconfined,
# said once by the config check.
printf 'lxc.aa_profile = lxc-container-default\nlxc.apparmor.allow_nesting = 1\n' >"$d/aa.conf"
run ctr-config -f "$d/aa.conf" -p
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
	t_eq "named profile on an AppArmor host: valid" 0 "$rc"
	printf 'lxc.apparmor.profile = generated\n' >"$d/aagen.conf"
	run ctr-config -f "$d/aagen.conf"
	t_eq "generated on an AppArmor host: valid (ctr-start makes the profile)" "0 " "$rc $err"
else
	t_eq "named profile without AppArmor: valid" 0 "$rc"
	t_eq "without AppArmor: one note, with the line" \
		"ctr-config: warning: $d/aa.conf:1: AppArmor is not enabled on this host: the container runs without the profile 'lxc-container-default', as under LXC" "$err"
	t_match "profile kept in the print" '^lxc\.apparmor\.profile = lxc-container-default$' "$out"
fi

# Every error in one run, each with file:line; then "and N more".
printf 'lxc.utsnam = a\nlxc.tty.max = many\nlxc.uts.name = ok\nlxc.hook.pre-strat = /bin/true\n' >"$d/multi.conf"
run ctr-config -f "$d/multi.conf"
t_eq "several errors: exit 1" 1 "$rc"
t_eq "several errors: all three, in order" \
	"$d/multi.conf:1: $d/multi.conf:2: $d/multi.conf:4: " \
	"$(printf '%s\n' "$err" | sed -n 's/^ctr-config: \([^ ]*:[0-9]*: \).*/\1/p' | tr -d '\n')"
for i in $(seq 1 30); do echo "lxc.bogus$i = 1"; done >"$d/many.conf"
run ctr-config -f "$d/many.conf"
t_eq "many errors: 20 shown and a count" 21 "$(printf '%s\n' "$err" | wc -l)"
t_eq "many errors: the count" "ctr-config: and 10 more errors" "$(printf '%s\n' "$err" | tail -n1)"

# --- usage -----------------------------------------------------------------------
run ctr-config
t_eq "no arguments: exit 2" 2 "$rc"
run ctr-config -n a -f b
t_eq "-n and -f: exit 2" 2 "$rc"
run ctr-config --bogus
t_eq "unknown option: exit 2" 2 "$rc"
run ctr-config -f "$d/seed.conf" extra
t_eq "extra argument: exit 2" 2 "$rc"
t_match "extra argument named" "unexpected argument 'extra'" "$err"
run ctr-config -h
t_eq "-h: exit 0" 0 "$rc"
t_match "-h: usage on stdout" '^usage: ctr-config' "$out"

# --- limits: include fan-out and size ------------------------------------------
# fan-N includes fan-(N+1) four times: ten deep is a million reads, fourteen
# never ended before the limit
mkdir -p "$d/fan"
for i in $(seq 0 13); do
	printf 'lxc.include = fan-%d.conf\n' $((i + 1)) $((i + 1)) $((i + 1)) $((i + 1)) \
		>"$d/fan/fan-$i.conf"
done
echo "lxc.tty.max = 1" >"$d/fan/fan-14.conf"
for top in 4 0; do
	run timeout 10 ctr-config -f "$d/fan/fan-$top.conf"
	t_eq "fan-out $((14 - top)) deep: exit 1, at once" 1 "$rc"
	t_match "fan-out $((14 - top)) deep: names the include that went over, at its line" \
		"^ctr-config: $d/fan/fan-[0-9]+\.conf:[1-4]: include '$d/fan/fan-[0-9]+\.conf' goes over 256 files read" "$err"
done
run ctr-config -f "$d/fan/fan-11.conf"
t_eq "fan-out 3 deep (85 files): valid" 0 "$rc"
yes '# thirty-two bytes of a comment.' | head -n $((4 * 1024 * 1024 / 32 + 1)) >"$d/big.conf"
printf 'lxc.uts.name = big\nlxc.include = big.conf\n' >"$d/with-big.conf"
run ctr-config -f "$d/with-big.conf"
t_eq "an include over 4 MiB: exit 1" 1 "$rc"
t_match "and its name and line" "with-big\.conf:2: include '$d/big\.conf' goes over 4194304 bytes" "$err"

# --- the man page covers every key -----------------------------------------------
man5=$T_TOP/man/ctr.conf.5
if command -v man >/dev/null; then
	page=$(MANWIDTH=300 LC_ALL=C.UTF-8 man -l "$man5" 2>/dev/null | col -b)
	missing=""
	n=0
	while IFS=$'\t' read -r modern legacy kind _; do
		n=$((n + 1))
		for k in $modern $legacy; do
			[ "$k" = - ] || grep -qF -- "$k" <<<"$page" || missing="$missing $k"
		done
	done < <(ctr-config --keys)
	t_ok "--keys lists the keys (at least 90)" [ "$n" -ge 90 ]
	# ctr has a monitor process (ctr-start without -F): no reason may deny it
	t_nomatch "--keys: no reason says ctr has no monitor" "no monitor process" \
		"$(ctr-config --keys)"
	t_eq "ctr.conf(5) names every key ctr-config --keys lists" "" "$missing"
else
	t_skip "ctr.conf(5) names every key" "man is not installed"
fi

t_done
