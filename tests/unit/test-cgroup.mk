$(B)/tests/test-cgroup: TEST_LDFLAGS += -Wl,--wrap=fopen
