# SPDX-License-Identifier: LGPL-2.1-or-later
# Tests: cmocka unit tests (tests/unit/test-*.c), libFuzzer targets
# (tests/fuzz/fuzz-*.c, also built as replay runners over their saved corpus),
# integration suites (tests/integration/*.sh) and benchmarks (tests/bench/).
# A unit test that needs symbol wrapping adds, in tests/unit/test-NAME.mk:
#   $(B)/tests/test-NAME: TEST_LDFLAGS += -Wl,--wrap=open

UNIT_SRCS  := $(wildcard tests/unit/test-*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz-*.c)
REPLAY_BINS := $(FUZZ_SRCS:tests/fuzz/fuzz-%.c=$(B)/tests/replay-%)
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRCS:tests/helpers/%.c=$(B)/tests/helpers/%)
-include $(wildcard tests/unit/*.mk)

# tests/integration/escape.sh: LXC side by side, a loop disk made by mke2fs.
DEPS_TEST += lxc e2fsprogs
# tests/integration/house-style.sh: the formatter the tree is kept in.
DEPS_TEST += clang-format
# start-exit.sh sees ctr-start forward a signal; cli-common.sh reads the man
# pages as text (man-db, groff-base and col).
DEPS_TEST += strace bsdextrautils
# tests/bench/seccomp.sh times each start's CPU by perf stat's task-clock.
DEPS_BENCH += linux-perf

CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

.PHONY: tests-build
tests-build: $(UNIT_BINS) $(REPLAY_BINS) $(HELPER_BINS)

$(B)/tests/test-%: $(B)/tests/unit/test-%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CTR_LDFLAGS) $(LDFLAGS) $(TEST_LDFLAGS) -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group $(CMOCKA_LIBS) $(LDLIBS)

$(B)/tests/unit/%.o: tests/unit/%.c $(B)/paths.h
	@mkdir -p $(@D)
	$(CC) $(CTR_CPPFLAGS) $(CPPFLAGS) -Itests $(CTR_CFLAGS) $(CFLAGS) $(CMOCKA_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/tests/replay-%: $(B)/tests/fuzz/fuzz-%.o $(B)/tests/fuzz/replay.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CTR_LDFLAGS) $(LDFLAGS) -o $@ $(B)/tests/fuzz/fuzz-$*.o $(B)/tests/fuzz/replay.o -Wl,--start-group $(LIBS) -Wl,--end-group $(LDLIBS)

$(B)/tests/helpers/%: tests/helpers/%.c $(LIBS) $(B)/paths.h
	@mkdir -p $(@D)
	$(CC) $(CTR_CPPFLAGS) $(CPPFLAGS) $(CTR_CFLAGS) $(CFLAGS) $(CTR_LDFLAGS) $(LDFLAGS) -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group $(LDLIBS)

# Helpers named *-static.c run inside test containers (busybox roots with no
# libc of their own): linked statically, with no library of ours.
STATIC_HELPER_BINS := $(filter %-static,$(HELPER_BINS))
# No sanitizer either: ASan does not link statically.
$(STATIC_HELPER_BINS): $(B)/tests/helpers/%-static: tests/helpers/%-static.c $(B)/paths.h
	@mkdir -p $(@D)
	$(CC) $(CTR_CPPFLAGS) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) $(LDFLAGS) -static -o $@ $<

# make fuzz: clang's libFuzzer, FUZZ_SECONDS per target, starting from the
# saved corpus (copied, so the tree is not written to).
FUZZ_SECONDS ?= 30
fuzz: deps-fuzz
	$(MAKE) B=build-fuzz CC=clang SAN='-fsanitize=address,undefined,fuzzer-no-link' OPT='-O1 -g' \
	        $(FUZZ_SRCS:tests/fuzz/fuzz-%.c=build-fuzz/tests/fuzz-%)
	@for f in $(FUZZ_SRCS:tests/fuzz/fuzz-%.c=%); do \
	  rm -rf build-fuzz/corpus-$$f; mkdir -p build-fuzz/corpus-$$f; \
	  cp -r tests/fuzz/corpus/$$f/. build-fuzz/corpus-$$f/ 2>/dev/null; \
	  echo "fuzz-$$f: $(FUZZ_SECONDS) s"; \
	  build-fuzz/tests/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    build-fuzz/corpus-$$f 2>&1 | tail -n 12 || exit 1; \
	done

build-fuzz/tests/fuzz-%: build-fuzz/tests/fuzz/fuzz-%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CTR_LDFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group $(LDLIBS)
include tests/distro/build.mk
include tests/vm/vm.mk
# Probes run inside busybox containers: static, none of our libraries, and
# no sanitizer (make asan), whose runtime does not link statically.
STATIC_HELPERS := $(B)/tests/helpers/attach-probe
$(STATIC_HELPERS): override SAN :=
$(STATIC_HELPERS): LDFLAGS += -static
$(STATIC_HELPERS): LIBS :=
$(STATIC_HELPERS): LDLIBS :=
