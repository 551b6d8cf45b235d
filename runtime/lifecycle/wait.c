// SPDX-License-Identifier: LGPL-2.1-or-later
/* Waiting for a container's state; see ctr/wait.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ctr/cgroup.h"
#include "ctr/cleanup.h"
#include "ctr/rundir.h"
#include "ctr/compat.h"
#include "ctr/lifecycle.h"
#include "ctr/monitor.h"
#include "ctr/wait.h"

static const struct {
	const char *name;
	unsigned bit;
} wait_states[] = {
	{ "STOPPED", WAIT_STOPPED },   { "STARTING", WAIT_STARTING }, { "RUNNING", WAIT_RUNNING },
	{ "STOPPING", WAIT_STOPPING }, { "FROZEN", WAIT_FROZEN },     { "THAWED", WAIT_THAWED },
};

int wait_parse_states(const char *s)
{
	unsigned mask = 0;

	if (!s || !*s)
		return -EINVAL;
	while (*s) {
		size_t n = strcspn(s, "|,");
		size_t i;
		for (i = 0; i < ARRAY_SIZE(wait_states); i++)
			if (strlen(wait_states[i].name) == n &&
			    strncasecmp(s, wait_states[i].name, n) == 0)
				break;
		if (i == ARRAY_SIZE(wait_states))
			return -EINVAL;
		mask |= wait_states[i].bit;
		s += n;
		if (*s)
			s++;
	}
	return (int)mask;
}

/* The container's state now, as a WAIT_* bit and its name. */
static unsigned state_now(const char *name, char *buf, size_t len, pid_t *ret_monitor)
{
	struct monitor_info mi;
	unsigned bit = WAIT_STOPPED;
	const char *s = "STOPPED";

	*ret_monitor = 0;
	if (monitor_info_read(name, &mi) == 0) {
		*ret_monitor = mi.state != MONITOR_STOPPED ? mi.monitor_pid : 0;
		switch (mi.state) {
		case MONITOR_STARTING:
			bit = WAIT_STARTING;
			s = "STARTING";
			break;
		case MONITOR_STOPPING:
			bit = WAIT_STOPPING;
			s = "STOPPING";
			break;
		case MONITOR_RUNNING: {
			struct cgroup_handle *h = NULL;
			bool frozen = false;
			if (cgroup_open(NULL, name, &h) == 0 && cgroup_frozen(h, &frozen) < 0)
				frozen = false;
			cgroup_free(h);
			bit = frozen ? WAIT_FROZEN : WAIT_RUNNING | WAIT_THAWED;
			s = frozen ? "FROZEN" : "RUNNING";
			break;
		}
		default:
			break;
		}
	}
	snprintf(buf, len, "%s", s);
	return bit;
}

/* Watches what changes when @name's state does.  Returns the inotify fd. */
static int watches_add(const char *name)
{
	_cleanup_close_ int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	struct cgroup_handle *h = NULL;
	char path[PATH_MAX];

	if (fd < 0)
		return NEG_ERRNO();
	/* the run dir appearing or going; the state file replaced */
	inotify_add_watch(fd, rundir_path(), IN_CREATE | IN_DELETE | IN_MOVED_TO);
	snprintf(path, sizeof(path), "%s/%s", rundir_path(), name);
	inotify_add_watch(fd, path,
			  IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE_SELF);
	/* cgroup.events changes (populated, frozen) are inotify modify events */
	if (cgroup_open(NULL, name, &h) == 0) {
		const char *v2 = cgroup_path(h, NULL);
		if (v2) {
			snprintf(path, sizeof(path), "%s/cgroup.events", v2);
			inotify_add_watch(fd, path, IN_MODIFY);
		}
	}
	cgroup_free(h);
	return TAKE_FD(fd);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wait_state(const char *name, unsigned mask, int timeout_ms, char *ret_state, size_t len)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	for (;;) {
		_cleanup_close_ int in = -EBADF;
		_cleanup_close_ int pidfd = -EBADF;
		struct pollfd p[2];
		pid_t monitor;
		bool look = false;
		int left, n = 0, k;

		/* watch first, then look: a change between the two still wakes */
		in = watches_add(name);
		if (in < 0)
			return in;
		if (state_now(name, ret_state, len, &monitor) & mask)
			return 0;
		p[n++] = (struct pollfd){ .fd = in, .events = POLLIN };
		if (monitor > 0) {
			pidfd = proc_handle_open(monitor);
			if (proc_handle_is_pidfd(pidfd))
				p[n++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
			else /* before 5.3 nothing wakes on its death: look again */
				look = true;
		}
		left = -1;
		if (deadline >= 0) {
			long long l = deadline - now_ms();
			if (l <= 0)
				return -ETIMEDOUT;
			left = l > INT_MAX ? INT_MAX : (int)l;
		}
		/* v1's freezer has no event: look again every 100 ms while
		 * FROZEN or THAWED is awaited there */
		if ((mask & (WAIT_FROZEN | WAIT_THAWED)) && monitor > 0) {
			struct cgroup_handle *h = NULL;
			bool v1 = cgroup_open(NULL, name, &h) == 0 && !cgroup_path(h, NULL);
			cgroup_free(h);
			if (v1)
				look = true;
		}
		if (look && (left < 0 || left > 100))
			left = 100;
		k = poll(p, (nfds_t)n, left);
		if (k < 0 && errno != EINTR)
			return NEG_ERRNO();
	}
}
