# A count that is not a multiple of the transfer size: 1000 sectors are
# 31 full 64 KiB commands and one of 8 sectors.
. "$WE2_TOP/tests/func/lib.sh"
setup
"$WE2T" write "$WE2" 100 1000 $BS 12 0 || fail "write"
verify 100 1000 12
verify_zero 1100 1
expect_eq "commands" "$(sysval statistics/commands)" 32
expect_eq "sectors" "$(sysval statistics/sectors_written)" 1000
