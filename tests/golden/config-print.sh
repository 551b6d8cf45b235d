#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden: configs in both key generations (tests/golden/config/NAME.conf)
# against their normalised form, checked by hand (NAME.expected: the print
# without its comment lines, which name files).  Each expected print must
# also load again to itself.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-config "build it with make"
dir=$T_TOP/tests/golden/config
tmp=$(t_tmpdir)

for conf in "$dir"/*.conf; do
	name=$(basename "$conf" .conf)
	exp=$dir/$name.expected
	if [ ! -f "$exp" ]; then
		t_fail "$name" "no hand-written $exp"
		continue
	fi
	got=$(ctr-config -q -p -f "$conf" 2>&1 | grep -v '^#')
	t_eq "$name: normalised print" "$(cat "$exp")" "$got"
	cp "$exp" "$tmp/$name.conf"
	again=$(ctr-config -q -p -f "$tmp/$name.conf" 2>&1 | grep -v '^#')
	t_eq "$name: the print loads to itself" "$(cat "$exp")" "$again"
done
t_done
