// SPDX-License-Identifier: LGPL-2.1-or-later
/* The config language: the seed's file, both key generations, every error
 * case, includes, the fstab file, and the print round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "skip.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/strutil.h"
#include "ctr/container.h"
#include "unit/tmpdir.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

/* Allocation failure injection (test-config.mk wraps these): when
 * oom_countdown is set, the allocation that brings it to 0 fails. */
static long oom_countdown;
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static bool oom_now(void)
{
	if (oom_countdown > 0 && --oom_countdown == 0) {
		errno = ENOMEM;
		return true;
	}
	return false;
}
void *__wrap_malloc(size_t n)
{
	return oom_now() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m)
{
	return oom_now() ? NULL : __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n)
{
	return oom_now() ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s)
{
	return oom_now() ? NULL : __real_strdup(s);
}
char *__wrap_strndup(const char *s, size_t n)
{
	return oom_now() ? NULL : __real_strndup(s, n);
}

static struct container_config *load_ok(const char *name, const char *text)
{
	struct container_config *c = NULL;
	struct diag d = { 0 };
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
	struct diag d = { 0 };
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

static char *print_str(const struct container_config *c)
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
	struct diag d = { 0 };
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
	load_bad("utsname = x\n", 1, "did you mean 'lxc.utsname'?");
	load_bad("lxc.network.ipv4.gatway = auto\n", 1, "did you mean 'lxc.network.ipv4.gateway'?");
	load_bad("LXC.TTY = 1\n", 1, "did you mean 'lxc.tty'?");
}

/* Both files mean the same config: their normalised prints are equal. */
static void assert_same(const char *a, const char *b)
{
	_cleanup_(config_freep) struct container_config *ca = load_ok("gen-a.conf", a);
	_cleanup_(config_freep) struct container_config *cb = load_ok("gen-b.conf", b);
	_cleanup_free_ char *pa = print_str(ca);
	_cleanup_free_ char *pb = print_str(cb);
	assert_string_equal(pa, pb);
	assert_true(strlen(pa) > 0);
}

static void test_generations_equal(void **state)
{
	(void)state;
	put("fstab", "none dev/pts devpts defaults 0 0\n");
	assert_same("lxc.utsname = h\n", "lxc.uts.name = h\n");
	assert_same("lxc.rootfs = /srv/r\n", "lxc.rootfs.path = dir:/srv/r\n");
	assert_same("lxc.tty = 4\n", "lxc.tty.max = 4\n");
	assert_same("lxc.pts = 1024\n", "lxc.pty.max = 1024\n");
	assert_same("lxc.console = none\n", "lxc.console.path = none\n");
	assert_same("lxc.mount = fstab\n", "lxc.mount.fstab = fstab\n");
	assert_same("lxc.init_cmd = /sbin/init quiet\n", "lxc.init.cmd = /sbin/init quiet\n");
	assert_same("lxc.id_map = u 0 100000 65536\n", "lxc.idmap = u 0 100000 65536\n");
	assert_same("lxc.haltsignal = SIGPWR\n", "lxc.signal.halt = PWR\n");
	assert_same("lxc.rebootsignal = 2\n", "lxc.signal.reboot = SIGINT\n");
	assert_same("lxc.stopsignal = sigkill\n", "lxc.signal.stop = KILL\n");
	assert_same("lxc.haltsignal = RTMIN+3\n", "lxc.signal.halt = SIGRTMIN+3\n");
	assert_same("lxc.arch = amd64\n", "lxc.arch = x86_64\n");
	assert_same("lxc.arch = i686\n", "lxc.arch = i686\n");
	assert_same("lxc.cap.drop = sys_admin mknod\n",
		    "lxc.cap.drop = CAP_MKNOD\nlxc.cap.drop = cap_sys_admin\n");
	assert_same("lxc.network.type = veth\n"
		    "lxc.network.flags = up\n"
		    "lxc.network.link = br0\n"
		    "lxc.network.hwaddr = 02:00:5e:10:00:01\n"
		    "lxc.network.name = eth0\n"
		    "lxc.network.veth.pair = veth-example\n"
		    "lxc.network.mtu = 1400\n"
		    "lxc.network.ipv4 = 10.0.3.5/24 10.0.3.255\n"
		    "lxc.network.ipv4.gateway = 10.0.3.1\n"
		    "lxc.network.ipv6 = fd00::5/64\n"
		    "lxc.network.ipv6.gateway = auto\n"
		    "lxc.network.type = macvlan\n"
		    "lxc.network.macvlan.mode = vepa\n"
		    "lxc.network.link = eth9\n",
		    "lxc.net.1.type = macvlan\n"
		    "lxc.net.1.link = eth9\n"
		    "lxc.net.1.macvlan.mode = vepa\n"
		    "lxc.net.0.type = veth\n"
		    "lxc.net.0.flags = up\n"
		    "lxc.net.0.link = br0\n"
		    "lxc.net.0.hwaddr = 02:00:5e:10:00:01\n"
		    "lxc.net.0.name = eth0\n"
		    "lxc.net.0.veth.pair = veth-example\n"
		    "lxc.net.0.mtu = 1400\n"
		    "lxc.net.0.ipv4.address = 10.0.3.5/24 10.0.3.255\n"
		    "lxc.net.0.ipv4.gateway = 10.0.3.1\n"
		    "lxc.net.0.ipv6.address = fd00::5/64\n"
		    "lxc.net.0.ipv6.gateway = auto\n");
	/* Mixed in one file: one meaning. */
	assert_same("lxc.utsname = h\nlxc.tty.max = 2\nlxc.pts = 8\nlxc.rootfs.path = /r\n",
		    "lxc.uts.name = h\nlxc.tty = 2\nlxc.pty.max = 8\nlxc.rootfs = dir:/r\n");
}

static void test_arch_personality(void **state)
{
	static const struct {
		const char *arch;
		unsigned long per;
	} cases[] = {
		{ "x86_64", PER_LINUX }, { "amd64", PER_LINUX },   { "aarch64", PER_LINUX },
		{ "arm64", PER_LINUX },	 { "i686", PER_LINUX32 },  { "i386", PER_LINUX32 },
		{ "x86", PER_LINUX32 },	 { "armhf", PER_LINUX32 }, { "ppc64le", PER_LINUX },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "lxc.arch = %s\n", cases[i].arch);
		_cleanup_(config_freep) struct container_config *c = load_ok("arch.conf", text);
		assert_int_equal(c->personality, cases[i].per);
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok("arch.conf", "\n");
		assert_int_equal(c->personality, 0xffffffffUL);
	}
	load_bad("lxc.arch = vax\n", 1, "invalid value 'vax' for 'lxc.arch'");
}

static void test_caps(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cap.conf", "lxc.cap.drop = sys_admin SYS_TIME\tCAP_MKNOD 16\n");
		assert_int_equal(c->cap_drop, (1ULL << CAP_SYS_ADMIN) | (1ULL << CAP_SYS_TIME) |
						      (1ULL << CAP_MKNOD) |
						      (1ULL << CAP_SYS_MODULE));
		assert_int_equal(c->cap_origin.line, 1);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cap.conf",
				"lxc.cap.drop = sys_admin\nlxc.cap.drop =\nlxc.cap.drop = mknod\n");
		assert_int_equal(c->cap_drop, 1ULL << CAP_MKNOD);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cap.conf", "lxc.cap.keep = none\n");
		assert_true(c->cap_keep_set);
		assert_int_equal(c->cap_keep, 0);
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"cap.conf",
			"lxc.cap.keep = sys_admin\nlxc.cap.keep = none\nlxc.cap.keep = chown kill\n");
		assert_int_equal(c->cap_keep, (1ULL << CAP_CHOWN) | (1ULL << CAP_KILL));
	}
	load_bad("lxc.cap.drop = sys_admn\n", 1, "unknown capability 'sys_admn'");
	load_bad("lxc.cap.drop = mknod bogus\n", 1, "unknown capability 'bogus'");
	load_bad("lxc.cap.drop = 99\n", 1, "unknown capability '99'");
	load_bad("lxc.cap.drop = mknod\nlxc.cap.keep = chown\n", 2,
		 "lxc.cap.drop and lxc.cap.keep together");
}

static void test_cgroups(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cg.conf", "lxc.cgroup.memory.limit_in_bytes = 512M\n"
					   "lxc.cgroup2.memory.max = 1G\n"
					   "lxc.cgroup.pids.max = max\n"
					   "lxc.cgroup.cpuset.cpus = 0-1,3\n"
					   "lxc.cgroup.memory.limit_in_bytes = 256m\n"
					   "lxc.cgroup.memory.soft_limit_in_bytes = -1\n"
					   "lxc.cgroup.freezer.state = THAWED\n");
		assert_int_equal(c->n_cgroups, 7);
		assert_true(c->cgroups[1].v2);
		assert_string_equal(c->cgroups[1].key, "memory.max");
		assert_string_equal(c->cgroups[4].value, "256m");
		assert_int_equal(c->cgroups[4].origin.line, 5);
		assert_string_equal(c->cgroups[4].origin.key, "lxc.cgroup.memory.limit_in_bytes");
	}
	{
		/* An empty value clears that file's lines (of that version). */
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cg.conf", "lxc.cgroup.devices.deny = a\n"
					   "lxc.cgroup.devices.allow = c 1:3 rwm\n"
					   "lxc.cgroup2.devices.allow = c 1:5 rwm\n"
					   "lxc.cgroup.devices.allow = c 1:5 rwm\n"
					   "lxc.cgroup.devices.allow =\n");
		assert_int_equal(c->n_cgroups, 2);
		assert_string_equal(c->cgroups[0].key, "devices.deny");
		assert_true(c->cgroups[1].v2);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("cg.conf", "lxc.cgroup.cpu.shares = 512\n"
					   "lxc.cgroup2.cpu.weight = 50\n"
					   "lxc.cgroup =\n");
		assert_int_equal(c->n_cgroups, 1);
		assert_true(c->cgroups[0].v2);
	}
	load_bad("lxc.cgroup.memory.limit_in_bytes = 512X\n", 1,
		 "invalid value '512X' for 'lxc.cgroup.memory.limit_in_bytes' (not a size");
	load_bad("lxc.cgroup.memory.limit_in_bytes = 1.5G\n", 1, "not a size");
	load_bad("lxc.cgroup.devices.allow = c 1:3 rwx\n", 1, "ACCESS a combination");
	/* the runtime's grammar: a major past int32 once passed here and failed
	 * ctr-start */
	load_bad("lxc.cgroup.devices.allow = c 99999999999:1 rwm\n", 1, "up to 2147483647");
	load_bad("lxc.cgroup.devices.allow = x 1:3 rwm\n", 1, "expected 'a' or");
	load_bad("lxc.cgroup.devices.allow = c 1-3 rwm\n", 1, "MAJOR:MINOR");
	load_bad("lxc.cgroup.cpu.shares = 1\n", 1, "from 2 to 262144");
	load_bad("lxc.cgroup.blkio.weight = 5000\n", 1, "from 10 to 1000");
	load_bad("lxc.cgroup.cpuset.cpus = 0-a\n", 1, "0-3,5");
	load_bad("lxc.cgroup.memory = 1\n", 1, "invalid cgroup file");
	load_bad("lxc.cgroup.memory/../x.y = 1\n", 1, "invalid cgroup file");
	load_bad("lxc.cgroup = x\n", 1, "takes no value");
	load_bad("lxc.cgroup.dir = foo\n", 1, "unsupported key 'lxc.cgroup.dir'");
}

static void test_sizes_signals(void **state)
{
	(void)state;
	load_bad("lxc.signal.halt = SIGFOO\n", 1, "invalid value 'SIGFOO' for 'lxc.signal.halt'");
	load_bad("lxc.haltsignal = 1x\n", 1, "for 'lxc.haltsignal'");
}

/* LXC's snapshot rootfs: the lower layer is the rootfs, the upper kept
 * apart, and printed back as written. */
static void test_rootfs_overlay(void **state)
{
	struct container_config *c;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	c = load_ok("ov.conf",
		    "lxc.rootfs.path = overlay:/var/lib/lxc/a/rootfs:/var/lib/lxc/b/delta0\n");
	assert_string_equal(c->rootfs, "/var/lib/lxc/a/rootfs");
	assert_string_equal(c->rootfs_overlay_upper, "/var/lib/lxc/b/delta0");
	f = open_memstream(&out, &len);
	assert_int_equal(config_print(c, f), 0);
	fclose(f);
	assert_non_null(strstr(
		out, "lxc.rootfs.path = overlay:/var/lib/lxc/a/rootfs:/var/lib/lxc/b/delta0\n"));
	free(out);
	config_free(c);
	/* the pre-2.1 spelling; a later plain rootfs drops the overlay */
	c = load_ok("ov2.conf", "lxc.rootfs = overlayfs:/a:/b\nlxc.rootfs = /c\n");
	assert_string_equal(c->rootfs, "/c");
	assert_null(c->rootfs_overlay_upper);
	config_free(c);
}

static void test_scalars(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("s.conf", "lxc.autodev = 0\n"
					  "lxc.start.auto = 1\n"
					  "lxc.start.order = -5\n"
					  "lxc.start.delay = 10\n"
					  "lxc.init.cwd = /root\n"
					  "lxc.console.logfile = /var/log/c.log\n"
					  "lxc.console.path = /dev/null\n"
					  "lxc.rootfs.options = ro,nodev\n"
					  "lxc.tty.max = 2\n"
					  "lxc.tty.max =\n");
		assert_false(c->autodev);
		assert_true(c->start_auto);
		assert_int_equal(c->start_order, -5);
		assert_int_equal(c->start_delay, 10);
		assert_string_equal(c->init_cwd, "/root");
		assert_string_equal(c->console_logfile, "/var/log/c.log");
		assert_string_equal(c->rootfs_options, "ro,nodev");
		assert_int_equal(c->tty_max, 0);
		assert_true(c->keyring_session);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("k.conf", "lxc.keyring.session = 0\n");
		assert_false(c->keyring_session);
	}
	{
		/* an empty value returns to the default */
		_cleanup_(config_freep) struct container_config *c =
			load_ok("k.conf", "lxc.keyring.session = 0\nlxc.keyring.session =\n");
		assert_true(c->keyring_session);
	}
	load_bad("lxc.keyring.session = 2\n", 1, "expected 0 or 1");
	load_bad("lxc.tty = six\n", 1, "invalid value 'six' for 'lxc.tty' (not a number)");
	load_bad("lxc.tty.max = 5000\n", 1, "larger than 1024");
	load_bad("lxc.tty.max = -1\n", 1, "not a number");
	load_bad("lxc.autodev = yes\n", 1, "expected 0 or 1");
	load_bad("lxc.init.cwd = root\n", 1, "not an absolute path");
	load_bad("lxc.rootfs = btrfs:/a\n", 1, "unsupported rootfs backend 'btrfs'");
	load_bad("lxc.rootfs = overlay:/a\n", 1, "not overlay:LOWER:UPPER");
	load_bad("lxc.rootfs.path = overlay:a:/b\n", 1, "LOWER and UPPER must be absolute paths");
	load_bad("lxc.rootfs.path = overlay:/a:/b:/c\n", 1, "a ':' or ',' in a layer's path");
	load_bad("lxc.rootfs = rootfs\n", 1, "not an absolute path");
	load_bad("lxc.uts.name = a b\n", 1, "contains a blank");
	load_bad("lxc.uts.name\n", 1, "missing '=' after 'lxc.uts.name'");
	load_bad("= x\n", 1, "missing key");
}

static void test_init_env_idmap(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("i.conf", "lxc.init.cmd = /bin/sh -c 'echo a  b' \"x\\\"y\" z\\ w\n"
					  "lxc.environment = PATH=/bin\n"
					  "lxc.environment = TERM\n"
					  "lxc.idmap = u 0 100000 65536\n"
					  "lxc.idmap = g 0 100000 65536\n");
		assert_string_equal(c->init_cmd[0], "/bin/sh");
		assert_string_equal(c->init_cmd[1], "-c");
		assert_string_equal(c->init_cmd[2], "echo a  b");
		assert_string_equal(c->init_cmd[3], "x\"y");
		assert_string_equal(c->init_cmd[4], "z w");
		assert_null(c->init_cmd[5]);
		assert_string_equal(c->environment[1], "TERM");
		assert_int_equal(c->n_idmaps, 2);
		assert_int_equal(c->idmaps[1].type, 'g');
		assert_int_equal(c->idmaps[1].host_id, 100000);
		assert_int_equal(c->idmaps[1].range, 65536);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("i.conf", "lxc.environment = A=1\nlxc.environment =\n"
					  "lxc.idmap = u 0 1 1\nlxc.idmap =\n");
		assert_null(c->environment);
		assert_int_equal(c->n_idmaps, 0);
	}
	load_bad("lxc.init.cmd = /bin/sh 'oops\n", 1, "unterminated quote");
	load_bad("lxc.environment = =x\n", 1, "expected NAME=VALUE");
	load_bad("lxc.idmap = x 0 1 1\n", 1, "expected 'u|g NSID HOSTID RANGE'");
	load_bad("lxc.idmap = u 0 1\n", 1, "expected 'u|g NSID HOSTID RANGE'");
	load_bad("lxc.idmap = u 0 1 0\n", 1, "the range at least 1");
	load_bad("lxc.idmap = u 0 4294967000 65536\n", 1, "runs past");
	load_bad("lxc.idmap = u 0 100000 65536\nlxc.idmap = u 1000 300000 10\n", 2, "overlaps");
}

static void test_mounts(void **state)
{
	(void)state;
	put("fstab.test", "# the container fstab\n"
			  "\n"
			  "none /r/dev/pts devpts defaults 0 0\n"
			  "none proc proc defaults\n"
			  "/srv/a\\040b /r/mnt none bind,create=dir 0 0\n");
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"m.conf",
			"lxc.rootfs = /r/\n"
			"lxc.mount.entry = tmpfs tmp tmpfs size=128m,nodev 0 0\n"
			"lxc.mount = fstab.test\n"
			"lxc.mount.entry = /etc/hosts /r/etc/hosts none bind,create=file,optional\n");
		assert_int_equal(c->n_mounts, 5);
		/* The fstab file first, then the entries, each in order. */
		assert_string_equal(c->mounts[0].fstype, "devpts");
		assert_int_equal(c->mounts[0].origin.line, 3);
		assert_non_null(strstr(c->mounts[0].origin.file, "fstab.test"));
		assert_string_equal(c->mounts[0].origin.key, "lxc.mount");
		assert_string_equal(c->mounts[1].options, "defaults");
		assert_string_equal(c->mounts[2].source, "/srv/a b");
		assert_string_equal(c->mounts[3].target, "tmp");
		assert_int_equal(c->mounts[3].origin.line, 2);
		assert_string_equal(c->mounts[4].options, "bind,create=file,optional");
		assert_string_equal(config_mount_path(c, &c->mounts[0]), "dev/pts");
		assert_string_equal(config_mount_path(c, &c->mounts[1]), "proc");
		assert_string_equal(config_mount_path(c, &c->mounts[4]), "etc/hosts");
		assert_non_null(c->files[1]);
	}
	load_bad("lxc.mount.entry = tmpfs /tmp\n", 1, "expected SOURCE TARGET FSTYPE OPTIONS");
	load_bad("lxc.mount.entry = a b c d 0 0 7\n", 1, "more than six fields");
	load_bad("lxc.mount.entry = a b c d x\n", 1, "dump and pass are numbers");
	load_bad("lxc.mount.entry = /a b none bind,create=link\n", 1, "create= takes dir or file");
	load_bad("lxc.mount.entry = /a ../b none bind\n", 1, "must not contain '..'");
	load_bad("lxc.mount.entry = tmpfs tmp tmpfs size=12q\n", 1, "tmpfs size '12q'");
	load_bad("lxc.rootfs = /r\nlxc.mount.entry = proc /lxc/other/proc proc defaults 0 0\n", 2,
		 "outside the rootfs");
	load_bad("lxc.rootfs = /r\n\nlxc.mount.fstab = no-such-fstab\n", 3, "cannot read fstab");
	put("fstab.bad", "none /r/x\n");
	load_bad("lxc.mount.fstab = fstab.bad\n", 1, "invalid fstab line");
	{
		/* The fstab's own line is named. */
		struct container_config *c = NULL;
		struct diag d = { 0 };
		assert_int_equal(
			config_load(put("m2.conf", "\nlxc.mount.fstab = fstab.bad\n"), "t", &c, &d),
			-EINVAL);
		assert_non_null(strstr(d.file, "fstab.bad"));
		assert_int_equal(d.line, 1);
	}
}

static void test_mount_auto(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("a.conf", "lxc.mount.auto = proc sys:ro cgroup:rw\n");
		assert_true(c->mount_auto_set);
		assert_int_equal(c->auto_proc, CFG_AUTO_PROC_MIXED);
		assert_int_equal(c->auto_sys, CFG_AUTO_SYS_RO);
		assert_int_equal(c->auto_cgroup, CFG_AUTO_CGROUP_RW);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("a.conf", "lxc.mount.auto = proc:rw sys cgroup\n");
		assert_int_equal(c->auto_proc, CFG_AUTO_PROC_RW);
		assert_int_equal(c->auto_sys, CFG_AUTO_SYS_MIXED);
		assert_int_equal(c->auto_cgroup, CFG_AUTO_CGROUP_RW); /* keeps sys_admin */
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"a.conf", "lxc.mount.auto = cgroup sys:mixed\nlxc.cap.drop = sys_admin\n");
		assert_int_equal(c->auto_cgroup, CFG_AUTO_CGROUP_MIXED);
		assert_int_equal(c->auto_sys, CFG_AUTO_SYS_MIXED);
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"a.conf", "lxc.mount.auto = proc sys:rw cgroup:ro\nlxc.mount.auto =\n");
		assert_true(c->mount_auto_set);
		assert_int_equal(c->auto_proc, CFG_AUTO_PROC_NONE);
		assert_int_equal(c->auto_sys, CFG_AUTO_SYS_NONE);
		assert_int_equal(c->auto_cgroup, CFG_AUTO_CGROUP_NONE);
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok("a.conf", "\n");
		assert_false(c->mount_auto_set);
	}
	load_bad("lxc.mount.auto = proc:ro\n", 1, "invalid value 'proc:ro' in 'lxc.mount.auto'");
	load_bad("lxc.mount.auto = shmounts:/a:/b\n", 1, "unsupported 'shmounts:/a:/b'");
	load_bad("lxc.mount.auto = cgroup-full:mixed\n", 1, "unsupported 'cgroup-full:mixed'");
}

static void test_network(void **state)
{
	(void)state;
	{
		/* Each legacy type starts an interface; modern indexes may have gaps. */
		_cleanup_(config_freep) struct container_config *c =
			load_ok("n.conf", "lxc.net.7.type = empty\n"
					  "lxc.network.type = veth\n"
					  "lxc.network.link = br0\n"
					  "lxc.network.type = veth\n"
					  "lxc.network.hwaddr = 02:xx:xx:XX:0a:1b\n"
					  "lxc.network.ipv4 = 10.0.0.2/8\n"
					  "lxc.network.ipv4 = 10.0.0.3/8\n"
					  "lxc.net.3.type = phys\n"
					  "lxc.net.3.link = dummy0\n"
					  "lxc.net.3.ipv4.gateway = auto\n");
		assert_int_equal(c->n_nets, 4);
		assert_int_equal(c->nets[0].index, 3);
		assert_int_equal(c->nets[0].type, CFG_NET_PHYS);
		assert_int_equal(c->nets[1].index, 7);
		assert_int_equal(c->nets[2].index, 8);
		assert_string_equal(c->nets[2].link, "br0");
		assert_int_equal(c->nets[2].origin.line, 2);
		assert_int_equal(c->nets[3].index, 9);
		assert_string_equal(c->nets[3].hwaddr, "02:xx:xx:XX:0a:1b");
		assert_string_equal(c->nets[3].ipv4[1], "10.0.0.3/8");
		assert_null(c->nets[3].ipv4[2]);
		assert_null(c->nets[3].name);
		assert_false(c->nets[3].up);
		char buf[16];
		assert_string_equal(config_net_name(&c->nets[3], buf), "eth9");
		assert_string_equal(config_net_name(&c->nets[2], buf), "eth8");
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("n.conf", "lxc.net.0.type = veth\nlxc.net.1.type = veth\n"
					  "lxc.net.1 =\nlxc.network.type = empty\nlxc.net =\n"
					  "lxc.net.0.type = none\n");
		assert_int_equal(c->n_nets, 1);
		assert_int_equal(c->nets[0].type, CFG_NET_NONE);
	}
	load_bad("lxc.network.link = br0\n", 1, "before any 'lxc.network.type'");
	load_bad("lxc.net.0.type = vlan\n", 1, "unsupported network type 'vlan'");
	load_bad("lxc.net.0.type = bridge\n", 1, "expected veth, macvlan, phys, empty or none");
	load_bad("lxc.net.0.type = veth\nlxc.net.0.flags = down\n", 2, "the only flag is up");
	load_bad("lxc.net.0.hwaddr = 02:00:00:00:00\n", 1, "invalid value '02:00:00:00:00'");
	load_bad("lxc.net.0.hwaddr = 02:00:00:00:00:0g\n", 1, "six hex pairs");
	load_bad("lxc.net.0.hwaddr = 02-00-00-00-00-01\n", 1, "separated by ':'");
	load_bad("lxc.net.0.hwaddr = 01:00:5e:00:00:01\n", 1, "multicast");
	load_bad("lxc.net.0.hwaddr = 00:00:00:00:00:00\n", 1, "all-zero");
	load_bad("lxc.net.0.veth.pair = veth-0123456789ab\n", 1, "longer than 15 characters");
	load_bad("lxc.net.0.name = a/b\n", 1, "contains '/'");
	load_bad("lxc.net.0.macvlan.mode = fast\n", 1, "private, vepa, bridge or passthru");
	load_bad("lxc.net.0.mtu = 40\n", 1, "68 to 65535");
	load_bad("lxc.net.0.ipv4.address = 10.0.0.300/24\n", 1, "not an IPv4 address");
	load_bad("lxc.net.0.ipv4.address = 10.0.0.3/33\n", 1, "from 0 to 32");
	load_bad("lxc.net.0.ipv4.address = 10.0.0.3\n", 1, "missing the /PREFIX");
	load_bad("lxc.net.0.ipv4.address = 10.0.0.3/24 10.0.0\n", 1, "broadcast is not");
	load_bad("lxc.net.0.ipv4.address = 10.0.0.3/24 a b\n", 1, "ADDRESS/PREFIX [BROADCAST]");
	load_bad("lxc.net.0.ipv6.address = fd00::g/64\n", 1, "not an IPv6 address");
	load_bad("lxc.net.0.ipv6.address = fd00::1/129\n", 1, "from 0 to 128");
	load_bad("lxc.net.0.ipv4.gateway = 10.0.0\n", 1, "an IPv4 address or auto");
	load_bad("lxc.net.0.ipv6.gateway = 10.0.0.1\n", 1, "an IPv6 address or auto");
	load_bad("lxc.net.01.type = veth\n", 1, "invalid interface index");
	load_bad("lxc.net.5000.type = veth\n", 1, "invalid interface index");
	load_bad("lxc.net.x.type = veth\n", 1, "unknown key 'lxc.net.x.type'");
	load_bad("lxc.net.0.script.up = /bin/x\n", 1, "unsupported key 'lxc.net.0.script.up'");
	load_bad("\nlxc.net.1.link = br0\n", 2, "interface lxc.net.1 has no type");
	load_bad("lxc.net.0.type = macvlan\nlxc.net.0.veth.pair = v0\nlxc.net.0.link = e\n", 1,
		 "veth.pair on a macvlan interface");
	load_bad("lxc.net.0.type = veth\nlxc.net.0.macvlan.mode = vepa\n", 1,
		 "macvlan.mode on a veth interface");
	load_bad("lxc.net.0.type = macvlan\n", 1, "needs a link");
	load_bad("lxc.net.0.type = phys\n", 1, "needs a link");
	load_bad("lxc.net.0.type = none\nlxc.net.1.type = veth\n", 1, "cannot be combined");
	load_bad("lxc.net.0.type = veth\nlxc.net.1.type = veth\nlxc.net.1.name = eth0\n", 2,
		 "the same name 'eth0'");
	load_bad("lxc.net.0.type = veth\nlxc.net.0.name = eth3\nlxc.net.3.type = macvlan\n"
		 "lxc.net.3.link = e\n",
		 3, "interfaces lxc.net.0 and lxc.net.3 have the same name 'eth3'");
	load_bad("lxc.net.0.type = veth\nlxc.net.0.veth.pair = v\nlxc.net.1.type = veth\n"
		 "lxc.net.1.veth.pair = v\n",
		 3, "the same veth.pair 'v'");
}

static void test_includes(void **state)
{
	char dir[PATH_MAX + 16];
	(void)state;

	snprintf(dir, sizeof(dir), "%s/inc.d", tmpdir);
	mkdir(dir, 0755);
	put("inc.d/20-b.conf", "lxc.tty.max = 2\n");
	put("inc.d/10-a.conf", "lxc.tty.max = 1\nlxc.uts.name = from-a\n");
	put("inc.d/ignored.txt", "this is not a config\n");
	put("common.conf", "lxc.pty.max = 9\n");
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"main.conf",
			"lxc.include = common.conf\nlxc.include = inc.d\nlxc.arch = i686\n");
		assert_int_equal(c->pty_max, 9);
		assert_int_equal(c->tty_max, 2); /* 10-a then 20-b */
		assert_string_equal(c->uts_name, "from-a");
		assert_int_equal(c->personality, PER_LINUX32);
		assert_int_equal(strv_len(c->files), 4);
	}
	load_bad("lxc.uts.name = a\nlxc.include = missing.conf\n", 2, "cannot include");
	put("loop-a.conf", "lxc.include = loop-b.conf\n");
	put("loop-b.conf", "lxc.tty = 1\nlxc.include = loop-a.conf\n");
	load_bad("lxc.include = loop-a.conf\n", 2, "include loop");
	load_bad("lxc.include = bad.conf\n", 1, "include loop"); /* itself */
	put("inc-err.conf", "\n\nlxc.tty = x\n");
	{
		struct container_config *c = NULL;
		struct diag d = { 0 };
		assert_int_equal(
			config_load(put("m.conf", "lxc.include = inc-err.conf\n"), "t", &c, &d),
			-EINVAL);
		assert_non_null(strstr(d.file, "inc-err.conf"));
		assert_int_equal(d.line, 3);
		assert_string_equal(d.key, "lxc.tty");
	}
	load_bad("lxc.include = /dev/null\n", 1, "not a regular file");
	load_bad("lxc.include =\n", 1, "needs a file or directory");
}

/* Include fan-out: fan-N.conf includes fan-(N+1).conf four times.  Ten deep
 * is a million reads (8 s before the limit), fourteen never ended: both stop
 * at the include that goes over CFG_MAX_FILES, at once. */
static void test_include_limits(void **state)
{
	char name[64], text[256];
	struct timespec t0, t1;
	(void)state;

	for (int depth = 0; depth <= 14; depth++) {
		snprintf(name, sizeof(name), "fan-%d.conf", depth);
		if (depth == 14)
			snprintf(text, sizeof(text), "lxc.tty.max = 1\n");
		else
			snprintf(text, sizeof(text),
				 "lxc.include = fan-%d.conf\n"
				 "lxc.include = fan-%d.conf\nlxc.include = fan-%d.conf\n"
				 "lxc.include = fan-%d.conf\n",
				 depth + 1, depth + 1, depth + 1, depth + 1);
		put(name, text);
	}
	for (int start = 4; start >= 0; start -= 4) { /* ten and fourteen deep */
		struct container_config *c = NULL;
		struct diag d = { 0 };
		char path[PATH_MAX + 64];
		double secs;

		snprintf(path, sizeof(path), "%s/fan-%d.conf", tmpdir, start);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(config_load(path, "t", &c, &d), -EINVAL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		assert_null(c);
		if (!strstr(d.msg, "goes over 256 files read"))
			fail_msg("message '%s' lacks the file limit", d.msg);
		/* the include that went over is named, at its own line */
		if (!strstr(d.msg, "include '") || !strstr(d.msg, "/fan-"))
			fail_msg("message '%s' does not name the include", d.msg);
		assert_non_null(strstr(d.file, "/fan-"));
		assert_in_range(d.line, 1, 4);
		assert_string_equal(d.key, "lxc.include");
		secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs > 1.0)
			fail_msg("fan-out from depth %d took %.2f s", start, secs);
	}
	/* 256 files in all is still fine: fan-11 is 1 + 4 + 16 + 64 = 85 reads */
	{
		_cleanup_(config_freep) struct container_config *c = NULL;
		struct diag d = { 0 };
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/fan-11.conf", tmpdir);
		if (config_load(path, "t", &c, &d) < 0)
			fail_msg("85 reads refused: %s", d.msg);
		assert_int_equal(c->tty_max, 1);
	}
	/* bytes: an include that would take the config over 4 MiB */
	{
		char path[PATH_MAX + 64];
		FILE *f;
		snprintf(path, sizeof(path), "%s/big.conf", tmpdir);
		f = fopen(path, "we");
		assert_non_null(f);
		for (int i = 0; i < (4 << 20) / 32 + 1; i++)
			fputs("# a comment line of 32 bytes ..\n", f);
		assert_int_equal(fclose(f), 0);
		load_bad("lxc.uts.name = a\nlxc.include = big.conf\n", 2,
			 "big.conf' goes over 4194304 bytes read for one config");
		/* the same file at the top is refused by its own size */
		{
			struct container_config *c = NULL;
			struct diag d = { 0 };
			assert_int_equal(config_load(path, "t", &c, &d), -EINVAL);
			assert_non_null(strstr(d.msg, "is larger than 4194304 bytes"));
		}
		/* and through a stream, which has no size: counted as read */
		{
			struct container_config *c = NULL;
			struct diag d = { 0 };
			_cleanup_fclose_ FILE *in = fopen(path, "re");
			assert_non_null(in);
			assert_int_equal(config_load_stream(in, "stdin", "t", 0, &c, &d), -EINVAL);
			assert_non_null(strstr(d.msg, "larger than 4194304 bytes in all"));
			assert_int_equal(d.line, (4 << 20) / 32 + 1);
		}
	}
}

static void test_missing_file(void **state)
{
	struct container_config *c = NULL;
	struct diag d = { 0 };
	(void)state;
	assert_int_equal(config_load("/nonexistent/ctrt.conf", NULL, &c, &d), -ENOENT);
	assert_null(c);
	assert_string_equal(d.file, ""); /* the message names it */
	assert_non_null(strstr(d.msg, "cannot read config '/nonexistent/ctrt.conf' (No such file"));
}

static void test_ignored_and_unsupported(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("ig.conf", "lxc.tty.dir = lxc\n"
					   "lxc.aa_allow_incomplete = 1\n"
					   "lxc.seccomp.profile =\n"
					   "lxc.log.level = 3\n");
		assert_int_equal(c->ignored.n, 3);
		/* seccomp's word comes once the whole file is read */
		assert_int_equal(c->ignored.v[2].line, 3);
		assert_string_equal(c->ignored.v[2].key, "lxc.seccomp.profile");
		assert_true(c->apparmor_allow_incomplete);
	}
	{
		/* LXC's common.conf sets lxc.tty.dir, debian.common.conf empties
		 * it: no warning; set in either spelling twice: one, the last */
		_cleanup_(config_freep) struct container_config *c =
			load_ok("ig2.conf", "lxc.tty.dir = lxc\n"
					    "lxc.log.level = 1\n"
					    "lxc.tty.dir =\n"
					    "lxc.loglevel = 2\n");
		assert_int_equal(c->ignored.n, 1);
		assert_int_equal(c->ignored.v[0].line, 4);
		assert_string_equal(c->ignored.v[0].key, "lxc.loglevel");
	}
	load_bad("lxc.seccomp.profile = /nonexistent/ctrt.seccomp\n", 1,
		 "cannot read seccomp profile '/nonexistent/ctrt.seccomp' (No such file");
	load_bad("lxc.sysctl.net.ipv4.ip_forward = 1\n", 1, "unsupported key");
	load_bad("lxc.init.uid = 1000\n", 1, "init always runs as root");
}

static void test_round_trip(void **state)
{
	static const char *const texts[] = {
		"lxc.uts.name = rt\n"
		"lxc.rootfs.path = dir:/srv/rt\n"
		"lxc.rootfs.options = ro\n"
		"lxc.arch = i386\n"
		"lxc.tty.max = 4\n"
		"lxc.pty.max = 16\n"
		"lxc.console.path = none\n"
		"lxc.console.logfile = /var/log/rt.log\n"
		"lxc.cap.keep = chown sys_admin\n"
		"lxc.cgroup.memory.limit_in_bytes = 512M\n"
		"lxc.cgroup2.cpu.weight = 100\n"
		"lxc.mount.entry = /srv/a\\040b mnt none bind,create=dir 0 0\n"
		"lxc.mount.entry = tmpfs tmp tmpfs size=1g 0 0\n"
		"lxc.mount.auto = proc:rw sys:ro cgroup\n"
		"lxc.autodev = 0\n"
		"lxc.keyring.session = 0\n"
		"lxc.init.cmd = /bin/sh -c \"echo '#x' \\\"y\\\"\" '' a\\\\b\n"
		"lxc.init.cwd = /\n"
		"lxc.environment = A=1\n"
		"lxc.environment = B\n"
		"lxc.idmap = u 0 100000 65536\n"
		"lxc.idmap = g 0 100000 65536\n"
		"lxc.start.auto = 1\n"
		"lxc.start.order = 3\n"
		"lxc.start.delay = 5\n"
		"lxc.signal.halt = RTMIN+3\n"
		"lxc.signal.reboot = 2\n"
		"lxc.signal.stop = SIGKILL\n"
		"lxc.net.0.type = veth\n"
		"lxc.net.0.flags = up\n"
		"lxc.net.0.link = br0\n"
		"lxc.net.0.name = eth0\n"
		"lxc.net.0.hwaddr = 02:00:xx:00:00:01\n"
		"lxc.net.0.veth.pair = vrt0\n"
		"lxc.net.0.mtu = 1500\n"
		"lxc.net.0.ipv4.address = 10.1.0.2/24 10.1.0.255\n"
		"lxc.net.0.ipv4.address = 10.1.1.2/24\n"
		"lxc.net.0.ipv4.gateway = auto\n"
		"lxc.net.0.ipv6.address = fd00::2/64\n"
		"lxc.net.0.ipv6.gateway = fd00::1\n"
		"lxc.net.4.type = macvlan\n"
		"lxc.net.4.link = eth9\n"
		"lxc.net.4.macvlan.mode = private\n",
		"lxc.mount.auto =\n",
		"lxc.cap.keep = none\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		_cleanup_(config_freep) struct container_config *a = load_ok("rt1.conf", texts[i]);
		_cleanup_free_ char *pa = print_str(a);
		_cleanup_(config_freep) struct container_config *b = load_ok("rt2.conf", pa);
		_cleanup_free_ char *pb = print_str(b);
		assert_string_equal(pa, pb);
		if (i == 0) {
			assert_string_equal(b->init_cmd[2], "echo '#x' \"y\"");
			assert_string_equal(b->init_cmd[3], "");
			assert_string_equal(b->init_cmd[4], "a\\b");
			assert_null(b->init_cmd[5]);
			assert_string_equal(b->mounts[0].source, "/srv/a b");
			assert_int_equal(b->signal_halt, SIGRTMIN + 3);
			assert_int_equal(b->auto_cgroup, CFG_AUTO_CGROUP_RW);
			assert_int_equal(b->n_nets, 2);
			assert_int_equal(b->nets[1].index, 4);
			assert_false(b->keyring_session);
		}
	}
	/* The seed, and the fstab reference, survive too. */
	put("rt.fstab", "none dev/pts devpts defaults 0 0\n");
	{
		_cleanup_(config_freep) struct container_config *a = NULL;
		struct diag d = { 0 };
		assert_int_equal(config_load(seed_path(), "x", &a, &d), 0);
		_cleanup_free_ char *pa = print_str(a);
		_cleanup_(config_freep) struct container_config *b = load_ok("rt3.conf", pa);
		_cleanup_free_ char *pb = print_str(b);
		assert_string_equal(pa, pb);
		assert_non_null(strstr(pa, "lxc.uts.name = funtoo0\n"));
		assert_null(strstr(pa, "lxc.utsname"));
	}
	{
		_cleanup_(config_freep) struct container_config *a =
			load_ok("rt4.conf", "lxc.mount = rt.fstab\nlxc.mount.entry = a b c d\n");
		_cleanup_free_ char *pa = print_str(a);
		_cleanup_(config_freep) struct container_config *b = load_ok("rt5.conf", pa);
		assert_int_equal(b->n_mounts, 2);
		assert_string_equal(b->mounts[0].fstype, "devpts");
	}
}

static void test_find(void **state)
{
	char etc[PATH_MAX + 16], p[PATH_MAX + 64], target[PATH_MAX + 64];
	char *found = NULL;
	struct diag d = { 0 };
	(void)state;

	snprintf(etc, sizeof(etc), "%s/etc", tmpdir);
	mkdir(etc, 0755);
	snprintf(p, sizeof(p), "%s/lxc", etc);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/ctr", etc);
	mkdir(p, 0755);
	/* The seed's layout: /etc/lxc/funtoo0.conf -> /lxc/funtoo0/config. */
	snprintf(target, sizeof(target), "%s/funtoo0", tmpdir);
	mkdir(target, 0755);
	put("funtoo0/config", "lxc.uts.name = funtoo0\n");
	snprintf(target, sizeof(target), "%s/funtoo0/config", tmpdir);
	snprintf(p, sizeof(p), "%s/lxc/funtoo0.conf", etc);
	assert_int_equal(symlink(target, p), 0);
	put("etc/ctr/funtoo0.conf", "lxc.uts.name = shadowed\n");
	put("etc/ctr/other.conf", "lxc.uts.name = other\n");

	assert_int_equal(config_find(etc, "funtoo0", &found, &d), 0);
	assert_string_equal(found, p);
	{
		_cleanup_(config_freep) struct container_config *c = NULL;
		assert_int_equal(config_load(found, "funtoo0", &c, &d), 0);
		assert_string_equal(c->uts_name, "funtoo0");
		assert_string_equal(c->path, target); /* symlink followed */
	}
	free(found);
	found = NULL;
	assert_int_equal(config_find(etc, "other", &found, &d), 0);
	assert_non_null(strstr(found, "/etc/ctr/other.conf"));
	free(found);
	found = NULL;
	assert_int_equal(config_find(etc, "nope", &found, &d), -ENOENT);
	assert_null(found);
	assert_non_null(strstr(d.msg, "no config for container 'nope'"));
	assert_non_null(strstr(d.msg, "/etc/lxc/nope.conf"));
	assert_non_null(strstr(d.msg, "/etc/ctr/nope.conf"));
	assert_int_equal(config_find(etc, "../x", &found, &d), -EINVAL);
	/* A dangling link is not found either, and says where it looked. */
	snprintf(p, sizeof(p), "%s/lxc/dangling.conf", etc);
	assert_int_equal(symlink("/nonexistent/ctrt", p), 0);
	assert_int_equal(config_find(etc, "dangling", &found, &d), -ENOENT);
	/* The name comes from DIR/config when not given. */
	{
		_cleanup_(config_freep) struct container_config *c = NULL;
		assert_int_equal(config_load(target, NULL, &c, &d), 0);
		assert_string_equal(c->name, "funtoo0");
	}
}

static void test_stream_no_files(void **state)
{
	static const char text[] = "lxc.uts.name = s\nlxc.include = /etc/passwd\n";
	struct container_config *c = NULL;
	struct diag d = { 0 };
	FILE *f;
	(void)state;

	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	assert_non_null(f);
	assert_int_equal(config_load_stream(f, "mem.conf", "m", CONFIG_LOAD_NO_FILES, &c, &d),
			 -EINVAL);
	fclose(f);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "not allowed"));
	f = fmemopen((void *)text, 17, "r");
	assert_int_equal(config_load_stream(f, "mem.conf", "m", CONFIG_LOAD_NO_FILES, &c, &d), 0);
	fclose(f);
	assert_string_equal(c->uts_name, "s");
	config_free(c);
}

static void test_bad_bytes(void **state)
{
	struct container_config *c = NULL;
	struct diag d = { 0 };
	static const char text[] = "lxc.tty = 1\nlxc.\0tty = 2\n";
	FILE *f;
	(void)state;

	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	assert_int_equal(config_load_stream(f, "nul.conf", "m", 0, &c, &d), -EINVAL);
	fclose(f);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "NUL byte"));
	load_bad("lxc.t\x01ty = 2\n", 1, "control character");
}

/* Every allocation of a load that uses most of the parser fails in turn:
 * each failure is -ENOMEM, says so, and leaks nothing (under make asan). */
static void test_out_of_memory(void **state)
{
	const char *path;
	long n;
	(void)state;

	put("oom.fstab", "none dev/pts devpts defaults 0 0\n");
	put("oom-inc.conf", "lxc.tty.max = 2\n");
	path = put("oom.conf", "lxc.include = oom-inc.conf\n"
			       "lxc.uts.name = oom\n"
			       "lxc.rootfs = /r\n"
			       "lxc.arch = amd64\n"
			       "lxc.cap.drop = sys_admin mknod\n"
			       "lxc.cgroup.memory.limit_in_bytes = 1G\n"
			       "lxc.cgroup.devices.allow = c 1:3 rwm\n"
			       "lxc.cgroup.devices.allow =\n"
			       "lxc.mount = oom.fstab\n"
			       "lxc.mount.entry = tmpfs tmp tmpfs size=1m 0 0\n"
			       "lxc.mount.auto = proc sys cgroup\n"
			       "lxc.init.cmd = /sbin/init 'a b'\n"
			       "lxc.environment = A=1\n"
			       "lxc.idmap = u 0 100000 65536\n"
			       "lxc.log.level = 1\n"
			       "lxc.network.type = veth\n"
			       "lxc.network.link = br0\n"
			       "lxc.network.ipv4 = 10.0.0.2/24\n"
			       "lxc.net.3.type = empty\n"
			       "lxc.signal.halt = PWR\n");
	for (n = 1; n < 10000; n++) {
		struct container_config *c = NULL;
		struct diag d = { 0 };
		int r;

		oom_countdown = n;
		r = config_load(path, NULL, &c, &d);
		oom_countdown = 0;
		if (r == 0) {
			assert_int_equal(c->n_nets, 2);
			config_free(c);
			break;
		}
		if (r != -ENOMEM)
			fail_msg("allocation %ld failing gave %d: %s:%u: %s", n, r, d.file, d.line,
				 d.msg);
		assert_null(c);
	}
	assert_true(n > 20 && n < 10000);
}

/* Every name in the key table, modern and legacy, is recognised: set keys
 * never give "unknown key", ignored ones are recorded, refused ones say
 * unsupported. */
static void key_check(const char *name, const char *kind)
{
	char key[128], text[300];
	struct container_config *c = NULL;
	struct diag d = { 0 };
	char *star, *n;
	int r;

	snprintf(key, sizeof(key), "%s", name);
	if ((n = strstr(key, ".N.")))
		n[1] = '0';
	if ((star = strchr(key, '*')))
		snprintf(star, sizeof(key) - (size_t)(star - key), "memory.x_y");
	if (strcmp(kind, "ignored-if") == 0)
		snprintf(text, sizeof(text), "%s =\n", key);
	else /* twice: one warning, the last line's */
		snprintf(text, sizeof(text), "%s = 1\n%s = 1\n", key, key);
	r = config_load(put("keys.conf", text), "t", &c, &d);
	if (strcmp(kind, "set") == 0) {
		if (r < 0 && strstr(d.msg, "unknown key"))
			fail_msg("'%s' is unknown: %s", key, d.msg);
	} else if (strcmp(kind, "unsupported") == 0) {
		if (r == 0 || !strstr(d.msg, "unsupported key"))
			fail_msg("'%s' not refused as unsupported: %s", key, d.msg);
	} else {
		if (r < 0)
			fail_msg("'%s' not ignored: %s", key, d.msg);
		if (strcmp(kind, "ignored-if") == 0) {
			/* an empty value asks for what ctr does anyway */
			assert_int_equal(c->ignored.n, 0);
		} else {
			assert_int_equal(c->ignored.n, 1);
			assert_string_equal(c->ignored.v[0].key, key);
			assert_int_equal(c->ignored.v[0].line, 2);
		}
	}
	config_free(c);
}

/* lxc.hook.TYPE: every type LXC has, in order, repeatable, cleared by an
 * empty value (one type) or an empty lxc.hook (all); lxc.hook.version. */
static void test_hooks(void **state)
{
	(void)state;
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"hooks.conf", "lxc.hook.pre-start = /bin/a one\n"
				      "lxc.hook.pre-start = /bin/b\n"
				      "lxc.hook.pre-mount = /x/pre-mount\n"
				      "lxc.hook.mount = /x/mount\n"
				      "lxc.hook.autodev = /x/autodev\n"
				      "lxc.hook.start-host = /x/start-host\n"
				      "lxc.hook.start = /x/start\n"
				      "lxc.hook.stop = /x/stop\n"
				      "lxc.hook.post-stop = /x/post-stop\n"
				      "lxc.hook.clone = /usr/share/lxc/hooks/clonehostname\n"
				      "lxc.hook.destroy = /x/destroy\n"
				      "lxc.hook.version = 1\n");
		assert_int_equal(c->n_hooks[CFG_HOOK_PRE_START], 2);
		assert_string_equal(c->hooks[CFG_HOOK_PRE_START][0].cmd, "/bin/a one");
		assert_string_equal(c->hooks[CFG_HOOK_PRE_START][1].cmd, "/bin/b");
		assert_int_equal(c->hooks[CFG_HOOK_PRE_START][1].origin.line, 2);
		for (int t = CFG_HOOK_PRE_MOUNT; t < CFG_HOOK_MAX; t++)
			assert_int_equal(c->n_hooks[t], 1);
		assert_string_equal(c->hooks[CFG_HOOK_POST_STOP][0].cmd, "/x/post-stop");
		assert_string_equal(config_hook_name(CFG_HOOK_START_HOST), "start-host");
		assert_null(config_hook_name(CFG_HOOK_MAX));
		assert_int_equal(c->hook_version, 1);
		assert_int_equal(c->ignored.n, 0);
		/* printed in modern keys and read back the same */
		_cleanup_free_ char *out = print_str(c);
		assert_non_null(strstr(out,
				       "lxc.hook.version = 1\nlxc.hook.pre-start = /bin/a one\n"
				       "lxc.hook.pre-start = /bin/b\n"));
		_cleanup_(config_freep) struct container_config *again = load_ok("again.conf", out);
		_cleanup_free_ char *out2 = print_str(again);
		assert_string_equal(out, out2);
	}
	{
		_cleanup_(config_freep) struct container_config *c =
			load_ok("hooks2.conf", "lxc.hook.mount = /a\nlxc.hook.stop = /b\n"
					       "lxc.hook.mount =\nlxc.hook.stop = /c\n");
		assert_int_equal(c->n_hooks[CFG_HOOK_MOUNT], 0);
		assert_int_equal(c->n_hooks[CFG_HOOK_STOP], 2);
	}
	{
		_cleanup_(config_freep) struct container_config *c = load_ok(
			"hooks3.conf", "lxc.hook.mount = /a\nlxc.hook.stop = /b\nlxc.hook =\n"
				       "lxc.hook.start = /c\n");
		assert_int_equal(c->n_hooks[CFG_HOOK_MOUNT], 0);
		assert_int_equal(c->n_hooks[CFG_HOOK_STOP], 0);
		assert_int_equal(c->n_hooks[CFG_HOOK_START], 1);
	}
	load_bad("\nlxc.hook.pre-strat = /bin/true\n", 2, "unknown hook type 'pre-strat'");
	load_bad("lxc.hook.version = 2\n", 1, "invalid value '2' for 'lxc.hook.version'");
	load_bad("lxc.hook = /bin/true\n", 1, "'lxc.hook' takes no value");
}

/* AppArmor on a host without it (this test checks which): every profile is
 * accepted with one note, not a warning per start; the flags are kept. */
static void test_apparmor(void **state)
{
	FILE *f = fopen("/sys/module/apparmor/parameters/enabled", "re");
	int ch = f ? fgetc(f) : 0;
	(void)state;
	if (f)
		fclose(f);
	if (ch == 'Y') {
		_cleanup_(config_freep) struct container_config *g =
			load_ok("aa.conf", "lxc.uts.name = a\nlxc.apparmor.profile = generated\n");
		struct diag d = { 0 };
		assert_int_equal(container_config_check(g, &d), -EINVAL);
		assert_int_equal(d.line, 2);
		assert_non_null(
			strstr(d.msg, "write lxc.apparmor.profile = lxc-container-default-cgns"));
		skip_because("AppArmor is on: the refusals without it cannot be seen");
	}
	static const char *const profiles[] = { "generated", "unconfined",
						"lxc-container-default-with-nesting" };
	for (size_t i = 0; i < ARRAY_SIZE(profiles); i++) {
		char text[256];
		snprintf(text, sizeof(text),
			 "lxc.uts.name = a\nlxc.aa_profile = %s\n"
			 "lxc.apparmor.allow_nesting = 1\n"
			 "lxc.apparmor.raw = mount,\n",
			 profiles[i]);
		_cleanup_(config_freep) struct container_config *c = load_ok("aa.conf", text);
		assert_string_equal(c->apparmor_profile, profiles[i]);
		assert_true(c->apparmor_allow_nesting);
		assert_string_equal(c->apparmor_raw[0], "mount,");
		assert_int_equal(c->ignored.n, 0);
		assert_int_equal(c->notes.n, 0); /* the host is container_config_check's */
		assert_int_equal(container_config_check(c, &(struct diag){ 0 }), 0);
		assert_int_equal(c->notes.n, 1);
		assert_int_equal(c->notes.v[0].line, 2);
		assert_string_equal(c->notes.v[0].key, "lxc.aa_profile");
		assert_non_null(strstr(c->notes.v[0].msg, "AppArmor is not enabled on this host"));
	}
	load_bad("lxc.apparmor.profile = two words\n", 1, "no blanks");
}

/* config_check reads on after an error: every error with its file and
 * line, includes too, at most CONFIG_MAX_ERRORS and then "and N more". */
static void test_check_every_error(void **state)
{
	struct container_config *c = NULL;
	struct diag_list errs = { 0 };
	char text[4096] = "";
	size_t len = 0;
	(void)state;

	put("inc-bad.conf", "lxc.tty.max = x\n");
	assert_int_equal(config_check(put("multi.conf", "lxc.utsnam = a\n"
							"lxc.uts.name = ok\n"
							"lxc.tty.max = many\n"
							"lxc.include = inc-bad.conf\n"
							"lxc.include = nope.conf\n"
							"lxc.cap.drop = sys_admn\n"),
				      "t", &c, &errs),
			 -EINVAL);
	assert_null(c);
	assert_int_equal(errs.n, 5);
	assert_int_equal(errs.v[0].line, 1);
	assert_non_null(strstr(errs.v[0].msg, "unknown key 'lxc.utsnam'"));
	assert_int_equal(errs.v[1].line, 3);
	assert_non_null(strstr(errs.v[2].file, "inc-bad.conf"));
	assert_int_equal(errs.v[2].line, 1);
	assert_int_equal(errs.v[3].line, 5);
	assert_non_null(strstr(errs.v[3].msg, "cannot include"));
	assert_int_equal(errs.v[4].line, 6);
	diag_list_free(&errs);

	for (int i = 0; i < CONFIG_MAX_ERRORS + 5; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "lxc.bogus%d = 1\n", i);
	assert_int_equal(config_check(put("many.conf", text), "t", &c, &errs), -EINVAL);
	assert_int_equal(errs.n, CONFIG_MAX_ERRORS + 1);
	assert_int_equal(errs.v[CONFIG_MAX_ERRORS - 1].line, CONFIG_MAX_ERRORS);
	assert_string_equal(errs.v[CONFIG_MAX_ERRORS].msg, "and 5 more errors");
	diag_list_free(&errs);

	assert_int_equal(config_check(put("good.conf", "lxc.uts.name = a\n"), "t", &c, &errs), 0);
	assert_int_equal(errs.n, 0);
	config_free(c);
	c = NULL;
	assert_int_equal(config_check("/nonexistent/ctrt.conf", "t", &c, &errs), -ENOENT);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.v[0].msg, "cannot read config"));
	diag_list_free(&errs);
}

/* A directory include named with a trailing slash that does not exist is
 * skipped, as LXC does (userns.conf's userns.conf.d/); a missing file is
 * an error; paths never have doubled slashes. */
static void test_include_dir_missing(void **state)
{
	char dir[PATH_MAX + 16], text[PATH_MAX + 128], sub[PATH_MAX + 32];
	struct container_config *c = NULL;
	struct diag d = { 0 };
	(void)state;

	snprintf(text, sizeof(text), "lxc.include = %s/nothere.d/\nlxc.uts.name = x\n", tmpdir);
	{
		_cleanup_(config_freep) struct container_config *ok = load_ok("md.conf", text);
		assert_string_equal(ok->uts_name, "x");
	}
	load_bad("lxc.include = nothere.d\n", 1, "cannot include");

	snprintf(dir, sizeof(dir), "%s/slash.d", tmpdir);
	mkdir(dir, 0755);
	snprintf(sub, sizeof(sub), "slash.d/00-bad.conf");
	put(sub, "lxc.bogus = 1\n");
	snprintf(text, sizeof(text), "lxc.include = %s//slash.d//\n", tmpdir);
	assert_int_equal(config_load(put("sl.conf", text), "t", &c, &d), -EINVAL);
	assert_null(strstr(d.file, "//"));
	assert_non_null(strstr(d.file, "slash.d/00-bad.conf"));
	unlink(put(sub, ""));
}

/* LXC's place after the config dirs: LXCPATH/NAME/config, LXCPATH from
 * -P (CTR_LXCPATH), else lxc.lxcpath in SYSCONFDIR/lxc/lxc.conf. */
static void test_find_lxcpath(void **state)
{
	char etc[PATH_MAX + 16], lp[PATH_MAX + 32], want[PATH_MAX + 64];
	char *found = NULL, *lxcpath = NULL;
	struct diag d = { 0 };
	(void)state;

	static const char *const dirs[] = { "etc2", "etc2/lxc", "lp", "lp/web" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(want, sizeof(want), "%s/%s", tmpdir, dirs[i]);
		mkdir(want, 0755);
	}
	snprintf(etc, sizeof(etc), "%s/etc2", tmpdir);
	snprintf(lp, sizeof(lp), "%s/lp", tmpdir);
	put("lp/web/config", "lxc.uts.name = web\n");
	snprintf(want, sizeof(want), "%s/web/config", lp);

	/* a relocated config dir without lxc.conf: no lxcpath */
	assert_int_equal(config_lxcpath(etc, &lxcpath), 0);
	assert_null(lxcpath);
	assert_int_equal(config_find(etc, "web", &found, &d), -ENOENT);

	/* lxc.conf names one (the last line wins, blanks around '=') */
	char text[PATH_MAX + 128];
	snprintf(text, sizeof(text), "lxc.lxcpath = /elsewhere\n  lxc.lxcpath=%s//\n", lp);
	put("etc2/lxc/lxc.conf", text);
	assert_int_equal(config_lxcpath(etc, &lxcpath), 0);
	assert_string_equal(lxcpath, lp);
	free(lxcpath);
	assert_int_equal(config_find(etc, "web", &found, &d), 0);
	assert_string_equal(found, want);
	free(found);
	found = NULL;
	assert_int_equal(config_find(etc, "nope", &found, &d), -ENOENT);
	snprintf(text, sizeof(text), "%s/nope/config)", lp);
	assert_non_null(strstr(d.msg, text));

	/* -P wins over lxc.conf */
	put("etc2/lxc/lxc.conf", "lxc.lxcpath = /nonexistent/ctrt\n");
	assert_int_equal(config_find(etc, "web", &found, &d), -ENOENT);
	assert_int_equal(config_set_lxcpath(lp), 0);
	assert_int_equal(config_find(etc, "web", &found, &d), 0);
	assert_string_equal(found, want);
	free(found);
	unsetenv("CTR_LXCPATH");
	assert_int_equal(config_set_lxcpath(""), -EINVAL);
}

static void test_every_key_known(void **state)
{
	char *buf = NULL, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n = 0;
	(void)state;

	assert_int_equal(config_print_keys(f), 0);
	fclose(f);
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *modern = line, *legacy = strchr(modern, '\t'), *kind;
		assert_non_null(legacy);
		*legacy++ = '\0';
		kind = strchr(legacy, '\t');
		assert_non_null(kind);
		*kind++ = '\0';
		*strchr(kind, '\t') = '\0';
		if (strcmp(modern, "lxc.include") == 0)
			continue;
		key_check(modern, kind);
		if (strcmp(legacy, "-") != 0)
			key_check(legacy, kind);
		n++;
	}
	free(buf);
	assert_true(n > 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_parses),
		cmocka_unit_test(test_remarks_crlf_comments),
		cmocka_unit_test(test_unknown_key_suggests),
		cmocka_unit_test(test_generations_equal),
		cmocka_unit_test(test_arch_personality),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_cgroups),
		cmocka_unit_test(test_sizes_signals),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_rootfs_overlay),
		cmocka_unit_test(test_init_env_idmap),
		cmocka_unit_test(test_mounts),
		cmocka_unit_test(test_mount_auto),
		cmocka_unit_test(test_network),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_include_limits),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_ignored_and_unsupported),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_stream_no_files),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_every_key_known),
		cmocka_unit_test(test_find_lxcpath),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_apparmor),
		cmocka_unit_test(test_check_every_error),
		cmocka_unit_test(test_include_dir_missing),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
