# WE2_IOC_CANCEL ends an io_uring run: what was sent completes with its
# count, what came after gets ECANCELED and writes nothing.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup -- delay=1
echo $BS > "$SYS/bytes_per_sector"
"$WE2U" cancel "$WE2" "$SG" 51 || fail "cancel"
expect_eq "idle" "$(sysval write_in_progress)" 0
