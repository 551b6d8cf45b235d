# SPDX-License-Identifier: LGPL-2.1-or-later
# test-config forces allocation failures in the parser (test_out_of_memory).
$(B)/tests/test-config: TEST_LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
