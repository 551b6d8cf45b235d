# SPDX-License-Identifier: LGPL-2.1-or-later
# close_range wrapped: the fallback for kernels before 5.9 / 5.11 runs here too.
$(B)/tests/test-fsutil: TEST_LDFLAGS += -Wl,--wrap=close_range
