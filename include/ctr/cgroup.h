/* Container cgroups on v1, hybrid and v2 hosts (runtime/cgroup.c,
 * runtime/cgroup-bpf.c).  One cgroup per container, "ctr/NAME", on every v1
 * hierarchy the host mounts and on the v2 hierarchy; lxc.cgroup.* settings
 * written as given on v1, translated where the controller lives on v2
 * (cpu.shares -> cpu.weight, memory.limit_in_bytes -> memory.max, memsw ->
 * memory.swap.max, blkio.weight -> io.bfq.weight / io.weight, devices ->
 * an eBPF BPF_PROG_TYPE_CGROUP_DEVICE program). */
#ifndef CTR_CGROUP_H
#define CTR_CGROUP_H

#include <stdint.h>
#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

struct cgroup_handle; /* opaque */

/* Creates the container's cgroups under @root (NULL: /sys/fs/cgroup; tests
 * pass their own) and applies @cfg's settings.  A hard limit that cannot
 * be applied fails with -errno and @ret_diag naming the line; a weight this
 * kernel lacks appends a warning to @warnings and goes on.  On failure
 * nothing is left behind.  *ret is the caller's (cgroup_destroy). */
int cgroup_create(const char *root, const struct container_config *cfg,
		  struct cgroup_handle **ret, struct diag_list *warnings,
		  struct diag *ret_diag);

/* Moves @pid into every one of the container's cgroups. */
int cgroup_attach(struct cgroup_handle *h, pid_t pid);

/* Kills what is left in the cgroups (SIGKILL, waits until empty), removes
 * them and frees @h.  Returns 0 or the first -errno. */
int cgroup_destroy(struct cgroup_handle *h);

/* v1 -> v2 translations, exported for unit tests. */
uint64_t cgroup_shares_to_weight(uint64_t shares);
uint64_t cgroup_blkio_weight_to_io_weight(uint64_t weight);
/* Parses "512M", "1G", "128m", "1024", "-1"/"max" (ret UINT64_MAX). */
int cgroup_parse_size(const char *s, uint64_t *ret);

#endif
