// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-oci: the runc command line (what conmon, containerd's runc shim and
 * CRI-O call) over ctr's engine.  The commands are in runtime/oci/; this
 * main parses the flags, prints results and the one error message, also
 * to --log in runc's format (text, or JSON lines with --log-format json).
 * Exit status: 0, 1 on failure, 2 on a usage error; `run` gives the
 * container's own. */
#include <errno.h>
#include <getopt.h>
#include <json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctr/cli.h"
#include "ctr/cleanup.h"
#include "ctr/log.h"
#include "ctr/oci.h"
#include "ctr/strutil.h"

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

/* The exit status of a library call's result @r: 0, or 1 with its
 * message. */
static int done(int r, const struct diag *d)
{
	if (r < 0) {
		err_diag(d, r);
		return 1;
	}
	return 0;
}

static int create_or_run(struct cmd_args *a, bool run)
{
	struct oci_create_opts o = { .bundle = a->bundle ? a->bundle : ".",
				     .pid_file = a->pid_file,
				     .console_socket = a->console_socket,
				     .run = run && !a->detach };
	struct diag d = { 0 };
	pid_t pid;
	int r, status;

	r = oci_create(&arg_ctx, a->id, &o, &pid, &d);
	if (r < 0 || !run)
		return done(r, &d);
	r = oci_start(&arg_ctx, a->id, &d);
	if (r < 0) {
		err_diag(&d, r);
		(void)oci_delete(&arg_ctx, a->id, true, &d);
		return 1;
	}
	if (a->detach)
		return 0;
	status = oci_run_wait(pid);
	(void)done(oci_delete(&arg_ctx, a->id, true, &d), &d);
	return status;
}

static int do_create(struct cmd_args *a)
{
	return create_or_run(a, false);
}

static int do_run(struct cmd_args *a)
{
	return create_or_run(a, true);
}

static int do_start(struct cmd_args *a)
{
	struct diag d = { 0 };

	return done(oci_start(&arg_ctx, a->id, &d), &d);
}

static int do_state(struct cmd_args *a)
{
	_cleanup_free_ char *js = NULL;
	struct diag d = { 0 };
	int r = oci_state_show(&arg_ctx, a->id, &js, &d);

	if (r == 0)
		printf("%s\n", js);
	return done(r, &d);
}

static int do_kill(struct cmd_args *a)
{
	struct diag d = { 0 };
	int sig = SIGTERM;

	if (a->n_rest > 0 && (sig = signal_parse(a->rest[0])) < 0) {
		err("kill: unknown signal '%s'", a->rest[0]);
		return 1;
	}
	return done(oci_kill(&arg_ctx, a->id, sig, a->all, &d), &d);
}

static int do_delete(struct cmd_args *a)
{
	struct diag d = { 0 };
	int r = oci_delete(&arg_ctx, a->id, a->force, &d);

	/* runc: deleting what is not there with --force is no error */
	return r == -ENOENT && a->force ? 0 : done(r, &d);
}

static int do_list(struct cmd_args *a)
{
	bool json = a->format && strcmp(a->format, "json") == 0;
	struct oci_state **v = NULL;
	_cleanup_free_ char *js = NULL;
	size_t n = 0;
	int r;

	if (a->format && !json && strcmp(a->format, "table") != 0) {
		err("list: unknown format '%s'", a->format);
		return 2;
	}
	r = oci_list(&arg_ctx, &v, &n);
	if (r < 0) {
		err("list: cannot read '%s' (%s)", arg_ctx.root, strerror(-r));
		return 1;
	}
	if (json && (js = oci_list_json(&arg_ctx, v, n)))
		printf("%s\n", js);
	if (!json && !a->quiet)
		printf("%-24s %-8s %-10s %-40s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
	for (size_t i = 0; !json && i < n; i++) {
		const char *status = oci_state_status(&arg_ctx, v[i]);
		if (a->quiet)
			printf("%s\n", v[i]->id);
		else
			printf("%-24s %-8d %-10s %-40s %s\n", v[i]->id,
			       strcmp(status, "stopped") ? (int)v[i]->pid : 0, status, v[i]->bundle,
			       v[i]->created);
	}
	oci_list_free(v, n);
	if (json && !js) {
		err("list: %s", strerror(ENOMEM));
		return 1;
	}
	return 0;
}

static int do_ps(struct cmd_args *a)
{
	_cleanup_free_ pid_t *pids = NULL;
	bool json = a->format && strcmp(a->format, "json") == 0;
	struct diag d = { 0 };
	size_t n = 0;
	int r = oci_ps(&arg_ctx, a->id, &pids, &n, &d);

	if (r < 0)
		return done(r, &d);
	printf(json ? "[" : "PID\n");
	for (size_t i = 0; i < n; i++)
		printf(json ? "%s%d" : "%s%d\n", json && i ? "," : "", (int)pids[i]);
	if (json)
		printf("]\n");
	return 0;
}

static int do_pause(struct cmd_args *a)
{
	struct diag d = { 0 };

	return done(oci_pause(&arg_ctx, a->id, true, &d), &d);
}

static int do_resume(struct cmd_args *a)
{
	struct diag d = { 0 };

	return done(oci_pause(&arg_ctx, a->id, false, &d), &d);
}

static int do_update(struct cmd_args *a)
{
	struct diag d = { 0 };

	if (!a->resources) {
		err("update: --resources FILE is needed (the flags for single values are not "
		    "supported)");
		return 2;
	}
	return done(oci_update(&arg_ctx, a->id, a->resources, &d), &d);
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
	const char *id;
	int c, r, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:tdc:e:u:w:h", options, NULL)) >= 0) {
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
			if (strv_add(c == 'e' ? &env : &caps, optarg) < 0) {
				err("exec: %s", strerror(ENOMEM));
				return 1;
			}
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

static int do_features(struct cmd_args *a)
{
	_cleanup_free_ char *js = oci_features_json();

	(void)a;
	if (!js) {
		err("features: %s", strerror(ENOMEM));
		return 1;
	}
	printf("%s\n", js);
	return 0;
}

static int do_spec(struct cmd_args *a)
{
	struct diag d = { 0 };

	return done(oci_spec_write_default(a->bundle, &d), &d);
}

/* The commands but exec: @max_rest operands after the id, -1 for no id. */
static const struct subcommand {
	const char *name;
	int (*run)(struct cmd_args *a);
	int max_rest;
} subcommands[] = {
	{ "create", do_create, 0 },
	{ "run", do_run, 0 },
	{ "start", do_start, 0 },
	{ "state", do_state, 0 },
	{ "kill", do_kill, 1 },
	{ "delete", do_delete, 0 },
	{ "ps", do_ps, 0 },
	{ "pause", do_pause, 0 },
	{ "resume", do_resume, 0 },
	{ "update", do_update, 0 },
	{ "features", do_features, -1 },
	{ "spec", do_spec, -1 },
	{ "list", do_list, -1 },
};

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

	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++) {
		const struct subcommand *sc = &subcommands[i];
		if (strcmp(cmd, sc->name) != 0)
			continue;
		if (sc->max_rest >= 0 && need_id(&a, cmd, sc->max_rest) < 0)
			return 2;
		return sc->run(&a);
	}
	err("unknown command '%s' (ctr-oci --help lists them)", cmd);
	return 2;
}
