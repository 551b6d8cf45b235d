#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a guest's init finds, as under LXC: its environment exactly (nothing
# of the caller's: no TERM, no PATH), container=lxc (systemd-detect-virt says
# lxc) and container_ttys naming its ttys, which come from its own devpts.
# The cgroups a guest sees are lifecycle-guest's.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup g
start_conf "$S_CONF" '/blkio.weight/d' '$a lxc.environment = CTRT_FROM_CONFIG=yes' \
	'$a lxc.environment = PATH=/bin:/sbin'

# --- the environment of init ---------------------------------------------------
out=$(TERM=xterm-256color LANG=C.UTF-8 CTRT_LEAK=1 HOME=/nowhere \
	ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/busybox env </dev/null 2>&1)
t_eq "the init's environment is exactly LXC's plus lxc.environment" \
	"CTRT_FROM_CONFIG=yes PATH=/bin:/sbin container=lxc container_ttys=pts/0 pts/1 pts/2 pts/3 pts/4 pts/5" \
	"$(printf '%s\n' "$out" | sort | tr '\n' ' ' | sed 's/ $//')"
# container_ttys names what /dev/tty1..6 are, in the container's own devpts
# (systemd starts container-getty@N.service on pts/N, as under LXC)
out=$(ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sh -c \
	'for i in 1 2 3 4 5 6; do [ /dev/tty$i -ef /dev/pts/$((i - 1)) ] && echo -n "$i "; done' </dev/null 2>&1)
t_eq "/dev/ttyN is pts/N-1 of the container's devpts" "1 2 3 4 5 6 " "$out"
start_conf "$S_TMP/nottys.conf" '/blkio.weight/d' 's/^lxc.tty .*/lxc.tty = 0/'
out=$(TERM=xterm ctr-start -F -n "$S_NAME" -f "$S_TMP/nottys.conf" -- /bin/busybox env </dev/null 2>&1)
t_eq "without ttys: no container_ttys, a fixed PATH" \
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin container=lxc" \
	"$(printf '%s\n' "$out" | sort | tr '\n' ' ' | sed 's/ $//')"
if command -v script >/dev/null; then
	out=$(TERM=xterm script -qec "ctr-start -F -n $S_NAME -f $S_TMP/nottys.conf -- /bin/sh -c 'tty; echo term=\${TERM-unset}'" /dev/null </dev/null 2>&1)
	t_match "on a terminal too, no TERM reaches the init" "/dev/console.*term=unset" "$(echo $out)"
else
	t_skip "on a terminal too, no TERM reaches the init" "no script(1) (util-linux)"
fi
if command -v systemd-detect-virt >/dev/null; then
	# systemd-detect-virt reads PID 1's environment; /proc of the container
	# is enough, no systemd inside
	d=$S_ROOTFS/usr/bin; mkdir -p "$d"
	cp "$(command -v systemd-detect-virt)" "$d/"
	libs=$(ldd "$(command -v systemd-detect-virt)" | grep -o '/[^ ]*' | sort -u)
	for l in $libs; do mkdir -p "$S_ROOTFS$(dirname "$l")"; cp -L "$l" "$S_ROOTFS$l"; done
	out=$(ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /usr/bin/systemd-detect-virt --container </dev/null 2>&1)
	t_eq "systemd-detect-virt says lxc" lxc "$out"
else
	t_skip "systemd-detect-virt says lxc" "no systemd-detect-virt on this host"
fi
t_done
