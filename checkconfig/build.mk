# checkconfig: adds man pages and data files; sources are found by wildcard.
RUN_CMD ?= $(B)/bin/ctr-checkconfig
