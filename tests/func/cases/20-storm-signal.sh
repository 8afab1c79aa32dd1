# SIGKILL/SIGINT to writing processes at random moments: nothing hangs,
# the count in the status reads back exact, the device is reusable.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
storm signal ${STORM_SIGNAL:-30}
