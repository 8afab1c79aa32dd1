#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real drives, not a friendly one: the recorder's personalities, and we2
# writing through each of them.
#  - hosts: one per personality asked for, with the host limits the
#    personality is modelled on (sata: 128 KiB per command, one command
#    per drive; usb: 120 KiB, one command per host); a name unknown or
#    given twice is refused at load
#  - flow control: a sata drive refuses a WRITE that finds its buffer full
#    with NOT READY 04/08, a usb one with 04/07. A whole disc written
#    faster than the drive records, through io_uring (8 in flight) and
#    through the blocking ioctl, reaches the disc whole and in order (every
#    other io_uring write issued from io_uring's workers): every
#    refusal was sent again (we2's not_ready_retries equals the drive's
#    count of refusals), and it reads back byte-exact through sr after a
#    reload (a sata drive reports no media change after a close)
#  - spin-up: right after a disc is loaded a sata drive answers 04/01 for
#    two seconds; a write sent then waits it out on both paths, and fails
#    with EIO, the sense 02/04/01 and nothing written when the command
#    timeout is shorter than the spin-up (the drive's spinup_ms knob)
#    Waiting, a writer is not stuck: a cancel and a SIGKILL (both paths) and
#    the device's removal (io_uring) end it at once, nothing written
#  - a write error on the sata drive is told late (deferred, 71h): the
#    count is what was acknowledged, the sense names the sector, the NWA
#    is there
#  - page 05h as each gives it: 32h bytes long with a block descriptor
#    (friendly, usb), MMC-5's 36h with none whatever DBD says (sata, an
#    ATAPI drive): the burners read it with its own length
#  - the friendly drive holds the WRITE instead, and refuses nothing
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
WE2U=$WE2_TOP/tests/func/bin/we2u

cap=8192		# sectors of the blank disc: 16 MiB, four buffers' worth

stat_of() { sed -n "s/.* $1 \\([0-9]*\\).*/\\1/p" "$(knob stats)"; }
retries() { cat "$SYS/statistics/not_ready_retries"; }

# burn PATH WHAT SPS: the whole blank disc (loaded and ready) through
# io_uring (SPS-sector writes, 8 in flight, one section) or the blocking
# ioctl; the drive took it all, each refusal was sent again; closed and
# read back as the personality needs
burn() {
	local path=$1 what=$2 sps=$3 seed=$((RANDOM + 1)) r0 out
	r0=$(retries)
	if [ "$path" = uring ]; then
		out=$("$WE2U" write "$WE2" 0 $cap $seed 8 "$sps" plain,section,mix 2>&1) ||
			fail "$what: $(echo "$out" | grep -v '^ok' | head -n 3)"
	else
		out=$("$WE2T" write "$WE2" 0 $cap $BS $seed 0) || fail "$what: $out"
	fi
	expect_eq "$what: sectors the recorder took" "$(medium_written)" $cap
	expect_eq "$what: we2 sent again each WRITE the drive refused" \
		$(($(retries) - r0)) "$(stat_of refused)"
	note "$what: $(stat_of refused) WRITEs refused for a full buffer and sent again"
	sync_cache
	close_track 1
	close_session 2
	"$WE2T" pattern $seed $((cap * BS)) > "$TMP/want"
	if [ "$(cat "$(knob close_event)")" = 1 ]; then
		sr_readback 0 $cap "$TMP/want"
	else
		sr_readback_reloaded 0 $cap "$TMP/want"
	fi
}

# host_limits KB DEPTH CAN_QUEUE [WE2_MAX]: the limits sr, sg and we2 see
host_limits() {
	expect_eq "max KiB per command" \
		"$(cat "/sys/block/${SR##*/}/queue/max_hw_sectors_kb")" "$1"
	expect_eq "we2's max transfer" "$(cat "$SYS/max_transfer_bytes")" \
		"${4:-$(($1 * 1024))}"
	expect_eq "commands per drive" "$(cat "$SDEV/queue_depth")" "$2"
	expect_eq "commands per host" \
		"$(cat "/sys/class/scsi_host/host$HOSTNO/can_queue")" "$3"
}

# page05_form BDL LEN: page 05h as MODE SENSE(10) without DBD gives it:
# BDL bytes of block descriptors, the page length byte LEN
page05_form() {
	mmc "MODE SENSE(10) page 05h" -r 255 -o "$TMP/ms" -- \
		5a 00 05 00 00 00 00 00 ff 00
	bytes "$TMP/ms"
	expect_eq "block descriptor bytes" $(((B[6] << 8) | B[7])) "$1"
	expect_eq "page 05h code" $((B[8 + $1] & 0x3f)) 5
	expect_eq "page 05h length" "${B[9 + $1]}" $(($2))
	expect_eq "mode data length" $(((B[0] << 8) | B[1])) $((6 + $1 + 2 + $2))
}

# setup_pers NAME: a drive of personality NAME with a blank DVD+R, we2 set
# for 2048-byte sectors in commands as large as the host takes (we2's
# default is 64 KiB)
setup_pers() {
	# the drive at DVD 4x (5540 kB/s), which any writer outpaces, even on
	# a debug kernel with a busy host: its buffer fills, and refuses
	mr_setup dvd+r capacity=$cap personalities="$1" max_kbps=5540
	BS=2048
	echo $BS > "$SYS/bytes_per_sector"
	cat "$SYS/max_transfer_bytes" > "$SYS/transfer_cap_bytes"
	expect_eq "personality" "$(cat "$(knob personality)")" "$1"
}

# burn_refused NAME SPS: a whole disc through each path, the drive's buffer
# full and its WRITEs refused at times, every one sent again
burn_refused() {
	fresh_disc dvd+r
	burn uring "$1, io_uring" "$2"
	[ "$(stat_of refused)" -gt 0 ] || fail "$1, io_uring: the buffer never filled"
	fresh_disc dvd+r
	burn ioctl "$1, ioctl" 0
	[ "$(stat_of refused)" -gt 0 ] || fail "$1, ioctl: the buffer never filled"
}

# the names: unknown or twice is no load
insmod "$MMCREC_KO" personalities=sata,scsi 2> /dev/null &&
	fail "personalities=sata,scsi loaded"
insmod "$MMCREC_KO" personalities=usb,usb 2> /dev/null &&
	fail "personalities=usb,usb loaded"

# three hosts, one per personality, in the order given
mr_setup dvd+r personalities=friendly,sata,usb
names=
for h in $(ls -d /sys/class/scsi_host/host* | sort -V); do
	[ "$(cat "$h/proc_name")" = mmcrec ] || continue
	for d in "$h"/device/target*/*:*; do
		[ -e "$d/personality" ] && names+="$(cat "$d/personality") "
	done
done
expect_eq "a host per personality" "$names" "friendly sata usb "
expect_eq "the first host's drive" "$(cat "$(knob personality)")" friendly
BS=2048
echo $BS > "$SYS/bytes_per_sector"
# commands as large as the host takes (we2's default is 64 KiB)
cat "$SYS/max_transfer_bytes" > "$SYS/transfer_cap_bytes"
host_limits 1024 8 64 520192
page05_form 8 0x32
fresh_disc dvd+r
burn uring "friendly, io_uring" 64
expect_eq "friendly: a full buffer holds the WRITE" "$(stat_of refused)" 0
mr_done

setup_pers sata
host_limits 128 1 32
page05_form 0 0x36
burn_refused sata 64

# a write error on the sata drive comes late: the WRITE that reached the
# sector was acknowledged (into the buffer); the next one gets the
# deferred error (71h) naming the sector and is not done. we2 counts what
# was acknowledged, and the disc ends at the sector (its NWA)
fresh_disc dvd+r
per=$(($(sysval transfer_cap_bytes) / BS))
bad=$((per + 5))
echo "write-error $bad" > "$(knob fault)" || fail "fault write-error"
out=$("$WE2T" write "$WE2" 0 $((4 * per)) $BS 7 0 expect EIO $((2 * per))) ||
	fail "sata write error: want EIO after $((2 * per)) sectors: $out"
note "sata write error: $out"
sense=${out##*sense=}
expect_eq "sata write error: sense" "$(kaq "$sense")" 03/0c/00
expect_eq "sata write error: told late (response code 71h)" \
	$((16#${sense:0:2} & 0x7f)) $((0x71))
expect_eq "sata write error: the sector named" $((16#${sense:6:8})) "$bad"
rti 1 255
expect_eq "sata write error: the NWA at the sector" "$RTI_NWA" "$bad"

# the same through io_uring from its workers (IOSQE_ASYNC), the whole
# section in flight: the two WRITEs up to the failed sector complete in
# full, the next gets the deferred error and its res2 names the sector,
# the section's later writes are cancelled, nothing more is recorded
fresh_disc dvd+r
echo "write-error $bad" > "$(knob fault)" || fail "fault write-error"
out=$("$WE2U" write "$WE2" 0 $((8 * per)) 7 8 $per plain,section,async,tally 2>&1)
note "sata write error, io_uring: $(grep -E '^(failed|tally):' <<< "$out" | tr '\n' ' ')"
expect_eq "sata write error, io_uring: CQEs" "$(grep '^tally:' <<< "$out")" \
	"tally: full 2 short 0 enodev 0 ecanceled 5 eintr 0 etimedout 0 other 1"
expect_eq "sata write error, io_uring: the failed write and its res2" \
	"$(grep '^failed:' <<< "$out")" \
	"failed: lba $((2 * per)) res -5 sense 03/0C/00 deferred 1 info $bad"
expect_eq "sata write error, io_uring: sectors the recorder took" \
	"$(medium_written)" "$bad"
rti 1 255
expect_eq "sata write error, io_uring: the NWA at the sector" "$RTI_NWA" "$bad"

# load_unready: a new disc loaded, its unit attention eaten (as a burner's
# first TEST UNIT READY does), the drive still spinning up
load_unready() {
	echo dvd+r > "$(knob media)"
	sg_turs "$SG" > /dev/null 2>&1
	[ "$(sg_turs "$SG" 2>&1)" != "" ] || fail "the drive did not spin up"
}

# spin-up, waited out on both paths
t0=$(date +%s%N)
load_unready
r0=$(retries)
out=$("$WE2T" write "$WE2" 0 64 $BS 3 0) || fail "spin-up, ioctl: $out"
ms=$((($(date +%s%N) - t0) / 1000000))
[ $(($(retries) - r0)) -gt 0 ] || fail "spin-up, ioctl: no WRITE was refused"
[ $ms -ge 1950 ] || fail "spin-up, ioctl: done $ms ms after the load, before the drive was ready"
expect_eq "spin-up, ioctl: sectors the recorder took" "$(medium_written)" 64
note "spin-up, ioctl: 64 sectors $ms ms after the load, $(($(retries) - r0)) WRITEs sent again"
t0=$(date +%s%N)
load_unready
r0=$(retries)
out=$("$WE2U" write "$WE2" 0 256 4 4 16 plain,section,async 2>&1) ||
	fail "spin-up, io_uring: $(echo "$out" | grep -v '^ok' | head -n 3)"
ms=$((($(date +%s%N) - t0) / 1000000))
[ $(($(retries) - r0)) -gt 0 ] || fail "spin-up, io_uring: no WRITE was refused"
[ $ms -ge 1950 ] || fail "spin-up, io_uring: done $ms ms after the load, before the drive was ready"
expect_eq "spin-up, io_uring: sectors the recorder took" "$(medium_written)" 256
note "spin-up, io_uring: 256 sectors $ms ms after the load, $(($(retries) - r0)) WRITEs sent again"

# a command timeout (the shortest, 1 s) shorter than the spin-up (4 s):
# the refusal is the failure
timeout0=$(cat "$SYS/timeout_ms")
echo 1000 > "$SYS/timeout_ms" || fail "timeout_ms 1000"
echo 4000 > "$(knob spinup_ms)" || fail "spinup_ms 4000"
load_unready
refused "spin-up past the timeout, ioctl" 0 64 5 02/04/01 0
load_unready
out=$("$WE2U" write "$WE2" 0 64 6 1 16 plain,section 2>&1) &&
	fail "spin-up past the timeout, io_uring: succeeded: $out"
line=$(grep '^# write 0:' <<< "$out")
note "spin-up past the timeout, io_uring: $line"
case $line in
"# write 0: res -5 want 16, sense 02/04/01") ;;
*) fail "spin-up past the timeout, io_uring: want EIO with 02/04/01: $out" ;;
esac
expect_eq "spin-up past the timeout, io_uring: sectors the recorder took" \
	"$(medium_written)" 0
echo "$timeout0" > "$SYS/timeout_ms"

# A writer waiting out a long spin-up is not stuck there: a cancel, a
# SIGKILL and the device's removal each end the wait at once, nothing
# reaches the disc, and the node is free again.
echo 30000 > "$(knob spinup_ms)"
# gone_within MS PID WHAT: PID has ended within MS ms
gone_within() {
	local i
	for ((i = 0; i < $1 / 50; i++)); do
		kill -0 "$2" 2> /dev/null || { wait "$2" 2> /dev/null; return 0; }
		sleep 0.05
	done
	fail "$3: still waiting after $1 ms"
}
load_unready
"$WE2T" write "$WE2" 0 64 $BS 7 0 expect ECANCELED 0 > "$TMP/cancel.out" 2>&1 &
pid=$!
sleep 0.5
"$WE2_TOP/tools/we2ctl" "$WE2" cancel > /dev/null || fail "cancel found no write"
gone_within 1000 $pid "cancelled in the spin-up, ioctl"
wait $pid 2> /dev/null
grep -q "count=0 ret=-125" "$TMP/cancel.out" ||
	fail "cancelled in the spin-up, ioctl: $(cat "$TMP/cancel.out")"
for path in ioctl io_uring; do
	load_unready
	if [ $path = ioctl ]; then
		"$WE2T" write "$WE2" 0 64 $BS 8 0 > /dev/null 2>&1 &
	else
		"$WE2U" write "$WE2" 0 256 9 8 16 plain,section > /dev/null 2>&1 &
	fi
	pid=$!
	sleep 0.5
	kill -KILL $pid
	gone_within 2000 $pid "killed in the spin-up, $path"
	out=$("$WE2T" wait-excl "$WE2" 2000) ||
		fail "killed in the spin-up, $path: the node: $out"
	expect_eq "killed in the spin-up, $path: idle" \
		"$(cat "$SYS/write_in_progress")" 0
	expect_eq "killed in the spin-up, $path: nothing written" \
		"$(medium_written)" 0
done
# io_uring: the refused write is not at the device while it waits, so a
# cancel ends it too
load_unready
"$WE2U" write "$WE2" 0 256 11 8 16 plain,section > "$TMP/cancel.out" 2>&1 &
pid=$!
sleep 0.5
"$WE2_TOP/tools/we2ctl" "$WE2" cancel > /dev/null || fail "cancel found no io_uring write"
gone_within 1000 $pid "cancelled in the spin-up, io_uring"
grep -q '^# write 0: res -125 ' "$TMP/cancel.out" ||
	fail "cancelled in the spin-up, io_uring: $(head -n 3 "$TMP/cancel.out")"
expect_eq "cancelled in the spin-up, io_uring: nothing written" "$(medium_written)" 0
note "a cancel and SIGKILL end a writer's wait for a spinning-up drive at once"
load_unready
"$WE2U" write "$WE2" 0 256 10 8 16 plain,section > "$TMP/rm.out" 2>&1 &
pid=$!
sleep 0.5
echo 1 > "$SDEV/delete"
gone_within 5000 $pid "the device removed in the spin-up, io_uring"
wait $pid 2> /dev/null && fail "the device removed in the spin-up: the writer succeeded"
note "the device removed in the spin-up: $(grep '^# write 0:' "$TMP/rm.out")"
mr_done

setup_pers usb
host_limits 120 1 1
page05_form 8 0x32
burn_refused usb 60
mr_done
