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
DATA   += data/ctr-demo.sh
UNITS  += data/ctr@.service
OPENRC += data/ctr.openrc
DEPS_TEST += python3
# start-confine: keyctl for the session keyring test
DEPS_TEST += keyutils
# seccomp filters (runtime/seccomp.c) through libseccomp (PKGS in the Makefile).
DEPS_BUILD += libseccomp-dev
