# A fatal signal ends a section cleanly: the device is idle and usable.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
"$WE2T" write "$WE2" 0 16384 $BS 1 0 > /dev/null 2>&1 &
pid=$!
for i in $(seq 100); do
	[ "$(sysval write_in_progress)" = 1 ] && break
	sleep 0.05
done
expect_eq "writing" "$(sysval write_in_progress)" 1
sleep 0.2
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.1
expect_eq "idle after SIGKILL" "$(sysval write_in_progress)" 0
done_sectors=$(sysval statistics/sectors_written)
[ "$done_sectors" -gt 0 ] && [ "$done_sectors" -lt 16384 ] ||
	fail "sectors written $done_sectors"
verify 0 "$done_sectors" 1
echo 0 > $SDEBUG/delay
"$WE2T" write "$WE2" 20000 8 $BS 2 0 || fail "write after the signal"
verify 20000 8 2
