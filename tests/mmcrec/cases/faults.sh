#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The recorder's faults on demand (its `fault` knob), each met by a
# section written through /dev/we2N, and each ending in the exact count of
# sectors that reached the disc, the drive's sense data, and a node that
# goes on writing:
#  - a write error inside a section's second command: MEDIUM ERROR
#    03/0C/00 naming the sector; the count is every sector before it (we2
#    reads the information field), and those read back through /dev/srN;
#    the same in an io_uring stream with writes in flight;
#  - a deferred write error (71h) told to the WRITE after the one that
#    failed on its way to the disc: the count is what was acknowledged,
#    the sense names the sector, where the NWA is after;
#  - the disc taken out mid-section: 02/3A/00, the count is the commands
#    before; a new disc brings UNIT ATTENTION 06/28/00 to the next write;
#  - a power-on reset: UNIT ATTENTION 06/29/00 to the next write, nothing
#    taken;
#  - the second WRITE of a section never completes: the midlayer's
#    timeout aborts it, the section ends in ETIMEDOUT with the count of
#    the first;
#  - a cache flush with IMMED: TEST UNIT READY and REQUEST SENSE report
#    02/04/08 with a progress indication that grows until the drive is
#    ready.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r
per=$(($(sysval transfer_cap_bytes) / BS))	# sectors per WRITE
fault() { echo "$*" > "$(knob fault)" || fail "fault $*"; }

# the write error, in the second command of a section of four
rti 1 255
nwa=$RTI_NWA
written_ok "before the fault" "$nwa" 64 1
nwa=$((nwa + 64))
bad=$((nwa + per + 8))
fault write-error $bad
expect_eq "armed" "$(cat "$(knob fault)")" "write-error $bad remove - hang - recovered - deferred - gone -"
refused "write error" "$nwa" $((4 * per)) 2 03/0c/00 $((per + 8))
"$WE2T" pattern 2 $(((per + 8) * BS)) > "$TMP/prefix"
rti 1 255
expect_eq "the NWA after the write error" "$RTI_NWA" "$bad"
sr_readback "$nwa" $((per + 8)) "$TMP/prefix"
written_ok "at the NWA after the write error" "$bad" 32 3
nwa=$((bad + 32))

# the same through io_uring (we2burn's stream, 8 writes in flight): the
# failed write's CQE carries its short count, those after it are refused
# at the NWA, and the stream reports exactly the prefix
head -c $((16 * per * BS)) /dev/urandom > "$TMP/stream"

# stream_fault KIND BAD COUNT: the stream from $nwa, fault KIND armed at
# BAD, stops with COUNT sectors written and a write error (03/0C/00); the
# sectors before BAD read back, and the error is counted (we2burn's output
# in $TMP/burn.out)
stream_fault() {
	local errors

	errors=$(sysval statistics/errors)
	fault "$1" "$2"
	"$BURN" --raw --queue-depth 8 --lba "$nwa" "$WE2" "$TMP/stream" > "$TMP/burn.out" 2>&1 &&
		fail "$1: the stream went on past the error: $(cat "$TMP/burn.out")"
	note "$(tr '\n' ' ' < "$TMP/burn.out")"
	grep -q "wrote $3 sectors " "$TMP/burn.out" ||
		fail "$1: the stream's count is not $3 sectors"
	grep -q "(03/0C/00)" "$TMP/burn.out" || fail "$1: the stream shows no write error"
	head -c $((($2 - nwa) * BS)) "$TMP/stream" > "$TMP/prefix"
	sr_readback "$nwa" $(($2 - nwa)) "$TMP/prefix"
	[ "$(sysval statistics/errors)" -gt "$errors" ] || fail "$1: the error not counted"
}

bad=$((nwa + 5 * per + 3))
before=$(medium_written)
stream_fault write-error $bad $((bad - nwa))
expect_eq "sectors the recorder took" $(($(medium_written) - before)) $((bad - nwa))
nwa=$bad
written_ok "at the NWA after the stream's write error" "$nwa" 32 14
nwa=$((nwa + 32))

# a deferred write error in the stream: the drive took the third WRITE
# whole, failed to record it from a sector on, and says so (response code
# 71h) to the next WRITE, which it does not do. The stream stops; its count
# is what the drive acknowledged (the third command's end, not the sector:
# a deferred error is about an earlier command); the sense is marked
# deferred and names the sector, which is the NWA after; the sectors before
# it read back
bad=$((nwa + 2 * per + 5))
stream_fault deferred $bad $((3 * per))
grep -q "reported a write error late" "$TMP/burn.out" ||
	fail "we2burn does not say the error is a deferred one"
rti 1 255
expect_eq "the NWA after the deferred error" "$RTI_NWA" "$bad"
nwa=$bad
written_ok "at the NWA after the deferred error" "$nwa" 32 15
nwa=$((nwa + 32))
errors=$(sysval statistics/errors)

# the disc taken out as the third command comes
# (the recorder's count goes with the disc: the sense data and our count)
fault remove $((nwa + 2 * per))
out=$("$WE2T" write "$WE2" "$nwa" $((4 * per)) $BS 4 0 expect EIO $((2 * per))) ||
	fail "disc removed: want EIO after $((2 * per)) sectors: $out"
note "disc removed: $out"
expect_eq "disc removed: sense" "$(kaq "${out##*sense=}")" 02/3a/00
expect_eq "tray open" "$(cat "$(knob tray)")" open
out=$("$WE2T" write "$WE2" 0 1 $BS 5 0 expect EIO 0) || fail "no disc: $out"
echo dvd+r > "$(knob media)"
refused "new disc" 0 16 6 06/28/00 0
written_ok "the new disc" 0 16 7

# a power-on reset
fault reset
refused "power-on reset" 16 16 8 06/29/00 0
written_ok "after the reset" 16 16 9

# a WRITE that never completes, in the second command
echo 2000 > "$SYS/timeout_ms" || fail "timeout_ms"
fault hang 1
before=$(medium_written)
t0=$(date +%s)
out=$("$WE2T" write "$WE2" 32 $((3 * per)) $BS 11 0 expect ETIMEDOUT $per) ||
	fail "hang: want ETIMEDOUT after $per sectors: $out"
note "hang: $out after $(($(date +%s) - t0)) s"
expect_eq "the hung write took nothing" $(($(medium_written) - before)) $per
written_ok "after the hang" $((32 + per)) $per 12
# removed, no disc, new disc, reset, hang
expect_eq "errors counted" "$(sysval statistics/errors)" $((errors + 5))

# a cache flush with IMMED: not ready, with progress, until drained
# (2 MiB in the buffer of a drive capped at 200 kB/s: 10 s to drain,
# however slowly the host wrote it)
echo 200 > "$(knob speed)"
expect_eq "speed capped" "$(cut -d' ' -f1 "$(knob speed)")" 200
written_ok "into the buffer" $((32 + 2 * per)) 1024 13
mmc "SYNCHRONIZE CACHE IMMED" -- 35 02 00 00 00 00 00 00 00 00
last=-1 seen=0
for ((i = 0; i < 100; i++)); do
	if sg_turs "$SG" > /dev/null 2>&1; then
		break
	fi
	rs=$(sg_requests --progress "$SG" 2>&1)
	[ $i -gt 0 ] || note "sg_requests: $(echo "$rs" | tr '\n' ' ')"
	p=$(echo "$rs" | sed -n 's/.*[Pp]rogress indication: *\([0-9.]*\)%.*/\1/p' | head -n 1)
	if [ -n "$p" ]; then
		seen=$((seen + 1))
		awk -v a="$p" -v b="$last" 'BEGIN { exit !(a >= b) }' ||
			fail "progress went back: $last% then $p%"
		last=$p
	fi
	sleep 0.1
done
sg_turs "$SG" > /dev/null 2>&1 || fail "still not ready after the flush"
[ "$seen" -ge 2 ] || fail "progress indication seen $seen times"
note "flush: progress seen $seen times, last $last%"
mr_done
