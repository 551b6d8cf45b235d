# SPDX-License-Identifier: LGPL-2.1-or-later
# test-attach: the sealed re-exec with memfd_create and fexecve replaced, so
# that the copy is checked instead of run and its failures are forced.
$(B)/tests/test-attach: TEST_LDFLAGS += -Wl,--wrap=memfd_create -Wl,--wrap=fexecve
