// SPDX-License-Identifier: LGPL-2.1-or-later
/* runtime/container/cgroup.c and cgroup-bpf.c: the v1 -> v2 translations, sizes, the
 * device rule parser, the eBPF device program's decisions (run through a
 * small interpreter here and compared with v1's semantics written out
 * plainly), and the layout detection on other hosts' mountinfo (mountinfo_open of
 * /proc/self/mountinfo is wrapped: this host can't show a Fedora layout). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/mountinfo.h"

/* --- mountinfo_open wrap for the layout tests -------------------------------------- */

int __real_mountinfo_open(const char *path, struct mountinfo **ret);
int __wrap_mountinfo_open(const char *path, struct mountinfo **ret);
static const char *fake_mountinfo;

/* The fake table through a memfd, so the real reader parses it. */
int __wrap_mountinfo_open(const char *path, struct mountinfo **ret)
{
	_cleanup_close_ int fd = -EBADF;
	char p[64];

	if (!fake_mountinfo || path)
		return __real_mountinfo_open(path, ret);
	fd = memfd_create("ctrt-mountinfo", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, fake_mountinfo, strlen(fake_mountinfo)),
			 (ssize_t)strlen(fake_mountinfo));
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	return __real_mountinfo_open(p, ret);
}

/* --- translations ---------------------------------------------------------------- */

static void shares_to_weight(void **state)
{
	static const struct {
		uint64_t shares, weight;
	} t[] = {
		{ 0, 0 }, /* unset */
		{ 1, 1 }, /* below v1's minimum */
		{ 2, 1 }, /* v1's minimum -> v2's minimum */
		{ 3, 2 },	    { 10, 4 },	       { 100, 17 },    { 128, 21 },
		{ 512, 59 },	    { 1000, 99 },      { 1024, 100 }, /* the defaults meet */
		{ 2048, 174 },	    { 4096, 303 },     { 10000, 627 }, { 100000, 4340 },
		{ 262143, 10000 },  { 262144, 10000 }, /* v1's maximum -> v2's maximum */
		{ 1000000, 10000 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t w = cgroup_shares_to_weight(t[i].shares);
		if (w != t[i].weight)
			fail_msg("shares %" PRIu64 ": weight %" PRIu64 ", expected %" PRIu64,
				 t[i].shares, w, t[i].weight);
	}
	/* not the linear formula of before 2025, which gave 39 for 1024 */
	assert_int_not_equal(cgroup_shares_to_weight(1024), 1 + (1024 - 2) * 9999 / 262142);
	/* monotonic over the whole range */
	for (uint64_t s = 2, prev = 0; s <= 262144; s++) {
		uint64_t w = cgroup_shares_to_weight(s);
		if (w < prev || w < 1 || w > 10000)
			fail_msg("shares %" PRIu64 ": weight %" PRIu64 " after %" PRIu64, s, w,
				 prev);
		prev = w;
	}
}

/* crun's and runc's own floating-point formula, the reference */
static uint64_t shares_to_weight_float(uint64_t shares)
{
	double l = log2((double)shares);
	double exponent = (l * l + 125.0 * l) / 612.0 - 7.0 / 34.0;

	return (uint64_t)ceil(round(pow(10.0, exponent) * 1e6) / 1e6);
}

/* The integer form gives the same weight as the floating-point one for
 * every shares value v1 accepts. */
static void shares_to_weight_exact(void **state)
{
	unsigned int differ = 0;

	(void)state;
	for (uint64_t s = 2; s <= 262144; s++) {
		uint64_t w = cgroup_shares_to_weight(s), f = shares_to_weight_float(s);
		if (w != f && differ++ < 10)
			print_error("shares %" PRIu64 ": weight %" PRIu64 ", float formula %" PRIu64
				    "\n",
				    s, w, f);
	}
	assert_int_equal(differ, 0);
}

static void blkio_to_io_weight(void **state)
{
	(void)state;
	assert_int_equal(cgroup_blkio_weight_to_io_weight(0), 0);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(5), 1);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(10), 1);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(100), 910);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(500), 4950);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(1000), 10000);
	assert_int_equal(cgroup_blkio_weight_to_io_weight(5000), 10000);
}

static void sizes(void **state)
{
	static const struct {
		const char *s;
		int r;
		uint64_t v;
	} t[] = {
		{ "1024", 0, 1024 },
		{ "512M", 0, 512ULL << 20 },
		{ "128m", 0, 128ULL << 20 },
		{ "1G", 0, 1ULL << 30 },
		{ "1g", 0, 1ULL << 30 },
		{ "4k", 0, 4096 },
		{ "2T", 0, 2ULL << 40 },
		{ "512MB", 0, 512ULL << 20 },
		{ " 1G ", 0, 1ULL << 30 },
		{ "0", 0, 0 },
		{ "-1", 0, UINT64_MAX },
		{ "max", 0, UINT64_MAX },
		{ "15E", 0, 15ULL << 60 },
		{ "16E", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "M", -EINVAL, 0 },
		{ "12x", -EINVAL, 0 },
		{ "1.5G", -EINVAL, 0 },
		{ "-2", -EINVAL, 0 },
		{ "1 G", -EINVAL, 0 },
		{ "1GG", -EINVAL, 0 },
		{ "1GiB", 0, 1ULL << 30 },
		{ " 2gib ", 0, 2ULL << 30 },
		{ "3MB", 0, 3ULL << 20 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 12345;
		int r = cgroup_parse_size(t[i].s, &v);
		if (r != t[i].r || (r == 0 && v != t[i].v))
			fail_msg("'%s': r=%d v=%" PRIu64 ", expected r=%d v=%" PRIu64, t[i].s, r, v,
				 t[i].r, t[i].v);
		if (r < 0 && v != 12345)
			fail_msg("'%s': output written on failure", t[i].s);
	}
}

/* A size ctr-config accepts is one ctr-start writes: the config's value of
 * lxc.cgroup.memory.limit_in_bytes = 1GiB once failed cgroup_parse_size. */
static void sizes_as_the_config_reads_them(void **state)
{
	static const char *const vals[] = { "1GiB", "512MiB", "2gib", "3MB", "4k", "7B", "4096" };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		char text[128];
		struct container_config *c = NULL;
		struct diag d = { 0 };
		uint64_t v = 0;
		FILE *f;

		snprintf(text, sizeof(text), "lxc.cgroup.memory.limit_in_bytes = %s\n", vals[i]);
		f = fmemopen(text, strlen(text), "r");
		assert_non_null(f);
		if (config_load_stream(f, "t.conf", "t", CONFIG_LOAD_NO_FILES, &c, &d) < 0)
			fail_msg("'%s': the config refuses it: %s", vals[i], d.msg);
		fclose(f);
		assert_int_equal(c->n_cgroups, 1);
		if (cgroup_parse_size(c->cgroups[0].value, &v) < 0)
			fail_msg("'%s': ctr-config accepts it, cgroup_parse_size does not",
				 vals[i]);
		assert_true(v > 0);
		config_free(c);
	}
}

static void memsw(void **state)
{
	uint64_t s = 0;
	(void)state;
	assert_int_equal(cgroup_memsw_to_swap(512ULL << 20, 1ULL << 30, &s), 0);
	assert_int_equal(s, 512ULL << 20);
	assert_int_equal(cgroup_memsw_to_swap(1ULL << 30, 1ULL << 30, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(cgroup_memsw_to_swap(1ULL << 30, UINT64_MAX, &s), 0);
	assert_true(s == UINT64_MAX);
	assert_int_equal(cgroup_memsw_to_swap(UINT64_MAX, UINT64_MAX, &s), 0);
	assert_true(s == UINT64_MAX);
	/* memsw below memory, and a finite memsw over an unlimited memory */
	assert_int_equal(cgroup_memsw_to_swap(1ULL << 30, 512ULL << 20, &s), -EINVAL);
	assert_int_equal(cgroup_memsw_to_swap(UINT64_MAX, 1ULL << 30, &s), -EINVAL);
}

/* --- device rules ------------------------------------------------------------------- */

#define RWM (CGROUP_DEV_READ | CGROUP_DEV_WRITE | CGROUP_DEV_MKNOD)

static void device_rules_parse(void **state)
{
	static const struct {
		const char *s;
		char type;
		int64_t major, minor;
		unsigned access;
	} good[] = {
		{ "a", 'a', -1, -1, RWM },
		{ "a *:* rwm", 'a', -1, -1, RWM },
		{ "a 1:3 r", 'a', -1, -1, RWM }, /* the kernel reads any "a" as all */
		{ "c 1:3 rwm", 'c', 1, 3, RWM },
		{ "b *:* m", 'b', -1, -1, CGROUP_DEV_MKNOD },
		{ "c 136:* rwm", 'c', 136, -1, RWM },
		{ "c *:5 rw", 'c', -1, 5, CGROUP_DEV_READ | CGROUP_DEV_WRITE },
		{ "c 10:229 rwm", 'c', 10, 229, RWM },
		{ "  c 5:1 r  ", 'c', 5, 1, CGROUP_DEV_READ },
		{ "c 5:1", 'c', 5, 1, RWM },
		{ "c 254:0 wmr", 'c', 254, 0, RWM },
	};
	static const char *const bad[] = {
		"",
		"x 1:3 rwm",
		"c",
		"c 1",
		"c 1:",
		"c :3 r",
		"c 1-3 rwm",
		"c 1:3 rwx",
		"c 1:3 rw extra",
		"c 99999999999:1 r",
		"c1:3 r",
		"ab",
		"c 1:3r",
		"c -1:3 r",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct cgroup_device_rule r;
		if (cgroup_device_rule_parse(good[i].s, true, &r) != 0)
			fail_msg("'%s' rejected", good[i].s);
		if (r.type != good[i].type || r.major != good[i].major ||
		    r.minor != good[i].minor || r.access != good[i].access || !r.allow)
			fail_msg("'%s': %c %" PRId64 ":%" PRId64 " %u", good[i].s, r.type, r.major,
				 r.minor, r.access);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct cgroup_device_rule r;
		if (cgroup_device_rule_parse(bad[i], false, &r) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
	}
}

/* An interpreter for the instructions the generator may emit; anything else
 * fails the test.  Also checks the kernel's shape rules on the way. */
static int bpf_run(const struct bpf_insn *p, size_t n, uint32_t access_type, uint32_t major,
		   uint32_t minor)
{
	uint32_t ctx[3] = { access_type, major, minor };
	uint64_t r[11] = { 0 };
	size_t pc = 0;

	for (size_t steps = 0; steps < 100000; steps++) {
		const struct bpf_insn *i;
		if (pc >= n)
			fail_msg("pc %zu ran off the end", pc);
		i = &p[pc];
		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			assert_int_equal(i->src_reg, BPF_REG_1);
			assert_true(i->off == 0 || i->off == 4 || i->off == 8);
			r[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			r[i->dst_reg] = r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			r[i->dst_reg] = (uint32_t)((uint32_t)r[i->dst_reg] >> i->imm);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			r[i->dst_reg] = (uint32_t)((uint32_t)r[i->dst_reg] & (uint32_t)i->imm);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			assert_true(i->off >= 0);
			if (r[i->dst_reg] == (uint64_t)(int64_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			assert_true(i->off >= 0);
			if (r[i->dst_reg] != (uint64_t)(int64_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JA:
			assert_true(i->off >= 0);
			pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)r[0];
		default:
			fail_msg("unexpected opcode 0x%02x at %zu", i->code, pc);
		}
		pc++;
	}
	fail_msg("no exit");
	return -1;
}

/* v1's semantics written out: per access bit, the last rule naming the bit
 * and matching the device decides; no rule: allowed. */
static bool reference(const struct cgroup_device_rule *rules, size_t n, char type, uint32_t major,
		      uint32_t minor, unsigned access)
{
	for (unsigned bit = 1; bit <= 4; bit <<= 1) {
		bool allowed = true;
		if (!(access & bit))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct cgroup_device_rule *r = &rules[i];
			if (!(r->access & bit))
				continue;
			if (r->type != 'a' &&
			    (r->type != type || (r->major >= 0 && (uint32_t)r->major != major) ||
			     (r->minor >= 0 && (uint32_t)r->minor != minor)))
				continue;
			allowed = r->allow;
		}
		if (!allowed)
			return false;
	}
	return true;
}

/* Every instruction reachable, every jump forward and inside: the verifier
 * rejects programs that break these. */
static void check_shape(const struct bpf_insn *p, size_t n)
{
	bool *seen = calloc(n, 1);
	assert_non_null(seen);
	assert_true(n > 0);
	seen[0] = true;
	for (size_t pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &p[pc];
		uint8_t cls = i->code & 0x07;
		if (!seen[pc])
			fail_msg("instruction %zu is unreachable", pc);
		if (cls == BPF_JMP && i->code != (BPF_JMP | BPF_EXIT)) {
			size_t t = pc + 1 + (size_t)i->off;
			assert_true(i->off >= 0);
			assert_true(t < n);
			seen[t] = true;
			if (i->code != (BPF_JMP | BPF_JA))
				seen[pc + 1] = true;
		} else if (i->code != (BPF_JMP | BPF_EXIT)) {
			assert_true(pc + 1 < n);
			seen[pc + 1] = true;
		}
	}
	assert_int_equal(p[n - 1].code, BPF_JMP | BPF_EXIT);
	free(seen);
}

static void check_rules(const char *const *spec, size_t n_spec)
{
	struct cgroup_device_rule rules[32];
	static const uint32_t majors[] = { 0, 1, 4, 5, 7, 10, 136, 254, 4095 };
	static const uint32_t minors[] = { 0, 1, 2, 3, 5, 7, 8, 9, 229, 1048575 };
	_cleanup_free_ struct bpf_insn *p = NULL;
	size_t n = 0;

	assert_true(n_spec <= ARRAY_SIZE(rules));
	for (size_t i = 0; i < n_spec; i++) {
		/* "+RULE" allows, "-RULE" denies */
		assert_int_equal(
			cgroup_device_rule_parse(spec[i] + 1, spec[i][0] == '+', &rules[i]), 0);
	}
	assert_int_equal(cgroup_bpf_devices_build(rules, n_spec, &p, &n), 0);
	check_shape(p, n);
	for (int t = 0; t < 2; t++) {
		char type = t ? 'c' : 'b';
		for (size_t a = 0; a < ARRAY_SIZE(majors); a++)
			for (size_t b = 0; b < ARRAY_SIZE(minors); b++)
				for (unsigned acc = 1; acc <= 7; acc++) {
					uint32_t at =
						(acc << 16) | (type == 'b' ? BPF_DEVCG_DEV_BLOCK
									   : BPF_DEVCG_DEV_CHAR);
					bool want = reference(rules, n_spec, type, majors[a],
							      minors[b], acc);
					int got = bpf_run(p, n, at, majors[a], minors[b]);
					if (got != (int)want)
						fail_msg(
							"%c %u:%u access %u: program says %d, v1 says %d "
							"(first rule '%s')",
							type, majors[a], minors[b], acc, got, want,
							n_spec ? spec[0] : "");
				}
	}
}

static void bpf_seed_rules(void **state)
{
	/* the seed's devices list: deny everything, then the usual nodes */
	static const char *const seed[] = {
		"-a",	      "+c *:* m",   "+b *:* m",	    "+c 5:1 rwm", "+c 10:229 rwm",
		"+c 1:3 rwm", "+c 5:2 rwm", "+c 136:* rwm", "+c 1:8 rwm", "+c 254:0 rwm",
		"+c 5:0 rwm", "+c 1:9 rwm", "+c 1:5 rwm",
	};
	struct cgroup_device_rule rules[ARRAY_SIZE(seed)];
	_cleanup_free_ struct bpf_insn *p = NULL;
	size_t n = 0;
	(void)state;
	check_rules(seed, ARRAY_SIZE(seed));
	for (size_t i = 0; i < ARRAY_SIZE(seed); i++)
		assert_int_equal(
			cgroup_device_rule_parse(seed[i] + 1, seed[i][0] == '+', &rules[i]), 0);
	assert_int_equal(cgroup_bpf_devices_build(rules, ARRAY_SIZE(seed), &p, &n), 0);
	/* the decisions the integration tests see through the kernel */
	assert_int_equal(bpf_run(p, n, (BPF_DEVCG_ACC_READ << 16) | BPF_DEVCG_DEV_CHAR, 1, 3), 1);
	assert_int_equal(bpf_run(p, n, (BPF_DEVCG_ACC_READ << 16) | BPF_DEVCG_DEV_CHAR, 1, 7), 0);
	assert_int_equal(bpf_run(p, n, (BPF_DEVCG_ACC_MKNOD << 16) | BPF_DEVCG_DEV_CHAR, 1, 7), 1);
	assert_int_equal(bpf_run(p, n, (BPF_DEVCG_ACC_MKNOD << 16) | BPF_DEVCG_DEV_BLOCK, 8, 0), 1);
	assert_int_equal(bpf_run(p, n, (BPF_DEVCG_ACC_READ << 16) | BPF_DEVCG_DEV_BLOCK, 8, 0), 0);
	assert_int_equal(
		bpf_run(p, n,
			((BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE) << 16) | BPF_DEVCG_DEV_CHAR,
			136, 4),
		1);
}

static void bpf_later_rules_win(void **state)
{
	static const char *const deny_after_allow[] = { "-a", "+c 1:3 rwm", "-c 1:3 w" };
	static const char *const allow_after_deny[] = { "-c 1:3 rwm", "+c 1:3 rw" };
	static const char *const merged_bits[] = { "-a", "+c 1:3 r", "+c 1:3 w" };
	static const char *const allow_all_again[] = { "-a", "+c 1:3 r", "+a" };
	static const char *const deny_all_last[] = { "+c 1:3 rwm", "-a" };
	static const char *const only_denies[] = { "-c 1:7 rwm", "-b *:* rw" };
	static const char *const wildcards[] = { "-a", "+c *:3 r", "-c 1:* r", "+b 8:* rwm" };
	(void)state;
	check_rules(deny_after_allow, ARRAY_SIZE(deny_after_allow));
	check_rules(allow_after_deny, ARRAY_SIZE(allow_after_deny));
	check_rules(merged_bits, ARRAY_SIZE(merged_bits));
	check_rules(allow_all_again, ARRAY_SIZE(allow_all_again));
	check_rules(deny_all_last, ARRAY_SIZE(deny_all_last));
	check_rules(only_denies, ARRAY_SIZE(only_denies));
	check_rules(wildcards, ARRAY_SIZE(wildcards));
	check_rules(NULL, 0);
}

static void bpf_explicit_decisions(void **state)
{
	struct cgroup_device_rule rules[3];
	_cleanup_free_ struct bpf_insn *p = NULL;
	size_t n = 0;
	const uint32_t rw = ((BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE) << 16) | BPF_DEVCG_DEV_CHAR;
	const uint32_t r = (BPF_DEVCG_ACC_READ << 16) | BPF_DEVCG_DEV_CHAR;
	(void)state;
	/* deny a; allow c 1:3 rwm; deny c 1:3 w: reading works, writing not */
	assert_int_equal(cgroup_device_rule_parse("a", false, &rules[0]), 0);
	assert_int_equal(cgroup_device_rule_parse("c 1:3 rwm", true, &rules[1]), 0);
	assert_int_equal(cgroup_device_rule_parse("c 1:3 w", false, &rules[2]), 0);
	assert_int_equal(cgroup_bpf_devices_build(rules, 3, &p, &n), 0);
	assert_int_equal(bpf_run(p, n, r, 1, 3), 1);
	assert_int_equal(bpf_run(p, n, rw, 1, 3), 0);
	assert_int_equal(bpf_run(p, n, r, 1, 5), 0);
	free(p);
	p = NULL;
	/* no rules: all allowed */
	assert_int_equal(cgroup_bpf_devices_build(NULL, 0, &p, &n), 0);
	assert_int_equal(bpf_run(p, n, rw, 1, 7), 1);
}

/* The default policy: the program's decisions, and the text v1 gets. */
static void device_defaults(void **state)
{
	static const char *const want_text[] = {
		"a",	     "c *:* m",	    "b *:* m",	    "c 1:3 rwm",    "c 1:5 rwm",
		"c 1:7 rwm", "c 5:0 rwm",   "c 5:1 rwm",    "c 5:2 rwm",    "c 1:8 rwm",
		"c 1:9 rwm", "c 136:* rwm", "c 10:229 rwm", "c 10:200 rwm",
	};
	static const struct {
		char type;
		uint32_t major, minor;
		unsigned access;
		int want;
	} t[] = {
		{ 'c', 1, 3, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 1 },    /* null */
		{ 'c', 1, 9, BPF_DEVCG_ACC_READ, 1 },			       /* urandom */
		{ 'c', 136, 7, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 1 },  /* pts/7 */
		{ 'c', 10, 200, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 1 }, /* net/tun */
		{ 'c', 10, 229, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 1 }, /* fuse */
		{ 'b', 7, 0, BPF_DEVCG_ACC_MKNOD, 1 },			       /* mknod of a disk */
		{ 'b', 7, 0, BPF_DEVCG_ACC_READ, 0 },			       /* its use */
		{ 'b', 8, 0, BPF_DEVCG_ACC_WRITE, 0 },			       /* sda */
		{ 'c', 4, 1, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 0 },    /* tty1 */
		{ 'c', 10, 237, BPF_DEVCG_ACC_READ, 0 },		       /* loop-control */
		{ 'c', 1, 1, BPF_DEVCG_ACC_READ, 0 },			       /* mem */
		{ 'c', 1, 3, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_MKNOD, 1 },
	};
	const struct cgroup_device_rule *rules = NULL;
	_cleanup_free_ struct bpf_insn *p = NULL;
	size_t n_rules, n = 0;
	char buf[64];
	(void)state;

	n_rules = cgroup_device_defaults(&rules);
	assert_int_equal(n_rules, ARRAY_SIZE(want_text));
	assert_false(rules[0].allow);
	for (size_t i = 0; i < n_rules; i++) {
		struct cgroup_device_rule back;
		assert_int_equal(cgroup_device_rule_format(&rules[i], buf, sizeof(buf)), 0);
		assert_string_equal(buf, want_text[i]);
		/* the text parses back to the same rule */
		assert_int_equal(cgroup_device_rule_parse(buf, rules[i].allow, &back), 0);
		assert_memory_equal(&back, &rules[i], sizeof(back));
	}
	assert_int_equal(cgroup_device_rule_format(&rules[1], buf, 4), -ENAMETOOLONG);
	assert_int_equal(cgroup_bpf_devices_build(rules, n_rules, &p, &n), 0);
	check_shape(p, n);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t at = (t[i].access << 16) |
			      (t[i].type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
		int got = bpf_run(p, n, at, t[i].major, t[i].minor);
		if (got != t[i].want)
			fail_msg("%c %u:%u access %u: %d, expected %d", t[i].type, t[i].major,
				 t[i].minor, t[i].access, got, t[i].want);
	}
}

/* --- layout detection on other hosts' mountinfo ---------------------------------------- */

static void layout_of(const char *mi, const char *root, enum cgroup_layout want)
{
	enum cgroup_layout l = CGROUP_LAYOUT_NONE;
	fake_mountinfo = mi;
	assert_int_equal(cgroup_detect(root, &l), 0);
	fake_mountinfo = NULL;
	if (l != want)
		fail_msg("layout %s, expected %s", cgroup_layout_name(l), cgroup_layout_name(want));
}

static void layouts(void **state)
{
	(void)state;
	/* Fedora of the seed's era: v1 with cpu,cpuacct co-mounted and name=systemd */
	layout_of("26 23 0:21 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset,clone_children\n"
		  "24 23 0:19 / /sys/fs/cgroup/systemd rw shared:10 - cgroup cgroup "
		  "rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd\n"
		  "27 23 0:22 / /sys/fs/cgroup/cpu,cpuacct rw shared:12 - cgroup cgroup "
		  "rw,cpuacct,cpu\n"
		  "28 23 0:23 / /sys/fs/cgroup/memory rw shared:13 - cgroup cgroup rw,memory\n",
		  NULL, CGROUP_LAYOUT_V1);
	/* systemd's hybrid: v1 controllers and cgroup2 at unified */
	layout_of(
		"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n",
		NULL, CGROUP_LAYOUT_HYBRID);
	/* pure v2 */
	layout_of("30 22 0:27 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 "
		  "rw,nsdelegate,memory_recursiveprot\n",
		  NULL, CGROUP_LAYOUT_V2);
	/* only a named hierarchy: it limits nothing */
	layout_of("39 30 0:36 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n", NULL,
		  CGROUP_LAYOUT_NONE);
	/* mounts elsewhere don't count; a root with an escaped space does */
	layout_of("39 30 0:36 / /mnt/cg2 rw - cgroup2 cgroup2 rw\n"
		  "40 30 0:36 / /tmp/a\\040b rw - cgroup2 cgroup2 rw\n",
		  "/tmp/a b", CGROUP_LAYOUT_V2);
	layout_of("39 30 0:36 / /mnt/cg2 rw - cgroup2 cgroup2 rw\n", NULL, CGROUP_LAYOUT_NONE);
	/* a prefix of the root's name is not below it */
	layout_of("31 30 0:28 / /sys/fs/cgroupx/cpu rw - cgroup cgroup rw,cpu\n", NULL,
		  CGROUP_LAYOUT_NONE);
	/* a trailing slash on the root */
	layout_of("31 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
		  "/sys/fs/cgroup/", CGROUP_LAYOUT_V1);
	/* garbage lines are skipped */
	layout_of(
		"nonsense\n\n1 2 3\n31 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
		NULL, CGROUP_LAYOUT_V1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shares_to_weight),
		cmocka_unit_test(shares_to_weight_exact),
		cmocka_unit_test(blkio_to_io_weight),
		cmocka_unit_test(sizes),
		cmocka_unit_test(sizes_as_the_config_reads_them),
		cmocka_unit_test(memsw),
		cmocka_unit_test(device_rules_parse),
		cmocka_unit_test(bpf_seed_rules),
		cmocka_unit_test(bpf_later_rules_win),
		cmocka_unit_test(bpf_explicit_decisions),
		cmocka_unit_test(device_defaults),
		cmocka_unit_test(layouts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
