# SPDX-License-Identifier: LGPL-2.1-or-later
$(B)/tests/test-kmod: TEST_LDFLAGS += -Wl,--wrap=dlsym
