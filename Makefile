# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr: prepare Linux hosts for system containers and run them.
# Plain GNU make.  Each tool folder adds to the build through its build.mk;
# sources are found by wildcard so adding a file needs no edit here.

VERSION     := 0.1.0
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SBINDIR     ?= $(PREFIX)/sbin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
SYSCONFDIR  ?= /etc
RUNSTATEDIR ?= /run
DESTDIR     ?=
PKG_CONFIG  ?= pkg-config
# systemd's and bash-completion's own idea of where their files go, when
# their pkg-config files are installed; else the usual places under PREFIX.
SYSTEMDUNITDIR ?= $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),$(PREFIX)/lib/systemd/system)
BASHCOMPDIR    ?= $(or $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion 2>/dev/null),$(DATADIR)/bash-completion/completions)
OPENRCDIR      ?= $(SYSCONFDIR)/init.d

B           ?= build
CC          ?= cc
PKGS        := zlib libdeflate libcap libnl-3.0 libnl-route-3.0 libarchive libxcrypt libseccomp json-c

WARN   := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
          -Wformat=2 -Wvla
ifeq ($(CI),true)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN   += -Werror
endif
# CFLAGS, CPPFLAGS and LDFLAGS are the user's (command line or environment,
# as Buildroot and dpkg-buildflags pass them); the project's own flags live
# in CTR_* and are always added.  OPT is kept for the asan/fuzz targets.
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
SAN      ?=
CTR_CPPFLAGS := -Iinclude -D_GNU_SOURCE -include $(B)/paths.h
CTR_CFLAGS   := -std=gnu11 $(WARN) $(SAN) -MMD -MP \
                $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
CTR_LDFLAGS  := $(SAN) -Wl,--as-needed
LDLIBS       += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# The installed paths compiled in: one generated header, rewritten only when
# a path changes, so `make install PREFIX=/usr` after a plain `make` rebuilds
# what names them instead of installing binaries that look in /usr/local.
define PATHS_H
#define CTR_VERSION "$(VERSION)"
#define CTR_DATADIR "$(DATADIR)/ctr"
#define CTR_SYSCONFDIR "$(SYSCONFDIR)"
#define CTR_RUNSTATEDIR "$(RUNSTATEDIR)"
endef
export PATHS_H
$(B)/paths.h: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' "$$PATHS_H" >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi
.PHONY: FORCE
FORCE:

# Debian packages: what building needs, what the tests need in addition.
DEPS_BUILD := make gcc libc6-dev pkg-config zlib1g-dev libcap-dev \
              libnl-3-dev libnl-route-3-dev libarchive-dev libcrypt-dev
DEPS_TEST  := libcmocka-dev busybox-static iproute2 kmod jq man-db groff-base \
              iputils-ping procps util-linux
DEPS_RUN   := busybox-static iproute2 iputils-ping util-linux
DEPS_BENCH := lxc hyperfine
DEPS_FUZZ  := clang libclang-rt-14-dev

# Filled by the fragments.
BINS       :=
MANS       :=
DATA       :=
UNITS      :=
OPENRC     :=

.PHONY: all deps deps-run deps-test deps-bench deps-fuzz run check asan fuzz bench \
        install uninstall clean help lint-man format
all:

include checkconfig/build.mk netsetup/build.mk runtime/build.mk runtime/oci/build.mk

# --- libraries: one per folder of library code, every .c but the ctr-* mains
# lib/ is the helper layer every tool shares; runtime/ is split into the
# config language, the container runtime, the lifecycle and management, with
# the mains in runtime/ itself.  A folder D gives lib$(subst /,-,D).a.
LIB_DIRS  := lib checkconfig netsetup runtime/config runtime/container \
             runtime/lifecycle runtime/manage runtime/oci
MAIN_DIRS := checkconfig netsetup runtime
define lib_template
$(1)_SRCS := $$(filter-out $(1)/ctr-%.c,$$(wildcard $(1)/*.c))
$(1)_OBJS := $$($(1)_SRCS:%.c=$(B)/%.o)
$(B)/lib$(subst /,-,$(1)).a: $$($(1)_OBJS)
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach d,$(LIB_DIRS),$(eval $(call lib_template,$(d))))
LIBS := $(foreach d,$(LIB_DIRS),$(B)/lib$(subst /,-,$(d)).a)

# Every main links all the libraries as one group (the runtime borrows
# netsetup's netlink code; checkconfig reads configs through the runtime's).
MAIN_SRCS := $(foreach d,$(MAIN_DIRS),$(wildcard $(d)/ctr-*.c))
BINS      += $(foreach s,$(MAIN_SRCS),$(B)/bin/$(basename $(notdir $(s))))
define main_template
$(B)/bin/$(basename $(notdir $(1))): $(B)/$(1:.c=.o) $(LIBS)
	@mkdir -p $$(@D)
	$$(CC) $$(CTR_LDFLAGS) $$(LDFLAGS) -o $$@ $$< -Wl,--start-group $(LIBS) -Wl,--end-group $$(LDLIBS)
endef
$(foreach s,$(MAIN_SRCS),$(eval $(call main_template,$(s))))

include tests/build.mk

$(B)/%.o: %.c $(B)/paths.h
	@mkdir -p $(@D)
	$(CC) $(CTR_CPPFLAGS) $(CPPFLAGS) $(CTR_CFLAGS) $(CFLAGS) -c -o $@ $<

all: deps-build-check $(BINS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# --- dependencies -------------------------------------------------------------
# Installs what is missing when root with apt-get, else prints the exact line.
define ensure_pkgs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || apt-get update -qq || exit 1; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || exit 1; \
	  else \
	    echo "missing packages; install them with:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call ensure_pkgs,$(DEPS_BUILD))
deps-run:
	$(call ensure_pkgs,$(DEPS_BUILD) $(DEPS_RUN))
deps-test:
	$(call ensure_pkgs,$(DEPS_BUILD) $(DEPS_TEST))
deps-bench:
	$(call ensure_pkgs,$(DEPS_BUILD) $(DEPS_TEST) $(DEPS_BENCH))
deps-fuzz:
	$(call ensure_pkgs,$(DEPS_BUILD) $(DEPS_TEST) $(DEPS_FUZZ))

# Building needs pkg-config to find the libraries; say so once, clearly.
.PHONY: deps-build-check
deps-build-check:
	@$(PKG_CONFIG) --exists $(PKGS) 2>/dev/null || { \
	  echo "missing build dependencies; run 'make deps' (as root) or:"; \
	  echo "  sudo apt-get install $(DEPS_BUILD)"; exit 1; }

# --- the README's two commands -------------------------------------------------
# The main job: ctr-checkconfig on this host, then the seed's procedure on a
# throwaway busybox container (data/ctr-demo.sh), leaving the host as it was.
run: deps-run
	$(MAKE) all
	PATH=$(CURDIR)/$(B)/bin:$$PATH data/ctr-demo.sh

check: deps-test
	$(MAKE) all tests-build
	$(MAKE) lint-man
	B=$(B) tests/run

asan:
	$(MAKE) deps-test
	$(MAKE) B=build-asan SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' \
	        OPT='-O1 -g -fno-omit-frame-pointer' all tests-build
	B=build-asan ASAN_OPTIONS=detect_leaks=1 tests/run

bench: deps-bench
	$(MAKE) all
	B=$(B) tests/bench/run

lint-man:
	@fail=0; for m in $(MANS); do \
	  out=$$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z $$m 2>&1 >/dev/null); \
	  if [ -n "$$out" ]; then echo "$$m:"; echo "$$out"; fail=1; fi; \
	done; exit $$fail

# --- install -------------------------------------------------------------------
# The tools a user without root runs (a kernel audit, a config check, the
# list of containers) go to BINDIR, the rest to SBINDIR.  The plan lists
# "mode source destination" a line; install follows it and keeps, beside the
# data, a manifest of every file and directory it made, which uninstall
# undoes exactly: nothing it did not make is removed.
USER_BINS := ctr-checkconfig ctr-config ctr-ls
MANIFEST  := $(DATADIR)/ctr/install.manifest

$(B)/install.plan: FORCE
	@mkdir -p $(@D)
	@{ for b in $(notdir $(BINS)); do \
	    case " $(USER_BINS) " in *" $$b "*) d='$(BINDIR)' ;; *) d='$(SBINDIR)' ;; esac; \
	    echo "0755 $(B)/bin/$$b $$d/$$b"; done; \
	  for f in $(DATA); do m=0644; case $$f in *.sh) m=0755 ;; esac; \
	    echo "$$m $$f $(DATADIR)/ctr/$${f#data/}"; done; \
	  for f in $(UNITS); do echo "0644 $$f $(SYSTEMDUNITDIR)/$${f##*/}"; done; \
	  for f in $(OPENRC); do n=$${f##*/}; echo "0755 $$f $(OPENRCDIR)/$${n%.openrc}"; done; \
	  for b in $(notdir $(BINS)); do echo "0644 data/bash-completion/ctr $(BASHCOMPDIR)/$$b"; done; \
	  for m in $(MANS); do echo "0644 $$m $(MANDIR)/man$${m##*.}/$${m##*/}"; done; \
	} >$@

install: all $(B)/install.plan
	@set -e; man=$$(mktemp); trap 'rm -f "$$man"' EXIT; \
	while read -r mode src dst; do \
	  dirs=; d=$${dst%/*}; \
	  while [ -n "$$d" ] && [ ! -d "$(DESTDIR)$$d" ]; do dirs="$$d $$dirs"; d=$${d%/*}; done; \
	  for d in $$dirs; do mkdir -m 0755 "$(DESTDIR)$$d"; echo "d $$d" >>"$$man"; done; \
	  case $$src in \
	  $(B)/bin/*) install -m $$mode "$$src" "$(DESTDIR)$$dst" ;; \
	  *) sed 's|/usr/local/sbin|$(SBINDIR)|g' "$$src" >"$(DESTDIR)$$dst"; chmod $$mode "$(DESTDIR)$$dst" ;; \
	  esac; \
	  echo "  $$dst"; echo "f $$dst" >>"$$man"; \
	done <$(B)/install.plan; \
	if [ -f "$(DESTDIR)$(MANIFEST)" ]; then grep -vxF -f "$$man" "$(DESTDIR)$(MANIFEST)" >>"$$man" || :; fi; \
	install -m 0644 "$$man" "$(DESTDIR)$(MANIFEST)"

uninstall:
	@set -e; m="$(DESTDIR)$(MANIFEST)"; \
	if [ ! -f "$$m" ]; then echo "uninstall: no '$$m': nothing was installed here by make install"; exit 0; fi; \
	dirs=$$(grep '^d ' "$$m" | tac | cut -c3-); \
	grep '^f ' "$$m" | cut -c3- | while read -r p; do rm -f "$(DESTDIR)$$p"; echo "  removed $$p"; done; \
	rm -f "$$m"; \
	for d in $$dirs; do rmdir "$(DESTDIR)$$d" 2>/dev/null && echo "  removed $$d/" || :; done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz

help:
	@echo "targets:"
	@echo "  all        build the ctr-* commands into $(B)/bin"
	@echo "  run        install missing packages, build, run the main job"
	@echo "  check      install missing packages, build, run every test"
	@echo "  check-vm   the integration suites in Debian's kernel under qemu (4 host setups, 6 guests)"
	@echo "  asan       the tests under AddressSanitizer and UBSan"
	@echo "  fuzz       build the libFuzzer targets with clang and run each briefly"
	@echo "  bench      benchmarks, side by side with LXC"
	@echo "  install    install (DESTDIR, PREFIX, BINDIR, SBINDIR, DATADIR, MANDIR, SYSTEMDUNITDIR, OPENRCDIR, BASHCOMPDIR)"
	@echo "  uninstall  remove exactly what install made (its manifest)"
	@echo "  deps       install missing Debian packages (root) or print the line"
	@echo "  clean      remove build output"
