# The SCSI device deleted at random moments of a section, then rescanned
# and written again.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
storm removal ${STORM_REMOVAL:-10}
