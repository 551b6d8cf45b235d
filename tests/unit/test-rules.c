// SPDX-License-Identifier: LGPL-2.1-or-later
/* The rules engine: the file format and its errors, version ranges,
 * alternative names, dependencies, must-be-off and unknown versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/kconfig.h"
#include "ctr/rules.h"
#include "tmpdir.h"

static const char rules_text[] =
	"# test rules\n"
	"group Namespaces\n"
	"check USER_NS\n"
	"\ttitle User namespace\n"
	"\tseverity required\n"
	"\twhy uid mapping\n"
	"\tfix set it\n"
	"check USERNS_CONSTRAINTS\n"
	"\tseverity must-be-off\n"
	"\tunless USER_NS\n"
	"\tversion 3.5..3.12\n"
	"\toption NFS_FS 3.5..3.10\n"
	"\toption FUSE_FS 3.5..3.10\n"
	"\toption XFS_FS 3.5..3.12\n"
	"\twhy USER_NS needs them off\n"
	"group Control groups\n"
	"check MEMCG\n"
	"\tseverity required\n"
	"\toption CGROUP_MEM_RES_CTLR ..3.6\n"
	"\toption MEMCG 3.6..\n"
	"\twhy memory limits\n"
	"check MEMCG_SWAP\n"
	"\tseverity recommended\n"
	"\tdepends MEMCG\n"
	"\toption CGROUP_MEM_RES_CTLR_SWAP ..3.6\n"
	"\toption MEMCG_SWAP 3.6..6.1\n"
	"\toption MEMCG 6.1..\n"
	"\twhy swap limits\n"
	"check CPUSETS\n"
	"\tseverity recommended\n"
	"\tdepends SMP\n"
	"\twhy cpus\n"
	"check CGROUP_FREEZER\n"
	"\tseverity required\n"
	"\tv2-route 5.2..\n"
	"\tv2-note cgroup.freeze\n"
	"\twhy freezing\n"
	"check DEVPTS_MULTIPLE_INSTANCES\n"
	"\tseverity required\n"
	"\tversion ..4.7\n"
	"\twhy devpts\n"
	"group Networking\n"
	"check MASQ\n"
	"\tseverity recommended\n"
	"\toption IP_NF_TARGET_MASQUERADE ..5.2 module=ipt_MASQUERADE\n"
	"\toption NETFILTER_XT_TARGET_MASQUERADE 5.2.. module=xt_MASQUERADE\n"
	"\toption IP_NF_TARGET_MASQUERADE 5.2.. module=xt_MASQUERADE\n"
	"\twhy nat\n"
	"check VETH\n"
	"\tseverity required\n"
	"\toption VETH module=veth\n"
	"\twhy pairs\n"
	"check CGROUP_DEVICE\n"
	"\tseverity required\n"
	"\tv2-route CGROUP_BPF BPF_SYSCALL 4.15..\n"
	"\tv2-note bpf\n"
	"\twhy devices\n"
	"check CGROUP_NS\n"
	"\tseverity required\n"
	"\toption CGROUPS\n"
	"\tsince 4.6\n"
	"\tprobe /ctrt-no-such-dir/ns/cgroup\n"
	"\twhy cgroupns\n";

static struct rules *load_rules(void)
{
	struct rules *r = NULL;
	struct diag d = { 0 };
	int e = rules_parse(rules_text, sizeof(rules_text) - 1, "t.rules", &r, &d);
	if (e < 0)
		fail_msg("rules_parse: %d %s:%u: %s", e, d.file, d.line, d.msg);
	return r;
}

struct run {
	struct rules *rules;
	struct kconfig *kc;
	struct check_result *res;
	size_t n;
};

static void run_eval(struct run *x, const char *config, uint32_t version, bool v2only)
{
	struct diag d = { 0 };
	struct rules_input in = { 0 };
	x->rules = load_rules();
	if (kconfig_parse(config, strlen(config), "t.config", &x->kc, NULL, &d) < 0)
		fail_msg("kconfig_parse: %s", d.msg);
	in.kc = x->kc;
	in.version = version;
	in.no_cgroup2 = v2only;
	assert_int_equal(rules_eval(x->rules, &in, &x->res, &x->n), 0);
}

static void run_free(struct run *x)
{
	free(x->res);
	kconfig_free(x->kc);
	rules_free(x->rules);
}

static const struct check_result *find(const struct run *x, const char *id)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->res[i].rule->id, id) == 0)
			return &x->res[i];
	return NULL;
}

static void test_parse_structure(void **state)
{
	(void)state;
	struct rules *r = load_rules();
	assert_int_equal(r->n, 11);
	assert_int_equal(r->n_groups, 3);
	assert_string_equal(r->v[0].id, "USER_NS");
	assert_string_equal(r->v[0].title, "User namespace");
	assert_string_equal(r->v[0].group, "Namespaces");
	assert_int_equal(r->v[0].n_opts, 1); /* defaulted to the id */
	assert_string_equal(r->v[0].opts[0].name, "USER_NS");
	assert_int_equal(r->v[1].severity, SEV_MUST_BE_OFF);
	assert_int_equal(r->v[1].n_opts, 3);
	assert_int_equal(r->v[1].opts[2].range.from, KVERSION(3, 5, 0));
	assert_int_equal(r->v[1].opts[2].range.to, KVERSION(3, 12, 0));
	assert_string_equal(r->v[2].group, "Control groups");
	assert_string_equal(r->v[7].opts[1].module, "xt_MASQUERADE");
	assert_int_equal(r->v[3].line, 22);
	rules_free(r);
}

static void expect_error(const char *text, unsigned line, const char *msg)
{
	struct rules *r = NULL;
	struct diag d = { 0 };
	assert_int_equal(rules_parse(text, strlen(text), "bad.rules", &r, &d), -EINVAL);
	assert_null(r);
	assert_string_equal(d.file, "bad.rules");
	if (d.line != line || !strstr(d.msg, msg))
		fail_msg("want line %u '%s', got line %u '%s'", line, msg, d.line, d.msg);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("", 0, "no checks");
	expect_error("# only a comment\n", 0, "no checks");
	expect_error("group G\ncheck A\n\tseverity required\n\twhy x\n\tcolour red\n", 5,
		     "unknown key 'colour'");
	expect_error("severity required\n", 1, "outside a check");
	expect_error("check A\n", 1, "before any 'group'");
	expect_error("group G\ncheck A\n\tseverity fatal\n", 3, "unknown severity 'fatal'");
	expect_error("group G\ncheck A\n\tseverity required\n\twhy x\n\tversion 4.7\n", 5,
		     "bad version range");
	expect_error("group G\ncheck A\n\tseverity required\n\twhy x\n\tversion 5.0..4.0\n", 5,
		     "bad version range");
	expect_error("group G\ncheck A\n\tseverity required\n\twhy x\n\toption B 3.x..\n", 5,
		     "bad version range or word '3.x..'");
	expect_error("group G\ncheck A\n\tseverity required\n\twhy x\n\toption CONFIG_B\n", 5,
		     "without 'CONFIG_'");
	expect_error("group G\ncheck A\n\twhy x\ncheck B\n\tseverity optional\n\twhy y\n", 2,
		     "'A' has no 'severity'");
	expect_error("group G\ncheck A\n\tseverity optional\n", 2, "'A' has no 'why'");
	expect_error("group G\ncheck A\n\tseverity optional\n\twhy x\ncheck A\n", 5,
		     "defined twice (first at line 2)");
	expect_error("group G\ncheck A\n\tseverity optional\n\tdepends B\n\twhy x\n"
		     "check B\n\tseverity optional\n\twhy y\n",
		     2, "not defined before it");
	expect_error("group G\ncheck A\n\tseverity optional\n\twhy x\n\twhy y\n", 5,
		     "'why' given twice");
	expect_error("group G\ncheck A-B\n", 2, "bad check id");
	expect_error("group G\ncheck A\n\ttitle\n", 3, "needs a value");
	expect_error("group G\ncheck A\n\tseverity optional\n\twhy x\n\toption B module=a-b\n", 5,
		     "bad module name");
}

static void test_crlf_rules(void **state)
{
	(void)state;
	static const char t[] = "group G\r\ncheck A\r\n\tseverity optional\r\n\twhy x\r\n";
	struct rules *r = NULL;
	assert_int_equal(rules_parse(t, sizeof(t) - 1, "crlf.rules", &r, NULL), 0);
	assert_string_equal(r->v[0].why, "x");
	rules_free(r);
}

static void test_vrange(void **state)
{
	(void)state;
	struct vrange r;
	assert_int_equal(vrange_parse("3.10..3.12", &r), 0);
	assert_false(vrange_contains(&r, KVERSION(3, 9, 11)));
	assert_true(vrange_contains(&r, KVERSION(3, 10, 0)));
	assert_true(vrange_contains(&r, KVERSION(3, 11, 7)));
	assert_false(vrange_contains(&r, KVERSION(3, 12, 0)));
	assert_int_equal(vrange_parse("..4.7", &r), 0);
	assert_true(vrange_contains(&r, KVERSION(4, 6, 99)));
	assert_false(vrange_contains(&r, KVERSION(4, 7, 0)));
	assert_int_equal(vrange_parse("6.1..", &r), 0);
	assert_true(vrange_contains(&r, KVERSION(6, 17, 5)));
	assert_false(vrange_contains(&r, KVERSION(6, 0, 19)));
	assert_int_equal(vrange_parse("..", &r), -EINVAL);
	assert_int_equal(vrange_parse("3.10", &r), -EINVAL);
	assert_int_equal(vrange_parse("a..b", &r), -EINVAL);
	assert_int_equal(vrange_parse("4.0..4.0", &r), -EINVAL);
}

static void test_rename_by_version(void **state)
{
	(void)state;
	struct run x = { 0 };
	/* A 3.5 kernel with the old memory controller name. */
	run_eval(&x, "CONFIG_CGROUP_MEM_RES_CTLR=y\nCONFIG_CGROUP_MEM_RES_CTLR_SWAP=y\n",
		 KVERSION(3, 5, 0), false);
	assert_int_equal(find(&x, "MEMCG")->state, STATE_ENABLED);
	assert_string_equal(find(&x, "MEMCG")->option, "CGROUP_MEM_RES_CTLR");
	assert_int_equal(find(&x, "MEMCG_SWAP")->state, STATE_ENABLED);
	run_free(&x);
	/* The old name on a 3.6 kernel does not count. */
	run_eval(&x, "CONFIG_CGROUP_MEM_RES_CTLR=y\n", KVERSION(3, 6, 0), false);
	assert_int_equal(find(&x, "MEMCG")->state, STATE_MISSING);
	assert_string_equal(find(&x, "MEMCG")->option, "MEMCG");
	assert_true(find(&x, "MEMCG")->fails);
	assert_int_equal(find(&x, "MEMCG_SWAP")->state, STATE_NOT_NEEDED);
	run_free(&x);
	/* From 6.1 swap accounting is part of MEMCG. */
	run_eval(&x, "CONFIG_MEMCG=y\n", KVERSION(6, 1, 0), false);
	assert_int_equal(find(&x, "MEMCG_SWAP")->state, STATE_ENABLED);
	assert_string_equal(find(&x, "MEMCG_SWAP")->option, "MEMCG");
	run_free(&x);
	run_eval(&x, "CONFIG_MEMCG=y\n", KVERSION(6, 0, 19), false);
	assert_int_equal(find(&x, "MEMCG_SWAP")->state, STATE_MISSING);
	assert_false(find(&x, "MEMCG_SWAP")->fails); /* recommended */
	run_free(&x);
}

static void test_alternatives_best(void **state)
{
	(void)state;
	struct run x = { 0 };
	run_eval(&x, "CONFIG_IP_NF_TARGET_MASQUERADE=m\nCONFIG_NETFILTER_XT_TARGET_MASQUERADE=y\n",
		 KVERSION(5, 10, 0), false);
	assert_int_equal(find(&x, "MASQ")->state, STATE_ENABLED);
	assert_string_equal(find(&x, "MASQ")->option, "NETFILTER_XT_TARGET_MASQUERADE");
	run_free(&x);
	run_eval(&x, "CONFIG_IP_NF_TARGET_MASQUERADE=m\n", KVERSION(5, 10, 0), false);
	assert_int_equal(find(&x, "MASQ")->state, STATE_MODULE);
	assert_string_equal(find(&x, "MASQ")->module, "xt_MASQUERADE");
	run_free(&x);
	/* Before 5.2 only the iptables name counts. */
	run_eval(&x, "CONFIG_NETFILTER_XT_TARGET_MASQUERADE=y\n", KVERSION(4, 19, 0), false);
	assert_int_equal(find(&x, "MASQ")->state, STATE_MISSING);
	assert_string_equal(find(&x, "MASQ")->option, "IP_NF_TARGET_MASQUERADE");
	run_free(&x);
}

static void test_check_version_range(void **state)
{
	(void)state;
	struct run x = { 0 };
	run_eval(&x, "CONFIG_DEVPTS_MULTIPLE_INSTANCES=y\n", KVERSION(4, 6, 0), false);
	assert_int_equal(find(&x, "DEVPTS_MULTIPLE_INSTANCES")->state, STATE_ENABLED);
	run_free(&x);
	run_eval(&x, "CONFIG_VETH=y\n", KVERSION(4, 7, 0), false);
	assert_null(find(&x, "DEVPTS_MULTIPLE_INSTANCES"));
	run_free(&x);
}

static void test_depends(void **state)
{
	(void)state;
	struct run x = { 0 };
	run_eval(&x, "# CONFIG_SMP is not set\n", KVERSION(5, 4, 0), false);
	assert_int_equal(find(&x, "CPUSETS")->state, STATE_NOT_NEEDED);
	assert_true(find(&x, "CPUSETS")->ok);
	assert_non_null(strstr(find(&x, "CPUSETS")->detail, "CONFIG_SMP is off"));
	run_free(&x);
	run_eval(&x, "CONFIG_SMP=y\n", KVERSION(5, 4, 0), false);
	assert_int_equal(find(&x, "CPUSETS")->state, STATE_MISSING);
	assert_false(find(&x, "CPUSETS")->ok);
	run_free(&x);
}

static void test_userns_constraints(void **state)
{
	(void)state;
	struct run x = { 0 };
	/* 3.11 without USER_NS and XFS_FS=y: XFS_FS named. */
	run_eval(&x, "CONFIG_XFS_FS=y\nCONFIG_NFS_FS=y\n", KVERSION(3, 11, 7), false);
	assert_int_equal(find(&x, "USERNS_CONSTRAINTS")->state, STATE_MUST_BE_OFF);
	assert_string_equal(find(&x, "USERNS_CONSTRAINTS")->detail, "CONFIG_XFS_FS=y");
	assert_true(find(&x, "USERNS_CONSTRAINTS")->fails);
	/* should-be-off: the same state, a problem but not a failure */
	{
		struct check_result *c = (struct check_result *)find(&x, "USERNS_CONSTRAINTS");
		((struct rule *)c->rule)->severity = SEV_SHOULD_BE_OFF;
		check_result_judge(c);
		assert_int_equal(c->state, STATE_MUST_BE_OFF);
		assert_false(c->ok);
		assert_false(c->fails);
	}
	run_free(&x);
	/* 3.9: the whole list. */
	run_eval(&x, "CONFIG_XFS_FS=m\nCONFIG_NFS_FS=y\nCONFIG_FUSE_FS=m\n", KVERSION(3, 9, 0),
		 false);
	assert_string_equal(find(&x, "USERNS_CONSTRAINTS")->detail,
			    "CONFIG_NFS_FS=y, CONFIG_FUSE_FS=m, CONFIG_XFS_FS=m");
	run_free(&x);
	/* 3.10 backport: USER_NS=y with XFS_FS=m, no complaint. */
	run_eval(&x, "CONFIG_USER_NS=y\nCONFIG_XFS_FS=m\n", KVERSION(3, 10, 0), false);
	assert_int_equal(find(&x, "USERNS_CONSTRAINTS")->state, STATE_NOT_NEEDED);
	assert_true(find(&x, "USERNS_CONSTRAINTS")->ok);
	run_free(&x);
	/* 3.11 with nothing blocking: off, as it should be. */
	run_eval(&x, "# CONFIG_XFS_FS is not set\n", KVERSION(3, 11, 0), false);
	assert_int_equal(find(&x, "USERNS_CONSTRAINTS")->state, STATE_MISSING);
	assert_true(find(&x, "USERNS_CONSTRAINTS")->ok);
	run_free(&x);
	/* From 3.12 nothing. */
	run_eval(&x, "CONFIG_XFS_FS=y\n", KVERSION(3, 12, 0), false);
	assert_null(find(&x, "USERNS_CONSTRAINTS"));
	run_free(&x);
}

static void test_unknown_version(void **state)
{
	(void)state;
	struct run x = { 0 };
	run_eval(
		&x,
		"CONFIG_MEMCG=y\nCONFIG_VETH=y\nCONFIG_XFS_FS=y\nCONFIG_DEVPTS_MULTIPLE_INSTANCES=y\n",
		0, false);
	assert_int_equal(find(&x, "MEMCG")->state, STATE_UNKNOWN);
	assert_false(find(&x, "MEMCG")->fails);
	assert_int_equal(find(&x, "MEMCG_SWAP")->state, STATE_UNKNOWN);
	assert_int_equal(find(&x, "DEVPTS_MULTIPLE_INSTANCES")->state, STATE_UNKNOWN);
	assert_int_equal(find(&x, "USERNS_CONSTRAINTS")->state, STATE_UNKNOWN);
	assert_int_equal(find(&x, "MASQ")->state, STATE_UNKNOWN);
	/* Version-free checks are still evaluated. */
	assert_int_equal(find(&x, "VETH")->state, STATE_ENABLED);
	assert_int_equal(find(&x, "USER_NS")->state, STATE_MISSING);
	run_free(&x);
	/* unless needs no version: USER_NS set settles it. */
	run_eval(&x, "CONFIG_USER_NS=y\nCONFIG_XFS_FS=y\n", 0, false);
	assert_int_equal(find(&x, "USERNS_CONSTRAINTS")->state, STATE_NOT_NEEDED);
	run_free(&x);
}

static void test_v2_route(void **state)
{
	(void)state;
	struct run x = { 0 };
	/* The kernel decides, not the host: ok (cgroup v2), with the note. */
	run_eval(&x, "CONFIG_CGROUP_BPF=y\nCONFIG_BPF_SYSCALL=y\n", KVERSION(6, 1, 0), false);
	assert_int_equal(find(&x, "CGROUP_FREEZER")->state, STATE_CGROUP_V2);
	assert_true(find(&x, "CGROUP_FREEZER")->ok);
	assert_false(find(&x, "CGROUP_FREEZER")->fails);
	assert_string_equal(find(&x, "CGROUP_FREEZER")->detail, "cgroup.freeze");
	assert_int_equal(find(&x, "CGROUP_DEVICE")->state, STATE_CGROUP_V2);
	run_free(&x);
	/* A probed host without cgroup2: a problem, still not a failure. */
	run_eval(&x, "CONFIG_CGROUP_BPF=y\nCONFIG_BPF_SYSCALL=y\n", KVERSION(6, 1, 0), true);
	assert_int_equal(find(&x, "CGROUP_DEVICE")->state, STATE_CGROUP_V2);
	assert_false(find(&x, "CGROUP_DEVICE")->ok);
	assert_false(find(&x, "CGROUP_DEVICE")->fails);
	assert_non_null(strstr(find(&x, "CGROUP_DEVICE")->detail, "mounts no cgroup2"));
	run_free(&x);
	/* Neither route: every v2-route option is needed, and the version. */
	run_eval(&x, "CONFIG_CGROUP_BPF=y\n", KVERSION(5, 1, 0), false);
	assert_int_equal(find(&x, "CGROUP_DEVICE")->state, STATE_MISSING);
	assert_true(find(&x, "CGROUP_DEVICE")->fails);
	assert_int_equal(find(&x, "CGROUP_FREEZER")->state, STATE_MISSING);
	assert_true(find(&x, "CGROUP_FREEZER")->fails);
	run_free(&x);
	/* The v1 option set: enabled as before. */
	run_eval(&x, "CONFIG_CGROUP_FREEZER=y\n", KVERSION(6, 1, 0), false);
	assert_int_equal(find(&x, "CGROUP_FREEZER")->state, STATE_ENABLED);
	run_free(&x);
}

static void test_since(void **state)
{
	(void)state;
	struct run x = { 0 };
	run_eval(&x, "CONFIG_CGROUPS=y\n", KVERSION(4, 4, 0), false);
	assert_int_equal(find(&x, "CGROUP_NS")->state, STATE_MISSING);
	assert_true(find(&x, "CGROUP_NS")->fails);
	assert_string_equal(find(&x, "CGROUP_NS")->detail, "Linux 4.6.0 and later only");
	run_free(&x);
	run_eval(&x, "CONFIG_CGROUPS=y\n", KVERSION(4, 6, 0), false);
	assert_int_equal(find(&x, "CGROUP_NS")->state, STATE_ENABLED);
	run_free(&x);
	run_eval(&x, "CONFIG_CGROUPS=y\n", 0, false);
	assert_int_equal(find(&x, "CGROUP_NS")->state, STATE_UNKNOWN);
	run_free(&x);
	/* The running kernel: its probe path decides for a backport. */
	{
		struct rules *r = load_rules();
		struct kconfig *kc = NULL;
		struct check_result *res = NULL;
		struct rules_input in = { .version = KVERSION(4, 4, 0),
					  .running = true,
					  .root = "" };
		size_t n = 0;
		char dir[] = "/tmp/ctrt-test-rules-XXXXXX", p[128];
		assert_non_null(mkdtemp(dir));
		assert_int_equal(kconfig_parse("CONFIG_CGROUPS=y\n", 16, "k", &kc, NULL, NULL), 0);
		in.kc = kc;
		assert_int_equal(rules_eval(r, &in, &res, &n), 0);
		for (size_t i = 0; i < n; i++)
			if (strcmp(res[i].rule->id, "CGROUP_NS") == 0)
				assert_int_equal(res[i].state, STATE_MISSING);
		free(res);
		snprintf(p, sizeof(p),
			 "mkdir -p %s/ctrt-no-such-dir/ns && touch %s/ctrt-no-such-dir/ns/cgroup",
			 dir, dir);
		assert_int_equal(system(p), 0);
		in.root = dir;
		assert_int_equal(rules_eval(r, &in, &res, &n), 0);
		for (size_t i = 0; i < n; i++)
			if (strcmp(res[i].rule->id, "CGROUP_NS") == 0) {
				assert_int_equal(res[i].state, STATE_ENABLED);
				assert_true(res[i].ok);
			}
		free(res);
		snprintf(p, sizeof(p), "rm -rf %s", dir);
		assert_int_equal(system(p), 0);
		kconfig_free(kc);
		rules_free(r);
	}
}

static void test_module_judgement(void **state)
{
	(void)state;
	struct run x = { 0 };
	struct check_result *veth;
	run_eval(&x, "CONFIG_VETH=m\n", KVERSION(6, 1, 0), false);
	veth = (struct check_result *)find(&x, "VETH");
	assert_int_equal(veth->state, STATE_MODULE);
	assert_true(veth->ok);
	veth->module_status = MODULE_MISSING;
	check_result_judge(veth);
	assert_false(veth->ok);
	assert_true(veth->fails);
	veth->module_status = MODULE_AVAILABLE;
	check_result_judge(veth);
	assert_true(veth->ok);
	run_free(&x);
}

static void test_shipped_rules_parse(void **state)
{
	(void)state;
	const char *d = getenv("CTR_DATADIR");
	char path[4096];
	struct rules *r = NULL;
	struct diag dg = { 0 };
	snprintf(path, sizeof(path), "%s/checkconfig.rules", d ? d : "data");
	if (rules_load(path, &r, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	assert_true(r->n >= 35);
	rules_free(r);
	assert_int_equal(rules_load("/nonexistent/ctrt.rules", &r, &dg), -ENOENT);
	assert_non_null(strstr(dg.msg, "cannot open rules file"));
}

static void same_str(const char *what, size_t i, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("check %zu: %s '%s', parsed '%s'", i, what, a ? a : "(null)",
			 b ? b : "(null)");
}

static void same_range(const char *what, size_t i, const struct vrange *a, const struct vrange *b)
{
	if (a->from != b->from || a->to != b->to)
		fail_msg("check %zu: %s differs", i, what);
}

/* The rules compiled in at build time are what parsing the shipped file
 * gives, field by field, and a plain audit gets them from the file. */
static void test_builtin_rules(void **state)
{
	(void)state;
	const char *d = getenv("CTR_DATADIR");
	char path[4096];
	struct rules *p = NULL, *b = NULL;
	struct diag dg = { 0 };

	snprintf(path, sizeof(path), "%s/checkconfig.rules", d ? d : "data");
	if (rules_load(path, &p, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	if (rules_load_image(path, &rules_builtin, &b, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	assert_false(p->shared);
	assert_true(b->shared); /* the file is still the one built in */
	assert_string_equal(b->file, path);
	assert_int_equal(b->n_groups, p->n_groups);
	for (size_t g = 0; g < p->n_groups; g++)
		assert_string_equal(b->groups[g], p->groups[g]);
	assert_int_equal(b->n, p->n);
	for (size_t i = 0; i < p->n; i++) {
		const struct rule *x = &b->v[i], *y = &p->v[i];
		size_t gx = 0, gy = 0;
		same_str("id", i, x->id, y->id);
		same_str("title", i, x->title, y->title);
		while (gx < b->n_groups && b->groups[gx] != x->group)
			gx++;
		while (gy < p->n_groups && p->groups[gy] != y->group)
			gy++;
		if (gx != gy || gx == b->n_groups)
			fail_msg("check %zu: group %zu, parsed %zu", i, gx, gy);
		assert_int_equal(x->severity, y->severity);
		same_range("version", i, &x->range, &y->range);
		assert_int_equal(x->ranged, y->ranged);
		assert_int_equal(x->n_opts, y->n_opts);
		for (size_t j = 0; j < x->n_opts; j++) {
			same_str("option", i, x->opts[j].name, y->opts[j].name);
			same_range("option range", i, &x->opts[j].range, &y->opts[j].range);
			assert_int_equal(x->opts[j].ranged, y->opts[j].ranged);
			same_str("module", i, x->opts[j].module, y->opts[j].module);
		}
		same_str("depends", i, x->depends, y->depends);
		same_str("unless", i, x->unless, y->unless);
		assert_int_equal(x->has_v2, y->has_v2);
		assert_int_equal(x->n_v2_opts, y->n_v2_opts);
		for (size_t j = 0; j < x->n_v2_opts; j++)
			same_str("v2-route", i, x->v2_opts[j], y->v2_opts[j]);
		same_range("v2-route range", i, &x->v2_range, &y->v2_range);
		assert_int_equal(x->v2_ranged, y->v2_ranged);
		same_str("v2-note", i, x->v2_note, y->v2_note);
		assert_int_equal(x->since, y->since);
		same_str("probe", i, x->probe, y->probe);
		same_str("why", i, x->why, y->why);
		same_str("fix", i, x->fix, y->fix);
		assert_int_equal(x->line, y->line);
	}
	rules_free(b);
	rules_free(p);
}

/* A rules file that differs from the built-in one in a byte, or in its
 * length, is parsed: what the user edited is what is checked. */
static void test_builtin_rules_edited(void **state)
{
	(void)state;
	_cleanup_free_ char *text = strdup(rules_builtin.text);
	_cleanup_free_ char *longer = NULL;
	struct rules *r = NULL;
	struct diag dg = { 0 };
	const char *path;
	char *t;

	assert_non_null(text);
	/* the same length, one letter of the first title changed */
	t = strstr(text, "\n\ttitle ");
	assert_non_null(t);
	t[8] = t[8] == 'X' ? 'Y' : 'X';
	path = put("checkconfig.rules", text);
	if (rules_load_image(path, &rules_builtin, &r, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	assert_false(r->shared);
	assert_int_equal(r->v[0].title[0], t[8]);
	assert_int_not_equal(r->v[0].title[0], rules_builtin.v[0].title[0]);
	rules_free(r);
	/* the same length, one letter of the last title changed: past the
	 * first read()s of the comparison, which must start again at 0 */
	memcpy(text, rules_builtin.text, rules_builtin.len);
	for (char *n = text; (n = strstr(n, "\n\ttitle ")); n++)
		t = n;
	assert_true((size_t)(t - text) > 2 * 4096);
	t[8] = t[8] == 'X' ? 'Y' : 'X';
	path = put("checkconfig.rules", text);
	if (rules_load_image(path, &rules_builtin, &r, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	assert_false(r->shared);
	assert_int_equal(r->n, rules_builtin.n);
	assert_int_equal(r->v[r->n - 1].title[0], t[8]);
	rules_free(r);
	/* the built-in text and one more check */
	assert_true(asprintf(&longer,
			     "%s\ncheck CTRT_EXTRA\n\ttitle Extra\n\tseverity optional\n"
			     "\twhy w\n\tfix f\n",
			     rules_builtin.text) > 0);
	path = put("checkconfig.rules", longer);
	if (rules_load_image(path, &rules_builtin, &r, &dg) < 0)
		fail_msg("%s:%u: %s", dg.file, dg.line, dg.msg);
	assert_false(r->shared);
	assert_int_equal(r->n, rules_builtin.n + 1);
	assert_string_equal(r->v[r->n - 1].id, "CTRT_EXTRA");
	rules_free(r);
	/* no file: an error, never the built-in rules in its place */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rules_load_image(path, &rules_builtin, &r, &dg), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_structure),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_crlf_rules),
		cmocka_unit_test(test_vrange),
		cmocka_unit_test(test_rename_by_version),
		cmocka_unit_test(test_alternatives_best),
		cmocka_unit_test(test_check_version_range),
		cmocka_unit_test(test_depends),
		cmocka_unit_test(test_userns_constraints),
		cmocka_unit_test(test_unknown_version),
		cmocka_unit_test(test_v2_route),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_module_judgement),
		cmocka_unit_test(test_shipped_rules_parse),
		cmocka_unit_test(test_builtin_rules),
		cmocka_unit_test_setup_teardown(test_builtin_rules_edited, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
