/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Container cgroups on v1, hybrid and v2 hosts (runtime/container/cgroup.c,
 * runtime/container/cgroup-bpf.c).  One cgroup per container, "ctr/NAME", on every v1
 * hierarchy the host mounts (named ones without a controller, name=systemd,
 * included: a guest's systemd makes its cgroups there) and on the v2
 * hierarchy, where ctr/ hands its children every controller it has; lxc.cgroup.* settings
 * written as given on v1, translated where the controller lives on v2
 * (cpu.shares -> cpu.weight, memory.limit_in_bytes -> memory.max, memsw ->
 * memory.swap.max, blkio.weight -> io.bfq.weight / io.weight, devices ->
 * an eBPF BPF_PROG_TYPE_CGROUP_DEVICE program). */
#ifndef CTR_CGROUP_H
#define CTR_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

struct cgroup_handle; /* opaque */

/* Creates the container's cgroups under @root (NULL: /sys/fs/cgroup; tests
 * pass their own) and applies @cfg's settings.  A hard limit that cannot
 * be applied fails with -errno and @ret_diag naming the line; a weight this
 * kernel lacks appends a warning to @warnings and goes on.  A name whose
 * cgroup exists already (a running container) fails with -EEXIST and
 * leaves it alone.  On failure nothing is left behind.  *ret is the
 * caller's (cgroup_destroy). */
int cgroup_create(const char *root, const struct container_config *cfg, struct cgroup_handle **ret,
		  struct diag_list *warnings, struct diag *ret_diag);

/* What cgroup_create would do with @cfg's lxc.cgroup.* / lxc.cgroup2.*
 * lines on the layout under @root (NULL: /sys/fs/cgroup), without creating
 * anything: 0 when every line can be applied (lines that would not be, a
 * weight without its controller, go to @warnings), or -errno with
 * @ret_diag naming the first line that cannot.  For ctr-checkconfig. */
int cgroup_plan_check(const char *root, const struct container_config *cfg,
		      struct diag_list *warnings, struct diag *ret_diag);

/* Applies @cfg's lxc.cgroup.* / lxc.cgroup2.* settings to the cgroups of a
 * running container (from cgroup_open), translated as cgroup_create does
 * (ctr-oci update).  Returns 0 or -errno with @ret_diag naming the line. */
int cgroup_update(struct cgroup_handle *h, const struct container_config *cfg,
		  struct diag_list *warnings, struct diag *ret_diag);

/* Moves @pid into every one of the container's cgroups. */
int cgroup_attach(struct cgroup_handle *h, pid_t pid);

/* A new process's way into the container's cgroups without the move by pid
 * that cgroup_attach makes: that one takes the kernel's cgroup-wide
 * threadgroup lock, whose first taker waits for an RCU grace period (5 to
 * 15 ms, most of a start).  A single-threaded process moving itself through
 * a v1 "tasks" file does not take it, nor does clone3's CLONE_INTO_CGROUP
 * for the v2 one.  @v2_dirfd: the v2 cgroup's directory for
 * CLONE_INTO_CGROUP, or -EBADF; @v2_procs: its cgroup.procs, for a kernel
 * that cannot clone into it; @fds: the v1 hierarchies' tasks files. */
struct cgroup_join {
	int v2_dirfd;
	int v2_procs;
	int *fds;
	size_t n;
};

/* Opens @h's files for cgroup_join_self into *ret (every fd O_CLOEXEC:
 * cgroup_join_close them, the child's go with its exec).  Returns 0 or
 * -errno, with nothing left open. */
int cgroup_join_open(struct cgroup_handle *h, struct cgroup_join *ret);

/* In the new process, single-threaded, before it runs anything of the
 * container's: moves it into every cgroup of @j, the v2 one too unless
 * @cloned_into_v2 (it was born there).  Only write(2): safe after fork.
 * Returns 0 or -errno. */
int cgroup_join_self(const struct cgroup_join *j, bool cloned_into_v2);

/* Closes what cgroup_join_open opened; *j is left empty. */
void cgroup_join_close(struct cgroup_join *j);

/* Kills what is left in the cgroups (cgroup.kill on v2, else freeze, SIGKILL
 * and thaw), waits until they are empty, removes them with any sub-cgroups
 * the container made, and the shared ctr/ parent when it is left empty;
 * frees @h.  Returns 0 or the first -errno. */
int cgroup_destroy(struct cgroup_handle *h);

/* Like cgroup_create, for the container @name that another process made:
 * finds its cgroups under @root (NULL: /sys/fs/cgroup).  Returns 0, or
 * -ENOENT when there is none.  *ret is the caller's (cgroup_destroy to
 * remove, cgroup_free to just let go). */
int cgroup_open(const char *root, const char *name, struct cgroup_handle **ret);

/* cgroup_open for a container whose cgroups sit at @rel below each
 * hierarchy's mount (its config's cgroup_path; NULL: ctr/@name). */
int cgroup_open_path(const char *root, const char *name, const char *rel,
		     struct cgroup_handle **ret);

/* Frees @h without touching the cgroups (NULL is fine). */
void cgroup_free(struct cgroup_handle *h);

/* Hands the container's cgroups to @uid:@gid (the root of its user
 * namespace) the way the kernel documents delegation: the directories and
 * cgroup.procs, cgroup.threads, cgroup.subtree_control (v2) or tasks (v1),
 * so an init inside can make and manage its own sub-cgroups.  Returns 0 or
 * -errno. */
int cgroup_delegate(struct cgroup_handle *h, uid_t uid, gid_t gid);

/* Sends @sig to every process in the container's cgroups (SIGKILL through
 * cgroup.kill where the kernel has it).  Returns 0 or -errno. */
int cgroup_kill(struct cgroup_handle *h, int sig);

/* Freezes (@frozen true) or thaws the container: cgroup.freeze on v2 (waiting
 * on cgroup.events for the kernel's word), the freezer controller on v1
 * (waiting up to a second for FROZEN).  Returns 0,
 * -EBUSY when v1's freezer is still freezing (thaw to undo), -EOPNOTSUPP
 * when neither exists, or -errno. */
int cgroup_freeze(struct cgroup_handle *h, bool frozen);

/* Whether the container is frozen (or freezing): cgroup.freeze on v2,
 * freezer.state on v1.  Returns 0 with *ret, -EOPNOTSUPP or -errno. */
int cgroup_frozen(struct cgroup_handle *h, bool *ret);

/* The processes in the container's cgroups.  *ret_pids (caller frees) and
 * *ret_n; returns 0 or -errno. */
int cgroup_pids(struct cgroup_handle *h, pid_t **ret_pids, size_t *ret_n);

/* Whether any process is left in the container's cgroups. */
bool cgroup_is_populated(struct cgroup_handle *h);

/* Memory in use in bytes: memory.current on v2, memory.usage_in_bytes on
 * v1.  Returns 0, -ENODATA when no memory controller is there, or -errno. */
int cgroup_memory_usage(struct cgroup_handle *h, uint64_t *ret);

/* The container's directory on the v2 hierarchy (NULL if the host has
 * none), or on the v1 hierarchy holding @controller ("memory", ...).
 * Borrowed from @h. */
const char *cgroup_path(struct cgroup_handle *h, const char *controller);

/* Calls @fn for every hierarchy the container has a cgroup in, with the
 * hierarchy's mount point, its controllers ("cpu,cpuacct" on v1, NULL for
 * cgroup2) and the container's directory (all borrowed from @h), e.g. to
 * mount them inside.  Returns 0 or the first negative return of @fn. */
int cgroup_foreach(struct cgroup_handle *h,
		   int (*fn)(const char *mnt, const char *controllers, const char *path,
			     void *userdata),
		   void *userdata);

/* The host's layout under @root (NULL: /sys/fs/cgroup), from
 * /proc/self/mountinfo. */
enum cgroup_layout {
	CGROUP_LAYOUT_NONE,   /* nothing mounted there */
	CGROUP_LAYOUT_V1,     /* v1 hierarchies only */
	CGROUP_LAYOUT_HYBRID, /* v1 hierarchies and cgroup2 below the root */
	CGROUP_LAYOUT_V2,     /* cgroup2 at the root */
};
int cgroup_detect(const char *root, enum cgroup_layout *ret);

/* "none", "v1", "hybrid", "v2".  Here, not in cgroup.c, so that
 * ctr-checkconfig names layouts without linking the runtime's cgroups. */
static inline const char *cgroup_layout_name(enum cgroup_layout l)
{
	switch (l) {
	case CGROUP_LAYOUT_V1:
		return "v1";
	case CGROUP_LAYOUT_HYBRID:
		return "hybrid";
	case CGROUP_LAYOUT_V2:
		return "v2";
	case CGROUP_LAYOUT_NONE:
		break;
	}
	return "none";
}

/* Device rules as devices.allow / devices.deny take them: "a", or
 * "TYPE MAJOR:MINOR ACCESS" with TYPE a, b or c, MAJOR and MINOR a number
 * or '*', ACCESS made of r, w, m (default rwm). */
#define CGROUP_DEV_MKNOD 1u /* the BPF_DEVCG_ACC_* bits */
#define CGROUP_DEV_READ 2u
#define CGROUP_DEV_WRITE 4u
struct cgroup_device_rule {
	bool allow;
	char type;	 /* 'a', 'b' or 'c' */
	int64_t major;	 /* -1: any */
	int64_t minor;	 /* -1: any */
	unsigned access; /* CGROUP_DEV_* bits */
};
/* Whether the controller file @file ("memory.max") takes a size (512M,
 * 1GiB, -1, max).  The one list, for ctr-config's check and the runtime
 * (runtime/config/config-cgroup.c). */
bool cgroup_file_is_size(const char *file);

/* Parses @value ("a", "c 1:3 rwm", "b *:* m"; blanks around the parts;
 * the access defaults to rwm) into *ret; returns 0 or -EINVAL (-ERANGE: a
 * number past 2147483647).  The config language's grammar: it lives in
 * runtime/config/config-cgroup.c, for ctr-config's check and the
 * runtime alike. */
int cgroup_device_rule_parse(const char *value, bool allow, struct cgroup_device_rule *ret);

/* The default device policy, applied when a config has no device line
 * (lxc.cgroup.devices.* or lxc.cgroup2.devices.*): deny all, then allow
 * mknod of any node and the standard set (null, zero, full, random,
 * urandom, tty, console, ptmx, pts, fuse, net/tun).  *ret is static
 * (borrowed); returns the number of rules, in the order they apply. */
size_t cgroup_device_defaults(const struct cgroup_device_rule **ret);

/* Writes @r as devices.allow / devices.deny take it ("a", "c 1:3 rwm",
 * "c 136:* rwm") into @buf.  Returns 0 or -ENAMETOOLONG. */
int cgroup_device_rule_format(const struct cgroup_device_rule *r, char *buf, size_t len);

/* The eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) for @rules with v1's
 * semantics: no rule means allowed, the last rule that matches a device
 * and an access bit decides for that bit, every requested bit must be
 * allowed.  *ret_insns (caller frees) holds *ret_n struct bpf_insn. */
struct bpf_insn;
int cgroup_bpf_devices_build(const struct cgroup_device_rule *rules, size_t n,
			     struct bpf_insn **ret_insns, size_t *ret_n);

/* Loads that program and attaches it to the v2 cgroup open at @cgroup_fd
 * (BPF_F_ALLOW_MULTI).  Returns 0 or -errno; on a verifier rejection
 * @ret_diag gets the verifier's last line. */
int cgroup_bpf_devices_attach(int cgroup_fd, const struct cgroup_device_rule *rules, size_t n,
			      struct diag *ret_diag);

/* Attaches the program for @rules to the v2 cgroup open at @cgroup_fd, then
 * detaches the ctr programs attached before it (ctr-device's change to a
 * running container): at no moment is a device allowed that neither the
 * old rules nor the new ones allow.  Returns 0 or -errno. */
int cgroup_bpf_devices_replace(int cgroup_fd, const struct cgroup_device_rule *rules, size_t n,
			       struct diag *ret_diag);

/* The device rules cgroup_create applies for @cfg on the layout under @root
 * (NULL: /sys/fs/cgroup): the config's, else the default policy; on v2
 * the rules its eBPF program holds.  *ret (caller frees; NULL when none)
 * and *ret_n.  Returns 0 or -errno with @ret_diag. */
int cgroup_device_rules(const char *root, const struct container_config *cfg,
			struct cgroup_device_rule **ret, size_t *ret_n, struct diag *ret_diag);

/* v1 -> v2 translations, exported for unit tests. */
uint64_t cgroup_shares_to_weight(uint64_t shares);
uint64_t cgroup_blkio_weight_to_io_weight(uint64_t weight);
/* memory.swap.max from memsw and memory limits (UINT64_MAX: unlimited):
 * memsw - memory.  Returns 0, or -EINVAL when memsw < memory or only memory
 * is unlimited. */
int cgroup_memsw_to_swap(uint64_t memory, uint64_t memsw, uint64_t *ret);
/* Parses "512M", "1G", "128m", "1024", "-1"/"max" (ret UINT64_MAX). */
int cgroup_parse_size(const char *s, uint64_t *ret);

#endif
