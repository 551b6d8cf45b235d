// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the runtime offers (features) and the bundle it starts from (spec);
 * see ctr/oci.h. */
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/oci.h"

/* @n strings of @v under @key in @o, as a JSON array. */
static void add_strings(json_object *o, const char *key, const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	json_object_object_add(o, key, a);
}

char *oci_features_json(void)
{
	static const char *const ns[] = { "cgroup", "ipc",  "mount", "network",
					  "pid",    "user", "uts",   "time" };
	static const char *const ops[] = { "SCMP_CMP_NE",	"SCMP_CMP_LT", "SCMP_CMP_LE",
					   "SCMP_CMP_EQ",	"SCMP_CMP_GE", "SCMP_CMP_GT",
					   "SCMP_CMP_MASKED_EQ" };
	static const char *const acts[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
					    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_THREAD",
					    "SCMP_ACT_LOG",   "SCMP_ACT_TRACE",
					    "SCMP_ACT_TRAP" };
	static const char *const hooks[] = { "prestart",       "createRuntime", "createContainer",
					     "startContainer", "poststart",	"poststop" };
	json_object *o = json_object_new_object(), *lx = json_object_new_object(), *a;
	json_object *cg = json_object_new_object(), *sc = json_object_new_object();
	char *out;

	json_object_object_add(o, "ociVersionMin", json_object_new_string("1.0.0"));
	json_object_object_add(o, "ociVersionMax", json_object_new_string(OCI_VERSION));
	add_strings(o, "hooks", hooks, ARRAY_SIZE(hooks));
	{
		static const char *const mo[] = {
			"bind",	       "rbind",	     "ro",     "rw",	  "nosuid",   "suid",
			"nodev",       "dev",	     "noexec", "exec",	  "private",  "rprivate",
			"slave",       "rslave",     "shared", "rshared", "relatime", "noatime",
			"strictatime", "nodiratime", "rro",    "rrw"
		};
		add_strings(o, "mountOptions", mo, ARRAY_SIZE(mo));
	}
	add_strings(lx, "namespaces", ns, ARRAY_SIZE(ns));
	json_object_object_add(cg, "v1", json_object_new_boolean(true));
	json_object_object_add(cg, "v2", json_object_new_boolean(true));
	json_object_object_add(cg, "systemd", json_object_new_boolean(false));
	json_object_object_add(cg, "systemdUser", json_object_new_boolean(false));
	json_object_object_add(cg, "rdma", json_object_new_boolean(false));
	json_object_object_add(lx, "cgroup", cg);
	json_object_object_add(sc, "enabled", json_object_new_boolean(true));
	add_strings(sc, "actions", acts, ARRAY_SIZE(acts));
	add_strings(sc, "operators", ops, ARRAY_SIZE(ops));
	json_object_object_add(lx, "seccomp", sc);
	json_object_object_add(o, "linux", lx);
	a = json_object_new_object();
	json_object_object_add(a, "io.github.ctr.engine", json_object_new_string("ctr"));
	json_object_object_add(o, "annotations", a);
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

/* A default config.json: busybox-sized, as runc spec writes it. */
static const char default_spec[] =
	"{\n"
	"  \"ociVersion\": \"" OCI_VERSION "\",\n"
	"  \"process\": {\n"
	"    \"terminal\": false,\n"
	"    \"user\": { \"uid\": 0, \"gid\": 0 },\n"
	"    \"args\": [ \"sh\" ],\n"
	"    \"env\": [ \"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\", \"TERM=xterm\" ],\n"
	"    \"cwd\": \"/\",\n"
	"    \"capabilities\": {\n"
	"      \"bounding\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
	"      \"effective\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
	"      \"permitted\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ]\n"
	"    },\n"
	"    \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],\n"
	"    \"noNewPrivileges\": true\n"
	"  },\n"
	"  \"root\": { \"path\": \"rootfs\", \"readonly\": true },\n"
	"  \"hostname\": \"ctr\",\n"
	"  \"mounts\": [\n"
	"    { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },\n"
	"    { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
	"      \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },\n"
	"    { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\" ] },\n"
	"    { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },\n"
	"    { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },\n"
	"    { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] },\n"
	"    { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
	"      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\" ] }\n"
	"  ],\n"
	"  \"linux\": {\n"
	"    \"resources\": { \"devices\": [ { \"allow\": false, \"access\": \"rwm\" } ] },\n"
	"    \"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"network\" }, { \"type\": \"ipc\" },\n"
	"                    { \"type\": \"uts\" }, { \"type\": \"mount\" }, { \"type\": \"cgroup\" } ],\n"
	"    \"maskedPaths\": [ \"/proc/acpi\", \"/proc/kcore\", \"/proc/keys\", \"/proc/latency_stats\",\n"
	"                     \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\",\n"
	"                     \"/sys/firmware\", \"/proc/scsi\" ],\n"
	"    \"readonlyPaths\": [ \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\",\n"
	"                       \"/proc/sysrq-trigger\" ]\n"
	"  }\n"
	"}\n";

int oci_spec_write_default(const char *bundle, struct diag *ret_diag)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -EBADF;
	int r;

	if (asprintf(&path, "%s/config.json", bundle ? bundle : ".") < 0)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	r = fd < 0 ? NEG_ERRNO() : fd_write_all(fd, default_spec, sizeof(default_spec) - 1);
	if (r < 0)
		diag_set(ret_diag, NULL, 0, NULL, "cannot write '%s' (%s)", path, strerror(-r));
	return r;
}
