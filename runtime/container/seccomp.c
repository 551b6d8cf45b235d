// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccomp: the compiler of a policy (runtime/config/seccomp-policy.c) to
 * BPF (libseccomp) and the saved programs ctr-attach loads.
 *
 * LXC 5's reader (src/lxc/seccomp.c) is the reference for what a policy
 * file means: in version 2 an [arch] section only decides whether the
 * rules after it are read on this host; a rule that is read applies to the
 * native ABI and to each compat ABI where the system call exists. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/compat.h"
#include "ctr/seccomp.h"

DEFINE_CLEANUP_FUNC(scmp_filter_ctx, seccomp_release)

/* The largest program the kernel takes (BPF_MAXINSNS). */
#define PROG_MAX_INSNS 4096

struct seccomp_prog {
	size_t n;
	struct sock_filter insns[];
};

/* --- the compiler ------------------------------------------------------------------- */

static uint32_t scmp_action(const struct seccomp_action *a)
{
	switch (a->kind) {
	case SECCOMP_ACTION_KILL:
		return SCMP_ACT_KILL;
	case SECCOMP_ACTION_ALLOW:
		return SCMP_ACT_ALLOW;
	case SECCOMP_ACTION_ERRNO:
		return SCMP_ACT_ERRNO(a->data);
	case SECCOMP_ACTION_TRAP:
		return SCMP_ACT_TRAP;
	case SECCOMP_ACTION_TRACE:
		return SCMP_ACT_TRACE(a->data);
	case SECCOMP_ACTION_LOG:
		return SCMP_ACT_LOG;
	case SECCOMP_ACTION_NOTIFY:
		return SCMP_ACT_NOTIFY;
	}
	return SCMP_ACT_KILL;
}

static const enum scmp_compare scmp_ops[] = {
	[SECCOMP_CMP_NE] = SCMP_CMP_NE,
	[SECCOMP_CMP_LT] = SCMP_CMP_LT,
	[SECCOMP_CMP_LE] = SCMP_CMP_LE,
	[SECCOMP_CMP_EQ] = SCMP_CMP_EQ,
	[SECCOMP_CMP_GE] = SCMP_CMP_GE,
	[SECCOMP_CMP_GT] = SCMP_CMP_GT,
	[SECCOMP_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

static const char *const action_names[] = {
	[SECCOMP_ACTION_KILL] = "kill",	    [SECCOMP_ACTION_ALLOW] = "allow",
	[SECCOMP_ACTION_ERRNO] = "errno",   [SECCOMP_ACTION_TRAP] = "trap",
	[SECCOMP_ACTION_TRACE] = "trace",   [SECCOMP_ACTION_LOG] = "log",
	[SECCOMP_ACTION_NOTIFY] = "notify",
};

/* A filter for one ABI with @def as its default action, a binary tree of
 * system call numbers with @tree. */
static int ctx_new(uint32_t arch, uint32_t def, bool tree, scmp_filter_ctx *ret)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int r;

	if (!ctx)
		return -ENOMEM;
	/* no_new_privs is lxc.no_new_privs' business, not the filter's */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r == 0)
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_API_TSKIP, 1);
	if (r == 0 && tree)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0 && arch != seccomp_arch_native()) {
		r = seccomp_arch_add(ctx, arch);
		if (r == 0)
			r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*ret = ctx;
	return 0;
}

static int rule_fail(const struct seccomp_policy *p, const struct seccomp_rule *rule, int r,
		     struct diag *d, const char *abi)
{
	char what[64];
	const char *why = strerror(-r);

	if (rule->syscall)
		snprintf(what, sizeof(what), "%s", rule->syscall);
	else
		snprintf(what, sizeof(what), "%d", rule->nr);
	if (r == -EINVAL && rule->action.kind >= SECCOMP_ACTION_TRACE)
		why = "the kernel or libseccomp lacks this action";
	else if (r == -EACCES)
		why = "the same action as the policy's default";
	else if (r == -EEXIST)
		why = "another rule for it has a different action";
	diag_set(d, p->file, rule->line, NULL,
		 "cannot add the rule for '%s' (action %s) to the "
		 "seccomp filter for %s (%s)",
		 what, action_names[rule->action.kind], abi, why);
	return r;
}

/* A program from @fd, from its start: whole instructions, at most
 * PROG_MAX_INSNS.  -EINVAL when it is not that. */
static int prog_from_fd(int fd, struct seccomp_prog **ret)
{
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return NEG_ERRNO();
	if (!S_ISREG(st.st_mode) || st.st_size == 0 || st.st_size % sizeof(struct sock_filter) ||
	    (size_t)st.st_size / sizeof(struct sock_filter) > PROG_MAX_INSNS)
		return -EINVAL;
	prog = malloc(sizeof(*prog) + (size_t)st.st_size);
	if (!prog)
		return -ENOMEM;
	prog->n = (size_t)st.st_size / sizeof(struct sock_filter);
	if (pread(fd, prog->insns, (size_t)st.st_size, 0) != st.st_size)
		return -EIO;
	*ret = TAKE_PTR(prog);
	return 0;
}

/* seccomp_export_bpf writes to an fd: a memfd, read back. */
static int export_prog(scmp_filter_ctx ctx, struct seccomp_prog **ret)
{
	_cleanup_close_ int fd = compat_memfd("ctr-seccomp", false);
	int r;

	if (fd < 0)
		return fd;
	if ((r = seccomp_export_bpf(ctx, fd)) < 0)
		return r;
	r = prog_from_fd(fd, ret);
	return r == -EINVAL ? -E2BIG : r;
}

int seccomp_compile(const struct seccomp_policy *p, struct seccomp_prog **ret_prog,
		    struct diag *ret_diag)
{
	_cleanup_(seccomp_releasep) scmp_filter_ctx main_ctx = NULL;
	uint32_t want = p->native_only ? seccomp_native_abi() : seccomp_host_abis();
	uint32_t def = scmp_action(&p->default_action);
	uint32_t native = seccomp_arch_native();
	int r;

	if (!want) {
		diag_set(ret_diag, p->file, 0, NULL,
			 "no seccomp support for this host's "
			 "architecture in libseccomp");
		return -EOPNOTSUPP;
	}
	for (size_t i = 0; i < SECCOMP_ABIS_N; i++) {
		_cleanup_(seccomp_releasep) scmp_filter_ctx ctx = NULL;
		uint32_t arch = seccomp_abis[i].scmp;

		if (!(want & SECCOMP_ABI_BIT(seccomp_abis[i].abi)))
			continue;
		if ((r = ctx_new(arch, def, p->binary_tree, &ctx)) < 0) {
			diag_set(ret_diag, p->file, 0, NULL,
				 "cannot make a seccomp filter for "
				 "ABI %s (%s)",
				 seccomp_abis[i].section, strerror(-r));
			return r;
		}
		for (size_t j = 0; j < p->n_rules; j++) {
			const struct seccomp_rule *rule = &p->rules[j];
			struct scmp_arg_cmp cmp[6];
			int nr;

			if (rule->abis && !(rule->abis & SECCOMP_ABI_BIT(seccomp_abis[i].abi)))
				continue;
			if (rule->syscall) {
				/* the native number (or libseccomp's pseudo
				 * number), translated per ABI; left out where
				 * the ABI lacks the call, as LXC does */
				nr = seccomp_syscall_resolve_name(rule->syscall);
				if (nr == __NR_SCMP_ERROR)
					continue;
				if (arch == native ? nr < 0
						   : seccomp_syscall_resolve_name_arch(
							     arch, rule->syscall) < 0)
					continue;
			} else
				nr = rule->nr;
			for (unsigned k = 0; k < rule->n_args; k++) {
				const struct seccomp_arg *a = &rule->args[k];
				cmp[k] = (struct scmp_arg_cmp){
					.arg = a->index,
					.op = scmp_ops[a->op],
					.datum_a =
						a->op == SECCOMP_CMP_MASKED_EQ ? a->mask : a->value,
					.datum_b = a->op == SECCOMP_CMP_MASKED_EQ ? a->value : 0,
				};
			}
			r = seccomp_rule_add_exact_array(ctx, scmp_action(&rule->action), nr,
							 rule->n_args, cmp);
			if (r < 0)
				return rule_fail(p, rule, r, ret_diag, seccomp_abis[i].section);
		}
		if (!main_ctx)
			main_ctx = TAKE_PTR(ctx);
		else if ((r = seccomp_merge(main_ctx, ctx)) < 0) {
			diag_set(ret_diag, p->file, 0, NULL,
				 "cannot merge the seccomp filter for "
				 "ABI %s (%s)",
				 seccomp_abis[i].section, strerror(-r));
			return r;
		} else
			ctx = NULL; /* seccomp_merge took it */
	}
	r = export_prog(main_ctx, ret_prog);
	if (r < 0)
		diag_set(ret_diag, p->file, 0, NULL, "cannot export the seccomp filter (%s)",
			 strerror(-r));
	return r;
}

/* FNV-1a, 64 bits, from @h over @len bytes of @data. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *b = data;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* What a compiled program depends on, hashed twice (two offset bases, 128
 * bits): every rule of @p with its action, arguments and ABIs, the filter's
 * default action, ABIs and shape, libseccomp (the version built against and the
 * one running), the kernel (release, build and machine: what the kernel
 * offers libseccomp follows from it) and ctr's version.  Into @buf as hex.
 * Nothing here asks the kernel what it offers (seccomp_api_get probes it
 * with eleven system calls): a cache hit makes no call into libseccomp
 * that does. */
static void cache_key(const struct seccomp_policy *p, char buf[33])
{
	const struct scmp_version *v = seccomp_version();
	const unsigned built[3] = { SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO };
	uint32_t abis = p->native_only ? seccomp_native_abi() : seccomp_host_abis();
	uint64_t h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	struct utsname u;

	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	for (int k = 0; k < 2; k++) {
		h[k] = fnv1a(h[k], CTR_VERSION, sizeof(CTR_VERSION));
		h[k] = fnv1a(h[k], built, sizeof(built));
		h[k] = fnv1a(h[k], v, sizeof(*v));
		h[k] = fnv1a(h[k], u.release, strnlen(u.release, sizeof(u.release)));
		h[k] = fnv1a(h[k], u.version, strnlen(u.version, sizeof(u.version)));
		h[k] = fnv1a(h[k], u.machine, strnlen(u.machine, sizeof(u.machine)));
		h[k] = fnv1a(h[k], &abis, sizeof(abis));
		h[k] = fnv1a(h[k], &p->binary_tree, sizeof(p->binary_tree));
		h[k] = fnv1a(h[k], &p->default_action, sizeof(p->default_action));
		for (size_t j = 0; j < p->n_rules; j++) {
			const struct seccomp_rule *r = &p->rules[j];

			if (r->syscall)
				h[k] = fnv1a(h[k], r->syscall, strlen(r->syscall) + 1);
			else
				h[k] = fnv1a(h[k], &r->nr, sizeof(r->nr));
			h[k] = fnv1a(h[k], &r->action, sizeof(r->action));
			h[k] = fnv1a(h[k], &r->abis, sizeof(r->abis));
			h[k] = fnv1a(h[k], &r->n_args, sizeof(r->n_args));
			for (unsigned a = 0; a < r->n_args && a < 6; a++) {
				const struct seccomp_arg *g = &r->args[a];
				uint64_t f[4] = { g->index, (uint64_t)g->op, g->value, g->mask };

				h[k] = fnv1a(h[k], f, sizeof(f));
			}
		}
	}
	snprintf(buf, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

static int save_fail(const char *save_path, int r, struct diag *ret_diag)
{
	diag_set(ret_diag, NULL, 0, NULL, "cannot save the seccomp filter to '%s' (%s)", save_path,
		 strerror(-r));
	return r;
}

/* @prog also at @save_path (may be NULL): a hard link of @fd, the cache
 * file it was read from or written to (one system call, no new inode),
 * else a new file.  Returns 0 or -errno. */
static int cache_save(const struct seccomp_prog *prog, int fd, const char *save_path)
{
	if (!save_path)
		return 0;
	/* the very inode checked and read, not whatever the name holds now
	 * (AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH: else a copy) */
	if (fd >= 0 && linkat(fd, "", AT_FDCWD, save_path, AT_EMPTY_PATH) == 0)
		return 0;
	return seccomp_prog_save(prog, save_path);
}

int seccomp_compile_cached(const struct seccomp_policy *p, const char *cache_dir,
			   const char *save_path, struct seccomp_prog **ret_prog,
			   struct diag *ret_diag)
{
	_cleanup_free_ char *path = NULL, *tmp = NULL;
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	_cleanup_close_ int fd = -EBADF;
	char key[33];
	struct stat st;
	int r;

	cache_key(p, key);
	if (asprintf(&path, "%s/.seccomp-%s.bpf", cache_dir, key) < 0 ||
	    asprintf(&tmp, "%s.%d", path, (int)getpid()) < 0)
		return -ENOMEM;
	/* only a file of ours that nobody else could have written */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == geteuid() && !(st.st_mode & 022) &&
	    prog_from_fd(fd, &prog) == 0) {
		if ((r = cache_save(prog, fd, save_path)) < 0)
			return save_fail(save_path, r, ret_diag);
		*ret_prog = TAKE_PTR(prog);
		return 0;
	}
	closep(&fd);
	fd = -EBADF;
	if ((r = seccomp_compile(p, &prog, ret_diag)) < 0)
		return r;
	/* a cache that cannot be written costs the next start a compile */
	if (seccomp_prog_save(prog, tmp) == 0) {
		fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (rename(tmp, path) < 0) {
			(void)unlink(tmp);
			closep(&fd);
			fd = -EBADF;
		}
	}
	if ((r = cache_save(prog, fd, save_path)) < 0)
		return save_fail(save_path, r, ret_diag);
	*ret_prog = TAKE_PTR(prog);
	return 0;
}

/* --- programs ------------------------------------------------------------------------- */

void seccomp_prog_free(struct seccomp_prog *prog)
{
	free(prog);
}

size_t seccomp_prog_size(const struct seccomp_prog *prog)
{
	return prog ? prog->n : 0;
}

int seccomp_prog_save(const struct seccomp_prog *prog, const char *path)
{
	_cleanup_close_ int fd = -EBADF;
	size_t len = prog->n * sizeof(struct sock_filter);

	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return NEG_ERRNO();
	if (write(fd, prog->insns, len) != (ssize_t)len) {
		int r = errno ? NEG_ERRNO() : -EIO;
		unlink(path);
		return r;
	}
	return 0;
}

int seccomp_prog_read(const char *path, struct seccomp_prog **ret_prog)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return NEG_ERRNO();
	return prog_from_fd(fd, ret_prog);
}

int seccomp_prog_load(const struct seccomp_prog *prog)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)prog->n,
		.filter = (struct sock_filter *)prog->insns,
	};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0)
		return 0;
	if (errno != ENOSYS)
		return NEG_ERRNO();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0)
		return NEG_ERRNO();
	return 0;
}

int seccomp_load_file(const char *path)
{
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	int r = seccomp_prog_read(path, &prog);

	return r < 0 ? r : seccomp_prog_load(prog);
}

bool seccomp_active(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2;
}

bool seccomp_available(void)
{
	uint32_t action = SECCOMP_RET_ALLOW;

	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0 ||
	    (errno != ENOSYS && errno != EINVAL))
		return true;
	/* before 4.14 (no GET_ACTION_AVAIL) or 3.17 (no seccomp(2)): a NULL
	 * filter is EFAULT where filters exist (3.5), EINVAL where not */
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) < 0 && errno == EFAULT;
}
