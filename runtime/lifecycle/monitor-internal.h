/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared between runtime/lifecycle/monitor.c and runtime/lifecycle/monitor-client.c only. */
#ifndef CTR_MONITOR_INTERNAL_H
#define CTR_MONITOR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "ctr/monitor.h"

/* RUNDIR/NAME[/FILE] into @buf; -EINVAL for a name that is not one path
 * component, -ENAMETOOLONG. */
int monitor_path(const char *name, const char *file, char *buf, size_t len);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t monitor_now_ms(void);

/* The control socket's address, RUNDIR/NAME/control. */
int monitor_control_addr(const char *name, struct sockaddr_un *ret);

/* Parses RUNDIR/NAME/state, without checking the monitor lives. */
int monitor_state_parse(const char *name, struct monitor_info *ret,
			unsigned long long *ret_pidstart);

#endif
