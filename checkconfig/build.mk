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
# starting the process, so it is linked whole (static-pie): no loader maps
# libc at each start, 0.2 ms less a run, a sixth of a plain audit
# (tests/bench/run checkconfig).  It dlopen()s nothing (module status is
# read from depmod's indexes, checkconfig/kmod.c) and asks NSS nothing, so
# a glibc upgrade cannot break it.  CHECKCONFIG_STATIC=0 links it against
# shared libraries as a distribution's policy may want: zlib, libdeflate,
# libcap and libseccomp (the last two pulled in by the runtime's config
# parser, for -n/--container) are still linked in, so that the loader maps
# libc alone (each shared library costs about 0.07 ms at every start, and
# libcap's constructor probes the capability bounding set).  Sanitizer
# builds are always dynamic (ASan has no static runtime).  The binary is
# linked again when this file changes.
CHECKCONFIG_STATIC ?= 1
$(B)/bin/ctr-checkconfig: checkconfig/build.mk
ifeq ($(CHECKCONFIG_STATIC)$(SAN),1)
$(B)/bin/ctr-checkconfig: LDLIBS = -static-pie -lz -ldeflate -lcap -lseccomp
else
$(B)/bin/ctr-checkconfig: LDLIBS = -Wl,-Bstatic -lz -ldeflate -lcap -lseccomp -Wl,-Bdynamic -Wl,--as-needed \
	$(filter-out -lz -ldeflate -lcap -lseccomp,$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))
endif
