#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix, setup "v2" in a guest of its own: ctr-oci's suites
# (oci-lifecycle, oci-podman with Debian's podman and conmon) on a pure
# cgroup v2 host, where root has every capability (podman's default rlimits
# are set, not refused) and a container's cgroup is one cgroup2 directory.
# Boots Debian's kernel in qemu and runs the integration suites inside
# (tests/vm/run-vm); runs only when CTR_VM=1 (make check-vm, CI).
. "$(dirname "$0")/../lib.sh"
[ "${CTR_VM:-0}" = 1 ] || t_skip_all "the VM matrix runs with CTR_VM=1 (make check-vm; CI sets it)"
exec "$T_TOP/tests/vm/run-vm" v2-oci
