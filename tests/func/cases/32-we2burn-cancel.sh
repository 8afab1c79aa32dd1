# SIGINT cancels a streaming we2burn: exit 130, and the sectors it says
# reached the device are exactly those the device acknowledged and hold
# the image.
. "$WE2_TOP/tests/func/lib.sh"
BURN=$WE2_TOP/tools/we2burn
setup -- delay=2
img=$TMP/img
"$WE2T" pattern 81 $((32768 * BS)) > "$img"
"$BURN" --raw --lba 100 --queue-depth 2 "$WE2" "$img" > "$TMP/out" 2>&1 &
pid=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sysval statistics/sectors_written)" -gt 0 ] && break
	sleep 0.1
done
kill -INT $pid
wait $pid
expect_eq "exit" $? 130
cat "$TMP/out"
n=$(sed -n 's/.*cancelled by SIGINT; \([0-9]*\) sectors reached.*/\1/p' "$TMP/out")
[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 32768 ] || fail "count '$n'"
expect_eq "stat sectors" "$(sysval statistics/sectors_written)" "$n"
verify 100 "$n" 81
expect_eq "idle" "$(sysval write_in_progress)" 0
