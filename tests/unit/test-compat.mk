# SPDX-License-Identifier: LGPL-2.1-or-later
# getrandom wrapped: mac_random's /dev/urandom fallback (before 3.17) runs here too.
$(B)/tests/test-compat: TEST_LDFLAGS += -Wl,--wrap=getrandom
