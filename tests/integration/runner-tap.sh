#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/run itself: TAP lines read when indented (subtests, cmocka's groups),
# text that only starts like TAP ignored, a skip counted only with its
# reason ("# SKIP why" from the shell suites, "# skip: why" before cmocka's
# "not ok N # SKIP name", tests/unit/skip.h), a failing suite's status seen.
. "$(dirname "$0")/../lib.sh"

tmp=$(t_tmpdir)
mkdir -p "$tmp/tests"
# fake unit suites: tests/run runs every $B/tests/test-*
fake() { # fake NAME EXIT-STATUS LINES...: a suite printing LINES
	local f=$tmp/tests/test-ctrt$T_ID-$1 rc=$2; shift 2
	printf '%s\n' "$@" >"$f.tap"
	printf '#!/bin/sh\ncat "%s"\nexit %s\n' "$f.tap" "$rc" >"$f"
	chmod +x "$f"
}
fake indented 1 "1..3" "ok 1 - a" "    ok 2 - a subtest" "$(printf '\t')not ok 3 - an indented failure"
fake noise 0 "1..1" "ok 1 - a" "okay, this is not TAP" "not okay either"
fake cmocka 0 "1..3" "ok 1 - test_a" "# skip: needs root" "not ok 2 # SKIP test_b" "not ok 3 # SKIP test_c"
fake shell 0 "1..2" "ok 1 - a # SKIP no such kernel option" "ok 2 - b # SKIP"
fake status 3 "1..1" "ok 1 - a"

run() { B=$tmp "$T_TOP/tests/run" "ctrt$T_ID-$1" 2>&1; }
out=$(run indented); rc=$?
t_eq "indented lines count: a pass and a failure" "  2 passed, 1 failed, 0 skipped" "$(grep -E '^  [0-9]+ passed' <<<"$out" | sed 's/ (.*//')"
t_match "the indented failure is named" "test-ctrt$T_ID-indented: 3 - an indented failure" "$out"
t_eq "a failure fails the run" 1 "$rc"
out=$(run noise); rc=$?
t_eq "'okay' and 'not okay' are not TAP" "  1 passed, 0 failed, 0 skipped" "$(grep -E '^  [0-9]+ passed' <<<"$out" | sed 's/ (.*//')"
t_eq "and the run passes" 0 "$rc"
out=$(run cmocka); rc=$?
t_eq "a cmocka skip with its reason is a skip, one without is a failure" \
	"  1 passed, 1 failed, 1 skipped" "$(grep -E '^  [0-9]+ passed' <<<"$out" | sed 's/ (.*//')"
t_match "the skip shows its reason" "SKIP test_b \(needs root\)" "$out"
t_match "the reason is not carried over to the next skip" "skipped without a reason: not ok 3 # SKIP test_c" "$out"
out=$(run shell); rc=$?
t_eq "a shell skip needs its reason too" "  0 passed, 1 failed, 1 skipped" "$(grep -E '^  [0-9]+ passed' <<<"$out" | sed 's/ (.*//')"
out=$(run status); rc=$?
t_match "a suite exiting non-zero with every test passed fails" "suite exited with status 3" "$out"
t_eq "and so does the run" 1 "$rc"

# cmocka's skip() gives no reason: every unit test skips through skip.h
t_eq "no bare skip() in tests/unit" "" \
	"$(grep -nE '(^|[^_[:alnum:]])skip\(\)' "$T_TOP"/tests/unit/*.c | grep -v '^[^:]*skip\.h:')"
t_done
