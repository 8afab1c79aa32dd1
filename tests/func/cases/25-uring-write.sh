# io_uring writes, from registered and from plain buffers, at queue depth
# 1 and 16, sections split across many writes: every CQE carries its count,
# the fixed path is really taken (uring_fixed counts it), the data reads
# back through sg, and the CDBs are the WRITE(10)s the split asks for.
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
"$WE2U" write "$WE2" 1000 4000 32 16 32 fixed || fail "qd16 fixed"
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
