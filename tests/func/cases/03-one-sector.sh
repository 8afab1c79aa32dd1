# One sector lands byte-exact, and its neighbours are untouched.
. "$WE2_TOP/tests/func/lib.sh"
setup
"$WE2T" write "$WE2" 5 1 $BS 11 0 || fail "write"
verify 5 1 11
verify_zero 4 1
verify_zero 6 1
expect_eq "sectors stat" "$(sysval statistics/sectors_written)" 1
expect_eq "commands stat" "$(sysval statistics/commands)" 1
expect_eq "sections stat" "$(sysval statistics/sections)" 1
expect_eq "last written" "$(info last_written_lba)" 5
