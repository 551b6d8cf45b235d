#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-start -F exit statuses: the init's code, 128+signal, 127 not found,
# 126 not executable, 125 runtime failures (with a message naming the
# line, and nothing left behind); signals to ctr-start reach the init; the
# console relayed to a terminal.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup x
# Without the seed's blkio.weight: this kernel warns about it on stderr.
start_conf "$S_CONF" '/blkio.weight/d'

run() { ctr-start -F -n "$S_NAME" -f "$S_CONF" -- "$@" </dev/null; }

run /bin/true; t_eq "exit 0 passes through" 0 $?
run /bin/sh -c 'exit 3'; t_eq "exit 3 passes through" 3 $?
out=$(run /bin/sh -c 'echo out; echo err >&2' 2>&1); t_eq "stdio is the caller's" "out err" "$(echo $out)"
out=$(echo piped | run /bin/cat 2>&1)
out=$(echo piped | ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/cat 2>&1)
t_eq "stdin piped in arrives" piped "$out"

out=$(run /nonexistent 2>&1); rc=$?
t_eq "a missing command exits 127" 127 $rc
t_match "and says so" "ctr-start: cannot execute '/nonexistent' \(No such file or directory\)" "$out"
out=$(run /etc/passwd 2>&1); rc=$?
t_eq "a non-executable command exits 126" 126 $rc
t_match "and says so" "cannot execute '/etc/passwd' \(Permission denied\)" "$out"
run nosuchcommand 2>/dev/null; t_eq "a command not on PATH exits 127" 127 $?

# Signals: forwarded to the init; an init without a handler (PID 1 ignores
# the rest) gets SIGKILL at the third.
rm -f "$S_ROOTFS/root/ready"
ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sh -c 'trap "exit 7" TERM; touch /root/ready; while :; do sleep 0.1; done' </dev/null &
pid=$!
for i in $(seq 100); do [ -e "$S_ROOTFS/root/ready" ] && break; sleep 0.05; done
kill -TERM "$pid"; wait "$pid"
t_eq "SIGTERM to ctr-start reaches the init's handler" 7 $?
ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sleep 30 </dev/null &
pid=$!
init=$(start_init_pid "$pid")
# The forward itself is the event to wait on (seen by strace), not a pause.
if command -v strace >/dev/null; then
	trace=$S_TMP/forward.trace
	strace -e trace=pidfd_send_signal -e signal=none -o "$trace" -p "$pid" 2>"$trace.err" &
	tracer=$!
	t_defer "kill $tracer"
	t_ok "strace attached to ctr-start" t_wait_for 20 grep -q attached "$trace.err"
	kill -INT "$pid"
	t_ok "ctr-start forwards the SIGINT to the init" t_wait_for 20 grep -q "pidfd_send_signal(.*SIGINT" "$trace"
	kill "$tracer"; wait "$tracer" 2>/dev/null
	t_ok "an init ignoring the signal still runs" kill -0 "$init"
else
	kill -INT "$pid"
	t_skip "an init ignoring the signal still runs" "strace is not installed to see the forward"
fi
# Signals may merge while pending: send until it is gone, a bounded number.
for i in 1 2 3 4 5 6 7 8; do kill -INT "$pid" 2>/dev/null || break; sleep 0.3; done
wait "$pid"
t_eq "a later one is SIGKILL: 128+9" 137 $?

# Runtime failures: 125, one message naming the line, nothing left.
start_conf "$S_TMP/bad.conf" '/blkio.weight/d' 's#^\(lxc.mount.entry *= tmpfs \)[^ ]*/run #\1/elsewhere/run #'
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/bad.conf" -- /bin/true </dev/null 2>&1); rc=$?
t_eq "a mount target outside the rootfs exits 125" 125 $rc
t_match "naming file, line and target" "bad.conf:[0-9]+: mount target '/elsewhere/run' is outside the rootfs" "$out"
t_eq "nothing left after a failed start" "" "$(start_leftovers "$S_NAME")"
start_conf "$S_TMP/nofs.conf" '/blkio.weight/d' 's#^\(lxc.mount.entry *= tmpfs .*\) tmpfs #\1 ctrtnofs #'
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/nofs.conf" -- /bin/true </dev/null 2>&1); rc=$?
t_eq "a mount that fails exits 125" 125 $rc
t_match "naming the line and the reason" "nofs.conf:[0-9]+: cannot mount 'tmpfs' on '.*/tmp' \(No such device\)" "$out"
t_eq "nothing left after a failed mount" "" "$(start_leftovers "$S_NAME")"
start_conf "$S_TMP/opt.conf" '/blkio.weight/d' 's#^\(lxc.mount.entry *= tmpfs .*\) tmpfs defaults,size=128m#\1 ctrtnofs optional,size=128m#'
run_opt=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/opt.conf" -- /bin/true </dev/null 2>&1)
t_eq "an optional mount that fails is skipped" "0" "$?${run_opt}"
S_ROOTFS=$S_TMP/nonexistent start_conf "$S_TMP/norootfs.conf" "/blkio.weight/d"
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/norootfs.conf" -- /bin/true </dev/null 2>&1); rc=$?
t_eq "a missing rootfs exits 125" 125 $rc
t_match "and names it" "cannot use the rootfs '$S_TMP/nonexistent/?' \(No such file or directory\)" "$out"
start_conf "$S_TMP/dir.conf" '/blkio.weight/d' "\$a lxc.mount.entry = $S_TMP var/ctrt/a/b none bind,ro,create=dir 0 0"
out=$(ctr-start -F -n "$S_NAME" -f "$S_TMP/dir.conf" -- /bin/sh -c 'ls /var/ctrt/a/b/ | grep -cx rootfs; touch /var/ctrt/a/b/x' </dev/null 2>&1)
t_match "create=dir and a read-only bind" "^1.*Read-only file system" "$(echo $out)"
t_eq "nothing left on the host" "" "$(start_leftovers "$S_NAME")"

# The console on a terminal: the init's stdio is /dev/console, relayed.
if command -v script >/dev/null; then
	out=$(TERM=xterm script -qec "ctr-start -F -n $S_NAME -f $S_CONF -- /bin/sh -c 'tty; echo term=\${TERM-unset}; exit 5'" /dev/null </dev/null 2>&1)
	rc=$?
	t_match "on a terminal the init's stdio is the console" "/dev/console" "$out"
	t_match "the caller's TERM stays out, as with LXC" "term=unset" "$out"
	t_eq "and its status passes through" 5 "$rc"
else
	t_skip "on a terminal the init's stdio is the console" "no script(1) (util-linux)"
fi
t_done
