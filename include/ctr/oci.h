/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ctr as an OCI runtime (runtime/oci/, the main runtime/ctr-oci.c): the
 * runc command line over the same engine as the LXC front end.
 *
 * spec.c reads a bundle's config.json (runtime-spec 1.0 to 1.2, through
 * json-c) into a struct container_config plus what only OCI has (hooks with
 * the state on stdin, sysctls, rlimits, namespaces to join); state.c keeps
 * ROOT/ID/state.json (state, list); ops.c is create, start, kill, delete
 * and run; exec.c exec; resources.c update, pause, resume and ps; hooks.c
 * the hooks; features.c features and spec; io.c what they share (the
 * console socket, the pid file).  What the engine cannot do is refused by
 * its JSON path.  None of them prints: ctr-oci does. */
#ifndef CTR_OCI_H
#define CTR_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctr/config.h"
#include "ctr/diag.h"

struct cgroup_handle;

#define OCI_VERSION "1.2.0"
#define OCI_ROOT_DEFAULT "/run/ctr-oci"

enum oci_hook_type {
	OCI_HOOK_PRESTART,
	OCI_HOOK_CREATE_RUNTIME,
	OCI_HOOK_CREATE_CONTAINER,
	OCI_HOOK_START_CONTAINER,
	OCI_HOOK_POSTSTART,
	OCI_HOOK_POSTSTOP,
	OCI_HOOK_MAX,
};

struct oci_hook {
	char *path;
	char **args; /* NULL-terminated; may be NULL */
	char **env;  /* NULL-terminated; may be NULL */
	int timeout; /* seconds; 0: none */
};

struct oci_sysctl {
	char *key, *value;
};

struct oci_rlimit {
	int resource; /* RLIMIT_* */
	uint64_t soft, hard;
};

struct oci_ns_join {
	int flag; /* CLONE_NEW* */
	char *path;
	char *json_path; /* "linux.namespaces[2].path", for messages */
};

struct oci_spec {
	char *bundle;		      /* absolute */
	char *config_path;	      /* BUNDLE/config.json */
	struct container_config *cfg; /* what the engine starts */
	char *oci_version;
	bool terminal;
	unsigned console_rows, console_cols; /* process.consoleSize; 0: unset */
	int ns_shared;			     /* CLONE_NEW* not to unshare */
	struct oci_ns_join *joins;
	size_t n_joins;
	struct oci_sysctl *sysctls;
	size_t n_sysctls;
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	bool oom_set;
	int oom_score_adj;
	bool umask_set;
	mode_t umask;
	struct oci_hook *hooks[OCI_HOOK_MAX];
	size_t n_hooks[OCI_HOOK_MAX];
	char *annotations; /* the annotations object as JSON text, "{}" if none */
};

/* Reads @bundle/config.json for the container @id.  Returns 0 with *ret
 * (caller frees, oci_spec_free), or -errno with @ret_diag: file the
 * config's path, key the JSON path of what is wrong ("process.args",
 * "linux.intelRdt"), msg the reason. */
int oci_spec_load(const char *bundle, const char *id, struct oci_spec **ret, struct diag *ret_diag);

/* As oci_spec_load, from @len bytes of JSON at @json (no NUL needed),
 * named @file in messages; @bundle resolves a relative root.path.  For
 * oci_spec_load, the unit tests and the fuzzer. */
int oci_spec_parse(const char *json, size_t len, const char *file, const char *bundle,
		   const char *id, struct oci_spec **ret, struct diag *ret_diag);

/* A process object alone (exec --process FILE): the process fields of
 * *ret (cfg->init_cmd, environment, init_cwd, user, cap_keep, rlimits,
 * no_new_privs, terminal).  Returns 0 or -errno with @ret_diag. */
int oci_process_parse(const char *json, size_t len, const char *file, struct oci_spec **ret,
		      struct diag *ret_diag);

/* A resources object alone (update --resources FILE) into a config whose
 * only settings are its cgroup lines (caller frees, config_free).  Device
 * rules are refused.  Returns 0 or -errno with @ret_diag. */
int oci_resources_parse(const char *json, size_t len, const char *file, const char *id,
			struct container_config **ret, struct diag *ret_diag);

void oci_spec_free(struct oci_spec *s);

/* "CAP_SYS_ADMIN" or "sys_admin" into its number; -EINVAL if unknown. */
int oci_cap_parse(const char *name);

/* "prestart", "createRuntime", ... as config.json names them. */
const char *oci_hook_name(enum oci_hook_type t);

/* The saved state of a created container (ROOT/ID/state.json). */
struct oci_state {
	char *id;
	pid_t pid;
	unsigned long long start_time; /* the init's, from /proc/PID/stat: a pid reused is seen */
	char *bundle;
	char *rootfs;
	char *created;	   /* RFC 3339 */
	char *annotations; /* JSON text */
	char *oci_version;
	bool poststart, poststop; /* the bundle has such hooks: read it again then */
	char *cgroup_path;	  /* linux.cgroupsPath below each mount; NULL: ctr/ID */
};

/* Where the runtime keeps its containers: --root. */
struct oci_ctx {
	const char *root;	 /* default OCI_ROOT_DEFAULT */
	const char *cgroup_root; /* NULL: /sys/fs/cgroup ($CTR_OCI_CGROUP_ROOT in tests) */
};

/* Writes @st to ROOT/ID/state.json (mode 0600, replaced atomically).
 * Returns 0 or -errno. */
int oci_state_save(const struct oci_ctx *ctx, const struct oci_state *st);

/* Reads ROOT/@id/state.json.  Returns 0 with *ret (caller frees,
 * oci_state_free), -ENOENT when there is no such container, or -errno with
 * @ret_diag. */
int oci_state_load(const struct oci_ctx *ctx, const char *id, struct oci_state **ret,
		   struct diag *ret_diag);

void oci_state_free(struct oci_state *st);

/* Removes the state directory ROOT/@id and all in it (after a failed
 * create, or a delete); errors are ignored. */
void oci_state_remove(const struct oci_ctx *ctx, const char *id);

/* The status of container @id now (oci_state_status of its saved state).
 * Returns 0 with *ret_status (borrowed, static), or -errno with @ret_diag
 * (-ENOENT: no such container). */
int oci_status(const struct oci_ctx *ctx, const char *id, const char **ret_status,
	       struct diag *ret_diag);

/* state: the state of container @id as runc prints it (pretty JSON, its
 * status read now).  Returns 0 with *ret (caller frees), or -errno with
 * @ret_diag (-ENOENT: no such container). */
int oci_state_show(const struct oci_ctx *ctx, const char *id, char **ret, struct diag *ret_diag);

/* list: the saved states under the root, in directory order (unreadable
 * ones left out; no root yet: none).  Returns 0 with *ret and *ret_n
 * (caller frees, oci_list_free) or -errno. */
int oci_list(const struct oci_ctx *ctx, struct oci_state ***ret, size_t *ret_n);

void oci_list_free(struct oci_state **v, size_t n);

/* The states @v as one JSON array (list --format json), their status read
 * now: a malloc'd string (caller frees), NULL on ENOMEM. */
char *oci_list_json(const struct oci_ctx *ctx, struct oci_state *const *v, size_t n);

/* The cgroups of container @id, where its state says they are (cgroup_open_path).
 * Returns 0 with *ret (caller frees: cgroup_free / cgroup_destroy) or -errno. */
int oci_cgroup_open(const struct oci_ctx *ctx, const char *id, struct cgroup_handle **ret);

/* "creating", "created", "running", "paused" or "stopped": what the init
 * and the exec FIFO say now.  Borrowed, static. */
const char *oci_state_status(const struct oci_ctx *ctx, const struct oci_state *st);

/* The state as the runtime spec gives it (ociVersion, id, status, pid,
 * bundle, annotations, and created/rootfs as runc adds them): a malloc'd
 * JSON string (caller frees), NULL on ENOMEM. */
char *oci_state_json(const struct oci_state *st, const char *status);

/* The init's start time (field 22 of /proc/@pid/stat); 0 when it is gone. */
unsigned long long oci_pid_start_time(pid_t pid);

/* Runs the hooks of @type in order, each with @state_json on its stdin and
 * its timeout.  Returns 0, or -errno / -ECANCELED (a hook failed) with
 * @ret_diag naming it (key "hooks.TYPE[N]"). */
int oci_hooks_run(const struct oci_spec *s, enum oci_hook_type type, const char *state_json,
		  struct diag *ret_diag);

/* --- the commands (ops.c, exec.c, resources.c, state.c, features.c) --- */

struct oci_create_opts {
	const char *bundle;
	const char *pid_file;	    /* NULL: none */
	const char *console_socket; /* NULL: none (process.terminal refused then) */
	bool run;		    /* for `run`: the caller stays the init's parent */
};

/* create: the container's cgroups, namespaces, mounts and init, which waits
 * on ROOT/ID/exec.fifo before its exec; state.json and the pid file
 * written.  Returns 0 with *ret_pid, or -errno with @ret_diag; on failure
 * nothing is left (no state directory, no cgroup, no process). */
int oci_create(const struct oci_ctx *ctx, const char *id, const struct oci_create_opts *o,
	       pid_t *ret_pid, struct diag *ret_diag);

/* start: lets the created init exec (opens and reads the exec FIFO), then
 * the poststart hooks.  -EINVAL when it is not in "created". */
int oci_start(const struct oci_ctx *ctx, const char *id, struct diag *ret_diag);

/* kill: @sig to the init, or with @all to every process of its cgroups. */
int oci_kill(const struct oci_ctx *ctx, const char *id, int sig, bool all, struct diag *ret_diag);

/* delete: the cgroups, the state directory, then the poststop hooks.  A
 * container that is not stopped is refused (-EBUSY) unless @force, which
 * kills it first.  -ENOENT: no such container. */
int oci_delete(const struct oci_ctx *ctx, const char *id, bool force, struct diag *ret_diag);

struct oci_exec_opts {
	const char *process; /* --process FILE, or NULL: the bundle's process */
	char **args;	     /* else these (NULL-terminated) */
	const char *cwd;     /* overrides */
	char **env;	     /* added, KEY=value */
	const char *user;    /* UID[:GID] */
	char **caps;	     /* added to the bounding set */
	bool tty, detach;
	const char *console_socket;
	const char *pid_file;
};

/* exec: runs a process in the running container @id: its namespaces and
 * cgroups, the process's user, capabilities, rlimits and the container's
 * seccomp filter.  With @o->detach returns once it runs (*ret_status 0),
 * else waits: *ret_status its exit code or 128+signal.  Returns 0 or
 * -errno with @ret_diag. */
int oci_exec(const struct oci_ctx *ctx, const char *id, const struct oci_exec_opts *o,
	     int *ret_status, struct diag *ret_diag);

/* run: waits for the init @pid of a container made with o->run (the
 * caller's child), forwarding INT, TERM, HUP, QUIT, USR1, USR2 and WINCH to
 * it (they stay blocked in the caller after).  Returns its exit code,
 * 128+signal, or 1 when it cannot be waited for. */
int oci_run_wait(pid_t pid);

/* pause (@frozen) and resume: freezes or thaws the cgroups of container
 * @id, which must be running (paused).  Returns 0 or -errno with
 * @ret_diag (-EINVAL: in another state). */
int oci_pause(const struct oci_ctx *ctx, const char *id, bool frozen, struct diag *ret_diag);

/* ps: the processes in the cgroups of container @id (none when they are
 * gone).  Returns 0 with *ret_pids (caller frees) and *ret_n, or -errno
 * with @ret_diag. */
int oci_ps(const struct oci_ctx *ctx, const char *id, pid_t **ret_pids, size_t *ret_n,
	   struct diag *ret_diag);

/* features: what this runtime supports, as runc features prints it (pretty
 * JSON): a malloc'd string (caller frees), NULL on ENOMEM. */
char *oci_features_json(void);

/* spec: writes a default config.json into @bundle (NULL: the current
 * directory), never over an existing one.  Returns 0 or -errno with
 * @ret_diag. */
int oci_spec_write_default(const char *bundle, struct diag *ret_diag);

/* --- what the commands share (runtime/oci/io.c) --- */

/* Connects to the AF_UNIX stream socket at @path: an fd (caller closes)
 * or -errno. */
int oci_console_connect(const char *path);

/* Sends the pty master @fd over the connected socket @s, as runc's
 * --console-socket does.  Returns 0 or -errno. */
int oci_console_send_fd(int s, int fd);

/* Writes @pid to the pid file @path (replaced atomically), through @dirfd
 * (its directory, opened before this process entered the container's mount
 * namespace; then only @path's last part is used) or, when @dirfd < 0, by
 * path.  Returns 0 or -errno. */
int oci_pid_file_write_at(int dirfd, const char *path, pid_t pid);

/* Reads the file @path whole (at most 1 MiB) into *ret (caller frees) and
 * *ret_len.  Returns 0 or -errno. */
int oci_read_path(const char *path, char **ret, size_t *ret_len);

/* update: the resources object of @file (linux.resources' form) applied to
 * the running container's cgroups.  Returns 0 or -errno with @ret_diag. */
int oci_update(const struct oci_ctx *ctx, const char *id, const char *file, struct diag *ret_diag);

#endif
