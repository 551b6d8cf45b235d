# SPDX-License-Identifier: LGPL-2.1-or-later
$(B)/tests/test-netsetup-fault: TEST_LDFLAGS += -Wl,--wrap=nl_send_auto -Wl,--wrap=nl_wait_for_ack
