// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-oci: the runc command line (what conmon, containerd's runc shim and
 * CRI-O call) over ctr's engine.  The commands are in runtime/oci/; this
 * main parses the flags, prints results and the one error message, also
 * to --log in runc's format (text, or JSON lines with --log-format json).
 * Exit status: 0, 1 on failure, 2 on a usage error; `run` gives the
 * container's own. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cli.h"
#include "ctr/cleanup.h"
#include "ctr/log.h"
#include "ctr/oci.h"
#include "ctr/strutil.h"

DEFINE_CLEANUP_FUNC(struct cgroup_handle *, cgroup_free)

static struct oci_ctx arg_ctx = { .root = OCI_ROOT_DEFAULT };
static const char *arg_log;
static bool arg_log_json;
static bool arg_debug;

static void help(void)
{
	printf("usage: ctr-oci [GLOBAL OPTIONS] create --bundle DIR [--pid-file FILE] [--console-socket SOCKET] ID\n"
	       "       ctr-oci [GLOBAL OPTIONS] start|state|pause|resume ID\n"
	       "       ctr-oci [GLOBAL OPTIONS] run [--bundle DIR] [--pid-file FILE] [--console-socket SOCKET] [-d] ID\n"
	       "       ctr-oci [GLOBAL OPTIONS] kill [--all] ID [SIGNAL]\n"
	       "       ctr-oci [GLOBAL OPTIONS] delete [--force] ID\n"
	       "       ctr-oci [GLOBAL OPTIONS] exec [EXEC OPTIONS] ID [ARGS ...]\n"
	       "       ctr-oci [GLOBAL OPTIONS] list|ps [--format table|json] [ID]\n"
	       "       ctr-oci [GLOBAL OPTIONS] update --resources FILE ID\n"
	       "       ctr-oci features|spec [--bundle DIR]\n"
	       "       ctr-oci -h | -V\n"
	       "\n"
	       "Runs OCI bundles with ctr's engine, with runc's command line.\n"
	       "\n"
	       "Commands:\n"
	       "  create               set the container up; its process waits for start\n"
	       "  start                run the created container's process\n"
	       "  run                  create and start; wait, exit with the process's status\n"
	       "  state                the container's state, as JSON\n"
	       "  kill                 signal it (default TERM; names or numbers)\n"
	       "  delete               remove a stopped container (--force kills it first)\n"
	       "  exec                 run a process in the running container; EXEC OPTIONS\n"
	       "                       are --process FILE, --tty, --console-socket SOCKET,\n"
	       "                       and --detach, --pid-file FILE, --cwd DIR, --env K=V,\n"
	       "                       and --user UID[:GID], --cap CAP (short: -t -d -e -u)\n"
	       "  list, ps             the containers under --root; a container's processes\n"
	       "  pause, resume        freeze and thaw it\n"
	       "  update               new cgroup limits (linux.resources' form)\n"
	       "  features             what this runtime supports, as JSON\n"
	       "  spec                 write a default config.json\n"
	       "\n"
	       "Global options:\n"
	       "  --root DIR           state directory (default " OCI_ROOT_DEFAULT ")\n"
	       "  --log FILE           errors go there too\n"
	       "  --log-format FMT     text (default) or json\n"
	       "  --debug              more output\n"
	       "  --systemd-cgroup     refused: this build has no systemd cgroup driver\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version (-v too, as runc has it)\n");
}

static const struct cli_command oci_cmd = { .name = "ctr-oci", .help = help };

/* The one error message: stderr, and --log as runc writes it. */
__attribute__((format(printf, 1, 2))) static void err(const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	log_error("%s", msg);
	if (arg_log) {
		_cleanup_fclose_ FILE *f = fopen(arg_log, "ae");
		char ts[64];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!f)
			return;
		if (arg_log_json) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "level", json_object_new_string("error"));
			json_object_object_add(o, "msg", json_object_new_string(msg));
			json_object_object_add(o, "time", json_object_new_string(ts));
			fprintf(f, "%s\n",
				json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
			json_object_put(o);
		} else {
			fprintf(f, "time=\"%s\" level=error msg=\"%s\"\n", ts, msg);
		}
	}
}

static void err_diag(const struct diag *d, int r)
{
	if (d->file[0] && d->key[0])
		err("%s: %s: %s", d->file, d->key, d->msg);
	else if (d->file[0])
		err("%s: %s", d->file, d->msg);
	else if (d->key[0])
		err("%s: %s", d->key, d->msg);
	else if (d->msg[0])
		err("%s", d->msg);
	else
		err("%s", strerror(-r));
}

/* Flags of one command: a table and what each sets. */
struct cmd_args {
	const char *bundle, *pid_file, *console_socket, *format, *process, *resources;
	bool force, all, detach, quiet;
	const char *id;
	char **rest; /* after the id */
	int n_rest;
};

static int cmd_parse(const char *cmd, int argc, char **argv, struct cmd_args *a)
{
	static const struct option options[] = { { "bundle", required_argument, NULL, 'b' },
						 { "pid-file", required_argument, NULL, 'p' },
						 { "console-socket", required_argument, NULL, 'c' },
						 { "format", required_argument, NULL, 'f' },
						 { "force", no_argument, NULL, 'F' },
						 { "all", no_argument, NULL, 'a' },
						 { "detach", no_argument, NULL, 'd' },
						 { "quiet", no_argument, NULL, 'q' },
						 { "no-pivot", no_argument, NULL, 'N' },
						 { "no-new-keyring", no_argument, NULL, 'K' },
						 { "no-subreaper", no_argument, NULL, 'S' },
						 { "preserve-fds", required_argument, NULL, 'P' },
						 { "keep", no_argument, NULL, 'k' },
						 { "resources", required_argument, NULL, 'r' },
						 { "help", no_argument, NULL, 'h' },
						 {} };
	int c;

	optind = 1;
	/* -f is --force for delete, --format elsewhere (runc's) */
	while ((c = getopt_long(argc, argv,
				strcmp(cmd, "delete") == 0 ? "+b:p:c:fFadqh" : "+b:p:c:f:Fadqh",
				options, NULL)) >= 0) {
		if (c == 'f' && strcmp(cmd, "delete") == 0)
			c = 'F';
		switch (c) {
		case 'b':
			a->bundle = optarg;
			break;
		case 'p':
			a->pid_file = optarg;
			break;
		case 'c':
			a->console_socket = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'F':
			a->force = true;
			break;
		case 'a':
			a->all = true;
			break;
		case 'd':
			a->detach = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'r':
			a->resources = optarg;
			break;
		case 'N':
		case 'K':
		case 'S':
		case 'k':
			break; /* nothing to do here */
		case 'P':
			if (strcmp(optarg, "0") != 0) {
				err("--preserve-fds: not supported");
				return -EINVAL;
			}
			break;
		case 'h':
			help();
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (optind < argc)
		a->id = argv[optind++];
	a->rest = argv + optind;
	a->n_rest = argc - optind;
	return 0;
}

static int need_id(const struct cmd_args *a, const char *cmd, int max_rest)
{
	if (!a->id) {
		err("%s: no container id given", cmd);
		return -EINVAL;
	}
	if (a->n_rest > max_rest) {
		err("%s: unexpected argument '%s'", cmd, a->rest[max_rest]);
		return -EINVAL;
	}
	return 0;
}

static int do_create(struct cmd_args *a, bool run)
{
	struct oci_create_opts o = { .bundle = a->bundle ? a->bundle : ".",
				     .pid_file = a->pid_file,
				     .console_socket = a->console_socket,
				     .run = run && !a->detach };
	struct diag d = { 0 };
	pid_t pid;
	int r, status;

	r = oci_create(&arg_ctx, a->id, &o, &pid, &d);
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	if (!run)
		return 0;
	r = oci_start(&arg_ctx, a->id, &d);
	if (r < 0) {
		err_diag(&d, r);
		(void)oci_delete(&arg_ctx, a->id, true, &d);
		return 1;
	}
	if (a->detach)
		return 0;
	/* the init is this process's child: wait, then remove it */
	{
		sigset_t mask;
		int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
		siginfo_t si;
		struct timespec tick = { .tv_sec = 0, .tv_nsec = 100 * 1000 * 1000 };

		sigemptyset(&mask);
		for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
			sigaddset(&mask, sigs[i]);
		sigaddset(&mask, SIGCHLD);
		sigprocmask(SIG_BLOCK, &mask, NULL);
		for (;;) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			int s;
			if (w == pid)
				break;
			if (w < 0 && errno != EINTR) {
				status = 1 << 8;
				break;
			}
			s = sigtimedwait(&mask, &si, &tick);
			if (s > 0 && s != SIGCHLD)
				kill(pid, s);
		}
	}
	r = oci_delete(&arg_ctx, a->id, true, &d);
	if (r < 0)
		err_diag(&d, r);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int do_state(struct cmd_args *a)
{
	struct oci_state *st = NULL;
	_cleanup_free_ char *js = NULL;
	struct diag d = { 0 };
	json_object *o;
	int r;

	r = oci_state_load(&arg_ctx, a->id, &st, &d);
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	js = oci_state_json(st, oci_state_status(&arg_ctx, st));
	oci_state_free(st);
	if (!js)
		return 1;
	/* pretty, as runc prints it */
	o = json_tokener_parse(js);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

static int do_kill(struct cmd_args *a)
{
	struct diag d = { 0 };
	int sig = SIGTERM, r;

	if (a->n_rest > 0) {
		sig = signal_parse(a->rest[0]);
		if (sig < 0) {
			err("kill: unknown signal '%s'", a->rest[0]);
			return 1;
		}
	}
	r = oci_kill(&arg_ctx, a->id, sig, a->all, &d);
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	return 0;
}

static int do_delete(struct cmd_args *a)
{
	struct diag d = { 0 };
	int r = oci_delete(&arg_ctx, a->id, a->force, &d);

	/* runc: deleting what is not there with --force is no error */
	if (r == -ENOENT && a->force)
		return 0;
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	return 0;
}

static int do_list(struct cmd_args *a)
{
	DIR *dir = opendir(arg_ctx.root);
	bool json = a->format && strcmp(a->format, "json") == 0;
	json_object *arr = json_object_new_array();
	struct dirent *de;

	if (a->format && !json && strcmp(a->format, "table") != 0) {
		err("list: unknown format '%s'", a->format);
		json_object_put(arr);
		return 2;
	}
	if (!json && !a->quiet)
		printf("%-24s %-8s %-10s %-40s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
	while (dir && (de = readdir(dir))) {
		struct oci_state *st = NULL;
		const char *status;
		if (de->d_name[0] == '.' || oci_state_load(&arg_ctx, de->d_name, &st, NULL) < 0)
			continue;
		status = oci_state_status(&arg_ctx, st);
		if (json) {
			_cleanup_free_ char *js = oci_state_json(st, status);
			json_object *o = js ? json_tokener_parse(js) : NULL;
			if (o)
				json_object_array_add(arr, o);
		} else if (a->quiet) {
			printf("%s\n", st->id);
		} else {
			printf("%-24s %-8d %-10s %-40s %s\n", st->id,
			       strcmp(status, "stopped") ? (int)st->pid : 0, status, st->bundle,
			       st->created);
		}
		oci_state_free(st);
	}
	if (dir)
		closedir(dir);
	if (json)
		printf("%s\n",
		       json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	return 0;
}

static int do_ps(struct cmd_args *a)
{
	_cleanup_(cgroup_freep) struct cgroup_handle *cg = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	struct oci_state *st = NULL;
	struct diag d = { 0 };
	size_t n = 0;
	int r;

	r = oci_state_load(&arg_ctx, a->id, &st, &d);
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	oci_state_free(st);
	if (oci_cgroup_open(&arg_ctx, a->id, &cg) == 0 && cgroup_pids(cg, &pids, &n) < 0)
		n = 0;
	if (a->format && strcmp(a->format, "json") == 0) {
		printf("[");
		for (size_t i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		printf("]\n");
		return 0;
	}
	/* table: ps(1)'s own for these pids */
	printf("PID\n");
	for (size_t i = 0; i < n; i++)
		printf("%d\n", (int)pids[i]);
	return 0;
}

static int do_freeze(struct cmd_args *a, bool frozen)
{
	_cleanup_(cgroup_freep) struct cgroup_handle *cg = NULL;
	struct oci_state *st = NULL;
	struct diag d = { 0 };
	const char *status;
	int r;

	r = oci_state_load(&arg_ctx, a->id, &st, &d);
	if (r < 0) {
		err_diag(&d, r);
		return 1;
	}
	status = oci_state_status(&arg_ctx, st);
	oci_state_free(st);
	if (strcmp(status, frozen ? "running" : "paused") != 0) {
		err("container '%s' is %s, not %s", a->id, status, frozen ? "running" : "paused");
		return 1;
	}
	r = oci_cgroup_open(&arg_ctx, a->id, &cg);
	if (r >= 0)
		r = cgroup_freeze(cg, frozen);
	if (r < 0) {
		err("cannot %s '%s' (%s)", frozen ? "pause" : "resume", a->id, strerror(-r));
		return 1;
	}
	return 0;
}

static int do_exec(int argc, char **argv)
{
	static const struct option options[] = { { "process", required_argument, NULL, 'p' },
						 { "tty", no_argument, NULL, 't' },
						 { "detach", no_argument, NULL, 'd' },
						 { "pid-file", required_argument, NULL, 'P' },
						 { "console-socket", required_argument, NULL, 'c' },
						 { "cwd", required_argument, NULL, 'w' },
						 { "env", required_argument, NULL, 'e' },
						 { "user", required_argument, NULL, 'u' },
						 { "cap", required_argument, NULL, 'C' },
						 { "preserve-fds", required_argument, NULL, 'F' },
						 { "process-label", required_argument, NULL, 'L' },
						 { "apparmor", required_argument, NULL, 'A' },
						 { "no-new-privs", no_argument, NULL, 'N' },
						 { "help", no_argument, NULL, 'h' },
						 {} };
	_cleanup_strv_free_ char **env = NULL, **caps = NULL;
	struct oci_exec_opts o = { 0 };
	struct diag d = { 0 };
	size_t ne = 0, nc = 0;
	const char *id;
	int c, r, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:tdc:e:u:w:h", options, NULL)) >= 0) {
		char ***v = c == 'e' ? &env : &caps;
		size_t *n = c == 'e' ? &ne : &nc;
		char **nv;
		switch (c) {
		case 'p':
			o.process = optarg;
			break;
		case 't':
			o.tty = true;
			break;
		case 'd':
			o.detach = true;
			break;
		case 'P':
			o.pid_file = optarg;
			break;
		case 'c':
			o.console_socket = optarg;
			break;
		case 'w':
			o.cwd = optarg;
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'e':
		case 'C':
			nv = realloc(*v, (*n + 2) * sizeof(char *));
			if (!nv)
				return 1;
			*v = nv;
			nv[*n] = strdup(optarg);
			nv[++*n] = NULL;
			if (!nv[*n - 1])
				return 1;
			break;
		case 'F':
			if (strcmp(optarg, "0") != 0) {
				err("exec: --preserve-fds: not supported");
				return 2;
			}
			break;
		case 'L':
		case 'A':
		case 'N':
			break;
		case 'h':
			help();
			return 0;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		err("exec: no container id given");
		return 2;
	}
	id = argv[optind++];
	o.args = argv + optind;
	o.env = env;
	o.caps = caps;
	if (!o.process && !o.args[0]) {
		err("exec: no command given (args or --process FILE)");
		return 2;
	}
	r = oci_exec(&arg_ctx, id, &o, &status, &d);
	if (r < 0) {
		err_diag(&d, r);
		return r == -ENOENT && !d.msg[0] ? 127 : 255;
	}
	return status;
}

static int do_features(void)
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

	json_object_object_add(o, "ociVersionMin", json_object_new_string("1.0.0"));
	json_object_object_add(o, "ociVersionMax", json_object_new_string(OCI_VERSION));
	a = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(hooks); i++)
		json_object_array_add(a, json_object_new_string(hooks[i]));
	json_object_object_add(o, "hooks", a);
	a = json_object_new_array();
	{
		static const char *const mo[] = {
			"bind",	       "rbind",	     "ro",     "rw",	  "nosuid",   "suid",
			"nodev",       "dev",	     "noexec", "exec",	  "private",  "rprivate",
			"slave",       "rslave",     "shared", "rshared", "relatime", "noatime",
			"strictatime", "nodiratime", "rro",    "rrw"
		};
		for (size_t i = 0; i < ARRAY_SIZE(mo); i++)
			json_object_array_add(a, json_object_new_string(mo[i]));
	}
	json_object_object_add(o, "mountOptions", a);
	a = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		json_object_array_add(a, json_object_new_string(ns[i]));
	json_object_object_add(lx, "namespaces", a);
	json_object_object_add(cg, "v1", json_object_new_boolean(true));
	json_object_object_add(cg, "v2", json_object_new_boolean(true));
	json_object_object_add(cg, "systemd", json_object_new_boolean(false));
	json_object_object_add(cg, "systemdUser", json_object_new_boolean(false));
	json_object_object_add(cg, "rdma", json_object_new_boolean(false));
	json_object_object_add(lx, "cgroup", cg);
	json_object_object_add(sc, "enabled", json_object_new_boolean(true));
	a = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(acts); i++)
		json_object_array_add(a, json_object_new_string(acts[i]));
	json_object_object_add(sc, "actions", a);
	a = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		json_object_array_add(a, json_object_new_string(ops[i]));
	json_object_object_add(sc, "operators", a);
	json_object_object_add(lx, "seccomp", sc);
	json_object_object_add(o, "linux", lx);
	a = json_object_new_object();
	json_object_object_add(a, "io.github.ctr.engine", json_object_new_string("ctr"));
	json_object_object_add(o, "annotations", a);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
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

static int do_spec(struct cmd_args *a)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -EBADF;

	if (asprintf(&path, "%s/config.json", a->bundle ? a->bundle : ".") < 0)
		return 1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		err("cannot write '%s' (%s)", path, strerror(errno));
		return 1;
	}
	if (write(fd, default_spec, sizeof(default_spec) - 1) !=
	    (ssize_t)sizeof(default_spec) - 1) {
		err("cannot write '%s' (%s)", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = { { "root", required_argument, NULL, 'r' },
						 { "log", required_argument, NULL, 'l' },
						 { "log-format", required_argument, NULL, 'L' },
						 { "debug", no_argument, NULL, 'D' },
						 { "systemd-cgroup", no_argument, NULL, 's' },
						 { "rootless", required_argument, NULL, 'R' },
						 { "criu", required_argument, NULL, 'C' },
						 CLI_OPT_HELP,
						 {} };
	struct cli_args ca = { 0 };
	struct cmd_args a = { 0 };
	const char *cmd;
	int c, r;

	while ((c = getopt_long(argc, argv, "+:hvV", options, NULL)) >= 0) {
		switch (c) {
		case 'r':
			arg_ctx.root = optarg;
			break;
		case 'l':
			arg_log = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
				err("--log-format: 'text' or 'json', not '%s'", optarg);
				return 2;
			}
			arg_log_json = strcmp(optarg, "json") == 0;
			break;
		case 'D':
			arg_debug = true;
			break;
		case 's':
			err("--systemd-cgroup: not supported: this build has no systemd cgroup "
			    "driver (use the cgroupfs manager)");
			return 1;
		case 'R':
			if (strcmp(optarg, "false") != 0 && strcmp(optarg, "auto") != 0) {
				err("--rootless: not supported");
				return 1;
			}
			break;
		case 'C':
			break;
		case 'v': /* runc's -v, and podman reads --version */
			c = 'V';
			/* fall through */
		default:
			cli_option(&oci_cmd, c, argv, &ca);
		}
	}
	if (arg_debug)
		setenv("CTR_DEBUG", "1", 1);
	if (optind >= argc)
		cli_usage_error(&oci_cmd, "no command given");
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	if (strcmp(cmd, "exec") == 0)
		return do_exec(argc, argv);
	r = cmd_parse(cmd, argc, argv, &a);
	if (r != 0)
		return r > 0 ? 0 : 2;

	if (strcmp(cmd, "features") == 0)
		return do_features();
	if (strcmp(cmd, "spec") == 0)
		return do_spec(&a);
	if (strcmp(cmd, "list") == 0)
		return do_list(&a);
	if (strcmp(cmd, "create") == 0 || strcmp(cmd, "run") == 0)
		return need_id(&a, cmd, 0) < 0 ? 2 : do_create(&a, strcmp(cmd, "run") == 0);
	if (strcmp(cmd, "start") == 0) {
		struct diag d = { 0 };
		if (need_id(&a, cmd, 0) < 0)
			return 2;
		r = oci_start(&arg_ctx, a.id, &d);
		if (r < 0)
			err_diag(&d, r);
		return r < 0;
	}
	if (strcmp(cmd, "state") == 0)
		return need_id(&a, cmd, 0) < 0 ? 2 : do_state(&a);
	if (strcmp(cmd, "kill") == 0)
		return need_id(&a, cmd, 1) < 0 ? 2 : do_kill(&a);
	if (strcmp(cmd, "delete") == 0)
		return need_id(&a, cmd, 0) < 0 ? 2 : do_delete(&a);
	if (strcmp(cmd, "ps") == 0)
		return need_id(&a, cmd, 0) < 0 ? 2 : do_ps(&a);
	if (strcmp(cmd, "pause") == 0 || strcmp(cmd, "resume") == 0)
		return need_id(&a, cmd, 0) < 0 ? 2 : do_freeze(&a, strcmp(cmd, "pause") == 0);
	if (strcmp(cmd, "update") == 0) {
		struct diag d = { 0 };
		if (need_id(&a, cmd, 0) < 0)
			return 2;
		if (!a.resources) {
			err("update: --resources FILE is needed (the flags for single values are not "
			    "supported)");
			return 2;
		}
		r = oci_update(&arg_ctx, a.id, a.resources, &d);
		if (r < 0)
			err_diag(&d, r);
		return r < 0;
	}
	err("unknown command '%s' (ctr-oci --help lists them)", cmd);
	return 2;
}
