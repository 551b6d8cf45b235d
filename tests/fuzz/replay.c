// SPDX-License-Identifier: LGPL-2.1-or-later
/* Replay runner: feeds each file named on the command line (or each file in
 * a named directory) to a libFuzzer target, so saved inputs run in `make
 * check` without clang.  Prints TAP. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int main(int argc, char **argv);

static int replay_file(const char *path, int *n)
{
	FILE *f = fopen(path, "rbe");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return -1;
	do {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap ? cap * 2 : 4096);
			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - replay %s\n", ++*n, path);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			printf("not ok %d - replay %s: cannot stat\n", ++n, argv[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct dirent **ents;
			int k = scandir(argv[i], &ents, NULL, alphasort);
			for (int j = 0; j < k; j++) {
				char p[4096];
				if (ents[j]->d_name[0] != '.') {
					snprintf(p, sizeof(p), "%s/%s", argv[i], ents[j]->d_name);
					if (replay_file(p, &n) < 0)
						printf("not ok %d - replay %s: cannot read\n", ++n,
						       p);
				}
				free(ents[j]);
			}
			if (k >= 0)
				free(ents);
		} else if (replay_file(argv[i], &n) < 0) {
			printf("not ok %d - replay %s: cannot read\n", ++n, argv[i]);
		}
	}
	printf("1..%d\n", n);
	return 0;
}
