// SPDX-License-Identifier: LGPL-2.1-or-later
/* enosys-exec RULE... -- CMD [ARG...]: runs CMD under a seccomp filter that
 * makes the system calls RULE names fail as an older kernel would, so the
 * runtime's fallbacks can be tested on a new kernel (tests/integration/
 * oldkernel.sh).  The filter is inherited by everything CMD starts,
 * containers included.
 *
 * RULE is NAME[:ARG{=|&}VALUE][/ERRNO]:
 *   clone3                       clone3 fails with ENOSYS (the default)
 *   clone:0&0x1000/EINVAL        clone with CLONE_PIDFD set in argument 0
 *   ioctl:1=0x5441/ENOTTY        ioctl whose argument 1 is TIOCGPTPEER
 * ERRNO is a number or one of ENOSYS, EINVAL, ENOTTY, EPERM.  A NAME this
 * libseccomp does not know is an error (a typo must not pass as "blocked").
 * Exit status: CMD's (exec), 2 on bad rules, 127 when CMD cannot be run.
 *
 * enosys-exec --check NAME...: calls each NAME with every argument -1 (bad
 * pointers, bad fds: nothing happens) and prints "NAME ENOSYS" or "NAME
 * ok": run under a filter, it shows the filter holds; without, that this
 * kernel has the call, so the fallback is what a test exercised. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int errno_of(const char *s)
{
	static const struct {
		const char *name;
		int err;
	} names[] = { { "ENOSYS", ENOSYS },
		      { "EINVAL", EINVAL },
		      { "ENOTTY", ENOTTY },
		      { "EPERM", EPERM },
		      { "EOPNOTSUPP", EOPNOTSUPP } };
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].err;
	v = strtol(s, &end, 0);
	return *s && !*end && v > 0 && v < 4096 ? (int)v : -1;
}

static int add_rule(scmp_filter_ctx ctx, const char *spec)
{
	char name[64], *colon, *slash;
	struct scmp_arg_cmp cmp;
	unsigned arg = 0;
	int err = ENOSYS, nr, r;
	char op = 0;
	unsigned long long val = 0;

	if (strlen(spec) >= sizeof(name))
		return -EINVAL;
	strcpy(name, spec);
	slash = strchr(name, '/');
	if (slash) {
		*slash++ = '\0';
		err = errno_of(slash);
		if (err < 0)
			return -EINVAL;
	}
	colon = strchr(name, ':');
	if (colon) {
		char *end;
		*colon++ = '\0';
		arg = (unsigned)strtoul(colon, &end, 10);
		op = *end;
		if (arg > 5 || (op != '=' && op != '&') || !end[1])
			return -EINVAL;
		val = strtoull(end + 1, &end, 0);
		if (*end)
			return -EINVAL;
	}
	nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return -ENOENT;
	if (!op)
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)err), nr, 0);
	cmp = op == '=' ? (struct scmp_arg_cmp){ arg, SCMP_CMP_EQ, val, 0 }
			: (struct scmp_arg_cmp){ arg, SCMP_CMP_MASKED_EQ, val, val };
	r = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO((unsigned)err), nr, 1, &cmp);
	return r;
}

static int check(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		int nr = seccomp_syscall_resolve_name(argv[i]);
		long r;
		if (nr == __NR_SCMP_ERROR) {
			fprintf(stderr, "enosys-exec: unknown system call '%s'\n", argv[i]);
			return 2;
		}
		r = syscall(nr, -1L, -1L, -1L, -1L, -1L, -1L);
		printf("%s %s\n", argv[i], r < 0 && errno == ENOSYS ? "ENOSYS" : "ok");
	}
	return 0;
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int i, r;

	if (argc > 1 && !strcmp(argv[1], "--check"))
		return check(argc, argv);
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		;
	if (i >= argc - 1) {
		fprintf(stderr, "usage: enosys-exec RULE... -- CMD [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) {
		fprintf(stderr, "enosys-exec: cannot make a filter\n");
		return 2;
	}
	for (int k = 1; k < i; k++) {
		r = add_rule(ctx, argv[k]);
		if (r < 0) {
			fprintf(stderr, "enosys-exec: bad rule '%s' (%s)\n", argv[k], strerror(-r));
			return 2;
		}
	}
	r = seccomp_load(ctx);
	if (r < 0) {
		fprintf(stderr, "enosys-exec: cannot load the filter (%s)\n", strerror(-r));
		return 2;
	}
	seccomp_release(ctx);
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "enosys-exec: cannot run '%s' (%s)\n", argv[i + 1], strerror(errno));
	return 127;
}
