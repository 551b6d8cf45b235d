#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-console: a busybox getty on tty1 answers through the monitor, driven
# by a pty; Ctrl-a q detaches, re-attach works, the window size follows;
# lxc.console.logfile keeps the console.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib/lifecycle.sh"
t_require_cmd python3

a=ctrt${T_ID}c
cat >"$LC_ROOTFS/etc/inittab" <<'IT'
::sysinit:/bin/echo console-sysinit-ran
tty1::respawn:/sbin/getty 38400 tty1
IT
lc_conf "$a" "lxc.tty.max = 2" "lxc.console.logfile = $LC_DIR/console.log" >/dev/null
t_ok "start -d" lc_start "$a"

# drive.py STEPS...: runs ctr-console in a pty of 33x111; each step is
# SEND=>EXPECT (\r, \x01 escapes allowed).  Exits 0 when every EXPECT came
# and ctr-console exited 0.
cat >"$LC_DIR/drive.py" <<'PY'
import fcntl, os, pty, select, struct, sys, termios, time
argv = sys.argv[1:sys.argv.index('--')]
steps = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 33, 111, 0, 0))
out = b''
def read_until(e, t=10):
    global out
    d = time.time() + t
    while e not in out and time.time() < d:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: return False
    return e in out
ok = read_until(os.environ.get('EXPECT_FIRST', 'detach').encode())
for s in steps:
    send, _, expect = s.partition('=>')
    send = send.encode().decode('unicode_escape').encode('latin-1')
    if send == b'WINCH':
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
        os.kill(pid, 28); time.sleep(0.3); continue
    out = b''
    os.write(fd, send)
    if expect and not read_until(expect.encode()):
        print('missing %r in %r' % (expect, out[-400:])); ok = False; break
status = None
d = time.time() + 5
while time.time() < d:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p: status = os.waitstatus_to_exitcode(st); break
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try: os.read(fd, 4096)
        except OSError: pass
if status is None:
    os.kill(pid, 9); os.waitpid(pid, 0); print('ctr-console did not exit')
print('exit', status)
sys.exit(0 if ok and status == int(os.environ.get('EXPECT_STATUS', '0')) else 1)
PY
drive() { python3 "$LC_DIR/drive.py" ctr-console -n "$a" "$@"; }

t_ok "getty on tty1 answers, root logs in, Ctrl-a q detaches" \
	drive -t 1 -- '\r=>login:' 'root\r=>#' 'echo in-$((6*7))\r=>in-42' '\x01q'
t_ok "re-attach finds the same shell" \
	drive -t 1 -- 'echo again-$((7*7))\r=>again-49' 'cat /proc/1/comm\r=>init' '\x01q'
t_ok "the window size follows (TIOCSWINSZ, SIGWINCH)" \
	drive -t 1 -- 'stty size\r=>33 111' 'WINCH' 'stty size\r=>40 120' '\x01q'
t_ok "Ctrl-a Ctrl-a sends one Ctrl-a (the shell sees ^A: line start)" \
	drive -t 1 -- 'cho x-$((2*4))\x01\x01e\r=>x-8' '\x01q'
# the first client stays attached until the test closes its input (a FIFO),
# not for a fixed time
mkfifo "$LC_DIR/hold"
ctr-console -n "$a" -t 1 <"$LC_DIR/hold" >/dev/null 2>&1 &
holder=$!
exec 7>"$LC_DIR/hold"
lc_wait_for 5 sh -c "ctr-ls >/dev/null; ! ctr-console -n '$a' -t 1 </dev/null >/dev/null 2>&1"
out=$(ctr-console -n "$a" -t 1 </dev/null 2>&1)
t_match "a second client on the same tty is refused" "attached elsewhere" "$out"
exec 7>&-
wait "$holder"
t_ok "once the first detached, the tty is free again" ctr-console -n "$a" -t 1 </dev/null
ctr-console -n "$a" -t 5 </dev/null 2>/dev/null
t_eq "a tty the container lacks: exit 1" 1 $?
out=$(ctr-console -n "ctrt${T_ID}none" </dev/null 2>&1)
t_eq "a stopped container: exit 1" 1 $?
t_match "a stopped container: says it is not running" "container 'ctrt${T_ID}none' is not running" "$out"

# ctr-attach on a terminal: a new pty from the container's devpts, relayed
t_ok "attach on a terminal: a pty inside, the window size, the exit status" \
	env EXPECT_FIRST='#' EXPECT_STATUS=5 python3 "$LC_DIR/drive.py" ctr-attach -n "$a" -- \
	'tty\r=>/dev/pts/' 'stty size\r=>33 111' 'WINCH' 'stty size\r=>40 120' \
	'cat /proc/1/comm\r=>init' 'exit 5\r'

t_ok "the console log holds init's console output" grep -q console-sysinit-ran "$LC_DIR/console.log"
ctr-attach -n "$a" -- sh -c 'echo via-console-$((3*5)) >/dev/console'
t_ok "and what is written to /dev/console later" \
	lc_wait_for 5 grep -q via-console-15 "$LC_DIR/console.log"
t_ok "console 0 through ctr-console" \
	drive -t 0 -- 'WINCH' '\x01q'
t_ok "stop" ctr-stop -n "$a" -t 5
out=$(ctr-console -n "$a" </dev/null 2>&1)
t_eq "after stop the console is gone: exit 1" 1 $?
t_match "after stop: says it is not running" "container '$a' is not running" "$out"
t_done
