// SPDX-License-Identifier: LGPL-2.1-or-later
/* Device rules on cgroup v2: an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE, built here instruction by instruction and
 * loaded with the raw bpf(2) syscall, with v1's devices.allow/deny
 * semantics.  The rules' grammar is the config language's
 * (runtime/config/config-cgroup.c). */
#include <ctype.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"

/* LXC 5's common.conf list (lxc.cgroup.devices.* and lxc.cgroup2.devices.*),
 * plus /dev/net/tun as runc and crun allow it: a tun device is made in the
 * container's own network namespace. */
#define RWM (CGROUP_DEV_MKNOD | CGROUP_DEV_READ | CGROUP_DEV_WRITE)
static const struct cgroup_device_rule device_defaults[] = {
	/* allow, type, major, minor, access */
	{ false, 'a', -1, -1, RWM },
	{ true, 'c', -1, -1, CGROUP_DEV_MKNOD }, /* mknod of any node, not its use */
	{ true, 'b', -1, -1, CGROUP_DEV_MKNOD },
	{ true, 'c', 1, 3, RWM },    /* null */
	{ true, 'c', 1, 5, RWM },    /* zero */
	{ true, 'c', 1, 7, RWM },    /* full */
	{ true, 'c', 5, 0, RWM },    /* tty */
	{ true, 'c', 5, 1, RWM },    /* console */
	{ true, 'c', 5, 2, RWM },    /* ptmx */
	{ true, 'c', 1, 8, RWM },    /* random */
	{ true, 'c', 1, 9, RWM },    /* urandom */
	{ true, 'c', 136, -1, RWM }, /* pts/N */
	{ true, 'c', 10, 229, RWM }, /* fuse */
	{ true, 'c', 10, 200, RWM }, /* net/tun */
};
#undef RWM

size_t cgroup_device_defaults(const struct cgroup_device_rule **ret)
{
	*ret = device_defaults;
	return sizeof(device_defaults) / sizeof(device_defaults[0]);
}

int cgroup_device_rule_format(const struct cgroup_device_rule *r, char *buf, size_t len)
{
	char maj[24], min[24], acc[4];
	size_t n = 0;
	int k;

	if (r->type == 'a')
		k = snprintf(buf, len, "a");
	else {
		if (r->major < 0)
			snprintf(maj, sizeof(maj), "*");
		else
			snprintf(maj, sizeof(maj), "%lld", (long long)r->major);
		if (r->minor < 0)
			snprintf(min, sizeof(min), "*");
		else
			snprintf(min, sizeof(min), "%lld", (long long)r->minor);
		if (r->access & CGROUP_DEV_READ)
			acc[n++] = 'r';
		if (r->access & CGROUP_DEV_WRITE)
			acc[n++] = 'w';
		if (r->access & CGROUP_DEV_MKNOD)
			acc[n++] = 'm';
		acc[n] = '\0';
		k = snprintf(buf, len, "%c %s:%s %s", r->type, maj, min, acc);
	}
	return k < 0 || (size_t)k >= len ? -ENAMETOOLONG : 0;
}

/* --- the program ------------------------------------------------------------ */

struct prog {
	struct bpf_insn *v;
	size_t n, cap;
	int err;
};

static void emit(struct prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (p->err)
		return;
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 64;
		struct bpf_insn *nv = realloc(p->v, nc * sizeof(*nv));
		if (!nv) {
			p->err = -ENOMEM;
			return;
		}
		p->v = nv;
		p->cap = nc;
	}
	p->v[p->n++] = (struct bpf_insn){
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};
}

/* Registers: r1 ctx, r2 device type, r3 requested access, r4 major,
 * r5 minor, r0 scratch and result. */
int cgroup_bpf_devices_build(const struct cgroup_device_rule *rules, size_t n,
			     struct bpf_insn **ret_insns, size_t *ret_n)
{
	static const unsigned bits[] = { BPF_DEVCG_ACC_MKNOD, BPF_DEVCG_ACC_READ,
					 BPF_DEVCG_ACC_WRITE };
	struct prog p = { 0 };
	size_t *fix = NULL, n_fix;

	/* at most one forward jump to the end of a bit's section per rule + 1 */
	fix = calloc(n + 1, sizeof(*fix));
	if (!fix)
		return -ENOMEM;

	/* access_type = (BPF_DEVCG_ACC_* << 16) | BPF_DEVCG_DEV_* */
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);
	emit(&p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	emit(&p, BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
	emit(&p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0);

	/* Each requested access bit is decided on its own by the last rule
	 * that names it and matches the device (no rule: allowed, as in a
	 * new v1 cgroup); one denied bit denies the access. */
	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++) {
		n_fix = 0;
		emit(&p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_3, 0, 0);
		emit(&p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_0, 0, 0, (int32_t)bits[b]);
		fix[n_fix++] = p.n;
		emit(&p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, 0);
		for (size_t i = n; i-- > 0;) {
			const struct cgroup_device_rule *r = &rules[i];
			int conds = (r->type != 'a') + (r->type != 'a' && r->major >= 0) +
				    (r->type != 'a' && r->minor >= 0);
			int out = r->allow ? 1 : 2;
			int k = 0;

			if (!(r->access & bits[b]))
				continue;
			if (r->type != 'a') {
				emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0,
				     (int16_t)(conds + out - k - 1),
				     r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
				k++;
				if (r->major >= 0) {
					emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0,
					     (int16_t)(conds + out - k - 1), (int32_t)r->major);
					k++;
				}
				if (r->minor >= 0) {
					emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0,
					     (int16_t)(conds + out - k - 1), (int32_t)r->minor);
					k++;
				}
			}
			if (r->allow) {
				if (conds == 0)
					break; /* allows everything left: fall through */
				fix[n_fix++] = p.n;
				emit(&p, BPF_JMP | BPF_JA, 0, 0, 0, 0);
			} else {
				emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
				emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
				if (conds == 0)
					break; /* what comes before can't matter */
			}
		}
		if (p.err)
			break;
		for (size_t f = 0; f < n_fix; f++) {
			size_t d = p.n - fix[f] - 1;
			if (d > INT16_MAX) {
				p.err = -E2BIG;
				break;
			}
			p.v[fix[f]].off = (int16_t)d;
		}
	}
	emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
	emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	free(fix);
	if (p.err) {
		free(p.v);
		return p.err;
	}
	*ret_insns = p.v;
	*ret_n = p.n;
	return 0;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* Loads the program for @rules: its fd, or -errno. */
static int devices_load(const struct cgroup_device_rule *rules, size_t n, struct diag *ret_diag)
{
	_cleanup_free_ struct bpf_insn *insns = NULL;
	_cleanup_close_ int prog = -EBADF;
	union bpf_attr attr;
	size_t n_insns = 0;
	int r;

	r = cgroup_bpf_devices_build(rules, n, &insns, &n_insns);
	if (r < 0)
		return r;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n_insns;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	memcpy(attr.prog_name, "ctr_devices", sizeof("ctr_devices"));
	prog = sys_bpf(BPF_PROG_LOAD, &attr);
	if (prog < 0 && (errno == EINVAL || errno == EACCES) && ret_diag) {
		/* again with the verifier's log, for the message */
		_cleanup_free_ char *log = calloc(1, 65536);
		int saved = errno;
		if (log) {
			attr.log_buf = (uint64_t)(uintptr_t)log;
			attr.log_size = 65536;
			attr.log_level = 1;
			prog = sys_bpf(BPF_PROG_LOAD, &attr);
			if (prog < 0) {
				size_t l = strlen(log);
				char *last;
				while (l && log[l - 1] == '\n')
					log[--l] = '\0';
				last = strrchr(log, '\n');
				diag_set(ret_diag, NULL, 0, NULL, "the verifier says: %s",
					 last ? last + 1 : log);
			}
		}
		if (prog < 0)
			errno = saved;
	}
	if (prog < 0)
		return NEG_ERRNO();
	return TAKE_FD(prog);
}

int cgroup_bpf_devices_attach(int cgroup_fd, const struct cgroup_device_rule *rules, size_t n,
			      struct diag *ret_diag)
{
	_cleanup_close_ int prog = devices_load(rules, n, ret_diag);
	union bpf_attr attr;

	if (prog < 0)
		return prog;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0)
		return NEG_ERRNO();
	/* the attachment holds the program; our fd can go */
	return 0;
}

int cgroup_bpf_devices_replace(int cgroup_fd, const struct cgroup_device_rule *rules, size_t n,
			       struct diag *ret_diag)
{
	uint32_t ids[64];
	int old[64];
	size_t n_old = 0;
	union bpf_attr attr;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = (uint32_t)cgroup_fd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
	attr.query.prog_cnt = ARRAY_SIZE(ids);
	if (sys_bpf(BPF_PROG_QUERY, &attr) < 0)
		return NEG_ERRNO();
	for (uint32_t i = 0; i < attr.query.prog_cnt && i < ARRAY_SIZE(ids); i++) {
		struct bpf_prog_info info;
		union bpf_attr a;
		int fd;

		memset(&a, 0, sizeof(a));
		a.prog_id = ids[i];
		fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&a, 0, sizeof(a));
		a.info.bpf_fd = (uint32_t)fd;
		a.info.info_len = sizeof(info);
		a.info.info = (uint64_t)(uintptr_t)&info;
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) == 0 &&
		    strcmp(info.name, "ctr_devices") == 0)
			old[n_old++] = fd;
		else
			close(fd);
	}
	/* While both are attached a device needs both programs' word: never
	 * more than the old rules allowed, nor than the new ones allow. */
	r = cgroup_bpf_devices_attach(cgroup_fd, rules, n, ret_diag);
	for (size_t i = 0; i < n_old; i++) {
		if (r >= 0) {
			memset(&attr, 0, sizeof(attr));
			attr.target_fd = (uint32_t)cgroup_fd;
			attr.attach_bpf_fd = (uint32_t)old[i];
			attr.attach_type = BPF_CGROUP_DEVICE;
			if (sys_bpf(BPF_PROG_DETACH, &attr) < 0)
				r = NEG_ERRNO();
		}
		close(old[i]);
	}
	return r;
}
