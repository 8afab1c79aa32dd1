# Progress records: read() and poll() on /dev/we2N while sections are
# written; in order, first WRITING and last DONE at the last LBA; a slow
# reader is told how many it missed; a watcher's callback cancels; a
# device error ends FAILED with its errno.
. "$WE2_TOP/tests/func/lib.sh"
WE2P=$WE2_TOP/tests/func/bin/we2p
setup
"$WE2P" events "$WE2" "$(capacity)" || fail "events"
