/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The checks ctr-checkconfig makes, as data (checkconfig/rules.c): a rules
 * file (data/checkconfig.rules, format in ctr-checkconfig(8)) is read into
 * struct rules, and rules_eval() applies it to a kernel configuration. */
#ifndef CTR_RULES_H
#define CTR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctr/diag.h"
#include "ctr/kconfig.h"

/* must-be-off: an option that is on fails the check (exit 1); should-be-off:
 * it is a problem, not a failure. */
enum rule_severity {
	SEV_REQUIRED,
	SEV_RECOMMENDED,
	SEV_OPTIONAL,
	SEV_MUST_BE_OFF,
	SEV_SHOULD_BE_OFF
};

enum check_state {
	STATE_ENABLED,	   /* =y (or another non-n value) */
	STATE_MODULE,	   /* =m */
	STATE_MISSING,	   /* not set; for must-be-off checks: off, as it should be */
	STATE_NOT_NEEDED,  /* a dependency is off, or cgroup v2 makes it moot */
	STATE_MUST_BE_OFF, /* a must-be-off option is on */
	STATE_UNKNOWN,	   /* needs the kernel version, which is unknown */
	STATE_CGROUP_V2,   /* off, but the check's cgroup v2 route is there */
};

/* A version range [from, to): 0 means open at that end. */
struct vrange {
	uint32_t from, to;
};

struct rule_option {
	char *name; /* without CONFIG_ */
	struct vrange range;
	bool ranged;  /* a range was given */
	char *module; /* module name for libkmod, NULL if none */
};

struct rule {
	char *id;
	char *title;
	const char *group; /* borrowed from rules->groups */
	enum rule_severity severity;
	struct vrange range;
	bool ranged;
	struct rule_option *opts;
	size_t n_opts;
	char *depends; /* a check id or an option name, NULL if none */
	char *unless;  /* an option: when set, the check is not needed */
	/* v2-route: the cgroup v2 replacement of a v1-only option, there when
	 * every option in v2_opts is set and the version lies in v2_range. */
	bool has_v2;
	char **v2_opts;
	size_t n_v2_opts;
	struct vrange v2_range;
	bool v2_ranged;
	char *v2_note;	/* what a host without cgroup v2 lacks */
	uint32_t since; /* the feature exists from this version on; 0: always */
	char *probe;	/* a path: for the running kernel, the check holds when
			 * it exists (a backport older than @since), NULL if none */
	char *why;
	char *fix;
	unsigned line; /* where the check starts in the rules file */
};

struct rules_block;

struct rules {
	char *file;
	struct rule *v;
	size_t n;
	char **groups; /* in order of first appearance */
	size_t n_groups;
	struct rules_block *blocks; /* where every string above lives */
	bool shared;		    /* v and groups (and their strings) are a rules_image's */
};

/* A rules file parsed at build time into C data (checkconfig/gen/rules-gen.c
 * writes it; checkconfig/rules-builtin.c holds data/checkconfig.rules'). */
struct rules_image {
	const char *text; /* the file it was made from */
	size_t len;
	struct rule *v;
	size_t n;
	char **groups;
	size_t n_groups;
};

/* data/checkconfig.rules as it was at build time. */
extern const struct rules_image rules_builtin;

/* Parses a range "A..B", "A..", "..B" (A <= version < B).  Returns 0 or
 * -EINVAL. */
int vrange_parse(const char *s, struct vrange *ret);

/* True when @v lies in @r. */
bool vrange_contains(const struct vrange *r, uint32_t v);

/* Reads the rules file @path.  Returns 0 with *ret (caller frees with
 * rules_free) or -errno; a malformed file gives -EINVAL and @ret_diag
 * naming file:line and what is wrong. */
int rules_load(const char *path, struct rules **ret, struct diag *ret_diag);

/* Like rules_load on @len bytes at @data; @name is used in messages. */
int rules_parse(const char *data, size_t len, const char *name, struct rules **ret,
		struct diag *ret_diag);

/* Like rules_load, but when the file at @path holds exactly @img's text
 * (@img may be NULL), the rules are @img's, not parsed again: *ret borrows
 * them and is freed with rules_free all the same.  A file that differs in
 * any byte is parsed. */
int rules_load_image(const char *path, const struct rules_image *img, struct rules **ret,
		     struct diag *ret_diag);

void rules_free(struct rules *r);

enum module_status {
	MODULE_UNCHECKED, /* not looked up (no modules directory, not =m/=y, ...) */
	MODULE_BUILTIN,
	MODULE_LOADED,
	MODULE_AVAILABLE, /* in the modules directory, not loaded */
	MODULE_MISSING,	  /* =m but not in the modules directory */
};

struct check_result {
	const struct rule *rule; /* borrowed from the rules */
	enum check_state state;
	const char *option; /* the option that decided, borrowed; NULL if none */
	char value;	    /* its value as kconfig_get() gives it */
	const char *module; /* module name of @option, borrowed; NULL if none */
	enum module_status module_status;
	bool ok;	  /* false: a problem worth reporting */
	bool fails;	  /* makes the exit status 1 */
	char detail[256]; /* why the state is what it is, "" when plain */
};

struct rules_input {
	const struct kconfig *kc;
	uint32_t version; /* 0: unknown */
	bool no_cgroup2;  /* the host was probed and mounts no cgroup2: a cgroup
			   * v2 route is a problem there */
	bool running;	  /* the config is the running kernel's: probes apply */
	const char *root; /* where probe paths are looked up, NULL or "" for / */
};

/* Evaluates every rule that applies to @in's kernel version, in file order.
 * Returns 0 with *ret (caller frees) and *ret_n, or -ENOMEM. */
int rules_eval(const struct rules *r, const struct rules_input *in, struct check_result **ret,
	       size_t *ret_n);

/* Sets @res->ok and @res->fails from its state, severity and module status
 * (call again after changing module_status). */
void check_result_judge(struct check_result *res);

const char *rule_severity_name(enum rule_severity s);
const char *check_state_name(enum check_state s);
const char *module_status_name(enum module_status s);

#endif
