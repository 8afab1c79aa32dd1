# Cancel from a second descriptor while a section is written: the writer
# stops after the command in flight with ECANCELED and the exact count.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
out=$("$WE2T" cancel "$WE2" 100 8192 21) || { echo "$out"; fail "cancel checks"; }
echo "$out"
count=$(echo "$out" | sed -n 's/^count=//p')
verify 100 "$count" 21
verify_zero $((100 + count)) 32
expect_eq "stat sectors" "$(sysval statistics/sectors_written)" "$count"
expect_eq "a cancel is no error" "$(sysval statistics/errors)" 0
expect_eq "idle again" "$(sysval write_in_progress)" 0
