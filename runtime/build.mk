# runtime: adds man pages and data files; sources are found by wildcard.
LDLIBS += -lm
# ctr-start (rt-start)
MANS += man/ctr-start.8
DEPS_BENCH += lxc time
