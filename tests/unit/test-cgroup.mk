# SPDX-License-Identifier: LGPL-2.1-or-later
$(B)/tests/test-cgroup: TEST_LDFLAGS += -Wl,--wrap=mountinfo_open
