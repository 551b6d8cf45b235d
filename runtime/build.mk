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
# management: create, destroy, freeze, unfreeze, wait
MANS += man/ctr-copy.8 man/ctr-create.8 man/ctr-destroy.8 man/ctr-freeze.8 man/ctr-unfreeze.8 man/ctr-wait.8
DEPS_TEST += attr libcap2-bin
DATA   += data/ctr-demo.sh
UNITS  += data/ctr@.service
OPENRC += data/ctr.openrc
DEPS_TEST += python3
# start-confine: keyctl for the session keyring test
DEPS_TEST += keyutils
