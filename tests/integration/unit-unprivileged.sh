#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every unit-test binary under $B/tests, run as an unprivileged user (uid and
# gid 65534, no supplementary groups, HOME and TMPDIR in a temp dir it owns):
# each exits 0, and each test it skips gives a reason, one that says why root
# is needed ("needs root (a network namespace of its own)") when root is the
# reason.  The tests whose code takes a root directory or a path run against
# a fake root under TMPDIR and so run as any user; only namespaces, links and
# containers stay root's.  The last lines count what ran unprivileged.
. "$(dirname "$0")/../lib.sh"
t_require_root
t_require_cmd setpriv util-linux

B=${CTR_BUILD:-$T_TOP/build}
bins=()
for t in "$B"/tests/test-*; do [ -x "$t" ] && bins+=("$t"); done
[ ${#bins[@]} -gt 0 ] || t_skip_all "no unit-test binaries under '$B/tests' (make tests-build first)"

uid=65534
as_user() { setpriv --reuid=$uid --regid=$uid --clear-groups "$@"; }
# The tree must be readable by that user (a checkout under /root is not).
as_user test -x "${bins[0]}" -a -r "$T_TOP/tests/unit/data" ||
	t_skip_all "uid $uid cannot read '$T_TOP' or '$B' (a checkout it may not enter)"

home=$(t_tmpdir)
chown $uid:$uid "$home"
logs=$(t_tmpdir)
chmod 0755 "$logs"

ran=0 skipped=0
for t in "${bins[@]}"; do
	name=$(basename "$t")
	log=$logs/$name.log
	# The output goes to a file, not a pipe: a test that fails with a
	# child still alive must not hold this suite open.  From the top of
	# the tree, as tests/run runs them (tests/unit/data by relative path).
	(cd "$T_TOP" && env -u CTR_RUNDIR HOME="$home" TMPDIR="$home" CMOCKA_MESSAGE_OUTPUT=TAP \
		timeout -k 5 120 setpriv --reuid=$uid --regid=$uid --clear-groups "$t") \
		</dev/null >"$log" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then t_pass "$name exits 0 as uid $uid"; else
		t_fail "$name exits 0 as uid $uid" "exit status $rc"
		grep -E '^[[:space:]]*(not ok|# )' "$log" | grep -v '# SKIP' | head -n 20 | sed 's/^/# /'
	fi
	n_ok=$(grep -cE '^[[:space:]]*ok ' "$log")
	n_skip=$(grep -cE '^[[:space:]]*not ok .*# SKIP' "$log")
	ran=$((ran + n_ok)) skipped=$((skipped + n_skip))
	# cmocka's "not ok N # SKIP name" follows skip.h's "# skip: why"
	bad=$(awk '
		{ sub(/^[ \t]+/, "") }
		/^# skip: / { why = substr($0, 9); next }
		/^not ok .*# SKIP/ {
			if (why == "") print "no reason: " $0
			else if (why ~ /root/ && why !~ /root[^(]*\(.+\)/)
				print "root, but not why: " why
			why = ""
			next
		}
		/^(not )?ok/ { why = "" }' "$log")
	if [ "$n_skip" -gt 0 ]; then
		t_eq "$name: its $n_skip skips each say why" "" "$bad"
	fi
done

echo "# $ran unit tests passed as uid $uid, $skipped skipped"
t_ok "unit tests ran as uid $uid" [ "$ran" -gt 0 ]
t_done
