# checkconfig: adds man pages and data files; sources are found by wildcard.
MANS += man/ctr-checkconfig.8
DATA += data/checkconfig.rules
# libdeflate inflates /proc/config.gz (checkconfig/kconfig.c).
DEPS_BUILD += libdeflate-dev
# An uninstalled build reads the rules from the tree.
run: export CTR_DATADIR ?= $(CURDIR)/data
# ctr-checkconfig runs in fleets and before upgrades, and most of a run is
# starting the process: zlib and libcap (libcap pulled in by the runtime's
# config parser, for -n/--container) are linked in, the rest only as
# needed, so that the loader maps libc and libm alone (each shared library
# costs about 0.1 ms at every start, and libcap's constructor probes the
# capability bounding set).  libkmod stays dlopen()ed (checkconfig/kmod.c);
# libm cannot be linked into a PIE.
$(B)/bin/ctr-checkconfig: LDLIBS = -Wl,-Bstatic -lz -ldeflate -lcap -Wl,-Bdynamic -Wl,--as-needed \
	$(filter-out -lz -ldeflate -lcap,$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)) -lm
