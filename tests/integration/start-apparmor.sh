#!/usr/bin/env bash
# lxc.apparmor.profile on a host that enforces AppArmor (the VM matrix's
# Debian kernel): unconfined runs, a named profile is entered at the init's
# exec (when apparmor_parser can load one), a profile that is not loaded
# fails the start and leaves nothing, generated is refused with what to
# write.  Without AppArmor every value runs unconfined (config-cli checks
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

conf unconfined
t_eq "unconfined: the init runs unconfined" "unconfined" "$(run 'cat /proc/1/attr/current')"

conf "ctrt-not-loaded-$T_ID"
out=$(run 'echo init-ran')
t_eq "a profile that is not loaded: the start fails" "125 " "$? $out"
t_match "and says which profile" "cannot confine the init to the AppArmor profile 'ctrt-not-loaded-$T_ID'" \
	"$(cat "$S_TMP/err")"
t_eq "and leaves nothing" "" "$(start_leftovers "$S_NAME")"

conf generated
t_not "generated: refused by ctr-config" ctr-config -f "$S_TMP/a.conf"
t_match "generated: says what to write instead" "lxc-container-default-cgns" \
	"$(ctr-config -f "$S_TMP/a.conf" 2>&1)"

if command -v apparmor_parser >/dev/null && [ -w /sys/kernel/security/apparmor/.load ]; then
	p=ctrt-aa-$T_ID
	printf 'profile %s flags=(complain) {\n}\n' "$p" | apparmor_parser -q -a &&
		t_defer "printf 'profile %s {\n}\n' '$p' | apparmor_parser -q -R"
	conf "$p"
	t_eq "a loaded profile: the init runs under it" "$p (complain)" "$(run 'cat /proc/1/attr/current')"
else
	t_skip "a loaded profile: the init runs under it" "no apparmor_parser or securityfs to load a profile"
fi
t_done
