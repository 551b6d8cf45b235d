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

B           ?= build
CC          ?= cc
PKG_CONFIG  ?= pkg-config
PKGS        := libkmod zlib libcap libnl-3.0 libnl-route-3.0

WARN   := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
          -Wformat=2 -Wvla
ifeq ($(CI),true)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN   += -Werror
endif
OPT    ?= -O2 -g
SAN    ?=
CPPFLAGS += -Iinclude -D_GNU_SOURCE \
            -DCTR_VERSION='"$(VERSION)"' \
            -DCTR_DATADIR='"$(DATADIR)/ctr"' \
            -DCTR_SYSCONFDIR='"$(SYSCONFDIR)"' \
            -DCTR_RUNSTATEDIR='"$(RUNSTATEDIR)"'
CFLAGS   += -std=gnu11 $(OPT) $(WARN) $(SAN) -MMD -MP \
            $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LDFLAGS  += $(SAN)
LDLIBS   += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# Debian packages: what building needs, what the tests need in addition.
DEPS_BUILD := make gcc libc6-dev pkg-config libkmod-dev zlib1g-dev libcap-dev \
              libnl-3-dev libnl-route-3-dev
DEPS_TEST  := libcmocka-dev busybox-static iproute2 kmod jq man-db groff-base \
              iputils-ping procps util-linux
DEPS_RUN   := busybox-static iproute2 iputils-ping util-linux
DEPS_BENCH := lxc hyperfine
DEPS_FUZZ  := clang libclang-rt-14-dev

# Filled by the fragments.
BINS       :=
MANS       :=
DATA       :=

.PHONY: all deps deps-run deps-test deps-bench deps-fuzz run check asan fuzz bench \
        install uninstall clean help lint-man format
all:

include checkconfig/build.mk netsetup/build.mk runtime/build.mk

# --- libraries: one per tool folder, every .c but the ctr-* mains -----------
LIB_DIRS := checkconfig netsetup runtime
define lib_template
$(1)_SRCS := $$(filter-out $(1)/ctr-%.c,$$(wildcard $(1)/*.c))
$(1)_OBJS := $$($(1)_SRCS:%.c=$(B)/%.o)
$(B)/lib$(1).a: $$($(1)_OBJS)
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach d,$(LIB_DIRS),$(eval $(call lib_template,$(d))))
LIBS := $(foreach d,$(LIB_DIRS),$(B)/lib$(d).a)

# A main in folder D links D's library first, then the others (the runtime
# borrows netsetup's netlink code).
MAIN_SRCS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/ctr-*.c))
BINS      += $(foreach s,$(MAIN_SRCS),$(B)/bin/$(basename $(notdir $(s))))
define main_template
$(B)/bin/$(basename $(notdir $(1))): $(B)/$(1:.c=.o) $(LIBS)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$< -Wl,--start-group $(LIBS) -Wl,--end-group $$(LDLIBS)
endef
$(foreach s,$(MAIN_SRCS),$(eval $(call main_template,$(s))))

include tests/build.mk

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

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
install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/ctr
	install -m 0755 $(BINS) $(DESTDIR)$(SBINDIR)/
	# boot scripts name the commands: point them at this install's SBINDIR
	for f in $(DATA); do \
	  d=$(DESTDIR)$(DATADIR)/ctr/$${f#data/}; mode=0644; \
	  case $$f in *.openrc|*.sh) mode=0755 ;; esac; \
	  install -d $$(dirname $$d); \
	  sed 's|/usr/local/sbin|$(SBINDIR)|g' $$f >$$d && chmod $$mode $$d || exit 1; \
	done
	for m in $(MANS); do s=$${m##*.}; install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done

uninstall:
	for b in $(notdir $(BINS)); do rm -f $(DESTDIR)$(SBINDIR)/$$b; done
	for f in $(DATA); do rm -f $(DESTDIR)$(DATADIR)/ctr/$${f#data/}; done
	-rmdir -p $(DESTDIR)$(DATADIR)/ctr 2>/dev/null
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz

help:
	@echo "targets:"
	@echo "  all        build the ctr-* commands into $(B)/bin"
	@echo "  run        install missing packages, build, run the main job"
	@echo "  check      install missing packages, build, run every test"
	@echo "  check-vm   the integration suites in Debian's kernel under qemu (4 host setups, 5 guests)"
	@echo "  asan       the tests under AddressSanitizer and UBSan"
	@echo "  fuzz       build the libFuzzer targets with clang and run each briefly"
	@echo "  bench      benchmarks, side by side with LXC"
	@echo "  install    install (DESTDIR, PREFIX, SBINDIR, DATADIR, MANDIR)"
	@echo "  uninstall  remove what install put in place"
	@echo "  deps       install missing Debian packages (root) or print the line"
	@echo "  clean      remove build output"
