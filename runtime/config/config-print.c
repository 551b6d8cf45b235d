// SPDX-License-Identifier: LGPL-2.1-or-later
/* config_print: the normalised config in modern keys.  Loading the output
 * again gives the same config (tests/unit/test-config.c checks it). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "config-internal.h"
#include "ctr/strutil.h"
#include "ctr/cleanup.h"

static void print_caps(FILE *f, const char *key, uint64_t bits, bool none_if_empty)
{
	bool first = true;

	if (!bits) {
		if (none_if_empty)
			fprintf(f, "%s = none\n", key);
		return;
	}
	fprintf(f, "%s =", key);
	for (int c = 0; c < 64; c++) {
		char *name;
		if (!((bits >> c) & 1))
			continue;
		name = cap_to_name((cap_value_t)c);
		if (name) {
			fprintf(f, " %s", strncmp(name, "cap_", 4) == 0 ? name + 4 : name);
			cap_free(name);
		} else
			fprintf(f, " %d", c);
		first = false;
	}
	(void)first;
	fputc('\n', f);
}

/* A word of lxc.init.cmd, quoted so that the reader splits it back the
 * same way (and no blank-'#' pair looks like a remark). */
static void print_word(FILE *f, const char *w)
{
	bool plain = *w != '\0';

	for (const char *p = w; *p && plain; p++)
		if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') ||
		      ('0' <= *p && *p <= '9') || strchr("/._-+=:,@%", *p)))
			plain = false;
	if (plain) {
		fputs(w, f);
		return;
	}
	fputc('"', f);
	for (const char *p = w; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '#')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* An fstab field: blanks, backslashes and '#' as octal escapes. */
static void print_field(FILE *f, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\\' || *p == '#')
			fprintf(f, "\\%03o", (unsigned char)*p);
		else
			fputc(*p, f);
	}
}

static void print_net(FILE *f, const struct cfg_net *n)
{
	unsigned i = n->index;

	fprintf(f, "lxc.net.%u.type = %s\n", i, cfg_net_type_name(n->type));
	if (n->up)
		fprintf(f, "lxc.net.%u.flags = up\n", i);
	if (n->link)
		fprintf(f, "lxc.net.%u.link = %s\n", i, n->link);
	if (n->name)
		fprintf(f, "lxc.net.%u.name = %s\n", i, n->name);
	if (n->hwaddr)
		fprintf(f, "lxc.net.%u.hwaddr = %s\n", i, n->hwaddr);
	if (n->veth_pair)
		fprintf(f, "lxc.net.%u.veth.pair = %s\n", i, n->veth_pair);
	if (n->macvlan_mode)
		fprintf(f, "lxc.net.%u.macvlan.mode = %s\n", i, n->macvlan_mode);
	if (n->mtu)
		fprintf(f, "lxc.net.%u.mtu = %u\n", i, n->mtu);
	for (char **a = n->ipv4; a && *a; a++)
		fprintf(f, "lxc.net.%u.ipv4.address = %s\n", i, *a);
	if (n->ipv4_gateway)
		fprintf(f, "lxc.net.%u.ipv4.gateway = %s\n", i, n->ipv4_gateway);
	for (char **a = n->ipv6; a && *a; a++)
		fprintf(f, "lxc.net.%u.ipv6.address = %s\n", i, *a);
	if (n->ipv6_gateway)
		fprintf(f, "lxc.net.%u.ipv6.gateway = %s\n", i, n->ipv6_gateway);
}

int config_print(const struct container_config *cfg, FILE *f)
{
	static const char *const procs[] = { NULL, "proc:mixed", "proc:rw" };
	static const char *const syss[] = { NULL, "sys:ro", "sys:mixed", "sys:rw" };
	static const char *const cgs[] = { NULL, "cgroup:ro", "cgroup:rw", "cgroup:mixed" };
	char sig[32];

	if (!cfg || !f)
		return -EINVAL;
	fprintf(f, "# %s: normalised from %s\n", cfg->name, cfg->path);
	for (size_t i = 0; i < cfg->ignored.n; i++) {
		const struct diag *d = &cfg->ignored.v[i];
		fprintf(f, "# %s:%u: %s\n", d->file, d->line, d->msg);
	}
	if (cfg->uts_name)
		fprintf(f, "lxc.uts.name = %s\n", cfg->uts_name);
	if (cfg->rootfs && cfg->rootfs_overlay_upper)
		fprintf(f, "lxc.rootfs.path = overlay:%s:%s\n", cfg->rootfs,
			cfg->rootfs_overlay_upper);
	else if (cfg->rootfs)
		fprintf(f, "lxc.rootfs.path = %s\n", cfg->rootfs);
	if (cfg->rootfs_options)
		fprintf(f, "lxc.rootfs.options = %s\n", cfg->rootfs_options);
	if (cfg->arch)
		fprintf(f, "lxc.arch = %s\n", cfg->arch);
	if (cfg->tty_max)
		fprintf(f, "lxc.tty.max = %u\n", cfg->tty_max);
	if (cfg->pty_max)
		fprintf(f, "lxc.pty.max = %u\n", cfg->pty_max);
	if (cfg->console_path)
		fprintf(f, "lxc.console.path = %s\n", cfg->console_path);
	if (cfg->console_logfile)
		fprintf(f, "lxc.console.logfile = %s\n", cfg->console_logfile);
	print_caps(f, "lxc.cap.drop", cfg->cap_drop, false);
	if (cfg->cap_keep_set)
		print_caps(f, "lxc.cap.keep", cfg->cap_keep, true);
	for (size_t i = 0; i < cfg->n_cgroups; i++)
		fprintf(f, "lxc.cgroup%s.%s = %s\n", cfg->cgroups[i].v2 ? "2" : "",
			cfg->cgroups[i].key, cfg->cgroups[i].value);
	if (cfg->mount_fstab)
		fprintf(f, "lxc.mount.fstab = %s\n", cfg->mount_fstab);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		const struct cfg_mount *m = &cfg->mounts[i];
		/* Lines of the fstab file come back through lxc.mount.fstab. */
		if (!m->origin.key || strcmp(m->origin.key, "lxc.mount.entry") != 0)
			continue;
		fputs("lxc.mount.entry = ", f);
		print_field(f, m->source);
		fputc(' ', f);
		print_field(f, m->target);
		fputc(' ', f);
		print_field(f, m->fstype);
		fputc(' ', f);
		print_field(f, m->options);
		fputs(" 0 0\n", f);
	}
	if (cfg->mount_auto_set) {
		fputs("lxc.mount.auto =", f);
		if (procs[cfg->auto_proc])
			fprintf(f, " %s", procs[cfg->auto_proc]);
		if (syss[cfg->auto_sys])
			fprintf(f, " %s", syss[cfg->auto_sys]);
		if (cgs[cfg->auto_cgroup])
			fprintf(f, " %s%s", cgs[cfg->auto_cgroup],
				cfg->auto_cgroup_force ? ":force" : "");
		fputc('\n', f);
	}
	if (!cfg->autodev)
		fputs("lxc.autodev = 0\n", f);
	if (!cfg->keyring_session)
		fputs("lxc.keyring.session = 0\n", f);
	if (cfg->init_cmd) {
		fputs("lxc.init.cmd =", f);
		for (char **w = cfg->init_cmd; *w; w++) {
			fputc(' ', f);
			print_word(f, *w);
		}
		fputc('\n', f);
	}
	if (cfg->init_cwd)
		fprintf(f, "lxc.init.cwd = %s\n", cfg->init_cwd);
	for (char **e = cfg->environment; e && *e; e++)
		fprintf(f, "lxc.environment = %s\n", *e);
	for (size_t i = 0; i < cfg->n_idmaps; i++)
		fprintf(f, "lxc.idmap = %c %lu %lu %lu\n", cfg->idmaps[i].type,
			cfg->idmaps[i].ns_id, cfg->idmaps[i].host_id, cfg->idmaps[i].range);
	if (cfg->start_auto)
		fputs("lxc.start.auto = 1\n", f);
	if (cfg->start_order)
		fprintf(f, "lxc.start.order = %d\n", cfg->start_order);
	if (cfg->start_delay)
		fprintf(f, "lxc.start.delay = %u\n", cfg->start_delay);
	if (cfg->signal_halt)
		fprintf(f, "lxc.signal.halt = %s\n",
			signal_name(cfg->signal_halt, sig, sizeof(sig)));
	if (cfg->signal_reboot)
		fprintf(f, "lxc.signal.reboot = %s\n",
			signal_name(cfg->signal_reboot, sig, sizeof(sig)));
	if (cfg->signal_stop)
		fprintf(f, "lxc.signal.stop = %s\n",
			signal_name(cfg->signal_stop, sig, sizeof(sig)));
	for (size_t i = 0; i < cfg->n_nets; i++)
		print_net(f, &cfg->nets[i]);
	if (cfg->hook_version)
		fprintf(f, "lxc.hook.version = %u\n", cfg->hook_version);
	for (int t = 0; t < CFG_HOOK_MAX; t++)
		for (size_t i = 0; i < cfg->n_hooks[t]; i++)
			fprintf(f, "lxc.hook.%s = %s\n", config_hook_name(t), cfg->hooks[t][i].cmd);
	if (cfg->apparmor_profile)
		fprintf(f, "lxc.apparmor.profile = %s\n", cfg->apparmor_profile);
	if (cfg->apparmor_allow_incomplete)
		fputs("lxc.apparmor.allow_incomplete = 1\n", f);
	if (cfg->apparmor_allow_nesting)
		fputs("lxc.apparmor.allow_nesting = 1\n", f);
	for (char **l = cfg->apparmor_raw; l && *l; l++)
		fprintf(f, "lxc.apparmor.raw = %s\n", *l);
	if (cfg->seccomp_off)
		fputs("lxc.seccomp.profile = none\n", f);
	else if (cfg->seccomp_profile)
		fprintf(f, "lxc.seccomp.profile = %s\n", cfg->seccomp_profile);
	if (cfg->seccomp_allow_nesting)
		fputs("lxc.seccomp.allow_nesting = 1\n", f);
	if (cfg->no_new_privs)
		fputs("lxc.no_new_privs = 1\n", f);
	fflush(f);
	return ferror(f) ? -EIO : 0;
}
