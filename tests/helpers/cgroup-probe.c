// SPDX-License-Identifier: LGPL-2.1-or-later
/* Test helper for tests/integration/cgroup-*.sh: drives runtime/container/cgroup.c
 * against the real kernel from a hand-built config.
 *
 *   cgroup-probe [-r ROOT] -n NAME [-f FILE] [-c KEY=VALUE]... [-2 KEY=VALUE]...
 *                [-i] [-p] [-u UID:GID] [-w FILE] [-k MS] -- CMD [ARG]...
 *     creates ctr/NAME with the given lxc.cgroup.KEY (-c) and lxc.cgroup2.KEY
 *     (-2) lines (origin FILE:N, N counting those options from 1), runs CMD
 *     inside, destroys the cgroups when it ends (or after MS ms with -k, which
 *     kills it) and exits with CMD's status (128+signal).  -i prints the
 *     pids and memory usage seen through the library once CMD is in; -p
 *     prints the cgroup directories ("v2 PATH", "CONTROLLER PATH") first;
 *     -u delegates them to UID:GID; -w makes -k's clock start once FILE
 *     exists (slow machines: the command has done its part by then).
 *     Errors: exit 2 (create), 3 (destroy).
 *   cgroup-probe [-r ROOT] -L          prints the layout (v1, hybrid, v2, none)
 *   cgroup-probe [-r ROOT] -n NAME -X  destroys an existing container's cgroups
 *   cgroup-probe -b CGDIR [-a RULE | -d RULE]... -- CMD [ARG]...
 *     attaches the eBPF device program for the allow (-a) / deny (-d) rules to
 *     the v2 cgroup CGDIR, runs CMD inside it and exits with its status; with
 *     -R it replaces the ctr programs attached there (ctr-device's way). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/log.h"

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 125;
}

/* Forks CMD held on a pipe until @place has put it where it belongs. */
static pid_t spawn_held(char **argv, int *ret_go)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char c;
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(125);
		execvp(argv[0], argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[0]);
	*ret_go = p[1];
	return pid;
}

static int release(int go)
{
	int r = write(go, "g", 1) == 1 ? 0 : -1;
	close(go);
	return r;
}

static bool bpf_replace;

static int bpf_mode(const char *dir, struct cgroup_device_rule *rules, size_t n, char **argv)
{
	_cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct diag d = { 0 };
	char procs[4096], buf[32];
	int go = -1, st, r, pfd;
	pid_t pid;

	if (fd < 0) {
		log_error("cannot open '%s' (%s)", dir, strerror(errno));
		return 2;
	}
	r = bpf_replace ? cgroup_bpf_devices_replace(fd, rules, n, &d)
			: cgroup_bpf_devices_attach(fd, rules, n, &d);
	if (r < 0) {
		log_error("cannot attach the device program to '%s' (%s%s%s)", dir, strerror(-r),
			  d.msg[0] ? ": " : "", d.msg);
		return 2;
	}
	pid = spawn_held(argv, &go);
	if (pid < 0) {
		log_error("cannot fork (%s)", strerror(errno));
		return 2;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	pfd = open(procs, O_WRONLY | O_CLOEXEC);
	if (pfd < 0 || write(pfd, buf, strlen(buf)) < 0) {
		log_error("cannot move %d into '%s' (%s)", (int)pid, dir, strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 2;
	}
	close(pfd);
	release(go);
	if (waitpid(pid, &st, 0) < 0)
		return 2;
	return exit_status(st);
}

static int print_hier(const char *mnt, const char *controllers, const char *path, void *ud)
{
	(void)ud;
	printf("hierarchy %s %s %s\n", mnt, controllers ? controllers : "cgroup2", path);
	return 0;
}

static void print_diag(const char *what, const struct diag *d)
{
	char where[600];
	diag_where(d, where, sizeof(where));
	fprintf(stderr, "%s: %s%s%s\n", program_invocation_short_name, what, where, d->msg);
}

int main(int argc, char **argv)
{
	const char *root = NULL, *name = NULL, *file = "probe.conf", *bpf_dir = NULL;
	const char *wait_file = NULL;
	struct cfg_cgroup ents[64];
	static char keys[64][160];
	struct cgroup_device_rule rules[64];
	size_t n = 0, n_rules = 0;
	bool layout = false, info = false, destroy_only = false, paths = false;
	long kill_ms = -1;
	long deleg_uid = -1, deleg_gid = -1;
	int c;

	while ((c = getopt(argc, argv, "r:n:f:c:2:ipu:w:k:LXb:Ra:d:")) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'c':
		case '2': {
			char *eq = strchr(optarg, '='), *key;
			if (!eq || n == 64) {
				log_error("bad -%c '%s' (expected KEY=VALUE)", c, optarg);
				return 2;
			}
			*eq = '\0';
			key = keys[n];
			snprintf(key, sizeof(keys[n]), "lxc.cgroup%s.%s", c == '2' ? "2" : "",
				 optarg);
			ents[n] = (struct cfg_cgroup){
				.key = optarg,
				.value = eq + 1,
				.v2 = c == '2',
				.origin = { .file = file, .line = (unsigned)(n + 1), .key = key },
			};
			n++;
			break;
		}
		case 'i':
			info = true;
			break;
		case 'p':
			paths = true;
			break;
		case 'w':
			wait_file = optarg;
			break;
		case 'u':
			if (sscanf(optarg, "%ld:%ld", &deleg_uid, &deleg_gid) != 2)
				return 2;
			break;
		case 'k':
			kill_ms = atol(optarg);
			break;
		case 'L':
			layout = true;
			break;
		case 'X':
			destroy_only = true;
			break;
		case 'b':
			bpf_dir = optarg;
			break;
		case 'R':
			bpf_replace = true;
			break;
		case 'a':
		case 'd':
			if (n_rules == 64 ||
			    cgroup_device_rule_parse(optarg, c == 'a', &rules[n_rules]) < 0) {
				log_error("bad device rule '%s'", optarg);
				return 2;
			}
			n_rules++;
			break;
		default:
			return 2;
		}
	}
	argv += optind;
	argc -= optind;

	if (layout) {
		enum cgroup_layout l;
		int r = cgroup_detect(root, &l);
		if (r < 0) {
			log_error("cannot detect the cgroup layout (%s)", strerror(-r));
			return 2;
		}
		printf("%s\n", cgroup_layout_name(l));
		return 0;
	}
	if (bpf_dir) {
		if (argc < 1)
			return 2;
		return bpf_mode(bpf_dir, rules, n_rules, argv);
	}
	if (!name) {
		log_error("-n NAME is required");
		return 2;
	}
	if (destroy_only) {
		struct cgroup_handle *h = NULL;
		int r = cgroup_open(root, name, &h);
		if (r < 0) {
			log_error("cannot find the cgroups of '%s' (%s)", name, strerror(-r));
			return 2;
		}
		r = cgroup_destroy(h);
		if (r < 0) {
			log_error("cannot destroy the cgroups of '%s' (%s)", name, strerror(-r));
			return 3;
		}
		return 0;
	}
	if (argc < 1) {
		log_error("no command given");
		return 2;
	}

	struct container_config cfg = { .name = (char *)name, .cgroups = ents, .n_cgroups = n };
	struct diag_list warnings = { 0 };
	struct diag d = { 0 };
	struct cgroup_handle *h = NULL;
	int r = cgroup_create(root, &cfg, &h, &warnings, &d), go = -1, st = 0, rc;
	pid_t pid;

	for (size_t i = 0; i < warnings.n; i++)
		print_diag("warning: ", &warnings.v[i]);
	diag_list_free(&warnings);
	if (r < 0) {
		print_diag("", &d);
		return 2;
	}
	if (deleg_uid >= 0) {
		r = cgroup_delegate(h, (uid_t)deleg_uid, (gid_t)deleg_gid);
		if (r < 0) {
			log_error("cannot delegate the cgroups of '%s' (%s)", name, strerror(-r));
			cgroup_destroy(h);
			return 2;
		}
	}
	if (paths) {
		cgroup_foreach(h, print_hier, NULL);
		static const char *const ctrls[] = { "cpu",	"cpuacct", "cpuset",	"memory",
						     "devices", "freezer", "blkio",	"pids",
						     "hugetlb", "net_cls", "perf_event" };
		if (cgroup_path(h, NULL))
			printf("v2 %s\n", cgroup_path(h, NULL));
		for (size_t i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++)
			if (cgroup_path(h, ctrls[i]))
				printf("%s %s\n", ctrls[i], cgroup_path(h, ctrls[i]));
		fflush(stdout);
	}
	pid = spawn_held(argv, &go);
	if (pid < 0) {
		log_error("cannot fork (%s)", strerror(errno));
		cgroup_destroy(h);
		return 2;
	}
	r = cgroup_attach(h, pid);
	if (r < 0) {
		log_error("cannot move %d into the cgroups of '%s' (%s)", (int)pid, name,
			  strerror(-r));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		cgroup_destroy(h);
		return 2;
	}
	if (info) {
		pid_t *pids = NULL;
		size_t np = 0;
		uint64_t mem = 0;
		if (cgroup_pids(h, &pids, &np) == 0) {
			printf("pids:");
			for (size_t i = 0; i < np; i++)
				printf(" %d", (int)pids[i]);
			printf("\nchild: %d\n", (int)pid);
			free(pids);
		}
		printf("populated: %d\n", cgroup_is_populated(h));
		r = cgroup_memory_usage(h, &mem);
		if (r == 0)
			printf("memory: %" PRIu64 "\n", mem);
		else
			printf("memory: error %s\n", strerror(-r));
		fflush(stdout);
	}
	release(go);
	if (kill_ms >= 0) {
		for (int i = 0; wait_file && access(wait_file, F_OK) < 0 && i < 3000; i++) {
			struct timespec w = { .tv_nsec = 20 * 1000000L };
			nanosleep(&w, NULL);
		}
		struct timespec ts = { .tv_sec = kill_ms / 1000,
				       .tv_nsec = (kill_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
		r = cgroup_destroy(h);
		waitpid(pid, &st, 0);
		if (r < 0) {
			log_error("cannot destroy the cgroups of '%s' (%s)", name, strerror(-r));
			return 3;
		}
		return exit_status(st);
	}
	if (waitpid(pid, &st, 0) < 0)
		st = 125 << 8;
	rc = exit_status(st);
	r = cgroup_destroy(h);
	if (r < 0) {
		log_error("cannot destroy the cgroups of '%s' (%s)", name, strerror(-r));
		return 3;
	}
	return rc;
}
