/* The config language: the seed's file, both key generations, every error
 * case, includes, the fstab file, and the print round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

static char tmpdir[PATH_MAX];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ctrt-config-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[PATH_MAX + 16];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes @text to tmpdir/@name; returns the path (static buffer rotation). */
static const char *put(const char *name, const char *text)
{
	static char paths[8][PATH_MAX + 256];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, PATH_MAX + 256, "%s/%.200s", tmpdir, name);
	f = fopen(p, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return p;
}

static struct container_config *load_ok(const char *name, const char *text)
{
	struct container_config *c = NULL;
	struct diag d = {0};
	int r = config_load(put(name, text), "t", &c, &d);
	if (r < 0)
		fail_msg("load failed: %s:%u: %s", d.file, d.line, d.msg);
	return c;
}

/* Loads @text expecting failure; checks the line and that the message
 * contains @want. */
static void load_bad(const char *text, unsigned line, const char *want)
{
	struct container_config *c = NULL;
	struct diag d = {0};
	int r = config_load(put("bad.conf", text), "t", &c, &d);

	if (r >= 0) {
		config_free(c);
		fail_msg("loaded, expected an error containing '%s' for: %s", want, text);
	}
	assert_null(c);
	if (!strstr(d.msg, want))
		fail_msg("message '%s' lacks '%s'", d.msg, want);
	assert_int_equal(d.line, line);
}

__attribute__((unused)) static char *print_str(const struct container_config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(config_print(c, f), 0);
	fclose(f);
	/* Drop the first comment line: it names the file. */
	char *nl = strchr(buf, '\n');
	memmove(buf, nl + 1, strlen(nl + 1) + 1);
	return buf;
}

static const char *seed_path(void)
{
	static char p[PATH_MAX];
	const char *top = getenv("CTR_TOP");
	snprintf(p, sizeof(p), "%s/tests/unit/data/seed.conf", top ? top : ".");
	return p;
}

static void test_seed_parses(void **state)
{
	_cleanup_(config_freep) struct container_config *c = NULL;
	struct diag d = {0};
	(void)state;

	if (config_load(seed_path(), NULL, &c, &d) < 0)
		fail_msg("%s:%u: %s", d.file, d.line, d.msg);
	assert_string_equal(c->name, "seed");
	assert_string_equal(c->uts_name, "funtoo0");
	assert_string_equal(c->rootfs, "/lxc/funtoo0/rootfs/");
	assert_string_equal(c->arch, "x86_64");
	assert_int_equal(c->personality, PER_LINUX);
	assert_int_equal(c->tty_max, 6); /* "6  # if you plan ..." */
	assert_int_equal(c->pty_max, 1024);
	assert_null(c->console_path); /* commented out */
	assert_true(c->cap_drop & (1ULL << CAP_SYS_ADMIN));
	assert_true(c->cap_drop & (1ULL << CAP_MKNOD));
	assert_false(c->cap_drop & (1ULL << CAP_SYS_CHROOT)); /* commented out */
	assert_false(c->cap_drop & (1ULL << CAP_SYS_NICE));
	assert_int_equal(__builtin_popcountll(c->cap_drop), 14);
	assert_false(c->cap_keep_set);
	assert_int_equal(c->n_cgroups, 18);
	assert_string_equal(c->cgroups[0].key, "devices.deny");
	assert_string_equal(c->cgroups[0].value, "a");
	assert_string_equal(c->cgroups[14].key, "cpuset.cpus");
	assert_string_equal(c->cgroups[14].value, "0"); /* remark stripped */
	assert_string_equal(c->cgroups[15].value, "512M");
	assert_string_equal(c->cgroups[16].key, "memory.memsw.limit_in_bytes");
	assert_false(c->cgroups[16].v2);
	assert_int_equal(c->n_mounts, 4);
	assert_string_equal(c->mounts[2].target, "/lxc/funtoo0/rootfs/tmp");
	assert_string_equal(c->mounts[2].options, "defaults,size=128m,nodev,nosuid");
	assert_string_equal(config_mount_path(c, &c->mounts[2]), "tmp");
	assert_string_equal(c->mounts[3].origin.key, "lxc.mount.entry");
	assert_true(c->mounts[0].origin.line > 60);
	assert_true(c->autodev);
	assert_int_equal(c->n_nets, 0);
}

static void test_remarks_crlf_comments(void **state)
{
	_cleanup_(config_freep) struct container_config *c = NULL;
	(void)state;
	c = load_ok("a.conf", "# comment\r\n"
			      "\r\n"
			      "   # indented comment\n"
			      "lxc.uts.name=box\r\n"
			      "lxc.tty.max = 3\t# remark\r\n"
			      "lxc.environment = A=b#c\n"
			      "lxc.environment = B=x # y\n");
	assert_string_equal(c->uts_name, "box");
	assert_int_equal(c->tty_max, 3);
	assert_string_equal(c->environment[0], "A=b#c");
	assert_string_equal(c->environment[1], "B=x");
	assert_null(c->environment[2]);
	assert_string_equal(c->name, "t");
}

static void test_unknown_key_suggests(void **state)
{
	(void)state;
	load_bad("lxc.uts.name = a\nlxc.utsnam = b\n", 2,
		 "unknown key 'lxc.utsnam' (did you mean 'lxc.utsname'?)");
	load_bad("lxc.rootfs.pth = /x\n", 1, "did you mean 'lxc.rootfs.path'?");
	load_bad("lxc.net.2.hwadr = 02:00:00:00:00:01\n", 1, "did you mean 'lxc.net.2.hwaddr'?");
	load_bad("lxc.network.lnk = br0\n", 1, "did you mean 'lxc.network.link'?");
	load_bad("lxc.cgrop.memory.limit_in_bytes = 1G\n", 1,
		 "did you mean 'lxc.cgroup.memory.limit_in_bytes'?");
	load_bad("completely.different = 1\n", 1, "unknown key 'completely.different'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_parses),
		cmocka_unit_test(test_remarks_crlf_comments),
		cmocka_unit_test(test_unknown_key_suggests),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
