# Injected faults (scsi_debug errors; we2's own allocation failures where
# the kernel has fault injection): a clean errno and an exact count.
. "$WE2_TOP/tests/func/lib.sh"
setup
storm faults ${STORM_FAULTS:-60}
