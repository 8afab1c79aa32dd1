# Sixteen recorders written at once through sixteen nodes (half of them
# through io_uring, many writes in flight), each section
# read back through its own sg node: no error, byte-exact, no global lock
# (scsi_debug shares one store among its devices: each writes its own
# LBA range).
. "$WE2_TOP/tests/func/lib.sh"
DEV_MB=64
setup -- num_tgts=16
for i in $(seq 0 15); do
	wait_for /dev/we2$i || fail "no /dev/we2$i"
done
"$WE2_TOP/tests/storm/bin/we2storm" load "${LOAD_SECONDS:-10}" "${STORM_SEED:-1}" ||
	fail "load"
