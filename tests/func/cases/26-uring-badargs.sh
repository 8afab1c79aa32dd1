# Bad io_uring writes are refused with their errno and write nothing.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup
echo $BS > "$SYS/bytes_per_sector"
"$WE2U" badargs "$WE2" || fail "bad arguments"
verify_zero 0 4
expect_eq "nothing sent" "$(sysval statistics/commands)" 0
