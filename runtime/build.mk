# runtime: adds man pages and data files; sources are found by wildcard.
LDLIBS += -lm
# rt-config: the config language (runtime/config*.c, ctr-config).
MANS += man/ctr.conf.5 man/ctr-config.8
# ctr-start (rt-start)
MANS += man/ctr-start.8
DEPS_BENCH += lxc time
