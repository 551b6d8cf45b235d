/* ctr-config: validate a container config and print it in modern keys. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/config.h"
#include "ctr/container.h"
#include "ctr/log.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

static const char *arg_name;
static const char *arg_file;
static const char *arg_sysconfdir;
static bool arg_print;
static bool arg_quiet;

static void usage(FILE *f)
{
	fprintf(f, "usage: ctr-config [-q] [-n NAME | -f FILE] [-P DIR] [--print]\n"
		   "       ctr-config --keys\n"
		   "  -n, --name NAME    the config of NAME: " CTR_SYSCONFDIR "/lxc/NAME.conf, then\n"
		   "                     " CTR_SYSCONFDIR "/ctr/NAME.conf, then LXCPATH/NAME/config\n"
		   "  -f, --file FILE    this config file\n"
		   "  -P, --lxcpath DIR  LXC's container directory (default: lxc.lxcpath in\n"
		   "                     " CTR_SYSCONFDIR "/lxc/lxc.conf, else /var/lib/lxc)\n"
		   "  -p, --print        print the config normalised, in modern keys\n"
		   "  -q, --quiet        no warnings (ignored keys, costly settings)\n"
		   "      --keys         list every known key\n"
		   "      --sysconfdir D look under D instead of " CTR_SYSCONFDIR "\n"
		   "  -h, --help         this help\n"
		   "  -V, --version      the version\n"
		   "exit status: 0 valid, 1 invalid or unreadable, 2 usage\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'}, {"file", required_argument, NULL, 'f'},
		{"print", no_argument, NULL, 'p'},	{"quiet", no_argument, NULL, 'q'},
		{"keys", no_argument, NULL, 'K'},	{"sysconfdir", required_argument, NULL, 'S'},
		{"lxcpath", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},	{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	_cleanup_free_ char *found = NULL;
	struct diag_list errors = {0};
	struct diag d = {0};
	char where[600];
	int c, r;

	while ((c = getopt_long(argc, argv, "n:f:P:pqhV", opts, NULL)) != -1) {
		switch (c) {
		case 'n': arg_name = optarg; break;
		case 'f': arg_file = optarg; break;
		case 'p': arg_print = true; break;
		case 'q': arg_quiet = true; break;
		case 'S': arg_sysconfdir = optarg; break;
		case 'P':
			if (config_set_lxcpath(optarg) < 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'K':
			return config_print_keys(stdout) < 0 ? 1 : 0;
		case 'h': usage(stdout); return 0;
		case 'V': printf("ctr-config %s\n", CTR_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc && !arg_name && !arg_file)
		arg_name = argv[optind++];
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!arg_name == !arg_file) {
		log_error("give one of -n NAME or -f FILE");
		usage(stderr);
		return 2;
	}
	if (!arg_file) {
		r = config_find(arg_sysconfdir, arg_name, &found, &d);
		if (r < 0) {
			log_error("%s%s", diag_where(&d, where, sizeof(where)), d.msg);
			return 1;
		}
		arg_file = found;
	}
	r = config_check(arg_file, arg_name, &cfg, &errors);
	if (r < 0) {
		for (size_t i = 0; i < errors.n; i++)
			log_error("%s%s", diag_where(&errors.v[i], where, sizeof(where)),
				  errors.v[i].msg);
		if (!errors.n)
			log_error("cannot load '%s' (%s)", arg_file, strerror(-r));
		diag_list_free(&errors);
		return 1;
	}
	r = container_config_check(cfg, &d);
	if (r < 0) {
		log_error("%s%s", diag_where(&d, where, sizeof(where)), d.msg);
		return 1;
	}
	if (!arg_quiet) {
		for (size_t i = 0; i < cfg->ignored.n; i++)
			log_warn("%s%s", diag_where(&cfg->ignored.v[i], where, sizeof(where)),
				 cfg->ignored.v[i].msg);
		for (size_t i = 0; i < cfg->notes.n; i++)
			log_warn("%s%s", diag_where(&cfg->notes.v[i], where, sizeof(where)),
				 cfg->notes.v[i].msg);
	}
	if (arg_print && config_print(cfg, stdout) < 0) {
		log_error("cannot write the config (%s)", strerror(errno));
		return 1;
	}
	return 0;
}
