/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccomp filters for containers (runtime/container/seccomp.c, through libseccomp).
 *
 * A policy is a default action and a list of rules (a system call by name
 * or number, an action, up to six argument filters, the ABIs it applies
 * to): any front end may build one.  This one reads LXC's policy files
 * (versions 1 and 2, as LXC 5 reads them) and has a built-in default.
 * seccomp_compile() turns a policy into a BPF program for this host: its
 * native ABI and the compat ABIs LXC covers (x86_64: i386 and x32;
 * aarch64: arm; ppc64: ppc; mips64: mips and n32).  A compiled program can
 * be saved to a file and loaded from it (ctr-attach puts its command under
 * the container's filter that way). */
#ifndef CTR_SECCOMP_H
#define CTR_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctr/cleanup.h"
#include "ctr/diag.h"

enum seccomp_action_kind {
	SECCOMP_ACTION_KILL, /* the thread, as LXC's "kill" */
	SECCOMP_ACTION_ALLOW,
	SECCOMP_ACTION_ERRNO,  /* fails with @data */
	SECCOMP_ACTION_TRAP,   /* SIGSYS */
	SECCOMP_ACTION_TRACE,  /* to a ptrace tracer with @data; ENOSYS without one */
	SECCOMP_ACTION_LOG,    /* allowed and logged */
	SECCOMP_ACTION_NOTIFY, /* to a listener; ctr has none: ENOSYS */
};

struct seccomp_action {
	enum seccomp_action_kind kind;
	uint32_t data; /* errno (0..4095) or trace message */
};

enum seccomp_cmp {
	SECCOMP_CMP_NE,
	SECCOMP_CMP_LT,
	SECCOMP_CMP_LE,
	SECCOMP_CMP_EQ,
	SECCOMP_CMP_GE,
	SECCOMP_CMP_GT,
	SECCOMP_CMP_MASKED_EQ, /* (arg & mask) == value */
};

/* One argument filter: argument @index (0..5) compared with @value. */
struct seccomp_arg {
	unsigned index;
	enum seccomp_cmp op;
	uint64_t value;
	uint64_t mask; /* SECCOMP_CMP_MASKED_EQ only */
};

/* ABIs a rule or a policy can name (bits of seccomp_rule.abis). */
enum seccomp_abi {
	SECCOMP_ABI_X86_64,
	SECCOMP_ABI_X86,
	SECCOMP_ABI_X32,
	SECCOMP_ABI_AARCH64,
	SECCOMP_ABI_ARM,
	SECCOMP_ABI_PPC64LE,
	SECCOMP_ABI_PPC64,
	SECCOMP_ABI_PPC,
	SECCOMP_ABI_MIPS64,
	SECCOMP_ABI_MIPS64N32,
	SECCOMP_ABI_MIPS,
	SECCOMP_ABI_MIPSEL64,
	SECCOMP_ABI_MIPSEL64N32,
	SECCOMP_ABI_MIPSEL,
	SECCOMP_ABI_S390X,
	SECCOMP_ABI_S390,
	SECCOMP_ABI_MAX,
};

#define SECCOMP_ABI_BIT(a) (1u << (a))

/* The ABIs by libseccomp's number and LXC's [section] name
 * (runtime/config/seccomp-policy.c), SECCOMP_ABI_MAX of them. */
struct seccomp_abi_name {
	enum seccomp_abi abi;
	uint32_t scmp;
	const char *section;
};
extern const struct seccomp_abi_name seccomp_abis[];
#define SECCOMP_ABIS_N ((size_t)SECCOMP_ABI_MAX)

/* This host's native ABI and the compat ones LXC puts in the same filter,
 * as SECCOMP_ABI_BIT()s. */
uint32_t seccomp_host_abis(void);

/* This host's native ABI alone, as a SECCOMP_ABI_BIT(); 0 when unknown. */
uint32_t seccomp_native_abi(void);

struct seccomp_rule {
	char *syscall; /* a name libseccomp knows; NULL: @nr */
	int nr;	       /* a native system call number (version 1 files) */
	struct seccomp_action action;
	unsigned n_args;
	struct seccomp_arg args[6];
	uint32_t abis; /* bit SECCOMP_ABI_X: only there; 0: every ABI of the filter */
	unsigned line; /* in the policy file; 0: built in */
};

struct seccomp_policy {
	char *file;			      /* NULL: built in */
	struct seccomp_action default_action; /* for system calls no rule names */
	bool native_only;		      /* no compat ABIs (version 1 files) */
	/* Compiled as libseccomp's binary tree of system call numbers: a
	 * shorter path per call and a cheaper load (the kernel walks the
	 * program once per number to cache what it always allows).  Off for
	 * LXC's files, whose program stays the one LXC loads. */
	bool binary_tree;
	struct seccomp_rule *rules;
	size_t n_rules;
};

/* Reads an LXC seccomp policy from @f (named @file in messages) as LXC 5
 * reads it; see ctr.conf(5), SECCOMP, for the format and where ctr is
 * stricter.  Rules in a section for another architecture are left out;
 * unknown system call names are left out with a warning in @warnings
 * (file:line).  Returns 0 with *ret_policy (caller frees), or -EINVAL with
 * @ret_diag naming the file, line and reason (-ENOMEM). */
int seccomp_policy_parse(FILE *f, const char *file, struct seccomp_policy **ret_policy,
			 struct diag_list *warnings, struct diag *ret_diag);

/* As seccomp_policy_parse, from the file @path.  -errno with @ret_diag when
 * it cannot be read. */
int seccomp_policy_load(const char *path, struct seccomp_policy **ret_policy,
			struct diag_list *warnings, struct diag *ret_diag);

/* The built-in default policy (a denylist): kexec_load, kexec_file_load,
 * open_by_handle_at, init_module, finit_module, delete_module fail with
 * EPERM, umount2 with MNT_FORCE with EACCES (LXC's common.seccomp and
 * more); keyctl, add_key and request_key with ENOSYS, so that userspace
 * falls back as it does without a kernel keyring.  Returns 0 with
 * *ret_policy (caller frees) or -ENOMEM. */
int seccomp_policy_default(struct seccomp_policy **ret_policy);

void seccomp_policy_free(struct seccomp_policy *p);

/* A compiled BPF program. */
struct seccomp_prog;

/* Compiles @p for this host.  Returns 0 with *ret_prog (caller frees), or
 * -errno with @ret_diag naming the rule's line (an action the kernel lacks,
 * a rule libseccomp refuses). */
int seccomp_compile(const struct seccomp_policy *p, struct seccomp_prog **ret_prog,
		    struct diag *ret_diag);

/* seccomp_compile through a cache of compiled programs in @cache_dir (the
 * run dir: root's, and empty again at boot): a program compiled once for
 * the same policy, libseccomp, kernel and ctr is read back instead of
 * compiled (compiling costs most of what a filter adds to a start).  The
 * key hashes every rule, so a changed policy file compiles anew.  With
 * @save_path (may be NULL), the program is also saved there, mode 0600, as
 * seccomp_prog_save does: a hard link of the cache file where it can be.
 * Returns as seccomp_compile. */
int seccomp_compile_cached(const struct seccomp_policy *p, const char *cache_dir,
			   const char *save_path, struct seccomp_prog **ret_prog,
			   struct diag *ret_diag);

/* The number of BPF instructions in @prog. */
size_t seccomp_prog_size(const struct seccomp_prog *prog);

/* Writes @prog to a new file @path, mode 0600 (replacing one there).
 * Returns 0 or -errno. */
int seccomp_prog_save(const struct seccomp_prog *prog, const char *path);

/* Reads a program saved by seccomp_prog_save.  Returns 0 with *ret_prog
 * (caller frees), -ENOENT when there is none, -EINVAL when it is not a BPF
 * program, or -errno. */
int seccomp_prog_read(const char *path, struct seccomp_prog **ret_prog);

/* Installs @prog on the calling thread (seccomp(2), else prctl): needs
 * no_new_privs or CAP_SYS_ADMIN in its user namespace.  Returns 0 or
 * -errno. */
int seccomp_prog_load(const struct seccomp_prog *prog);

/* seccomp_prog_read and seccomp_prog_load: 0, or -errno (-ENOENT: no
 * file). */
int seccomp_load_file(const char *path);

void seccomp_prog_free(struct seccomp_prog *prog);

DEFINE_CLEANUP_FUNC(struct seccomp_policy *, seccomp_policy_free)
DEFINE_CLEANUP_FUNC(struct seccomp_prog *, seccomp_prog_free)

/* True when the calling thread runs under a seccomp filter already. */
bool seccomp_active(void);

/* True when the kernel has seccomp filters (CONFIG_SECCOMP_FILTER). */
bool seccomp_available(void);

#endif
