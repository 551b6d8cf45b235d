#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden: every real config in $CTR_SHARED/kconfigs against the verdicts
# written by hand in tests/golden/checkconfig/NAME.expected ("version V",
# "exit N", then "ID STATE OPTION" per check shown, in rules order; OPTION is
# the option that decided, "-" when none did).
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq
dir=${CTR_SHARED:-}/kconfigs
[ -d "$dir" ] || t_skip_all "no shared kconfigs at '$dir'"
exp_dir=$T_TOP/tests/golden/checkconfig
tmp=$(t_tmpdir)

verdicts() { # FILE [ARGS...]: the same shape as the .expected files
	local f=$1 json rc; shift
	json=$(ctr-checkconfig --json -c "$f" "$@" 2>/dev/null); rc=$?
	jq -r '"version \(.kernel.version // "unknown")"' <<<"$json"
	echo "exit $rc"
	jq -r '.checks[] | "\(.id) \(.state) \(.option // "-")"' <<<"$json"
}

golden() { # NAME CONFIG EXPECTED: the verdicts against the hand-written file
	local d
	verdicts "$2" >"$tmp/$1.actual"
	if d=$(diff -u <(grep -v '^#' "$3") "$tmp/$1.actual"); then
		t_pass "$1: every check as written by hand"
	else
		t_fail "$1: verdicts differ"
		printf '%s\n' "$d" | sed 's/^/# /'
	fi
}

n=0
for cfg in "$dir"/*.config; do
	name=$(basename "$cfg" .config)
	exp=$exp_dir/$name.expected
	n=$((n + 1))
	if [ ! -f "$exp" ]; then
		t_fail "$name" "no hand-written $exp"
		continue
	fi
	golden "$name" "$cfg" "$exp"
done
t_ok "all 12 shared configs were checked" [ "$n" -ge 12 ]

# Our own cgroup v2-only kernel (as openSUSE builds 6.18): its verdicts by
# hand, exit 0, and each v1-only controller "ok (cgroup v2)" with its note.
v2c=$exp_dir/6.18.0-v2only.config
golden 6.18.0-v2only "$v2c" "$exp_dir/6.18.0-v2only.expected"
out=$(ctr-checkconfig --no-color -c "$v2c" 2>&1)
t_match "v2-only: device controller ok (cgroup v2)" "^Device controller: +ok \\(cgroup v2\\)$" "$out"
t_match "v2-only: freezer ok (cgroup v2)" "^Freezer controller: +ok \\(cgroup v2\\)$" "$out"
t_match "v2-only: cpu accounting ok (cgroup v2)" "^CPU accounting controller: +ok \\(cgroup v2\\)$" "$out"
t_match "v2-only: the note says what v1-only hosts lack" "note: device control is an eBPF program.*a host without cgroup v2 has no device controller" "$out"
t_nomatch "v2-only: nothing required is missing" "required" "$out"
# Neither route: the same kernel without CGROUP_BPF fails the devices check,
# and a 5.1 kernel has no cgroup.freeze.
sed 's/^CONFIG_CGROUP_BPF=y/# CONFIG_CGROUP_BPF is not set/' "$v2c" >"$tmp/nobpf.config"
j=$(ctr-checkconfig --json -c "$tmp/nobpf.config" 2>/dev/null); rc=$?
t_eq "v2-only without CGROUP_BPF: devices missing and failing" "missing true 1" \
	"$(jq -r '.checks[] | select(.id=="CGROUP_DEVICE") | "\(.state) \(.fails)"' <<<"$j") $rc"
j=$(ctr-checkconfig --json -k 5.1 -c "$v2c" 2>/dev/null)
t_eq "v2-only as 5.1: the freezer has no v2 route" "missing true" \
	"$(jq -r '.checks[] | select(.id=="CGROUP_FREEZER") | "\(.state) \(.fails)"' <<<"$j")"
t_eq "v2-only as 5.1: no MEMCG_V1 check before 6.11" "" \
	"$(jq -r '.checks[] | select(.id=="MEMCG_V1") | .id' <<<"$j")"
# --format nfd: one ctr.KEY=VALUE a line, every check there, the v2 routes
# true; no host keys for a foreign config, unless --host.
nfd=$(ctr-checkconfig --format nfd -c "$v2c" 2>/dev/null); rc=$?
t_eq "nfd: exit 0" 0 "$rc"
t_eq "nfd: only comments and ctr.KEY=VALUE lines" "" \
	"$(grep -Ev '^(#.*|ctr\.[a-z0-9_.-]+=[A-Za-z0-9_.-]+)$' <<<"$nfd")"
t_eq "nfd: one kernel key per check" "$(jq '.checks | length' < <(ctr-checkconfig --json -c "$v2c" 2>/dev/null))" \
	"$(grep -c '^ctr\.kernel\.[a-z0-9_]*=\(true\|false\)$' <<<"$nfd")"
t_match "nfd: version" "^ctr\.kernel\.version=6\.18\.0$" "$nfd"
t_match "nfd: user_ns" "^ctr\.kernel\.user_ns=true$" "$nfd"
t_match "nfd: the device controller through cgroup v2" "^ctr\.kernel\.cgroup_device=true$" "$nfd"
t_match "nfd: ok" "^ctr\.checkconfig\.ok=true$" "$nfd"
t_nomatch "nfd: no host keys for a foreign config" "^ctr\.cgroup\." "$nfd"
t_match "nfd --host: the layout" "^ctr\.cgroup\.layout=(none|v1|hybrid|v2)$" \
	"$(ctr-checkconfig --format nfd --host -c "$v2c" 2>/dev/null)"
nfd=$(ctr-checkconfig --format nfd -c "$tmp/nobpf.config" 2>/dev/null)
t_match "nfd: devices without a route false" "^ctr\.kernel\.cgroup_device=false$" "$nfd"
t_match "nfd: not ok" "^ctr\.checkconfig\.ok=false$" "$nfd"
ctr-checkconfig --format yaml -c "$v2c" >/dev/null 2>"$tmp/err"; rc=$?
t_eq "--format yaml: usage error" 2 "$rc"
t_match "--format yaml: says which formats" "want text, json or nfd" "$(cat "$tmp/err")"

# A kernel from before 2.6.33 is asked for file capabilities.
printf '# Linux/x86 2.6.32 Kernel Configuration\nCONFIG_NAMESPACES=y\n' >"$tmp/old.config"
j=$(ctr-checkconfig --json -c "$tmp/old.config" 2>/dev/null)
t_eq "2.6.32: file capabilities asked for" "missing SECURITY_FILE_CAPABILITIES" \
	"$(jq -r '.checks[] | select(.id=="FILE_CAPS") | "\(.state) \(.option)"' <<<"$j")"
printf '# Linux/x86 2.6.32 Kernel Configuration\nCONFIG_SECURITY_FILE_CAPABILITIES=y\n' >"$tmp/old.config"
t_eq "2.6.32 with them: enabled" "enabled" \
	"$(ctr-checkconfig --json -c "$tmp/old.config" 2>/dev/null | jq -r '.checks[] | select(.id=="FILE_CAPS") | .state')"

# 3.11.7-coreos: no USER_NS, XFS_FS=y: the constraint names XFS_FS and only
# XFS_FS (NFS_FS=y blocked USER_NS only before 3.10).
c311=$dir/3.11.7-coreos.config
out=$(ctr-checkconfig --no-color -c "$c311" 2>&1)
t_match "3.11: constraint names XFS_FS" "User namespace constraints: +should be off: CONFIG_XFS_FS=y$" "$out"
t_nomatch "3.11: NFS_FS not named" "CONFIG_NFS_FS" "$out"
t_match "3.11: USER_NS missing, not required" "User namespace: +missing \\(CONFIG_USER_NS\\)$" "$out"
j=$(ctr-checkconfig --json -c "$c311" 2>/dev/null)
t_eq "3.11: USER_NS a problem, not a failure" "false false" \
	"$(jq -r '.checks[] | select(.id=="USER_NS") | "\(.ok) \(.fails)"' <<<"$j")"
t_eq "3.11: the constraints a problem, not a failure" "false false" \
	"$(jq -r '.checks[] | select(.id=="USERNS_CONSTRAINTS") | "\(.ok) \(.fails)"' <<<"$j")"
# the runtime falls back on everything newer than 3.8 (ctr/compat.h): a
# cgroup namespace, pidfds and openat2 missing are problems, nothing fails
t_eq "3.11: nothing fails (the runtime's fallbacks)" "" \
	"$(jq -r '[.checks[] | select(.fails) | .id] | join(",")' <<<"$j")"
t_eq "3.11: what is missing is a problem, not a failure" "CGROUP_NS false,RUNTIME_PIDFD false,RUNTIME_OPENAT2 false" \
	"$(jq -r '[.checks[] | select(.id | test("^(CGROUP_NS|RUNTIME_)")) | select(.ok | not) | "\(.id) \(.fails)"] | join(",")' <<<"$j")"
out=$(ctr-checkconfig --no-color -c "$dir/5.4.0-ubuntu-focal.config" 2>&1)
t_match "5.4: the runtime's one need is there" "^Runtime system calls \(setns\): +enabled$" "$out"
t_match "5.4: openat2 missing, with what it costs" "^openat2 \(RESOLVE_IN_ROOT\): +missing \(Linux 5.6.0 and later only\)$" "$out"
t_match "5.4: the cost, said" "resolved in user space, a component at a time" "$out"
t_nomatch "5.4: pidfds are there" "^Process fds.*missing" "$out"
# below 3.8 (no setns on mount and PID namespaces) the runtime cannot run
j=$(ctr-checkconfig --json -c "$c311" -k 3.7 2>/dev/null)
t_eq "3.7: the runtime's system calls missing and failing" "missing true" \
	"$(jq -r '.checks[] | select(.id=="RUNTIME_SYSCALLS") | "\(.state) \(.fails)"' <<<"$j")"

# 3.10 backport: USER_NS=y with XFS_FS=m: no complaint about user namespaces.
c310=$dir/3.10.0-oraclelinux7-rhck.config
q=$(ctr-checkconfig -q --no-color -c "$c310" 2>&1)
t_nomatch "3.10 backport: no user namespace complaint" "User namespace" "$q"
t_match "3.10 backport: release from the header" "3.10.0-1160.119.1.0.5.el7.x86_64" \
	"$(ctr-checkconfig --json -c "$c310" | jq -r .kernel.release)"

# The no-header file: said once on stderr; --kernel-version decides.
nh=$dir/4.14-firecracker-NOHEADER.config
err=$(ctr-checkconfig -c "$nh" 2>&1 >/dev/null)
t_match "no header: says so" "no kernel version in the config" "$err"
j=$(ctr-checkconfig --json -c "$nh" -k 4.14 2>/dev/null)
t_eq "no header, -k 4.14: memory controller decided" "enabled MEMCG" \
	"$(jq -r '.checks[] | select(.id=="MEMCG") | "\(.state) \(.option)"' <<<"$j")"
t_eq "no header, -k 4.14: NAT is NF_NAT_IPV4" "enabled NF_NAT_IPV4" \
	"$(jq -r '.checks[] | select(.id=="NAT") | "\(.state) \(.option)"' <<<"$j")"
t_eq "no header, -k 4.14: no devpts check after 4.7" "" \
	"$(jq -r '.checks[] | select(.id=="DEVPTS_MULTIPLE_INSTANCES") | .state' <<<"$j")"
t_eq "no header, -k 4.14: no unknowns left" "0" "$(jq '[.checks[] | select(.state=="unknown")] | length' <<<"$j")"
t_eq "no header, -k: version_from option" "option" "$(jq -r .kernel.version_from <<<"$j")"

# Foreign configs: no host checks, modules not looked up.
j=$(ctr-checkconfig --json -c "$dir/6.17.5-arch.config" 2>/dev/null)
t_eq "foreign config: host not checked" "null" "$(jq -c .host <<<"$j")"
t_eq "foreign config: not running" "false" "$(jq -r .config.running <<<"$j")"
t_eq "foreign config: modules unchecked" "unchecked" \
	"$(jq -r '.checks[] | select(.id=="VETH") | .module.status' <<<"$j")"
t_match "foreign config: --host asks for host checks" "cgroup.layout" \
	"$(ctr-checkconfig --no-color --host -c "$dir/6.17.5-arch.config" 2>&1)"

# No module support: said once, instead of asking about modules.
for f in 5.10.252-firecracker-amzn2 6.1.167-firecracker-amzn2023; do
	j=$(ctr-checkconfig --json -c "$dir/$f.config" 2>/dev/null)
	t_eq "$f: kernel.modules false" "false" "$(jq -r .kernel.modules <<<"$j")"
	t_match "$f: note says no module support" "without module support" "$(jq -r .modules.note <<<"$j")"
	t_eq "$f: =y reported built in" "builtin" "$(jq -r '.checks[] | select(.id=="VETH") | .module.status' <<<"$j")"
done

# The same config gzip-compressed gives the same verdicts.
gzip -c "$dir/4.19.249-debian10.config" >"$tmp/debian.config.gz"
verdicts "$tmp/debian.config.gz" >"$tmp/gz.actual"
t_ok "gzip copy: same verdicts" diff <(grep -v '^#' "$exp_dir/4.19.249-debian10.expected") "$tmp/gz.actual"
t_eq "gzip copy: format gzip" "gzip" "$(ctr-checkconfig --json -c "$tmp/debian.config.gz" | jq -r .config.format)"
t_done
