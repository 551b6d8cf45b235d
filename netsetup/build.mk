# SPDX-License-Identifier: LGPL-2.1-or-later
# netsetup: adds man pages and data files; sources are found by wildcard.
MANS      += man/ctr-netsetup.8
DEPS_TEST += iproute2 iputils-ping jq util-linux
