# Module unload racing with open/ioctl loops and with device removal.
. "$WE2_TOP/tests/func/lib.sh"
setup
storm unload ${STORM_UNLOAD:-10}
