#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# LXC's own configs (/usr/share/lxc/config/*.conf), as every container that
# lxc-create makes includes one: each file that LXC itself accepts on this
# host (lxc-info loads it from a temp lxcpath) passes ctr-config when
# included from a minimal config.  Also: the missing userns.conf.d/ is
# skipped as LXC skips it, and no path prints with a doubled slash.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-config "build it with make"
t_require_cmd lxc-info "apt-get install lxc"
stock=/usr/share/lxc/config
[ -d "$stock" ] || t_skip_all "no $stock (apt-get install lxc)"

d=$(t_tmpdir)
mkdir -p "$d/rootfs" "$d/lxcpath"
n=0
for f in "$stock"/*.conf; do
	b=$(basename "$f" .conf)
	n=$((n + 1))
	mkdir -p "$d/lxcpath/$b"
	printf 'lxc.rootfs.path = dir:%s\nlxc.uts.name = stock\nlxc.include = %s\n' \
		"$d/rootfs" "$f" >"$d/lxcpath/$b/config"
	if ! lxc-info -P "$d/lxcpath" -n "$b" -c lxc.uts.name >/dev/null 2>&1; then
		t_skip "$b.conf: passes ctr-config" "LXC $(lxc-start --version) refuses it on this host"
		continue
	fi
	out=$(ctr-config -f "$d/lxcpath/$b/config" 2>&1)
	rc=$?
	t_eq "$b.conf: passes ctr-config${out:+ ($(printf '%s' "$out" | grep -v ': warning: ' | head -n1))}" 0 "$rc"
	t_nomatch "$b.conf: no doubled slash in what ctr-config says" '[^:]//' "$out"
done
t_ok "every stock file was tried (at least 40)" [ "$n" -ge 40 ]

# userns.conf includes userns.conf.d/, which no package ships: LXC reads on.
if [ -e "$stock/userns.conf.d" ]; then
	t_skip "missing userns.conf.d/ is skipped" "this host has $stock/userns.conf.d"
else
	out=$(ctr-config -f "$d/lxcpath/userns/config" 2>&1)
	t_eq "missing userns.conf.d/ is skipped as LXC does" 0 "$?"
fi
t_done
