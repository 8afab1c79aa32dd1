# Every bad argument gets its errno and not one command reaches the device.
. "$WE2_TOP/tests/func/lib.sh"
setup
trace_start
"$WE2T" badargs "$WE2" || fail "bad-argument checks"
trace_writes > "$TMP/cdbs"
[ -s "$TMP/cdbs" ] && { cat "$TMP/cdbs"; fail "a WRITE was dispatched"; }
verify_zero 0 16
