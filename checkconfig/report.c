// SPDX-License-Identifier: LGPL-2.1-or-later
/* The report: text grouped like lxc-checkconfig, or one JSON document. */
#include <string.h>

#include "ctr/checkconfig.h"
#include "ctr/json.h"

#define C_RED "\033[1;31m"
#define C_GREEN "\033[1;32m"
#define C_YELLOW "\033[1;33m"
#define C_OFF "\033[0m"

static const char *state_color(const struct check_result *res)
{
	if (res->fails)
		return C_RED;
	return res->ok ? C_GREEN : C_YELLOW;
}

/* The state word of @res: a constant, or written into @buf. */
static const char *state_text(const struct check_result *res, const char *moddir, char *buf,
			      size_t len)
{
	const char *opt = res->option ? res->option : res->rule->id;
	const char *req = res->rule->severity == SEV_REQUIRED ? ", required" : "";

	switch (res->state) {
	case STATE_ENABLED:
		return res->module_status == MODULE_BUILTIN && res->module ? "enabled (built in)"
									   : "enabled";
	case STATE_MODULE:
		switch (res->module_status) {
		case MODULE_LOADED:
			return "module, loaded";
		case MODULE_AVAILABLE:
			return "module, available (not loaded)";
		case MODULE_BUILTIN:
			return "module, built in (modules.builtin)";
		case MODULE_MISSING:
			snprintf(buf, len, "module, but '%s' is missing from %.200s", res->module,
				 moddir);
			return buf;
		default:
			return "module";
		}
	case STATE_MISSING:
		if (res->rule->severity == SEV_MUST_BE_OFF ||
		    res->rule->severity == SEV_SHOULD_BE_OFF)
			return "ok (all off)";
		if (res->detail[0])
			snprintf(buf, len, "missing%s (%s)", req, res->detail);
		else
			snprintf(buf, len, "missing%s (CONFIG_%s)", req, opt);
		return buf;
	case STATE_NOT_NEEDED:
		snprintf(buf, len, "not needed (%s)", res->detail);
		return buf;
	case STATE_MUST_BE_OFF:
		snprintf(buf, len, "%s be off: %s",
			 res->rule->severity == SEV_MUST_BE_OFF ? "must" : "should", res->detail);
		return buf;
	case STATE_CGROUP_V2:
		return "ok (cgroup v2)";
	case STATE_UNKNOWN:
		snprintf(buf, len, "unknown (%s)", res->detail);
		return buf;
	}
	buf[0] = '\0';
	return buf;
}

/* The text report is some two hundred pieces: written as they are, not
 * through printf's format parser each time. */
static void colored(FILE *f, bool color, const char *c, const char *s)
{
	if (color)
		fputs(c, f);
	fputs(s, f);
	if (color)
		fputs(C_OFF, f);
}

/* "@name:" and blanks up to @width, as "%s:%*s" wrote it. */
static void label(FILE *f, const char *name, int width)
{
	static const char blanks[] = "                                                ";
	size_t n = strlen(name);
	int w = width - (int)n - 1;

	fwrite(name, 1, n, f);
	fputc(':', f);
	for (w = w < 0 ? -w : w; w > 0; w -= (int)sizeof(blanks) - 1)
		fwrite(blanks, 1, w < (int)sizeof(blanks) - 1 ? (size_t)w : sizeof(blanks) - 1, f);
}

/* "    @tag: @text\n" */
static void indented(FILE *f, const char *tag, const char *text)
{
	fputs("    ", f);
	fputs(tag, f);
	fputs(": ", f);
	fputs(text, f);
	fputc('\n', f);
}

void report_text(const struct cc_report *r, FILE *f, unsigned flags)
{
	bool quiet = flags & REPORT_QUIET, color = flags & REPORT_COLOR;
	char buf[2048], vb[32];
	const char *sep = "";
	int width = 0;

	for (size_t i = 0; i < r->n_res; i++) {
		const char *t = r->res[i].rule->title ? r->res[i].rule->title : r->res[i].rule->id;
		if ((int)strlen(t) > width)
			width = (int)strlen(t);
	}
	for (size_t i = 0; r->host_checked && i < r->host.n_facts; i++)
		if ((int)strlen(r->host.facts[i].name) > width)
			width = (int)strlen(r->host.facts[i].name);
	width += 2;

	if (!quiet) {
		fprintf(f, "ctr-checkconfig %s\n", CTR_VERSION);
		sep = "\n";
		fprintf(f, "Config:  %s (%s%s)\n", r->config,
			r->format == KCONFIG_GZIP ? "gzip" : "plain",
			r->running ? ", running kernel" : ", not the running kernel");
		if (r->version) {
			bool rel = r->release[0] &&
				   strcmp(r->release,
					  kversion_format(r->version, vb, sizeof(vb))) != 0;
			fprintf(f, "Kernel:  %s%s%s%s (from %s)\n",
				kversion_format(r->version, vb, sizeof(vb)), rel ? " [" : "",
				rel ? r->release : "", rel ? "]" : "",
				strcmp(r->version_from, "option") == 0	? "--kernel-version"
				: strcmp(r->version_from, "uname") == 0 ? "uname -r"
									: "the config header");
		} else
			fprintf(f, "Kernel:  unknown version (no header line in the config)\n");
		if (r->modules_note[0])
			fprintf(f, "Modules: %s\n", r->modules_note);
		else if (r->modules_dir[0])
			fprintf(f, "Modules: %s\n", r->modules_dir);
	}

	for (size_t g = 0; g < r->rules->n_groups; g++) {
		const char *group = r->rules->groups[g];
		bool head = false;
		for (size_t i = 0; i < r->n_res; i++) {
			const struct check_result *res = &r->res[i];
			const char *t = res->rule->title ? res->rule->title : res->rule->id;
			if (res->rule->group != group || (quiet && res->ok))
				continue;
			if (!head) {
				fprintf(f, "%s--- %s ---\n", sep, group);
				sep = "\n";
				head = true;
			}
			label(f, t, width);
			colored(f, color, state_color(res),
				state_text(res, r->modules_dir, buf, sizeof(buf)));
			fputc('\n', f);
			if (res->state == STATE_CGROUP_V2)
				indented(f, "note", res->detail);
			if (!res->ok) {
				indented(f, "why", res->rule->why);
				if (res->rule->fix)
					indented(f, "fix", res->rule->fix);
			}
		}
	}

	if (r->host_checked) {
		bool head = false;
		for (size_t i = 0; i < r->host.n_facts; i++) {
			const struct host_fact *h = &r->host.facts[i];
			const char *v = h->present ? h->value : "absent";
			if (quiet && h->ok)
				continue;
			if (!head) {
				fprintf(f, "%s--- Host ---\n", sep);
				head = true;
			}
			label(f, h->name, width);
			if (strcmp(h->name, "cgroup.layout") == 0) {
				snprintf(buf, sizeof(buf), "%s (v1: %s; v2%s%s: %s)", h->value,
					 r->host.v1_controllers[0] ? r->host.v1_controllers
								   : "none",
					 r->host.v2_mount[0] ? " at " : "", r->host.v2_mount,
					 r->host.v2_mount[0] ? (r->host.v2_controllers[0]
									? r->host.v2_controllers
									: "no controllers")
							     : "not mounted");
				v = buf;
			}
			colored(f, color, h->ok ? C_GREEN : C_YELLOW, v);
			fputc('\n', f);
			if (strcmp(h->name, "cgroup.mounts") == 0)
				for (size_t m = 0; m < r->host.n_mounts; m++) {
					fputs("    ", f);
					fputs(r->host.mounts[m].path, f);
					fputs(" (", f);
					fputs(r->host.mounts[m].v2 ? "cgroup2"
								   : r->host.mounts[m].controllers,
					      f);
					fputs(")\n", f);
				}
			if (h->detail[0])
				indented(f, h->ok ? "note" : "why", h->detail);
			if (!h->ok && h->fix[0])
				indented(f, "fix", h->fix);
		}
	} else if (!quiet) {
		fprintf(f, "\n--- Host ---\nnot checked: the config is not the running kernel's "
			   "(use --host)\n");
	}

	if (r->container) {
		const struct cc_container *ct = r->container;
		bool head = false;
		for (size_t i = 0; i < ct->n_needs; i++) {
			const struct cc_need *n = &ct->needs[i];
			char where[700];
			if (quiet && n->ok)
				continue;
			if (!head) {
				fprintf(f, "%s--- Container %s (%s) ---\n", sep, ct->name,
					ct->path);
				sep = "\n";
				head = true;
			}
			fprintf(f, "%s%s: %s: ", diag_where(&n->where, where, sizeof(where)),
				n->where.key, n->what);
			colored(f, color, n->fails ? C_RED : n->ok ? C_GREEN : C_YELLOW, n->state);
			fputc('\n', f);
			if (n->why[0])
				indented(f, "why", n->why);
			if (n->fix[0])
				indented(f, "fix", n->fix);
		}
	}

	if (!quiet) {
		fprintf(f, "\n%zu checks: %u problems, %u failing", r->n_res, r->n_problems,
			r->n_failed);
		if (r->container)
			fprintf(f, "; container %s: %zu needs, %u problems, %u failing",
				r->container->name, r->container->n_needs, r->container->n_problems,
				r->container->n_failed);
		fprintf(f, "%s\n", checkconfig_exit_status(r) ? " (exit status 1)" : "");
	}
}

static void json_words(struct json_writer *w, const char *key, const char *words)
{
	char buf[512], *save = NULL;
	json_begin_array(w, key);
	snprintf(buf, sizeof(buf), "%s", words);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		json_string(w, NULL, t);
	json_end(w);
}

void report_json(const struct cc_report *r, FILE *f)
{
	struct json_writer w = JSON_WRITER_INIT(f);
	char vb[32], ds[sizeof(((struct diag *)0)->msg) + 600], where[600];

	json_begin_object(&w, NULL);
	json_string(&w, "tool", "ctr-checkconfig");
	json_string(&w, "version", CTR_VERSION);
	json_begin_object(&w, "config");
	json_string(&w, "path", r->config);
	json_string(&w, "format", r->format == KCONFIG_GZIP ? "gzip" : "plain");
	json_bool(&w, "running", r->running);
	json_end(&w);
	json_begin_object(&w, "kernel");
	json_string(&w, "version", r->version ? kversion_format(r->version, vb, sizeof(vb)) : NULL);
	json_string(&w, "release", r->release[0] ? r->release : NULL);
	json_string(&w, "version_from", r->version_from);
	json_bool(&w, "modules", r->modules);
	json_end(&w);
	json_begin_object(&w, "modules");
	json_string(&w, "dir", r->modules_dir[0] ? r->modules_dir : NULL);
	json_string(&w, "note", r->modules_note[0] ? r->modules_note : NULL);
	json_end(&w);
	json_string(&w, "rules", r->rules_file);

	json_begin_array(&w, "checks");
	for (size_t i = 0; i < r->n_res; i++) {
		const struct check_result *res = &r->res[i];
		char v[2] = { res->value, 0 };
		json_begin_object(&w, NULL);
		json_string(&w, "id", res->rule->id);
		json_string(&w, "title", res->rule->title ? res->rule->title : res->rule->id);
		json_string(&w, "group", res->rule->group);
		json_string(&w, "option", res->option);
		json_string(&w, "value", res->value == 'v' ? "other" : res->value ? v : NULL);
		json_string(&w, "severity", rule_severity_name(res->rule->severity));
		json_string(&w, "state", check_state_name(res->state));
		if (res->module) {
			json_begin_object(&w, "module");
			json_string(&w, "name", res->module);
			json_string(&w, "status", module_status_name(res->module_status));
			json_end(&w);
		} else {
			json_null(&w, "module");
		}
		json_bool(&w, "ok", res->ok);
		json_bool(&w, "fails", res->fails);
		json_string(&w, "message",
			    res->detail[0] ? res->detail
			    : res->ok	   ? ""
					   : res->rule->why);
		json_string(&w, "why", res->rule->why);
		json_string(&w, "fix", res->rule->fix);
		json_end(&w);
	}
	json_end(&w);

	if (r->host_checked) {
		json_begin_object(&w, "host");
		json_begin_object(&w, "cgroup");
		json_string(&w, "layout", cgroup_layout_name(r->host.layout));
		json_words(&w, "v1_controllers", r->host.v1_controllers);
		json_string(&w, "v2_mount", r->host.v2_mount[0] ? r->host.v2_mount : NULL);
		json_words(&w, "v2_controllers", r->host.v2_controllers);
		json_begin_array(&w, "mounts");
		for (size_t m = 0; m < r->host.n_mounts; m++) {
			json_begin_object(&w, NULL);
			json_string(&w, "path", r->host.mounts[m].path);
			json_string(&w, "type", r->host.mounts[m].v2 ? "cgroup2" : "cgroup");
			if (r->host.mounts[m].v2)
				json_null(&w, "controllers");
			else
				json_string(&w, "controllers", r->host.mounts[m].controllers);
			json_end(&w);
		}
		json_end(&w);
		json_end(&w);
		json_begin_array(&w, "facts");
		for (size_t i = 0; i < r->host.n_facts; i++) {
			const struct host_fact *h = &r->host.facts[i];
			json_begin_object(&w, NULL);
			json_string(&w, "name", h->name);
			json_string(&w, "value", h->present ? h->value : NULL);
			json_bool(&w, "present", h->present);
			json_bool(&w, "ok", h->ok);
			json_string(&w, "message", h->detail[0] ? h->detail : NULL);
			json_string(&w, "fix", h->fix[0] ? h->fix : NULL);
			json_end(&w);
		}
		json_end(&w);
		json_end(&w);
	} else {
		json_null(&w, "host");
	}

	json_begin_array(&w, "warnings");
	for (size_t i = 0; i < r->warnings.n; i++) {
		const struct diag *d = &r->warnings.v[i];
		snprintf(ds, sizeof(ds), "%s%s", diag_where(d, where, sizeof(where)), d->msg);
		json_string(&w, NULL, ds);
	}
	json_end(&w);

	if (r->container) {
		const struct cc_container *ct = r->container;
		json_begin_object(&w, "container");
		json_string(&w, "name", ct->name);
		json_string(&w, "config", ct->path);
		json_begin_array(&w, "needs");
		for (size_t i = 0; i < ct->n_needs; i++) {
			const struct cc_need *n = &ct->needs[i];
			json_begin_object(&w, NULL);
			json_string(&w, "file", n->where.file[0] ? n->where.file : NULL);
			if (n->where.line)
				json_int(&w, "line", n->where.line);
			else
				json_null(&w, "line");
			json_string(&w, "key", n->where.key);
			json_string(&w, "need", n->what);
			json_string(&w, "state", n->state);
			json_bool(&w, "ok", n->ok);
			json_bool(&w, "fails", n->fails);
			json_string(&w, "why", n->why[0] ? n->why : NULL);
			json_string(&w, "fix", n->fix[0] ? n->fix : NULL);
			json_end(&w);
		}
		json_end(&w);
		json_int(&w, "problems", ct->n_problems);
		json_int(&w, "failed", ct->n_failed);
		json_end(&w);
	} else {
		json_null(&w, "container");
	}

	json_begin_object(&w, "summary");
	json_int(&w, "checks", (int64_t)r->n_res);
	json_int(&w, "problems", r->n_problems);
	json_int(&w, "failed", r->n_failed);
	json_int(&w, "exit", checkconfig_exit_status(r));
	json_end(&w);
	json_end(&w);
}

/* Label names: lower case, [a-z0-9_.-]. */
static void nfd_key(char *buf, size_t len, const char *prefix, const char *id)
{
	size_t i = (size_t)snprintf(buf, len, "%s", prefix);
	for (; *id && i + 1 < len; id++) {
		char c = *id;
		buf[i++] =
			(c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a')
			: ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
				? c
				: '_';
	}
	buf[i < len ? i : len - 1] = '\0';
}

void report_nfd(const struct cc_report *r, FILE *f)
{
	char k[160], vb[32];

	fprintf(f, "# ctr-checkconfig %s --format nfd: %s\n", CTR_VERSION, r->config);
	if (r->version)
		fprintf(f, "ctr.kernel.version=%s\n", kversion_format(r->version, vb, sizeof(vb)));
	for (size_t i = 0; i < r->n_res; i++) {
		const struct check_result *res = &r->res[i];
		nfd_key(k, sizeof(k), "ctr.kernel.", res->rule->id);
		fprintf(f, "%s=%s\n", k, res->ok ? "true" : "false");
	}
	if (r->host_checked)
		fprintf(f, "ctr.cgroup.layout=%s\n", cgroup_layout_name(r->host.layout));
	if (r->container) {
		nfd_key(k, sizeof(k), "ctr.container.", r->container->name);
		fprintf(f, "%s=%s\n", k, r->container->n_failed ? "false" : "true");
	}
	fprintf(f, "ctr.checkconfig.ok=%s\n", checkconfig_exit_status(r) ? "false" : "true");
}
