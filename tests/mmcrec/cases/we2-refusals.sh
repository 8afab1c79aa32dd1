#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a write-once recorder refuses, as we2's blocking ioctl reports it:
# on a DVD+R track reserved with RESERVE TRACK (sg_raw), a section away
# from the NWA (05/21/02), sections that start inside the reservation and
# run past its end (05/21/00) and one that starts at its end, then a
# section after the disc is closed (05/21/02). Each returns EIO with the
# recorder's sense key/ASC/ASCQ and exactly the sectors that reached the
# medium: 0, or the commands before the end - with 1-sector commands
# exactly the sectors before the end. The recorder's own count and NWA
# agree, and the reservation reads back through /dev/srN as written.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup dvd+r

r=200	# the reservation, in sectors: not a multiple of the 32-sector commands
mmc "RESERVE TRACK $r" -- 53 00 00 00 00 $(hex32 $r) 00
rti 1 1
expect_eq "track 1 reserved" "$RTI_RESERVED" 1
expect_eq "reserved size" "$RTI_SIZE" $r
expect_eq "reserved track NWA" "$RTI_NWA" 0
rti 1 255
expect_eq "the writable track is the reserved one" "$RTI_TRACK" 1

written_ok "first 64 sectors" 0 64 31
refused "ahead of the NWA" 96 32 32 05/21/02 0
refused "over written sectors" 32 32 32 05/21/02 0
rti 1 1
expect_eq "NWA after the refusals" "$RTI_NWA" 64

# 64..223 in 32-sector commands: four land, the fifth (192..223) crosses
# the end at 200 and is refused whole
expect_eq "transfer cap" "$(sysval transfer_cap_bytes)" 65536
refused "across the end, 32-sector commands" 64 160 33 05/21/00 128
rti 1 1
expect_eq "NWA after the straddle" "$RTI_NWA" 192
expect_eq "free after the straddle" "$RTI_FREE" 8
expect_eq "we2 status count" "$(info status_sectors_written)" 128
expect_eq "we2 last written LBA" "$(info last_written_lba)" 191

# one sector a command: exactly the 8 sectors before the end land
echo $BS > "$SYS/transfer_cap_bytes"
refused "across the end, 1-sector commands" 192 32 34 05/21/00 8
rti 1 1
expect_eq "reservation full: free" "$RTI_FREE" 0
expect_eq "reservation full: no NWA" "$RTI_NWA" -
refused "at the end of the reservation" $r 16 35 05/21/00 0
echo 65536 > "$SYS/transfer_cap_bytes"
expect_eq "recorder's count" "$(medium_written)" $r

# close the track and finalize the disc (CLOSE fn5, as cdrskin -sao does)
close_track 1
close_session 5
rdi
expect_eq "disc status after finalizing (complete)" "$DISC_STATUS" 2
refused "after the disc is closed, where track 2 was" 208 16 36 05/21/02 0
refused "after the disc is closed, at the old NWA" $r 16 36 05/21/02 0
expect_eq "recorder's count at the end" "$(medium_written)" $r

# the medium holds exactly what was acknowledged
{
	"$WE2T" pattern 31 $((64 * BS))
	"$WE2T" pattern 33 $((128 * BS))
	"$WE2T" pattern 34 $((8 * BS))
} > "$TMP/want"
sr_readback 0 $r "$TMP/want"
expect_eq "$SR size" "$(blockdev --getsize64 "$SR")" $((r * BS))
mr_done
