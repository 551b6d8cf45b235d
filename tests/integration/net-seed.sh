#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The seed's config with its network section restored (the keys the page
# lost: type veth, flags up, a static hwaddr, link br0, name eth0,
# veth.pair veth-example) on a bridge named br0 that the test makes in a
# network namespace of its own, so the name collides with nothing.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/integration/lib/net.sh"
. "$T_TOP/tests/integration/data/start-common.sh"
start_setup n

ip link add br0 type bridge && ip link set br0 up && ip addr add 10.54.0.1/24 dev br0 ||
	t_skip_all "cannot make the bridge br0"
t_defer "ip link del br0"
start_conf "$S_CONF" '/blkio.weight/d'
cat >>"$S_CONF" <<'CONF'

## Network
lxc.network.type                        = veth
lxc.network.flags                       = up
lxc.network.hwaddr                      = 02:00:5e:10:00:01
lxc.network.link                        = br0
lxc.network.name                        = eth0
lxc.network.veth.pair                   = veth-example
CONF

inside='cat /sys/class/net/eth0/address; cat /sys/class/net/eth0/operstate
ip addr add 10.54.0.2/24 dev eth0 && ping -c1 -W3 10.54.0.1 >/dev/null && echo reached
echo "$(ls /sys/class/net | tr "\n" " ")"'
ctr-start -F -n "$S_NAME" -f "$S_CONF" -- /bin/sh -c "sleep 0.5; $inside" </dev/null >"$N_DIR/out" 2>"$N_DIR/err" &
pid=$!
for i in $(seq 40); do ip link show veth-example >/dev/null 2>&1 && break; sleep 0.05; done
t_eq "the host end is veth-example, a port of br0" br0 \
	"$(ip -j link show veth-example 2>/dev/null | jq -r '.[0].master')"
wait $pid; rc=$?
t_eq "the seed's container runs with its network" 0 $rc
t_eq "inside: the static hwaddr, eth0 up, the bridge reached, eth0 and lo only" \
"02:00:5e:10:00:01
up
reached
eth0 lo " "$(cat "$N_DIR/out")"
t_eq "and no complaint from ctr-start" "" "$(cat "$N_DIR/err")"
t_eq "after the stop no veth is left" "" "$(net_veths)"
t_eq "and nothing else of the container" "" "$(start_leftovers "$S_NAME")"
out=$(ctr-start --print-config -f "$S_CONF" -n "$S_NAME" 2>/dev/null | grep '^lxc.net')
t_eq "--print-config migrates the section to modern keys" \
"lxc.net.0.type = veth
lxc.net.0.flags = up
lxc.net.0.link = br0
lxc.net.0.name = eth0
lxc.net.0.hwaddr = 02:00:5e:10:00:01
lxc.net.0.veth.pair = veth-example" "$out"
t_done
