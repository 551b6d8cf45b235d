// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target for the cgroup value parsers and the eBPF device program
 * generator.  Input: lines "A RULE" (devices.allow), "D RULE"
 * (devices.deny), "S SIZE" (a memory size).  The rules that parse are built
 * into a program, which must keep the verifier's shape (jumps forward and
 * inside, ends in exit) and decide like v1's semantics for a few devices;
 * anything else aborts. */
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctr/cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(const struct bpf_insn *p, size_t n, uint32_t at, uint32_t major, uint32_t minor)
{
	uint32_t ctx[3] = { at, major, minor };
	uint64_t r[11] = { 0 };
	size_t pc = 0;

	for (size_t steps = 0; steps <= n; steps++) {
		const struct bpf_insn *i;
		if (pc >= n)
			abort();
		i = &p[pc];
		if (i->off < 0)
			abort();
		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			r[i->dst_reg] = ctx[(i->off / 4) % 3];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			r[i->dst_reg] = r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] >> i->imm;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] & (uint32_t)i->imm;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			if (r[i->dst_reg] == (uint64_t)(int64_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (r[i->dst_reg] != (uint64_t)(int64_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JA:
			pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)r[0];
		default:
			abort();
		}
		pc++;
	}
	abort(); /* forward jumps only: more steps than instructions is a loop */
}

static int reference(const struct cgroup_device_rule *rules, size_t n, char type, uint32_t major,
		     uint32_t minor, unsigned access)
{
	for (unsigned bit = 1; bit <= 4; bit <<= 1) {
		int allowed = 1;
		if (!(access & bit))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct cgroup_device_rule *r = &rules[i];
			if (!(r->access & bit))
				continue;
			if (r->type != 'a' &&
			    (r->type != type || (r->major >= 0 && (uint32_t)r->major != major) ||
			     (r->minor >= 0 && (uint32_t)r->minor != minor)))
				continue;
			allowed = r->allow;
		}
		if (!allowed)
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgroup_device_rule rules[64];
	size_t n_rules = 0, n_insns = 0;
	struct bpf_insn *p = NULL;
	uint32_t majors[4] = { 1, 5, 0, 0 }, minors[4] = { 3, 7, 0, 0 };
	char *buf = malloc(size + 1), *save = NULL;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		uint64_t v;
		if (line[0] == 'S') {
			if (cgroup_parse_size(line + 1, &v) == 0 && v != UINT64_MAX &&
			    line[1] == '0' && v != 0 && strspn(line + 1, "0") == strlen(line + 1))
				abort(); /* all zeros must read as 0 */
		} else if ((line[0] == 'A' || line[0] == 'D') && n_rules < 64) {
			struct cgroup_device_rule r;
			if (cgroup_device_rule_parse(line + 1, line[0] == 'A', &r) == 0) {
				if (r.access == 0 || r.access > 7 ||
				    (r.type != 'a' && r.type != 'b' && r.type != 'c'))
					abort();
				rules[n_rules++] = r;
				/* probe the devices the rules name */
				if (r.major >= 0)
					majors[n_rules % 2 + 2] = (uint32_t)r.major;
				if (r.minor >= 0)
					minors[n_rules % 2 + 2] = (uint32_t)r.minor;
			}
		}
	}
	free(buf);
	if (cgroup_bpf_devices_build(rules, n_rules, &p, &n_insns) < 0)
		return 0;
	if (n_insns == 0 || p[n_insns - 1].code != (BPF_JMP | BPF_EXIT))
		abort();
	for (size_t i = 0; i < n_insns; i++)
		if ((p[i].code & 0x07) == BPF_JMP && p[i].code != (BPF_JMP | BPF_EXIT) &&
		    (p[i].off < 0 || i + 1 + (size_t)p[i].off >= n_insns))
			abort();
	for (int t = 0; t < 2; t++)
		for (int a = 0; a < 4; a++)
			for (int b = 0; b < 4; b++)
				for (unsigned acc = 1; acc <= 7; acc++) {
					char type = t ? 'c' : 'b';
					uint32_t at = (acc << 16) | (t ? BPF_DEVCG_DEV_CHAR
								       : BPF_DEVCG_DEV_BLOCK);
					if (run(p, n_insns, at, majors[a], minors[b]) !=
					    reference(rules, n_rules, type, majors[a], minors[b],
						      acc))
						abort();
				}
	free(p);
	return 0;
}
