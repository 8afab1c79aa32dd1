# The SQE payload is rewritten by a second thread while it is submitted:
# the driver acts on one copy of each field, never on the ring.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup
echo $BS > "$SYS/bytes_per_sector"
"$WE2U" flip "$WE2" "$SG" 41 || fail "payload flip"
verify_zero 0 100
verify_zero 104 96
