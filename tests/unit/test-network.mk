# SPDX-License-Identifier: LGPL-2.1-or-later
# test-network: names and MACs, and net_setup's rollback when a step the
# kernel would not refuse on demand fails (wraps on the netsetup calls).
$(B)/tests/test-network: TEST_LDFLAGS += -Wl,--wrap=bridge_enslave -Wl,--wrap=link_set_up \
	-Wl,--wrap=addr_add -Wl,--wrap=link_set_mac
