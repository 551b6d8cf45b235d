#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix, setup "v2" again in another guest: the lifecycle suites on a
# pure cgroup v2 host (the first guest, vm-v2, runs the cgroup,
# checkconfig and start suites, vm-v2-net the network ones; together they
# would outgrow one suite timeout under emulation).
# Boots Debian's kernel in qemu and runs the integration suites inside
# (tests/vm/run-vm); runs only when CTR_VM=1 (make check-vm, CI).
. "$(dirname "$0")/../lib.sh"
[ "${CTR_VM:-0}" = 1 ] || t_skip_all "the VM matrix runs with CTR_VM=1 (make check-vm; CI sets it)"
exec "$T_TOP/tests/vm/run-vm" v2-life
