#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A packager's dry run: `make install DESTDIR=... PREFIX=/usr` after a build
# with the packager's own CFLAGS puts every file where Debian and Gentoo
# expect it; a second install with another PREFIX rebuilds what names the
# paths (no stale /usr/local in the binaries) and the installed binaries find
# their data; `make uninstall` leaves the staging tree as it was.  Builds in
# its own build dir, so the tree's build/ is not touched.
. "$(dirname "$0")/../lib.sh"
t_require_cmd make
t_require_cmd cc

tmp=$(t_tmpdir)
b=$tmp/build stage=$tmp/stage
mkdir -p "$stage/usr/bin"
echo marker >"$stage/usr/bin/not-ours"
before=$(cd "$stage" && find . | sort)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$CTR_TOP" -j2 B="$b" "$@"; }

pc_var() { pkg-config --variable="$2" "$1" 2>/dev/null; }
unitdir=$(pc_var systemd systemdsystemunitdir); unitdir=${unitdir:-/usr/lib/systemd/system}
compdir=$(pc_var bash-completion completionsdir); compdir=${compdir:-/usr/share/bash-completion/completions}

if mk CFLAGS="-O1 -pipe" PREFIX=/usr DESTDIR="$stage" install >"$tmp/install.log" 2>&1; then
	t_pass "make install with CFLAGS on the command line"
else
	t_fail "make install with CFLAGS on the command line" "$(tail -n 5 "$tmp/install.log")"
fi
t_ok "the packager's CFLAGS reach the compiler" grep -q -- '-O1 -pipe' "$tmp/install.log"
t_ok "the project's own flags are kept" grep -q -- '-std=gnu11' "$tmp/install.log"

for f in /usr/bin/ctr-checkconfig /usr/bin/ctr-config /usr/bin/ctr-ls \
	/usr/sbin/ctr-start /usr/sbin/ctr-stop /usr/sbin/ctr-attach /usr/sbin/ctr-console \
	/usr/sbin/ctr-info /usr/sbin/ctr-autostart /usr/sbin/ctr-netsetup \
	/usr/share/ctr/checkconfig.rules "$unitdir/ctr@.service" /etc/init.d/ctr \
	"$compdir/ctr-start" "$compdir/ctr-checkconfig" \
	/usr/share/man/man5/ctr.conf.5 /usr/share/man/man8/ctr-start.8; do
	t_ok "installed: $f" test -f "$stage$f"
done
t_ok "the OpenRC script is executable" test -x "$stage/etc/init.d/ctr"
t_ok "the unit names the installed ctr-start" grep -q '^ExecStart=/usr/sbin/ctr-start ' "$stage$unitdir/ctr@.service"
t_ok "the OpenRC script's PATH names /usr/sbin" grep -q '/usr/sbin' "$stage/etc/init.d/ctr"
t_ok "the binaries name /usr/share/ctr" grep -q '/usr/share/ctr' "$stage/usr/bin/ctr-checkconfig"
t_not "no /usr/local left in the binaries" grep -q '/usr/local/share' "$stage/usr/bin/ctr-checkconfig"
t_nomatch "nothing installed outside the staging tree's usual places" \
	'^\./(usr/local|opt|home)' "$(cd "$stage" && find . | sort)"

# The completion names every command and completes options from --help.
out=$(PATH=$stage/usr/bin:$stage/usr/sbin:$PATH bash -c '
	. "$1"; COMP_WORDS=(ctr-stop --t); COMP_CWORD=1; _ctr; echo "${COMPREPLY[*]}"
	complete -p ctr-start' _ "$stage$compdir/ctr-stop" 2>&1)
t_match "bash completion: ctr-stop --t completes --timeout" '^--timeout$' "$(printf '%s\n' "$out" | head -n 1)"
t_match "bash completion: registered for ctr-start" 'complete -F _ctr ctr-start' "$out"

# Installed for real under another prefix: the build follows the new paths.
p=$tmp/prefix
if mk CFLAGS="-O1 -pipe" PREFIX="$p" SYSTEMDUNITDIR="$p/lib/systemd/system" OPENRCDIR="$p/etc/init.d" \
	BASHCOMPDIR="$p/share/bash-completion/completions" install >"$tmp/install2.log" 2>&1; then
	t_pass "a second install under another PREFIX"
else
	t_fail "a second install under another PREFIX" "$(tail -n 5 "$tmp/install2.log")"
fi
t_ok "changing PREFIX rebuilt what names the data dir" grep -q 'checkconfig/checkconfig.c' "$tmp/install2.log"
kc=$(ls "$CTR_SHARED"/kconfigs/*.config | head -n 1)
rc=0; (unset CTR_DATADIR; "$p/bin/ctr-checkconfig" -q -c "$kc") >"$tmp/cc.out" 2>&1 || rc=$?
t_ok "the installed ctr-checkconfig finds its rules under the new prefix (exit $rc)" \
	test "$rc" -lt 2
mk PREFIX="$p" uninstall >/dev/null 2>&1
t_eq "uninstall under the other prefix removes it all" "" "$(find "$p" -mindepth 1 2>/dev/null)"

if mk PREFIX=/usr DESTDIR="$stage" uninstall >"$tmp/uninstall.log" 2>&1; then
	t_pass "make uninstall"
else
	t_fail "make uninstall" "$(tail -n 5 "$tmp/uninstall.log")"
fi
t_eq "uninstall leaves the staging tree as it was" "$before" "$(cd "$stage" && find . | sort)"
t_eq "a file that was not installed stays" marker "$(cat "$stage/usr/bin/not-ours")"
out=$(mk PREFIX=/usr DESTDIR="$stage" uninstall 2>&1)
t_match "a second uninstall says there is nothing to remove" "nothing was installed here" "$out"
t_done
