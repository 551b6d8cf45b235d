# SPDX-License-Identifier: LGPL-2.1-or-later
# test-container: the start path with cgroups and the child's mount setup
# replaced, so the parent/child protocol and its rollbacks run alone.
$(B)/tests/test-container: TEST_LDFLAGS += -Wl,--wrap=cgroup_create -Wl,--wrap=cgroup_join_open \
	-Wl,--wrap=cgroup_destroy -Wl,--wrap=mount_setup
