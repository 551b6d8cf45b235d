# runtime: adds man pages and data files; sources are found by wildcard.
LDLIBS += -lm
# rt-config: the config language (runtime/config*.c, ctr-config).
MANS += man/ctr.conf.5 man/ctr-config.8
# ctr-start (rt-start)
MANS += man/ctr-start.8
DEPS_BENCH += lxc time
# lifecycle: monitor, stop, attach, console, ls, info, autostart
MANS += man/ctr-stop.8 man/ctr-attach.8 man/ctr-console.8 man/ctr-ls.8 man/ctr-info.8 \
        man/ctr-autostart.8
DATA += data/ctr.openrc data/ctr@.service data/ctr-demo.sh
DEPS_TEST += python3
# ctr-attach is among a container's processes until its exec: linked
# statically, nothing of the host is mapped in it but its own sealed memfd
# copy (a shared library of the host's would be open to writing through
# /proc/PID/map_files).  There is no libkmod.a, and attach needs none.
# Sanitizer builds, whose runtimes do not link statically, stay dynamic.
# Keep this last: LDLIBS is taken as it is here.
ifeq ($(strip $(SAN)),)
$(B)/bin/ctr-attach: LDFLAGS += -static-pie
$(B)/bin/ctr-attach: LDLIBS := $(filter-out -lkmod,$(LDLIBS))
endif
