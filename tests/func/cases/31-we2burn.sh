# we2burn streams by default (io_uring from registered buffers) and keeps
# the blocking path with --sync; both verify through sr. A pipe streams
# with --size; a write past the end of the medium is reported with its
# sense data in words, the failing LBA and the exact count.
. "$WE2_TOP/tests/func/lib.sh"
BURN=$WE2_TOP/tools/we2burn
setup
img=$TMP/img
"$WE2T" pattern 71 $((3000 * BS + 100)) > "$img"

out=$("$BURN" --raw --verify "$SR" "$WE2" "$img" 2>&1) || { echo "$out"; fail "stream"; }
echo "$out" | grep -q 'io_uring from registered buffers' || fail "not streamed: $out"
echo "$out" | grep -q 'verify ok' || fail "stream verify: $out"
expect_eq "written" "$(sysval statistics/sectors_written)" 3001
expect_eq "all fixed" "$(sysval statistics/uring_fixed)" "$(sysval statistics/uring_commands)"
expect_eq "in 64 KiB writes" "$(sysval statistics/uring_commands)" 94

out=$("$BURN" --raw --sync --lba 4000 --verify "$SR" "$WE2" "$img" 2>&1) || { echo "$out"; fail "sync"; }
echo "$out" | grep -q 'blocking sections' || fail "not blocking: $out"
echo "$out" | grep -q 'verify ok' || fail "sync verify: $out"
expect_eq "io_uring untouched" "$(sysval statistics/uring_commands)" 94

"$WE2T" pattern 72 $((500 * BS)) |
	"$BURN" --raw --lba 8000 --size $((500 * BS)) --queue-depth 4 --buffer-size 1M \
	"$WE2" - > "$TMP/out" 2>&1 || { cat "$TMP/out"; fail "pipe"; }
grep -q 'io_uring' "$TMP/out" || fail "pipe not streamed"
verify 8000 500 72
expect_eq "1 MiB cap kept" "$(sysval transfer_cap_bytes)" 1048576
echo 65536 > "$SYS/transfer_cap_bytes"

cap=$(capacity)
"$BURN" --raw --lba $((cap - 100)) "$WE2" "$img" > "$TMP/out" 2>&1
expect_eq "exit past the end" $? 1
cat "$TMP/out"
# 32-sector writes: the one at cap - 4 crosses the end and fails whole
grep -q "failed at LBA $((cap - 4))" "$TMP/out" || fail "no failing LBA"
grep -q 'sense: Illegal Request: Logical block address out of range' "$TMP/out" ||
	fail "sense not in words"
grep -q 'wrote 96 sectors' "$TMP/out" || fail "count not exact"
verify $((cap - 100)) 96 71
