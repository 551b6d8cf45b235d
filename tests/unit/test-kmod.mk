$(B)/tests/test-kmod: TEST_LDFLAGS += -Wl,--wrap=kmod_new -Wl,--wrap=kmod_module_new_from_lookup
