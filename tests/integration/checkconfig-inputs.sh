#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-checkconfig's inputs: where the config comes from, formats, bad input,
# rules files, options, colour, exit status.  Every case in its own temp dir.
. "$(dirname "$0")/../lib.sh"
t_require_cmd ctr-checkconfig "build it with make"
t_require_cmd jq
tmp=$(t_tmpdir)

# A small config with a header; every required option set.
good=$tmp/good.config
cat >"$good" <<'CFG'
#
# Linux/x86 6.1.0 Kernel Configuration
#
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_USER_NS=y
CONFIG_CGROUPS=y
CONFIG_CGROUP_DEVICE=y
CONFIG_CGROUP_FREEZER=y
CONFIG_CGROUP_SCHED=y
CONFIG_CGROUP_CPUACCT=y
CONFIG_MEMCG=y
CONFIG_VETH=m
CONFIG_BRIDGE=m
CONFIG_UNIX98_PTYS=y
CONFIG_MODULES=y
CONFIG_VLAN_8021Q=m
CFG

run() { # prints "rc" then output; args: command...
	local out rc
	out=$("$@" 2>&1); rc=$?
	printf '%s\n%s' "$rc" "$out"
}
rc_of() { "$@" >/dev/null 2>&1; echo $?; }

# --- where the config comes from -------------------------------------------
t_eq "good config: exit 0" 0 "$(rc_of ctr-checkconfig -c "$good")"
t_eq "CONFIG= names the file" "$good" "$(CONFIG=$good ctr-checkconfig --json | jq -r .config.path)"
t_eq "-c wins over CONFIG=" "$good" "$(CONFIG=/nonexistent/ctrt ctr-checkconfig --json -c "$good" | jq -r .config.path)"
t_eq "--config long form" "$good" "$(ctr-checkconfig --json --config "$good" | jq -r .config.path)"
r=$(run ctr-checkconfig -c "$tmp/nope.config")
t_eq "missing -c path: exit 2" 2 "${r%%$'\n'*}"
t_match "missing -c path: names it" "ctr-checkconfig: $tmp/nope.config: cannot open \(No such file or directory\)" "$r"
t_nomatch "missing -c path: no fall-back report" "Namespaces" "$r"
t_eq "missing CONFIG= path: exit 2" 2 "$(CONFIG=$tmp/nope.config rc_of ctr-checkconfig)"
t_eq "directory: exit 2" 2 "$(rc_of ctr-checkconfig -c "$tmp")"

# --- formats -----------------------------------------------------------------
gzip -c "$good" >"$tmp/good.gz"
t_eq "gzip read" "gzip 0" "$(ctr-checkconfig --json -c "$tmp/good.gz" | jq -r '"\(.config.format) \(.summary.exit)"')"
for z in "xz xz" "zstd zstd" "bzip2 bzip2" "lz4 lz4"; do
	set -- $z
	if command -v "$2" >/dev/null; then
		"$2" -c "$good" >"$tmp/good.$1" 2>/dev/null
	else # the magic bytes are enough to be recognised
		case $1 in
		xz) printf '\3757zXZ\0\0\0' ;; zstd) printf '\050\265\057\375\0\0' ;;
		bzip2) printf 'BZh91AY&SY' ;; lz4) printf '\004\042\115\030\0\0' ;;
		esac >"$tmp/good.$1"
	fi
	r=$(run ctr-checkconfig -c "$tmp/good.$1")
	t_eq "$1: refused with exit 2" 2 "${r%%$'\n'*}"
	t_match "$1: says how to decompress" "$1-compressed data is not read; decompress it first: $1 -dc" "$r"
	t_nomatch "$1: never read as text (no report)" "missing" "$r"
done

# --- bad input -----------------------------------------------------------------
: >"$tmp/empty"
r=$(run ctr-checkconfig -c "$tmp/empty")
t_eq "empty: exit 2" 2 "${r%%$'\n'*}"
t_match "empty: says so" "$tmp/empty: empty file" "$r"

cp "$(command -v ctr-checkconfig)" "$tmp/binary"
r=$(run ctr-checkconfig -c "$tmp/binary")
t_eq "binary: exit 2" 2 "${r%%$'\n'*}"
t_match "binary: says so" "binary data \(a NUL byte at offset" "$r"

size=$(stat -c %s "$tmp/good.gz")
head -c $((size / 2)) "$tmp/good.gz" >"$tmp/trunc.gz"
r=$(run ctr-checkconfig -c "$tmp/trunc.gz")
t_eq "truncated gzip: exit 2" 2 "${r%%$'\n'*}"
t_match "truncated gzip: says so" "$tmp/trunc.gz: truncated gzip data" "$r"

printf 'hello\nthis is not a kernel config\n' >"$tmp/noconfig"
r=$(run ctr-checkconfig -c "$tmp/noconfig")
t_eq "no CONFIG_ lines: exit 2" 2 "${r%%$'\n'*}"
t_match "no CONFIG_ lines: says so" "no CONFIG_ lines; not a kernel configuration" "$r"

truncate -s 200M "$tmp/big"
r=$(run ctr-checkconfig -c "$tmp/big")
t_eq "200 MB file: exit 2" 2 "${r%%$'\n'*}"
t_match "200 MB file: too large" "209715200 bytes is too large for a kernel configuration \(limit 64 MiB\)" "$r"
rm -f "$tmp/big"
head -c 200M /dev/zero | gzip -1 >"$tmp/big.gz"
r=$(run ctr-checkconfig -c "$tmp/big.gz")
t_eq "gzip inflating to 200 MB: exit 2" 2 "${r%%$'\n'*}"
t_match "gzip inflating to 200 MB: says so" "inflates beyond 64 MiB" "$r"
rm -f "$tmp/big.gz"

{ cat "$good"; echo "CONFIG_BROKEN_LINE"; } >"$tmp/noeq"
r=$(run ctr-checkconfig -c "$tmp/noeq")
t_eq "line without '=': still checked, exit 0" 0 "${r%%$'\n'*}"
t_match "line without '=': warning names file:line" "warning: $tmp/noeq:21: no '=' in 'CONFIG_BROKEN_LINE'" "$r"

{ cat "$good"; echo "# CONFIG_VLAN_8021Q is not set"; echo "CONFIG_VETH=y"; } >"$tmp/twice"
j=$(ctr-checkconfig --json -c "$tmp/twice" 2>"$tmp/twice.err")
t_eq "set twice: the last wins (VLAN off)" "missing" "$(jq -r '.checks[]|select(.id=="VLAN_8021Q")|.state' <<<"$j")"
t_eq "set twice: the last wins (VETH y)" "enabled" "$(jq -r '.checks[]|select(.id=="VETH")|.state' <<<"$j")"
t_match "set twice: warned" "'CONFIG_VLAN_8021Q' set twice \(lines 20 and 21; the last wins\)" "$(cat "$tmp/twice.err")"

sed 's/$/\r/' "$good" >"$tmp/crlf"
t_eq "CRLF: same verdicts" "$(ctr-checkconfig --json -c "$good" | jq -c '[.checks[]|.state]')" \
	"$(ctr-checkconfig --json -c "$tmp/crlf" 2>/dev/null | jq -c '[.checks[]|.state]')"
t_eq "CRLF: version still read" "6.1.0" "$(ctr-checkconfig --json -c "$tmp/crlf" 2>/dev/null | jq -r .kernel.version)"
t_match "CRLF: noted" "CRLF line ends on 20 lines" "$(ctr-checkconfig -c "$tmp/crlf" 2>&1 >/dev/null)"

# --- exit status 1 -----------------------------------------------------------------
grep -v CONFIG_VETH "$good" >"$tmp/noveth"
r=$(run ctr-checkconfig --no-color -c "$tmp/noveth")
t_eq "required option missing: exit 1" 1 "${r%%$'\n'*}"
t_match "required option missing: why and fix" "Veth pair device: +missing, required \(CONFIG_VETH\)" "$r"
t_match "required option missing: fix line" "fix: set CONFIG_VETH=m" "$r"
cat >"$tmp/old.config" <<'CFG'
# Linux/x86 3.11.0 Kernel Configuration
CONFIG_USER_NS=y
CONFIG_XFS_FS=y
CFG
j=$(ctr-checkconfig --json -c "$tmp/old.config" 2>/dev/null)
t_eq "3.11 with USER_NS=y and XFS_FS=y: no constraint complaint" "not-needed" \
	"$(jq -r '.checks[]|select(.id=="USERNS_CONSTRAINTS")|.state' <<<"$j")"

# --- rules files -------------------------------------------------------------------
cat >"$tmp/one.rules" <<'R'
group Test
check VLAN_8021Q
	severity required
	why a test rule
R
j=$(ctr-checkconfig --json -c "$good" --rules "$tmp/one.rules")
t_eq "--rules: only its check" "VLAN_8021Q module" "$(jq -r '.checks[]|"\(.id) \(.state)"' <<<"$j")"
t_eq "--rules: named in the JSON" "$tmp/one.rules" "$(jq -r .rules <<<"$j")"
t_eq "--rules, required missing: exit 1" 1 "$(rc_of ctr-checkconfig -c "$tmp/noveth" -r <(printf 'group G\ncheck VETH\n\tseverity required\n\twhy w\n'))"
printf 'group G\ncheck A\n\tseverity sometimes\n\twhy w\n' >"$tmp/bad.rules"
r=$(run ctr-checkconfig -c "$good" --rules "$tmp/bad.rules")
t_eq "malformed rules: exit 2" 2 "${r%%$'\n'*}"
t_match "malformed rules: names file:line" "ctr-checkconfig: $tmp/bad.rules:3: unknown severity 'sometimes'" "$r"
r=$(run env CTR_DATADIR="$tmp/nodata" ctr-checkconfig -c "$good")
t_eq "CTR_DATADIR without rules: exit 2" 2 "${r%%$'\n'*}"
t_match "CTR_DATADIR: default rules path" "$tmp/nodata/checkconfig.rules: cannot open rules file" "$r"
mkdir "$tmp/data" && cp "$tmp/one.rules" "$tmp/data/checkconfig.rules"
t_eq "CTR_DATADIR picks the rules" "1" "$(CTR_DATADIR=$tmp/data ctr-checkconfig --json -c "$good" | jq '.checks|length')"

# --- options -----------------------------------------------------------------------
t_eq "unknown option: exit 2" 2 "$(rc_of ctr-checkconfig --frobnicate)"
t_eq "bad --kernel-version: exit 2" 2 "$(rc_of ctr-checkconfig -c "$good" -k banana)"
t_eq "stray argument: exit 2" 2 "$(rc_of ctr-checkconfig "$good")"
t_eq "--help: exit 0" 0 "$(rc_of ctr-checkconfig --help)"
t_match "--version" "^ctr-checkconfig [0-9]" "$(ctr-checkconfig --version)"
t_eq "-k overrides the header" "4.4.0 option" "$(ctr-checkconfig --json -c "$good" -k 4.4 | jq -r '"\(.kernel.version) \(.kernel.version_from)"')"
t_eq "-k 4.4 brings the devpts check" "missing" \
	"$(ctr-checkconfig --json -c "$good" -k 4.4 | jq -r '.checks[]|select(.id=="DEVPTS_MULTIPLE_INSTANCES")|.state')"
q=$(ctr-checkconfig -q --no-color -c "$good" 2>&1)
t_nomatch "-q: no OK lines" "enabled" "$q"
t_match "-q: problems shown" "Macvlan: +missing" "$q"

# SYNOPSIS in the man page matches --help.
if command -v man >/dev/null; then
	syn=$(MANWIDTH=200 man -l "$T_TOP/man/ctr-checkconfig.8" 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr -s ' \n' ' ')
	usage=$(ctr-checkconfig --help | sed -n '1,/-h | -V/p' | sed 's/^usage: //' | tr -s ' \n' ' ')
	for tok in "-c FILE" "-r FILE" "-m DIR" "-k X.Y[.Z]" "[-H]" "[-j]" "[-q]" "[--no-color]" "-h | -V" \
		"-n NAME" "-P DIR" "--container FILE" "--format FMT"; do
		case $usage in *"$tok"*) ;; *) t_fail "--help has '$tok'"; continue ;; esac
		case $syn in *"$tok"*) t_pass "man SYNOPSIS has '$tok' like --help" ;;
		*) t_fail "man SYNOPSIS lacks '$tok'" "$syn" ;; esac
	done
else
	t_skip "man SYNOPSIS" "man is not installed"
fi

# --- colour --------------------------------------------------------------------------
esc=$'\033\\['
t_nomatch "no colour into a pipe" "$esc" "$(ctr-checkconfig -c "$good")"
if command -v script >/dev/null; then
	tty_out=$(TERM=xterm script -qec "ctr-checkconfig -c '$good'" /dev/null </dev/null)
	t_match "colour on a terminal" "$esc" "$tty_out"
	tty_out=$(TERM=dumb script -qec "ctr-checkconfig -c '$good'" /dev/null </dev/null)
	t_nomatch "no colour on a dumb terminal" "$esc" "$tty_out"
	tty_out=$(NO_COLOR=1 script -qec "ctr-checkconfig -c '$good'" /dev/null </dev/null)
	t_nomatch "NO_COLOR respected on a terminal" "$esc" "$tty_out"
	tty_out=$(script -qec "ctr-checkconfig --no-color -c '$good'" /dev/null </dev/null)
	t_nomatch "--no-color respected on a terminal" "$esc" "$tty_out"
else
	t_skip "colour on a terminal" "script(1) is not installed"
fi
t_done
