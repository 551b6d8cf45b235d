#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The house style that a machine can check: every C file is as
# .clang-format says (the formatter applied once, kept so by this suite), and
# every source file, script and makefile says its licence in an SPDX line.
. "$(dirname "$0")/../lib.sh"
t_require_cmd clang-format
cd "$CTR_TOP" || exit 1

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	list() { git ls-files "$@"; }
else
	list() { local p; for p; do find . -path ./build\* -prune -o -path "./$p" -print; done | sed 's|^\./||'; }
fi

c_files=$(list '*.c' '*.h')
n=$(printf '%s\n' $c_files | wc -l)
bad=""
for f in $c_files; do
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -z "$bad" ]; then
	t_pass "all $n C files are as .clang-format says"
else
	t_fail "C files differ from .clang-format (run 'make format')" "$bad"
fi

spdx_missing=""
for f in $c_files $(list '*.sh' '*.mk' Makefile .ci/run tests/run tests/bench/run tests/vm/run-vm tests/vm/init tests/vm/mkinitramfs tests/vm/fetch-kernel tests/vm/guest-run tests/distro/mktree); do
	[ -f "$f" ] || continue
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later' || spdx_missing="$spdx_missing $f"
done
t_ok "every source file, script and makefile has an SPDX line" [ -z "$spdx_missing" ]
[ -z "$spdx_missing" ] || echo "# without one:$spdx_missing"

t_ok "the LICENSE file is the LGPL 2.1" grep -q "GNU LESSER GENERAL PUBLIC LICENSE" LICENSE
t_done
