#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix, setup "v2": pure cgroup v2 (cgroup2 at /sys/fs/cgroup,
# controllers enabled for subtrees as systemd has them), network drivers loaded.
# Boots Debian's kernel in qemu and runs the integration suites inside
# (tests/vm/run-vm); runs only when CTR_VM=1 (make check-vm, CI).
. "$(dirname "$0")/../lib.sh"
[ "${CTR_VM:-0}" = 1 ] || t_skip_all "the VM matrix runs with CTR_VM=1 (make check-vm; CI sets it)"
exec "$T_TOP/tests/vm/run-vm" v2
