/* ctr-destroy: remove a container that ctr-create (or lxc-create, or the
 * seed's hand) made: its rootfs, config, fstab and /etc/lxc link.
 * Exit status: 0 removed, 1 failure (running without -f, not found), 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/create.h"
#include "ctr/log.h"
#include "ctr/monitor.h"

static const char *arg_name;
static const char *arg_sysconfdir;
static bool arg_force;

static void help(void)
{
	printf("usage: ctr-destroy -n NAME [-f] [-P DIR]\n"
	       "\n"
	       "Runs the destroy hooks of the stopped container NAME, then removes its\n"
	       "rootfs, its config and fstab, the %s/lxc/NAME.conf link and its\n"
	       "directory when left empty.\n"
	       "\n"
	       "  -n, --name NAME      the container\n"
	       "  -f, --force          stop (kill) it first if it runs\n"
	       "  -P, --lxcpath DIR    where containers live (default %s)\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n",
	       CTR_SYSCONFDIR, create_lxcpath());
}

static int parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "sysconfdir", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "n:fP:hV", options, NULL)) >= 0) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 'f': arg_force = true; break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0)
				return -ENOMEM;
			break;
		case 'S': arg_sysconfdir = optarg; break;
		case 'h': help(); return 1;
		case 'V': printf("ctr-destroy %s\n", CTR_VERSION); return 1;
		default: return -EINVAL;
		}
	}
	if (optind < argc && !arg_name)
		arg_name = argv[optind++];
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (!arg_name) {
		log_error("no container named (use -n NAME)");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *config = NULL, *lock_path = NULL; /* the run dir */
	_cleanup_close_ int lock = -EBADF;
	struct diag d = { 0 };
	char where[600];
	int r;

	r = parse_argv(argc, argv);
	if (r != 0)
		return r > 0 ? 0 : 2;
	r = config_find(arg_sysconfdir, arg_name, &config, &d);
	if (r < 0) {
		log_error("%s", d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	/* The container's own lock: held while it runs, and by us while we
	 * remove it, so no start can race the removal. */
	lock = container_lock(NULL, arg_name, &lock_path);
	if (lock == -EBUSY && arg_force) {
		r = monitor_stop(arg_name, 0);
		if (r < 0 && r != -ESRCH && r != -ENOENT && r != -ECONNREFUSED) {
			log_error("cannot stop container '%s' (%s)", arg_name, strerror(-r));
			return 1;
		}
		lock = container_lock(NULL, arg_name, &lock_path);
	}
	if (lock == -EBUSY) {
		log_error("container '%s' is running (stop it first, or -f to kill it)", arg_name);
		return 1;
	}
	if (lock < 0) {
		log_error("cannot lock container '%s' (%s)", arg_name, strerror(-lock));
		return 1;
	}
	r = create_destroy(arg_name, config, arg_sysconfdir, &d);
	container_lock_release(TAKE_FD(lock), lock_path);
	if (r < 0) {
		log_error("cannot destroy '%s': %s%s", arg_name, diag_where(&d, where, sizeof(where)),
			  d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	return 0;
}
