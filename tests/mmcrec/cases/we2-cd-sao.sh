#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A CD-R burned in SAO through /dev/we2N as wodim and libburn burn it:
# page 05 (write type SAO) and SEND CUE SHEET sent with sg_raw, the 150
# pregap sectors (zeros) at LBA -150..-1 through we2 in 31-sector WRITE(10)
# commands whose CDBs carry the LBA as ff ff ff 6a onwards (SCSI trace),
# then a generated mode 1 data track from LBA 0 through we2, and
# SYNCHRONIZE CACHE closing the session. The data track is paced at 24x
# (--media cd --speed 24x: 1800 sectors/s), and SET STREAMING asks the
# drive for its 24x: a CD's rate counts 2352-byte frames, so 4234 kB/s,
# not 1800 x 2048 bytes (3687 kB/s, below 24x: the drive would pick 16x).
# The track reads back byte-exact
# through /dev/srN. On the way the recorder refuses, with its sense data
# and not one sector taken: data before the pregap (05/21/02), a write
# past the lead-out (05/21/00) and one after the disc is closed (05/21/02).
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup cd-r

n=2000	# data sectors, 2048 bytes each: 3.9 MiB
data=$TMP/track1
head -c $((n * BS)) /dev/urandom > "$data"
head -c $((150 * BS)) /dev/zero > "$TMP/pregap"

rdi
expect_eq "blank disc" "$DISC_STATUS" 0

# MODE SELECT(10) page 05 as wodim -dao and cdrskin -sao send it: BUFE,
# write type 2 (SAO), multi-session 00b (close the disc), track mode 0,
# data block type 0 (the cue sheet says), audio pause 150
hexfile "$TMP/p05" 00 00 00 00 00 00 00 00 05 32 42 00 00 00 00 00 \
	00 00 00 00 00 00 00 96 $(printf '00 %.0s' $(seq 36))
mmc "MODE SELECT page 05" -s 60 -i "$TMP/p05" -- 55 10 00 00 00 00 00 00 3c 00
mmc "MODE SENSE page 05" -r 60 -o "$TMP/p05.now" -- 5a 08 05 00 00 00 00 00 3c 00
bytes "$TMP/p05.now"
expect_eq "page 05 write type" $((B[10] & 15)) 2

# SEND CUE SHEET, byte for byte what both send for one mode 1 track:
# lead-in, track 1 index 0 (the pregap) at 00:02:00 - 150 = LBA -150,
# index 1 at LBA 0, lead-out after the data
lo=$((n + 150))
hexfile "$TMP/cue" 41 00 00 14 00 00 00 00 41 01 00 10 00 00 00 00 \
	41 01 01 10 00 00 02 00 \
	41 aa 01 14 00 $(printf '%02x %02x %02x' $((lo / 4500)) $((lo / 75 % 60)) $((lo % 75)))
mmc "SEND CUE SHEET" -s 32 -i "$TMP/cue" -- 5d 00 00 00 00 00 00 00 20 00
rti 1 255
expect_eq "NWA after the cue sheet (the pregap)" "$RTI_NWA" -150

# a burner that forgot the pregap: the data at LBA 0 is not at the NWA
refused "data before the pregap" 0 31 5 05/21/02 0
rti 1 255
expect_eq "NWA after the refusal" "$RTI_NWA" -150

# the pregap, as wodim writes it: 150 zero sectors, 31 per command
trace_start
"$BURN" --raw --sync --buffer-size $((31 * BS)) --lba -150 "$WE2" "$TMP/pregap" \
	> "$TMP/burn.out" 2>&1 || { cat "$TMP/burn.out"; fail "pregap"; }
trace_cdbs 2a > "$TMP/cdbs"
grep -q 'wrote 150 sectors' "$TMP/burn.out" || fail "pregap: $(cat "$TMP/burn.out")"
sed 's/^/# pregap CDB: /' "$TMP/cdbs"
{
	lba=-150
	for len in 31 31 31 31 26; do
		echo "2a 00 $(hex32 $lba) 00 00 $(printf %02x $len) 00"
		lba=$((lba + len))
	done
} > "$TMP/want"
cmp -s "$TMP/cdbs" "$TMP/want" ||
	fail "pregap CDBs differ from WRITE(10) at ff ff ff 6a..: $(tr '\n' ',' < "$TMP/want")"
rti 1 255
expect_eq "NWA after the pregap" "$RTI_NWA" 0

# the data track from LBA 0, one blocking section, paced at 24x
"$BURN" --raw --sync --media cd --speed 24x --buffer-size $((31 * BS)) \
	--lba 0 "$WE2" "$data" \
	> "$TMP/burn.out" 2>&1 || { cat "$TMP/burn.out"; fail "data track"; }
speed=$(cat "$(knob speed)")
note "recorder's speed after the paced track (kB/s: now, top, supported): $speed"
expect_eq "SET STREAMING at 24x picked the drive's 24x" "${speed%% *}" 4224
grep -q "wrote $n sectors" "$TMP/burn.out" || fail "data track: $(cat "$TMP/burn.out")"
rti 1 255
expect_eq "NWA after the data" "$RTI_NWA" "$n"
expect_eq "recorder's count: pregap and data" "$(medium_written)" $((150 + n))

# the lead-out address is not for writing
refused "past the lead-out" "$n" 16 6 05/21/00 0

# SYNCHRONIZE CACHE after the lead-out address closes the session and,
# multi-session 00b, the disc
sync_cache
rdi
expect_eq "disc status after SYNCHRONIZE CACHE (complete)" "$DISC_STATUS" 2
expect_eq "sessions" "$SESSIONS" 1
rti 1 1
expect_eq "track 1 start" "$RTI_START" 0
expect_eq "track 1 size" "$RTI_SIZE" "$n"

# READ TOC format 2 (the full TOC, as libburn reads a CD): A0, A1, A2 of
# session 1, then track 1's own descriptor at 00:02:00 (LBA 0); before,
# the drive's loop bounded itself by the size of a pointer and listed no
# track at all
mmc "READ TOC full" -r 1024 -o "$TMP/toc" -- 43 02 02 00 00 00 00 04 00 00
bytes "$TMP/toc"
expect_eq "full TOC: 4 descriptors of 11 bytes" $(((B[0] << 8 | B[1]) + 2)) $((4 + 4 * 11))
expect_eq "full TOC: first and last session" "${B[2]} ${B[3]}" "1 1"
expect_eq "full TOC: points" "${B[7]} ${B[18]} ${B[29]} ${B[40]}" "160 161 162 1"
expect_eq "full TOC: track 1 at 00:02:00" "${B[4 + 33 + 8]} ${B[4 + 33 + 9]} ${B[4 + 33 + 10]}" "0 2 0"

refused "after the disc is closed" "$n" 16 7 05/21/02 0
refused "after the disc is closed, at the pregap" -150 16 8 05/21/02 0

# the track, read through the CD-ROM layer
sr_readback 0 "$n" "$data"
expect_eq "$SR size" "$(blockdev --getsize64 "$SR")" $((n * BS))
mr_done
