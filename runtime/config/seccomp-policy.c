// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccomp policies: LXC's policy files and the built-in default policy,
 * part of the config language (lxc.seccomp.profile).  The compiler to BPF
 * and the saved programs are the container runtime's
 * (runtime/container/seccomp.c).
 *
 * LXC 5's reader (src/lxc/seccomp.c) is the reference for what a policy
 * file means: in version 2 an [arch] section only decides whether the
 * rules after it are read on this host; a rule that is read applies to the
 * native ABI and to each compat ABI where the system call exists. */
#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/seccomp.h"

#define POLICY_MAX_LINE 4096

const struct seccomp_abi_name seccomp_abis[] = {
	{ SECCOMP_ABI_X86_64, SCMP_ARCH_X86_64, "x86_64" },
	{ SECCOMP_ABI_X86, SCMP_ARCH_X86, "x86" },
	{ SECCOMP_ABI_X32, SCMP_ARCH_X32, "x32" },
	{ SECCOMP_ABI_AARCH64, SCMP_ARCH_AARCH64, "arm64" },
	{ SECCOMP_ABI_ARM, SCMP_ARCH_ARM, "arm" },
	{ SECCOMP_ABI_PPC64LE, SCMP_ARCH_PPC64LE, "ppc64le" },
	{ SECCOMP_ABI_PPC64, SCMP_ARCH_PPC64, "ppc64" },
	{ SECCOMP_ABI_PPC, SCMP_ARCH_PPC, "ppc" },
	{ SECCOMP_ABI_MIPS64, SCMP_ARCH_MIPS64, "mips64" },
	{ SECCOMP_ABI_MIPS64N32, SCMP_ARCH_MIPS64N32, "mips64n32" },
	{ SECCOMP_ABI_MIPS, SCMP_ARCH_MIPS, "mips" },
	{ SECCOMP_ABI_MIPSEL64, SCMP_ARCH_MIPSEL64, "mipsel64" },
	{ SECCOMP_ABI_MIPSEL64N32, SCMP_ARCH_MIPSEL64N32, "mipsel64n32" },
	{ SECCOMP_ABI_MIPSEL, SCMP_ARCH_MIPSEL, "mipsel" },
	{ SECCOMP_ABI_S390X, SCMP_ARCH_S390X, "s390x" },
	{ SECCOMP_ABI_S390, SCMP_ARCH_S390, "s390" },
};

_Static_assert(sizeof(seccomp_abis) / sizeof(seccomp_abis[0]) == SECCOMP_ABI_MAX,
	       "one name per ABI");

uint32_t seccomp_host_abis(void)
{
	uint32_t native = seccomp_arch_native();

	switch (native) {
	case SCMP_ARCH_X86_64:
		return SECCOMP_ABI_BIT(SECCOMP_ABI_X86_64) | SECCOMP_ABI_BIT(SECCOMP_ABI_X86) |
		       SECCOMP_ABI_BIT(SECCOMP_ABI_X32);
	case SCMP_ARCH_AARCH64:
		return SECCOMP_ABI_BIT(SECCOMP_ABI_AARCH64) | SECCOMP_ABI_BIT(SECCOMP_ABI_ARM);
	case SCMP_ARCH_PPC64:
		return SECCOMP_ABI_BIT(SECCOMP_ABI_PPC64) | SECCOMP_ABI_BIT(SECCOMP_ABI_PPC);
	case SCMP_ARCH_MIPS64:
		return SECCOMP_ABI_BIT(SECCOMP_ABI_MIPS64) |
		       SECCOMP_ABI_BIT(SECCOMP_ABI_MIPS64N32) | SECCOMP_ABI_BIT(SECCOMP_ABI_MIPS);
	case SCMP_ARCH_MIPSEL64:
		return SECCOMP_ABI_BIT(SECCOMP_ABI_MIPSEL64) |
		       SECCOMP_ABI_BIT(SECCOMP_ABI_MIPSEL64N32) |
		       SECCOMP_ABI_BIT(SECCOMP_ABI_MIPSEL);
	}
	for (size_t i = 0; i < SECCOMP_ABIS_N; i++)
		if (seccomp_abis[i].scmp == native)
			return SECCOMP_ABI_BIT(seccomp_abis[i].abi);
	return 0;
}

uint32_t seccomp_native_abi(void)
{
	uint32_t native = seccomp_arch_native();

	for (size_t i = 0; i < SECCOMP_ABIS_N; i++)
		if (seccomp_abis[i].scmp == native)
			return SECCOMP_ABI_BIT(seccomp_abis[i].abi);
	return 0;
}

/* --- policies ------------------------------------------------------------------ */

void seccomp_policy_free(struct seccomp_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++)
		free(p->rules[i].syscall);
	free(p->rules);
	free(p->file);
	free(p);
}

static int rule_add(struct seccomp_policy *p, const struct seccomp_rule *r)
{
	struct seccomp_rule *nv = realloc(p->rules, (p->n_rules + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	p->rules = nv;
	nv[p->n_rules] = *r;
	if (r->syscall && !(nv[p->n_rules].syscall = strdup(r->syscall)))
		return -ENOMEM;
	p->n_rules++;
	return 0;
}

/* LXC's reject_force_umount: umount2(..., MNT_FORCE) fails with EACCES. */
static int rule_add_force_umount(struct seccomp_policy *p, unsigned line)
{
	struct seccomp_rule r = {
		.syscall = (char *)"umount2",
		.action = { SECCOMP_ACTION_ERRNO, EACCES },
		.n_args = 1,
		.args = { { 1, SECCOMP_CMP_MASKED_EQ, MNT_FORCE, MNT_FORCE } },
		.line = line,
	};
	return rule_add(p, &r);
}

int seccomp_policy_default(struct seccomp_policy **ret_policy)
{
	static const struct {
		const char *name;
		int err;
	} deny[] = {
		{ "kexec_load", EPERM },	{ "kexec_file_load", EPERM },
		{ "open_by_handle_at", EPERM }, { "init_module", EPERM },
		{ "finit_module", EPERM },	{ "delete_module", EPERM },
		{ "keyctl", ENOSYS },		{ "add_key", ENOSYS },
		{ "request_key", ENOSYS },
	};
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = calloc(1, sizeof(*p));
	int r;

	if (!p)
		return -ENOMEM;
	p->default_action.kind = SECCOMP_ACTION_ALLOW;
	p->binary_tree = true;
	for (size_t i = 0; i < ARRAY_SIZE(deny); i++) {
		struct seccomp_rule rule = {
			.syscall = (char *)deny[i].name,
			.action = { SECCOMP_ACTION_ERRNO, (uint32_t)deny[i].err },
		};
		if ((r = rule_add(p, &rule)) < 0)
			return r;
	}
	if ((r = rule_add_force_umount(p, 0)) < 0)
		return r;
	*ret_policy = TAKE_PTR(p);
	return 0;
}

/* --- the LXC reader --------------------------------------------------------------- */

struct reader {
	const char *file;
	unsigned line;
	struct diag *diag;
	struct diag_list *warnings;
};

__attribute__((format(printf, 2, 3))) static int fail(struct reader *rd, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(rd->diag, rd->file, rd->line, NULL, "%s", msg);
	return -EINVAL;
}

static char *skip_blank(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void strip_end(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
}

/* The next blank-separated word of *s (NUL-terminated in place), or NULL
 * at the end or at a '#' remark. */
static char *next_word(char **s)
{
	char *w = skip_blank(*s), *e;

	if (!*w || *w == '#')
		return NULL;
	e = w + strcspn(w, " \t");
	if (*e)
		*e++ = '\0';
	*s = e;
	return w;
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end || errno)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* An action word and what it takes from *s: "errno N", "trace [N]". */
static int parse_action(struct reader *rd, const char *word, char **s, struct seccomp_action *ret)
{
	static const struct {
		const char *name;
		enum seccomp_action_kind kind;
	} words[] = {
		{ "kill", SECCOMP_ACTION_KILL },     { "allow", SECCOMP_ACTION_ALLOW },
		{ "trap", SECCOMP_ACTION_TRAP },     { "log", SECCOMP_ACTION_LOG },
		{ "notify", SECCOMP_ACTION_NOTIFY }, { "errno", SECCOMP_ACTION_ERRNO },
		{ "trace", SECCOMP_ACTION_TRACE },
	};
	char *save = *s, *n;
	uint64_t v = 0;

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (strcmp(word, words[i].name) != 0)
			continue;
		ret->kind = words[i].kind;
		ret->data = 0;
		if (ret->kind != SECCOMP_ACTION_ERRNO && ret->kind != SECCOMP_ACTION_TRACE)
			return 0;
		n = next_word(s);
		if (n && *n == '[') {
			*s = save; /* an argument filter, not a number */
			n = NULL;
		}
		if (!n && ret->kind == SECCOMP_ACTION_TRACE)
			return 0;
		if (!n)
			return fail(rd, "'errno' needs a number (errno 1 for EPERM)");
		if (parse_u64(n, &v) < 0 || v > (ret->kind == SECCOMP_ACTION_ERRNO ? 4095 : 65535))
			return fail(rd, "invalid number '%s' after '%s' (0 to %d)", n, word,
				    ret->kind == SECCOMP_ACTION_ERRNO ? 4095 : 65535);
		ret->data = (uint32_t)v;
		return 0;
	}
	return fail(rd, "unknown action '%s' (kill, allow, errno N, trap, trace, log, notify)",
		    word);
}

static int parse_cmp(const char *s, enum seccomp_cmp *ret)
{
	static const struct {
		const char *name, *sym;
		enum seccomp_cmp op;
	} ops[] = {
		{ "SCMP_CMP_NE", "!=", SECCOMP_CMP_NE },
		{ "SCMP_CMP_LT", "<", SECCOMP_CMP_LT },
		{ "SCMP_CMP_LE", "<=", SECCOMP_CMP_LE },
		{ "SCMP_CMP_EQ", "==", SECCOMP_CMP_EQ },
		{ "SCMP_CMP_GE", ">=", SECCOMP_CMP_GE },
		{ "SCMP_CMP_GT", ">", SECCOMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", "&=", SECCOMP_CMP_MASKED_EQ },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (strcmp(s, ops[i].name) == 0 || strcmp(s, ops[i].sym) == 0) {
			*ret = ops[i].op;
			return 0;
		}
	return -EINVAL;
}

/* [index,value,op] or [index,value,op,mask], as LXC writes them; @w is
 * what is between the brackets. */
static int parse_arg(struct reader *rd, char *w, struct seccomp_arg *ret)
{
	char *f[5] = { 0 }, *save = NULL;
	uint64_t idx;
	int n = 0;

	for (char *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == 4)
			return fail(rd, "invalid argument filter (more than four fields: "
					"INDEX,VALUE,OP,MASK)");
		f[n++] = t;
	}
	if (n < 3)
		return fail(rd, "invalid argument filter (expected INDEX,VALUE,OP[,MASK])");
	if (parse_u64(f[0], &idx) < 0 || idx > 5)
		return fail(rd, "invalid argument index '%s' (0 to 5)", f[0]);
	ret->index = (unsigned)idx;
	if (parse_u64(f[1], &ret->value) < 0)
		return fail(rd, "invalid argument value '%s' (a number, 0x for hex)", f[1]);
	if (parse_cmp(f[2], &ret->op) < 0)
		return fail(rd,
			    "invalid comparison '%s' (==, !=, <, <=, >, >=, &= or "
			    "SCMP_CMP_EQ, ...)",
			    f[2]);
	ret->mask = 0;
	if (n == 4 && parse_u64(f[3], &ret->mask) < 0)
		return fail(rd, "invalid argument mask '%s' (a number, 0x for hex)", f[3]);
	return 0;
}

/* The argument filters after the action: "[..]" each, blanks between
 * them or not (LXC splits at ']'), then at most a remark. */
static int parse_args(struct reader *rd, char *s, struct seccomp_rule *r)
{
	int k;

	for (;;) {
		char *end;
		s = skip_blank(s);
		if (!*s || *s == '#')
			return 0;
		if (*s != '[') {
			s[strcspn(s, " \t")] = '\0';
			return fail(rd,
				    "unexpected '%s' after the action (argument filters are "
				    "written [INDEX,VALUE,OP])",
				    s);
		}
		end = strchr(s, ']');
		if (!end)
			return fail(rd, "invalid argument filter '%s' (no closing ']')", s);
		if (r->n_args == 6)
			return fail(rd, "more than six argument filters");
		*end = '\0';
		if ((k = parse_arg(rd, s + 1, &r->args[r->n_args])) < 0)
			return k;
		r->n_args++;
		s = end + 1;
	}
}

static int warn(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int warn(struct reader *rd, const char *fmt, ...)
{
	struct diag d;
	va_list ap;
	char msg[512];

	if (!rd->warnings)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(&d, rd->file, rd->line, NULL, "%s", msg);
	return diag_list_add(rd->warnings, &d);
}

/* A version 2 rule line (not blank, not a remark). */
static int parse_rule_v2(struct reader *rd, struct seccomp_policy *p, char *s,
			 struct seccomp_action rule_default)
{
	struct seccomp_rule r = { .action = rule_default, .line = rd->line };
	char *name = next_word(&s), *w;
	int k;

	if (strcmp(name, "reject_force_umount") == 0)
		return rule_add_force_umount(p, rd->line);
	w = skip_blank(s);
	if (*w && *w != '#' && *w != '[') {
		w = next_word(&s);
		if ((k = parse_action(rd, w, &s, &r.action)) < 0)
			return k;
	}
	if ((k = parse_args(rd, s, &r)) < 0)
		return k;
	if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
		/* As LXC: a name this host's libseccomp does not know is
		 * left out, so one file serves old and new hosts. */
		return warn(rd,
			    "unknown system call '%s' ignored (libseccomp %u.%u.%u on this "
			    "host does not know it)",
			    name, seccomp_version()->major, seccomp_version()->minor,
			    seccomp_version()->micro);
	r.syscall = name;
	return rule_add(p, &r);
}

/* "[x86_64]": 1 when its rules apply on this host, 0 when not, -EINVAL. */
static int parse_section(struct reader *rd, char *s)
{
	size_t len;
	uint32_t host = seccomp_host_abis(), native = seccomp_native_abi();

	strip_end(s);
	len = strlen(s);
	if (len < 3 || s[len - 1] != ']')
		return fail(rd, "invalid architecture section '%s' (expected [NAME])", s);
	s[len - 1] = '\0';
	s++;
	if (strcasecmp(s, "all") == 0)
		return 1;
	if (strcasecmp(s, "aarch64") == 0)
		s = (char *)"arm64";
	for (size_t i = 0; i < SECCOMP_ABIS_N; i++) {
		uint32_t bit = SECCOMP_ABI_BIT(seccomp_abis[i].abi);
		if (strcasecmp(s, seccomp_abis[i].section) != 0)
			continue;
		/* LXC: ppc64le and s390x have no compat ABI in the filter; a
		 * 64-bit section never applies to its 32-bit host. */
		return bit == native || (host & bit) ? 1 : 0;
	}
	return fail(rd,
		    "unknown architecture section '[%s]' (all, x86, x32, x86_64, arm, arm64, "
		    "ppc, ppc64, ppc64le, mips, mips64, mips64n32, mipsel, mipsel64, "
		    "mipsel64n32, s390, s390x)",
		    s);
}

/* The header's "allowlist [ACTION]" or "denylist [ACTION]". */
static int parse_type(struct reader *rd, int version, char *s, struct seccomp_policy *p,
		      struct seccomp_action *rule_default)
{
	char *w, *type;
	bool deny;
	int r;

	if (strstr(s, "debug"))
		return fail(rd, "'debug' is not supported (nor by LXC)");
	type = next_word(&s);
	if (!type)
		return fail(rd, "missing policy type (allowlist or denylist) on the line after "
				"the version");
	if (strcmp(type, "allowlist") == 0 || strcmp(type, "whitelist") == 0)
		deny = false;
	else if ((strcmp(type, "denylist") == 0 || strcmp(type, "blacklist") == 0) && version == 2)
		deny = true;
	else
		return fail(rd, "invalid policy type '%s' (%s)", type,
			    version == 1 ? "version 1 has only allowlist"
					 : "allowlist or denylist, or the old whitelist or "
					   "blacklist");
	p->default_action.kind = deny ? SECCOMP_ACTION_ALLOW : SECCOMP_ACTION_KILL;
	rule_default->kind = deny ? SECCOMP_ACTION_KILL : SECCOMP_ACTION_ALLOW;
	if (version == 1)
		return 0;
	if ((w = next_word(&s))) {
		if ((r = parse_action(rd, w, &s, &p->default_action)) < 0)
			return r;
		if ((w = next_word(&s)))
			return fail(rd, "unexpected '%s' after the default action", w);
	}
	return 0;
}

int seccomp_policy_parse(FILE *f, const char *file, struct seccomp_policy **ret_policy,
			 struct diag_list *warnings, struct diag *ret_diag)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = calloc(1, sizeof(*p));
	_cleanup_free_ char *buf = NULL;
	struct reader rd = { .file = file, .diag = ret_diag, .warnings = warnings };
	struct seccomp_action rule_default = { 0 };
	int version = 0, state = 0; /* 0: version, 1: type, 2: rules */
	bool read_section = true;
	size_t cap = 0;
	ssize_t len;
	int r;

	if (!p || !(p->file = strdup(file)))
		return -ENOMEM;
	while ((len = getline(&buf, &cap, f)) >= 0) {
		char *s;
		rd.line++;
		if ((size_t)len != strlen(buf))
			return fail(&rd, "a NUL byte in the line");
		if (len > POLICY_MAX_LINE)
			return fail(&rd, "line longer than %d bytes", POLICY_MAX_LINE);
		strip_end(buf);
		s = skip_blank(buf);
		if (!*s || *s == '#')
			continue;
		if (state == 0) {
			uint64_t v;
			if (parse_u64(s, &v) < 0 || (v != 1 && v != 2))
				return fail(&rd,
					    "invalid policy version '%s' (the first line is 1 "
					    "or 2)",
					    s);
			version = (int)v;
			p->native_only = version == 1;
			state = 1;
			continue;
		}
		if (state == 1) {
			if ((r = parse_type(&rd, version, s, p, &rule_default)) < 0)
				return r;
			state = 2;
			continue;
		}
		if (version == 1) {
			uint64_t nr;
			struct seccomp_rule rule = { .action = rule_default, .line = rd.line };
			char *w = next_word(&s);
			if (parse_u64(w, &nr) < 0 || nr > INT32_MAX || next_word(&s))
				return fail(&rd,
					    "invalid line '%s' (version 1 has one system call "
					    "number a line)",
					    w);
			rule.nr = (int)nr;
			if ((r = rule_add(p, &rule)) < 0)
				return r;
			continue;
		}
		if (*s == '[') {
			if ((r = parse_section(&rd, s)) < 0)
				return r;
			read_section = r == 1;
			continue;
		}
		if (!read_section)
			continue;
		if ((r = parse_rule_v2(&rd, p, s, rule_default)) < 0)
			return r;
	}
	if (ferror(f))
		return fail(&rd, "cannot read the policy (%s)", strerror(errno));
	if (state < 2) {
		rd.line = 0;
		return fail(&rd, "%s",
			    state == 0 ? "empty policy (the first line is the version, "
					 "1 or 2)"
				       : "missing policy type (allowlist or denylist) "
					 "after the version");
	}
	*ret_policy = TAKE_PTR(p);
	return 0;
}

int seccomp_policy_load(const char *path, struct seccomp_policy **ret_policy,
			struct diag_list *warnings, struct diag *ret_diag)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	struct stat st;

	if (!f) {
		int r = NEG_ERRNO();
		diag_set(ret_diag, NULL, 0, NULL, "cannot read seccomp profile '%s' (%s)", path,
			 strerror(-r));
		return r;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_set(ret_diag, NULL, 0, NULL,
			 "cannot read seccomp profile '%s' (not a "
			 "regular file)",
			 path);
		return -EINVAL;
	}
	return seccomp_policy_parse(f, path, ret_policy, warnings, ret_diag);
}
