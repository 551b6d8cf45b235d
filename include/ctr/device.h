/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Devices handed to a running container and taken back, as lxc-device does
 * (runtime/manage/device.c): a host device node made in the container's
 * /dev and allowed in its device cgroup, or a network interface moved into
 * its network namespace. */
#ifndef CTR_DEVICE_H
#define CTR_DEVICE_H

#include <stdbool.h>

#include "ctr/diag.h"

enum device_op {
	DEVICE_ADD,
	DEVICE_DEL,
};

struct device_result {
	bool netdev;	 /* a network interface, not a node */
	char where[256]; /* add: the node's path or the interface's name inside;
			  * del: the node removed, or the interface's name on the host */
};

/* Adds @device to, or takes it from, the running container @name.
 *
 * A @device starting with '/' is a device node.  add: the host's node
 * @device (a character or block device) is made at @newname (NULL: the
 * same path; below /dev/ either way) in the container's root, same type,
 * major:minor, mode and owner, through the container's root without
 * following a link out of it, and allowed ("rwm") in its device cgroup:
 * devices.allow on v1, its eBPF program replaced on v2.  With a user
 * namespace the host's node is bind-mounted there instead.  del: the node at
 * @newname (NULL: @device) inside is removed and denied again.
 *
 * Otherwise @device is a network interface.  add: the host's interface is
 * moved into the container's network namespace as @newname (NULL: the same
 * name), up again if it was up.  del: the container's interface @device
 * goes back to the host's namespace as @newname (NULL: the same name).
 *
 * Refuses, changing nothing: a container that is not running (-ESRCH), a
 * device that is not there (-ENODEV), a name in use at the destination
 * (-EEXIST), a node path outside /dev/ (-EINVAL).  Returns 0 with *ret, or
 * -errno with @ret_diag. */
int device_change(const char *name, enum device_op op, const char *device, const char *newname,
		  struct device_result *ret, struct diag *ret_diag);

#endif
