// SPDX-License-Identifier: LGPL-2.1-or-later
/* ctr-create: make a container from a rootfs tarball, a directory or
 * debootstrap, laid out and adapted as the seed does it by hand.
 * Exit status: 0 made, 1 failure (nothing left behind), 2 usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cli.h"
#include "ctr/config.h"
#include "ctr/create.h"
#include "ctr/log.h"

static struct create_opts arg_opts;
static int arg_sources;
static struct cli_args arg;

static void help(void)
{
	printf("usage: ctr-create -n NAME (--from TARBALL | --from-dir DIR | --debootstrap SUITE)\n"
	       "                  [-P DIR] [--bridge BRIDGE] [--root-password-file FILE]\n"
	       "                  [--unprivileged] [--mirror URL] [--packages LIST] [-q]\n"
	       "       ctr-create -h | -V\n"
	       "\n"
	       "Makes the container NAME in LXCPATH/NAME/{config,fstab,rootfs} and links\n"
	       "%s/lxc/NAME.conf to its config.\n"
	       "\n"
	       "  -n, --name NAME              the new container's name\n"
	       "      --from TARBALL           unpack a rootfs tarball (gzip, xz, zstd, bzip2, plain)\n"
	       "      --from-dir DIR           copy a tree\n"
	       "      --debootstrap SUITE      a Debian suite (bookworm, ...) through debootstrap\n"
	       "      --mirror URL             debootstrap's mirror (default: the one apt uses)\n"
	       "      --packages LIST          debootstrap: more packages, comma-separated\n"
	       "  -P, --lxcpath DIR            where containers live (default %s)\n"
	       "      --bridge BRIDGE          a veth on BRIDGE (default: no network)\n"
	       "      --root-password-file F   root's password, the first line of F\n"
	       "      --unprivileged           owners shifted into root's /etc/subuid range\n"
	       "  -q, --quiet                  print nothing on success\n"
	       "  -h, --help                   this help\n"
	       "  -V, --version                the version\n",
	       CTR_SYSCONFDIR, create_lxcpath());
}

enum {
	O_FROM = 256,
	O_FROM_DIR,
	O_DEBOOTSTRAP,
	O_MIRROR,
	O_PACKAGES,
	O_BRIDGE,
	O_PASSWORD,
	O_UNPRIV,
	O_SYSCONFDIR
};

static const struct cli_command cmd = {
	.name = "ctr-create",
	.help = help,
	.flags = CLI_NAME,
	.set_lxcpath = config_set_lxcpath,
};

static void source(enum create_source src, const char *from)
{
	arg_opts.source = src;
	arg_opts.from = from;
	arg_sources++;
}

static void parse_argv(int argc, char **argv)
{
	static const struct option options[] = {
		CLI_OPT_NAME,
		{ "from", required_argument, NULL, O_FROM },
		{ "from-dir", required_argument, NULL, O_FROM_DIR },
		{ "debootstrap", required_argument, NULL, O_DEBOOTSTRAP },
		{ "mirror", required_argument, NULL, O_MIRROR },
		{ "packages", required_argument, NULL, O_PACKAGES },
		CLI_OPT_LXCPATH,
		{ "bridge", required_argument, NULL, O_BRIDGE },
		{ "root-password-file", required_argument, NULL, O_PASSWORD },
		{ "unprivileged", no_argument, NULL, O_UNPRIV },
		{ "sysconfdir", required_argument, NULL, O_SYSCONFDIR },
		CLI_OPT_QUIET,
		CLI_OPT_HELP,
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, ":n:P:qhV", options, NULL)) >= 0) {
		switch (c) {
		case O_FROM:
			source(CREATE_FROM_TARBALL, optarg);
			break;
		case O_FROM_DIR:
			source(CREATE_FROM_DIR, optarg);
			break;
		case O_DEBOOTSTRAP:
			source(CREATE_DEBOOTSTRAP, optarg);
			break;
		case O_MIRROR:
			arg_opts.mirror = optarg;
			break;
		case O_PACKAGES:
			arg_opts.packages = optarg;
			break;
		case O_BRIDGE:
			arg_opts.bridge = optarg;
			break;
		case O_PASSWORD:
			arg_opts.root_password_file = optarg;
			break;
		case O_UNPRIV:
			arg_opts.unprivileged = true;
			break;
		case O_SYSCONFDIR:
			arg_opts.sysconfdir = optarg;
			break;
		default:
			cli_option(&cmd, c, argv, &arg);
		}
	}
	cli_operands(&cmd, argc, argv, &arg);
	arg_opts.name = arg.name;
	arg_opts.lxcpath = arg.lxcpath;
	if (arg_sources != 1)
		cli_usage_error(
			&cmd, "give one of --from TARBALL, --from-dir DIR or --debootstrap SUITE");
	if ((arg_opts.mirror || arg_opts.packages) && arg_opts.source != CREATE_DEBOOTSTRAP)
		cli_usage_error(&cmd, "--mirror and --packages go with --debootstrap");
	if (arg_opts.lxcpath && arg_opts.lxcpath[0] != '/')
		cli_usage_error(&cmd, "-P: '%s' is not an absolute path", arg_opts.lxcpath);
}

int main(int argc, char **argv)
{
	struct create_result res = { 0 };
	struct diag d = { 0 };
	char where[600];
	int r;

	parse_argv(argc, argv);
	r = create_container(&arg_opts, &res, &d);
	if (r < 0) {
		log_error("cannot create '%s': %s%s", arg_opts.name,
			  diag_where(&d, where, sizeof(where)), d.msg[0] ? d.msg : strerror(-r));
		return 1;
	}
	if (!arg.quiet) {
		printf("created %s: %s/rootfs (%llu entries, %llu bytes)\n", arg_opts.name, res.dir,
		       (unsigned long long)res.entries, (unsigned long long)res.bytes);
		printf("config: %s%s%s\n", res.config, res.link ? ", linked from " : "",
		       res.link ? res.link : "");
		if (arg_opts.unprivileged)
			printf("ids: 0-65535 are %lu-%lu on the host\n", res.uid_base,
			       res.uid_base + 65535);
	}
	create_result_clear(&res);
	return 0;
}
