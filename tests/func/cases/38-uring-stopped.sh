#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Nothing waits on a stopped writer, and a dead one lets go. io_uring
# writes paced slowly wait in the driver for their slots:
#  - the writer is stopped (SIGSTOP, as Ctrl-Z or a debugger) and the
#    device deleted through sysfs: removal completes within 20 s (a waiting
#    write holds no request, and removal waits only for requests); the
#    writer, continued, gets ENODEV for every write not sent;
#  - the writer is killed: its node opens O_EXCL again within 10 s, even at
#    one sector a second (the waiting writes of a dead submitter end).
# Before the fix, removal blocked for as long as the writer stayed stopped,
# and the killed writer's node stayed held until every slot had passed.
. "$WE2_TOP/tests/func/lib.sh"
WE2U=$WE2_TOP/tests/func/bin/we2u
setup -- delay=0
host=$(echo "$SDEV" | sed -n 's|.*/\(host[0-9]*\)/.*|\1|p')

# pace NODE RATE: sectors per second, both ends of the ramp
pace() {
	local d=/sys/class/we2/${1##*/}
	echo $BS > "$d/bytes_per_sector"
	echo "$2" > "$d/starting_sectors_per_second"
	echo "$2" > "$d/ending_sectors_per_second"
}

# seconds since $1 (date +%s.%N), to the millisecond
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }

pace "$WE2" 20
"$WE2U" write "$WE2" 0 16 7 16 1 plain,section,tally > "$TMP/stop.out" 2>&1 &
pid=$!
sleep 0.3
kill -STOP $pid
t0=$(date +%s.%N)
timeout 60 bash -c "echo 1 > '$SDEV/delete'" ||
	fail "removal did not complete with the writer stopped"
took=$(since "$t0")
note "removal with a stopped writer took $took s"
awk -v t="$took" 'BEGIN { exit !(t < 20) }' || fail "removal took $took s"
kill -CONT $pid
wait $pid || fail "writer: $(cat "$TMP/stop.out")"
out=$(grep '^tally:' "$TMP/stop.out") || fail "writer: $(cat "$TMP/stop.out")"
note "stopped writer, continued: $out"
read -r _ _ full _ short _ enodev _ ecanceled _ eintr _ etimedout _ other <<< "$out"
expect_eq "every write a full count or ENODEV" $((full + enodev)) 16
[ "$enodev" -ge 1 ] || fail "no write was left for the removal to end"
expect_eq "no other outcome" $((short + ecanceled + eintr + etimedout + other)) 0

echo "- - -" > "/sys/class/scsi_host/$host/scan"
wait_for /dev/we20 || fail "no node after rescan"
pace /dev/we20 1
"$WE2U" write /dev/we20 0 16 8 16 1 plain,section,tally > "$TMP/kill.out" 2>&1 &
pid=$!
sleep 1.5
{ kill -KILL $pid; wait $pid; } 2> /dev/null
out=$("$WE2T" wait-excl /dev/we20 10000) ||
	fail "the killed writer's node: $out"
note "the killed writer's node opened O_EXCL again: $out"
expect_eq "idle" "$(sysval write_in_progress)" 0
rmmod we2 || fail "rmmod after a killed writer"
