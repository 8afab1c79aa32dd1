# Programs that exit with io_uring writes in flight: the writes end by
# themselves, nothing leaks (kmemleak in make check-debug), the node and
# the module stay usable and unload cleanly.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup -- delay=1
echo $BS > "$SYS/bytes_per_sector"
"$WE2U" close "$WE2" || fail "close in flight"
expect_eq "idle" "$(sysval write_in_progress)" 0
rmmod we2 || fail "unload after ring close"
