// SPDX-License-Identifier: LGPL-2.1-or-later
/* The OCI front end's config.json reader (runtime/oci/spec.c): what lands
 * in the engine's struct container_config, and what is refused by which
 * JSON path; capability names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/oci.h"
#include "ctr/seccomp.h"

#define BASE                                                          \
	"{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"/tmp\"}," \
	" \"process\": {\"args\": [\"sh\", \"-c\", \"true\"], \"cwd\": \"/\", \"env\": [\"A=b\"]"

static int parse(const char *json, struct oci_spec **ret, struct diag *d)
{
	*d = (struct diag){ 0 };
	return oci_spec_parse(json, strlen(json), "config.json", "/b", "c1", ret, d);
}

static void test_oci_minimal(void **state)
{
	struct oci_spec *s = NULL;
	struct diag d;
	(void)state;

	assert_int_equal(parse(BASE "}, \"hostname\": \"h\", \"linux\": {\"namespaces\": "
				    "[{\"type\": \"pid\"}, {\"type\": \"mount\"}]}}",
			       &s, &d),
			 0);
	assert_string_equal(s->cfg->init_cmd[0], "sh");
	assert_string_equal(s->cfg->init_cmd[2], "true");
	assert_string_equal(s->cfg->environment[0], "A=b");
	assert_string_equal(s->cfg->uts_name, "h");
	assert_string_equal(s->cfg->rootfs, "/tmp");
	assert_string_equal(s->cfg->name, "c1");
	/* no capabilities object: none kept */
	assert_true(s->cfg->cap_keep_set);
	assert_int_equal(s->cfg->cap_keep, 0);
	/* no network namespace: the host's */
	assert_int_equal(s->cfg->n_nets, 1);
	assert_int_equal(s->cfg->nets[0].type, CFG_NET_NONE);
	/* no seccomp object: no filter */
	assert_true(s->cfg->seccomp_off);
	assert_string_equal(s->annotations, "{}");
	oci_spec_free(s);
}

static void test_oci_mapped(void **state)
{
	struct oci_spec *s = NULL;
	struct diag d;
	(void)state;

	assert_int_equal(
		parse(BASE
		      ", \"capabilities\": {\"bounding\": [\"CAP_KILL\", \"CAP_CHOWN\"]},"
		      " \"user\": {\"uid\": 5, \"gid\": 6, \"additionalGids\": [7], \"umask\": 18},"
		      " \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 10, \"hard\": 20}],"
		      " \"noNewPrivileges\": true, \"oomScoreAdj\": -5},"
		      " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
		      "  {\"destination\": \"/a/../b\", \"type\": \"tmpfs\", \"source\": \"t\", \"options\": [\"size=1k\", \"z\"]}],"
		      " \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"network\"},"
		      "  {\"type\": \"ipc\", \"path\": \"/proc/self/ns/ipc\"}],"
		      "  \"resources\": {\"memory\": {\"limit\": 1048576}, \"pids\": {\"limit\": -1},"
		      "   \"unified\": {\"io.weight\": \"50\"}},"
		      "  \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"},"
		      "  \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\", \"write\"],"
		      "   \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, \"value\": 4, \"valueTwo\": 2, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}},"
		      " \"annotations\": {\"k\": \"v\"}}",
		      &s, &d),
		0);
	assert_int_equal(s->cfg->cap_keep, (1ULL << 5) | (1ULL << 0));
	assert_true(s->cfg->user_set);
	assert_int_equal(s->cfg->user_uid, 5);
	assert_int_equal(s->cfg->user_gid, 6);
	assert_int_equal(s->cfg->n_user_groups, 1);
	assert_int_equal(s->cfg->user_groups[0], 7);
	assert_true(s->umask_set);
	assert_int_equal(s->umask, 18);
	assert_int_equal(s->n_rlimits, 1);
	assert_int_equal(s->rlimits[0].soft, 10);
	assert_true(s->cfg->no_new_privs);
	assert_int_equal(s->oom_score_adj, -5);
	/* proc is the engine's; the tmpfs lands cleaned, made if missing */
	assert_int_equal(s->cfg->auto_proc, CFG_AUTO_PROC_MIXED);
	assert_int_equal(s->cfg->n_mounts, 1);
	assert_string_equal(s->cfg->mounts[0].target, "b");
	assert_string_equal(s->cfg->mounts[0].options, "size=1k,create=dir");
	assert_int_equal(s->n_joins, 1);
	assert_int_equal(s->joins[0].flag, CLONE_NEWIPC);
	assert_true(s->ns_shared & CLONE_NEWIPC);
	assert_int_equal(s->cfg->n_nets, 0);
	assert_int_equal(s->cfg->n_cgroups, 3);
	assert_string_equal(s->cfg->cgroups[0].key, "memory.limit_in_bytes");
	assert_string_equal(s->cfg->cgroups[0].value, "1048576");
	assert_string_equal(s->cfg->cgroups[1].key, "pids.max");
	assert_string_equal(s->cfg->cgroups[1].value, "max");
	assert_true(s->cfg->cgroups[2].v2);
	assert_string_equal(s->cfg->cgroups[2].key, "io.weight");
	assert_int_equal(s->n_sysctls, 1);
	assert_non_null(s->cfg->seccomp);
	assert_int_equal(s->cfg->seccomp->n_rules, 2);
	assert_int_equal(s->cfg->seccomp->default_action.kind, SECCOMP_ACTION_ERRNO);
	assert_int_equal(s->cfg->seccomp->rules[0].args[0].op, SECCOMP_CMP_MASKED_EQ);
	/* libseccomp's order for MASKED_EQ: value the mask, valueTwo the datum */
	assert_int_equal(s->cfg->seccomp->rules[0].args[0].mask, 4);
	assert_int_equal(s->cfg->seccomp->rules[0].args[0].value, 2);
	assert_string_equal(s->annotations, "{\"k\":\"v\"}");
	oci_spec_free(s);
}

static void refused(const char *json, const char *key, const char *msg)
{
	struct oci_spec *s = NULL;
	struct diag d;

	assert_true(parse(json, &s, &d) < 0);
	assert_null(s);
	assert_string_equal(d.file, "config.json");
	assert_string_equal(d.key, key);
	if (!strstr(d.msg, msg))
		fail_msg("'%s': '%s' has no '%s'", key, d.msg, msg);
}

#define NS "\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"mount\"}]"

static void test_oci_refused(void **state)
{
	(void)state;
	refused("{\"ociVersion\": ", "", "not valid JSON");
	refused("[1]", "", "expected a JSON object");
	refused("{\"ociVersion\": \"2.0\"}", "ociVersion", "not a 1.x");
	refused(BASE "}, \"linux\": {" NS "}} trailing", "", "not valid JSON");
	refused("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/tmp\"}, \"process\": {\"args\": \"sh\", \"cwd\": \"/\"}}",
		"process.args", "expected an array, not a string");
	refused(BASE ", \"user\": {\"uid\": -1}}, \"linux\": {" NS "}}", "process.user.uid",
		"out of range");
	refused(BASE ", \"user\": {\"uid\": 1.5}}, \"linux\": {" NS "}}", "process.user.uid",
		"not a fraction");
	refused(BASE
		"}, \"mounts\": [{\"destination\": \"/../x\", \"type\": \"tmpfs\"}], \"linux\": {" NS
		"}}",
		"mounts[0].destination", "escapes the container's root");
	refused(BASE
		"}, \"mounts\": [{\"destination\": \"x\", \"type\": \"tmpfs\"}], \"linux\": {" NS
		"}}",
		"mounts[0].destination", "not an absolute path");
	refused(BASE "}, \"linux\": {" NS ", \"intelRdt\": {\"closID\": \"a\"}}}", "linux.intelRdt",
		"not supported: Intel RDT");
	refused(BASE "}, \"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}}", "linux.namespaces",
		"the host's PID namespace");
	refused(BASE
		"}, \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"mount\", \"path\": \"/x\"}]}}",
		"linux.namespaces[1]", "joining an existing mount namespace");
	refused(BASE "}, \"linux\": {" NS ", \"sysctl\": {\"vm.swappiness\": \"1\"}}}",
		"linux.sysctl.vm.swappiness", "not namespaced");
	refused(BASE "}, \"linux\": {" NS
		     ", \"seccomp\": {\"defaultAction\": \"SCMP_ACT_NOTIFY\"}}}",
		"linux.seccomp.defaultAction", "unsupported seccomp action");
	refused(BASE ", \"capabilities\": {\"bounding\": [\"CAP_NOPE\"]}}, \"linux\": {" NS "}}",
		"process.capabilities.bounding", "unknown capability 'CAP_NOPE'");
	refused(BASE "}, \"linux\": {" NS
		     "}, \"hooks\": {\"startContainer\": [{\"path\": \"x\"}]}}",
		"hooks.startContainer[0]", "path must be absolute");
	refused(BASE "}, \"linux\": {" NS ", \"cgroupsPath\": \"system.slice:ctr:x\"}}",
		"linux.cgroupsPath", "the systemd form");
	refused(BASE "}, \"linux\": {" NS
		     ", \"devices\": [{\"path\": \"/dev/x\", \"type\": \"q\"}]}}",
		"linux.devices[0]", "expected c, u, b or p");
	refused(BASE "}, \"linux\": {" NS ", \"timeOffsets\": {\"boottime\": {\"nanosecs\": -1}}}}",
		"linux.timeOffsets.boottime", "out of range");
	refused(BASE "}, \"linux\": {" NS "}, \"hooks\": {\"prestart\": [{\"path\": \"x\"}]}}",
		"hooks.prestart[0]", "path must be absolute");
}

static void test_oci_caps(void **state)
{
	(void)state;
	assert_int_equal(oci_cap_parse("sys_admin"), 21);
	assert_int_equal(oci_cap_parse("CAP_NOPE"), -EINVAL);
}

/* A saved state under @root for @id whose init @pid has ended. */
static void state_put(const struct oci_ctx *ctx, const char *id, pid_t pid)
{
	char dir[PATH_MAX];
	struct oci_state st = { .id = (char *)id,
				.pid = pid,
				.start_time = 1, /* not the 0 of a pid gone */
				.bundle = "/b",
				.rootfs = "/b/rootfs",
				.created = "2026-01-01T00:00:00Z",
				.annotations = "{}",
				.oci_version = OCI_VERSION };

	snprintf(dir, sizeof(dir), "%s/%s", ctx->root, id);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(oci_state_save(ctx, &st), 0);
}

/* state, list and the state directory's removal, over a root of saved
 * states (their inits gone: stopped), one damaged and one hidden. */
static void test_oci_list(void **state)
{
	char root[] = "/tmp/ctrt-oci-list-XXXXXX", path[PATH_MAX];
	struct oci_ctx ctx = { .root = root };
	struct oci_state **v = NULL;
	struct diag d = { 0 };
	const char *status = NULL;
	_cleanup_free_ char *js = NULL, *shown = NULL;
	size_t n = 9;
	pid_t gone;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(root));
	gone = fork();
	assert_true(gone >= 0);
	if (gone == 0)
		_exit(0);
	assert_int_equal(waitpid(gone, NULL, 0), gone);
	state_put(&ctx, "a", gone);
	state_put(&ctx, "b", gone);
	state_put(&ctx, ".hidden", gone);
	snprintf(path, sizeof(path), "%s/c", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/c/state.json", root);
	assert_non_null(f = fopen(path, "we"));
	fputs("{ damaged", f);
	fclose(f);

	assert_int_equal(oci_list(&ctx, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_non_null(js = oci_list_json(&ctx, v, n));
	assert_non_null(strstr(js, "\"id\":\"a\""));
	assert_non_null(strstr(js, "\"id\":\"b\""));
	assert_non_null(strstr(js, "\"status\":\"stopped\""));
	assert_null(strstr(js, "hidden"));
	oci_list_free(v, n);

	assert_int_equal(oci_status(&ctx, "a", &status, &d), 0);
	assert_string_equal(status, "stopped");
	assert_int_equal(oci_status(&ctx, "nosuch", &status, &d), -ENOENT);
	assert_int_equal(oci_state_show(&ctx, "b", &shown, &d), 0);
	assert_non_null(strstr(shown, "\"id\":\"b\""));
	assert_non_null(strchr(shown, '\n')); /* pretty, as runc prints it */

	oci_state_remove(&ctx, "a");
	oci_state_remove(&ctx, "b");
	oci_state_remove(&ctx, "c");
	oci_state_remove(&ctx, ".hidden");
	assert_int_equal(oci_list(&ctx, &v, &n), 0);
	assert_int_equal(n, 0);
	oci_list_free(v, n);
	assert_int_equal(rmdir(root), 0); /* nothing left in it */
	/* no root yet: no containers */
	assert_int_equal(oci_list(&ctx, &v, &n), 0);
	assert_int_equal(n, 0);
	oci_list_free(v, n);
}

/* spec never writes over a config.json; features names the spec version. */
static void test_oci_spec_default(void **state)
{
	char dir[] = "/tmp/ctrt-oci-spec-XXXXXX", path[PATH_MAX];
	_cleanup_free_ char *feat = oci_features_json();
	struct oci_spec *s = NULL;
	struct diag d = { 0 };
	(void)state;

	assert_non_null(feat);
	assert_non_null(strstr(feat, "\"ociVersionMax\":\"" OCI_VERSION "\""));
	assert_non_null(mkdtemp(dir));
	assert_int_equal(oci_spec_write_default(dir, &d), 0);
	/* what it writes is a bundle config ctr-oci reads */
	snprintf(path, sizeof(path), "%s/rootfs", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(oci_spec_load(dir, "x", &s, &d), 0);
	oci_spec_free(s);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(oci_spec_write_default(dir, &d), -EEXIST);
	assert_non_null(strstr(d.msg, "config.json' (File exists)"));
	snprintf(path, sizeof(path), "%s/config.json", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oci_minimal), cmocka_unit_test(test_oci_mapped),
		cmocka_unit_test(test_oci_refused), cmocka_unit_test(test_oci_caps),
		cmocka_unit_test(test_oci_list),    cmocka_unit_test(test_oci_spec_default),
	};
	return cmocka_run_group_tests_name("oci", tests, NULL, NULL);
}
