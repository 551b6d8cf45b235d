// SPDX-License-Identifier: LGPL-2.1-or-later
/* The container-aware audit: what one container's config needs from this
 * kernel (the rules' verdicts) and this host (links, id ranges, cgroup
 * layout, its rootfs), each need tied to the config line that asks for it.
 * The config is read by the runtime's own parser (config_load); cgroup
 * lines go through the runtime's own planner (cgroup_plan_check). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/checkconfig.h"
#include "ctr/cleanup.h"
#include "ctr/config.h"

DEFINE_CLEANUP_FUNC(struct container_config *, config_free)

struct audit {
	struct cc_report *rep;
	struct cc_container *ct;
	const struct container_config *cfg;
	const char *root; /* host probe root, "" for the real one */
	bool oom;	  /* a need could not be added */
};

__attribute__((format(printf, 4, 5))) static struct cc_need *
need_add(struct audit *a, const struct cfg_origin *o, const char *key, const char *fmt, ...)
{
	struct cc_need *nv = realloc(a->ct->needs, (a->ct->n_needs + 1) * sizeof(*nv));
	struct cc_need *n;
	va_list ap;

	if (!nv) {
		a->oom = true;
		return NULL;
	}
	a->ct->needs = nv;
	n = &nv[a->ct->n_needs++];
	memset(n, 0, sizeof(*n));
	diag_set(&n->where, o ? o->file : a->cfg->path, o ? o->line : 0, o && o->key ? o->key : key,
		 "%s", "");
	va_start(ap, fmt);
	vsnprintf(n->what, sizeof(n->what), fmt, ap);
	va_end(ap);
	return n;
}

static void need_set(struct cc_need *n, bool ok, bool fails, const char *state, const char *why,
		     const char *fix)
{
	if (!n)
		return;
	n->ok = ok;
	n->fails = !ok && fails;
	snprintf(n->state, sizeof(n->state), "%s", state);
	snprintf(n->why, sizeof(n->why), "%s", ok || !why ? "" : why);
	snprintf(n->fix, sizeof(n->fix), "%s", ok || !fix ? "" : fix);
}

static const struct check_result *result(const struct cc_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_res; i++)
		if (strcmp(rep->res[i].rule->id, id) == 0)
			return &rep->res[i];
	return NULL;
}

/* A kernel feature the line needs: the verdict of check @id.  A check that
 * does not apply to this version is there (@absent_ok) or not. */
static void need_kernel_as(struct audit *a, const struct cfg_origin *o, const char *key,
			   const char *id, bool absent_ok, bool fails);

static void need_kernel(struct audit *a, const struct cfg_origin *o, const char *key,
			const char *id, bool absent_ok)
{
	need_kernel_as(a, o, key, id, absent_ok, true);
}

/* As need_kernel; a need whose lack does not stop the start (@fails
 * false) is a problem, not a failure. */
static void need_kernel_as(struct audit *a, const struct cfg_origin *o, const char *key,
			   const char *id, bool absent_ok, bool fails)
{
	const struct check_result *res = result(a->rep, id);
	const char *title = res && res->rule->title ? res->rule->title : id;
	struct cc_need *n = need_add(a, o, key, "%s (kernel)", title);
	char st[160];
	bool ok;

	if (!res) {
		need_set(n, absent_ok, true,
			 absent_ok ? "not needed by this kernel version"
				   : "not in this kernel version",
			 NULL, NULL);
		return;
	}
	ok = res->state == STATE_ENABLED || res->state == STATE_NOT_NEEDED ||
	     (res->state == STATE_MODULE && res->module_status != MODULE_MISSING) ||
	     (res->state == STATE_CGROUP_V2 && res->ok);
	snprintf(st, sizeof(st), "%s%s%s", check_state_name(res->state),
		 res->option ? " CONFIG_" : "", res->option ? res->option : "");
	need_set(n, ok, fails, st, res->rule->why, res->rule->fix);
}

static const struct host_fact *fact(const struct cc_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->host.n_facts; i++)
		if (strcmp(rep->host.facts[i].name, name) == 0)
			return &rep->host.facts[i];
	return NULL;
}

/* The last line in @cfg's files whose key is one of @keys: the accessor
 * for settings whose struct field keeps no origin (rootfs, autodev).  Returns
 * true with @ret (file borrowed from @cfg) and the value in @val. */
static bool raw_key_line(const struct container_config *cfg, const char *const keys[],
			 struct cfg_origin *ret, char *val, size_t vlen)
{
	bool found = false;

	for (size_t i = 0; cfg->files && cfg->files[i]; i++) {
		_cleanup_fclose_ FILE *f = fopen(cfg->files[i], "re");
		char line[1024];
		unsigned no = 0;
		while (f && fgets(line, sizeof(line), f)) {
			char *k = line, *eq = strchr(line, '='), *e, *v;
			no++;
			if (!eq)
				continue;
			while (*k == ' ' || *k == '\t')
				k++;
			for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
				;
			for (size_t j = 0; keys[j]; j++) {
				if (strlen(keys[j]) != (size_t)(e - k) ||
				    strncmp(k, keys[j], (size_t)(e - k)) != 0)
					continue;
				v = eq + 1 + strspn(eq + 1, " \t");
				v[strcspn(v, "#\r\n")] = '\0';
				for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t');)
					*--e = '\0';
				*ret = (struct cfg_origin){ .file = cfg->files[i],
							    .line = no,
							    .key = keys[j] };
				snprintf(val, vlen, "%s", v);
				found = true;
			}
		}
	}
	return found;
}

/* The host ids [@start, @start + @count) lie in one range of @path
 * (/etc/subuid, /etc/subgid: "user:start:count"). */
static bool subid_covers(const char *root, const char *path, unsigned long start,
			 unsigned long count, char *who, size_t wlen)
{
	char p[512], line[512];
	_cleanup_fclose_ FILE *f = NULL;

	snprintf(p, sizeof(p), "%s%s", root, path);
	f = fopen(p, "re");
	while (f && fgets(line, sizeof(line), f)) {
		char user[256];
		unsigned long s, c;
		if (sscanf(line, "%255[^:]:%lu:%lu", user, &s, &c) == 3 && start >= s &&
		    start - s + count <= c) {
			snprintf(who, wlen, "%s:%lu:%lu", user, s, c);
			return true;
		}
	}
	return false;
}

static void audit_idmap(struct audit *a)
{
	const struct cfg_idmap *first = NULL;
	const struct host_fact *h;
	struct cc_need *n;

	for (size_t i = 0; i < a->cfg->n_idmaps; i++) {
		const struct cfg_idmap *m = &a->cfg->idmaps[i];
		const char *file = m->type == 'u' ? "/etc/subuid" : "/etc/subgid";
		char who[300], st[400];
		bool ok;
		if (!first) {
			first = m;
			need_kernel(a, &m->origin, "lxc.idmap", "USER_NS", false);
			h = fact(a->rep, "user.max_user_namespaces");
			n = need_add(a, &m->origin, "lxc.idmap", "user namespaces allowed (host)");
			need_set(n, h && h->ok, true, h && h->present ? h->value : "absent",
				 h ? h->detail : NULL, h ? h->fix : NULL);
			h = fact(a->rep, "newuidmap");
			n = need_add(a, &m->origin, "lxc.idmap", "newuidmap, newgidmap (host)");
			ok = h && h->ok && fact(a->rep, "newgidmap") &&
			     fact(a->rep, "newgidmap")->ok;
			need_set(n, ok, false, ok ? "setuid root" : "absent or not setuid root",
				 "ctr-start as root writes the maps itself; unprivileged users and "
				 "LXC need setuid newuidmap and newgidmap",
				 "apt-get install uidmap");
		}
		ok = subid_covers(a->root, file, m->host_id, m->range, who, sizeof(who));
		n = need_add(a, &m->origin, "lxc.idmap", "host ids %lu-%lu in %s (host)",
			     m->host_id, m->host_id + m->range - 1, file);
		snprintf(st, sizeof(st), ok ? "in %s" : "no range covers them", who);
		need_set(n, ok, false, st,
			 "ctr-start as root maps any range; unprivileged users and LXC need the "
			 "range delegated to them",
			 m->type == 'u' ? "usermod --add-subuids START-END root"
					: "usermod --add-subgids START-END root");
	}
}

/* Whether @name is a bridge in this network namespace; sysfs only when it
 * is this namespace's (the same ifindex). */
static int link_kind(const char *name, char *kind, size_t len)
{
	unsigned idx = if_nametoindex(name);
	char p[300], v[32] = "";
	_cleanup_fclose_ FILE *f = NULL;
	struct stat st;

	if (!idx)
		return -ENODEV;
	snprintf(p, sizeof(p), "/sys/class/net/%s/ifindex", name);
	f = fopen(p, "re");
	if (!f || !fgets(v, sizeof(v), f) || strtoul(v, NULL, 10) != idx) {
		snprintf(kind, len, "?");
		return 0;
	}
	snprintf(p, sizeof(p), "/sys/class/net/%s/bridge", name);
	snprintf(kind, len, "%s", stat(p, &st) == 0 ? "bridge" : "other");
	fclose(TAKE_PTR(f));
	snprintf(p, sizeof(p), "/sys/class/net/%s/type", name);
	f = fopen(p, "re");
	if (f && fgets(v, sizeof(v), f) && strtoul(v, NULL, 10) == 772) /* ARPHRD_LOOPBACK */
		snprintf(kind, len, "loopback");
	return 0;
}

static void audit_net(struct audit *a)
{
	for (size_t i = 0; i < a->cfg->n_nets; i++) {
		const struct cfg_net *net = &a->cfg->nets[i];
		const struct cfg_origin *lo =
			net->link_origin.file ? &net->link_origin : &net->origin;
		const char *what = net->type == CFG_NET_VETH	  ? "bridge"
				   : net->type == CFG_NET_MACVLAN ? "macvlan parent"
								  : "network interface";
		char kind[16], st[160];
		struct cc_need *n;
		int r;

		switch (net->type) {
		case CFG_NET_VETH:
			need_kernel(a, &net->origin, "lxc.net.type", "VETH", false);
			break;
		case CFG_NET_MACVLAN:
			need_kernel(a, &net->origin, "lxc.net.type", "MACVLAN", false);
			break;
		case CFG_NET_PHYS:
			break;
		default:
			continue;
		}
		if (!net->link) {
			if (net->type == CFG_NET_VETH)
				continue; /* a veth without a bridge: the host end stays loose */
			n = need_add(a, &net->origin, "lxc.net.link", "the %s to use (host)", what);
			need_set(n, false, true, "no lxc.net.N.link given",
				 "macvlan and phys interfaces need a host link",
				 "set lxc.net.N.link");
			continue;
		}
		if (net->type == CFG_NET_VETH)
			need_kernel(a, lo, "lxc.net.link", "BRIDGE", false);
		r = link_kind(net->link, kind, sizeof(kind));
		n = need_add(a, lo, "lxc.net.link", "%s '%s' (host)", what, net->link);
		if (r < 0) {
			need_set(n, false, true, "no such link",
				 "the container's interface is made on it",
				 net->type == CFG_NET_VETH
					 ? "create it: ctr-netsetup BRIDGE NIC, or ip "
					   "link add NAME type bridge"
					 : "use an existing link");
		} else if (net->type != CFG_NET_VETH && strcmp(kind, "loopback") == 0) {
			need_set(n, false, true, "exists, but is the loopback device",
				 "macvlan and phys interfaces need a real link",
				 "name an Ethernet interface in lxc.net.N.link");
		} else if (net->type == CFG_NET_VETH && strcmp(kind, "bridge") != 0 &&
			   strcmp(kind, "?") != 0) {
			need_set(n, false, true, "exists, but is not a bridge",
				 "a veth's host end is enslaved to a bridge",
				 "name a bridge in lxc.net.N.link");
		} else {
			snprintf(st, sizeof(st), "exists%s",
				 strcmp(kind, "bridge") == 0 ? ", a bridge" : "");
			need_set(n, true, true, st, NULL, NULL);
		}
	}
}

/* @w is one of the space-separated words in @list. */
static bool word_in(const char *list, const char *w)
{
	size_t l = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += l)
		if ((p == list || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
			return true;
	return false;
}

/* A config without device lines gets the runtime's default device policy:
 * on the v1 devices controller, else as an eBPF program on cgroup v2
 * (CGROUP_BPF, or the start fails), else none (a warning at start). */
static void audit_default_devices(struct audit *a)
{
	const struct host_info *h = &a->rep->host;
	struct cc_need *n;

	for (size_t i = 0; i < a->cfg->n_cgroups; i++)
		if (strncmp(a->cfg->cgroups[i].key, "devices.", 8) == 0)
			return;
	if (word_in(h->v1_controllers, "devices")) {
		n = need_add(a, NULL, "default device policy", "devices controller (host)");
		need_set(n, true, true, "cgroup v1", NULL, NULL);
	} else if (h->v2_mount[0]) {
		need_kernel(a, NULL, "default device policy", "CGROUP_BPF", false);
	} else {
		n = need_add(a, NULL, "default device policy", "devices controller (host)");
		need_set(n, false, false, "none: no v1 devices controller, no cgroup2",
			 "without one, every device is open to the container",
			 "mount cgroup2 on /sys/fs/cgroup");
	}
}

/* Each cgroup line through the runtime's own planner: the first line it
 * cannot apply fails; then the others again without it. */
static int audit_cgroups(struct audit *a)
{
	const struct container_config *cfg = a->cfg;
	_cleanup_free_ struct cfg_cgroup *left = NULL;
	_cleanup_free_ char *bad = NULL;
	struct container_config tmp;
	bool devices_bpf = false;

	audit_default_devices(a);
	if (!cfg->n_cgroups)
		return 0;
	left = calloc(cfg->n_cgroups, sizeof(*left));
	bad = calloc(cfg->n_cgroups, 1);
	if (!left || !bad)
		return -ENOMEM;
	for (;;) {
		struct diag d = { 0 };
		size_t n = 0;
		int r;
		for (size_t i = 0; i < cfg->n_cgroups; i++)
			if (!bad[i])
				left[n++] = cfg->cgroups[i];
		tmp = *cfg;
		tmp.cgroups = left;
		tmp.n_cgroups = n;
		r = cgroup_plan_check(NULL, &tmp, NULL, &d);
		if (r == 0 || r == -ENOMEM)
			break;
		for (size_t i = 0; i < cfg->n_cgroups; i++) {
			const struct cfg_cgroup *c = &cfg->cgroups[i];
			struct cc_need *nd;
			if (bad[i] || c->origin.line != d.line ||
			    strcmp(c->origin.file, d.file) != 0)
				continue;
			bad[i] = 1;
			nd = need_add(a, &c->origin, "lxc.cgroup", "'%s' on this host's cgroups",
				      c->key);
			need_set(nd, false, true, d.msg,
				 "ctr-start applies every cgroup line or does not start",
				 "mount the controller, or remove the line");
			break;
		}
		if (d.line == 0) {
			/* not a line's fault: the layout itself */
			struct cc_need *nd = need_add(a, &cfg->cgroups[0].origin, "lxc.cgroup",
						      "this host's cgroup layout");
			need_set(nd, false, true, d.msg,
				 "ctr-start puts every container in cgroups",
				 "mount cgroup2 on /sys/fs/cgroup");
			return 0;
		}
	}
	for (size_t i = 0; i < cfg->n_cgroups; i++) {
		const struct cfg_cgroup *c = &cfg->cgroups[i];
		char ctrl[32], st[200];
		struct diag_list w = { 0 };
		struct cc_need *nd;
		bool on_v1;
		size_t l = strcspn(c->key, "."), k;

		snprintf(ctrl, sizeof(ctrl), "%.*s", (int)(l < sizeof(ctrl) ? l : sizeof(ctrl) - 1),
			 c->key);
		if (bad[i])
			continue;
		/* Lines that would be skipped with a warning: one at a time. */
		tmp = *cfg;
		tmp.cgroups = (struct cfg_cgroup *)c;
		tmp.n_cgroups = 1;
		(void)cgroup_plan_check(NULL, &tmp, &w, NULL);
		on_v1 = !c->v2 && word_in(a->rep->host.v1_controllers, ctrl);
		nd = need_add(a, &c->origin, "lxc.cgroup", "'%s' on this host's cgroups", c->key);
		/* this line's own warning, not the default device policy's */
		for (k = 0; k < w.n && w.v[k].line != c->origin.line; k++)
			;
		if (k < w.n) {
			need_set(nd, false, false, w.v[k].msg, "the line is skipped with a warning",
				 NULL);
		} else {
			snprintf(st, sizeof(st), "%s",
				 c->v2	 ? "cgroup v2"
				 : on_v1 ? "the v1 hierarchy"
					 : "translated to cgroup v2");
			need_set(nd, true, true, st, NULL, NULL);
		}
		diag_list_free(&w);
		/* devices on cgroup v2 are an eBPF program: once, at the first line */
		if (strcmp(ctrl, "devices") == 0 && !on_v1 && !devices_bpf) {
			need_kernel(a, &c->origin, "lxc.cgroup", "CGROUP_BPF", false);
			devices_bpf = true;
		}
	}
	return 0;
}

static void audit_rootfs(struct audit *a)
{
	static const char *const keys[] = { "lxc.rootfs.path", "lxc.rootfs", NULL };
	const char *p = a->cfg->rootfs;
	struct cfg_origin o = { 0 };
	char v[512], st[600];
	struct stat s;
	struct cc_need *n;

	if (!p)
		return; /* the host's / */
	(void)raw_key_line(a->cfg, keys, &o, v, sizeof(v));
	n = need_add(a, o.file ? &o : NULL, "lxc.rootfs.path", "rootfs '%s' (host)", p);
	if (stat(p, &s) < 0) {
		snprintf(st, sizeof(st), "missing (%s)", strerror(errno));
		need_set(n, false, true, st, "the container's root file system",
			 "create it, or fix the path");
	} else if (!S_ISDIR(s.st_mode)) {
		need_set(n, false, true, "not a directory",
			 "the container's root file system is a directory", "fix the path");
	} else if (access(p, R_OK | X_OK) < 0) {
		snprintf(st, sizeof(st), "unreadable (%s)", strerror(errno));
		need_set(n, false, true, st, "the container's root file system",
			 "fix its permissions");
	} else {
		need_set(n, true, true, "a readable directory", NULL, NULL);
	}
	/* overlay:LOWER:UPPER: ctr-start makes UPPER and its sibling olwork */
	if (a->cfg->rootfs_overlay_upper)
		need_kernel(a, o.file ? &o : NULL, "lxc.rootfs.path", "OVERLAY_FS", false);
}

static void audit_dev(struct audit *a)
{
	static const char *const ad_keys[] = { "lxc.autodev", NULL };
	static const char *const pty_keys[] = { "lxc.pty.max", "lxc.pts", "lxc.tty.max", "lxc.tty",
						NULL };
	struct cfg_origin o = { 0 };
	char v[64];
	struct cc_need *n;
	bool tmpfs;

	if (a->cfg->autodev) {
		bool set = raw_key_line(a->cfg, ad_keys, &o, v, sizeof(v));
		tmpfs = kconfig_enabled(a->rep->kc, "TMPFS");
		n = need_add(a, set ? &o : NULL, set ? "lxc.autodev" : "lxc.autodev (default 1)",
			     "tmpfs on /dev (kernel)");
		need_set(
			n, tmpfs, true, tmpfs ? "enabled CONFIG_TMPFS" : "missing CONFIG_TMPFS",
			"autodev mounts a tmpfs on the container's /dev",
			"set CONFIG_TMPFS=y (File systems > Pseudo filesystems), or lxc.autodev = 0");
	}
	o = (struct cfg_origin){ 0 };
	raw_key_line(a->cfg, pty_keys, &o, v, sizeof(v));
	need_kernel(a, o.file ? &o : NULL, "devpts (every container)", "UNIX98_PTYS", false);
	need_kernel(a, o.file ? &o : NULL, "devpts (every container)", "DEVPTS_MULTIPLE_INSTANCES",
		    true);
}

/* A profile the kernel cannot apply would leave the container with less
 * than its config asks: a failure.  The built-in policy, which every
 * container without a profile gets, is skipped with a warning at start on
 * such a kernel, as LXC does: a problem. */
static void audit_seccomp(struct audit *a)
{
	const struct container_config *c = a->cfg;

	if (c->seccomp_off)
		return;
	if (c->seccomp_profile) {
		need_kernel(a, &c->seccomp_origin, "lxc.seccomp.profile", "SECCOMP", false);
		need_kernel(a, &c->seccomp_origin, "lxc.seccomp.profile", "SECCOMP_FILTER", true);
		return;
	}
	need_kernel_as(a, NULL, "the built-in seccomp policy (every container)", "SECCOMP_FILTER",
		       true, false);
}

int checkconfig_container(struct cc_report *rep, const char *path, const char *name,
			  const char *root, struct diag *ret_diag)
{
	_cleanup_(config_freep) struct container_config *cfg = NULL;
	struct cc_container *ct;
	struct audit a;
	int r = config_load(path, name, &cfg, ret_diag);

	if (r < 0)
		return r;
	ct = calloc(1, sizeof(*ct));
	if (!ct)
		return -ENOMEM;
	rep->container = ct;
	snprintf(ct->name, sizeof(ct->name), "%s", cfg->name ? cfg->name : "");
	snprintf(ct->path, sizeof(ct->path), "%s", cfg->path ? cfg->path : path);
	a = (struct audit){ .rep = rep, .ct = ct, .cfg = cfg, .root = root ? root : "" };
	audit_idmap(&a);
	audit_net(&a);
	r = audit_cgroups(&a);
	if (r < 0)
		return r;
	audit_seccomp(&a);
	audit_dev(&a);
	audit_rootfs(&a);
	if (a.oom)
		return -ENOMEM;
	/* in file order: a stable insertion sort by line, kernel needs after
	 * the line's own (lines 0, the defaults, last) */
	for (size_t i = 1; i < ct->n_needs; i++) {
		struct cc_need t = ct->needs[i];
		size_t j = i;
		unsigned lt = t.where.line ? t.where.line : ~0u;
		while (j > 0 &&
		       (ct->needs[j - 1].where.line ? ct->needs[j - 1].where.line : ~0u) > lt) {
			ct->needs[j] = ct->needs[j - 1];
			j--;
		}
		ct->needs[j] = t;
	}
	for (size_t i = 0; i < ct->n_needs; i++) {
		ct->n_failed += ct->needs[i].fails;
		ct->n_problems += !ct->needs[i].ok;
	}
	return 0;
}
