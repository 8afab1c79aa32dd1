#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# we2burn on rewritable media (libwe2 1.8, we2_rw_ready()):
#  - a used CD-RW (one closed session) without a blank option: refused in
#    words (exit 1), no BLANK or WRITE sent, the disc as it was (closed,
#    its sectors read through sr);
#  - the same disc with the wodim line's blank=fast: BLANK type 1 with
#    IMMED (the recorder's CDB), the progress said, then burned session at
#    once and read back byte-exact through sr; --blank=all alone: BLANK
#    type 0, the disc blank after;
#  - a new DVD+RW: FORMAT UNIT (26h) sent once, burned from LBA 0, its
#    background format stopped (CLOSE function 0, status suspended), read
#    back; --toc says formatted; overwritten with another image: no FORMAT
#    UNIT, read back;
#  - a BD-RE formatted alone with --format=nospare (31h: READ CAPACITY the
#    whole disc) and burned, read back; a new BD-RE burned without an
#    option: formatted with spare areas (30h: the capacity less them),
#    read back.
. "$WE2_TOP/tests/mmcrec/cases/common.bash"
mr_setup cd-rw

burn() { "$BURN" "$@" > "$TMP/burn.out" 2>&1; }
said() { grep -q -- "$1" "$TMP/burn.out" || fail "$2: not said: $1: $(tr '\n' ' ' < "$TMP/burn.out")"; }
# last_lba: READ CAPACITY's last block
last_lba() {
	mmc "READ CAPACITY" -r 8 -o "$TMP/cap" -- 25 00 00 00 00 00 00 00 00 00
	bytes "$TMP/cap"
	be32 0
}

# readback LBA NR FILE: sr_readback's check in reads of 64 KiB (not one
# sector a read: thousands of commands under emulation)
readback() {
	local st
	echo 1 > "$(knob changed)"
	dd if="$SR" bs=64K iflag=direct,skip_bytes,count_bytes skip=$(($1 * BS)) \
		count=$(($2 * BS)) 2> "$TMP/dd.err" | cmp - "$3" > "$TMP/cmp.out" 2>&1
	st=("${PIPESTATUS[@]}")
	[ "${st[1]}" -eq 0 ] || fail "$SR at $1 (+$2) differs from $3: $(head -n 1 "$TMP/cmp.out")"
	[ "${st[0]}" -eq 0 ] || fail "read of $SR at $1 (+$2): $(tail -n 1 "$TMP/dd.err")"
	note "$2 sectors at $1 read back byte-exact through $SR (${SECONDS}s)"
}

ONE=2048 TWO=3000
head -c $((ONE * BS)) /dev/urandom > "$TMP/one"
head -c $((TWO * BS)) /dev/urandom > "$TMP/two"
head -c $((16 * BS)) /dev/zero > "$TMP/zeros"

# ---- CD-RW -------------------------------------------------------------
echo "cd-rw written" > "$(knob media)"
wait_ready
rdi
expect_eq "used CD-RW" "$DISC_STATUS" 2
trace_start
burn "$WE2" "$TMP/one" && fail "burned a used CD-RW without blanking it"
said "it is not blank: --blank=fast (or all) blanks it first" "used CD-RW"
expect_eq "BLANKs sent for a refusal" "$(trace_cdbs a1 | wc -l)" 0
expect_eq "sectors taken by a refusal" "$(medium_written)" 0
rdi
expect_eq "used CD-RW after the refusal" "$DISC_STATUS/$SESSIONS" 2/1
readback 0 16 "$TMP/zeros"

# the wodim line: blank=fast, then the burn
trace_start
"$BURN" -v dev="$WE2" blank=fast "$TMP/one" > "$TMP/burn.out" 2>&1 ||
	fail "blank=fast then burn: $(cat "$TMP/burn.out")"
trace_cdbs a1 > "$TMP/blank.cdbs"
expect_eq "BLANK CDBs" "$(wc -l < "$TMP/blank.cdbs")" 1
# IMMED (10h) | type 1 (minimal)
expect_eq "BLANK byte 1" "$(cut -d' ' -f2 "$TMP/blank.cdbs")" 11
said "blanking the disc" "blank=fast"
said "blanked CD-RW" "blank=fast"
said "verify ok" "blank=fast"
rdi
expect_eq "CD-RW burned" "$DISC_STATUS" 2
readback 0 $ONE "$TMP/one"

# --blank=all alone: the whole disc, blank after
trace_start
burn --blank=all "$WE2" || fail "--blank=all: $(cat "$TMP/burn.out")"
expect_eq "BLANK all byte 1" "$(trace_cdbs a1 | cut -d' ' -f2)" 10
said "blanking: 100%" "--blank=all"
rdi
expect_eq "CD-RW after --blank=all" "$DISC_STATUS" 0

# ---- DVD+RW ------------------------------------------------------------
fresh_disc dvd+rw
burn --toc "$WE2" || fail "--toc: $(cat "$TMP/burn.out")"
said "disc: DVD+RW, unformatted" "--toc of a new DVD+RW"
trace_start
burn "$WE2" "$TMP/one" || fail "new DVD+RW: $(cat "$TMP/burn.out")"
trace_cdbs '\(04\|5b\)' > "$TMP/dvd.cdbs"
expect_eq "FORMAT UNITs on a new DVD+RW" "$(grep -c '^04 ' "$TMP/dvd.cdbs")" 1
expect_eq "FORMAT UNIT FmtData, code 1" "$(grep '^04 ' "$TMP/dvd.cdbs" | cut -d' ' -f2)" 11
# CLOSE TRACK/SESSION function 0 (with IMMED): the background format stopped
expect_eq "CLOSEs: the stop only" "$(grep '^5b ' "$TMP/dvd.cdbs" | cut -d' ' -f2-3)" "01 00"
said "formatted DVD+RW" "new DVD+RW"
said "verify ok" "new DVD+RW"
rdi
expect_eq "background format status" $((B[7] & 3)) 1
readback 0 $ONE "$TMP/one"
burn --toc "$WE2" || fail "--toc: $(cat "$TMP/burn.out")"
said "disc: DVD+RW, formatted, sessions 1, tracks 1" "--toc of a formatted DVD+RW"

# overwritten: no format, from LBA 0
trace_start
burn "$WE2" "$TMP/two" || fail "DVD+RW overwrite: $(cat "$TMP/burn.out")"
expect_eq "FORMAT UNITs on a formatted DVD+RW" "$(trace_cdbs 04 | wc -l)" 0
said "verify ok" "DVD+RW overwrite"
readback 0 $TWO "$TMP/two"

# ---- BD-RE -------------------------------------------------------------
fresh_disc bd-re
trace_start
burn --format=nospare "$WE2" || fail "--format=nospare: $(cat "$TMP/burn.out")"
expect_eq "FORMAT UNITs for --format" "$(trace_cdbs 04 | wc -l)" 1
cap=$(sed -n 's/.*formatted BD-RE, \([0-9]*\) sectors.*/\1/p' "$TMP/burn.out")
[ -n "$cap" ] || fail "--format=nospare: no size said: $(cat "$TMP/burn.out")"
expect_eq "BD-RE without spare areas: READ CAPACITY" $(($(last_lba) + 1)) "$cap"
burn "$WE2" "$TMP/one" || fail "BD-RE burn: $(cat "$TMP/burn.out")"
said "verify ok" "BD-RE"
readback 0 $ONE "$TMP/one"

fresh_disc bd-re
trace_start
burn "$WE2" "$TMP/two" || fail "new BD-RE: $(cat "$TMP/burn.out")"
expect_eq "FORMAT UNITs on a new BD-RE" "$(trace_cdbs 04 | wc -l)" 1
size=$(sed -n 's/.*formatted BD-RE, \([0-9]*\) sectors.*/\1/p' "$TMP/burn.out")
expect_eq "BD-RE with spare areas: READ CAPACITY" $(($(last_lba) + 1)) "$size"
[ "$size" -lt "$cap" ] || fail "BD-RE formatted with spare areas: $size sectors of $cap"
said "verify ok" "new BD-RE"
readback 0 $TWO "$TMP/two"

mr_done
