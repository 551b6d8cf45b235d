#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lxc.apparmor.profile on a host that enforces AppArmor (the VM matrix's
# Debian kernel): unconfined runs, a named profile is entered at the init's
# exec (when apparmor_parser can load one), a profile that is not loaded
# fails the start and leaves nothing, generated makes, loads and unloads
# the container's own profile from LXC's rules.  Without AppArmor every value runs unconfined (config-cli checks
# the note).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] ||
	t_skip_all "AppArmor is not enabled on this kernel (the VM matrix's Debian kernel has it)"
start_setup a

conf() {
	printf 'lxc.uts.name = aa\nlxc.rootfs.path = dir:%s\nlxc.apparmor.profile = %s\n' \
		"$S_ROOTFS" "$1" >"$S_TMP/a.conf"
}
run() { ctr-start -F -n "$S_NAME" -f "$S_TMP/a.conf" -- /bin/sh -c "$1" </dev/null 2>"$S_TMP/err"; }

# (the init reads its own label through a child: a shell that exec'd cat
# would be cat, in a complain profile its learning child)
conf unconfined
t_eq "unconfined: the init runs unconfined" "unconfined" "$(run 'cat /proc/1/attr/current; :')"

conf "ctrt-not-loaded-$T_ID"
out=$(run 'echo init-ran')
t_eq "a profile that is not loaded: the start fails" "125 " "$? $out"
t_match "and says which profile" "cannot confine the init to the AppArmor profile 'ctrt-not-loaded-$T_ID'" \
	"$(cat "$S_TMP/err")"
t_eq "and leaves nothing" "" "$(start_leftovers "$S_NAME")"

# generated: the container's own profile, loaded for it and gone after
conf generated
t_ok "generated: accepted by ctr-config" ctr-config -f "$S_TMP/a.conf"
gen="ctr-${S_NAME}_<$CTR_RUNDIR>"
loaded() { grep -qF "$gen (" /sys/kernel/security/apparmor/profiles; }
if ! command -v apparmor_parser >/dev/null; then
	t_skip "generated: the init runs under the container's own profile" "no apparmor_parser (Debian package apparmor)"
elif [ ! -r /etc/apparmor.d/abstractions/lxc/container-base ]; then
	t_skip "generated: the init runs under the container's own profile" "no LXC AppArmor abstractions (Debian package lxc)"
else
	t_defer "printf 'profile \"%s\" {\n}\n' '$gen' | apparmor_parser -q -R"
	t_eq "generated: the init runs under the container's own profile" "$gen (enforce)" \
		"$(run 'cat /proc/1/attr/current; :')"
	t_not "generated: the profile is unloaded once the container is gone" loaded
	t_eq "generated: nothing left (its file either)" "" "$(start_leftovers "$S_NAME"; ls "$CTR_RUNDIR")"
	printf 'lxc.apparmor.raw = deny /etc/ctrt-secret r,\n' >>"$S_TMP/a.conf"
	echo secret >"$S_ROOTFS/etc/ctrt-secret"
	t_eq "generated: lxc.apparmor.raw rules are in it" "denied" \
		"$(run 'cat /etc/ctrt-secret >/dev/null 2>&1 && echo read || echo denied')"
	conf generated
	printf 'lxc.apparmor.allow_nesting = 1\n' >>"$S_TMP/a.conf"
	t_eq "generated with nesting: runs under it" "$gen (enforce)" "$(run 'cat /proc/1/attr/current; :')"
	conf generated
	ctr-start -d -n "$S_NAME" -f "$S_TMP/a.conf" -- /bin/sleep 600 </dev/null 2>"$S_TMP/err"
	t_eq "generated, in the background: starts" "0 " "$? $(cat "$S_TMP/err")"
	t_ok "generated, in the background: loaded while it runs" loaded
	ctr-stop -n "$S_NAME" -k
	t_not "generated, in the background: unloaded by the stop" loaded
	# without apparmor_parser (/usr/sbin left out of PATH)
	out=$(PATH="$(dirname "$(command -v ctr-start)"):/usr/bin:/bin" \
		ctr-start -F -n "$S_NAME" -f "$S_TMP/a.conf" -- true </dev/null 2>&1)
	t_eq "generated without apparmor_parser: the start fails" 125 "$?"
	t_match "and says what is missing, at the line" "a.conf:3: cannot use a generated AppArmor profile: apparmor_parser is not installed" "$out"
	t_eq "and leaves nothing" "" "$(start_leftovers "$S_NAME"; ls "$CTR_RUNDIR")"
fi

if command -v apparmor_parser >/dev/null && [ -w /sys/kernel/security/apparmor/.load ]; then
	p=ctrt-aa-$T_ID
	printf 'profile %s flags=(complain) {\n}\n' "$p" | apparmor_parser -q -a &&
		t_defer "printf 'profile %s {\n}\n' '$p' | apparmor_parser -q -R"
	conf "$p"
	t_eq "a loaded profile: the init runs under it" "$p (complain)" "$(run 'cat /proc/1/attr/current; :')"
else
	t_skip "a loaded profile: the init runs under it" "no apparmor_parser or securityfs to load a profile"
fi
t_done
