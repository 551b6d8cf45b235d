#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# seccomp: the built-in default policy and LXC's common.seccomp on a
# busybox container (Seccomp: 2, open_by_handle_at EPERM, keyctl ENOSYS
# under the default only), the very filter LXC 5 loads for
# common.seccomp, "none" and an empty value (a warning, no filter),
# profile errors (file:line, nothing started, nothing left), ctr-attach
# under the container's filter, lxc.no_new_privs, the program cache (a
# planted file ignored, seccomp.bpf a link of the cache file, no
# libseccomp probe on a hit).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup c
probe=$CTR_BUILD/tests/helpers/seccomp-probe-static
dump=$CTR_BUILD/tests/helpers/seccomp-dump
[ -x "$probe" ] && [ -x "$dump" ] || t_skip_all "no test helpers (run make tests-build)"
cp "$probe" "$S_ROOTFS/seccomp-probe"
common=$T_TOP/tests/unit/data/common.seccomp

# The issue's default config: rootfs and uts name only, plus @extra lines.
conf() {
	local f=$S_TMP/$1.conf; shift
	start_min_conf "$f" "$S_NAME" "$@"
	echo "$f"
}
# run CONF: the probe under PID 1's status, stdout and stderr together.
run() {
	ctr-start -F -n "$S_NAME" -f "$1" -- /bin/sh -c \
		'grep -E "^(Seccomp|NoNewPrivs):" /proc/1/status; /seccomp-probe' </dev/null 2>&1
}

out=$(run "$(conf default)"); rc=$?
t_eq "default policy: the container runs" 0 $rc
t_match "default policy: a filter (Seccomp: 2)" "Seccomp:[[:space:]]+2" "$out"
t_match "default policy: open_by_handle_at fails with EPERM" "open_by_handle_at EPERM" "$out"
t_match "default policy: keyctl fails with ENOSYS" "keyctl ENOSYS" "$out"
t_match "default policy: no_new_privs is off" "NoNewPrivs:[[:space:]]+0" "$out"
if [ "$(uname -m)" = x86_64 ]; then
	t_match "default policy: open_by_handle_at through i386 fails with EPERM" \
		"open_by_handle_at/i386 EPERM" "$out"
	t_match "default policy: keyctl through i386 fails with ENOSYS" "keyctl/i386 ENOSYS" "$out"
	t_match "default policy: open_by_handle_at through x32 fails with EPERM" \
		"open_by_handle_at/x32 EPERM" "$out"
else
	t_skip "default policy: the compat ABIs" "not an x86_64 host"
fi
t_nomatch "default policy: no warning" "warning" "$out"

out=$(run "$(conf common "lxc.seccomp.profile = $common")"); rc=$?
t_eq "common.seccomp: the container runs" 0 $rc
t_match "common.seccomp: a filter (Seccomp: 2)" "Seccomp:[[:space:]]+2" "$out"
t_match "common.seccomp: open_by_handle_at fails with EPERM" "open_by_handle_at EPERM" "$out"
t_match "common.seccomp: keyctl reaches the kernel" "keyctl ok" "$out"
[ "$(uname -m)" = x86_64 ] &&
	t_match "common.seccomp: open_by_handle_at through i386 fails with EPERM" \
		"open_by_handle_at/i386 EPERM" "$out"

for v in none ""; do
	out=$(run "$(conf off "lxc.seccomp.profile = $v")"); rc=$?
	t_eq "profile '$v': the container runs" 0 $rc
	t_match "profile '$v': a warning naming the line" \
		"warning: .*off.conf:3: seccomp is off: the container runs without a system call filter" "$out"
	t_match "profile '$v': no filter (Seccomp: 0)" "Seccomp:[[:space:]]+0" "$out"
	t_match "profile '$v': open_by_handle_at reaches the kernel" "open_by_handle_at ok" "$out"
	t_nomatch "profile '$v': so does the i386 one" "open_by_handle_at/i386 EPERM" "$out"
done
out=$(run "$(conf legacy "lxc.seccomp = none")")
t_match "the legacy key lxc.seccomp = none" "Seccomp:[[:space:]]+0" "$out"

out=$(run "$(conf nocaps "lxc.cap.keep = none")")
t_match "with every capability dropped the filter still loads" "Seccomp:[[:space:]]+2" "$out"
t_match "and answers" "keyctl ENOSYS" "$out"

out=$(run "$(conf nnp "lxc.no_new_privs = 1")")
t_match "lxc.no_new_privs = 1 sets it" "NoNewPrivs:[[:space:]]+1" "$out"
t_match "and the filter is there too" "Seccomp:[[:space:]]+2" "$out"

# A runtime confined already: LXC's rule (no filter of its own, a
# warning), unless lxc.seccomp.allow_nesting = 1 stacks it.
runf() {
	"$probe" --under-filter ctr-start -F -n "$S_NAME" -f "$1" -- /bin/sh -c \
		'grep -E "^Seccomp_filters:" /proc/1/status; /seccomp-probe' </dev/null 2>&1
}
out=$(runf "$(conf nest)")
t_match "under a filter already: a warning" \
	"warning: .*nest.conf: the runtime runs under a seccomp filter already" "$out"
t_match "and only the runtime's filter" "Seccomp_filters:[[:space:]]+1" "$out"
t_match "so keyctl reaches the kernel" "keyctl ok" "$out"
out=$(runf "$(conf nest1 "lxc.seccomp.allow_nesting = 1")")
t_match "allow_nesting = 1 stacks the container's filter" "Seccomp_filters:[[:space:]]+2" "$out"
t_match "keyctl fails with ENOSYS" "keyctl ENOSYS" "$out"
t_nomatch "without a warning" "warning" "$out"

# Errors in a profile: its file and line, exit 125, nothing left.
printf '2\ndenylist\nkexec_load errno 1\nmount errno one\n' >"$S_TMP/syntax.seccomp"
out=$(run "$(conf syntax "lxc.seccomp.profile = syntax.seccomp")"); rc=$?
t_eq "a syntax error exits 125" 125 $rc
t_match "naming the profile's file and line and the reason" \
	"ctr-start: $S_TMP/syntax.seccomp:4: invalid number 'one' after 'errno'" "$out"
t_nomatch "the container did not run" "Seccomp:" "$out"
t_eq "nothing left after a syntax error" "" "$(start_leftovers "$S_NAME")"
out=$(ctr-config -f "$S_TMP/syntax.conf" 2>&1); rc=$?
t_eq "ctr-config reports it too" "1 ctr-config: $S_TMP/syntax.seccomp:4: invalid number 'one' after 'errno' (0 to 4095)" "$rc $out"

printf '2\nallowlist\nread\nwrite kill\n' >"$S_TMP/compile.seccomp"
out=$(run "$(conf compile "lxc.seccomp.profile = compile.seccomp")"); rc=$?
t_eq "a rule libseccomp refuses exits 125" 125 $rc
t_match "naming the profile's line and why" \
	"compile.seccomp:4: cannot add the rule for 'write' \(action kill\) .*\(the same action as the policy's default\)" "$out"
t_eq "nothing left after it" "" "$(start_leftovers "$S_NAME")"
t_match "ctr-config reports it too" "compile.seccomp:4: cannot add the rule for 'write'" \
	"$(ctr-config -f "$S_TMP/compile.conf" 2>&1)"

out=$(run "$(conf missing "lxc.seccomp.profile = /nonexistent/ctrt$T_ID.seccomp")"); rc=$?
t_eq "a missing profile exits 125" 125 $rc
t_match "naming the config line and the file" \
	"missing.conf:3: cannot read seccomp profile '/nonexistent/ctrt$T_ID.seccomp' \(No such file or directory\)" "$out"
t_eq "nothing left after a missing profile" "" "$(start_leftovers "$S_NAME")"

printf '2\ndenylist\n[all]\nkexec_load errno 1\n[sparc64]\nmount\n' >"$S_TMP/arch.seccomp"
out=$(run "$(conf arch "lxc.seccomp.profile = arch.seccomp")"); rc=$?
t_eq "an unknown architecture section exits 125" 125 $rc
t_match "naming file, line and section" "arch.seccomp:5: unknown architecture section '\[sparc64\]'" "$out"

printf '2\ndenylist\nopen_by_handle_at errno 1\nkeyctl_typo errno 38\n' >"$S_TMP/typo.seccomp"
out=$(run "$(conf typo "lxc.seccomp.profile = typo.seccomp")"); rc=$?
t_eq "an unknown system call name is not an error (as LXC)" 0 $rc
t_match "but a warning naming file and line" \
	"warning: $S_TMP/typo.seccomp:4: unknown system call 'keyctl_typo' ignored" "$out"
t_match "and the rest applies" "open_by_handle_at EPERM" "$out"

# A background container: the saved filter, ctr-attach under it, and the
# very program LXC 5 loads for common.seccomp.
c=$(conf bg "lxc.seccomp.profile = $common" "lxc.init.cmd = /bin/sleep 1000")
ctr-start -d -n "$S_NAME" -f "$c" </dev/null
t_eq "a background start under common.seccomp" 0 $?
t_defer "ctr-stop -n '$S_NAME' -k"
bpf=$CTR_RUNDIR/$S_NAME/seccomp.bpf
t_eq "the filter is saved in the run dir, mode 0600" "600 root" "$(stat -c '%a %U' "$bpf" 2>&1)"
t_eq "saved as a hard link of the cached program (no copy written)" 1 \
	"$(find "$CTR_RUNDIR" -maxdepth 1 -name '.seccomp-*.bpf' -samefile "$bpf" | wc -l)"
pid=$(sed -n 's/^pid=//p' "$CTR_RUNDIR/$S_NAME/state")
t_ok "the init runs the saved filter" cmp <("$dump" "$pid") "$bpf"
out=$(ctr-attach -n "$S_NAME" -- /bin/sh -c 'grep ^Seccomp: /proc/self/status; /seccomp-probe' 2>&1)
t_match "an attached command has the filter" "Seccomp:[[:space:]]+2" "$out"
t_match "and gets EPERM from open_by_handle_at" "open_by_handle_at EPERM" "$out"
ctr-stop -n "$S_NAME" -t 0 >/dev/null 2>&1
t_eq "the saved filter goes with the run dir" "" "$(start_leftovers "$S_NAME")"

if command -v lxc-execute >/dev/null && [ -r /usr/share/lxc/config/common.seccomp ]; then
	ln="ctrt${T_ID}l"
	mkdir -p "$S_TMP/lxc/$ln"
	cat >"$S_TMP/lxc/$ln/config" <<-EOF
		lxc.uts.name = $ln
		lxc.rootfs.path = dir:$S_ROOTFS
		lxc.net.0.type = empty
		lxc.mount.auto = proc:mixed sys:mixed
		lxc.tty.max = 0
		lxc.apparmor.profile = unconfined
		lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp
	EOF
	rm -f "$S_ROOTFS/lxc-ready"
	timeout 60 lxc-execute -P "$S_TMP/lxc" -n "$ln" -- /bin/sh -c 'touch /lxc-ready; exec sleep 30' \
		</dev/null >"$S_TMP/lxc.log" 2>&1 &
	lxc_job=$!
	t_defer "kill $lxc_job; lxc-stop -P '$S_TMP/lxc' -n '$ln' -k"
	for i in $(seq 200); do [ -e "$S_ROOTFS/lxc-ready" ] && break; sleep 0.05; done
	lpid=""
	for p in $(start_pids); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ] && lpid=$p
	done
	ctr-start -d -n "$S_NAME" -f "$c" </dev/null
	pid=$(sed -n 's/^pid=//p' "$CTR_RUNDIR/$S_NAME/state")
	if [ -n "$lpid" ]; then
		"$dump" "$lpid" >"$S_TMP/lxc.bpf"
		"$dump" "$pid" >"$S_TMP/ctr.bpf"
		t_ok "common.seccomp: ctr loads the very program LXC 5 loads" \
			cmp "$S_TMP/lxc.bpf" "$S_TMP/ctr.bpf"
	else
		t_skip "common.seccomp: ctr loads the very program LXC 5 loads" \
			"lxc-execute did not start: $(head -c 200 "$S_TMP/lxc.log")"
	fi
	ctr-stop -n "$S_NAME" -t 0 >/dev/null 2>&1
	kill "$lxc_job" 2>/dev/null
	wait "$lxc_job" 2>/dev/null
else
	t_skip "common.seccomp: ctr loads the very program LXC 5 loads" "no lxc-execute or common.seccomp"
fi
# --- compiled programs cached in the run dir ------------------------------------
# The default policy's program was compiled by the first start above and
# kept as CTR_RUNDIR/.seccomp-KEY.bpf; common.seccomp has its own key.
cached=$(ls "$CTR_RUNDIR"/.seccomp-*.bpf 2>/dev/null | wc -l)
t_ok "compiled programs are kept in the run dir, one per policy ($cached)" [ "$cached" -ge 2 ]
t_nomatch "the cache holds no temporary file" "\.bpf\.[0-9]" "$(ls -a "$CTR_RUNDIR")"
# a start that finds its program in the cache does not have libseccomp
# probe the kernel (eleven seccomp(2) calls): the seccomp(2) calls left are
# the runtime's own check and the filter itself
if command -v strace >/dev/null; then
	strace -f -qq -o "$S_TMP/hit.strace" -e trace=seccomp \
		ctr-start -F -n "$S_NAME" -f "$(conf hit)" -- /bin/true </dev/null >/dev/null 2>&1
	t_eq "a cache hit: two seccomp(2) calls, no libseccomp probe" \
		"SECCOMP_GET_ACTION_AVAIL SECCOMP_SET_MODE_FILTER" \
		"$(grep -o 'seccomp(SECCOMP_[A-Z_]*' "$S_TMP/hit.strace" | sed 's/seccomp(//' | xargs)"
else
	t_skip "a cache hit: two seccomp(2) calls, no libseccomp probe" "no strace"
fi
# a changed profile file is compiled anew, not read from the cache
sed 's/^open_by_handle_at errno 1$/open_by_handle_at errno 13/' "$common" >"$S_TMP/changed.seccomp"
if ! cmp -s "$common" "$S_TMP/changed.seccomp"; then
	out=$(run "$(conf changed "lxc.seccomp.profile = $S_TMP/changed.seccomp")")
	t_match "a changed profile is compiled anew (open_by_handle_at now EACCES)" \
		"open_by_handle_at EACCES" "$out"
else
	t_skip "a changed profile is compiled anew" "common.seccomp has no 'open_by_handle_at errno 1' line"
fi
# a cached program anyone could have written is not used: an allow-all
# filter planted under every cached name, group- and world-writable
for f in "$CTR_RUNDIR"/.seccomp-*.bpf; do
	printf '\x06\x00\x00\x00\x00\x00\xff\x7f' >"$f" && chmod 0666 "$f"
done
out=$(run "$(conf default2)")
t_match "a cache file others could write is ignored: open_by_handle_at still EPERM" \
	"open_by_handle_at EPERM" "$out"
for f in "$CTR_RUNDIR"/.seccomp-*.bpf; do
	printf '\x06\x00\x00\x00\x00\x00\xff\x7f' >"$f" && chmod 0600 "$f" && chown 65534 "$f"
done
out=$(run "$(conf default3)")
t_match "a cache file of another owner is ignored: open_by_handle_at still EPERM" \
	"open_by_handle_at EPERM" "$out"
# and the program saved for ctr-attach is not the planted one either
printf '\x06\x00\x00\x00\x00\x00\xff\x7f' >"$S_TMP/allow-all.bpf"
for f in "$CTR_RUNDIR"/.seccomp-*.bpf; do
	cp "$S_TMP/allow-all.bpf" "$f" && chmod 0666 "$f"
done
ctr-start -d -n "$S_NAME" -f "$(conf bg2 "lxc.init.cmd = /bin/sleep 1000")" </dev/null
t_eq "a background start past a planted cache file" 0 $?
t_not "its saved filter is not the planted program" cmp -s "$S_TMP/allow-all.bpf" "$bpf"
out=$(ctr-attach -n "$S_NAME" -- /seccomp-probe 2>&1)
t_match "an attached command past a planted cache file: open_by_handle_at EPERM" \
	"open_by_handle_at EPERM" "$out"
ctr-stop -n "$S_NAME" -t 0 >/dev/null 2>&1
rm -f "$CTR_RUNDIR"/.seccomp-*.bpf
t_done
