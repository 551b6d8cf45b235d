# SPDX-License-Identifier: LGPL-2.1-or-later
# ctr-oci: the OCI runtime front end (runtime/oci/, runtime/ctr-oci.c);
# config.json and state.json through json-c (PKGS in the Makefile).
MANS += man/ctr-oci.8
DEPS_BUILD += libjson-c-dev
# the oci-podman and oci-containerd suites (uidmap and the CNI plugins are
# only podman's recommendations: --uidmap and its network setup want them)
DEPS_TEST += podman conmon containerd runc jq uidmap containernetworking-plugins
