# SPDX-License-Identifier: LGPL-2.1-or-later
# The distro suites (tests/integration/distro-*.sh) and their benchmark:
# debootstrap builds the cached Debian trees (tests/distro/mktree), lxc-create
# writes the configs and LXC's stock includes are read from
# /usr/share/lxc/config (debian.common.conf is lxc-templates', which lxc only
# recommends), tmux drives ctr-console.
DEPS_TEST += debootstrap lxc lxc-templates tmux
