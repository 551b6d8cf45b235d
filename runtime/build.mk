# SPDX-License-Identifier: LGPL-2.1-or-later
# runtime: adds man pages and data files; sources are found by wildcard.
# libm only for the floating-point reference of cgroup_shares_to_weight
$(B)/tests/test-cgroup: LDLIBS += -lm
# rt-config: the config language (runtime/config*.c, ctr-config).
MANS += man/ctr.conf.5 man/ctr-config.8
# ctr-start (rt-start)
MANS += man/ctr-start.8
DEPS_BENCH += lxc time
# lifecycle: monitor, stop, attach, console, ls, info, autostart
MANS += man/ctr-stop.8 man/ctr-attach.8 man/ctr-console.8 man/ctr-ls.8 man/ctr-info.8 \
        man/ctr-autostart.8
# management: create, destroy, freeze, unfreeze, wait
MANS += man/ctr-copy.8 man/ctr-create.8 man/ctr-destroy.8 man/ctr-device.8 man/ctr-freeze.8 man/ctr-unfreeze.8 man/ctr-wait.8
DEPS_TEST += attr libcap2-bin
DATA   += data/ctr-demo.sh
UNITS  += data/ctr@.service
OPENRC += data/ctr.openrc
DEPS_TEST += python3
# start-confine: keyctl for the session keyring test
DEPS_TEST += keyutils
# config-lxc-stock (LXC's configs, lxc-info), start-hooks (LXC's dhclient hook)
DEPS_TEST += lxc isc-dhcp-client
# test-apparmor: apparmor_parser checks the generated profile (-Q, no kernel needed)
DEPS_TEST += apparmor
# seccomp filters (runtime/container/seccomp.c) through libseccomp (PKGS in the Makefile).
DEPS_BUILD += libseccomp-dev
# ctr-attach is among a container's processes until its exec: linked
# statically, nothing of the host is mapped in it but its own sealed memfd
# copy (a shared library of the host's would be open to writing through
# /proc/PID/map_files).  It needs neither libarchive nor libcrypt, which
# only ctr-create uses.
# Sanitizer builds, whose runtimes do not link statically, stay dynamic.
# Keep this last: LDLIBS is taken as it is here.
ifeq ($(strip $(SAN)),)
$(B)/bin/ctr-attach: CTR_LDFLAGS += -static-pie
$(B)/bin/ctr-attach: LDLIBS := $(filter-out -larchive -lcrypt,$(LDLIBS))
endif
