# runtime: adds man pages and data files; sources are found by wildcard.
LDLIBS += -lm
