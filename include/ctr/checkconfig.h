/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ctr-checkconfig's library entry (checkconfig/checkconfig.c): find and read
 * the kernel configuration, evaluate the rules, ask libkmod about modules,
 * probe the host; and the report in text or JSON (checkconfig/report.c). */
#ifndef CTR_CHECKCONFIG_H
#define CTR_CHECKCONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ctr/diag.h"
#include "ctr/host.h"
#include "ctr/kconfig.h"
#include "ctr/rules.h"

struct cc_options {
	const char *config;	    /* -c FILE or $CONFIG; NULL: search the usual places */
	const char *rules;	    /* --rules FILE; NULL: checkconfig_default_rules() */
	const char *modules_dir;    /* --modules-dir DIR; NULL: /lib/modules/R when running */
	uint32_t kernel_version;    /* --kernel-version; 0: from the config */
	bool host;		    /* --host: host checks even for a foreign config */
	const char *root;	    /* host probe root, "" (tests) */
	const char *container_name; /* -n NAME: audit that container too */
	const char *container_file; /* --container FILE (NULL: found by name) */
	const char *sysconfdir;	    /* where -n NAME is looked up; NULL: CTR_SYSCONFDIR */
};

/* One thing a container's config needs from this kernel or host, and the
 * line that asks for it. */
struct cc_need {
	struct diag where; /* file, line and key of that line (msg unused) */
	char what[160];	   /* "User namespace (kernel)", "bridge 'br0' (host)" */
	char state[640];   /* what was found */
	bool ok;
	bool fails; /* the container cannot start here */
	char why[256];
	char fix[160];
};

struct cc_container {
	char name[256];
	char path[4096];
	struct cc_need *needs;
	size_t n_needs;
	unsigned n_failed;
	unsigned n_problems;
};

struct cc_report {
	char config[4096]; /* the file read */
	bool running;	   /* it is the running kernel's */
	enum kconfig_format format;
	uint32_t version;	  /* 0: unknown */
	const char *version_from; /* "header", "option", "uname" or NULL */
	char release[128];	  /* release string from the header or uname, "" */
	bool modules;		  /* CONFIG_MODULES is set */
	char modules_dir[4096];	  /* where modules were looked up, "" if not */
	char modules_note[512];	  /* why modules were not looked up, "" */
	char rules_file[4096];
	struct kconfig *kc;
	struct rules *rules;
	struct check_result *res;
	size_t n_res;
	bool host_checked;
	struct host_info host;
	struct diag_list warnings;	/* reader warnings and notes */
	unsigned n_failed;		/* checks that make the exit status 1 */
	unsigned n_problems;		/* checks and host facts that are not OK */
	struct cc_container *container; /* -n/--container, NULL without */
};

/* The default rules file: $CTR_DATADIR/checkconfig.rules if CTR_DATADIR is
 * set, else the compiled-in data directory's.  Borrowed or static. */
const char *checkconfig_default_rules(char *buf, size_t len);

/* Finds the running kernel's configuration (/proc/config.gz, /boot/
 * config-R, /lib/modules/R/build/.config, /usr/src/linux-R/.config,
 * /usr/src/linux/.config).  Returns 0 with the path in @buf, or -ENOENT
 * with @ret_diag naming the places looked at and how to get one. */
int checkconfig_find(char *buf, size_t len, struct diag *ret_diag);

/* Runs the whole audit.  Returns 0 with *ret (caller frees with
 * checkconfig_report_free), or -errno with @ret_diag (unreadable config or
 * rules, malformed rules file: file:line). */
int checkconfig_run(const struct cc_options *o, struct cc_report **ret, struct diag *ret_diag);

void checkconfig_report_free(struct cc_report *r);

/* The container-aware audit (checkconfig/needs.c), run by checkconfig_run
 * after the rules: reads @path with the runtime's parser (config_load,
 * @name as -n gives it, may be NULL) and fills rep->container with what it
 * needs from rep's kernel verdicts and this host (@root: "" the real one).
 * Returns 0, or -errno with @ret_diag: a config that does not parse gives
 * its own file:line. */
int checkconfig_container(struct cc_report *rep, const char *path, const char *name,
			  const char *root, struct diag *ret_diag);

/* The exit status @r warrants: 1 when a required check fails, a
 * must-be-off option is on, or the audited container cannot start here. */
int checkconfig_exit_status(const struct cc_report *r);

enum report_flags {
	REPORT_QUIET = 1,
	REPORT_COLOR = 2
};

/* Human text, grouped as the rules file groups the checks. */
void report_text(const struct cc_report *r, FILE *f, unsigned flags);

/* One JSON document; the schema is in ctr-checkconfig(8). */
void report_json(const struct cc_report *r, FILE *f);

/* A node-feature-discovery local feature file: "ctr.KEY=VALUE" lines
 * (ctr.kernel.<check id>=true|false, ctr.cgroup.layout=v2, ...); the keys
 * are in ctr-checkconfig(8). */
void report_nfd(const struct cc_report *r, FILE *f);

#endif
