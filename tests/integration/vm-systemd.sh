#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix, setup "systemd": Debian's real systemd as PID 1 (pure cgroup
# v2, mounted by systemd), the suites run as a service, and our unit
# data/ctr@.service is started, stopped and restarted by it
# (tests/vm/guest-systemd.sh).  Runs only when CTR_VM=1 (make check-vm, CI).
. "$(dirname "$0")/../lib.sh"
[ "${CTR_VM:-0}" = 1 ] || t_skip_all "the VM matrix runs with CTR_VM=1 (make check-vm; CI sets it)"
exec "$T_TOP/tests/vm/run-vm" systemd
