$(B)/tests/test-kmod: TEST_LDFLAGS += -Wl,--wrap=dlsym
