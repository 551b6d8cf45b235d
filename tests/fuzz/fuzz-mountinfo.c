// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the mountinfo(5) reader (lib/mountinfo.c): any bytes
 * as the table, read back through a memfd.  No crash, no leak, and each
 * mount it returns is whole: every field set, a file system type, at most
 * one mount a line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ctr/mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	_cleanup_(mountinfo_closep) struct mountinfo *mi = NULL;
	struct mountinfo_entry e;
	size_t lines = 1, n = 0;
	char path[64];
	int r;

	if (fd < 0 && (fd = memfd_create("fuzz-mountinfo", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (mountinfo_open(path, &mi) < 0)
		abort();
	while ((r = mountinfo_next(mi, &e)) > 0) {
		if (!e.root || !e.mount_point || !e.options || !e.fstype || !e.source ||
		    !e.super_options || !e.fstype[0] || e.id < 0 || e.parent < 0)
			abort();
		if (++n > lines)
			abort();
	}
	if (r < 0)
		abort();
	return 0;
}
