# checkconfig: adds man pages and data files; sources are found by wildcard.
MANS += man/ctr-checkconfig.8
DATA += data/checkconfig.rules
# An uninstalled build reads the rules from the tree.
run: export CTR_DATADIR ?= $(CURDIR)/data
