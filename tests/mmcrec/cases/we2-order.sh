#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# io_uring writes reach a recorder in order however io_uring issues them.
# A blank DVD+R takes a write only at its next writable address (05/21/02
# otherwise), so each burn below writes a whole small blank disc in 16-
# sector writes, 16 in flight, declared one section, then closes it and
# reads it back through /dev/srN:
#  - IOSQE_ASYNC on every write (io_uring's workers issue them in any order)
#  - IOSQE_ASYNC on every other write (the rest issued inline, first)
#  - a paced section (its first writes announce SET STREAMING, which a
#    non-blocking issue cannot: io_uring retries them from a worker while
#    later ones are issued inline)
#  - a host that takes one command at a time (can_queue=1, as usb-storage),
#    at queue depth 16: a write that finds no tag is sent later
# Each is repeated: before the fix, the async burns failed at the third
# write and the paced ones about one run in two. Each paced burn is a new
# run, announced with its own SET STREAMING (before: once, the section
# being the same).
# A write that fails stops its section: the writes behind it complete
# ECANCELED and never reach the drive (before, they were sent and refused
# 05/21/02), and so does one of its writes that comes after the run has
# drained. A write whose predecessor never comes fails ETIMEDOUT after
# the command timeout, and nothing of its section is sent.
# Also: a RECOVERED ERROR (01/0C/01) on a write is a success, all its
# sectors counted, the sense handed over with it, on both paths.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
WE2U=$WE2_TOP/tests/func/bin/we2u

cap=4096		# sectors of the blank disc: 8 MiB
reps=${ORDER_REPS:-8}

# burn_disc WHAT MODE: the whole blank disc through io_uring, closed, and
# read back through sr
burn_disc() {
	local seed=$((RANDOM + 1)) out
	echo dvd+r > "$(knob media)"
	sg_turs "$SG" > /dev/null 2>&1 || sg_turs "$SG" > /dev/null 2>&1
	rti 1 255
	expect_eq "$1: a blank disc's NWA" "$RTI_NWA" 0
	out=$("$WE2U" write "$WE2" 0 $cap $seed 16 16 "$2" 2>&1) ||
		fail "$1: $(echo "$out" | grep -v '^ok' | head -n 3)"
	expect_eq "$1: sectors the recorder took" "$(medium_written)" $cap
	sync_cache
	close_track 1
	close_session 2
	"$WE2T" pattern $seed $((cap * BS)) > "$TMP/want"
	sr_readback 0 $cap "$TMP/want"
}

mr_setup dvd+r capacity=$cap
BS=2048
echo $BS > "$SYS/bytes_per_sector"
for ((r = 0; r < reps; r++)); do
	burn_disc "async $r" plain,section,async
	burn_disc "mix $r" fixed,section,mix
done
note "io_uring writes with IOSQE_ASYNC burned $reps whole discs each way, in order"

rate0=$(cat "$SYS/starting_sectors_per_second")
rate1=$(cat "$SYS/ending_sectors_per_second")
echo 4000 > "$SYS/starting_sectors_per_second"
echo 4000 > "$SYS/ending_sectors_per_second"
for ((r = 0; r < reps; r++)); do
	# traced a burn at a time: the trace buffer keeps only so many lines
	trace_start
	burn_disc "paced $r" plain,section,mix
	# at least once (a worker's retry may start a run of its own)
	told=$(trace_cdbs b6 | wc -l)
	[ "$told" -ge 1 ] || fail "paced $r: no SET STREAMING for the burn"
	note "paced $r: SET STREAMING sent $told times"
done
echo "$rate0" > "$SYS/starting_sectors_per_second"
echo "$rate1" > "$SYS/ending_sectors_per_second"
note "paced io_uring sections burned $reps whole discs in order"

# a recovered error: counted as written, the sense with the success
echo dvd+r > "$(knob media)"
sg_turs "$SG" > /dev/null 2>&1 || sg_turs "$SG" > /dev/null 2>&1
echo "recovered 37" > "$(knob fault)"
out=$("$WE2T" write "$WE2" 0 64 $BS 5 0) ||
	fail "a recovered error failed the blocking write: $out"
note "blocking write with a recovered error: $out"
case $out in
"count=64 ret=64 "*) ;;
*) fail "blocking: all 64 sectors counted: $out" ;;
esac
expect_eq "blocking: the sense handed over with the success" \
	"$(kaq "${out##*sense=}")" 01/0c/01
# a recovered error in the first of two commands, the second good: the
# sense is still handed over (the last recovered command's)
echo "recovered 69" > "$(knob fault)"
out=$("$WE2T" write "$WE2" 64 64 $BS 6 0) ||
	fail "a recovered error in the first command failed the write: $out"
case $out in
"count=64 ret=64 "*) ;;
*) fail "blocking, recovered in the first command: $out" ;;
esac
expect_eq "blocking: a recovered first command's sense, the second good" \
	"$(kaq "${out##*sense=}")" 01/0c/01
echo "recovered 200" > "$(knob fault)"
out=$("$WE2U" write "$WE2" 128 $((cap - 128)) 7 16 16 plain,section,recovered 2>&1) ||
	fail "io_uring: $(echo "$out" | grep -v '^ok' | head -n 3)"
expect_eq "recovered: sectors the recorder took" "$(medium_written)" $cap
note "a RECOVERED ERROR is a success on both paths, its sense handed over"

# tally OUT: the counts of we2u's "tally:" line
tally() {
	local line
	line=$(grep '^tally:' <<< "$1") || fail "no tally: $1"
	note "$line"
	read -r _ _ T_FULL _ T_SHORT _ T_ENODEV _ T_ECANCELED _ T_EINTR _ \
		T_ETIMEDOUT _ T_OTHER <<< "$line"
}

echo dvd+r > "$(knob media)"
sg_turs "$SG" > /dev/null 2>&1 || sg_turs "$SG" > /dev/null 2>&1
echo "write-error 1000" > "$(knob fault)"
trace_start
tally "$("$WE2U" write "$WE2" 0 $cap 9 16 16 plain,section,tally 2>&1)"
expect_eq "write error: the writes before it in full" "$T_FULL" 62
expect_eq "write error: the failed write's count" "$T_SHORT" 1
[ "$T_ECANCELED" -ge 1 ] || fail "no write was waiting behind the failed one"
expect_eq "write error: nothing else" $((T_ENODEV + T_EINTR + T_ETIMEDOUT + T_OTHER)) 0
expect_eq "write error: WRITEs sent, up to the failed one" \
	"$(trace_cdbs 2a | wc -l)" 63
expect_eq "write error: sectors the recorder took" "$(medium_written)" 1000
# a write of the stopped section that io_uring issues late, after the run
# has drained (from a worker, the writer having stopped at the failure):
# cancelled at once, not left to wait for its predecessor (before: it
# failed ETIMEDOUT a command timeout later)
t0=$(date +%s%N)
tally "$("$WE2U" write "$WE2" 0 $cap 9 2 16 plain,section,tally,skipfirst 2>&1)"
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "a late write of the stopped section: cancelled" "$T_ECANCELED" 1
expect_eq "a late write of the stopped section: nothing else" \
	$((T_FULL + T_SHORT + T_ENODEV + T_EINTR + T_ETIMEDOUT + T_OTHER)) 0
[ $ms -lt 5000 ] || fail "a late write of the stopped section: ended after $ms ms"
expect_eq "a late write: nothing reached the disc" "$(medium_written)" 1000

echo dvd+r > "$(knob media)"
sg_turs "$SG" > /dev/null 2>&1 || sg_turs "$SG" > /dev/null 2>&1
timeout0=$(cat "$SYS/timeout_ms")
echo 1000 > "$SYS/timeout_ms"
tally "$("$WE2U" write "$WE2" 0 256 10 16 16 plain,section,tally,skipfirst 2>&1)"
echo "$timeout0" > "$SYS/timeout_ms"
expect_eq "no predecessor: the next write times out" "$T_ETIMEDOUT" 1
expect_eq "no predecessor: the rest of the section cancelled" "$T_ECANCELED" 14
expect_eq "no predecessor: nothing else" \
	$((T_FULL + T_SHORT + T_ENODEV + T_EINTR + T_OTHER)) 0
expect_eq "no predecessor: nothing reached the disc" "$(medium_written)" 0
mr_done

mr_setup dvd+r capacity=$cap can_queue=1
BS=2048
echo $BS > "$SYS/bytes_per_sector"
expect_eq "one command at a time" \
	"$(cat "/sys/class/scsi_host/host$HOSTNO/can_queue")" 1
for ((r = 0; r < reps; r++)); do
	burn_disc "can_queue=1 $r" plain,section,mix
done
note "a host with one tag took 16 writes in flight in order, $reps discs"
mr_done
