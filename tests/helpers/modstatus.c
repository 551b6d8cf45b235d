// SPDX-License-Identifier: LGPL-2.1-or-later
/* modstatus DIR [--running] < NAMES: for each module name or alias on
 * standard input, "NAME STATUS" as checkconfig/kmod.c reads it from the
 * depmod indexes in DIR.  For tests/integration/checkconfig-modules.sh,
 * which holds the answers against kmod's own tools. */
#include <stdio.h>
#include <string.h>

#include "ctr/kmod.h"

int main(int argc, char **argv);

int main(int argc, char **argv)
{
	struct modcheck *m = NULL;
	struct diag d = { 0 };
	char line[1024];
	int r;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--running") != 0)) {
		fprintf(stderr, "usage: modstatus DIR [--running] < NAMES\n");
		return 2;
	}
	r = modcheck_new(argv[1], argc == 3, &m, &d);
	if (r < 0) {
		fprintf(stderr, "modstatus: %s: %s\n", d.file, d.msg);
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		enum module_status st;
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		r = modcheck_status(m, line, &st);
		printf("%s %s\n", line, r < 0 ? "error" : module_status_name(st));
	}
	modcheck_free(m);
	return 0;
}
