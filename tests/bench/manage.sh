#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Making and managing containers, side by side with the peers:
#  1. `ctr-create --from TARBALL` against `tar -xpf` of the same tarball
#     (target: at most 1.1x), on a real Debian tree when the distro suite's
#     cache has one, else a busybox tree with /usr/share/doc for bulk;
#  2. `ctr-freeze` + `ctr-unfreeze` of a container with 100 processes
#     against `lxc-freeze` + `lxc-unfreeze` of the same container under LXC
#     (target: under 20 ms);
#  3. `ctr-device add` + `del` of a device node and of a network interface
#     in that running container against `lxc-device` under LXC.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib.sh" >/dev/null
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 0; }
for c in ctr-create tar busybox; do
	command -v "$c" >/dev/null || { echo "skip: needs $c"; exit 0; }
done
N=${BENCH_N:-5}
F=${BENCH_FREEZE_N:-20}

d=$(mktemp -d /tmp/ctrt-bench-manage-XXXXXX)
cleanup() {
	ctr-stop -k -n ctrtbf >/dev/null 2>&1
	lxc-stop -P "$d/lxc" -n ctrtbf -k >/dev/null 2>&1
	ip link del ctrtbdv0 >/dev/null 2>&1
	rm -rf "$d"
}
trap 'cleanup; t__exit' EXIT
export CTR_RUNDIR=$d/run CTR_LXCPATH=$d/ctr
mkdir -p "$d/etc" "$d/lxc" "$d/ctr" "$CTR_RUNDIR"

# --- 1. create from a tarball -------------------------------------------------
cache=${CTR_TEST_CACHE:-/var/cache/ctr-tests}
tree=
for t in "$cache"/debian-bookworm-systemd "$cache"/debian-bookworm-openrc; do
	[ -f "$t.stamp" ] && [ -d "$t" ] && { tree=$t; break; }
done
if [ -z "$tree" ]; then
	tree=$d/tree
	t_busybox_rootfs "$tree" >/dev/null
	mkdir -p "$tree/usr/share"; cp -a /usr/share/doc "$tree/usr/share/"
fi
tar --numeric-owner --xattrs --xattrs-include='*' -C "$tree" -czf "$d/tree.tar.gz" .
echo "tarball: $(du -h "$d/tree.tar.gz" | cut -f1) gzip of $(du -sh "$tree" | cut -f1) ($tree), $N rounds"
: >"$d/c" ; : >"$d/t"
for i in $(seq "$N"); do
	bench_ms ctr-create -q -n "c$i" --from "$d/tree.tar.gz" -P "$d/ctr" --sysconfdir "$d/etc" >>"$d/c"
	rm -rf "$d/ctr/c$i" "$d/etc/lxc/c$i.conf"
	mkdir "$d/x"
	bench_ms tar --numeric-owner --xattrs --xattrs-include='*' -xpzf "$d/tree.tar.gz" -C "$d/x" >>"$d/t"
	rm -rf "$d/x"
done
mc=$(bench_median "$d/c"); mt=$(bench_median "$d/t")
printf 'ctr-create --from: median %8.1f ms\ntar -xpzf:         median %8.1f ms\nratio %.2f (target <= 1.10)\n' \
	"$mc" "$mt" "$(awk -v a="$mc" -v b="$mt" 'BEGIN{print a/b}')"

# --- 1b. a snapshot: ctr-copy -s against lxc-copy -s -B overlay ----------------
mkdir -p "$d/src"
ctr-create -q -n ctrtbs --from-dir "$tree" -P "$d/ctr" --sysconfdir "$d/etc" >/dev/null 2>&1
: >"$d/cs"
for i in $(seq 10); do
	bench_ms ctr-copy -q -n ctrtbs -N "s$i" -s -P "$d/ctr" --sysconfdir "$d/etc" >>"$d/cs"
	ctr-destroy -n "s$i" -P "$d/ctr" --sysconfdir "$d/etc" >/dev/null 2>&1
done
mcs=$(bench_median "$d/cs")
printf 'ctr-copy --snapshot:  median %.2f ms (target < 50)\n' "$mcs"
if command -v lxc-copy >/dev/null; then
	mkdir -p "$d/lxc/ctrtbs"
	printf 'lxc.uts.name = ctrtbs\nlxc.rootfs.path = dir:%s/ctr/ctrtbs/rootfs\nlxc.net.0.type = empty\n' "$d" \
		>"$d/lxc/ctrtbs/config"
	: >"$d/ls"
	for i in $(seq 10); do
		bench_ms lxc-copy -P "$d/lxc" -n ctrtbs -N "s$i" -s -B overlay >>"$d/ls"
		lxc-destroy -P "$d/lxc" -n "s$i" >/dev/null 2>&1
	done
	mls=$(bench_median "$d/ls")
	printf 'lxc-copy -s -B overlay: median %.2f ms\nratio %.2f\n' "$mls" \
		"$(awk -v a="$mcs" -v b="$mls" 'BEGIN{print a/b}')"
	rm -rf "$d/lxc/ctrtbs"
fi
ctr-destroy -n ctrtbs -P "$d/ctr" --sysconfdir "$d/etc" >/dev/null 2>&1

# --- 2. freeze and thaw a container of 100 processes --------------------------
r=$d/rootfs
t_busybox_rootfs "$r" >/dev/null
printf '#!/bin/sh\nfor i in $(seq 100); do sleep 100000 & done\n' >"$r/bin/spawn100"
chmod +x "$r/bin/spawn100"
printf '::sysinit:/bin/spawn100\n::respawn:/bin/sleep 100000\n' >"$r/etc/inittab"
printf 'lxc.uts.name = ctrtbf\nlxc.rootfs.path = %s\n' "$r" >"$d/ctrtbf.conf"
ctr-start -d -n ctrtbf -f "$d/ctrtbf.conf" || { echo "ctr-start fails"; exit 1; }
ctr-wait -n ctrtbf -s RUNNING -t 10
: >"$d/cf"
for i in $(seq "$F"); do
	s=$EPOCHREALTIME; ctr-freeze -n ctrtbf && ctr-unfreeze -n ctrtbf; e=$EPOCHREALTIME
	awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$d/cf"
done
mcf=$(bench_median "$d/cf")
printf 'ctr-freeze + ctr-unfreeze (100 processes): median %.2f ms (target < 20)\n' "$mcf"

# --- 3. a device node and an interface in and out ------------------------------
# dev_pairs OUT KIND CMD...: milliseconds of `CMD add X` then `CMD del X`
# into OUT, X a device node (KIND node) or a veth (KIND link); 1 on failure
dev_pairs() {
	local out=$1 kind=$2 i s e r=0
	shift 2
	: >"$out"
	[ "$kind" = link ] && { ip link add ctrtbdv0 type veth peer name ctrtbdv1 || return 1; }
	for i in $(seq "$F"); do
		s=$EPOCHREALTIME
		if [ "$kind" = node ]; then
			"$@" add /dev/loop-control >/dev/null && "$@" del /dev/loop-control >/dev/null || { r=1; break; }
		else
			"$@" add ctrtbdv0 eth1 >/dev/null && "$@" del eth1 ctrtbdv0 >/dev/null || { r=1; break; }
		fi
		e=$EPOCHREALTIME
		awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$out"
	done
	[ "$kind" = link ] && ip link del ctrtbdv0 2>/dev/null
	return $r
}
mcd= mcl=
dev_pairs "$d/cd.node" node ctr-device -n ctrtbf && mcd=$(bench_median "$d/cd.node")
dev_pairs "$d/cd.link" link ctr-device -n ctrtbf && mcl=$(bench_median "$d/cd.link")
printf 'ctr-device add + del, node:      median %s ms\nctr-device add + del, interface: median %s ms\n' \
	"${mcd:-(fails here)}" "${mcl:-(fails here)}"
ctr-stop -k -n ctrtbf
if command -v lxc-start >/dev/null; then
	mkdir -p "$d/lxc/ctrtbf"
	printf 'lxc.uts.name = ctrtbf\nlxc.rootfs.path = dir:%s\nlxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\nlxc.init.cmd = /sbin/init\n' \
		"$r" >"$d/lxc/ctrtbf/config"
	if lxc-start -P "$d/lxc" -n ctrtbf -d && lxc-wait -P "$d/lxc" -n ctrtbf -s RUNNING -t 10; then
		: >"$d/lf"
		for i in $(seq "$F"); do
			s=$EPOCHREALTIME
			lxc-freeze -P "$d/lxc" -n ctrtbf && lxc-unfreeze -P "$d/lxc" -n ctrtbf
			e=$EPOCHREALTIME
			awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f\n", (e-s)*1e3}' >>"$d/lf"
		done
		mlf=$(bench_median "$d/lf")
		printf 'lxc-freeze + lxc-unfreeze:                 median %.2f ms\nratio %.2f\n' \
			"$mlf" "$(awk -v a="$mcf" -v b="$mlf" 'BEGIN{print a/b}')"
		# lxc-device enters the host's netns through /proc/1/ns/net for an
		# interface: where that is closed (a container host) only nodes compare
		for k in node link; do
			c=$(bench_median "$d/cd.$k")
			if [ -s "$d/cd.$k" ] && dev_pairs "$d/ld.$k" "$k" lxc-device -P "$d/lxc" -n ctrtbf 2>"$d/ld.err"; then
				l=$(bench_median "$d/ld.$k")
				printf 'lxc-device add + del, %-9s median %.2f ms (ctr-device %.2f ms, ratio %.2f)\n' \
					"$k:" "$l" "$c" "$(awk -v a="$c" -v b="$l" 'BEGIN{print a/b}')"
			else
				printf 'lxc-device add + del, %-9s fails here (%s); no comparison\n' "$k:" \
					"$(grep . "$d/ld.err" | tail -n 1)"
			fi
		done
		lxc-stop -P "$d/lxc" -n ctrtbf -k >/dev/null 2>&1
	else
		echo "lxc-freeze: LXC could not start the container here; no comparison"
	fi
fi
