#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What every command shares (lib/cli.c): -V and -h, --help matching the man
# page's SYNOPSIS and OPTIONS, one way to report a usage error and one exit
# status for it (2; 125 for ctr-start and ctr-attach, which pass a status
# through), and argument checks that once let a bad value through
# (--vlan 4294967306 was VLAN 10), -f for lxc-ls users.
. "$(dirname "$0")/../lib.sh"

tmp=$(t_tmpdir)
export CTR_CONFIG_PATH=$tmp CTR_RUNDIR=$tmp/run CTR_LXCPATH=$tmp/lxc

# The option words (-x, --long) of a list of lines.
toks() { grep -oE '(^|[][ ,|(])--?[A-Za-z0-9][-A-Za-z0-9]*' | sed -E 's/^[][ ,|(]//' | sort -u; }
# The options an option list names: lines that start with one, up to the
# first gap of two spaces (where the description starts).
opt_items() { grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' | toks; }
help_options() { "$1" --help 2>&1 | opt_items; }
# The usage lines: the first and its indented continuations.
help_synopsis() { "$1" --help 2>&1 | awk 'NR == 1 || (go && /^ +[^ -]/) { go = 1; print; next } { exit }' | toks; }
man_text() { MANWIDTH=250 man -l "$1" 2>/dev/null | col -bx; }
# Options documented as items anywhere but in SYNOPSIS and EXAMPLES (ctr-create
# lists its sources in DESCRIPTION).
man_options() { man_text "$1" | sed '/^SYNOPSIS/,/^DESCRIPTION/d; /^EXAMPLES/,/^[A-Z]/d' | opt_items; }
man_synopsis() { man_text "$1" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | toks; }
have_man=1
command -v man >/dev/null && command -v col >/dev/null || have_man=0

# usage_error NAME WANT_RC ARGS...: a usage error: WANT_RC, nothing on
# stdout, "ctr-X: ..." then the pointer to --help on stderr.
usage_error() {
	local name=$1 want=$2 cmd=$3 out err rc; shift 3
	out=$("$cmd" "$@" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
	t_eq "$name: exit $want" "$want" "$rc"
	t_eq "$name: nothing on stdout" "" "$out"
	t_match "$name: the message names the command first" "^$cmd: [a-z-]" "$(head -n 1 <<<"$err")"
	t_eq "$name: two lines, the last points to --help" \
		"2 Try '$cmd --help' for more information." "$(wc -l <<<"$err") $(tail -n 1 <<<"$err")"
}

for b in "$CTR_BUILD"/bin/ctr-*; do
	n=$(basename "$b")
	out=$("$b" -V 2>&1); rc=$?
	t_eq "$n -V: exit 0" 0 "$rc"
	t_match "$n -V: prints its name and version" "^$n [0-9]+\.[0-9]+" "$out"
	out=$("$b" --version 2>&1)
	t_match "$n --version" "^$n [0-9]+\.[0-9]+" "$out"
	out=$("$b" -h 2>/dev/null); rc=$?
	t_eq "$n -h: exit 0" 0 "$rc"
	t_match "$n -h: usage on stdout, first" "^usage: $n " "$out"
	t_match "$n -h: lists -V" '-V, --version' "$out"
	t_match "$n -h: gives the -h | -V form" "^ +$n -h \| -V$" "$out"
	t_eq "$n -h: two spaces between each option and its text" "" \
		"$(printf '%s\n' "$out" | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' | grep -E ' [a-z(]')"
	t_not "$n -V on a full disk: not 0" sh -c "'$b' -V >/dev/full 2>/dev/null"

	case $n in ctr-start | ctr-attach) want=125 ;; *) want=2 ;; esac
	usage_error "$n --no-such-option" "$want" "$n" --no-such-option
	t_match "$n --no-such-option: says which" "unknown option '--no-such-option'" "$(cat "$tmp/err")"
	usage_error "$n -Z" "$want" "$n" -Z
	t_match "$n -Z: says which" "unknown option '-Z'" "$(cat "$tmp/err")"

	if [ $have_man = 0 ]; then
		t_skip "$n: --help against the man page" "man or col is not installed"
		continue
	fi
	m=$T_TOP/man/$n.8
	t_ok "$n has a man page" test -f "$m"
	a=$(help_options "$b" | tr '\n' ' ') z=$(man_options "$m" | tr '\n' ' ')
	t_match "$n: --help lists options" "-V" "$a"
	t_match "$n: the man page lists options" "-V" "$z"
	t_eq "$n: the options of --help are those of the man page" "$z" "$a"
	a=$(help_synopsis "$b" | tr '\n' ' ') z=$(man_synopsis "$m" | tr '\n' ' ')
	t_match "$n: --help has a synopsis" "-h" "$a"
	t_match "$n: the man page has a synopsis" "-h" "$z"
	t_eq "$n: the synopsis of --help is that of the man page" "$z" "$a"
	t_nomatch "$n: the man synopsis keeps '--' apart from what follows" '(^| |\[)--[A-Z]' \
		"$(man_text "$m" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')"
	t_match "$n: man page's EXIT STATUS states the rule" \
		"0 on success, 1 on failure and 2 on a usage|0 success, 1 failure, 2 usage error" \
		"$(man_text "$m" | sed -n '/^EXIT STATUS/,/^[A-Z]/p' | tr -s ' \n' ' ')"
done

printf 'lxc.rootfs.path = %s\n' "$tmp" >"$tmp/ctrt$T_ID.conf"

# Bash completion: every command, options from its --help, container names
# from the configs found (CTR_CONFIG_PATH here), wherever a NAME goes.
comp_file=$T_TOP/data/bash-completion/ctr
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ctr
		printf "%s\n" "${COMPREPLY[@]}"' _ "$comp_file" "$@" | tr '\n' ' ' | sed 's/ $//'
}
for b in "$CTR_BUILD"/bin/ctr-*; do
	n=$(basename "$b")
	t_ok "completion: $n is completed" bash -c '. "$1"; complete -p "$2"' _ "$comp_file" "$n"
	t_match "completion: $n's options from its --help" "(^| )--help( |$)" "$(comp "$n" --)"
done
t_eq "completion: a name after -n" "ctrt$T_ID" "$(comp ctr-info -n c)"
t_eq "completion: a name as the operand" "ctrt$T_ID" "$(comp ctr-stop c)"
t_eq "completion: a name after a flag (ctr-stop -k)" "ctrt$T_ID" "$(comp ctr-stop -k c)"
t_eq "completion: nothing for an argument (ctr-stop -t SECS)" "" "$(comp ctr-stop -t c)"
t_eq "completion: -k takes a version in ctr-checkconfig" "" "$(comp ctr-checkconfig -k c)"
t_eq "completion: states for ctr-wait -s" "RUNNING" "$(comp ctr-wait -s RUN)"
t_match "completion: -P on ctr-freeze" "--lxcpath" "$(comp ctr-freeze --l)"
t_eq "completion: nothing past --" "" "$(comp ctr-attach -n x -- c)"
mkdir -p "$tmp/lxcpath/ctrt${T_ID}p"
touch "$tmp/lxcpath/ctrt${T_ID}p/config"
t_eq "completion: names from LXCPATH/NAME/config with -P" "ctrt${T_ID}p" "$(comp ctr-stop -P "$tmp/lxcpath" "ctrt${T_ID}p")"
t_eq "completion: and from CTR_LXCPATH" "ctrt${T_ID}p" "$(CTR_LXCPATH=$tmp/lxcpath comp ctr-stop "ctrt${T_ID}p")"

# A command that needs a container, without one: a usage error.
usage_error "ctr-attach without NAME" 125 ctr-attach -- true
usage_error "ctr-start without NAME or FILE" 125 ctr-start
usage_error "ctr-console without NAME" 2 ctr-console -t 1
usage_error "ctr-copy without NAME" 2 ctr-copy -N "ctrt${T_ID}b"
usage_error "ctr-create without NAME" 2 ctr-create --from-dir "$tmp"
usage_error "ctr-destroy without NAME" 2 ctr-destroy -f
usage_error "ctr-device without NAME" 2 ctr-device add /dev/null
usage_error "ctr-device without an action" 2 ctr-device -n "ctrt$T_ID"
usage_error "ctr-freeze without NAME" 2 ctr-freeze
usage_error "ctr-unfreeze without NAME" 2 ctr-unfreeze
usage_error "ctr-info without NAME" 2 ctr-info -j
usage_error "ctr-stop without NAME" 2 ctr-stop -k
t_match "ctr-stop without NAME: says so" "^ctr-stop: no container named \(use -n NAME\)$" "$(head -n 1 "$tmp/err")"
usage_error "ctr-wait without NAME" 2 ctr-wait -s RUNNING
usage_error "ctr-config without NAME or FILE" 2 ctr-config -q
usage_error "ctr-stop -t without its argument" 2 ctr-stop -n "ctrt$T_ID" -t
t_match "a missing argument: says which option" "^ctr-stop: option '-t' needs an argument$" "$(head -n 1 "$tmp/err")"
usage_error "ctr-info --name without its argument" 2 ctr-info --name
usage_error "ctr-stop with two names" 2 ctr-stop "ctrt$T_ID" other
t_match "a second name: says which" "unexpected argument 'other'" "$(head -n 1 "$tmp/err")"
usage_error "ctr-stop -t 1e3" 2 ctr-stop -n "ctrt$T_ID" -t 1e3
usage_error "ctr-stop -t beyond a long" 2 ctr-stop -n "ctrt$T_ID" -t 99999999999999999999
usage_error "ctr-autostart with an unknown action" 2 ctr-autostart restart
usage_error "ctr-checkconfig with an operand" 2 ctr-checkconfig /boot/config
usage_error "ctr-netsetup without a NIC" 2 ctr-netsetup "ctrt${T_ID}br"

# A container that is not running is a failure (1) that says so, not a
# status of its own.
out=$(ctr-stop -n "ctrt${T_ID}none" 2>&1); rc=$?
t_eq "ctr-stop of a container that is not running: 1" 1 "$rc"
t_eq "and it says so" "ctr-stop: container 'ctrt${T_ID}none' is not running" "$out"
out=$(ctr-info -n "ctrt${T_ID}none" 2>&1); rc=$?
t_eq "ctr-info of no such container: 1" 1 "$rc"
t_match "and it says so" "^ctr-info: no container 'ctrt${T_ID}none'" "$out"

out=$(ctr-netsetup --vlan 4294967306 ctrt${T_ID}br ctrt${T_ID}nic 2>&1); rc=$?
t_eq "--vlan 4294967306: usage error" 2 "$rc"
t_match "--vlan 4294967306: says why" "invalid VLAN id '4294967306' \(1 to 4094\)" "$out"
out=$(ctr-netsetup --vlan -4294967286 ctrt${T_ID}br ctrt${T_ID}nic 2>&1); rc=$?
t_eq "--vlan -4294967286 (10 modulo 2^32): usage error" 2 "$rc"

t_eq "ctr-ls -f: the same table as ctr-ls" "$(ctr-ls 2>&1)" "$(ctr-ls -f 2>&1)"
t_match "ctr-ls --fancy lists the container" "^ctrt$T_ID +STOPPED" "$(ctr-ls --fancy 2>&1)"
t_done
