# SPDX-License-Identifier: LGPL-2.1-or-later
# checkconfig: adds man pages and data files; sources are found by wildcard.
MANS += man/ctr-checkconfig.8
DATA += data/checkconfig.rules
# libdeflate inflates /proc/config.gz (checkconfig/kconfig.c).
DEPS_BUILD += libdeflate-dev
# The rules file parsed at build time into C data (checkconfig/rules-builtin.c,
# rules_load_image()): rules-gen is the same parser, built for this machine,
# so a cross build must run it where it builds (or set RULES_GEN to one).
RULES_GEN ?= $(B)/checkconfig/gen/rules-gen
$(B)/checkconfig/gen/rules-gen: $(B)/checkconfig/gen/rules-gen.o $(B)/checkconfig/rules.o \
		$(B)/checkconfig/kconfig.o $(B)/liblib.a
	$(CC) $(CTR_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/checkconfig/rules-builtin.inc: data/checkconfig.rules $(RULES_GEN)
	$(RULES_GEN) $< rules_builtin >$@.tmp && mv -f $@.tmp $@
$(B)/checkconfig/rules-builtin.o: $(B)/checkconfig/rules-builtin.inc
$(B)/checkconfig/rules-builtin.o: CTR_CPPFLAGS += -I$(B)/checkconfig
# An uninstalled build reads the rules from the tree.
run: export CTR_DATADIR ?= $(CURDIR)/data
# ctr-checkconfig runs in fleets and before upgrades, and most of a run is
# starting the process: zlib, libdeflate, libcap and libseccomp (the last
# two pulled in by the runtime's config parser, for -n/--container) are
# linked in, the rest only as needed, so that the loader maps libc alone
# (each shared library costs about 0.07 ms at every start, and libcap's
# constructor probes the capability bounding set).  libkmod stays
# dlopen()ed (checkconfig/kmod.c).  The binary is linked again when this
# list changes.
$(B)/bin/ctr-checkconfig: checkconfig/build.mk
$(B)/bin/ctr-checkconfig: LDLIBS = -Wl,-Bstatic -lz -ldeflate -lcap -lseccomp -Wl,-Bdynamic -Wl,--as-needed \
	$(filter-out -lz -ldeflate -lcap -lseccomp,$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))
# CHECKCONFIG_STATIC=1: ctr-checkconfig linked whole (static-pie), so that
# no loader maps libc at each start: 0.15-0.2 ms less a run, an eighth of
# a plain audit (BENCH_STATIC=1 tests/bench/run checkconfig).  Not the default: the libkmod it dlopen()s for
# module status then needs the very glibc it was built against (glibc's
# rule for dlopen() in a static binary), so a glibc upgrade without a
# rebuild can break module lookups.  For a fleet that rebuilds with glibc.
ifeq ($(CHECKCONFIG_STATIC),1)
$(B)/bin/ctr-checkconfig: LDLIBS = -static-pie -lz -ldeflate -lcap -lseccomp
endif
