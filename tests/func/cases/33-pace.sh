# Pacing: a constant rate and ramps up and down, through the ioctl and
# through io_uring, take the model's time (+-10% here; make bench holds
# them to 1%); -1 is not paced; a change during a section applies from
# the next transfer; cancel and SIGKILL end a pacing wait at once. Before
# a paced section the device is sent SET STREAMING (its CDB is in the
# trace), and scsi_debug's refusal does not fail the write.
. "$WE2_TOP/tests/func/lib.sh"
WE2P=$WE2_TOP/tests/func/bin/we2p
setup
expect_eq "not asked yet" "$(sysval set_streaming)" unknown
trace_start
echo 1 > $TRACE/events/scsi/scsi_dispatch_cmd_start/enable
"$WE2P" paced "$WE2" 0 2000 1000 1000 ioctl || fail "constant rate"
echo 0 > $TRACE/tracing_on
grep -q 'raw=b6 00 00 00 00 00 00 00 00 00 1c 00' $TRACE/trace ||
	fail "no SET STREAMING with a 28-byte descriptor in the trace"
echo 0 > $TRACE/events/scsi/scsi_dispatch_cmd_start/enable
expect_eq "refusal remembered" "$(sysval set_streaming)" unsupported
verify 0 2000 90
rate=$(sysval statistics/last_sectors_per_second)
[ "$rate" -ge 900 ] && [ "$rate" -le 1100 ] || fail "achieved rate $rate, want 1000"
"$WE2P" paced "$WE2" 2000 2000 500 1500 ioctl || fail "ramp up"
"$WE2P" paced "$WE2" 4000 2000 1500 500 stream || fail "ramp down, io_uring"
"$WE2P" paced "$WE2" 6000 2000 800 800 stream || fail "constant, io_uring"
verify 6000 2000 90
"$WE2P" paced "$WE2" 8000 2000 -1 -1 ioctl || fail "unpaced"
"$WE2P" change "$WE2" || fail "change during a section"
"$WE2P" cancel-wait "$WE2" || fail "cancel while waiting"
"$WE2P" kill-wait "$WE2" || fail "SIGKILL while waiting"
expect_eq "idle" "$(sysval write_in_progress)" 0
