# SPDX-License-Identifier: LGPL-2.1-or-later
# Shell test library: sourced by tests/integration/*.sh and tests/golden/*.sh.
# Prints TAP for tests/run.  Every suite:
#   . "$(dirname "$0")/../lib.sh"
#   t_require_root                      # skips the whole suite, with the reason
#   ns=$(t_netns)                       # a netns removed at exit
#   t_defer "ip link del ctrt$T_ID-br"  # any cleanup, run at exit (last first)
#   t_ok "bridge has the NIC's MAC" [ "$a" = "$b" ]
#   t_eq "exit status" 3 "$rc"
#   t_skip "vlan" "kernel has no 8021q driver"
#   t_ok "the link is up" t_wait_for 10 ip link show up dev "ctrt$T_ID-br"
#   t_done
# Names: T_ID is short and unique per run; use it in every link, netns,
# cgroup and temp dir name ("ctrt${T_ID}..." stays under 15 characters).
set -u
T_TOP=${CTR_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
T_ID=$(printf '%x' $(($$ % 65536)))
T_N=0
T_FAILED=0
T_SUITE=$(basename "$0" .sh)
# Deferred cleanups live in a file, not an array, so that helpers called as
# $(t_netns) or $(t_tmpdir) -- in a subshell -- still register theirs with
# the suite's own shell, which replays them (last first) at exit.
# The file is made by the first t_defer, so a script that defers nothing (or
# execs another, as the vm-* suites do) leaves none behind.
T_DEFER_FILE=/tmp/ctrt-defer-$$-$RANDOM$RANDOM
T_PID=$$

t_defer() { printf '%s\n' "$*" >>"$T_DEFER_FILE"; }

t__cleanup() {
	[ "${BASHPID:-$$}" = "$T_PID" ] || return 0
	[ -f "$T_DEFER_FILE" ] || return 0
	local cmd
	while IFS= read -r cmd; do
		eval "$cmd" >/dev/null 2>&1 || true
	done < <(tac "$T_DEFER_FILE")
	: >"$T_DEFER_FILE"
	return 0
}
t__exit() { t__cleanup; rm -f "$T_DEFER_FILE"; }
trap t__exit EXIT
trap 'exit 130' INT TERM

t_pass() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	# one line: a multi-line reason would put lines the runner reads as TAP
	local why=${2:-}
	why=${why//$'\n'/\\n}
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1${why:+: $why}"
}
t_skip() {
	[ -n "${2:-}" ] || { t_fail "$1" "skipped without a reason"; return; }
	T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"
}

# t_ok NAME CMD...: passes when CMD exits 0; on failure shows its output.
t_ok() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then t_pass "$name"; else
		t_fail "$name" "command failed: $*"; printf '%s\n' "$out" | sed 's/^/# /' | tail -n 20
	fi
}
# t_not NAME CMD...: passes when CMD exits non-zero.
t_not() {
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then t_fail "$name" "command succeeded: $*"; else t_pass "$name"; fi
}
t_eq() {
	if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected '$2', got '$3'"; fi
}
# t_match NAME REGEX STRING
t_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then t_pass "$1"; else
		t_fail "$1" "no match for /$2/ in: $(printf '%s' "$3" | head -c 400)"
	fi
}
t_nomatch() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then
		t_fail "$1" "unexpected match for /$2/ in: $(printf '%s' "$3" | head -c 400)"
	else t_pass "$1"; fi
}

# Skips every remaining test of the suite with a reason and ends it.
t_skip_all() { echo "1..0 # SKIP $1"; echo "ok 1 - $T_SUITE # SKIP $1"; exit 0; }
t_require_root() { [ "$(id -u)" = 0 ] || t_skip_all "needs root"; }
t_require_cmd() { command -v "$1" >/dev/null || t_skip_all "needs $1 (${2:-not installed})"; }

# t_rundir_ls: what CTR_RUNDIR holds, less the compiled seccomp programs
# ctr keeps there for the next start (RUNDIR/.seccomp-KEY.bpf, a cache).
t_rundir_ls() { ls -A "$CTR_RUNDIR" 2>/dev/null | grep -v '^\.seccomp-[0-9a-f]*\.bpf$'; }
t_tmpdir() {
	local d
	d=$(mktemp -d "/tmp/ctrt-$T_SUITE-$$-XXXXXX")
	t_defer "umount -R -l '$d' 2>/dev/null; rm -rf '$d'"
	echo "$d"
}

# A network namespace removed at exit; prints its name.
t_netns() {
	local n="ctrt${T_ID}-${1:-ns}"
	ip netns add "$n" || return 1
	t_defer "ip netns pids '$n' 2>/dev/null | xargs -r kill -9; ip netns del '$n'"
	echo "$n"
}

# t_wait_for SECONDS CMD...: waits until CMD succeeds (the event a test
# waits on, checked every 0.05 s), at most SECONDS; fails after that.
t_wait_for() {
	local n=$(($1 * 20))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

t_done() {
	echo "1..$T_N"
	t__cleanup
	[ "$T_FAILED" -eq 0 ]
}

# A throwaway container root filesystem from busybox-static: DIR/{bin,sbin,
# etc,proc,sys,dev,tmp,run,root} with busybox's applets linked in /bin.
t_busybox_rootfs() {
	local r=$1 bb a
	bb=$(command -v busybox) || return 1
	case $(file -b "$bb" 2>/dev/null) in *dynamic*) bb=/bin/busybox ;; esac
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,var/log,mnt}
	cp "$bb" "$r/bin/busybox"
	for a in $("$r/bin/busybox" --list-full); do
		[ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a"
	done
	echo "root:x:0:0:root:/root:/bin/sh" >"$r/etc/passwd"
	echo "root:x:0:" >"$r/etc/group"
	echo "tty:x:5:" >>"$r/etc/group"
}
