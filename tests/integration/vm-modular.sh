#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix, setup "modular": the modular kernel as it boots: cgroup v2,
# veth, bridge, 8021q, macvlan not loaded.
# Boots Debian's kernel in qemu and runs the integration suites inside
# (tests/vm/run-vm); runs only when CTR_VM=1 (make check-vm, CI).
. "$(dirname "$0")/../lib.sh"
[ "${CTR_VM:-0}" = 1 ] || t_skip_all "the VM matrix runs with CTR_VM=1 (make check-vm; CI sets it)"
exec "$T_TOP/tests/vm/run-vm" modular
