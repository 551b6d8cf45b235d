// SPDX-License-Identifier: LGPL-2.1-or-later
/* runtime/container/seccomp.c: LXC's policy files (versions 1 and 2, sections,
 * actions, argument filters, errors with their line), the built-in
 * default, the compiler (common.seccomp gives the very program LXC 5's
 * procedure gives), saved programs, and the filter at work in a child. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/seccomp.h"
#include "unit/tmpdir.h"

/* tests/unit/data/common.seccomp: LXC 5.0.2's config/templates/common.seccomp */
static const char *common_path(void)
{
	static char p[PATH_MAX];
	const char *top = getenv("CTR_TOP");

	snprintf(p, sizeof(p), "%s/tests/unit/data/common.seccomp", top ? top : ".");
	return p;
}

static bool host_x86_64(void)
{
	return seccomp_arch_native() == SCMP_ARCH_X86_64;
}

/* Parses @text; returns the policy or fails the test with the message. */
static struct seccomp_policy *parse_ok(const char *text, struct diag_list *warnings)
{
	struct seccomp_policy *p = NULL;
	struct diag d = { 0 };
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(f);
	r = seccomp_policy_parse(f, "t.seccomp", &p, warnings, &d);
	fclose(f);
	if (r < 0)
		fail_msg("parse failed: %s:%u: %s", d.file, d.line, d.msg);
	return p;
}

/* Parses @text expecting an error at @line whose message contains @want. */
static void parse_bad(const char *text, unsigned line, const char *want)
{
	struct seccomp_policy *p = NULL;
	struct diag d = { 0 };
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(f);
	r = seccomp_policy_parse(f, "bad.seccomp", &p, NULL, &d);
	fclose(f);
	if (r >= 0) {
		seccomp_policy_free(p);
		fail_msg("parsed, expected an error containing '%s' for: %s", want, text);
	}
	assert_int_equal(r, -EINVAL);
	assert_null(p);
	assert_string_equal(d.file, "bad.seccomp");
	if (!strstr(d.msg, want))
		fail_msg("message '%s' lacks '%s'", d.msg, want);
	assert_int_equal(d.line, line);
}

static void test_common_seccomp(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	struct diag_list w = { 0 };
	struct diag d = { 0 };
	static const char *const names[] = { "kexec_load", "open_by_handle_at", "init_module",
					     "finit_module", "delete_module" };
	(void)state;

	assert_int_equal(seccomp_policy_load(common_path(), &p, &w, &d), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(p->default_action.kind, SECCOMP_ACTION_ALLOW);
	assert_false(p->native_only);
	assert_int_equal(p->n_rules, 6);
	/* reject_force_umount: umount2 with MNT_FORCE fails with EACCES */
	assert_string_equal(p->rules[0].syscall, "umount2");
	assert_int_equal(p->rules[0].action.kind, SECCOMP_ACTION_ERRNO);
	assert_int_equal(p->rules[0].action.data, EACCES);
	assert_int_equal(p->rules[0].n_args, 1);
	assert_int_equal(p->rules[0].args[0].index, 1);
	assert_int_equal(p->rules[0].args[0].op, SECCOMP_CMP_MASKED_EQ);
	assert_int_equal(p->rules[0].args[0].mask, MNT_FORCE);
	assert_int_equal(p->rules[0].args[0].value, MNT_FORCE);
	assert_int_equal(p->rules[0].line, 3);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_string_equal(p->rules[i + 1].syscall, names[i]);
		assert_int_equal(p->rules[i + 1].action.kind, SECCOMP_ACTION_ERRNO);
		assert_int_equal(p->rules[i + 1].action.data, EPERM);
		assert_int_equal(p->rules[i + 1].n_args, 0);
		assert_int_equal(p->rules[i + 1].abis, 0);
		assert_int_equal(p->rules[i + 1].line, 5 + i);
	}
	diag_list_free(&w);
}

static void test_v1(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p =
		parse_ok("1\nallowlist\n0\n1\n\n# a remark\n60\n", NULL);
	(void)state;

	assert_true(p->native_only);
	assert_int_equal(p->default_action.kind, SECCOMP_ACTION_KILL);
	assert_int_equal(p->n_rules, 3);
	assert_null(p->rules[2].syscall);
	assert_int_equal(p->rules[2].nr, 60);
	assert_int_equal(p->rules[2].action.kind, SECCOMP_ACTION_ALLOW);
	assert_int_equal(p->rules[2].line, 7);
	seccomp_policy_free(parse_ok("1\nwhitelist\n0\n", NULL));
	parse_bad("1\nallowlist\n0\nread\n", 4, "version 1 has one system call number a line");
	parse_bad("1\ndenylist\n0\n", 2, "version 1 has only allowlist");
	parse_bad("1\nallowlist\n-1\n", 3, "invalid line '-1'");
}

static void test_v2_types_and_actions(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *a =
		parse_ok("2\nallowlist errno 38\nread\nwrite kill\nopenat trap\nclose log\n"
			 "ptrace trace 7\nioctl notify\nmknod errno 0\nmount allow\n",
			 NULL);
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *b =
		parse_ok("2\nblacklist\nkexec_load\n", NULL);
	(void)state;

	assert_int_equal(a->default_action.kind, SECCOMP_ACTION_ERRNO);
	assert_int_equal(a->default_action.data, 38);
	assert_int_equal(a->n_rules, 8);
	assert_int_equal(a->rules[0].action.kind, SECCOMP_ACTION_ALLOW); /* allowlist: allow */
	assert_int_equal(a->rules[1].action.kind, SECCOMP_ACTION_KILL);
	assert_int_equal(a->rules[2].action.kind, SECCOMP_ACTION_TRAP);
	assert_int_equal(a->rules[3].action.kind, SECCOMP_ACTION_LOG);
	assert_int_equal(a->rules[4].action.kind, SECCOMP_ACTION_TRACE);
	assert_int_equal(a->rules[4].action.data, 7);
	assert_int_equal(a->rules[5].action.kind, SECCOMP_ACTION_NOTIFY);
	assert_int_equal(a->rules[6].action.kind, SECCOMP_ACTION_ERRNO);
	assert_int_equal(a->rules[6].action.data, 0);
	assert_int_equal(a->rules[7].action.kind, SECCOMP_ACTION_ALLOW);
	/* a denylist's rule without an action kills, as in LXC */
	assert_int_equal(b->default_action.kind, SECCOMP_ACTION_ALLOW);
	assert_int_equal(b->rules[0].action.kind, SECCOMP_ACTION_KILL);
}

static void test_sections(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	(void)state;

	if (!host_x86_64()) {
		skip_because("the host is not x86_64");
		return;
	}
	/* x86, x32 and x86_64 apply on an x86_64 host; arm and arm64 do not;
	 * what a section reads applies to every ABI of the filter (LXC 5). */
	p = parse_ok("2\ndenylist\n[x86_64]\nkeyctl errno 38\n[arm]\nswapon\n[ARM64]\nswapoff\n"
		     "[aarch64]\nacct\n[X86]\nadd_key errno 38\n[x32]\nrequest_key errno 38\n"
		     "[ALL]\nmount errno 1\n[ppc64le]\nreboot\n[all]  \numount2 errno 1\n",
		     NULL);
	assert_int_equal(p->n_rules, 5);
	assert_string_equal(p->rules[0].syscall, "keyctl");
	assert_string_equal(p->rules[1].syscall, "add_key");
	assert_string_equal(p->rules[2].syscall, "request_key");
	assert_string_equal(p->rules[3].syscall, "mount");
	assert_string_equal(p->rules[4].syscall, "umount2");
	for (size_t i = 0; i < p->n_rules; i++)
		assert_int_equal(p->rules[i].abis, 0);
	parse_bad("2\ndenylist\n[all]\nmount\n[amd64]\n", 5,
		  "unknown architecture section '[amd64]'");
	parse_bad("2\ndenylist\n[x86_64\n", 3, "invalid architecture section");
}

static void test_args(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = parse_ok(
		"2\ndenylist\n"
		"personality errno 1 [0,0x0008,!=] # remark\n"
		"clone errno 1 [0,0x10000000,SCMP_CMP_MASKED_EQ,0x10000000]\n"
		"socket kill [0,16,==][1,3,&=,15]\n"
		"ioctl errno 25 [1,0x5412,==] [0,0,>=] [2,1,<] [3,1,<=] [4,0,>] [5,9,SCMP_CMP_NE]\n",
		NULL);
	(void)state;

	assert_int_equal(p->n_rules, 4);
	assert_int_equal(p->rules[0].n_args, 1);
	assert_int_equal(p->rules[0].args[0].op, SECCOMP_CMP_NE);
	assert_int_equal(p->rules[0].args[0].value, 8);
	assert_int_equal(p->rules[1].args[0].op, SECCOMP_CMP_MASKED_EQ);
	assert_int_equal(p->rules[1].args[0].mask, 0x10000000);
	assert_int_equal(p->rules[1].args[0].value, 0x10000000);
	/* LXC splits filters at ']' whether or not a blank follows */
	assert_int_equal(p->rules[2].n_args, 2);
	assert_int_equal(p->rules[2].args[1].mask, 15);
	assert_int_equal(p->rules[3].n_args, 6);
	assert_int_equal(p->rules[3].args[5].op, SECCOMP_CMP_NE);
	assert_int_equal(p->rules[3].args[5].index, 5);
	parse_bad("2\ndenylist\nmount errno 1 [6,0,==]\n", 3,
		  "invalid argument index '6' (0 to 5)");
	parse_bad("2\ndenylist\nmount errno 1 [0,0,=~]\n", 3, "invalid comparison '=~'");
	parse_bad("2\ndenylist\nmount errno 1 [0,x,==]\n", 3, "invalid argument value 'x'");
	parse_bad("2\ndenylist\nmount errno 1 [0,0]\n", 3, "expected INDEX,VALUE,OP[,MASK]");
	parse_bad("2\ndenylist\nmount errno 1 [0,0,==,1,2]\n", 3, "more than four fields");
	parse_bad("2\ndenylist\nmount errno 1 [0,0,==] [0,0,==] [0,0,==] [0,0,==] [0,0,==] "
		  "[0,0,==] [0,0,==]\n",
		  3, "more than six argument filters");
	parse_bad("2\ndenylist\nmount errno 1 [0,0,==] junk\n", 3, "unexpected 'junk'");
	parse_bad("2\ndenylist\nmount errno 1 [0,0,==\n", 3, "invalid argument filter");
}

static void test_errors(void **state)
{
	(void)state;
	parse_bad("", 0, "empty policy");
	parse_bad("# only a remark\n", 0, "empty policy");
	parse_bad("3\ndenylist\n", 1, "invalid policy version '3'");
	parse_bad("two\n", 1, "invalid policy version 'two'");
	parse_bad("2\n", 0, "missing policy type");
	parse_bad("2\ngreylist\n", 2, "invalid policy type 'greylist'");
	parse_bad("2\ndenylist debug\n", 2, "'debug' is not supported");
	parse_bad("2\ndenylist errno\n", 2, "'errno' needs a number");
	parse_bad("2\ndenylist frobnicate\n", 2, "unknown action 'frobnicate'");
	parse_bad("2\ndenylist\nkexec_load errno 1\nmount errno\n", 4, "'errno' needs a number");
	parse_bad("2\ndenylist\n\n\nmount errno 4096\n", 5, "invalid number '4096' after 'errno'");
	parse_bad("2\ndenylist\nmount kil\n", 3, "unknown action 'kil'");
	parse_bad("2\ndenylist\nmount errno 1 extra\n", 3, "unexpected 'extra'");
}

static void test_unknown_syscall_warns(void **state)
{
	struct diag_list w = { 0 };
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p =
		parse_ok("2\ndenylist\nkexec_lod errno 1\nkexec_load errno 1\n", &w);
	(void)state;

	assert_int_equal(p->n_rules, 1);
	assert_string_equal(p->rules[0].syscall, "kexec_load");
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v[0].line, 3);
	assert_string_equal(w.v[0].file, "t.seccomp");
	assert_non_null(strstr(w.v[0].msg, "unknown system call 'kexec_lod' ignored"));
	diag_list_free(&w);
}

static void test_default_policy(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	bool seen_keyctl = false, seen_obh = false, seen_kfl = false, seen_umount = false;
	(void)state;

	assert_int_equal(seccomp_policy_default(&p), 0);
	assert_int_equal(p->default_action.kind, SECCOMP_ACTION_ALLOW);
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct seccomp_rule *r = &p->rules[i];
		if (!strcmp(r->syscall, "keyctl"))
			seen_keyctl = r->action.data == ENOSYS;
		if (!strcmp(r->syscall, "open_by_handle_at"))
			seen_obh = r->action.data == EPERM;
		if (!strcmp(r->syscall, "kexec_file_load"))
			seen_kfl = r->action.data == EPERM;
		if (!strcmp(r->syscall, "umount2"))
			seen_umount = r->n_args == 1 && r->args[0].mask == MNT_FORCE;
	}
	assert_true(seen_keyctl && seen_obh && seen_kfl && seen_umount);
}

/* LXC 5's procedure for a version 2 file on x86_64 (parse_config_v2): a
 * native context, i386 and x32 contexts, each rule added to each, the
 * compat ones merged into the native one. */
static int lxc_common_bpf(void *buf, size_t len, size_t *ret_len)
{
	static const char *const names[] = { "kexec_load", "open_by_handle_at", "init_module",
					     "finit_module", "delete_module" };
	scmp_filter_ctx main_ctx = seccomp_init(SCMP_ACT_KILL), compat[2];
	uint32_t arches[2] = { SCMP_ARCH_X86, SCMP_ARCH_X32 };
	int fd;
	ssize_t n;

	seccomp_attr_set(main_ctx, SCMP_FLTATR_CTL_NNP, 0);
	seccomp_attr_set(main_ctx, SCMP_FLTATR_API_TSKIP, 1);
	for (int i = 0; i < 2; i++) {
		compat[i] = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_attr_set(compat[i], SCMP_FLTATR_CTL_NNP, 0);
		seccomp_attr_set(compat[i], SCMP_FLTATR_API_TSKIP, 1);
		assert_int_equal(seccomp_arch_add(compat[i], arches[i]), 0);
		assert_int_equal(seccomp_arch_remove(compat[i], SCMP_ARCH_NATIVE), 0);
	}
	assert_int_equal(seccomp_reset(main_ctx, SCMP_ACT_ALLOW), 0);
	seccomp_attr_set(main_ctx, SCMP_FLTATR_CTL_NNP, 0);
	seccomp_attr_set(main_ctx, SCMP_FLTATR_API_TSKIP, 1);
	for (int c = 0; c < 3; c++) {
		scmp_filter_ctx ctx = c == 0 ? main_ctx : compat[c - 1];
		assert_int_equal(
			seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(umount2), 1,
					       SCMP_A1(SCMP_CMP_MASKED_EQ, MNT_FORCE, MNT_FORCE)),
			0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		assert_int_equal(
			seccomp_rule_add_exact_array(main_ctx, SCMP_ACT_ERRNO(1), nr, 0, NULL), 0);
		for (int c = 0; c < 2; c++)
			if (seccomp_syscall_resolve_name_arch(arches[c], names[i]) >= 0)
				assert_int_equal(seccomp_rule_add_exact_array(
							 compat[c], SCMP_ACT_ERRNO(1), nr, 0, NULL),
						 0);
	}
	for (int c = 0; c < 2; c++)
		assert_int_equal(seccomp_merge(main_ctx, compat[c]), 0);
	fd = memfd_create("t", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(seccomp_export_bpf(main_ctx, fd), 0);
	n = pread(fd, buf, len, 0);
	close(fd);
	seccomp_release(main_ctx);
	assert_true(n > 0);
	*ret_len = (size_t)n;
	return 0;
}

static void test_common_as_lxc(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	static unsigned char want[65536], got[65536];
	char path[PATH_MAX + 32];
	size_t want_len = 0;
	struct diag d = { 0 };
	struct stat st;
	int fd;
	ssize_t n;
	(void)state;

	if (!host_x86_64()) {
		skip_because("the host is not x86_64");
		return;
	}
	assert_int_equal(seccomp_policy_load(common_path(), &p, NULL, &d), 0);
	assert_int_equal(seccomp_compile(p, &prog, &d), 0);
	snprintf(path, sizeof(path), "%s/common.bpf", tmpdir);
	assert_int_equal(seccomp_prog_save(prog, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = read(fd, got, sizeof(got));
	close(fd);
	lxc_common_bpf(want, sizeof(want), &want_len);
	assert_int_equal((size_t)n, want_len);
	assert_memory_equal(got, want, want_len);
	assert_int_equal(seccomp_prog_size(prog) * 8, want_len);
}

static void test_saved_programs(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL, *back = NULL, *bad = NULL;
	char path[PATH_MAX + 32];
	struct diag d = { 0 };
	FILE *f;
	(void)state;

	assert_int_equal(seccomp_policy_default(&p), 0);
	assert_int_equal(seccomp_compile(p, &prog, &d), 0);
	snprintf(path, sizeof(path), "%s/default.bpf", tmpdir);
	assert_int_equal(seccomp_prog_save(prog, path), 0);
	assert_int_equal(seccomp_prog_save(prog, path), 0); /* replaces */
	assert_int_equal(seccomp_prog_read(path, &back), 0);
	assert_int_equal(seccomp_prog_size(back), seccomp_prog_size(prog));
	snprintf(path, sizeof(path), "%s/missing.bpf", tmpdir);
	assert_int_equal(seccomp_prog_read(path, &bad), -ENOENT);
	assert_int_equal(seccomp_load_file(path), -ENOENT);
	snprintf(path, sizeof(path), "%s/odd.bpf", tmpdir);
	f = fopen(path, "we");
	fputs("not bpf", f); /* 7 bytes: not whole instructions */
	fclose(f);
	assert_int_equal(seccomp_prog_read(path, &bad), -EINVAL);
	snprintf(path, sizeof(path), "%s/empty.bpf", tmpdir);
	fclose(fopen(path, "we"));
	assert_int_equal(seccomp_prog_read(path, &bad), -EINVAL);
}

static void test_compile_errors(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p =
		parse_ok("2\nallowlist\nread\nwrite kill\n", NULL);
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *q =
		parse_ok("2\ndenylist\n\nmount allow\n", NULL);
	struct seccomp_prog *prog = NULL;
	struct diag d = { 0 };
	(void)state;

	assert_true(seccomp_compile(p, &prog, &d) < 0);
	assert_null(prog);
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.msg, "cannot add the rule for 'write' (action kill)"));
	assert_true(seccomp_compile(q, &prog, &d) < 0);
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.msg, "the same action as the policy's default"));
}

/* A classic BPF program run on @d as the kernel runs a seccomp filter: the
 * instructions libseccomp emits (loads of seccomp_data words, ALU and
 * jumps on K, returns).  Fails the test on anything else. */
static uint32_t bpf_run(const struct sock_filter *f, size_t n, const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *i = &f[pc];
		uint32_t k = i->k, v = BPF_SRC(i->code) == BPF_X ? x : k;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			assert_true(BPF_MODE(i->code) == BPF_ABS || BPF_MODE(i->code) == BPF_MEM);
			if (BPF_MODE(i->code) == BPF_MEM) {
				a = mem[k % BPF_MEMWORDS];
				break;
			}
			assert_true(k % 4 == 0 && k + 4 <= sizeof(*d));
			memcpy(&a, (const char *)d + k, 4);
			break;
		case BPF_ST:
			mem[k % BPF_MEMWORDS] = a;
			break;
		case BPF_ALU:
			switch (BPF_OP(i->code)) {
			case BPF_AND:
				a &= v;
				break;
			case BPF_OR:
				a |= v;
				break;
			case BPF_ADD:
				a += v;
				break;
			case BPF_SUB:
				a -= v;
				break;
			default:
				fail_msg("alu op %#x", i->code);
			}
			break;
		case BPF_JMP:
			if (BPF_OP(i->code) == BPF_JA) {
				pc += k;
				break;
			}
			switch (BPF_OP(i->code)) {
			case BPF_JEQ:
				pc += a == v ? i->jt : i->jf;
				break;
			case BPF_JGT:
				pc += a > v ? i->jt : i->jf;
				break;
			case BPF_JGE:
				pc += a >= v ? i->jt : i->jf;
				break;
			case BPF_JSET:
				pc += (a & v) ? i->jt : i->jf;
				break;
			default:
				fail_msg("jump op %#x", i->code);
			}
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			fail_msg("instruction %#x at %zu", i->code, pc);
		}
	}
	fail_msg("the program runs off its end");
	return 0;
}

/* @p compiled, its instructions into @buf (at most @cap). */
static size_t compiled(const struct seccomp_policy *p, const char *name, struct sock_filter *buf,
		       size_t cap)
{
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	char path[PATH_MAX + 32];
	struct diag d = { 0 };
	ssize_t n;
	int fd;

	assert_int_equal(seccomp_compile(p, &prog, &d), 0);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(seccomp_prog_save(prog, path), 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	n = read(fd, buf, cap * sizeof(*buf));
	close(fd);
	assert_true(n > 0 && n % (ssize_t)sizeof(*buf) == 0);
	return (size_t)n / sizeof(*buf);
}

/* The default policy is compiled as a binary tree (a cheaper load): it
 * decides every system call number, on each ABI and with each umount2
 * flag, as the plain chain of comparisons does. */
static void test_default_tree_same_decisions(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	static struct sock_filter tree[4096], chain[4096];
	static const uint32_t arches[] = { 0xc000003e /* x86_64, x32 */, 0x40000003 /* i386 */,
					   0xc00000b7 /* aarch64: not this host's */ };
	static const uint64_t flags[] = {
		0, MNT_FORCE, MNT_DETACH, MNT_FORCE | MNT_DETACH, 0x100000000ULL, 0x100000001ULL
	};
	size_t n_tree, n_chain, denied = 0;
	(void)state;

	if (!host_x86_64()) {
		skip_because("the host is not x86_64");
		return;
	}
	assert_int_equal(seccomp_policy_default(&p), 0);
	assert_true(p->binary_tree);
	n_tree = compiled(p, "tree.bpf", tree, ARRAY_SIZE(tree));
	p->binary_tree = false;
	n_chain = compiled(p, "chain.bpf", chain, ARRAY_SIZE(chain));
	assert_true(n_tree != n_chain || memcmp(tree, chain, n_tree * sizeof(*tree)) != 0);
	for (size_t ai = 0; ai < ARRAY_SIZE(arches); ai++)
		for (uint32_t base = 0; base <= 0x40000000; base += 0x40000000)
			for (uint32_t nr = base; nr < base + 1100; nr++)
				for (size_t fi = 0; fi < ARRAY_SIZE(flags); fi++) {
					struct seccomp_data d = { .nr = (int)nr,
								  .arch = arches[ai] };
					uint32_t want, got;

					d.args[1] = flags[fi];
					want = bpf_run(chain, n_chain, &d);
					got = bpf_run(tree, n_tree, &d);
					if (want != got)
						fail_msg(
							"arch %#x nr %#x flags %#llx: %#x, not %#x",
							arches[ai], nr,
							(unsigned long long)flags[fi], got, want);
					denied += want != SECCOMP_RET_ALLOW;
				}
	/* the walk met the denials (and the foreign ABI's kills) */
	assert_true(denied > 9 * ARRAY_SIZE(flags));
}

/* In a child: no_new_privs, the saved default program, then the calls. */
static void test_filter_at_work(void **state)
{
	_cleanup_(seccomp_policy_freep) struct seccomp_policy *p = NULL;
	_cleanup_(seccomp_prog_freep) struct seccomp_prog *prog = NULL;
	char path[PATH_MAX + 32];
	struct diag d = { 0 };
	int status;
	pid_t pid;
	(void)state;

	assert_int_equal(seccomp_policy_default(&p), 0);
	assert_int_equal(seccomp_compile(p, &prog, &d), 0);
	snprintf(path, sizeof(path), "%s/work.bpf", tmpdir);
	assert_int_equal(seccomp_prog_save(prog, path), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		long r;
		if (seccomp_active() || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(10);
		if (seccomp_load_file(path) < 0)
			_exit(11);
		if (!seccomp_active())
			_exit(12);
		r = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0);
		if (r != -1 || errno != ENOSYS)
			_exit(13);
		r = syscall(SYS_open_by_handle_at, -1, NULL, 0);
		if (r != -1 || errno != EPERM)
			_exit(14);
		r = syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0);
		if (r != -1 || errno != EPERM)
			_exit(15);
		r = syscall(SYS_umount2, "/nonexistent-ctrt", MNT_FORCE);
		if (r != -1 || errno != EACCES)
			_exit(16);
		r = syscall(SYS_umount2, "/nonexistent-ctrt", 0);
		if (r != -1 || errno == EACCES)
			_exit(17); /* without MNT_FORCE the kernel answers */
		if (getpid() <= 0)
			_exit(18);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* The keys: a profile relative to the config's directory, read and
 * compiled by config_load; none warns; errors carry the profile's line. */
static void test_config_keys(void **state)
{
	struct container_config *c = NULL;
	struct diag d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	put("p.seccomp", "2\ndenylist\nkeyctl errno 38\nkeyctl_typo\n");
	assert_int_equal(config_load(put("a.conf", "lxc.rootfs.path = /srv/a\n"
						   "lxc.seccomp.profile = p.seccomp\n"
						   "lxc.seccomp.allow_nesting = 1\n"
						   "lxc.no_new_privs = 1\n"),
				     NULL, &c, &d),
			 0);
	assert_non_null(c->seccomp);
	assert_int_equal(container_config_check(c, &d), 0);
	assert_int_equal(c->seccomp->n_rules, 1);
	assert_false(c->seccomp_off);
	assert_true(c->seccomp_allow_nesting && c->no_new_privs);
	assert_non_null(strstr(c->seccomp_profile, "/p.seccomp"));
	assert_int_equal(c->ignored.n, 1); /* keyctl_typo */
	assert_int_equal(c->ignored.v[0].line, 4);
	assert_string_equal(c->ignored.v[0].key, "lxc.seccomp.profile");
	f = open_memstream(&buf, &len);
	assert_int_equal(config_print(c, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "lxc.seccomp.profile = /"));
	assert_non_null(strstr(buf, "lxc.seccomp.allow_nesting = 1\n"));
	assert_non_null(strstr(buf, "lxc.no_new_privs = 1\n"));
	free(buf);
	config_free(c);
	c = NULL;

	assert_int_equal(
		config_load(put("n.conf", "lxc.rootfs.path = /srv/a\nlxc.seccomp = none\n"), NULL,
			    &c, &d),
		0);
	assert_true(c->seccomp_off);
	assert_null(c->seccomp);
	assert_int_equal(c->ignored.n, 1);
	assert_int_equal(c->ignored.v[0].line, 2);
	assert_non_null(strstr(c->ignored.v[0].msg, "seccomp is off"));
	config_free(c);
	c = NULL;

	/* the default: nothing read, the runtime compiles the built-in one */
	assert_int_equal(config_load(put("d.conf", "lxc.rootfs.path = /srv/a\n"), NULL, &c, &d), 0);
	assert_false(c->seccomp_off);
	assert_null(c->seccomp_profile);
	assert_null(c->seccomp);
	assert_int_equal(c->ignored.n, 0);
	config_free(c);
	c = NULL;

	put("bad.seccomp", "2\ndenylist\n\nmount errno x\n");
	assert_true(config_load(put("b.conf", "lxc.seccomp.profile = bad.seccomp\n"), NULL, &c,
				&d) < 0);
	assert_null(c);
	assert_non_null(strstr(d.file, "/bad.seccomp"));
	assert_int_equal(d.line, 4);
	assert_string_equal(d.key, "lxc.seccomp.profile");
	assert_non_null(strstr(d.msg, "invalid number 'x' after 'errno'"));

	assert_true(config_load(put("m.conf", "\nlxc.seccomp.profile = /nonexistent/x\n"), NULL, &c,
				&d) < 0);
	assert_non_null(strstr(d.file, "/m.conf"));
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "cannot read seccomp profile '/nonexistent/x'"));

	/* what libseccomp refuses: the config reads it, the check (ctr-config)
	 * reports it at the policy's line, under the config's key */
	put("k.seccomp", "2\nallowlist\nread\nwrite kill\n");
	assert_int_equal(
		config_load(put("k.conf", "lxc.seccomp.profile = k.seccomp\n"), NULL, &c, &d), 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(container_config_check(c, &d) < 0, 1);
	assert_non_null(strstr(d.file, "/k.seccomp"));
	assert_int_equal(d.line, 4);
	assert_string_equal(d.key, "lxc.seccomp.profile");
	assert_non_null(strstr(d.msg, "cannot add the rule for 'write'"));
	config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_seccomp),
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v2_types_and_actions),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unknown_syscall_warns),
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_common_as_lxc),
		cmocka_unit_test(test_saved_programs),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_default_tree_same_decisions),
		cmocka_unit_test(test_filter_at_work),
		cmocka_unit_test(test_config_keys),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
