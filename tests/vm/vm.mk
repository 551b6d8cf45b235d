# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM matrix (tests/vm/): Debian's own kernel in qemu, four host setups
# (pure cgroup v2, cgroup v1 only, modules not loaded yet, and Debian's real
# systemd as PID 1 running our ctr@.service).  Its suites are
# tests/integration/vm-*.sh; they run when CTR_VM=1, which `make check-vm`
# and CI set.  The kernel package is kept in build-vm/ (`make clean` leaves
# it; delete build-vm/ to fetch again).
DEPS_VM := qemu-system-x86 cpio busybox-static kmod binutils xz-utils apt systemd crun catatonit

ifeq ($(CTR_VM),1)
DEPS_TEST += $(DEPS_VM)
endif

.PHONY: deps-vm check-vm bench-vm
deps-vm:
	$(call ensure_pkgs,$(DEPS_BUILD) $(DEPS_TEST) $(DEPS_VM))

# VM_SETUPS: a subset of "v2 v2-life v2-net v2-distro v2-oci v1 modular systemd" (v2-*: the v2 host
# again, for the network suites); CTR_VM_SUITES: name patterns.
VM_SETUPS ?= v2 v2-life v2-net v2-distro v2-oci v1 modular systemd
check-vm: deps-vm
	$(MAKE) all tests-build
	CTR_VM=1 SUITE_TIMEOUT=$${SUITE_TIMEOUT:-3600} B=$(B) tests/run $(addprefix vm-,$(VM_SETUPS))

# A benchmark in a guest (tests/vm/run-vm --bench): BENCH names
# tests/bench/*.sh (comma-separated), VM_BENCH_SETUP the guest (default v2,
# pure cgroup v2, where crun runs); BENCH_N and the other BENCH_* variables
# reach the guest.
BENCH ?= oci
VM_BENCH_SETUP ?= v2
bench-vm: deps-vm
	$(call ensure_pkgs,$(DEPS_BENCH))
	$(MAKE) all
	B=$(B) tests/vm/run-vm --bench $(BENCH) $(VM_BENCH_SETUP)
