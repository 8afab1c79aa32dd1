# io_uring writes, from registered and from plain buffers, at queue depth
# 1 and 16, sections split across many writes: every CQE carries its count,
# the fixed path is really taken (uring_fixed counts it), the data reads
# back through sg, and the CDBs are the WRITE(10)s the split asks for, in
# the order sent.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup
echo $BS > "$SYS/bytes_per_sector"
trace_start
"$WE2U" write "$WE2" 0 1000 31 1 32 fixed || fail "qd1 fixed"
cdbs=$(trace_writes)
expect_eq "commands of qd1" "$(echo "$cdbs" | wc -l)" 32
expect_eq "first CDB" "$(echo "$cdbs" | head -1)" "2a 0 32 -"
expect_eq "last CDB" "$(echo "$cdbs" | tail -1)" "2a 992 8 -"
verify 0 1000 31
# sequential media (the CD type here) take the 16 writes in flight one at
# a time, in the order they were sent: each CDB starts where the last ended
trace_start
"$WE2U" write "$WE2" 1000 4000 32 16 32 fixed || fail "qd16 fixed"
trace_writes > "$TMP/order"
awk 'BEGIN { n = 1000 } $2 != n { print "LBA " $2 " reached the device when " n " was due"; exit 1 }
     { n = $2 + $3 } END { if (n != 5000) { print "ended at " n; exit 1 } }' "$TMP/order" > "$TMP/order.out" ||
	fail "qd16 writes out of order: $(cat "$TMP/order.out")"
verify 1000 4000 32
"$WE2U" write "$WE2" 5000 4000 33 16 32 plain || fail "qd16 plain"
verify 5000 4000 33
# 1 MiB writes once the transfer cap allows them
echo 1048576 > "$SYS/transfer_cap_bytes"
"$WE2U" write "$WE2" 9000 8192 34 8 512 fixed || fail "qd8 1 MiB fixed"
verify 9000 8192 34
expect_eq "uring commands" "$(sysval statistics/uring_commands)" \
	$((32 + 125 + 125 + 16))
expect_eq "fixed ones" "$(sysval statistics/uring_fixed)" $((32 + 125 + 16))
expect_eq "sectors" "$(sysval statistics/sectors_written)" 17192
expect_eq "no bounce" "$(sysval statistics/bounce_bytes)" 0
expect_eq "no errors" "$(sysval statistics/errors)" 0
expect_eq "idle" "$(sysval write_in_progress)" 0
