#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The control socket and the run dir: modes, peer credentials, strangers
# closed at once, idle clients dropped; no unprivileged user can deny
# service to root.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
t_require_cmd python3 "Debian package python3"
t_require_cmd setpriv "Debian package util-linux"
id nobody >/dev/null 2>&1 || t_skip_all "no user nobody"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# the system's python: one under root's home is out of nobody's reach
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)

a=ctrt${T_ID}a
printf '::respawn:/bin/sleep 1000\n' >"$LC_ROOTFS/etc/inittab"
lc_conf "$a" >/dev/null
t_ok "start" lc_start "$a"
rd=$CTR_RUNDIR/$a
mode() { stat -c %a "$1" 2>/dev/null; }
t_eq "the run dir is 0700" 700 "$(mode "$rd")"
t_eq "the control socket is 0600" 600 "$(mode "$rd/control")"
t_ok "and a socket" test -S "$rd/control"
for f in state monitor.pid monitor.lock; do
	t_eq "$f is 0600" 600 "$(mode "$rd/$f")"
done
t_eq "the run dir is root's" 0 "$(stat -c %u "$rd")"

# --- a stranger -------------------------------------------------------------------
chmod 755 "$LC_DIR" # the temp dir above RUNDIR is 0700: only the run dir's own mode speaks
out=$(as_nobody cat "$rd/state" 2>&1)
t_match "nobody cannot read the state" "Permission denied" "$out"
out=$(as_nobody ctr-stop -n "$a" -k 2>&1)
t_match "nobody cannot stop it (connect is refused)" "Permission denied" "$out"
t_eq "it still runs" RUNNING "$(lc_state "$a")"

# hold.py PATH N: connects N times, says "ready N" (N that connected), holds
# them until its stdin ends, then says how many the monitor had closed
cat >"$LC_DIR/hold.py" <<'PY'
import select, socket, sys, time
path, n = sys.argv[1], int(sys.argv[2])
socks = []
for _ in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(path)
        socks.append(s)
    except OSError:
        s.close()
print("ready", len(socks), flush=True)
sys.stdin.read()
closed = 0
for s in socks:
    s.setblocking(False)
    try:
        while True:
            if s.recv(512) == b"":
                closed += 1
                break
    except BlockingIOError:
        pass
print("closed", closed, flush=True)
PY
# the socket made reachable, as a misconfigured group or mode would: the
# monitor's own check must still hold
chmod 755 "$rd"
chmod 666 "$rd/control"
coproc HOLD { as_nobody "$py" "$LC_DIR/hold.py" "$rd/control" 40 2>&1; }
hin=${HOLD[0]} hout=${HOLD[1]} hpid=$HOLD_PID
read -r -t 20 word held <&"$hin"
t_eq "nobody connects 40 times to a reachable socket" "ready 40" "$word ${held:-}"
t_eq "root's attach works meanwhile" "ok-$T_ID" "$(ctr-attach -T -n "$a" -- echo "ok-$T_ID" 2>&1)"
out=$(as_nobody ctr-attach -T -n "$a" -- true 2>&1)
t_match "nobody's attach is answered 'Permission denied'" "Permission denied" "$out"
# the answer races the close: the request may go unread (ECONNRESET first)
n=0
for i in $(seq 1 20); do
	as_nobody ctr-stop -n "$a" -k 2>&1 | grep -q "Permission denied" && n=$((n + 1))
done
t_eq "20 of 20 of nobody's stops are answered 'Permission denied'" 20 "$n"
t_eq "it still runs" RUNNING "$(lc_state "$a")"
exec {hout}>&-
read -r -t 20 word closed <&"$hin"
t_eq "every one of the 40 was closed by the monitor at once" "closed 40" "$word ${closed:-}"
wait "$hpid" 2>/dev/null
chmod 700 "$rd"
chmod 600 "$rd/control"

# --- an idle client (root's) is dropped after 5 s, on the monitor's timer --------
secs=$("$py" - "$rd/control" <<'PY'
import select, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
t = time.monotonic()
r, _, _ = select.select([s], [], [], 20)
print("%.1f" % (time.monotonic() - t) if r and s.recv(64) == b"" else "never")
PY
)
t_match "an idle client is dropped after about 5 s (took $secs s)" '^([4-9]\.|1[0-4]\.)' "$secs"
# 40 idle connections of root's own do not keep root out for longer than that
coproc IDLE { "$py" "$LC_DIR/hold.py" "$rd/control" 40 2>&1; }
hin=${IDLE[0]} hout=${IDLE[1]} hpid=$IDLE_PID
read -r -t 20 word held <&"$hin"
t_eq "40 idle connections" "ready 40" "$word ${held:-}"
t_ok "ctr-stop works after them, within the idle timeout and a bit" \
	lc_wait_for 10 ctr-stop -n "$a" -t 5
exec {hout}>&-
wait "$hpid" 2>/dev/null
t_not "the run dir is gone" test -e "$rd"
t_done
